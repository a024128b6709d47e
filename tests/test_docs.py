"""Documentation stays true: the generated reference is current and every documented
command runs."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from standoff.scenario import Scenario
from standoff.scenario.reference import format_reference
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])


def documented_commands() -> list[tuple[str, str]]:
    out = []
    for page in PAGES:
        in_console = False
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith("```"):
                in_console = line.strip() == "```console"
                continue
            if in_console and line.startswith("$ standoff "):
                cmd = line[2:].split("  #")[0].strip()
                out.append((str(page.relative_to(ROOT)), cmd))
    return out


def test_reference_page_is_current() -> None:
    page = ROOT / "docs/reference/scenario-format.md"
    assert page.read_text(encoding="utf-8") == format_reference(), (
        "regenerate with: python -m standoff.scenario.reference > docs/reference/scenario-format.md"
    )


@pytest.mark.parametrize(("page", "command"), documented_commands())
def test_documented_command_runs(page: str, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = shlex.split(command)[1:]
    args = [str(ROOT / a) if a.startswith("docs/") else a for a in args]
    monkeypatch.chdir(tmp_path)
    res = run_cli(*args)
    assert res.code == 0, f"{page}: `{command}` failed:\n{res.stderr}"


@pytest.mark.parametrize("path", sorted((ROOT / "docs/examples").glob("*.yaml")), ids=lambda p: p.name)
def test_example_scenarios_validate(path: Path) -> None:
    Scenario.load(path)


def test_docs_do_not_quote_the_founding_article() -> None:
    article = ROOT.parent / "shared/seeds/ultimatum-article.txt"
    if not article.exists():
        pytest.skip("founding article not available")
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", article.read_text(encoding="utf-8")) if len(s) > 40]
    texts = [p.read_text(encoding="utf-8") for p in PAGES]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "src/standoff/scenario/bundled").rglob("*.yaml")]
    for sentence in sentences:
        for chunk in (sentence[i : i + 40] for i in range(0, len(sentence) - 40, 20)):
            assert not any(chunk in t for t in texts), chunk


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(page: Path) -> None:
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
        if "://" in target:
            continue
        assert (page.parent / target).exists(), f"{page.name}: broken link {target}"


def python_blocks(page: Path) -> list[str]:
    """The ```python blocks of a page, in order."""
    blocks, current, inside = [], [], False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            if inside:
                blocks.append("\n".join(current))
                current, inside = [], False
            else:
                inside = line.strip() == "```python"
            continue
        if inside:
            current.append(line)
    return blocks


PYTHON_PAGES = [p for p in PAGES if python_blocks(p)]


@pytest.mark.parametrize("page", PYTHON_PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_documented_python_runs(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    """Every ```python block of a page runs, in order, in one namespace."""
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for k, block in enumerate(python_blocks(page)):
        try:
            exec(compile(block, f"{page.name}[block {k + 1}]", "exec"), namespace)
        except Exception as exc:  # pragma: no cover - the failure message is the point
            raise AssertionError(f"{page.name}, block {k + 1} failed: {exc!r}") from exc
