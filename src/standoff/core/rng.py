"""Explicit randomness: one :class:`numpy.random.Generator`, passed down, never global.

Child seeds are drawn up front with :meth:`numpy.random.SeedSequence.spawn`, so the
same seed gives the same results whether work runs serially or in parallel.
"""

from __future__ import annotations

import numpy as np

Seed = int | np.random.SeedSequence | np.random.Generator | None


def make_rng(seed: Seed = None) -> np.random.Generator:
    """A Generator from an int, a SeedSequence, an existing Generator (returned as is)
    or ``None`` (fresh OS entropy: only for interactive use, never in tests)."""
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)


def child_seeds(seed: int | np.random.SeedSequence | None, n: int) -> list[np.random.SeedSequence]:
    """``n`` independent child seed sequences, drawn before any work is scheduled."""
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return root.spawn(n)
