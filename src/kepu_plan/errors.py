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
import functools
import os

import attrs

from kepu_plan._i18n import N_, Text, printable, render

__all__ = [
    "FileMissing",
    "InvalidPlan",
    "KepuPlanError",
    "LayoutError",
    "LedgerMismatch",
    "LimitExceeded",
    "Location",
    "OptionError",
    "ReadError",
    "UnitNotFound",
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
        super().__init__(Text(N_("{where}: {reason}"), where=path, reason=reason) if path else reason)

    def __str__(self) -> str:
        """The message in the reader's language: the path in the plan, then the reason."""
        return render(self.args[0])

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

    def text(self) -> str:
        """Where, as a message (a :class:`~kepu_plan._i18n.Text`): ``plan.docx: table 1, row 3, column 2``
        in English, ``plan.docx：表1第3行第2列`` in Chinese; ``""`` when nothing is known."""
        where: list[str] = []
        if self.sheet is not None and self.cell is not None:
            where.append(f"{self.sheet}!{self.cell}")  # as a spreadsheet writes it, in every language
        elif self.sheet is not None:
            where.append(Text(N_("sheet '{sheet}'"), sheet=self.sheet))
        if self.table is not None:
            where.append(Text(N_("table {table}"), table=self.table))
        if self.row is not None and self.cell is None:
            where.append(Text(N_("row {row}"), row=self.row))
        if self.column is not None and self.cell is None:
            where.append(Text(N_("column {column}"), column=self.column))
        if self.path is not None:
            where.append(self.path)
        if not where:
            return self.file or ""
        joined = functools.reduce(lambda first, then: Text(N_("{first}, {then}"), first=first, then=then), where)
        return joined if self.file is None else Text(N_("{file}: {where}"), file=self.file, where=joined)

    def __str__(self) -> str:
        """Where, in the reader's language."""
        return render(self.text())


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
        super().__init__(self._text())

    def _text(self, *, translated: bool = True) -> str:
        """The message: a :class:`~kepu_plan._i18n.Text` (its English words) when it has a location or hint.

        Without ``translated``, the position and the reason are kept in English words (a reason not
        yet in the catalogs), and only the hint around them may be translated.
        """
        where = self.location.text() if translated else str.__str__(self.location.text())
        if not where:
            message = self.reason
        elif translated:
            message = Text(N_("{where}: {reason}"), where=where, reason=self.reason)
        else:
            message = f"{where}: {self.reason}"
        return Text(N_("{message} ({hint})"), message=message, hint=self.hint) if self.hint else message

    def __str__(self) -> str:
        """The message in the reader's language.

        A reason given as a plain string (not yet in the catalogs) is English, and so is the position
        before it: a message never mixes the languages within its sentence.
        """
        if isinstance(self.reason, Text):  # words from the catalogs
            return render(self._text())
        if isinstance(self.hint, Text):
            return render(self._text(translated=False))
        return printable(str.__str__(self._text()))


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

    The hint names the limit to raise (``limits=kp.Limits(max_rows=…)``) for a file that is trusted.
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


class OptionError(KepuPlanError, ValueError):
    """An option passed to a kepu_plan function has a value it cannot take (a column role that
    does not exist, a negative limit, an empty sheet name).

    A misspelt option *name* is a :class:`TypeError` at the call, as for any Python function;
    this is the error for a well-named option with a wrong value.

    >>> error = OptionError(Text(N_("unknown column role '{role}'; the roles are {roles}"), role="内容", roles="…"))
    >>> isinstance(error, ValueError), error.code
    (True, 'option')
    """

    code: str = "option"

    def __str__(self) -> str:
        """The message in the reader's language."""
        return render(self.args[0]) if len(self.args) == 1 and isinstance(self.args[0], str) else super().__str__()


class UnitNotFound(KepuPlanError, LookupError):
    """A unit asked for is not in the plan (or not in the directory).

    >>> error = UnitNotFound(Text(N_("no unit named {names} in this plan"), names="县科协"))
    >>> isinstance(error, LookupError), error.code
    (True, 'unit-not-found')
    """

    code: str = "unit-not-found"

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

        >>> error = WriteError.at("/dev/null", "is not a regular file", "give a file's path")
        >>> str(error).startswith("/dev/null"), error.filename, error.code
        (True, '/dev/null', 'write')
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
        message = Text(N_("{where}: {reason}"), where=self.filename, reason=Text(self._reason))
        if self._hint:
            return render(Text(N_("{message} ({hint})"), message=message, hint=Text(self._hint)))
        return render(message)
