"""Read DEU-style position tables (Decision-making in the European Union).

Format (as redistributed with DEU III: Arregui & Perarnaud 2021, doi:10.34810/data53):
tab-separated, a header row, one row per contested issue. Columns ``p<actor>`` hold
positions (0-100) and ``s<actor>`` saliences (0-100) for the Commission (``com``), the
Parliament (``ep``) and the member states (two-letter codes); ``rp`` is the reference
point and ``out`` the decision outcome. An empty cell means "no position recorded": the
actor is left out of that issue. A row with no issue id whose ``p`` cells hold numbers is
a weights row (the redistributed DEU III file carries relative GDPs there); it is read
as such, never as an issue.

Capabilities. DEU records none, so they come from a documented source chosen *before*
looking at any score (choosing among sources by DEU error would be tuning):

* ``"council"`` (the default): member states' weighted votes in the Council under the
  Treaty of Nice (Art. 205 TEC as amended; in force 2004-2014 and for most files of DEU
  III), the standard capability measure of the DEU literature (Thomson et al. 2006, *The
  European Union Decides*); the Commission and the Parliament each take the largest
  member-state weight (29), the convention of the weights row of the redistributed file;
* ``"gdp"``: the weights row of the file (relative GDP; Commission and Parliament as
  given there);
* ``"equal"``: every actor 1.

Saliences are divided by 100. A position without a salience takes salience 50 (the
midpoint of the DEU scale, ``missing_salience``); this affects 54 cells of DEU III.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from standoff.core import reader
from standoff.core.errors import Problem, UserError, did_you_mean
from standoff.engines.forecast.stakeholders import Stakeholders, check_stakeholders

CapabilitySource = Literal["council", "gdp", "equal"]
CAPABILITY_SOURCES: tuple[str, ...] = ("council", "gdp", "equal")

#: Council votes under the Treaty of Nice (EU-28 after Croatia's accession in 2013).
NICE_VOTES: dict[str, float] = {
    "de": 29, "fr": 29, "it": 29, "uk": 29, "es": 27, "pl": 27, "ro": 14, "nl": 13,
    "be": 12, "cz": 12, "el": 12, "hu": 12, "pt": 12, "at": 10, "bu": 10, "se": 10,
    "dk": 7, "ie": 7, "lt": 7, "sk": 7, "fi": 7, "cr": 7, "cy": 4, "ee": 4, "lv": 4,
    "lu": 4, "si": 4, "mt": 3,
}
#: Commission and Parliament: the largest member-state weight.
INSTITUTION_VOTES = 29.0

#: Largest DEU table accepted, in bytes (DEU III, 353 issues, is 88 KB).
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class DEUIssue:
    """One row: the stakeholders with a position, the reference point and the outcome."""

    id: str
    line: int
    stakeholders: Stakeholders
    reference: float | None
    outcome: float | None


@dataclass(frozen=True)
class DEUTable:
    issues: tuple[DEUIssue, ...]
    actors: tuple[str, ...]
    capability_source: str
    path: str

    def issue(self, issue_id: str) -> DEUIssue:
        for iss in self.issues:
            if iss.id == issue_id:
                return iss
        raise UserError(f"{self.path}: no issue {issue_id!r}", hint=did_you_mean(issue_id, [i.id for i in self.issues]))

    @property
    def with_outcome(self) -> tuple[DEUIssue, ...]:
        return tuple(i for i in self.issues if i.outcome is not None)


def _number(cell: str, where: str, problems: list[Problem]) -> float | None:
    cell = cell.strip().strip('"').strip()
    if cell == "" or cell.upper() == "NA":
        return None
    try:
        v = float(cell)
    except ValueError:
        problems.append(Problem(f"{where}: {cell!r} is not a number"))
        return None
    if not math.isfinite(v):
        problems.append(Problem(f"{where}: {cell!r} is not a finite number"))
        return None
    return v


def parse_deu(text: str, *, shown: str = "<deu>", capability: CapabilitySource = "council",
              missing_salience: float = 50.0) -> DEUTable:
    """Parse the text of a DEU-style table (see the module docstring)."""
    if capability not in CAPABILITY_SOURCES:
        raise UserError(f"unknown capability source {capability!r}", hint=did_you_mean(capability, CAPABILITY_SOURCES))
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter="\t", quotechar='"'))
    except csv.Error as exc:
        raise UserError(f"{shown}: not a readable tab-separated table ({exc})") from None
    if not rows or not any(c.strip() for c in rows[0]):
        raise UserError(f"{shown}: the table is empty")
    header = [h.strip() for h in rows[0]]
    col = {h: k for k, h in enumerate(header)}
    actors = [h[1:] for h in header if h.startswith("p") and "s" + h[1:] in col and len(h) > 1]
    if len(actors) < 2:
        raise UserError(
            f"{shown}:1: the header names fewer than two actors",
            hint="expected position columns p<actor> with matching salience columns s<actor>, e.g. pcom and scom",
        )
    id_col = next((c for c in ("isnr", "id", "issue") if c in col), None)
    if id_col is None:
        raise UserError(f"{shown}:1: no issue id column", hint="expected a column 'isnr' (or 'id')")
    gdp: dict[str, float] | None = None
    issues: list[DEUIssue] = []
    problems: list[Problem] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            problems.append(Problem(f"{shown}:{line}: {len(row)} cells where the header has {len(header)}"))
            continue
        issue_id = row[col[id_col]].strip()
        if not issue_id:  # a weights row
            vals = {a: _number(row[col["p" + a]], f"{shown}:{line}, column p{a}", problems) for a in actors}
            gdp = {a: v for a, v in vals.items() if v is not None}
            continue
        names, c_, x_, s_, labels = [], [], [], [], []
        for a in actors:
            x = _number(row[col["p" + a]], f"{shown}:{line}, column p{a}", problems)
            if x is None:
                continue
            s = _number(row[col["s" + a]], f"{shown}:{line}, column s{a}", problems)
            if s is None:
                s = missing_salience
            if not 0.0 <= s <= 100.0:
                problems.append(Problem(f"{shown}:{line}, column s{a}: salience {s:g} is outside 0-100"))
                continue
            if not 0.0 <= x <= 100.0:
                problems.append(Problem(f"{shown}:{line}, column p{a}: position {x:g} is outside 0-100"))
                continue
            if capability == "council":
                cap = INSTITUTION_VOTES if a in ("com", "ep") else NICE_VOTES.get(a)
                if cap is None:
                    problems.append(Problem(f"{shown}:1, column p{a}: no Council weight for actor {a!r}",
                                            hint="use --capability gdp or equal"))
                    continue
            elif capability == "gdp":
                if gdp is None or a not in gdp:
                    problems.append(Problem(f"{shown}:{line}, column p{a}: no GDP weight for actor {a!r}",
                                            hint="the weights row (second row) must come before the issues"))
                    continue
                cap = gdp[a]
            else:
                cap = 1.0
            names.append(a)
            c_.append(cap)
            x_.append(x)
            s_.append(s / 100.0)
            labels.append(f"{shown}:{line}")
        rp = _number(row[col["rp"]], f"{shown}:{line}, column rp", problems) if "rp" in col else None
        out = _number(row[col["out"]], f"{shown}:{line}, column out", problems) if "out" in col else None
        if out is not None and not 0.0 <= out <= 100.0:
            problems.append(Problem(f"{shown}:{line}, column out: outcome {out:g} is outside 0-100"))
            out = None
        if len(problems) > 50:
            break
        try:
            st = check_stakeholders(
                names, c_, x_, s_, issue=issue_id, where=f"{shown}:{line}", rows=labels,
                columns={"capability": "capability", "position": "p<actor>", "salience": "s<actor>"},
            )
        except UserError as exc:
            problems.append(Problem(exc.format()))
            continue
        issues.append(DEUIssue(issue_id, line, st, rp, out))
    if problems:
        shown_problems = problems[:20]
        more = f" (first 20 of {len(problems)})" if len(problems) > 20 else ""
        raise UserError(f"{shown}: {len(problems)} problem(s) in the table{more}", problems=shown_problems)
    if not issues:
        raise UserError(f"{shown}: no issues in the table")
    return DEUTable(tuple(issues), tuple(actors), capability, shown)


def read_deu(path: str | Path, *, capability: CapabilitySource = "council",
             missing_salience: float = 50.0) -> DEUTable:
    """Read a DEU-style table file (see :func:`parse_deu`)."""
    p = Path(path)
    text = reader.read_text(p, limit=MAX_BYTES, what="DEU table",
                            hint="give the path of a DEU table, e.g. ../shared/data/deu3.tsv")
    return parse_deu(text, shown=str(p), capability=capability, missing_salience=missing_salience)


def outcomes(table: DEUTable) -> np.ndarray:
    """Outcomes of the issues that have one, in table order."""
    return np.array([i.outcome for i in table.with_outcome], dtype=float)
