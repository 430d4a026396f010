"""One worksheet read: its cells as found, then as a Grid of what a person sees, only as far as asked.

Reading a sheet is two steps.  :func:`read_sheet` reads the sheet's XML once (the fast path of
:mod:`._fast`, else the tree walk of :mod:`._walk`) and keeps each cell's
value as it is stored: a text ready to use, or the raw value with what it takes to show it (a
number and its format, a date, a text with ``_xHHHH_`` escapes); merged ranges are applied there, so
that covered cells are dropped unseen.  :meth:`SheetCells.grid` then turns the cells of the first
rows, or of all, into text.  The reader looks for the header in the first rows of each sheet before
it formats the cells of the one sheet that holds the table: a large workbook of formatted numbers
without a table is refused without formatting them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from operator import itemgetter
from typing import Final

from kepu_plan._grammar.cells import unstorable
from kepu_plan._i18n import N_, Text
from kepu_plan._limits import LimitExceeded, declares_dtd, parse_xml
from kepu_plan.errors import Location, ReadError
from kepu_plan.formats.xlsx._fast import fast_cells as _fast_cells
from kepu_plan.formats.xlsx._fast import fast_strings as _fast_strings
from kepu_plan.formats.xlsx._package import Package
from kepu_plan.formats.xlsx._stored import (
    DAMAGED,
    DIGITS,
    UNCACHED,
    BadCell,
    Stored,
    Styles,
    parse_ref,
    parsed_strings,
    unescape,
)
from kepu_plan.formats.xlsx._walk import walk_cells
from kepu_plan.grid import Grid, cells_from_columns, column_letter

__all__ = ["SheetCells", "Styles", "read_sheet", "shared_strings"]

_first: Final = itemgetter(0)
_second: Final = itemgetter(1)
#: Line breaks Word and Excel store as control characters: a vertical tab (Word's manual line
#: break pasted into a cell) and a form feed (a page break).
_CONTROL_BREAKS: Final = re.compile("[\x0b\x0c]")
#: A merged range between two cells, its rows counted from 1 and written without leading zeros.
_PLAIN_RANGE: Final = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6}):([A-Z]{1,3})([1-9][0-9]{0,6})")


# --- the sheet -------------------------------------------------------------------------------------


class SheetCells:
    """A sheet's cells as stored, merged ranges applied: what :meth:`grid` shows as text."""

    def __init__(
        self,
        package: Package,
        title: str,
        values: dict[tuple[int, int], Stored],
        spans: dict[tuple[int, int], tuple[int, int]],
        styles: Styles,
    ) -> None:
        self.package = package
        self.title = title
        self.values = values
        self.spans = spans
        self.styles = styles
        self.uncached = (
            [position for position, value in values.items() if value is UNCACHED] if UNCACHED in values.values() else []
        )
        for position in self.uncached:
            del values[position]
        self.top = min(values)[0] if values else 0
        rows = list(map(_first, values))
        #: Whether the cells were stored row by row (as every program writes them): then the first
        #: rows are found without looking at the others.
        self.ordered = rows == sorted(rows)
        self._scans: dict[int, Grid] = {}
        #: Cells whose text had a vertical tab or form feed, read as a line break: (row, col), 1-based.
        self.control_breaks: list[tuple[int, int]] = []

    def where(self, row: int, col: int) -> Location:
        return self.package.where(self.title, f"{column_letter(col)}{row}")

    def _show(self, value: tuple[str, str, str | None], row: int, col: int) -> str:
        kind, raw, style = value
        try:
            if kind == "x":  # a text with escapes or carriage returns
                text = unescape(raw) if "_x" in raw else raw
                if _CONTROL_BREAKS.search(text) is not None:
                    self.control_breaks.append((row, col))
                    text = _CONTROL_BREAKS.sub("\n", text)
                if "\r" in text:
                    text = text.replace("\r\n", "\n").replace("\r", "\n")
                control = unstorable(text)  # what no table text holds, once the line breaks are read
                if control is not None:
                    raise BadCell(
                        Text(
                            N_(
                                "the cell holds the escape _x{code:04X}_, a control character no text of "
                                "a table can hold"
                            ),
                            code=ord(control),
                        )
                    )
                return text
            if kind == "b":
                return "TRUE" if raw.strip() in ("1", "true") else "FALSE"
            if kind == "e":
                return raw
            try:
                if kind == "d":
                    return self.styles.date(raw, style)
                return self.styles.number(raw, style)
            except (ValueError, OverflowError) as error:
                if isinstance(error, BadCell):
                    raise
                raise BadCell(Text(N_("the cell's value {value} is not a number or a date"), value=repr(raw))) from None
        except BadCell as error:
            raise ReadError(error.args[0], self.where(row, col), DAMAGED) from None

    def grid(self, rows: int | None = None) -> Grid:
        """The sheet as a Grid of what a person sees, from its first used row: all of it, or only
        its first ``rows`` rows (to look for a header without showing every cell).

        Each value is shown once: what a first call shows is kept for the next.
        """
        if rows is not None and rows in self._scans:
            return self._scans[rows]
        last = self.top + rows - 1 if rows is not None else None
        texts: dict[tuple[int, int], str] = {}
        limits = self.package.limits
        values = self.values
        if last is None and tuple not in set(map(type, values.values())):
            # Every value is a text already (as in a workbook of inline or shared strings): taken
            # as they are, with no call per cell.
            texts = dict(values) if "" not in values.values() else {p: v for p, v in values.items() if v}  # type: ignore[arg-type,misc]
            if texts and max(map(len, texts.values())) > limits.max_cell_chars:
                for place, text in texts.items():
                    limits.check_text(text, lambda place=place: self.where(*place))  # type: ignore[misc]
        else:
            for position, value in values.items():
                if last is not None and position[0] > last:
                    if self.ordered:
                        break
                    continue
                if not isinstance(value, str):
                    try:
                        value = values[position] = self._show(value, *position)
                    except ReadError:
                        if last is None:
                            raise
                        # Looking for the header, a damaged cell of a sheet that may not hold the
                        # table refuses nothing yet: it shows as empty until the sheet is shown whole.
                        value = ""
                if value:
                    if len(value) > limits.max_cell_chars:
                        limits.check_text(value, lambda position=position: self.where(*position))  # type: ignore[misc]
                    texts[position] = value
        if not texts:
            return Grid(nrows=0, ncols=0, cells=(), file=self.package.file, sheet=self.title)
        # The grid is the box around the texts; a merged range reaching past it is cut at its edge
        # (a title merged over a whole row would otherwise make a grid 16,384 columns wide).
        if self.ordered:  # rows in order: the first and last cells hold the first and last rows
            top, bottom = next(iter(texts))[0], next(reversed(texts))[0]
        else:
            top, bottom = min(texts)[0], max(texts)[0]
        used = set(map(_second, texts))
        left, right = min(used), max(used)
        for r, c in self.spans:
            if (r, c) not in texts and top <= r <= bottom and left <= c <= right:
                texts[r, c] = ""  # an empty merged cell: it still covers its rows
        # The cells in reading order, made column by column (no tuple per cell).
        positions = sorted(texts)
        count = len(positions)
        rowspans, colspans = [1] * count, [1] * count
        if self.spans:
            index = dict(zip(positions, range(count), strict=True))
            for origin, (last_row, last_col) in self.spans.items():
                at = index.get(origin)
                if at is not None:
                    rowspans[at] = min(last_row, bottom) - origin[0] + 1
                    colspans[at] = min(last_col, right) - origin[1] + 1
        cells = cells_from_columns(
            [r - top for r, _ in positions],
            [c - left for _, c in positions],
            list(map(texts.__getitem__, positions)),
            rowspans,
            colspans,
        )
        grid = Grid(
            nrows=bottom - top + 1,
            ncols=right - left + 1,
            cells=cells,
            file=self.package.file,
            sheet=self.title,
            row_offset=top - 1,
            col_offset=left - 1,
        )
        if rows is not None:
            self._scans[rows] = grid
        return grid

    def check_uncached(self, columns: range | None) -> None:
        """Refuse a formula without a cached value in ``columns`` (1-based, the table's; None: any)."""
        for row, col in sorted(self.uncached):
            if columns is None or col in columns:
                raise ReadError(
                    Text(N_("a formula cell of the table holds no computed value")),
                    self.where(row, col),
                    Text(N_("open the file in Excel, WPS or LibreOffice and save it there: that stores the values")),
                )


