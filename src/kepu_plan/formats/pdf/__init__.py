"""PDF: read the ruled allocation table of a text PDF (as Word, WPS and LibreOffice export it).

PDF is a read-only format: a county's table is most often found as the PDF attachment of a notice,
and a neighbour's table is adapted from it (``kp.adapt``); plans are written as DOCX or XLSX.

Reading goes page by page with pdfplumber (over pdfminer.six, an optional extra:
``pip install "kepu-plan[pdf]"``).  Its ruling-line table finder gives each page's cells as boxes
(``_pages``); the boxes of a table's parts become one grid (``_grid``) and each box's glyphs its
text (``_text``).  The result is the same :class:`~kepu_plan.grid.Document` of cells with spans
that the DOCX and XLSX readers produce, and the layout code reads the plan from it (composed by
:mod:`kepu_plan._pipeline`):

* the boxes of one page become rows and columns at their distinct edges, a box over several of
  them a merged cell; the parts of one table on successive pages become one grid, the header rows
  a page repeats are dropped, an empty cell at a page top continues the merged cell above it, and
  a row split by a page break is joined again;
* a cell's text is recovered from its glyphs line by line: a line that ends short of the cell's
  right edge (the next line's first word would have fitted) ends a paragraph, one that runs to the
  edge wraps and is joined (without a space between Chinese characters, with one between Latin
  words); a gap between glyphs is a space only between Latin letters or digits, the wider spacing
  Word and LibreOffice set between Chinese and Latin text is not;
* the lines above the table (label and title) and below it (notes) are read as the DOCX reader
  reads paragraphs; page numbers are not text of the table.

Each judgement is reported as a :class:`~kepu_plan.diagnostics.Diagnostic`.  A scanned PDF (pages
that are pictures), a PDF without a ruled table, an encrypted, damaged or hostile PDF raises a
:class:`~kepu_plan.errors.ReadError` saying so.
"""

from __future__ import annotations

from typing import BinaryIO, Final

from kepu_plan._i18n import N_, Text
from kepu_plan._limits import DEFAULT as DEFAULT_LIMITS
from kepu_plan._limits import Limits, read_bounded, unexpected
from kepu_plan.diagnostics import Diagnostic
from kepu_plan.errors import KepuPlanError, Location
from kepu_plan.formats import SUFFIXES as _SUFFIXES
from kepu_plan.formats.pdf._grid import _Builder
from kepu_plan.formats.pdf._pages import _open, _pdfplumber, _read_pages
from kepu_plan.grid import Document

__all__ = ["NAME", "SUFFIXES", "document_from_pdf"]

NAME: Final = "pdf"
SUFFIXES: Final = _SUFFIXES[NAME]


def document_from_pdf(
    stream: BinaryIO,
    name: str | None = None,
    *,
    limits: Limits | None = None,
    diagnostics: list[Diagnostic] | None = None,
) -> Document:
    """Read a PDF stream into a :class:`~kepu_plan.grid.Document`: the lines above the table, its
    cells with their spans (one grid for a table over many pages), and the lines below.

    ``diagnostics`` receives each judgement made in recovering the cells and their text.  Every
    failure is a :class:`~kepu_plan.errors.KepuPlanError`; without pdfplumber installed, an
    :class:`~kepu_plan.errors.UnsupportedFormat` names the extra to install.
    """
    limits = DEFAULT_LIMITS if limits is None else limits
    where = Location(file=name)
    _pdfplumber()
    data = read_bounded(stream, limits.max_bytes, where)
    try:
        pdf = _open(data, name, limits)
        with pdf:
            pages = list(_read_pages(pdf, name, limits))
            return _Builder(name, limits, diagnostics).document(pages)
    except KepuPlanError:
        raise
    except Exception as error:  # the boundary: no pdfminer error gets out bare
        raise unexpected(error, Text(N_("cannot read the PDF")), where) from error
