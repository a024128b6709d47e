"""Numbers with provenance and, optionally, uncertainty.

Every number in a scenario is a :class:`Quantity`: either a fixed ``value`` or a
distribution (``dist:`` uniform, triangular, beta, normal truncated to the field's
range, lognormal), with its provenance: ``source:`` (the id of an entry in
``sources``, plus a ``note`` saying what it supports, never a quotation) or
``assumption:`` (a short reason). A bare number is accepted and inherits the provenance
of the nearest enclosing block that has one; the loader rejects a number that has none.

Each field declares the range its values may take (a probability lies in [0, 1], a cost
is non-negative); a fixed value or a distribution's support outside that range is an
error, and normal distributions are truncated to it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PrivateAttr,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from standoff.core.distributions import Phi as _Phi
from standoff.core.distributions import normal_quantile
from standoff.core.distributions import phi as _phi
from standoff.core.errors import unknown_key_hint

DistName = Literal["uniform", "triangular", "beta", "normal", "lognormal"]

_PARAMS: dict[str, tuple[str, ...]] = {
    "uniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "beta": ("a", "b"),  # optional low/high rescale the support, default [0, 1]
    "normal": ("mean", "sd"),
    "lognormal": ("mu", "sigma"),
}
_OPTIONAL: dict[str, tuple[str, ...]] = {"beta": ("low", "high")}
_ALL_PARAMS = ("low", "high", "mode", "a", "b", "mean", "sd", "mu", "sigma")


class Quantity(BaseModel):
    """A number with provenance: a fixed ``value`` or a distribution ``dist``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float | None = Field(default=None, description="a fixed value")
    dist: DistName | None = Field(default=None, description="or a distribution")
    low: float | None = Field(default=None, description="lower end (uniform, triangular, beta)")
    high: float | None = Field(default=None, description="upper end (uniform, triangular, beta)")
    mode: float | None = Field(default=None, description="most likely value (triangular)")
    a: float | None = Field(default=None, description="first shape parameter (beta)")
    b: float | None = Field(default=None, description="second shape parameter (beta)")
    mean: float | None = Field(default=None, description="mean before truncation (normal)")
    sd: float | None = Field(default=None, description="standard deviation (normal)")
    mu: float | None = Field(default=None, description="mean of the logarithm (lognormal)")
    sigma: float | None = Field(default=None, description="sd of the logarithm (lognormal)")
    source: str | None = Field(default=None, description="id of an entry in `sources`")
    note: str | None = Field(default=None, description="what the source supports (no quotations)")
    assumption: str | None = Field(default=None, description="why this is assumed")

    _bounds: tuple[float, float] = PrivateAttr(default=(-math.inf, math.inf))

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: GetJsonSchemaHandler) -> Any:
        # A bare number is accepted too (it inherits its block's provenance).
        obj = handler(core_schema)
        return {
            "anyOf": [{"type": "number"}, obj],
            "description": "a number, or a mapping with 'value' or 'dist' and its provenance",
        }

    @model_validator(mode="before")
    @classmethod
    def _from_number(cls, data: Any) -> Any:
        if isinstance(data, bool):
            raise PydanticCustomError("number_type", "expected a number, got a boolean")
        if isinstance(data, int | float):
            return {"value": data}
        if isinstance(data, dict):
            allowed = set(cls.model_fields)
            for key in data:
                if key not in allowed:
                    raise PydanticCustomError(
                        "unknown_key",
                        "unknown key '{key}' in a number ({hint})",
                        {"key": key, "hint": unknown_key_hint(str(key), allowed)},
                    )
            return data
        raise PydanticCustomError(
            "quantity_type",
            "expected a number or a mapping with 'value' or 'dist' (got {kind})",
            {"kind": type(data).__name__},
        )

    @model_validator(mode="after")
    def _check_shape(self) -> Quantity:
        given = {p for p in _ALL_PARAMS if getattr(self, p) is not None}
        if self.value is not None and self.dist is not None:
            raise PydanticCustomError("quantity_both", "give either 'value' or 'dist', not both")
        if self.value is None and self.dist is None:
            raise PydanticCustomError("quantity_empty", "give a 'value' or a 'dist'")
        if self.value is not None:
            if given:
                raise PydanticCustomError(
                    "quantity_params",
                    "distribution parameters {params} given with a fixed 'value'",
                    {"params": ", ".join(sorted(given))},
                )
            if not math.isfinite(self.value):
                raise PydanticCustomError("quantity_finite", "value must be finite")
            return self
        assert self.dist is not None
        need = set(_PARAMS[self.dist])
        allowed = need | set(_OPTIONAL.get(self.dist, ()))
        if missing := need - given:
            raise PydanticCustomError(
                "dist_params",
                "{dist} distribution needs {missing}",
                {"dist": self.dist, "missing": ", ".join(sorted(missing))},
            )
        if extra := given - allowed:
            raise PydanticCustomError(
                "dist_params",
                "{dist} distribution takes {allowed}, not {extra}",
                {"dist": self.dist, "allowed": ", ".join(_PARAMS[self.dist]), "extra": ", ".join(sorted(extra))},
            )
        for p in given:
            if not math.isfinite(getattr(self, p)):
                raise PydanticCustomError("quantity_finite", "parameter {p} must be finite", {"p": p})
        lo, hi = self.support
        if self.dist in ("uniform", "triangular") and not lo < hi:
            raise PydanticCustomError("dist_order", "need low < high")
        if self.dist == "triangular" and not (lo <= (self.mode or 0.0) <= hi):
            raise PydanticCustomError("dist_order", "need low <= mode <= high")
        if self.dist == "beta" and ((self.a or 0) <= 0 or (self.b or 0) <= 0 or not lo < hi):
            raise PydanticCustomError("dist_params", "beta needs a > 0, b > 0 and low < high")
        if self.dist == "normal" and (self.sd or 0) <= 0:
            raise PydanticCustomError("dist_params", "normal needs sd > 0")
        if self.dist == "lognormal" and (self.sigma or 0) <= 0:
            raise PydanticCustomError("dist_params", "lognormal needs sigma > 0")
        return self

    # -- properties ------------------------------------------------------------------
    @property
    def is_fixed(self) -> bool:
        return self.dist is None

    @property
    def has_provenance(self) -> bool:
        return bool(self.source or self.assumption)

    @property
    def bounds(self) -> tuple[float, float]:
        """The range of the field this quantity fills."""
        return self._bounds

    @property
    def support(self) -> tuple[float, float]:
        """The set of values this quantity can take (before truncation to its field)."""
        if self.value is not None:
            return (self.value, self.value)
        if self.dist in ("uniform", "triangular"):
            return (self._p("low"), self._p("high"))
        if self.dist == "beta":
            lo = 0.0 if self.low is None else self.low
            hi = 1.0 if self.high is None else self.high
            return (lo, hi)
        if self.dist == "normal":
            return (-math.inf, math.inf)
        return (0.0, math.inf)  # lognormal

    def _p(self, name: str) -> float:
        """A distribution parameter that validation guarantees is present."""
        value = getattr(self, name)
        if value is None:  # pragma: no cover - excluded by _check_shape
            raise ValueError(f"{self.dist} distribution without {name}")
        return float(value)

    @property
    def nominal(self) -> float:
        """The value used by point analyses: the fixed value, or the distribution's mean
        (for a normal, the mean of the normal truncated to the field's range)."""
        if self.value is not None:
            return float(self.value)
        return distribution_mean(self)

    def sample(self, rng: np.random.Generator, size: int | tuple[int, ...] | None = None) -> Any:
        """Draws from this quantity (a fixed value repeats), respecting the field's range."""
        if self.value is not None:
            return float(self.value) if size is None else np.full(size, float(self.value))
        n = 1 if size is None else int(np.prod(size))
        draws = draw(self, rng, n)
        return float(draws[0]) if size is None else draws.reshape(size)

    def fixed_at(self, value: float) -> Quantity:
        """A copy fixed at ``value`` (keeping provenance): a Monte Carlo realisation."""
        q = Quantity(value=value, source=self.source, note=self.note, assumption=self.assumption)
        q._bounds = self._bounds
        return q


