"""The backtest and the forecast ledger in words: the lines and table rows that
``standoff backtest cases`` and ``standoff ledger`` print."""

from __future__ import annotations

from typing import Any

from standoff.presenters.sections.notes import phrase
from standoff.results import Note
from standoff.results.backtest import (
    BacktestReport,
    BacktestRun,
    FamilyScore,
    Interval,
    LedgerCheck,
    LedgerScore,
)

RUN_LABELS = {
    "all": "Every closed case",
    "protocol": "Without the cases brought to the protocol after their outcome was known",
}
SCHEME_WORDS = {
    "loo": "held out (leave-one-out)",
    "default": "unfitted default",
    "in_sample": "in-sample (fitted on these cases)",
}
ENDING_SHORT = {
    "deal": "deal",
    "capitulation": "capitulation",
    "backdown": "backdown",
    "forced_removal": "forced removal",
    "limited_force": "limited force",
    "stalemate": "stalemate",
}


def iv(i: Interval) -> str:
    """'0.213 [0.180, 0.251]'."""
    return f"{i.mean:.3f} [{i.low:.3f}, {i.high:.3f}]"


def div(i: Interval) -> str:
    """A difference with its interval: '-0.021 [-0.050, +0.008]'."""
    return f"{i.mean:+.3f} [{i.low:+.3f}, {i.high:+.3f}]"


def note_words(note: dict[str, Any]) -> str:
    """Why the assessment does not apply to a case."""
    return phrase(Note(**note))


def _verdict(d: Interval) -> str:
    if d.high < 0:
        return "better, with the whole interval below zero"
    if d.low > 0:
        return "worse, with the whole interval above zero"
    return "not distinguishable at this sample size (the interval spans zero)"


def headline_sentence(run: BacktestRun, scheme: str = "loo") -> str | None:
    """The headline figure: the leader leaves without force, against the base rate."""
    s = run.score("leader_leaves_without_force", scheme)
    if s is None:
        return None
    return (f"The leader leaves without force ({s.cases} leader-exit cases, {SCHEME_WORDS[scheme]}): "
            f"Brier {iv(s.brier)}, against {iv(s.base_brier)} for the reference class's base rate and "
            f"{s.coin_brier.mean:.3f} for a coin; assessment minus base rate {div(s.diff_base_brier)}: "
            f"{_verdict(s.diff_base_brier)}.")


def summary_lines(report: BacktestReport) -> list[str]:
    run = report.runs[0]
    n = len(run.cases)
    lines = [
        f"Backtest of the assessment on {n} closed cases ({report.library} library), each as of its date, "
        f"{report.draws:,} draws, seed {report.seed}.",
        f"Lower is better. Intervals are {100 * report.level:.0f}% bootstrap intervals over cases "
        f"({report.resamples:,} resamples, seed {report.bootstrap_seed}); a case's questions are averaged first.",
    ]
    for r in report.runs:
        h = headline_sentence(r)
        if h is not None:
            lines.append((f"{r.label}: " if r is not run else "") + h)
    return lines


def run_title(run: BacktestRun) -> str:
    return f"{run.label} ({len(run.cases)} cases)"


def weight_lines(run: BacktestRun) -> list[str]:
    ws = sorted(set(run.loo_weights.values()))
    counts = ", ".join(f"{w:.1f} ({sum(1 for v in run.loo_weights.values() if v == w)})" for w in ws)
    return [
        f"Pooling weight on the models: {run.weight:.1f} fitted on every case (in-sample); held out, each case's "
        f"weight fitted on the others: {counts}. Unfitted default: {run.default_weight:.1f}.",
        f"The fit chooses from {', '.join(f'{g:g}' for g in run.grid)} by the {run.objective}.",
    ]


FAMILY_TITLE = "By family, each case scored with the weight fitted on the others (leave-one-out)"
FAMILY_COLUMNS = [("family", "left"), ("cases", "right"), ("Brier", "right"), ("base rate", "right"),
                  ("Brier − base", "right"), ("Brier − coin", "right"), ("log", "right"), ("log − base", "right"),
                  ("log − coin", "right"), ("no base", "right")]
