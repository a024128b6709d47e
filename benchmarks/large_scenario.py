"""A generated multilateral scenario: ``parties`` parties and ``issues`` issues of four
options each, every number an assumption, a demand by the first party on the second with
a threat and a deadline. Used by the large-case benchmark and tests.

    python benchmarks/large_scenario.py 10 20 > large.yaml
"""

from __future__ import annotations

import sys

import numpy as np


def large_scenario(parties: int = 10, issues: int = 20, seed: int = 0) -> str:
    rng = np.random.default_rng(seed)
    opts = ["a", "b", "c", "d"]
    lines = [
        "standoff: 1",
        f"id: large-{parties}x{issues}",
        f"title: Generated multilateral talks ({parties} parties, {issues} issues)",
        "as_of: 2030-01-01",
        "actors:",
    ]
    names = [f"p{k}" for k in range(parties)]
    for k, n in enumerate(names):
        lines.append(f"  {n}: {{name: Party {k}, kind: state, capability: {{value: {rng.integers(1, 20)}, "
                     f"assumption: generated}}}}")
    lines.append("  m0: {name: Mediator, kind: mediator, capability: {value: 1, assumption: generated}}")
    lines.append("issues:")
    for i in range(issues):
        lines.append(f"  i{i}: {{name: Issue {i}, options: [{', '.join(opts)}], status_quo: a}}")
    lines.append("negotiation:")
    lines.append(f"  parties: [{', '.join(names)}]")
    lines.append(f"  challenger: {names[0]}")
    lines.append(f"  target: {names[1]}")
    lines.append("  mediators: [m0]")
    lines.append("  deadline: 2030-02-01")
    lines.append("preferences:")
    for n in names:
        lines.append(f"  {n}:")
        lines.append("    assumption: generated")
        lines.append("    issues:")
        for i in range(issues):
            vals = rng.random(4).round(2)
            lines.append(f"      i{i}: {{salience: {rng.integers(1, 10)}, values: {{"
                         + ", ".join(f"{o}: {v}" for o, v in zip(opts, vals, strict=True)) + "}}")
    lines.append("no_deal:")
    for k, n in enumerate(names):
        other = names[1] if k == 0 else names[0]
        lines.append(f"  {n}: {{assumption: generated, against: [{other}], conflict_cost: 0.1, "
                     f"horizon: {{dist: uniform, low: 4, high: 20}}, discount: 0.98}}")
    lines += [
        "instruments:",
        "  pressure:",
        "    {name: Sanctions, kind: sanction, imposer: p0, target: p1, status: in_force,",
        "     cost_to_target: {dist: uniform, low: 0.005, high: 0.02}, cost_to_imposer: 0.002, assumption: generated}",
        "  force:",
        "    {name: Strikes, kind: military_action, imposer: p0, target: p1, status: threatened,",
        "     cost_to_target: 0.05, cost_to_imposer: 0.01, credibility: {dist: uniform, low: 0.3, high: 0.8},",
        "     assumption: generated}",
        "events:",
        "  - {id: demand, date: 2030-01-01, actor: p0, target: p1, category: THREATEN, summary: A demand,",
        "     package: {i0: d, i1: d}, threat: [force], deadline: 2030-02-01, assumption: generated}",
        "questions:",
        "  - {id: yields, text: The target gives in or agrees by 1 May 2030., by: 2030-05-01, yes_if: [deal, capitulation]}",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    p = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    i = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    sys.stdout.write(large_scenario(p, i))
