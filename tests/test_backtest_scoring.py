"""The scoring engine (standoff.engines.scoring) against hand-computed values: the scoring
rules, the linear pool, per-case means, bootstrap intervals resampled by case, the
leave-one-out fit of the pooling weight (which must never see the held-out case), the
reliability bins, and the protocol's scoring of a small library."""

from __future__ import annotations

import math

import numpy as np
import pytest

from standoff.engines.scoring import (
    GRID,
    CaseInput,
    QuestionInput,
    bootstrap_means,
    brier,
    brier_categorical,
    fit_weight,
    log_categorical,
    log_score,
    loo_weights,
    pool,
    reliability,
    score_run,
)
from standoff.engines.scoring.pooling import case_means, objective_table

NAN = float("nan")


# ----------------------------------------------------------------------- the rules
def test_brier_and_log_by_hand() -> None:
    assert brier([0.7, 0.7, 0.0, 1.0], [1, 0, 0, 0]).tolist() == pytest.approx([0.09, 0.49, 0.0, 1.0])
    assert log_score([0.7, 0.7], [1, 0]).tolist() == pytest.approx([-math.log(0.7), -math.log(0.3)])
    # a certain, wrong forecast is clipped at 0.001, a certain right one at 0.999
    assert log_score([0.0, 1.0], [1, 1]).tolist() == pytest.approx([-math.log(0.001), -math.log(0.999)])


def test_categorical_scores_by_hand() -> None:
    P = [[0.5, 0.2, 0.1, 0.1, 0.05, 0.05]]
    assert brier_categorical(P, [0])[0] == pytest.approx(0.25 + 0.04 + 0.01 + 0.01 + 0.0025 + 0.0025)
    assert brier_categorical(P, [5])[0] == pytest.approx(0.25 + 0.04 + 0.01 + 0.01 + 0.0025 + 0.9025)
    assert log_categorical(P, [1])[0] == pytest.approx(-math.log(0.2))
    coin = [[1 / 6] * 6]
    assert brier_categorical(coin, [3])[0] == pytest.approx(5 / 6)
    assert log_categorical(coin, [3])[0] == pytest.approx(math.log(6))


def test_rules_refuse_what_is_not_a_probability() -> None:
    with pytest.raises(ValueError):
        brier([1.2], [1])
    with pytest.raises(ValueError):
        brier([0.5], [2])
    with pytest.raises(ValueError):
        brier_categorical([[0.5, 0.5]], [2])


def test_pool_is_linear_and_falls_back_to_the_model() -> None:
    assert pool(0.8, 0.2, 0.3) == pytest.approx(0.7 * 0.2 + 0.3 * 0.8)
    assert pool(0.8, NAN, 0.3) == pytest.approx(0.8)
    assert pool([0.8, 0.6], [0.2, NAN], [0.0, 0.0]).tolist() == pytest.approx([0.2, 0.6])


def test_case_means_weigh_each_case_once() -> None:
    m = case_means([1.0, 3.0, 10.0], [0, 0, 2], 3)
    assert m[0] == pytest.approx(2.0) and np.isnan(m[1]) and m[2] == pytest.approx(10.0)


# ---------------------------------------------------------------------- bootstrap
def test_bootstrap_is_deterministic_for_a_seed_and_moves_with_it() -> None:
    rng = np.random.default_rng(7)
    table = rng.random((12, 3))
    a = bootstrap_means(table, resamples=500, seed=0)
    b = bootstrap_means(table, resamples=500, seed=0)
    c = bootstrap_means(table, resamples=500, seed=1)
    for x, y in zip(a, b, strict=True):
        assert np.array_equal(x, y)
    assert not np.array_equal(a[1], c[1])
    assert np.allclose(a[0], table.mean(axis=0))
    assert np.all(a[1] <= a[0]) and np.all(a[0] <= a[2])


def test_bootstrap_resamples_cases_and_pairs_columns() -> None:
    """Every column is resampled with the same draws of cases: the interval of a
    difference column is that of the difference of the resampled means."""
    table = np.array([[0.1, 0.3], [0.4, 0.2], [0.9, 0.5], [0.2, 0.2], [0.6, 0.1]])
    diff = table[:, :1] - table[:, 1:]
    _, low, high = bootstrap_means(np.hstack([table, diff]), resamples=300, seed=3, level=0.9)
    idx = np.random.default_rng(3).integers(0, 5, size=(300, 5))
    by_hand = table[idx].mean(axis=1)
    d = by_hand[:, 0] - by_hand[:, 1]
    assert low[2] == pytest.approx(np.quantile(d, 0.05)) and high[2] == pytest.approx(np.quantile(d, 0.95))
    assert low[0] == pytest.approx(np.quantile(by_hand[:, 0], 0.05))


