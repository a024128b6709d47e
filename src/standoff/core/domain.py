"""A negotiation domain read from elsewhere (a GENIUS folder): what the engines need of it.

The readers in :mod:`standoff.interop` return objects of this shape; the engines accept
anything that has it, so that they never import a reader.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from standoff.core.space import OutcomeSpace
from standoff.core.utility import Utility


class DomainLike(Protocol):
    """An outcome space with one utility (and reservation value) per named party."""

    @property
    def name(self) -> str: ...

    @property
    def space(self) -> OutcomeSpace: ...

    @property
    def utilities(self) -> Sequence[Utility]: ...

    @property
    def parties(self) -> Sequence[str]: ...

    @property
    def discounts(self) -> Sequence[float]: ...

    @property
    def notes(self) -> Sequence[str]: ...

    @property
    def reservations(self) -> Sequence[float]: ...
