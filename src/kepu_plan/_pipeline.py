"""The one place that composes a format with the layout code, in one direction each way.

Reading: a format turns bytes into a :class:`~kepu_plan.grid.Document` (DOCX and PDF: the tables
and the paragraphs around them; XLSX: the candidate sheets, offered lazily), and the layout code
(:mod:`kepu_plan.layout`) turns the Document into a Plan.  Writing: the layout code lays the Plan
out as a Document (for XLSX with the derived sheets 单位 and 指标 after the table), and the format
renders it into bytes.  JSON is a codec of the model and needs no layout.

No format module imports the layout code, and the layout code imports no format: this module is
where they meet, and :mod:`kepu_plan._io` (the public ``read``/``write``) calls it.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO

from kepu_plan import formats
from kepu_plan._gc import collector_paused
from kepu_plan._i18n import N_, Text
from kepu_plan._limits import Limits, interpreted
from kepu_plan.diagnostics import Diagnostic
from kepu_plan.errors import UnsupportedFormat
from kepu_plan.grid import Document
from kepu_plan.model import Layout, Plan

if TYPE_CHECKING:
    from kepu_plan.formats.docx import DocxStyle

__all__ = ["read_plan", "write_object", "write_plan"]


def read_plan(
    format: str,
    stream: BinaryIO,
    *,
    name: str | None,
    limits: Limits,
    columns: Mapping[str | int, str] | None = None,
    diagnostics: list[Diagnostic] | None = None,
    strict: bool = False,
    sheet: str | None = None,
) -> Plan:
    """The plan in ``stream``, a file of ``format`` (``docx``, ``xlsx``, ``pdf`` or ``json``).

    ``name`` is the file name for messages, ``limits`` bound what is accepted; ``columns``,
    ``diagnostics`` and ``strict`` go to :func:`kepu_plan.layout.plan_from_document`; ``sheet``
    names the sheet of a workbook that holds the table.  Every failure the file can cause is a
    :class:`~kepu_plan.errors.KepuPlanError`.
    """
    if sheet is not None and format != "xlsx":
        raise TypeError(f"sheet= names a sheet of a workbook (xlsx), not of a {format} file")
    if format == "json":
        from kepu_plan.formats import json

        if columns is not None:
            raise TypeError("the JSON reader takes no options, got columns")
        return json.read(stream, name=name, diagnostics=diagnostics, strict=strict, limits=limits)
    from kepu_plan import layout as layout_code  # JSON needs no layout code: loaded when a table is read

    with collector_paused():
        document = _document(format, stream, name, limits, diagnostics, sheet)
        return interpreted(
            lambda: layout_code.plan_from_document(document, columns=columns, diagnostics=diagnostics, strict=strict),
            name,
        )


def _document(
    format: str,
    stream: BinaryIO,
    name: str | None,
    limits: Limits,
    diagnostics: list[Diagnostic] | None,
    sheet: str | None,
) -> Document:
    """What the format reads from ``stream``, for the layout code."""
    from kepu_plan import layout as layout_code

    if format == "docx":
        from kepu_plan.formats.docx import document_from_docx

        return document_from_docx(stream, name, limits=limits)
    if format == "xlsx":
        from kepu_plan.formats.xlsx import sheets_from_xlsx

        return sheets_from_xlsx(
            stream, name, sheet, limits=limits, skip=layout_code.DERIVED_SHEETS, diagnostics=diagnostics
        )
    if format == "pdf":
        from kepu_plan.formats.pdf import document_from_pdf

        return document_from_pdf(stream, name, limits=limits, diagnostics=diagnostics)
    formats.format_for(None, format)  # raises UnsupportedFormat naming the formats
    raise UnsupportedFormat(format)


def write_plan(
    format: str,
    plan: Plan,
    stream: BinaryIO,
    *,
    mark_targets: bool = False,
    style: DocxStyle | None = None,
    layout: Layout | None = None,
) -> None:
    """Write ``plan`` to ``stream`` as ``format`` (``docx``, ``xlsx`` or ``json``).

    ``layout`` lays the table out (default: the plan's own layout, else Shenmu's); with
    ``mark_targets`` the quantified targets in each content are set in bold; ``style`` (a
    :class:`~kepu_plan.formats.docx.DocxStyle`) is for DOCX only.
    """
    if format == "json":
        given = [
            option for option, value in (("mark_targets", mark_targets), ("style", style), ("layout", layout)) if value
        ]
        if given:
            raise TypeError(f"the JSON writer takes no options, got {', '.join(given)}")
        from kepu_plan.formats import json

        json.write(plan, stream)
        return
    if format == "pdf":
        raise UnsupportedFormat(
            Text(
                N_(
                    "kepu_plan reads PDF but does not write it: write the plan as .docx and convert that to PDF "
                    "(soffice --headless --convert-to pdf 分工表.docx, or save as PDF in Word or WPS)"
                )
            )
        )
    if format == "xlsx" and style is not None:
        raise TypeError("the XLSX writer takes no options but mark_targets and layout, got style")
    if format not in ("docx", "xlsx"):
        formats.format_for(None, format)  # raises UnsupportedFormat naming the formats
        raise UnsupportedFormat(format)
    from kepu_plan import layout as layout_code

    document = layout_code.document_from_plan(plan, layout, mark_targets=mark_targets)
    if format == "docx":
        from kepu_plan.formats.docx import render_docx

        render_docx(document, stream, style)
    else:
        from kepu_plan.formats.xlsx import render_xlsx

        render_xlsx(layout_code.with_derived_sheets(document, plan), stream)


def write_object(
    format: str,
    plan: Plan,
    target: Any,
    *,
    mark_targets: bool = False,
    style: DocxStyle | None = None,
    layout: Layout | None = None,
    replace: bool = False,
) -> None:
    """Add ``plan`` to an object the user holds: a python-docx ``Document`` (``format`` docx: the
    table appended in a new section) or an openpyxl ``Workbook`` (xlsx: the plan's sheets added;
    ``replace`` replaces sheets of the same names).  See :mod:`kepu_plan.formats.objects`."""
    from kepu_plan.formats import objects

    buffer = io.BytesIO()
    if format == "docx":
        if replace:
            raise TypeError("replace= is for an openpyxl Workbook, not a python-docx Document")
        objects.check_held(target, "docx")
        write_plan("docx", plan, buffer, mark_targets=mark_targets, style=style, layout=layout)
        objects.append_to_document(buffer.getvalue(), target)
    else:
        objects.check_held(target, "xlsx")
        write_plan("xlsx", plan, buffer, mark_targets=mark_targets, style=style, layout=layout)
        objects.add_sheets(buffer.getvalue(), target, replace=replace)
