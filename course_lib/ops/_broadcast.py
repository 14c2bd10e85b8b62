"""`unbroadcast`: the one helper every binary op's backward uses.

Forward broadcasting copies a value along new or length-1 axes, so backward must add
the gradient back up along those axes (sum is the dual of broadcast).
"""

from __future__ import annotations


def unbroadcast(grad, shape: tuple):
    """Sum `grad` (array or Tensor) down to `shape`, undoing numpy broadcasting."""
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    axes = tuple(range(extra)) + tuple(
        extra + i for i, n in enumerate(shape) if n == 1 and grad.shape[extra + i] != 1
    )
    if axes:
        grad = grad.sum(axis=axes)
    return grad.reshape(shape)


def broadcast_error(shapes) -> RuntimeError:
    """PyTorch's error for operands whose shapes do not broadcast, naming the sizes and dim."""
    shapes = [tuple(s) for s in shapes]
    ndim = max(len(s) for s in shapes)
    padded = [(1,) * (ndim - len(s)) + s for s in shapes]
    for d in reversed(range(ndim)):
        sizes = [s[d] for s in padded]
        seen = [n for n in sizes if n != 1]
        if len(set(seen)) > 1:
            i = next(k for k, n in enumerate(sizes) if n != 1)
            j = next(k for k, n in enumerate(sizes) if n != 1 and n != sizes[i])
            names = "abcdefgh"
            return RuntimeError(
                f"The size of tensor {names[i]} ({sizes[i]}) must match the size of tensor "
                f"{names[j]} ({sizes[j]}) at non-singleton dimension {d}. Shapes: "
                f"{' and '.join(str(s) for s in shapes)}; reshape or unsqueeze one so that "
                "every dimension is equal or 1."
            )
    return RuntimeError(f"shapes {shapes} cannot be broadcast together")
