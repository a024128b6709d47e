"""Direction tests: an input whose meaning implies a sign moves the answer that way.

Each test changes one input of a small leader-exit scenario and checks the *sign* of the
change of the headline (``standoff.assess.headline``) that the input's meaning implies --
more pressure on the target never makes it less likely to give in, a wider guarantee
never makes exit less likely, removing the mediator never makes a deal more likely, and
so on. The draws and inner samples are the same on both sides (one seed, common random
numbers), so a difference is the input's effect, not noise; ``TOL`` allows for the
Monte Carlo error of the few draws that do change.
"""

from __future__ import annotations

import pytest

from standoff.assess import headline
from standoff.results.assessment import Headline
from standoff.scenario import Scenario

TOL = 0.01

CASE = """
standoff: 1
id: direction
title: A small demand that a leader leave
as_of: 2030-01-01
actors:
  big: {name: Big State, kind: state, capability: 9, assumption: test}
  ruler: {name: The Ruler, kind: leader, capability: 2, assumption: test}
  army: {name: The Army, kind: armed_forces, capability: 2, assumption: test}
  broker: {name: Broker, kind: mediator, capability: 1, assumption: test}
  haven: {name: Haven, kind: state, capability: 1, assumption: test}
issues:
  exit: {name: Exit, options: [now, later, never], status_quo: never}
  passage: {name: Safe passage, options: [none, family, broad], status_quo: none}
  amnesty: {name: Amnesty, options: [none, personal], status_quo: none}
negotiation: {parties: [big, ruler], challenger: big, target: ruler, mediators: [broker], deadline: 2030-01-22}
preferences:
  big:
    assumption: test
    issues:
      exit: {salience: 60, values: {now: 1.0, later: 0.6, never: 0.0}}
      passage: {salience: 15, values: {none: 1.0, family: 0.8, broad: 0.3}}
      amnesty: {salience: 25, values: {none: 1.0, personal: 0.3}}
    red_lines:
      - {issue: amnesty, options: [personal], p_hold: P_HOLD_BIG}
  ruler:
    assumption: test
    issues:
      exit: {salience: 50, values: {now: 0.0, later: 0.4, never: 1.0}}
      passage: {salience: 25, values: {none: 0.0, family: FAMILY, broad: 1.0}}
      amnesty: {salience: 25, values: {none: 0.0, personal: 1.0}}
    red_lines:
      - {issue: amnesty, options: [none], p_hold: 0.6}
  army:
    assumption: test
    issues:
      exit: {salience: 30, values: {now: 0.3, later: 0.5, never: 1.0}}
      passage: {salience: 40, values: {none: 0.0, family: 0.1, broad: 1.0}}
      amnesty: {salience: 30, values: {none: 0.0, personal: 0.2}}
no_deal:
  big: {against: [ruler], conflict_cost: {dist: uniform, low: 0.05, high: 0.15}, horizon: 20, discount: 0.98,
        assumption: test}
  ruler: {against: [big], p_prevail: {dist: uniform, low: 0.2, high: 0.6}, conflict_cost: 0.2, horizon: 20,
          discount: 0.97, assumption: test}
instruments:
  sanctions:
    {name: Sanctions, kind: sanction, imposer: big, target: ruler, status: in_force,
     cost_to_target: SANCTION_COST, cost_to_imposer: 0.002, assumption: test}
  warrant:
    {name: Arrest warrant, kind: indictment, imposer: big, target: ruler, status: in_force,
     cost_to_target: 0.001, cost_to_imposer: 0.0, residual_cost: WARRANT,
     lifted_by: [{issue: amnesty, options: [personal]}], assumption: test}
events:
  - {id: demand, date: 2030-01-01, actor: big, target: ruler, via: [broker], category: THREATEN,
     summary: "Leave now with safe passage for the family, or face force.",
     package: {exit: now, passage: family, amnesty: none}, deadline: 2030-01-22, assumption: test}
  - {id: talks, date: 2030-02-15, actor: big, target: ruler, category: CONSULT, summary: A possible summit.,
     confirmed: false, probability: SUMMIT, fate: pending, assumption: test}
channels:
  - {between: [big, ruler], status: CHANNEL, via: [broker], assumption: test}
questions:
  - {id: out, text: The ruler leaves without force by 1 May 2030., by: 2030-05-01, yes_if: [deal, capitulation]}
coercion:
  leader: ruler
  reference_class: leader_exit
  horizon: 2030-05-01
  exit: {issue: exit, stays: [never]}
  audience_cost: {value: AUDIENCE, assumption: test}
  removal_cost: {value: 0.4, assumption: test}
  exile: [{host: haven, p_guarantee_holds: {value: GUARANTEE, assumption: test}}]
  insiders:
    army: {loyalty: {value: LOYALTY, assumption: test}, protected_by: [{issue: passage, options: [broad]}]}
  courses_of_action:
    pressure: {name: Keep up the pressure, kind: pressure, cost: 0.0, p_success: 0.1, periods: 1, assumption: test}
    raid: {name: A raid to seize the ruler, kind: raid, cost: {value: RAID_COST, assumption: test},
           p_success: {value: RAID_SUCCESS, assumption: test}, periods: 2, assumption: test}
    strikes: {name: Limited strikes, kind: limited_strikes, cost: 0.04, p_success: 0.2, periods: 1,
              assumption: test}
"""

