"""What a command's SOURCE argument names: a bundled scenario, a scenario file, a GENIUS
domain folder, a table of positions. Resolving it is the command line's job; the
engines receive what it resolves to (a compiled case, a domain, stakeholders)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from standoff.core.errors import UserError
from standoff.scenario import Scenario

if TYPE_CHECKING:
    from standoff.engines.bargain.mapping import BargainProblem
    from standoff.engines.simulate.domain import Domain
    from standoff.scenario.case import Case


def is_genius(source: str | Path) -> bool:
    """A GENIUS domain: ``genius:<name>`` (a bundled domain), a folder holding XML files,
    or one of its XML files. A folder without XML files is an error."""
    import os

    from standoff.interop.genius import resolve_genius

    if not str(source).strip():
        return False
    if resolve_genius(source) is not None:
        return True
    if os.path.isdir(str(source)):
        raise UserError(f"{source}: a folder without XML files", hint="give a GENIUS domain folder or a scenario")
    return False


def scenario(source: str | Path) -> Scenario:
    """A bundled scenario by name or a scenario file."""
    return Scenario.load(source)


def bargain_problem(source: str | Path, overrides: Mapping[str, float] | None = None) -> tuple[BargainProblem, Case | None]:
    """The bargaining problem of a scenario (its nominal case) or of a GENIUS domain."""
    from standoff.engines.bargain import from_case, from_genius

    if is_genius(source):
        from standoff.interop.genius import load_genius, resolve_genius

        return from_genius(load_genius(resolve_genius(source) or source)), None
    scn = scenario(source)
    case = scn.case(overrides=overrides)
    return from_case(case), case


def negotiation_domain(source: str | Path, parties: Sequence[str] | None = None,
                       overrides: Mapping[str, float] | None = None) -> tuple[Domain, Case | None]:
    """The negotiation of a scenario (its nominal case) or of a GENIUS domain."""
    from standoff.engines.simulate import from_case, from_genius

    if is_genius(source):
        if parties is not None:
            raise UserError("--parties applies to scenarios, not GENIUS folders")
        from standoff.interop.genius import load_genius, resolve_genius

        return from_genius(load_genius(resolve_genius(source) or source)), None
    case = scenario(source).case(overrides=overrides)
    return from_case(case, parties), case
