"""The web app without a browser: its policy, its errors, the live update, uploads and
downloads (FastAPI's test client, in process)."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from standoff.assess import assess
from standoff.presenters.app.controls import controls, ranked, sensitivity_order
from standoff.presenters.app.edits import Edits, edited_scenario, edited_text, without_red_lines
from standoff.presenters.app.server import LIVE_DRAWS, create_app, live_values
from standoff.presenters.app.store import MAX_UPLOAD_BYTES
from standoff.scenario import Scenario
from tests.app_helpers import IMG, SCRIPT, hostile_text
from tests.helpers import FLAGSHIP, run_cli

USA_AMNESTY = "preferences.usa.red_lines[1]"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app("venezuela-2025"), raise_server_exceptions=False) as c:
        yield c


def base_form(client: TestClient) -> dict[str, str]:
    """The form as the page submits it untouched: every red line ticked."""
    page = client.get("/").text
    form = {"scenario": "start"}
    for m in re.finditer(r'type="checkbox" id="[^"]+" name="([^"]+)" value="1" checked', page):
        form[m[1]] = "1"
    return form


def test_page_policy(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    text = r.text
    # no inline script and no event-handler attribute anywhere in the page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
    assert not re.search(r"\son[a-z]+\s*=", text)
    config = re.search(r'name="htmx-config" content="([^"]+)"', text)
    assert config is not None
    parsed = json.loads(config[1].replace("&#34;", '"'))
    assert parsed["allowEval"] is False and parsed["allowScriptTags"] is False
    for src in re.findall(r'(?:src|href)="([^"]+)"', text):
        assert src.startswith(("/static/", "#", "data:")), src


def test_static_files_come_from_the_installed_packages(client: TestClient) -> None:
    js = client.get("/static/plotly.min.js")
    assert js.status_code == 200 and "plotly.js v" in js.text[:200]
    css = client.get("/static/plotly.css").text
    assert ".js-plotly-plot .plotly .modebar" in css and ".maplibregl-map" in css
    assert client.get("/static/htmx.min.js").text.startswith("var htmx=")
    assert "Zero-Clause BSD" in client.get("/static/LICENSE-htmx.txt").text
    missing = client.get("/static/../../etc/passwd")
    assert missing.status_code == 404 and "Traceback" not in missing.text


def test_controls_of_the_flagship() -> None:
    scn = Scenario.load("venezuela-2025")
    ctrls = controls(scn)
    kinds = {c.path: c for c in ctrls}
    assert [c.path for c in ctrls if c.kind == "toggle"] == [
        "preferences.usa.red_lines[0]", USA_AMNESTY, "preferences.maduro.red_lines[0]"]
    cred = kinds["instruments.military_action.credibility"]
    assert (cred.low, cred.high) == (0.0, 1.0) and abs(cred.value - 0.633) < 1e-3
    assert "instruments.airspace_closure.cost_to_target" in kinds
    assert "preferences.maduro.issues.amnesty.salience" in kinds
    groups = [c.group for c in ctrls]
    assert groups.index("red_line") < groups.index("threat") < groups.index("pressure") < groups.index("salience")
    # a sensitivity order ranks first what it names; red lines rank with their p_hold
    order = ["preferences.maduro.issues.amnesty.salience", "preferences.maduro.red_lines[0].p_hold"]
    top = ranked(ctrls, order)[:2]
    assert [c.path for c in top] == ["preferences.maduro.issues.amnesty.salience", "preferences.maduro.red_lines[0]"]


def test_sensitivity_order_reads_the_headline_drivers() -> None:
    scn = Scenario.load("venezuela-2025")
    a = assess(scn, draws=200, skip=("simulate",), details=False)
    order = sensitivity_order(a)
    assert a.headline is not None and order == [d.path for d in a.headline.drivers]


def test_toggling_a_red_line_opens_a_deal_zone(client: TestClient) -> None:
    form = base_form(client)
    shut = client.post("/update", data=form)
    assert shut.status_code == 200 and 'data-zone="empty"' in shut.text
    form.pop(USA_AMNESTY)
    opened = client.post("/update", data=form)
    assert opened.status_code == 200
    size = re.search(r'data-zone-size="(\d+)"', opened.text)
    assert size is not None and int(size[1]) > 0 and 'data-zone="open"' in opened.text


def test_moving_a_slider_changes_the_headline(client: TestClient) -> None:
    form = base_form(client)

    def headline(f: dict[str, str]) -> str:
        text = client.post("/update", data=f).text
        return text[text.index('data-part="headline"'): text.index("</section>")]

    before = headline(form)
    after = headline({**form, "no_deal.maduro.p_prevail": "0.95"})
    assert before != after and "The answer" in after


def test_values_outside_a_control_are_user_errors(client: TestClient) -> None:
    form = {**base_form(client), "instruments.military_action.credibility": "1.5"}
    r = client.post("/update", data=form)
    assert r.status_code == 422
    assert "lies outside 0 to 1" in r.text and "Traceback" not in r.text
    r = client.post("/update", data={**form, "instruments.military_action.credibility": "abc"})
    assert r.status_code == 422 and "is not a number" in r.text
    r = client.post("/update", data={"scenario": "forgotten"})
    assert r.status_code == 422 and "no longer held" in r.text


def upload(client: TestClient, data: bytes, name: str = "case.yaml") -> Any:
    return client.post("/upload", files={"file": (name, data, "application/yaml")})


def test_broken_upload_is_located(client: TestClient) -> None:
    text = FLAGSHIP.read_text(encoding="utf-8").replace("period: week", "period: fortnight")
    r = upload(client, text.encode())
    assert r.status_code == 422 and r.headers["hx-retarget"] == "#upload-status"
    line = next(i for i, x in enumerate(text.splitlines(), 1) if x.startswith("period:"))
    assert re.search(rf"case\.yaml:{line}:\d+", r.text), r.text
    bad_yaml = upload(client, b"standoff: 1\nid: [unclosed\n", "broken.yaml")
    assert bad_yaml.status_code == 422 and re.search(r"broken\.yaml:\d+:\d+", bad_yaml.text)


def test_oversized_upload_is_refused(client: TestClient) -> None:
    big = b"# padding\n" * (MAX_UPLOAD_BYTES // 10 + 10)
    r = upload(client, big)
    assert r.status_code == 413
    assert f"{MAX_UPLOAD_BYTES // 1024} KiB limit" in r.text and r.headers["hx-retarget"] == "#upload-status"
    assert "content-security-policy" in r.headers


def test_uploaded_names_are_escaped(client: TestClient) -> None:
    r = upload(client, hostile_text().encode(), "hostile.yaml")
    assert r.status_code == 200, r.text[:500]
    assert SCRIPT not in r.text and IMG not in r.text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in r.text
    token = re.search(r'name="scenario" value="([^"]+)"', r.text)
    assert token is not None and token[1] != "start"
    again = client.post("/update", data={"scenario": token[1]})  # every red line off
    assert again.status_code == 200 and SCRIPT not in again.text


def test_download_scenario_and_brief(client: TestClient) -> None:
    form = {**base_form(client), "instruments.military_action.credibility": "0.9"}
    form.pop(USA_AMNESTY)
    r = client.post("/download/scenario", data=form)
    assert r.status_code == 200 and 'filename="venezuela-2025-whatif.yaml"' in r.headers["content-disposition"]
    scn = Scenario.from_text(r.text, shown="whatif.yaml")
    cred = next(q for p, q in scn.quantities() if p == ("instruments", "military_action", "credibility"))
    assert cred.value == 0.9 and "set to 0.9 in a what-if" in (cred.assumption or "")
    assert len(scn.spec.preferences["usa"].red_lines) == 1
    assert r.text.startswith("# what-if edits made in standoff serve:")
    assert "# standoff scenario: the late-2025 US ultimatum" in r.text  # the file's comments are kept
    b = client.post("/download/brief", data=form)
    assert b.status_code == 200 and b.text.startswith("<!DOCTYPE html>")
    assert 'data-zone="open"' in b.text


def test_live_scenario_is_the_downloaded_one() -> None:
    """The live path (red lines dropped in the spec, numbers as overrides) assesses the
    same scenario as the downloaded YAML."""
    scn = Scenario.load("venezuela-2025")
    text = FLAGSHIP.read_text(encoding="utf-8")
    edits = Edits({"instruments.military_action.credibility": 0.8, "preferences.maduro.red_lines[0].p_hold": 0.5},
                  frozenset({"preferences.usa.red_lines[0]"}))
    with pytest.raises(Exception, match="no number"):
        edited_text(text, edits, "x.yaml")  # p_hold is not in the file: not a number to set
    edits = Edits({"instruments.military_action.credibility": 0.8}, frozenset({"preferences.usa.red_lines[0]"}))
    live = without_red_lines(scn, edits.dropped)
    saved = edited_scenario(text, edits, "x.yaml")
    a = assess(live, draws=200, overrides=live_values(edits), skip=("simulate",), details=False)
    b = assess(saved, draws=200, skip=("simulate",), details=False)
    assert a.headline is not None and b.headline is not None
    assert a.headline.endings == b.headline.endings
    assert a.bargain == b.bargain


def test_live_values_follow_dropped_red_lines() -> None:
    edits = Edits({"preferences.usa.red_lines[1].p_hold": 0.3, "preferences.usa.red_lines[0].p_hold": 0.2,
                   "preferences.maduro.red_lines[1].p_hold": 0.4, "x.y": 1.0},
                  frozenset({"preferences.usa.red_lines[0]"}))
    assert live_values(edits) == {"preferences.usa.red_lines[0].p_hold": 0.3,
                                  "preferences.maduro.red_lines[1].p_hold": 0.4, "x.y": 1.0}


def test_an_internal_error_shows_no_traceback(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from standoff.presenters.app import server

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(server, "assess", broken)
    r = client.post("/update", data={**base_form(client), "instruments.military_action.credibility": "0.31"})
    assert r.status_code == 500
    assert "something went wrong" in r.text and "secret internals" not in r.text and "Traceback" not in r.text


def test_live_draws_are_fewer_than_the_briefs() -> None:
    from standoff.assess import DEFAULT_DRAWS

    assert LIVE_DRAWS < DEFAULT_DRAWS


def test_serve_refuses_a_port_in_use_and_a_bad_scenario() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        res = run_cli("serve", "--port", str(port))
    assert res.code == 2 and "cannot listen on 127.0.0.1" in res.stderr and "Traceback" not in res.stderr
    res = run_cli("serve", "no-such-scenario")
    assert res.code == 2 and "no bundled scenario" in res.stderr