def shared_strings(package: Package, part: str | None) -> list[Stored]:
    """The workbook's shared strings, each as stored (decoded where a cell that uses it is shown).

    A part written the plain way is read without a tree (:func:`kepu_plan.formats.xlsx._fast.fast_strings`);
    any other is parsed whole, which says what is wrong with it, if anything."""
    if part is None or not package.has(part):
        return []
    data = package.read(part)
    fast = None if declares_dtd(data) else _fast_strings(data)
    return fast if fast is not None else parsed_strings(package, part, data)


def read_sheet(package: Package, part: str, title: str, strings: list[Stored], styles: Styles) -> SheetCells:
    """A sheet's cells as stored, with its merged ranges applied, within the package's limits.

    A sheet written the plain way is read without a tree (see
    :func:`kepu_plan.formats.xlsx._fast.fast_cells`); any other is parsed as a stream, row by row,
    each row dropped once read (:func:`kepu_plan.formats.xlsx._walk.walk_cells`).  Either way the
    memory it takes is about that of its text and values, not of its whole XML tree.
    """
    data = package.read(part, title)
    where = package.where(title)
    if declares_dtd(data):
        parse_xml(data, Text(N_("part {part}"), part=part), where)  # raises the error for a DTD
    fast = _fast_cells(data, package, part, strings)
    if fast is not None:
        fast_values, fast_merges, fast_columns = fast
        spans = _merge(fast_merges, fast_values, package, title, fast_columns)
        return SheetCells(package, title, fast_values, spans, styles)
    values, merges, columns = walk_cells(data, package, part, title, strings)
    spans = _merge(merges, values, package, title, columns)
    return SheetCells(package, title, values, spans, styles)


