"""Scoring probability forecasts against what happened: proper scoring rules
(:mod:`.rules`), bootstrap intervals resampled by case (:mod:`.resample`), the pooling
weight fitted by leave-one-out (:mod:`.pooling`), reliability bins (:mod:`.reliability`)
and the protocol's scoring of a case library (:mod:`.library`). Pure numpy: the case
runner that produces the forecasts lives with the command line."""

from __future__ import annotations

from standoff.engines.scoring.library import CaseInput, QuestionInput, family_of, score_run
from standoff.engines.scoring.pooling import GRID, OBJECTIVE, fit_weight, loo_weights, pool
from standoff.engines.scoring.reliability import reliability
from standoff.engines.scoring.resample import LEVEL, RESAMPLES, SEED, bootstrap_means
from standoff.engines.scoring.rules import (
    CLIP_HIGH,
    CLIP_LOW,
    brier,
    brier_categorical,
    log_categorical,
    log_score,
)

__all__ = [
    "CLIP_HIGH",
    "CLIP_LOW",
    "GRID",
    "LEVEL",
    "OBJECTIVE",
    "RESAMPLES",
    "SEED",
    "CaseInput",
    "QuestionInput",
    "bootstrap_means",
    "brier",
    "brier_categorical",
    "family_of",
    "fit_weight",
    "log_categorical",
    "log_score",
    "loo_weights",
    "pool",
    "reliability",
    "score_run",
]
