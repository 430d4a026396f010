"""The facade: ``read(source)`` and ``write(plan, target)`` pick the format and handle files."""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, cast

import attrs

from kepu_plan import _pipeline, formats
from kepu_plan._atomic import TEMP_SUFFIX, atomic_target
from kepu_plan._i18n import N_, Text
from kepu_plan._limits import CONVERT_TIMEOUT, read_bounded, seekable
from kepu_plan._options import check_reading, check_writing, reading_format, writing_format
from kepu_plan.errors import FileMissing, KepuPlanError, Location, ReadError, UnsupportedFormat, WriteError
from kepu_plan.limits import Limits
from kepu_plan.model import Plan

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from openpyxl import Workbook

    from kepu_plan.diagnostics import Diagnostic
    from kepu_plan.formats.docx import DocxStyle

__all__ = [
    "read",
    "read_docx",
    "read_json",
    "read_pdf",
    "read_xlsx",
    "write",
    "write_docx",
    "write_json",
    "write_xlsx",
]

Source = str | os.PathLike[str] | BinaryIO
"""A path, or a binary file object open for reading (or writing, for a target)."""


#: What each format reads from and writes to, for the TypeError of a wrong object.
_ACCEPTED = {
    None: "a path, a binary stream, a python-docx Document or an openpyxl Workbook",
    "docx": "a path, a binary stream or a python-docx Document",
    "xlsx": "a path, a binary stream or an openpyxl Workbook",
    "json": "a path or a binary stream",
}


def _held(value: object, format: str | None, stream_method: str) -> str | None:
    """``"docx"``/``"xlsx"`` for a python-docx Document or an openpyxl Workbook that ``format``
    allows, ``None`` for a path or a stream; anything else is a TypeError.  A path or a stream
    never imports python-docx or openpyxl (nor the module that handles their objects)."""
    if isinstance(value, str | os.PathLike) or hasattr(value, stream_method):
        return None
    from kepu_plan.formats.objects import held_format

    held = held_format(value)
    wanted = None if format is None else formats.format_for(None, format)
    if held is None or wanted not in (None, held):
        raise TypeError(f"expected {_ACCEPTED.get(wanted, _ACCEPTED[None])}, not {type(value).__name__}")
    return held


def _name_of(stream: object) -> str | None:
    name = getattr(stream, "name", None)
    return name if isinstance(name, str) else None


