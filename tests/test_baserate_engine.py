"""The base-rate engine: state probabilities by brute force and Kaplan-Meier on synthetic
episode tables, coherence and monotonicity, and an ``as_of`` that never sees the future."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standoff.core.endings import ENDINGS, Ending
from standoff.core.errors import UserError
from standoff.engines.baserate import (
    REFERENCE_CLASSES,
    SOURCES,
    Episodes,
    base_rate,
    load_episodes,
    occupation,
    select,
)

SETTLED = (Ending.deal, Ending.capitulation, Ending.backdown, Ending.forced_removal)
LIMITED = ENDINGS.index(Ending.limited_force)
STALEMATE = ENDINGS.index(Ending.stalemate)


@dataclass(frozen=True)
class Row:
    start: dt.date
    duration: int
    ended: bool
    ending: int  # index into ENDINGS, -1 when censored
    force_day: int  # -1: no force


def table(rows: list[Row], reference_class: str = "leader_exit", dataset: str = "icb+archigos") -> Episodes:
    n = len(rows)
    force = np.array([r.force_day >= 0 for r in rows], dtype=bool)
    ending = np.array([r.ending for r in rows], dtype=np.int64)
    return Episodes(
        reference_class=np.array([reference_class] * n, dtype=str),
        dataset=np.array([dataset] * n, dtype=str),
        episode_id=np.array([f"e{i}" for i in range(n)], dtype=str),
        name=np.array([f"episode {i}" for i in range(n)], dtype=str),
        start=np.array([r.start for r in rows], dtype="datetime64[D]"),
        duration=np.array([r.duration for r in rows], dtype=np.int64),
        ended=np.array([r.ended for r in rows], dtype=bool),
        ending=ending,
        force_coded=np.ones(n, dtype=bool),
        force_used=force,
        force_day=np.array([r.force_day for r in rows], dtype=np.int64),
        leader_coded=np.ones(n, dtype=bool),
        leader_out=np.isin(ending, [ENDINGS.index(e) for e in (Ending.deal, Ending.capitulation, Ending.forced_removal)]),
        rule=np.array(["synthetic"] * n, dtype=str),
    )


@st.composite
def rows(draw: st.DrawFn, *, censoring: bool = True, max_size: int = 25, endings: int = len(ENDINGS)) -> list[Row]:
    out = []
    for _ in range(draw(st.integers(1, max_size))):
        start = draw(st.dates(dt.date(1950, 1, 1), dt.date(1960, 12, 31)))
        duration = draw(st.integers(0, 400))
        ended = draw(st.booleans()) if censoring else True
        ending = draw(st.integers(0, endings - 1)) if ended else -1
        force_day = draw(st.one_of(st.just(-1), st.integers(0, duration)))
        out.append(Row(start, duration, ended, ending, force_day))
    return out


def state_at(r: Row, h: int) -> int:
    """An uncensored episode's state ``h`` days after its start, by the definition."""
    if r.duration <= h:
        return r.ending
    if 0 <= r.force_day <= h:
        return LIMITED
    return STALEMATE


# ------------------------------------------------------------------------- estimator
@given(rows(censoring=False), st.integers(0, 500))
def test_without_censoring_the_estimate_is_the_share_in_each_state(episodes: list[Row], h: int) -> None:
    occ = occupation(table(episodes), h)
    shares = np.bincount([state_at(r, h) for r in episodes], minlength=len(ENDINGS)) / len(episodes)
    assert occ.endings == pytest.approx(shares, abs=1e-12)
    force_by_h = np.mean([0 <= r.force_day <= h for r in episodes])
    assert occ.ended_with_force + occ.running_with_force == pytest.approx(force_by_h, abs=1e-12)
    assert occ.running == pytest.approx(np.mean([r.duration > h for r in episodes]), abs=1e-12)
    assert occ.observed == len(episodes)


@given(rows(censoring=False), st.integers(0, 300), st.integers(1, 300))
def test_elapsed_conditions_on_episodes_still_running(episodes: list[Row], h: int, elapsed: int) -> None:
    running = [r for r in episodes if r.duration > elapsed]
    eps = table(episodes)
    if not running:
        with pytest.raises(UserError):
            base_rate("leader_exit", horizon_days=h, elapsed_days=elapsed, table=eps)
        return
    br = base_rate("leader_exit", horizon_days=h, elapsed_days=elapsed, table=eps)
    shares = np.bincount([state_at(r, elapsed + h) for r in running], minlength=len(ENDINGS)) / len(running)
    assert [br.endings[e].p for e in ENDINGS] == pytest.approx(shares, abs=1e-12)
    assert br.force_used is not None
    assert br.force_used.p == pytest.approx(np.mean([0 <= r.force_day <= elapsed + h for r in running]), abs=1e-12)
    assert br.episodes == len(running) and br.elapsed_days == elapsed


def kaplan_meier_ended(episodes: list[Row], h: int) -> float:
    """1 - S(h) by the product-limit formula, written out."""
    survival = 1.0
    for t in sorted({r.duration for r in episodes if r.ended and r.duration <= h}):
        at_risk = sum(r.duration >= t for r in episodes)
        events = sum(r.ended and r.duration == t for r in episodes)
        survival *= 1.0 - events / at_risk
    return 1.0 - survival


