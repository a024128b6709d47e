"""Notes (codes with data, from the engines) as sentences for a reader."""

from __future__ import annotations

from standoff.presenters.sections.words import name
from standoff.results import Note
from standoff.scenario.case import Case


def phrase(note: Note, case: Case | None = None) -> str:
    """One note as a sentence."""
    d = note.data

    def who(key: str = "actor") -> str:
        a = str(d.get(key, ""))
        return name(case, a) if case is not None else a

    match note.code:
        case "no_deadline":
            return "No deadline is given: the challenger is taken to decide one period after the demand."
        case "no_threat":
            return "No threat accompanies the demand, so its credibility is taken as zero."
        case "threat_without_credibility":
            return f"The threatened instrument {d['instrument']} states no credibility; it is taken as certain."
        case "demand_crosses_red_line":
            return (f"The demand crosses {who()}'s stated red line on {d['issue']} ({d['option']}); the crisis games "
                    "weigh it by utility, i.e. they assume a red line can give way under threat.")
        case "record_contradicts_compliance":
            return (f"The event log records that {who()} rejected this demand, while the ultimatum model predicts "
                    "compliance: the scenario's assumptions may understate the target's value of resisting "
                    "(or its red lines hold).")
        case "refusal_logged":
            return (f"the record already shows the demand refused ({d['event']}): a model of the choice to comply "
                    "cannot predict a choice already made (the headline conditions on it instead).")
        case "demand_crosses_firm_red_line":
            return (f"the demand crosses {who()}'s stated red line on {d['issue']} ({d['option']}), which holds "
                    f"with chance {100 * float(d['p_hold']):.0f}% (an input); the model would weigh it as an ordinary cost.")
        case "indivisible_stake":
            return (f"the demand is the leader's exit ({d['issue']}), an indivisible stake: models of dividing a "
                    "prize do not apply (Fearon 1995 treats indivisibility as its own cause of war).")
        case "rubinstein_split_only":
            return ("not a forecast of the ending: with complete information this equilibrium agrees at once "
                    "whenever the outside options leave something to divide, so it says 'deal' in every such case; "
                    "the split it predicts is in the JSON output.")
        case "attrition_statics":
            return ("not a forecast: in this equilibrium each side's chance of giving in first is set by the other "
                    "side's costs, so more pressure on the target makes the challenger give in sooner, and the "
                    "model has no escalation ending; shown for its comparative statics only.")
        case "resolve_stated":
            return ("The scenario describes no course of action for the challenger, so whether force follows a "
                    "refusal is its stated credibility, replayed rather than derived.")
        case "pooling_unfitted":
            return (f"The models are pooled with the base rate at weight {d['weight']:.2f}, a default: the weight "
                    "has not yet been fitted on the library of closed cases.")
        case "conditioned_on_refusal":
            return f"The record shows the demand refused ({d['event']}): draws in which the target would comply weigh less."
        case "conditioned_on_silence":
            return "Requests the challenger ignored are read as a sign of its resolve."
        case "deadline_lapsed":
            return (f"The deadline lapsed {d['periods_ago']:.1f} {d.get('period', 'period')}s before the as-of date "
                    "without force.")
        case "no_base_rate":
            return "No reference class gives a base rate here."
        case "headline_not_applicable":
            why = {"no_demand": "the event log holds no demand by the challenger",
                   "no_no_deal_value": "a party has no no-deal value",
                   "no_preferences": "a party has no preferences",
                   "no_challenger_or_target": "the scenario names no challenger and target"}.get(d["why"], d["why"])
            return f"the assessment's models do not apply: {why}."
        case "engine_skipped":
            return f"The {d['engine']} analysis was not run: {d['why']}."
        case _:
            return note.code.replace("_", " ") + (f" ({d})" if d else "")
