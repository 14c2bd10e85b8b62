"""Forward-mode AD: dual numbers x + ε·ẋ (ε² = 0) carried through the same ops.

A dual tensor is a Tensor with a tangent ẋ. Inside `dual_level()`, every op computes
its output's tangent with its `jvp` rule (written next to its forward and backward in
`course_lib.ops`), so the derivative travels *with* the computation, in the same
order: forward accumulation. Nothing is stored for later, so memory stays O(1) in the
length of the computation — but one pass gives only one directional derivative J·ẋ.

    with dual_level():
        x = make_dual(cl.tensor(2.0), cl.tensor(1.0))   # x = 2 + 1ε
        y = x * x + x.sin()
        value, dy = unpack_dual(y)                       # dy = 2x + cos x at 2

The API follows torch.autograd.forward_ad.
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np

from course_lib.autograd.function import ForwardADState
from course_lib.tensor import Tensor, _to_array

UnpackedDual = namedtuple("UnpackedDual", ["primal", "tangent"])


class dual_level:  # noqa: N801 - PyTorch's name
    """Context in which dual tensors propagate tangents (forward mode is on)."""

    def __enter__(self):
        ForwardADState.level += 1
        return ForwardADState.level

    def __exit__(self, *exc):
        ForwardADState.level -= 1
        return False


def make_dual(primal, tangent) -> Tensor:
    """A tensor with value `primal` and tangent `tangent` (same shape): primal + ε·tangent."""
    if ForwardADState.level == 0:
        raise RuntimeError(
            "make_dual must be called inside a `with dual_level():` block (forward mode is "
            "only active there)."
        )
    p = primal if isinstance(primal, Tensor) else Tensor(primal)
    t = np.asarray(_to_array(tangent, p.data.dtype))
    if t.shape != p.data.shape:
        raise RuntimeError(
            f"Trying to set a forward gradient that has a different size than that of the "
            f"original Tensor, this is not supported. Tensor is of size {tuple(p.shape)} while "
            f"the given forward gradient is of size {tuple(t.shape)}."
        )
    out = Tensor._make(p.data, p.requires_grad, p.grad_fn)
    out._version = p._version
    out._acc = p._acc
    out._tangent = t
    return out


def unpack_dual(tensor: Tensor) -> UnpackedDual:
    """(primal, tangent) of a dual tensor; tangent is None for an ordinary tensor."""
    primal = tensor.detach() if tensor._tangent is not None else tensor
    tangent = None if tensor._tangent is None else Tensor._make(tensor._tangent)
    return UnpackedDual(primal, tangent)
