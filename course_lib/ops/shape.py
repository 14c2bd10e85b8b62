"""Shape ops: reshape/view, transpose/permute, (un)squeeze, expand, indexing, cat, stack.

They move numbers around without changing them, so each backward moves the gradient
back: reshape <-> reshape, transpose <-> transpose, expand <-> sum, index <-> scatter-add,
cat <-> split, stack <-> unstack.
"""

from __future__ import annotations

import numpy as np

from course_lib.autograd.function import Function
from course_lib.ops._broadcast import unbroadcast


class _Reshaping(Function):
    """Shared backward of the ops that only change a shape (reshape, unsqueeze, squeeze):
    forward records `ctx.in_shape`; the gradient is reshaped back (reshape is its own dual)."""

    output_is_view = True

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.in_shape), None

    @staticmethod
    def jvp(ctx, ta, targ):
        return ta.reshape(ctx.out_shape)


class Reshape(_Reshaping):
    backward_name = "ViewBackward0"

    @staticmethod
    def forward(ctx, a, shape):
        ctx.in_shape = a.shape
        try:
            out = a.data.reshape(shape)
        except ValueError:
            raise RuntimeError(
                f"shape '{list(shape)}' is invalid for input of size {a.data.size}: the new "
                f"shape must have as many elements as the old one {tuple(a.shape)}."
            ) from None
        # a reshape that had to copy (e.g. after a transpose) is not a view: its own version
        ctx.output_is_view = out.size == 0 or np.may_share_memory(out, a.data)
        return out


class Permute(Function):
    output_is_view = True

    @staticmethod
    def forward(ctx, a, axes):
        ctx.axes = tuple(axes)
        return a.data.transpose(ctx.axes)

    @staticmethod
    def backward(ctx, grad):
        inverse = tuple(np.argsort(ctx.axes))
        return grad.permute(inverse) if hasattr(grad, "permute") else grad.transpose(inverse), None

    @staticmethod
    def jvp(ctx, ta, tx):
        return ta.transpose(ctx.axes)


class T(Permute):
    """x.t(): transpose of a matrix; a 0-d or 1-D tensor comes back as itself (a view)."""

    backward_name = "TBackward0"


class Transpose(Function):
    output_is_view = True

    @staticmethod
    def forward(ctx, a, dim0, dim1):
        ctx.dims = dim0, dim1
        return a.data.swapaxes(dim0, dim1)

    @staticmethod
    def backward(ctx, grad):
        # NOTE: swapping two axes is its own inverse
        d0, d1 = ctx.dims
        return (grad.transpose(d0, d1) if hasattr(grad, "permute") else grad.swapaxes(d0, d1),
                None, None)

    @staticmethod
    def jvp(ctx, ta, t0, t1):
        return ta.swapaxes(*ctx.dims)


class Unsqueeze(_Reshaping):
    @staticmethod
    def forward(ctx, a, dim):
        ctx.in_shape = a.shape
        return np.expand_dims(a.data, dim)


class Squeeze(_Reshaping):
    @staticmethod
    def forward(ctx, a, dim):
        ctx.in_shape = a.shape
        ctx.all_dims = dim is None
        x = a.data
        if dim is None:
            return x.squeeze()
        dim = dim % max(x.ndim, 1)
        return x.squeeze(dim) if x.ndim and x.shape[dim] == 1 else x

    def name(self):
        return "SqueezeBackward0" if self.all_dims else "SqueezeBackward1"


class Expand(Function):
    @staticmethod
    def forward(ctx, a, shape):
        ctx.in_shape = a.shape
        offset = len(shape) - a.ndim
        if offset < 0:
            raise RuntimeError(
                f"expand(size={list(shape)}): the number of sizes provided ({len(shape)}) must be "
                f"greater or equal to the number of dimensions in the tensor ({a.ndim})."
            )
        for d, n in enumerate(a.shape):
            if n != 1 and shape[offset + d] != n:
                target = shape[offset + d]
                raise RuntimeError(
                    f"The expanded size of the tensor ({target}) must match the existing size "
                    f"({n}) at non-singleton dimension {offset + d}. Target sizes: {list(shape)}. "
                    f"Tensor sizes: {list(a.shape)}. Only dimensions of size 1 can be expanded."
                )
        return np.broadcast_to(a.data, shape)

    @staticmethod
    def backward(ctx, grad):
        # NOTE: this is sum in reverse
        return unbroadcast(grad, ctx.in_shape), None

    @staticmethod
    def jvp(ctx, ta, ts):
        return np.broadcast_to(ta, ctx.out_shape)


