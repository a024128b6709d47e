"""User text that a terminal or rich would act on prints as written, on every command.

Every free-text field of a closed case (titles, names, summaries, notes, option labels)
gets rich markup that does not balance (``[/foo]``, ``[bold]``, ``[link=x]``) and control
characters (ESC ``[2J`` clears a screen, BEL rings). Each command must exit 0, print the
markup literally, and let no control character through
(:mod:`standoff.presenters.text`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "src/standoff/scenario/bundled/cuba-1962.yaml"
HOSTILE = "[/foo] [bold]x\x1b[2J\x07[link=x]y\u202e"
LITERAL = "[/foo] [bold]x"
FREE = {"assumption", "name", "note", "summary", "title", "description", "text", "reason", "publisher"}
CONTROLS = ("\x1b", "\x07", "\u202e")


def _spoil(tree: Any, key: str | None = None) -> None:
    if isinstance(tree, dict):
        for k in list(tree):
            v = tree[k]
            if isinstance(v, str) and (k in FREE or key == "labels"):
                tree[k] = DoubleQuotedScalarString(f"{v} {HOSTILE}")  # YAML escapes the controls
            else:
                _spoil(v, k)
    elif isinstance(tree, list):
        for v in tree:
            _spoil(v, key)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    yaml = YAML()
    tree = yaml.load(CASE.read_text(encoding="utf-8"))
    _spoil(tree)
    folder = tmp_path_factory.mktemp("hostile") / "[x] [/x]"  # two folders: "[x] [" and "x]"
    folder.mkdir(parents=True)
    out = folder / "case [bar].yaml"
    with out.open("w", encoding="utf-8") as f:
        yaml.dump(tree, f)
    return out


@pytest.mark.parametrize(("args", "echoes"), [
    (["validate"], False),
    (["show"], True),
    (["show", "--verbose"], True),
    (["brief", "--draws", "200"], True),
    (["assess", "--draws", "200"], True),
    (["bargain"], False),
    (["crisis", "--draws", "200"], False),
    (["simulate"], False),
])
def test_user_text_prints_as_written(hostile: Path, args: list[str], echoes: bool) -> None:
    r = run_cli(args[0], str(hostile), *args[1:])
    assert r.code == 0, r.stderr
    for ch in CONTROLS:
        assert ch not in r.stdout and ch not in r.stderr, (args, repr(ch))
    if echoes:
        assert LITERAL in r.stdout, args


def test_file_names_with_markup_print_as_written(hostile: Path, tmp_path: Path) -> None:
    page = tmp_path / "[" / "b] brief [bold].html"
    page.parent.mkdir()
    r = run_cli("brief", str(hostile), "--draws", "200", "--html", str(page))
    assert r.code == 0, r.stderr
    assert page.is_file() and "[/b] brief [bold].html" in (r.stdout + r.stderr).replace("\n", "")


def test_errors_name_files_as_written(tmp_path: Path) -> None:
    bad = tmp_path / "[" / "x] \x1b[2J.yaml"
    bad.parent.mkdir()
    bad.write_text("standoff: 1\nid: [unclosed\n", encoding="utf-8")
    r = run_cli("validate", str(bad))
    assert r.code == 2 and "Traceback" not in r.stderr
    assert "[/x]" in r.stderr and "\x1b" not in r.stderr


def test_actor_names_in_a_positions_table_print_as_written(tmp_path: Path) -> None:
    table = tmp_path / "positions.csv"
    table.write_text(f'Actor,Capability,Position,Salience\n"A {HOSTILE}",1,0,0.5\nB [/b],2,100,1\nC,1,40,0.8\n',
                     encoding="utf-8")
    r = run_cli("forecast", str(table))
    assert r.code == 0, r.stderr
    assert "B [/b]" in r.stdout and LITERAL in r.stdout.replace("\n", "")
    assert not any(ch in r.stdout + r.stderr for ch in CONTROLS)
