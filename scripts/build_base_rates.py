"""Build the episode table behind the reference-class base rates.

Reads the historical data sets in ``../shared/data/crises/`` (ICB v14 actor and crisis
levels, TIES 4.1, MID 5 disputes, Archigos 4.1) and writes one row per historical episode,
coded in standoff's vocabulary of endings, to
``src/standoff/engines/baserate/data/episodes.csv``.

The coding rules are written out, with their reasons and where they are debatable, in
``src/standoff/engines/baserate/data/NOTICE.md`` and ``docs/explanation/base-rates.md``;
each rule below carries the same label (``rule`` column) as those pages.

Usage (from the project root)::

    python scripts/build_base_rates.py            # rewrite the shipped table
    python scripts/build_base_rates.py --check    # exit 1 if the shipped table is stale
    python scripts/build_base_rates.py --docs     # rewrite the base-rate table in the docs page
    python scripts/build_base_rates.py --summary  # counts per class, ending and exclusion

Only the standard library is used to read the data (plus standoff itself for ``--docs``).
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import io
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "crises"
OUT = ROOT / "src" / "standoff" / "engines" / "baserate" / "data" / "episodes.csv"
DOCS = ROOT / "docs" / "explanation" / "base-rates.md"

COLUMNS = (
    "reference_class",
    "dataset",
    "episode_id",
    "name",
    "start",
    "end",
    "status",
    "duration_days",
    "ending",
    "force_used",
    "force_day",
    "force_basis",
    "leader_out",
    "rule",
    "raw",
)

#: Leader exits dated up to this many days after ICB's termination date still count as
#: "within the episode": ICB often dates a crisis's end by the very event that removed the
#: leader, and the two projects' dates for it differ by a day or a few (Uganda 1979: ICB
#: 10 April, Archigos 11 April).
EXIT_GRACE_DAYS = 7

ICB_VIOLENT_TRIGGER = 9  # triggr: violent act
ICB_VIOLENT_RESPONSE = (8, 9)  # majres: violent military act; multiple incl. violent
ICB_NONVIOLENT_STATE_TRIGGERS = (1, 2, 3, 5, 7)  # verbal, political, economic, other non-violent, non-violent military
ICB_COMPELLENCE_GRAVITY = (0, 3, 4)  # economic, territorial, influence
ICB_POLITICAL_GRAVITY = 2  # threat to the political system (regime)
ICB_NONSTATE_ENTITIES = (995, 996, 997)  # trigent / southv codes that are not a state
ICB_AGREEMENT = (1, 2)  # outfor: formal / semi-formal agreement, voluntary


@dataclass
class Episode:
    reference_class: str
    dataset: str
    episode_id: str
    name: str
    start: dt.date
    end: dt.date  # the ending's date, or the censoring date when status == "censored"
    status: str  # "ended" or "censored"
    ending: str  # one of the six endings ("" when censored)
    force_used: bool | None  # None: the data set does not code force
    force_day: int | None  # days from start to the first known use of force
    force_basis: str  # trigger / response / end; "" when no force; not_coded
    leader_out: bool | None  # None where the class is not about the leader's exit
    rule: str
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def duration_days(self) -> int:
        return (self.end - self.start).days

    def row(self) -> dict[str, str]:
        def flag(v: bool | None) -> str:
            return "" if v is None else str(int(v))

        return {
            "reference_class": self.reference_class,
            "dataset": self.dataset,
            "episode_id": self.episode_id,
            "name": self.name,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "status": self.status,
            "duration_days": str(self.duration_days),
            "ending": self.ending,
            "force_used": flag(self.force_used),
            "force_day": "" if self.force_day is None else str(self.force_day),
            "force_basis": self.force_basis,
            "leader_out": flag(self.leader_out),
            "rule": self.rule,
            "raw": ";".join(f"{k}={v}" for k, v in self.raw.items()),
        }


@dataclass
class Build:
    episodes: list[Episode] = field(default_factory=list)
    excluded: Counter[tuple[str, str, str]] = field(default_factory=Counter)

    def exclude(self, reference_class: str, dataset: str, reason: str) -> None:
        self.excluded[(reference_class, dataset, reason)] += 1


# ------------------------------------------------------------------------------ helpers
def read(name: str, data: Path) -> list[dict[str, str]]:
    with (data / name).open(encoding="utf-8-sig", errors="replace", newline="") as f:
        return list(csv.DictReader(f))


def num(s: str | None) -> int | None:
    """An integer code from a cell ("3", "3.0"), or None when empty or negative-missing."""
    if s is None or not s.strip():
        return None
    v = int(float(s))
    return None if v in (-9, -99) else v


def icb_date(y: str, m: str, d: str) -> tuple[dt.date | None, bool]:
    """An ICB date and whether its day is exact. ICB writes 66 / 77 / 88 for the beginning,
    middle and end of a month (checked against TRGTERRA on the rows with exact dates)."""
    year, month, day = num(y), num(m), num(d)
    if year is None or month is None:
        return None, False
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return dt.date(year, month, 15), False
    if day == 66:
        return dt.date(year, month, 1), False
    if day == 77:
        return dt.date(year, month, 15), False
    if day == 88:
        return dt.date(year, month, last), False
    return dt.date(year, month, min(day, last)), True


def ties_date(y: str, m: str, d: str) -> dt.date | None:
    year, month, day = num(y), num(m), num(d)
    if year is None or month is None:
        return None
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 15 if day is None else min(day, last))


def cow_to_gw(cow: int, on: dt.date) -> int:
    """Gleditsch-Ward code for a COW state code on a date (the codes that differ for the
    states and years in these data; Archigos uses GW)."""
    if cow == 255 and on >= dt.date(1990, 10, 3):
        return 260  # unified Germany: COW 255, GW 260 (GW keeps the FRG's code)
    if cow == 679:
        return 678  # unified Yemen: COW 679, GW 678
    if cow == 345 and on >= dt.date(2006, 6, 5):
        return 340  # Serbia after Montenegro's independence: COW 345, GW 340
    return cow


@dataclass(frozen=True)
class Spell:
    obsid: str
    leader: str
    start: dt.date
    end: dt.date
    exit: str
    exitcode: str


def archigos_spells(data: Path) -> dict[int, list[Spell]]:
    spells: dict[int, list[Spell]] = {}
    for r in read("archigos4.1_peacesciencer.csv", data):
        gw = num(r["gwcode"])
        assert gw is not None
        spells.setdefault(gw, []).append(
            Spell(
                r["obsid"],
                r["leader"],
                dt.date.fromisoformat(r["startdate"]),
                dt.date.fromisoformat(r["enddate"]),
                r["exit"],
                r["exitcode"],
            )
        )
    for v in spells.values():
        v.sort(key=lambda s: s.start)
    return spells


def leader_on(spells: dict[int, list[Spell]], cow: int, on: dt.date) -> Spell | None:
    """The Archigos leader in office on a date (start <= date < end); failing that, the
    leader whose spell ended that very day (a trigger that is itself the leader's fall,
    such as the assassination of Dollfuss on 25 July 1934)."""
    spells_here = spells.get(cow_to_gw(cow, on), [])
    for s in spells_here:
        if s.start <= on < s.end:
            return s
    for s in spells_here:
        if s.end == on:
            return s
    return None


# ------------------------------------------------------------------------------ ICB
@dataclass
class IcbActor:
    row: dict[str, str]
    start: dt.date
    end: dt.date

    def code(self, name: str) -> int | None:
        return num(self.row[name])

    @property
    def episode_id(self) -> str:
        return f"icb2:{self.row['crisno']}/{self.row['cracno']}"

    @property
    def name(self) -> str:
        return f"{self.row['crisname'].strip().title()} ({self.row['actor'].strip()})"

    def force(self) -> tuple[bool, int | None, str]:
        """Whether force was used in the actor's crisis and the first day it is known to
        have been used: VIOL >= 2 (minor clashes or more, trigger included); dated by a
        violent trigger (day 0), else by a violent major response, else only by the end."""
        viol = self.code("viol")
        if viol is None or viol < 2:
            return False, None, ""
        if self.code("triggr") == ICB_VIOLENT_TRIGGER:
            return True, 0, "trigger"
        if self.code("majres") in ICB_VIOLENT_RESPONSE:
            res, _ = icb_date(self.row["yerres"], self.row["monres"], self.row["dayres"])
            if res is not None and self.start <= res <= self.end:
                return True, (res - self.start).days, "response"
        return True, (self.end - self.start).days, "end"

    def raw(self, extra: Iterable[str] = ()) -> dict[str, str]:
        keys = ("triggr", "gravty", "powdis", "viol", "majres", "outcom", "outfor", *extra)
        return {k: self.row[k].strip() for k in keys}


def icb_actors(data: Path, build: Build, reference_class: str, rows: Iterable[dict[str, str]]) -> Iterator[IcbActor]:
    """Date the actor-level rows; rows that cannot be placed in time are excluded."""
    for r in rows:
        start, start_exact = icb_date(r["yrtrig"], r["motrig"], r["datrig"])
        end, end_exact = icb_date(r["yrterm"], r["moterm"], r["daterm"])
        span = num(r["trgterra"])  # ICB's own trigger-to-termination count, inclusive
        if start is not None and end is not None and span is not None:
            if start_exact and not end_exact:
                end = start + dt.timedelta(days=span - 1)
            elif end_exact and not start_exact:
                start = end - dt.timedelta(days=span - 1)
        if start is None or end is None or end < start:
            build.exclude(reference_class, "icb", "undatable")
            continue
        yield IcbActor(r, start, end)


def stronger_adversary(r: dict[str, str]) -> bool:
    """POWDIS < 0 (ICB's power discrepancy, actor minus adversary; a signed score, so no
    missing-value codes apply); where POWDIS is empty, the source of threat's power status
    above the actor's (SOUTHPOW > POWSTA)."""
    powdis = r["powdis"].strip()
    if powdis:
        return int(float(powdis)) < 0
    sp, ps = num(r["southpow"]), num(r["powsta"])
    return sp is not None and ps is not None and sp > ps


