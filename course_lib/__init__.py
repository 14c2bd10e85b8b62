"""course_lib: a small, readable autograd library with PyTorch's semantics, on numpy.

    import course_lib as cl
    x = cl.arange(4.0, requires_grad=True)
    y = 2 * cl.dot(x, x)        # tensor(28., grad_fn=<MulBackward0>)
    y.backward()
    x.grad                      # tensor([ 0.,  4.,  8., 12.])

Layers (lower never import higher): tensor -> autograd -> ops -> forward/functional
-> numdiff/gradcheck -> nn -> viz -> checks. `viz` and `checks` are imported lazily,
so `import course_lib` stays fast. The instructor's grader is a separate package
(`course_grader`) that imports course_lib; course_lib never imports it.
"""

from __future__ import annotations

import importlib as _importlib

from course_lib import autograd
from course_lib.autograd import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from course_lib.i18n import get_language, set_language
from course_lib.ops import (
    abs,
    allclose,
    cat,
    clamp,
    clone,
    concat,
    cos,
    detach,
    dot,
    equal,
    exp,
    isclose,
    log,
    log_softmax,
    matmul,
    max,
    maximum,
    mean,
    min,
    minimum,
    mm,
    mv,
    neg,
    norm,
    numel,
    pow,
    relu,
    reshape,
    sigmoid,
    sin,
    softmax,
    sqrt,
    squeeze,
    stack,
    sum,
    tanh,
    transpose,
    unsqueeze,
    where,
)
from course_lib.tensor import (
    Size,
    Tensor,
    arange,
    bool_,
    eye,
    float16,
    float32,
    float64,
    full,
    full_like,
    get_default_dtype,
    int32,
    int64,
    linspace,
    manual_seed,
    ones,
    ones_like,
    rand,
    rand_like,
    randint,
    randn,
    randn_like,
    set_default_dtype,
    tensor,
    zeros,
    zeros_like,
)

__version__ = "0.1.0"

bool = bool_  # noqa: A001 - course_lib.bool, like torch.bool
float = float32  # noqa: A001 - torch.float is float32
double = float64

_LAZY = {"nn", "viz", "checks", "exercises", "numdiff", "gradcheck", "functional", "forward",
         "seeds"}


def __dir__():
    return sorted(set(globals()) - {"annotations"} | _LAZY)


def __getattr__(name):
    """Import the heavier layers (plots, widgets, checks) only when first used."""
    if name in _LAZY:
        module = _importlib.import_module(f"course_lib.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'course_lib' has no attribute {name!r}")


