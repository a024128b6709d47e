"""Results at home in a notebook: a one-line repr, a small HTML table, the tables behind
each result (also what --csv writes), to_frame() and plot() from the shared figure specs."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

import standoff
from standoff.engines.simulate import from_case as domain_of
from standoff.engines.simulate.run import simulate
from standoff.engines.simulate.tournament import tournament
from standoff.results import HTML_ROWS, Result
from standoff.results.bargain import BargainResult
from standoff.results.crisis import CrisisResult
from tests.helpers import run_cli

SCN = standoff.load_scenario("venezuela-2025")


def _results() -> dict[str, Result]:
    dom = domain_of(SCN.case())
    return {
        "bargain": standoff.bargain(SCN),
        "crisis": standoff.crisis(SCN, draws=300),
        "forecast": next(iter(standoff.forecast(SCN).values())),
        "headline": standoff.headline(SCN, draws=300),
        "simulation": simulate(dom, ["boulware", "linear"], seed=1),
        "tournament": tournament([dom], ["linear", "boulware", "tit-for-tat"], seeds=1, rounds=20),
    }


RESULTS = _results()


@pytest.mark.parametrize("name", list(RESULTS))
def test_repr_is_one_short_line(name: str) -> None:
    text = repr(RESULTS[name])
    assert "\n" not in text and len(text) < 200 and text.startswith(type(RESULTS[name]).__name__ + "(")


@pytest.mark.parametrize("name", list(RESULTS))
def test_html_is_a_small_table(name: str) -> None:
    html = RESULTS[name]._repr_html_()
    assert html.startswith("<div>") and "<table>" in html
    assert html.count("<tr>") <= HTML_ROWS + 1 and len(html) < 20_000


@pytest.mark.parametrize("name", list(RESULTS))
def test_tables_are_rows_of_plain_values(name: str) -> None:
    tables = RESULTS[name].tables()
    assert tables
    main = next(iter(tables.values()))
    assert main, f"{name}: the main table is empty"
    for rows in tables.values():
        for r in rows:
            assert all(v is None or isinstance(v, bool | int | float | str) for v in r.values()), r


def test_tables_hold_the_numbers_of_the_result() -> None:
    deal = RESULTS["bargain"]
    assert isinstance(deal, BargainResult)
    rows = deal.tables()["frontier"]
    assert len(rows) == len(deal.frontier)
    assert rows[0]["u_usa"] == deal.frontier[0].utilities["usa"]
    t = RESULTS["tournament"]
    board = t.tables()["leaderboard"]
    assert [r["rank"] for r in board] == sorted(r["rank"] for r in board) and board[0]["rank"] == 1
    assert {r["strategy"] for r in board} == {"linear", "boulware", "tit-for-tat"}
    assert board[0]["mean_utility"] >= board[-1]["mean_utility"]


@pytest.mark.parametrize("name", list(RESULTS))
def test_to_frame_is_the_main_table(name: str) -> None:
    pytest.importorskip("pandas")
    res = RESULTS[name]
    frame = res.to_frame()
    rows = next(iter(res.tables().values()))
    assert len(frame) == len(rows) and list(frame.columns) == list(dict.fromkeys(k for r in rows for k in r))


@pytest.mark.parametrize("name", list(RESULTS))
def test_plot_returns_a_figure(name: str) -> None:
    pytest.importorskip("plotly")
    pytest.importorskip("matplotlib")
    fig = RESULTS[name].plot()
    assert type(fig).__name__ == "Figure" and len(fig.data) >= 1
    static: Any = RESULTS[name].plot(static=True)
    assert hasattr(static, "savefig")
    import matplotlib.pyplot as plt

    plt.close(static)


def test_csv_on_the_command_line_writes_the_same_tables(tmp_path: Path) -> None:
    r = run_cli("bargain", "--csv", str(tmp_path))
    assert r.code == 0, r.stderr
    with (tmp_path / "frontier.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    frontier = RESULTS["bargain"].tables()["frontier"]
    assert len(rows) == len(frontier)
    assert float(rows[0]["u_usa"]) == frontier[0]["u_usa"]
    assert "wrote 4 tables" in r.stderr


def test_parquet_round_trips(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    assert run_cli("crisis", "--draws", "300", "--parquet", str(tmp_path)).code == 0
    got = pd.read_parquet(tmp_path / "models.parquet")
    crisis = RESULTS["crisis"]
    assert isinstance(crisis, CrisisResult)
    assert list(got["model"]) == [m.model for m in crisis.models]


def test_csv_into_a_file_is_a_user_error(tmp_path: Path) -> None:
    f = tmp_path / "f"
    f.write_text("x")
    r = run_cli("bargain", "--csv", str(f))
    assert r.code == 2 and "not a folder" in r.stderr
