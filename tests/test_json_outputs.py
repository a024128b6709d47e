"""The --json contract: every command's real output carries ``schema_version`` and
validates against the JSON Schema that ``standoff schema --output COMMAND`` publishes
(generated from the result types), with no field the schema does not declare."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from standoff.presenters.cli.outputs import OUTPUTS, output_schema
from standoff.results import SCHEMA_VERSION
from tests.conftest import SHARED_DATA
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = str(ROOT / "docs/examples/minimal.yaml")
ARTICLE = str(ROOT / "docs/examples/dispatch-fisheries.txt")
DEU = SHARED_DATA / "deu3.tsv"

#: Each command's runs (fast settings), covering each of its result types.
RUNS: dict[str, list[list[str]]] = {
    "brief": [["brief", MINIMAL, "--draws", "200"]],
    "assess": [["assess", MINIMAL, "--draws", "200"]],
    "list": [["list"]],
    "show": [["show", "haiti-1994"]],
    "validate": [["validate", "venezuela-2025", MINIMAL]],
    "bargain": [["bargain"], ["bargain", "genius:ceasefire"], ["bargain", MINIMAL, "--draws", "50"]],
    "crisis": [["crisis", "--draws", "300"], ["crisis", "--nominal", "-m", "fearon"]],
    "simulate": [["simulate", "-s", "boulware,linear"], ["simulate", MINIMAL, "--draws", "2"],
                 ["simulate", "gambia-2016", "--protocol", "single-text"]],
    "tournament": [["tournament", "genius:ceasefire", "-s", "linear,boulware", "--seeds", "1", "--rounds", "20"]],
    "forecast": [["forecast", "--rounds", "3"], ["forecast", "--rounds", "3", "--draws", "20"]],
    "backtest deu": [["backtest", "deu", str(DEU), "-m", "compromise", "--bootstrap", "100", "--rounds", "2"]],
    "sensitivity": [["sensitivity", MINIMAL, "--method", "tornado", "--draws", "20"],
                    ["sensitivity", "--list-targets"]],
    "draft": [["draft", ARTICLE, "--date", "2024-05-02"]],
    "export genius": [["export", "genius", "cuba-1962", "{tmp}/out"]],
}


def test_every_json_command_is_run_here() -> None:
    assert set(RUNS) == set(OUTPUTS)


@pytest.mark.parametrize("command", list(OUTPUTS))
def test_the_published_schema_is_valid_json_schema(command: str) -> None:
    schema = output_schema(command)
    jsonschema.Draft202012Validator.check_schema(schema)
    printed = run_cli("schema", "--output", command)
    assert printed.code == 0, printed.stderr
    assert json.loads(printed.stdout) == schema


@pytest.mark.parametrize(("command", "k"), [(c, k) for c, runs in RUNS.items() for k in range(len(runs))])
def test_real_output_validates(command: str, k: int, tmp_path: Path) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in RUNS[command][k]]
    if command == "backtest deu" and not DEU.is_file():
        pytest.skip(f"reference data not found at {DEU}")
    r = run_cli(*args, "--json")
    assert r.code == 0, r.stderr
    data = json.loads(r.stdout)
    assert next(iter(data)) == "schema_version" and data["schema_version"] == SCHEMA_VERSION
    jsonschema.validate(data, output_schema(command), cls=jsonschema.Draft202012Validator)


def test_a_field_the_schema_does_not_know_is_refused() -> None:
    r = run_cli("list", "--json")
    data = json.loads(r.stdout)
    data["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, output_schema("list"))
    data = json.loads(r.stdout)
    del data["schema_version"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, output_schema("list"))


def test_an_unknown_command_is_a_user_error() -> None:
    r = run_cli("schema", "--output", "bargian")
    assert r.code == 2 and "did you mean 'bargain'" in r.stderr