def _merge(
    merges: list[str],
    values: dict[tuple[int, int], Stored],
    package: Package,
    title: str,
    columns: dict[str, int],
) -> dict[tuple[int, int], tuple[int, int]]:
    """Apply the sheet's merged ranges to ``values`` (covered cells dropped); the spans by origin.

    ``columns`` maps column letters the sheet's cells used to their numbers."""
    limits = package.limits

    def position(ref: str) -> tuple[int, int] | None:
        letters = ref.rstrip(DIGITS)
        col = columns.get(letters)
        if col is not None and 0 < len(ref) - len(letters) <= 7:
            row = int(ref[len(letters) :])
            return (row, col) if row else None
        return parse_ref(ref)

    spans: dict[tuple[int, int], tuple[int, int]] = {}
    if not values:
        return spans
    # The box around every value: the grid lies within it, so it is checked before any merge.
    box_top, box_bottom = min(values)[0], max(values)[0]
    box_left, box_right = min(map(_second, values)), max(map(_second, values))
    far = column_letter(box_right) + str(box_bottom)
    limits.check_grid(box_bottom - box_top + 1, box_right - box_left + 1, lambda: package.where(title, far))
    # Each merge costs at most min(its area within the box, the number of values); overlapping
    # merges (which no spreadsheet program writes) could make that quadratic, so the sum is bounded.
    work = 0
    budget = 2 * limits.max_cells + 100_000
    column = columns.get
    for ref in merges:
        plain = _PLAIN_RANGE.fullmatch(ref)  # "A4:A7" as every program writes it: one match
        if plain is not None and (left := column(plain[1])) and (right := column(plain[3])):
            top, bottom = int(plain[2]), int(plain[4])
        else:
            first, _, last = ref.partition(":")
            start, end = position(first), position(last or first)
            if start is None or end is None:
                raise ReadError(
                    Text(N_("a merged range has a bad reference {ref}"), ref=repr(ref[:40])),
                    package.where(title),
                    DAMAGED,
                )
            (top, left), (bottom, right) = start, end
        if top > bottom:
            top, bottom = bottom, top
        if left > right:
            left, right = right, left
        if top > box_bottom or left > box_right or bottom < box_top or right < box_left:
            continue  # it covers no value, and its top-left cell lies outside the grid
        inner_top = top if top > box_top else box_top
        inner_bottom = bottom if bottom < box_bottom else box_bottom
        inner_left = left if left > box_left else box_left
        inner_right = right if right < box_right else box_right
        area = (inner_bottom - inner_top + 1) * (inner_right - inner_left + 1)
        count = len(values)  # the cells left: merges before this one dropped those they cover
        work += area if area < count else count
        if work > budget:
            raise LimitExceeded(
                Text(N_("the sheet's merged ranges overlap too much to be read")),
                package.where(title),
                Text(
                    N_("the file is damaged: open it in Excel or WPS, unmerge and merge the cells again, and save it")
                ),
            )
        origin = (top, left)
        if area <= count and inner_left == inner_right:  # a range down one column, as most are
            for r in range(inner_top, inner_bottom + 1):
                place = (r, inner_left)
                if place != origin and place in values:
                    del values[place]
        else:
            covered: Iterable[tuple[int, int]]
            if area <= count:
                covered = [
                    (r, c)
                    for r in range(inner_top, inner_bottom + 1)
                    for c in range(inner_left, inner_right + 1)
                    if (r, c) in values
                ]
            else:
                covered = [(r, c) for r, c in values if top <= r <= bottom and left <= c <= right]
            for place in covered:
                if place != origin:
                    del values[place]
        if origin not in spans:
            spans[origin] = (bottom, right)
    return spans
