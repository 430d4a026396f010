"""The one intermediate form between file formats and the model: a grid of cell texts with spans.

DOCX and XLSX differ in XML, not in what a merged table is.  A format reader turns a file into a
:class:`Document` (the paragraphs around the tables and each table as a :class:`Grid`, or a
workbook's sheets offered as :class:`Sheet` views); the layout code (:mod:`kepu_plan.layout`)
turns that into a Plan, and back; :mod:`kepu_plan._pipeline` composes the two.  Nothing here
imports a format library, and nothing here knows a header text.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from itertools import repeat
from operator import attrgetter
from typing import Any, Protocol

import attrs

from kepu_plan.errors import Location

__all__ = ["Cell", "Document", "Grid", "Sheet", "cells_from_columns", "cells_from_spans", "column_letter"]


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 1-based column index: 1 → A, 27 → AA.

    >>> column_letter(1), column_letter(26), column_letter(27), column_letter(703)
    ('A', 'Z', 'AA', 'AAA')
    """
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@attrs.frozen(kw_only=True)
class Cell:
    """A cell where it starts (0-based ``row`` and ``col``) and how far it spans.

    ``text`` is the cell's text with one ``"\\n"`` between lines: paragraphs of a DOCX cell, line
    breaks inside a paragraph and line breaks inside an XLSX cell all become ``"\\n"``.
    """

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    bold_spans: tuple[tuple[int, int], ...] = ()
    """Character ranges ``[start, end)`` of ``text`` a writer may set in bold (target marks)."""

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


_column_of = attrgetter("col")


def cells_from_spans(spans: Iterable[Sequence[Any]]) -> tuple[Cell, ...]:
    """Cells from ``(row, col, text, rowspan, colspan)`` sequences, as a reader collects them.

    The same cells as ``Cell(row=…, col=…, text=…, rowspan=…, colspan=…)`` gives, made about twice
    as fast: a table of a thousand rows has thousands of cells.  The values are taken as they are,
    so a reader passes ints and strs.

    >>> cells_from_spans([(0, 0, "重点行动", 2, 1)]) == (Cell(row=0, col=0, text="重点行动", rowspan=2),)
    True
    """
    new = object.__new__
    cells = []
    for row, col, text, rowspan, colspan in spans:
        cell = new(Cell)
        _set_row(cell, row)
        _set_col(cell, col)
        _set_text(cell, text)
        _set_rowspan(cell, rowspan)
        _set_colspan(cell, colspan)
        _set_bold_spans(cell, ())
        cells.append(cell)
    return tuple(cells)


def cells_from_columns(
    rows: Sequence[int], cols: Sequence[int], texts: Sequence[str], rowspans: Sequence[int], colspans: Sequence[int]
) -> tuple[Cell, ...]:
    """Cells from five equally long columns of their rows, columns, texts, row spans and column spans.

    What :func:`cells_from_spans` makes, without a tuple per cell: each slot of every cell is set
    by one pass in C over its column.

    >>> cells_from_columns([0, 0], [0, 1], ["行动", "任务"], [2, 1], [1, 1])[0] == Cell(
    ...     row=0, col=0, text="行动", rowspan=2
    ... )
    True
    """
    count = len(rows)
    if not count == len(cols) == len(texts) == len(rowspans) == len(colspans):
        raise ValueError("the columns of cells differ in length")
    cells = list(map(object.__new__, repeat(Cell, count)))
    for setter, values in (
        (_set_row, rows),
        (_set_col, cols),
        (_set_text, texts),
        (_set_rowspan, rowspans),
        (_set_colspan, colspans),
        (_set_bold_spans, repeat((), count)),
    ):
        deque(map(setter, cells, values), maxlen=0)
    return tuple(cells)


# Setting a frozen Cell's slots directly, as attrs's __init__ does through object.__setattr__.
_set_row = Cell.row.__set__  # type: ignore[attr-defined]
_set_col = Cell.col.__set__  # type: ignore[attr-defined]
_set_text = Cell.text.__set__  # type: ignore[attr-defined]
_set_rowspan = Cell.rowspan.__set__  # type: ignore[attr-defined]
_set_colspan = Cell.colspan.__set__  # type: ignore[attr-defined]
_set_bold_spans = Cell.bold_spans.__set__  # type: ignore[attr-defined]


