"""Large cases answer, not just refuse (issue 16): the approximate methods against the
exact ones wherever both run, certificates that are never wrong, error bounds that hold,
cost estimators that refuse what would blow up, and the large brief end to end.

Anything that could hang or exhaust memory on a regression runs in a child process under
an address-space limit and a timeout (:func:`guarded`)."""

from __future__ import annotations

import json
import math
import resource
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standoff.core.errors import UserError
from standoff.core.pareto import WorkBudgetExceeded, pareto_indices
from standoff.core.space import Issue, OutcomeSpace
from standoff.core.utility import AdditiveUtility, Interaction
from standoff.engines.bargain import analyse, solve
from standoff.engines.bargain import optimise as opt
from standoff.engines.bargain.cost import estimate
from standoff.engines.bargain.enumerated import solve_by_enumeration
from standoff.engines.bargain.factors import make_factors
from standoff.engines.bargain.mapping import BargainProblem
from standoff.engines.bargain.nash import nash_solution
from standoff.engines.bargain.pareto import merged_frontier
from standoff.engines.bargain.solutions import ZONE_MARGIN

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from large_scenario import large_scenario  # noqa: E402

# -- guarded runs -----------------------------------------------------------------------

def _limit(gib: float):  # type: ignore[no-untyped-def]
    def apply() -> None:
        size = int(gib * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    return apply


def guarded(args: list[str], *, timeout: float, gib: float = 3.0, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command in a child process under an address-space limit; a timeout fails the
    test instead of hanging the suite."""
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=timeout, preexec_fn=_limit(gib),
                              cwd=cwd, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"timed out after {timeout:.0f} s: {' '.join(args)}")


def guarded_python(code: str, *, timeout: float, gib: float = 3.0) -> subprocess.CompletedProcess[str]:
    return guarded([sys.executable, "-c", code], timeout=timeout, gib=gib)


# -- generated problems -----------------------------------------------------------------

@st.composite
def problems(draw, max_parties: int = 5, max_issues: int = 5, max_options: int = 4):  # type: ignore[no-untyped-def]
    """Small N-party problems: red lines, pair terms, ties, no-deal values across the range."""
    n = draw(st.integers(2, max_parties))
    k = draw(st.integers(1, max_issues))
    sizes = [draw(st.integers(1, max_options)) for _ in range(k)]
    space = OutcomeSpace(tuple(Issue(f"i{i}", tuple(f"o{j}" for j in range(s))) for i, s in enumerate(sizes)))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    utilities = []
    for p in range(n):
        w = rng.dirichlet(np.ones(k))
        vals = tuple(np.round(rng.random(s), 2) for s in sizes)
        forb = tuple(rng.random(s) < 0.1 for s in sizes)
        inter: tuple[Interaction, ...] = ()
        if k >= 2 and draw(st.booleans()):
            i, j = sorted(rng.choice(k, 2, replace=False))
            inter = (Interaction(int(i), int(j), np.round(rng.normal(0, 0.1, (sizes[i], sizes[j])), 3)),)
        utilities.append(AdditiveUtility(weights=w, values=vals, forbidden=forb, interactions=inter, name=f"p{p}"))
    level = draw(st.sampled_from([0.2, 0.45, 0.6, 0.75]))
    d = np.round(rng.random(n) * level + level / 2, 3)
    return space, utilities, d


def _admissible(space: OutcomeSpace, utilities: list[AdditiveUtility]) -> bool:
    return all(
        np.any(np.logical_and.reduce([~u.forbidden[k] for u in utilities])) for k in range(space.n_issues)
    )


def brute(space: OutcomeSpace, utilities: list[AdditiveUtility], d: np.ndarray) -> dict[str, float | int]:
    codes = space.enumerate()
    ok = np.logical_and.reduce([u.acceptable(codes) for u in utilities])
    U = np.stack([u(codes[ok]) for u in utilities], axis=1)
    zone = np.all(d + ZONE_MARGIN < U, axis=1)
    region = zone if zone.any() else np.ones(len(U), dtype=bool)
    out: dict[str, float | int] = {
        "zone": int(zone.sum()),
        "welfare": float(U[region].sum(axis=1).max()),
        "egal": float((U[region] - d).min(axis=1).max()),
    }
    if zone.any():
        out["log_nash"] = float(np.log(U[zone] - d).sum(axis=1).max())
    return out


def problem_of(space: OutcomeSpace, utilities: list[AdditiveUtility], d: np.ndarray) -> BargainProblem:
    return BargainProblem(name="generated", kind="genius", space=space, parties=tuple(u.name for u in utilities),
                          utilities=tuple(utilities), reservations=np.asarray(d, dtype=float))


# -- certificates are never wrong, bounds hold -----------------------------------------------

@settings(max_examples=120, deadline=None)
@given(problems())
def test_zone_test_is_never_wrong_and_bounds_hold(prob) -> None:  # type: ignore[no-untyped-def]
    space, utilities, d = prob
    if not _admissible(space, utilities):
        return
    bf = brute(space, utilities, d)
    factors = make_factors(space, utilities)
    zt = opt.zone_test(factors, d, milp_seconds=10.0)
    if zt.proven:
        assert zt.empty == (bf["zone"] == 0), zt.how
    if zt.witness is not None:
        u = sum(f.utils[r] for f, r in zip(factors, zt.witness, strict=True))
        assert np.all(u > d + ZONE_MARGIN)
    if zt.how == "certificate":
        assert zt.weights is not None and np.all(zt.weights >= 0)
        assert opt.certificate_value(factors, zt.weights, d + ZONE_MARGIN) < 0
    # the egalitarian value found is attained and below the best, the bound above it
    assert zt.maximin_value <= bf["egal"] + 1e-12
    if zt.maximin_bound is not None:
        assert bf["egal"] <= zt.maximin_bound + 1e-9
    if bf["zone"] and zt.witness is not None:
        nf = opt.nash_search(factors, d, zt.witness)
        assert nf.value <= bf["log_nash"] + 1e-9 <= nf.bound + 2e-9
        u = sum(f.utils[r] for f, r in zip(factors, nf.rows, strict=True))
        assert np.all(u > d + ZONE_MARGIN) and math.isclose(float(np.log(u - d).sum()), nf.value, abs_tol=1e-9)


@settings(max_examples=80, deadline=None)
@given(problems(), st.lists(st.floats(0.0, 1.0), min_size=5, max_size=5))
def test_any_certificate_below_zero_means_no_package(prob, raw) -> None:  # type: ignore[no-untyped-def]
    space, utilities, d = prob
    if not _admissible(space, utilities) or sum(raw[: len(d)]) == 0:
        return
    factors = make_factors(space, utilities)
    w = np.asarray(raw[: len(d)])
    if opt.certificate_value(factors, w / w.sum(), d + ZONE_MARGIN) < 0:
        assert brute(space, utilities, d)["zone"] == 0


@settings(max_examples=80, deadline=None)
@given(problems())
def test_approximate_analysis_agrees_with_exact(prob) -> None:  # type: ignore[no-untyped-def]
    space, utilities, d = prob
    if not _admissible(space, utilities):
        return
    problem = problem_of(space, utilities, d)
    exact = analyse(problem, method="exact", openings=False)
    approx = analyse(problem, method="approximate", openings=False)
    bf = brute(space, utilities, d)
    assert exact.approach == "frontier" and approx.approach == "optimisation"
    if approx.zopa.proven:
        assert approx.zopa.empty == exact.zopa.empty
    else:
        assert approx.zopa.decided_by in ("not_found", "too_large")
    assert approx.frontier == [] and approx.kalai_smorodinsky is None
    codes = [c.code for c in approx.method_notes]
    assert "frontier_not_listed" in codes and "openings_skipped" in codes
    # every bound brackets the exact value
    w = approx.bounds["max_welfare"]
    assert w.value - 1e-9 <= bf["welfare"] <= w.bound + 1e-9
    assert math.isclose(sum(approx.max_welfare.utilities.values()), w.value, abs_tol=1e-9)  # type: ignore[union-attr]
    if approx.zopa.empty is False:
        b = approx.bounds["nash"]
        assert b.value - 1e-9 <= bf["log_nash"] <= b.bound + 1e-9
        assert approx.nash is not None and approx.nash.in_zone
        if b.proven:
            assert math.isclose(b.value, bf["log_nash"], abs_tol=1e-9)
        e = approx.bounds["egalitarian"]
        assert e.value - 1e-9 <= bf["egal"] <= e.bound + 1e-9


@settings(max_examples=80, deadline=None)
@given(problems())
def test_enumeration_gives_the_frontier_solutions(prob) -> None:  # type: ignore[no-untyped-def]
    space, utilities, d = prob
    if not _admissible(space, utilities):
        return
    factors = make_factors(space, utilities)
    fr = merged_frontier(factors, space.n_issues)
    sol = solve(fr, d)
    en = solve_by_enumeration(factors, d)

    def utils(rows: np.ndarray) -> list[float]:
        u = np.zeros(len(d))
        for f, r in zip(factors, rows, strict=True):
            u = u + f.utils[int(r)]
        return u.tolist()

    assert en.zone_size == brute(space, utilities, d)["zone"]
    assert utils(en.max_welfare) == fr.utilities[sol.max_welfare].tolist()
    assert utils(en.egalitarian) == fr.utilities[sol.egalitarian].tolist()
    if sol.nash is None:
        assert en.nash is None
    else:
        assert en.nash is not None and utils(en.nash) == fr.utilities[sol.nash].tolist()


@settings(max_examples=40, deadline=None)
@given(problems(max_parties=4))
def test_nash_solution_matches_the_exact_point(prob) -> None:  # type: ignore[no-untyped-def]
    space, utilities, d = prob
    if not _admissible(space, utilities):
        return
    got = nash_solution(space, utilities, d)
    bf = brute(space, utilities, d)
    assert (got is None) == ("log_nash" not in bf)
    if got is not None:
        assert got.exact and got.method == "frontier"
        assert math.isclose(float(np.log(got.utilities - d).sum()), bf["log_nash"], abs_tol=1e-9)


# -- the cost estimate and its guard ----------------------------------------------------------

def _large_problem(parties: int, issues: int) -> BargainProblem:
    from standoff.engines.bargain import from_case
    from standoff.scenario import Scenario

    return from_case(Scenario.from_text(large_scenario(parties, issues)).case())


def test_estimate_chooses_the_plan_by_size() -> None:
    plans = {}
    for n, k in ((2, 20), (3, 6), (10, 6), (10, 20)):
        p = _large_problem(n, k)
        plans[(n, k)] = estimate(make_factors(p.space, p.utilities), p.space.n_outcomes).plan
    assert plans == {(2, 20): "frontier", (3, 6): "frontier", (10, 6): "enumeration", (10, 20): "optimisation"}


def test_merge_guard_stops_a_frontier_that_outgrows_its_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    from standoff.engines.bargain import analysis

    p = _large_problem(4, 8)
    factors = make_factors(p.space, p.utilities)
    assert estimate(factors, p.space.n_outcomes).plan == "frontier"
    with pytest.raises(WorkBudgetExceeded):
        merged_frontier(factors, p.space.n_issues, budget=1e4)
    # the estimate said frontier, the guard stops it: the analysis falls back and says so
    monkeypatch.setattr(analysis, "FRONTIER_BUDGET", 1e3)
    res = analyse(p, openings=False)
    assert res.approach == "enumeration"
    assert "frontier_budget_exceeded" in [n.code for n in res.method_notes]
    exact = analyse(p, method="exact", openings=False)
    assert exact.nash is not None and res.nash is not None and res.nash.utilities == exact.nash.utilities
    assert res.zopa.size == exact.zopa.size


def test_exact_method_refused_when_the_frontier_cannot_be_listed() -> None:
    p = _large_problem(10, 20)
    with pytest.raises(UserError) as exc:
        analyse(p, method="exact")
    assert "--method" in exc.value.format()


def test_large_bargain_answers_with_proofs_and_bounds() -> None:
    code = (
        "import json, sys; sys.path.insert(0, 'benchmarks')\n"
        "from large_scenario import large_scenario\n"
        "from standoff.scenario import Scenario\n"
        "from standoff.engines.bargain import analyse, from_case\n"
        "r = analyse(from_case(Scenario.from_text(large_scenario(10, 20)).case()))\n"
        "print(r.to_json())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                         preexec_fn=_limit(3.0), cwd=ROOT, check=False)
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout)
    assert r["approach"] == "optimisation" and r["frontier"] == []
    assert r["zopa"]["empty"] is False and r["zopa"]["proven"] and r["zopa"]["decided_by"] == "package"
    lo, hi = r["zopa"]["share_interval"]
    assert 0 < lo <= hi <= 1
    nash = r["bounds"]["nash"]
    assert nash["criterion"] == "log_nash_product" and 0 <= nash["gap"] < 0.05
    assert r["nash"]["in_zone"] and r["cost"]["plan"] == "optimisation"


def test_empty_zone_is_proven_on_a_large_problem() -> None:
    p = _large_problem(6, 12)
    high = BargainProblem(name=p.name, kind=p.kind, space=p.space, parties=p.parties, utilities=p.utilities,
                          reservations=np.full(len(p.parties), 0.9))
    res = analyse(high, method="approximate", openings=False)
    assert res.zopa.empty is True and res.zopa.proven and res.zopa.decided_by == "certificate"
    assert res.nash is None and res.egalitarian is not None


# -- the per-draw zone test when packages are too many to enumerate ------------------------

def test_per_draw_zone_test_by_frontier_equals_enumeration(monkeypatch: pytest.MonkeyPatch) -> None:
    from standoff.engines.bargain import zone_draws
    from standoff.scenario import Scenario

    case = Scenario.load("venezuela-2025").case(draws=400, seed=3)
    co = case.coercion
    assert co is not None
    parties = (co.challenger, co.target)
    utils = (case.utility(parties[0]), case.utility(parties[1]))
    res = (case.no_deal[parties[0]].total, case.no_deal[parties[1]].total)
    sizes = case.space.sizes
    none = [np.zeros(k, dtype=bool) for k in sizes]
    # no certificate decides these draws: certificates are switched off
    monkeypatch.setattr(zone_draws, "LAMBDAS", np.array([]))
    for shift in (-0.3, 0.0, 0.1):
        r = (res[0] + shift, res[1] + shift)
        enumerated = zone_draws.zone_open(utils, r, (none, none), sizes, case.draws)
        monkeypatch.setattr(zone_draws, "ENUMERATION_LIMIT", 0)
        merged = zone_draws.zone_open(utils, r, (none, none), sizes, case.draws)
        monkeypatch.setattr(zone_draws, "ENUMERATION_LIMIT", 20_000_000)
        np.testing.assert_array_equal(enumerated, merged)
        assert 0 <= enumerated.sum() <= case.draws


# -- the simulation with many parties ------------------------------------------------------

def test_supported_menus_are_pareto_optimal(monkeypatch: pytest.MonkeyPatch) -> None:
    from standoff.engines.simulate import domain as dom
    from standoff.engines.simulate.domain import Domain, Party, prepare

    rng = np.random.default_rng(5)
    sizes = (3, 4, 3, 2, 4)
    space = OutcomeSpace(tuple(Issue(f"i{i}", tuple(f"o{j}" for j in range(s))) for i, s in enumerate(sizes)))
    parties = tuple(
        Party(f"p{p}", AdditiveUtility(weights=rng.dirichlet(np.ones(5)), values=tuple(rng.random(s) for s in sizes)),
              reservation=0.2)
        for p in range(5)
    )
    domain = Domain("five", space, parties)
    monkeypatch.setattr(dom, "MENU_FILTER_BUDGET", 0.0)
    monkeypatch.setattr(dom, "MENU_PILOT", 16)
    board = prepare(domain, "complete")
    assert board.menu == "supported"
    codes = space.enumerate()
    U = np.stack([p.utility(codes) for p in parties], axis=1)
    front = {tuple(x) for x in U[pareto_indices(U)]}
    menu = {tuple(board.U[:, j]) for j in board.menus[0].asc_idx}
    assert menu and menu <= front
    # every party's best package is on its menu
    for i, m in enumerate(board.menus):
        assert math.isclose(m.best, float(U[:, i].max()), abs_tol=1e-12)


def test_prepared_boards_are_fresh_and_identical(monkeypatch: pytest.MonkeyPatch) -> None:
    from standoff.engines.simulate import domain as dom
    from standoff.engines.simulate import from_case
    from standoff.engines.simulate.domain import prepare
    from standoff.scenario import Scenario

    monkeypatch.setattr(dom, "SAMPLE_ABOVE", 10)  # a sampled board: some packages are not on it
    monkeypatch.setattr(dom, "SAMPLE_MIN", 50)
    monkeypatch.setattr(dom, "SAMPLE_SIZE", 50)
    domain = from_case(Scenario.load("venezuela-2025").case())
    a = prepare(domain, "complete")
    n = a.n_candidates
    b = prepare(domain, "complete")
    assert a is not b and a.U is b.U and a.u_lists[0] is b.u_lists[0]
    on_board = {row.tobytes() for row in a.codes}
    extra = next(c for c in domain.space.enumerate() if c.tobytes() not in on_board)
    assert a.find(extra) == n
    assert a.n_candidates == n + 1 and len(a.u_lists[0]) == n + 1
    assert b.n_candidates == n and len(b.u_lists[0]) == n and len(b.ok_lists[0]) == n
    c = prepare(domain, "complete")  # a later board is the first one again
    assert c.n_candidates == n and len(c.u_lists[0]) == n


def test_many_party_prepare_is_bounded() -> None:
    code = (
        "import sys, time; sys.path.insert(0, 'benchmarks')\n"
        "from large_scenario import large_scenario\n"
        "from standoff.scenario import Scenario\n"
        "from standoff.engines.simulate import from_case\n"
        "from standoff.engines.simulate.domain import prepare, prepare_cost\n"
        "d = from_case(Scenario.from_text(large_scenario(10, 20)).case())\n"
        "c = prepare_cost(d); b = prepare(d, 'complete')\n"
        "print(c.candidates, c.cells, b.n_candidates, b.menu, len(b.menus[0].asc_idx))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                         preexec_fn=_limit(2.0), cwd=ROOT, check=False)
    assert out.returncode == 0, out.stderr
    cand, cells, n, menu, size = out.stdout.split()
    assert int(cells) <= 1_000_000 and int(n) <= int(cand) + 2100
    assert menu == "supported" and int(size) > 100


# -- forecasting: actors cubed ----------------------------------------------------------------

def _stakeholders(n: int):  # type: ignore[no-untyped-def]
    from standoff.core.stakeholders import Stakeholders

    rng = np.random.default_rng(n)
    return Stakeholders(tuple(f"a{i}" for i in range(n)), rng.integers(1, 100, n).astype(float),
                        rng.integers(0, 101, n).astype(float), rng.integers(1, 100, n) / 100.0)


def test_cubic_forecast_models_refused_above_the_actor_limit() -> None:
    from standoff.engines.forecast import run_models

    st_ = _stakeholders(1000)
    with pytest.raises(UserError) as exc:
        run_models(st_, ["compromise", "bdm"])
    assert "--max-actors" in exc.value.format()
    assert set(run_models(st_, ["compromise", "median"])) == {"compromise", "median"}


def test_blocked_cubic_arrays_equal_the_one_piece_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    from standoff.engines.forecast import cost, ktab
    from standoff.engines.forecast.bdm import win_probability

    st_ = _stakeholders(60)
    w = st_.capability * st_.salience
    whole_p = win_probability(st_.position, w, "all_pairs")
    whole_v = ktab.victory_probabilities(st_.position, st_.capability, st_.salience)
    monkeypatch.setattr(cost, "BLOCK_FROM", 10)
    monkeypatch.setattr(cost, "BLOCK_BYTES", 8 * 60 * 60 * 7)  # blocks of 7 voters
    np.testing.assert_allclose(win_probability(st_.position, w, "all_pairs"), whole_p, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(ktab.victory_probabilities(st_.position, st_.capability, st_.salience), whole_v,
                               rtol=1e-12, atol=1e-15)


def test_many_actors_fit_in_memory(tmp_path: Path) -> None:
    rows = ["Actor,Capability,Position,Salience"]
    rng = np.random.default_rng(1)
    rows += [f"a{i},{rng.integers(1, 100)},{rng.integers(0, 101)},{rng.integers(1, 100)}" for i in range(500)]
    csv = tmp_path / "actors.csv"
    csv.write_text("\n".join(rows) + "\n")
    cmd = [sys.executable, "-m", "standoff", "forecast", str(csv), "--model", "ktab", "--max-actors", "500", "--json"]
    # one piece, 500^3 doubles are 1 GB per array: the blocked arrays stay far below the limit
    out = guarded(cmd, timeout=300, gib=1.5)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["models"]["ktab"]["forecast"] > 0
    refused = guarded([*cmd[:-3], "--json"], timeout=120)
    assert refused.returncode == 2 and "--max-actors" in refused.stderr and "Traceback" not in refused.stderr


# -- Monte Carlo memory ------------------------------------------------------------------

def test_draws_that_would_not_fit_are_refused_before_work() -> None:
    from standoff.assess import check_memory, draws_bytes
    from standoff.scenario import Scenario

    scn = Scenario.load("venezuela-2025")
    nominal = scn.case()
    check_memory(scn, nominal, 5_000)
    assert draws_bytes(scn, nominal, 10_000, exact=True) <= draws_bytes(scn, nominal, 10_000)
    with pytest.raises(UserError) as exc:
        check_memory(scn, nominal, 2_000_000)
    text = exc.value.format()
    assert "--draws" in text and "--max-memory" in text
    out = guarded([sys.executable, "-m", "standoff", "brief", "venezuela-2025", "--draws", "2000000"],
                  timeout=120, gib=2.0)
    assert out.returncode == 2 and "--max-memory" in out.stderr and "Traceback" not in out.stderr


# -- the large brief end to end -----------------------------------------------------------

@pytest.mark.slow
def test_large_brief_runs_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "large.yaml"
    path.write_text(large_scenario(10, 20))
    out = guarded([sys.executable, "-m", "standoff", "brief", str(path), "--draws", "200", "--json"],
                  timeout=600, gib=3.0)
    assert out.returncode == 0, out.stderr
    brief = json.loads(out.stdout)
    bargain = brief["assessment"]["bargain"]
    assert bargain["approach"] == "optimisation"
    assert bargain["zopa"]["proven"] and bargain["nash"] is not None
    assert "nash" in bargain["bounds"]
    section = next(s for s in brief["sections"] if s["key"] == "bargain")
    assert section["data"]["approach"] == "optimisation"
    assert any("optimisation" in b for b in section["bullets"])


# -- the zone over Monte Carlo draws with many parties ---------------------------------------

def test_undecided_draws_by_optimisation_agree_with_the_frontier(monkeypatch: pytest.MonkeyPatch) -> None:
    from standoff.engines.bargain import cost, draws
    from standoff.engines.bargain.solutions import zone_mask
    from standoff.scenario import Scenario

    # no-deal values near the zone's edge: each party likely to prevail, soon
    text = (large_scenario(4, 5)
            .replace("conflict_cost: 0.1,", "conflict_cost: 0.0, p_prevail: {dist: uniform, low: 0.5, high: 0.95},")
            .replace("horizon: {dist: uniform, low: 4, high: 20}, discount: 0.98", "horizon: 1, discount: 1.0"))
    case = Scenario.from_text(text).case(draws=40, seed=2)
    parties = tuple(case.parties)
    exact = []
    for d in range(case.draws):
        utils = [case.utility(p).at(d) for p in parties]
        r = np.array([float(case.no_deal[p].value(d).total) for p in parties])
        fr = merged_frontier(make_factors(case.space, utils), case.space.n_issues)
        exact.append(int(zone_mask(fr.utilities, r).any()))
    monkeypatch.setattr(cost, "FRONTIER_BUDGET", 0.0)
    monkeypatch.setattr(cost, "ENUMERATION_BUDGET", 0.0)
    got = draws.decide(case, parties, True)
    assert {how for _, how in got} <= {draws.OPTIMISATION, draws.TOO_LARGE}
    decided = [(v, e) for (v, _), e in zip(got, exact, strict=True) if v >= 0]
    assert len(decided) >= 35 and all(v == e for v, e in decided)
    assert 0 < sum(exact) < case.draws  # both answers occur


def test_zone_over_draws_with_many_parties_is_bounded() -> None:
    code = (
        "import json, sys; sys.path.insert(0, 'benchmarks')\n"
        "from large_scenario import large_scenario\n"
        "from standoff.scenario import Scenario\n"
        "from standoff.engines.bargain.draws import zone_over_draws\n"
        "z = zone_over_draws(Scenario.from_text(large_scenario(10, 20)).case(draws=300, seed=1))\n"
        "print(json.dumps({'p': z.p_open.mean if z.p_open else None, 'sized': z.size_draws, 'routes': z.routes}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                         preexec_fn=_limit(2.0), cwd=ROOT, check=False)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["p"] is not None and got["sized"] == 0  # 4^20 packages: not counted, said so by the size draws
    assert sum(got["routes"].values()) == 300
