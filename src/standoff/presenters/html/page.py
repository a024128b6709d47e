"""The HTML brief as data: parts in reading order, each with the brief's sections, its
figures (specs) and its tables. The templates only lay it out.

Reading order (issue 13): the headline; what would change it; what to watch; the case;
the deal analysis; the annex (crisis games, simulation, forecast); sources and
assumptions.

**The hook for the headline and the sensitivity analysis.** Sections come from
:func:`standoff.presenters.sections.sections`, each with a ``key``; :data:`PART_OF` puts
each key in a part of the page, and :data:`FIGURES` gives the figures drawn beside a
section. The section keyed ``headline`` (or ``assessment``) leads the page, with the
chart of ``assessment.headline.endings`` (each ending by the horizon with its 90 %
interval, :func:`standoff.presenters.charts.endings_by_date`). "What would change it"
and "What to watch" list every driver, threshold and indicator of
``assessment.headline`` (:data:`EXTRA`), unless the brief has sections keyed ``change``
or ``watch`` of its own; sections keyed ``thresholds``, ``drivers``, ``sensitivity`` or
``tornado`` join "What would change it", and a figure for one of them (the tornado) is
one more entry in :data:`FIGURES`. Sections with a key not listed go to the annex.
Without a headline section the page leads with :func:`glance`: the leading sentence of
the deal analysis and of the crisis games.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from standoff.presenters import charts
from standoff.presenters.figures import FigureSpec, plotly_dict, plotly_text
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
from standoff.presenters.sections.headline import ending_words, threshold_words, watch_words
from standoff.presenters.sections.words import path_label, pct
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
    "change": "change",
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
    h = a.headline
    if h is None or not h.endings:
        return []
    endings = {k: {"p": v.p, "low": v.low, "high": v.high} for k, v in h.endings.items()}
    spec = charts.endings_by_date(endings, h.horizon)
    labels = {k.replace("_", " "): ending_words(case, k) for k in h.endings}
    return [replace(spec, traces=tuple(replace(t, x=[plotly_text(labels.get(str(x), str(x))) for x in t.x])
                                       for t in spec.traces))]


def change_section(a: Assessment, case: Case) -> BriefSection | None:
    """What would change the answer: every driver and threshold of the headline, in the
    headline's own words (:mod:`standoff.presenters.sections.headline`)."""
    h = a.headline
    if h is None or not (h.drivers or h.thresholds):
        return None
    lines = []
    top = ending_words(case, h.most_likely)
    if h.drivers:
        lines.append(f"The inputs that move the chance of the most likely ending ({top}) most, across the draws:")
    bullets = [f"{path_label(case, d.path)}: {'raises' if d.direction > 0 else 'lowers'} it; "
               f"{pct(d.importance)} of the spread" for d in h.drivers]
    bullets += [threshold_words(case, t) for t in h.thresholds]
    if h.thresholds and not any(t.flips for t in h.thresholds):
        lines.append("No single driver flips the most likely ending within its plausible range.")
    return BriefSection(key="change", title="What would change it", lines=lines, bullets=bullets,
                        data={"drivers": [d.to_dict() for d in h.drivers],
                              "thresholds": [t.to_dict() for t in h.thresholds]})


def watch_section(a: Assessment, case: Case) -> BriefSection | None:
    """What to watch: every indicator of the headline, largest move first."""
    h = a.headline
    if h is None or not h.watch:
        return None
    return BriefSection(key="watch", title="What to watch",
                        lines=[f"Events and changes that would move the answer most, in points of probability "
                               f"by {h.horizon}:"],
                        bullets=[watch_words(case, i) for i in h.watch],
                        data={"watch": [i.to_dict() for i in h.watch]})


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


#: Sections the page adds from the assessment when the brief's sections do not have them
#: (by the key they would have).
EXTRA: dict[str, Callable[[Assessment, Case], BriefSection | None]] = {
    "change": change_section,
    "watch": watch_section,
}

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


def build_page(scn: Scenario, a: Assessment, secs: Sequence[BriefSection], *, tables: bool = True,
               overrides: Mapping[str, float] | None = None) -> Page:
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
    have = {s.key for s in secs}
    extra = [sec for key, make in EXTRA.items() if key not in have and (sec := make(a, case)) is not None]
    for sec in [*secs, *extra]:
        grouped[PART_OF.get(sec.key, "annex")].append(block(sec, a, case, counter))
    tables_of: dict[str, tuple[Table, ...]] = {}
    if tables:
        tables_of = {
            "case": (actors_table(scn), issues_table(scn), red_lines_table(scn), pressure_table(scn),
                     timeline_table(scn)),
            "sources": (sources_table(scn), numbers_table(scn, overrides)),
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
        intro = " ".join((scn.spec.summary or "").split()) if key == "case" else ""
        parts.append(Part(key, title, tuple(blocks), tables_of.get(key, ()), intro=intro, attrs=attrs.get(key, {})))
    spec = scn.spec
    return Page(scenario=spec.id, title=spec.title, as_of=spec.as_of.isoformat(),
                summary=" ".join((spec.summary or "").split()), draws=a.draws, seed=a.seed, parts=tuple(parts))