def test_a_constant_column_has_no_width() -> None:
    mean, low, high = bootstrap_means(np.full((4, 1), 0.25), resamples=100, seed=0)
    assert mean[0] == low[0] == high[0] == pytest.approx(0.25)


# -------------------------------------------------------------------- the weight
def _cases(spec: list[list[tuple[float, float, int]]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """Flat arrays from a list of cases, each a list of (model, base, outcome)."""
    case, m, b, y = [], [], [], []
    for i, qs in enumerate(spec):
        for mm, bb, yy in qs:
            case.append(i)
            m.append(mm)
            b.append(bb)
            y.append(yy)
    return np.array(m), np.array(b), np.array(y, dtype=float), np.array(case), len(spec)


def test_fit_weight_by_hand() -> None:
    # the model is right and the base rate wrong: all weight on the model
    m, b, y, c, n = _cases([[(0.9, 0.1, 1)], [(0.1, 0.9, 0)]])
    assert fit_weight(m, b, y, c, n) == 1.0
    # the other way round: all weight on the base rate
    m, b, y, c, n = _cases([[(0.1, 0.9, 1)], [(0.9, 0.1, 0)]])
    assert fit_weight(m, b, y, c, n) == 0.0
    # model 1, base 0, outcome 1 in one case and 0 in another: the mean Brier is
    # ((1 - w)^2 + w^2) / 2, least at w = 0.5
    m, b, y, c, n = _cases([[(1.0, 0.0, 1)], [(1.0, 0.0, 0)]])
    assert fit_weight(m, b, y, c, n) == 0.5


def test_the_objective_averages_questions_within_a_case_first() -> None:
    """Case 0 has three questions on which the base rate does better, case 1 one on which
    the model does. Per case the objective is ((0.4 + 0.2 w)^2 + (1 - w)^2) / 2, least at
    w = 0.885 (grid: 0.9); counting questions instead, (3 (0.4 + 0.2 w)^2 + (1 - w)^2) / 4,
    least at w = 0.679 (grid: 0.7)."""
    m, b, y, c, n = _cases([[(0.6, 0.4, 0)] * 3, [(1.0, 0.0, 1)]])
    table = objective_table(m, b, y, c, n)
    assert table.shape == (2, len(GRID))
    w = fit_weight(m, b, y, c, n)
    by_question = GRID[int(np.argmin([np.mean((pool(m, b, g) - y) ** 2) for g in GRID]))]
    assert w == 0.9 and by_question == 0.7


def test_loo_never_sees_the_held_out_case() -> None:
    """Each case's held-out weight is the weight fitted on the others alone: it is what a
    fit on the library without that case gives, and it does not move when the held-out
    case's own forecasts or outcomes change, although the in-sample weight does."""
    spec = [
        [(0.9, 0.2, 1), (0.2, 0.6, 0)],  # the model is right
        [(0.8, 0.3, 1)],  # the model is right
        [(0.3, 0.5, 1)],  # the base rate is closer
        [(0.95, 0.05, 0), (0.9, 0.1, 0)],  # the model is badly wrong: drags the weight down
    ]
    m, b, y, c, n = _cases(spec)
    held = loo_weights(m, b, y, c, n)
    for k in range(n):
        rest = [qs for i, qs in enumerate(spec) if i != k]
        assert held[k] == fit_weight(*_cases(rest)), k
    # the construction matters: case 3 alone moves its own weight when it is included
    assert held[3] != fit_weight(m, b, y, c, n)
    # change case 3's outcomes: its held-out weight stays, the in-sample one moves
    flipped = [*spec[:3], [(0.95, 0.05, 1), (0.9, 0.1, 1)]]
    m2, b2, y2, c2, n2 = _cases(flipped)
    assert loo_weights(m2, b2, y2, c2, n2)[3] == held[3]
    assert fit_weight(m2, b2, y2, c2, n2) != fit_weight(m, b, y, c, n)


def test_loo_needs_two_cases() -> None:
    m, b, y, c, n = _cases([[(0.5, 0.5, 1)]])
    with pytest.raises(ValueError):
        loo_weights(m, b, y, c, n)


def test_questions_without_a_base_rate_do_not_move_the_weight() -> None:
    m, b, y, c, n = _cases([[(0.9, 0.1, 1), (0.1, NAN, 1)], [(0.1, 0.9, 0)]])
    assert fit_weight(m, b, y, c, n) == 1.0


# ------------------------------------------------------------------- reliability
def test_reliability_bins_by_hand() -> None:
    bins = reliability([0.05, 0.15, 0.5, 0.55, 0.95, 1.0], [0, 1, 1, 0, 1, 1])
    assert [b.count for b in bins] == [2, 0, 2, 0, 2]
    assert bins[0].mean_forecast == pytest.approx(0.1) and bins[0].observed == pytest.approx(0.5)
    assert bins[1].mean_forecast is None and bins[1].observed is None
    assert bins[4].low == pytest.approx(0.8) and bins[4].high == 1.0 and bins[4].observed == 1.0


# ------------------------------------------------------------- scoring a library
ENDING = (0.5, 0.2, 0.1, 0.1, 0.05, 0.05)
FLAT = (1 / 6,) * 6


def _library() -> list[CaseInput]:
    def q(qid: str, model: float, base: float | None, outcome: bool) -> QuestionInput:
        return QuestionInput(id=qid, by="2000-05-01", model=model, base=base, outcome=outcome)

    return [
        CaseInput("a", "leader_exit", (q("yields", 0.9, 0.1, True), q("force", 0.2, 0.6, False),
                                       q("leader-out", 0.9, 0.2, True)), "deal", ENDING, FLAT),
        CaseInput("b", "leader_exit", (q("yields", 0.3, 0.2, False), q("force", 0.1, 0.5, False),
                                       q("leader-out", 0.3, 0.2, False)), "stalemate", ENDING, FLAT),
        CaseInput("c", "sanctions", (q("yields", 0.6, 0.3, True), q("force", 0.05, None, False),
                                     q("own-question", 0.4, 0.5, True)), "deal", ENDING, None),
    ]


def test_score_run_by_hand() -> None:
    cases = _library()
    run = score_run("all", "every case", cases, default_weight=0.5, resamples=200)
    assert run.cases == ["a", "b", "c"]
    # the default scheme: every case at w = 0.5, a case's questions averaged first
    s = run.score("questions", "default")
    assert s is not None and s.cases == 3 and s.targets == 9 and s.weight == 0.5
    per_case = []
    for c in cases:
        bs = [(pool(q.model, NAN if q.base is None else q.base, 0.5) - q.outcome) ** 2 for q in c.questions]
        per_case.append(np.mean(bs))
    assert s.brier.mean == pytest.approx(np.mean(per_case))
    assert s.coin_brier.mean == pytest.approx(0.25) and s.coin_log.mean == pytest.approx(math.log(2))
    # the base rate, with the coin where the class does not code the event (case c's force)
    base_case_c = np.mean([(0.3 - 1) ** 2, (0.5 - 0) ** 2, (0.5 - 1) ** 2])
    base_a = np.mean([(0.1 - 1) ** 2, 0.6**2, (0.2 - 1) ** 2])
    base_b = np.mean([0.2**2, 0.5**2, 0.2**2])
    assert s.base_brier.mean == pytest.approx(np.mean([base_a, base_b, base_case_c]))
    assert s.base_fallback == 1
    assert s.diff_base_brier.mean == pytest.approx(s.brier.mean - s.base_brier.mean)
    # the headline family: the yields question of leader-exit cases only
    h = run.score("leader_leaves_without_force", "default")
    assert h is not None and h.cases == 2 and h.targets == 2
    assert h.brier.mean == pytest.approx(np.mean([(0.5 * 0.1 + 0.5 * 0.9 - 1) ** 2, (0.5 * 0.2 + 0.5 * 0.3) ** 2]))
    assert run.score("own", "default") is not None and run.score("own", "default").cases == 1  # type: ignore[union-attr]
    # the ending: the coin scores 5/6; a class without base rates falls back to it
    e = run.score("ending", "default")
    assert e is not None and e.coin_brier.mean == pytest.approx(5 / 6) and e.base_fallback == 1
    pooled = 0.5 * np.array(FLAT) + 0.5 * np.array(ENDING)
    expected = np.mean([brier_categorical([pooled], [0])[0], brier_categorical([pooled], [5])[0],
                        brier_categorical([ENDING], [0])[0]])
    assert e.brier.mean == pytest.approx(expected)


def test_score_run_schemes_and_cases_agree() -> None:
    run = score_run("all", "every case", _library(), default_weight=0.5, resamples=200)
    for k, c in enumerate(run.per_case):
        assert c.weight == run.loo_weights[c.case]
        for q, qi in zip(c.questions, _library()[k].questions, strict=True):
            assert q.p == pytest.approx(float(pool(qi.model, NAN if qi.base is None else qi.base, c.weight)))
    loo = run.score("questions", "loo")
    assert loo is not None and loo.weight is None
    assert loo.brier.mean == pytest.approx(np.mean([c.brier for c in run.per_case]))
    ins = run.score("questions", "in_sample")
    assert ins is not None and ins.weight == run.weight


def test_score_run_is_deterministic() -> None:
    a = score_run("all", "every case", _library(), default_weight=0.5, resamples=200)
    b = score_run("all", "every case", _library(), default_weight=0.5, resamples=200)
    assert a.to_json() == b.to_json()


def test_score_run_refuses_a_single_case() -> None:
    with pytest.raises(ValueError):
        score_run("all", "every case", _library()[:1], default_weight=0.5)
