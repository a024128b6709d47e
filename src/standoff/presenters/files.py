"""Writing output files: atomically (a temporary file and a rename), so that nothing is
ever left half-written, and plots as self-contained HTML (Plotly) or PNG (matplotlib)."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

from standoff.core.errors import UserError

PLOT_FORMATS = (".html", ".png")


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write a file via a temporary file in the same folder and a rename."""
    path = Path(path)
    if path.is_dir():
        raise UserError(f"cannot write {path}: it is a folder", hint="give a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the folder of {path}: {exc.strerror}") from None
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; output files follow the umask
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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
