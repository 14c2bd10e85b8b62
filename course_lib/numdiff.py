"""Finite-difference derivatives, derived from Taylor's theorem, with an error model.

Numeric differentiation is the course's baseline: it is what autodiff is checked
against, and its two failure modes are what motivate autodiff.

* truncation error: a stencil cancels the first Taylor terms of f(x + o·h) but not
  the rest, so the error is C·|f^(d+p)|·h^p (p is the scheme's *order*);
* round-off error: f is only known to about ε·|f|, and dividing by h^d amplifies
  that to ε·Σ|w_k|·|f| / h^d.

Their sum has a minimum at an optimal h (about √ε for forward differences, ε^(1/3)
for central ones), and a gradient of f: Rⁿ → R costs O(n) evaluations of f.

This module is a low layer: pure numpy, it never imports the Tensor.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from course_lib.i18n import say

__all__ = [
    "Scheme",
    "stencil",
    "taylor_system",
    "FORWARD",
    "BACKWARD",
    "CENTRAL",
    "FIVE_POINT",
    "SCHEMES",
    "get_scheme",
    "eps",
    "machine_epsilon",
    "derivative",
    "gradient",
    "GradientResult",
    "evaluations_per_gradient",
    "evaluation_count_table",
    "richardson",
    "richardson_table",
    "truncation_error",
    "roundoff_error",
    "total_error",
    "optimal_h",
    "error_vs_h",
    "ErrorSweep",
]

# The words in the readouts, in the learner's language (numbers and formulas stay as they are).
MESSAGES = {
    "en": {"order": "    [order {order}: error ≈ {term}]",
           "called": "(f was called {count} times for n={n} inputs)"},
    "zh": {"order": "    [{order} 阶：误差 ≈ {term}]",
           "called": "（对 n={n} 个输入调用了 f {count} 次）"},
}


def _say(key: str, **fields) -> str:
    return say(MESSAGES, key, **fields)


# --------------------------------------------------------------------------------------
# Schemes: a stencil's offsets o_k and weights w_k
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Scheme:
    """A finite-difference formula  f^(d)(x) ≈ Σ_k w_k · f(x + o_k·h) / h^d.

    `order` is the truncation order p and `error_constant` the C in
    truncation ≈ C·|f^(d+p)|·h^p (from the first Taylor term the weights do not cancel).
    `exact_coefficients` holds the weights as fractions when they were solved exactly.
    """

    name: str
    offsets: tuple[float, ...]
    coefficients: np.ndarray
    derivative: int
    order: int
    error_constant: float
    exact_coefficients: tuple[Fraction, ...] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        weights = np.array(self.coefficients, dtype=np.float64)
        weights.flags.writeable = False  # frozen means frozen, also the weights
        object.__setattr__(self, "coefficients", weights)
        object.__setattr__(self, "offsets", tuple(float(o) for o in self.offsets))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scheme):
            return NotImplemented
        return (
            self.name == other.name
            and self.offsets == other.offsets
            and self.derivative == other.derivative
            and np.array_equal(self.coefficients, other.coefficients)
        )

    def __hash__(self) -> int:
        return hash((self.name, self.offsets, self.derivative, self.coefficients.tobytes()))

    @property
    def terms(self) -> list[tuple[float, float]]:
        """The (offset, weight) pairs whose weight is not zero: the points f is evaluated at."""
        return [(o, float(w)) for o, w in zip(self.offsets, self.coefficients) if w != 0.0]

    def __str__(self) -> str:
        weights = self.exact_coefficients or tuple(float(w) for w in self.coefficients)
        parts = []
        for offset, weight in zip(self.offsets, weights):
            if weight == 0:
                continue
            sign = "-" if weight < 0 else "+"
            magnitude = abs(weight)
            factor = "" if magnitude == 1 else f"{_format_number(magnitude)}·"
            parts.append(f"{sign} {factor}f({_format_point(offset)})")
        body = " ".join(parts)
        body = body[2:] if body.startswith("+ ") else "-" + body[2:]
        denominator = "h" if self.derivative == 1 else f"h{_superscript(self.derivative)}"
        constant = _format_number(_as_fraction(self.error_constant))
        higher = _derivative_symbol(self.derivative + self.order)
        return (
            f"{self.name}: {_derivative_symbol(self.derivative)}(x) ≈ ({body}) / {denominator}"
            + _say("order", order=self.order,
                   term=f"{constant}·|{higher}|·h{_superscript(self.order)}")
        )


def taylor_system(offsets: Sequence[float], derivative_order: int = 1):
    """The Taylor (Vandermonde) system A·w = b whose solution is a stencil's weights.

    Row j says Σ_k w_k·o_k^j = d!·[j == d]: after dividing by h^d, the combination keeps
    f^(d) and cancels every other Taylor term f^(j)·(o·h)^j / j! with j < len(offsets).
    Returns (A, b) as float64 arrays.
    """
    offsets = np.asarray(offsets, dtype=np.float64)
    n = len(offsets)
    matrix = np.vander(offsets, n, increasing=True).T
    rhs = np.zeros(n)
    rhs[derivative_order] = math.factorial(derivative_order)
    return matrix, rhs


def stencil(
    offsets: Iterable[float], derivative_order: int = 1, name: str | None = None
) -> Scheme:
    """Derive the finite-difference weights for `offsets` from Taylor's theorem.

    `stencil((-1, 1))` gives the central difference (weights -1/2, 1/2, order 2);
    `stencil((-1, 0, 1), 2)` the second-derivative formula (1, -2, 1). Offsets that are
    simple fractions are solved exactly, so the weights come out as 1/12, -2/3, …
    """
    offsets = tuple(float(o) for o in offsets)
    d = int(derivative_order)
    if d != derivative_order or d < 1:
        raise ValueError(
            f"derivative_order must be a positive integer, got {derivative_order!r}; "
            "use 1 for f', 2 for f'' …"
        )
    if not all(math.isfinite(o) for o in offsets):
        raise ValueError(f"stencil offsets must be finite numbers, got {offsets}")
    if len(set(offsets)) != len(offsets):
        raise ValueError(f"stencil offsets must be distinct, got {offsets}; remove the duplicates")
    if len(offsets) <= d:
        raise ValueError(
            f"a stencil for the derivative of order {d} needs at least {d + 1} offsets, "
            f"got {len(offsets)}: {offsets}"
        )
    exact = _exact_offsets(offsets)
    if exact is not None:
        weights_exact = tuple(_solve_exact(exact, d))
        weights = np.array([float(w) for w in weights_exact])
        power, moment = _first_uncancelled_moment(exact, weights_exact, d)
        constant = float(abs(Fraction(moment) / math.factorial(power)))
    else:  # irrational-looking offsets: float64 is all we have
        weights_exact = None
        matrix, rhs = taylor_system(offsets, d)
        weights = np.linalg.solve(matrix, rhs)
        power, moment = _first_uncancelled_moment(offsets, tuple(weights), d)
        constant = abs(moment) / math.factorial(power)
    if name is None:
        name = f"stencil{tuple(_format_number(o) for o in (exact or offsets))}"
        name = name.replace("'", "")
    return Scheme(
        name=name,
        offsets=offsets,
        coefficients=weights,
        derivative=d,
        order=power - d,
        error_constant=constant,
        exact_coefficients=weights_exact,
    )


def _exact_offsets(offsets: Sequence[float]) -> tuple[Fraction, ...] | None:
    fractions = tuple(Fraction(o).limit_denominator(1000) for o in offsets)
    if all(float(q) == o for q, o in zip(fractions, offsets)):
        return fractions
    return None


def _solve_exact(offsets: Sequence[Fraction], d: int) -> list[Fraction]:
    """Gauss-Jordan elimination of the Taylor system over the rationals."""
    n = len(offsets)
    rows = [[o**j for o in offsets] + [Fraction(math.factorial(d) if j == d else 0)]
            for j in range(n)]
    for col in range(n):
        pivot = next(r for r in range(col, n) if rows[r][col] != 0)
        rows[col], rows[pivot] = rows[pivot], rows[col]
        lead = rows[col][col]
        rows[col] = [value / lead for value in rows[col]]
        for r in range(n):
            if r != col and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col])]
    return [rows[j][n] for j in range(n)]


def _moment(offsets, weights, j):
    return sum(w * o**j for o, w in zip(offsets, weights))


def _is_zero_moment(offsets, weights, j) -> bool:
    value = _moment(offsets, weights, j)
    if isinstance(value, Fraction):
        return value == 0
    scale = sum(abs(w) * abs(o) ** j for o, w in zip(offsets, weights))
    return abs(value) <= 1e-9 * max(scale, 1e-300)


def _first_uncancelled_moment(offsets, weights, d: int):
    """The first power j > d whose Taylor term Σ w_k o_k^j survives; returns (j, moment)."""
    return next(_uncancelled_moments(offsets, weights, d))


def _uncancelled_moments(offsets, weights, d: int):
    # n distinct offsets: among any n consecutive moments at least one is non-zero
    # (a Vandermonde matrix is invertible), so this never runs forever.
    j = d + 1
    while True:
        if not _is_zero_moment(offsets, weights, j):
            yield j, _moment(offsets, weights, j)
        j += 1


def error_expansion_powers(scheme: Scheme | str, count: int = 3) -> list[int]:
    """The powers of h in the truncation error's expansion: [2, 4, 6] for central.

    Richardson extrapolation cancels them one after the other.
    """
    scheme = get_scheme(scheme)
    offsets = _exact_offsets(scheme.offsets)
    weights = scheme.exact_coefficients
    if offsets is None or weights is None:
        offsets, weights = scheme.offsets, tuple(scheme.coefficients)
    powers = []
    for j, _ in _uncancelled_moments(offsets, weights, scheme.derivative):
        powers.append(j - scheme.derivative)
        if len(powers) == count:
            return powers
    return powers  # pragma: no cover - the generator never ends


FORWARD = stencil((0, 1), name="forward")
BACKWARD = stencil((-1, 0), name="backward")
CENTRAL = stencil((-1, 1), name="central")
FIVE_POINT = stencil((-2, -1, 0, 1, 2), name="five_point")
SCHEMES: dict[str, Scheme] = {
    "forward": FORWARD,
    "backward": BACKWARD,
    "central": CENTRAL,
    "five_point": FIVE_POINT,
}


def get_scheme(scheme: Scheme | str) -> Scheme:
    """Accept a Scheme or one of the names in SCHEMES ('central', 'five-point' …)."""
    if isinstance(scheme, Scheme):
        return scheme
    if isinstance(scheme, str):
        key = scheme.strip().lower().replace("-", "_").replace(" ", "_")
        if key in SCHEMES:
            return SCHEMES[key]
    raise ValueError(
        f"unknown finite-difference scheme {scheme!r}; use one of {sorted(SCHEMES)} "
        "or a Scheme made with stencil(offsets, derivative_order)"
    )


# --------------------------------------------------------------------------------------
# Precision
# --------------------------------------------------------------------------------------


def _float_dtype(dtype) -> np.dtype:
    try:
        dt = np.dtype(dtype)
    except TypeError as err:
        raise ValueError(f"dtype must be a numpy float type such as np.float32, got {dtype!r}") \
            from err
    if dt.kind != "f":
        raise ValueError(
            f"dtype must be a floating-point type (np.float32 or np.float64), got {dt}; "
            "finite differences of integers are not derivatives"
        )
    return dt


def eps(dtype=np.float64) -> float:
    """Machine epsilon of a float dtype: the gap between 1 and the next number (2⁻⁵² for f64)."""
    return float(np.finfo(_float_dtype(dtype)).eps)


machine_epsilon = eps


def _dtype_of(x, dtype) -> np.dtype:
    """The dtype that decides the arithmetic: `dtype=` if given, else x's float type, else f64."""
    if dtype is not None:
        return _float_dtype(dtype)
    x_dtype = getattr(x, "dtype", None)
    if x_dtype is not None and np.dtype(x_dtype).kind == "f":
        return np.dtype(x_dtype)
    return np.dtype(np.float64)


