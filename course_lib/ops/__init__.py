"""The differentiable operations, one module per family, and their functional forms.

    elementwise  + - * / **, exp, log, sin, ..., relu, abs, maximum, clamp, where
    reductions   sum, mean, var, std, prod, max, min, amax, amin, norm, logsumexp,
                 softmax, log_softmax, cumsum
    linalg       dot, matmul
    shape        reshape, transpose, (un)squeeze, expand, indexing, gather, cat, stack

The functions below are what `course_lib.exp(x)` etc. call; Tensor methods call the
same Functions.
"""

from __future__ import annotations

import numpy as np

from course_lib.ops.elementwise import Where
from course_lib.ops.shape import Cat, Stack
from course_lib.tensor import Tensor, _as_tensor, get_default_dtype

_t = _as_tensor


def exp(input):  # noqa: A002 - PyTorch's argument name
    return _t(input).exp()


def log(input):  # noqa: A002
    return _t(input).log()


def sqrt(input):  # noqa: A002
    return _t(input).sqrt()


def sin(input):  # noqa: A002
    return _t(input).sin()


def cos(input):  # noqa: A002
    return _t(input).cos()


def tanh(input):  # noqa: A002
    return _t(input).tanh()


def sigmoid(input):  # noqa: A002
    return _t(input).sigmoid()


def relu(input):  # noqa: A002
    return _t(input).relu()


def abs(input):  # noqa: A001, A002
    return _t(input).abs()


def neg(input):  # noqa: A002
    return -_t(input)


def pow(input, exponent):  # noqa: A001, A002
    return _t(input) ** exponent


def maximum(input, other):  # noqa: A002
    return _t(input).maximum(other)


def minimum(input, other):  # noqa: A002
    return _t(input).minimum(other)


def clamp(input, min=None, max=None):  # noqa: A001, A002
    return _t(input).clamp(min, max)


def where(condition, input, other):  # noqa: A002
    """Pick `input` where `condition` holds and `other` elsewhere (gradients follow the pick)."""
    cond = condition.data if isinstance(condition, Tensor) else np.asarray(condition)
    a = input if isinstance(input, Tensor) else None
    b = other if isinstance(other, Tensor) else None
    given = a if a is not None else b  # (not `a or b`: that would ask a Tensor for its truth)
    if given is not None:
        dtype = given.data.dtype
    else:  # two Python numbers: floats take the default dtype (float32), as in PyTorch
        floating = isinstance(input, float) or isinstance(other, float)
        dtype = get_default_dtype() if floating else None
    if a is None:
        a = _as_tensor(np.asarray(input, dtype=dtype))
    if b is None:
        b = _as_tensor(np.asarray(other, dtype=dtype))
    return Where.apply(cond.astype(bool), a, b)


def dot(input, other):  # noqa: A002
    return _t(input).dot(other)


def matmul(input, other):  # noqa: A002
    return _t(input).matmul(other)


mm = matmul
mv = matmul


def sum(input, dim=None, keepdim=False):  # noqa: A001, A002
    return _t(input).sum(dim, keepdim)


def mean(input, dim=None, keepdim=False):  # noqa: A002
    return _t(input).mean(dim, keepdim)


def max(input, dim=None, keepdim=False):  # noqa: A001, A002
    return _t(input).max(dim, keepdim)


def min(input, dim=None, keepdim=False):  # noqa: A001, A002
    return _t(input).min(dim, keepdim)


def norm(input, p=2, dim=None, keepdim=False):  # noqa: A002
    return _t(input).norm(p, dim, keepdim)


def amax(input, dim=(), keepdim=False):  # noqa: A002
    return _t(input).amax(dim, keepdim)


def amin(input, dim=(), keepdim=False):  # noqa: A002
    return _t(input).amin(dim, keepdim)


def prod(input, dim=None, keepdim=False):  # noqa: A002
    return _t(input).prod(dim, keepdim)


def var(input, dim=None, *, correction=None, keepdim=False, unbiased=None):  # noqa: A002
    return _t(input).var(dim, correction=correction, keepdim=keepdim, unbiased=unbiased)


def std(input, dim=None, *, correction=None, keepdim=False, unbiased=None):  # noqa: A002
    return _t(input).std(dim, correction=correction, keepdim=keepdim, unbiased=unbiased)


def logsumexp(input, dim, keepdim=False):  # noqa: A002
    return _t(input).logsumexp(dim, keepdim)


def cumsum(input, dim):  # noqa: A002
    return _t(input).cumsum(dim)


def gather(input, dim, index):  # noqa: A002
    return _t(input).gather(dim, index)


def softmax(input, dim=-1):  # noqa: A002
    return _t(input).softmax(dim)


def log_softmax(input, dim=-1):  # noqa: A002
    return _t(input).log_softmax(dim)


def reshape(input, shape):  # noqa: A002
    return _t(input).reshape(shape)


def transpose(input, dim0, dim1):  # noqa: A002
    return _t(input).transpose(dim0, dim1)


def unsqueeze(input, dim):  # noqa: A002
    return _t(input).unsqueeze(dim)


def squeeze(input, dim=None):  # noqa: A002
    return _t(input).squeeze(dim)


def cat(tensors, dim=0):
    """Join tensors along an existing axis."""
    tensors = [_t(t) for t in tensors]
    if not tensors:
        raise RuntimeError("cat(): expected a non-empty list of Tensors")
    return Cat.apply(dim, *tensors)


concat = cat


def stack(tensors, dim=0):
    """Join same-shaped tensors along a new axis."""
    tensors = [_t(t) for t in tensors]
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    shapes = {tuple(t.shape) for t in tensors}
    if len(shapes) > 1:
        raise RuntimeError(
            f"stack expects each tensor to be equal size, but got shapes {sorted(shapes)}"
        )
    return Stack.apply(dim, *tensors)


def clone(input):  # noqa: A002
    return _t(input).clone()


def detach(input):  # noqa: A002
    return _t(input).detach()


def numel(input) -> int:  # noqa: A002
    return _t(input).numel()


def allclose(input, other, rtol=1e-05, atol=1e-08) -> bool:  # noqa: A002
    return _t(input).allclose(other, rtol, atol)


def isclose(input, other, rtol=1e-05, atol=1e-08):  # noqa: A002
    """Elementwise |input - other| <= atol + rtol·|other|, as a boolean tensor."""
    other_data = other.data if isinstance(other, Tensor) else other
    return Tensor._make(np.asarray(np.isclose(_t(input).data, other_data, rtol=rtol, atol=atol)))


def equal(input, other) -> bool:  # noqa: A002
    return _t(input).equal(other)
