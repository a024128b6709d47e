"""From a compiled case to the forecasting models' stakeholders.

For each issue of kind ``scale`` (0-100) the case holds its stakeholders
(``case.stakeholders``): every actor with an ``ideal`` on the issue (negotiating
parties, mediators and third parties alike), in file order, with its capability, its
ideal as position, and its salience ``/ 100`` -- the share of the actor's attention the
issue takes, BDM's notion of salience (Bueno de Mesquita 1994). A salience above 100 is
an error.
"""

from __future__ import annotations

from standoff.core.errors import UserError, did_you_mean
from standoff.core.stakeholders import Stakeholders, check_stakeholders
from standoff.scenario.case import Case


def scale_issues(case: Case) -> list[str]:
    """Ids of the case's 0-100 issues with stakeholders, in file order."""
    return [i.id for i in case.space.issues if i.kind == "scale" and i.id in case.stakeholders]


def stakeholders(case: Case, issue: str, draw: int = 0) -> Stakeholders:
    """The validated stakeholders of one scale issue at one draw."""
    if issue not in case.space.issue_ids:
        raise UserError(f"{case.id}: unknown issue {issue!r}", hint=did_you_mean(issue, scale_issues(case)))
    if issue not in case.stakeholders:
        raise UserError(
            f"{case.id}: issue {issue!r} is not a 0-100 scale with positions",
            hint="forecasts need an issue of kind: scale; " + did_you_mean(issue, scale_issues(case)),
        )
    st = case.stakeholders[issue].at(draw)
    for name, s in zip(st.names, st.salience, strict=True):
        if s > 1.0:
            raise UserError(
                f"{case.id}: preferences.{name}.issues.{issue}.salience is {100 * s:g}, above 100",
                hint="saliences are points out of 100 over the actor's issues",
            )
    return check_stakeholders(
        st.names, st.capability, st.position, st.salience, issue=issue, where=case.id,
        rows=[f"preferences.{n}.issues.{issue}" for n in st.names],
        columns={"capability": "actors.<actor>.capability", "position": "ideal", "salience": "salience"},
    )
