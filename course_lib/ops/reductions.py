"""Reductions: sum, mean, max/min, norm, softmax, log_softmax.

The dual pairs: sum's backward is a broadcast (`expand`) of the gradient back to the
input's shape; max's backward sends the gradient to where the max was.
"""

from __future__ import annotations

import numpy as np

from course_lib.autograd.function import Function
from course_lib.ops import _either as E


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


def _kept_shape(shape, dims):
    """The shape a reduction has with keepdim=True (1 on every reduced axis)."""
    return tuple(1 if i in dims else n for i, n in enumerate(shape))


class Sum(Function):
    @staticmethod
    def forward(ctx, a, dim, keepdim):
        ctx.in_shape = a.shape
        ctx.dims = normalize_dims(dim, a.ndim)
        ctx.keepdim = keepdim
        ctx.full = dim is None
        return a.data.sum(axis=ctx.dims, keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad):
        # NOTE: this is expand (broadcast) in reverse
        if not ctx.keepdim:
            grad = grad.reshape(_kept_shape(ctx.in_shape, ctx.dims))
        return E.expand(grad, ctx.in_shape), None, None

    @staticmethod
    def jvp(ctx, ta, td, tk):
        return ta.sum(axis=ctx.dims, keepdims=ctx.keepdim)

    def name(self):
        return "SumBackward0" if self.full else "SumBackward1"


class Mean(Function):
    @staticmethod
    def forward(ctx, a, dim, keepdim):
        ctx.in_shape = a.shape
        ctx.dims = normalize_dims(dim, a.ndim)
        ctx.keepdim = keepdim
        ctx.full = dim is None
        ctx.count = int(np.prod([a.shape[d] for d in ctx.dims])) if a.ndim else 1
        return a.data.mean(axis=ctx.dims, keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad):
        if not ctx.keepdim:
            grad = grad.reshape(_kept_shape(ctx.in_shape, ctx.dims))
        return E.expand(grad / ctx.count, ctx.in_shape), None, None

    @staticmethod
    def jvp(ctx, ta, td, tk):
        return ta.mean(axis=ctx.dims, keepdims=ctx.keepdim)

    def name(self):
        return "MeanBackward0" if self.full else "MeanBackward1"


class _Extremum(Function):
    """Shared code of Max and Min (reduce with np.max / np.min)."""

    reduce = None

    @classmethod
    def forward(cls, ctx, a, dim, keepdim):
        x = a.data
        ctx.in_shape = a.shape
        ctx.full = dim is None
        ctx.keepdim = keepdim
        ctx.spread = dim is None or x.ndim == 0  # backward spreads over ties, not an index
        if ctx.spread:
            if dim is not None:
                normalize_dims(dim, 0)  # a 0-d tensor: only checks that dim is 0 or -1
            if x.size == 0:
                raise RuntimeError(
                    f"{cls.__name__.lower()}(): Expected reduction dim to be specified for "
                    "input.numel() == 0. Specify the reduction dim with the 'dim' argument."
                )
            out = cls.reduce(x)
            hits = x == out
            ctx.share = hits / hits.sum()  # ties share the gradient evenly
            return out
        (axis,) = normalize_dims(dim, x.ndim)
        ctx.axis = axis
        if x.shape[axis] == 0:
            raise IndexError(
                f"{cls.__name__.lower()}(): Expected reduction dim {dim} to have non-zero size. "
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
            grad = grad.reshape(grad.shape[: ctx.axis] + (1,) + grad.shape[ctx.axis :])
        chosen = np.zeros(ctx.in_shape, dtype=bool)
        np.put_along_axis(chosen, ctx.index, True, axis=ctx.axis)
        return grad * chosen, None, None

    @staticmethod
    def jvp(ctx, ta, td, tk):
        if ctx.spread:
            return (ta * ctx.share).sum()
        out = np.take_along_axis(ta, ctx.index, axis=ctx.axis)
        return out if ctx.keepdim else np.squeeze(out, ctx.axis)

    def name(self):
        base = type(self).__name__
        return f"{base}Backward1" if self.full else f"{base}Backward0"


class Max(_Extremum):
    reduce = staticmethod(np.max)


class Min(_Extremum):
    reduce = staticmethod(np.min)


class Norm(Function):
    """Euclidean norm ‖x‖ = sqrt(Σ x²); d‖x‖/dx = x / ‖x‖ (0 where ‖x‖ = 0)."""

    backward_name = "LinalgVectorNormBackward0"

    @staticmethod
    def forward(ctx, a, dim, keepdim):
        ctx.save_for_backward(a)
        ctx.dims = normalize_dims(dim, a.ndim)
        ctx.keepdim = keepdim
        ctx.in_shape = a.shape
        out = np.sqrt((a.data * a.data).sum(axis=ctx.dims, keepdims=keepdim))
        ctx.save_output(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        norm = ctx.saved_output
        if not ctx.keepdim:
            shape = _kept_shape(ctx.in_shape, ctx.dims)
            grad, norm = grad.reshape(shape), norm.reshape(shape)
        safe = norm + (E.data_of(norm) == 0)  # avoid 0/0: the gradient there is 0
        return grad * a / safe, None, None

    @staticmethod
    def jvp(ctx, ta, td, tk):
        (a,) = ctx.saved_tensors
        norm = ctx.saved_output
        safe = np.where(norm == 0, 1, norm)
        return (a * ta).sum(axis=ctx.dims, keepdims=ctx.keepdim) / safe


class Softmax(Function):
    """softmax along `dim`; backward: s * (g - Σ g s)."""

    @staticmethod
    def forward(ctx, a, dim):
        x = a.data
        if x.size == 0:  # nothing to normalise (x.max would have no identity)
            ctx.dim = dim
            ctx.save_output(x.copy())
            return x.copy()
        shifted = np.exp(x - x.max(axis=dim, keepdims=True))
        out = shifted / shifted.sum(axis=dim, keepdims=True)
        ctx.dim = dim
        ctx.save_output(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        s = ctx.saved_output
        return s * (grad - (grad * s).sum(axis=ctx.dim, keepdims=True)), None

    @staticmethod
    def jvp(ctx, ta, td):
        s = ctx.saved_output
        return s * (ta - (ta * s).sum(axis=ctx.dim, keepdims=True))


class LogSoftmax(Function):
    """log softmax along `dim`; backward: g - softmax * Σ g."""

    @staticmethod
    def forward(ctx, a, dim):
        x = a.data
        if x.size == 0:  # nothing to normalise (x.max would have no identity)
            ctx.dim = dim
            ctx.save_output(x.copy())
            return x.copy()
        shifted = x - x.max(axis=dim, keepdims=True)
        out = shifted - np.log(np.exp(shifted).sum(axis=dim, keepdims=True))
        ctx.dim = dim
        ctx.save_output(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        softmax = E.exp(ctx.saved_output)
        return grad - softmax * grad.sum(axis=ctx.dim, keepdims=True), None

    @staticmethod
    def jvp(ctx, ta, td):
        softmax = np.exp(ctx.saved_output)
        return ta - (softmax * ta).sum(axis=ctx.dim, keepdims=True)
