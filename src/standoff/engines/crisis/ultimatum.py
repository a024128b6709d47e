"""The ultimatum (compellence) game with escalation, under two-sided incomplete information.

The game (a finite extensive form; Fearon 1995's take-it-or-leave-it demand with the
challenger's escalation decision made explicit, as in the compellence games of Schelling
1966, *Arms and Influence*, and the crisis-bargaining models surveyed by Morrow 1989,
"Capabilities, uncertainty, and resolve", *AJPS* 33(4)):

1. Nature draws the target's type ``j`` (probability ``q[j]``): its costs of conflict,
   hence its payoffs. Only the target knows it.
2. The challenger demands one of ``K`` packages ``k`` (with a deadline). With ``K = 1`` the
   demand is given and the game is the *compellence* game of an ultimatum already issued.
3. The target complies (accepts demand ``k``) or resists.
4. If it resists, Nature draws the challenger's *resolve* type ``i`` (probability ``r[i]``),
   which only the challenger learns, and at the deadline the challenger escalates (carries
   out its threat) or backs down.

Payoffs: accepting demand ``k`` gives ``(a[k], b[j, k])``; escalation gives
``(wC[i], wT[j])``; backing down gives ``(sC[i], sT[j])`` (challenger, target).

The challenger's resolve is settled at the deadline (domestic politics, the course of
events), not known when the demand is set; so the demand carries no signal about it and
the target's belief that the threat will be carried out is the prior
``pi = sum_i r[i] [wC[i] > sC[i]]``. Payoffs are private values: the challenger's choice
after resistance does not depend on the target's type, so it is optimal whatever its
belief. The perfect Bayesian equilibrium (Fudenberg & Tirole 1991, *Game Theory*, ch. 8)
is therefore, at *every* information set, reached or not:

* challenger type ``i`` escalates iff ``wC[i] > sC[i]`` (ties: backs down);
* target type ``j`` accepts demand ``k`` iff ``b[j, k] >= pi * wT[j] + (1 - pi) * sT[j]``
  (ties: accepts, so that suprema are attained as in Fearon 1995);
* the challenger demands ``k* = argmax_k sum_j q[j] (acc[j,k] a[k] + (1 - acc[j,k]) V)``
  with ``V = sum_i r[i] max(wC[i], sC[i])`` (ties: the lowest index, i.e. the most modest
  demand when demands are listed in increasing order).

This is ``O(K (n_T + n_C))``: exact, and fast for any ``K``. The tie rules fix one
equilibrium where a type is exactly indifferent; away from ties the equilibrium outcome is
unique. :func:`regrets` checks any behaviour profile (ours, or one Gambit returns) for
sequential rationality at every information set.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from standoff.core.errors import UserError

#: Payoff differences this small are ties (floating-point noise must not flip a tie rule).
TIE_TOLERANCE = 1e-12


@dataclass(frozen=True)
class UltimatumGame:
    """Payoff arrays of the ultimatum game (see the module docstring)."""

    a: np.ndarray  # (K,) challenger's payoff when demand k is accepted
    b: np.ndarray  # (nT, K) target type j's payoff when it accepts demand k
    q: np.ndarray  # (nT,) prior over target types
    wT: np.ndarray  # (nT,) target's payoff from escalation
    sT: np.ndarray  # (nT,) target's payoff when the challenger backs down
    r: np.ndarray  # (nC,) prior over challenger resolve types
    wC: np.ndarray  # (nC,) challenger's payoff from escalating
    sC: np.ndarray  # (nC,) challenger's payoff from backing down
    demand_labels: tuple[str, ...] = ()
    target_labels: tuple[str, ...] = ()
    challenger_labels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        a = np.atleast_1d(np.asarray(self.a, dtype=float))
        b = np.asarray(self.b, dtype=float)
        if b.ndim == 1:
            b = b[:, None] if a.size == 1 else b[None, :]
        q, wt, st = (np.atleast_1d(np.asarray(x, dtype=float)) for x in (self.q, self.wT, self.sT))
        r, wc, sc = (np.atleast_1d(np.asarray(x, dtype=float)) for x in (self.r, self.wC, self.sC))
        k, nt, nc = a.size, q.size, r.size
        if b.shape != (nt, k) or wt.shape != (nt,) or st.shape != (nt,):
            raise UserError("target payoffs need one row per target type and one column per demand")
        if wc.shape != (nc,) or sc.shape != (nc,):
            raise UserError("challenger payoffs need one entry per resolve type")
        for name, pr in (("target type", q), ("challenger type", r)):
            if np.any(pr < 0) or not np.isclose(pr.sum(), 1.0) or not np.all(np.isfinite(pr)):
                raise UserError(f"{name} probabilities must be non-negative and sum to 1")
        for arr in (a, b, wt, st, wc, sc):
            if not np.all(np.isfinite(arr)):
                raise UserError("payoffs must be finite numbers")
        object.__setattr__(self, "a", a)
        object.__setattr__(self, "b", b)
        for name, arr in (("q", q), ("wT", wt), ("sT", st), ("r", r), ("wC", wc), ("sC", sc)):
            object.__setattr__(self, name, arr)
        object.__setattr__(self, "demand_labels", self.demand_labels or tuple(f"d{i}" for i in range(k)))
        object.__setattr__(self, "target_labels", self.target_labels or tuple(f"t{i}" for i in range(nt)))
        object.__setattr__(
            self, "challenger_labels", self.challenger_labels or tuple(f"c{i}" for i in range(nc))
        )

    @property
    def n_demands(self) -> int:
        return int(self.a.size)


@dataclass(frozen=True)
class Behaviour:
    """A behaviour profile: a probability for each action at each information set."""

    demand: np.ndarray  # (K,) challenger's distribution over demands
    accept: np.ndarray  # (nT, K) probability that type j accepts demand k
    escalate: np.ndarray  # (nC, K) probability that resolve type i escalates after demand k is resisted


@dataclass(frozen=True)
class UltimatumSolution:
    """The perfect Bayesian equilibrium and what it implies."""

    game: UltimatumGame
    behaviour: Behaviour
    demand: int  # k*
    p_resolved: float  # pi: the target's belief that the threat will be carried out
    p_comply: float
    p_escalate: float
    p_backdown: float
    payoff_challenger: float
    payoff_target: float
    belief_after_resistance: np.ndarray  # challenger's posterior over target types, on path
    expected_payoffs_by_demand: np.ndarray = field(repr=False)  # (K,) challenger's U(k)


def solve_ultimatum(game: UltimatumGame) -> UltimatumSolution:
    """The perfect Bayesian equilibrium (tie rules in the module docstring)."""
    esc_type = game.wC > game.sC + TIE_TOLERANCE  # (nC,) indifferent: backs down
    pi = float(np.dot(game.r, esc_type))
    v_resist = float(np.dot(game.r, np.maximum(game.wC, game.sC)))
    resist_value = pi * game.wT + (1.0 - pi) * game.sT  # (nT,)
    acc = game.b >= resist_value[:, None] - TIE_TOLERANCE  # (nT, K) indifferent: accepts
    p_acc = game.q @ acc  # (K,)
    u = p_acc * game.a + (1.0 - p_acc) * v_resist
    k = int(np.argmax(u))
    pc = float(np.clip(p_acc[k], 0.0, 1.0))
    rejecting = game.q * (~acc[:, k])
    belief = rejecting / rejecting.sum() if rejecting.sum() > 0 else game.q.copy()
    pay_t = float(np.dot(game.q, np.where(acc[:, k], game.b[:, k], resist_value)))
    esc = np.repeat(esc_type[:, None].astype(float), game.n_demands, axis=1)
    demand = np.zeros(game.n_demands)
    demand[k] = 1.0
    return UltimatumSolution(
        game=game,
        behaviour=Behaviour(demand=demand, accept=acc.astype(float), escalate=esc),
        demand=k,
        p_resolved=pi,
        p_comply=pc,
        p_escalate=(1.0 - pc) * pi,
        p_backdown=(1.0 - pc) * (1.0 - pi),
        payoff_challenger=float(u[k]),
        payoff_target=pay_t,
        belief_after_resistance=belief,
        expected_payoffs_by_demand=u,
    )


@dataclass(frozen=True)
class Regret:
    """How much a player loses at one information set by following the profile."""

    infoset: str
    regret: float
    reached: bool


def regrets(game: UltimatumGame, beh: Behaviour) -> list[Regret]:
    """The regret of the profile at every information set, reached or not.

    A profile is sequentially rational (with consistent beliefs) iff every regret is 0.
    Beliefs: at the demand, the prior over target types; at a target's node, the prior
    over the challenger's resolve (drawn after the demand, so nothing to update); at the
    challenger's escalation node, payoffs do not depend on the target's type, so no belief
    matters. Off-path information sets are checked like reached ones.
    """
    out: list[Regret] = []
    esc = np.asarray(beh.escalate, dtype=float)
    acc = np.asarray(beh.accept, dtype=float)
    dem = np.asarray(beh.demand, dtype=float)
    # challenger's escalation decisions, after each demand, for each resolve type
    reach_k = (game.q @ (1.0 - acc)) * dem  # probability demand k is made and resisted
    for i in range(game.r.size):
        for k in range(game.n_demands):
            played = esc[i, k] * game.wC[i] + (1.0 - esc[i, k]) * game.sC[i]
            best = max(game.wC[i], game.sC[i])
            out.append(
                Regret(
                    f"challenger[{game.challenger_labels[i]}] after {game.demand_labels[k]} resisted",
                    float(best - played),
                    bool(reach_k[k] > 0 and game.r[i] > 0),
                )
            )
    # target's decisions, given the challenger's escalation probabilities
    pi_k = game.r @ esc  # (K,) probability of escalation after demand k is resisted
    for j in range(game.q.size):
        for k in range(game.n_demands):
            resist = pi_k[k] * game.wT[j] + (1.0 - pi_k[k]) * game.sT[j]
            played = acc[j, k] * game.b[j, k] + (1.0 - acc[j, k]) * resist
            out.append(
                Regret(
                    f"target[{game.target_labels[j]}] facing {game.demand_labels[k]}",
                    float(max(game.b[j, k], resist) - played),
                    bool(dem[k] > 0 and game.q[j] > 0),
                )
            )
    # the challenger's demand
    v_resist = (game.r[:, None] * (esc * game.wC[:, None] + (1.0 - esc) * game.sC[:, None])).sum(axis=0)
    p_acc = game.q @ acc
    u = p_acc * game.a + (1.0 - p_acc) * v_resist
    out.append(Regret("challenger's demand", float(u.max() - np.dot(dem, u)), True))
    return out


def max_regret(game: UltimatumGame, beh: Behaviour, *, reached_only: bool = False) -> float:
    """Largest regret over all information sets (or only the reached ones: the Nash test)."""
    rs = [x.regret for x in regrets(game, beh) if x.reached or not reached_only]
    return max(rs) if rs else 0.0


# ------------------------------------------------------------------- vectorised forms
@dataclass(frozen=True)
class Compellence:
    """Equilibrium of the compellence game (one demand), element-wise over draws."""

    comply: np.ndarray  # bool: the target complies
    p_comply: np.ndarray
    p_escalate: np.ndarray
    p_backdown: np.ndarray
    margin: np.ndarray  # comply value minus resist value: how far the target is from switching


def solve_compellence(
    u_comply: np.ndarray, u_war: np.ndarray, u_backdown: np.ndarray, credibility: np.ndarray
) -> Compellence:
    """The compellence game (``K = 1``) in closed form, vectorised over draws.

    ``credibility`` is the target's belief ``pi`` that the threat is carried out. Each draw
    is one target type; averaging over draws gives the probabilities over types. The
    target complies iff ``u_comply >= pi u_war + (1 - pi) u_backdown`` (ties: complies).
    """
    pi = np.asarray(credibility, dtype=float)
    if not np.all(np.isfinite(pi)) or np.any((pi < 0) | (pi > 1)):
        raise UserError("credibility must be a probability in [0, 1]")
    margin = np.asarray(u_comply, dtype=float) - (pi * u_war + (1.0 - pi) * np.asarray(u_backdown))
    comply = margin >= -TIE_TOLERANCE  # tie rule: an indifferent target complies
    pc = comply.astype(float)
    return Compellence(
        comply=comply, p_comply=pc, p_escalate=(1 - pc) * pi, p_backdown=(1 - pc) * (1 - pi), margin=margin
    )


def screening_game(
    p: float,
    c_a: float,
    costs: np.ndarray,
    probs: np.ndarray,
    demands: np.ndarray,
    *,
    backdown_cost: float = 0.0,
    resolve: np.ndarray | None = None,
) -> UltimatumGame:
    """Fearon's risk-return game on a grid of ``K`` demands, with escalation explicit.

    Shares of a unit prize: accepted demand ``x`` gives ``(x, 1 - x)``; escalation gives
    ``(p - c_A, 1 - p - c_j)``; backing down leaves the prize to the target and costs the
    challenger ``backdown_cost`` (an audience cost, Fearon 1994, "Domestic political
    audiences and the escalation of international disputes", *APSR* 88(3)). ``resolve``
    optionally gives challenger resolve types as (probability, extra cost of escalating)
    rows; by default one type whose only cost is ``c_A``.
    """
    d = np.asarray(demands, dtype=float)
    c = np.asarray(costs, dtype=float)
    q = np.asarray(probs, dtype=float)
    if resolve is None:
        r, extra = np.array([1.0]), np.array([0.0])
    else:
        res = np.asarray(resolve, dtype=float).reshape(-1, 2)
        r, extra = res[:, 0], res[:, 1]
    return UltimatumGame(
        a=d,
        b=1.0 - np.broadcast_to(d, (c.size, d.size)),
        q=q,
        wT=1.0 - p - c,
        sT=np.ones_like(c),
        r=r,
        wC=p - c_a - extra,
        sC=np.full(r.size, -backdown_cost),
        demand_labels=tuple(f"x={x:.6g}" for x in d),
        target_labels=tuple(f"cost={x:.6g}" for x in c),
        challenger_labels=tuple(f"extra={x:.6g}" for x in extra),
    )
