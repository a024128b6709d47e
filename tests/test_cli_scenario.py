"""The scenario commands: list, show, validate, schema, brief; user errors exit 2 cleanly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from standoff.scenario import MAX_BYTES, bundled_names
from tests.helpers import FLAGSHIP, run_cli


def test_list_json_names_every_bundled_scenario() -> None:
    res = run_cli("list", "--json")
    assert res.code == 0, res.stderr
    assert [r["name"] for r in json.loads(res.stdout)] == bundled_names()


@pytest.mark.parametrize("name", bundled_names())
def test_show_prints_tables_and_json(name: str) -> None:
    res = run_cli("show", name)
    assert res.code == 0, res.stderr
    assert "Timeline" in res.stdout and "Actors" in res.stdout
    res = run_cli("show", name, "--json")
    assert json.loads(res.stdout)["id"] == name


def test_schema_is_valid_json_schema(tmp_path: Path) -> None:
    res = run_cli("schema")
    assert res.code == 0
    schema = json.loads(res.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    out = tmp_path / "s.json"
    assert run_cli("schema", "-o", str(out)).code == 0
    assert json.loads(out.read_text()) == schema


def test_brief_on_the_flagship() -> None:
    res = run_cli("brief")
    assert res.code == 0, res.stderr
    assert "Maduro" in res.stdout
    data = json.loads(run_cli("brief", "--json").stdout)
    assert data["scenario"] == "venezuela-2025"
    assert [s["key"] for s in data["sections"]][:2] == ["headline", "case"]
    assert run_cli("brief", "--json").stdout == run_cli("brief", "--json").stdout


def test_validate_ok_and_json() -> None:
    res = run_cli("validate", str(FLAGSHIP), "--json")
    assert res.code == 0
    assert json.loads(res.stdout)[0]["ok"] is True


def bad_inputs(tmp: Path) -> dict[str, str]:
    (tmp / "empty.yaml").write_text("")
    (tmp / "garbage.yaml").write_bytes(bytes(range(256)) * 4)
    (tmp / "latin1.yaml").write_bytes("standoff: 1\ntitle: caf\xe9\n".encode("latin-1"))
    (tmp / "broken.yaml").write_text("standoff: 1\nactors: [a, b\n")
    (tmp / "tag.yaml").write_text('standoff: 1\nid: !!python/object/apply:os.system ["echo pwned"]\n')
    (tmp / "list.yaml").write_text("- 1\n- 2\n")
    (tmp / "scalar.yaml").write_text("just a string\n")
    big = tmp / "big.yaml"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    (tmp / "adir").mkdir()
    return {
        "missing": str(tmp / "nope.yaml"),
        "directory": str(tmp / "adir"),
        "empty": str(tmp / "empty.yaml"),
        "garbage": str(tmp / "garbage.yaml"),
        "latin1": str(tmp / "latin1.yaml"),
        "broken": str(tmp / "broken.yaml"),
        "tag": str(tmp / "tag.yaml"),
        "list": str(tmp / "list.yaml"),
        "scalar": str(tmp / "scalar.yaml"),
        "big": str(big),
        "unknown-name": "venezuela-2052",
    }


@pytest.mark.parametrize("command", ["validate", "show", "brief"])
def test_user_errors_exit_2_without_traceback(tmp_path: Path, command: str) -> None:
    for what, arg in bad_inputs(tmp_path).items():
        res = run_cli(command, arg)
        assert res.code == 2, (what, res.stderr)
        assert "Traceback" not in res.stderr + res.stdout, what
        assert res.stderr.strip(), what
    assert MAX_BYTES < 50 * 1024 * 1024


def test_messages_say_what_is_wrong(tmp_path: Path) -> None:
    cases = bad_inputs(tmp_path)
    expect = {
        "missing": "no such file",
        "directory": "is a directory",
        "empty": "empty",
        "garbage": "binary",
        "latin1": "not UTF-8",
        "broken": "not valid YAML",
        "tag": "tag",
        "big": "MiB limit",
        "unknown-name": "did you mean 'venezuela-2025'",
    }
    for what, fragment in expect.items():
        assert fragment in run_cli("validate", cases[what]).stderr, what


def test_real_process_exit_status_and_usage_errors(tmp_path: Path) -> None:
    """The installed script, in a real process: status 2, one clean line, no traceback."""
    env = dict(os.environ, COLUMNS="120")
    exe = [sys.executable, "-m", "standoff"]
    proc = subprocess.run([*exe, "validate", str(tmp_path / "none.yaml")], capture_output=True, text=True, env=env)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "no such file" in proc.stderr
    proc = subprocess.run([*exe, "no-such-command"], capture_output=True, text=True, env=env)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    proc = subprocess.run([*exe, "list", "--jsn"], capture_output=True, text=True, env=env)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
