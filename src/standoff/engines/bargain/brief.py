"""The bargain engine's section of ``standoff brief``: is there a deal, and if not, what
would open one, in plain sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING

from standoff.engines.bargain.analysis import analyse
from standoff.engines.bargain.mapping import from_scenario
from standoff.results.brief import BriefSection

if TYPE_CHECKING:
    from standoff.scenario.model import Scenario


def _package(outcome: dict[str, str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in outcome.items())


def for_brief(scenario: Scenario) -> BriefSection:
    """Two or three sentences on the zone of agreement, and the best openings as bullets."""
    problem = from_scenario(scenario)
    res = analyse(problem)
    a, b = res.parties[0], res.parties[-1]
    lines: list[str] = []
    res_txt = ", ".join(f"{p} {v:+.2f}" for p, v in res.reservation.items())
    if not res.zopa.empty:
        nash = res.nash
        lines.append(
            f"There are {res.zopa.size:,} packages that every side prefers to no deal "
            f"(no-deal values on a 0-1 scale: {res_txt})."
        )
        if nash is not None:
            lines.append(f"A fair split (the Nash bargaining point) would be: {_package(nash.outcome)}.")
    elif res.blocking:
        lines.append(
            f"No deal is possible under the stated positions: the red lines of {a} and {b} "
            f"clash on {', '.join(res.blocking)}, so every package crosses one side's red line."
        )
        lines.append(
            f"On a 0-1 scale no deal is worth {res_txt}; more pressure alone cannot break "
            "a clash of red lines, only a move on one can."
        )
    else:
        lines.append(
            "No package is better than no deal for every side: what one side needs to accept "
            f"leaves the other below its no-deal value ({res_txt})."
        )
    if res.openings:
        first = res.openings[0]
        if first.nash is not None and len(lines) < 3:
            deal = "; ".join(scenario.describe(first.nash.outcome))
            lines.append(f"The smallest opening: {first.summary}; a fair bargain would then be: {deal}.")
        else:
            lines.append("The smallest changes that would open a zone of agreement are listed below.")
    bullets = [
        f"{o.summary} (opens {o.zone_size:,} packages)" if o.zone_size is not None else o.summary
        for o in res.openings[:4]
    ]
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
        },
    )
