"""The case summary: what a scenario says, in plain words (the first section of a brief).

It computes nothing an engine computes; it reads the scenario and checks that the
recorded refusals are consistent with the encoded preferences (a refused package should
be worth less to the refuser than no deal, or cross one of its red lines).
"""

from __future__ import annotations

from standoff.results.brief import BriefSection
from standoff.scenario import Scenario
from standoff.scenario.schema import Event, Fate, InstrumentStatus, Plover


def _names(scn: Scenario, ids: list[str] | tuple[str, ...]) -> str:
    names = [scn.spec.actors[a].name for a in ids]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def refusal_checks(scn: Scenario) -> list[dict[str, object]]:
    """For each refused package, is the refusal consistent with the encoding?

    The refuser compares the package (completed, on issues it leaves open, with the
    proposer's best options) with its no-deal value. Returns one record per refusal.
    """
    out: list[dict[str, object]] = []
    for ev in scn.spec.events:
        if ev.fate is not Fate.rejected or not ev.package or ev.target is None:
            continue
        refuser = ev.target
        if refuser not in scn.spec.preferences or refuser not in scn.spec.no_deal:
            continue
        if ev.actor not in scn.spec.preferences:
            continue
        codes = scn.complete(ev.actor, ev.package, best=True)
        u = scn.utility(refuser)
        value = float(u(codes))
        reservation = float(scn.no_deal_value(refuser).total)
        crosses = not bool(u.acceptable(codes))
        out.append(
            {
                "event": ev.id,
                "refuser": refuser,
                "package": scn.outcome_space.decode(codes),
                "value_to_refuser": round(value, 4),
                "no_deal_value": round(reservation, 4),
                "crosses_red_line": crosses,
                "consistent": crosses or value < reservation,
            }
        )
    return out


def case_section(scn: Scenario) -> BriefSection:
    """The opening section of the brief: who, what was demanded and refused, what presses."""
    spec = scn.spec
    lines: list[str] = []
    neg = spec.negotiation
    lines.append(
        f"{spec.title}, as of {spec.as_of.isoformat()}: {_names(scn, scn.parties)} negotiate"
        + (f" through {_names(scn, scn.mediators)}" if scn.mediators else "")
        + (f", with a deadline of {neg.deadline.isoformat()}" if neg.deadline else "")
        + "."
    )
    demands = [e for e in spec.events if e.category is Plover.THREATEN and e.package]
    if demands:
        d = demands[-1]
        terms = "; ".join(scn.describe(d.package or {}))
        fate = f"; it was {d.fate.value}" if d.fate is not Fate.happened else ""
        lines.append(f"Latest demand ({d.date.isoformat()}, {spec.actors[d.actor].name}): {terms}{fate}.")
    in_force = scn.instruments(status=InstrumentStatus.in_force)
    threatened = scn.instruments(status=InstrumentStatus.threatened)
    if in_force or threatened:
        parts = []
        if in_force:
            parts.append(f"{len(in_force)} pressure instrument{'s' if len(in_force) != 1 else ''} in force")
        if threatened:
            parts.append(f"{len(threatened)} threatened")
        lines.append("Pressure: " + " and ".join(parts) + ".")
    bullets: list[str] = []
    for ins in in_force.values():
        bullets.append(
            f"In force: {ins.name} ({spec.actors[ins.imposer].name} on {spec.actors[ins.target].name}),"
            f" {ins.cost_to_target.nominal:.3f} per {spec.period} to the target."
        )
    for ins in threatened.values():
        cred = ins.credibility.nominal if ins.credibility is not None else float("nan")
        bullets.append(f"Threatened: {ins.name}, credibility {cred:.0%}.")
    refused: list[Event] = [e for e in spec.events if e.fate is Fate.rejected and e.package]
    for e in refused:
        bullets.append(f"Refused ({e.date.isoformat()}): {e.summary}")
    for ch in spec.channels:
        if ch.status != "open":
            via = f" (only via {_names(scn, ch.via)})" if ch.via else ""
            bullets.append(f"Channel {ch.between[0]}-{ch.between[1]} is {ch.status}{via}.")
    unconfirmed = [e for e in spec.events if not e.confirmed]
    for e in unconfirmed:
        p = f", chance {e.probability.nominal:.0%}" if e.probability is not None else ""
        bullets.append(f"Unconfirmed: {e.summary.rstrip('.')}{p}.")
    checks = refusal_checks(scn)
    inconsistent = [c for c in checks if not c["consistent"]]
    if checks:
        lines.append(
            f"The encoding explains {len(checks) - len(inconsistent)} of {len(checks)} recorded refusals"
            + (f"; check {', '.join(str(c['event']) for c in inconsistent)}." if inconsistent else ".")
        )
    return BriefSection(
        key="case",
        title="The case",
        lines=lines,
        bullets=bullets,
        data={
            "id": spec.id,
            "title": spec.title,
            "as_of": spec.as_of.isoformat(),
            "parties": list(scn.parties),
            "mediators": list(scn.mediators),
            "instruments_in_force": sorted(in_force),
            "instruments_threatened": sorted(threatened),
            "refusal_checks": checks,
            "questions": [
                {"id": q.id, "text": q.text, "by": q.by.isoformat(), "yes_if": [y.value for y in q.yes_if]}
                for q in spec.questions
            ],
        },
    )
