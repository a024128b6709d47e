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
* ``"treaty"``: the Council voting weights of the treaty in force on the date of the
  decision (column ``finact``; for a decided issue without that date, the date of the
  proposal, ``intro``): the EU-15 weights of Art. 148(2) TEC until 30 April 2004 (total
  87), the transitional weights of the 2003 Act of Accession from 1 May to 31 October
  2004 (total 124), the Treaty of Nice weights from 1 November 2004 to 31 October 2014,
  and from 1 November 2014 the Lisbon double majority (Art. 16(4) TEU, Art. 238(3)
  TFEU), which has no vote weights, so each state counts with its population (Eurostat,
  1 January 2018, millions, to 0.1). The Commission and the Parliament each weigh as
  much as the strongest member state taking part in the issue (with only ratios
  mattering, the rule "both normalise to 100" of the reference backtest, its decision
  D10.3). This is the capability measure of the reference
  backtest the BDM replication is compared with (docs/explanation/forecast.md), which
  applies it by year; no DEU III decision falls in 2002-2004, so years and dates agree;
* ``"gdp"``: the weights row of the file (relative GDP; Commission and Parliament as
  given there);
* ``"equal"``: every actor 1.

Dates are DEU's ``DD-MM-YY`` (``YY`` >= 90 is 19YY) or ``DD-MM-YYYY``. The redistributed DEU III file
also holds cells such as ``1930-05-01``: a ``DD-MM-YY`` date (30-05-01, 30 May 2001)
that a spreadsheet read as ``YY-MM-DD``; such ``YYYY-MM-DD`` cells are read back that
way (the day is the last two digits of the first field, the year the last field).
Read this way every final act in DEU III falls on or after its proposal.

Saliences are divided by 100. A position without a salience takes salience 50 (the
midpoint of the DEU scale, ``missing_salience``); this affects 54 cells of DEU III.
``missing_salience=None`` leaves such an actor out instead (the reading of the reference
backtest, which with its rule of at least three actors per issue scores 351 issues).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

import numpy as np

from standoff.core import reader
from standoff.core.errors import Problem, UserError, did_you_mean
from standoff.core.stakeholders import Stakeholders, check_stakeholders

CapabilitySource = Literal["council", "treaty", "gdp", "equal"]
CAPABILITY_SOURCES: tuple[str, ...] = ("council", "treaty", "gdp", "equal")

#: Council votes under the Treaty of Nice (EU-28 after Croatia's accession in 2013).
NICE_VOTES: dict[str, float] = {
    "de": 29, "fr": 29, "it": 29, "uk": 29, "es": 27, "pl": 27, "ro": 14, "nl": 13,
    "be": 12, "cz": 12, "el": 12, "hu": 12, "pt": 12, "at": 10, "bu": 10, "se": 10,
    "dk": 7, "ie": 7, "lt": 7, "sk": 7, "fi": 7, "cr": 7, "cy": 4, "ee": 4, "lv": 4,
    "lu": 4, "si": 4, "mt": 3,
}
#: Commission and Parliament: the largest member-state weight.
INSTITUTION_VOTES = 29.0

#: Council votes of the EU-15, 1995 to 30 April 2004 (Art. 148(2) TEC; total 87).
EU15_VOTES: dict[str, float] = {
    "de": 10, "fr": 10, "it": 10, "uk": 10, "es": 8, "be": 5, "el": 5, "nl": 5, "pt": 5,
    "at": 4, "se": 4, "dk": 3, "ie": 3, "fi": 3, "lu": 2,
}
#: Council votes from 1 May to 31 October 2004 (2003 Act of Accession, Art. 26; total 124).
ACCESSION_2004_VOTES: dict[str, float] = {
    **EU15_VOTES, "pl": 8, "cz": 5, "hu": 5, "ee": 3, "lv": 3, "lt": 3, "si": 3, "sk": 3,
    "cy": 2, "mt": 2,
}
#: Population in millions on 1 January 2018 (Eurostat), the weight of each state under
#: the Lisbon double majority (from 1 November 2014).
LISBON_POPULATION: dict[str, float] = {
    "de": 82.8, "fr": 66.9, "uk": 66.3, "it": 60.5, "es": 46.7, "pl": 38.0, "ro": 19.5,
    "nl": 17.2, "be": 11.4, "el": 10.7, "cz": 10.6, "pt": 10.3, "se": 10.1, "hu": 9.8,
    "at": 8.8, "bu": 7.1, "dk": 5.8, "fi": 5.5, "sk": 5.4, "ie": 4.8, "cr": 4.1, "lt": 2.8,
    "si": 2.1, "lv": 1.9, "ee": 1.3, "cy": 0.9, "lu": 0.6, "mt": 0.5,
}
#: (first day, regime name, weights), in date order.
TREATY_REGIMES: tuple[tuple[date, str, dict[str, float]], ...] = (
    (date(1995, 1, 1), "EU-15", EU15_VOTES),
    (date(2004, 5, 1), "Accession 2004", ACCESSION_2004_VOTES),
    (date(2004, 11, 1), "Nice", NICE_VOTES),
    (date(2014, 11, 1), "Lisbon", LISBON_POPULATION),
)


