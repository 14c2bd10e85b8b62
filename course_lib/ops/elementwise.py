"""Elementwise ops: forward, backward (vector-Jacobian product) and jvp side by side.

Notation as in the lessons: `out = f(x)`, `grad` is dL/d(out); backward returns
dL/dx = grad * f'(x) (then `unbroadcast` sums over broadcast axes); jvp returns
d(out) = f'(x) * dx.
"""

from __future__ import annotations

import numpy as np

from course_lib.autograd.function import Function
from course_lib.ops import _either as E
from course_lib.ops._broadcast import unbroadcast

# ----------------------------------------------------------------------------------
# binary ops between two Tensors (numpy broadcasting)
# ----------------------------------------------------------------------------------


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = a.data.shape, b.data.shape
        return a.data + b.data

    @staticmethod
    def backward(ctx, grad):
        a_shape, b_shape = ctx.shapes
        return unbroadcast(grad, a_shape), unbroadcast(grad, b_shape)

    @staticmethod
    def jvp(ctx, ta, tb):
        return ta + tb


class Sub(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = a.data.shape, b.data.shape
        return a.data - b.data

    @staticmethod
    def backward(ctx, grad):
        a_shape, b_shape = ctx.shapes
        need_a, need_b = ctx.needs_input_grad
        return (
            unbroadcast(grad, a_shape) if need_a else None,
            unbroadcast(-grad, b_shape) if need_b else None,
        )

    @staticmethod
    def jvp(ctx, ta, tb):
        return ta - tb


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a.data * b.data

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (
            unbroadcast(grad * b, a.shape) if need_a else None,  # d(ab)/da = b
            unbroadcast(grad * a, b.shape) if need_b else None,  # d(ab)/db = a
        )

    @staticmethod
    def jvp(ctx, ta, tb):
        a, b = ctx.saved_tensors
        return ta * b + a * tb


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a.data / b.data

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (
            unbroadcast(grad / b, a.shape) if need_a else None,  # d(a/b)/da = 1/b
            unbroadcast(-grad * a / (b * b), b.shape) if need_b else None,  # d(a/b)/db = -a/b²
        )

    @staticmethod
    def jvp(ctx, ta, tb):
        a, b = ctx.saved_tensors
        return ta / b - a * tb / (b * b)


class Pow(Function):
    """a ** b with both Tensors: d/da = b a^(b-1), d/db = a^b ln a."""

    backward_name = "PowBackward1"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a.data ** b.data

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        grad_a = None
        if need_a:
            # where b == 0 the derivative is 0 even at a == 0 (PyTorch's choice), not 0·0^-1
            a_d, b_d = E.data_of(a), E.data_of(b)
            base = a + (a_d == 0) * (b_d == 0) if np.any(b_d == 0) else a
            grad_a = unbroadcast(grad * b * base ** (b - 1), a.shape)
        grad_b = None
        if need_b:
            safe_log = E.log(a + (E.data_of(a) == 0))  # 0**b: ln 0 -> use 0; a stays recorded
            grad_b = unbroadcast(grad * a**b * safe_log, b.shape)
        return grad_a, grad_b

    @staticmethod
    def jvp(ctx, ta, tb):
        a, b = ctx.saved_tensors
        safe_log = np.log(np.where(a == 0, 1, a))
        return b * a ** (b - 1) * ta + a**b * safe_log * tb


class _Pick(Function):
    """Shared code of Maximum and Minimum: the gradient goes to the side that was picked;
    at a tie each side gets half (PyTorch's choice)."""

    pick = None  # np.maximum or np.minimum
    beats = None  # np.greater or np.less

    @classmethod
    def forward(cls, ctx, a, b):
        ctx.save_for_backward(a, b)
        return cls.pick(a.data, b.data)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        a_d, b_d = E.data_of(a), E.data_of(b)
        share_a = type(ctx).beats(a_d, b_d) + 0.5 * (a_d == b_d)
        return unbroadcast(grad * share_a, a.shape), unbroadcast(grad * (1 - share_a), b.shape)

    @staticmethod
    def jvp(ctx, ta, tb):
        a, b = ctx.saved_tensors
        share_a = type(ctx).beats(a, b) + 0.5 * (a == b)
        return ta * share_a + tb * (1 - share_a)


class Maximum(_Pick):
    pick = staticmethod(np.maximum)
    beats = staticmethod(np.greater)


class Minimum(_Pick):
    pick = staticmethod(np.minimum)
    beats = staticmethod(np.less)


class Where(Function):
    """where(cond, a, b): the gradient goes to a where cond holds, to b elsewhere."""

    @staticmethod
    def forward(ctx, condition, a, b):
        ctx.condition = condition
        ctx.shapes = a.data.shape, b.data.shape
        return np.where(condition, a.data, b.data)

    @staticmethod
    def backward(ctx, grad):
        a_shape, b_shape = ctx.shapes
        cond = ctx.condition
        return None, unbroadcast(grad * cond, a_shape), unbroadcast(grad * ~cond, b_shape)

    @staticmethod
    def jvp(ctx, tc, ta, tb):
        return np.where(ctx.condition, ta, tb)


# ----------------------------------------------------------------------------------
# a Tensor with a Python number (the number never needs a gradient)
# ----------------------------------------------------------------------------------


class AddScalar(Function):
    backward_name = "AddBackward0"

    @staticmethod
    def forward(ctx, a, c):
        return a.data + c

    @staticmethod
    def backward(ctx, grad):
        return grad, None

    @staticmethod
    def jvp(ctx, ta, tc):
        return ta


class SubScalar(Function):
    """a - c"""

    backward_name = "SubBackward0"

    @staticmethod
    def forward(ctx, a, c):
        return a.data - c

    @staticmethod
    def backward(ctx, grad):
        return grad, None

    @staticmethod
    def jvp(ctx, ta, tc):
        return ta


class RSubScalar(Function):
    """c - a"""

    backward_name = "RsubBackward1"

    @staticmethod
    def forward(ctx, a, c):
        return c - a.data

    @staticmethod
    def backward(ctx, grad):
        return -grad, None

    @staticmethod
    def jvp(ctx, ta, tc):
        return -ta


class MulScalar(Function):
    backward_name = "MulBackward0"

    @staticmethod
    def forward(ctx, a, c):
        ctx.c = c
        return a.data * c

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.c, None

    @staticmethod
    def jvp(ctx, ta, tc):
        return ta * ctx.c


class DivScalar(Function):
    """a / c"""

    backward_name = "DivBackward0"

    @staticmethod
    def forward(ctx, a, c):
        ctx.c = c
        return a.data / c

    @staticmethod
    def backward(ctx, grad):
        return grad / ctx.c, None

    @staticmethod
    def jvp(ctx, ta, tc):
        return ta / ctx.c


class RDivScalar(Function):
    """c / a: d/da = -c / a²"""

    backward_name = "DivBackward0"

    @staticmethod
    def forward(ctx, a, c):
        ctx.c = c
        ctx.save_for_backward(a)
        return c / a.data

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return -grad * ctx.c / (a * a), None

    @staticmethod
    def jvp(ctx, ta, tc):
        (a,) = ctx.saved_tensors
        return -ctx.c * ta / (a * a)


class PowScalar(Function):
    """a ** p for a number p: d/da = p a^(p-1)."""

    backward_name = "PowBackward0"

    @staticmethod
    def forward(ctx, a, p):
        ctx.p = p
        ctx.save_for_backward(a)
        return a.data**p

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        p = ctx.p
        if p == 2:
            return grad * 2 * a, None
        if p == 0:  # x**0 is constant: derivative 0 everywhere (also at 0, as in PyTorch)
            return grad * 0.0, None
        return grad * p * a ** (p - 1), None

    @staticmethod
    def jvp(ctx, ta, tp):
        (a,) = ctx.saved_tensors
        return ctx.p * a ** (ctx.p - 1) * ta


class RPowScalar(Function):
    """c ** a for a number c: d/da = c^a ln c."""

    backward_name = "PowBackward2"

    @staticmethod
    def forward(ctx, a, c):
        ctx.log_c = np.log(c)
        out = c**a.data
        ctx.save_output(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.saved_output * ctx.log_c, None

    @staticmethod
    def jvp(ctx, ta, tc):
        return ctx.saved_output * ctx.log_c * ta


class Clamp(Function):
    """clamp(a, min, max): gradient 1 inside [min, max], 0 where the value was clipped."""

    backward_name = "ClampBackward1"

    @staticmethod
    def forward(ctx, a, low, high):
        x = a.data
        ctx.inside = np.ones(x.shape, dtype=bool)
        if low is not None:
            ctx.inside &= x >= low
        if high is not None:
            ctx.inside &= x <= high
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
        return grad * E.cos(a)  # (sin x)' = cos x

    @staticmethod
    def jvp(ctx, ta):
        (a,) = ctx.saved_tensors
        return np.cos(a) * ta


class Cos(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.cos(a.data)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return -grad * E.sin(a)  # (cos x)' = -sin x

    @staticmethod
    def jvp(ctx, ta):
        (a,) = ctx.saved_tensors
        return -np.sin(a) * ta


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
        return grad * (E.data_of(ctx.saved_output) > 0)  # relu'(x) = 1 if x > 0 else 0

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
        return grad * np.sign(E.data_of(a))

    @staticmethod
    def jvp(ctx, ta):
        (a,) = ctx.saved_tensors
        return np.sign(a) * ta


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
    """Change dtype (float32 <-> float64); the gradient is cast back."""

    backward_name = "ToCopyBackward0"

    @staticmethod
    def forward(ctx, a, dtype):
        ctx.dtype = a.data.dtype
        return a.data.astype(dtype)

    @staticmethod
    def backward(ctx, grad):
        if hasattr(grad, "to"):
            return grad.to(ctx.dtype), None
        return grad.astype(ctx.dtype), None

    @staticmethod
    def jvp(ctx, ta, td):
        return ta