# --------------------------------------------------------------------------------------
# Derivatives and gradients
# --------------------------------------------------------------------------------------


def _check_callable(f) -> None:
    if not callable(f):
        raise ValueError(
            f"f must be a function of x (a callable), got {type(f).__name__} {f!r}; "
            "for example derivative(np.sin, 1.0)"
        )


def _check_h(h) -> None:
    h_arr = np.asarray(h, dtype=np.float64)
    if not np.all(np.isfinite(h_arr)) or np.any(h_arr <= 0):
        raise ValueError(f"the step h must be a positive finite number, got {h!r}")


def derivative(f: Callable, x, h=None, scheme: Scheme | str = "central", dtype=None):
    """Approximate f^(d)(x) with a finite-difference scheme, in the precision of x.

    The dtype of x (or `dtype=`) decides the arithmetic: the points x + o·h are formed
    in that dtype and f receives scalars of it, so float32 shows float32's round-off.
    `h` defaults to optimal_h(scheme, dtype)·max(1, |x|). A scalar x gives a float;
    an array x gives an array (f must then work elementwise).
    """
    _check_callable(f)
    scheme = get_scheme(scheme)
    dt = _dtype_of(x, dtype)
    x_d = np.asarray(x, dtype=dt)
    if h is None:
        h = optimal_h(scheme, dt) * np.maximum(1.0, np.abs(x_d.astype(np.float64)))
    _check_h(h)
    h_d = np.asarray(h, dtype=dt)
    total = np.zeros(x_d.shape, dtype=dt)
    for offset, weight in scheme.terms:
        point = x_d + dt.type(offset) * h_d  # formed in dtype, as a learner's code would
        value = f(point[()] if point.ndim == 0 else point)
        value = np.asarray(value, dtype=dt)
        if value.shape != x_d.shape:
            raise ValueError(
                f"f returned shape {value.shape} for an input of shape {x_d.shape}; "
                "derivative() needs a scalar function (use gradient() for f: Rⁿ → R)"
            )
        total = total + dt.type(weight) * value
    result = total / h_d**scheme.derivative
    return float(result) if result.ndim == 0 else result.astype(dt)


