"""Outcome files of closed cases: recognised by their shape, validated, checked against
the scenario they resolve.

An outcome file (``outcomes/<id>.yaml`` beside the bundled scenarios, or any file with a
top-level ``scenario:`` and ``ending:``) is a
:class:`~standoff.scenario.schema.HistoricalOutcome`. It is read and located with the
scenario loader (same safety rules, same ``file:line:column`` errors), then checked
against the scenario it names:

* the scenario exists: a file ``<id>.yaml`` beside the outcome file or one folder up
  (the ``outcomes/`` layout), else a bundled scenario of that name;
* the date is after the scenario's as-of date, and not after its headline horizon
  (``coercion.horizon``), which is when a stalemate is dated;
* ``leader_out`` and ``force_used`` agree with the ending (see
  :mod:`standoff.core.endings`); a leader-exit case gives both;
* every question it answers exists, every question of the scenario is answered, and a
  question asked at the headline horizon is answered the way the ending and
  ``force_used`` resolve it;
* the issue and option ids of the agreed ``package`` exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from standoff.core.endings import UNIONS, Ending, Outcome, resolves_yes
from standoff.core.errors import Problem, ProblemList, UserError, did_you_mean
from standoff.scenario import loader
from standoff.scenario.model import Scenario
from standoff.scenario.schema import HistoricalOutcome, IssueKind, ScenarioSpec

#: Endings that mean the target's leader no longer holds power (``leader_out``), and
#: endings that mean force has been used.
_LEADER_OUT = UNIONS[Outcome.leader_out]
_FORCE = UNIONS[Outcome.escalation]


@dataclass(frozen=True)
class LoadedOutcome:
    """A validated outcome file and the scenario it resolves."""

    outcome: HistoricalOutcome
    scenario: Scenario
    path: Path

    @property
    def id(self) -> str:
        """The id of the scenario it resolves."""
        return self.outcome.scenario


def is_outcome_tree(tree: Any) -> bool:
    """Whether a parsed YAML tree has the shape of an outcome file."""
    return isinstance(tree, dict) and "scenario" in tree and "ending" in tree


def load_outcome(source: str | Path, *, scenario: Scenario | None = None) -> LoadedOutcome:
    """Read, validate and check an outcome file against its scenario.

    ``scenario`` skips the search for the scenario (it must be the one named). Raises
    :class:`~standoff.core.errors.UserError` listing every problem with its
    ``file:line:column``.
    """
    path = Path(source)
    shown = str(source)
    tree = loader.parse_yaml(loader.read_text(path), shown)
    return outcome_from_tree(tree, path, shown, scenario=scenario)


def outcome_from_tree(tree: Any, path: Path, shown: str, *, scenario: Scenario | None = None) -> LoadedOutcome:
    """Validate a parsed outcome tree (see :func:`load_outcome`)."""
    outcome = loader.validate_tree(HistoricalOutcome, tree, shown)
    if scenario is None:
        found = find_scenario(outcome.scenario, path)
        if isinstance(found, Problem):
            located = loader.locate([found], tree, shown)
            raise UserError(f"{shown}: 1 problem in the file", problems=located)
        scenario = Scenario.load(found)
    problems = check_outcome(outcome, scenario.spec)
    if problems:
        located = loader.locate(problems, tree, shown)
        n = len(located)
        raise UserError(f"{shown}: {n} problem{'s' if n != 1 else ''} in the file", problems=located)
    return LoadedOutcome(outcome, scenario, path)


def load_scenario_or_outcome(source: str | Path) -> Scenario | LoadedOutcome:
    """A scenario, or an outcome file recognised by its shape (for ``standoff validate``)."""
    path = loader.resolve_source(source)
    shown = str(source) if not isinstance(source, Path) else str(path)
    text = loader.read_text(path)
    tree = loader.parse_yaml(text, shown)
    if is_outcome_tree(tree):
        return outcome_from_tree(tree, path, shown)
    return Scenario.from_text(text, shown=shown, path=path)


def find_scenario(scenario_id: str, outcome_path: Path) -> Path | Problem:
    """Where the scenario an outcome resolves lives, or a problem saying it is not found."""
    here = outcome_path.resolve().parent
    candidates = [d / f"{scenario_id}{ext}" for d in (here, here.parent) for ext in (".yaml", ".yml")]
    for c in candidates:
        if c.is_file() and c != outcome_path.resolve():
            return c
    names = loader.bundled_names()
    if scenario_id in names:
        return loader.bundled_path(scenario_id)
    me = outcome_path.resolve()
    nearby = {p.stem for d in (here, here.parent) for p in d.glob("*.y*ml") if p.resolve() != me}
    return Problem(
        message=f"no scenario {scenario_id!r} beside this file or bundled",
        hint=did_you_mean(scenario_id, set(names) | nearby),
        path=("scenario",),
    )


def check_outcome(outcome: HistoricalOutcome, spec: ScenarioSpec) -> list[Problem]:
    """Every problem of an outcome against the scenario it resolves (empty when valid)."""
    out = ProblemList()
    if outcome.scenario != spec.id:
        out.add(("scenario",), f"names scenario {outcome.scenario!r} but is checked against {spec.id!r}")
    co = spec.coercion
    horizon = co.horizon if co is not None else None
    leader_exit = co is not None and co.reference_class == "leader_exit"

    # -- the date ---------------------------------------------------------------------
    if outcome.date <= spec.as_of:
        out.add(("date",), f"date {outcome.date} is not after the scenario's as-of date {spec.as_of}",
                "an outcome is what happened after the as-of date")
    if horizon is not None and outcome.date > horizon:
        out.add(("date",), f"date {outcome.date} is after the scenario's horizon {horizon}",
                "the ending is the state at the horizon; give the date that state was reached")
    if horizon is not None and outcome.ending == Ending.stalemate and outcome.date != horizon:
        out.add(("date",), f"a stalemate is dated at the horizon ({horizon}), not {outcome.date}")

    # -- the ending and the derived events --------------------------------------------
    if outcome.ending == "escalation":
        force_implied: bool | None = True
        out_implied: bool | None = None
        if outcome.leader_out is None:
            out.add(("ending",), "'escalation' does not say whether the leader lost power",
                    "write 'forced_removal' or 'limited_force', or give leader_out")
    else:
        ending = Ending(outcome.ending)
        force_implied = True if ending in _FORCE else None
        out_implied = ending in _LEADER_OUT
    if outcome.leader_out is not None and out_implied is not None and outcome.leader_out != out_implied:
        out.add(("leader_out",),
                f"leader_out: {str(outcome.leader_out).lower()} disagrees with the ending {str(outcome.ending)!r}",
                "leader_out is true exactly for deal, capitulation and forced_removal")
    if force_implied and outcome.force_used is False:
        out.add(("force_used",), f"force_used: false disagrees with the ending {str(outcome.ending)!r}",
                "limited_force and forced_removal mean force was used")
    if co is not None and co.reference_class is not None and outcome.force_used is None:
        out.add((), "give force_used (true or false)",
                "every case of the library says whether force was used by the horizon")
    if leader_exit and outcome.leader_out is None:
        out.add((), "give leader_out (true or false)", "a leader-exit case says whether the leader lost power")

    # -- questions ----------------------------------------------------------------------
    asked = {q.id: q for q in spec.questions}
    for qid in outcome.questions:
        if qid not in asked:
            out.add(("questions", qid), f"the scenario has no question {qid!r}", did_you_mean(qid, asked))
    missing = [q for q in asked if q not in outcome.questions]
    if missing:
        out.add(("questions",) if outcome.questions else (), f"question(s) not answered: {', '.join(missing)}",
                "answer every question of the scenario with true or false")
    force_used = outcome.force_used if outcome.force_used is not None else force_implied
    if horizon is not None and outcome.ending != "escalation" and force_used is not None:
        for qid, answer in outcome.questions.items():
            q = asked.get(qid)
            if q is None or q.by != horizon or Outcome.escalation in q.yes_if:
                continue
            expected = resolves_yes(tuple(q.yes_if), Ending(outcome.ending), force_used)
            if answer != expected:
                out.add(("questions", qid),
                        f"answered {str(answer).lower()}, but the ending {str(outcome.ending)!r} with force_used:"
                        f" {str(force_used).lower()} resolves it {str(expected).lower()}",
                        "a question asked at the horizon follows from the ending")

    # -- the package --------------------------------------------------------------------
    _check_package(out, spec, outcome.package)
    return out.problems


def _check_package(out: ProblemList, spec: ScenarioSpec, package: Mapping[str, str | float] | None) -> None:
    for iid, option in (package or {}).items():
        path = ("package", iid)
        issue = spec.issues.get(iid)
        if issue is None:
            out.add(path, f"the scenario has no issue {iid!r}", did_you_mean(iid, spec.issues))
            continue
        if issue.kind is IssueKind.scale:
            try:
                value = float(option)
            except ValueError:
                out.add(path, f"issue {iid!r} is a 0-100 scale: give a number, not {option!r}")
                continue
            if not 0.0 <= value <= 100.0:
                out.add(path, f"position {value:g} is outside the 0-100 scale of {iid!r}")
        elif str(option) not in issue.option_ids:
            out.add(path, f"issue {iid!r} has no option {option!r}", did_you_mean(str(option), issue.option_ids))
