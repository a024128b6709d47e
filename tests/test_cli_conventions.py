"""Command-line conventions (issue 15): a fast start that imports only what a command
uses, --version, shell completion of fixed choices, results on stdout and messages on
stderr, a closed pipe, NO_COLOR and non-terminal output, 80 columns, the flagship as
every engine command's default, missing extras named, and ``standoff new``."""

from __future__ import annotations

import importlib
import inspect
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from standoff import __version__
from standoff.presenters.cli.app import COMMANDS, app, complete_names
from standoff.scenario import Scenario, bundled_names
from standoff.scenario.catalogue import entries, header
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = str(ROOT / "docs/examples/minimal.yaml")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _python(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


# ----------------------------------------------------------------------- the lazy table
def test_the_command_table_matches_the_modules() -> None:
    """Every command a module registers is in COMMANDS, with a short line for the root's
    --help, and registers from the module the table names (each module is imported alone
    in a fresh process and must register exactly its commands)."""
    for module in sorted({m for m, _ in COMMANDS.values()}):
        importlib.import_module(f"standoff.presenters.cli.{module}")
    registered: dict[str, str] = {}
    for info in app.registered_commands:
        assert info.callback is not None
        name = info.name or info.callback.__name__.replace("_", "-").rstrip("-")
        registered[name] = inspect.getdoc(info.callback) or ""
    for group in app.registered_groups:
        assert group.typer_instance is not None and group.name
        registered[group.name] = str(group.typer_instance.info.help)
    assert set(registered) == set(COMMANDS)
    for name, doc in registered.items():
        line = COMMANDS[name][1]
        assert doc and 0 < len(line) <= 66, f"{name}: a line of at most 66 characters, and a docstring"
    code = ("import importlib, sys\nfrom standoff.presenters.cli.app import app\n"
            "importlib.import_module('standoff.presenters.cli.' + sys.argv[1])\n"
            "print(' '.join([i.name or i.callback.__name__.replace('_', '-').rstrip('-') for i in app.registered_commands]"
            " + [g.name for g in app.registered_groups]))")
    for module in sorted({m for m, _ in COMMANDS.values()}):
        got = subprocess.run([sys.executable, "-c", code, module], capture_output=True, text=True, timeout=120)
        assert got.returncode == 0, got.stderr
        assert set(got.stdout.split()) == {n for n, (m, _) in COMMANDS.items() if m == module}, module


@pytest.mark.parametrize(("args", "forbidden"), [
    (["--help"], ("numpy", "pydantic", "standoff.engines", "standoff.scenario.schema", "standoff.results")),
    (["--version"], ("numpy", "pydantic", "standoff.engines", "standoff.scenario.schema", "standoff.results")),
    (["list"], ("numpy", "standoff.engines", "standoff.scenario.schema", "standoff.scenario.loader",
                "standoff.results", "ruamel")),
])
def test_fast_commands_import_no_engine(args: list[str], forbidden: tuple[str, ...]) -> None:
    code = ("import sys, io, contextlib\nfrom standoff.presenters.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    try: main({args!r})\n    except SystemExit: pass\n"
            "print('\\n'.join(sorted(sys.modules)))")
    got = _python(code)
    assert got.returncode == 0, got.stderr
    loaded = got.stdout.split()
    bad = [m for m in loaded if any(m == f or m.startswith(f + ".") for f in forbidden)]
    assert not bad, f"standoff {' '.join(args)} imported {bad[:8]}"


def test_version_is_the_declared_one() -> None:
    r = run_cli("--version")
    assert r.code == 0 and r.stdout == f"standoff {__version__}\n"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["version"] == __version__
    assert project["license"] == "MIT" and (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert f'version: "{__version__}"' in (ROOT / "CITATION.cff").read_text()


# -------------------------------------------------------------------------- list
def test_list_reads_the_same_titles_as_validation() -> None:
    rows = entries()
    assert [r["name"] for r in rows] == bundled_names()
    for r in rows:
        scn = Scenario.load(r["name"])
        assert (r["title"], r["as_of"]) == (scn.title, scn.spec.as_of.isoformat()), r["name"]


@pytest.mark.parametrize(("line", "title"), [
    ("title: Plain words (2001)", "Plain words (2001)"),
    ("title: 'It''s quoted'", "It's quoted"),
    ('title: "Double: quoted"', "Double: quoted"),
    ('title: "An \\u00e9scape"', "An éscape"),
    ("title: >-\n  Folded over\n  two lines", "Folded over two lines"),
    ("title: Words  # and a comment", "Words"),
])
def test_header_reads_each_way_of_writing_a_title(line: str, title: str, tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text(f"standoff: 1\nid: x\n{line}\nas_of: 2020-01-02\n")
    assert header(f) == {"id": "x", "title": title, "as_of": "2020-01-02"}


# ------------------------------------------------------------------- completion
def test_fixed_choices_complete() -> None:
    done = complete_names(lambda: ["boulware", "linear", "tit-for-tat"], many=True)
    assert done("bou") == ["boulware"]
    assert done("linear,ti") == ["linear,tit-for-tat"]
    env = {"_STANDOFF_COMPLETE": "complete_bash", "COMP_WORDS": "standoff crisis --model fe", "COMP_CWORD": "3"}
    got = subprocess.run([sys.executable, "-m", "standoff"], capture_output=True, text=True, timeout=120,
                         env={**os.environ, **env})
    assert got.stdout.split() == ["fearon"], got.stderr
    r = run_cli("--help")
    assert "--install-completion" in r.stdout


@pytest.mark.parametrize(("command", "option", "names"), [
    ("simulate", "--strategies", "boulware"), ("simulate", "--protocol", "single-text"),
    ("simulate", "--mediator-strategy", "improve"), ("crisis", "--model", "rubinstein"),
    ("forecast", "--model", "condorcet"),
])
def test_choices_are_shown_in_help(command: str, option: str, names: str) -> None:
    r = run_cli(command, "--help")
    assert r.code == 0 and option in r.stdout and names in r.stdout


# ------------------------------------------------------- stdout, stderr, pipes, colour
def test_plot_message_goes_to_stderr_even_with_json(tmp_path: Path) -> None:
    pytest.importorskip("plotly")
    r = run_cli("crisis", "--draws", "200", "--plot", str(tmp_path / "c.html"), "--json")
    assert r.code == 0, r.stderr
    assert json.loads(r.stdout)["schema_version"] and "plot written" in r.stderr


def test_a_closed_pipe_exits_quietly() -> None:
    proc = subprocess.run(f"{sys.executable} -m standoff brief {MINIMAL} --draws 200 | head -1", shell=True,
                          capture_output=True, text=True, timeout=600, executable="/bin/bash")
    assert proc.stdout.strip() and proc.stderr == ""
    status = subprocess.run(
        f"set -o pipefail; {sys.executable} -m standoff brief {MINIMAL} --draws 200 | head -1 > /dev/null",
        shell=True, executable="/bin/bash", timeout=600)
    assert status.returncode == 0


@pytest.mark.parametrize("env", [{"NO_COLOR": "1", "FORCE_COLOR": "1", "TERM": "xterm-256color"}, {}])
def test_no_colour_when_asked_or_not_a_terminal(env: dict[str, str]) -> None:
    got = subprocess.run([sys.executable, "-m", "standoff", "show", MINIMAL],
                         capture_output=True, text=True, timeout=120, env={**os.environ, **env})
    assert got.returncode == 0 and not ANSI.search(got.stdout) and "Actors" in got.stdout


@pytest.mark.parametrize("args", [["show"], ["show", "--verbose"], ["simulate"], ["list"], ["bargain"]])
def test_output_reads_at_80_columns(args: list[str]) -> None:
    got = subprocess.run([sys.executable, "-m", "standoff", *args], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "COLUMNS": "80"})
    assert got.returncode == 0, got.stderr
    long = [line for line in got.stdout.splitlines() if len(line) > 80]
    assert not long, long[:3]


def test_simulate_is_compact_unless_verbose() -> None:
    short = run_cli("simulate")
    full = run_cli("simulate", "--verbose")
    assert short.code == full.code == 0
    assert len(short.stdout.splitlines()) < len(full.stdout.splitlines()) / 3
    assert "--verbose shows every move" in " ".join(short.stdout.split()) and "pressure" in full.stdout


# ------------------------------------------------------------------ defaults
@pytest.mark.parametrize("args", [
    ["bargain"], ["crisis", "--draws", "200"], ["simulate"], ["forecast", "--rounds", "2"],
    ["tournament", "-s", "linear,boulware", "--seeds", "1", "--rounds", "10"],
    ["sensitivity", "--method", "tornado", "--draws", "10", "--nominal", "--input",
     "instruments.military_action.credibility"],
])
def test_engine_commands_default_to_the_flagship(args: list[str]) -> None:
    r = run_cli(*args, "--json")
    assert r.code == 0, r.stderr
    assert "venezuela-2025" in r.stdout


def test_backtest_needs_its_path() -> None:
    r = run_cli("backtest", "deu")
    assert r.code == 2 and "needs the path" in r.stderr and "Traceback" not in r.stderr


# ------------------------------------------------------------------ missing extras
MISSING = [
    ("plotly.graph_objects", ["bargain", "--plot", "{tmp}/f.html"], "plot"),
    ("matplotlib", ["bargain", "--plot", "{tmp}/f.png"], "plot"),
    ("jinja2", ["brief", MINIMAL, "--draws", "100", "--html", "{tmp}/b.html"], "app"),
    ("SALib", ["sensitivity", MINIMAL, "--method", "sobol", "--samples", "8", "--draws", "5"], "sensitivity"),
    ("spacy", ["draft", str(ROOT / "docs/examples/dispatch-fisheries.txt")], "draft"),
    ("distributed", ["sensitivity", MINIMAL, "--method", "tornado", "--scheduler", "local"], "dask"),
    ("pygambit", ["crisis", "--nominal", "--gambit", "lcp"], "gambit"),
    ("pyarrow", ["bargain", "--parquet", "{tmp}/p"], "frames"),
]


@pytest.mark.parametrize(("module", "args", "extra"), MISSING, ids=[m[0] for m in MISSING])
def test_a_missing_extra_is_named(module: str, args: list[str], extra: str, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(sys.modules):
        if name == module or name.startswith(module + "."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, module, None)  # importing it now raises ImportError
    r = run_cli(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert r.code == 2, (r.code, r.stderr[-800:])
    assert f"standoff[{extra}]" in r.stderr and "Traceback" not in r.stderr


def test_to_frame_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import standoff
    from standoff.core.errors import UserError

    res = standoff.crisis("venezuela-2025", draws=100)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(UserError, match=r"standoff\[frames\]"):
        res.to_frame()


# ------------------------------------------------------------------ standoff new
def test_new_writes_a_commented_file_that_validates(tmp_path: Path) -> None:
    f = tmp_path / "my-case.yaml"
    r = run_cli("new", str(f))
    assert r.code == 0, r.stderr
    text = f.read_text()
    assert text.startswith("# yaml-language-server: $schema=scenario.schema.json\n")
    assert text.count("\n#") > 3 and "\nid: my-case\n" in text
    schema = json.loads((tmp_path / "scenario.schema.json").read_text())
    assert schema["title"] == "ScenarioSpec"
    assert run_cli("validate", str(f)).code == 0
    again = run_cli("new", str(f))
    assert again.code == 2 and "exists" in again.stderr
    g = tmp_path / "gambia-copy.yaml"
    assert run_cli("new", "--from", "gambia-2016", str(g)).code == 0
    assert Scenario.load(g).id == "gambia-copy"
    bad = run_cli("new", "--from", "gambia-2061", str(tmp_path / "x.yaml"))
    assert bad.code == 2 and "did you mean 'gambia-2016'" in bad.stderr
