"""The headline in words: at most ten lines that answer what an analyst is asked.

Each ending by the horizon with its probability, 90 % interval and the estimative words
of ICD 203; the three drivers; the thresholds that flip the most likely ending; what to
watch; and every question of the scenario answered.
"""

from __future__ import annotations

from standoff.core.endings import ENDINGS
from standoff.presenters.sections.notes import phrase
from standoff.presenters.sections.words import estimative, name, path_label, pct
from standoff.results.assessment import Assessment, Headline, Indicator, Prob, Threshold
from standoff.results.brief import BriefSection
from standoff.scenario.case import Case

#: How each ending reads in a sentence ({t}: the target, {c}: the challenger).
ENDING_WORDS = {
    "deal": "a negotiated deal",
    "capitulation": "{t} gives in without a deal",
    "backdown": "{c} drops its demand",
    "forced_removal": "{leader} removed by force",
    "limited_force": "force used, leadership still in place",
    "stalemate": "no resolution (stalemate)",
}


def ending_words(case: Case, ending: str, a: Headline | None = None) -> str:
    co = case.coercion
    t = name(case, co.target) if co else "the target"
    c = name(case, co.challenger) if co else "the challenger"
    leader = name(case, co.leader) if co else "the leader"
    return ENDING_WORDS[ending].format(t=t, c=c, leader=leader)


def prob_words(p: Prob) -> str:
    """'likely (62%, 90% interval 48-75%)'."""
    rng = ", the same in every draw" if p.low == p.high else f", 90% interval {pct(p.low)}-{pct(p.high)}"
    return f"{estimative(p.p)} ({pct(p.p)}{rng})"


def short_prob(p: Prob) -> str:
    """'62% (48-75%)': a probability with its 90 % interval, for lists."""
    return f"{pct(p.p)} (every draw)" if p.low == p.high else f"{pct(p.p)} ({pct(p.low)}-{pct(p.high)})"


def unjudged_words(case: Case, paths: list[str]) -> str:
    """The caution a brief opens with when numbers are still placeholders."""
    shown = ", ".join(path_label(case, p) for p in paths[:2])
    more = f" and {len(paths) - 2} more" if len(paths) > 2 else ""
    return (f"Caution: {len(paths)} number{'s' if len(paths) != 1 else ''} in this file "
            f"{'are placeholders' if len(paths) != 1 else 'is a placeholder'} still to be judged "
            f"({shown}{more}); the answer rests on {'them' if len(paths) != 1 else 'it'} until a person judges "
            f"{'them' if len(paths) != 1 else 'it'}.")


def threshold_words(case: Case, t: Threshold) -> str:
    label = path_label(case, t.path)
    if not t.flips or t.value is None:
        return f"{label} does not change the most likely ending within {t.low:.3g}-{t.high:.3g}"
    if t.current < t.value:  # the grid runs upwards: from the current side to the other
        side, now, then = "above", t.ending_from, t.ending_to
    else:
        side, now, then = "below", t.ending_to, t.ending_from
    return (f"{label} {side} {t.value:.3g} (now {t.current:.3g}) turns '{ending_words(case, now or '')}' "
            f"into '{ending_words(case, then or '')}'")


def watch_words(case: Case, i: Indicator) -> str:
    d = i.data
    move = f"{'+' if i.change >= 0 else '-'}{abs(100 * i.change):.0f} points"
    if i.code == "red_line_gives_way":
        what = f"{name(case, str(d['actor']))} drops the red line on {d['issue']} ({d['options']})"
    elif i.code == "event_happens":
        ev = next((e for e in case.record if e.id == d["event"]), None)
        what = f"{ev.summary.rstrip('.') if ev else d['event']} takes place"
    elif i.code == "insider_wavers":
        what = f"{name(case, str(d['actor']))} wavers (loyalty falls to even odds)"
    else:
        what = i.code.replace("_", " ")
    return f"{what}: {move}"


def headline_lines(h: Headline, case: Case) -> tuple[list[str], list[str]]:
    """The headline's lines (at most ten) and, as bullets, the questions answered."""
    top = h.endings[h.most_likely]
    lines = [unjudged_words(case, h.unjudged)] if h.unjudged else []
    lines += [
        f"By {h.horizon}, the most likely ending is {ending_words(case, h.most_likely)}: {prob_words(top)}.",
        "Each ending by then (90% interval): " + "; ".join(
            f"{ending_words(case, e.value)} {short_prob(h.endings[e.value])}" for e in ENDINGS) + ".",
        f"Force used by then: {prob_words(h.force_used)}."
        + (f" The leader out of power: {prob_words(h.leader_out)}." if h.leader_out is not None else ""),
    ]
    if h.base_rate is not None:
        br = h.base_rate
        base = br["endings"][h.most_likely]  # type: ignore[index]
        lines.append(
            f"Outside view first: of {br['episodes']} comparable episodes ({br['definition']}), "
            f"{pct(float(base['p']))} (90% interval {pct(float(base['low']))}-{pct(float(base['high']))}) "
            "were in that state after the same time "
            f"(pooled with the models at weight {h.pooling['weight']:.2f}"
            + ("" if h.pooling.get("fitted") else ", a default not yet fitted on the case library") + ")."
        )
    else:
        lines.append("No reference class applies, so the answer is the models' alone.")
    if h.drivers:
        lines.append("What drives it: " + "; ".join(
            f"{path_label(case, d.path)} ({'raises' if d.direction > 0 else 'lowers'} it; "
            f"{pct(d.importance)} of the spread)" for d in h.drivers) + ".")
    flips = [t for t in h.thresholds if t.flips]
    if flips:
        lines.append("What would flip it: " + "; ".join(threshold_words(case, t) for t in flips[:3]) + ".")
    elif h.thresholds:
        lines.append("No single driver flips the most likely ending within its plausible range.")
    if h.watch:
        lines.append("Watch: " + "; ".join(watch_words(case, i) for i in h.watch[:3]) + ".")
    caveats = [n for n in h.notes if n.code in ("resolve_stated", "pooling_unfitted")]
    if caveats:
        lines.append(" ".join(phrase(n, case) for n in caveats))
    bullets = [f"{q.text} {prob_words(Prob(p=q.p, low=q.low, high=q.high, model=q.model, base=q.base))}"
               for q in h.questions]
    return lines[:10], bullets


def headline_section(a: Assessment, case: Case) -> BriefSection:
    title = "The answer"
    if a.headline is None:
        why = "; ".join(phrase(n, case) for n in a.not_applicable) or "the scenario lacks what it needs"
        lines = ([unjudged_words(case, a.unjudged)] if a.unjudged else []) + [f"No headline: {why}"]
        return BriefSection(key="headline", title=title, lines=lines)
    lines, bullets = headline_lines(a.headline, case)
    return BriefSection(key="headline", title=title, lines=lines, bullets=bullets, data=a.headline.to_dict())
