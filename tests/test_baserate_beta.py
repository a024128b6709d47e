"""Beta quantiles written without scipy agree with scipy."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from standoff.engines.baserate.beta import beta_cdf, beta_ppf

stats = pytest.importorskip("scipy.stats")

shapes = st.floats(0.5, 3000.0, allow_nan=False)


@given(shapes, shapes, st.floats(0.0, 1.0))
def test_cdf_matches_scipy(a: float, b: float, x: float) -> None:
    assert beta_cdf(x, a, b) == pytest.approx(stats.beta.cdf(x, a, b), abs=1e-10)


@given(shapes, shapes, st.sampled_from([0.0, 0.001, 0.05, 0.5, 0.95, 0.999, 1.0]))
def test_quantile_matches_scipy(a: float, b: float, q: float) -> None:
    assert beta_ppf(q, a, b) == pytest.approx(stats.beta.ppf(q, a, b), abs=1e-9)


@pytest.mark.parametrize(("a", "b"), [(0.5, 0.5), (0.5, 2212.5), (2212.5, 0.5), (42.5, 46.5)])
def test_quantiles_at_the_edges_of_the_shipped_classes(a: float, b: float) -> None:
    for q in (0.05, 0.95):
        assert beta_ppf(q, a, b) == pytest.approx(stats.beta.ppf(q, a, b), abs=1e-10)


def test_bad_arguments_raise() -> None:
    with pytest.raises(ValueError):
        beta_cdf(0.5, 0.0, 1.0)
    with pytest.raises(ValueError):
        beta_ppf(1.5, 1.0, 1.0)
