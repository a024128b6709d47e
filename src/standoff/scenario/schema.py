"""Scenario format v1: the pydantic models of a standoff scenario file.

These models *are* the shared vocabulary of the project: actors, issues and their
options, preferences with red lines, what no deal means to each actor, pressure
instruments, the dated event log (PLOVER categories), communication channels, sources
and forecast questions. Engines never read YAML; :class:`standoff.scenario.Scenario`
turns these models into arrays for them.

Every model forbids unknown keys (with a "did you mean" hint). Cross-references between
sections (an event naming an unknown actor, a value for an unknown option) are checked
in :mod:`standoff.scenario.validate`, which also enforces provenance on every number.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from standoff.core.endings import Ending, Outcome
from standoff.core.errors import unknown_key_hint
from standoff.scenario.case.instruments import kind_names
from standoff.scenario.quantity import (
    Capability,
    Cost,
    Discount,
    NonNegative,
    Position,
    Probability,
    Quantity,
    Salience,
    Unit,
)

FORMAT_VERSION = 1

#: Identifiers: lower case, digits, '_' and '-'; start with a letter.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_\-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(max_length=4000)]


class Model(BaseModel):
    """Base of every format model: frozen, and unknown keys are errors with a hint."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _unknown_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            allowed = {name for name in cls.model_fields} | {
                f.alias for f in cls.model_fields.values() if f.alias
            }
            for key in data:
                if key not in allowed:
                    raise PydanticCustomError(
                        "unknown_key",
                        "unknown key '{key}' ({hint})",
                        {"key": str(key), "hint": unknown_key_hint(str(key), allowed)},
                    )
        return data


class Provenanced(Model):
    """A block whose numbers share one provenance (each number may still override it)."""

    source: Id | None = Field(default=None, description="id of an entry in `sources`")
    note: Text | None = Field(default=None, description="what the source supports (no quotations)")
    assumption: Text | None = Field(default=None, description="why this is assumed")


# ----------------------------------------------------------------------------- sources
class SourceKind(StrEnum):
    news = "news"
    opinion = "opinion"
    official = "official"
    scholarly = "scholarly"
    dataset = "dataset"
    analysis = "analysis"


class Source(Model):
    """Where a fact or claim comes from."""

    title: Text = Field(description="what the source is, in a few words")
    publisher: Text | None = Field(default=None, description="who published it")
    date: dt.date | None = Field(default=None, description="publication date")
    kind: SourceKind = Field(default=SourceKind.news, description="kind of source")
    reliability: Literal["low", "medium", "high"] = Field(
        default="medium", description="how far its claims can be trusted"
    )
    url: Text | None = Field(default=None, description="where to find it")
    note: Text | None = Field(default=None, description="caveats: attribution, bias, access")


# ------------------------------------------------------------------------------ actors
class ActorKind(StrEnum):
    state = "state"
    leader = "leader"
    faction = "faction"
    armed_forces = "armed_forces"
    opposition = "opposition"
    mediator = "mediator"
    organization = "organization"


class Actor(Provenanced):
    """A party to the standoff, or a third party (mediator, ally, organisation)."""

    name: Text = Field(description="display name")
    kind: ActorKind = Field(description="what sort of actor it is")
    capability: Capability = Field(description="relative power to impose costs or prevail")
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = Field(
        default=None, description="ISO 3166-1 alpha-3 code"
    )
    sector: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = Field(
        default=None, description="PLOVER/CAMEO-style sector code, e.g. GOV, MIL, OPP"
    )
    aligned_with: list[Id] = Field(default_factory=list, description="actors it backs")
    description: Text | None = Field(default=None, description="a line on its role")


# ------------------------------------------------------------------------------ issues
class IssueKind(StrEnum):
    ordered = "ordered"
    categorical = "categorical"
    scale = "scale"


