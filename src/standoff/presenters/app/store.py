"""The scenarios the app holds: the one it was started with and those uploaded since,
each by a token, with the compiled pieces a live update reuses.

Only a bounded number of uploads is kept (the oldest is forgotten first); an update
naming a forgotten token gets a clear message, never a stack trace.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from standoff.core.errors import UserError
from standoff.presenters.app.controls import Control, controls
from standoff.presenters.app.edits import without_red_lines
from standoff.scenario import Scenario
from standoff.scenario.loader import decode, read_text, resolve_source

#: Largest scenario file the app accepts as an upload, in bytes (1 MiB; real scenarios
#: are a few tens of KB).
MAX_UPLOAD_BYTES = 1024 * 1024
#: Uploaded scenarios kept at once.
MAX_HELD = 16


@dataclass
class Entry:
    """One scenario the app holds: its text, its name as shown, the validated scenario,
    its controls, and its variants without some red lines (compiled once each)."""

    token: str
    text: str
    shown: str
    scenario: Scenario
    controls: list[Control]
    variants: OrderedDict[frozenset[str], Scenario] = field(default_factory=OrderedDict)

    def without(self, dropped: frozenset[str]) -> Scenario:
        """The scenario with the given red lines removed (cached)."""
        if not dropped:
            return self.scenario
        got = self.variants.get(dropped)
        if got is None:
            got = without_red_lines(self.scenario, dropped)
            self.variants[dropped] = got
            while len(self.variants) > 32:
                self.variants.popitem(last=False)
        else:
            self.variants.move_to_end(dropped)
        return got


class Store:
    """Scenarios by token: the starting one (never forgotten) and recent uploads."""

    def __init__(self, source: str | Path):
        path = resolve_source(source)
        text = read_text(path)
        shown = str(source)
        scn = Scenario.from_text(text, shown=shown, path=path)
        self.default = Entry("start", text, shown, scn, controls(scn))
        self._uploads: OrderedDict[str, Entry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, token: str) -> Entry:
        if token == self.default.token:
            return self.default
        with self._lock:
            entry = self._uploads.get(token)
            if entry is not None:
                self._uploads.move_to_end(token)
                return entry
        raise UserError("this scenario is no longer held by the app", hint="open the file again")

    def upload(self, data: bytes, filename: str) -> Entry:
        """Validate an uploaded file and keep it; errors name line and column."""
        shown = Path(filename or "upload.yaml").name or "upload.yaml"
        if len(data) > MAX_UPLOAD_BYTES:
            raise UserError(too_big(len(data)))
        text = decode(data, shown)
        scn = Scenario.from_text(text, shown=shown)
        entry = Entry(secrets.token_urlsafe(12), text, shown, scn, controls(scn))
        with self._lock:
            self._uploads[entry.token] = entry
            while len(self._uploads) > MAX_HELD:
                self._uploads.popitem(last=False)
        return entry


def too_big(size: int | None) -> str:
    got = f"is {size / 1024:.0f} KiB, " if size is not None else "is "
    return f"the file {got}above the {MAX_UPLOAD_BYTES // 1024} KiB limit for uploads; a scenario is a few tens of KB"
