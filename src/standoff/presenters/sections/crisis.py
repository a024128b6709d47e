"""The crisis games in words: each model's equilibrium and what drives it."""

from __future__ import annotations

import math

from standoff.core.estimate import Estimate
from standoff.presenters.sections.notes import phrase
from standoff.presenters.sections.words import chance, name, pct
from standoff.results.assessment import Assessment
from standoff.results.brief import BriefSection
from standoff.results.crisis import CrisisModelResult, CrisisResult
from standoff.scenario.case import Case


def _p(m: CrisisModelResult, ending: str) -> float:
    e = m.endings.get(ending)
    return 0.0 if e is None else e.mean


def _c(m: CrisisModelResult, ending: str) -> str:
    """An ending's probability over the draws with its uncertainty (never a bare number)."""
    e = m.endings.get(ending)
    return chance(e) if e is not None else chance(Estimate(0.0, 0.0, 0.0, 0.0, 0, 0.0, True))


def equilibrium(m: CrisisModelResult, c: str, t: str, period: str) -> str:
    """A model's equilibrium in a sentence or two (``c``/``t``: the challenger's and the
    target's names)."""
    d = m.details
    if m.model == "fearon":
        lo, hi = d["bargaining_range"]
        if hi < lo:
            rng = (f"No bargaining range: {c} expects {lo:.2f} of the prize from war and {t} concedes at most "
                   f"{hi:.2f}, so their expectations of war are incompatible.")
        else:
            rng = f"Every split giving {c} between {max(lo, 0):.2f} and {min(hi, 1):.2f} beats war for both."
        types = d["types"]
        how = ("B's cost uniform on [{low:g}, {high:g}]".format(**types) if types["kind"] == "uniform"
               else "B's cost known" if types["kind"] == "known" else f"B's cost one of {types['n']} equally likely types")
        return (f"{rng} Making a take-it-or-leave-it demand ({how}), {c} demands {d['demand']:.2f} of the prize; "
                f"{t} accepts with probability {_c(m, 'capitulation')} and war follows otherwise.")
    if m.model == "ultimatum":
        return (f"{t} complies with the demand in {_c(m, 'capitulation')} of cases; otherwise it resists and at "
                f"the deadline {c} carries out its threat with probability {pct(d['credibility'])} (its resolve type, "
                f"an input), escalating in {_c(m, 'escalation')} of all cases and backing down in {_c(m, 'backdown')}. "
                f"Off the path of play the same rules hold: a resolved {c} escalates and an irresolute one backs down "
                f"whatever {t} did.")
    if m.model == "rubinstein":
        p_deal = d["p_deal"]
        if p_deal > 0:
            words = (f"With {c} proposing first, agreement is immediate in {_c(m, 'deal')} of cases, "
                     f"giving {c} {d['share_challenger']:.2f} of the prize on average.")
            if p_deal < 1:
                words += f" In the other {_c(m, 'stalemate')} no split beats both outside options and talks end without a deal."
            return words
        return "No split beats both sides' outside options: talks end at once without a deal."
    if m.model == "attrition":
        dur = m.expected_duration.mean if m.expected_duration is not None else math.inf
        dur_text = f"{dur:.1f} {period}s on average" if math.isfinite(dur) else "possibly forever"
        return (f"Each side holds out hoping the other gives in first: {t} gives in first with probability "
                f"{_c(m, 'capitulation')}, {c} lifts the pressure first with probability {_c(m, 'backdown')}; "
                f"the standoff lasts {dur_text}, and is over by the deadline with probability "
                f"{pct(d['p_resolved_by_deadline'])} (mean over the draws).")
    return ", ".join(f"{k} {chance(v)}" for k, v in m.endings.items())


