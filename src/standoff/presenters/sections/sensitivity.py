"""The sensitivity analysis and the Monte Carlo summaries in words."""

from __future__ import annotations

from standoff.core.estimate import Estimate
from standoff.presenters.sections.words import interval, pct
from standoff.results import Note
from standoff.results.uncertainty import (
    DirectionWarning,
    ForecastOverDraws,
    SensitivityResult,
    TalksOverDraws,
    Threshold,
    ZoneOverDraws,
)

#: What each direction rule says, for the warnings.
RULE_WORDS = {
    "pressure_on_target": "more pressure on the target should not make it less likely to give in",
    "threat_credibility": "a more credible threat should not make the target less likely to give in",
    "exit_guarantee": "a safer guarantee should not make the target less likely to leave",
    "target_confidence": "a target more confident of prevailing should not be more likely to give in",
    "target_war_cost": "a costlier war for the target should not make it less likely to give in",
    "pressure_widens_zone": "more pressure (a lower no-deal value) should not close a zone of agreement",
    "war_cost_widens_zone": "a costlier war should not close a zone of agreement",
    "confidence_narrows_zone": "more confidence of prevailing should not open a zone of agreement",
    "ideal_pulls_position": "an actor's ideal moving up should not pull the forecast down",
}


def value(res: SensitivityResult, x: float) -> str:
    """A value of the target in words: a percentage for a probability, else a number."""
    return pct(x) if res.target_kind == "probability" else f"{x:.1f}"


def outcome(res: SensitivityResult, above: bool) -> str:
    """The most likely outcome on one side of the flip level."""
    if res.target_kind == "probability":
        return "more likely than not" if above else "less likely than not"
    return f"above {res.flip:g}" if above else f"below {res.flip:g}"


def threshold_sentence(res: SensitivityResult, th: Threshold) -> str:
    """'instruments.x.credibility: the answer flips at 0.31 (now 0.63; within its 5-95 % range)'."""
    now = outcome(res, th.side == "above")
    if not th.flips or th.value is None:
        return (f"{th.path}: does not flip within its range {th.searched[0]:.4g}-{th.searched[1]:.4g} "
                f"({res.target} stays {now})")
    where = "within" if th.within_range else "outside"
    move = "rises" if th.direction == "up" else "falls"
    other = outcome(res, th.side != "above")
    return (f"{th.path}: if it {move} past {th.value:.4g} (nominal {th.nominal:.4g}; {where} its 5-95% range), "
            f"{res.target} becomes {other}")


def warning_sentence(w: DirectionWarning) -> str:
    what = RULE_WORDS.get(w.rule, w.rule)
    kind = "" if w.uncertain else " (a fixed number, probed at half and 1.5 times its value)"
    sign = "raising it lowers" if w.effect < 0 else "raising it raises"
    return f"{w.path}{kind}: {sign} the target by {abs(w.effect):.3g}, but {what}"


def note_sentence(n: Note) -> str:
    if n.code == "target_constant":
        return f"{n.data.get('target')} does not vary over the design: no input explains any variance."
    if n.code == "no_flip_level":
        return f"{n.data.get('target')} has no flip level, so no thresholds are searched."
    return n.code


def summary_lines(res: SensitivityResult) -> list[str]:
    """Two or three sentences: what drives the target most, what would flip it."""
    lines = []
    base = res.tornado.base if res.tornado is not None else None
    draws = "nominal values" if res.draws is None else f"{res.draws:,} draws of the other numbers"
    if base is not None:
        lines.append(f"{res.target} is {value(res, base.mean)}{_interval(res, base)} ({draws}).")
    if res.sobol is not None and res.sobol.variance > 0:
        top = res.sobol.indices[0]
        lines.append(f"The number that drives its variance most is {top.path} (total Sobol' index "
                     f"{top.st:.2f} ± {top.st_conf:.2f}).")
    elif res.tornado is not None and res.tornado.bars and res.tornado.bars[0].effect != 0:
        b = res.tornado.bars[0]
        lines.append(f"Across its 5-95% range, {b.path} moves it most: from {value(res, b.at_low)} to "
                     f"{value(res, b.at_high)}.")
    else:
        lines.append("No uncertain number of the scenario moves it within its range.")
    flips = [t for t in res.thresholds if t.flips]
    if flips:
        lines.append("It flips if " + threshold_sentence(res, flips[0]).split(": ", 1)[1] + ".")
    elif res.thresholds:
        lines.append("None of the most influential numbers flips it within its range.")
    return lines


def _interval(res: SensitivityResult, e: Estimate) -> str:
    if res.target_kind == "probability":
        return interval(e)
    return " (no uncertain input moves it)" if e.fixed else f" (90% interval {e.low:.1f}-{e.high:.1f})"


# ------------------------------------------------------------------- Monte Carlo
def estimate_words(e: Estimate | None, *, percent: bool = True) -> str:
    """An Estimate as 'mean (90% interval low-high, MC error)', or 'fixed' when nothing moves it."""
    if e is None:
        return "n/a"
    f = pct if percent else (lambda x: f"{x:.3g}")
    if e.fixed:
        return f"{f(e.mean)} (the same in every draw)"
    return f"{f(e.mean)} (90% interval {f(e.low)}-{f(e.high)}; Monte Carlo error ±{e.mcse:.2g}, {e.n:,} draws)"


def zone_lines(z: ZoneOverDraws) -> list[str]:
    """The zone of agreement over the draws, in words."""
    lines = [f"Chance of a zone of agreement over {z.draws:,} draws: {estimate_words(z.p_open)}."]
    if z.blocking:
        lines.append(f"The red lines clash on {', '.join(z.blocking)} in every draw; with every red line set aside, "
                     f"the chance would be {estimate_words(z.p_open_without_red_lines)}.")
    elif z.size is not None:
        lines.append(f"Packages in the zone (over {z.size_draws:,} draws): {estimate_words(z.size, percent=False)} "
                     f"of {z.n_outcomes:,}.")
    routes = ", ".join(f"{k} {v:,}" for k, v in z.routes.items())
    lines.append(f"Decided by: {routes} (certificates where they hold, the exact frontier otherwise).")
    return lines


def forecast_lines(f: ForecastOverDraws, labels: dict[str, str] | None = None) -> list[str]:
    """Each model's position over the draws."""
    return [f"{(labels or {}).get(m, m)}: {estimate_words(e, percent=False)}" for m, e in f.models.items()]


def talks_lines(t: TalksOverDraws) -> list[str]:
    out = [f"Over {t.draws} of {t.of:,} draws (each running every pairing of {len(t.strategies)} styles once), "
           f"the share of pairings that reach a deal is {estimate_words(t.p_deal)}."]
    out += [f"  {k}: {estimate_words(v)}" for k, v in t.endings.items()]
    return out