@dataclass
class GradientResult:
    """A finite-difference gradient and the number of times f was evaluated to get it."""

    grad: np.ndarray
    evaluations: int
    scheme: Scheme

    def __repr__(self) -> str:
        n = self.grad.size
        return (
            f"GradientResult(grad={np.array2string(self.grad, precision=6)}, "
            f"scheme={self.scheme.name!r}, evaluations={self.evaluations} "
            + _say("called", count=self.evaluations, n=n) + ")"
        )


def evaluations_per_gradient(scheme: Scheme | str, n: int) -> int:
    """How many calls of f a finite-difference gradient of f: Rⁿ → R needs.

    f(x) itself (offset 0) is shared by all n coordinates; every other point is one
    call per coordinate: n + 1 for forward, 2n for central, 4n for five-point.
    """
    scheme = get_scheme(scheme)
    offsets = [o for o, _ in scheme.terms]
    shared = 1 if 0.0 in offsets else 0
    return shared + n * (len(offsets) - shared)


def evaluation_count_table(
    ns: Iterable[int] = (1, 10, 100, 1_000, 1_000_000),
    schemes: Iterable[Scheme | str] = ("forward", "central", "five_point"),
) -> list[dict[str, int]]:
    """Rows {"n": n, "forward": n+1, "central": 2n, …}: the O(n) cost of a numeric gradient.

    A network with a million parameters would need two million forward passes per
    central-difference gradient; reverse-mode autodiff needs one forward and one
    backward pass, whatever n is.
    """
    schemes = [get_scheme(s) for s in schemes]
    rows = []
    for n in ns:
        if int(n) != n or n < 1:
            raise ValueError(f"n must be a positive integer (the number of inputs), got {n!r}")
        row = {"n": int(n)}
        row.update({s.name: evaluations_per_gradient(s, int(n)) for s in schemes})
        rows.append(row)
    return rows