def code_icb_outcome(a: IcbActor) -> tuple[str, str] | None:
    """The ending from the actor's (the target's) outcome, ICB OUTCOM: the content of the
    outcome decides, its form (OUTFOR) is kept in ``raw``."""
    outcom = a.code("outcom")
    viol = a.code("viol") or 0
    if outcom == 1:
        return "backdown", "ICB-victory"  # the target achieved its goals: the demand failed
    if outcom == 2:
        return "deal", "ICB-compromise"
    if outcom == 3:
        return ("limited_force", "ICB-stalemate-force") if viol >= 2 else ("stalemate", "ICB-stalemate")
    if outcom == 4:
        return "capitulation", "ICB-defeat"
    return None  # 5 other, 9 / empty: unknown


def foreign_removal(a: IcbActor, spells: dict[int, list[Spell]]) -> tuple[Spell, dt.date] | None:
    """The actor's leader removed by foreign force (Archigos exit 'Foreign') within the
    episode, with serious violence (VIOL >= 3)."""
    cow = a.code("cracid")
    assert cow is not None
    leader = leader_on(spells, cow, a.start)
    if leader is None or leader.exit != "Foreign":
        return None
    if not (a.start <= leader.end <= a.end + dt.timedelta(days=EXIT_GRACE_DAYS)):
        return None
    if (a.code("viol") or 0) < 3:
        return None
    return leader, leader.end


