"""``standoff backtest cases`` on a small library copied from the bundled one: every case
scored, serial and parallel runs identical, the pooled answer recomputable from the
models' answer and the base rate, ``--fit`` writing only when asked, and every user
mistake a clear message with status 2. Few cases and few draws: the full library run is
the command, not a test."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from standoff.assess import headline
from standoff.presenters.cli import backtest_commands
from standoff.results.assessment import Headline
from standoff.scenario import Scenario, bundled_outcome_path, bundled_path
from tests.helpers import CliRun, run_cli

#: three families and one case brought to the protocol after its outcome was known
CASES = ("lesotho-1994", "iraq-1998", "imia-1996", "gambia-2016")
DRAWS = "40"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("library")
    (d / "outcomes").mkdir()
    for name in CASES:
        shutil.copy(bundled_path(name), d / f"{name}.yaml")
        outcome = bundled_outcome_path(name)
        assert outcome is not None
        shutil.copy(outcome, d / "outcomes" / f"{name}.yaml")
    return d


@pytest.fixture(scope="module")
def scored(library: Path) -> tuple[CliRun, dict[str, object]]:
    res = run_cli("backtest", "cases", str(library), "--draws", DRAWS, "--json")
    assert res.code == 0, res.stderr
    return res, json.loads(res.stdout)


def _ok(res: CliRun) -> None:
    assert res.code == 0, res.stderr


def test_every_case_is_scored(scored: tuple[CliRun, dict[str, object]]) -> None:
    _, d = scored
    runs = d["runs"]
    assert isinstance(runs, list)
    every = runs[0]
    assert every["cases"] == sorted(CASES)
    assert d["draws"] == int(DRAWS) and d["resamples"] == 2000 and d["bootstrap_seed"] == 0 and d["level"] == 0.9
    families = {(s["family"], s["scheme"]) for s in every["scores"]}
    for fam in ("questions", "leader_leaves_without_force", "force", "yields", "ending"):
        for scheme in ("loo", "default", "in_sample"):
            assert (fam, scheme) in families
    for c in every["per_case"]:
        asked = [q.id for q in Scenario.load(c["case"]).spec.questions]
        assert [q["id"] for q in c["questions"]] == asked
        assert abs(sum(c["endings"].values()) - 1.0) < 1e-9
    # the case brought to the protocol after its outcome is flagged, and a second run leaves it out
    flagged = {c["case"] for c in every["per_case"] if c["after_outcome"]}
    assert flagged == {"gambia-2016"}
    assert runs[1]["name"] == "protocol" and runs[1]["cases"] == sorted(set(CASES) - flagged)


def test_parallel_run_equals_serial(library: Path, scored: tuple[CliRun, dict[str, object]]) -> None:
    res = run_cli("backtest", "cases", str(library), "--draws", DRAWS, "--json", "--jobs", "2")
    _ok(res)
    assert res.stdout == scored[0].stdout


def test_the_pooled_answer_is_linear_in_the_model_and_the_base_rate() -> None:
    """What lets the backtest recompute any weight's forecast without rerunning."""
    h = headline(Scenario.load("lesotho-1994"), draws=int(DRAWS), seed=0, details=False)
    assert isinstance(h, Headline)
    w = float(h.pooling["weight"])  # type: ignore[arg-type]
    for q in h.questions:
        expected = q.model if q.base is None else (1 - w) * q.base + w * q.model
        assert q.p == pytest.approx(expected, abs=1e-9), q.id
    for name, p in h.endings.items():
        assert p.base is not None
        assert p.p == pytest.approx((1 - w) * p.base + w * p.model, abs=1e-9), name


def test_fit_writes_only_with_the_flag(library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = backtest_commands.pooling_path()
    before = real.read_bytes() if real.exists() else None
    target = tmp_path / "pooling.json"
    monkeypatch.setattr(backtest_commands, "pooling_path", lambda: target)
    _ok(run_cli("backtest", "cases", str(library), "--draws", DRAWS))
    assert not target.exists()
    res = run_cli("backtest", "cases", str(library), "--draws", DRAWS, "--json", "--fit")
    _ok(res)
    d = json.loads(res.stdout)
    written = json.loads(target.read_text(encoding="utf-8"))
    run = d["runs"][0]
    assert written["weight"] == run["weight"] and written["cases"] == len(CASES)
    loo = next(s for s in run["scores"] if s["family"] == "questions" and s["scheme"] == "loo")
    assert written["score"]["loo_brier"] == loo["brier"]["mean"]
    assert written["date"] and written["grid"] == run["grid"]
    assert (real.read_bytes() if real.exists() else None) == before, "the package's pooling.json was touched"


def test_text_and_plot(library: Path, tmp_path: Path) -> None:
    plot = tmp_path / "reliability.html"
    res = run_cli("backtest", "cases", str(library), "--draws", DRAWS, "--plot", str(plot))
    _ok(res)
    assert "The leader leaves without force" in res.stdout and "held out" in res.stdout
    assert "lesotho-1994" in res.stdout and "gambia-2016 *" in res.stdout
    assert "cases run and scored in" in res.stderr
    assert plot.exists() and "Reliability" in plot.read_text(encoding="utf-8")


def _fails(*args: str) -> CliRun:
    res = run_cli(*args)
    assert res.code == 2, (res.code, res.stderr)
    assert "Traceback" not in res.stderr and res.stderr.strip()
    return res


def test_user_errors_exit_2_without_a_traceback(library: Path, tmp_path: Path) -> None:
    _fails("backtest", "cases", str(tmp_path / "nope"))
    (tmp_path / "file.yaml").write_text("x: 1\n")
    _fails("backtest", "cases", str(tmp_path / "file.yaml"))
    (tmp_path / "empty").mkdir()
    assert "outcome" in _fails("backtest", "cases", str(tmp_path / "empty")).stderr
    _fails("backtest", "cases", str(library), "--draws", "5")
    _fails("backtest", "cases", str(library), "--jobs", "0")
    _fails("backtest", "cases", str(library), "--plot", str(tmp_path / "plot.txt"))
    # one closed case: nothing to fit the weight on the others with
    one = tmp_path / "one"
    (one / "outcomes").mkdir(parents=True)
    shutil.copy(library / "lesotho-1994.yaml", one)
    shutil.copy(library / "outcomes" / "lesotho-1994.yaml", one / "outcomes")
    assert "at least two" in _fails("backtest", "cases", str(one), "--draws", DRAWS).stderr
    # an outcome whose scenario is not in the folder
    lost = tmp_path / "lost"
    (lost / "outcomes").mkdir(parents=True)
    shutil.copy(library / "outcomes" / "iraq-1998.yaml", lost / "outcomes")
    assert "not in" in _fails("backtest", "cases", str(lost)).stderr
    # an outcome that does not validate against its scenario: located
    bad = tmp_path / "bad"
    shutil.copytree(library, bad)
    path = bad / "outcomes" / "imia-1996.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("ending: deal", "ending: dael"), encoding="utf-8")
    assert "imia-1996.yaml:" in _fails("backtest", "cases", str(bad)).stderr
