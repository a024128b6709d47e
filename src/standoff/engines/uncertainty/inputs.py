"""The uncertain numbers of a scenario, with their quantile functions.

Each number given as a distribution in the file is an :class:`UncertainInput`, named by
its dotted path (``instruments.military_action.credibility``). Its quantile function
(the inverse of its distribution function) maps a point of the unit interval to a
value: sensitivity designs are drawn on the unit hypercube (SALib's Saltelli sampler)
and mapped through it, and a tornado swings each input between its 5 % and 95 %
quantiles. Closed forms for the uniform, triangular, normal (truncated to the field's
range, as the sampler truncates it) and lognormal; the beta quantile is SciPy's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from standoff.core.distributions import normal_quantile


class Quantity(Protocol):
    """What the sensitivity analyses read of a number of the file (a
    :class:`standoff.scenario.quantity.Quantity` is one)."""

    @property
    def dist(self) -> str | None: ...

    @property
    def low(self) -> float | None: ...

    @property
    def high(self) -> float | None: ...

    @property
    def mode(self) -> float | None: ...

    @property
    def a(self) -> float | None: ...

    @property
    def b(self) -> float | None: ...

    @property
    def mean(self) -> float | None: ...

    @property
    def sd(self) -> float | None: ...

    @property
    def mu(self) -> float | None: ...

    @property
    def sigma(self) -> float | None: ...


    @property
    def nominal(self) -> float: ...

    @property
    def bounds(self) -> tuple[float, float]: ...


class Compiles(Protocol):
    """What the sensitivity analyses need of a scenario: its compile step and its
    uncertain numbers (:class:`standoff.scenario.Scenario` is one)."""

    @property
    def id(self) -> str: ...

    def case(self, draws: int | None = None, seed: int = 0, overrides: Any = None) -> Any: ...

    def uncertain(self) -> Sequence[tuple[tuple[str | int, ...], Quantity]]: ...


def _phi_cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


@dataclass(frozen=True)
class UncertainInput:
    """One uncertain number: path, distribution and parameters, nominal value, and the
    range of its field."""

    path: str
    dist: str
    nominal: float
    bounds: tuple[float, float]
    params: dict[str, float] = field(default_factory=dict)

    def ppf(self, u: np.ndarray | float) -> np.ndarray:
        """The quantile function at ``u`` (values in [0, 1])."""
        u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
        p = self.params
        lo_b, hi_b = self.bounds
        if self.dist == "uniform":
            out = p["low"] + (p["high"] - p["low"]) * u
        elif self.dist == "triangular":
            lo, mode, hi = p["low"], p["mode"], p["high"]
            fc = (mode - lo) / (hi - lo)
            left = lo + np.sqrt(u * (hi - lo) * (mode - lo))
            right = hi - np.sqrt((1.0 - u) * (hi - lo) * (hi - mode))
            out = np.where(u < fc, left, right)
        elif self.dist == "beta":
            from scipy.stats import beta

            out = p["low"] + (p["high"] - p["low"]) * beta.ppf(u, p["a"], p["b"])
        elif self.dist == "normal":
            m, s = p["mean"], p["sd"]
            a, b = _phi_cdf((lo_b - m) / s), _phi_cdf((hi_b - m) / s)
            q = np.clip(a + (b - a) * u, 1e-300, 1 - 1e-16)
            out = m + s * normal_quantile(q)
        else:  # lognormal
            out = np.exp(p["mu"] + p["sigma"] * normal_quantile(np.clip(u, 1e-12, 1 - 1e-12)))
        return np.clip(out, lo_b, hi_b)

    def quantiles(self, low: float = 0.05, high: float = 0.95) -> tuple[float, float]:
        """The ``low`` and ``high`` quantiles (the 5-95 % range by default)."""
        a, b = self.ppf(np.array([low, high]))
        return float(a), float(b)

    def search_range(self) -> tuple[float, float]:
        """Where a threshold is looked for: the support for bounded distributions, the
        0.5-99.5 % quantiles for unbounded ones."""
        if self.dist in ("uniform", "triangular", "beta"):
            return float(self.ppf(0.0)), float(self.ppf(1.0))
        return self.quantiles(0.005, 0.995)


def from_quantity(path: str, q: Quantity) -> UncertainInput:
    """The input of one distribution of the file."""
    if q.dist is None:
        raise ValueError(f"{path} is a fixed number")
    names = ("low", "high", "mode", "a", "b", "mean", "sd", "mu", "sigma")
    params = {k: float(getattr(q, k)) for k in names if getattr(q, k) is not None}
    if q.dist == "beta":
        params.setdefault("low", 0.0)
        params.setdefault("high", 1.0)
    return UncertainInput(path=path, dist=q.dist, nominal=float(q.nominal), bounds=q.bounds, params=params)


def uncertain_inputs(model: Compiles) -> list[UncertainInput]:
    """Every number of the scenario given as a distribution, in file order."""
    from standoff.scenario.case.draws import dotted

    return [from_quantity(dotted(p), q) for p, q in model.uncertain()]


def select(inputs: Sequence[UncertainInput], paths: Sequence[str] | None) -> list[UncertainInput]:
    """The inputs named by ``paths`` (all of them for ``None``)."""
    if paths is None:
        return list(inputs)
    by = {i.path: i for i in inputs}
    return [by[p] for p in paths if p in by]


class WithOverrides:
    """A scenario with some numbers fixed (``--set``): every compile adds the fixed
    values, and the fixed numbers are no longer uncertain inputs."""

    def __init__(self, model: Compiles, fixed: dict[str, float]):
        self.model = model
        self.fixed = dict(fixed)

    @property
    def id(self) -> str:
        return self.model.id

    def case(self, draws: int | None = None, seed: int = 0, overrides: Any = None) -> Any:
        extra = dict(overrides or {})
        return self.model.case(draws=draws, seed=seed, overrides={**self.fixed, **extra})

    def uncertain(self) -> list[tuple[tuple[str | int, ...], Quantity]]:
        from standoff.scenario.case.draws import dotted

        return [(p, q) for p, q in self.model.uncertain() if dotted(p) not in self.fixed]

    def quantities(self) -> list[tuple[tuple[str | int, ...], Quantity]]:
        from standoff.scenario.case.draws import dotted

        got = getattr(self.model, "quantities", None)
        return [] if got is None else [(p, q) for p, q in got() if dotted(p) not in self.fixed]
