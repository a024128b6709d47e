"""Writing output files: atomically, through the one output writer
(:func:`standoff.core.writer.write_atomic`: a short temporary name beside the target and
a rename; regular files only; symbolic links followed, dangling ones refused; temporary
files removed on SIGTERM and SIGINT), and plots as self-contained HTML (Plotly) or PNG
(matplotlib)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from standoff.core.errors import UserError
from standoff.core.writer import write_atomic

PLOT_FORMATS = (".html", ".png")

__all__ = ["PLOT_FORMATS", "matplotlib_axes", "plot_format", "save_matplotlib", "save_plotly", "write_atomic"]


def plot_format(path: Path) -> str:
    """The plot format a file name asks for (``.html`` or ``.png``), or a clear error."""
    suffix = Path(path).suffix.lower()
    if suffix not in PLOT_FORMATS:
        raise UserError(
            f"cannot write a plot as {suffix or 'a file without extension'} ({path})",
            hint="use a file name ending in .html (interactive, Plotly) or .png (static image)",
        )
    return suffix


def save_plotly(path: Path, figure: Any) -> None:
    """A Plotly figure as one self-contained HTML file (plotly.js embedded, works offline)."""
    write_atomic(path, figure.to_html(include_plotlyjs=True, full_html=True))


def matplotlib_axes(figsize: tuple[float, float] = (7.0, 4.5)) -> tuple[Any, Any]:
    """A new matplotlib figure and axes on the non-interactive Agg backend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=figsize)


def save_matplotlib(path: Path, figure: Any) -> None:
    """A matplotlib figure as a PNG file; the figure is closed."""
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    figure.savefig(buf, format="png", dpi=120, bbox_inches="tight")
    plt.close(figure)
    write_atomic(path, buf.getvalue())
