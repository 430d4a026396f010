"""Every error kepu_plan raises on purpose.

One base class, :class:`KepuPlanError`; each subclass also inherits the matching builtin, so
``except ValueError`` keeps working for callers who do not know this library.  Read errors carry a
:class:`Location` naming the file and the position in it, counted from 1 as a person counts.

Every error has a ``code``, stable across versions and languages, for programs to match on; its
words are for people.  A reason or hint given as a :class:`kepu_plan._i18n.Text` is shown in the
reader's language (Chinese by default, English under an ``en`` locale); a plain string is shown as
it is.
"""

from __future__ import annotations

import errno
import os

import attrs

from kepu_plan._i18n import N_, Text, render

__all__ = [
    "FileMissing",
    "InvalidPlan",
    "KepuPlanError",
    "LayoutError",
    "LedgerMismatch",
    "LimitExceeded",
    "Location",
    "ReadError",
    "UnsupportedFormat",
    "WriteError",
]


class KepuPlanError(Exception):
    """Base class of every error raised by kepu_plan.

    ``code`` names the kind of error for programs (``"file-missing"``, ``"read"`` …); it never changes
    with the language of the message.
    """

    code: str = "error"


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

    code: str = "read"

    def __init__(
        self, reason: str, location: Location | None = None, hint: str | None = None, *, code: str | None = None
    ) -> None:
        if code is not None:
            self.code = code  # a finer kind than the class's (``"no-header"``), for programs to match on
        self.reason = reason
        self.location = location if location is not None else Location()
        self.hint = hint
        super().__init__(self._message(reason, hint))

    def _message(self, reason: str, hint: str | None) -> str:
        where = str(self.location)
        message = f"{where}: {reason}" if where else reason
        return Text(N_("{message} ({hint})"), message=message, hint=hint) if hint else message

    def __str__(self) -> str:
        """The message in the reader's language."""
        where = str(self.location)
        reason = render(self.reason)
        message = f"{where}: {reason}" if where else reason
        if not self.hint:
            return message
        if isinstance(self.reason, Text) or isinstance(self.hint, Text):  # words from the catalogs
            return render(Text(N_("{message} ({hint})"), message=message, hint=render(self.hint)))
        return f"{message} ({self.hint})"  # a message not yet in the catalogs stays in its own words


class FileMissing(ReadError, FileNotFoundError):
    """The file to read does not exist; also a :class:`FileNotFoundError`, so that ``except OSError``
    keeps catching it.

    >>> error = FileMissing("plan.docx")
    >>> isinstance(error, FileNotFoundError), error.filename, error.code
    (True, 'plan.docx', 'file-missing')
    """

    code: str = "file-missing"

    def __init__(self, path: str | os.PathLike[str], hint: str | None = None) -> None:
        super().__init__(Text(N_("no such file")), Location(file=os.fspath(path)), hint)
        self.errno = errno.ENOENT
        self.strerror = os.strerror(errno.ENOENT)
        self.filename = os.fspath(path)


class LimitExceeded(ReadError):
    """A file goes beyond one of the reading limits (``kp.Limits``): damaged, padded or hostile.

    The hint names the option that raises the limit (``max_rows=`` …) for a file that is trusted.
    """

    code: str = "limit"


class LayoutError(ReadError):
    """A table was found but its layout (header, columns, rows) is not one kepu_plan understands."""

    code: str = "layout"


class LedgerMismatch(KepuPlanError, ValueError):
    """Ledgers given together belong to different plans (their fingerprints differ).

    >>> error = LedgerMismatch(Text(N_("these ledgers belong to different plans and cannot be combined: {ledgers}"),
    ...                             ledgers="2023年、2024年"))
    >>> isinstance(error, ValueError), error.code
    (True, 'ledger-mismatch')
    """

    code: str = "ledger-mismatch"

    def __str__(self) -> str:
        """The message in the reader's language."""
        return render(self.args[0]) if len(self.args) == 1 and isinstance(self.args[0], str) else super().__str__()


class UnsupportedFormat(KepuPlanError, NotImplementedError):
    """No format is registered for a name or file suffix."""

    code: str = "format"

    def __str__(self) -> str:
        """The message in the reader's language."""
        return render(self.args[0]) if len(self.args) == 1 and isinstance(self.args[0], str) else super().__str__()


class WriteError(KepuPlanError, OSError):
    """A plan cannot be written; the target file is left as it was."""

    code: str = "write"

    @classmethod
    def at(cls, path: str | os.PathLike[str], reason: str, hint: str | None = None) -> WriteError:
        """The error for ``path``: ``reason`` and ``hint`` are English catalog texts (templates without fields).

        >>> str(WriteError.at("/dev/null", "is not a regular file", "give a file's path")).startswith("/dev/null: ")
        True
        """
        error = cls(f"{os.fspath(path)}: {reason}" + (f" ({hint})" if hint else ""))
        error.filename = os.fspath(path)
        error._reason, error._hint = reason, hint
        return error

    _reason: str | None = None
    _hint: str | None = None

    def __str__(self) -> str:
        """The message in the reader's language."""
        if self._reason is None:
            return render(self.args[0]) if len(self.args) == 1 and isinstance(self.args[0], str) else super().__str__()
        message = f"{self.filename}: {render(Text(self._reason))}"
        if self._hint:
            return render(Text(N_("{message} ({hint})"), message=message, hint=render(Text(self._hint))))
        return message