def gradient(
    f: Callable, x, h=None, scheme: Scheme | str = "central", dtype=None
) -> GradientResult:
    """Finite-difference gradient of f: Rⁿ → R at x, one coordinate at a time.

    Each partial derivative ∂f/∂x_i perturbs x along e_i; the calls of f are counted
    and reported, because that count (n + 1 or 2n) is why autodiff exists.
    """
    _check_callable(f)
    scheme = get_scheme(scheme)
    if scheme.derivative != 1:
        raise ValueError(
            f"gradient() needs a first-derivative scheme, {scheme.name!r} approximates "
            f"derivative order {scheme.derivative}"
        )
    dt = _dtype_of(x, dtype)
    x_d = np.array(x, dtype=dt)
    if h is None:
        h = optimal_h(scheme, dt) * np.maximum(1.0, np.abs(x_d.astype(np.float64)))
    _check_h(h)
    h_d = np.broadcast_to(np.asarray(h, dtype=dt), x_d.shape)

    calls = 0

    def call(point: np.ndarray):
        nonlocal calls
        calls += 1
        value = np.asarray(f(point), dtype=dt)
        if value.size != 1:
            raise ValueError(
                f"f must return a scalar for gradient(), got an output of shape {value.shape}; "
                "for a vector output compute one row of the Jacobian at a time"
            )
        return value.reshape(())

    terms = scheme.terms
    f_at_x = call(x_d.copy()) if any(o == 0.0 for o, _ in terms) else None
    grad = np.zeros(x_d.shape, dtype=dt)
    for i in np.ndindex(x_d.shape):
        total = dt.type(0)
        for offset, weight in terms:
            if offset == 0.0:
                value = f_at_x
            else:
                point = x_d.copy()
                point[i] = x_d[i] + dt.type(offset) * h_d[i]
                value = call(point)
            total = total + dt.type(weight) * value
        grad[i] = total / h_d[i]
    return GradientResult(grad=grad, evaluations=calls, scheme=scheme)


