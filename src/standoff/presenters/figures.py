"""Figures as data: one :class:`FigureSpec` per result, rendered by one module.

A spec says what to draw -- traces of points, lines, bars, boxes or intervals, reference
lines, a heat map -- in plain lists; :func:`to_plotly` (interactive HTML) and
:func:`to_matplotlib` (static PNG) render the same spec, so the two never drift apart.
``--plot FILE``, the HTML brief and the web app all use these specs. Plotly and
matplotlib are imported only when a figure is rendered (the ``plot`` extra).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from standoff.core.errors import UserError

TraceKind = Literal["line", "markers", "lines+markers", "bar", "box", "interval"]

#: Plot formats by file suffix.
PLOT_FORMATS = (".html", ".png")
#: A palette that stays readable in print and for colour-blind readers (Okabe & Ito 2008).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")


@dataclass(frozen=True)
class Trace:
    """One series. ``low``/``high`` give an interval per point (``interval`` traces draw
    them as error bars around ``y``); ``hover`` the text shown on hover (HTML only)."""

    name: str
    kind: TraceKind
    x: Sequence[Any]
    y: Sequence[float]
    low: Sequence[float] | None = None
    high: Sequence[float] | None = None
    hover: Sequence[str] | None = None
    marker: Literal["circle", "x", "square", "diamond"] = "circle"
    color: str | None = None
    horizontal: bool = False


@dataclass(frozen=True)
class RefLine:
    """A reference line across the plot, at ``value`` on the ``axis``."""

    axis: Literal["x", "y"]
    value: float
    label: str = ""


@dataclass(frozen=True)
class Heatmap:
    """A grid of values with row and column labels and a text per cell."""

    z: Sequence[Sequence[float]]
    x: Sequence[str]
    y: Sequence[str]
    text: Sequence[Sequence[str]]
    zmin: float = 0.0
    zmax: float = 1.0


@dataclass(frozen=True)
class FigureSpec:
    """Everything needed to draw a figure, in either library."""

    title: str
    x_title: str = ""
    y_title: str = ""
    traces: tuple[Trace, ...] = ()
    refs: tuple[RefLine, ...] = ()
    heatmap: Heatmap | None = None
    stacked: bool = False
    y_range: tuple[float, float] | None = None
    x_range: tuple[float, float] | None = None
    size: tuple[float, float] = (7.0, 4.5)
    caption: str = ""
    key: str = field(default="figure")


# --------------------------------------------------------------------------- render
def plot_format(path: Path) -> str:
    """The plot format a file name asks for (``.html`` or ``.png``), or a clear error."""
    suffix = Path(path).suffix.lower()
    if suffix not in PLOT_FORMATS:
        raise UserError(
            f"cannot write a plot as {suffix or 'a file without extension'} ({path})",
            hint="use a file name ending in .html (interactive, Plotly) or .png (static image)",
        )
    return suffix


def _color(t: Trace, i: int) -> str:
    return t.color or PALETTE[i % len(PALETTE)]


def plotly_dict(spec: FigureSpec) -> dict[str, Any]:
    """The spec as a Plotly figure in plain JSON types (``{"data": [...], "layout": {...}}``),
    ready for ``Plotly.newPlot`` in a page or the web app; :func:`to_plotly` wraps the same
    dict, so the HTML brief, the web app and ``--plot FILE.html`` draw identical figures.
    Text in the spec is shown as Plotly's pseudo-HTML: builders escape what comes from a
    scenario (:func:`plotly_text`)."""
    data: list[dict[str, Any]] = []
    symbols = {"circle": "circle", "x": "x", "square": "square", "diamond": "diamond"}

    def error(t: Trace) -> dict[str, Any] | None:
        if t.low is None or t.high is None:
            return None
        return {"type": "data", "symmetric": False,
                "array": [float(h) - float(y) for h, y in zip(t.high, t.y, strict=True)],
                "arrayminus": [float(y) - float(lo) for y, lo in zip(t.y, t.low, strict=True)]}

    for i, t in enumerate(spec.traces):
        color = _color(t, i)
        hover = [str(h) for h in t.hover] if t.hover is not None else None
        tr: dict[str, Any]
        if t.kind == "bar":
            err = error(t)
            tr = {"type": "bar", "name": t.name, "marker": {"color": color}}
            if t.horizontal:
                tr.update(x=_floats(t.y), y=list(t.x), orientation="h")
                if err:
                    tr["error_x"] = err
            else:
                tr.update(x=list(t.x), y=_floats(t.y))
                if err:
                    tr["error_y"] = err
            if hover is not None:
                tr["hovertext"] = hover
        elif t.kind == "box":
            tr = {"type": "box", "y": _floats(t.y), "name": t.name, "boxmean": True, "marker": {"color": color}}
        else:
            mode = {"line": "lines", "markers": "markers", "lines+markers": "lines+markers", "interval": "markers"}[t.kind]
            err = error(t)
            size = 9 if t.horizontal or t.kind != "line" else 5
            tr = {"type": "scatter", "mode": mode, "name": t.name,
                  "marker": {"symbol": symbols[t.marker], "size": size, "color": color}}
            if t.horizontal:
                tr.update(x=_floats(t.y), y=list(t.x))
                if err:
                    tr["error_x"] = err
            else:
                tr.update(x=list(t.x), y=_floats(t.y), line={"color": color})
                if err:
                    tr["error_y"] = err
            if hover is not None:
                tr.update(hovertext=hover, hoverinfo="text+name")
        data.append(tr)
    if spec.heatmap is not None:
        h = spec.heatmap
        data.append({"type": "heatmap", "z": [_floats(r) for r in h.z], "x": list(h.x), "y": list(h.y),
                     "zmin": h.zmin, "zmax": h.zmax, "colorscale": "Viridis",
                     "text": [[str(c) for c in r] for r in h.text], "texttemplate": "%{text}"})
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    for r in spec.refs:
        v = float(r.value)
        if r.axis == "x":
            shapes.append({"type": "line", "xref": "x", "yref": "y domain", "x0": v, "x1": v, "y0": 0, "y1": 1,
                           "line": {"dash": "dot", "color": "#57606a", "width": 1}})
            if r.label:
                annotations.append({"text": r.label, "showarrow": False, "xref": "x", "yref": "y domain",
                                    "x": v, "y": 1, "xanchor": "left", "yanchor": "top"})
        else:
            shapes.append({"type": "line", "xref": "x domain", "yref": "y", "x0": 0, "x1": 1, "y0": v, "y1": v,
                           "line": {"dash": "dot", "color": "#57606a", "width": 1}})
            if r.label:
                annotations.append({"text": r.label, "showarrow": False, "xref": "x domain", "yref": "y",
                                    "x": 1, "y": v, "xanchor": "right", "yanchor": "bottom"})
    xaxis: dict[str, Any] = {"title": {"text": spec.x_title}}
    yaxis: dict[str, Any] = {"title": {"text": spec.y_title}}
    if spec.x_range is not None:
        xaxis["range"] = list(spec.x_range)
    if spec.y_range is not None:
        yaxis["range"] = list(spec.y_range)
    if spec.traces and all(t.horizontal for t in spec.traces):
        yaxis["autorange"] = "reversed"  # categories read top-down, in the order given
    layout: dict[str, Any] = {
        "template": _template(),
        "title": {"text": spec.title, "font": {"size": 15}},
        "xaxis": xaxis, "yaxis": yaxis,
        "barmode": "stack" if spec.stacked else "group",
        "font": {"family": "system-ui, sans-serif", "size": 12},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
        "legend": {"orientation": "h", "y": -0.22, "yanchor": "top"},
    }
    if shapes:
        layout["shapes"] = shapes
    if annotations:
        layout["annotations"] = annotations
    return {"data": data, "layout": layout}


def to_plotly(spec: FigureSpec) -> Any:
    """The spec as a :class:`plotly.graph_objects.Figure` (built from :func:`plotly_dict`)."""
    go = _plotly()
    return go.Figure(plotly_dict(spec))


def plotly_text(text: str) -> str:
    """Text from a scenario made safe for Plotly's pseudo-HTML labels (``<``, ``>`` and
    ``&`` shown as themselves, never read as tags)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _floats(values: Sequence[Any]) -> list[float]:
    return [float(v) for v in values]


