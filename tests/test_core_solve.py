"""The core's scalar solvers (no SciPy): Brent's root finder and golden-section search,
checked against closed forms and, where SciPy is installed, against SciPy itself."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standoff.core.solve import NoConvergence, brentq, golden_max


@pytest.mark.parametrize(("f", "a", "b", "root"), [
    (lambda x: x * x - 2.0, 0.0, 2.0, math.sqrt(2.0)),
    (lambda x: math.cos(x) - x, 0.0, 1.0, 0.7390851332151607),
    (lambda x: x ** 3, -1.0, 0.5, 0.0),
    (lambda x: math.exp(x) - 5.0, 0.0, 4.0, math.log(5.0)),
])
def test_brentq_finds_known_roots(f, a, b, root) -> None:
    assert brentq(f, a, b, xtol=1e-13, maxiter=500) == pytest.approx(root, abs=1e-12)


def test_brentq_on_a_step_converges_to_the_step_within_xtol() -> None:
    got = brentq(lambda x: -1.0 if x < 0.3 else 1.0, 0.0, 1.0, xtol=1e-9)
    assert abs(got - 0.3) <= 1e-9


def test_brentq_refuses_a_bracket_without_a_sign_change() -> None:
    with pytest.raises(ValueError):
        brentq(lambda x: x * x + 1.0, -1.0, 1.0)
    with pytest.raises(NoConvergence):
        brentq(lambda x: math.exp(x) - 1.5, 0.0, 1.0, xtol=1e-15, maxiter=2)


@settings(deadline=None)
@given(st.floats(-50, 50), st.floats(0.01, 20), st.floats(0.1, 3.0))
def test_brentq_matches_scipy(c: float, width: float, power: float) -> None:
    optimize = pytest.importorskip("scipy.optimize")

    def f(x: float) -> float:
        return math.copysign(abs(x - c) ** power, x - c)

    a, b = c - width / 3.0, c + width
    ours = brentq(f, a, b, xtol=1e-10, rtol=1e-10, maxiter=200)
    theirs = optimize.brentq(f, a, b, xtol=1e-10, rtol=1e-10, maxiter=200)
    assert ours == theirs  # the same algorithm, step for step


@given(st.floats(-10, 10), st.floats(0.5, 5))
def test_golden_max_finds_the_vertex_of_a_parabola(m: float, scale: float) -> None:
    x, fx = golden_max(lambda t: -scale * (t - m) ** 2 + 1.0, m - 3.0, m + 7.0, xtol=1e-10)
    assert abs(x - m) <= 3e-8 * max(1.0, abs(m)) / math.sqrt(scale)  # values tie in floating point closer in
    assert fx == pytest.approx(1.0, abs=1e-12)


def test_golden_max_at_a_kink_is_within_xtol() -> None:
    x, _ = golden_max(lambda t: -abs(t - 0.3), 0.0, 1.0, xtol=1e-12)
    assert abs(x - 0.3) <= 1e-12


def test_golden_max_at_an_end_of_the_interval() -> None:
    x, _ = golden_max(lambda t: t, 0.0, 1.0, xtol=1e-12)
    assert x == pytest.approx(1.0, abs=1e-11)