def icb_episode(
    reference_class: str, a: IcbActor, spells: dict[int, list[Spell]], build: Build, extra_raw: Iterable[str] = ()
) -> Episode | None:
    """Compellence and mediation: the ending from the target's ICB outcome, except a leader
    removed by the challenger's force (rule FR-foreign)."""
    force, force_day, basis = a.force()
    removal = foreign_removal(a, spells)
    raw = a.raw(extra_raw)
    if removal is not None:
        leader, when = removal
        raw |= {"archigos": leader.obsid, "exit": leader.exit, "exitcode": leader.exitcode}
        day = (when - a.start).days
        fd = day if force_day is None else min(force_day, day)
        fb = basis if force_day is not None and force_day <= day else "end"
        return Episode(
            reference_class, "icb", a.episode_id, a.name, a.start, when, "ended", "forced_removal",
            force_used=True, force_day=fd, force_basis=fb, leader_out=None, rule="FR-foreign", raw=raw,
        )
    coded = code_icb_outcome(a)
    if coded is None:
        build.exclude(reference_class, "icb", "outcome unknown (OUTCOM other/missing)")
        return None
    ending, rule = coded
    return Episode(
        reference_class, "icb", a.episode_id, a.name, a.start, a.end, "ended", ending,
        force_used=force, force_day=force_day, force_basis=basis, leader_out=None, rule=rule, raw=raw,
    )


