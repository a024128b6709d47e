"""Commands that exchange files with other tools: ``standoff export genius``.

How a scenario becomes a GENIUS domain (also written to ``NOTES.txt`` beside the XML):

* **Parties.** The scenario's negotiating parties (``negotiation.parties``), one
  linear-additive profile each, named ``<party id>.xml``; mediators and third parties
  are left out.
* **Utilities.** Each party's nominal utility over the outcome space (saliences,
  option values and the lasting costs of instruments a deal leaves in place), rescaled
  by a positive affine map to GENIUS form -- worst package 0, best 1, weights summing to
  one (:func:`standoff.interop.genius.genius_form`). Rankings, the Pareto frontier and
  the Nash and Kalai-Smorodinsky solutions do not change under such a map.
* **Reservation value.** What no deal is worth to the party (its nominal no-deal value,
  from pressure, conflict and the horizon), rescaled the same way; it can fall below 0 or
  above 1 when no deal is worse than every package or better than every package.
* **Discount factor.** 1 (none): the scenario's per-period discount already enters the
  reservation value, and GENIUS discounts over negotiation time, which means something
  else.
* **Red lines cannot be expressed** in a linear-additive profile: they are dropped, and
  each dropped red line is listed in the output and in the notes. (Giving the forbidden
  option evaluation 0 was the alternative; it is not equivalent either -- the option
  stays acceptable when the rest of the package compensates -- and it would change the
  utilities, so the export keeps the utilities exact and says what it leaves out.)
* **Interactions** between issues cannot be expressed either; a scenario with
  interactions is refused (exit 2).
* **Issues.** Every issue becomes a discrete GENIUS issue whose items are its option ids,
  in order (GENIUS does not mark an order); a 0-100 scale issue's items are its grid
  points (``steps``), named by their position (``0``, ``10``, ..., ``100``).

Reading the folder back (``standoff bargain DIR``) gives the same outcome space and the
rescaled utilities.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from standoff.presenters.cli.app import JsonOpt, SourceArg, app, console, emit_json, err
from standoff.presenters.text import markup

if TYPE_CHECKING:
    from standoff.core.space import OutcomeSpace
    from standoff.core.utility import AdditiveUtility
    from standoff.scenario import Scenario

export_app = typer.Typer(help="Write a scenario in another tool's format.", no_args_is_help=True)
app.add_typer(export_app, name="export")


def genius_parties(scenario: Scenario) -> tuple[OutcomeSpace, list[str], list[AdditiveUtility], list[str]]:
    """The outcome space, the parties, their utilities in GENIUS form (with the rescaled
    no-deal value as reservation) and notes on what the export changes or leaves out.

    This is the only place that reads a scenario for the export (see the module docstring
    for the mapping)."""
    from standoff.interop.genius import genius_form, red_lines
    space = scenario.outcome_space
    parties = list(scenario.parties)
    utilities: list[AdditiveUtility] = []
    notes: list[str] = []
    for party in parties:
        u = scenario.utility(party)
        no_deal = float(scenario.no_deal_value(party).total)
        g = genius_form(u.with_reservation(no_deal))
        utilities.append(g)
        for issue, option in red_lines(u, space):
            notes.append(
                f"{party}: red line on {issue} = {option} dropped (a linear-additive GENIUS profile"
                " cannot express it; the option keeps its value)"
            )
        r = float(g.reservation or 0.0)
        if not 0.0 <= r <= 1.0:
            side = "worse than every package" if r < 0 else "better than every package"
            notes.append(f"{party}: reservation value {r:.4g} lies outside [0, 1]: no deal is {side}")
    scale = [i.id for i in space.issues if i.kind == "scale"]
    if scale:
        notes.append(
            f"scale issue(s) {', '.join(scale)}: written as discrete issues whose items are the grid"
            " points on 0-100"
        )
    return space, parties, utilities, notes


NOTES_HEADER = """GENIUS export of the standoff scenario {id!r} ({title}).

Each profile is the party's nominal utility, rescaled so that its worst package is worth
0 and its best 1 (a positive affine map: rankings, the Pareto frontier and the Nash and
Kalai-Smorodinsky solutions are unchanged). The reservation value is what no deal is
worth to the party, rescaled the same way. Discount factors are 1: the scenario's
per-period discount already enters the reservation value. Red lines and interactions
cannot be expressed in linear-additive GENIUS profiles: red lines are dropped and listed
below; scenarios with interactions are not exported.
"""


@export_app.command("genius")
def export_genius(
    source: SourceArg,
    folder: Annotated[Path, typer.Argument(help="Folder to write the domain and the profiles to.")],
    as_json: JsonOpt = False,
) -> None:
    """Write a scenario as a GENIUS domain: a domain file and one linear-additive profile
    per negotiating party (red lines are dropped and listed)."""
    from standoff.interop.genius import write_genius
    from standoff.scenario import Scenario

    scenario = Scenario.load(source)
    space, parties, utilities, notes = genius_parties(scenario)
    text = NOTES_HEADER.format(id=scenario.id, title=scenario.title)
    text += ("\nNotes:\n" + "".join(f"- {n}\n" for n in notes)) if notes else "\nNotes: none.\n"
    files = write_genius(folder, space, utilities, parties, name=scenario.id, extra={"NOTES.txt": text})
    if as_json:
        from standoff.results.commands import GeniusExport

        emit_json(GeniusExport(folder=str(folder), files=[str(f) for f in files], parties=parties, notes=notes))
        return
    for note in notes:
        err.print(f"note: {markup(note)}", highlight=False, soft_wrap=True)
    for f in files:
        console.print(markup(str(f)), highlight=False, soft_wrap=True)
