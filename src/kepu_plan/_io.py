"""The facade: ``read(source)`` and ``write(plan, target)`` pick the format and handle files."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from kepu_plan import _pipeline, formats
from kepu_plan._atomic import TEMP_SUFFIX, atomic_target
from kepu_plan._i18n import N_, Text
from kepu_plan._limits import CONVERT_TIMEOUT, Limits, read_bounded, seekable
from kepu_plan.errors import FileMissing, KepuPlanError, Location, ReadError, UnsupportedFormat, WriteError
from kepu_plan.model import Plan

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from openpyxl import Workbook

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
    convert: bool = False,
    convert_timeout: float = CONVERT_TIMEOUT,
    limits: Limits | None = None,
    **options: Any,
) -> Plan:
    """Read a plan from a path or binary stream; the format comes from ``format``, the content or the suffix.

    Without ``format``, a file is read by what it holds, not by its name: a DOCX saved as ``.doc``
    is read as DOCX.  A file in an old or foreign format (``.doc``, ``.wps``, ``.xls``, ``.et``, RTF,
    an HTML page saved as ``.doc``, OpenDocument) raises a :class:`~kepu_plan.errors.ReadError`
    saying what it is and how to convert it; with ``convert=True`` it is converted with LibreOffice
    (when installed; at most ``convert_timeout`` seconds) and the result is read.

    ``limits`` (a :class:`~kepu_plan._limits.Limits`) or single ``max_…`` keywords (``max_bytes=``,
    ``max_rows=`` …) bound what a reader accepts.  Other options go to the format's reader (for
    XLSX, ``sheet=``; ``columns=``, ``diagnostics=``, ``strict=``).  Every failure the file can
    cause raises a :class:`~kepu_plan.errors.KepuPlanError`.

    A DOCX or XLSX table is read row by row: a row that cannot be read (units but no content, no
    action or task above it, a unit cell naming no possible unit) is reported as a warning in
    ``diagnostics`` and its text kept in the plan's notes (``未读入（表1第5行）：…``), and a duty
    naming no unit is read with ``units=()`` and a warning.  With ``strict=True`` the first warning
    raises a :class:`~kepu_plan.errors.LayoutError` at its position instead.  A file without a
    recognisable table raises either way.

    ``source`` may also be a python-docx ``Document`` or an openpyxl ``Workbook``: it is read as
    the file it would be saved as (see ``kepu_plan.formats.objects``).
    """
    held = _held(source, format, "read")
    if held is not None:
        from kepu_plan.formats.objects import saved

        return read(saved(source), held, convert=convert, convert_timeout=convert_timeout, limits=limits, **options)
    limits = Limits.take(limits, options)
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
                limits=limits,
                options=options,
                path=path,
            )
    stream_name = _name_of(source)
    name = formats.format_for(stream_name, format)
    return _read_stream(
        cast(BinaryIO, source),  # a stream: _held let through nothing else
        stream_name or "<stream>",
        name,
        explicit=format is not None,
        convert=convert,
        timeout=convert_timeout,
        limits=limits,
        options=options,
        path=None,
    )


def _read_stream(
    stream: BinaryIO,
    file: str,
    name: str | None,
    *,
    explicit: bool,
    convert: bool,
    timeout: float,
    limits: Limits,
    options: dict[str, Any],
    path: Path | None,
) -> Plan:
    """Read an open stream: sniff its content unless the format was given, convert if asked."""
    from kepu_plan._sniff import Kind, foreign_error, sniff_stream

    where = Location(file=file)
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

            data = read_bounded(stream, limits.max_bytes, where)
            converted = _convert.convert(data, kind, where, timeout=timeout, limit=limits.max_bytes)
            result: Plan = _pipeline.read_plan(kind.target, io.BytesIO(converted), name=file, limits=limits, **options)
            return result
        elif name is None and kind.known:
            raise foreign_error(kind, None, where)
    if name is None:  # an unknown suffix (only a path gets here without a format name)
        name = formats.format_for(path if path is not None else file)  # raises UnsupportedFormat
    plan: Plan = _pipeline.read_plan(name, stream, name=file, limits=limits, **options)
    return plan


def write(plan: Plan, target: Source | DocxDocument | Workbook, format: str | None = None, **options: Any) -> None:
    """Write a plan to a path or binary stream; the format comes from ``format`` or the suffix.

    A path is replaced atomically: the plan is written to a temporary file beside it that replaces
    it only when complete, so on any error the old file is untouched and nothing partial is left.

    ``target`` may also be a python-docx ``Document`` (the plan is appended in a new landscape
    section) or an openpyxl ``Workbook`` (the plan's sheets are added; ``replace=True`` replaces
    sheets of the same names): see ``kepu_plan.formats.objects``.
    """
    if not isinstance(plan, Plan):
        raise TypeError(f"write() needs a Plan, not {type(plan).__name__}")
    held = _held(target, format, "write")
    if held is not None:
        _pipeline.write_object(held, plan, target, **options)
        return
    if isinstance(target, str | os.PathLike):
        path = Path(target)
        name = formats.format_for(path, format)
        # Render fully in memory first: a writer error then never even creates the temporary file.
        buffer = io.BytesIO()
        _pipeline.write_plan(name, plan, buffer, **options)
        try:
            with atomic_target(path) as stream:
                stream.write(buffer.getbuffer())
        except KepuPlanError:
            raise
        except OSError as error:
            raise _write_error(path, error) from None
        return
    name = formats.format_for(_name_of(target), format)
    try:
        _pipeline.write_plan(name, plan, cast(BinaryIO, target), **options)  # a stream: _held let through nothing else
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


def read_json(source: Source) -> Plan:
    """Read a plan from its JSON form (see :func:`kepu_plan.to_json`)."""
    return read(source, format="json")


def write_json(plan: Plan, target: Source) -> None:
    """Write a plan in its JSON form."""
    write(plan, target, format="json")


def read_docx(source: Source | DocxDocument, **options: Any) -> Plan:
    """Read the allocation table of a DOCX file, or of a python-docx ``Document`` (as saved);
    ``strict=True``: refuse it at the first warning, see :func:`read`."""
    return read(source, format="docx", **options)


def write_docx(plan: Plan, target: Source | DocxDocument, **options: Any) -> None:
    """Write a plan as a DOCX table laid out for publishing (``style=`` a :class:`DocxStyle`).

    Given a python-docx ``Document``, the label, title and table are appended to it in a new
    section with the page of the style (A4 landscape by default).
    """
    write(plan, target, format="docx", **options)


def read_xlsx(source: Source | Workbook, **options: Any) -> Plan:
    """Read the allocation table of an XLSX workbook, or of an openpyxl ``Workbook`` (``sheet=``
    names the sheet; ``strict=True``: refuse it at the first warning, see :func:`read`)."""
    return read(source, format="xlsx", **options)


def write_xlsx(plan: Plan, target: Source | Workbook, **options: Any) -> None:
    """Write a plan as an XLSX workbook a department can print and work in.

    Given an openpyxl ``Workbook``, the plan's sheets are added after its own; a sheet of the same
    name is refused with a :class:`~kepu_plan.errors.WriteError` unless ``replace=True``.
    """
    write(plan, target, format="xlsx", **options)


def read_pdf(source: Source, **options: Any) -> Plan:
    """Read the ruled allocation table of a text PDF (needs ``pip install "kepu-plan[pdf]"``).

    Options are those of :func:`read` (``columns=``, ``diagnostics=``, ``max_pages=`` …); each
    judgement made in recovering the cells (lines joined, page breaks) goes to ``diagnostics``.
    """
    return read(source, format="pdf", **options)
