"""The sealed forecast ledger (``standoff ledger``): record, verify and score round-trip;
any edit to any byte of any line fails verification with the line's number and status 2;
the file is only ever appended to, and nothing is appended to a ledger that fails."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from pathlib import Path
from typing import Any

import pytest

from standoff.presenters.cli import ledger_commands as lc
from standoff.scenario import bundled_outcome_path, bundled_path
from tests.helpers import CliRun, run_cli

DRAWS = "30"
#: a closed case (its outcome is bundled), recorded as if before its questions' dates
CASE = "lesotho-1994"
BEFORE = dt.datetime(1994, 8, 27, 12, 0, 0, tzinfo=dt.UTC)
AFTER = dt.datetime(2026, 12, 1, 9, 30, 0, tzinfo=dt.UTC)


def _at(monkeypatch: pytest.MonkeyPatch, when: dt.datetime) -> None:
    monkeypatch.setattr(lc, "_now", lambda: when)


def _ok(res: CliRun) -> CliRun:
    assert res.code == 0, res.stderr
    return res


def _fails(res: CliRun) -> CliRun:
    assert res.code == 2, (res.code, res.stdout, res.stderr)
    assert "Traceback" not in res.stderr and res.stderr.strip()
    return res


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger of two entries recorded by the command: the case before its dates, then
    the documented example after its dates."""
    d = tmp_path_factory.mktemp("ledger")
    ledger = d / "ledger.jsonl"
    mp = pytest.MonkeyPatch()
    try:
        mp.setattr(lc, "_now", lambda: BEFORE)
        _ok(run_cli("ledger", "record", CASE, "--ledger", str(ledger), "--draws", DRAWS))
        mp.setattr(lc, "_now", lambda: AFTER)
        _ok(run_cli("ledger", "record", str(Path(__file__).parents[1] / "docs/examples/minimal.yaml"),
                    "--ledger", str(ledger), "--draws", DRAWS))
    finally:
        mp.undo()
    return ledger