def read(
    source: Source | DocxDocument | Workbook,
    format: str | None = None,
    *,
    columns: Mapping[str | int, str] | None = None,
    sheet: str | None = None,
    diagnostics: list[Diagnostic] | None = None,
    strict: bool = False,
    limits: Limits | None = None,
    convert: bool = False,
    convert_timeout: float = CONVERT_TIMEOUT,
) -> Plan:
    """Read a plan from a path or binary stream; the format comes from ``format``, the content or the suffix.

    Without ``format``, a file is read by what it holds, not by its name: a DOCX saved as ``.doc``
    is read as DOCX.  A file in an old or foreign format (``.doc``, ``.wps``, ``.xls``, ``.et``, RTF,
    an HTML page saved as ``.doc``, OpenDocument) raises a :class:`~kepu_plan.errors.ReadError`
    saying what it is and how to convert it; with ``convert=True`` it is converted with LibreOffice
    (when installed; at most ``convert_timeout`` seconds) and the result is read.

    ``columns`` maps header texts (or 1-based column numbers) to roles (``action``, ``task``,
    ``content``, ``units``, ``leads``, ``partners``, ``deadline``, ``number``, ``extra``) for a
    table whose headers are not recognised (DOCX, XLSX, PDF).  ``sheet`` names the sheet of an
    XLSX workbook (else the first sheet with a recognisable header).  ``diagnostics``, a list,
    receives every interpretation the reader made.  ``limits`` (a :class:`~kepu_plan.Limits`)
    bounds what a reader accepts.

    A DOCX or XLSX table is read row by row: a row that cannot be read (units but no content, no
    action or task above it, a unit cell naming no possible unit) is reported as a warning in
    ``diagnostics`` and its text kept in the plan's notes (``未读入（表1第5行）：…``), and a duty
    naming no unit is read with ``units=()`` and a warning.  With ``strict=True`` the first warning
    raises a :class:`~kepu_plan.errors.LayoutError` at its position instead.  A file without a
    recognisable table raises either way.

    An option with a value it cannot take (an unknown column role, a ``sheet`` that is not a
    name, a ``limits`` that is not a :class:`~kepu_plan.Limits`), or one that does not apply to
    the format (``sheet`` for a DOCX, ``columns`` for JSON), raises an
    :class:`~kepu_plan.errors.OptionError` before the file is read; a misspelt option is a
    :class:`TypeError`.  Every failure the file can cause raises a
    :class:`~kepu_plan.errors.KepuPlanError`.

    ``source`` may also be a python-docx ``Document`` or an openpyxl ``Workbook``: it is read as
    the file it would be saved as (see ``kepu_plan.formats.objects``).
    """
    limits = check_reading(
        columns=columns,
        sheet=sheet,
        diagnostics=diagnostics,
        strict=strict,
        limits=limits,
        convert=convert,
        convert_timeout=convert_timeout,
    )
    options = _ReadOptions(columns=columns, sheet=sheet, diagnostics=diagnostics, strict=strict, limits=limits)
    held = _held(source, format, "read")
    if held is not None:
        from kepu_plan.formats.objects import saved

        reading_format(held, columns=columns, sheet=sheet)  # before the object is saved
        copy = saved(source)
        return options.read(held, copy, _name_of(copy) or "<stream>")
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if format is None and path.name.endswith(TEMP_SUFFIX):
            raise ReadError(
                Text(N_("a temporary file left by an interrupted write, not a table")),
                Location(file=str(path)),
                Text(N_("read the file it was meant to replace; this one can be deleted")),
            )
        try:
            name: str | None = formats.format_for(path, format)
        except UnsupportedFormat:
            if format is not None:
                raise
            name = None  # an unknown suffix: the content may still say what the file is
        if format is not None and name is not None:
            reading_format(name, columns=columns, sheet=sheet)  # before the file is opened
        try:
            stream = path.open("rb")
        except FileNotFoundError:
            if name is None:
                formats.format_for(path)  # raises UnsupportedFormat naming the suffix
            raise FileMissing(path) from None
        except IsADirectoryError:
            raise ReadError(
                Text(N_("is a folder, not a file")),
                Location(file=str(path)),
                Text(N_("give the path of the table file in it")),
            ) from None
        except OSError as error:
            raise ReadError(
                Text(N_("cannot open: {reason}"), reason=error.strerror),
                Location(file=str(path)),
                Text(N_("check that you may read the file")),
            ) from None
        with stream:
            return _read_stream(
                stream,
                str(path),
                name,
                explicit=format is not None,
                convert=convert,
                timeout=convert_timeout,
                options=options,
                path=path,
            )
    stream_name = _name_of(source)
    name = formats.format_for(stream_name, format)
    if format is not None:
        reading_format(name, columns=columns, sheet=sheet)
    return _read_stream(
        cast(BinaryIO, source),  # a stream: _held let through nothing else
        stream_name or "<stream>",
        name,
        explicit=format is not None,
        convert=convert,
        timeout=convert_timeout,
        options=options,
        path=None,
    )


@attrs.frozen(kw_only=True)
class _ReadOptions:
    """The checked reading options, from :func:`read` to the format's reader."""

    columns: Mapping[str | int, str] | None
    sheet: str | None
    diagnostics: list[Diagnostic] | None
    strict: bool
    limits: Limits

    def read(self, format: str, stream: BinaryIO, name: str) -> Plan:
        """The plan in ``stream``, a file of ``format`` named ``name`` in messages."""
        reading_format(format, columns=self.columns, sheet=self.sheet)
        return _pipeline.read_plan(
            format,
            stream,
            name=name,
            limits=self.limits,
            columns=self.columns,
            diagnostics=self.diagnostics,
            strict=self.strict,
            sheet=self.sheet,
        )


