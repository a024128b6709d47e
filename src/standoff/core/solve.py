"""Two scalar solvers in plain Python, so that the core needs no SciPy.

* :func:`brentq` -- a root of a continuous function on a bracket where it changes sign:
  Brent's method (Brent, R. P. 1973, *Algorithms for Minimization without Derivatives*,
  ch. 4), line for line as SciPy's ``optimize.brentq`` (``scipy/optimize/Zeros/brentq.c``),
  so the same function, bracket and tolerances give the same root and the same calls.
  The root is within ``xtol + rtol * |root|`` of a sign change of ``f``.
* :func:`golden_max` -- the maximum of a unimodal function on an interval, by golden-section
  search (Kiefer, J. 1953, "Sequential minimax search for a maximum", *Proc. AMS* 4(3)):
  the bracket shrinks by 0.618 per evaluation until it is shorter than ``xtol``. For a
  unimodal function the maximiser is then within ``xtol``, except where the function is so
  flat that its values tie in floating point: at a smooth maximum that is about
  ``sqrt(machine epsilon) ~ 1.5e-8`` relative to the scale of ``x`` (any method that compares
  function values shares this limit).
"""

from __future__ import annotations

import math
from collections.abc import Callable

#: Golden ratio conjugate, (sqrt(5) - 1) / 2.
_INVPHI = (math.sqrt(5.0) - 1.0) / 2.0


class NoConvergence(ArithmeticError):
    """The solver used all its iterations without meeting its tolerance."""


def brentq(f: Callable[[float], float], a: float, b: float, *, xtol: float = 2e-12, rtol: float = 8.881784197001252e-16,
           maxiter: int = 100) -> float:
    """A root of ``f`` in ``[a, b]``, where ``f(a)`` and ``f(b)`` have opposite signs
    (module docstring). Raises ``ValueError`` without a sign change and
    :class:`NoConvergence` after ``maxiter`` iterations."""
    if xtol <= 0 or rtol < 4 * 2.220446049250313e-16:
        raise ValueError("xtol must be > 0 and rtol at least 4 machine epsilons")
    xpre, xcur = float(a), float(b)
    xblk = fblk = spre = scur = 0.0
    fpre, fcur = float(f(xpre)), float(f(xcur))
    if fpre == 0.0:
        return xpre
    if fcur == 0.0:
        return xcur
    if math.copysign(1.0, fpre) == math.copysign(1.0, fcur):
        raise ValueError("f(a) and f(b) must have opposite signs")
    for _ in range(maxiter):
        if fpre != 0.0 and fcur != 0.0 and math.copysign(1.0, fpre) != math.copysign(1.0, fcur):
            xblk, fblk = xpre, fpre
            spre = scur = xcur - xpre
        if abs(fblk) < abs(fcur):
            xpre, xcur, xblk = xcur, xblk, xcur
            fpre, fcur, fblk = fcur, fblk, fcur
        delta = (xtol + rtol * abs(xcur)) / 2.0
        sbis = (xblk - xcur) / 2.0
        if fcur == 0.0 or abs(sbis) < delta:
            return xcur
        if abs(spre) > delta and abs(fcur) < abs(fpre):
            if xpre == xblk:  # interpolate
                stry = -fcur * (xcur - xpre) / (fcur - fpre)
            else:  # extrapolate (inverse quadratic)
                dpre = (fpre - fcur) / (xpre - xcur)
                dblk = (fblk - fcur) / (xblk - xcur)
                stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
            if 2.0 * abs(stry) < min(abs(spre), 3.0 * abs(sbis) - delta):
                spre, scur = scur, stry  # a good short step
            else:
                spre = scur = sbis
        else:
            spre = scur = sbis
        xpre, fpre = xcur, fcur
        xcur += scur if abs(scur) > delta else (delta if sbis > 0 else -delta)
        fcur = float(f(xcur))
    raise NoConvergence(f"no root within {maxiter} iterations")


def golden_max(f: Callable[[float], float], a: float, b: float, *, xtol: float = 1e-12) -> tuple[float, float]:
    """``(x, f(x))`` maximising a unimodal ``f`` on ``[a, b]`` to within ``xtol`` in ``x``
    (module docstring); the best point evaluated is returned."""
    if not b >= a:
        raise ValueError("need a <= b")
    lo, hi = float(a), float(b)
    c = hi - _INVPHI * (hi - lo)
    d = lo + _INVPHI * (hi - lo)
    fc, fd = float(f(c)), float(f(d))
    while hi - lo > xtol:
        if fc >= fd:
            hi, d, fd = d, c, fc
            c = hi - _INVPHI * (hi - lo)
            fc = float(f(c))
        else:
            lo, c, fc = c, d, fd
            d = lo + _INVPHI * (hi - lo)
            fd = float(f(d))
        if hi - lo <= xtol or c >= d:
            break
    return (c, fc) if fc >= fd else (d, fd)
