"""The bargaining analysis in words: is there a deal, and if not, what would open one."""

from __future__ import annotations

import math

from standoff.core.estimate import Estimate
from standoff.presenters.sections.words import chance, describe, name, names
from standoff.results import Note
from standoff.results.assessment import Assessment
from standoff.results.bargain import BargainResult, Change, Logroll, Opening
from standoff.results.brief import BriefSection
from standoff.scenario.case import Case


def describe_change(result: BargainResult, c: Change, case: Case | None = None) -> str:
    """One change of an opening in words (with ``case``: names and labels rather than ids)."""
    actor = name(case, c.actor) if case is not None else c.actor
    term = f"{c.issue} = {c.option}"
    if case is not None and c.issue is not None and c.issue in case.space.issue_ids:
        i = case.space.issue_index(c.issue)
        options = case.space.issues[i].options
        label = case.option_label(i, options.index(c.option)) if c.option in options else str(c.option)
        term = f"'{label}' on {case.issue_label(i).lower()}"
    if c.kind == "concession":
        return f"{actor} accepts {term} (drops its red line)"
    if c.kind == "lift_constraint":
        ins = case.instruments.get(c.instrument or "") if case is not None else None
        what = ins.name if ins is not None else c.instrument
        return f"{what} is lifted so that {actor} may accept {term}"
    if c.kind == "pressure":
        return f"extra pressure on {actor} costing {c.amount or 0.0:.4g} per {result.period} over the standoff"
    mediators = names(case, result.mediators) if case is not None else ", ".join(result.mediators)
    via = f" (e.g. guaranteed by {mediators})" if result.mediators else ""
    return f"a guarantee worth {c.amount or 0.0:.3g} to {actor} for accepting a deal{via}"


def describe_opening(result: BargainResult, o: Opening, case: Case | None = None) -> str:
    """An opening in words: its changes, joined."""
    return "; ".join(describe_change(result, c, case) for c in o.changes)


def describe_logroll(lr: Logroll) -> str:
    return ", ".join(f"{issue} -> {option}" for issue, option in lr.moves.items())


def _of(e: Estimate) -> str:
    """A share of the draws: 'none of them', 'all of them' or '12% (...) of them'."""
    if e.fixed and e.mean in (0.0, 1.0):
        return "none of them" if e.mean == 0.0 else "all of them"
    return f"{chance(e)} of them"


def _pct(x: float) -> str:
    return f"{100 * x:.2g}%" if x < 0.1 else f"{100 * x:.1f}%"


def zone_sentence(res: BargainResult, res_txt: str) -> str:
    """How many packages every side prefers to no deal: counted, or estimated from a sample."""
    z = res.zopa
    if z.size is not None:
        return (f"There are {z.size:,} packages that every side prefers to no deal "
                f"(no-deal values on a 0-1 scale: {res_txt}).")
    if z.share_interval is not None:
        lo, hi = z.share_interval
        share = (f"About {_pct(0.5 * (lo + hi))} of the {res.n_outcomes:,} packages (between {_pct(lo)} and "
                 f"{_pct(hi)}, estimated from a sample)" if lo > 0 else
                 f"Some packages, fewer than {_pct(hi)} of the {res.n_outcomes:,} (estimated from a sample),")
        return f"{share} are better than no deal for every side (no-deal values on a 0-1 scale: {res_txt})."
    return f"Some packages are better than no deal for every side (no-deal values on a 0-1 scale: {res_txt})."


def nash_bound_phrase(res: BargainResult) -> str:
    """How close the Nash point found by optimisation is to the best (empty when exact)."""
    b = res.bounds.get("nash")
    if b is None:
        return ""
    if b.proven:
        return " (found by optimisation and proven the best)"
    return (f" (found by optimisation: its Nash product is within {_pct(1.0 - math.exp(-b.gap))} "
            "of the best possible)")