_TEMPLATE: dict[str, Any] = {}


def _template() -> dict[str, Any]:
    """Plotly's ``simple_white`` template as plain JSON (read once from the installed
    plotly; the page needs it spelt out, Plotly.js knows no templates by name)."""
    if not _TEMPLATE:
        _plotly()
        import plotly.io as pio

        _TEMPLATE.update(pio.templates["simple_white"].to_plotly_json())
    return _TEMPLATE


def to_matplotlib(spec: FigureSpec) -> Any:
    """The spec as a matplotlib figure (Agg backend)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=spec.size)
    markers = {"circle": "o", "x": "x", "square": "s", "diamond": "D"}
    bottoms: dict[Any, float] = {}
    bars = [t for t in spec.traces if t.kind == "bar"]
    width = 0.8 if spec.stacked or len(bars) <= 1 else 0.8 / len(bars)
    for i, t in enumerate(spec.traces):
        color = _color(t, i)
        if t.kind == "bar":
            cats = list(t.x)
            pos = list(range(len(cats)))
            k = bars.index(t)
            offs = [p + (0 if spec.stacked or len(bars) <= 1 else (k - (len(bars) - 1) / 2) * width) for p in pos]
            base = [bottoms.get(c, 0.0) for c in cats] if spec.stacked else [0.0] * len(cats)
            err = None
            if t.low is not None and t.high is not None:
                err = [[y - lo for y, lo in zip(t.y, t.low, strict=True)], [h - y for h, y in zip(t.high, t.y, strict=True)]]
            if t.horizontal:
                ax.barh(offs, list(t.y), height=width, left=base, label=t.name, color=color, xerr=err)
                ax.set_yticks(pos, cats)
            else:
                ax.bar(offs, list(t.y), width=width, bottom=base, label=t.name, color=color, yerr=err)
                ax.set_xticks(pos, cats, rotation=15 if max((len(str(c)) for c in cats), default=0) > 10 else 0)
            if spec.stacked:
                for c, y in zip(cats, t.y, strict=True):
                    bottoms[c] = bottoms.get(c, 0.0) + float(y)
        elif t.kind == "box":
            continue
        else:
            style = {"line": "-", "markers": "", "lines+markers": "-", "interval": ""}[t.kind]
            xs, ys = (list(t.y), list(t.x)) if t.horizontal else (list(t.x), list(t.y))
            if t.low is not None and t.high is not None:
                lo = [y - lo_ for y, lo_ in zip(t.y, t.low, strict=True)]
                hi = [h - y for h, y in zip(t.high, t.y, strict=True)]
                if t.horizontal:
                    ax.errorbar(xs, ys, xerr=[lo, hi], fmt="none", ecolor=color, capsize=3)
                else:
                    ax.errorbar(xs, ys, yerr=[lo, hi], fmt="none", ecolor=color, capsize=3)
            ax.plot(xs, ys, linestyle=style or "None", marker=markers[t.marker] if t.kind != "line" else None,
                    ms=5 if t.kind == "lines+markers" else 8, color=color, label=t.name)
    boxes = [t for t in spec.traces if t.kind == "box"]
    if boxes:
        ax.boxplot([list(t.y) for t in boxes], showmeans=True)
        ax.set_xticks(range(1, len(boxes) + 1), [t.name for t in boxes], rotation=15, fontsize=8)
    if spec.heatmap is not None:
        h = spec.heatmap
        im = ax.imshow([list(r) for r in h.z], vmin=h.zmin, vmax=h.zmax, cmap="viridis")
        ax.set_xticks(range(len(h.x)), list(h.x), rotation=45, ha="right")
        ax.set_yticks(range(len(h.y)), list(h.y))
        for i, row in enumerate(h.text):
            for j, txt in enumerate(row):
                ax.text(j, i, txt, ha="center", va="center", color="w" if h.z[i][j] < 0.6 else "k")
        fig.colorbar(im, ax=ax)
    for r in spec.refs:
        (ax.axvline if r.axis == "x" else ax.axhline)(r.value, ls=":", c="grey")
    ax.set_title(spec.title, fontsize=10)
    ax.set_xlabel(spec.x_title)
    ax.set_ylabel(spec.y_title)
    if spec.y_range is not None:
        ax.set_ylim(*spec.y_range)
    if spec.x_range is not None:
        ax.set_xlim(*spec.x_range)
    if any(t.kind != "box" for t in spec.traces):
        ax.legend(fontsize=8)
    return fig


def render(spec: FigureSpec, fmt: str) -> bytes:
    """The figure as a self-contained HTML page (``.html``) or a PNG (``.png``)."""
    if fmt == ".html":
        return to_plotly(spec).to_html(include_plotlyjs=True, full_html=True).encode("utf-8")
    import matplotlib.pyplot as plt

    fig = to_matplotlib(spec)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=120, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def write(spec: FigureSpec, path: Path) -> None:
    """Render ``spec`` to ``path`` (format by suffix), written atomically."""
    from standoff.presenters.files import write_atomic

    write_atomic(path, render(spec, plot_format(path)))


def _plotly() -> Any:
    try:
        import plotly.graph_objects as go
    except ImportError:  # pragma: no cover - depends on the install
        raise UserError("plots need the plot extra", hint="pip install 'standoff[plot]'") from None
    return go
