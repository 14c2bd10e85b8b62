"""`unbroadcast`: the one helper every binary op's backward uses.

Forward broadcasting copies a value along new or length-1 axes, so backward must add
the gradient back up along those axes (sum is the dual of broadcast).
"""

from __future__ import annotations


def unbroadcast(grad, shape: tuple):
    """Sum the Tensor `grad` down to `shape`, undoing numpy broadcasting."""
    if grad.data.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    axes = tuple(range(extra)) + tuple(
        extra + i for i, n in enumerate(shape) if n == 1 and grad.data.shape[extra + i] != 1
    )
    if axes:
        grad = grad.sum(axes)
    return grad.reshape(shape)