def _read_stream(
    stream: BinaryIO,
    file: str,
    name: str | None,
    *,
    explicit: bool,
    convert: bool,
    timeout: float,
    options: _ReadOptions,
    path: Path | None,
) -> Plan:
    """Read an open stream: sniff its content unless the format was given, convert if asked."""
    from kepu_plan._sniff import Kind, foreign_error, sniff_stream

    where = Location(file=file)
    limits = options.limits
    kind: Kind | None = None
    if not explicit or convert:
        stream = seekable(stream, limits.max_bytes, where)
        try:
            kind = sniff_stream(stream, file)
        except (OSError, ValueError):
            kind = None  # the reader will say what is wrong
    if kind is not None:
        if kind.reads_as is not None:
            if not explicit:
                name = kind.reads_as  # the content wins over the suffix (a DOCX saved as .doc)
        elif convert and kind.target is not None:
            from kepu_plan import _convert

            reading_format(kind.target, columns=options.columns, sheet=options.sheet)  # before converting
            data = read_bounded(stream, limits.max_bytes, where)
            converted = _convert.convert(data, kind, where, timeout=timeout, limit=limits.max_bytes)
            return options.read(kind.target, io.BytesIO(converted), file)
        elif name is None and kind.known:
            raise foreign_error(kind, None, where)
    if name is None:  # an unknown suffix (only a path gets here without a format name)
        name = formats.format_for(path if path is not None else file)  # raises UnsupportedFormat
    return options.read(name, stream, file)


def write(
    plan: Plan,
    target: Source | DocxDocument | Workbook,
    format: str | None = None,
    *,
    mark_targets: bool = False,
    style: DocxStyle | None = None,
    replace: bool = False,
) -> None:
    """Write a plan to a path or binary stream; the format comes from ``format`` or the suffix.

    A path is replaced atomically: the plan is written to a temporary file beside it that replaces
    it only when complete, so on any error the old file is untouched and nothing partial is left.

    With ``mark_targets`` the quantified targets in each content (每年培训…60名以上) are set in
    bold (DOCX, XLSX); the file still reads back as the same plan.  ``style`` (a
    :class:`~kepu_plan.DocxStyle`) sets out a DOCX document: page, margins, fonts and sizes.

    ``target`` may also be a python-docx ``Document`` (the plan is appended in a new landscape
    section) or an openpyxl ``Workbook`` (the plan's sheets are added; ``replace=True`` replaces
    sheets of the same names): see ``kepu_plan.formats.objects``.

    An option with a value it cannot take, or one that does not apply to the format (``style``
    for an XLSX, ``replace`` for a path), raises an :class:`~kepu_plan.errors.OptionError` before
    anything is written.
    """
    if not isinstance(plan, Plan):
        raise TypeError(f"write() needs a Plan, not {type(plan).__name__}")
    check_writing(mark_targets=mark_targets, style=style, replace=replace)
    held = _held(target, format, "write")
    if held is not None:
        writing_format(held, mark_targets=mark_targets, style=style, replace=replace, workbook=held == "xlsx")
        _pipeline.write_object(held, plan, target, mark_targets=mark_targets, style=style, replace=replace)
        return
    if isinstance(target, str | os.PathLike):
        path = Path(target)
        name = formats.format_for(path, format)
        writing_format(name, mark_targets=mark_targets, style=style, replace=replace)
        # Render fully in memory first: a writer error then never even creates the temporary file.
        buffer = io.BytesIO()
        _pipeline.write_plan(name, plan, buffer, mark_targets=mark_targets, style=style)
        try:
            with atomic_target(path) as stream:
                stream.write(buffer.getbuffer())
        except KepuPlanError:
            raise
        except OSError as error:
            raise _write_error(path, error) from None
        return
    name = formats.format_for(_name_of(target), format)
    writing_format(name, mark_targets=mark_targets, style=style, replace=replace)
    try:
        _pipeline.write_plan(name, plan, cast(BinaryIO, target), mark_targets=mark_targets, style=style)
    except KepuPlanError:
        raise
    except OSError as error:  # the caller's stream failed (full disk, closed pipe)
        where = _name_of(target) or "<stream>"
        raise WriteError(
            Text(N_("{path}: cannot write: {reason}"), path=where, reason=error.strerror or error)
        ) from error


