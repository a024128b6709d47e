"""Every command over a systematic grid of bad and edge inputs: the run must end with
status 0 or 2, never a traceback (code -1) or status 1, and a status 2 must come with a
short message on stderr that says what is wrong.

The grid is chosen, not Cartesian: each command's SOURCE against each class of bad
source (missing, a folder, empty, binary, the wrong kind of input, an empty name) and
against each bundled scenario and the documented minimal example; each numeric option
against each class of bad value (zero, negative, NaN, huge, not a number); each
enum-like option against an unknown and an empty value; each output path against a
folder and an unwritable place. Every command runs with its cheapest settings.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA
from tests.helpers import CliRun, run_cli

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = str(ROOT / "docs/examples/minimal.yaml")
GOOD_SCENARIOS = ["venezuela-2025", "haiti-1994", "gambia-2016", MINIMAL]
GENIUS = str(SHARED_DATA / "genius" / "Laptop")
DEU = str(SHARED_DATA / "deu3.tsv")
CSV = str(SHARED_DATA / "eu-emissions-1994.csv")

needs_data = pytest.mark.skipif(not SHARED_DATA.is_dir(), reason=f"reference data not found at {SHARED_DATA}")

#: each command with its cheapest settings; the source goes at the end
COMMANDS: dict[str, list[str]] = {
    "show": ["show"],
    "validate": ["validate"],
    "brief": ["brief"],
    "bargain": ["bargain"],
    "crisis": ["crisis", "--draws", "200"],
    "forecast": ["forecast", "--rounds", "3"],
    "simulate": ["simulate", "--rounds", "20"],
    "tournament": ["tournament", "-s", "linear,boulware", "--seeds", "1", "--rounds", "20"],
    "backtest": ["backtest", "deu", "--bootstrap", "100", "--rounds", "2", "-m", "compromise", "-m", "median"],
}
#: commands that take a scenario; GENIUS-capable ones take a folder too
SCENARIO_COMMANDS = [c for c in COMMANDS if c != "backtest"]
GENIUS_COMMANDS = ("bargain", "simulate", "tournament")
#: the source a command gets when the test is about an option
DEFAULT_SOURCE = {"forecast": ["venezuela-2025"], "tournament": ["venezuela-2025"], "backtest": [DEU]}


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Bad sources, one per class."""
    d = tmp_path_factory.mktemp("bad")
    (d / "empty.yaml").write_text("")
    rnd = random.Random(0)
    (d / "binary.yaml").write_bytes(bytes(rnd.randrange(256) for _ in range(4096)))
    (d / "folder").mkdir()
    (d / "folder.yaml").mkdir()
    return {
        "missing": str(d / "nope.yaml"),
        "missing-no-suffix": str(d / "nope"),
        "folder": str(d / "folder"),
        "folder-named-yaml": str(d / "folder.yaml"),
        "empty": str(d / "empty.yaml"),
        "binary": str(d / "binary.yaml"),
        "empty-name": "",
        "misspelt-bundled": "venezuela-2052",
    }


def check(r: CliRun, *mentions: str) -> None:
    """Status 0 or 2; a status 2 has a short message on stderr mentioning one of
    ``mentions`` (the option or value at fault), and no traceback."""
    assert r.code != -1, f"traceback:\n{r.stderr}"
    assert r.code in (0, 2), f"status {r.code}\nstdout: {r.stdout[-2000:]}\nstderr: {r.stderr[-2000:]}"
    if r.code == 2:
        msg = r.stderr.strip()
        assert msg, "status 2 without a message"
        assert "Traceback" not in msg
        assert len(msg.splitlines()) <= 6, f"message too long:\n{msg}"
        if mentions:
            low = msg.lower()
            assert any(m.lower() in low for m in mentions), f"message names none of {mentions}:\n{msg}"


def check_json(r: CliRun) -> None:
    """Strict JSON (no NaN or infinity) on stdout."""

    def refuse(const: str) -> None:
        raise AssertionError(f"non-standard JSON constant {const}")

    json.loads(r.stdout, parse_constant=refuse)


# ------------------------------------------------------------------------------ sources
@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("kind", ["missing", "missing-no-suffix", "folder", "folder-named-yaml", "empty",
                                  "binary", "empty-name", "misspelt-bundled"])
