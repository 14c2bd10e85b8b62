"""Elementwise ops: forward, backward (vector-Jacobian product) and jvp side by side.

Notation as in the lessons: `out = f(x)`, `grad` is dL/d(out); backward returns
dL/dx = grad * f'(x) (then `unbroadcast` sums over broadcast axes); jvp returns
d(out) = f'(x) * dx. backward and jvp compute with Tensors, so each formula reads like
the math and can itself be differentiated (create_graph=True).

The binary ops take a Tensor or a Python number on either side: `x * 2` is `Mul` with
the constant 2 (PyTorch's MulBackward0), `2 - x` is `Sub` (RsubBackward1 in PyTorch).
"""

from __future__ import annotations

import numpy as np

from course_lib.autograd.function import Function
from course_lib.ops._broadcast import unbroadcast
from course_lib.tensor import Tensor


def _value(x):
    """The numbers behind an operand: a Tensor's array, or the Python number itself."""
    return x.data if isinstance(x, Tensor) else x


def _shape(x) -> tuple:
    return x.data.shape if isinstance(x, Tensor) else ()


# ----------------------------------------------------------------------------------
# binary ops (numpy broadcasting; either operand may be a Python number)
# ----------------------------------------------------------------------------------


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = _shape(a), _shape(b)
        return _value(a) + _value(b)

    @staticmethod
    def backward(ctx, grad):
        a_shape, b_shape = ctx.shapes
        need_a, need_b = ctx.needs_input_grad
        return (
            unbroadcast(grad, a_shape) if need_a else None,  # d(a+b)/da = 1
            unbroadcast(grad, b_shape) if need_b else None,  # d(a+b)/db = 1
        )

    @staticmethod
    def jvp(ctx, ta, tb):
        return ta + tb


