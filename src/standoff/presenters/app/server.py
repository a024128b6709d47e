"""The web app: FastAPI routes, the live update, downloads, uploads, and the policy.

Routes: ``GET /`` the page; ``POST /update`` the results for the form's inputs (htmx
swaps them in); ``POST /upload`` open a scenario file; ``POST /download/scenario`` and
``POST /download/brief`` the edited scenario (YAML) and its brief (HTML); ``GET
/static/NAME`` the page's scripts and styles (Plotly.js from the installed plotly
package, htmx vendored in this package).

**Live updates** run :func:`standoff.assess.assess` on the edited scenario with
:data:`LIVE_DRAWS` Monte Carlo draws, without the round-by-round simulation annex and
without the headline's thresholds and watch list (the slowest parts: each re-solves the
case many times): the page says so, and the downloaded brief is the full one. Results
are cached per scenario and edits, and the talks behind the deal rate are simulated
again only when the inputs change them.

**Safety.** Every response carries a strict Content-Security-Policy (scripts and styles
from this server only: no inline script, no event-handler attributes, no ``eval``);
htmx runs with ``allowEval`` and script tags off. Requests above
:data:`~standoff.presenters.app.store.MAX_UPLOAD_BYTES` (plus room for the form) are
refused with 413 before they are read. A user's mistake is shown as the command line
shows it (file:line:column); anything else is logged on the server and the page says
only that something went wrong.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import replace
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from standoff.assess import assess
from standoff.core.errors import UserError
from standoff.presenters.app.controls import (
    DEFAULT_ORDER,
    SHOWN_FIRST,
    Control,
    driver_controls,
    ranked,
    sensitivity_order,
)
from standoff.presenters.app.edits import Edits, edited_text, from_form
from standoff.presenters.app.store import MAX_UPLOAD_BYTES, Entry, Store, too_big
from standoff.presenters.html import build_page
from standoff.presenters.html.render import asset, plotly_css, plotly_js_path, plotly_style_ids
from standoff.presenters.sections import sections

log = logging.getLogger("standoff.serve")

#: Monte Carlo draws of a live update (the brief's default is 5,000).
LIVE_DRAWS = 300
#: Engines left out of live updates.
LIVE_SKIP = ("simulate",)
#: Room for the form's other fields and the multipart framing around an upload.
FORM_ROOM = 64 * 1024
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + FORM_ROOM

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
HTMX_CONFIG = {
    "allowEval": False,
    "allowScriptTags": False,
    "includeIndicatorStyles": False,
    "selfRequestsOnly": True,
    "historyCacheSize": 0,
    "responseHandling": [
        {"code": "204", "swap": False},
        {"code": "[23]..", "swap": True},
        {"code": "[45]..", "swap": True, "error": True},
    ],
}

#: The files under /static/ (name -> where it comes from, media type).
STATIC: dict[str, tuple[str, str]] = {
    "htmx.min.js": ("app", "text/javascript"),
    "LICENSE-htmx.txt": ("app", "text/plain"),
    "app.js": ("app", "text/javascript"),
    "app.css": ("app", "text/css"),
    "figures.js": ("html", "text/javascript"),
    "brief.css": ("html", "text/css"),
    "plotly.min.js": ("plotly", "text/javascript"),
    "plotly.css": ("plotly", "text/css"),
}

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class _TooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: security headers on every response, and a limit on request
    bodies (by Content-Length when given, else while reading)."""

    def __init__(self, app: Any, render_error: Callable[[str, int], bytes]):
        self.app = app
        self.render_error = render_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > MAX_REQUEST_BYTES:
            await self._refuse(send, int(length) - FORM_ROOM)
            return
        seen = 0
        started = False

        async def limited() -> MutableMapping[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > MAX_REQUEST_BYTES:
                    raise _TooLarge
            return message

        async def send_with_headers(message: MutableMapping[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                raw = list(message.get("headers", []))
                have = {k.decode("latin-1").lower() for k, _ in raw}
                raw = [(k, v) for k, v in raw if k.decode("latin-1").lower() != "content-security-policy"]
                raw += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in HEADERS.items()
                        if k.lower() not in have or k == "Content-Security-Policy"]
                message["headers"] = raw
            await send(message)

        try:
            await self.app(scope, limited, send_with_headers)
        except _TooLarge:
            if not started:
                await self._refuse(send, None)

    async def _refuse(self, send: Send, size: int | None) -> None:
        body = self.render_error(too_big(size), 413)
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in HEADERS.items()]
        headers += [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                    (b"hx-retarget", b"#upload-status"), (b"hx-reswap", b"innerHTML"), (b"connection", b"close")]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class Views:
    """Renders the page and its fragments; computes and caches live results."""

    def __init__(self, store: Store, draws: int = LIVE_DRAWS):
        from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined

        self.store = store
        self.draws = draws
        self.env = Environment(
            loader=ChoiceLoader([PackageLoader("standoff.presenters.app", "templates"),
                                 PackageLoader("standoff.presenters.html", "templates")]),
            autoescape=True, undefined=StrictUndefined,
        )
        self._cache: OrderedDict[tuple[Any, ...], str] = OrderedDict()
        self._compute = threading.Lock()
        self._orders: dict[str, list[str] | None] = {}

    def render(self, name: str, **ctx: Any) -> str:
        return str(self.env.get_template(name).render(**ctx))

    def error(self, message: str, problems: list[dict[str, Any]] | None = None, status: int = 422) -> str:
        return self.render("error.html.j2", message=message, problems=problems or [], status=status)

    def user_error(self, exc: UserError) -> str:
        problems = [{"where": _where(p.file, p.line, p.column), "path": p.dotted_path, "message": p.message,
                     "hint": p.hint} for p in exc.problems]
        return self.error(exc.message + (f" ({exc.hint})" if exc.hint else ""), problems)

    # -- live results ---------------------------------------------------------------
    def results(self, entry: Entry, edits: Edits) -> str:
        key = (entry.token, edits.key(), self.draws)
        got = self._cache.get(key)
        if got is not None:
            self._cache.move_to_end(key)
            return got
        with self._compute:
            t0 = time.perf_counter()
            scn = entry.without(edits.dropped)
            values = live_values(edits)
            a = assess(scn, draws=self.draws, seed=0, overrides=values, skip=LIVE_SKIP, details=False,
                       quick_talks=True)
            secs = sections(a, scn.case(overrides=values))
            page = build_page(scn, a, secs, tables=False)
            page = replace(page, parts=tuple(p for p in page.parts if p.key not in ("case", "sources")))
            ms = 1000 * (time.perf_counter() - t0)
            order = sensitivity_order(a)
            if edits.empty and entry.token not in self._orders:
                self._orders[entry.token] = order
                entry.controls = entry.controls + driver_controls(entry.scenario, order or [], entry.controls)
            html = self.render("results.html.j2", page=page, edits=edits, entry=entry, ms=ms, draws=self.draws,
                               ranked_by="sensitivity" if order else "default")
        self._cache[key] = html
        while len(self._cache) > 256:
            self._cache.popitem(last=False)
        return html

    def workspace(self, entry: Entry, edits: Edits | None = None) -> str:
        edits = edits or Edits()
        results = self.results(entry, edits)
        ctrls = ranked(entry.controls, self._orders.get(entry.token))
        return self.render("workspace.html.j2", entry=entry, first=group(ctrls[:SHOWN_FIRST]),
                           more=group(ctrls[SHOWN_FIRST:]), edits=edits, results=results)

    def page(self, entry: Entry) -> str:
        return self.render("app.html.j2", workspace=self.workspace(entry), htmx_config=HTMX_CONFIG,
                           max_kib=MAX_UPLOAD_BYTES // 1024, plotly_style_ids=plotly_style_ids())


def live_values(edits: Edits) -> dict[str, float]:
    """The edited numbers as overrides of the scenario without its dropped red lines: a
    number under a dropped red line goes with it, later red lines move up one place."""
    from standoff.presenters.app.edits import split_path

    dropped = [split_path(p) for p in edits.dropped]
    out: dict[str, float] = {}
    for path, v in edits.values.items():
        parts = list(split_path(path))
        if len(parts) > 3 and parts[0] == "preferences" and parts[2] == "red_lines" and isinstance(parts[3], int):
            k = parts[3]
            same = [d[3] for d in dropped if d[:3] == tuple(parts[:3]) and isinstance(d[3], int)]
            if k in same:
                continue
            parts[3] = k - sum(1 for d in same if d < k)
        out["".join(f"[{p}]" if isinstance(p, int) else ("." if i else "") + str(p) for i, p in enumerate(parts))] = v
    return out


def group(ctrls: list[Control]) -> list[tuple[str, list[Control]]]:
    """Controls under their group's heading, groups in the order of their first control."""
    titles = dict(DEFAULT_ORDER)
    out: list[tuple[str, list[Control]]] = []
    for c in ctrls:
        if out and out[-1][0] == titles[c.group]:
            out[-1][1].append(c)
        else:
            out.append((titles[c.group], [c]))
    return out


def _where(file: str | None, line: int | None, column: int | None) -> str:
    where = file or ""
    if line is not None:
        where += f":{line}" + (f":{column}" if column is not None else "")
    return where


def create_app(source: str = "venezuela-2025", *, draws: int = LIVE_DRAWS) -> FastAPI:
    """The web app on a scenario (a bundled name or a file); errors in it are raised
    here, before the server starts."""
    store = Store(source)
    views = Views(store, draws=draws)
    app = FastAPI(title="standoff", docs_url=None, redoc_url=None, openapi_url=None)

    def html(body: str, status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
        return HTMLResponse(body, status_code=status, headers=headers)

    @app.exception_handler(UserError)
    async def _user_error(request: Request, exc: UserError) -> HTMLResponse:
        return html(views.user_error(exc), 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
        words = {404: "no such page", 405: "this address does not take that kind of request"}
        return html(views.error(words.get(exc.status_code, "the request was refused"), status=exc.status_code),
                    exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _bad_request(request: Request, exc: RequestValidationError) -> HTMLResponse:
        return html(views.error("the request was incomplete", status=400), 400)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> HTMLResponse:
        log.exception("internal error on %s", request.url.path)
        return html(views.error("something went wrong inside standoff; the details are in the server's log",
                                status=500), 500)

    async def form(request: Request) -> tuple[Entry, Edits]:
        data = await request.form()
        fields = {k: v for k, v in data.items() if isinstance(v, str)}
        entry = store.get(fields.get("scenario", store.default.token))
        return entry, from_form(fields, entry.controls)

    @app.get("/", response_class=HTMLResponse)
    def index() -> HTMLResponse:
        return html(views.page(store.default))

    @app.post("/update", response_class=HTMLResponse)
    async def update(request: Request) -> HTMLResponse:
        entry, edits = await form(request)
        return html(views.results(entry, edits))

    @app.post("/reset", response_class=HTMLResponse)
    async def reset(request: Request) -> HTMLResponse:
        data = await request.form()
        token = data.get("scenario")
        entry = store.get(token if isinstance(token, str) else store.default.token)
        return html(views.workspace(entry))

    @app.post("/upload", response_class=HTMLResponse)
    async def upload(request: Request) -> HTMLResponse:
        retarget = {"HX-Retarget": "#upload-status", "HX-Reswap": "innerHTML"}
        data = await request.form(max_files=1, max_fields=8)
        file = data.get("file")
        if file is None or isinstance(file, str) or not file.filename:
            return html(views.error("choose a scenario file to open", status=400), 400, retarget)
        content = await file.read(MAX_UPLOAD_BYTES + 1)
        if len(content) > MAX_UPLOAD_BYTES:
            return html(views.error(too_big(None), status=413), 413, retarget)
        try:
            entry = store.upload(content, file.filename)
        except UserError as exc:
            return html(views.user_error(exc), 422, retarget)
        return html(views.workspace(entry), headers={"HX-Trigger": "standoff-opened"})

    @app.post("/download/scenario")
    async def download_scenario(request: Request) -> Response:
        entry, edits = await form(request)
        text = edited_text(entry.text, edits, entry.shown)
        name = f"{entry.scenario.id}-whatif.yaml" if not edits.empty else f"{entry.scenario.id}.yaml"
        return Response(text, media_type="application/yaml",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.post("/download/brief")
    async def download_brief(request: Request) -> Response:
        from standoff.presenters.app.edits import edited_scenario
        from standoff.presenters.brief import build_brief
        from standoff.presenters.html import brief_html

        entry, edits = await form(request)
        scn = edited_scenario(entry.text, edits, entry.shown)
        with views._compute:
            b = build_brief(scn)
        body = brief_html(scn, b.assessment, b.sections)
        name = f"{scn.id}-brief.html"
        return Response(body, media_type="text/html; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.get("/static/{name}")
    def static(name: str) -> Response:
        where = STATIC.get(name)
        if where is None:
            raise StarletteHTTPException(404)
        pkg, media = where
        cache = {"Cache-Control": "max-age=3600"}
        if name == "plotly.css":
            return Response(plotly_css(), media_type=media, headers=cache)
        if pkg == "plotly":
            return FileResponse(plotly_js_path(), media_type=media, headers=cache)
        if pkg == "html":
            return Response(asset(name), media_type=media, headers=cache)
        from importlib import resources

        text = resources.files("standoff.presenters.app").joinpath("static", name).read_text(encoding="utf-8")
        return Response(text, media_type=media, headers=cache)

    def render_error(message: str, status: int) -> bytes:
        return views.error(message, status=status).encode("utf-8")

    app.add_middleware(Guard, render_error=render_error)
    return app
