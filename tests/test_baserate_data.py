"""The shipped episode table: rebuilt exactly from ../shared/data, its codings checked by
hand against the raw files, its rules documented, and the docs page's table current."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

from standoff.engines.baserate import load_episodes

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "build_base_rates.py"
TABLE = ROOT / "src" / "standoff" / "engines" / "baserate" / "data" / "episodes.csv"
NOTICE = TABLE.with_name("NOTICE.md")
DOCS = ROOT / "docs" / "explanation" / "base-rates.md"


def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_base_rates", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


def shipped() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def by_id(reference_class: str) -> dict[str, dict[str, str]]:
    return {r["episode_id"]: r for r in shipped() if r["reference_class"] == reference_class}


def raw(shared_data: Path, name: str) -> list[dict[str, str]]:
    with (shared_data / "crises" / name).open(encoding="utf-8-sig", errors="replace", newline="") as f:
        return list(csv.DictReader(f))


# ------------------------------------------------------------------------------ rebuild
def test_script_rebuilds_the_shipped_table_exactly(shared_data: Path) -> None:
    res = subprocess.run(
        [sys.executable, str(SCRIPT), "--check", "--data", str(shared_data / "crises")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0, res.stderr


def test_table_is_compact_and_parses() -> None:
    assert TABLE.stat().st_size < 600_000
    eps = load_episodes()
    assert len(eps) == len(shipped())
    assert (eps.duration >= 0).all()
    assert ((eps.ending >= 0) == eps.ended).all()
    assert ((eps.force_day >= 0) <= eps.force_used).all()
    assert (eps.force_day <= eps.duration).all()


def test_leader_out_is_the_union_of_its_endings() -> None:
    for r in shipped():
        if r["leader_out"]:
            assert (r["leader_out"] == "1") == (r["ending"] in ("deal", "capitulation", "forced_removal"))


def test_every_rule_in_the_table_is_documented() -> None:
    rules = {r["rule"] for r in shipped()}
    notice = NOTICE.read_text(encoding="utf-8")
    docs = DOCS.read_text(encoding="utf-8")
    for rule in rules:
        assert rule in notice, f"rule {rule} missing from {NOTICE.name}"
        assert rule in docs, f"rule {rule} missing from {DOCS.name}"


# ------------------------------------------------------------------------------ hand checks
def test_hand_checked_icb_leader_exit_cases() -> None:
    rows = by_id("leader_exit")
    panama = rows["icb2:391/842"]  # Noriega out 3 Jan 1990, 14 days after the invasion
    assert (panama["ending"], panama["leader_out"], panama["duration_days"]) == ("forced_removal", "1", "14")
    assert (panama["force_used"], panama["force_day"], panama["force_basis"]) == ("1", "0", "trigger")
    haiti = rows["icb2:411/891"]  # Cedras leaves under the threat of invasion, 14 Oct 1994
    assert (haiti["ending"], haiti["end"], haiti["leader_out"]) == ("capitulation", "1994-10-14", "1")
    libya = rows["icb2:464/1025"]  # Qaddafi removed by rebels with foreign support
    assert (libya["ending"], libya["end"]) == ("forced_removal", "2011-08-23")
    korea = rows["icb2:441/970"]  # compromise, Kim Jong Il stays
    assert (korea["ending"], korea["leader_out"], korea["force_used"]) == ("backdown", "0", "0")
    assert "icb2:343/757" not in rows  # Grenada 1983: not in the Archigos file (GW codes)


def test_hand_checked_ties_and_mid_rows() -> None:
    ties = by_id("sanctions")["ties:1945121601"]  # US -> China, sender capitulates after imposition
    assert (ties["start"], ties["end"], ties["duration_days"], ties["ending"]) == (
        "1945-12-16",
        "1947-05-27",
        str((dt.date(1947, 5, 27) - dt.date(1945, 12, 16)).days),
        "backdown",
    )
    assert ties["force_used"] == "" and ties["leader_out"] == ""
    mid = by_id("compellence")["mid:2"]  # July 1902, compromise, negotiated, display of force
    assert (mid["start"], mid["duration_days"], mid["ending"], mid["force_used"]) == ("1902-07-01", "208", "deal", "0")


# TIES 4 codebook, finaloutcome: 1-2 / 6-7 target acquiesces (threat stage / after
# imposition), 3 / 8 sender capitulates, 4 / 9 stalemate, 5 / 10 negotiated settlement
TIES_FINAL_OUTCOME = {1: "capitulation", 2: "capitulation", 3: "backdown", 4: "stalemate", 5: "deal"}
TIES_FINAL_OUTCOME |= {k + 5: v for k, v in TIES_FINAL_OUTCOME.items()}


def test_hand_counted_ties_endings(shared_data: Path) -> None:
    counts: Counter[str] = Counter()
    for r in raw(shared_data, "ties4.1.csv"):
        if not r["startmonth"] or not r["endyear"] or not r["endmonth"] or not r["finaloutcome"]:
            continue
        counts[TIES_FINAL_OUTCOME[int(float(r["finaloutcome"]))]] += 1
    table = Counter(r["ending"] for r in shipped() if r["dataset"] == "ties" and r["status"] == "ended")
    assert table == counts


def test_hand_counted_mid_endings(shared_data: Path) -> None:
    counts: Counter[str] = Counter()
    for r in raw(shared_data, "cow_mid5_disputes.csv"):
        outcome, settle, hostlev = (int(float(r[k])) for k in ("outcome", "settle", "hostlev"))
        if outcome in (1, 4):
            counts["capitulation"] += 1
        elif outcome in (2, 3) or (outcome == 7 and settle != 1):
            counts["backdown"] += 1
        elif outcome == 6 or (outcome == 7 and settle == 1):
            counts["deal"] += 1
        elif outcome == 5:
            counts["limited_force" if hostlev >= 4 else "stalemate"] += 1
    table = Counter(r["ending"] for r in shipped() if r["dataset"] == "mid")
    assert table == counts


def test_hand_counted_icb_classes(shared_data: Path) -> None:
    actors = raw(shared_data, "icb2v14.csv")

    def stronger(r: dict[str, str]) -> bool:
        if r["powdis"].strip():
            return float(r["powdis"]) < 0
        return bool(r["southpow"] and r["powsta"]) and int(r["southpow"]) > int(r["powsta"])

    leader = [r for r in actors if r["gravty"] == "2" and stronger(r)]
    # 91 members; 5 dropped: no Archigos leader (3), leader died or retired ill (2)
    assert len(leader) == 91
    assert len(by_id("leader_exit")) == 86
    compel = [
        r
        for r in actors
        if r["triggr"] in ("1", "2", "3", "5", "7")
        and r["trigent"] not in ("995", "996", "997")
        and r["gravty"] in ("0", "3", "4")
    ]
    outcomes = Counter(r["outcom"] for r in compel if r["motrig"] and r["moterm"])
    table = Counter(r["ending"] for r in by_id("compellence").values() if r["dataset"] == "icb")
    assert table["capitulation"] == outcomes["4"]
    assert table["deal"] == outcomes["2"]
    assert table["backdown"] == outcomes["1"]
    assert table["stalemate"] + table["limited_force"] == outcomes["3"]
    crises = raw(shared_data, "icb1v14.csv")
    assert len([r for r in shipped() if r["reference_class"] == "mediation"]) == sum(r["mediate"] == "4" for r in crises)


# ------------------------------------------------------------------------------ docs
def test_docs_page_table_is_current() -> None:
    build = script()
    text = DOCS.read_text(encoding="utf-8")
    assert build.docs_table() in text, "regenerate with: python scripts/build_base_rates.py --docs"
    assert "python scripts/build_base_rates.py --docs" in text
