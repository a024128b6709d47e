"""``standoff ledger``: a sealed, append-only record of live forecasts.

A ledger is a JSON-lines file; each line is one entry, written in canonical JSON (keys
sorted, no spaces, UTF-8), so that any change to any byte of a line is detected:

* ``record`` assesses a scenario and appends an entry holding the date and time (UTC),
  the tool's version, the sha256 of the scenario file's bytes, the headline itself
  (every question answered, with ``p`` and its interval) and the sha256 of its canonical
  JSON, which questions were still open (their date not yet passed), the hash of the
  previous entry (``prev``; 64 zeros for the first) and the entry's own ``hash``: the
  sha256 of the canonical JSON of everything else in it. Each entry thus seals the whole
  ledger before it (a hash chain, as in Haber & Stornetta 1991).
* ``verify`` checks every line: canonical form, sequence number, the result's hash, the
  entry's hash and the chain; the first bad line is reported with its number (exit 2).
* ``score`` grades the recorded answers whose questions an outcome file resolves, with
  Brier and logarithmic scores; answers recorded after their question's date are listed
  apart and never averaged.

The file is only ever opened for appending; ``record`` verifies it first (under an
exclusive lock where the platform has one) and refuses to add to a ledger that fails.
Deleting the last entries leaves a valid shorter chain: keep the head hash that ``verify``
prints somewhere else to detect that too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from standoff.core.errors import UserError
from standoff.presenters.cli.app import JsonOpt, SeedOpt, app, console, emit_json, print_table
from standoff.presenters.sections import backtest as words
from standoff.presenters.text import markup
from standoff.results.backtest import GradedAnswer, LedgerCheck, LedgerScore

#: The ledger's format version.
LEDGER_VERSION = 1
#: ``prev`` of the first entry.
GENESIS = "0" * 64
#: The ledger ``record`` and ``verify`` use unless told otherwise.
DEFAULT_LEDGER = "standoff-ledger.jsonl"
#: Largest ledger read (about 20,000 entries of a typical size); the ledger is read whole
#: to be verified before every append.
MAX_BYTES = 256 * 1024 * 1024
#: The keys of an entry.
KEYS = frozenset({"ledger", "seq", "recorded", "tool", "scenario", "open", "result", "result_sha256", "prev", "hash"})

ledger_app = typer.Typer(help="A sealed, append-only ledger of live forecasts: record, verify, score.",
                         no_args_is_help=True)
app.add_typer(ledger_app, name="ledger")

LedgerOpt = Annotated[Path, typer.Option("--ledger", help="The ledger file (JSON lines).")]


# ------------------------------------------------------------------------ hashing
def canonical(obj: Any) -> str:
    """The canonical JSON of ``obj``: keys sorted, no spaces, UTF-8, no NaN."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def sha256(data: str | bytes) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def entry_hash(entry: dict[str, Any]) -> str:
    """The hash of an entry: the sha256 of the canonical JSON of all its keys but ``hash``."""
    return sha256(canonical({k: v for k, v in entry.items() if k != "hash"}))