class IssueSpec(Model):
    """An issue: ordered or categorical options, or a 0-100 scale with labelled ends."""

    name: Text = Field(description="the question the issue settles, in words")
    kind: IssueKind = Field(default=IssueKind.ordered, description="ordered, categorical or scale (0-100)")
    options: dict[Id, Text] | list[Id] | None = Field(
        default=None, description="option ids (ordered/categorical), optionally with a description"
    )
    ends: tuple[Text, Text] | None = Field(default=None, description="labels of 0 and 100 (scale)")
    steps: int = Field(default=11, ge=2, le=101, description="grid points on a scale for bargaining")
    status_quo: Id | float | None = Field(default=None, description="current option or position")
    description: Text | None = Field(default=None, description="longer explanation")

    @model_validator(mode="after")
    def _shape(self) -> IssueSpec:
        if self.kind is IssueKind.scale:
            if self.ends is None:
                raise PydanticCustomError("scale_ends", "a scale issue needs 'ends: [label at 0, label at 100]'")
            if self.options is not None:
                raise PydanticCustomError("scale_options", "a scale issue takes 'ends', not 'options'")
        else:
            if not self.options or len(self.options) < 2:
                raise PydanticCustomError("issue_options", "an issue needs at least two options")
            if self.ends is not None:
                raise PydanticCustomError("issue_ends", "'ends' is only for kind: scale")
        return self

    @property
    def option_ids(self) -> tuple[str, ...]:
        if self.kind is IssueKind.scale:
            return tuple(f"{p:g}" for p in self.points)
        assert self.options is not None
        return tuple(self.options)

    @property
    def points(self) -> tuple[float, ...]:
        """0-100 grid positions of a scale issue."""
        n = self.steps
        return tuple(round(100.0 * i / (n - 1), 6) for i in range(n))


# ------------------------------------------------------------------------- preferences
class IssuePreference(Model):
    """How much an actor cares about one issue and what it wants there."""

    salience: Salience = Field(description="how much the actor cares (points out of 100 over its issues)")
    values: dict[Id, Unit] | None = Field(
        default=None, description="value of each option, 1 = best (ordered/categorical issues)"
    )
    ideal: Position | None = Field(default=None, description="ideal point (scale issues)")
    source: Id | None = Field(default=None, description="id of an entry in `sources`")
    note: Text | None = Field(default=None, description="what the source supports")
    assumption: Text | None = Field(default=None, description="why this is assumed")


class RedLine(Model):
    """Options an actor says it will never accept, whatever else the package holds.

    A stated red line may still give way: ``p_hold`` is the chance it still holds at the
    assessment's horizon (default: from the reliability of the source behind it: 0.9 for
    a highly reliable source, 0.8 medium, 0.65 low, 0.75 for an assumed red line). Engines that take red lines as
    fixed (the bargaining frontier) read them as holding; the assessment lets them give
    way at a constant rate that leaves ``p_hold`` of them standing at the horizon.
    """

    issue: Id = Field(description="the issue")
    options: list[Id] = Field(min_length=1, description="options the actor never accepts")
    reason: Text | None = Field(default=None, description="why (with attribution if reported)")
    p_hold: Probability | None = Field(
        default=None, description="chance the red line still holds at the horizon (default: from its source)"
    )
    source: Id | None = Field(default=None, description="id of an entry in `sources`")
    assumption: Text | None = Field(default=None, description="why this is assumed")


class PairTerm(Model):
    """One term of an interaction: a value added when both options are chosen."""

    options: tuple[Id, Id] = Field(description="one option of each of the two issues")
    value: Quantity = Field(description="utility added (may be negative)")


class InteractionSpec(Model):
    """A term added to the utility when two issues take given options together."""

    issues: tuple[Id, Id] = Field(description="the two issues")
    terms: list[PairTerm] = Field(min_length=1, description="values added for option pairs")
    assumption: Text | None = Field(default=None, description="why this is assumed")
    source: Id | None = Field(default=None, description="id of an entry in `sources`")
    note: Text | None = Field(default=None, description="what the source supports")


class Preferences(Provenanced):
    """One actor's preferences over the issues (issues left out have salience 0)."""

    issues: dict[Id, IssuePreference] = Field(description="salience and values per issue")
    red_lines: list[RedLine] = Field(default_factory=list, description="options never accepted")
    interactions: list[InteractionSpec] = Field(
        default_factory=list, description="optional pairwise terms between two issues"
    )


# ---------------------------------------------------------------------- no-deal model
class NoDeal(Provenanced):
    """What no agreement means for an actor, described so the engines can compute it.

    See :mod:`standoff.core.nodeal` for the formula. Pressure costs per period come from
    the instruments in force against (and imposed by) the actor; ``extra_cost_per_period``
    adds costs not modelled as instruments.
    """

    description: Text | None = Field(default=None, description="what no deal means, in words")
    against: list[Id] = Field(default_factory=list, description="the actors it would face")
    p_prevail: Probability | None = Field(
        default=None, description="chance it gets its way by force; default from capabilities"
    )
    if_prevail: dict[Id, Id | float] | None = Field(
        default=None, description="package it gets when it prevails (default: its best)"
    )
    if_defeated: dict[Id, Id | float] | None = Field(
        default=None, description="package it gets when defeated (default: its worst)"
    )
    conflict_cost: Cost = Field(description="one-off cost of the settlement by force")
    horizon: NonNegative = Field(description="periods the standoff lasts without a deal")
    discount: Discount = Field(description="discount factor per period")
    extra_cost_per_period: Cost | None = Field(
        default=None, description="costs per period not modelled as instruments"
    )