def parse_deu_date(cell: str) -> date | None:
    """A DEU date (``DD-MM-YY``, or the redistributed file's ``YYYY-MM-DD`` misreading of
    it; see the module docstring), or ``None`` when the cell holds no date (e.g. 999)."""
    cell = cell.strip().strip('"').strip()
    if m := re.fullmatch(r"(\d\d)-(\d\d)-(\d\d\d\d)", cell):
        dd, mm, year = (int(g) for g in m.groups())
    elif m := re.fullmatch(r"(\d\d)-(\d\d)-(\d\d)|\d\d(\d\d)-(\d\d)-(\d\d)", cell):
        dd, mm, yy = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
        year = 1900 + yy if yy >= 90 else 2000 + yy
    else:
        return None
    try:
        return date(year, mm, dd)
    except ValueError:
        return None


def treaty_regime(when: date) -> tuple[str, dict[str, float]]:
    """The Council voting regime in force on ``when`` (see ``TREATY_REGIMES``)."""
    name, table = TREATY_REGIMES[0][1:]
    for start, n, t in TREATY_REGIMES:
        if when >= start:
            name, table = n, t
    return name, table


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
    regime: str | None = None  # the Council voting regime behind the capabilities ("treaty")


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
              missing_salience: float | None = 50.0) -> DEUTable:
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
        regime: str | None = None
        table_w: dict[str, float] = {}
        if capability == "treaty":
            when = next((d for d in (parse_deu_date(row[col[k]]) for k in ("finact", "intro") if k in col)
                         if d is not None), None)
            if when is None:
                problems.append(Problem(f"{shown}:{line}: no date in columns finact or intro",
                                        hint="the treaty capabilities need the date of the decision"))
                continue
            if when < TREATY_REGIMES[0][0]:
                problems.append(Problem(f"{shown}:{line}: {when.isoformat()} is before 1995, the first regime known"))
                continue
            regime, table_w = treaty_regime(when)
        names, c_, x_, s_, labels = [], [], [], [], []
        for a in actors:
            x = _number(row[col["p" + a]], f"{shown}:{line}, column p{a}", problems)
            if x is None:
                continue
            s = _number(row[col["s" + a]], f"{shown}:{line}, column s{a}", problems)
            if s is None:
                if missing_salience is None:
                    continue
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
            elif capability == "treaty":
                cap = math.nan if a in ("com", "ep") else table_w.get(a)  # institutions: set below
                if cap is None:
                    problems.append(Problem(f"{shown}:{line}, column p{a}: actor {a!r} has no Council weight "
                                            f"under the {regime} regime", hint="use --capability council"))
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
        if capability == "treaty":  # the institutions weigh as much as the strongest state taking part
            strongest = max((v for v in c_ if not math.isnan(v)), default=max(table_w.values()))
            c_ = [strongest if math.isnan(v) else v for v in c_]
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
        issues.append(DEUIssue(issue_id, line, st, rp, out, regime))
    if problems:
        shown_problems = problems[:20]
        more = f" (first 20 of {len(problems)})" if len(problems) > 20 else ""
        raise UserError(f"{shown}: {len(problems)} problem(s) in the table{more}", problems=shown_problems)
    if not issues:
        raise UserError(f"{shown}: no issues in the table")
    return DEUTable(tuple(issues), tuple(actors), capability, shown)


def read_deu(path: str | Path, *, capability: CapabilitySource = "council",
             missing_salience: float | None = 50.0) -> DEUTable:
    """Read a DEU-style table file (see :func:`parse_deu`)."""
    p = Path(path)
    text = reader.read_text(p, limit=MAX_BYTES, what="DEU table",
                            hint="give the path of a DEU table, e.g. ../shared/data/deu3.tsv")
    return parse_deu(text, shown=str(p), capability=capability, missing_salience=missing_salience)


def outcomes(table: DEUTable) -> np.ndarray:
    """Outcomes of the issues that have one, in table order."""
    return np.array([i.outcome for i in table.with_outcome], dtype=float)
