"""``standoff serve``: a small local web app for what-if exploration.

FastAPI serves one page (Jinja2 templates, autoescaping on) with htmx (vendored in
``static/``, 0BSD licence alongside) and Plotly.js (read from the installed plotly
package): sliders and toggles for the inputs that matter, the assessment redrawn on
each change, downloads of the edited scenario (YAML) and of its brief (HTML), and
uploads of scenario files (at most :data:`MAX_UPLOAD_BYTES`; errors by line and
column). It listens on 127.0.0.1 unless told otherwise. FastAPI, Jinja2 and uvicorn
are the ``app`` extra, imported only here.
"""

from __future__ import annotations

from standoff.presenters.app.store import MAX_UPLOAD_BYTES

__all__ = ["MAX_UPLOAD_BYTES", "create_app"]


def create_app(source: str = "venezuela-2025", *, draws: int | None = None) -> object:
    """The FastAPI application on a scenario (see :mod:`.server`)."""
    from standoff.presenters.app.server import LIVE_DRAWS
    from standoff.presenters.app.server import create_app as make

    return make(source, draws=LIVE_DRAWS if draws is None else draws)
