"""Alternating offers with discounting, outside options and a risk of breakdown.

Two players split a unit prize; A proposes first, B answers; after a rejection, talks
break down with probability ``beta`` (each then gets its breakdown payoff ``b_A``,
``b_B``), and otherwise the rejecter proposes one period later. A responder may also
*opt out* instead of answering, taking its outside option ``w_A`` / ``w_B``.
Discount factors are ``d_A``, ``d_B`` per period.

* Without options and breakdown the unique subgame-perfect equilibrium gives the
  proposer ``(1 - d_B) / (1 - d_A d_B)`` at once (Rubinstein, A. 1982, "Perfect
  equilibrium in a bargaining model", *Econometrica* 50(1): 97-109).
* Outside options matter only when they bind: B's option ``w_B`` changes the outcome only
  if ``w_B > d_B (1 - d_A) / (1 - d_A d_B)``, and then A gets ``1 - w_B`` (the *outside
  option principle*: Binmore, K., Shaked, A. & Sutton, J. 1989, "An outside option
  experiment", *QJE* 104(4): 753-770; Osborne & Rubinstein 1990, *Bargaining and
  Markets*, section 3.12).
* A risk of breakdown ``beta`` after each rejection acts like impatience; as
  ``beta -> 0`` without discounting the split tends to the Nash bargaining solution with
  the breakdown payoffs as disagreement point (Binmore, Rubinstein & Wolinsky 1986, "The
  Nash bargaining solution in economic modelling", *RAND J. Econ.* 17(2): 176-188).

With ``x`` A's share when A proposes and ``y`` B's share when B proposes, the stationary
SPE solves (a responder accepts when indifferent)::

    x = 1 - max(w_B, beta b_B + (1 - beta) d_B y)
    y = 1 - max(w_A, beta b_A + (1 - beta) d_A x)

The right-hand side is a contraction (modulus ``(1 - beta) max(d_A, d_B) < 1``), so the
fixed point is unique; it is one of four linear cases (which options bind) and
:func:`solve_alternating` picks the consistent one, vectorised over draws. Agreement is
immediate in equilibrium; it exists when a deal beats both outside options
(``w_A + w_B <= 1``) and the breakdown payoffs (``b_A + b_B <= 1``), otherwise talks end
at once without a deal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from standoff.core.errors import UserError

ArrayLike = float | np.ndarray


@dataclass(frozen=True)
class AlternatingSolution:
    """The SPE of alternating offers, element-wise over draws."""

    share_a: ArrayLike  # A's share when A proposes first (the equilibrium split)
    share_b_proposing: ArrayLike  # B's share when B proposes
    deal: ArrayLike  # bool: an agreement is reached (immediately)
    binding: ArrayLike  # 0 none, 1 B's option binds, 2 A's binds, 3 both
    threshold_w_b: ArrayLike  # w_B above which B's outside option binds


def rubinstein_share(d_a: ArrayLike, d_b: ArrayLike) -> ArrayLike:
    """The first proposer's share ``(1 - d_B) / (1 - d_A d_B)`` (Rubinstein 1982)."""
    da, db = np.asarray(d_a, dtype=float), np.asarray(d_b, dtype=float)
    _check_discount(da, db)
    out = (1.0 - db) / (1.0 - da * db)
    return out if out.ndim else float(out)


def _check_discount(da: np.ndarray, db: np.ndarray) -> None:
    for name, d in (("d_A", da), ("d_B", db)):
        if not np.all(np.isfinite(d)) or np.any((d < 0) | (d >= 1)):
            raise UserError(f"discount factor {name} must lie in [0, 1)", hint="d = 1 has no unique equilibrium")


