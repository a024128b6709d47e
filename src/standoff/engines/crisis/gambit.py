"""Bridge to Gambit (pygambit 17): solve the ultimatum game's tree with Gambit's methods.

pygambit is optional (``pip install 'standoff[gambit]'``) and never imported by the rest
of the engine. Gambit runs in a child process so that a time limit can be enforced (its
C++ solvers cannot be interrupted in-process); the child reads the ``.efg`` text written
by :mod:`standoff.engines.crisis.efg` and returns the behaviour profile as JSON.

Methods (Gambit documentation, "Computing Nash equilibria"; McKelvey, McLennan & Turocy):

* ``logit`` -- traces the logit quantal-response correspondence on the tree (McKelvey &
  Palfrey 1998, "Quantal response equilibria for extensive form games", *Experimental
  Economics* 1) to its limit, a sequential equilibrium: the right cross-check of our
  perfect Bayesian equilibrium.
* ``lcp`` -- Lemke's algorithm on the sequence form (Koller, Megiddo & von Stengel 1996).
  It returns *a* Nash equilibrium, which may rest on threats that are not credible off
  the path of play: check it with :func:`standoff.engines.crisis.ultimatum.regrets`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass

import numpy as np

from standoff.core.errors import UserError
from standoff.engines.crisis.efg import (
    ACCEPT,
    CHALLENGER,
    ESCALATE,
    TARGET,
    ultimatum_efg,
    unique_labels,
)
from standoff.engines.crisis.ultimatum import Behaviour, UltimatumGame

METHODS = ("logit", "lcp")

_CHILD = r"""
import io, json, sys, time
import pygambit as gbt
req = json.loads(sys.stdin.read())
game = gbt.read_efg(io.StringIO(req["efg"]))
start = time.perf_counter()
if req["method"] == "lcp":
    res = gbt.nash.lcp_solve(game, rational=False)
else:
    res = gbt.nash.logit_solve(game)
seconds = time.perf_counter() - start
eq = res.equilibrium
out = []
for player in [str(p) for p in game.players]:
    for history, action in eq[player]:
        path = [t.action for t in history]
        out.append({"player": player, "path": path, "probs": {k: float(v) for k, v in dict(action).items()}})
print(json.dumps({"profile": out, "seconds": seconds}))
"""


def gambit_available() -> bool:
    """True when pygambit can be imported (checked without importing it here)."""
    import importlib.util

    return importlib.util.find_spec("pygambit") is not None


@dataclass(frozen=True)
class GambitSolution:
    """A behaviour profile computed by Gambit, in our arrays, and how long it took."""

    method: str
    behaviour: Behaviour
    seconds: float  # time inside Gambit's solver
    wall_seconds: float  # including the child process and reading the file


#: Longest time limit accepted (about 11 days; beyond, the subprocess timer overflows).
MAX_TIMEOUT = 1e6


def solve_with_gambit(game: UltimatumGame, method: str = "logit", *, timeout: float = 60.0) -> GambitSolution:
    """Solve the game's tree with Gambit in a child process, within ``timeout`` seconds.

    Raises :class:`UserError` when pygambit is missing, the method is unknown, or Gambit
    gives no answer in time.
    """
    if method not in METHODS:
        raise UserError(f"unknown Gambit method {method!r}", hint=f"use one of {', '.join(METHODS)}")
    if not gambit_available():
        raise UserError("pygambit is not installed", hint="pip install 'standoff[gambit]'")
    if not 0 < timeout <= MAX_TIMEOUT:
        raise UserError(f"the Gambit time limit must lie in (0, {MAX_TIMEOUT:g}] seconds (got {timeout:g})")
    efg = ultimatum_efg(game)
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD],
            input=json.dumps({"efg": efg, "method": method}),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise UserError(
            f"Gambit's {method} solver found no equilibrium within {timeout:g} s "
            f"({game.n_demands} demands, {game.q.size} target types)",
            hint="raise --timeout, use fewer demand levels, or rely on the closed form",
        ) from exc
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        tail = (proc.stderr or "").strip().splitlines()[-1:] or ["no message"]
        raise UserError(f"Gambit's {method} solver failed: {tail[0]}")
    data = json.loads(proc.stdout)
    return GambitSolution(
        method=method,
        behaviour=profile_to_behaviour(game, data["profile"]),
        seconds=float(data["seconds"]),
        wall_seconds=wall,
    )


def profile_to_behaviour(game: UltimatumGame, profile: list[dict[str, object]]) -> Behaviour:
    """Map Gambit's profile (player, path of actions to the infoset's first member,
    action probabilities) onto our arrays, identifying infosets by their action paths."""
    dem = {lab: k for k, lab in enumerate(unique_labels(game.demand_labels))}
    typ = {lab: j for j, lab in enumerate(unique_labels(game.target_labels))}
    res = {lab: i for i, lab in enumerate(unique_labels(game.challenger_labels))}
    demand = np.zeros(game.n_demands)
    accept = np.zeros((game.q.size, game.n_demands))
    escalate = np.zeros((game.r.size, game.n_demands))
    for row in profile:
        path = [str(a) for a in row["path"]]  # type: ignore[attr-defined]
        probs = {str(a): float(v) for a, v in row["probs"].items()}  # type: ignore[attr-defined]
        if row["player"] == CHALLENGER and len(path) == 1:
            for lab, v in probs.items():
                demand[dem[lab]] = v
        elif row["player"] == TARGET:
            accept[typ[path[0]], dem[path[1]]] = probs[ACCEPT]
        elif row["player"] == CHALLENGER:
            i = res[path[3]] if game.r.size > 1 else 0
            escalate[i, dem[path[1]]] = probs[ESCALATE]
    return Behaviour(demand=demand, accept=accept, escalate=escalate)
