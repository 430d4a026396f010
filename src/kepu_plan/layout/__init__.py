"""What an allocation table's layout means, in one place for every format.

:func:`plan_from_document` turns the grids a reader found into a Plan: it finds the header row by
its texts, gives each column a role, follows vertical merges, page-top repeats and section rows,
strips numbering, parses lead marks and splits unit lists, records each interpretation as a
:class:`~kepu_plan.diagnostics.Diagnostic`, and remembers the table's :class:`~kepu_plan.model.Layout`
so that the plan is written back the same way.  :func:`document_from_plan` lays a Plan out as a grid
for the writers, in the plan's layout (the Shenmu layout by default).

Normalisations a reader makes (documented and tested):

- leading and trailing whitespace of a cell is dropped (the model allows none);
- the lines of a name cell (action, task) are joined without a separator, as are title lines;
- numbering before action and task names (一、 （一） 1. 1、 (1) ①) is not part of the name;
- an action whose name ends in neither 行动 nor 工程 gets ``ActionKind.ACTION``;
- an empty action or task cell continues the one above, like a vertically merged cell;
- where a table separates lead units from the others (a lead column beside a partner column, or
  ``A牵头，B配合``), ``Duty.units`` lists the leads first (:func:`normalise_for`);
- a unit cell's own words (``等部门``, ``A牵头，B配合``, ``牵头单位：…；责任单位：…``, its separators)
  are not part of any name: they are kept in ``Duty.wording`` and written back (:func:`parse_units`);
- a row that cannot be read is a warning and its text a note of the plan (``未读入（表1第5行）：…``),
  unless ``strict`` (:func:`plan_from_document`).

The package, along its seams: the header vocabulary (``_headers``), cell texts (``_cells``:
numbering, action cells, unit cells), finding the table (``_detection``: the header row, the sheet
that holds the table, the detected layout), reading (``_reader``, ``_rows``, ``_duties``, ``_reading``),
writing (``_writing``; the derived sheets in ``_derived``) and the named layouts (``_presets``).
Format modules never import it: :mod:`kepu_plan._pipeline` hands it what a format read and gives
a format what it lays out.
"""

from __future__ import annotations

from kepu_plan._grammar.cells import format_numbering, strip_numbering
from kepu_plan.layout._cells import format_action_cell, parse_action_cell, parse_units
from kepu_plan.layout._derived import (
    DERIVED_SHEETS,
    STATUSES,
    TABLE_SHEET,
    TARGETS_SHEET,
    UNITS_SHEET,
    targets_rows,
    units_rows,
    with_derived_sheets,
)
from kepu_plan.layout._headers import _LABEL as _LABEL  # for kepu_plan.testing
from kepu_plan.layout._headers import HEADERS, KNOWN_HEADERS
from kepu_plan.layout._presets import SHENMU
from kepu_plan.layout._reading import plan_from_document
from kepu_plan.layout._writing import _columns_for as _columns_for  # for tests
from kepu_plan.layout._writing import document_from_plan, normalise_for, target_spans

__all__ = [
    "DERIVED_SHEETS",
    "HEADERS",
    "KNOWN_HEADERS",
    "SHENMU",
    "STATUSES",
    "TABLE_SHEET",
    "TARGETS_SHEET",
    "UNITS_SHEET",
    "document_from_plan",
    "format_action_cell",
    "format_numbering",
    "normalise_for",
    "parse_action_cell",
    "parse_units",
    "plan_from_document",
    "strip_numbering",
    "target_spans",
    "targets_rows",
    "units_rows",
    "with_derived_sheets",
]
