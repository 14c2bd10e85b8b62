"""course_lib: a small, readable autograd library with PyTorch's semantics, on numpy.

    import course_lib as cl
    x = cl.arange(4.0, requires_grad=True)
    y = 2 * cl.dot(x, x)        # tensor(28., grad_fn=<MulBackward0>)
    y.backward()
    x.grad                      # tensor([ 0.,  4.,  8., 12.])

Layers (lower never import higher): tensor -> autograd -> ops -> forward/functional
-> numdiff/gradcheck -> nn -> viz -> checks. There is one cycle, and it is inherent: a
Tensor's methods are the front door to the layers above it (`x * y` runs ops.Mul,
`y.backward()` runs autograd's engine) while those layers make Tensors. It is closed in
one place, the imports at the end of tensor.py; tests/lib/test_layering.py checks that
every other import points down. `viz` and `checks` are imported lazily, so
`import course_lib` stays fast. The instructor's grader is a separate package
(`course_grader`) that imports course_lib; course_lib never imports it.
"""

from __future__ import annotations

import importlib as _importlib

# Tensor first: the layers above build on it, and tensor.py's last lines import them.
import course_lib.tensor  # isort: split

from course_lib import autograd
from course_lib.autograd import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from course_lib.i18n import get_language, set_language
from course_lib.ops import (
    abs,
    allclose,
    amax,
    amin,
    cat,
    clamp,
    clone,
    concat,
    cos,
    cumsum,
    detach,
    dot,
    equal,
    exp,
    gather,
    isclose,
    log,
    log_softmax,
    logsumexp,
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
    prod,
    relu,
    reshape,
    sigmoid,
    sin,
    softmax,
    sqrt,
    squeeze,
    stack,
    std,
    sum,
    tanh,
    transpose,
    unsqueeze,
    var,
    where,
)
from course_lib.tensor import (  # first: the layers above build on Tensor
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


