"""Benchmark: how much an install of standoff weighs (target: the core at most 150 MB).

Run on demand: ``.venv/bin/python benchmarks/install_size.py [--keep DIR]``. Builds the
wheel once, then for each install -- the core (``standoff``), the demo (``standoff[app,plot]``)
and everything (``standoff[all]``) -- creates a fresh virtual environment, installs the
wheel into it with pip, and prints side by side: the size of the environment's
``site-packages`` (what the install adds), of the whole environment (with the
interpreter's own pip), the number of distributions, and the largest five. Takes a few
minutes (the installs come from the package index). Not a test: sizes are measured,
never asserted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

TARGET_MB = 150.0
ROOT = Path(__file__).resolve().parents[1]
INSTALLS = (("core", ""), ("demo [app,plot]", "[app,plot]"), ("all", "[all]"))


def size(path: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for f in files:
            p = os.path.join(dirpath, f)
            if not os.path.islink(p):
                total += os.path.getsize(p)
    return total


def site_packages(venv: Path) -> Path:
    return next((venv / "lib").glob("python3*/site-packages"))


def by_distribution(sp: Path) -> list[tuple[str, int]]:
    """Installed size of each distribution, from its RECORD."""
    out = []
    for rec in sp.glob("*.dist-info/RECORD"):
        name = rec.parent.name.split("-")[0]
        total = 0
        for line in rec.read_text(encoding="utf-8", errors="replace").splitlines():
            rel = line.split(",")[0]
            p = sp / rel
            if p.is_file() and not p.is_symlink():
                total += p.stat().st_size
        out.append((name, total))
    return sorted(out, key=lambda t: -t[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, help="build the environments here and keep them")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="standoff-size-"))
    work.mkdir(parents=True, exist_ok=True)
    dist = work / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wheel = next(dist.glob("standoff-*.whl"))
    print(f"wheel {wheel.name}: {wheel.stat().st_size / 1e6:.2f} MB; target: core <= {TARGET_MB:.0f} MB")
    print(f"{'install':18} {'site-packages MB':>17} {'venv MB':>8} {'dists':>6}  largest")
    for label, extra in INSTALLS:
        venv = work / ("venv-" + label.split()[0])
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", f"{wheel}{extra}"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sp = site_packages(venv)
        dists = [d for d in by_distribution(sp) if d[0] not in ("pip", "setuptools", "wheel")]
        added = sum(s for _, s in dists)
        largest = ", ".join(f"{n} {s / 1e6:.0f}" for n, s in dists[:5])
        ok = "" if label != "core" else ("  ok" if added / 1e6 <= TARGET_MB else "  OVER")
        print(f"{label:18} {added / 1e6:17.1f} {size(venv) / 1e6:8.1f} {len(dists):6d}  {largest}{ok}", flush=True)
    if args.keep is None:
        import shutil

        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