# ------------------------------------------------------------------------- instruments
#: The kinds of pressure instrument: one per plug-in in
#: :mod:`standoff.scenario.case.instruments` (adding a plug-in adds a kind).
InstrumentKind = StrEnum("InstrumentKind", [(k, k) for k in kind_names()])  # type: ignore[misc]


class InstrumentStatus(StrEnum):
    threatened = "threatened"
    in_force = "in_force"
    lifted = "lifted"


class Package(Model):
    """A condition on one issue: the outcome takes one of ``options``."""

    issue: Id = Field(description="the issue")
    options: list[Id] = Field(min_length=1, description="options that meet the condition")


class Constraint(Model):
    """While an instrument is in force, ``actor`` cannot agree to these options."""

    actor: Id = Field(description="the actor constrained (often the imposer)")
    issue: Id = Field(description="the issue")
    options: list[Id] = Field(min_length=1, description="options it cannot agree to")
    reason: Text | None = Field(default=None, description="why")
    p_hold: Probability | None = Field(
        default=None, description="chance the constraint still binds at the horizon (default 1 while in force)"
    )


class Instrument(Provenanced):
    """A pressure instrument: sanction, blockade, designation, bounty, threat of force..."""

    name: Text = Field(description="what it is, in words")
    kind: InstrumentKind = Field(description="kind of pressure")
    imposer: Id = Field(description="actor applying it")
    target: Id = Field(description="actor it presses")
    status: InstrumentStatus = Field(description="threatened, in_force or lifted")
    since: dt.date | None = Field(default=None, description="date of the status")
    cost_to_target: Cost = Field(description="utility cost per period to the target")
    cost_to_imposer: Cost = Field(description="utility cost per period to the imposer")
    credibility: Probability | None = Field(
        default=None, description="chance a threatened instrument is carried out"
    )
    lifted_by: list[Package] = Field(
        default_factory=list, description="a deal meeting any of these conditions lifts it"
    )
    residual_cost: Cost | None = Field(
        default=None, description="lasting cost to the target of a deal that does not lift it"
    )
    constrains: list[Constraint] = Field(
        default_factory=list, description="options an actor cannot agree to while it is in force"
    )
    follows_leader: bool | None = Field(
        default=None,
        description="its residual cost follows the target's leader out of office (into exile or"
        " after removal) but not in office; default: true for indictment, bounty and"
        " terrorist_designation",
    )
    description: Text | None = Field(default=None, description="longer explanation")


# ------------------------------------------------------------------------------ events
class Plover(StrEnum):
    """PLOVER event categories (Halterman et al. 2023)."""

    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    CONCEDE = "CONCEDE"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    REQUEST = "REQUEST"
    ACCUSE = "ACCUSE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    SANCTION = "SANCTION"
    MOBILIZE = "MOBILIZE"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"


class Fate(StrEnum):
    pending = "pending"
    accepted = "accepted"
    rejected = "rejected"
    ignored = "ignored"
    withdrawn = "withdrawn"
    superseded = "superseded"
    happened = "happened"


class Event(Provenanced):
    """A dated event: who did what to whom, via whom, offering or demanding what."""

    id: Id = Field(description="unique id of the event")
    date: dt.date = Field(description="when it happened (or is proposed to)")
    actor: Id = Field(description="who acts")
    target: Id | None = Field(default=None, description="whom it is addressed to")
    via: list[Id] = Field(default_factory=list, description="mediators or go-betweens")
    category: Plover = Field(description="PLOVER event category")
    summary: Text = Field(description="what happened, in our own words")
    package: dict[Id, Id | float] | None = Field(
        default=None, description="the offer or demand, as options on issues"
    )
    fate: Fate = Field(default=Fate.happened, description="what became of an offer or demand")
    responds_to: Id | None = Field(default=None, description="id of the event this answers")
    deadline: dt.date | None = Field(default=None, description="deadline attached to a demand")
    threat: list[Id] = Field(default_factory=list, description="instruments threatened on refusal")
    instrument: Id | None = Field(default=None, description="instrument this event imposes or lifts")
    confirmed: bool = Field(default=True, description="false for proposed or unverified events")
    probability: Probability | None = Field(
        default=None, description="chance a proposed, unconfirmed event takes place"
    )
    attributed_to: Text | None = Field(default=None, description="who makes the claim")
    confidence: Literal["low", "medium", "high"] = Field(
        default="medium", description="our confidence that the claim is true"
    )