def _is_basic(key) -> bool:
    """True for keys made only of ints, slices, None and Ellipsis (numpy basic indexing)."""
    parts = key if isinstance(key, tuple) else (key,)
    return all(
        isinstance(k, (int, np.integer, slice)) or k is None or k is Ellipsis for k in parts
    ) and not any(isinstance(k, bool) for k in parts)


class Index(Function):
    """x[key] for basic (slices, ints) and integer-array/boolean keys."""

    @staticmethod
    def forward(ctx, a, key):
        ctx.in_shape = a.shape
        ctx.key = key
        ctx.basic = _is_basic(key)
        ctx.output_is_view = ctx.basic
        return a.data[key]

    @staticmethod
    def backward(ctx, grad):
        # NOTE: indexing in reverse is scatter-add (a repeated index gets every gradient)
        if hasattr(grad, "requires_grad"):
            return IndexBackward.apply(grad, ctx.in_shape, ctx.key, ctx.basic), None
        return scatter_add(grad, ctx.in_shape, ctx.key, ctx.basic), None

    @staticmethod
    def jvp(ctx, ta, tk):
        return ta[ctx.key]

    def name(self):
        parts = self.key if isinstance(self.key, tuple) else (self.key,)
        if not self.basic:
            return "IndexBackward0"
        if all(isinstance(k, (int, np.integer)) for k in parts):
            return "SelectBackward0"
        return "SliceBackward0"


def scatter_add(grad, shape, key, basic):
    out = np.zeros(shape, dtype=grad.dtype)
    if basic:
        out[key] = grad
    else:
        np.add.at(out, key, grad)
    return out


class IndexBackward(Function):
    """Scatter-add of a gradient into zeros (used when differentiating Index's backward)."""

    @staticmethod
    def forward(ctx, g, shape, key, basic):
        ctx.key = key
        return scatter_add(g.data, shape, key, basic)

    @staticmethod
    def backward(ctx, grad):
        return grad[ctx.key], None, None, None

    @staticmethod
    def jvp(ctx, tg, ts, tk, tb):
        return scatter_add(tg, ctx.out_shape, ctx.key, False)


class Cat(Function):
    """cat(tensors, dim): backward splits the gradient into the pieces' slices."""

    @staticmethod
    def forward(ctx, dim, *tensors):
        arrays = [t.data for t in tensors]
        for i, a in enumerate(arrays):
            if a.ndim == 0:
                raise RuntimeError(
                    f"zero-dimensional tensor (at position {i}) cannot be concatenated; "
                    "use stack() to join 0-d tensors, or unsqueeze(0) them first."
                )
        axis = dim % arrays[0].ndim if -arrays[0].ndim <= dim < arrays[0].ndim else dim
        for i, a in enumerate(arrays[1:], start=1):
            for d, (n0, n) in enumerate(zip(arrays[0].shape, a.shape)):
                if d != axis and n0 != n and a.ndim == arrays[0].ndim:
                    raise RuntimeError(
                        f"Sizes of tensors must match except in dimension {axis}. Expected size "
                        f"{n0} but got size {n} for tensor number {i} in the list."
                    )
        ctx.dim = dim
        ctx.sizes = [a.shape[dim] for a in arrays]
        ctx.ndim = arrays[0].ndim
        return np.concatenate(arrays, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        grads, start = [None], 0
        dim = ctx.dim % ctx.ndim
        for size in ctx.sizes:
            key = (slice(None),) * dim + (slice(start, start + size),)
            grads.append(grad[key])
            start += size
        return tuple(grads)

    @staticmethod
    def jvp(ctx, td, *tangents):
        return np.concatenate(tangents, axis=ctx.dim)


class Stack(Function):
    """stack(tensors, dim): backward takes each slice of the gradient back out."""

    @staticmethod
    def forward(ctx, dim, *tensors):
        ctx.dim = dim
        ctx.count = len(tensors)
        ctx.ndim = tensors[0].ndim + 1
        return np.stack([t.data for t in tensors], axis=dim)

    @staticmethod
    def backward(ctx, grad):
        dim = ctx.dim % ctx.ndim
        return (None,) + tuple(grad[(slice(None),) * dim + (i,)] for i in range(ctx.count))

    @staticmethod
    def jvp(ctx, td, *tangents):
        return np.stack(tangents, axis=ctx.dim)