@attrs.frozen(kw_only=True)
class Grid:
    """One table: its origin cells in reading order and its size.

    ``table`` (DOCX, 1-based) or ``sheet`` (XLSX) with ``row_offset``/``col_offset`` say where the
    grid lies in its file, so that a position in the grid can be reported as a person finds it.
    """

    nrows: int
    ncols: int
    cells: tuple[Cell, ...]
    header_rows: int = 0
    column_roles: tuple[str, ...] = ()
    """For writers: each column's role (``action``, ``task``, ``content``, ``units``, ``leads``,
    ``deadline``, ``number``, ``extra``), to size columns; empty when unknown."""
    file: str | None = None
    table: int | None = None
    sheet: str | None = None
    row_offset: int = 0
    col_offset: int = 0
    number_columns: frozenset[int] = frozenset()
    """For writers of spreadsheets: the columns whose texts are numbers, stored as numbers."""
    choices: tuple[tuple[int, tuple[str, ...]], ...] = ()
    """For writers of spreadsheets: ``(column, texts)`` for each column whose cells a person fills
    in by picking one of ``texts`` from a list."""

    def rows(self) -> Iterator[list[Cell]]:
        """The origin cells of each row, row by row (rows without an origin cell give ``[]``)."""
        by_row: list[list[Cell]] = [[] for _ in range(self.nrows)]
        for cell in self.cells:
            by_row[cell.row].append(cell)
        for row in by_row:
            if len(row) > 1:
                row.sort(key=_column_of)
            yield row

    def locate(self, row: int | None = None, col: int | None = None) -> Location:
        """The :class:`Location` of a 0-based grid position, counted as a person counts."""
        if self.sheet is not None:
            if row is None:
                return Location(file=self.file, sheet=self.sheet)
            cell = f"{column_letter((col or 0) + 1 + self.col_offset)}{row + 1 + self.row_offset}"
            return Location(file=self.file, sheet=self.sheet, cell=cell)
        return Location(
            file=self.file,
            table=self.table,
            row=None if row is None else row + 1 + self.row_offset,
            column=None if col is None else col + 1 + self.col_offset,
        )


class Sheet(Protocol):
    """A sheet a reader offers without showing it whole (a workbook's sheets are alternatives, and
    only the one that holds the table need be turned into text).

    The reader knows no header texts: the layout looks at each sheet's first rows, chooses the
    sheet and asks for it whole.
    """

    @property
    def name(self) -> str:
        """The sheet's name, as its tab shows it."""
        ...

    def first_rows(self, count: int) -> Grid:
        """The sheet's first ``count`` rows from its first used row, as a Grid (a cell that cannot
        be shown shows as empty here; it is refused when the sheet is shown whole)."""
        ...

    def whole(self, columns: range | None = None) -> Grid:
        """The whole sheet as a Grid.  ``columns`` are the sheet's columns (1-based) that hold the
        table: a cell the table needs but the file cannot give (a formula without a computed value)
        is an error there and empty elsewhere; ``None``: an error anywhere."""
        ...


@attrs.frozen(kw_only=True)
class Document:
    """What a file holds around and in its tables.

    Readers fill ``preamble`` (the paragraphs or lines above the first table, in order), ``tables``,
    ``between`` (the paragraphs between one table and the next) and ``trailer`` (paragraphs after
    the last table), or, for a workbook, ``sheets`` (each sheet
    that may hold the table, shown only when asked) with ``tables`` empty.  Writers receive
    ``label`` and ``title`` as the layout decided them, the tables (for a workbook: the table, then
    further sheets, each grid naming its ``sheet``), and ``notes`` to set below the table.
    """

    tables: tuple[Grid, ...]
    preamble: tuple[str, ...] = ()
    between: tuple[tuple[str, ...], ...] = ()
    """The paragraphs between tables: ``between[i]`` lies after ``tables[i]`` and before
    ``tables[i + 1]`` (empty where a reader does not tell, as the XLSX reader does not)."""
    trailer: tuple[str, ...] = ()
    label: str | None = None
    title: str = ""
    notes: tuple[str, ...] = ()
    file: str | None = None
    sheets: tuple[Sheet, ...] = ()