#: Largest salience: saliences are points out of 100 over an actor's issues; the
#: forecasting engines refuse more (``engines/forecast/mapping.py``).
MAX_SALIENCE = 100.0
#: Largest capability: only ratios matter, and the forecasting engines refuse more
#: (``MAX_CAPABILITY`` in ``core/stakeholders.py``; a test keeps them equal).
MAX_CAPABILITY = 1e15
#: Largest cost in utility units (see :data:`Cost`).
MAX_COST = 1e6

#: Why each capped field is capped (the hint of its error message).
_FIELD_CAPS: dict[str, tuple[float, str]] = {
    "salience": (MAX_SALIENCE, "saliences are points out of 100 over an actor's issues"),
    "capability": (MAX_CAPABILITY, "only ratios of capabilities matter: rescale them"),
    "residual_cost": (MAX_COST, "a cost in utility units, like the instruments' costs"),
    "extra_cost_per_period": (MAX_COST, "a cost in utility units, like the instruments' costs"),
}


def _in_range(
    lo: float,
    hi: float,
    *,
    open_low: bool = False,
    caps: dict[str, tuple[float, str]] | None = None,
    cap: str = "",
) -> Callable[[Quantity, ValidationInfo], Quantity]:
    """A validator for a field's range. ``caps`` lowers the upper end for some field
    names; ``cap`` (its reason) marks ``hi`` itself as a cap (see :func:`_check_range`)."""

    def check(q: Quantity, info: ValidationInfo) -> Quantity:
        if caps is not None and info.field_name in caps:
            top, why = caps[info.field_name]
            return _check_range(q, lo, top, open_low=open_low, why=why, cap=True)
        return _check_range(q, lo, hi, open_low=open_low, why=cap, cap=bool(cap))

    return check