def test_bad_source(command: str, kind: str, bad: dict[str, str]) -> None:
    src = bad[kind]
    r = run_cli(*COMMANDS[command], src)
    check(r)
    assert r.code == 2, f"{command} accepted a {kind} source: {r.stdout[-500:]}"
    if src:
        assert Path(src).name in r.stderr.replace("\n", ""), "the message does not name the file"


@needs_data
@pytest.mark.parametrize("command", [c for c in SCENARIO_COMMANDS if c not in GENIUS_COMMANDS])
def test_genius_folder_where_a_scenario_is_expected(command: str) -> None:
    r = run_cli(*COMMANDS[command], GENIUS)
    check(r, "Laptop")
    assert r.code == 2


@needs_data
@pytest.mark.parametrize("command", SCENARIO_COMMANDS)
@pytest.mark.parametrize("wrong", ["genius-xml-file", "deu-table", "positions-csv"])
def test_wrong_kind_of_file(command: str, wrong: str) -> None:
    src = {"genius-xml-file": GENIUS + "/Laptop-C-domain.xml", "deu-table": DEU, "positions-csv": CSV}[wrong]
    r = run_cli(*COMMANDS[command], src)
    check(r, Path(src).name, "--issue")


@needs_data
@pytest.mark.parametrize("src", [MINIMAL, GENIUS, CSV])
def test_backtest_given_something_else_than_a_table(src: str) -> None:
    r = run_cli(*COMMANDS["backtest"], src)
    check(r, Path(src).name)
    assert r.code == 2


@needs_data
@pytest.mark.parametrize("command", GENIUS_COMMANDS)
def test_genius_folder_where_one_is_accepted(command: str) -> None:
    r = run_cli(*COMMANDS[command], GENIUS, "--json")
    check(r)
    assert r.code == 0
    check_json(r)


@pytest.mark.parametrize("command", SCENARIO_COMMANDS)
@pytest.mark.parametrize("scenario", GOOD_SCENARIOS, ids=lambda s: Path(s).stem)
def test_every_scenario_runs(command: str, scenario: str) -> None:
    args = [*COMMANDS[command], scenario]
    r = run_cli(*args, "--json")
    check(r)
    assert r.code == 0, r.stderr
    check_json(r)


def test_validate_reports_every_file(bad: dict[str, str]) -> None:
    r = run_cli("validate", MINIMAL, bad["empty"], bad["folder"])
    check(r)
    assert r.code == 2
    assert "empty.yaml" in r.stderr and "folder" in r.stderr and "ok" in r.stdout


# ------------------------------------------------------------------------------ numbers
BAD_NUMBERS = ["0", "-1", "nan", "1e308", "inf", "abc", "9" * 30]

#: (command, option); each gets every bad number
NUMERIC = [
    ("bargain", "--show-frontier"),
    ("brief", "--seed"),
    ("crisis", "--draws"), ("crisis", "--seed"), ("crisis", "--levels"), ("crisis", "--types"),
    ("forecast", "--rounds"),
    ("backtest", "--rounds"), ("backtest", "--seed"), ("backtest", "--bootstrap"),
    ("simulate", "--rounds"), ("simulate", "--seed"), ("simulate", "--breakdown"),
    ("tournament", "--seeds"), ("tournament", "--jobs"), ("tournament", "--rounds"), ("tournament", "--seed"),
    ("tournament", "--breakdown"),
]


def _stem(option: str) -> str:
    """'--seeds' -> 'seed', '--show-frontier' -> 'show': a word the message must contain."""
    return option.lstrip("-").split("-")[0].rstrip("s")


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize(("command", "option"), NUMERIC, ids=lambda x: x)
def test_numeric_option(command: str, option: str, value: str, tmp_path: Path) -> None:
    args = [*COMMANDS[command], *DEFAULT_SOURCE.get(command, []), option, value]
    if command == "crisis" and option in ("--levels", "--types"):
        args += ["--nominal", "--export-efg", str(tmp_path / "tree.efg")]  # only the game tree uses them
    check(run_cli(*args), _stem(option), value)


def _crisis_parameters() -> list[str]:
    from standoff.engines.crisis import MODELS

    return sorted({p for m in MODELS.values() for p in m.parameters})