def method_note(res: BargainResult, n: Note) -> str:
    """A coded note of the bargain engine as a sentence."""
    d = n.data
    match n.code:
        case "frontier_not_listed":
            how = ("every admissible package was evaluated instead (exact)" if d.get("plan") == "enumeration" else
                   "the answers come from optimisation over the issues instead, each proven or given with its "
                   "error bound")
            if d.get("requested"):
                return f"The Pareto frontier was not built (the approximate method was asked for); {how}."
            return (f"With {len(res.parties)} parties the Pareto frontier is expected to hold about "
                    f"{float(d['expected_frontier']):.3g} points, too many to list; {how}.")
        case "frontier_budget_exceeded":
            return "The exact frontier grew faster than estimated and was abandoned."
        case "kalai_smorodinsky_skipped":
            return "The Kalai-Smorodinsky point needs the frontier and is not given."
        case "openings_skipped":
            return "The search for openings needs the frontier and was not run."
        case "zone_not_proven":
            return ("No package better than no deal for every side was found, but that none exists is not "
                    "proven: a declared approximation.")
    return n.code


def bargain_section(a: Assessment, case: Case) -> BriefSection:
    """Two or three sentences on the zone of agreement, and the best openings as bullets."""
    res = a.bargain
    if res is None:
        return BriefSection(key="bargain", title="Is there a deal?",
                            lines=["The bargaining analysis needs every party's no-deal value; it was not run."])
    first_party, last_party = res.parties[0], res.parties[-1]
    lines: list[str] = []
    res_txt = ", ".join(f"{name(case, p)} {v:+.2f}" for p, v in res.reservation.items())
    if res.zopa.empty is None:
        lines.append("The bargaining analysis does not scale to this problem (its utilities are not additive and "
                     "the space is too large to enumerate).")
    elif not res.zopa.empty:
        lines.append(zone_sentence(res, res_txt))
        if res.nash is not None:
            lines.append(f"A fair split (the Nash bargaining point) would be: {'; '.join(describe(case, res.nash.outcome))}"
                         f"{nash_bound_phrase(res)}.")
    elif res.blocking:
        lines.append(
            f"No deal is possible under the stated positions: the red lines of {name(case, first_party)} and "
            f"{name(case, last_party)} "
            f"clash on {', '.join(res.blocking)}, so every package crosses one side's red line."
        )
        lines.append(
            f"On a 0-1 scale no deal is worth {res_txt}; more pressure alone cannot break "
            "a clash of red lines, only a move on one can."
        )
    elif not res.zopa.proven:
        lines.append(f"No package better than no deal for every side was found ({res_txt}); that none exists is "
                     "not proven.")
    else:
        lines.append(
            "No package is better than no deal for every side: what one side needs to accept "
            f"leaves the other below its no-deal value ({res_txt})."
        )
    over = a.bargain_draws
    if over is not None and over.p_open is not None:
        free = over.p_open_without_red_lines
        lines.append(
            f"Over {over.draws:,} draws of the uncertain numbers, a zone of agreement exists in {_of(over.p_open)}"
            + (f"; with every red line set aside, in {_of(free)}" if free is not None else "") + "."
        )
    if res.openings:
        first = res.openings[0]
        if first.nash is not None and len(lines) < 4:
            deal = "; ".join(describe(case, first.nash.outcome))
            lines.append(f"The smallest opening: {describe_opening(res, first, case)}; a fair bargain would then be: {deal}.")
        else:
            lines.append("The smallest changes that would open a zone of agreement are listed below.")
    bullets = [
        f"{describe_opening(res, o, case)} (opens {o.zone_size:,} packages)" if o.zone_size is not None
        else describe_opening(res, o, case)
        for o in res.openings[:4]
    ]
    bullets += [method_note(res, n) for n in res.method_notes
                if n.code in ("frontier_not_listed", "zone_not_proven") or (n.code == "openings_skipped" and res.zopa.empty)]
    return BriefSection(
        key="bargain",
        title="Is there a deal?",
        lines=lines,
        bullets=bullets,
        data={
            "zopa": res.zopa.to_dict(),
            "reservation": res.reservation,
            "blocking": res.blocking,
            "nash": res.nash.to_dict() if res.nash else None,
            "openings": [o.to_dict() for o in res.openings[:4]],
            "approach": res.approach,
            "bounds": {k: b.to_dict() for k, b in res.bounds.items()},
        },
    )
