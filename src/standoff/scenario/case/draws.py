"""Values of a scenario's numbers over Monte Carlo draws, sampled once, keyed by path.

Every uncertain number gets its own random stream, seeded from the run's seed and a
stable hash of the number's path in the file (``preferences.usa.issues.oil.salience``).
Inserting, removing or reordering other numbers therefore never reshuffles a number's
draws: the same seed and path give the same values (Mesa's and numpy's advice: one seed
in, independent child streams, no global state).

A fixed number is kept as an array of length one, which broadcasts against the ``D``
draws of the uncertain ones; so is every number when the case is nominal (``D = 1``,
each number at its fixed value or its distribution's mean).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import numpy as np

from standoff.scenario.quantity import Quantity, draw

Path = tuple[str | int, ...]


def dotted(path: Sequence[str | int]) -> str:
    """``("preferences", "usa", "issues", "oil", "salience")`` -> ``preferences.usa.issues.oil.salience``;
    list positions are written ``[k]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def path_key(path: Path) -> int:
    """A stable 64-bit key of a path (the same on every platform and Python run)."""
    return int.from_bytes(hashlib.blake2b(dotted(path).encode("utf-8"), digest_size=8).digest(), "little")


def stream(seed: int, path: Path) -> np.random.Generator:
    """The random stream of one number: the run's seed, spawned by the number's path."""
    return np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=(path_key(path),)))


class Sampler:
    """Values of quantities by path: nominal (``draws=None``) or ``draws`` samples.

    Samples are drawn lazily, once per path, and kept: :attr:`drawn` maps the dotted path
    of every uncertain number read so far to its draws (the inputs of a sensitivity
    analysis). ``overrides`` fixes numbers by path: a float fixes it in every draw (a
    what-if edit), an array of length ``draws`` gives its value in each draw (the design
    points of a sensitivity analysis).
    """

    def __init__(self, draws: int | None, seed: int, overrides: Mapping[str, float | np.ndarray] | None = None):
        if draws is not None and draws < 1:
            raise ValueError("the number of draws must be at least 1")
        self.draws = draws
        self.seed = int(seed)
        self.overrides = dict(overrides or {})
        for key, v in self.overrides.items():
            a = np.asarray(v, dtype=float)
            if a.ndim and a.size != 1 and (draws is None or a.shape != (draws,)):
                raise ValueError(f"override {key}: {a.size} values for {draws} draws")
        self.drawn: dict[str, np.ndarray] = {}
        self._cache: dict[str, np.ndarray] = {}

    @property
    def size(self) -> int:
        return 1 if self.draws is None else self.draws

    def __call__(self, path: Path, q: Quantity) -> np.ndarray:
        key = dotted(path)
        got = self._cache.get(key)
        if got is not None:
            return got
        if key in self.overrides:
            out = np.atleast_1d(np.asarray(self.overrides[key], dtype=float)).copy()
            if out.size > 1:
                self.drawn[key] = out
        elif q.is_fixed or self.draws is None:
            out = np.array([q.nominal])
        else:
            out = draw(q, stream(self.seed, path), self.draws)
            out.setflags(write=False)
            self.drawn[key] = out
        self._cache[key] = out
        return out

    def optional(self, path: Path, q: Quantity | None, default: float) -> np.ndarray:
        """A quantity that may be absent (then ``default``)."""
        return np.array([float(default)]) if q is None else self(path, q)
