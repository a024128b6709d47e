"""The brief as one self-contained HTML page (``standoff brief --html FILE``).

:func:`build_page` (in :mod:`.page`) lays the assessment out in reading order -- the
headline, what would change it, what to watch, the case, the deal analysis, the annex,
sources and assumptions -- and :func:`render_html` writes it with the package's Jinja2
templates (autoescaping on) and Plotly.js inlined once from the installed plotly
package. The file opens offline: no CDN, no web fonts, no request of any kind.
Jinja2 is imported only when a page is rendered (the ``app`` extra).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from standoff.presenters.html.page import Page, build_page, lead
from standoff.presenters.html.render import asset, environment, file_csp, plotly_js
from standoff.results.assessment import Assessment
from standoff.results.brief import BriefSection
from standoff.scenario import Scenario

__all__ = ["Page", "brief_html", "build_page", "lead", "render_html", "write_brief_html"]


def render_html(page: Page) -> str:
    """The page as a self-contained HTML document."""
    from standoff import __version__

    scripts = [plotly_js(), asset("figures.js")]
    css = asset("brief.css")
    template = environment().get_template("brief.html.j2")
    from markupsafe import Markup

    return str(template.render(
        page=page, version=__version__, css=Markup(css), plotly_js=Markup(scripts[0]),
        figures_js=Markup(scripts[1]), csp=file_csp(scripts, [css]),
    ))


def brief_html(scn: Scenario, assessment: Assessment, sections: Sequence[BriefSection],
               overrides: Mapping[str, float] | None = None) -> str:
    """The HTML brief of an assessment (``sections``: the brief's, in reading order;
    ``overrides``: numbers fixed for this run, marked in the table of numbers)."""
    return render_html(build_page(scn, assessment, sections, overrides=overrides))


def write_brief_html(path: Path, scn: Scenario, assessment: Assessment, sections: Sequence[BriefSection],
                     overrides: Mapping[str, float] | None = None) -> int:
    """Write the HTML brief atomically; returns its size in bytes."""
    from standoff.presenters.files import write_atomic

    data = brief_html(scn, assessment, sections, overrides).encode("utf-8")
    write_atomic(path, data)
    return len(data)