# ---------------------------------------------------------------------------- channels
class Channel(Model):
    """A line of communication between two actors."""

    between: tuple[Id, Id] = Field(description="the two actors")
    status: Literal["open", "closed", "mediated"] = Field(
        description="open (direct), closed, or mediated (only through `via`)"
    )
    via: list[Id] = Field(default_factory=list, description="go-betweens of a mediated channel")
    since: dt.date | None = Field(default=None, description="since when")
    source: Id | None = Field(default=None, description="id of an entry in `sources`")
    note: Text | None = Field(default=None, description="what the source supports")
    assumption: Text | None = Field(default=None, description="why this is assumed")


# --------------------------------------------------------------------------- questions
class Question(Model):
    """A dated, checkable forecast target and how the endings map onto it.

    ``yes_if`` lists endings (deal, capitulation, backdown, forced_removal, limited_force,
    stalemate), derived events (``leader_out``: deal, capitulation or forced_removal;
    ``force_used``: force used by the date) or format v1's ``escalation``
    (limited_force or forced_removal); see :mod:`standoff.core.endings`.
    """

    id: Id = Field(description="unique id of the question")
    text: Text = Field(description="the checkable statement")
    by: dt.date = Field(description="the date it resolves on")
    yes_if: list[Outcome] = Field(min_length=1, description="endings or events that resolve it 'yes'")


# --------------------------------------------------------------------------- coercion
class CourseKind(StrEnum):
    """What the challenger can do if the target refuses (Sechser 2011; Haun 2015)."""

    pressure = "pressure"  # keep up or tighten non-military pressure
    blockade = "blockade"
    limited_strikes = "limited_strikes"
    raid = "raid"  # a raid to capture or remove the leader
    invasion = "invasion"


class CourseOfAction(Provenanced):
    """One course of action open to the challenger if the demand is refused.

    Its expected value to the challenger (chance of success times the value of the
    demand met, less its costs) against keeping up pressure or backing down decides
    whether a threat is carried out: the challenger's resolve is derived from these, not
    typed in (Sechser & Fuhrmann 2013; Haun 2015).
    """

    name: Text = Field(description="what it is, in words")
    kind: CourseKind = Field(description="pressure, blockade, limited_strikes, raid or invasion")
    actor: Id | None = Field(default=None, description="who carries it out (default: the challenger)")
    cost: Cost = Field(description="one-off cost to the actor of carrying it out (utility units)")
    cost_per_period: Cost | None = Field(default=None, description="cost to the actor per period while it lasts")
    p_success: Probability = Field(
        description="chance it achieves its aim: the leader removed (raid, invasion) or the target giving in"
    )
    periods: NonNegative = Field(description="periods from the decision to its effect")
    cost_to_target: Cost | None = Field(default=None, description="one-off cost to the target when carried out")
    removes_leader: bool | None = Field(
        default=None, description="success removes the leader by force (default: true for raid and invasion)"
    )
    available_from: dt.date | None = Field(default=None, description="first date it could be carried out")

    @property
    def takes_leader(self) -> bool:
        """Whether success removes the leader (raid and invasion unless said otherwise)."""
        if self.removes_leader is not None:
            return self.removes_leader
        return self.kind in (CourseKind.raid, CourseKind.invasion)

    @property
    def is_force(self) -> bool:
        return self.kind in (CourseKind.limited_strikes, CourseKind.raid, CourseKind.invasion)


class ExileOption(Provenanced):
    """Where the leader could go if it leaves office, and how safe it would be there.

    A guarantee of safe exile is only as good as its guarantor's commitment (Fearon 1995;
    Powell 2006); legal exposure that follows the leader (indictments, warrants, bounties,
    designations) bites when the guarantee fails (Krcmaric 2018, 2020;
    Escriba-Folch & Krcmaric 2017).
    """

    host: Id = Field(description="the state that would host the leader")
    guarantor: Id | None = Field(default=None, description="who guarantees the leader's safety (default: the host)")
    p_guarantee_holds: Probability = Field(description="chance the guarantee holds (no extradition or capture)")


class ExitSpec(Model):
    """Which packages mean that the leader leaves office (for legal exposure and exile)."""

    issue: Id = Field(description="the issue that settles whether the leader stays")
    stays: list[Id] = Field(min_length=1, description="options under which the leader stays in office")


class Insider(Provenanced):
    """An insider whose loyalty decides whether coercion works: the armed forces' high
    command, the inner circle (Svolik 2012; Bueno de Mesquita et al. 2003)."""

    loyalty: Probability = Field(description="chance it stays loyal to the leader to the horizon, as things stand")
    can_remove: bool = Field(default=True, description="whether it can remove the leader itself (or only defect)")
    protected_by: list[Package] = Field(
        default_factory=list, description="package options that shield it if the leader goes (scope of amnesty, safe passage)"
    )


