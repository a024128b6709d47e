"""Typed, JSON-serialisable results.

Every engine's answer is a :class:`Result` (a frozen pydantic model). ``to_json`` gives the
stable, documented machine-readable form printed by ``--json``; the same inputs and seed
give byte-identical JSON. Results hold numbers, names and codes; the words a reader sees
are written from them by :mod:`standoff.presenters.sections`.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from standoff.core.estimate import Estimate

#: The version of the layout of every ``--json`` output, printed first in each as
#: ``"schema_version"``. The major number changes when a field is renamed, removed or
#: changes meaning; the minor when a field is added. ``standoff schema --output COMMAND``
#: prints a command's JSON Schema, generated from these types.
SCHEMA_VERSION = "1.0"


class Result(BaseModel):
    """Base class of engine results."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=False, extra="forbid")

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_json(self, *, indent: int | None = 2) -> str:
        return dumps(self.to_dict(), indent=indent)

    def to_output(self) -> dict[str, Any]:
        """The result as a command prints it with ``--json``: ``schema_version`` first."""
        return {"schema_version": SCHEMA_VERSION, **self.to_dict()}


class Note(Result):
    """Something a reader should know about a result, as a code with its data; the
    presenters phrase it (:mod:`standoff.presenters.sections.notes`)."""

    code: str
    data: dict[str, Any] = Field(default_factory=dict)


def dumps(data: Any, *, indent: int | None = 2) -> str:
    """Stable JSON text: keys in model order, NaN and infinity refused."""
    return json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)


__all__ = ["SCHEMA_VERSION", "Estimate", "Note", "Result", "dumps"]
