"""DOCX: read a Word table into a :class:`~kepu_plan.grid.Document`, and write one as a county publishes it.

Reading parses ``word/document.xml`` once with lxml and walks every table in a single pass over
``w:tr`` / ``w:tc`` (``w:gridSpan``, ``w:vMerge``, ``w:gridBefore``), never through python-docx's
``row.cells`` or ``table.cell()``, which are quadratic under merges.  Writing builds the whole
package itself (no template, no current time), so the same plan always gives the same bytes.

The two halves can be used and tested apart from the layout code, one module each:

* ``package``: the ZIP package, its main part and its limits;
* ``reading``: :func:`document_from_docx` turns a DOCX stream into a Document (the paragraphs and
  grids);
* ``style``: :class:`DocxStyle`, fonts, column widths;
* ``writing``: :func:`render_docx` writes a Document as a DOCX package in the style a
  :class:`DocxStyle` gives.
"""

from __future__ import annotations

from typing import Any, BinaryIO, Final

from kepu_plan._gc import collector_paused
from kepu_plan._limits import Limits, interpreted
from kepu_plan.formats.docx.reading import document_from_docx
from kepu_plan.formats.docx.style import DocxStyle
from kepu_plan.formats.docx.writing import render_docx
from kepu_plan.model import Plan

__all__ = ["NAME", "SUFFIXES", "DocxStyle", "document_from_docx", "read", "render_docx", "write"]

NAME: Final = "docx"
SUFFIXES: Final = (".docx",)


def read(stream: BinaryIO, *, name: str | None = None, limits: Limits | None = None, **options: Any) -> Plan:
    """Read the allocation table of a DOCX stream (``options`` go to the layout, e.g. ``columns=``;
    ``limits`` or ``max_…`` keywords bound what is accepted, see :class:`~kepu_plan._limits.Limits`)."""
    from kepu_plan.layout import plan_from_document

    limits = Limits.take(limits, options)
    with collector_paused():  # the document and the plan: tens of thousands of objects, no cycles
        document = document_from_docx(stream, name, limits=limits)
        return interpreted(lambda: plan_from_document(document, **options), name, options)


def write(
    plan: Plan, stream: BinaryIO, *, style: DocxStyle | None = None, mark_targets: bool = False, **options: Any
) -> None:
    """Write a plan as a DOCX table laid out for publishing (``style`` a :class:`DocxStyle`).

    With ``mark_targets`` the quantified targets in each content (每年培训…60名以上) are set in
    bold; the document still reads back as the same plan.
    """
    if options:
        raise TypeError(f"write_docx() got unexpected options: {', '.join(sorted(options))}")
    from kepu_plan.layout import document_from_plan

    render_docx(document_from_plan(plan, mark_targets=mark_targets), stream, style)
