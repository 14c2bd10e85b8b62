"""Shape ops: reshape/view, transpose/permute, (un)squeeze, expand, indexing, gather, cat,
stack.

They move numbers around without changing them, so each backward moves the gradient
back: reshape <-> reshape, transpose <-> transpose, expand <-> sum, index and gather <->
scatter-add, cat <-> split, stack <-> unstack.
"""

from __future__ import annotations

import numpy as np

from course_lib.autograd.function import Function
from course_lib.ops._broadcast import unbroadcast
from course_lib.ops.reductions import normalize_dims


class _Reshaping(Function):
    """Shared backward of the ops that only change a shape (reshape, unsqueeze, squeeze):
    forward records `ctx.input_shape`; the gradient is reshaped back (reshape is its own
    dual)."""

    output_is_view = True

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.input_shape), None

    @staticmethod
    def jvp(ctx, ta, targ):
        return ta.reshape(ctx.output_shape)


class Reshape(_Reshaping):
    """ViewBackward0 (PyTorch's name for reshape and view)."""

    backward_name = "ViewBackward0"

    @staticmethod
    def forward(ctx, a, shape):
        ctx.input_shape = a.data.shape
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
        return grad.permute(tuple(np.argsort(ctx.axes))), None  # the inverse permutation

    @staticmethod
    def jvp(ctx, ta, tx):
        return ta.permute(ctx.axes)


class T(Permute):
    """TBackward0: x.t(), the transpose of a matrix; a 0-d or 1-D tensor comes back as
    itself (a view)."""

    backward_name = "TBackward0"


class Transpose(Function):
    output_is_view = True

    @staticmethod
    def forward(ctx, a, dim0, dim1):
        ctx.dims = dim0, dim1
        return a.data.swapaxes(dim0, dim1)

    @staticmethod
    def backward(ctx, grad):
        return grad.transpose(*ctx.dims), None, None  # NOTE: a swap is its own inverse

    @staticmethod
    def jvp(ctx, ta, t0, t1):
        return ta.transpose(*ctx.dims)


class Unsqueeze(_Reshaping):
    @staticmethod
    def forward(ctx, a, dim):
        ctx.input_shape = a.data.shape
        return np.expand_dims(a.data, dim)


class Squeeze(_Reshaping):
    """SqueezeBackward0 (every size-1 axis) or SqueezeBackward1 (one dim)."""

    @staticmethod
    def forward(ctx, a, dim):
        ctx.input_shape = a.data.shape
        x = a.data
        if dim is None:
            ctx.backward_name = "SqueezeBackward0"
            return x.squeeze()
        ctx.backward_name = "SqueezeBackward1"
        dim = dim % max(x.ndim, 1)
        return x.squeeze(dim) if x.ndim and x.shape[dim] == 1 else x


class Expand(Function):
    @staticmethod
    def forward(ctx, a, shape):
        ctx.input_shape = a.data.shape
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
        return unbroadcast(grad, ctx.input_shape), None

    @staticmethod
    def jvp(ctx, ta, ts):
        return ta.expand(ctx.output_shape)


def _is_basic(key) -> bool:
    """True for keys made only of ints, slices, None and Ellipsis (numpy basic indexing)."""
    parts = key if isinstance(key, tuple) else (key,)
    return all(
        isinstance(k, (int, np.integer, slice)) or k is None or k is Ellipsis for k in parts
    ) and not any(isinstance(k, bool) for k in parts)


class Index(Function):
    """SelectBackward0 (x[1]), SliceBackward0 (x[1:]) or IndexBackward0 (x[[0, 0]], x[mask]):
    x[key] for basic keys (ints, slices) and for integer-array or boolean keys."""

    @staticmethod
    def forward(ctx, a, key):
        ctx.input_shape = a.data.shape
        ctx.key = key
        ctx.output_is_view = _is_basic(key)
        ctx.backward_name = _index_name(key)
        return a.data[key]

    @staticmethod
    def backward(ctx, grad):
        # NOTE: indexing in reverse is scatter-add (a repeated index gets every gradient)
        return ScatterAdd.apply(grad, ctx.input_shape, ctx.key), None

    @staticmethod
    def jvp(ctx, ta, tk):
        return ta[ctx.key]


def _index_name(key) -> str:
    parts = key if isinstance(key, tuple) else (key,)
    if not _is_basic(key):
        return "IndexBackward0"
    if all(isinstance(k, (int, np.integer)) for k in parts):
        return "SelectBackward0"
    return "SliceBackward0"


class Gather(Function):
    """x.gather(dim, index): out[i][j] = x[index[i][j]][j] for dim=0 (and so on)."""

    @staticmethod
    def forward(ctx, a, dim, index):
        x, index = a.data, np.asarray(index)
        if index.ndim != x.ndim or not np.issubdtype(index.dtype, np.integer):
            raise RuntimeError(
                f"gather(): index must be an integer tensor with as many dimensions as the "
                f"input ({x.ndim}), got {index.dtype} with shape {tuple(index.shape)}."
            )
        (axis,) = normalize_dims(dim, x.ndim) or (0,)  # (a 0-d input: dim 0 or -1)
        for d, (n, m) in enumerate(zip(x.shape, index.shape)):
            if d != axis and m > n:
                raise RuntimeError(
                    f"Size does not match at dimension {d} expected index {list(index.shape)} "
                    f"to be smaller than self {list(x.shape)} apart from dimension {axis}"
                )
        key = list(np.indices(index.shape, sparse=True)) if x.ndim else []
        if x.ndim:
            key[axis] = index
        ctx.key, ctx.input_shape = tuple(key), x.shape
        return x[ctx.key] if x.ndim else x.copy()

    @staticmethod
    def backward(ctx, grad):
        # NOTE: gather in reverse is scatter-add (an index used twice gets both gradients)
        return ScatterAdd.apply(grad, ctx.input_shape, ctx.key), None, None

    @staticmethod
    def jvp(ctx, ta, td, ti):
        return ta[ctx.key] if ctx.key else ta


class ScatterAdd(Function):
    """ScatterAddBackward0: zeros of `shape` with `grad` added in at `key` — the dual of
    indexing, and what differentiating Index's backward records."""

    @staticmethod
    def forward(ctx, grad, shape, key):
        ctx.key = key
        out = np.zeros(shape, dtype=grad.data.dtype)
        if _is_basic(key):
            out[key] = grad.data  # a basic key names each element once: = is +=
        else:
            np.add.at(out, key, grad.data)
        return out

    @staticmethod
    def backward(ctx, grad):
        # NOTE: scatter-add in reverse is indexing
        return grad[ctx.key], None, None

    @staticmethod
    def jvp(ctx, tg, ts, tk):
        return ScatterAdd.apply(tg, ctx.output_shape, ctx.key)


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
        return Cat.apply(ctx.dim, *tangents)


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
        return Stack.apply(ctx.dim, *tangents)
