"""What the plan's unit views need of a unit directory (单位名录), as a protocol.

:class:`kepu_plan.units.UnitDirectory` is the directory kepu_plan loads from a CSV or JSON file; the
model knows it only by what it offers, so that the model imports nothing above it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from kepu_plan.model._unit import Unit

__all__ = ["DirectoryEntryLike", "DirectoryLike"]


class DirectoryEntryLike(Protocol):
    """One unit of a directory: the short name the tables write, and every name it is known by."""

    @property
    def name(self) -> str: ...

    @property
    def names(self) -> tuple[str, ...]: ...


class DirectoryLike(Protocol):
    """A unit directory as the model uses it: its entries, lookups by any name, collectives' members."""

    def __iter__(self) -> Iterator[DirectoryEntryLike]: ...

    def get(self, unit: Unit | str) -> DirectoryEntryLike | None:
        """The entry known by this name (short name, alias or full name), or None."""

    def resolve(self, unit: Unit | str) -> str | None:
        """The short name the directory uses for this unit, or None when it is unknown."""

    def members(self, collective: Unit | str) -> tuple[str, ...] | None:
        """The short names of the units that belong to ``collective``, or None when no entry says."""