class Sub(Function):
    """SubBackward0 for a - b; RsubBackward1 (PyTorch's name) for number - tensor."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = _shape(a), _shape(b)
        if not isinstance(a, Tensor):
            ctx.backward_name = "RsubBackward1"
        return _value(a) - _value(b)

    @staticmethod
    def backward(ctx, grad):
        a_shape, b_shape = ctx.shapes
        need_a, need_b = ctx.needs_input_grad
        return (
            unbroadcast(grad, a_shape) if need_a else None,  # d(a-b)/da = 1
            unbroadcast(-grad, b_shape) if need_b else None,  # d(a-b)/db = -1
        )

    @staticmethod
    def jvp(ctx, ta, tb):
        return ta - tb


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        if isinstance(b, Tensor):
            ctx.save_for_backward(a, b)
        else:  # x * 2 keeps only the 2: x may still change in place afterwards
            ctx.save_for_backward(None, b)
        return _value(a) * _value(b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        if a is None:  # x * 2: d(2x)/dx = 2
            return grad * b, None
        need_a, need_b = ctx.needs_input_grad
        return (
            unbroadcast(grad * b, a.shape) if need_a else None,  # d(ab)/da = b
            unbroadcast(grad * a, b.shape) if need_b else None,  # d(ab)/db = a
        )

    @staticmethod
    def jvp(ctx, ta, tb):
        a, b = ctx.saved_tensors
        return ta * b if a is None else ta * b + a * tb


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        if isinstance(b, Tensor):
            ctx.save_for_backward(a, b)
        else:  # x / 2 keeps only the 2: x may still change in place afterwards
            ctx.save_for_backward(None, b)
        return _value(a) / _value(b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        if a is None:  # x / 2: d(x/2)/dx = 1/2
            return grad / b, None
        need_a, need_b = ctx.needs_input_grad
        return (
            unbroadcast(grad / b, _shape(a)) if need_a else None,  # d(a/b)/da = 1/b
            unbroadcast(-grad * a / (b * b), b.shape) if need_b else None,  # d(a/b)/db = -a/b²
        )

    @staticmethod
    def jvp(ctx, ta, tb):
        a, b = ctx.saved_tensors
        return ta / b if a is None else ta / b - a * tb / (b * b)


class Pow(Function):
    """PowBackward0 for x ** 2, PowBackward1 for x ** y, PowBackward2 for 2 ** x (PyTorch's
    names): d(a^b)/da = b a^(b-1), d(a^b)/db = a^b ln a."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        if not isinstance(b, Tensor):
            ctx.backward_name = "PowBackward0"
        elif not isinstance(a, Tensor):
            ctx.backward_name = "PowBackward2"
        else:
            ctx.backward_name = "PowBackward1"
        return _value(a) ** _value(b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (
            unbroadcast(grad * _power_rule(a, b), a.shape) if need_a else None,
            unbroadcast(grad * a**b * _log_for_exponent_rule(a), b.shape) if need_b else None,
        )

    @staticmethod
    def jvp(ctx, ta, tb):
        a, b = ctx.saved_tensors
        out = _power_rule(a, b) * ta
        if isinstance(b, Tensor):  # a number exponent has no tangent (and ln a may be nan)
            out = out + a**b * _log_for_exponent_rule(a) * tb
        return out


def _power_rule(a, b):
    """d(a^b)/da = b·a^(b-1); 0 where b = 0, also at a = 0 (0·0⁻¹: PyTorch says 0)."""
    if not isinstance(b, Tensor) and b == 0:  # a^0 is constant
        return a * 0
    a_is_zero, b_is_zero = _value(a) == 0, _value(b) == 0
    if np.any(a_is_zero & b_is_zero):  # use 1 instead of a there: b·1^(b-1) = 0
        a = a + Tensor._make(np.asarray(a_is_zero & b_is_zero))
    return b * a ** (b - 1)


def _log_for_exponent_rule(a):
    """ln a, with ln 0 taken as 0 (0^b does not change with b > 0, so its derivative is 0)."""
    if not isinstance(a, Tensor):
        return np.log(a) if a != 0 else 0.0
    return (a + (a == 0)).log()


class _Pick(Function):
    """Shared code of Maximum and Minimum: the gradient goes to the side that was picked;
    at a tie each side gets half (PyTorch's choice)."""

    pick = None  # np.maximum or np.minimum

    @classmethod
    def forward(cls, ctx, a, b):
        a_wins = (a.data > b.data) if cls.pick is np.maximum else (a.data < b.data)
        share_a = a_wins + 0.5 * (a.data == b.data)  # a's part of the gradient
        ctx.share_a = Tensor._make(share_a.astype(np.result_type(a.data, b.data)))
        ctx.shapes = a.data.shape, b.data.shape
        return cls.pick(a.data, b.data)

    @staticmethod
    def backward(ctx, grad):
        a_shape, b_shape = ctx.shapes
        share_a = ctx.share_a
        return unbroadcast(grad * share_a, a_shape), unbroadcast(grad * (1 - share_a), b_shape)

    @staticmethod
    def jvp(ctx, ta, tb):
        return ta * ctx.share_a + tb * (1 - ctx.share_a)


class Maximum(_Pick):
    pick = staticmethod(np.maximum)


class Minimum(_Pick):
    pick = staticmethod(np.minimum)


class Where(Function):
    """where(cond, a, b): the gradient goes to a where cond holds, to b elsewhere."""

    @staticmethod
    def forward(ctx, condition, a, b):
        ctx.condition = Tensor._make(condition)
        ctx.shapes = a.data.shape, b.data.shape
        return np.where(condition, a.data, b.data)

    @staticmethod
    def backward(ctx, grad):
        a_shape, b_shape = ctx.shapes
        cond = ctx.condition
        return None, unbroadcast(grad * cond, a_shape), unbroadcast(grad * ~cond, b_shape)

    @staticmethod
    def jvp(ctx, tc, ta, tb):
        return Where.apply(ctx.condition.data, ta, tb)


class Clamp(Function):
    """ClampBackward1: clamp(a, min, max), gradient 1 inside [min, max], 0 where clipped."""

    backward_name = "ClampBackward1"

    @staticmethod
    def forward(ctx, a, low, high):
        x = a.data
        inside = np.ones(x.shape, dtype=bool)
        if low is not None:
            inside &= x >= low
        if high is not None:
            inside &= x <= high
        ctx.inside = Tensor._make(inside)
        return np.clip(x, low, high)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.inside, None, None

    @staticmethod
    def jvp(ctx, ta, tl, th):
        return ta * ctx.inside


# ----------------------------------------------------------------------------------
# unary ops
# ----------------------------------------------------------------------------------


class Neg(Function):
    @staticmethod
    def forward(ctx, a):
        return -a.data

    @staticmethod
    def backward(ctx, grad):
        return -grad

    @staticmethod
    def jvp(ctx, ta):
        return -ta


class Exp(Function):
    @staticmethod
    def forward(ctx, a):
        out = np.exp(a.data)
        ctx.save_output(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.saved_output  # (e^x)' = e^x

    @staticmethod
    def jvp(ctx, ta):
        return ctx.saved_output * ta


class Log(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.log(a.data)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / a  # (ln x)' = 1/x

    @staticmethod
    def jvp(ctx, ta):
        (a,) = ctx.saved_tensors
        return ta / a


class Sqrt(Function):
    @staticmethod
    def forward(ctx, a):
        out = np.sqrt(a.data)
        ctx.save_output(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad / (2 * ctx.saved_output)  # (√x)' = 1/(2√x)

    @staticmethod
    def jvp(ctx, ta):
        return ta / (2 * ctx.saved_output)


class Sin(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.sin(a.data)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * a.cos()  # (sin x)' = cos x

    @staticmethod
    def jvp(ctx, ta):
        (a,) = ctx.saved_tensors
        return a.cos() * ta


class Cos(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.cos(a.data)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return -grad * a.sin()  # (cos x)' = -sin x

    @staticmethod
    def jvp(ctx, ta):
        (a,) = ctx.saved_tensors
        return -a.sin() * ta


class Tanh(Function):
    @staticmethod
    def forward(ctx, a):
        out = np.tanh(a.data)
        ctx.save_output(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        out = ctx.saved_output
        return grad * (1 - out * out)  # (tanh x)' = 1 - tanh² x

    @staticmethod
    def jvp(ctx, ta):
        out = ctx.saved_output
        return (1 - out * out) * ta


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, a):
        x = a.data
        # stable for large |x|: 1/(1+e^-x) for x >= 0, e^x/(1+e^x) for x < 0
        e = np.exp(-np.abs(x))
        out = np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)
        ctx.save_output(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        out = ctx.saved_output
        return grad * out * (1 - out)  # σ' = σ(1-σ)

    @staticmethod
    def jvp(ctx, ta):
        out = ctx.saved_output
        return out * (1 - out) * ta


class Relu(Function):
    @staticmethod
    def forward(ctx, a):
        out = np.maximum(a.data, 0)
        ctx.save_output(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * (ctx.saved_output > 0)  # relu'(x) = 1 if x > 0 else 0

    @staticmethod
    def jvp(ctx, ta):
        return ta * (ctx.saved_output > 0)


class Abs(Function):
    """|x|: derivative sign(x); at 0 the subgradient 0 (PyTorch's choice of a in [-1, 1])."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.abs(a.data)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * a.sign()

    @staticmethod
    def jvp(ctx, ta):
        (a,) = ctx.saved_tensors
        return a.sign() * ta


class Clone(Function):
    @staticmethod
    def forward(ctx, a):
        return a.data.copy()

    @staticmethod
    def backward(ctx, grad):
        return grad

    @staticmethod
    def jvp(ctx, ta):
        return ta


class Cast(Function):
    """ToCopyBackward0: change dtype (float32 <-> float64); the gradient is cast back."""

    backward_name = "ToCopyBackward0"

    @staticmethod
    def forward(ctx, a, dtype):
        ctx.dtype = a.data.dtype
        return a.data.astype(dtype)

    @staticmethod
    def backward(ctx, grad):
        return grad.to(ctx.dtype), None

    @staticmethod
    def jvp(ctx, ta, td):
        return ta  # (the tangent is stored in the output's dtype)
