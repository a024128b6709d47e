"""The pace of talks once red lines give way: the rate of agreement per period that the
outlook's deal branch needs, estimated by simulating the negotiation.

:func:`released_domain` is the case's negotiation with every red line that may give way
released (locks that hold for certain stay); :func:`talk_rates` simulates it under the
case's channel and, when the channel is not open, with a direct channel (after a proposed
meeting takes place), and turns the share of simulated talks that agree into a rate.
"""

from __future__ import annotations

import hashlib
import pickle
from collections import OrderedDict
from dataclasses import replace

from standoff.core.utility import AdditiveUtility
from standoff.engines import simulate
from standoff.engines.simulate.domain import Domain
from standoff.scenario.case import Case

#: The styles and seeds of the quick talks (the web app's live updates): three styles
#: from firm to accommodating, one seed each.
QUICK_STYLES = ("boulware", "linear", "conceder")

#: Talk rates already computed, by the exact content of the talks they simulate (the
#: web app's live updates move inputs that often leave the talks unchanged).
_TALKS: OrderedDict[bytes, tuple[float, float]] = OrderedDict()
#: Most talk rates remembered.
REMEMBERED = 256


def released_domain(case: Case, *, direct: bool = False) -> Domain:
    """The negotiation of a case once every red line that may give way has given way
    (locks that hold for certain stay), optionally with a direct channel."""
    from standoff.engines.outlook import _party_locks

    may, _ = _party_locks(case) if case.coercion is not None and case.coercion.demand is not None else ([], [])
    dom = simulate.from_case(case)
    parties = []
    for p in dom.parties:
        u = p.utility
        if isinstance(u, AdditiveUtility):
            forb = [f.copy() for f in u.forbidden]
            for lk in may:
                if lk.actor == p.name:
                    forb[lk.issue][list(lk.options)] = False
            u = AdditiveUtility(weights=u.weights, values=u.values, forbidden=tuple(forb), offsets=u.offsets,
                                interactions=u.interactions, name=u.name)
        parties.append(replace(p, utility=u))
    return replace(dom, parties=tuple(parties), channel_open=dom.channel_open or direct)


def talk_rates(case: Case, *, seed: int, jobs: int = 1, quick: bool = False) -> tuple[float, float]:
    """Agreement rates per period once red lines give way: under the case's channel, and
    with a direct channel (after a proposed meeting takes place). ``quick`` simulates
    three styles once each instead of five styles twice (a coarser estimate of the same
    rate). Remembered by the talks' content and seed: the same talks give the same rates
    without simulating them again."""
    domain = released_domain(case)
    direct_domain = None if case.channel.status == "open" else released_domain(case, direct=True)
    key = hashlib.blake2b(pickle.dumps((domain, direct_domain, seed, quick)), digest_size=16).digest()
    got = _TALKS.get(key)
    if got is not None:
        _TALKS.move_to_end(key)
        return got
    kw = {"strategies": QUICK_STYLES, "seeds": 1} if quick else {}
    rate = simulate.agreement_rate(domain, seed=seed, jobs=jobs, **kw)  # type: ignore[arg-type]
    direct = rate if direct_domain is None else simulate.agreement_rate(direct_domain, seed=seed, jobs=jobs,
                                                                          **kw)  # type: ignore[arg-type]
    _TALKS[key] = (rate, direct)
    while len(_TALKS) > REMEMBERED:
        _TALKS.popitem(last=False)
    return rate, direct
