"""Mutation fuzzing of every input reader, each run under a memory limit and timeouts.

Readers: scenario YAML (the documented minimal example), the bundled outcome files,
GENIUS XML (the bundled ``genius:ceasefire`` domain, and three reference domains --
discrete, integer and nonlinear -- when the reference data is present), DEU tables,
stakeholder CSV tables, news articles drafted into scenarios (``standoff draft``: every
draft must itself be a valid scenario), and scenario files uploaded to the web app
(``POST /upload``: an answer of 200, 413 or 422, never a server error). Each reader gets at least 2,000 mutated inputs per run, from
fixed seeds, so a run is reproducible. A mutation stacks one to three operations: bit
flips, deleted, duplicated or truncated spans, a number replaced by a hostile one
(``nan``, ``1e309``, 309 digits, 2**31, ...), a hostile token inserted (NUL, invalid
UTF-8, YAML tags and aliases, XML entities, brackets), a line repeated up to 200 times,
or a bomb appended (YAML alias bomb, XML entity bomb, deep nesting). Mutants stay small
(tens of KB), so that every legitimate input is read in well under a second and the
per-input alarm only fires on a real regression; large inputs are tested on their own in
``test_hostile_inputs.py``.

Each input must end in success or a :class:`~standoff.core.errors.UserError`; a success
must also keep the reader's promises (finite numbers, values in their ranges). Anything
else -- another exception, an input taking more than :data:`INPUT_SECONDS`, memory
beyond :data:`MEMORY_BUDGET` -- fails the test, and the failing inputs are saved under
the test's temporary folder with the error, ready to replay.

The inputs run in a child process (this file run as a script), which sets its own
address-space limit (``RLIMIT_AS``) and a per-input alarm; the parent kills it after
:data:`CHUNK_SECONDS`. A regression therefore fails instead of hanging CI or exhausting
the machine.
"""

from __future__ import annotations

import base64
import json
import math
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = (ROOT.parent / "shared" / "data").resolve()
MINIMAL = ROOT / "docs/examples/minimal.yaml"
OUTCOMES = ROOT / "src/standoff/scenario/bundled/outcomes"
CEASEFIRE = ROOT / "src/standoff/interop/data/genius/ceasefire"

#: Inputs per reader and run (at least 2,000 each), and how they are split into chunks
#: (each chunk is one child process; chunks of a reader run in parallel under xdist).
PLAN: dict[str, list[tuple[int, int]]] = {  # reader -> [(seed, inputs), ...]
    "scenario": [(11, 1000), (12, 1000)],
    "outcome": [(21, 1000), (22, 1000)],
    "genius": [(31, 2000)],
    "deu": [(41, 2000)],
    "positions": [(51, 2000)],
    # a draft (spaCy) and an upload (compile, controls, page) take a tenth of a second or
    # more each: smaller chunks keep each child well inside CHUNK_SECONDS
    "draft": [(60 + k, 250) for k in range(8)],
    "upload": [(70 + k, 250) for k in range(8)],
}
#: Address space a child may use beyond what it holds after its imports.
MEMORY_BUDGET = 768 * 1024 * 1024
#: Longest a single input may take (the slowest legitimate one takes well under 1 s).
INPUT_SECONDS = 10.0
#: Longest a whole chunk may take before the child is killed.
CHUNK_SECONDS = 240.0

