"""The crisis models as finite game trees, for ``.efg`` export and Gambit's solvers."""

from __future__ import annotations

import numpy as np

from standoff.core.errors import UserError
from standoff.engines.crisis import ultimatum
from standoff.engines.crisis.models import Params

#: Margin by which the resolved (irresolute) challenger type prefers (shuns) escalation.
RESOLVE_MARGIN = 0.05
#: Largest game tree built: demand levels x target types (the .efg file grows with it).
MAX_TREE_CELLS = 1_000_000


def _f(x: object) -> float:
    return float(np.asarray(x, dtype=float).mean())


def check_tree(levels: int, types: int) -> None:
    if levels < 1 or types < 1:
        raise UserError("need at least one demand level and one target type")
    if levels * types > MAX_TREE_CELLS:
        raise UserError(f"a game tree of {levels:,} demand levels x {types:,} target types is too large",
                        hint=f"keep --levels x --types at most {MAX_TREE_CELLS:,}")


def scenario_game(params: Params, challenger: Params, *, types: int = 5) -> ultimatum.UltimatumGame:
    """The compellence game of the scenario as a finite game (for ``.efg`` export and Gambit).

    Target types: the draws sorted by how far the target is from complying, cut into
    ``types`` equally likely groups, each with its group's mean payoffs. Challenger types:
    *resolved* with probability the mean credibility, *irresolute* otherwise; their
    escalation payoff is the challenger's escalation value pushed just far enough
    (``RESOLVE_MARGIN``) that the resolved type prefers escalating and the irresolute
    type backing down: the unmodelled private cost or benefit of carrying out a threat
    (its audience cost, Fearon 1994) that the credibility summarises.
    """
    check_tree(1, types)
    n = int(np.broadcast(*[np.asarray(v) for v in params.values()]).size)
    pi = float(np.mean(params["credibility"]))
    cols = {k: np.broadcast_to(np.asarray(params[k], dtype=float), (n,)) for k in ("u_comply", "u_war", "u_backdown")}
    margin = cols["u_comply"] - (pi * cols["u_war"] + (1 - pi) * cols["u_backdown"])
    order = np.argsort(margin, kind="stable")
    groups = [g for g in np.array_split(order, min(types, n)) if g.size]
    q = np.array([g.size / n for g in groups])
    b = np.array([[cols["u_comply"][g].mean()] for g in groups])
    w_t = np.array([cols["u_war"][g].mean() for g in groups])
    s_t = np.array([cols["u_backdown"][g].mean() for g in groups])
    e_c = float(np.mean(challenger["u_war"]))
    s_c = float(np.mean(challenger["u_backdown"]))
    a = np.array([float(np.mean(challenger["u_comply"]))])
    r = np.array([pi, 1.0 - pi])
    w_c = np.array([max(e_c, s_c + RESOLVE_MARGIN), min(e_c, s_c - RESOLVE_MARGIN)])
    keep = r > 0
    return ultimatum.UltimatumGame(
        a=a, b=b, q=q, wT=w_t, sT=s_t, r=r[keep], wC=w_c[keep], sC=np.full(int(keep.sum()), s_c),
        demand_labels=("the demand",),
        target_labels=tuple(f"type {i + 1} of {len(groups)}" for i in range(len(groups))),
        challenger_labels=tuple(lab for lab, k in zip(("resolved", "irresolute"), keep, strict=True) if k),
    )


def fearon_game(params: Params, *, levels: int = 11, types: int = 5) -> ultimatum.UltimatumGame:
    """Fearon's risk-return model discretised: ``levels`` demands evenly spaced in [0, 1]
    (shifted by half a step so that no demand sits exactly on a type's threshold in
    generic cases), target cost types from quantile groups of ``c_b``."""
    check_tree(levels, types)
    p, c_a = _f(params["p"]), _f(params["c_a"])
    if "c_b_low" in params:
        lo, hi = _f(params["c_b_low"]), _f(params["c_b_high"])
        costs = lo + (hi - lo) * (np.arange(types) + 0.5) / types
    else:
        cb = np.sort(np.asarray(params["c_b"], dtype=float).ravel())
        costs = np.array([g.mean() for g in np.array_split(cb, min(types, cb.size)) if g.size])
    probs = np.full(costs.size, 1.0 / costs.size)
    demands = (np.arange(levels) + 0.5) / levels
    return ultimatum.screening_game(p, c_a, costs, probs, demands)
