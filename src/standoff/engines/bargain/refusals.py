"""Is each refusal in the record explained by the encoded preferences?

A refused package (completed by the case's one rule for silent issues) should be worth
less to the refuser than no deal, or cross one of its red lines; otherwise the encoding
understates what the refuser gets from the package, or overstates its no-deal value.
"""

from __future__ import annotations

from standoff.results.assessment import RefusalCheck
from standoff.scenario.case import Case


def refusal_checks(case: Case) -> list[RefusalCheck]:
    """One check per refused package whose refuser has preferences and a no-deal value."""
    out: list[RefusalCheck] = []
    for ev in case.record:
        if ev.fate != "rejected" or ev.codes is None or ev.target is None:
            continue
        refuser = ev.target
        if refuser not in case.utilities or refuser not in case.no_deal:
            continue
        u = case.utility(refuser)
        value = float(u.of(ev.codes)[0])
        reservation = float(case.no_deal[refuser].total[0])
        crosses = not bool(u.acceptable(ev.codes))
        out.append(RefusalCheck(
            event=ev.id,
            refuser=refuser,
            package=case.space.decode(ev.codes),
            value_to_refuser=round(value, 12),
            no_deal_value=round(reservation, 12),
            crosses_red_line=crosses,
            consistent=crosses or value < reservation,
        ))
    return out