def _now() -> dt.datetime:
    """The time an entry is recorded (UTC, to the second)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


# ----------------------------------------------------------------------- checking
def check(data: bytes, shown: str) -> list[dict[str, Any]]:
    """The entries of a ledger's bytes, each checked (module docstring); a
    :class:`UserError` naming the first bad line otherwise."""
    if not data:
        return []
    lines = data.split(b"\n")
    if lines[-1] != b"":
        raise UserError(f"{shown}:{len(lines)}: the last line is incomplete (no end of line)",
                        hint="the ledger was cut off or edited; restore it from a copy")
    entries: list[dict[str, Any]] = []
    prev = GENESIS
    for i, raw in enumerate(lines[:-1], 1):
        def bad(what: str, i: int = i) -> UserError:
            return UserError(f"{shown}:{i}: {what}", hint="a ledger entry is never edited; restore it from a copy")

        try:
            text = raw.decode("utf-8")
            entry = json.loads(text)
        except (UnicodeDecodeError, ValueError):
            raise bad("not a JSON entry") from None
        if not isinstance(entry, dict) or set(entry) != KEYS:
            raise bad("not a ledger entry (its keys differ)")
        try:
            same = canonical(entry) == text
        except ValueError:
            same = False
        if not same:
            raise bad("not in canonical form: the line was edited")
        if entry["ledger"] != LEDGER_VERSION:
            raise bad(f"unknown ledger version {entry['ledger']!r}")
        if entry["seq"] != i:
            raise bad(f"sequence number {entry['seq']!r} where {i} was expected (an entry was removed or moved)")
        if entry["prev"] != prev:
            raise bad("the chain is broken: 'prev' is not the hash of the entry before")
        if sha256(canonical(entry["result"])) != entry["result_sha256"]:
            raise bad("the result does not match its sha256")
        if entry_hash(entry) != entry["hash"]:
            raise bad("the entry does not match its hash")
        prev = entry["hash"]
        entries.append(entry)
    return entries


def read(path: Path) -> list[dict[str, Any]]:
    """The checked entries of the ledger at ``path`` (which must exist), read by the
    bounded reader (regular files only, at most :data:`MAX_BYTES`)."""
    from standoff.core import reader

    data = reader.read_bytes(path, limit=MAX_BYTES, what="ledger",
                             hint="record a forecast first: standoff ledger record SCENARIO")
    return check(data, str(path))


@contextmanager
def _locked(fh: IO[bytes]) -> Iterator[None]:
    """An exclusive lock on an open file where the platform has ``fcntl`` (POSIX)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def append(path: Path, make: Any) -> dict[str, Any]:
    """Verify the ledger and append the entry ``make(seq, prev)`` builds, as one line, to
    a file opened for appending only (created if missing; a regular file, at most
    :data:`MAX_BYTES`)."""
    import stat

    from standoff.core import reader

    if path.exists() and not reader.is_regular_file(path):
        raise UserError(f"{path} is not a regular file, so it cannot be a ledger")
    try:
        fh = open(path, "ab+")  # noqa: SIM115 - closed below; append mode: nothing is ever overwritten
    except OSError as exc:
        raise UserError(f"cannot open {path}: {exc.strerror}") from None
    with fh, _locked(fh):
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # swapped after the check
            raise UserError(f"{path} is not a regular file, so it cannot be a ledger")
        fh.seek(0)
        data = fh.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise UserError(f"{path}: the ledger is larger than the {reader.describe_size(MAX_BYTES)} limit",
                            hint="start a new ledger file and keep the old one's head hash")
        entries = check(data, str(path))
        prev = entries[-1]["hash"] if entries else GENESIS
        entry = make(len(entries) + 1, prev)
        fh.write((canonical(entry) + "\n").encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())
    return entry


# ------------------------------------------------------------------------ commands
@ledger_app.command("record")
def record(
    scenario: Annotated[str, typer.Argument(help="A bundled scenario name or a scenario file.")],
    ledger: LedgerOpt = Path(DEFAULT_LEDGER),
    draws: Annotated[int | None, typer.Option("--draws", help="Monte Carlo draws (default: the same as standoff assess).")] = None,
    seed: SeedOpt = 0,
    as_json: JsonOpt = False,
) -> None:
    """Assess a scenario and append its answers, sealed, to the ledger."""
    import standoff
    from standoff.assess import DEFAULT_DRAWS, headline
    from standoff.presenters.sections.notes import phrase
    from standoff.results import Note
    from standoff.scenario import Scenario, loader

    n = DEFAULT_DRAWS if draws is None else draws
    if n < 10:
        raise UserError(f"--draws {n}: too few draws to assess a case", hint=f"give 10 or more (the default is {DEFAULT_DRAWS:,})")
    from standoff.core import reader

    path = loader.resolve_source(scenario)
    data = reader.read_bytes(path, limit=loader.MAX_BYTES, what="scenario file",
                             hint="check the path, or run `standoff list`")
    scn = Scenario.from_text(loader.decode(data, str(path)), shown=scenario, path=path)
    if not scn.spec.questions:
        raise UserError(f"{scenario}: the scenario asks no question, so there is nothing to record",
                        hint="add dated questions under `questions:`")
    h = headline(scn, draws=n, seed=seed, details=False)
    if isinstance(h, Note):
        raise UserError(f"{scn.id}: " + phrase(h, scn.case()))
    result = h.to_dict()
    now = _now()
    today = now.date()

    def make(seq: int, prev: str) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "ledger": LEDGER_VERSION,
            "seq": seq,
            "recorded": now.isoformat().replace("+00:00", "Z"),
            "tool": {"name": "standoff", "version": standoff.__version__},
            "scenario": {"id": scn.id, "title": scn.title, "as_of": scn.spec.as_of.isoformat(), "source": scenario,
                         "sha256": sha256(data)},
            "open": [q.id for q in scn.spec.questions if q.by >= today],
            "result": result,
            "result_sha256": sha256(canonical(result)),
            "prev": prev,
        }
        entry["hash"] = entry_hash(entry)
        return entry

    entry = append(ledger, make)
    if as_json:
        emit_json(entry)
        return
    for line in words.recorded_lines(entry, str(ledger)):
        console.print(markup(line), soft_wrap=True)