#: Families as a table row names them.
SHORT = {
    "questions": "every question",
    "leader_leaves_without_force": "leader leaves w/o force",
    "yields": "target yields",
    "force": "force used",
    "leader_out": "leader out",
    "own": "cases' own questions",
    "class:leader_exit": "leader-exit cases",
    "class:compellence": "compellence cases",
    "class:sanctions": "sanctions cases",
    "class:mediation": "mediation cases",
    "ending": "ending (six, Brier 0-2)",
}


def _family_row(s: FamilyScore) -> list[str]:
    return [SHORT.get(s.family, s.label), str(s.cases), iv(s.brier), iv(s.base_brier), div(s.diff_base_brier),
            div(s.diff_coin_brier), f"{s.log.mean:.3f}", div(s.diff_base_log), div(s.diff_coin_log),
            f"{s.base_fallback}/{s.targets}"]


def family_rows(run: BacktestRun, scheme: str) -> list[list[str]]:
    return [_family_row(s) for s in run.scores if s.scheme == scheme]


SCHEME_TITLE = "Every question and the ending, by how the weight is set"
SCHEME_COLUMNS = [("target", "left"), ("weight", "left"), ("Brier", "right"), ("Brier − base", "right"),
                  ("Brier − coin", "right"), ("log", "right"), ("log − base", "right")]


def scheme_rows(run: BacktestRun) -> list[list[str]]:
    rows = []
    for fam in ("questions", "leader_leaves_without_force", "ending"):
        for scheme in ("loo", "default", "in_sample"):
            s = run.score(fam, scheme)
            if s is None:
                continue
            w = "per case" if s.weight is None else f"{s.weight:.1f}"
            rows.append([SHORT[fam] if scheme == "loo" else "", f"{SCHEME_WORDS[scheme]}, {w}", iv(s.brier),
                         div(s.diff_base_brier), div(s.diff_coin_brier), iv(s.log), div(s.diff_base_log)])
    return rows


CASE_TITLE = "Each case, held out: the forecast, what happened, the scores and the top driver"
CASE_COLUMNS = [("case", "left"), ("class", "left"), ("w", "right"), ("most likely (p)", "left"),
                ("outcome (p)", "left"), ("yields: p → outcome", "left"), ("Brier", "right"),
                ("base", "right"), ("coin", "right"), ("ending Brier", "right"), ("top driver", "left")]


def case_rows(run: BacktestRun) -> list[list[str]]:
    rows = []
    for c in run.per_case:
        y = next((q for q in c.questions if q.id == "yields"), None)
        ys = "" if y is None else f"{100 * y.p:.0f}% → {'yes' if y.outcome else 'no'}"
        rows.append([c.case + (" *" if c.after_outcome else ""), c.reference_class, f"{c.weight:.1f}",
                     f"{ENDING_SHORT[c.most_likely]} ({100 * c.endings[c.most_likely]:.0f}%)",
                     f"{ENDING_SHORT[c.ending]} ({100 * c.endings[c.ending]:.0f}%)", ys,
                     f"{c.brier:.3f}", f"{c.base_brier:.3f}", f"{c.coin_brier:.3f}", f"{c.ending_brier:.3f}",
                     c.top_driver or "—"])
    return rows


RELIABILITY_TITLE = "Reliability of every question's forecast (held out), and of the base rate where it exists"
RELIABILITY_COLUMNS = [("forecast", "left"), ("n", "right"), ("mean forecast", "right"), ("observed", "right"),
                       ("base n", "right"), ("base mean", "right"), ("base observed", "right")]


