"""A private virtual environment with NegMAS 0.16.0, the benchmark peer.

NegMAS (AGPL) is never a dependency of standoff: the benchmarks create this environment
under ``benchmarks/.venv-negmas`` (ignored by git) and run NegMAS there in a subprocess.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

NEGMAS_VERSION = "0.16.0"
ENV_DIR = Path(__file__).resolve().parent / ".venv-negmas"


def negmas_python() -> Path:
    """Path of the environment's Python, creating and filling the environment if needed."""
    py = ENV_DIR / "bin" / "python"
    marker = ENV_DIR / f".negmas-{NEGMAS_VERSION}"
    if not marker.exists():
        print(f"creating {ENV_DIR} with negmas=={NEGMAS_VERSION} (once)...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True, clear=True).create(ENV_DIR)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", f"negmas=={NEGMAS_VERSION}"], check=True)
        marker.touch()
    return py


if __name__ == "__main__":
    print(negmas_python())
