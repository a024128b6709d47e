"""What the outlook costs per Monte Carlo draw, estimated before the draws are taken.

The outlook draws ``inner`` random times per draw for each competing risk, so its arrays
are ``(D, inner)`` (and ``(D, inner, L + 1)`` for the ``L`` red lines that may give way);
the headline also re-evaluates it for the thresholds and the watch list. Measured on the
bundled flagship (three locks, three options of the challenger): about 59 arrays of
``(D, inner)`` at the peak; on a case without locks about 31. :func:`numbers_per_draw`
bounds that from above by ``BASE + PER_LOCK * L + PER_OPTION * K`` arrays.
"""

from __future__ import annotations

from standoff.scenario.case import Case

#: Arrays of ``(D, inner)`` at the peak, beyond those that grow with locks and options.
BASE = 32
#: Arrays per red line that may give way.
PER_LOCK = 10
#: Arrays per option of the challenger.
PER_OPTION = 2


def numbers_per_draw(case: Case, inner: int = 64) -> int:
    """Numbers per draw the outlook holds at its peak (module docstring)."""
    from standoff.engines.outlook import MAX_LOCKS, _party_locks, applicable

    if applicable(case) is not None:
        return 0
    co = case.coercion
    assert co is not None
    may, _ = _party_locks(case)
    options = 3 + len(co.courses)
    return inner * (BASE + PER_LOCK * min(len(may), MAX_LOCKS) + PER_OPTION * options)
