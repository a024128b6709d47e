"""User text on a terminal: the one place it is made safe to print.

Scenario titles, actor names, event summaries, table headers and file names are written by
users (or drafted from news) and may contain what a terminal or rich would act on: markup
such as ``[/foo]`` or ``[link=…]``, and control characters such as ``ESC[2J`` (clear the
screen), a bell, or the bidirectional overrides of "Trojan Source" (Boucher & Anderson 2021).

* :func:`markup` turns user text into rich markup that prints literally; every f-string that
  mixes our markup with user text uses it;
* :func:`plain` replaces control characters with U+FFFD; :class:`SafeConsole` applies it to
  every string it renders, so a string that reaches a table cell or a rule unescaped still
  cannot drive the terminal.
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.text import Text

#: C0 and C1 controls except tab and newline, DEL, line/paragraph separators and the
#: bidirectional embeddings, overrides and isolates.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"


def plain(text: object) -> str:
    """``text`` as a string with every control character replaced by U+FFFD."""
    return CONTROL.sub(REPLACEMENT, str(text))


def markup(text: object) -> str:
    """``text`` as rich markup that prints exactly as written (control characters replaced)."""
    return escape(plain(text))


def literal(text: object) -> Text:
    """``text`` as a rich :class:`~rich.text.Text` (for table cells): never parsed as markup."""
    return Text(plain(text))


class SafeConsole(Console):
    """A rich console that never lets a control character through a rendered string.

    Markup of our own (``[bold]``) still works; user text inside it must still go through
    :func:`markup`, or a ``[/foo]`` in a name would be read as a tag.
    """

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(plain(text), **kwargs)
