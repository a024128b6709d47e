"""A KTAB-style probabilistic Condorcet model (the Spatial Model of Politics, one issue).

Sources: Wise, B., Efird, B., Lester, L. & Al-Shawaf, H. (2015), "KTAB: A Model of
Competitive, Collaborative, and Coercive Politics", KAPSARC discussion paper
KS-1524-DP017A; Efird, B., Wise, B. et al. (2016), "The KAPSARC Toolkit for Behavioral
Analysis (KTAB) using Nash bargaining", KAPSARC; Abdollahian, M., Baranick, M., Efird,
B. & Kugler, J. (2006), *Senturion: a predictive political simulation model*, NDU (the
probabilistic Condorcet election).

On one 0-100 issue with the actors' positions as the options:

1. utility of actor k for option j: ``u_k(j) = 1 - s_k |x_k - x_j| / 100``, a
   salience-weighted distance utility;
2. vote of k for i over j: ``v_k(i:j) = c_k (u_k(i) - u_k(j))`` (capability-weighted,
   KTAB's proportional voting rule);
3. strength of the coalition for i against j: ``C(i:j) = sum_k max(0, v_k(i:j))``;
4. victory probability ``P(i>j) = C(i:j)^g / (C(i:j)^g + C(j:i)^g)`` with ``g = 1``
   (KTAB's linear model) or ``g = 2`` (its square model);
5. probabilistic Condorcet election: the stationary distribution ``p`` of the Markov
   chain in which the current option j is challenged by a uniformly drawn option i and
   replaced by it with probability ``P(i>j)`` (KTAB's Markov PCE); a Condorcet winner
   that beats everyone for sure absorbs all the probability;
6. the forecast is the expected position ``sum_j p_j x_j``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from standoff.engines.forecast.cost import voter_blocks

VictoryModel = Literal["linear", "square"]


@dataclass(frozen=True)
class KTABResult:
    probability: np.ndarray  # chance each actor's position is the outcome
    victory: np.ndarray  # P[i, j] = chance i beats j head to head
    forecast: float


def victory_probabilities(position: np.ndarray, capability: np.ndarray, salience: np.ndarray,
                          model: VictoryModel = "linear") -> np.ndarray:
    """``P[i, j]``: chance that option i beats option j head to head (0.5 on the diagonal
    and between options no one separates)."""
    x = np.asarray(position, dtype=float)
    c = np.asarray(capability, dtype=float)
    s = np.asarray(salience, dtype=float)
    u = 1.0 - s[:, None] * np.abs(x[:, None] - x[None, :]) / 100.0  # u[k, j]
    n = x.size
    strength = np.zeros((n, n))  # C(i:j)
    for kb in voter_blocks(n, 8.0 * n * n):  # one block below BLOCK_FROM actors: as in one piece
        v = c[kb, None, None] * (u[kb, :, None] - u[kb, None, :])  # v[k, i, j]
        strength += np.maximum(v, 0.0).sum(axis=0)
    g = 1.0 if model == "linear" else 2.0
    a, b = strength**g, strength.T**g
    tot = a + b
    return np.where(tot > 0, a / np.where(tot > 0, tot, 1.0), 0.5)


def condorcet_lottery(victory: np.ndarray) -> np.ndarray:
    """Stationary distribution of the challenge chain (step 5 of the module docstring)."""
    n = victory.shape[0]
    m = victory / n  # m[i, j]: move from j to i
    np.fill_diagonal(m, 0.0)
    m[np.diag_indices(n)] = 1.0 - m.sum(axis=0)
    # Solve (M - I) p = 0 with sum(p) = 1 by least squares on the stacked system.
    a = np.vstack([m - np.eye(n), np.ones((1, n))])
    rhs = np.zeros(n + 1)
    rhs[-1] = 1.0
    p = np.linalg.lstsq(a, rhs, rcond=None)[0]
    p = np.clip(p, 0.0, None)
    return p / p.sum()


def ktab(position: np.ndarray, capability: np.ndarray, salience: np.ndarray,
         model: VictoryModel = "linear") -> KTABResult:
    """The probabilistic Condorcet forecast: win probabilities and the expected position."""
    x = np.asarray(position, dtype=float)
    vic = victory_probabilities(x, capability, salience, model)
    p = condorcet_lottery(vic)
    return KTABResult(probability=p, victory=vic, forecast=float(p @ x))
