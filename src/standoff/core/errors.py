"""User-facing errors.

A :class:`UserError` is a mistake the user can fix (a bad file, an unknown id, a value
out of range). The command line prints it without a traceback and exits with status 2.
Anything else is a bug in standoff and is allowed to surface as one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can.

    ``path`` is the chain of keys and list indices from the document root to the
    offending value (``("events", 3, "actor")``); ``line`` and ``column`` are 1-based.
    """

    message: str
    hint: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: tuple[str | int, ...] = ()

    @property
    def dotted_path(self) -> str:
        out = ""
        for part in self.path:
            if isinstance(part, int):
                out += f"[{part}]"
            else:
                out += ("." if out else "") + str(part)
        return out

    def format(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        key = f"{self.dotted_path}: " if self.path else ""
        text = f"{where}{key}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.dotted_path,
            "message": self.message,
            "hint": self.hint,
        }


class UserError(Exception):
    """An error in the user's input: printed without traceback, exit status 2."""

    def __init__(self, message: str, *, hint: str = "", problems: Sequence[Problem] = ()):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.problems: tuple[Problem, ...] = tuple(problems)

    def format(self) -> str:
        lines = [self.message + (f" ({self.hint})" if self.hint else "")]
        lines.extend("  " + p.format() for p in self.problems)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format()


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A "did you mean ..." hint for a misspelt ``word``, or a list of valid choices."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    if not options:
        return "nothing is defined here yet"
    shown = ", ".join(repr(o) for o in options[:12])
    more = f" and {len(options) - 12} more" if len(options) > 12 else ""
    return f"expected one of {shown}{more}"


def unknown_key_hint(key: str, allowed: Iterable[str]) -> str:
    """Hint for an unknown key; spots text split by a comma inside ``{...}``."""
    if " " in key.strip():
        return (
            "this looks like part of a text: inside {...} a comma separates keys,"
            " so put the text in quotes"
        )
    return did_you_mean(key, allowed)


@dataclass
class ProblemList:
    """Collects problems while validating, so that all of them are reported at once."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, path: Sequence[str | int], message: str, hint: str = "") -> None:
        self.problems.append(Problem(message=message, hint=hint, path=tuple(path)))

    def __bool__(self) -> bool:
        return bool(self.problems)
