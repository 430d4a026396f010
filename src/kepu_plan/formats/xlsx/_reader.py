"""Reading a workbook: its candidate sheets, offered as :class:`~kepu_plan.grid.Sheet` views.

:func:`sheets_from_xlsx` reads each candidate sheet's cells as stored (merged ranges applied,
nothing formatted yet) and offers it as a view whose first rows, or whole, are shown as text only
when asked: the layout code looks for the header in the first rows of each and asks for the one
that holds the table.  :func:`document_from_xlsx` shows every candidate sheet whole.  Nothing here
knows a header text.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any, BinaryIO, TypeVar

from kepu_plan._gc import collector_paused
from kepu_plan._i18n import N_, Text
from kepu_plan._limits import DEFAULT as DEFAULT_LIMITS
from kepu_plan._limits import LimitExceeded, Limits, at_boundary
from kepu_plan.diagnostics import Diagnostic, Severity
from kepu_plan.errors import Location, ReadError
from kepu_plan.formats.xlsx._package import Package, SheetEntry, workbook_sheets
from kepu_plan.formats.xlsx._sheet import SheetCells, Styles, read_sheet, shared_strings
from kepu_plan.grid import Document, Grid

__all__ = ["document_from_xlsx", "sheets_from_xlsx"]

_T = TypeVar("_T")

#: How many rows from a sheet's top a cell beyond the limits refuses the sheet at once.
_TOP_ROWS = 30


class _OfferedSheet:
    """A candidate sheet as a :class:`~kepu_plan.grid.Sheet`: shown as text only when asked, every
    failure a ReadError naming the file."""

    def __init__(self, cells: SheetCells, diagnostics: list[Diagnostic] | None) -> None:
        self._cells = cells
        self._diagnostics = diagnostics

    @property
    def name(self) -> str:
        return self._cells.title

    def first_rows(self, count: int) -> Grid:
        return _at_boundary(lambda: self._cells.grid(count), self._cells.package.file)

    def whole(self, columns: range | None = None) -> Grid:
        cells = self._cells

        def show() -> Grid:
            grid = cells.grid()
            cells.check_uncached(columns)
            return grid

        grid = _at_boundary(show, cells.package.file)
        if self._diagnostics is not None:
            for row, col in cells.control_breaks:
                self._diagnostics.append(
                    Diagnostic(
                        code="control-line-break",
                        message=Text(
                            N_(
                                "a vertical tab or form feed in the cell (a line break pasted from Word) read as "
                                "a line break"
                            )
                        ),
                        location=cells.where(row, col),
                        severity=Severity.WARNING,
                    )
                )
        return grid


def sheets_from_xlsx(
    stream: BinaryIO,
    name: str | None = None,
    sheet: str | None = None,
    *,
    limits: Limits | None = None,
    skip: Collection[str] = (),
    diagnostics: list[Diagnostic] | None = None,
) -> Document:
    """The sheets of a workbook that may hold the table, as a Document of :class:`~kepu_plan.grid.Sheet`
    views (``document.sheets``; ``document.tables`` is empty).

    With ``sheet`` only that sheet; otherwise every visible worksheet but those named in ``skip``
    (sheets a writer derives from the table; when every visible sheet is one of them, they are the
    candidates after all).  Empty sheets are left out; so is, when no ``sheet`` is named, a sheet
    beyond the ``limits`` (a :class:`~kepu_plan._limits.Limits`) while another sheet can be read.
    ``diagnostics`` receives what showing a sheet whole judged (a form feed read as a line break).
    Every failure is a :class:`~kepu_plan.errors.ReadError`: no exception of zipfile or lxml gets out.
    """
    limits = DEFAULT_LIMITS if limits is None else limits
    with collector_paused():
        found = _at_boundary(lambda: _sheets(stream, name, sheet, limits, skip), name)
    return Document(tables=(), sheets=tuple(_OfferedSheet(cells, diagnostics) for cells in found), file=name)


def document_from_xlsx(
    stream: BinaryIO,
    name: str | None = None,
    sheet: str | None = None,
    *,
    limits: Limits | None = None,
    skip: Collection[str] = (),
) -> Document:
    """Every sheet :func:`sheets_from_xlsx` offers, shown whole, each a Grid of what a person sees.

    Each grid starts at the sheet's first used row and column, rows above the table included, and
    remembers where it lies (``grid.locate(r, c)`` → ``分工表!C7``).  A formula without a computed
    value is an error anywhere (the layout code, choosing the table's sheet, refuses it only in the
    table's columns).
    """
    offered = sheets_from_xlsx(stream, name, sheet, limits=limits, skip=skip)
    with collector_paused():
        grids = [grid for view in offered.sheets if (grid := view.whole()).cells]
    return Document(tables=tuple(grids), file=name)


def _at_boundary(work: Callable[[], _T], name: str | None) -> _T:
    """``work()``, with every failure a ReadError: no exception of zipfile or lxml gets out bare."""
    return at_boundary(work, Text(N_("cannot read the workbook")), Location(file=name))


def _sheets(
    stream: BinaryIO, name: str | None, sheet: str | None, limits: Limits, skip: Collection[str]
) -> list[SheetCells]:
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
            chosen = [entry for entry in sheets if entry.state == "visible" and entry.title not in skip]
            if not chosen:
                chosen = [entry for entry in sheets if entry.state == "visible"] or sheets
        strings = shared_strings(package, listed.strings)
        styles = Styles(package, listed.styles, listed.date1904)
        found: list[SheetCells] = []
        refused: list[LimitExceeded] = []
        for entry in chosen:
            try:
                cells = read_sheet(package, entry.part, entry.title, strings, styles)
                cells.grid(_TOP_ROWS)  # a cell beyond the limits near the top refuses the sheet now
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
