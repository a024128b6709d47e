"""All the words: each section of a brief, written from the assessment's numbers.

Engines return numbers, endings and codes; these modules turn them into sentences, one
module per part of the assessment. :func:`sections` gives a brief's sections in
reading order.
"""

from __future__ import annotations

from collections.abc import Callable

from standoff.presenters.sections.bargain import bargain_section
from standoff.presenters.sections.case import case_section
from standoff.presenters.sections.crisis import crisis_section
from standoff.presenters.sections.forecast import forecast_section
from standoff.presenters.sections.headline import headline_section
from standoff.presenters.sections.simulate import simulate_section
from standoff.results.assessment import Assessment
from standoff.results.brief import BriefSection
from standoff.scenario.case import Case

Builder = Callable[[Assessment, Case], BriefSection]

#: The sections of a brief, in reading order.
BUILDERS: tuple[Builder, ...] = (headline_section, case_section, bargain_section, crisis_section, simulate_section,
                                 forecast_section)


def sections(assessment: Assessment, case: Case) -> list[BriefSection]:
    """Every section of the brief (``case``: the case over the assessment's draws, for
    names, labels and the ranges of the inputs it quotes)."""
    return [build(assessment, case) for build in BUILDERS]