def leader_exit_episode(a: IcbActor, spells: dict[int, list[Spell]], build: Build) -> Episode | None:
    """Leader exit: ICB crisis actor under a political threat from a stronger adversary,
    linked to Archigos by country and date."""
    cow = a.code("cracid")
    assert cow is not None
    leader = leader_on(spells, cow, a.start)
    if leader is None:
        build.exclude("leader_exit", "icb+archigos", "no Archigos leader in office at the trigger")
        return None
    force, force_day, basis = a.force()
    viol = a.code("viol") or 0
    raw = a.raw() | {"archigos": leader.obsid, "exit": leader.exit, "exitcode": leader.exitcode}
    # Archigos closes spells still running at the end of its coverage on 2015-12-31 with
    # exit "Still in Office": that is not an exit.
    out_in_window = leader.exit != "Still in Office" and leader.end <= a.end + dt.timedelta(days=EXIT_GRACE_DAYS)

    def make(ending: str, when: dt.date, rule: str) -> Episode:
        day = (when - a.start).days
        fd, fb = force_day, basis
        if fd is not None and fd > day:  # force only dated by the crisis's end, after the exit
            fd, fb = day, "end"
        out = ending in ("deal", "capitulation", "forced_removal")
        return Episode(
            "leader_exit", "icb+archigos", a.episode_id, a.name, a.start, when, "ended", ending,
            force_used=force, force_day=fd, force_basis=fb, leader_out=out, rule=rule, raw=raw,
        )

    if out_in_window:
        when = leader.end
        if leader.exit == "Foreign":
            if viol >= 3:
                return make("forced_removal", when, "LX-foreign-force")
            if a.code("outfor") in ICB_AGREEMENT:
                return make("deal", when, "LX-foreign-agreement")
            return make("capitulation", when, "LX-foreign-threat")
        if leader.exit == "Irregular":
            return make("forced_removal", when, "LX-irregular")
        if leader.exit == "Regular":
            if a.code("outfor") in ICB_AGREEMENT:
                return make("deal", when, "LX-regular-agreement")
            return make("capitulation", when, "LX-regular")
        # natural death, ill health, suicide, unknown: the leader left, but not by any of
        # the six endings' routes; the episode says nothing about coercion working.
        build.exclude("leader_exit", "icb+archigos", f"leader left by {leader.exit.lower()}")
        return None
    outcom = a.code("outcom")
    if outcom == 1:
        return make("backdown", a.end, "LX-stays-victory")
    if outcom == 2:
        return make("backdown", a.end, "LX-stays-compromise")
    if outcom in (3, 4):
        if viol >= 2:
            return make("limited_force", a.end, "LX-stays-force")
        return make("stalemate", a.end, "LX-stays-defeat" if outcom == 4 else "LX-stays-stalemate")
    build.exclude("leader_exit", "icb+archigos", "outcome unknown (OUTCOM other/missing)")
    return None


