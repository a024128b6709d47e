"""Read a stakeholder table: a CSV with columns Actor, Capability, Position, Salience.

The layout of Bueno de Mesquita's worked examples (e.g. the EU car-emissions case,
Bueno de Mesquita 1994, as tabulated in Scholz, Calbert & Smith 2011, Table 1): one row
per actor, positions on the issue's scale, capabilities on any non-negative scale (only
ratios matter), saliences either in [0, 1] or in percent.

Scale rules, stated once: positions must lie in 0-100. Saliences are read as fractions
when every value is at most 1, and as percentages (divided by 100) otherwise; a salience
above 100 is an error. Every problem names its line and column; the command line turns
it into exit status 2.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from standoff.core import reader
from standoff.core.errors import Problem, UserError, did_you_mean
from standoff.core.stakeholders import Stakeholders, check_stakeholders

COLUMNS = ("Actor", "Capability", "Position", "Salience")

#: Largest stakeholder table accepted, in bytes (a table of 100 actors is about 5 KB).
MAX_BYTES = 5 * 1024 * 1024


def parse_positions(text: str, *, shown: str = "<csv>", issue: str | None = None) -> Stakeholders:
    """Parse the CSV text of a stakeholder table."""
    reader = csv.reader(io.StringIO(text))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise UserError(f"{shown}: not a readable CSV table ({exc})") from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise UserError(f"{shown}: the table is empty", hint=f"expected a header row {', '.join(COLUMNS)}")
    header = [h.strip() for h in rows[0]]
    lower = {h.lower(): k for k, h in enumerate(header)}
    index: dict[str, int] = {}
    problems: list[Problem] = []
    for col in COLUMNS:
        if col.lower() not in lower:
            problems.append(Problem(f"{shown}:1: missing column {col!r}", hint=did_you_mean(col, header)))
        else:
            index[col] = lower[col.lower()]
    if problems:
        raise UserError(f"{shown}: the header row must name {', '.join(COLUMNS)}", problems=problems)
    names: list[str] = []
    labels: list[str] = []
    values: dict[str, list[float]] = {c: [] for c in COLUMNS[1:]}
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            problems.append(Problem(f"{shown}:{line}: {len(row)} cells where the header has {len(header)}"))
            continue
        name = row[index["Actor"]].strip()
        if not name:
            problems.append(Problem(f"{shown}:{line}, column Actor: empty actor name"))
        for col in COLUMNS[1:]:
            cell = row[index[col]].strip()
            try:
                value = float(cell)
            except ValueError:
                problems.append(Problem(f"{shown}:{line}, column {col}: {cell[:40]!r} is not a number"))
                value = float("nan")
            else:
                if not math.isfinite(value):
                    problems.append(Problem(f"{shown}:{line}, column {col}: {cell[:40]!r} is not a finite number",
                                            hint="write a plain number"))
            values[col].append(value)
        names.append(name)
        labels.append(f"{shown}:{line}")
    if problems:
        raise UserError(f"{shown}: {len(problems)} problem(s) in the table", problems=problems)
    seen: dict[str, int] = {}
    for k, n in enumerate(names):
        if n in seen:
            problems.append(Problem(f"{labels[k]}, column Actor: actor {n!r} repeats line {seen[n]}"))
        seen.setdefault(n, k + 2)
    if problems:
        raise UserError(f"{shown}: duplicate actors", problems=problems)
    sal = values["Salience"]
    if any(v > 1.0 for v in sal if v == v):
        too_big = [k for k, v in enumerate(sal) if v > 100.0]
        if too_big:
            raise UserError(
                f"{shown}: saliences must be in 0-1 or 0-100",
                problems=[Problem(f"{labels[k]} ({names[k]}), column Salience: {sal[k]:g} is above 100") for k in too_big],
            )
        sal = [v / 100.0 for v in sal]
    return check_stakeholders(
        names, values["Capability"], values["Position"], sal,
        issue=issue or Path(shown).stem, where=shown, rows=labels,
    )


def read_positions(path: str | Path) -> Stakeholders:
    """Read a stakeholder CSV file (see :func:`parse_positions`)."""
    p = Path(path)
    text = reader.read_text(p, limit=MAX_BYTES, what="stakeholder table")
    return parse_positions(text, shown=str(p), issue=p.stem)
