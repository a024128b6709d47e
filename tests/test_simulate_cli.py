"""The `simulate` and `tournament` commands: output, JSON, plots and bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from standoff.presenters.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_simulate_flagship_goes_through_a_mediator(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["simulate", "venezuela-2025", "--strategies", "linear,boulware", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    for key in ("agreement", "outcome", "rounds", "utilities", "trace"):
        assert key in data
    assert data["protocol"] == "single-text" and data["mediator"] == "brazil"
    assert data["parties"] == ["usa", "maduro"]
    proposals = [e for e in data["trace"] if e["action"] == "propose"]
    assert proposals and set(proposals[0]["offer"]) >= {"exit_timing", "amnesty"}
    assert any(e["action"] == "pressure" for e in data["trace"])


def test_simulate_is_byte_identical_for_a_seed(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["simulate", "venezuela-2025", "-s", "noisy-linear,adaptive", "--protocol", "alternating",
            "--seed", "9", "--breakdown", "0.05", "--json"]
    first = run(args, capsys)[1]
    second = run(args, capsys)[1]
    assert first == second
    data = json.loads(first)
    assert data["mediator"] == "brazil"  # no direct channel: relayed
    assert any("relayed" in n for n in data["notes"])


def test_simulate_text_and_plot(tmp_path: Path, capsys: pytest.CaptureFixture[str], genius_dir: Path) -> None:
    plot = tmp_path / "talks.html"
    code, out, _ = run(["simulate", str(genius_dir / "Laptop"), "-s", "boulware,linear", "--plot", str(plot)], capsys)
    assert code == 0
    assert "Agreement" in out and "Laptop" in out
    assert "<html>" in plot.read_text() and "plotly" in plot.read_text()
    png = tmp_path / "talks.png"
    code, _, _ = run(["simulate", "venezuela-2025", "--mediator", "qatar", "--mediator-strategy", "improve",
                      "--plot", str(png)], capsys)
    assert code == 0 and png.read_bytes()[:4] == b"\x89PNG"


def test_tournament_command(tmp_path: Path, capsys: pytest.CaptureFixture[str], genius_dir: Path) -> None:
    plot = tmp_path / "t.png"
    code, out, _ = run(["tournament", str(genius_dir / "Laptop"), "venezuela-2025", "-s", "hardliner,conceder",
                        "--seeds", "2", "--json", "--plot", str(plot)], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["domains"] == ["Laptop", "venezuela-2025"] and len(data["runs"]) == 2 * 4 * 2
    assert plot.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["simulate", "-s", "boulwar,linear"], "did you mean 'boulware'"),
        (["simulate", "--mediator", "usa"], "not a mediator"),
        (["simulate", "--mediator", "brasil"], "did you mean 'brazil'"),
        (["simulate", "--rounds", "0"], "at least one round"),
        (["simulate", "--parties", "usa"], "at least two parties"),
        (["simulate", "-s", "linear,linear,linear"], "3 strategies for 2 parties"),
        (["simulate", "--protocol", "alternate"], "did you mean 'alternating'"),
        (["simulate", "--plot", "x.pdf"], "ending in .html"),
        (["tournament", "venezuela-2025", "--seeds", "0"], "at least one seed"),
        (["tournament", "venezuela-2025", "-s", "tit-for-tatt"], "did you mean 'tit-for-tat'"),
    ],
)
def test_bad_input_is_a_clear_error(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(args, capsys)
    assert code == 2
    assert message in err.replace("\n", " ")
    assert "Traceback" not in out + err


def test_genius_domain_with_a_single_party(tmp_path: Path, genius_dir: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    for name in ("Laptop-C-domain.xml", "Laptop-C-prof1.xml"):
        shutil.copy(genius_dir / "Laptop" / name, folder / name)
    code, _, err = run(["simulate", str(folder)], capsys)
    assert code == 2 and "at least two parties" in err.replace("\n", " ")
    assert "Traceback" not in err


def test_brief_section_summarises_the_pairings() -> None:
    import standoff
    from standoff.engines.simulate import from_case, summarise_talks

    case = standoff.load_scenario("venezuela-2025").case()
    summary = summarise_talks(from_case(case), seeds=2)
    assert summary.protocol == "single-text" and summary.pairings == 25
    assert sum(summary.endings.values()) == 25 * 2
