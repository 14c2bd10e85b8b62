"""Tests for course_lib.numdiff: schemes from Taylor, orders, error model and sweeps."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import numdiff as nd

# f, f', and f^(n) for a few entire functions whose Taylor series converge everywhere,
# at points where the derivatives the model needs are not close to zero.
FUNCTIONS = {
    "exp@0.5": (np.exp, lambda x, n: np.exp(x), 0.5),
    "sin@1": (np.sin, lambda x, n: np.sin(x + n * np.pi / 2), 1.0),
    "cos@1": (np.cos, lambda x, n: np.cos(x + n * np.pi / 2), 1.0),
}

# Ranges of h where truncation dominates: round-off must be far below C·h^p and h small
# enough that the next Taylor term is negligible. float32's ε ≈ 1e-7 pushes them up.
TRUNCATION_RANGES = {
    (np.float64, "forward"): (1e-6, 1e-2),
    (np.float64, "backward"): (1e-6, 1e-2),
    (np.float64, "central"): (1e-4, 1e-1),
    (np.float64, "five_point"): (1e-2, 2e-1),
    (np.float32, "forward"): (1e-3, 3e-2),
    (np.float32, "backward"): (1e-3, 3e-2),
    (np.float32, "central"): (1e-2, 1e-1),
    (np.float32, "five_point"): (1e-1, 5e-1),
}


# ----------------------------------------------------------------------------- schemes


def test_named_scheme_coefficients():
    np.testing.assert_allclose(nd.FORWARD.coefficients, [-1, 1])
    np.testing.assert_allclose(nd.BACKWARD.coefficients, [-1, 1])
    np.testing.assert_allclose(nd.CENTRAL.coefficients, [-1 / 2, 1 / 2])
    np.testing.assert_allclose(
        nd.FIVE_POINT.coefficients, [1 / 12, -2 / 3, 0, 2 / 3, -1 / 12], atol=1e-15
    )
    assert nd.FIVE_POINT.exact_coefficients == tuple(
        Fraction(q) for q in ("1/12", "-2/3", "0", "2/3", "-1/12")
    )


def test_named_scheme_orders_and_error_constants():
    assert [nd.SCHEMES[k].order for k in ("forward", "backward", "central", "five_point")] == [
        1, 1, 2, 4,
    ]
    # forward: h/2·f'', central: h²/6·f''', five-point: h⁴/30·f^(5)
    assert nd.FORWARD.error_constant == pytest.approx(1 / 2)
    assert nd.CENTRAL.error_constant == pytest.approx(1 / 6)
    assert nd.FIVE_POINT.error_constant == pytest.approx(1 / 30)


def test_second_derivative_stencil():
    s = nd.stencil((-1, 0, 1), derivative_order=2)
    np.testing.assert_allclose(s.coefficients, [1, -2, 1])
    assert (s.derivative, s.order) == (2, 2)
    assert s.error_constant == pytest.approx(1 / 12)
    assert nd.derivative(np.sin, 1.0, h=1e-3, scheme=s) == pytest.approx(-np.sin(1.0), rel=1e-6)


def test_one_sided_three_point_stencil_is_second_order():
    s = nd.stencil((0, 1, 2))
    np.testing.assert_allclose(s.coefficients, [-3 / 2, 2, -1 / 2])
    assert s.order == 2 and s.error_constant == pytest.approx(1 / 3)


def test_irrational_offsets_are_solved_in_float64():
    s = nd.stencil((-math.sqrt(2), math.sqrt(2)))
    assert s.exact_coefficients is None
    np.testing.assert_allclose(s.coefficients, [-1 / (2 * math.sqrt(2)), 1 / (2 * math.sqrt(2))])
    assert s.order == 2


def test_taylor_system_is_solved_by_the_coefficients():
    matrix, rhs = nd.taylor_system(nd.FIVE_POINT.offsets, 1)
    np.testing.assert_allclose(matrix @ nd.FIVE_POINT.coefficients, rhs, atol=1e-14)


def test_str_shows_the_formula_with_fractions():
    text = str(nd.FIVE_POINT)
    assert "1/12" in text and "2/3" in text and "f(x + 2h)" in text and "order 4" in text
    assert "f(x)" not in text  # the zero-weight centre is not evaluated
    text2 = str(nd.stencil((-1, 0, 1), 2))
    assert "f''(x)" in text2 and "h²" in text2


def test_scheme_is_frozen_and_hashable():
    with pytest.raises(ValueError):
        nd.CENTRAL.coefficients[0] = 3.0
    assert nd.CENTRAL == nd.stencil((-1, 1), name="central")
    assert len({nd.CENTRAL, nd.FORWARD, nd.stencil((-1, 1), name="central")}) == 2


def test_scheme_by_name_and_unknown_name():
    assert nd.get_scheme("five-point") is nd.FIVE_POINT
    with pytest.raises(ValueError, match="central.*five_point|five_point.*central"):
        nd.derivative(np.sin, 1.0, scheme="centre")


@pytest.mark.parametrize(
    "offsets, order, message",
    [((0, 0, 1), 1, "distinct"), ((0,), 1, "at least 2"), ((-1, 1), 2, "at least 3"),
     ((-1, 1), 0, "positive integer")],
)
def test_bad_stencils(offsets, order, message):
    with pytest.raises(ValueError, match=message):
        nd.stencil(offsets, order)


# ------------------------------------------------------------- exactness on polynomials


@settings(max_examples=60, deadline=None)
@given(
    scheme=st.sampled_from(
        [nd.FORWARD, nd.BACKWARD, nd.CENTRAL, nd.FIVE_POINT, nd.stencil((-1, 0, 1), 2),
         nd.stencil((0, 1, 2))]
    ),
    data=st.data(),
    x=st.floats(-2, 2),
    h=st.floats(1e-3, 1.0),
)
def test_scheme_is_exact_on_polynomials_up_to_its_degree(scheme, data, x, h):
    # Taylor's remainder vanishes for polynomials of degree ≤ d + p − 1.
    degree = scheme.derivative + scheme.order - 1
    coeffs = data.draw(st.lists(st.floats(-10, 10), min_size=degree + 1, max_size=degree + 1))
    poly = np.polynomial.Polynomial(coeffs)
    exact = poly.deriv(scheme.derivative)(x)
    approx = nd.derivative(poly, x, h=h, scheme=scheme)
    reach = abs(x) + h * max(abs(o) for o in scheme.offsets)
    size = sum(abs(c) * reach**i for i, c in enumerate(coeffs))
    roundoff = 64 * nd.eps() * np.abs(scheme.coefficients).sum() * size / h**scheme.derivative
    assert abs(approx - exact) <= roundoff + 1e-300


def test_cubic_breaks_central_difference_by_the_predicted_amount():
    # the test above must be able to fail: one degree more and the h²/6·f''' term appears
    h = 0.1
    approx = nd.derivative(lambda x: x**3, 1.0, h=h, scheme="central")
    assert approx - 3.0 == pytest.approx(nd.CENTRAL.error_constant * 6 * h**2, rel=1e-9)


# ----------------------------------------------------------------- derivative / dtype


def test_derivative_default_h_is_accurate():
    assert nd.derivative(np.sin, 1.0) == pytest.approx(np.cos(1.0), rel=1e-9)
    assert nd.derivative(np.sin, 1.0, scheme="five_point") == pytest.approx(np.cos(1.0), rel=1e-12)


def test_dtype_decides_the_arithmetic():
    seen = []

    def f(x):
        seen.append(type(x))
        return x * x

    nd.derivative(f, np.float32(3.0), h=1e-2)
    assert set(seen) == {np.float32}
    seen.clear()
    nd.derivative(f, 3.0, h=1e-2, dtype=np.float32)
    assert set(seen) == {np.float32}
    seen.clear()
    nd.derivative(f, 3.0, h=1e-2)
    assert set(seen) == {np.float64}


def test_seed_pitfall_float32_with_tiny_h():
    # the seed's x² at 3 with eps=1e-5: float64 is fine, float32 loses digits
    err64 = abs(nd.derivative(lambda x: x**2, 3.0, h=1e-5) - 6.0)
    err32 = abs(nd.derivative(lambda x: x**2, np.float32(3.0), h=1e-5) - 6.0)
    assert err64 < 1e-8
    assert err32 > 1e-3


def test_derivative_of_array_x_is_elementwise():
    xs = np.linspace(0, 3, 7)
    np.testing.assert_allclose(nd.derivative(np.sin, xs), np.cos(xs), rtol=1e-8, atol=1e-9)


# ---------------------------------------------------------------------------- gradient


@pytest.mark.parametrize("scheme, expected", [("forward", 5 + 1), ("backward", 5 + 1),
                                              ("central", 2 * 5), ("five_point", 4 * 5)])
def test_gradient_counts_its_evaluations(scheme, expected):
    calls = []

    def f(v):
        calls.append(1)
        return np.sum(v**2) + v[0] * v[1]

    x = np.arange(1.0, 6.0)
    result = nd.gradient(f, x, scheme=scheme)
    assert result.evaluations == len(calls) == expected
    assert nd.evaluations_per_gradient(scheme, 5) == expected
    expected_grad = 2 * x + np.array([x[1], x[0], 0, 0, 0])
    np.testing.assert_allclose(result.grad, expected_grad, rtol=1e-5)
    assert f"evaluations={expected}" in repr(result)


def test_gradient_keeps_float32_and_works_on_matrices():
    x = np.ones((2, 3), dtype=np.float32)
    result = nd.gradient(lambda m: np.sum(np.sin(m)), x)
    assert result.grad.dtype == np.float32 and result.grad.shape == (2, 3)
    np.testing.assert_allclose(result.grad, np.cos(1.0), rtol=1e-3)


def test_gradient_needs_scalar_output():
    with pytest.raises(ValueError, match="scalar"):
        nd.gradient(lambda v: v * 2, np.ones(3))


def test_evaluation_count_table_grows_linearly():
    rows = nd.evaluation_count_table([1, 10, 1000])
    assert [r["n"] for r in rows] == [1, 10, 1000]
    assert [r["forward"] for r in rows] == [2, 11, 1001]
    assert [r["central"] for r in rows] == [2, 20, 2000]
    assert [r["five_point"] for r in rows] == [4, 40, 4000]


# -------------------------------------------------------------------------- richardson


@pytest.mark.parametrize("scheme", ["forward", "central", "five_point"])
def test_richardson_improves_accuracy(scheme):
    h = 0.2 if scheme != "forward" else 0.05
    plain = abs(nd.derivative(np.exp, 0.5, h=h, scheme=scheme) - np.exp(0.5))
    one = abs(nd.richardson(np.exp, 0.5, h, scheme=scheme, levels=1) - np.exp(0.5))
    two = abs(nd.richardson(np.exp, 0.5, h, scheme=scheme, levels=2) - np.exp(0.5))
    assert one < plain / 10
    assert two < one


def test_richardson_one_level_on_central_is_the_classic_formula():
    d1 = nd.derivative(np.sin, 1.0, 0.1)
    d2 = nd.derivative(np.sin, 1.0, 0.05)
    assert nd.richardson(np.sin, 1.0, 0.1, levels=1) == pytest.approx((4 * d2 - d1) / 3, rel=1e-14)
    assert nd.error_expansion_powers("central", 3) == [2, 4, 6]
    assert nd.error_expansion_powers("forward", 3) == [1, 2, 3]


# ------------------------------------------------------------------------- error model


def test_optimal_h_closed_form_matches_the_numeric_minimum():
    for name in ("forward", "central", "five_point"):
        for dt in (np.float32, np.float64):
            hs = np.logspace(-12, 0, 20001)
            model = nd.total_error(name, hs, dt, f_scale=2.0, higher_derivative=3.0)
            h_star = nd.optimal_h(name, dt, f_scale=2.0, higher_derivative=3.0)
            assert h_star == pytest.approx(hs[np.argmin(model)], rel=2e-3)


def test_optimal_h_scales_like_powers_of_eps():
    for dt in (np.float32, np.float64):
        e = nd.eps(dt)
        assert nd.optimal_h("forward", dt) == pytest.approx(2 * math.sqrt(e))
        assert nd.optimal_h("central", dt) == pytest.approx((3 * e) ** (1 / 3))
        assert nd.optimal_h("five_point", dt) == pytest.approx((45 / 4 * e) ** (1 / 5))
    assert nd.eps(np.float32) == nd.machine_epsilon(np.float32) == np.finfo(np.float32).eps


def test_roundoff_and_truncation_models():
    assert nd.roundoff_error("central", 1e-3, np.float64, f_scale=2.0) == pytest.approx(
        nd.eps() * 1.0 * 2.0 / 1e-3
    )
    assert nd.truncation_error("forward", 1e-2, higher_derivative=4.0) == pytest.approx(2e-2)
    assert nd.roundoff_error(nd.stencil((-1, 0, 1), 2), 1e-2, np.float32) == pytest.approx(
        nd.eps(np.float32) * 4 / 1e-4
    )


# ------------------------------------------------------------------------------ sweeps


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize("scheme", ["forward", "backward", "central", "five_point"])
@pytest.mark.parametrize("case", list(FUNCTIONS))
def test_measured_slope_matches_order(case, scheme, dtype):
    f, dn, x = FUNCTIONS[case]
    sweep = nd.error_vs_h(f, lambda t: dn(t, 1), x, scheme, dtype)
    h_min, h_max = TRUNCATION_RANGES[(dtype, scheme)]
    tolerance = 0.05 if dtype is np.float64 else 0.2
    assert sweep.slope(h_min, h_max) == pytest.approx(nd.get_scheme(scheme).order, abs=tolerance)


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
def test_slope_in_roundoff_range_is_minus_one(dtype):
    # left of the optimum the error grows like ε/h: slope about -1 (noisy, so a loose check)
    sweep = nd.error_vs_h(np.exp, np.exp, 0.5, "central", dtype)
    h_star = sweep.predicted_h
    assert sweep.slope(h_star * 1e-6, h_star * 1e-2) == pytest.approx(-1, abs=0.3)


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize("scheme", ["forward", "central", "five_point"])
@pytest.mark.parametrize("case", list(FUNCTIONS))
def test_best_h_is_near_the_predicted_h(case, scheme, dtype):
    f, dn, x = FUNCTIONS[case]
    order = nd.get_scheme(scheme).order
    sweep = nd.error_vs_h(
        f, lambda t: dn(t, 1), x, scheme, dtype, higher_derivative=abs(dn(x, 1 + order))
    )
    assert sweep.predicted_h == pytest.approx(
        nd.optimal_h(scheme, dtype, f_scale=abs(f(x)), higher_derivative=abs(dn(x, 1 + order)))
    )
    decades = abs(math.log10(sweep.best_h / sweep.predicted_h))
    assert decades <= 1.25, sweep


def test_sweep_fields_and_default_hs():
    sweep = nd.error_vs_h(np.sin, np.cos, 2.0)
    assert sweep.hs.min() == pytest.approx(1e-16) and sweep.hs.max() == pytest.approx(1.0)
    assert sweep.errors.shape == sweep.hs.shape and sweep.dtype == np.float64
    assert sweep.scheme is nd.CENTRAL
    # at h = 1e-16, 2 ± h rounds to 2 (the spacing of floats near 2 is 4.4e-16):
    # the difference is 0 and the error is all of |f'(x)|
    assert sweep.errors[0] == pytest.approx(abs(np.cos(2.0)))
    with pytest.raises(ValueError, match="fewer than two"):
        sweep.slope(1e3, 1e4)


# -------------------------------------------------------------------------- bad input


def test_bad_input_errors():
    with pytest.raises(ValueError, match="callable"):
        nd.derivative(3.0, 1.0)
    with pytest.raises(ValueError, match="callable"):
        nd.gradient("sin", np.ones(2))
    with pytest.raises(ValueError, match="positive"):
        nd.derivative(np.sin, 1.0, h=0.0)
    with pytest.raises(ValueError, match="positive"):
        nd.derivative(np.sin, 1.0, h=-1e-3)
    with pytest.raises(ValueError, match="positive"):
        nd.error_vs_h(np.sin, np.cos, 1.0, hs=[1e-3, 0.0])
    with pytest.raises(ValueError, match="floating-point"):
        nd.derivative(np.sin, 1.0, dtype=np.int64)
    with pytest.raises(ValueError, match="levels"):
        nd.richardson(np.sin, 1.0, 0.1, levels=-1)
    with pytest.raises(ValueError, match="first-derivative"):
        nd.gradient(lambda v: v.sum(), np.ones(2), scheme=nd.stencil((-1, 0, 1), 2))