@pytest.mark.parametrize("value", ["0", "-1", "nan", "1e308", "-1e308", "abc", "1"])
@pytest.mark.parametrize("name", _crisis_parameters())
def test_crisis_model_parameter(name: str, value: str) -> None:
    r = run_cli("crisis", "--nominal", "--param", f"{name}={value}", "--json")
    check(r, name)
    if r.code == 0:
        check_json(r)


@pytest.mark.parametrize(("low", "high"), [("0.5", "0.1"), ("0.2", "0.2"), ("0", "1e308"), ("0", "0.3")])
def test_crisis_uniform_cost_bounds(low: str, high: str) -> None:
    r = run_cli("crisis", "--nominal", "--param", f"c_b_low={low}", "--param", f"c_b_high={high}", "--json")
    check(r, "c_b")
    if r.code == 0:
        check_json(r)


@pytest.mark.parametrize("value", ["0", "-1", "nan", "1e308", "abc"])
def test_gambit_timeout(value: str) -> None:
    check(run_cli("crisis", "--nominal", "--types", "2", "--gambit", "lcp", "--timeout", value), "time", value)


@pytest.mark.parametrize(("levels", "types"), [("99999999999999", "5"), ("1", "99999999999999")])
def test_crisis_game_tree_too_large(levels: str, types: str, tmp_path: Path) -> None:
    r = run_cli("crisis", "--nominal", "-m", "fearon", "--levels", levels, "--types", types,
                "--export-efg", str(tmp_path / "t.efg"))
    check(r, "--levels")
    assert r.code == 2


@pytest.mark.parametrize("value", ["bogus", "", "2025-13-45", "1990-01-01"])
def test_crisis_deadline(value: str) -> None:
    r = run_cli("crisis", "--nominal", "--deadline", value)
    check(r, "deadline")
    assert r.code == 2


# ------------------------------------------------------------------------------ names
#: (command args without source, option, bad value); the value must be named in the message
ENUMS = [
    (["crisis", "--nominal"], "--model", "bogus"),
    (["crisis", "--nominal"], "--model", "rubenstein"),
    (["crisis", "--nominal"], "--gambit", "bogus"),
    (["forecast", "venezuela-2025"], "--model", "bogus"),
    (["forecast", "venezuela-2025"], "--issue", "bogus"),
    (["forecast", DEU], "--issue", "bogus"),
    (["forecast", CSV], "--issue", "bogus"),
    (["forecast", DEU, "--issue", "d00032i1"], "--capability", "bogus"),
    (["backtest", "deu"], "--model", "bogus"),
    (COMMANDS["backtest"], "--capability", "bogus"),
    (COMMANDS["simulate"], "--strategies", "bogus"),
    (COMMANDS["simulate"], "--strategies", "linear,bogus"),
    (COMMANDS["simulate"], "--strategies", "linear,linear,linear,linear"),
    (COMMANDS["simulate"], "--mediator", "bogus"),
    (COMMANDS["simulate"], "--mediator", "maduro"),
    (COMMANDS["simulate"], "--mediator-strategy", "bogus"),
    (COMMANDS["simulate"], "--protocol", "bogus"),
    (COMMANDS["simulate"], "--information", "bogus"),
    (COMMANDS["simulate"], "--parties", "bogus"),
    (COMMANDS["simulate"], "--parties", "usa,bogus"),
    (COMMANDS["simulate"], "--parties", "usa,usa"),
    (["tournament", "venezuela-2025", "--seeds", "1"], "--strategies", "bogus"),
    (COMMANDS["tournament"] + ["venezuela-2025"], "--mediator-strategy", "bogus"),
    (COMMANDS["tournament"] + ["venezuela-2025"], "--protocol", "bogus"),
    (COMMANDS["tournament"] + ["venezuela-2025"], "--information", "bogus"),
]


@pytest.mark.parametrize(("base", "option", "value"), ENUMS, ids=lambda x: x if isinstance(x, str) else "")
def test_unknown_name(base: list[str], option: str, value: str) -> None:
    if any(str(SHARED_DATA) in a for a in base) and not SHARED_DATA.is_dir():
        pytest.skip("reference data not found")
    r = run_cli(*base, option, value)
    check(r, value.split(",")[-1], _stem(option))
    assert r.code == 2


