"""The HTML brief and the web app in a real browser: Playwright for Python driving
Debian's Chromium (``apt-get install chromium``; never ``playwright install``).

The server is started here, as ``python -m standoff serve`` on a free loopback port,
and stopped at the end. Without Chromium or Playwright these tests are skipped on a
developer's machine and fail under CI (``make test`` installs both).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from standoff.presenters.app.store import MAX_UPLOAD_BYTES
from tests.app_helpers import flagship_page, hostile_text
from tests.helpers import FLAGSHIP

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 60_000


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    why = _missing()
    if why is not None:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run: {why}")
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield b
        b.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(browser: Any) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "standoff", "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url, timeout=30) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None:
                    out = proc.stdout.read() if proc.stdout else ""
                    pytest.fail(f"standoff serve exited with {proc.returncode}:\n{out}")
                if time.monotonic() > deadline:
                    pytest.fail("standoff serve did not answer within 120 s")
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Watch:
    """Console errors, page errors, dialogs and requests of one page."""

    def __init__(self, page: Any):
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("request", lambda r: self.requests.append(r.url))


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    yield pg
    context.close()


def drawn(page: Any) -> None:
    """Wait until every figure on the page has been drawn by Plotly, and check that it is
    laid out with Plotly's styles (its layers stacked, not one under the other)."""
    page.wait_for_function(
        "() => { const f = document.querySelectorAll('[data-figure]');"
        " return f.length > 0 && [...f].every(e => e.getAttribute('data-drawn') === 'true'"
        " && e.querySelector('svg.main-svg')); }")
    bad = page.evaluate(
        "() => [...document.querySelectorAll('[data-figure]')].filter(e => !e.classList.contains('js-plotly-plot')"
        " || [...e.querySelectorAll('svg.main-svg')].some(s => getComputedStyle(s).position !== 'absolute')"
        " || !e.querySelector('.gtitle')).map(e => e.id)")
    assert bad == [], f"figures drawn without Plotly's layout: {bad}"


def test_brief_opens_offline_renders_and_prints(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "brief.html"
    path.write_text(flagship_page(), encoding="utf-8")
    context = browser.new_context(offline=True, viewport={"width": 390, "height": 844})  # a phone
    pg = context.new_page()
    watch = Watch(pg)
    pg.goto(path.as_uri())
    drawn(pg)
    assert pg.locator("[data-figure]").count() == 5
    assert watch.errors == []
    assert all(u.startswith("file:") or u.startswith("data:") for u in watch.requests), watch.requests
    # the first thing a reader sees is the answer
    first = pg.locator("section.part").first
    assert first.get_attribute("id") == "headline" and first.is_visible()
    # nothing wider than the phone's screen but the tables' own scroll boxes
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    pdf = pg.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 3
    context.close()


def headline_text(page: Any) -> str:
    return str(page.locator("#results section#headline .lines").inner_text())


def test_app_slider_changes_the_headline(page: Any, server: str) -> None:
    watch = Watch(page)
    page.goto(server)
    drawn(page)
    before = headline_text(page)
    assert "most likely ending" in before
    slider = page.locator('.control[data-path="no_deal.maduro.p_prevail"] input[type=range]')
    slider.focus()
    page.keyboard.press("End")  # the slider to its maximum: a real input and change
    page.wait_for_function(
        "(old) => { const e = document.querySelector('#results section#headline .lines');"
        " return e && e.innerText !== old; }", arg=before)
    assert headline_text(page) != before
    drawn(page)
    assert page.locator('.control[data-path="no_deal.maduro.p_prevail"].moved').count() == 1
    assert watch.errors == []
    assert all(u.startswith(server) or u.startswith("data:") for u in watch.requests), watch.requests


def test_app_red_line_toggle_opens_a_deal_zone(page: Any, server: str) -> None:
    watch = Watch(page)
    page.goto(server)
    drawn(page)
    assert page.locator("#results section#deal").get_attribute("data-zone") == "empty"
    page.locator('.control[data-path="preferences.usa.red_lines[1]"] input[type=checkbox]').uncheck()
    page.wait_for_selector('#results section#deal[data-zone="open"]')
    size = page.locator("#results section#deal").get_attribute("data-zone-size")
    assert size is not None and int(size) > 0
    assert "packages that every side prefers to no deal" in page.locator("#results section#deal").inner_text()
    drawn(page)
    assert watch.errors == []


def test_app_download_the_edited_scenario(page: Any, server: str, tmp_path: Path) -> None:
    page.goto(server)
    drawn(page)
    page.locator('.control[data-path="preferences.usa.red_lines[1]"] input[type=checkbox]').uncheck()
    page.wait_for_selector('#results section#deal[data-zone="open"]')
    with page.expect_download() as info:
        page.locator("#download-yaml").click()
    saved = tmp_path / "whatif.yaml"
    info.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert "preferences.usa.red_lines[1] removed" in text


def upload(page: Any, name: str, data: bytes) -> None:
    page.locator("#upload-file").set_input_files({"name": name, "mimeType": "application/yaml", "buffer": data})
    page.locator("#upload button[type=submit]").click()


def test_app_broken_upload_shows_the_located_error(page: Any, server: str) -> None:
    watch = Watch(page)
    page.goto(server)
    drawn(page)
    text = FLAGSHIP.read_text(encoding="utf-8").replace("period: week", "period: fortnight")
    upload(page, "broken.yaml", text.encode())
    status = page.locator("#upload-status .error")
    status.wait_for()
    line = next(i for i, x in enumerate(text.splitlines(), 1) if x.startswith("period:"))
    assert re.search(rf"broken\.yaml:{line}:\d+", status.inner_text())
    assert page.locator(".workspace").get_attribute("data-scenario") == "venezuela-2025"  # the case stays
    assert [e for e in watch.errors if "422" not in e] == []


def test_app_escapes_uploaded_names(page: Any, server: str) -> None:
    watch = Watch(page)
    page.goto(server)
    drawn(page)
    upload(page, "hostile.yaml", hostile_text().encode())
    page.wait_for_selector(".workspace .inputs >> text=<script>window.__pwned=1</script> States")
    drawn(page)
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("#workspace script").count() == 0
    assert page.locator("#workspace img").count() == 0
    assert "<script>window.__pwned=1</script> States" in page.locator(".workspace").inner_text()
    assert watch.errors == []


def test_app_refuses_an_oversized_upload(page: Any, server: str) -> None:
    page.goto(server)
    drawn(page)
    upload(page, "big.yaml", b"# padding\n" * (MAX_UPLOAD_BYTES // 10 + 100))
    status = page.locator("#upload-status .error")
    status.wait_for()
    assert f"{MAX_UPLOAD_BYTES // 1024} KiB limit" in status.inner_text()
    assert page.locator(".workspace").get_attribute("data-scenario") == "venezuela-2025"