# --------------------------------------------------------------------------------------
# Richardson extrapolation
# --------------------------------------------------------------------------------------


def richardson_table(
    f: Callable, x, h, scheme: Scheme | str = "central", levels: int = 2, dtype=None
) -> np.ndarray:
    """The Richardson tableau T[i, k] (lower triangle filled).

    T[i, 0] = D(h / 2^i); each column k cancels the k-th power of h in the error
    expansion: T[i, k] = T[i, k-1] + (T[i, k-1] - T[i-1, k-1]) / (2^p_k - 1).
    """
    _check_callable(f)
    scheme = get_scheme(scheme)
    if int(levels) != levels or levels < 0:
        raise ValueError(f"levels must be a non-negative integer, got {levels!r}")
    if h is None:
        raise ValueError("richardson needs a starting step h (e.g. 0.1); it halves it each level")
    _check_h(h)
    levels = int(levels)
    powers = error_expansion_powers(scheme, max(levels, 1))
    table = np.full((levels + 1, levels + 1), np.nan)
    for i in range(levels + 1):
        table[i, 0] = derivative(f, x, h / 2**i, scheme, dtype=dtype)
        for k in range(1, i + 1):
            factor = 2.0 ** powers[k - 1] - 1.0
            table[i, k] = table[i, k - 1] + (table[i, k - 1] - table[i - 1, k - 1]) / factor
    return table


def richardson(
    f: Callable, x, h, scheme: Scheme | str = "central", levels: int = 2, dtype=None
) -> float:
    """Richardson extrapolation: combine D(h), D(h/2), … to cancel error terms.

    With the central scheme (error c₂h² + c₄h⁴ + …) one level gives
    (4·D(h/2) − D(h)) / 3, of order 4; `levels` error terms are cancelled.
    """
    return float(richardson_table(f, x, h, scheme, levels, dtype=dtype)[-1, -1])