def _check_range(
    q: Quantity, lo: float, hi: float, *, open_low: bool, why: str = "", cap: bool = False
) -> Quantity:
    """Refuse a quantity outside ``[lo, hi]``. A normal distribution is truncated to the
    range, so only its mean must lie inside; under a cap (an upper bound an engine applies
    to a field that is otherwise unbounded) a lognormal's mean must lie below the cap."""
    s_lo, s_hi = q.support
    rng_text = f"{'(' if open_low else '['}{lo:g}, {hi:g}]"
    reason = f" ({why})" if why else ""
    if q.dist == "normal":
        if not (lo <= q._p("mean") <= hi):
            raise PydanticCustomError(
                "out_of_range",
                "normal mean {m} lies outside this field's range {r}{why}",
                {"m": q.mean, "r": rng_text, "why": reason},
            )
    elif q.dist == "lognormal" and cap:
        if q._p("mu") + q._p("sigma") ** 2 / 2 > math.log(hi):
            raise PydanticCustomError(
                "out_of_range",
                "lognormal mean exp(mu + sigma^2/2) lies above this field's largest value {h:g}{why}",
                {"h": hi, "why": reason},
            )
    else:
        bad_low = s_lo <= lo if open_low else s_lo < lo
        if bad_low or s_hi > hi:
            what = "value" if q.is_fixed else f"{q.dist} distribution's support [{s_lo:g}, {s_hi:g}]"
            got = f" {q.value:g}" if q.is_fixed else ""
            raise PydanticCustomError(
                "out_of_range",
                "{what}{got} lies outside this field's range {r}{why}",
                {"what": what, "got": got, "r": rng_text, "why": reason},
            )
    q._bounds = (lo, hi)
    return q


#: A probability, in [0, 1].
Probability = Annotated[Quantity, AfterValidator(_in_range(0.0, 1.0))]
#: A share or a normalised value, in [0, 1].
Unit = Probability
#: A non-negative amount (costs, capabilities, saliences, periods).
NonNegative = Annotated[Quantity, AfterValidator(_in_range(0.0, math.inf))]
#: A cost in utility units (per period or one-off): utilities live on a scale of about
#: one, and a cost beyond a million overflows the no-deal formulas to infinity.
Cost = Annotated[Quantity, AfterValidator(_in_range(0.0, MAX_COST))]
#: A position on a 0-100 scale.
Position = Annotated[Quantity, AfterValidator(_in_range(0.0, 100.0))]
#: A discount factor per period, in (0, 1].
Discount = Annotated[Quantity, AfterValidator(_in_range(0.0, 1.0, open_low=True))]
#: A salience: points out of 100 over an actor's issues.
Salience = Annotated[Quantity, AfterValidator(_in_range(0.0, MAX_SALIENCE, cap=_FIELD_CAPS["salience"][1]))]
#: A capability: non-negative, only ratios matter, at most :data:`MAX_CAPABILITY`.
Capability = Annotated[
    Quantity, AfterValidator(_in_range(0.0, MAX_CAPABILITY, cap=_FIELD_CAPS["capability"][1]))
]




# ----------------------------------------------------------------- distributions
# numpy only: sampling and means in closed form, so the core needs no scipy.
def _truncation(q: Quantity) -> tuple[float, float, float, float]:
    m, s = q._p("mean"), q._p("sd")
    lo, hi = q.bounds
    return m, s, (lo - m) / s, (hi - m) / s


def distribution_mean(q: Quantity) -> float:
    """Mean of a quantity's distribution, in closed form."""
    if q.dist in ("uniform", "triangular", "beta"):
        lo, hi = q.support
        if q.dist == "uniform":
            return (lo + hi) / 2.0
        if q.dist == "triangular":
            return (lo + q._p("mode") + hi) / 3.0
        a, b = q._p("a"), q._p("b")
        return lo + (hi - lo) * a / (a + b)
    if q.dist == "normal":
        m, s, alpha, beta = _truncation(q)
        mass = _Phi(beta) - _Phi(alpha)
        return m + s * (_phi(alpha) - _phi(beta)) / mass
    return math.exp(q._p("mu") + 0.5 * q._p("sigma") ** 2)


def draw(q: Quantity, rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` draws of a quantity's distribution, with numpy's generator only. A normal is
    truncated to the field's range by inverting its distribution function."""
    if q.dist is None:
        return np.full(n, q.nominal)
    if q.dist == "uniform":
        lo, hi = q.support
        return rng.uniform(lo, hi, n)
    if q.dist == "triangular":
        lo, hi = q.support
        return rng.triangular(lo, q._p("mode"), hi, n)
    if q.dist == "beta":
        lo, hi = q.support
        return lo + (hi - lo) * rng.beta(q._p("a"), q._p("b"), n)
    if q.dist == "normal":
        m, s, alpha, beta = _truncation(q)
        p_lo, p_hi = _Phi(alpha), _Phi(beta)
        u = p_lo + (p_hi - p_lo) * rng.random(n)
        lo, hi = q.bounds
        return np.clip(m + s * normal_quantile(np.clip(u, 1e-300, 1 - 1e-16)), lo, hi)
    return rng.lognormal(q._p("mu"), q._p("sigma"), n)
