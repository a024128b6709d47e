"""Golden files: the brief's words and the headline's JSON on two closed cases, byte for
byte. A change to any engine, rule or sentence shows up here as a diff to read; when the
change is intended, regenerate with ``STANDOFF_UPDATE_GOLDEN=1 pytest tests/test_golden.py``
and commit the new files with the change that caused them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from standoff.assess import headline
from standoff.presenters.brief import build_brief
from standoff.scenario import Scenario

GOLDEN = Path(__file__).parent / "golden"
CASES = ("cuba-1962", "iraq-1991")
DRAWS = 400
UPDATE = os.environ.get("STANDOFF_UPDATE_GOLDEN") == "1"


def check(path: Path, text: str) -> None:
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with STANDOFF_UPDATE_GOLDEN=1 to write it"
    want = path.read_text(encoding="utf-8")
    assert text == want, f"{path.name} changed; read the diff, and regenerate if the change is intended"


def brief_text(name: str) -> str:
    brief = build_brief(Scenario.load(name), draws=DRAWS, seed=0)
    out = [f"# {brief.title} (as of {brief.as_of}; {brief.draws} draws, seed {brief.seed})"]
    for sec in brief.sections:
        out += ["", f"## {sec.title}", *sec.lines, *(f"- {b}" for b in sec.bullets)]
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("name", CASES)
def test_brief_words(name: str) -> None:
    check(GOLDEN / f"{name}.brief.txt", brief_text(name))


@pytest.mark.parametrize("name", CASES)
def test_headline_json(name: str) -> None:
    h = headline(Scenario.load(name), draws=DRAWS, seed=0)
    check(GOLDEN / f"{name}.headline.json", h.to_json() + "\n")


def test_the_same_bytes_whatever_the_hash_seed() -> None:
    """Sets of strings and enum members are iterated in an order that changes with
    PYTHONHASHSEED; nothing the headline sums may depend on it (the same seed gives the
    same bytes in every process)."""
    import subprocess
    import sys

    code = ("from standoff.assess import headline\nfrom standoff.scenario import Scenario\n"
            "print(headline(Scenario.load('cuba-1962'), draws=100, seed=0).to_json())")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=600,
                           env={**os.environ, "PYTHONHASHSEED": str(h)}).stdout for h in (1, 2, 3)}
    assert len(outs) == 1
