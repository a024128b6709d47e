"""What the crisis games cost per Monte Carlo draw, estimated before the draws are taken.

Each model solves its game for every draw at once: its parameters, its endings and the
quantities it reports are arrays over the draws, a few dozen per model (measured: about
500 bytes per draw for the seven models on the bundled scenarios).
:data:`NUMBERS_PER_MODEL` bounds that from above; the assembly adds it to the case's own
cost (:mod:`standoff.scenario.case.cost`) before compiling the draws.
"""

from __future__ import annotations

#: Numbers per draw and model, at most (parameters, endings, reported quantities, temporaries).
NUMBERS_PER_MODEL = 12


def numbers_per_draw(models: int) -> int:
    """Numbers per draw the crisis games hold with ``models`` models."""
    return NUMBERS_PER_MODEL * max(models, 1)