def _opt(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def reliability_rows(run: BacktestRun) -> list[list[str]]:
    return [[f"{b.low:.1f}-{b.high:.1f}", str(b.count), _opt(b.mean_forecast), _opt(b.observed), str(bb.count),
             _opt(bb.mean_forecast), _opt(bb.observed)] for b, bb in zip(run.reliability, run.base_reliability,
                                                                          strict=True)]


def footnotes(run: BacktestRun) -> list[str]:
    q = run.score("questions", "loo")
    lines = []
    if any(c.after_outcome for c in run.per_case):
        lines.append("* inputs added after the outcome was known, with the protocol rubric's defaults only.")
    if q is not None:
        lines.append(f"Log scores clip probabilities to [0.001, 0.999]: {q.clipped} held-out forecast(s) and "
                     f"{q.base_clipped} base rate(s) of {q.targets} questions were clipped. Where the reference class "
                     f"does not code an event ({q.base_fallback} questions) the base-rate comparison uses the coin.")
    lines.append("Differences are the assessment's score minus the comparator's, paired by case: negative means "
                 "the assessment did better. A coin scores 0.250 (Brier) and 0.693 (log) on a question, 0.833 and "
                 "1.792 on the ending.")
    return lines


def not_scored_lines(report: BacktestReport) -> list[str]:
    return [f"Not scored: {n.case}: {n.why}" for n in report.not_scored]


def timing_line(cases: int, seconds: float, jobs: int) -> str:
    return f"{cases} cases run and scored in {seconds:.1f} s ({jobs} job{'s' if jobs != 1 else ''})."


def fit_line(run: BacktestRun, path: str) -> str:
    q = run.score("questions", "loo")
    loo = "" if q is None else f"; its held-out score is {q.brier.mean:.3f}"
    return f"pooling weight {run.weight:.1f}, fitted on {len(run.cases)} cases, written to {path}{loo}"


# ---------------------------------------------------------------------------- ledger
def recorded_lines(entry: dict[str, Any], path: str) -> list[str]:
    result = entry["result"]
    open_ids = set(entry["open"])
    lines = [f"Entry {entry['seq']} of {path}: {entry['scenario']['id']} as assessed on {entry['recorded']} "
             f"(standoff {entry['tool']['version']}, {result['draws']:,} draws, seed {result['seed']}).",
             f"  scenario sha256 {entry['scenario']['sha256']}",
             f"  result sha256   {entry['result_sha256']}",
             f"  entry hash      {entry['hash']}"]
    for q in result["questions"]:
        late = "" if q["id"] in open_ids else " (date passed: not a forecast)"
        lines.append(f"  {q['id']}: {100 * q['p']:.1f}% by {q['by']}{late}")
    return lines


def check_line(check: LedgerCheck) -> str:
    if check.entries == 0:
        return f"{check.ledger}: empty ledger"
    return (f"{check.ledger}: {check.entries} entr{'ies' if check.entries != 1 else 'y'}, every hash and the chain "
            f"verified; head {check.head}")


def score_title(res: LedgerScore) -> str:
    return f"Recorded answers resolved ({res.ledger})"


SCORE_COLUMNS = [("entry", "right"), ("recorded", "left"), ("scenario", "left"), ("question", "left"),
                 ("by", "left"), ("p", "right"), ("outcome", "left"), ("Brier", "right"), ("log", "right"),
                 ("note", "left")]


def score_rows(res: LedgerScore) -> list[list[str]]:
    rows = []
    for g in res.graded:
        notes = []
        if not g.in_time:
            notes.append("recorded after its date, not averaged")
        if not g.same_scenario:
            notes.append("the scenario file has changed since")
        rows.append([str(g.entry), g.recorded[:10], g.scenario, g.question, g.by, f"{100 * g.p:.1f}%",
                     "yes" if g.outcome else "no", f"{g.brier:.3f}", f"{g.log:.3f}", "; ".join(notes)])
    return rows


def score_lines(res: LedgerScore) -> list[str]:
    n = sum(1 for g in res.graded if g.in_time)
    if not res.graded:
        return [f"No answer in {res.ledger} ({res.entries} entries) is resolved by the outcomes given."]
    lines = []
    if n and res.brier is not None and res.log is not None:
        lines.append(f"{n} answer{'s' if n != 1 else ''} recorded in time: mean Brier {res.brier:.3f} (a coin: "
                     f"{res.coin_brier:.3f}), mean log score {res.log:.3f} (a coin: {res.coin_log:.3f}).")
    else:
        lines.append("No answer was recorded before its question's date: nothing to average.")
    if res.late:
        lines.append(f"{res.late} answer{'s were' if res.late != 1 else ' was'} recorded after the question's date "
                     "and are listed, not averaged.")
    if res.unresolved:
        lines.append(f"{res.unresolved} recorded answer{'s' if res.unresolved != 1 else ''} not yet resolved by "
                     "the outcomes given.")
    return lines