@ledger_app.command("verify")
def verify(ledger: LedgerOpt = Path(DEFAULT_LEDGER), as_json: JsonOpt = False) -> None:
    """Check every entry's hashes and the chain; exit 2 at the first bad line."""
    entries = read(ledger)
    res = LedgerCheck(ledger=str(ledger), entries=len(entries), head=entries[-1]["hash"] if entries else None)
    if as_json:
        emit_json(res)
        return
    console.print(markup(words.check_line(res)), soft_wrap=True)


def _outcome(source: str) -> Any:
    """An outcome file by path, or the outcome of a bundled closed case by name."""
    from standoff.scenario import bundled_outcome_path
    from standoff.scenario.outcome import load_outcome

    p = Path(source)
    if p.exists() or p.suffix in (".yaml", ".yml") or "/" in source:
        return load_outcome(p)
    bundled = bundled_outcome_path(source)
    if bundled is None:
        raise UserError(f"no outcome file {source!r}, and no bundled closed case of that name",
                        hint="give the path of an outcome file (outcomes/<id>.yaml)")
    return load_outcome(bundled)


@ledger_app.command("score")
def score(
    outcomes: Annotated[list[str], typer.Argument(
        help="Outcome files (or the names of bundled closed cases) that resolve recorded questions.")],
    ledger: LedgerOpt = Path(DEFAULT_LEDGER),
    as_json: JsonOpt = False,
) -> None:
    """Grade the recorded answers whose questions have resolved (Brier and log scores)."""
    from standoff.core import reader
    from standoff.engines.scoring import brier, log_score
    from standoff.scenario import loader

    entries = read(ledger)
    resolved: dict[str, tuple[dict[str, bool], str]] = {}
    for source in outcomes:
        loaded = _outcome(source)
        if loaded.id in resolved:
            raise UserError(f"{source}: a second outcome for {loaded.id!r}")
        spath = loaded.scenario.path
        digest = "" if spath is None else sha256(reader.read_bytes(spath, limit=loader.MAX_BYTES, what="scenario file"))
        resolved[loaded.id] = (dict(loaded.outcome.questions), digest)
    graded: list[GradedAnswer] = []
    unresolved = 0
    for e in entries:
        answers, digest = resolved.get(e["scenario"]["id"], ({}, ""))
        for q in e["result"]["questions"]:
            if q["id"] not in answers:
                unresolved += 1
                continue
            y = 1.0 if answers[q["id"]] else 0.0
            graded.append(GradedAnswer(
                entry=e["seq"], recorded=e["recorded"], scenario=e["scenario"]["id"], question=q["id"], by=q["by"],
                p=q["p"], outcome=bool(y), brier=round(float(brier(q["p"], y)), 10),
                log=round(float(log_score(q["p"], y)), 10), in_time=q["id"] in e["open"],
                same_scenario=digest == e["scenario"]["sha256"]))
    timely = [g for g in graded if g.in_time]
    res = LedgerScore(
        ledger=str(ledger), entries=len(entries), graded=graded, unresolved=unresolved,
        brier=round(sum(g.brier for g in timely) / len(timely), 10) if timely else None,
        log=round(sum(g.log for g in timely) / len(timely), 10) if timely else None,
        coin_brier=0.25 if timely else None,
        coin_log=round(float(log_score(0.5, 1.0)), 10) if timely else None,
        late=len(graded) - len(timely),
    )
    if as_json:
        emit_json(res)
        return
    if graded:
        print_table(words.score_title(res), words.SCORE_COLUMNS, words.score_rows(res))
    for line in words.score_lines(res):
        console.print(markup(line))
