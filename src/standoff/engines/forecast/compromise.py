"""The compromise model: the capability x salience weighted mean of the positions.

Source: Achen, C. H. (2006), "Evaluating political decision-making models", in Thomson,
Stokman, Achen & König (eds.), *The European Union Decides*, Cambridge UP, ch. 4
(the "compromise model"; also van den Bos 1991, Dutch EC Policy Making). It is the
reference any collective-forecasting model must beat on DEU data.
"""

from __future__ import annotations

import numpy as np


def compromise(position: np.ndarray, capability: np.ndarray, salience: np.ndarray) -> float:
    """``sum(c*s*x) / sum(c*s)``: where the decision lands if every actor pulls towards its
    position in proportion to its capability times salience."""
    w = np.asarray(capability, dtype=float) * np.asarray(salience, dtype=float)
    return float(np.dot(w, position) / w.sum())
