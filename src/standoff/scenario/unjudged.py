"""Placeholder numbers that a person still has to judge.

``standoff draft`` cannot know saliences, costs, capabilities or credibilities: it writes
a neutral placeholder and marks its provenance with an ``assumption`` that starts with
:data:`MARKER` ("to be judged"). Such a scenario validates like any other (the number has
a provenance), and :func:`unjudged_paths` lists every number that still carries the mark,
its own or inherited from the nearest enclosing block that has a provenance, so that a
brief can flag what rests on placeholders.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from standoff.scenario.quantity import Quantity
from standoff.scenario.schema import ScenarioSpec

#: The start of an assumption that marks a placeholder ("to be judged: ...").
MARKER = "to be judged"

Path = tuple[str | int, ...]


def placeholder(reason: str) -> str:
    """The assumption text of a placeholder: the marker and why the number is unknown."""
    return f"{MARKER}: {reason}"


def is_unjudged(text: str | None) -> bool:
    """Whether an assumption text marks a placeholder."""
    return bool(text) and str(text).strip().lower().startswith(MARKER)


def _provenance(model: BaseModel) -> str | None:
    """'source' or the assumption text of a block, if it has a provenance of its own."""
    if getattr(model, "source", None):
        return "source"
    assumption = getattr(model, "assumption", None)
    return str(assumption) if assumption else None


def _walk(model: BaseModel, path: Path, inherited: str | None) -> Iterable[tuple[Path, Quantity, str | None]]:
    here = _provenance(model) or inherited
    for name in type(model).model_fields:
        value = getattr(model, name)
        children: Iterable[tuple[Path, object]]
        if isinstance(value, dict):
            children = (((*path, name, k), v) for k, v in value.items())
        elif isinstance(value, list | tuple):
            children = (((*path, name, i), v) for i, v in enumerate(value))
        else:
            children = (((*path, name), value),)
        for p, child in children:
            if isinstance(child, Quantity):
                yield p, child, _provenance(child) or here
            elif isinstance(child, BaseModel):
                yield from _walk(child, p, here)


def unjudged_paths(spec: ScenarioSpec) -> list[str]:
    """Dotted paths of every number whose provenance is a "to be judged" placeholder."""
    out: list[str] = []
    for path, _q, prov in _walk(spec, (), None):
        if is_unjudged(prov):
            out.append(_dotted(path))
    return out


def _dotted(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + str(part)
    return text
