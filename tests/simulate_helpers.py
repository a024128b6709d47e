"""Small generated negotiation domains for the simulate tests."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from standoff.core.space import Issue, OutcomeSpace
from standoff.core.utility import AdditiveUtility
from standoff.engines.simulate.domain import Domain, MediatorProfile, Party


def random_domain(seed: int, *, n_parties: int = 2, red_lines: bool = True, max_issues: int = 3,
                  reservation_high: float = 0.6, cost: float = 0.0) -> Domain:
    """A random additive domain: 1-3 issues of 2-4 options, random weights and values,
    sometimes a red line, random reservations."""
    rng = np.random.default_rng(seed)
    k = int(rng.integers(1, max_issues + 1))
    sizes = [int(rng.integers(2, 5)) for _ in range(k)]
    space = OutcomeSpace(tuple(Issue(f"i{j}", tuple(f"o{m}" for m in range(s))) for j, s in enumerate(sizes)))
    parties = []
    for p in range(n_parties):
        w = rng.random(k) + 0.05
        w = w / w.sum()
        values = tuple(rng.random(s) for s in sizes)
        forbidden = tuple(np.zeros(s, dtype=bool) for s in sizes)
        if red_lines and rng.random() < 0.3:
            j = int(rng.integers(k))
            f = forbidden[j].copy()
            f[int(np.argmin(values[j]))] = True
            forbidden = tuple(f if jj == j else forbidden[jj] for jj in range(k))
        u = AdditiveUtility(weights=w, values=values, forbidden=forbidden, name=f"p{p}")
        parties.append(Party(name=f"p{p}", utility=u, reservation=float(rng.uniform(0, reservation_high)),
                             cost_per_round=cost))
    return Domain(name=f"random-{seed}", space=space, parties=tuple(parties),
                  mediators=(MediatorProfile("neutral"),), default_rounds=20)


seeds = st.integers(min_value=0, max_value=10_000)
