"""The facade: ``read(source)`` and ``write(plan, target)`` pick the format and handle files."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any, BinaryIO

from kepu_plan import formats
from kepu_plan._atomic import atomic_target
from kepu_plan.errors import KepuPlanError, Location, ReadError, WriteError
from kepu_plan.model import Plan

__all__ = ["read", "read_docx", "read_json", "read_xlsx", "write", "write_docx", "write_json", "write_xlsx"]

Source = str | os.PathLike[str] | BinaryIO
"""A path, or a binary file object open for reading (or writing, for a target)."""


def _name_of(stream: object) -> str | None:
    name = getattr(stream, "name", None)
    return name if isinstance(name, str) else None


def read(source: Source, format: str | None = None, **options: Any) -> Plan:
    """Read a plan from a path or binary stream; the format comes from ``format`` or the suffix.

    Options are passed to the format's reader (for XLSX, ``sheet=``).  Every failure raises a
    :class:`~kepu_plan.errors.KepuPlanError`.
    """
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        name = formats.format_for(path, format)
        module = formats.load(name)
        try:
            stream = path.open("rb")
        except FileNotFoundError:
            raise ReadError("no such file", Location(file=str(path))) from None
        except IsADirectoryError:
            raise ReadError("is a folder, not a file", Location(file=str(path))) from None
        except OSError as error:
            raise ReadError(f"cannot open: {error.strerror}", Location(file=str(path))) from None
        with stream:
            plan: Plan = module.read(stream, name=str(path), **options)
            return plan
    stream_name = _name_of(source)
    name = formats.format_for(stream_name, format)
    result: Plan = formats.load(name).read(source, name=stream_name or "<stream>", **options)
    return result


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
            raise WriteError(f"{path}: cannot write: {error.strerror or error}") from None
        return
    name = formats.format_for(_name_of(target), format)
    formats.load(name).write(plan, target, **options)


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
