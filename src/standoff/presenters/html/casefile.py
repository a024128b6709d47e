"""The case as tables for the HTML brief: actors, issues and positions, pressure, the
dated timeline with its sources, and every number with its provenance.

Read from the scenario's spec (what the file says, in the file's words) and its nominal
case (positions); nothing here computes an analysis. Every string is plain text: the
templates escape it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pydantic import BaseModel

from standoff.scenario import Scenario
from standoff.scenario.case.draws import dotted
from standoff.scenario.quantity import Quantity
from standoff.scenario.schema import IssueKind, ScenarioSpec
from standoff.scenario.validate import children

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Cell:
    """One table cell: its text, and a mark (``assumption``, ``source``, ``muted``,
    ``num``) the page styles."""

    text: str
    mark: str = ""


@dataclass(frozen=True)
class Table:
    """A table of the page: a caption, column headings and rows of cells."""

    key: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class Provenance:
    """Where a number comes from: a source (its id, title and note) or an assumption
    (its reason); ``inherited`` when the number takes it from its enclosing block."""

    kind: str  # "source" | "assumption" | "none"
    text: str
    source: str | None = None
    inherited: bool = False


@dataclass(frozen=True)
class Number:
    """One number of the scenario: its path in the file, its value or distribution in
    words, and its provenance."""

    path: str
    value: str
    uncertain: bool
    provenance: Provenance


@dataclass
class _Block:
    source: str | None = None
    note: str | None = None
    assumption: str | None = None
    chain: list[str] = field(default_factory=list)


def quantity_words(q: Quantity) -> str:
    """A number in words: ``0.65``, ``triangular 0.4 / 0.65 / 0.85``, ``beta(4, 5)``."""
    if q.is_fixed:
        return f"{q.nominal:g}"
    if q.dist == "uniform":
        return f"uniform {q.low:g} to {q.high:g} (mean {q.nominal:.3g})"
    if q.dist == "triangular":
        return f"triangular {q.low:g} / {q.mode:g} / {q.high:g} (mean {q.nominal:.3g})"
    if q.dist == "beta":
        lo, hi = q.support
        span = "" if (lo, hi) == (0.0, 1.0) else f" on {lo:g} to {hi:g}"
        return f"beta({q.a:g}, {q.b:g}){span} (mean {q.nominal:.3g})"
    if q.dist == "normal":
        return f"normal, mean {q.mean:g}, sd {q.sd:g}"
    return f"lognormal, mu {q.mu:g}, sigma {q.sigma:g} (mean {q.nominal:.3g})"


def _own(model: BaseModel) -> _Block:
    return _Block(getattr(model, "source", None), getattr(model, "note", None), getattr(model, "assumption", None))


def _provenance(spec: ScenarioSpec, own: _Block, inherited: _Block | None) -> Provenance:
    for blk, inh in ((own, False), (inherited, True)):
        if blk is None:
            continue
        if blk.assumption:
            return Provenance("assumption", " ".join(blk.assumption.split()), inherited=inh)
        if blk.source:
            src = spec.sources.get(blk.source)
            title = src.title if src is not None else blk.source
            text = title + (f": {' '.join(blk.note.split())}" if blk.note else "")
            return Provenance("source", text, source=blk.source, inherited=inh)
    return Provenance("none", "no provenance given")


def numbers(spec: ScenarioSpec) -> list[Number]:
    """Every number of the scenario with its provenance (its own, or its nearest
    enclosing block's, as the loader reads it)."""
    out: list[Number] = []

    def walk(model: BaseModel, path: Path, inherited: _Block | None) -> None:
        own = _own(model)
        here = own if (own.source or own.assumption) else inherited
        for p, child in children(model, path):
            if isinstance(child, Quantity):
                prov = _provenance(spec, _own(child), here)
                out.append(Number(dotted(p), quantity_words(child), not child.is_fixed, prov))
            elif isinstance(child, BaseModel):
                walk(child, p, here)

    walk(spec, (), None)
    return out


def _prov_cell(p: Provenance) -> Cell:
    if p.kind == "assumption":
        return Cell(("assumption (of its block): " if p.inherited else "assumption: ") + p.text, "assumption")
    if p.kind == "source":
        return Cell(("source (of its block): " if p.inherited else "source: ") + p.text, "source")
    return Cell(p.text, "muted")


def _item_prov(spec: ScenarioSpec, model: BaseModel) -> Cell:
    own = _own(model)
    return _prov_cell(_provenance(spec, own, None)) if (own.source or own.assumption) else Cell("", "muted")


def actors_table(scn: Scenario) -> Table:
    spec = scn.spec
    neg = spec.negotiation
    rows = []
    for aid, a in spec.actors.items():
        role = []
        if aid == neg.challenger:
            role.append("challenger")
        if aid == neg.target:
            role.append("target")
        if aid in neg.parties and not role:
            role.append("party")
        if aid in neg.mediators:
            role.append("mediator")
        rows.append((Cell(a.name), Cell(a.kind.value.replace("_", " ")), Cell(", ".join(role) or "third party", "muted"),
                     Cell(quantity_words(a.capability), "num"), Cell(a.description or ""), _item_prov(spec, a)))
    return Table("actors", "Actors", ("actor", "kind", "role", "capability", "role in the case", "provenance"),
                 tuple(rows))


def issues_table(scn: Scenario) -> Table:
    """Each issue's options and each party's best option, weight and red lines."""
    spec = scn.spec
    case = scn.case()
    rows = []
    parties = scn.parties
    for iid, isp in spec.issues.items():
        k = case.space.issue_index(iid)
        if isp.kind is IssueKind.scale and isp.ends:
            opts = f"0 = {isp.ends[0]}; 100 = {isp.ends[1]}"
        else:
            opts = "; ".join(case.option_label(k, j) for j in range(len(case.space.issues[k].options)))
        cells = [Cell(isp.name), Cell(opts)]
        for party in parties:
            u = scn.utility(party)
            best = int(u.values[k].argmax())
            never = [case.option_label(k, j) for j, f in enumerate(u.forbidden[k]) if f]
            text = f"{case.option_label(k, best)} (weight {u.weights[k]:.0%})"
            if never:
                text += "; never: " + ", ".join(never)
            cells.append(Cell(text))
        rows.append(tuple(cells))
    heads = ("issue", "options", *(f"{spec.actors[p].name}: best option" for p in parties))
    return Table("issues", "Issues and positions", heads, tuple(rows),
                 note="Weight: the share of the party's concern; 'never': a stated red line.")


def pressure_table(scn: Scenario) -> Table:
    spec = scn.spec
    rows = []
    for ins in spec.instruments.values():
        who = f"{spec.actors[ins.imposer].name} on {spec.actors[ins.target].name}"
        status = ins.status.value.replace("_", " ") + (f" since {ins.since}" if ins.since else "")
        cred = quantity_words(ins.credibility) if ins.credibility is not None else ""
        rows.append((Cell(ins.name), Cell(who), Cell(status), Cell(quantity_words(ins.cost_to_target), "num"),
                     Cell(quantity_words(ins.cost_to_imposer), "num"), Cell(cred, "num"), _item_prov(spec, ins)))
    return Table("pressure", f"Pressure (costs per {spec.period}, on a 0-1 utility scale)",
                 ("instrument", "who on whom", "status", "cost to the target", "cost to the imposer", "credibility",
                  "provenance"), tuple(rows))


def timeline_table(scn: Scenario) -> Table:
    spec = scn.spec
    rows = []
    for ev in sorted(spec.events, key=lambda e: e.date):
        who = spec.actors[ev.actor].name
        if ev.target:
            who += f" to {spec.actors[ev.target].name}"
        if ev.via:
            who += " via " + ", ".join(spec.actors[v].name for v in ev.via)
        fate = ev.fate.value + ("" if ev.confirmed else " (unconfirmed)")
        src = spec.sources[ev.source].title if ev.source and ev.source in spec.sources else (ev.source or "")
        said = []
        if ev.attributed_to:
            said.append(f"attributed to {ev.attributed_to}")
        said.append(f"confidence {ev.confidence}")
        if src:
            said.append(f"source: {src}")
        if ev.note:
            said.append(ev.note)
        rows.append((Cell(ev.date.isoformat(), "num"), Cell(ev.category.value), Cell(who), Cell(ev.summary),
                     Cell(fate), Cell("; ".join(said), "source")))
    return Table("timeline", "Timeline", ("date", "event", "who", "what happened", "fate", "sources"), tuple(rows))


def sources_table(scn: Scenario) -> Table:
    spec = scn.spec
    rows = []
    for sid, s in spec.sources.items():
        rows.append((Cell(sid, "muted"), Cell(s.title), Cell(s.kind.value), Cell(s.reliability),
                     Cell(s.date.isoformat() if s.date else "", "num"),
                     Cell("; ".join(x for x in (s.publisher or "", s.url or "", " ".join((s.note or "").split())) if x))))
    return Table("sources", "Sources", ("id", "source", "kind", "reliability", "date", "notes"), tuple(rows))


def numbers_table(scn: Scenario, overrides: Mapping[str, float] | None = None) -> Table:
    """Every number with its provenance; a number fixed for this run (``--set``) shows
    the value used, and the file's."""
    nums = numbers(scn.spec)
    fixed = dict(overrides or {})
    rows = tuple(
        (Cell(n.path, "muted"), Cell(f"{fixed[n.path]:g} (set for this run; the file has {n.value})", "num set"),
         Cell("assumption: set for this run with --set", "assumption"))
        if n.path in fixed else (Cell(n.path, "muted"), Cell(n.value, "num"), _prov_cell(n.provenance))
        for n in nums)
    n_assumed = sum(n.provenance.kind == "assumption" for n in nums)
    n_uncertain = sum(n.uncertain for n in nums)
    return Table("numbers", "Every number and where it comes from", ("where in the file", "value", "provenance"), rows,
                 note=(f"{len(nums)} numbers: {n_assumed} assumptions (marked) and {len(nums) - n_assumed} from sources; "
                       f"{n_uncertain} are given as ranges and drawn in the Monte Carlo analysis."))


def red_lines_table(scn: Scenario) -> Table:
    spec = scn.spec
    case = scn.case()
    rows = []
    for aid, pref in spec.preferences.items():
        for rl in pref.red_lines:
            k = case.space.issue_index(rl.issue)
            opts = case.space.issues[k].options
            never = ", ".join(case.option_label(k, opts.index(o)) if o in opts else o for o in rl.options)
            hold = quantity_words(rl.p_hold) if rl.p_hold is not None else "from its source"
            reason = " ".join((rl.reason or "").split())
            rows.append((Cell(spec.actors[aid].name), Cell(spec.issues[rl.issue].name), Cell(never), Cell(reason),
                         Cell(hold, "num")))
    return Table("red-lines", "Red lines", ("who", "issue", "never accepts", "why", "chance it holds"), tuple(rows))
