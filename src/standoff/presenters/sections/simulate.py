"""The simulated talks in words."""

from __future__ import annotations

from standoff.presenters.sections.words import chance, name, pct
from standoff.results.assessment import Assessment
from standoff.results.brief import BriefSection
from standoff.scenario.case import Case

WHY = {
    "red_lines": "every package crosses at least one side's red line",
    "reservations": "no package is worth more to both sides than walking away",
    "styles": "the styles never meet before the deadline",
}


def simulate_section(a: Assessment, case: Case) -> BriefSection:
    """How the main pairings of negotiating styles end when the parties talk round by round."""
    t = a.simulate
    if t is None:
        return BriefSection(key="simulate", title="Round-by-round negotiation", lines=["The simulation was not run."])
    first, second = (name(case, p) for p in t.parties[:2])
    if t.channel_open:
        how = "talking directly (alternating offers)"
    else:
        how = f"through a mediator ({name(case, t.mediator or '')}, single negotiating text), as they have no direct channel"
    lines = [
        f"We let {first} and {second} negotiate round by round {how}, for up to {t.rounds} {t.period}s, "
        f"under {t.pairings} pairings of negotiating styles from stubborn to accommodating.",
    ]
    if t.dealing == 0:
        lines.append(f"No pairing reaches a deal: {WHY[t.no_deal_reason or 'styles']}.")
    else:
        lines.append(f"{t.dealing} of {t.pairings} pairings reach a deal at least once.")
    if t.threats:
        th = t.threats[0]
        lines.append(
            f"If there is no deal by {t.period} {th.round}, the threat ({th.instrument.replace('_', ' ')}) "
            f"is carried out with probability {pct(th.probability)} (its stated credibility replayed: an input, not a "
            "finding), "
            "which makes holding out costlier."
        )
    over = a.talks_draws
    if over is not None:
        bullets = [f"{k}: {chance(e)} of simulated talks, over {over.draws} draws of the uncertain numbers"
                   for k, e in sorted(over.endings.items(), key=lambda kv: -kv[1].mean)]
    else:
        total = sum(t.endings.values())
        bullets = [f"{k}: {pct(v / total)} of {total} simulated talks on the central values (no interval: the "
                   "talks were not run over the draws)" for k, v in sorted(t.endings.items(), key=lambda kv: -kv[1])]
    for r in sorted(t.rows, key=lambda r: (-r.agreement_rate, r.mean_rounds))[:3]:
        if r.agreement_rate > 0:
            bullets.append(
                f"{r.strategies[0]} ({first}) vs {r.strategies[1]} ({second}): deal in {round(r.agreement_rate * r.negotiations)} of "
                f"{r.negotiations} "
                f"runs on the central values, after {r.mean_rounds:.1f} {t.period}s on average"
            )
    return BriefSection(key="simulate", title="Round-by-round negotiation", lines=lines, bullets=bullets,
                        data={"protocol": t.protocol, "rounds": t.rounds, "endings": t.endings,
                              "rows": [r.to_dict() for r in t.rows]})