@given(rows(endings=1), st.integers(0, 500))
def test_with_one_ending_and_censoring_the_estimate_is_kaplan_meier(episodes: list[Row], h: int) -> None:
    episodes = [replace(r, force_day=-1) for r in episodes]
    occ = occupation(table(episodes), h)
    assert occ.endings[0] == pytest.approx(kaplan_meier_ended(episodes, h), abs=1e-12)


@given(rows(), st.integers(0, 500), st.one_of(st.none(), st.dates(dt.date(1950, 6, 1), dt.date(1962, 1, 1))))
def test_rates_are_probabilities_that_add_up(episodes: list[Row], h: int, as_of: dt.date | None) -> None:
    try:
        br = base_rate("leader_exit", horizon_days=h, as_of=as_of, table=table(episodes))
    except UserError:
        return  # nothing known before as_of
    total = 0.0
    for r in br.endings.values():
        assert 0.0 <= r.low <= r.p <= r.high <= 1.0
        total += r.p
    assert total == pytest.approx(1.0, abs=1e-9)
    assert br.leader_out is not None and br.force_used is not None
    assert br.leader_out.p == pytest.approx(sum(br.endings[e].p for e in (Ending.deal, Ending.capitulation, Ending.forced_removal)))
    assert br.settled.p == pytest.approx(sum(br.endings[e].p for e in SETTLED))
    assert 0.0 <= br.ongoing <= br.endings[Ending.stalemate].p + br.endings[Ending.limited_force].p + 1e-9


@settings(max_examples=60)
@given(rows(), st.one_of(st.none(), st.dates(dt.date(1950, 6, 1), dt.date(1962, 1, 1))))
def test_longer_horizons_never_lower_settled_or_force(episodes: list[Row], as_of: dt.date | None) -> None:
    eps = table(episodes)
    if as_of is not None:
        eps, _ = select("leader_exit", as_of=as_of, table=eps)
        if len(eps) == 0:
            return
    previous = None
    for h in range(0, 420, 15):
        occ = occupation(eps, h, as_of)
        now = (occ.endings[[ENDINGS.index(e) for e in SETTLED]], occ.ended_with_force + occ.running_with_force)
        if previous is not None:
            assert np.all(now[0] >= previous[0] - 1e-12)
            assert now[1] >= previous[1] - 1e-12
        previous = now


def known_before(episodes: list[Row], as_of: dt.date) -> list[Row]:
    """What an observer could know the day before ``as_of``, written out by hand."""
    out = []
    for r in episodes:
        if r.start >= as_of:
            continue
        last = (as_of - r.start).days - 1
        if r.ended and r.duration <= last:
            out.append(r)
            continue
        seen = min(r.duration, last)
        force = r.force_day if 0 <= r.force_day <= seen else -1
        out.append(Row(r.start, seen, False, -1, force))
    return out


@given(rows(), st.integers(0, 500), st.dates(dt.date(1950, 6, 1), dt.date(1962, 1, 1)))
def test_as_of_uses_exactly_what_was_known_the_day_before(episodes: list[Row], h: int, as_of: dt.date) -> None:
    known = known_before(episodes, as_of)
    if not known:
        with pytest.raises(UserError):
            base_rate("leader_exit", horizon_days=h, as_of=as_of, table=table(episodes))
        return
    try:
        expected = base_rate("leader_exit", horizon_days=h, table=table(known))
    except UserError:  # nobody observed h days after the start
        with pytest.raises(UserError):
            base_rate("leader_exit", horizon_days=h, as_of=as_of, table=table(episodes))
        return
    got = base_rate("leader_exit", horizon_days=h, as_of=as_of, table=table(episodes))
    assert got.episodes == len(known)
    assert got.observed == expected.observed
    for e in ENDINGS:
        assert got.endings[e] == pytest.approx(expected.endings[e])
    assert got.force_used == pytest.approx(expected.force_used)


@given(rows(), st.integers(0, 500), st.dates(dt.date(1950, 6, 1), dt.date(1962, 1, 1)), st.integers(0, 90), st.data())
def test_as_of_is_blind_to_anything_dated_on_or_after_it(
    episodes: list[Row], h: int, as_of: dt.date, elapsed: int, data: st.DataObject
) -> None:
    """Rewrite every fact dated on or after ``as_of`` (later episodes, later endings, later
    force): the base rate as of that date does not move, for a case just begun or one
    already running."""
    rewritten = []
    for r in episodes:
        if r.start >= as_of:
            rewritten.append(replace(r, ending=data.draw(st.integers(0, 5)), ended=True))
            continue
        last = (as_of - r.start).days - 1
        if r.duration <= last:  # ended or censored before as_of: all of it was known
            rewritten.append(r)
            continue
        duration = data.draw(st.integers(last + 1, last + 400))
        ended = data.draw(st.booleans())
        force_day = r.force_day if 0 <= r.force_day <= last else data.draw(st.one_of(st.just(-1), st.integers(last + 1, duration)))
        rewritten.append(Row(r.start, duration, ended, data.draw(st.integers(0, 5)) if ended else -1, force_day))
    extra = [Row(as_of + dt.timedelta(days=d), 3, True, 0, 0) for d in range(3)]

    def rate(rs: list[Row]) -> object:
        try:
            return base_rate("leader_exit", horizon_days=h, as_of=as_of, elapsed_days=elapsed, table=table(rs)).to_dict()
        except UserError as err:
            return str(err)

    assert rate(episodes) == rate(rewritten + extra)