def _entries(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_record_writes_a_sealed_chained_entry(recorded: Path) -> None:
    first, second = _entries(recorded)
    assert first["seq"] == 1 and second["seq"] == 2
    assert first["prev"] == lc.GENESIS and second["prev"] == first["hash"]
    assert first["recorded"] == "1994-08-27T12:00:00Z"
    assert first["tool"]["version"] and first["scenario"]["id"] == CASE
    assert first["scenario"]["sha256"] == lc.sha256(bundled_path(CASE).read_bytes())
    assert first["result_sha256"] == lc.sha256(lc.canonical(first["result"]))
    assert first["hash"] == lc.entry_hash(first)
    asked = [q["id"] for q in first["result"]["questions"]]
    assert first["open"] == asked, "every question was still open on the recording date"
    assert second["open"] == [], "the example's question date had passed"
    for line in recorded.read_text(encoding="utf-8").splitlines():
        assert line == lc.canonical(json.loads(line))


def test_verify_and_score_round_trip(recorded: Path) -> None:
    res = _ok(run_cli("ledger", "verify", "--ledger", str(recorded), "--json"))
    check = json.loads(res.stdout)
    assert check["entries"] == 2 and check["head"] == _entries(recorded)[-1]["hash"]
    res = _ok(run_cli("ledger", "score", CASE, "--ledger", str(recorded), "--json"))
    d = json.loads(res.stdout)
    first = _entries(recorded)[0]
    outcome = bundled_outcome_path(CASE)
    assert outcome is not None
    answers = {q["id"]: q["p"] for q in first["result"]["questions"]}
    assert {g["question"] for g in d["graded"]} == set(answers)
    for g in d["graded"]:
        y = 1.0 if g["outcome"] else 0.0
        assert g["in_time"] and g["same_scenario"] and g["entry"] == 1
        assert g["brier"] == pytest.approx((answers[g["question"]] - y) ** 2)
        q = min(max(answers[g["question"]] if y else 1 - answers[g["question"]], 0.001), 0.999)
        assert g["log"] == pytest.approx(-math.log(q))
    assert d["brier"] == pytest.approx(sum(g["brier"] for g in d["graded"]) / len(d["graded"]))
    assert d["coin_brier"] == 0.25 and d["late"] == 0
    assert d["unresolved"] == 1  # the example's question: no outcome given for it
    text = _ok(run_cli("ledger", "score", CASE, "--ledger", str(recorded)))
    assert "recorded in time: mean Brier" in text.stdout


def test_answers_recorded_after_their_date_are_not_averaged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = tmp_path / "late.jsonl"
    _at(monkeypatch, AFTER)
    res = _ok(run_cli("ledger", "record", CASE, "--ledger", str(ledger), "--draws", DRAWS))
    assert "not a forecast" in res.stdout
    d = json.loads(_ok(run_cli("ledger", "score", CASE, "--ledger", str(ledger), "--json")).stdout)
    assert d["graded"] and not any(g["in_time"] for g in d["graded"])
    assert d["brier"] is None and d["late"] == len(d["graded"])


def test_the_ledger_is_only_appended_to(recorded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = tmp_path / "copy.jsonl"
    before = recorded.read_bytes()
    ledger.write_bytes(before)
    _at(monkeypatch, AFTER)
    _ok(run_cli("ledger", "record", CASE, "--ledger", str(ledger), "--draws", DRAWS))
    after = ledger.read_bytes()
    assert after.startswith(before) and after.count(b"\n") == 3
    third = _entries(ledger)[-1]
    assert third["seq"] == 3 and third["prev"] == _entries(recorded)[-1]["hash"]


def _edits(data: bytes, positions: list[int]) -> list[bytes]:
    """Edited copies: each byte at ``positions`` replaced by another, deleted, and a byte
    inserted before it."""
    out = []
    for i in positions:
        out.append(data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1:])
        out.append(data[:i] + data[i + 1:])
        out.append(data[:i] + b" " + data[i:])
    return out


def _small_ledger(tmp_path: Path) -> bytes:
    """A ledger of three short entries written by the ledger's own append."""
    path = tmp_path / "small.jsonl"
    for k in range(3):
        def make(seq: int, prev: str, k: int = k) -> dict[str, Any]:
            entry: dict[str, Any] = {
                "ledger": lc.LEDGER_VERSION, "seq": seq, "recorded": f"2026-01-0{k + 1}T00:00:00Z",
                "tool": {"name": "standoff", "version": "0"}, "scenario": {"id": "x", "sha256": "ab"},
                "open": ["q"], "result": {"questions": [{"id": "q", "p": 0.25 + 0.1 * k, "by": "2026-06-01"}]},
                "prev": prev}
            entry["result_sha256"] = lc.sha256(lc.canonical(entry["result"]))
            entry["hash"] = lc.entry_hash(entry)
            return entry

        lc.append(path, make)
    return path.read_bytes()


def test_any_edit_to_any_byte_fails(tmp_path: Path) -> None:
    data = _small_ledger(tmp_path)
    assert len(lc.check(data, "small")) == 3
    for edited in _edits(data, list(range(len(data) - 1))):
        with pytest.raises(lc.UserError) as exc:
            lc.check(edited, "small")
        assert exc.value.message.startswith("small:")


def test_a_hand_edited_entry_fails_verification_with_its_line(recorded: Path, tmp_path: Path) -> None:
    data = recorded.read_bytes()
    first_end = data.index(b"\n")
    # every byte would take too long on full entries: a spread of positions, the hashes, the newline
    positions = sorted({*range(0, len(data) - 1, 97), first_end, first_end - 3, *range(8, 80)})
    for edited in _edits(data, positions):
        with pytest.raises(lc.UserError):
            lc.check(edited, "x")
    # the command: an edited probability in the second entry, reported at line 2, status 2
    lines = data.decode("utf-8").splitlines(keepends=True)
    entry = json.loads(lines[1])
    entry["result"]["questions"][0]["p"] = 0.99
    lines[1] = lc.canonical(entry) + "\n"
    bad = tmp_path / "edited.jsonl"
    bad.write_text("".join(lines), encoding="utf-8")
    res = _fails(run_cli("ledger", "verify", "--ledger", str(bad)))
    assert f"{bad}:2:" in res.stderr
    # swapped lines, a removed first line
    swapped = tmp_path / "swapped.jsonl"
    swapped.write_text(lines[1] + lines[0], encoding="utf-8")
    assert f"{swapped}:1:" in _fails(run_cli("ledger", "verify", "--ledger", str(swapped))).stderr
    cut = tmp_path / "cut.jsonl"
    cut.write_text(data.decode("utf-8").splitlines(keepends=True)[1], encoding="utf-8")
    assert f"{cut}:1:" in _fails(run_cli("ledger", "verify", "--ledger", str(cut))).stderr


def test_removing_the_last_entries_changes_the_head(recorded: Path, tmp_path: Path) -> None:
    """A chain cannot see its own tail cut off; the head hash ``verify`` prints can."""
    data = recorded.read_bytes()
    shorter = tmp_path / "shorter.jsonl"
    shorter.write_bytes(data[: data.index(b"\n") + 1])
    full = json.loads(_ok(run_cli("ledger", "verify", "--ledger", str(recorded), "--json")).stdout)
    cut = json.loads(_ok(run_cli("ledger", "verify", "--ledger", str(shorter), "--json")).stdout)
    assert cut["entries"] == 1 and cut["head"] != full["head"]


def test_nothing_is_appended_to_a_ledger_that_fails(recorded: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    data = bytearray(recorded.read_bytes())
    data[40] ^= 0x01
    bad.write_bytes(bytes(data))
    res = _fails(run_cli("ledger", "record", CASE, "--ledger", str(bad), "--draws", DRAWS))
    assert f"{bad}:1:" in res.stderr
    assert bad.read_bytes() == bytes(data)
    assert "1:" in _fails(run_cli("ledger", "score", CASE, "--ledger", str(bad))).stderr


def test_ledger_errors_exit_2(tmp_path: Path) -> None:
    _fails(run_cli("ledger", "verify", "--ledger", str(tmp_path / "none.jsonl")))
    _fails(run_cli("ledger", "verify", "--ledger", str(tmp_path)))
    _fails(run_cli("ledger", "record", str(tmp_path / "nope.yaml"), "--ledger", str(tmp_path / "l.jsonl")))
    _fails(run_cli("ledger", "record", CASE, "--ledger", str(tmp_path / "l.jsonl"), "--draws", "3"))
    assert not (tmp_path / "l.jsonl").exists()
    (tmp_path / "l.jsonl").write_bytes(b"")
    _fails(run_cli("ledger", "score", "no-such-case", "--ledger", str(tmp_path / "l.jsonl")))
    _fails(run_cli("ledger", "score", "venezuela-2025", "--ledger", str(tmp_path / "l.jsonl")))
    # not regular files: a device, a FIFO (never opened, so never blocked on)
    _fails(run_cli("ledger", "verify", "--ledger", "/dev/null"))
    fifo = tmp_path / "fifo.jsonl"
    os.mkfifo(fifo)
    _fails(run_cli("ledger", "verify", "--ledger", str(fifo)))
    _fails(run_cli("ledger", "record", CASE, "--ledger", str(fifo), "--draws", DRAWS))
    trunc = tmp_path / "trunc.jsonl"
    trunc.write_bytes(b'{"ledger":1')
    assert "incomplete" in _fails(run_cli("ledger", "verify", "--ledger", str(trunc))).stderr