@pytest.mark.parametrize(("base", "option"), sorted({(tuple(b), o) for b, o, _ in ENUMS}), ids=lambda x: x
                         if isinstance(x, str) else "")
def test_empty_name(base: tuple[str, ...], option: str) -> None:
    if any(str(SHARED_DATA) in a for a in base) and not SHARED_DATA.is_dir():
        pytest.skip("reference data not found")
    r = run_cli(*base, option, "")
    check(r)
    assert r.code == 2, f"{option} '' accepted"


# ------------------------------------------------------------------------------ outputs
PLOTTING = {
    "bargain": ["bargain"],
    "crisis": ["crisis", "--nominal"],
    "forecast": ["forecast", "venezuela-2025", "--rounds", "3"],
    "simulate": COMMANDS["simulate"],
    "tournament": COMMANDS["tournament"] + ["venezuela-2025"],
}


@pytest.mark.parametrize("command", list(PLOTTING))
@pytest.mark.parametrize("target", ["no-suffix", "txt", "folder-named-png", "unwritable"])
def test_plot_destination(command: str, target: str, tmp_path: Path) -> None:
    (tmp_path / "d.png").mkdir()
    path = {"no-suffix": str(tmp_path / "plot"), "txt": str(tmp_path / "plot.txt"),
            "folder-named-png": str(tmp_path / "d.png"), "unwritable": "/proc/plot.png"}[target]
    r = run_cli(*PLOTTING[command], "--plot", path)
    check(r, "plot", path)
    assert r.code == 2


def test_plot_into_a_new_folder(tmp_path: Path) -> None:
    out = tmp_path / "new" / "frontier.png"
    r = run_cli("bargain", GENIUS if SHARED_DATA.is_dir() else MINIMAL, "--plot", str(out))
    check(r)
    assert r.code == 0 and out.stat().st_size > 0


@pytest.mark.parametrize("target", ["folder", "unwritable", "empty-name"])
@pytest.mark.parametrize("command", ["schema -f", "crisis --nominal --export-efg"])
def test_output_file_destination(command: str, target: str, tmp_path: Path) -> None:
    path = {"folder": str(tmp_path), "unwritable": "/proc/out.txt", "empty-name": ""}[target]
    r = run_cli(*command.split(), path)
    check(r, "write", "folder")
    assert r.code == 2
    assert not list(tmp_path.iterdir()), "a temporary file was left behind"


# ------------------------------------------------------------------- extreme scenarios
#: edits of the minimal example: (text to replace, replacement); each makes a number extreme
EXTREMES = {
    "huge-capability": ("capability: {value: 70,", "capability: {value: 1e308,"),
    "zero-capabilities": ("value: 70,", "value: 0,"),
    "huge-conflict-cost": ("conflict_cost: 0.2", "conflict_cost: 1e308"),
    "huge-cost-to-imposer": ("cost_to_imposer: 0.002", "cost_to_imposer: 1e308"),
    "huge-cost-to-target": ("cost_to_target: {dist: uniform, low: 0.005, high: 0.015}", "cost_to_target: 1e308"),
    "red-lines-everywhere": ("options: [new_line]", "options: [new_line, old_line, compromise]"),
    "far-deadline": ("deadline: 2026-03-01", "deadline: 9999-12-31"),
}


@pytest.mark.parametrize("command", [c for c in SCENARIO_COMMANDS if c != "validate"])
@pytest.mark.parametrize("edit", list(EXTREMES))
def test_extreme_scenario(command: str, edit: str, tmp_path: Path) -> None:
    old, new = EXTREMES[edit]
    text = Path(MINIMAL).read_text()
    assert old in text
    if edit == "zero-capabilities":
        text = text.replace("value: 30,", "value: 0,").replace("value: 5,", "value: 0,")
    path = tmp_path / f"{edit}.yaml"
    path.write_text(text.replace(old, new, 1))
    args = [*COMMANDS[command], str(path)]
    r = run_cli(*args) if command == "show" else run_cli(*args, "--json")
    check(r)
    if r.code == 0 and command != "show":
        check_json(r)
