"""The facade: ``read(source)`` and ``write(plan, target)`` pick the format and handle files."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any, BinaryIO

from kepu_plan import formats
from kepu_plan._atomic import TEMP_SUFFIX, atomic_target
from kepu_plan._limits import CONVERT_TIMEOUT, Limits, read_bounded, seekable
from kepu_plan.errors import KepuPlanError, Location, ReadError, UnsupportedFormat, WriteError
from kepu_plan.model import Plan

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


def _name_of(stream: object) -> str | None:
    name = getattr(stream, "name", None)
    return name if isinstance(name, str) else None


def read(
    source: Source,
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
    XLSX, ``sheet=``; ``columns=``, ``diagnostics=``).  Every failure the file can cause raises a
    :class:`~kepu_plan.errors.KepuPlanError`.
    """
    limits = Limits.take(limits, options)
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if format is None and path.name.endswith(TEMP_SUFFIX):
            raise ReadError(
                "a temporary file left by an interrupted write, not a table",
                Location(file=str(path)),
                "read the file it was meant to replace; this one can be deleted",
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
            raise ReadError("no such file", Location(file=str(path))) from None
        except IsADirectoryError:
            raise ReadError(
                "is a folder, not a file", Location(file=str(path)), "give the path of the table file in it"
            ) from None
        except OSError as error:
            raise ReadError(
                f"cannot open: {error.strerror}", Location(file=str(path)), "check that you may read the file"
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
        source,
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
            result: Plan = formats.load(kind.target).read(io.BytesIO(converted), name=file, limits=limits, **options)
            return result
        elif name is None and kind.known:
            raise foreign_error(kind, None, where)
    if name is None:  # an unknown suffix (only a path gets here without a format name)
        name = formats.format_for(path if path is not None else file)  # raises UnsupportedFormat
    plan: Plan = formats.load(name).read(stream, name=file, limits=limits, **options)
    return plan


def write(plan: Plan, target: Source, format: str | None = None, **options: Any) -> None:
    """Write a plan to a path or binary stream; the format comes from ``format`` or the suffix.

    A path is replaced atomically: the plan is written to a temporary file beside it that replaces
    it only when complete, so on any error the old file is untouched and nothing partial is left.
    """
    if not isinstance(plan, Plan):
        raise TypeError(f"write() needs a Plan, not {type(plan).__name__}")
    if isinstance(target, str | os.PathLike):
        path = Path(target)
        name = formats.format_for(path, format)
        module = formats.load(name)
        # Render fully in memory first: a writer error then never even creates the temporary file.
        buffer = io.BytesIO()
        module.write(plan, buffer, **options)
        try:
            with atomic_target(path) as stream:
                stream.write(buffer.getbuffer())
        except KepuPlanError:
            raise
        except OSError as error:
            raise WriteError(
                f"{path}: cannot write: {error.strerror or error}; any old file is left as it was"
            ) from None
        return
    name = formats.format_for(_name_of(target), format)
    try:
        formats.load(name).write(plan, target, **options)
    except KepuPlanError:
        raise
    except OSError as error:  # the caller's stream failed (full disk, closed pipe)
        where = _name_of(target) or "<stream>"
        raise WriteError(f"{where}: cannot write: {error.strerror or error}") from error


def read_json(source: Source) -> Plan:
    """Read a plan from its JSON form (see :func:`kepu_plan.to_json`)."""
    return read(source, format="json")


def write_json(plan: Plan, target: Source) -> None:
    """Write a plan in its JSON form."""
    write(plan, target, format="json")


def read_docx(source: Source, **options: Any) -> Plan:
    """Read the allocation table of a DOCX file."""
    return read(source, format="docx", **options)


def write_docx(plan: Plan, target: Source, **options: Any) -> None:
    """Write a plan as a DOCX table laid out for publishing (``style=`` a :class:`DocxStyle`)."""
    write(plan, target, format="docx", **options)


def read_xlsx(source: Source, **options: Any) -> Plan:
    """Read the allocation table of an XLSX workbook (``sheet=`` names the sheet)."""
    return read(source, format="xlsx", **options)


def write_xlsx(plan: Plan, target: Source, **options: Any) -> None:
    """Write a plan as an XLSX workbook a department can print and work in."""
    write(plan, target, format="xlsx", **options)


def read_pdf(source: Source, **options: Any) -> Plan:
    """Read the ruled allocation table of a text PDF (needs ``pip install "kepu-plan[pdf]"``).

    Options are those of :func:`read` (``columns=``, ``diagnostics=``, ``max_pages=`` …); each
    judgement made in recovering the cells (lines joined, page breaks) goes to ``diagnostics``.
    """
    return read(source, format="pdf", **options)
