"""The crisis engine: formal models of coercion, solved exactly.

* :mod:`~standoff.engines.crisis.fearon` -- bargaining range and risk-return trade-off;
* :mod:`~standoff.engines.crisis.ultimatum` -- the ultimatum/compellence game with
  escalation under two-sided incomplete information (perfect Bayesian equilibrium);
* :mod:`~standoff.engines.crisis.alternating` -- Rubinstein bargaining with outside
  options and breakdown risk;
* :mod:`~standoff.engines.crisis.attrition` -- war of attrition under pressure;
* :mod:`~standoff.engines.crisis.mapping` -- how a scenario becomes their inputs;
* :mod:`~standoff.engines.crisis.efg` / :mod:`~standoff.engines.crisis.gambit` -- the
  game tree as a Gambit file, and Gambit's solvers (optional, imported lazily).
"""

from __future__ import annotations

from standoff.results.brief import BriefSection
from standoff.scenario.model import Scenario

__all__ = ["for_brief"]


def for_brief(scenario: Scenario, *, draws: int = 20_000, seed: int = 0) -> BriefSection:
    """The crisis assessment for ``standoff brief``."""
    from standoff.engines.crisis.assess import analyse_scenario

    res = analyse_scenario(scenario, draws=draws, seed=seed)
    by = {m.model: m for m in res.models}
    ult, att, fea, rub = by["ultimatum"], by["attrition"], by["fearon"], by["rubinstein"]
    c, t = res.challenger, res.target
    pc = ult.p_comply or 0.0
    pe = ult.p_escalate or 0.0
    lines = [
        f"If the ultimatum is read as a one-shot test of resolve, {t} complies in about {100 * pc:.0f}% of "
        f"the cases our assumptions allow; {c} escalates in about {100 * pe:.0f}% and backs down in the rest.",
        f"If instead both sides wait each other out under the current pressure, {t} gives in first with "
        f"probability {100 * (att.p_comply or 0):.0f}%"
        + (f"; the standoff lasts about {att.expected_duration:.0f} {res.period}s on average."
           if att.expected_duration else "."),
    ]
    if fea.details.get("range_empty"):
        lines.append("Each side expects more from a fight than the other will concede: there is no bargaining "
                     "range, which is itself a rationalist explanation of the deadlock.")
    # the caveats (a demand across a red line, a prediction the event log contradicts)
    # belong in the reader's view, not only in the JSON: they lead the bullets
    caveats = [f"Caveat: {n[:1].upper()}{n[1:].rstrip('.')}." for n in res.notes]
    bullets = caveats + [f"{m.title}: {m.equilibrium}" for m in (ult, fea, rub, att)]
    return BriefSection(
        key="crisis",
        title="Crisis games: will the target comply?",
        lines=lines,
        bullets=bullets,
        data=res.to_dict(),
    )
