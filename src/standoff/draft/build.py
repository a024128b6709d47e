"""From findings to a scenario skeleton in format v1, every line traced to its sentence.

What the article cannot say (saliences, option values, capabilities, costs, credibility,
probabilities, what no deal means) is written as a neutral placeholder whose assumption
starts with "to be judged" (:mod:`standoff.scenario.unjudged`). Summaries are templates in
our own words; the article's sentences are never copied, only pointed at by character
offsets.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from standoff.core.errors import UserError
from standoff.draft import rules
from standoff.draft.extract import Actor, Event, Extraction, Finding, actor_counts
from standoff.draft.lexicon import fold
from standoff.scenario.unjudged import placeholder

#: The best option of each draft issue for the side that makes the demand (challenger)
#: and for the side it is made of (target).
SIDE_BEST: dict[str, tuple[str, str]] = {
    "exit_timing": ("immediate", "no_exit"),
    "amnesty": ("none", "global"),
    "safe_passage": ("none", "broad"),
    "military_control": ("civilian_transition", "incumbent_retains"),
    "elections": ("free_supervised", "none"),
    "economic": ("side_payment", "none"),
    "main_demand": ("met", "not_met"),
}
FALLBACK_ISSUE = ("main_demand", "Whether the main demand is met",
                  {"met": "the demand is met in full", "partly_met": "the demand is partly met",
                   "not_met": "the demand is not met"}, "not_met")

_VERBS = {
    "AGREE": "makes an offer to, or agrees with,", "CONSULT": "is in contact with", "SUPPORT": "backs",
    "CONCEDE": "gives ground to", "COOPERATE": "cooperates with", "AID": "aids", "RETREAT": "eases pressure on",
    "REQUEST": "makes a demand of", "ACCUSE": "criticises", "REJECT": "rejects a proposal or demand of",
    "THREATEN": "threatens", "PROTEST": "protests against", "SANCTION": "imposes a penalty on",
    "MOBILIZE": "mobilises forces against", "COERCE": "coerces", "ASSAULT": "uses force against",
}
_KIND_NAMES = {
    "airspace_closure": "Closure of airspace", "terrorist_designation": "Terrorist designation",
    "bounty": "Bounty or reward for capture", "asset_freeze": "Asset freeze", "indictment": "Indictment",
    "blockade": "Blockade", "diplomatic_isolation": "Diplomatic isolation", "sanction": "Sanctions",
    "military_deployment": "Military deployment", "military_threat": "Threat of military action",
    "military_action": "Military action", "other": "Other pressure",
}


@dataclass
class Trace:
    """One drafted element and the article spans it comes from."""

    path: tuple[str | int, ...]
    label: str
    findings: list[Finding]
    line: int | None = None  # filled in by the writer


@dataclass
class Draft:
    data: dict[str, Any]
    traces: list[Trace]
    extraction: Extraction
    warnings: list[str] = field(default_factory=list)
    actor_ids: dict[str, str] = field(default_factory=dict)  # cluster key -> actor id


def _slug(text: str, fallback: str = "x") -> str:
    s = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:40].strip("-")
    if not s:
        s = fallback
    if not s[0].isalpha():
        s = f"a-{s}"
    return s


def _actor_id(a: Actor, taken: set[str]) -> str:
    info = a.info
    sector = info.sector or "GOV"
    if info.type == "person":
        base = _slug(info.name.split()[-1])
    elif info.type in ("organization", "armed_group"):
        base = _slug(info.name)
    elif info.country and sector == "GOV":
        base = info.country.lower()
    elif info.country:
        base = f"{info.country.lower()}-{sector.lower()}"
    else:
        base = _slug(info.name)
    out, n = base, 2
    while out in taken:
        out, n = f"{base}-{n}", n + 1
    taken.add(out)
    return out


def _kind(a: Actor, mediator: bool) -> str:
    if mediator:
        return "mediator"
    sector = a.info.sector or "GOV"
    if a.info.type in ("organization",) or sector == "IGO":
        return "organization"
    if sector == "MIL":
        return "armed_forces"
    if sector == "OPP":
        return "opposition"
    if a.info.type == "armed_group" or sector in ("REB", "CRM", "INS"):
        return "faction"
    if a.info.type == "person":
        return "leader"
    return "state"


def _note(f: Finding, text: str) -> str:
    a, b = f.spans[0]
    return f"drafted from sentence {f.sentence + 1} (characters {a}-{b}); draft confidence {f.confidence:.2f}"


def _parties(ex: Extraction) -> tuple[str, str]:
    """(challenger, target): who presses and demands most, and whom it presses most."""
    score: Counter[str] = Counter()
    for ev in ex.events:
        if ev.actor and ev.category in ("THREATEN", "REQUEST", "SANCTION", "COERCE", "MOBILIZE", "ASSAULT"):
            score[ev.actor] += 2 if ev.category in ("THREATEN", "SANCTION", "COERCE") else 1
    for ins in ex.instruments:
        if ins.imposer:
            score[ins.imposer] += 2
    counts = actor_counts(ex)
    mediators = set(ex.mediators)
    candidates = [k for k, _ in counts.most_common() if k not in mediators]
    if len(candidates) < 2:
        raise UserError(
            "the article names fewer than two actors who act or are acted on, so there is no standoff to draft",
            hint="check that it is an English news text about a dispute between named parties",
        )
    challenger = max(candidates, key=lambda k: (score[k], counts[k], -candidates.index(k)))
    pressed: Counter[str] = Counter()
    for ev in ex.events:
        if ev.actor == challenger and ev.target and ev.target != challenger:
            pressed[ev.target] += 1
        if ev.target == challenger and ev.actor and ev.actor != challenger:
            pressed[ev.actor] += 1
    for ins in ex.instruments:
        if ins.imposer == challenger and ins.target and ins.target != challenger:
            pressed[ins.target] += 2
    rest = [k for k in candidates if k != challenger]
    target = max(rest, key=lambda k: (pressed[k], counts[k], -rest.index(k)))
    return challenger, target


def build(ex: Extraction, *, name: str = "article") -> Draft:
    """The scenario mapping (format v1) for an extraction, with its traces."""
    traces: list[Trace] = []
    warnings: list[str] = []
    challenger_key, target_key = _parties(ex)
    counts = actor_counts(ex)

    # -- actors ------------------------------------------------------------------------
    used = [k for k in ex.actors if counts[k] or k in (challenger_key, target_key)]
    taken: set[str] = set()
    ids = {k: _actor_id(ex.actors[k], taken) for k in used}
    ch, tg = ids[challenger_key], ids[target_key]
    mediator_ids = [ids[k] for k in ex.mediators if k in ids and ids[k] not in (ch, tg)]
    actors: dict[str, Any] = {}
    for k in used:
        act = ex.actors[k]
        aid = ids[k]
        entry: dict[str, Any] = {"name": act.display or act.info.name, "kind": _kind(act, aid in mediator_ids)}
        if act.info.country and re.fullmatch(r"[A-Z]{3}", act.info.country):
            entry["country"] = act.info.country
        if act.info.sector and re.fullmatch(r"[A-Z]{3}", act.info.sector):
            entry["sector"] = act.info.sector
        cap = 50 if aid in (ch, tg) else 10
        entry["capability"] = {"value": cap, "assumption": placeholder(
            "the article gives no measure of power; equal for the two parties, small for third parties")}
        entry["source"] = "article"
        first = min(act.mentions) if act.mentions else None
        sent = next((s for s in ex.sentences if first and s.start <= first[0] < s.end), None)
        if sent is not None and first is not None:
            f = Finding(sent.index, [(sent.start, sent.end), first], 0.8 if act.info.type != "description" else 0.5)
            entry["note"] = f"named in the article ({len(act.mentions)} mentions); first in sentence {sent.index + 1}"
            traces.append(Trace(("actors", aid), f"actor {aid}", [f]))
        actors[aid] = entry

    # -- events (only those whose actor is known) ------------------------------------------
    kept = [e for e in ex.events if e.actor in ids]
    ev_ids: dict[int, str] = {}
    seen_ids: Counter[str] = Counter()
    for i, e in enumerate(ex.events):
        if e.actor in ids:
            base = f"{e.category.lower()}-{ids[e.actor]}"
            seen_ids[base] += 1
            ev_ids[i] = base if seen_ids[base] == 1 else f"{base}-{seen_ids[base]}"

    # -- issues: those the parties' packages touch ---------------------------------------
    issue_ids: list[str] = []
    for e in kept:
        for iid in e.package:
            if iid not in issue_ids and e.actor in (challenger_key, target_key):
                issue_ids.append(iid)
    issues: dict[str, Any] = {}
    if not issue_ids:
        iid, iname, opts, sq = FALLBACK_ISSUE
        issues[iid] = {"name": iname, "kind": "ordered", "options": dict(opts), "status_quo": sq,
                       "description": "placeholder issue: the article states no terms the draft could read"}
        warnings.append("no terms of a deal were recognised; drafted one placeholder issue (main_demand)")
    for iid in issue_ids:
        iname, opts, sq, _ = rules.ISSUES[iid]
        issues[iid] = {"name": iname, "kind": "ordered", "options": dict(opts), "status_quo": sq}
        traces.append(Trace(("issues", iid), f"issue {iid}", ex.issue_traces.get(iid, [])[:3]))

    def side_best(iid: str, actor_key: str | None) -> str:
        return SIDE_BEST[iid][0 if actor_key == challenger_key else 1]

    def package_of(e: Event) -> dict[str, str]:
        pkg: dict[str, str] = {}
        for iid, opt in e.package.items():
            if iid in issues:
                pkg[iid] = opt if opt in issues[iid]["options"] else side_best(iid, e.actor)
        return pkg

    # -- instruments ----------------------------------------------------------------------
    instruments: dict[str, Any] = {}
    ins_ids: dict[int, str] = {}
    main_demand = next((package_of(e) for e in kept if e.actor == challenger_key
                        and e.category in ("THREATEN", "REQUEST") and package_of(e)), {})
    for i, ins in enumerate(ex.instruments):
        imposer = ids.get(ins.imposer or "", ch)
        target = ids.get(ins.target or "", tg if imposer == ch else ch)
        if imposer == target:
            target = tg if imposer != tg else ch
        iid = ins.kind
        n = 2
        while iid in instruments:
            iid, n = f"{ins.kind}-{n}", n + 1
        ins_ids[i] = iid
        entry = {"name": _KIND_NAMES[ins.kind],
                 "kind": ins.kind, "imposer": imposer, "target": target, "status": ins.status}
        if ins.status != "threatened" and ins.date and ins.date <= ex.as_of:
            entry["since"] = ins.date
        entry["cost_to_target"] = {"value": 0.005, "assumption": placeholder("weekly cost to the target is not in the article")}
        entry["cost_to_imposer"] = {"value": 0.001, "assumption": placeholder("weekly cost to the imposer is not in the article")}
        if ins.status == "threatened":
            entry["credibility"] = {"value": 0.5, "assumption": placeholder("chance the threat is carried out; even odds until judged")}
        if ins.status == "in_force" and imposer == ch and main_demand:
            first_issue = next(iter(main_demand))
            entry["lifted_by"] = [{"issue": first_issue, "options": [main_demand[first_issue]]}]
        if ins.kind == "terrorist_designation" and "amnesty" in issues:
            entry["constrains"] = [{"actor": imposer, "issue": "amnesty", "options": ["global"],
                                    "reason": "a designated organisation's leaders cannot be granted a blanket amnesty "
                                              "while the designation stands (drafted rule; to be judged)"}]
        entry["source"] = "article"
        entry["note"] = _note(ins.trace, ex.text)
        instruments[iid] = entry
        traces.append(Trace(("instruments", iid), f"instrument {iid}", [ins.trace]))

    # -- sources --------------------------------------------------------------------------
    sources: dict[str, Any] = {
        "article": {"title": f"The article this draft was made from ({name})", "date": ex.as_of, "kind": "news",
                    "reliability": "medium",
                    "note": "drafted automatically by standoff draft; every line needs review against the article"},
    }
    attrib_ids: dict[str, str] = {}

    def attribution_source(text: str) -> str:
        if text not in attrib_ids:
            sid = _slug(re.sub(r"^(according to|the)\s+", "", text, flags=re.IGNORECASE), "reported")
            while sid in sources:
                sid += "-2"
            sources[sid] = {"title": f"{text}, as cited by the article", "kind": "news", "reliability": "low",
                            "note": "known only through the article's attribution; not read directly"}
            attrib_ids[text] = sid
        return attrib_ids[text]

    # -- events ---------------------------------------------------------------------------
    events: list[dict[str, Any]] = []
    for i, e in enumerate(ex.events):
        if i not in ev_ids:
            continue
        a = ids[e.actor] if e.actor else ch
        t = ids.get(e.target or "")
        date = e.date or ex.as_of
        if e.confirmed and date > ex.as_of:
            date = ex.as_of
        summary = f"{actors[a]['name']} {_VERBS[e.category]} {actors[t]['name'] if t else 'the other side'}"
        if e.via:
            summary += " through " + ", ".join(actors[ids[v]]["name"] for v in e.via if v in ids)
        pkg = package_of(e)
        if pkg:
            summary += "; terms: " + "; ".join(f"{issues[k]['name'].lower()}: {issues[k]['options'][v]}" for k, v in pkg.items())
        if not e.confirmed:
            summary += " (proposed, not confirmed)"
        summary += "."
        ev: dict[str, Any] = {"id": ev_ids[i], "date": date, "actor": a}
        if t and t != a:
            ev["target"] = t
        via = [ids[v] for v in e.via if v in ids and ids[v] not in (a, t)]
        if via:
            ev["via"] = via
        ev["category"] = e.category
        ev["summary"] = summary
        if pkg:
            ev["package"] = pkg
        if e.fate != "happened":
            ev["fate"] = e.fate
        if e.responds_to is not None and e.responds_to in ev_ids:
            ev["responds_to"] = ev_ids[e.responds_to]
        if e.deadline is not None and e.deadline >= date:
            ev["deadline"] = e.deadline
        threat = [ins_ids[j] for j in e.threat if j in ins_ids]
        if threat:
            ev["threat"] = threat
        if e.instrument is not None and e.instrument in ins_ids:
            ev["instrument"] = ins_ids[e.instrument]
        if not e.confirmed:
            ev["confirmed"] = False
            ev["probability"] = {"value": 0.2 if e.unlikely else 0.5,
                                 "assumption": placeholder("chance the proposed event takes place"
                                                           + ("; the article calls it unlikely" if e.unlikely else ""))}
        if e.attribution:
            ev["attributed_to"] = e.attribution
            ev["source"] = attribution_source(e.attribution)
        else:
            ev["source"] = "article"
        ev["confidence"] = "low" if (e.reliability == "low" or not e.curated) else "medium"
        ev["note"] = _note(e.trace, ex.text) + ("; date inherited or approximate" if not e.date_exact else "")
        traces.append(Trace(("events", len(events)), f"event {ev_ids[i]}", [e.trace, *e.extra_traces]))
        events.append(ev)

    # -- the challenger's demand: the engines need one ------------------------------------
    if not any(ev["actor"] == ch and ev.get("package") and ev.get("target") in (None, tg) for ev in events):
        first_issue = next(iter(issues))
        demand = {first_issue: side_best(first_issue, challenger_key)}
        cand = next((ev for ev in events if ev["actor"] == ch and ev["category"] in ("THREATEN", "REQUEST")
                     and ev.get("target") in (None, tg)), None)
        if cand is not None:
            cand["package"] = demand
            cand.setdefault("fate", "pending")
            cand["note"] += "; its terms are a placeholder (the wording gave none the draft could read)"
        else:
            events.append({
                "id": "placeholder-demand", "date": ex.as_of, "actor": ch, "target": tg, "category": "REQUEST",
                "summary": f"{actors[ch]['name']} makes a demand of {actors[tg]['name']} (placeholder).",
                "package": demand, "fate": "pending", "confidence": "low",
                "assumption": placeholder("the article states no demand the draft could read; this event stands "
                                          "for the challenger's demand so that every engine can run"),
            })
            warnings.append("no demand by the challenger was recognised; drafted a placeholder demand")

    # -- red lines from firm refusals ------------------------------------------------------
    red: dict[str, list[dict[str, Any]]] = {ch: [], tg: []}
    red_traces: dict[str, list[Finding]] = {ch: [], tg: []}
    for e in kept:
        if e.category != "REJECT" or e.responds_to is None or not (e.firm or e.standstill):
            continue
        prior = ex.events[e.responds_to]
        rejecter, demander = ids.get(e.actor or ""), ids.get(prior.actor or "")
        if rejecter not in red or demander not in red:
            continue
        for iid, opt in package_of(prior).items():
            best = side_best(iid, e.actor)
            if opt != best:
                red[rejecter].append({"issue": iid, "options": [opt],
                                      "reason": f"refused as reported in sentence {e.trace.sentence + 1}; to be judged"})
                red_traces[rejecter].append(e.trace)
            if e.standstill:
                others = [o for o in issues[iid]["options"] if o != opt]
                red[demander].append({"issue": iid, "options": others,
                                      "reason": f"held firm until talks stalled (sentence {e.trace.sentence + 1}); to be judged"})
                red_traces[demander].append(e.trace)

    # -- preferences and no deal ----------------------------------------------------------
    preferences: dict[str, Any] = {}
    no_deal: dict[str, Any] = {}
    for party_key, pid, other in ((challenger_key, ch, tg), (target_key, tg, ch)):
        prefs: dict[str, Any] = {}
        n = len(issues)
        for iid, isp in issues.items():
            order = list(isp["options"])
            best = side_best(iid, party_key)
            b = order.index(best)
            values = {o: round(1.0 - abs(k - b) / (len(order) - 1), 3) for k, o in enumerate(order)}
            prefs[iid] = {"salience": round(100.0 / n, 3), "values": values}
        entry = {
            "assumption": placeholder("equal saliences, and option values falling with distance from the side's "
                                      "usual position; the article gives no weights"),
            "issues": prefs,
        }
        lines = _dedupe_red_lines(red[pid])
        if lines:
            entry["red_lines"] = lines
            traces.append(Trace(("preferences", pid, "red_lines"), f"red lines of {pid}", red_traces[pid]))
        preferences[pid] = entry
        no_deal[pid] = {
            "assumption": placeholder("what no deal means is not in the article: a moderate conflict cost, "
                                      "a standoff of about a quarter, patient sides"),
            "against": [other], "conflict_cost": 0.2, "horizon": 12, "discount": 0.98,
        }

    # -- channels -------------------------------------------------------------------------
    channels: list[dict[str, Any]] = []
    for c in ex.channels:
        one, two = ids.get(c.between[0]), ids.get(c.between[1])
        if not one or not two or one == two:
            continue
        entry = {"between": [one, two], "status": "mediated" if mediator_ids else "closed"}
        if mediator_ids:
            entry["via"] = list(mediator_ids)
        if c.date and c.date <= ex.as_of:
            entry["since"] = c.date
        entry["source"] = "article"
        entry["note"] = f"direct contact reported cut or unanswered ({_note(c.trace, ex.text)})"
        traces.append(Trace(("channels", len(channels)), f"channel {one}-{two}", [c.trace]))
        channels.append(entry)

    # -- negotiation and questions -----------------------------------------------------------
    negotiation: dict[str, Any] = {"parties": [ch, tg], "challenger": ch, "target": tg}
    if mediator_ids:
        negotiation["mediators"] = mediator_ids
    deadlines = sorted(ev["deadline"] for ev in events if "deadline" in ev and ev["actor"] == ch
                       and ev["deadline"] >= ex.as_of)
    if deadlines:
        negotiation["deadline"] = deadlines[0]
    horizon = ex.as_of + dt.timedelta(days=90)
    c_name, t_name = actors[ch]["name"], actors[tg]["name"]
    questions = [
        {"id": f"deal-by-{horizon.isoformat()}", "text": f"{c_name} and {t_name} reach an agreement by {horizon:%d %B %Y}.",
         "by": horizon, "yes_if": ["deal"]},
        {"id": f"target-yields-by-{horizon.isoformat()}",
         "text": f"{t_name} gives in to the demand, by agreement or not, by {horizon:%d %B %Y}.",
         "by": horizon, "yes_if": ["deal", "capitulation"]},
        {"id": f"force-by-{horizon.isoformat()}",
         "text": f"{c_name} carries out its threat or uses force by {horizon:%d %B %Y}.",
         "by": horizon, "yes_if": ["escalation"]},
    ]

    data: dict[str, Any] = {
        "standoff": 1,
        "id": _slug(f"draft-{name}", "draft"),
        "title": f"Draft: {c_name} and {t_name} (from {name})",
        "as_of": ex.as_of,
        "period": "week",
        "summary": (f"Drafted automatically from {name}: {len(events)} events, {len(instruments)} pressure "
                    f"instruments and {len(issues)} issues. {c_name} presses {t_name}. Every line needs review; "
                    f"numbers marked 'to be judged' are placeholders."),
        "sources": sources,
        "actors": actors,
        "issues": issues,
        "negotiation": negotiation,
        "preferences": preferences,
        "no_deal": no_deal,
        "instruments": instruments,
        "events": events,
        "channels": channels,
        "questions": questions,
    }
    if not channels:
        del data["channels"]
    if not instruments:
        del data["instruments"]
    return Draft(data, traces, ex, warnings, ids)


def _dedupe_red_lines(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for rl in lines:
        cur = merged.get(rl["issue"])
        if cur is None:
            merged[rl["issue"]] = {"issue": rl["issue"], "options": list(rl["options"]), "reason": rl["reason"]}
        else:
            cur["options"] += [o for o in rl["options"] if o not in cur["options"]]
    return list(merged.values())