def build_icb(data: Path, build: Build) -> None:
    actors = read("icb2v14.csv", data)
    crises = {r["crisno"]: r for r in read("icb1v14.csv", data)}
    spells = archigos_spells(data)

    # leader_exit: political threat (GRAVTY 2) from a stronger adversary
    rows = [r for r in actors if num(r["gravty"]) == ICB_POLITICAL_GRAVITY and stronger_adversary(r)]
    for a in icb_actors(data, build, "leader_exit", rows):
        e = leader_exit_episode(a, spells, build)
        if e is not None:
            build.episodes.append(e)

    # compellence: a non-violent act of a state (a demand, threat, show of force, economic
    # or political act) threatening the actor's territory, influence or economy
    rows = [
        r
        for r in actors
        if num(r["triggr"]) in ICB_NONVIOLENT_STATE_TRIGGERS
        and (num(r["trigent"]) or 0) not in ICB_NONSTATE_ENTITIES
        and num(r["gravty"]) in ICB_COMPELLENCE_GRAVITY
    ]
    for a in icb_actors(data, build, "compellence", rows):
        e = icb_episode("compellence", a, spells, build)
        if e is not None:
            build.episodes.append(e)

    # mediation: crises with a mediator (crisis-level MEDIATE 4, mediator named in MEDWHO);
    # the target is the crisis's first actor (the first whose crisis was triggered)
    first: dict[str, dict[str, str]] = {}
    for r in actors:
        if num(crises[r["crisno"]]["mediate"]) != 4:
            continue
        cur = first.get(r["crisno"])
        if cur is None or int(r["cracno"]) < int(cur["cracno"]):
            first[r["crisno"]] = r
    for a in icb_actors(data, build, "mediation", first.values()):
        c = crises[a.row["crisno"]]
        e = icb_episode("mediation", a, spells, build)
        if e is not None:
            e.raw |= {"medwho": c["medwho"].strip(), "medefct": c["medefct"].strip()}
            build.episodes.append(e)


# ------------------------------------------------------------------------------ TIES
TIES_ENDINGS = {
    1: ("capitulation", "TIES-acquiesce"),  # partial acquiescence by the target, threat stage
    2: ("capitulation", "TIES-acquiesce"),  # complete acquiescence, threat stage
    3: ("backdown", "TIES-sender-capitulates"),  # sender capitulates, threat stage
    4: ("stalemate", "TIES-stalemate"),  # stalemate, threat stage
    5: ("deal", "TIES-settlement"),  # negotiated settlement, threat stage
    6: ("capitulation", "TIES-acquiesce"),  # partial acquiescence after imposition
    7: ("capitulation", "TIES-acquiesce"),  # total acquiescence after imposition
    8: ("backdown", "TIES-sender-capitulates"),  # sender capitulates after imposition
    9: ("stalemate", "TIES-stalemate"),  # stalemate after imposition
    10: ("deal", "TIES-settlement"),  # negotiated settlement after imposition
}


