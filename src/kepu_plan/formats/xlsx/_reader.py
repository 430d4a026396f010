"""Reading a workbook: its candidate sheets as a Document, and the plan of the sheet with the table.

:func:`read` looks for the header in the first rows of every candidate sheet (each sheet's cells
are read as stored, merged ranges applied, nothing formatted yet), then shows the cells of the one
sheet that holds the table and gives it to the layout code.  :func:`document_from_xlsx` shows every
candidate sheet whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, BinaryIO, Final, TypeVar

from kepu_plan._gc import collector_paused
from kepu_plan._i18n import N_, Text
from kepu_plan._limits import DEFAULT as DEFAULT_LIMITS
from kepu_plan._limits import LimitExceeded, Limits, interpreted, unexpected
from kepu_plan.diagnostics import Diagnostic, Severity
from kepu_plan.errors import KepuPlanError, Location, ReadError
from kepu_plan.formats.xlsx._package import Package, SheetEntry, workbook_sheets
from kepu_plan.formats.xlsx._sheet import SheetCells, Styles, read_sheet, scanned, shared_strings
from kepu_plan.formats.xlsx._sheets import DERIVED_SHEETS
from kepu_plan.grid import Cell, Document, Grid
from kepu_plan.model import Plan

__all__ = ["document_from_xlsx", "read"]

_T = TypeVar("_T")

#: How many rows from a sheet's top the header may be in (the layout code looks as far).
_SCAN_ROWS: Final = 30
_HEADER_NOISE: Final = re.compile(r"[\s/／、]+")


def document_from_xlsx(
    stream: BinaryIO, name: str | None = None, sheet: str | None = None, *, limits: Limits | None = None
) -> Document:
    """The sheets of a workbook that may hold the table, each as a Grid of what a person sees.

    With ``sheet`` only that sheet; otherwise every visible worksheet but the derived ones kepu_plan
    writes (``单位``, ``指标``).  Each grid starts at the sheet's first used row and column, rows
    above the table included, and remembers where it lies (``grid.locate(r, c)`` → ``分工表!C7``).
    Empty sheets are left out; so is, when no ``sheet`` is named, a sheet beyond the ``limits``
    (a :class:`~kepu_plan._limits.Limits`) while another sheet can be read.  A formula without a
    computed value is an error in the columns of a sheet's table (all columns where no header is
    found), and read as empty elsewhere.  Every failure is a :class:`~kepu_plan.errors.ReadError`:
    no exception of zipfile or lxml gets out.
    """

    def whole(sheets: list[SheetCells]) -> Document:
        grids: list[Grid] = []
        for cells in sheets:
            grid = cells.grid()
            cells.check_uncached(_table_columns(grid, _header_row(grid, {})))
            if grid.cells:
                grids.append(grid)
        return Document(tables=tuple(grids), file=name)

    with collector_paused():
        return _at_boundary(
            lambda: whole(_sheets(stream, name, sheet, DEFAULT_LIMITS if limits is None else limits)), name
        )


def read(
    stream: BinaryIO,
    *,
    name: str | None = None,
    sheet: str | None = None,
    limits: Limits | None = None,
    **options: Any,
) -> Plan:
    """Read the allocation table of a workbook (``sheet=`` names its sheet; else the first sheet
    with a recognisable header).  ``limits`` or ``max_…`` keywords bound what is accepted (see
    :class:`~kepu_plan._limits.Limits`); other options go to :func:`kepu_plan.layout.plan_from_document`."""
    limits = Limits.take(limits, options)
    with collector_paused():
        return _read(stream, name, sheet, limits, options)


def _read(stream: BinaryIO, name: str | None, sheet: str | None, limits: Limits, options: dict[str, Any]) -> Plan:
    columns = options.get("columns") or {}
    sheets = _at_boundary(lambda: _sheets(stream, name, sheet, limits), name)
    table = _at_boundary(lambda: _table(sheets, columns), name)
    if table is None:
        # No sheet has a recognisable header in its first rows: the layout code says so, listing
        # what it found there, without the rest of any sheet being shown.
        document = _at_boundary(lambda: scanned(sheets, _SCAN_ROWS), name)
        interpreted(lambda: _plan(document, options), name, options)
        # The layout found a header the scan did not: read the sheets whole after all.
        document = _at_boundary(lambda: Document(tables=tuple(cells.grid() for cells in sheets), file=name), name)
        return interpreted(lambda: _plan(document, options), name, options)
    cells, grid = table
    diagnostics = options.get("diagnostics")
    if isinstance(diagnostics, list):
        for row, col in cells.control_breaks:
            diagnostics.append(
                Diagnostic(
                    code="control-line-break",
                    message=Text(
                        N_(
                            "a vertical tab or form feed in the cell (a line break pasted from Word) read as a "
                            "line break"
                        )
                    ),
                    location=cells.where(row, col),
                    severity=Severity.WARNING,
                )
            )
    document = Document(tables=(grid,), file=name)
    return interpreted(lambda: _plan(document, options), name, options)


def _at_boundary(work: Callable[[], _T], name: str | None) -> _T:
    """``work()``, with every failure a ReadError: no exception of zipfile or lxml gets out bare."""
    try:
        return work()
    except KepuPlanError:
        raise
    except Exception as error:
        raise unexpected(error, Text(N_("cannot read the workbook")), Location(file=name)) from error


def _plan(document: Document, options: dict[str, Any]) -> Plan:
    from kepu_plan.layout import plan_from_document

    return plan_from_document(document, **options)


def _table(sheets: list[SheetCells], columns: Mapping[str | int, str]) -> tuple[SheetCells, Grid] | None:
    """The sheet that holds the table, shown whole: the first whose first rows have a recognisable
    header (where none has and a column is given by number, the first sheet, for the layout code
    to find the header by that column); None when no sheet has one.  Sheets are alternatives, not
    parts of one table (as a DOCX's tables may be), so no other sheet is read as the table's
    continuation."""
    forced = bool(columns) and any(isinstance(key, int) for key in columns)
    for cells in sheets:
        scan = cells.grid(_SCAN_ROWS)
        header = _header_row(scan, columns)
        if header is not None or (forced and cells is sheets[0] and not _any_header(sheets[1:], columns)):
            grid = cells.grid()
            cells.check_uncached(_table_columns(grid, header))
            return cells, grid
    return None


def _any_header(sheets: list[SheetCells], columns: Mapping[str | int, str]) -> bool:
    return any(_header_row(cells.grid(_SCAN_ROWS), columns) is not None for cells in sheets)


def _sheets(stream: BinaryIO, name: str | None, sheet: str | None, limits: Limits) -> list[SheetCells]:
    """The candidate sheets' cells as stored (empty ones left out): the sheet named, or every visible
    one but the derived sheets."""
    package = Package(stream, name, limits)
    with package.zip:
        listed = workbook_sheets(package)
        sheets = listed.sheets
        if not sheets:
            raise ReadError(
                Text(N_("the workbook has no worksheet")),
                package.where(),
                Text(N_("the file is damaged or holds only charts: open it in Excel or WPS and save it again")),
            )
        if sheet is not None:
            chosen = [entry for entry in sheets if entry.title == sheet]
            if not chosen:
                shown = "、".join(entry.title for entry in sheets)
                raise ReadError(
                    Text(
                        N_("the workbook has no sheet named {sheet}; its sheets are {sheets}"),
                        sheet=repr(sheet),
                        sheets=shown,
                    ),
                    package.where(),
                    Text(N_("pass one of these names as sheet=")),
                )
        else:
            chosen = [entry for entry in sheets if entry.state == "visible" and entry.title not in DERIVED_SHEETS]
            if not chosen:
                chosen = [entry for entry in sheets if entry.state == "visible"] or sheets
        strings = shared_strings(package, listed.strings)
        styles = Styles(package, listed.styles, listed.date1904)
        found: list[SheetCells] = []
        refused: list[LimitExceeded] = []
        for entry in chosen:
            try:
                cells = read_sheet(package, entry.part, entry.title, strings, styles)
                cells.grid(_SCAN_ROWS)  # a cell beyond the limits near the top refuses the sheet now
            except LimitExceeded as error:
                if sheet is not None:
                    raise
                refused.append(error)  # a huge other sheet does not stop the table being read
                continue
            if cells.values:
                found.append(cells)
        if refused and not found:
            raise refused[0]
        if found:
            return found
        if sheet is not None:
            raise ReadError(
                Text(N_("the sheet is empty")),
                Location(file=name, sheet=sheet),
                Text(N_("name another sheet with sheet=, or leave sheet= out to search every sheet")),
            )
        hidden = [
            entry.title for entry in sheets if entry not in chosen and _holds_data(package, entry, strings, styles)
        ]
    if hidden:
        shown = "、".join(hidden)
        raise ReadError(
            Text(N_("every visible sheet is empty; the data is on the hidden sheet {sheets}"), sheets=shown),
            Location(file=name),
            Text(
                N_(
                    "read it with sheet={quoted} (kepu-plan: --sheet {sheet}), or unhide it in Excel or WPS "
                    "(右键工作表标签 → 取消隐藏)"
                ),
                quoted=repr(hidden[0]),
                sheet=hidden[0],
            ),
        )
    raise ReadError(
        Text(N_("no sheet of the workbook holds a table: every sheet is empty")),
        Location(file=name),
        Text(N_("check that this is the right file; the table must be in a worksheet, not a picture or chart")),
    )


def _holds_data(package: Package, entry: SheetEntry, strings: list[Any], styles: Styles) -> bool:
    try:
        return bool(read_sheet(package, entry.part, entry.title, strings, styles).values)
    except ReadError:
        return False


def _header_row(grid: Grid, columns: Mapping[str | int, str]) -> list[Cell] | None:
    """The row near the grid's top that names the content column and another known column.

    The same test the layout code makes to find the header row; used to pick the table sheet, so
    that another sheet's rows are never taken for the table's.
    """
    from kepu_plan.layout import HEADERS

    def normalise(text: str) -> str:
        return _HEADER_NOISE.sub("", text)

    roles = {normalise(header): role for role, headers in HEADERS.items() for header in headers}
    roles.update({normalise(key): role for key, role in columns.items() if isinstance(key, str)})
    for index, row in enumerate(grid.rows()):
        if index >= _SCAN_ROWS:
            break
        found = [roles[key] for cell in row if (key := normalise(cell.text)) in roles]
        if "content" in found and len(found) >= 2:
            return row
    return None


def _table_columns(grid: Grid, header: list[Cell] | None) -> range | None:
    """The sheet's columns (1-based) that the table's header spans; None when no header was found."""
    if not header:
        return None
    first = header[0].col + grid.col_offset + 1
    last = max(cell.col + cell.colspan for cell in header) + grid.col_offset
    return range(first, last + 1)
