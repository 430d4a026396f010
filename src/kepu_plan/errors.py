"""Every error kepu_plan raises on purpose.

One base class, :class:`KepuPlanError`; each subclass also inherits the matching builtin, so
``except ValueError`` keeps working for callers who do not know this library.  Read errors carry a
:class:`Location` naming the file and the position in it, counted from 1 as a person counts.
"""

from __future__ import annotations

import attrs

__all__ = [
    "InvalidPlan",
    "KepuPlanError",
    "LayoutError",
    "LimitExceeded",
    "Location",
    "ReadError",
    "UnsupportedFormat",
    "WriteError",
]


class KepuPlanError(Exception):
    """Base class of every error raised by kepu_plan."""


class InvalidPlan(KepuPlanError, ValueError):
    """A model rule is broken.

    ``path`` names the place in the plan (``actions[2].tasks[0].duties[3].units[1]``) and
    ``reason`` says what is wrong there.
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}" if path else reason)

    def within(self, prefix: str) -> InvalidPlan:
        """The same error seen from the object that holds this one (``prefix`` is its field)."""
        if not self.path:
            path = prefix
        elif self.path.startswith("["):
            path = prefix + self.path
        else:
            path = f"{prefix}.{self.path}"
        return InvalidPlan(path, self.reason)


@attrs.frozen(kw_only=True)
class Location:
    """Where in a file something was found: any of table, row, column, sheet, cell, JSON path."""

    file: str | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None
    path: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file is not None:
            parts.append(self.file)
        where: list[str] = []
        if self.sheet is not None and self.cell is not None:
            where.append(f"{self.sheet}!{self.cell}")
        elif self.sheet is not None:
            where.append(f"sheet {self.sheet!r}")
        if self.table is not None:
            where.append(f"table {self.table}")
        if self.row is not None and self.cell is None:
            where.append(f"row {self.row}")
        if self.column is not None and self.cell is None:
            where.append(f"column {self.column}")
        if self.path is not None:
            where.append(self.path)
        if where:
            parts.append(", ".join(where))
        return ": ".join(parts)


class ReadError(KepuPlanError, ValueError):
    """A file cannot be read as a plan.  ``location`` says where, ``reason`` what, ``hint`` how to fix."""

    def __init__(self, reason: str, location: Location | None = None, hint: str | None = None) -> None:
        self.reason = reason
        self.location = location if location is not None else Location()
        self.hint = hint
        where = str(self.location)
        message = f"{where}: {reason}" if where else reason
        if hint:
            message = f"{message} ({hint})"
        super().__init__(message)


class LimitExceeded(ReadError):
    """A file goes beyond one of the reading limits (``kp.Limits``): damaged, padded or hostile.

    The hint names the option that raises the limit (``max_rows=`` …) for a file that is trusted.
    """


class LayoutError(ReadError):
    """A table was found but its layout (header, columns, rows) is not one kepu_plan understands."""


class UnsupportedFormat(KepuPlanError, NotImplementedError):
    """No format is registered for a name or file suffix."""


class WriteError(KepuPlanError, OSError):
    """A plan cannot be written; the target file is left as it was."""
