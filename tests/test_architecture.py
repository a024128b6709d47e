"""The layers hold: no module imports from a layer above its own.

scenario -> case -> engines -> assessment -> presenters (``docs/explanation/architecture.md``):

* ``core`` imports nothing of ours but itself;
* ``results`` and ``interop`` import only ``core`` (and themselves);
* ``scenario`` imports ``core`` and itself (never engines, results or presenters);
* engines import ``core``, ``results``, other engines and the compiled case
  (``standoff.scenario.case`` and its types) -- never the YAML schema, the loader, the
  ``Scenario`` object, ``interop`` or presenters;
* ``assess`` imports engines, results, the scenario and core, never presenters;
* ``draft`` proposes scenarios (and scores its drafts with the engines): core, scenario,
  engines and results, and the atomic file writer -- never the command line.
Imports inside functions count as much as those at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "standoff"

#: Layer -> the top-level modules of ``standoff`` it may import (besides itself).
ALLOWED: dict[str, tuple[str, ...]] = {
    "core": (),
    "results": ("core",),
    "interop": ("core",),
    "scenario": ("core",),
    "engines": ("core", "results", "scenario.case"),
    "assess": ("core", "results", "engines", "scenario"),
    "api": ("core", "results", "engines", "scenario"),
    "draft": ("core", "scenario", "engines", "results", "presenters.files"),
    "presenters": ("core", "results", "engines", "scenario", "assess", "interop", "draft"),
}
#: Within the scenario layer, the compiled case's types must not import the format.
CASE_TYPES = ("scenario/case/types.py", "scenario/case/__init__.py", "scenario/case/instruments.py")


def layer(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py")


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append(node.module)
        elif isinstance(node, ast.Import):
            out.extend(a.name for a in node.names)
    return [m.removeprefix("standoff.") for m in out if m == "standoff" or m.startswith("standoff.")]


MODULES = sorted(p for p in SRC.rglob("*.py") if layer(p) in ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_imports_from_above_its_layer(path: Path) -> None:
    own = layer(path)
    allowed = (own, *ALLOWED[own])
    for mod in imports(path):
        if mod == "standoff":
            assert own == "presenters", f"{path.relative_to(SRC)} imports the package root"
            continue
        ok = any(mod == a or mod.startswith(a + ".") for a in allowed)
        assert ok, f"{path.relative_to(SRC)} ({own}) imports standoff.{mod}"


@pytest.mark.parametrize("rel", CASE_TYPES)
def test_the_compiled_case_does_not_import_the_format(rel: str) -> None:
    for mod in imports(SRC / rel):
        assert not mod.startswith(("scenario.schema", "scenario.model", "scenario.loader", "scenario.validate")), (
            f"{rel} imports standoff.{mod}")


def test_every_module_is_in_a_layer() -> None:
    top = {layer(p) for p in SRC.rglob("*.py")} - {"__init__", "__main__"}
    assert top <= set(ALLOWED), f"modules outside the layers: {sorted(top - set(ALLOWED))}"
