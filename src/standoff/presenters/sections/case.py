"""The case in plain words: who, what was demanded and refused, what presses (the
opening section of a brief)."""

from __future__ import annotations

from standoff.presenters.sections.words import describe, name, names, stated
from standoff.results.assessment import Assessment
from standoff.results.brief import BriefSection
from standoff.scenario.case import Case


def case_section(a: Assessment, case: Case) -> BriefSection:
    facts = a.case
    lines: list[str] = []
    lines.append(
        f"{case.title}, as of {facts.as_of}: {names(case, facts.parties)} negotiate"
        + (f" through {names(case, facts.mediators)}" if facts.mediators else "")
        + (f", with a deadline of {facts.deadline}" if facts.deadline else "")
        + "."
    )
    demand = next((e for e in case.record if e.id == facts.demand_event), None)
    if demand is not None and facts.demand:
        terms = "; ".join(describe(case, facts.demand))
        fate = f"; it was {demand.fate}" if demand.fate != "happened" else ""
        lines.append(f"Latest demand ({demand.date.isoformat()}, {name(case, demand.actor)}): {terms}{fate}.")
    in_force = [case.instruments[i] for i in facts.instruments_in_force]
    threatened = [case.instruments[i] for i in facts.instruments_threatened]
    if in_force or threatened:
        parts = []
        if in_force:
            parts.append(f"{len(in_force)} pressure instrument{'s' if len(in_force) != 1 else ''} in force")
        if threatened:
            parts.append(f"{len(threatened)} threatened")
        lines.append("Pressure: " + " and ".join(parts) + ".")
    bullets: list[str] = []
    for ins in in_force:
        bullets.append(
            f"In force: {ins.name} ({name(case, ins.imposer)} on {name(case, ins.target)}),"
            f" {float(ins.cost_to_target.mean()):.3f} per {case.period} to the target."
        )
    for ins in threatened:
        cred = f", stated credibility {stated(ins.credibility)}" if ins.credibility is not None else ""
        bullets.append(f"Threatened: {ins.name}{cred}.")
    for e in case.record:
        if e.fate == "rejected" and e.package:
            bullets.append(f"Refused ({e.date.isoformat()}): {e.summary}")
    if facts.channel != "open":
        via = f" (only via {names(case, facts.channel_via)})" if facts.channel_via else ""
        bullets.append(f"Channel {facts.challenger}-{facts.target} is {facts.channel}{via}.")
    for e in case.record:
        if not e.confirmed:
            p = f", chance {stated(e.probability)}" if e.probability is not None else ""
            bullets.append(f"Unconfirmed: {e.summary.rstrip('.')}{p}.")
    checks = facts.refusals
    bad = [c for c in checks if not c.consistent]
    if checks:
        lines.append(
            f"The encoding explains {len(checks) - len(bad)} of {len(checks)} recorded refusals"
            + (f"; check {', '.join(c.event for c in bad)}." if bad else ".")
        )
    return BriefSection(key="case", title="The case", lines=lines, bullets=bullets,
                        data=facts.to_dict())