# --------------------------------------------------------------------------------------
# Error model
# --------------------------------------------------------------------------------------


def truncation_error(scheme: Scheme | str, h, higher_derivative: float = 1.0):
    """C·|f^(d+p)|·h^p: the first Taylor term the stencil does not cancel."""
    scheme = get_scheme(scheme)
    _check_h(h)
    h = np.asarray(h, dtype=np.float64)
    result = scheme.error_constant * abs(higher_derivative) * h**scheme.order
    return float(result) if result.ndim == 0 else result


def roundoff_error(scheme: Scheme | str, h, dtype=np.float64, f_scale: float = 1.0):
    """ε·Σ|w_k|·|f| / h^d: each f value is off by about ε·|f|, and we divide by h^d."""
    scheme = get_scheme(scheme)
    _check_h(h)
    h = np.asarray(h, dtype=np.float64)
    weight_sum = float(np.sum(np.abs(scheme.coefficients)))
    result = eps(dtype) * weight_sum * abs(f_scale) / h**scheme.derivative
    return float(result) if result.ndim == 0 else result


def total_error(
    scheme: Scheme | str,
    h,
    dtype=np.float64,
    f_scale: float = 1.0,
    higher_derivative: float = 1.0,
):
    """The model of the whole error: truncation + round-off."""
    return truncation_error(scheme, h, higher_derivative) + roundoff_error(
        scheme, h, dtype, f_scale
    )


def optimal_h(
    scheme: Scheme | str,
    dtype=np.float64,
    f_scale: float = 1.0,
    higher_derivative: float = 1.0,
) -> float:
    """The h that minimises total_error.

    With E(h) = C·M·h^p + ε·S·F / h^d, setting dE/dh = p·C·M·h^(p-1) − d·ε·S·F·h^(-d-1)
    to zero gives h* = (d·ε·S·F / (p·C·M))^(1/(p+d)): 2√ε for forward differences,
    (3ε)^(1/3) for central ones.
    """
    scheme = get_scheme(scheme)
    if not (f_scale > 0 and math.isfinite(f_scale)):
        raise ValueError(
            f"f_scale (the size |f(x)| of the function's values) must be positive, got {f_scale}"
        )
    if not (higher_derivative > 0 and math.isfinite(higher_derivative)):
        raise ValueError(
            "higher_derivative (the size of f^(d+p) near x) must be positive, "
            f"got {higher_derivative}; if it is 0 the scheme is exact and any large h works"
        )
    d, p = scheme.derivative, scheme.order
    weight_sum = float(np.sum(np.abs(scheme.coefficients)))
    numerator = d * eps(dtype) * weight_sum * f_scale
    denominator = p * scheme.error_constant * higher_derivative
    return float((numerator / denominator) ** (1.0 / (p + d)))


# --------------------------------------------------------------------------------------
# Empirical sweep over h
# --------------------------------------------------------------------------------------


@dataclass
class ErrorSweep:
    """Absolute error of a scheme at many step sizes, next to the model's prediction."""

    hs: np.ndarray
    errors: np.ndarray
    scheme: Scheme
    dtype: np.dtype
    best_h: float
    predicted_h: float

    def slope(self, h_min: float, h_max: float) -> float:
        """Least-squares slope of log10(error) against log10(h) for h in [h_min, h_max].

        In a truncation-dominated range this is the scheme's order; where round-off
        dominates it is about −d.
        """
        if not h_min < h_max:
            raise ValueError(f"need h_min < h_max, got h_min={h_min}, h_max={h_max}")
        in_range = (self.hs >= h_min) & (self.hs <= h_max)
        keep = in_range & (self.errors > 0) & np.isfinite(self.errors)
        if keep.sum() < 2:
            raise ValueError(
                f"fewer than two step sizes with a non-zero error lie in [{h_min:g}, {h_max:g}]; "
                f"the sweep covers [{self.hs.min():g}, {self.hs.max():g}]"
            )
        slope, _ = np.polyfit(np.log10(self.hs[keep]), np.log10(self.errors[keep]), 1)
        return float(slope)

    def __repr__(self) -> str:
        return (
            f"ErrorSweep(scheme={self.scheme.name!r}, dtype={self.dtype}, {len(self.hs)} steps "
            f"from {self.hs.min():.0e} to {self.hs.max():.0e}, best_h={self.best_h:.2e}, "
            f"predicted_h={self.predicted_h:.2e}, min error={np.min(self.errors):.2e})"
        )


