"""The HTML brief as data: parts in reading order, each with the brief's sections, its
figures (specs) and its tables. The templates only lay it out.

Reading order (issue 13): the headline; what would change it; what to watch; the case;
the deal analysis; the annex (crisis games, simulation, forecast); sources and
assumptions.

**The hook for the headline and the sensitivity analysis.** Sections come from
:func:`standoff.presenters.sections.sections`, each with a ``key``; :data:`PART_OF` puts
each key in a part of the page, and :data:`FIGURES` gives the figures drawn beside a
section. A section with key ``headline`` (or ``assessment``) leads the page, and when
the assessment carries the JSON contract's ``endings`` (``{name: {"p", "low", "high"}}``)
the headline's chart (:func:`standoff.presenters.charts.endings_by_date`) is drawn
there. Sections keyed ``thresholds``, ``drivers``, ``sensitivity`` or ``tornado`` fill
"What would change it", and ``watch`` fills "What to watch"; a figure builder for one of
them is one more entry in :data:`FIGURES`. Sections with a key not listed go to the
annex. Until a headline section exists, the page leads with :func:`glance`: the
leading sentence of each engine's section, as they stand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from standoff.presenters import charts
from standoff.presenters.figures import FigureSpec, plotly_dict
from standoff.presenters.html.casefile import (
    Table,
    actors_table,
    issues_table,
    numbers_table,
    pressure_table,
    red_lines_table,
    sources_table,
    timeline_table,
)
from standoff.results.assessment import Assessment
from standoff.results.brief import BriefSection
from standoff.scenario import Scenario
from standoff.scenario.case import Case

#: Section keys that make the headline, in order of preference.
HEADLINE_KEYS = ("headline", "assessment")

#: The part of the page each section key belongs to (others go to the annex).
PART_OF: dict[str, str] = {
    "headline": "headline",
    "assessment": "headline",
    "thresholds": "change",
    "drivers": "change",
    "sensitivity": "change",
    "tornado": "change",
    "watch": "watch",
    "case": "case",
    "bargain": "deal",
    "crisis": "annex",
    "simulate": "annex",
    "forecast": "annex",
}

#: The parts of the page in reading order, with their titles.
PARTS: tuple[tuple[str, str], ...] = (
    ("headline", "The assessment"),
    ("change", "What would change it"),
    ("watch", "What to watch"),
    ("case", "The case"),
    ("deal", "The deal analysis"),
    ("annex", "Annex: crisis games, simulation and forecast"),
    ("sources", "Sources and assumptions"),
)


@dataclass(frozen=True)
class Figure:
    """A figure of the page: an element id, its spec and its Plotly JSON."""

    id: str
    spec: FigureSpec

    @property
    def data(self) -> dict[str, Any]:
        return plotly_dict(self.spec)

    @property
    def caption(self) -> str:
        return self.spec.caption


@dataclass(frozen=True)
class Block:
    """One section of the brief with the figures drawn beside it."""

    section: BriefSection
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class Part:
    """A part of the page: its anchor, title, sections, tables and data attributes."""

    key: str
    title: str
    blocks: tuple[Block, ...] = ()
    tables: tuple[Table, ...] = ()
    intro: str = ""
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    """The whole page."""

    scenario: str
    title: str
    as_of: str
    summary: str
    draws: int
    seed: int
    parts: tuple[Part, ...]

    @property
    def figures(self) -> list[Figure]:
        return [f for p in self.parts for b in p.blocks for f in b.figures]

    def part(self, key: str) -> Part | None:
        return next((p for p in self.parts if p.key == key), None)


FigureBuilder = Callable[[Assessment, Case], list[FigureSpec]]


def _headline_figures(a: Assessment, case: Case) -> list[FigureSpec]:
    data = a.to_dict()
    endings = data.get("endings")
    if isinstance(endings, dict) and endings:
        horizon = data.get("horizon") or a.case.horizon
        return [charts.endings_by_date(endings, horizon if isinstance(horizon, str) else None)]
    return []


def _bargain_figures(a: Assessment, case: Case) -> list[FigureSpec]:
    if a.bargain is None or len(a.bargain.parties) != 2 or not a.bargain.frontier:
        return []
    return [charts.frontier(a.bargain, case)]


def _crisis_figures(a: Assessment, case: Case) -> list[FigureSpec]:
    return [charts.crisis_endings(a.crisis)] if a.crisis is not None and a.crisis.models else []


def _simulate_figures(a: Assessment, case: Case) -> list[FigureSpec]:
    return [charts.talks_endings(a.simulate)] if a.simulate is not None and a.simulate.endings else []


def _forecast_figures(a: Assessment, case: Case) -> list[FigureSpec]:
    return [charts.forecast_trajectories(r) for r in a.forecast.values()]


#: Figures drawn beside each section, by section key.
FIGURES: dict[str, FigureBuilder] = {
    "headline": _headline_figures,
    "assessment": _headline_figures,
    "bargain": _bargain_figures,
    "crisis": _crisis_figures,
    "simulate": _simulate_figures,
    "forecast": _forecast_figures,
}


def glance(secs: Sequence[BriefSection]) -> BriefSection:
    """The page's lead while the assessment has no headline: the first sentence of the
    deal analysis and of the crisis games, as the sections put them."""
    lines = []
    for key in ("bargain", "crisis"):
        sec = next((s for s in secs if s.key == key), None)
        if sec is not None and sec.lines:
            lines.append(sec.lines[0])
    return BriefSection(key="glance", title="At a glance", lines=lines)


def lead(secs: Sequence[BriefSection]) -> BriefSection:
    """The section the page (and the web app) leads with: the headline when there is
    one, else :func:`glance`."""
    for key in HEADLINE_KEYS:
        sec = next((s for s in secs if s.key == key), None)
        if sec is not None:
            return sec
    return glance(secs)


def block(sec: BriefSection, a: Assessment, case: Case, counter: list[int]) -> Block:
    figs = []
    builder = FIGURES.get(sec.key)
    for spec in builder(a, case) if builder is not None else []:
        counter[0] += 1
        figs.append(Figure(f"fig-{counter[0]}-{spec.key}", spec))
    return Block(sec, tuple(figs))


def build_page(scn: Scenario, a: Assessment, secs: Sequence[BriefSection], *, tables: bool = True) -> Page:
    """The page of an assessment (``secs``: its brief's sections, in reading order);
    without ``tables`` (the web app's live results) the case's and the sources' tables
    and the parts made only of them are left out."""
    case = scn.case()
    counter = [0]
    grouped: dict[str, list[Block]] = {k: [] for k, _ in PARTS}
    head = lead(secs)
    if head.key == "glance":
        grouped["headline"].append(Block(head))
        if _headline_figures(a, case):  # endings without a headline section
            grouped["headline"] = [block(BriefSection(key="headline", title=head.title, lines=head.lines), a, case,
                                         counter)]
    for sec in secs:
        grouped[PART_OF.get(sec.key, "annex")].append(block(sec, a, case, counter))
    tables_of: dict[str, tuple[Table, ...]] = {}
    if tables:
        tables_of = {
            "case": (actors_table(scn), issues_table(scn), red_lines_table(scn), pressure_table(scn),
                     timeline_table(scn)),
            "sources": (sources_table(scn), numbers_table(scn)),
        }
    attrs: dict[str, dict[str, str]] = {"deal": {}}
    if a.bargain is not None:
        attrs["deal"] = {"zone-size": str(a.bargain.zopa.size or 0), "zone": "empty" if a.bargain.zopa.empty else "open"}
    parts = []
    for key, title in PARTS:
        blocks = grouped[key]
        if key == "headline" and blocks:
            title = blocks[0].section.title
        if not blocks and key not in tables_of:
            continue
        parts.append(Part(key, title, tuple(blocks), tables_of.get(key, ()), attrs=attrs.get(key, {})))
    spec = scn.spec
    return Page(scenario=spec.id, title=spec.title, as_of=spec.as_of.isoformat(),
                summary=" ".join((spec.summary or "").split()), draws=a.draws, seed=a.seed, parts=tuple(parts))
