"""Reductions: sum, mean, var/std, prod, max/min, amax/amin, norm, logsumexp, softmax,
log_softmax, and the scan cumsum.

The dual pairs: a reduction's backward first puts the reduced axes back (size 1) and
then broadcasts (`expand`) the gradient over them — expand is sum in reverse; max's
backward sends the gradient to where the max was.
"""

from __future__ import annotations

import numpy as np

from course_lib.autograd.function import Function
from course_lib.tensor import Tensor


def normalize_dims(dim, ndim: int):
    """dim=None -> all axes; int or tuple -> a sorted tuple of non-negative axes."""
    if dim is None:
        return tuple(range(ndim))
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    out = []
    for d in dims:
        if not -max(ndim, 1) <= d < max(ndim, 1):
            raise IndexError(
                f"Dimension out of range (expected to be in range of [{-max(ndim, 1)}, "
                f"{max(ndim, 1) - 1}], but got {d})"
            )
        if ndim:  # a 0-d tensor accepts dim 0 or -1 (as in PyTorch) and reduces nothing
            out.append(d % ndim)
    return tuple(sorted(set(out)))


def _reduce_over(ctx, a, dim, keepdim):
    """Record what every reduction's backward needs: the input's shape, the axes, keepdim."""
    ctx.input_shape = a.data.shape
    ctx.dims = normalize_dims(dim, a.ndim)
    ctx.keepdim = keepdim
    return ctx.dims


def _count(shape, dims) -> int:
    """How many elements each output element of a reduction over `dims` summarizes."""
    return int(np.prod([shape[d] for d in dims], dtype=np.int64))


def _unreduce(grad, ctx):
    """The gradient with the reduced axes put back as size 1 (what keepdim=True gives)."""
    if ctx.keepdim:
        return grad
    return grad.reshape(tuple(1 if i in ctx.dims else n for i, n in enumerate(ctx.input_shape)))


class Sum(Function):
    """SumBackward0 (all elements) or SumBackward1 (over dims)."""

    @staticmethod
    def forward(ctx, a, dim, keepdim):
        dims = _reduce_over(ctx, a, dim, keepdim)
        ctx.backward_name = "SumBackward0" if dim is None else "SumBackward1"
        return a.data.sum(axis=dims, keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad):
        # NOTE: this is expand (broadcast) in reverse
        return _unreduce(grad, ctx).expand(ctx.input_shape), None, None

    @staticmethod
    def jvp(ctx, ta, td, tk):
        return ta.sum(ctx.dims, ctx.keepdim)


class Mean(Function):
    """MeanBackward0 (all elements) or MeanBackward1 (over dims)."""

    @staticmethod
    def forward(ctx, a, dim, keepdim):
        dims = _reduce_over(ctx, a, dim, keepdim)
        ctx.backward_name = "MeanBackward0" if dim is None else "MeanBackward1"
        ctx.count = _count(a.shape, dims)
        return a.data.mean(axis=dims, keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad):
        return (_unreduce(grad, ctx) / ctx.count).expand(ctx.input_shape), None, None

    @staticmethod
    def jvp(ctx, ta, td, tk):
        return ta.mean(ctx.dims, ctx.keepdim)


class Var(Function):
    """var = Σ(x - mean)² / (N - correction); d var/dx = 2 (x - mean) / (N - correction)."""

    @staticmethod
    def forward(ctx, a, dim, correction, keepdim):
        dims = _reduce_over(ctx, a, dim, keepdim)
        ctx.divisor = _count(a.shape, dims) - correction
        ctx.save_for_backward(a)
        centered = a.data - a.data.mean(axis=dims, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):  # N <= correction: inf/nan, as torch
            return (centered * centered).sum(axis=dims, keepdims=keepdim) / max(ctx.divisor, 0)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        centered = a - a.mean(ctx.dims, keepdim=True)
        return _unreduce(grad, ctx) * 2 * centered / ctx.divisor, None, None, None

    @staticmethod
    def jvp(ctx, ta, td, tc, tk):
        (a,) = ctx.saved_tensors
        centered = a - a.mean(ctx.dims, keepdim=True)
        return (2 * centered * ta).sum(ctx.dims, ctx.keepdim) / ctx.divisor


