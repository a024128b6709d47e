"""Typed, JSON-serialisable results.

Every engine's answer is a :class:`Result` (a frozen pydantic model). ``to_json`` gives the
stable, documented machine-readable form printed by ``--json``; the same inputs and seed
give byte-identical JSON. Results hold numbers, names and codes; the words a reader sees
are written from them by :mod:`standoff.presenters.sections`.
"""

from __future__ import annotations

import html
import importlib
import json
from collections.abc import Callable
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from standoff.core.estimate import Estimate

#: The version of the layout of every ``--json`` output, printed first in each as
#: ``"schema_version"``. The major number changes when a field is renamed, removed or
#: changes meaning; the minor when a field is added. ``standoff schema --output COMMAND``
#: prints a command's JSON Schema, generated from these types.
SCHEMA_VERSION = "1.0"


#: The module that fills :data:`FIGURES` when imported: the presenters' figure specs.
#: Named rather than imported, because results sit below the presenters
#: (``docs/explanation/architecture.md``); :meth:`Result.plot` imports it on first use.
FIGURES_MODULE = "standoff.presenters.charts"
#: Result type -> a function ``(result, static) -> figure`` (Plotly, or matplotlib when
#: ``static``), registered by the presenters (:func:`register_figure`).
FIGURES: dict[type, Callable[[Any, bool], Any]] = {}

#: Rows shown by ``_repr_html_`` before "... N more rows".
HTML_ROWS = 10


def register_figure(result_type: type, draw: Callable[[Any, bool], Any]) -> None:
    """Say how :meth:`Result.plot` draws a result type (called by the presenters)."""
    FIGURES[result_type] = draw


def _cell(v: Any) -> Any:
    """A value as one table cell: numbers and text as they are, anything else as JSON."""
    if v is None or isinstance(v, bool | int | float | str):
        return v
    if isinstance(v, BaseModel):
        v = v.model_dump(mode="json")
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


class Result(BaseModel):
    """Base class of engine results.

    In a notebook: :meth:`tables` gives the tables behind a result (rows of plain values,
    also what ``--csv DIR`` writes), :meth:`to_frame` one of them as a pandas DataFrame,
    :meth:`plot` its figure, and a result displays as a short summary (``repr``) or a
    small HTML table (``_repr_html_``).
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=False, extra="forbid")

    #: Fields named in ``repr`` (default: the first four of plain type).
    summary_fields: ClassVar[tuple[str, ...]] = ()

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """The tables behind the result, by name, the main one first: each a list of rows
        (dicts of plain values, the same keys in every row). A result without a table of
        its own has one row of its plain fields."""
        row = {k: _cell(v) for k, v in self.to_dict().items()}
        return {type(self).__name__.lower(): [row]}

    def to_frame(self, table: str | None = None) -> Any:
        """A table of :meth:`tables` (the main one by default) as a pandas DataFrame
        (the ``frames`` extra)."""
        from standoff.core.extras import need

        pd = need("pandas", "frames", "to_frame()")
        tables = self.tables()
        name = next(iter(tables)) if table is None else table
        if name not in tables:
            from standoff.core.errors import UserError, did_you_mean

            raise UserError(f"{type(self).__name__} has no table {name!r}",
                            hint=did_you_mean(name, tables) + f"; its tables: {', '.join(tables)}")
        return pd.DataFrame(tables[name])

    def plot(self, *, static: bool = False) -> Any:
        """The result's figure: a Plotly figure (``static=True``: a matplotlib one), from
        the same spec as ``--plot`` and the HTML brief (the ``plot`` extra)."""
        if type(self) not in FIGURES:
            importlib.import_module(FIGURES_MODULE)
        for cls in type(self).__mro__:
            if cls in FIGURES:
                return FIGURES[cls](self, static)
        from standoff.core.errors import UserError

        raise UserError(f"no figure is drawn for a {type(self).__name__}")

    def _plain_fields(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in type(self).model_fields}

    def __repr__(self) -> str:
        fields = self._plain_fields()
        names = self.summary_fields or tuple(
            k for k, v in fields.items() if v is None or isinstance(v, bool | int | float | str))[:4]
        parts = []
        for k in names:
            v = fields[k]
            if isinstance(v, list | dict):
                v = f"<{len(v)} {'items' if isinstance(v, list) else 'keys'}>"
            elif isinstance(v, float):
                v = float(f"{v:.4g}")
            parts.append(f"{k}={v!r}" if not isinstance(v, str) or not v.startswith("<") else f"{k}={v}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def __str__(self) -> str:
        return self.__repr__()

    def _repr_html_(self) -> str:
        """A small table (the main table's first rows), for notebooks."""
        name, rows = next(iter(self.tables().items()))
        cols = list(rows[0]) if rows else []
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in cols)

        def fmt(v: Any) -> str:
            text = f"{v:.4g}" if isinstance(v, float) else ("" if v is None else str(v))
            return html.escape(text if len(text) <= 80 else text[:79] + "…")

        body = "".join("<tr>" + "".join(f"<td>{fmt(r.get(c))}</td>" for c in cols) + "</tr>"
                       for r in rows[:HTML_ROWS])
        more = (f"<p>… {len(rows) - HTML_ROWS} more rows (<code>.to_frame({name!r})</code>)</p>"
                if len(rows) > HTML_ROWS else "")
        return (f"<div><p><b>{html.escape(repr(self))}</b></p>"
                f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}</div>")

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_json(self, *, indent: int | None = 2) -> str:
        return dumps(self.to_dict(), indent=indent)

    def to_output(self) -> dict[str, Any]:
        """The result as a command prints it with ``--json``: ``schema_version`` first."""
        return {"schema_version": SCHEMA_VERSION, **self.to_dict()}


class Note(Result):
    """Something a reader should know about a result, as a code with its data; the
    presenters phrase it (:mod:`standoff.presenters.sections.notes`)."""

    code: str
    data: dict[str, Any] = Field(default_factory=dict)


def dumps(data: Any, *, indent: int | None = 2) -> str:
    """Stable JSON text: keys in model order, NaN and infinity refused."""
    return json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)


__all__ = ["FIGURES", "SCHEMA_VERSION", "Estimate", "Note", "Result", "dumps", "register_figure"]
