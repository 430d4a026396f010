"""XLSX: the allocation table as a working spreadsheet, read and written.

Reading (:mod:`._reader`) parses the workbook's XML itself (with lxml): it is several times faster
than loading the workbook with openpyxl, and it sees what openpyxl's fast read-only mode cannot, the
merged ranges.  :func:`sheets_from_xlsx` offers the workbook's candidate sheets as
:class:`~kepu_plan.grid.Sheet` views in a :class:`~kepu_plan.grid.Document`: the layout code looks
at their first rows, asks for the sheet that holds the table whole and makes the Plan
(:func:`document_from_xlsx` shows every candidate sheet whole).  What a reader sees in a cell:

- a merged range is one cell, its top-left cell's value spanning the range (values a program left
  in the covered cells are ignored);
- numbers and dates as the text a person sees (``1.0`` → ``1``; a date in the cell's date format,
  the built-in short date as ``2025/1/31``, as Chinese Excel shows it);
- a formula as its cached value; a formula without one is an error where the table needs the cell,
  never its source text;
- rich text as plain text, ``_xHHHH_`` escapes decoded, ``\\r\\n`` as ``\\n``.

Only what the table needs is decoded: the header is looked for in the first rows of each sheet
before the cells of the rest are turned into text.  Sheets named in ``skip`` (the sheets kepu_plan
derives from the table, 单位 and 指标, as the pipeline passes them) are not offered.

Writing (:func:`render_xlsx`, :mod:`._writer`) writes the workbook's XML directly, as the DOCX
writer does: the Document's first grid as the table sheet a department can print and work in (the
layout names it ``分工表``), each further grid as a list sheet (the layout derives ``单位`` with
each unit's workload and ``指标`` with every target and columns to fill in).  Every text is stored
as a string, never as a formula or an error value, and a text that a spreadsheet program would take
for one carries the quote prefix, so that editing the cell later keeps it text.  The same Document
gives the same bytes.
"""

from __future__ import annotations

from typing import Final

from kepu_plan.formats import SUFFIXES as _SUFFIXES
from kepu_plan.formats.xlsx._reader import document_from_xlsx, sheets_from_xlsx
from kepu_plan.formats.xlsx._writer import render_xlsx

__all__ = ["NAME", "SUFFIXES", "document_from_xlsx", "render_xlsx", "sheets_from_xlsx"]

NAME: Final = "xlsx"
SUFFIXES: Final = _SUFFIXES[NAME]