def error_vs_h(
    f: Callable,
    df: Callable,
    x,
    scheme: Scheme | str = "central",
    dtype=np.float64,
    hs=None,
    higher_derivative: float = 1.0,
) -> ErrorSweep:
    """Sweep h and record |numeric − exact|, the data behind the error-vs-h plot.

    The derivative is computed in `dtype`; the exact value df(x) in float64 at the
    same (dtype-rounded) x. `predicted_h` is optimal_h with f_scale = |f(x)|
    (1 if f(x) = 0).
    """
    _check_callable(f)
    _check_callable(df)
    scheme = get_scheme(scheme)
    dt = _float_dtype(dtype)
    hs = np.logspace(-16, 0, 161) if hs is None else np.asarray(hs, dtype=np.float64).ravel()
    if hs.size == 0:
        raise ValueError("hs is empty; pass step sizes such as np.logspace(-16, 0, 161)")
    _check_h(hs)
    x_d = dt.type(x)
    x64 = np.float64(x_d)
    exact = float(df(x64))
    with np.errstate(all="ignore"):  # huge h may leave f's domain; those errors stay nan/inf
        errors = np.array([abs(derivative(f, x_d, h, scheme, dtype=dt) - exact) for h in hs])
    f_scale = abs(float(f(x64))) or 1.0
    return ErrorSweep(
        hs=hs,
        errors=errors,
        scheme=scheme,
        dtype=dt,
        best_h=_best_h(hs, errors),
        predicted_h=optimal_h(scheme, dt, f_scale=f_scale, higher_derivative=higher_derivative),
    )


def _best_h(hs: np.ndarray, errors: np.ndarray, half_width: float = 0.25) -> float:
    """The h with the smallest error, judged on the error's upper envelope.

    Where round-off dominates, the error jumps around and now and then two rounding
    errors cancel by luck; the largest error within ±`half_width` decades is what a
    learner can count on near that h, so the minimum is taken over that envelope.
    """
    log_h = np.log10(hs)
    bad = ~np.isfinite(errors)
    errors = np.where(bad, np.inf, errors)
    envelope = np.array([errors[np.abs(log_h - c) <= half_width].max() for c in log_h])
    return float(hs[int(np.argmin(envelope))])


# --------------------------------------------------------------------------------------
# Formatting helpers for Scheme.__str__
# --------------------------------------------------------------------------------------


def _as_fraction(value: float) -> Fraction | float:
    q = Fraction(value).limit_denominator(100_000)
    return q if abs(float(q) - value) <= 1e-12 * max(1.0, abs(value)) else value


def _format_number(value) -> str:
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else str(value)
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.6g}"


def _format_point(offset: float) -> str:
    if offset == 0:
        return "x"
    q = _as_fraction(abs(offset))
    sign = "+" if offset > 0 else "-"
    if isinstance(q, Fraction):
        numerator = "" if q.numerator == 1 else str(q.numerator)
        step = f"{numerator}h" if q.denominator == 1 else f"{numerator}h/{q.denominator}"
    else:
        step = f"{q:.6g}h"
    return f"x {sign} {step}"


_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _superscript(n: int) -> str:
    return "" if n == 1 else str(n).translate(_SUPERSCRIPTS)


def _derivative_symbol(d: int) -> str:
    return "f" + "'" * d if d <= 3 else f"f^({d})"
