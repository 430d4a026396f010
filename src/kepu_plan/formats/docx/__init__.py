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

from typing import Final

from kepu_plan.formats import SUFFIXES as _SUFFIXES
from kepu_plan.formats.docx.reading import document_from_docx
from kepu_plan.formats.docx.style import DocxStyle
from kepu_plan.formats.docx.writing import render_docx

__all__ = ["NAME", "SUFFIXES", "DocxStyle", "document_from_docx", "render_docx"]

NAME: Final = "docx"
SUFFIXES: Final = _SUFFIXES[NAME]