def _write_error(path: Path, error: OSError) -> WriteError:
    """What went wrong writing ``path``, said so that a person knows what to do."""
    if isinstance(error, FileNotFoundError | NotADirectoryError) and not path.parent.is_dir():
        reason = (
            N_("the folder {folder} does not exist") if not path.parent.exists() else N_("{folder} is not a folder")
        )
        return WriteError(
            Text(N_("{path}: cannot write: {reason}"), path=str(path), reason=Text(reason, folder=str(path.parent)))
        )
    return WriteError(
        Text(
            N_("{path}: cannot write: {reason}; any old file is left as it was"),
            path=str(path),
            reason=error.strerror or str(error),
        )
    )


def read_json(source: Source, *, limits: Limits | None = None) -> Plan:
    """Read a plan from its JSON form (see :func:`kepu_plan.to_json`); ``limits.max_bytes`` bounds its size."""
    return read(source, format="json", limits=limits)


def write_json(plan: Plan, target: Source) -> None:
    """Write a plan in its JSON form."""
    write(plan, target, format="json")


def read_docx(
    source: Source | DocxDocument,
    *,
    columns: Mapping[str | int, str] | None = None,
    diagnostics: list[Diagnostic] | None = None,
    strict: bool = False,
    limits: Limits | None = None,
    convert: bool = False,
    convert_timeout: float = CONVERT_TIMEOUT,
) -> Plan:
    """Read the allocation table of a DOCX file, or of a python-docx ``Document`` (as saved).

    The options are those of :func:`read`; ``convert=True`` converts an old ``.doc`` (or WPS,
    RTF, OpenDocument) file with LibreOffice first.
    """
    return read(
        source,
        format="docx",
        columns=columns,
        diagnostics=diagnostics,
        strict=strict,
        limits=limits,
        convert=convert,
        convert_timeout=convert_timeout,
    )


def write_docx(
    plan: Plan, target: Source | DocxDocument, *, style: DocxStyle | None = None, mark_targets: bool = False
) -> None:
    """Write a plan as a DOCX table laid out for publishing (``style=`` a :class:`~kepu_plan.DocxStyle`;
    ``mark_targets=True`` sets the quantified targets in bold).

    Given a python-docx ``Document``, the label, title and table are appended to it in a new
    section with the page of the style (A4 landscape by default).
    """
    write(plan, target, format="docx", style=style, mark_targets=mark_targets)


def read_xlsx(
    source: Source | Workbook,
    *,
    sheet: str | None = None,
    columns: Mapping[str | int, str] | None = None,
    diagnostics: list[Diagnostic] | None = None,
    strict: bool = False,
    limits: Limits | None = None,
    convert: bool = False,
    convert_timeout: float = CONVERT_TIMEOUT,
) -> Plan:
    """Read the allocation table of an XLSX workbook, or of an openpyxl ``Workbook`` (as saved).

    ``sheet`` names the sheet (else the first sheet with a recognisable header); the other options
    are those of :func:`read` (``convert=True`` converts an old ``.xls`` or ``.et`` file with
    LibreOffice first).
    """
    return read(
        source,
        format="xlsx",
        sheet=sheet,
        columns=columns,
        diagnostics=diagnostics,
        strict=strict,
        limits=limits,
        convert=convert,
        convert_timeout=convert_timeout,
    )


def write_xlsx(plan: Plan, target: Source | Workbook, *, mark_targets: bool = False, replace: bool = False) -> None:
    """Write a plan as an XLSX workbook a department can print and work in (``mark_targets=True``
    sets the quantified targets in bold).

    Given an openpyxl ``Workbook``, the plan's sheets are added after its own; a sheet of the same
    name is refused with a :class:`~kepu_plan.errors.WriteError` unless ``replace=True``.
    """
    write(plan, target, format="xlsx", mark_targets=mark_targets, replace=replace)


def read_pdf(
    source: Source,
    *,
    columns: Mapping[str | int, str] | None = None,
    diagnostics: list[Diagnostic] | None = None,
    strict: bool = False,
    limits: Limits | None = None,
) -> Plan:
    """Read the ruled allocation table of a text PDF (needs ``pip install "kepu-plan[pdf]"``).

    The options are those of :func:`read` (``limits.max_pages`` bounds the pages); each judgement
    made in recovering the cells (lines joined, page breaks) goes to ``diagnostics``.
    """
    return read(source, format="pdf", columns=columns, diagnostics=diagnostics, strict=strict, limits=limits)