def build_ties(data: Path, build: Build) -> None:
    for r in read("ties4.1.csv", data):
        start = ties_date(r["startyear"], r["startmonth"], r["startday"])
        if start is None:
            build.exclude("sanctions", "ties", "start month missing")
            continue
        outcome = num(r["finaloutcome"])
        end = ties_date(r["endyear"], r["endmonth"], r["endday"])
        ongoing = ties_date(r["ongoingasofyear"], r["ongoingasofmonth"], r["ongoingasofday"])
        raw = {
            k: r[k].strip().removesuffix(".0")
            for k in ("threat", "imposition", "finaloutcome")
        }
        name = f"TIES {r['primarysender'].removesuffix('.0')}->{r['targetstate'].removesuffix('.0')}"
        eid = f"ties:{r['caseid']}"
        if end is not None and outcome in TIES_ENDINGS and end >= start:
            ending, rule = TIES_ENDINGS[outcome]
            build.episodes.append(
                Episode(
                    "sanctions", "ties", eid, name, start, end, "ended", ending,
                    force_used=None, force_day=None, force_basis="not_coded", leader_out=None, rule=rule, raw=raw,
                )
            )
        elif end is None and ongoing is not None and ongoing >= start:
            build.episodes.append(
                Episode(
                    "sanctions", "ties", eid, name, start, ongoing, "censored", "",
                    force_used=None, force_day=None, force_basis="not_coded", leader_out=None, rule="TIES-ongoing", raw=raw,
                )
            )
        elif end is not None and end >= start:
            build.exclude("sanctions", "ties", "ended, outcome missing")
        elif outcome in TIES_ENDINGS:
            build.exclude("sanctions", "ties", "outcome coded, end date missing")
        else:
            build.exclude("sanctions", "ties", "neither end nor ongoing date")


# ------------------------------------------------------------------------------ MID
def build_mid(data: Path, build: Build) -> None:
    for r in read("cow_mid5_disputes.csv", data):
        year, month = num(r["styear"]), num(r["stmon"])
        maxdur = num(r["maxdur"])
        outcome, settle, hostlev = num(r["outcome"]), num(r["settle"]), num(r["hostlev"])
        if year is None or month is None or maxdur is None:
            build.exclude("compellence", "mid", "undatable")
            continue
        force = hostlev is not None and hostlev >= 4
        if outcome == 1:
            ending, rule = "capitulation", "MID-victory-A"
        elif outcome == 2:
            ending, rule = "backdown", "MID-victory-B"
        elif outcome == 3:
            ending, rule = "backdown", "MID-yield-A"
        elif outcome == 4:
            ending, rule = "capitulation", "MID-yield-B"
        elif outcome == 5:
            ending, rule = ("limited_force", "MID-stalemate-force") if force else ("stalemate", "MID-stalemate")
        elif outcome == 6:
            ending, rule = "deal", "MID-compromise"
        elif outcome == 7:
            ending, rule = ("deal", "MID-released-negotiated") if settle == 1 else ("backdown", "MID-released")
        elif outcome == 8:
            build.exclude("compellence", "mid", "outcome unclear")
            continue
        elif outcome == 9:
            build.exclude("compellence", "mid", "joins an ongoing war")
            continue
        else:
            build.exclude("compellence", "mid", "outcome missing")
            continue
        start = dt.date(year, month, 1)
        end = start + dt.timedelta(days=maxdur)
        raw = {k: r[k].strip().removesuffix(".0") for k in ("outcome", "settle", "hostlev")}
        dispnum = r["dispnum"].removesuffix(".0")
        build.episodes.append(
            Episode(
                "compellence", "mid", f"mid:{dispnum}", f"MID {dispnum}", start, end, "ended", ending,
                force_used=force, force_day=maxdur if force else None, force_basis="end" if force else "",
                leader_out=None, rule=rule, raw=raw,
            )
        )


# ------------------------------------------------------------------------------ output
CLASS_ORDER = ("leader_exit", "compellence", "sanctions", "mediation")
DATASET_ORDER = ("icb+archigos", "icb", "mid", "ties")


def build_all(data: Path = DATA) -> Build:
    build = Build()
    build_icb(data, build)
    build_ties(data, build)
    build_mid(data, build)
    build.episodes.sort(
        key=lambda e: (
            CLASS_ORDER.index(e.reference_class),
            DATASET_ORDER.index(e.dataset),
            e.start,
            e.episode_id,
        )
    )
    return build


def render(build: Build) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for e in build.episodes:
        w.writerow(e.row())
    return buf.getvalue()


