"""Rendering the page: Jinja2 templates with autoescaping, shipped as package data, and
the assets the page inlines (Plotly.js from the installed plotly package, our script
and styles).

The HTML brief is one self-contained file: its Content-Security-Policy allows only the
page's own inline scripts and styles (by hash) and ``data:`` images, so nothing can be
fetched when it is opened.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from standoff.core.errors import UserError
from standoff.core.extras import need


def environment() -> Any:
    """The Jinja2 environment of the presenters' templates (autoescaping on). Whether
    Jinja2 is installed is checked on every call; the environment is built once."""
    return _environment(need("jinja2", "app", "the HTML brief"))


@cache
def _environment(jinja2: Any) -> Any:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("standoff.presenters.html", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )


def asset(name: str) -> str:
    """A static file shipped with the HTML package (``figures.js``, ``brief.css``)."""
    return resources.files("standoff.presenters.html").joinpath("static", name).read_text(encoding="utf-8")


def plotly_js_path() -> Path:
    """Plotly.js as shipped inside the installed plotly package (never a CDN)."""
    plotly = need("plotly", "app", "the charts of the HTML brief")
    path = Path(str(plotly.__file__)).parent / "package_data" / "plotly.min.js"
    if not path.is_file():  # pragma: no cover - a broken plotly install
        raise UserError(f"the installed plotly has no {path.name}", hint="reinstall plotly")
    return path


@cache
def plotly_js() -> str:
    text = plotly_js_path().read_text(encoding="utf-8")
    # inside an inline <script>, "</script" would end it early (Plotly.js has none today)
    return text.replace("</script", "<\\/script")


def csp_hash(text: str) -> str:
    """A CSP source expression for an inline script or style with exactly this text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def file_csp(scripts: list[str], styles: list[str]) -> str:
    """The policy of the self-contained file: nothing loads from anywhere."""
    return ("default-src 'none'; "
            f"script-src {' '.join(csp_hash(s) for s in scripts)}; "
            f"style-src 'unsafe-inline'; "
            "img-src data: blob:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'")


_RULE = re.compile(r'"((?:[^"\\]|\\.)*)":(?:\'((?:[^\'\\]|\\.)*)\'|"((?:[^"\\]|\\.)*)")')


@cache
def plotly_css() -> str:
    """Plotly.js's own style rules as a stylesheet, read from the installed Plotly.js.

    Plotly.js normally inserts these rules into an inline ``<style>`` element, which a
    strict Content-Security-Policy forbids; a page that links this stylesheet with
    ``id="plotly.js-style-global" class="no-inline-styles"`` gets the same rules from
    its own server (Plotly.js then skips the inline element). The rules are the
    ``X``/``Y`` selector table Plotly.js ships, expanded as Plotly.js expands them.
    """
    js = plotly_js()
    start = js.find('{"X,X div":')
    end = js.find("};for(", start)
    if start < 0 or end < 0:
        raise UserError("cannot read Plotly.js's style rules from the installed plotly", hint="reinstall plotly")
    rules = []
    for m in _RULE.finditer(js[start : end + 1]):
        sel = m[1].replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        if sel.startswith(","):
            sel = " " + sel
        body = m[2] if m[2] is not None else m[3]
        rules.append(f"{sel}{{{body}}}")
    injected = [css.replace("\\'", "'") for _, css in _INJECTED.findall(js)]
    return ("/* Plotly.js style rules (from the installed plotly package) */\n" + "\n".join(rules) + "\n"
            + "\n".join(injected) + "\n")


_INJECTED = re.compile(
    r'if\(!document\.getElementById\("([0-9A-Za-z_-]+)"\)\)\{var \w+=document\.createElement\("style"\);'
    r"\w+\.id=\"\1\",\w+\.textContent='((?:[^'\\]|\\.)*)'")


@cache
def plotly_style_ids() -> tuple[str, ...]:
    """Ids of the ``<style>`` elements Plotly.js's bundled libraries insert when the page
    has none by that id; a strict page links :func:`plotly_css` under each id instead."""
    return tuple(i for i, _ in _INJECTED.findall(plotly_js()))
