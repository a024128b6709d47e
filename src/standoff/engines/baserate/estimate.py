"""Base rates by a horizon: the state of each historical episode ``horizon_days`` after it
began, pooled over a reference class.

**The state at a date.** An episode that has ended by the horizon is in its ending; one
that has not is in ``limited_force`` if force has been used by then and in ``stalemate``
otherwise (the vocabulary of :mod:`standoff.core.endings`: both mean nothing is settled).
``force_used`` is whether force has been used by the horizon, whatever followed.

**Estimator.** Episodes can be censored: TIES cases still running when coded, and, with
``as_of``, every episode still running on that date (its ending was not yet known). The
state probabilities are the Aalen-Johansen estimator of a multi-state model (Aalen &
Johansen 1978; Andersen, Borgan, Gill & Keiding 1993, ch. IV.4): two transient states
(running without force, running after force) and an absorbing state per ending and force
flag. Without censoring it is exactly the share of episodes in each state at the horizon;
with censoring it uses each censored episode for as long as it was observed, so long
episodes are not under-counted, and the probabilities of ending never decrease with the
horizon (consistent for state occupation even without the Markov property: Datta &
Satten 2001).

**Intervals** (90 %) are equal-tailed intervals of a Dirichlet posterior over the six
endings with Jeffreys' prior (1/2 per ending), on effective counts: the estimate times the
number of episodes whose state at the horizon is observed (exact counts when nothing is
censored). A union of endings has a Beta marginal of the same posterior; ``force_used`` a
Beta(1/2, 1/2)-prior posterior. When a count is 0 the lower bound is 0, when it is all the
episodes the upper bound is 1 (Brown, Cai & DasGupta 2001, Statistical Science 16(2)). We
chose a posterior over the bootstrap because several classes are small and some endings
rare or absent: a bootstrap gives them the degenerate interval [0, 0]. No randomness is
involved; the Beta quantiles are computed (:mod:`.beta`).

**Already running.** With ``elapsed_days``, the rates are for episodes still running that
many days after their start (nothing settled yet), ``horizon_days`` counted from there:
the landmark approach (van Houwelingen 2007, Scandinavian Journal of Statistics 34(1)), for
a live case that began some time ago.

**Time-respecting.** With ``as_of``, only episodes that began before ``as_of`` count, and
only what was observable the day before: an ending dated on or after ``as_of``, or force
used on or after it, is unknown, and the episode is censored there. A case is thus never
scored against a base rate that knew its future.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from standoff.core.endings import ENDINGS, UNIONS, Ending, Outcome
from standoff.core.errors import UserError, did_you_mean
from standoff.engines.baserate.beta import beta_ppf
from standoff.engines.baserate.table import Episodes, load_episodes

#: The reference classes, as ``coercion.reference_class`` names them in a scenario.
REFERENCE_CLASSES: tuple[str, ...] = ("leader_exit", "compellence", "sanctions", "mediation")

#: The data sets each class can be drawn from; the first is the default.
SOURCES: dict[str, tuple[str, ...]] = {
    "leader_exit": ("icb+archigos",),
    "compellence": ("icb", "mid"),
    "sanctions": ("ties",),
    "mediation": ("icb",),
}

#: Each class's definition, in one line.
DEFINITIONS: dict[tuple[str, str], str] = {
    ("leader_exit", "icb+archigos"): (
        "ICB crisis actors under a threat to their political system (GRAVTY 2) from a stronger"
        " adversary (POWDIS < 0), the leader's fate from Archigos"
    ),
    ("compellence", "icb"): (
        "ICB crisis actors whose crisis a state triggered by a non-violent act (TRIGGR 1, 2, 3, 5, 7)"
        " threatening their territory, influence or economy (GRAVTY 3, 4, 0)"
    ),
    ("compellence", "mid"): (
        "COW militarized interstate disputes with a known outcome, side A (first to act) as challenger;"
        " the target's leader not coded (no forced_removal)"
    ),
    ("sanctions", "ties"): (
        "TIES economic sanctions threats and impositions, the primary sender as challenger;"
        " force not coded (no limited_force or forced_removal)"
    ),
    ("mediation", "icb"): "ICB crises with a mediator (MEDIATE 4), the crisis's first actor as target",
}

#: Level of the intervals.
LEVEL = 0.90
#: Jeffreys' prior weight per category.
PRIOR = 0.5
#: The estimator and interval, as one identifier.
METHOD = "aalen-johansen; dirichlet-jeffreys 90%"

_NEVER = np.iinfo(np.int64).max
_SETTLED: tuple[Ending, ...] = (Ending.deal, Ending.capitulation, Ending.backdown, Ending.forced_removal)
_LIMITED = ENDINGS.index(Ending.limited_force)
_STALEMATE = ENDINGS.index(Ending.stalemate)


@dataclass(frozen=True)
class Rate:
    """A probability and its 90 % interval."""

    p: float
    low: float
    high: float


@dataclass(frozen=True)
class BaseRate:
    """The outside view for a reference class at a horizon."""

    reference_class: str
    source: str
    definition: str  #: the class, in one line
    horizon_days: int  #: counted from ``elapsed_days`` after the start
    as_of: dt.date | None
    episodes: int  #: episodes that count (begun before ``as_of``, running at ``elapsed_days``, not excluded)
    observed: int  #: of which, those whose state at the horizon is observed
    endings: Mapping[Ending, Rate]  #: the six endings at the horizon (sum to one)
    settled: Rate  #: deal, capitulation, backdown or forced_removal by the horizon
    ongoing: float  #: not ended by the horizon (stalemate or limited_force, running)
    force_used: Rate | None  #: force used by the horizon; None when the data do not code force
    leader_out: Rate | None  #: deal, capitulation or forced_removal; None outside leader_exit
    elapsed_days: int = 0  #: episodes conditioned on running this many days after their start
    method: str = METHOD

    def to_dict(self) -> dict[str, Any]:
        """Plain types, for JSON."""

        def rate(r: Rate | None) -> dict[str, float] | None:
            return None if r is None else {"p": r.p, "low": r.low, "high": r.high}

        return {
            "reference_class": self.reference_class,
            "source": self.source,
            "definition": self.definition,
            "horizon_days": self.horizon_days,
            "elapsed_days": self.elapsed_days,
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "episodes": self.episodes,
            "observed": self.observed,
            "endings": {e.value: rate(r) for e, r in self.endings.items()},
            "settled": rate(self.settled),
            "ongoing": self.ongoing,
            "force_used": rate(self.force_used),
            "leader_out": rate(self.leader_out),
            "method": self.method,
        }


@dataclass(frozen=True)
class Occupation:
    """Aalen-Johansen state probabilities at one horizon."""

    endings: npt.NDArray[np.float64]  #: P(state = ending) for the six endings, sums to one
    ended_with_force: float  #: P(ended by the horizon, force used)
    running_with_force: float  #: P(not ended, force used)
    running: float  #: P(not ended)
    observed: int  #: episodes whose state at the horizon is observed


def select(
    reference_class: str,
    *,
    source: str | None = None,
    as_of: dt.date | None = None,
    since: dt.date | None = None,
    exclude: Collection[str] = (),
    table: Episodes | None = None,
) -> tuple[Episodes, str]:
    """The episodes of a class (and source) that count, and the source used."""
    if reference_class not in SOURCES:
        raise UserError(
            f"unknown reference class {reference_class!r}", hint=did_you_mean(reference_class, REFERENCE_CLASSES)
        )
    sources = SOURCES[reference_class]
    src = sources[0] if source is None else source
    if src not in sources:
        raise UserError(f"no source {src!r} for reference class {reference_class!r}", hint=did_you_mean(src, sources))
    eps = load_episodes() if table is None else table
    mask = (eps.reference_class == reference_class) & (eps.dataset == src)
    if as_of is not None:
        mask &= eps.start < np.datetime64(as_of, "D")
    if since is not None:
        mask &= eps.start >= np.datetime64(since, "D")
    if exclude:
        mask &= ~np.isin(eps.episode_id, np.array(sorted(exclude), dtype=str))
    return eps.take(mask), src


def running_at(eps: Episodes, elapsed_days: int) -> Episodes:
    """The episodes still running ``elapsed_days`` after their start (not ended by then,
    observed that long), re-based to start there: force used earlier counts from day 0."""
    if elapsed_days < 0:
        raise UserError(f"elapsed time must be at least 0 days, got {elapsed_days}")
    if elapsed_days == 0:
        return eps
    keep = np.where(eps.ended, eps.duration > elapsed_days, eps.duration >= elapsed_days)
    eps = eps.take(keep)
    has_force = eps.force_used & (eps.force_day >= 0)
    return replace(
        eps,
        start=eps.start + np.timedelta64(elapsed_days, "D"),
        duration=eps.duration - elapsed_days,
        force_day=np.where(has_force, np.maximum(eps.force_day - elapsed_days, 0), eps.force_day),
    )


def occupation(eps: Episodes, horizon_days: int, as_of: dt.date | None = None) -> Occupation:
    """State probabilities ``horizon_days`` after the start, Aalen-Johansen."""
    if horizon_days < 0:
        raise UserError(f"horizon must be at least 0 days, got {horizon_days}")
    n = len(eps)
    dur = eps.duration
    if as_of is None:
        cutoff = np.full(n, _NEVER, dtype=np.int64)
    else:  # the last day (since the start) whose state was known the day before as_of
        cutoff = (np.datetime64(as_of, "D") - eps.start).astype(np.int64) - 1
    known_end = eps.ended & (dur <= cutoff)
    censor = np.where(known_end, _NEVER, np.minimum(np.where(eps.ended, _NEVER, dur), cutoff))
    last_seen = np.where(known_end, dur, censor)
    force_day = np.where(eps.force_used & (eps.force_day >= 0), eps.force_day, _NEVER)
    force_day = np.where(force_day <= last_seen, force_day, _NEVER)
    exit_day = np.where(known_end, dur, _NEVER)
    leave_running = np.minimum(force_day, exit_day)  # first day out of "running without force"

    # transitions: running -> running with force (force before the ending or while censored)
    to_force = (force_day < _NEVER) & (force_day < exit_day)
    times = np.unique(np.concatenate([force_day[to_force], dur[known_end]]))
    times = times[times <= horizon_days]

    p0, p1 = 1.0, 0.0  # running without / with force
    absorbed = np.zeros((len(ENDINGS), 2))  # by ending and force flag
    k = eps.ending
    for t in times:
        n0 = int(np.count_nonzero((leave_running >= t) & (censor >= t)))
        n1 = int(np.count_nonzero((force_day < t) & (exit_day >= t) & (censor >= t)))
        d01 = int(np.count_nonzero(to_force & (force_day == t)))
        ends_now = known_end & (dur == t)
        from0_plain = ends_now & (force_day == _NEVER)
        from0_force = ends_now & (force_day == t)
        from1 = ends_now & (force_day < t)
        a0 = p0 / n0 if n0 else 0.0
        a1 = p1 / n1 if n1 else 0.0
        d0_plain = np.bincount(k[from0_plain], minlength=len(ENDINGS))
        d0_force = np.bincount(k[from0_force], minlength=len(ENDINGS))
        d1 = np.bincount(k[from1], minlength=len(ENDINGS))
        absorbed[:, 0] += a0 * d0_plain
        absorbed[:, 1] += a0 * d0_force + a1 * d1
        p0, p1 = (
            p0 - a0 * (d01 + d0_plain.sum() + d0_force.sum()),
            p1 - a1 * d1.sum() + a0 * d01,
        )
    endings = absorbed.sum(axis=1)
    endings[_LIMITED] += p1
    endings[_STALEMATE] += p0
    observed = int(np.count_nonzero(known_end | (censor >= horizon_days)))
    return Occupation(
        endings=np.clip(endings, 0.0, 1.0),
        ended_with_force=float(absorbed[:, 1].sum()),
        running_with_force=float(p1),
        running=float(p0 + p1),
        observed=observed,
    )


def _rate(p: float, prior_in: float, prior_out: float, n: int) -> Rate:
    """``p`` with the equal-tailed interval of Beta(c + prior_in, n - c + prior_out), c = p n
    (widened, if need be, to contain ``p``)."""
    c = p * n
    tail = (1.0 - LEVEL) / 2.0
    a, b = c + prior_in, (n - c) + prior_out
    low = 0.0 if c <= 1e-9 else beta_ppf(tail, a, b)
    high = 1.0 if c >= n - 1e-9 else beta_ppf(1.0 - tail, a, b)
    return Rate(p=float(p), low=float(min(low, p)), high=float(max(high, p)))


def _union(occ: Occupation, members: tuple[Ending, ...]) -> Rate:
    idx = [ENDINGS.index(e) for e in members]
    p = float(np.clip(occ.endings[idx].sum(), 0.0, 1.0))
    return _rate(p, PRIOR * len(idx), PRIOR * (len(ENDINGS) - len(idx)), occ.observed)


def base_rate(
    reference_class: str,
    *,
    horizon_days: int,
    as_of: dt.date | None = None,
    source: str | None = None,
    since: dt.date | None = None,
    elapsed_days: int = 0,
    exclude: Collection[str] = (),
    table: Episodes | None = None,
) -> BaseRate:
    """P(each ending by the horizon), P(force used), P(leader out) for a reference class.

    ``source`` picks the data set (:data:`SOURCES`; default the first); ``as_of`` keeps
    only what was known the day before that date; ``since`` keeps episodes begun on or
    after a date; ``elapsed_days`` conditions on episodes still running that long after
    their start, the horizon counted from there; ``exclude`` drops episodes by id (e.g. the
    case being scored); ``table`` replaces the shipped episode table.
    """
    eps, src = select(reference_class, source=source, as_of=as_of, since=since, exclude=exclude, table=table)
    eps = running_at(eps, elapsed_days)
    if as_of is not None:  # running at elapsed_days must itself have been known before as_of
        eps = eps.take(eps.start < np.datetime64(as_of, "D"))
    if len(eps) == 0:
        raise UserError(
            f"no {reference_class} episodes ({src}) to count",
            hint="use a later as_of date, a shorter elapsed time or fewer filters",
        )
    occ = occupation(eps, horizon_days, as_of)
    if occ.observed == 0:
        raise UserError(
            f"no {reference_class} episode ({src}) observed {horizon_days} days after its start before {as_of}",
            hint="use a shorter horizon or a later as_of date",
        )
    endings = {e: _union(occ, (e,)) for e in ENDINGS}
    force: Rate | None = None
    if bool(eps.force_coded.all()):
        p_force = float(np.clip(occ.ended_with_force + occ.running_with_force, 0.0, 1.0))
        force = _rate(p_force, PRIOR, PRIOR, occ.observed)
    leader: Rate | None = None
    if bool(eps.leader_coded.all()):
        leader = _union(occ, UNIONS[Outcome.leader_out])
    return BaseRate(
        reference_class=reference_class,
        source=src,
        definition=DEFINITIONS[(reference_class, src)],
        horizon_days=horizon_days,
        as_of=as_of,
        episodes=len(eps),
        observed=occ.observed,
        endings=endings,
        settled=_union(occ, _SETTLED),
        ongoing=occ.running,
        force_used=force,
        leader_out=leader,
        elapsed_days=elapsed_days,
    )
