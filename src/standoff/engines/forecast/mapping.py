"""From a scenario to the forecasting models' arrays: every mapping in one place.

For each issue of kind ``scale`` (0-100):

* actors: every actor with an ``ideal`` on the issue under ``preferences.<actor>.issues``
  (the negotiating parties, mediators and third parties alike), in file order;
* position: ``preferences.<actor>.issues.<issue>.ideal`` (its nominal value);
* salience: ``preferences.<actor>.issues.<issue>.salience / 100``. Scenario saliences are
  points out of 100 spread over an actor's issues, so this is the share of the actor's
  attention the issue takes -- BDM's notion of salience (Bueno de Mesquita 1994). A
  salience above 100 is an error;
* capability: ``actors.<actor>.capability`` (its nominal value; only ratios matter).

Uncertain numbers enter at their nominal values; for Monte Carlo, map each realisation
(:meth:`standoff.scenario.Scenario.realise`).
"""

from __future__ import annotations

from standoff.core.errors import UserError, did_you_mean
from standoff.core.stakeholders import Stakeholders, check_stakeholders
from standoff.scenario import Scenario
from standoff.scenario.schema import IssueKind


def scale_issues(scenario: Scenario) -> list[str]:
    """Ids of the scenario's 0-100 issues, in file order."""
    return [iid for iid, isp in scenario.spec.issues.items() if isp.kind is IssueKind.scale]


def stakeholders(scenario: Scenario, issue: str) -> Stakeholders:
    """The stakeholders of one scale issue (see the module docstring)."""
    spec = scenario.spec
    if issue not in spec.issues:
        raise UserError(f"{scenario.id}: unknown issue {issue!r}", hint=did_you_mean(issue, scale_issues(scenario)))
    if spec.issues[issue].kind is not IssueKind.scale:
        raise UserError(
            f"{scenario.id}: issue {issue!r} is not a 0-100 scale",
            hint="forecasts need an issue of kind: scale; " + did_you_mean(issue, scale_issues(scenario)),
        )
    names, c, x, s, rows = [], [], [], [], []
    for aid, pref in spec.preferences.items():
        ip = pref.issues.get(issue)
        if ip is None or ip.ideal is None:
            continue
        sal = ip.salience.nominal
        if sal > 100.0:
            raise UserError(
                f"{scenario.id}: preferences.{aid}.issues.{issue}.salience is {sal:g}, above 100",
                hint="saliences are points out of 100 over the actor's issues",
            )
        names.append(aid)
        c.append(spec.actors[aid].capability.nominal)
        x.append(ip.ideal.nominal)
        s.append(sal / 100.0)
        rows.append(f"preferences.{aid}.issues.{issue}")
    return check_stakeholders(
        names, c, x, s, issue=issue, where=scenario.id, rows=rows,
        columns={"capability": "actors.<actor>.capability", "position": "ideal", "salience": "salience"},
    )