def drivers(m: CrisisModelResult, c: str, t: str, period: str) -> list[str]:
    """What drives a model's answer, in a few phrases."""
    d = m.details
    if m.model == "fearon":
        return [
            f"{c}'s chance of prevailing p = {d['p']:.2f} anchors the range",
            f"{c}'s cost of war c_A = {d['c_a']:.2f}: the higher it is, the more modest the demand",
            "uncertainty about the target's cost: the risk-return trade-off makes war possible",
        ]
    if m.model == "ultimatum":
        need = d["credibility_needed_median"]
        if need is None:
            cred = ""
        elif need <= 0:
            cred = f"; typically {t} prefers complying even to living with the pressure: the threat is not what decides"
        else:
            cred = f"; {t} complies once it exceeds about {pct(need)} (median over the draws)"
        out = [
            f"credibility of the threat: {pct(d['credibility'])} (an input)" + cred,
            f"{t}'s value of complying (the guarantees in the demand) against its value of war and of outlasting "
            "the pressure",
        ]
        if d["p_no_credibility_suffices"] > 0:
            out.append(f"in {pct(d['p_no_credibility_suffices'])} of the draws no credibility would make {t} comply: "
                       "it prefers war or the pressure to the demand as worded")
        return out
    if m.model == "rubinstein":
        return [
            "patience (discount factors): the more patient side gets more",
            f"outside options bind in {pct(d['outside_option_binds'])} of deals: a binding option sets the split "
            "(outside option principle)",
            "risk of breakdown into escalation each round: acts like impatience",
        ]
    if m.model == "attrition":
        cost = m.inputs.get("cost_target")
        mean = cost.mean if cost is not None else 0.0
        return [
            f"the pressure's cost to {t} per {period} (mean {mean:.3g}) shortens the standoff",
            f"its cost to {c} per {period} makes {t} give in faster only through {c}'s indifference",
            "what each side gains by outlasting the other",
        ]
    return []


def not_applicable(m: CrisisModelResult, case: Case) -> str:
    return "Not applicable here: " + "; and ".join(phrase(n, case).rstrip(".") for n in m.not_applicable) + "."


def crisis_lines(res: CrisisResult, case: Case) -> tuple[list[str], list[str]]:
    """The section's sentences and bullets."""
    c, t = name(case, res.challenger or ""), name(case, res.target or "")
    by = {m.model: m for m in res.models}
    lines: list[str] = []
    ult, att, fea = by.get("ultimatum"), by.get("attrition"), by.get("fearon")
    ok = [m for m in res.models if m.applicable]
    if not ok:
        lines.append("None of the classic crisis games applies to this case as it stands (the reasons follow); "
                     "the headline's models answer instead.")
    elif len(ok) < len(res.models):
        lines.append(f"{len(ok)} of the {len(res.models)} classic crisis games apply to this case as it stands; "
                     "the others are marked not applicable, with the reason.")
    if ult is not None and ult.applicable:
        lines.append(
            f"If the ultimatum is read as a one-shot test of resolve, {t} complies in about {_c(ult, 'capitulation')}"
            f" of the cases our assumptions allow; {c} escalates in about {_c(ult, 'escalation')} and backs down "
            "in the rest."
        )
    if att is not None and att.applicable:
        dur = att.expected_duration.mean if att.expected_duration is not None else None
        lines.append(
            f"If instead both sides wait each other out under the current pressure, {t} gives in first with "
            f"probability {_c(att, 'capitulation')}"
            + (f"; the standoff lasts about {dur:.0f} {res.period}s on average." if dur else ".")
        )
    rub = by.get("rubinstein")
    if rub is not None and rub.applicable:
        lines.append("If the parties alternate offers: " + equilibrium(rub, c, t, res.period))
    if fea is not None and fea.applicable and fea.details.get("range_empty"):
        lines.append("Each side expects more from a fight than the other will concede: there is no bargaining "
                     "range, which is itself a rationalist explanation of the deadlock.")
    caveats = [f"Caveat: {phrase(n, case)}" for n in res.notes]
    bullets = caveats + [
        f"{m.title}: {equilibrium(m, c, t, res.period) if m.applicable else not_applicable(m, case)}" for m in res.models
    ]
    return lines, bullets


def crisis_section(a: Assessment, case: Case) -> BriefSection:
    title = "Crisis games: will the target comply?"
    if a.crisis is None:
        return BriefSection(key="crisis", title=title, lines=["The crisis games were not run on this case."])
    lines, bullets = crisis_lines(a.crisis, case)
    return BriefSection(key="crisis", title=title, lines=lines, bullets=bullets, data=a.crisis.to_dict())