class Std(Function):
    """std = √var; d std/dx = (x - mean) / ((N - correction) · std)."""

    @staticmethod
    def forward(ctx, a, dim, correction, keepdim):
        out = np.sqrt(Var.forward(ctx, a, dim, correction, keepdim))
        ctx.save_output(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        centered = a - a.mean(ctx.dims, keepdim=True)
        std = _unreduce(ctx.saved_output, ctx)
        return _unreduce(grad, ctx) * centered / (ctx.divisor * std), None, None, None

    @staticmethod
    def jvp(ctx, ta, td, tc, tk):
        (a,) = ctx.saved_tensors
        centered = a - a.mean(ctx.dims, keepdim=True)
        return (centered * ta).sum(ctx.dims, ctx.keepdim) / (ctx.divisor * ctx.saved_output)


class Prod(Function):
    """ProdBackward0 (all elements) or ProdBackward1 (over a dim): d(∏x)/dx_i is the product
    of the other elements — ∏x / x_i when no x is 0, else computed without dividing."""

    @staticmethod
    def forward(ctx, a, dim, keepdim):
        if dim is not None and not isinstance(dim, int):
            raise TypeError(f"prod(): dim must be one int (or None for all), got {dim!r}")
        dims = _reduce_over(ctx, a, dim, keepdim)
        ctx.backward_name = "ProdBackward0" if dim is None else "ProdBackward1"
        ctx.save_for_backward(a)
        out = a.data.prod(axis=dims, keepdims=keepdim)
        ctx.save_output(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        return _unreduce(grad, ctx) * _product_of_the_others(ctx), None, None

    @staticmethod
    def jvp(ctx, ta, td, tk):
        return (_product_of_the_others(ctx) * ta).sum(ctx.dims, ctx.keepdim)


def _product_of_the_others(ctx):
    """For each x_i: the product of the elements reduced together with it, except x_i."""
    (a,) = ctx.saved_tensors
    if not np.any(a.data == 0):
        return _unreduce(ctx.saved_output, ctx) / a  # ∏x / x_i
    if len(ctx.dims) != 1:  # every element: do it on the flattened tensor
        return _others_along_last(a.reshape(-1)).reshape(ctx.input_shape)
    d = ctx.dims[0]
    return _others_along_last(a.transpose(d, -1)).transpose(d, -1)


def _others_along_last(x):
    """Row i of an n×n stack is x with x_i replaced by 1; its product is ∏_{j≠i} x_j."""
    n = x.shape[-1]
    eye = Tensor._make(np.eye(n, dtype=x.dtype))
    return (x.unsqueeze(-2) * (1 - eye) + eye).prod(-1)


class _Extremum(Function):
    """Shared code of Max and Min: over all elements (MaxBackward1, ties share the gradient)
    or along one dim (MaxBackward0, the gradient goes to the index returned)."""

    reduce = None

    @classmethod
    def forward(cls, ctx, a, dim, keepdim):
        x = a.data
        name = cls.__name__
        ctx.input_shape, ctx.keepdim = a.data.shape, keepdim
        ctx.spread = dim is None or x.ndim == 0  # backward spreads over ties, not an index
        ctx.backward_name = f"{name}Backward1" if dim is None else f"{name}Backward0"
        if ctx.spread:
            if dim is not None:
                normalize_dims(dim, 0)  # a 0-d tensor: only checks that dim is 0 or -1
            if x.size == 0:
                raise RuntimeError(
                    f"{name.lower()}(): Expected reduction dim to be specified for "
                    "input.numel() == 0. Specify the reduction dim with the 'dim' argument."
                )
            out = cls.reduce(x)
            hits = x == out
            ctx.share = Tensor._make((hits / hits.sum()).astype(x.dtype))  # ties share evenly
            return out
        (axis,) = normalize_dims(dim, x.ndim)
        ctx.axis = axis
        if x.shape[axis] == 0:
            raise IndexError(
                f"{name.lower()}(): Expected reduction dim {dim} to have non-zero size. "
                "Reduce over a dimension that has elements."
            )
        index = (np.argmax if cls.reduce is np.max else np.argmin)(x, axis=axis)
        ctx.index = np.expand_dims(index, axis)
        out = np.take_along_axis(x, ctx.index, axis=axis)
        return out if keepdim else np.squeeze(out, axis)

    @staticmethod
    def backward(ctx, grad):
        if ctx.spread:
            return grad * ctx.share, None, None
        if not ctx.keepdim:
            grad = grad.unsqueeze(ctx.axis)
        chosen = np.zeros(ctx.input_shape, dtype=bool)
        np.put_along_axis(chosen, ctx.index, True, axis=ctx.axis)
        return grad * Tensor._make(chosen), None, None

    @staticmethod
    def jvp(ctx, ta, td, tk):
        if ctx.spread:
            return (ta * ctx.share).sum()
        out = ta.gather(ctx.axis, ctx.index)
        return out if ctx.keepdim else out.squeeze(ctx.axis)


class Max(_Extremum):
    """MaxBackward1 (x.max()) or MaxBackward0 (x.max(dim))."""

    reduce = staticmethod(np.max)


class Min(_Extremum):
    """MinBackward1 (x.min()) or MinBackward0 (x.min(dim))."""

    reduce = staticmethod(np.min)


class _Extreme(Function):
    """Shared code of Amax and Amin (over any dims): tied elements share the gradient
    evenly, as in PyTorch."""

    reduce = None

    @classmethod
    def forward(cls, ctx, a, dim, keepdim):
        x = a.data
        dims = _reduce_over(ctx, a, None if dim == () else dim, keepdim)
        if any(x.shape[d] == 0 for d in dims) or (x.size == 0 and not dims):
            raise IndexError(
                f"{cls.__name__.lower()}(): Expected reduction dim to have non-zero size "
                f"(input shape {tuple(x.shape)}). Reduce over dimensions that have elements."
            )
        out = cls.reduce(x, axis=dims, keepdims=True)
        hits = x == out
        ctx.share = Tensor._make((hits / hits.sum(axis=dims, keepdims=True)).astype(x.dtype))
        return out if keepdim else np.squeeze(out, dims)

    @staticmethod
    def backward(ctx, grad):
        return _unreduce(grad, ctx) * ctx.share, None, None

    @staticmethod
    def jvp(ctx, ta, td, tk):
        return (ta * ctx.share).sum(ctx.dims, ctx.keepdim)


class Amax(_Extreme):
    reduce = staticmethod(np.max)


class Amin(_Extreme):
    reduce = staticmethod(np.min)


class Norm(Function):
    """LinalgVectorNormBackward0: ‖x‖ = √(Σ x²); d‖x‖/dx = x / ‖x‖ (0 where ‖x‖ = 0)."""

    backward_name = "LinalgVectorNormBackward0"

    @staticmethod
    def forward(ctx, a, dim, keepdim):
        dims = _reduce_over(ctx, a, dim, keepdim)
        ctx.save_for_backward(a)
        out = np.sqrt((a.data * a.data).sum(axis=dims, keepdims=keepdim))
        ctx.save_output(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        norm = _unreduce(ctx.saved_output, ctx)
        return _unreduce(grad, ctx) * a / _nonzero(norm), None, None

    @staticmethod
    def jvp(ctx, ta, td, tk):
        (a,) = ctx.saved_tensors
        return (a * ta).sum(ctx.dims, ctx.keepdim) / _nonzero(ctx.saved_output)


def _nonzero(norm):
    """The norm with 0 replaced by 1: x / ‖x‖ is then 0 at x = 0 (PyTorch's subgradient)."""
    return norm + (norm == 0)


class LogSumExp(Function):
    """LogsumexpBackward0: log Σ eˣ = m + log Σ e^(x-m) with m = max x (no overflow);
    its gradient is softmax: e^(x - out)."""

    backward_name = "LogsumexpBackward0"

    @staticmethod
    def forward(ctx, a, dim, keepdim):
        x = a.data
        dims = _reduce_over(ctx, a, dim, keepdim)
        m = np.max(x, axis=dims, keepdims=True, initial=-np.inf)
        m = np.where(np.isfinite(m), m, 0)  # all -inf (or empty): shift by 0
        with np.errstate(divide="ignore"):  # log 0 = -inf for an empty or all -inf row
            out = np.log(np.exp(x - m).sum(axis=dims, keepdims=True)) + m
        out = (out if keepdim else np.squeeze(out, dims)).astype(x.dtype, copy=False)
        ctx.save_for_backward(a)
        ctx.save_output(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        softmax = (a - _unreduce(ctx.saved_output, ctx)).exp()
        return _unreduce(grad, ctx) * softmax, None, None

    @staticmethod
    def jvp(ctx, ta, td, tk):
        (a,) = ctx.saved_tensors
        softmax = (a - _unreduce(ctx.saved_output, ctx)).exp()
        return (softmax * ta).sum(ctx.dims, ctx.keepdim)


class Softmax(Function):
    """softmax along `dim`; backward: s * (g - Σ g s)."""

    @staticmethod
    def forward(ctx, a, dim):
        x = a.data
        ctx.dim = dim
        if x.size == 0:  # nothing to normalise (x.max would have no identity)
            out = x.copy()
        else:
            shifted = np.exp(x - x.max(axis=dim, keepdims=True))
            out = shifted / shifted.sum(axis=dim, keepdims=True)
        ctx.save_output(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        s = ctx.saved_output
        return s * (grad - (grad * s).sum(ctx.dim, keepdim=True)), None

    @staticmethod
    def jvp(ctx, ta, td):
        s = ctx.saved_output
        return s * (ta - (ta * s).sum(ctx.dim, keepdim=True))


class LogSoftmax(Function):
    """log softmax along `dim`; backward: g - softmax * Σ g."""

    @staticmethod
    def forward(ctx, a, dim):
        x = a.data
        ctx.dim = dim
        if x.size == 0:  # nothing to normalise (x.max would have no identity)
            out = x.copy()
        else:
            shifted = x - x.max(axis=dim, keepdims=True)
            out = shifted - np.log(np.exp(shifted).sum(axis=dim, keepdims=True))
        ctx.save_output(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        softmax = ctx.saved_output.exp()
        return grad - softmax * grad.sum(ctx.dim, keepdim=True), None

    @staticmethod
    def jvp(ctx, ta, td):
        softmax = ctx.saved_output.exp()
        return ta - (softmax * ta).sum(ctx.dim, keepdim=True)


class Cumsum(Function):
    """Running sum along `dim`: out_i = Σ_{j<=i} x_j, so dL/dx_j = Σ_{i>=j} grad_i — the
    running sum taken from the other end (flip, cumsum, flip back)."""

    @staticmethod
    def forward(ctx, a, dim):
        x = a.data
        if x.ndim == 0:
            normalize_dims(dim, 0)  # a 0-d tensor: dim must be 0 or -1
            ctx.flip = None
            return x.copy()
        (ctx.dim,) = normalize_dims(dim, x.ndim)
        ctx.flip = (slice(None),) * ctx.dim + (slice(None, None, -1),)
        return np.cumsum(x, axis=ctx.dim)

    @staticmethod
    def backward(ctx, grad):
        if ctx.flip is None:
            return grad, None
        return grad[ctx.flip].cumsum(ctx.dim)[ctx.flip], None

    @staticmethod
    def jvp(ctx, ta, td):
        return ta if ctx.flip is None else ta.cumsum(ctx.dim)