def solve_alternating(
    d_a: ArrayLike,
    d_b: ArrayLike,
    *,
    w_a: ArrayLike = 0.0,
    w_b: ArrayLike = 0.0,
    beta: ArrayLike = 0.0,
    b_a: ArrayLike = 0.0,
    b_b: ArrayLike = 0.0,
) -> AlternatingSolution:
    """The stationary SPE (see the module docstring), vectorised."""
    da, db, wa, wb, be, ba, bb = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (d_a, d_b, w_a, w_b, beta, b_a, b_b))
    )
    if not np.all(np.isfinite(be)) or np.any((be < 0) | (be > 1)):
        raise UserError("breakdown probability must lie in [0, 1]")
    if np.any((be == 0) & ((da >= 1) | (db >= 1))):
        raise UserError("discount factors must lie below 1 unless there is a risk of breakdown")
    if np.any((da < 0) | (db < 0) | (da > 1) | (db > 1)):
        raise UserError("discount factors must lie in [0, 1]")
    for name, v in (("w_A", wa), ("w_B", wb), ("b_A", ba), ("b_B", bb)):
        # below 0: worse than the worst split, so it never binds (not clipped: the size of
        # the gap matters to the reader, not to the equilibrium)
        if not np.all(np.isfinite(v)) or np.any(v > 1):
            raise UserError(f"{name} must be a share of the prize of at most 1")
    # a side cannot be offered less than nothing: an option worse than the worst split
    # means it accepts any split, exactly as an option of 0 does
    wa, wb, ba, bb = (np.maximum(v, 0.0) for v in (wa, wb, ba, bb))
    ea, eb = (1.0 - be) * da, (1.0 - be) * db
    ka, kb = be * ba, be * bb
    # the four linear cases: neither option binds; B's; A's; both
    x0 = (1.0 - kb - eb * (1.0 - ka)) / (1.0 - ea * eb)
    y0 = 1.0 - ka - ea * x0
    x1 = 1.0 - wb
    y1 = 1.0 - np.maximum(wa, ka + ea * x1)
    y2 = 1.0 - wa
    x2 = 1.0 - np.maximum(wb, kb + eb * y2)
    x3, y3 = 1.0 - wb, 1.0 - wa
    xs = np.stack([x0, x1, x2, x3])
    ys = np.stack([y0, y1, y2, y3])
    fx = 1.0 - np.maximum(wb, kb + eb * ys)
    fy = 1.0 - np.maximum(wa, ka + ea * xs)
    resid = np.abs(fx - xs) + np.abs(fy - ys)
    case = np.argmin(resid, axis=0)
    x = np.take_along_axis(xs, case[None], axis=0)[0]
    y = np.take_along_axis(ys, case[None], axis=0)[0]
    binding = (wb > kb + eb * y).astype(int) + 2 * (wa > ka + ea * x).astype(int)
    deal = (wa + wb <= 1.0) & (ba + bb <= 1.0)
    thr = db * (1.0 - da) / (1.0 - da * db) if np.all(be == 0) else (kb + eb * y)

    def o(v: np.ndarray) -> ArrayLike:
        return v if v.ndim else (bool(v) if v.dtype == bool else (int(v) if v.dtype.kind == "i" else float(v)))

    return AlternatingSolution(
        share_a=o(np.where(deal, x, np.nan)),
        share_b_proposing=o(np.where(deal, y, np.nan)),
        deal=o(deal),
        binding=o(binding),
        threshold_w_b=o(np.asarray(thr, dtype=float)),
    )


def backward_induction(
    d_a: float,
    d_b: float,
    rounds: int,
    *,
    w_a: float = 0.0,
    w_b: float = 0.0,
    beta: float = 0.0,
    b_a: float = 0.0,
    b_b: float = 0.0,
) -> tuple[float, float]:
    """Payoffs (A, B) of the ``rounds``-round game (A proposes in odd rounds) solved by
    backward induction: the brute-force oracle of the stationary SPE, which it approaches
    geometrically as ``rounds`` grows (Stahl 1972, *Time and Bargaining*; Rubinstein 1982).

    A rejection in the last round ends the talks with the breakdown payoffs. A responder
    who opts out gets its outside option and the proposer gets 0 (Binmore, Shaked &
    Sutton 1989). The proposer makes an unacceptable offer when that pays more.
    """
    v_a, v_b = b_a, b_b  # continuation after the last round's rejection
    for t in range(rounds, 0, -1):
        if t < rounds:
            c_a = beta * b_a + (1.0 - beta) * d_a * v_a
            c_b = beta * b_b + (1.0 - beta) * d_b * v_b
        else:
            c_a, c_b = b_a, b_b
        a_proposes = t % 2 == 1
        c_prop, c_resp = (c_a, c_b) if a_proposes else (c_b, c_a)
        w_resp = w_b if a_proposes else w_a
        give = max(w_resp, c_resp)
        # after an unacceptable offer the responder opts out (proposer gets 0) or rejects
        alt_prop, alt_resp = (0.0, w_resp) if w_resp > c_resp else (c_prop, c_resp)
        if 1.0 - give >= alt_prop:
            prop, resp = 1.0 - give, give
        else:
            prop, resp = alt_prop, alt_resp
        v_a, v_b = (prop, resp) if a_proposes else (resp, prop)
    return v_a, v_b
