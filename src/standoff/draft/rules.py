"""The drafter's hand-written rules: event triggers (PLOVER), issue cues, instrument cues,
modality, attribution and via phrases. Written by the standoff developers; the CAMEO verb
lexicon compiled from PETRARCH2 is only a fallback for verbs these rules do not cover.

Every rule is a regular expression over one sentence (case-insensitive), so that a
reviewer can read exactly why a line was drafted.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", _I)


#: PLOVER category -> trigger. Order matters only for ties at the same position.
TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("THREATEN", _rx(r"threat(?:en(?:ed|s|ing)?)\b", r"warn(?:ed|s|ing)?", r"ultimatum",
                     r"or (?:face|prepare for|risk)",                      r"gave [^.;]{1,80}? (?:until|\w+ (?:days?|weeks?|hours?) to)",
                     r"would be treated as")),
    ("REJECT", _rx(r"reject(?:ed|s|ing)?", r"refus(?:ed|es|e|al|ing)", r"dismiss(?:ed|es|ing)?",
                   r"shot down", r"turn(?:ed|s)? down", r"rul(?:ed|es) out", r"rebuff(?:ed|s)?",
                   r"call(?:ed|s)? off", r"declin(?:ed|es) to", r"unacceptable")),
    ("REQUEST", _rx(r"demand(?:ed|s|ing)?", r"ask(?:ed|s|ing)? for", r"ask(?:ed|s)", r"request(?:ed|s|ing)?",
                    r"sought", r"seek(?:s|ing)?", r"push(?:ed|es|ing)? for", r"push for",
                    r"urg(?:ed|es|ing)",
                    r"appeal(?:ed|s)? (?:to|for)", r"attempts? to reach", r"tried to reach",
                    r"published [^.;]{0,30}?(?:draft|treat)")),
    ("AGREE", _rx(r"agree(?:d|s)? (?:to|on|that)", r"accept(?:ed|s)?", r"offer(?:ed|s|ing)?", r"propos(?:ed|es|al)",
                  r"promis(?:ed|es)", r"pledg(?:ed|es)", r"(?:still )?willing to", r"ready to (?:discuss|talk|negotiate)",
                  r"signed", r"presented the plan")),
    ("CONSULT", _rx(r"met", r"meet(?:ing|s)?", r"phone call", r"talks", r"spoke", r"visit(?:ed|s)?",
                    r"flew to", r"mediat(?:e|ed|es|ing|ion)", r"negotiat(?:e|ed|ions)", r"carried messages",
                    r"main channel", r"led a delegation", r"discuss(?:ed)?")),
    ("SANCTION", _rx(r"sanction(?:s|ed)?", r"cut (?:off )?(?:diplomatic )?ties", r"broke off", r"expel(?:led|s)?",
                     r"suspend(?:ed|s)?", r"recall(?:ed|s)?", r"embargo", r"tariffs?", r"cut (?:off )?[^.;]{0,20}?aid",
                     r"closed borders", r"designat(?:ed|es|ion)",
                     r"branded [^.;]{0,80}?terrorist", r"bounty", r"reward for")),
    ("COERCE", _rx(r"clos(?:e|ed|ing|ure)[^.;]{0,40}?airspace", r"airspace[^.;]{0,30}?clos(?:ed|ure)",
                   r"fr(?:o|ee)z(?:e|en|ing)\b[^.;]{0,40}?assets", r"freez(?:e|ing)", r"froze", r"seiz(?:ed|e)",
                   r"arrest(?:ed|s)?", r"blockade", r"quarantine", r"indict(?:ed|ment)", r"forced [^.;]{0,30}? to land")),
    ("MOBILIZE", _rx(r"mass(?:ed)? [^.;]{0,30}?troops", r"massed", r"deploy(?:ed|s|ment)?",
                     r"mobili[sz](?:ation|ed|e)", r"troops entered", r"build-?up")),
    ("ASSAULT", _rx(r"struck", r"strikes? on", r"bomb(?:ed|ing)", r"attack(?:ed|s)", r"shell(?:ed|ing)",
                    r"invad(?:ed|es)")),
    ("PROTEST", _rx(r"protest(?:ed|s)?", r"demonstrat(?:ed|ion|ions)", r"rall(?:y|ied)")),
    ("ACCUSE", _rx(r"accus(?:ed|es|ing)", r"denounc(?:ed|es)", r"condemn(?:ed|s)", r"criticis(?:ed|es)",
                   r"criticiz(?:ed|es)", r"perplexed", r"was hypocritical")),
    ("CONCEDE", _rx(r"resign(?:ed|s)\b", r"step(?:ped)? down\b(?! [^.;]{0,10}unless)", r"gave in",
                    r"backed down", r"concession", r"agreed to deploy", r"offered to hand")),
    ("RETREAT", _rx(r"withdr(?:ew|awn)", r"pull(?:ed)? (?:back|out)", r"lift(?:ed)? [^.;]{0,30}?sanctions",
                    r"unfreez(?:e|ing)", r"dropped (?:its|the) threat", r"retreat(?:ed)?")),
    ("SUPPORT", _rx(r"support(?:ed|s)?", r"defend(?:ed|s)", r"endors(?:ed|es)", r"praised")),
    ("AID", _rx(r"humanitarian aid")),
)

#: Words that say an event is not (yet) real: proposed, possible, reported without
#: confirmation, or future.
UNCONFIRMED = _rx(r"possible", r"possibly", r"talk of", r"nothing is confirmed", r"not confirmed", r"unconfirmed",
                  r"could", r"might", r"may", r"expected", r"planned", r"would", r"will", r"proposed")
UNLIKELY = _rx(r"unlikely", r"doubtful", r"improbable")
#: Hypothetical sentences: nothing in them answers an earlier offer.
HYPOTHETICAL = _rx(r"whether", r"if", r"would", r"could", r"might")

#: Nouns that refer to an act already reported ("this proposal", "the offer") rather than
#: report a new one, when a determiner stands before them.
REFERENCE = re.compile(r"\b(?:this|the|that|these|those|his|her|its|their|such|any|no)\s+(?:\w+\s+){0,2}$", _I)
#: Auxiliaries before a past participle: a passive verb.
AUX_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?$", _I)
NOUN_TRIGGERS = frozenset({"proposal", "offer", "offers", "demand", "demands", "request", "concession",
                           "ultimatum", "talks", "negotiations", "meeting", "phone call", "warning",
                           "support", "refusal", "rejection", "threat", "protest", "protests",
                           "sanction", "sanctions", "embargo", "tariffs", "tariff", "bounty",
                           "reward for", "blockade", "quarantine", "deployment"})
#: CONSULT nouns: an event only when two actors are named with them.
CONSULT_NOUNS = frozenset({"talks", "negotiations", "meeting", "meetings", "phone call", "negotiate"})

#: Phrases that attribute a claim to someone, and how reliable that attribution is.
ATTRIBUTION: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\baccording to ([^,.;]{3,60})", _I), "low"),
    (re.compile(r"\b(sources? close to (?:the )?\w+)", _I), "low"),
    (re.compile(r"\b((?:unnamed |anonymous )?sources? (?:familiar with|said|say)[^,.;]{0,40})", _I), "low"),
    (re.compile(r"\b((?:people|officials|diplomats) (?:familiar with|who attended)[^,.;]{0,40})", _I), "low"),
    (re.compile(r"\b(reportedly)\b", _I), "low"),
    (re.compile(r"\b(a copy of [^,.;]{3,40})", _I), "low"),
)

#: "arranged by A, B and C", "through X", "brokered by X", "mediated by X".
VIA = re.compile(r"\b(?:arranged|brokered|mediated|hosted|facilitated) by\b|\bthrough\b|\bvia\b", _I)

#: An actor that arranges, hosts or mediates talks between others (active voice).
MEDIATES = re.compile(r"\b(?:arranged|arranges|brokered|brokers|hosted|hosts|mediated|mediates|mediating|"
                      r"(?:acts|acted|acting) as (?:a |the )?(?:mediator|go-between|channel))\b(?!\s+by)", _I)

#: Passive voice before a trigger ("were dismissed by").
PASSIVE = re.compile(r"\b(?:was|were|been|is|are|be|being)\s+(?:\w+ly\s+)?$", _I)

#: Prepositions after which a name is a place or a modifier, not the target of an act.
NOT_TARGET_AFTER = frozenset({"of", "in", "into", "over", "about", "across", "near", "inside", "within",
                              "throughout", "from", "around", "toward", "towards", "at"})

#: A sentence that records talks at a standstill.
STANDSTILL = _rx(r"standstill", r"stalemate", r"deadlock(?:ed)?", r"impasse", r"stalled")
#: A response that was never given.
IGNORED = _rx(r"met with silence", r"went unanswered", r"no (?:response|reply|answer)", r"ignored")
#: Contact cut or only indirect.
NO_DIRECT_CONTACT = _rx(r"met with silence", r"went unanswered", r"would not talk directly",
                        r"cut (?:off )?(?:all )?contact", r"no direct (?:contact|talks)")
#: Firm positions: words that make a stated demand or refusal a red line.
FIRM = _rx(r"immovable", r"non-?negotiable", r"outright", r"insist(?:ed|s)?",
           r"instant", r"immediate(?:ly)?", r"at once", r"refusal to comply", r"refus(?:ed|al) to")
#: A follow-up that elaborates an earlier offer rather than making a new one.
ELABORATION = _rx(r"the offer", r"the proposal", r"the deal", r"under the (?:accord|agreement|deal|plan)",
                  r"the plan", r"the demands?")

# ------------------------------------------------------------------------------- issues
#: Draft issue vocabulary: id -> (name, options (ordered from the challenger's usual demand
#: to the target's), status quo, cue).
ISSUES: dict[str, tuple[str, dict[str, str], str, re.Pattern[str]]] = {
    "exit_timing": (
        "When the target leader leaves power",
        {"immediate": "leaves at once", "within_weeks": "leaves within weeks",
         "after_transition": "leaves after a negotiated transition", "no_exit": "stays in power"},
        "no_exit",
        _rx(r"resign(?:ation|s|ed)?", r"step(?:ped|s)? down", r"stand down", r"hand (?:over )?power",
            r"leave office", r"departure", r"transfer(?:red)? power", r"cede power", r"stay in power",
            r"reinstate", r"comply")),
    "amnesty": (
        "Protection from prosecution",
        {"none": "no amnesty", "personal": "immunity for the leader and family only",
         "global": "a general amnesty for the leadership"},
        "none",
        _rx(r"amnesty", r"immunity", r"(?:not|never) be prosecuted", r"prosecut\w*", r"clemency", r"pardon",
            r"hounded")),
    "safe_passage": (
        "Who is covered by safe passage or exile",
        {"none": "no one", "family_only": "the leader and close family",
         "inner_circle": "also senior officials", "broad": "also allies and loyalists"},
        "none",
        _rx(r"safe passage", r"safe exile", r"exile", r"asylum", r"safe conduct", r"shield")),
    "military_control": (
        "Who commands the armed forces",
        {"civilian_transition": "a new civilian authority", "shared": "a negotiated arrangement",
         "incumbent_retains": "the incumbent keeps command"},
        "incumbent_retains",
        _rx(r"(?:control|command) of [^.;]{0,30}(?:armed forces|army|military)")),
    "elections": (
        "Election framework",
        {"none": "no election commitment", "under_incumbent": "elections run by the incumbent",
         "free_supervised": "free, supervised elections"},
        "none",
        _rx(r"elections?", r"vote")),
    "economic": (
        "Economic side payment or relief",
        {"none": "no payment or relief", "side_payment": "a payment, stake or economic relief"},
        "none",
        _rx(r"oil fields?", r"stake", r"invest\w*", r"assets", r"fortune", r"property",
            r"economic bribes?", r"billion dollars")),
}

#: Option chosen when the wording says so; otherwise the demand's side decides (see build).
OPTION_CUES: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "exit_timing": (("immediate", _rx(r"immediate(?:ly)?", r"instant", r"at once", r"until noon",
                                      r"\w+ days? to", r"by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)")),
                    ("no_exit", _rx(r"stay in power", r"maintain control", r"refus\w+ to (?:step|resign|comply)")),
                    ("after_transition", _rx(r"transition", r"after elections"))),
    "amnesty": (("global", _rx(r"global", r"general amnesty", r"blanket", r"for his regime", r"all ")),
                ("personal", _rx(r"not (?:be )?prosecuted", r"guarantees?", r"hounded", r"personal")),
                ("none", _rx(r"accountability", r"no (?:amnesty|clemency)"))),
    "safe_passage": (("family_only", _rx(r"famil(?:y|ies)", r"wife", r"son", r"himself", r"yourself", r"him")),
                     ("broad", _rx(r"allies", r"loyalists")),
                     ("inner_circle", _rx(r"inner circle", r"officials"))),
    "military_control": (("incumbent_retains", _rx(r"maintain control", r"keep (?:control|command)", r"retain")),
                         ("civilian_transition", _rx(r"civilian"))),
    "elections": (("free_supervised", _rx(r"free elections?", r"supervised")),),
    "economic": (("side_payment", _rx(r"stake", r"invest\w*", r"unfreeze", r"fortune", r"property",
                                      r"billion")),),
}

# --------------------------------------------------------------------------- instruments
#: Instrument kind -> cue; the event category its imposition is coded as.
INSTRUMENTS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("airspace_closure", _rx(r"airspace"), "COERCE"),
    ("terrorist_designation", _rx(r"terrorist organi[sz]ation", r"designat\w+ [^.;]{0,40}terror\w*", r"FTO"), "SANCTION"),
    ("bounty", _rx(r"bounty", r"reward (?:for|of)", r"\$\s?\d+ million (?:bounty|reward)"), "SANCTION"),
    ("asset_freeze", _rx(r"fr(?:o|ee)z\w* [^.;]{0,40}?assets", r"assets [^.;]{0,20}?frozen",
                         r"freez(?:e|ing) any assets"), "COERCE"),
    ("indictment", _rx(r"indict\w*", r"arrest warrant", r"charged with"), "COERCE"),
    ("blockade", _rx(r"blockade", r"naval quarantine", r"quarantine of"), "COERCE"),
    ("diplomatic_isolation", _rx(r"cut (?:off )?diplomatic ties", r"broke off diplomatic",
                                 r"expelled [^.;]{0,20}diplomats"), "SANCTION"),
    ("sanction", _rx(r"sanctions?", r"tariffs?", r"embargo", r"travel bans?", r"suspended its [^.;]{0,20}aid",
                     r"closed borders"), "SANCTION"),
    ("military_deployment", _rx(r"deploy\w*", r"troops entered", r"massed [^.;]{0,30}troops", r"mass(?:ed)? some [^.;]{0,20}troops",
                                r"naval (?:deployment|build-?up)", r"warships"), "MOBILIZE"),
    ("military_threat", _rx(r"military action", r"use of force", r"air strikes", r"military strikes",
                            r"removal by [^.;]{0,20}troops", r"military intervention", r"invasion"), "THREATEN"),
    ("military_action", _rx(r"struck targets", r"bombing campaign", r"air campaign"), "ASSAULT"),
)
#: Words that make an instrument a threat rather than a measure in force.
THREAT_WORDS = _rx(r"threat\w*", r"warn\w*", r"or face", r"or prepare", r"ready to", r"could", r"would", r"if",
                   r"unless", r"possible", r"prepare", r"any invasion", r"escalating")
#: Words that make an instrument lifted.
LIFT_WORDS = _rx(r"lift(?:ed|s)?", r"dropped", r"unfreez\w*", r"ease[ds]?", r"end(?:ed)? the")
