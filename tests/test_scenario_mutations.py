"""2,000 random mutations of the bundled scenarios each end in success or a clean error.

A clean error is a :class:`~standoff.core.errors.UserError` (exit status 2 on the command
line, no traceback). Mutations: deleted keys, wrong types, misspelt keys, unknown ids,
removed or duplicated list items (on the parsed tree), and garbage bytes, deleted or
duplicated lines (on the text). Successful loads are also run through the scenario's
array mappings (outcome space, utilities, no-deal values), which must not crash either.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from standoff.core.errors import UserError
from standoff.scenario import Scenario, ScenarioSpec, bundled_names, bundled_path
from standoff.scenario.loader import decode, parse_yaml, validate_tree
from standoff.scenario.validate import check_scenario
from tests.helpers import run_cli

N_TREE = 1600
N_TEXT = 400
N_CLI = 40

JUNK: list[Any] = [None, True, False, -1, 0, 2.5, 1e308, -1e308, float("nan"), "", "x" * 300,
                   "madruo", "2025-13-01", [], {}, [1, 2], {"dist": "beta"}, {"value": "nan"},
                   {"dist": "normal", "mean": 5, "sd": -1}, {"value": 0.5, "dist": "uniform"}]


def plain(tree: Any) -> Any:
    return json.loads(json.dumps(tree, default=str))


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out.extend(paths(v, (*prefix, k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.extend(paths(v, (*prefix, i)))
    return out


def ids_in(node: Any) -> list[str]:
    return [p[-1] for p in paths(node) if isinstance(p[-1], str)]


def mutate_tree(tree: Any, rng: np.random.Generator) -> Any:
    t = copy.deepcopy(tree)
    all_paths = paths(t)
    path = all_paths[int(rng.integers(len(all_paths)))]
    parent = t
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    op = int(rng.integers(6))
    if op == 0:  # delete
        del parent[key]
    elif op == 1:  # wrong type / junk value
        parent[key] = copy.deepcopy(JUNK[int(rng.integers(len(JUNK)))])
    elif op == 2 and isinstance(parent, dict):  # misspelt key
        new = key[:-1] if len(key) > 1 else key + "x"
        parent[new] = parent.pop(key)
    elif op == 3:  # unknown or wrong id
        names = ids_in(t)
        parent[key] = names[int(rng.integers(len(names)))] + ("" if rng.random() < 0.5 else "x")
    elif op == 4 and isinstance(parent, list):  # duplicate a list item
        parent.append(copy.deepcopy(parent[key]))
    else:  # negative or huge number
        parent[key] = float(rng.choice([-0.5, 101.0, 1e9]))
    return t


def mutate_text(text: str, rng: np.random.Generator) -> bytes:
    data = text.encode("utf-8")
    lines = text.splitlines(keepends=True)
    op = int(rng.integers(4))
    if op == 0:
        pos = int(rng.integers(len(data)))
        garbage = rng.integers(0, 256, size=int(rng.integers(1, 12)), dtype=np.uint8).tobytes()
        return data[:pos] + garbage + data[pos:]
    if op == 1:
        i = int(rng.integers(len(lines)))
        return "".join(lines[:i] + lines[i + 1 :]).encode()
    if op == 2:
        i = int(rng.integers(len(lines)))
        return "".join(lines[: i + 1] + lines[i:]).encode()
    i = int(rng.integers(len(lines)))
    lines[i] = " " * int(rng.integers(1, 4)) + lines[i]
    return "".join(lines).encode()


def exercise(scn: Scenario) -> None:
    """Run the array mappings every engine relies on."""
    scn.outcome_space.n_outcomes  # noqa: B018
    for party in scn.parties:
        scn.utility(party)
        if party in scn.spec.no_deal:
            scn.no_deal_value(party)


def load_tree(tree: Any) -> None:
    spec = validate_tree(ScenarioSpec, tree, "mutant.yaml")
    problems = check_scenario(spec)
    if problems:
        raise UserError("invalid", problems=problems)
    exercise(Scenario(spec))


@pytest.fixture(scope="module")
def trees() -> dict[str, Any]:
    return {n: plain(parse_yaml(bundled_path(n).read_text(encoding="utf-8"), n)) for n in bundled_names()}


def test_tree_mutations_end_cleanly(trees: dict[str, Any]) -> None:
    rng = np.random.default_rng(20251202)
    names = sorted(trees)
    outcomes = {"ok": 0, "error": 0}
    for k in range(N_TREE):
        tree = mutate_tree(trees[names[k % len(names)]], rng)
        try:
            load_tree(tree)
            outcomes["ok"] += 1
        except UserError as exc:
            assert exc.format()
            outcomes["error"] += 1
    assert outcomes["error"] > N_TREE // 4  # the mutations do bite
    assert sum(outcomes.values()) == N_TREE


def test_text_mutations_end_cleanly() -> None:
    rng = np.random.default_rng(7)
    names = bundled_names()
    texts = {n: bundled_path(n).read_text(encoding="utf-8") for n in names}
    for k in range(N_TEXT):
        data = mutate_text(texts[names[k % len(names)]], rng)
        try:
            exercise(Scenario.from_text(decode(data, "mutant.yaml"), shown="mutant.yaml"))
        except UserError as exc:
            assert "mutant.yaml" in exc.format()


def test_cli_reports_mutants_with_status_2_and_no_traceback(tmp_path: Path, trees: dict[str, Any]) -> None:
    rng = np.random.default_rng(11)
    text = bundled_path("venezuela-2025").read_text(encoding="utf-8")
    for k in range(N_CLI):
        f = tmp_path / f"m{k}.yaml"
        f.write_bytes(mutate_text(text, rng))
        res = run_cli("validate", str(f))
        assert res.code in (0, 2), res.stderr
        assert "Traceback" not in res.stderr + res.stdout
        if res.code == 2:
            assert str(f) in res.stderr
