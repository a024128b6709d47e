"""Checks that need the whole scenario: cross-references and provenance.

Field-level checks (types, ranges, unknown keys) live on the models in
:mod:`standoff.scenario.schema`; here we check that every id a section names exists in
the section it points to, that preferences cover the right options, and that every
number has a ``source`` or an ``assumption`` (its own or its enclosing block's).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import BaseModel

from standoff.core.errors import Problem, ProblemList, did_you_mean
from standoff.scenario.quantity import Quantity
from standoff.scenario.schema import (
    ActorKind,
    IssueKind,
    IssueSpec,
    ScenarioSpec,
)

Path = tuple[str | int, ...]


def check_scenario(spec: ScenarioSpec) -> list[Problem]:
    """Every cross-reference and provenance problem of a scenario (empty when valid)."""
    out = ProblemList()
    actors = set(spec.actors)
    issues = spec.issues
    sources = set(spec.sources)
    instruments = set(spec.instruments)
    event_ids = [e.id for e in spec.events]

    def actor(path: Path, ref: str | None) -> None:
        if ref is not None and ref not in actors:
            out.add(path, f"unknown actor {ref!r}", did_you_mean(ref, actors))

    def issue_ref(path: Path, ref: str) -> IssueSpec | None:
        if ref not in issues:
            out.add(path, f"unknown issue {ref!r}", did_you_mean(ref, issues))
            return None
        return issues[ref]

    def option_ref(path: Path, issue_id: str, option: str | float) -> None:
        spec_i = issues.get(issue_id)
        if spec_i is None:
            return
        if spec_i.kind is IssueKind.scale:
            if isinstance(option, str):
                try:
                    value = float(option)
                except ValueError:
                    out.add(path, f"issue {issue_id!r} is a 0-100 scale: give a number, not {option!r}")
                    return
            else:
                value = float(option)
            if not 0.0 <= value <= 100.0:
                out.add(path, f"position {value:g} is outside the 0-100 scale of {issue_id!r}")
            return
        opts = spec_i.option_ids
        if str(option) not in opts:
            out.add(path, f"issue {issue_id!r} has no option {option!r}", did_you_mean(str(option), opts))

    def package(path: Path, pkg: dict[str, str | float] | None) -> None:
        for key, opt in (pkg or {}).items():
            if issue_ref((*path, key), key) is not None:
                option_ref((*path, key), key, opt)

    def source_ref(path: Path, ref: str | None) -> None:
        if ref is not None and ref not in sources:
            out.add(path, f"unknown source {ref!r}", did_you_mean(ref, sources) + "; add it under `sources`")

    # -- actors ---------------------------------------------------------------------
    for aid, a in spec.actors.items():
        for i, ally in enumerate(a.aligned_with):
            actor(("actors", aid, "aligned_with", i), ally)

    # -- negotiation ----------------------------------------------------------------
    neg = spec.negotiation
    for i, party in enumerate(neg.parties):
        actor(("negotiation", "parties", i), party)
        if party in spec.actors and party not in spec.preferences:
            out.add(("negotiation", "parties", i), f"party {party!r} has no entry under `preferences`",
                    "every negotiating party needs preferences")
    if len(set(neg.parties)) != len(neg.parties):
        out.add(("negotiation", "parties"), "a party is listed twice")
    for key in ("challenger", "target"):
        ref = getattr(neg, key)
        actor(("negotiation", key), ref)
        if ref is not None and ref in actors and ref not in neg.parties:
            out.add(("negotiation", key), f"{key} {ref!r} is not one of the negotiation's parties")
    for i, m in enumerate(neg.mediators):
        actor(("negotiation", "mediators", i), m)
        if m in spec.actors and spec.actors[m].kind is not ActorKind.mediator:
            out.add(("negotiation", "mediators", i), f"actor {m!r} is not of kind mediator",
                    "set its kind to mediator or remove it from the mediators")
    if neg.deadline is not None and neg.deadline < spec.as_of:
        out.add(("negotiation", "deadline"), f"deadline {neg.deadline} is before the as-of date {spec.as_of}")

    # -- issues ---------------------------------------------------------------------
    for iid, isp in issues.items():
        if isp.status_quo is not None:
            option_ref(("issues", iid, "status_quo"), iid, isp.status_quo)

    # -- preferences ----------------------------------------------------------------
    for aid, pref in spec.preferences.items():
        base: Path = ("preferences", aid)
        actor(base, aid)
        if not pref.issues:
            out.add((*base, "issues"), "an actor's preferences need at least one issue")
        if pref.issues and all(ip.salience.nominal == 0 and ip.salience.is_fixed for ip in pref.issues.values()):
            out.add((*base, "issues"), "all saliences are zero", "give at least one issue a positive salience")
        for iid, ip in pref.issues.items():
            p: Path = (*base, "issues", iid)
            isp_or_none = issue_ref(p, iid)
            if isp_or_none is None:
                continue
            isp = isp_or_none
            if isp.kind is IssueKind.scale:
                if ip.ideal is None:
                    out.add(p, f"issue {iid!r} is a 0-100 scale: give 'ideal' (0-100)")
                if ip.values is not None:
                    out.add((*p, "values"), "a scale issue takes 'ideal', not 'values'")
            else:
                if ip.ideal is not None:
                    out.add((*p, "ideal"), f"issue {iid!r} has options: give 'values', not 'ideal'")
                if ip.values is None:
                    out.add(p, f"give 'values' for the options of {iid!r}",
                            f"options: {', '.join(isp.option_ids)}")
                else:
                    for opt in ip.values:
                        option_ref((*p, "values", opt), iid, opt)
                    missing = [o for o in isp.option_ids if o not in ip.values]
                    if missing:
                        out.add((*p, "values"), f"no value for option(s) {', '.join(missing)}",
                                "give every option a value between 0 and 1")
            source_ref((*p, "source"), ip.source)
        for k, rl in enumerate(pref.red_lines):
            rp: Path = (*base, "red_lines", k)
            source_ref((*rp, "source"), rl.source)
            if issue_ref((*rp, "issue"), rl.issue) is not None:
                for j, o in enumerate(rl.options):
                    option_ref((*rp, "options", j), rl.issue, o)
        for k, inter in enumerate(pref.interactions):
            ip_: Path = (*base, "interactions", k)
            for j, iid in enumerate(inter.issues):
                issue_ref((*ip_, "issues", j), iid)
            if inter.issues[0] == inter.issues[1]:
                out.add((*ip_, "issues"), "an interaction needs two different issues")
            for t, term in enumerate(inter.terms):
                for j, (iid, o) in enumerate(zip(inter.issues, term.options, strict=True)):
                    option_ref((*ip_, "terms", t, "options", j), iid, o)

    # -- no deal --------------------------------------------------------------------
    for aid, nd in spec.no_deal.items():
        base = ("no_deal", aid)
        actor(base, aid)
        for i, other in enumerate(nd.against):
            actor((*base, "against", i), other)
        if nd.p_prevail is None and not nd.against:
            out.add(base, "give 'p_prevail' or the actors it is 'against'",
                    "p_prevail defaults to its capability share against those actors")
        package((*base, "if_prevail"), nd.if_prevail)
        package((*base, "if_defeated"), nd.if_defeated)
        if nd.horizon.is_fixed and nd.discount.is_fixed and nd.discount.nominal == 1.0 and nd.horizon.nominal == float("inf"):
            out.add((*base, "horizon"), "an infinite horizon needs a discount below 1")

    # -- instruments ----------------------------------------------------------------
    for iid, ins in spec.instruments.items():
        base = ("instruments", iid)
        actor((*base, "imposer"), ins.imposer)
        actor((*base, "target"), ins.target)
        for k, cond in enumerate(ins.lifted_by):
            if issue_ref((*base, "lifted_by", k, "issue"), cond.issue) is not None:
                for j, o in enumerate(cond.options):
                    option_ref((*base, "lifted_by", k, "options", j), cond.issue, o)
        for k, con in enumerate(ins.constrains):
            actor((*base, "constrains", k, "actor"), con.actor)
            if issue_ref((*base, "constrains", k, "issue"), con.issue) is not None:
                for j, o in enumerate(con.options):
                    option_ref((*base, "constrains", k, "options", j), con.issue, o)
        if ins.since is not None and ins.since > spec.as_of and ins.status.value != "threatened":
            out.add((*base, "since"), f"date {ins.since} is after the as-of date {spec.as_of}")
        if ins.status.value == "threatened" and ins.credibility is None and not (
            spec.coercion is not None and spec.coercion.courses_of_action
        ):
            out.add((*base, "credibility"), "a threatened instrument needs 'credibility' (0-1)",
                    "or describe the challenger's options under `coercion.courses_of_action`")

    # -- events ---------------------------------------------------------------------
    if len(set(event_ids)) != len(event_ids):
        dup = next(e for e in event_ids if event_ids.count(e) > 1)
        out.add(("events",), f"event id {dup!r} is used twice")
    for k, ev in enumerate(spec.events):
        base = ("events", k)
        actor((*base, "actor"), ev.actor)
        actor((*base, "target"), ev.target)
        for j, v in enumerate(ev.via):
            actor((*base, "via", j), v)
        package((*base, "package"), ev.package)
        for j, threat in enumerate(ev.threat):
            if threat not in instruments:
                out.add((*base, "threat", j), f"unknown instrument {threat!r}",
                        did_you_mean(threat, instruments))
        if ev.instrument is not None and ev.instrument not in instruments:
            out.add((*base, "instrument"), f"unknown instrument {ev.instrument!r}",
                    did_you_mean(ev.instrument, instruments))
        if ev.responds_to is not None and ev.responds_to not in event_ids:
            out.add((*base, "responds_to"), f"unknown event {ev.responds_to!r}",
                    did_you_mean(ev.responds_to, event_ids))
        if ev.date > spec.as_of and ev.confirmed:
            out.add((*base, "date"), f"confirmed event dated {ev.date}, after the as-of date {spec.as_of}",
                    "mark it confirmed: false, or move the as-of date")

    # -- channels, questions --------------------------------------------------------
    for k, ch in enumerate(spec.channels):
        for j, end in enumerate(ch.between):
            actor(("channels", k, "between", j), end)
        for j, go_between in enumerate(ch.via):
            actor(("channels", k, "via", j), go_between)
        source_ref(("channels", k, "source"), ch.source)
    qids = [q.id for q in spec.questions]
    if len(set(qids)) != len(qids):
        out.add(("questions",), "a question id is used twice")
    for k, question in enumerate(spec.questions):
        if question.by < spec.as_of:
            out.add(("questions", k, "by"),
                    f"question date {question.by} is before the as-of date {spec.as_of}")

    # -- coercion -------------------------------------------------------------------
    if spec.coercion is not None:
        co = spec.coercion
        base = ("coercion",)
        actor((*base, "leader"), co.leader)
        if co.horizon is not None and co.horizon < spec.as_of:
            out.add((*base, "horizon"), f"horizon {co.horizon} is before the as-of date {spec.as_of}")
        if co.exit is not None and issue_ref((*base, "exit", "issue"), co.exit.issue) is not None:
            for j, o in enumerate(co.exit.stays):
                option_ref((*base, "exit", "stays", j), co.exit.issue, o)
            if set(co.exit.stays) >= set(issues[co.exit.issue].option_ids):
                out.add((*base, "exit", "stays"), "every option keeps the leader in office",
                        "list only the options under which the leader stays")
        for cid, course in co.courses_of_action.items():
            actor((*base, "courses_of_action", cid, "actor"), course.actor)
        for k, ex in enumerate(co.exile):
            actor((*base, "exile", k, "host"), ex.host)
            actor((*base, "exile", k, "guarantor"), ex.guarantor)
        for aid, ins_ in co.insiders.items():
            actor((*base, "insiders", aid), aid)
            for k, cond in enumerate(ins_.protected_by):
                if issue_ref((*base, "insiders", aid, "protected_by", k, "issue"), cond.issue) is not None:
                    for j, o in enumerate(cond.options):
                        option_ref((*base, "insiders", aid, "protected_by", k, "options", j), cond.issue, o)

    # -- sources and provenance -----------------------------------------------------
    for path, model in _walk(spec, ()):
        ref = getattr(model, "source", None)
        if isinstance(ref, str):
            source_ref((*path, "source"), ref)
    for path, q, inherited in _quantities(spec, (), False):
        if not (q.has_provenance or inherited):
            out.add(path, "this number has no provenance",
                    "add `assumption: <short reason>` or `source: <source id>` here or on its block")
    return out.problems


def children(model: BaseModel, path: Path) -> Iterable[tuple[Path, object]]:
    """Each field of a scenario model with its path in the file: a mapping's entries by
    key, a list's items by index, anything else by the field's name."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, dict):
            for k, v in value.items():
                yield (*path, name, k), v
        elif isinstance(value, list | tuple):
            for i, v in enumerate(value):
                yield (*path, name, i), v
        else:
            yield (*path, name), value


def _walk(model: BaseModel, path: Path) -> Iterable[tuple[Path, BaseModel]]:
    yield path, model
    for p, child in children(model, path):
        if isinstance(child, BaseModel) and not isinstance(child, Quantity):
            yield from _walk(child, p)


def _quantities(model: BaseModel, path: Path, inherited: bool) -> Iterable[tuple[Path, Quantity, bool]]:
    has = bool(getattr(model, "source", None) or getattr(model, "assumption", None))
    inherited = inherited or has
    for p, child in children(model, path):
        if isinstance(child, Quantity):
            yield p, child, inherited
        elif isinstance(child, BaseModel):
            yield from _quantities(child, p, inherited)


def quantity_paths(spec: ScenarioSpec) -> list[tuple[Path, Quantity]]:
    """Every number of a scenario with its path (for Monte Carlo and sensitivity)."""
    return [(p, q) for p, q, _ in _quantities(spec, (), False)]


def dotted(path: Sequence[str | int]) -> str:
    return Problem(message="", path=tuple(path)).dotted_path
