"""XLSX: the allocation table as a working spreadsheet, read and written.

Reading (:mod:`._reader`) parses the workbook's XML itself (with lxml): it is several times faster
than loading the workbook with openpyxl, and it sees what openpyxl's fast read-only mode cannot, the
merged ranges.  :func:`document_from_xlsx` turns the workbook into a
:class:`~kepu_plan.grid.Document` with one :class:`~kepu_plan.grid.Grid` per candidate sheet; the
layout code makes the Plan.  What a reader sees in a cell:

- a merged range is one cell, its top-left cell's value spanning the range (values a program left
  in the covered cells are ignored);
- numbers and dates as the text a person sees (``1.0`` → ``1``; a date in the cell's date format,
  the built-in short date as ``2025/1/31``, as Chinese Excel shows it);
- a formula as its cached value; a formula without one is an error where the table needs the cell,
  never its source text;
- rich text as plain text, ``_xHHHH_`` escapes decoded, ``\\r\\n`` as ``\\n``.

Only what the table needs is decoded: the header is looked for in the first rows of each sheet
before the cells of the rest are turned into text.

Writing (:func:`render_xlsx`, :mod:`._writer`) writes the workbook's XML directly, as the DOCX
writer does: a sheet ``分工表`` a department can print and work in, a sheet ``单位`` with each unit's
workload, and a sheet ``指标`` with every target and columns to fill in.  The two derived sheets are
rebuilt on every write and ignored by the reader.  Every text is stored as a string, never as a
formula or an error value, and a text that a spreadsheet program would take for one carries the
quote prefix, so that editing the cell later keeps it text.  The same plan gives the same bytes.
"""

from __future__ import annotations

from typing import Final

from kepu_plan.formats.xlsx._reader import document_from_xlsx, read
from kepu_plan.formats.xlsx._sheets import DERIVED_SHEETS, STATUSES, TABLE_SHEET, TARGETS_SHEET, UNITS_SHEET
from kepu_plan.formats.xlsx._writer import render_xlsx, write

__all__ = [
    "DERIVED_SHEETS",
    "NAME",
    "STATUSES",
    "SUFFIXES",
    "TABLE_SHEET",
    "TARGETS_SHEET",
    "UNITS_SHEET",
    "document_from_xlsx",
    "read",
    "render_xlsx",
    "write",
]

NAME: Final = "xlsx"
SUFFIXES: Final = (".xlsx", ".xlsm")