class Coercion(Provenanced):
    """What the assessment's leader-fate, challenger-choice and insider models need.

    Every field is optional: without them the assessment falls back on the threat's
    stated credibility and the no-deal model, and says so.
    """

    leader: Id | None = Field(default=None, description="the target's leader (default: the target)")
    reference_class: Literal["leader_exit", "compellence", "sanctions", "mediation"] | None = Field(
        default=None, description="the family of cases whose base rates come first"
    )
    horizon: dt.date | None = Field(default=None, description="date of the headline (default: the last question's)")
    exit: ExitSpec | None = Field(default=None, description="which packages mean the leader leaves office")
    courses_of_action: dict[Id, CourseOfAction] = Field(
        default_factory=dict, description="what the challenger can do if the demand is refused"
    )
    audience_cost: Cost | None = Field(
        default=None, description="the challenger's cost of backing down after a public threat"
    )
    target_belief: Probability | None = Field(
        default=None,
        description="the target's belief that force follows a refusal (default: the resolve the courses of action imply)",
    )
    removal_cost: Cost | None = Field(
        default=None, description="the leader's cost of being captured, killed or driven out, beyond losing office"
    )
    exile: list[ExileOption] = Field(default_factory=list, description="where the leader could go, and how safely")
    insiders: dict[Id, Insider] = Field(default_factory=dict, description="armed forces and inner circle")


# ---------------------------------------------------------------------------- scenario
class Negotiation(Model):
    """Who bargains: the principal parties, in order, and the mediators."""

    parties: list[Id] = Field(min_length=2, description="the principal parties, in order")
    challenger: Id | None = Field(default=None, description="the party making the demand")
    target: Id | None = Field(default=None, description="the party the demand is made of")
    mediators: list[Id] = Field(default_factory=list, description="actors of kind mediator")
    deadline: dt.date | None = Field(default=None, description="the deadline of the demand")


class ScenarioSpec(Model):
    """A whole scenario file."""

    standoff: Literal[1] = Field(description="format version")
    id: Id = Field(description="the scenario's id (its bundled name)")
    title: Text = Field(description="a one-line title")
    as_of: dt.date = Field(description="the date the inputs describe")
    period: Literal["day", "week", "month"] = Field(default="week", description="time unit of costs")
    summary: Text | None = Field(default=None, description="the case in a paragraph, our words")
    sources: dict[Id, Source] = Field(default_factory=dict, description="where claims come from")
    actors: dict[Id, Actor] = Field(min_length=2, description="everyone who matters")
    issues: dict[Id, IssueSpec] = Field(min_length=1, description="what is being negotiated")
    negotiation: Negotiation = Field(description="who bargains, who mediates, the deadline")
    preferences: dict[Id, Preferences] = Field(description="what each actor wants")
    no_deal: dict[Id, NoDeal] = Field(default_factory=dict, description="what no deal means")
    instruments: dict[Id, Instrument] = Field(default_factory=dict, description="pressure")
    events: list[Event] = Field(default_factory=list, description="the dated event log")
    channels: list[Channel] = Field(default_factory=list, description="lines of communication")
    questions: list[Question] = Field(default_factory=list, description="forecast targets")
    coercion: Coercion | None = Field(
        default=None, description="courses of action, exile, insiders: inputs of the assessment's models"
    )


class HistoricalOutcome(Model):
    """What really happened in a historical case, kept apart from its as-of inputs.

    ``ending`` is the state at ``date`` (format v1's ``escalation`` is read as force that
    ended the standoff; give ``leader_out`` then); ``force_used`` and ``leader_out`` may
    be given explicitly and must agree with the ending.
    """

    scenario: Id = Field(description="id of the scenario it resolves")
    ending: Ending | Literal["escalation"] = Field(description="how the standoff ended")
    date: dt.date = Field(description="when")
    force_used: bool | None = Field(default=None, description="whether force was used by the date")
    leader_out: bool | None = Field(default=None, description="whether the target's leader had lost power by the date")
    debatable: Text | None = Field(default=None, description="where the coding of this outcome is debatable, and why")
    summary: Text = Field(description="what happened, in our own words")
    package: dict[Id, Id | float] | None = Field(default=None, description="the terms, if any")
    questions: dict[Id, bool] = Field(default_factory=dict, description="how each question resolved")
    sources: dict[Id, Source] = Field(default_factory=dict, description="where this comes from")