def test_exclude_drops_the_named_episodes() -> None:
    rs = [Row(dt.date(1950, 1, 1), 10, True, 0, -1), Row(dt.date(1951, 1, 1), 10, True, 2, -1)]
    br = base_rate("leader_exit", horizon_days=30, exclude={"e0"}, table=table(rs))
    assert br.episodes == 1
    assert br.endings[Ending.backdown].p == 1.0
    assert br.endings[Ending.backdown].high == 1.0
    assert br.endings[Ending.deal].p == 0.0 and br.endings[Ending.deal].low == 0.0


def test_interval_is_the_jeffreys_dirichlet_marginal() -> None:
    """3 deals among 10 uncensored episodes: Beta(3 + 1/2, 7 + 5/2), checked with scipy."""
    stats = pytest.importorskip("scipy.stats")
    rs = [Row(dt.date(1950, 1, 1), 5, True, 0 if i < 3 else 2, -1) for i in range(10)]
    r = base_rate("leader_exit", horizon_days=30, table=table(rs)).endings[Ending.deal]
    assert r.p == pytest.approx(0.3)
    assert r.low == pytest.approx(stats.beta.ppf(0.05, 3.5, 9.5), abs=1e-9)
    assert r.high == pytest.approx(stats.beta.ppf(0.95, 3.5, 9.5), abs=1e-9)


# ------------------------------------------------------------------------- shipped table
CLASSES = [(rc, src) for rc in REFERENCE_CLASSES for src in SOURCES[rc]]


@pytest.mark.parametrize(("reference_class", "source"), CLASSES)
def test_shipped_classes_are_coherent_at_every_horizon(reference_class: str, source: str) -> None:
    previous = None
    for h in (0, 7, 30, 90, 180, 365, 730, 3650):
        br = base_rate(reference_class, horizon_days=h, source=source)
        assert sum(r.p for r in br.endings.values()) == pytest.approx(1.0, abs=1e-9)
        assert all(0.0 <= r.low <= r.p <= r.high <= 1.0 for r in br.endings.values())
        if previous is not None:
            assert br.settled.p >= previous.settled.p - 1e-12
        previous = br
        assert (br.leader_out is not None) == (reference_class == "leader_exit")
        assert (br.force_used is None) == (reference_class == "sanctions")
        json.dumps(br.to_dict())


@pytest.mark.parametrize(("reference_class", "source"), CLASSES)
def test_shipped_as_of_counts_only_episodes_begun_before(reference_class: str, source: str) -> None:
    eps = load_episodes()
    mask = (eps.reference_class == reference_class) & (eps.dataset == source)
    starts = np.sort(eps.start[mask])
    as_of = starts[len(starts) // 2].astype(dt.date)
    br = base_rate(reference_class, horizon_days=90, source=source, as_of=as_of)
    assert br.episodes == int(np.count_nonzero(starts < np.datetime64(as_of)))
    assert br.as_of == as_of


def test_panama_1989_is_unknown_to_a_base_rate_as_of_its_start() -> None:
    panama = "icb2:391/842"
    before, _ = select("leader_exit", as_of=dt.date(1989, 12, 20))
    after, _ = select("leader_exit", as_of=dt.date(1989, 12, 21))
    assert panama not in set(before.episode_id) and panama in set(after.episode_id)
    # the day after it began, Panama counts as running (its ending, 14 days later, unknown)
    known = base_rate("leader_exit", horizon_days=30, as_of=dt.date(1990, 1, 3))
    blind = base_rate("leader_exit", horizon_days=30, as_of=dt.date(1990, 1, 3), exclude={panama})
    assert known.episodes == blind.episodes + 1
    assert known.endings[Ending.forced_removal].p <= blind.endings[Ending.forced_removal].p
    told = base_rate("leader_exit", horizon_days=30, as_of=dt.date(1990, 1, 4))
    assert told.endings[Ending.forced_removal].p > known.endings[Ending.forced_removal].p


def test_user_mistakes_are_user_errors() -> None:
    with pytest.raises(UserError, match="unknown reference class") as err:
        base_rate("leader-exit", horizon_days=30)
    assert "leader_exit" in err.value.hint
    with pytest.raises(UserError, match="no source"):
        base_rate("sanctions", horizon_days=30, source="icb")
    with pytest.raises(UserError, match="at least 0"):
        base_rate("sanctions", horizon_days=-1)
    with pytest.raises(UserError, match="no mediation episodes"):
        base_rate("mediation", horizon_days=30, as_of=dt.date(1900, 1, 1))
