"""The ultimatum game as a Gambit extensive-form file (``.efg``), written without Gambit.

The tree follows :mod:`standoff.engines.crisis.ultimatum`: Nature draws the target's type;
the challenger (player 1) picks a demand in one information set (it does not know the
type); the target (player 2) accepts or resists; after resistance Nature draws the
challenger's resolve type (when there is more than one) and the challenger escalates or
backs down in an information set that pools the target's types. The format is Gambit's
"EFG 2 R" text format (McKelvey, McLennan & Turocy, *Gambit: Software Tools for Game
Theory*, file-format documentation); payoffs are written as exact decimals and chance
probabilities as fractions summing exactly to one.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from standoff.engines.crisis.ultimatum import UltimatumGame

CHALLENGER = "Challenger"
TARGET = "Target"
ACCEPT, RESIST = "comply", "resist"
ESCALATE, BACKDOWN = "escalate", "back down"


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _num(v: float) -> str:
    text = f"{float(v):.15f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _fractions(probs: np.ndarray) -> list[str]:
    fr = [Fraction(float(p)).limit_denominator(10**9) for p in probs]
    fr[-1] = 1 - sum(fr[:-1], Fraction(0))
    if fr[-1] < 0:
        raise ValueError("probabilities do not sum to one")
    return [f"{f.numerator}/{f.denominator}" if f.denominator != 1 else str(f.numerator) for f in fr]


def unique_labels(labels: tuple[str, ...]) -> list[str]:
    """Labels made unique (Gambit identifies actions by label)."""
    seen: dict[str, int] = {}
    out = []
    for lab in labels:
        n = seen.get(lab, 0)
        seen[lab] = n + 1
        out.append(lab if n == 0 else f"{lab} ({n + 1})")
    return out


def ultimatum_efg(game: UltimatumGame, title: str = "Ultimatum with escalation", comment: str = "") -> str:
    """The game as ``.efg`` text."""
    dem = unique_labels(game.demand_labels)
    typ = unique_labels(game.target_labels)
    res = unique_labels(game.challenger_labels)
    nt, k, nc = game.q.size, game.n_demands, game.r.size
    lines = [f"EFG 2 R {_q(title)} {{ {_q(CHALLENGER)} {_q(TARGET)} }}", _q(comment), ""]
    chance_no = 0
    outcome_no = 0

    def chance(node: str, name: str, labels: list[str], probs: np.ndarray) -> str:
        nonlocal chance_no
        chance_no += 1
        acts = " ".join(f"{_q(lab)} {p}" for lab, p in zip(labels, _fractions(probs), strict=True))
        return f"c {_q(node)} {chance_no} {_q(name)} {{ {acts} }} 0"

    def terminal(name: str, pay_c: float, pay_t: float) -> str:
        nonlocal outcome_no
        outcome_no += 1
        return f"t {_q(name)} {outcome_no} {_q(name)} {{ {_num(pay_c)}, {_num(pay_t)} }}"

    esc_infoset = {(i, kk): 2 + i * k + kk for i in range(nc) for kk in range(k)}
    lines.append(chance("target type", "target type", typ, game.q))
    for j in range(nt):
        acts = " ".join(_q(d) for d in dem)
        lines.append(f"p {_q('demand | ' + typ[j])} 1 1 {_q('demand')} {{ {acts} }} 0")
        for kk in range(k):
            t_set = 1 + j * k + kk
            label = f"{typ[j]} facing {dem[kk]}"
            lines.append(f"p {_q(label)} 2 {t_set} {_q(label)} {{ {_q(ACCEPT)} {_q(RESIST)} }} 0")
            lines.append(terminal(f"{typ[j]} complies with {dem[kk]}", game.a[kk], game.b[j, kk]))
            if nc > 1:
                name = f"resolve | {typ[j]} resists {dem[kk]}"
                lines.append(chance(name, name, res, game.r))
            for i in range(nc):
                c_label = f"{res[i]} after {dem[kk]} resisted"
                node = f"{c_label} | {typ[j]}"
                lines.append(
                    f"p {_q(node)} 1 {esc_infoset[i, kk]} {_q(c_label)} "
                    f"{{ {_q(ESCALATE)} {_q(BACKDOWN)} }} 0"
                )
                lines.append(terminal(f"{node}: escalation", game.wC[i], game.wT[j]))
                lines.append(terminal(f"{node}: backdown", game.sC[i], game.sT[j]))
    return "\n".join(lines) + "\n"
