"""Linear algebra: dot and matmul (1-D, 2-D and batched), with their backward.

For out = A @ B:  dL/dA = grad @ Bᵀ,  dL/dB = Aᵀ @ grad  (then sum over broadcast batch axes).
"""

from __future__ import annotations

import numpy as np

from course_lib.autograd.function import Function
from course_lib.ops._broadcast import unbroadcast


def _shape_str(shape) -> str:
    return "x".join(str(n) for n in shape) if shape else "scalar"


def check_matmul_shapes(a_shape, b_shape):
    """Raise PyTorch-like errors naming both shapes when A @ B is undefined."""
    if len(a_shape) == 0 or len(b_shape) == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {len(a_shape)}D "
            f"and {len(b_shape)}D. Use * for multiplying by a scalar."
        )
    k_a = a_shape[-1]
    k_b = b_shape[0] if len(b_shape) == 1 else b_shape[-2]
    if k_a == k_b:
        return
    if len(a_shape) == 1 and len(b_shape) == 1:
        raise RuntimeError(
            f"inconsistent tensor size, expected tensor [{a_shape[0]}] and src [{b_shape[0]}] "
            f"to have the same number of elements, but got {a_shape[0]} and {b_shape[0]} "
            "elements respectively"
        )
    if len(b_shape) == 1:
        raise RuntimeError(
            f"size mismatch, got input ({a_shape[-2] if len(a_shape) > 1 else 1}), mat "
            f"({_shape_str(a_shape)}), vec ({b_shape[0]}). The matrix's last dimension must "
            "equal the vector's length."
        )
    a_mat = a_shape[-2:] if len(a_shape) > 1 else (1,) + tuple(a_shape)
    raise RuntimeError(
        f"mat1 and mat2 shapes cannot be multiplied ({_shape_str(a_mat)} "
        f"and {_shape_str(b_shape[-2:])}). The inner dimensions must agree: "
        f"A is {tuple(a_shape)}, B is {tuple(b_shape)}."
    )


class Dot(Function):
    """⟨a, b⟩ of two 1-D tensors: d/da = grad · b, d/db = grad · a."""

    @staticmethod
    def forward(ctx, a, b):
        if a.ndim != 1 or b.ndim != 1:
            raise RuntimeError(
                f"1D tensors expected, but got {a.ndim}D and {b.ndim}D tensors. "
                "Use matmul (@) for matrices."
            )
        check_matmul_shapes(a.shape, b.shape)
        ctx.save_for_backward(a, b)
        return np.dot(a.data, b.data)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad * b if need_a else None), (grad * a if need_b else None)

    @staticmethod
    def jvp(ctx, ta, tb):
        a, b = ctx.saved_tensors
        return ta.dot(b) + a.dot(tb)


class Matmul(Function):
    """MmBackward0 (matrix @ matrix), MvBackward0 (matrix @ vector), DotBackward0 (vector @
    vector) or MatmulBackward0 (the rest), as PyTorch names them: a @ b with numpy's rules
    (1-D vectors are promoted, batch axes broadcast)."""

    @staticmethod
    def forward(ctx, a, b):
        check_matmul_shapes(a.shape, b.shape)
        ctx.save_for_backward(a, b)
        ctx.backward_name = matmul_name(a.ndim, b.ndim)
        return np.matmul(a.data, b.data)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        # Promote 1-D operands to matrices so one formula covers every case.
        a2 = a.unsqueeze(0) if a.ndim == 1 else a
        b2 = b.unsqueeze(-1) if b.ndim == 1 else b
        g = grad.unsqueeze(-1) if b.ndim == 1 else grad
        g = g.unsqueeze(-2) if a.ndim == 1 else g
        grad_a = grad_b = None
        if need_a:  # dL/dA = grad @ Bᵀ
            grad_a = unbroadcast(_matmul_like(g, _mT(b2), a2), a2.shape).reshape(a.shape)
        if need_b:  # dL/dB = Aᵀ @ grad
            grad_b = unbroadcast(_matmul_like(_mT(a2), g, b2), b2.shape).reshape(b.shape)
        return grad_a, grad_b

    @staticmethod
    def jvp(ctx, ta, tb):
        a, b = ctx.saved_tensors
        return ta @ b + a @ tb


def _mT(m):
    """The matrix transpose (of the last two axes)."""
    return m.transpose(-1, -2)


def _matmul_like(x, y, like):
    """x @ y, computed as (yᵀ xᵀ)ᵀ when `like` is a transposed 2-D view, so the result
    has its memory layout (as PyTorch's mm backward does; e.g. Linear's x @ W.T).

    Speed trick: the weight gradient of Linear then comes out C-contiguous, like the
    weight. Measured (CPU time, MLP 784-256-256-10 step of benchmarks/bench_core.py, on vs
    plain x @ y, three runs): float32 2–4 % faster; float64 between 4 % slower and 1 %
    faster. Kept for float32, the case closest to its bar."""
    m = like.data
    if m.ndim == 2 and m.flags.f_contiguous and not m.flags.c_contiguous:
        return _mT(_mT(y) @ _mT(x))
    return x @ y


def matmul_name(a_ndim: int, b_ndim: int) -> str:
    """The grad_fn name PyTorch gives matmul for these operand ranks."""
    if a_ndim == 2 and b_ndim == 2:
        return "MmBackward0"
    if a_ndim == 2 and b_ndim == 1:
        return "MvBackward0"
    if a_ndim == 1 and b_ndim == 1:
        return "DotBackward0"
    return "MatmulBackward0"