BASE = {"P_HOLD_BIG": "0.7", "FAMILY": "0.4", "SANCTION_COST": "0.01", "WARRANT": "0.2", "SUMMIT": "0.3",
        "CHANNEL": "mediated", "AUDIENCE": "0.05", "GUARANTEE": "0.7", "LOYALTY": "0.9", "RAID_COST": "0.12",
        "RAID_SUCCESS": "0.4"}


def answer(**changes: str) -> Headline:
    text = CASE
    for key, value in {**BASE, **changes}.items():
        text = text.replace(key, value)
    h = headline(Scenario.from_text(text), draws=600, seed=5, details=False)
    assert isinstance(h, Headline)
    return h


def leaves(h: Headline) -> float:
    """P(the leader leaves without force): a deal or giving in."""
    return h.endings["deal"].model + h.endings["capitulation"].model


def out(h: Headline) -> float:
    """P(the leader is out of power), whichever way."""
    return leaves(h) + h.endings["forced_removal"].model


@pytest.fixture(scope="module")
def base() -> Headline:
    return answer()


def test_more_pressure_on_the_target_never_makes_it_less_likely_to_give_in(base: Headline) -> None:
    assert leaves(answer(SANCTION_COST="0.05")) >= leaves(base) - TOL


def test_a_wider_guarantee_never_makes_exit_less_likely(base: Headline) -> None:
    assert leaves(answer(FAMILY="0.9")) >= leaves(base) - TOL
    assert leaves(answer(GUARANTEE="0.95")) >= leaves(base) - TOL


def test_removing_the_direct_channel_never_makes_a_deal_more_likely(base: Headline) -> None:
    opened = answer(CHANNEL="open")
    assert opened.endings["deal"].model >= base.endings["deal"].model - TOL


def test_a_likelier_summit_never_makes_a_deal_less_likely(base: Headline) -> None:
    assert answer(SUMMIT="0.9").endings["deal"].model >= base.endings["deal"].model - TOL


def test_a_softer_red_line_never_makes_a_deal_less_likely(base: Headline) -> None:
    assert answer(P_HOLD_BIG="0.2").endings["deal"].model >= base.endings["deal"].model - TOL


def test_a_cheaper_surer_raid_never_makes_the_leader_likelier_to_stay(base: Headline) -> None:
    """A credible threat works through the target's choice (Schelling 1966): it never
    makes giving in less likely, nor the leader likelier to stay -- though it may make
    force itself less likely, by making it unnecessary."""
    h = answer(RAID_COST="0.03", RAID_SUCCESS="0.8")
    assert leaves(h) >= leaves(base) - TOL
    assert out(h) >= out(base) - TOL


def test_a_higher_audience_cost_never_makes_backing_down_more_likely(base: Headline) -> None:
    assert answer(AUDIENCE="0.3").endings["backdown"].model <= base.endings["backdown"].model + TOL


def test_a_less_loyal_army_never_makes_the_leader_likelier_to_stay(base: Headline) -> None:
    assert out(answer(LOYALTY="0.5")) >= out(base) - TOL


def test_legal_exposure_never_makes_leaving_by_agreement_more_likely(base: Headline) -> None:
    """The justice dilemma (Krcmaric 2020): exposure that follows the leader out of office
    lowers the value of exile, so it never raises the chance the leader leaves without
    force -- the sign is the literature's, stated in the docs, not hidden."""
    assert leaves(answer(WARRANT="0.5")) <= leaves(base) + TOL


def test_every_direction_is_a_real_change_somewhere(base: Headline) -> None:
    """The inputs above are not inert: each moves some ending by more than the tolerance."""
    moved = {k: v for k, v in {"SANCTION_COST": "0.05", "FAMILY": "0.9", "RAID_SUCCESS": "0.8", "LOYALTY": "0.5",
                               "P_HOLD_BIG": "0.2", "WARRANT": "0.5"}.items()}
    for key, value in moved.items():
        h = answer(**{key: value})
        change = max(abs(h.endings[e].model - base.endings[e].model) for e in base.endings)
        assert change > TOL, f"{key} changes nothing"
