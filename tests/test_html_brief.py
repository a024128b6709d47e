"""Golden tests of the HTML brief's structure: its parts in reading order, its figures,
nothing fetched from anywhere, every scenario string escaped, every number with its
provenance."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from standoff.presenters.html.casefile import numbers
from standoff.presenters.html.render import csp_hash
from standoff.scenario import Scenario
from tests.app_helpers import IMG, SCRIPT, flagship_page, hostile_page
from tests.helpers import run_cli


class Page(HTMLParser):
    """The bits of a page the tests look at."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.figures: list[str] = []
        self.data_blocks: dict[str, str] = {}
        self.scripts: list[str] = []  # inline, executable
        self.styles: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.csp = ""
        self.cells: list[tuple[str, str]] = []  # (class, text) of the numbers table
        self._in: tuple[str, dict[str, str]] | None = None
        self._buf: list[str] = []
        self._table: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for k, v in a.items():
            self.attrs.append((tag, k, v))
        if tag == "section" and "data-part" in a:
            self.parts.append(a["data-part"])
        if "data-figure" in a:
            self.figures.append(a["data-figure"])
            self.data_blocks[f"{a['data-figure']}-data"] = a.get("data-plot", "")
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a.get("content", "")
        if tag == "table":
            self._table = a.get("id")
        if tag in ("script", "style", "td"):
            self._in, self._buf = (tag, a), []

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._buf.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._in is None or tag != self._in[0]:
            return
        text, (kind, a) = "".join(self._buf), self._in
        if kind == "script":
            self.scripts.append(text)
        elif kind == "style":
            self.styles.append(text)
        elif kind == "td" and self._table == "table-numbers":
            self.cells.append((a.get("class", ""), text))
        self._in = None


@pytest.fixture(scope="module")
def page() -> Page:
    return Page(flagship_page())


def test_parts_in_reading_order(page: Page) -> None:
    assert page.parts == ["headline", "change", "watch", "case", "deal", "annex", "sources"]


def test_one_figure_per_chart_with_its_data(page: Page) -> None:
    # the endings by date, the frontier, the crisis games, the simulated talks, the forecast
    assert len(page.figures) == 5
    assert sorted(page.data_blocks) == sorted(f"{f}-data" for f in page.figures)
    keys = [f.split("-", 2)[2] for f in page.figures]
    assert keys == ["endings", "frontier", "crisis", "talks", "forecast"]
    for block in page.data_blocks.values():
        fig = json.loads(block)
        assert fig["data"] and fig["layout"]["title"]["text"]


def test_frontier_hover_shows_packages_in_words(page: Page) -> None:
    fid = next(f for f in page.figures if f.endswith("frontier"))
    fig = json.loads(page.data_blocks[f"{fid}-data"])
    hover = fig["data"][0]["hovertext"][0]
    assert "When Maduro leaves office: " in hover and "<br>" in hover
    names = [t["name"] for t in fig["data"]]
    assert "no deal" in names and any(n.startswith("opening 1") for n in names)
    assert len(fig["layout"]["shapes"]) == 2  # each side's no-deal line


def test_nothing_is_fetched(page: Page) -> None:
    text = flagship_page()
    for tag, attr, value in page.attrs:
        if attr in ("src", "href", "action", "srcset", "poster", "data"):
            assert value.startswith("#"), (tag, attr, value)
    assert "<link" not in text and "<iframe" not in text and "<img" not in text
    for css in page.styles:
        assert "url(" not in css and "@import" not in css
    assert page.csp.startswith("default-src 'none'")
    assert "connect-src 'none'" in page.csp


def test_plotly_is_included_once_and_every_script_is_hashed(page: Page) -> None:
    assert len(page.scripts) == 2
    assert sum("plotly.js v" in s[:200] for s in page.scripts) == 1
    for s in page.scripts:
        assert csp_hash(s) in page.csp
    assert "unsafe-eval" not in page.csp and "'unsafe-inline'" not in page.csp.split("style-src")[0]


def test_flagship_brief_is_under_six_megabytes() -> None:
    assert len(flagship_page().encode("utf-8")) < 6_000_000


def test_every_number_with_its_provenance(page: Page) -> None:
    scn = Scenario.load("venezuela-2025")
    nums = numbers(scn.spec)
    assert len(nums) == len(scn.quantities())
    rows = [page.cells[i : i + 3] for i in range(0, len(page.cells), 3)]
    assert len(rows) == len(nums)
    assumed = [r for r in rows if r[2][0] == "assumption"]
    assert len(assumed) == sum(n.provenance.kind == "assumption" for n in nums) > 10
    assert all(r[2][1].startswith("assumption") for r in assumed)
    assert all(r[2][0] in ("assumption", "source") for r in rows), "a number without provenance"
    by_path = {r[0][1]: r for r in rows}
    cred = by_path["instruments.military_action.credibility"]
    assert cred[1][1].startswith("triangular 0.4 / 0.65 / 0.85")
    assert cred[2][0] == "assumption"  # the instrument's own assumption, though it cites a source too


def test_timeline_lists_events_with_their_sources() -> None:
    text = flagship_page()
    table = text[text.index('id="table-timeline"'):]
    table = table[: table.index("</table>")]
    scn = Scenario.load("venezuela-2025")
    assert table.count("<tr>") == len(scn.spec.events) + 1
    cited = {scn.spec.sources[e.source].title for e in scn.spec.events if e.source in scn.spec.sources}
    assert cited and all(html.escape(t) in table for t in cited)
    assert "2025-11-21" in table


def test_every_scenario_string_is_escaped() -> None:
    text = hostile_page()
    assert SCRIPT not in text and IMG not in text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=" in text
    assert "Report &amp; " in text
    # a figure's data is an escaped attribute, and its labels are escaped for Plotly
    blocks = Page(text).data_blocks
    hover = json.dumps([json.loads(b) for b in blocks.values()])
    assert "&lt;img src=x" in hover and "<img" not in hover


def test_cli_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    res = run_cli("brief", "venezuela-2025", "--html", str(out))
    assert res.code == 0, res.stderr
    assert re.search(r"wrote .*brief\.html \(\d+\.\d MB\)", " ".join(res.stderr.split()))
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and 'data-part="headline"' in text
    assert not list(tmp_path.glob(".brief.html.*"))  # no temporary file left behind


def test_cli_refuses_a_file_that_is_not_html(tmp_path: Path) -> None:
    res = run_cli("brief", "venezuela-2025", "--html", str(tmp_path / "brief.txt"))
    assert res.code == 2
    assert "--html" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "brief.txt").exists()