def summary(build: Build) -> str:
    lines = []
    groups: dict[tuple[str, str], Counter[str]] = {}
    for e in build.episodes:
        groups.setdefault((e.reference_class, e.dataset), Counter())[e.ending or "(censored)"] += 1
    for (rc, ds), counts in groups.items():
        lines.append(f"{rc:12} {ds:13} {sum(counts.values()):5}  " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    lines.append("excluded:")
    for (rc, ds, reason), n in sorted(build.excluded.items()):
        lines.append(f"  {rc:12} {ds:13} {n:5}  {reason}")
    rules = Counter((e.reference_class, e.dataset, e.rule) for e in build.episodes)
    lines.append("rules:")
    for (rc, ds, rule), n in sorted(rules.items()):
        lines.append(f"  {rc:12} {ds:13} {n:5}  {rule}")
    return "\n".join(lines)


# ------------------------------------------------------------------------------ docs table
HORIZONS = (30, 90, 180, 365)
BEGIN = "<!-- base-rate-table: begin (generated by `python scripts/build_base_rates.py --docs`) -->"
END = "<!-- base-rate-table: end -->"


def docs_table() -> str:
    """The base-rate table of the docs page, from the shipped table and the engine."""
    from standoff.core.endings import ENDINGS
    from standoff.engines.baserate import REFERENCE_CLASSES, SOURCES, base_rate

    def cell(r: object) -> str:
        p, lo, hi = r.p, r.low, r.high  # type: ignore[attr-defined]
        return f"{p:.2f} ({lo:.2f}-{hi:.2f})"

    out = []
    for rc in REFERENCE_CLASSES:
        for source in SOURCES[rc]:
            first = base_rate(rc, horizon_days=HORIZONS[0], source=source)
            out.append(f"**{rc}** / `{source}` ({first.episodes} episodes): {first.definition}")
            out.append("")
            extra = ["force_used"] + (["leader_out"] if first.leader_out is not None else [])
            head = ["days", *[e.value for e in ENDINGS], *extra]
            out.append("| " + " | ".join(head) + " |")
            out.append("|" + "---|" * len(head))
            for h in HORIZONS:
                br = base_rate(rc, horizon_days=h, source=source)
                cells = [str(h), *[cell(br.endings[e]) for e in ENDINGS]]
                cells.append("n/a" if br.force_used is None else cell(br.force_used))
                if br.leader_out is not None:
                    cells.append(cell(br.leader_out))
                out.append("| " + " | ".join(cells) + " |")
            out.append("")
    return "\n".join([BEGIN, "", *out, END])


def replace_docs_table(text: str, table: str) -> str:
    head, sep, rest = text.partition(BEGIN)
    if not sep:
        raise SystemExit(f"marker not found in {DOCS}: {BEGIN}")
    _, sep2, tail = rest.partition(END)
    if not sep2:
        raise SystemExit(f"marker not found in {DOCS}: {END}")
    return head + table + tail


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA, help="folder of the crisis data sets")
    ap.add_argument("--out", type=Path, default=OUT, help="where to write the episode table")
    ap.add_argument("--check", action="store_true", help="exit 1 if the shipped table differs from a rebuild")
    ap.add_argument("--summary", action="store_true", help="print counts per class, ending, rule and exclusion")
    ap.add_argument("--docs", action="store_true", help="rewrite the base-rate table in the docs page")
    args = ap.parse_args(argv)
    if args.docs:
        DOCS.write_text(replace_docs_table(DOCS.read_text(encoding="utf-8"), docs_table()), encoding="utf-8")
        return 0
    if not args.data.is_dir():
        print(f"data folder not found: {args.data}", file=sys.stderr)
        return 2
    build = build_all(args.data)
    text = render(build)
    if args.summary:
        print(summary(build))
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale: run python scripts/build_base_rates.py", file=sys.stderr)
            return 1
        return 0
    if not args.summary:
        tmp = args.out.with_suffix(".csv.tmp")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
