"""Math used inside backward formulas that works on numpy arrays *and* Tensors.

An ordinary backward runs on numpy arrays (fast). With `create_graph=True` the engine
hands Tensors to the same formulas, and these helpers route to the Tensor ops so the
backward pass is itself recorded (that is how second derivatives work).
"""

from __future__ import annotations

import numpy as np


def _is_tensor(a) -> bool:
    from course_lib.tensor import Tensor

    return isinstance(a, Tensor)


def sin(a):
    return a.sin() if _is_tensor(a) else np.sin(a)


def cos(a):
    return a.cos() if _is_tensor(a) else np.cos(a)


def exp(a):
    return a.exp() if _is_tensor(a) else np.exp(a)


def log(a):
    return a.log() if _is_tensor(a) else np.log(a)


def sign(a):
    return a.sign() if _is_tensor(a) else np.sign(a)


def expand(a, shape):
    """Broadcast to `shape` (dual of sum): a read-only view for arrays, Expand for Tensors."""
    return a.expand(shape) if _is_tensor(a) else np.broadcast_to(a, shape)


def swap_last(a):
    """Transpose the last two axes (matmul's backward)."""
    return a.transpose(-1, -2) if _is_tensor(a) else a.swapaxes(-1, -2)


def data_of(a):
    """The numpy values behind a (for masks and other constants)."""
    return a.data if _is_tensor(a) else a