# --------------------------------------------------------------------------- mutations
HOSTILE_NUMBERS = [
    "nan", "NaN", ".nan", "inf", "-inf", ".inf", "-.inf", "Infinity", "1e308", "-1e308", "1e309",
    "-1e309", "9" * 309, "-" + "9" * 309, "1" * 5000, "-0", "0", "1e-320", "2147483648", "-2147483649",
    "99999999999", "0x10", "1_000", "", " ", "1e", "--1", "1.5", "-1", "100", "101", "1e15", "1e16",
]
HOSTILE_TOKENS = [
    "\x00", "\xff\xfe", "\u00e9", "\u202e", "\ufeff", "[", "]", "{", "}", "&a ", "*a", "&a", "!!binary ",
    "!!python/object:os.system ", "!!set ", "!local ", "<!DOCTYPE x [<!ENTITY a 'b'>]>", "&a;", "&lt;",
    "]]>", "<", ">", '"', "'", "\t", "\r\n", "\n- ", ": ", "---\n", "...\n", "# c\n", "%YAML 1.1\n",
    "<<: *a\n", "? ", "|\n", ">-\n", ",", ";", "\\", "\u2028", "\x1b[2J",
]
BOMBS = {
    "yaml": [
        "\nb1: &b1 [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"b{i}: &b{i} [{', '.join([f'*b{i - 1}'] * 10)}]\n" for i in range(2, 9)),
        "\ndeep: " + "[" * 300 + "]" * 300 + "\n",
        "\nloop: &l [*l]\n",
        "\nlist: [" + "1, " * 2000 + "1]\n",
    ],
    "xml": [
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        "<utility_space>&lol2;</utility_space>",
        '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><utility_space>&xxe;</utility_space>',
        "<a>" * 5000 + "</a>" * 5000,
    ],
    "table": ["\n" + "1\t" * 3000 + "\n", "\n" + '"' + "x" * 200_000 + '"\n', "\n" * 3000],
    "text": ["\n" + "x" * 50_000 + "\n", " The United States demanded that Venezuela's leader resign by Friday." * 120,
             "\u202e\u2066" * 1000, "(" * 3000 + ")" * 3000, "\n" * 3000, "\x1b[2J\x07" * 500],
}
_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def mutate(data: bytes, rnd: random.Random, bombs: list[str]) -> bytes:
    """One to three random operations on ``data`` (see the module docstring)."""
    out = bytearray(data)
    for _ in range(rnd.randint(1, 3)):
        op = rnd.randrange(10)
        n = len(out)
        if op == 0 and n:  # flip bits
            for _ in range(rnd.randint(1, 4)):
                out[rnd.randrange(n)] ^= 1 << rnd.randrange(8)
        elif op == 1 and n:  # delete a span
            a = rnd.randrange(n)
            del out[a:a + rnd.randint(1, 64)]
        elif op == 2 and n:  # duplicate a span
            a = rnd.randrange(n)
            out[a:a] = out[a:a + rnd.randint(1, 64)]
        elif op in (3, 4):  # replace a number by a hostile one
            numbers = list(_NUMBER.finditer(bytes(out)))
            if numbers:
                m = rnd.choice(numbers)
                out[m.start():m.end()] = rnd.choice(HOSTILE_NUMBERS).encode()
        elif op == 5:  # insert a hostile token
            out[rnd.randrange(n + 1):0] = rnd.choice(HOSTILE_TOKENS).encode("utf-8", "surrogatepass")
        elif op == 6:  # repeat a line (adding at most about 20 KB)
            lines = bytes(out).split(b"\n")
            k = rnd.randrange(len(lines))
            most = max(2, min(200, 20_000 // (len(lines[k]) + 1)))
            lines[k:k + 1] = [lines[k]] * rnd.randint(2, most)
            out = bytearray(b"\n".join(lines))
        elif op == 7 and n:  # truncate
            del out[rnd.randrange(n):]
        elif op == 8:  # replace a value after a key or an attribute by a hostile number or token
            spots = [m.end() for m in re.finditer(rb'(?:: |=")', bytes(out))]
            if spots:
                a = rnd.choice(spots)
                b = a
                while b < len(out) and out[b] not in b'"\n,}':
                    b += 1
                pool = HOSTILE_NUMBERS + HOSTILE_TOKENS
                out[a:b] = rnd.choice(pool).encode("utf-8", "surrogatepass")
        elif op == 9 and rnd.random() < 0.3:  # append or splice a bomb
            bomb = rnd.choice(bombs).encode()
            a = rnd.choice([len(out), rnd.randrange(n + 1)])
            out[a:a] = bomb
    return bytes(out)


# ------------------------------------------------------------------------- the readers
def _finite(x: Any) -> bool:
    import numpy as np

    return bool(np.all(np.isfinite(np.asarray(x, dtype=float))))


def check_stakeholders(st: Any) -> None:
    import numpy as np

    assert _finite(st.capability) and np.all(st.capability >= 0), "capability"
    assert _finite(st.position) and np.all((st.position >= 0) & (st.position <= 100)), "position"
    assert _finite(st.salience) and np.all((st.salience >= 0) & (st.salience <= 1)), "salience"


def run_scenario(path: Path) -> None:
    from standoff.scenario import Scenario

    s = Scenario.load(path)
    space = s.outcome_space
    for party in s.parties:
        u = s.utility(party)
        assert len(u.values) == space.n_issues
        assert all(_finite(c) for c in u.contributions()), "utility not finite"
        assert math.isfinite(float(s.no_deal_value(party).total)), "no-deal value not finite"


def run_outcome(path: Path) -> None:
    from standoff.scenario.loader import load_yaml_model
    from standoff.scenario.schema import HistoricalOutcome

    load_yaml_model(HistoricalOutcome, path, what="outcome file")


def run_genius(folder: Path) -> None:
    import numpy as np

    from standoff.interop.genius import load_genius

    d = load_genius(folder)
    rng = np.random.default_rng(0)
    codes = np.stack([rng.integers(0, size, 64) for size in d.space.sizes], axis=1)
    for u in d.utilities:
        assert _finite(u(codes)), "utility not finite"
    assert all(math.isfinite(r) for r in d.reservations), "reservation not finite"
    assert all(0 < x <= 1 for x in d.discounts), "discount outside (0, 1]"


def run_deu(path: Path) -> None:
    from standoff.interop.deu import read_deu

    table = read_deu(path, capability="equal")
    for issue in table.issues:
        check_stakeholders(issue.stakeholders)
        assert issue.outcome is None or 0 <= issue.outcome <= 100


def run_positions(path: Path) -> None:
    from standoff.interop.positions import read_positions

    check_stakeholders(read_positions(path))


#: The date drafts are resolved against (a draft must not depend on the day it runs).
DRAFT_DATE = "2026-01-20"


def run_draft(path: Path) -> None:
    import datetime as dt

    from standoff.core.errors import UserError
    from standoff.draft import draft_text, read_article
    from standoff.scenario import Scenario

    result = draft_text(read_article(path), as_of=dt.date.fromisoformat(DRAFT_DATE))
    try:
        Scenario.from_text(result.yaml, shown="draft.yaml")
    except UserError as exc:  # a draft that does not validate is a bug, not a refusal
        raise AssertionError(f"the draft is not a valid scenario: {exc.format()}") from None


_CLIENT: Any = None


def run_upload(path: Path) -> None:
    global _CLIENT
    if _CLIENT is None:
        from fastapi.testclient import TestClient

        from standoff.presenters.app.server import create_app

        _CLIENT = TestClient(create_app(str(MINIMAL)), raise_server_exceptions=True)
    got = _CLIENT.post("/upload", files={"file": (path.name, path.read_bytes(), "application/yaml")})
    assert got.status_code in (200, 413, 422), f"status {got.status_code}"
    assert got.headers["content-type"].startswith("text/html"), got.headers["content-type"]
    if got.status_code != 200:
        from standoff.core.errors import UserError

        raise UserError("refused")  # counted as a clean refusal


def guard_memory(path: Path) -> None:
    """Not a reader: allocates far beyond the budget (the memory guard must stop it)."""
    blocks = [bytearray(256 * 1024 * 1024) for _ in range(16)]
    del blocks


def guard_time(path: Path) -> None:
    """Not a reader: never returns (the per-input alarm must stop it)."""
    while True:
        path.stat()


def seeds(reader: str) -> list[tuple[str, bytes]]:
    """Seed inputs of a reader: (file name, content); for GENIUS, the file's full path."""
    if reader == "scenario":
        return [("minimal.yaml", MINIMAL.read_bytes())]
    if reader == "outcome":
        return [(p.name, p.read_bytes()) for p in sorted(OUTCOMES.glob("*.yaml"))]
    if reader == "genius":
        folders = [CEASEFIRE]
        for rel in ("genius/Laptop", "genius/anac/y2016/AgentHp2", "genius/anac/y2014/10issueswithRV"):
            if (SHARED_DATA / rel).is_dir():
                folders.append(SHARED_DATA / rel)
        return [(str(p), p.read_bytes()) for f in folders for p in sorted(f.glob("*.xml"))
                if p.name != "pareto.xml"]
    if reader == "deu":
        deu = SHARED_DATA / "deu3.tsv"
        out = [("small.tsv", b"isnr\tpcom\tscom\tpde\tsde\tpfr\tsfr\trp\tout\n"
                             b"a1\t100\t80\t0\t50\t40\t\t10\t60\nb2\t0\t10\t100\t90\tNA\t30\t\t\n")]
        if deu.is_file():
            out.append(("deu3-head.tsv", b"\n".join(deu.read_bytes().split(b"\n")[:10]) + b"\n"))
        return out
    if reader.startswith("guard-"):
        return [("guard.txt", b"x")]
    if reader == "draft":
        texts = sorted((ROOT / "tests/data/draft/texts").glob("*.txt"))
        return [(p.name, p.read_bytes()) for p in [ROOT / "docs/examples/dispatch-fisheries.txt", *texts[:6]]]
    if reader == "upload":
        return [("minimal.yaml", MINIMAL.read_bytes()),
                ("cuba-1962.yaml", (ROOT / "src/standoff/scenario/bundled/cuba-1962.yaml").read_bytes())]
    if reader == "positions":
        out = [("two.csv", b"Actor,Capability,Position,Salience\nA,1,0,0.5\nB,2,100,1\n")]
        csv = SHARED_DATA / "eu-emissions-1994.csv"
        if csv.is_file():
            out.append((csv.name, csv.read_bytes()))
        return out
    raise ValueError(reader)


# -------------------------------------------------------------------------- the child
class _InputTimeout(BaseException):
    """An input took longer than INPUT_SECONDS (BaseException: readers may not catch it)."""


def _vm_size() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def child(reader: str, seed: int, count: int, workdir: Path, input_seconds: float = INPUT_SECONDS) -> dict[str, Any]:
    """Run ``count`` mutants of ``reader``'s seeds; the summary as a JSON-able dict."""
    from standoff.core.errors import UserError

    runners: dict[str, Callable[[Path], None]] = {
        "scenario": run_scenario, "outcome": run_outcome, "genius": run_genius,
        "deu": run_deu, "positions": run_positions, "draft": run_draft, "upload": run_upload,
        "guard-memory": guard_memory, "guard-time": guard_time,
    }
    run = runners[reader]
    import numpy  # noqa: F401  (imported before the limit is measured)

    if reader in ("draft", "upload"):  # load the language pipeline, or start the app, before the limit
        warm = workdir / "warm.txt"
        warm.write_bytes(seeds(reader)[0][1])
        run(warm)

    limit = _vm_size() + MEMORY_BUDGET
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    def alarm(signum: int, frame: Any) -> None:
        raise _InputTimeout

    signal.signal(signal.SIGALRM, alarm)
    rnd = random.Random(seed)
    base = seeds(reader)
    bombs = BOMBS["xml" if reader == "genius" else "yaml" if reader in ("scenario", "outcome", "upload")
                  else "text" if reader == "draft" else "table"]
    summary: dict[str, Any] = {"reader": reader, "seed": seed, "inputs": 0, "ok": 0, "user_error": 0,
                               "failures": []}
    folders: dict[str, Path] = {}
    for i in range(count):
        name, data = base[i % len(base)]
        mutant = mutate(data, rnd, bombs)
        if reader == "genius":
            src = Path(name).parent
            dst = folders.get(str(src))
            if dst is None:
                dst = workdir / f"domain{len(folders)}"
                shutil.copytree(src, dst, ignore=shutil.ignore_patterns("pareto.xml", "*.md"))
                folders[str(src)] = dst
            target = dst / Path(name).name
            original = data
            target.write_bytes(mutant)
            arg = dst
        else:
            target = workdir / name
            target.write_bytes(mutant)
            original = b""
            arg = target
        signal.setitimer(signal.ITIMER_REAL, input_seconds)
        try:
            run(arg)
            summary["ok"] += 1
        except UserError:
            summary["user_error"] += 1
        except (_InputTimeout, MemoryError, Exception) as exc:  # every other outcome is a failure
            kind = "timeout" if isinstance(exc, _InputTimeout) else type(exc).__name__
            if len(summary["failures"]) < 10:
                summary["failures"].append({"index": i, "name": name, "kind": kind, "error": str(exc)[:500],
                                            "input": base64.b64encode(mutant).decode()})
            else:
                summary["failures"].append({"index": i, "name": name, "kind": kind})
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            if reader == "genius":
                target.write_bytes(original)
        summary["inputs"] += 1
    return summary


# -------------------------------------------------------------------------- the tests
def _chunks() -> list[tuple[str, int, int]]:
    return [(reader, seed, n) for reader, plan in PLAN.items() for seed, n in plan]


def test_every_reader_gets_at_least_2000_inputs_per_run() -> None:
    totals = {reader: sum(n for _, n in plan) for reader, plan in PLAN.items()}
    assert set(totals) == {"scenario", "outcome", "genius", "deu", "positions", "draft", "upload"}
    assert all(n >= 2000 for n in totals.values()), totals
    seeds_used = [seed for plan in PLAN.values() for seed, _ in plan]
    assert len(set(seeds_used)) == len(seeds_used)


def test_mutations_are_reproducible_and_varied() -> None:
    data = MINIMAL.read_bytes()
    assert mutate(data, random.Random(7), BOMBS["yaml"]) == mutate(data, random.Random(7), BOMBS["yaml"])
    rnd = random.Random(8)
    mutants = [mutate(data, rnd, BOMBS["yaml"]) for _ in range(50)]
    assert len(set(mutants)) > 40 and data not in mutants[:5]


def _run_chunk(reader: str, seed: int, n: int, tmp_path: Path, input_seconds: float = INPUT_SECONDS) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
               OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    work = tmp_path / "work"
    work.mkdir(parents=True)
    try:
        proc = subprocess.run(
            [sys.executable, __file__, reader, str(seed), str(n), str(work), str(input_seconds)],
            capture_output=True, text=True, timeout=CHUNK_SECONDS, env=env, cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        raise AssertionError(f"{reader} (seed {seed}): no answer within {CHUNK_SECONDS:.0f} s") from None
    assert proc.returncode == 0, f"{reader} (seed {seed}): the child failed\n{proc.stderr[-3000:]}"
    summary: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return summary


def _save(summary: dict[str, Any], folder: Path) -> list[str]:
    folder.mkdir(exist_ok=True)
    lines = []
    for f in summary["failures"]:
        line = f"input {f['index']} (from {f['name']}): {f['kind']}: {f.get('error', '')[:200]}"
        if "input" in f:
            path = folder / f"{summary['reader']}-{summary['seed']}-{f['index']}-{Path(f['name']).name}"
            path.write_bytes(base64.b64decode(f["input"]))
            line += f"\n    saved as {path}"
        lines.append(line)
    return lines


def pytest_generate_tests(metafunc: Any) -> None:
    if "chunk" in metafunc.fixturenames:
        chunks = _chunks()
        metafunc.parametrize("chunk", chunks, ids=[f"{r}-seed{s}" for r, s, _ in chunks])


def test_guards_stop_runaway_inputs(tmp_path: Path) -> None:
    """The memory limit and the per-input alarm turn a runaway input into a failure."""
    memory = _run_chunk("guard-memory", 1, 2, tmp_path / "m")
    assert [f["kind"] for f in memory["failures"]] == ["MemoryError", "MemoryError"]
    slow = _run_chunk("guard-time", 1, 2, tmp_path / "t", input_seconds=0.3)
    assert [f["kind"] for f in slow["failures"]] == ["timeout", "timeout"]


def test_reader_survives_mutants(chunk: tuple[str, int, int], tmp_path: Path) -> None:
    reader, seed, n = chunk
    summary = _run_chunk(reader, seed, n, tmp_path)
    assert summary["inputs"] == n
    failures = _save(summary, tmp_path / "failures")
    assert not failures, f"{reader}: {len(summary['failures'])} of {n} inputs failed\n" + "\n".join(failures)
    # the mutants reach both outcomes: some still load, others are refused cleanly
    assert summary["ok"] > 0 and summary["user_error"] > 0, summary


if __name__ == "__main__":
    result = child(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]), float(sys.argv[5]))
    print(json.dumps(result))
