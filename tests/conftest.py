"""Shared fixtures: paths to the reference data in ../shared/data (never copied here)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs a fixed, reproducible set of examples (a red CI must mean a real regression);
# development runs explore new examples every time. Failures found while exploring are
# pinned with @example in the test that found them.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = (ROOT.parent / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The reference data folder; tests that need it are skipped loudly if it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def genius_dir(shared_data: Path) -> Path:
    return shared_data / "genius"
