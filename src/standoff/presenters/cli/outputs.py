"""What each command prints with ``--json``: its result types, and the JSON Schema of
that output, generated from them (``standoff schema --output COMMAND``).

Every output is an object whose first key is ``"schema_version"``
(:data:`standoff.results.SCHEMA_VERSION`) followed by the fields of one of the command's
result types. A command with two types prints the second with ``--draws N`` (or, for
``sensitivity``, ``--list-targets``). ``tests/test_json_outputs.py`` runs every command
and validates what it prints against this schema.
"""

from __future__ import annotations

import importlib
from typing import Any, Literal, Union

from standoff.core.errors import UserError, did_you_mean

#: Command (as typed after ``standoff``) -> its result types, as ``module:Class``.
OUTPUTS: dict[str, tuple[str, ...]] = {
    "brief": ("standoff.presenters.brief:Brief",),
    "assess": ("standoff.results.assessment:Headline",),
    "list": ("standoff.results.commands:ScenarioList",),
    "show": ("standoff.scenario.schema:ScenarioSpec",),
    "validate": ("standoff.results.commands:ValidationReport",),
    "bargain": ("standoff.results.bargain:BargainResult", "standoff.results.commands:BargainOverDraws"),
    "crisis": ("standoff.results.crisis:CrisisResult",),
    "simulate": ("standoff.results.simulate:SimulationResult", "standoff.results.commands:SimulationOverDraws"),
    "tournament": ("standoff.results.simulate:TournamentResult",),
    "forecast": ("standoff.results.forecast:ForecastResult", "standoff.results.commands:ForecastWithDraws"),
    "backtest deu": ("standoff.results.forecast:BacktestResult",),
    "sensitivity": ("standoff.results.uncertainty:SensitivityResult", "standoff.results.commands:TargetList"),
    "draft": ("standoff.results.commands:DraftOutput",),
    "export genius": ("standoff.results.commands:GeniusExport",),
}


def _type(ref: str) -> Any:
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


def output_schema(command: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``standoff COMMAND --json``."""
    from pydantic import TypeAdapter, create_model

    from standoff.results import SCHEMA_VERSION

    key = " ".join(command.split())
    if key not in OUTPUTS:
        raise UserError(f"no command {command!r} prints JSON", hint=did_you_mean(key, OUTPUTS) +
                        f"; these do: {', '.join(OUTPUTS)}")
    version = Literal[SCHEMA_VERSION]  # type: ignore[valid-type]
    wrapped = [create_model(f"{t.__name__}Output", __base__=t,
                            schema_version=(version, SCHEMA_VERSION))
               for t in map(_type, OUTPUTS[key])]
    target: Any = wrapped[0] if len(wrapped) == 1 else Union[tuple(wrapped)]  # noqa: UP007
    schema = TypeAdapter(target).json_schema(mode="serialization")
    _require_version(schema)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": f"https://standoff.invalid/schema/output-{key.replace(' ', '-')}-v{SCHEMA_VERSION}.json",
              "title": f"standoff {key} --json", **schema}
    return schema


def _require_version(schema: dict[str, Any]) -> None:
    """Mark ``schema_version`` required in each top-level object (pydantic leaves a field
    with a default optional)."""
    defs = schema.get("$defs", {})
    branches = schema.get("anyOf", [schema])
    for b in branches:
        node = defs[b["$ref"].rsplit("/", 1)[-1]] if "$ref" in b else b
        req = node.setdefault("required", [])
        if "schema_version" not in req:
            req.insert(0, "schema_version")
