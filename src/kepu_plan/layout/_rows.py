"""Reading the rows of one table under its header: the grid by columns, merges, sections, notes,
repeated headers, actions and tasks; each row's duty is made in :mod:`._duties`.

Most rows of a table are ordinary (a content cell too long to repeat a header, not a note, no cell
spanning columns): for them none of the checks for a special row is made, and where the row's
unit cells were seen before in the table and its duty is of the usual shape, the duty is added in
the loop itself.  ``_FAST = False`` takes every row through the checks (the tests compare the two)."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Final

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import LayoutError, Location
from kepu_plan.grid import Cell, Grid
from kepu_plan.layout._detection import _Header
from kepu_plan.layout._duties import _Duties, _new, _Roles, _row_texts, _texts
from kepu_plan.layout._headers import _normalise_header
from kepu_plan.layout._reader import _NOTE, _Reader
from kepu_plan.model import Duty
from kepu_plan.model._trusted import texts_hold

#: A position below the first row of a vertically merged cell.
_COVERED: Final = object()


def _grid_columns(grid: Grid, width: int) -> tuple[list[list[Cell | object | None]], set[int]]:
    """Each column's value per row (the cell that starts there, ``_COVERED`` below that in a
    vertically merged cell, None elsewhere), and the rows where a cell spanning columns starts.

    Later cells overwrite earlier ones where cells overlap, as they are read in order."""
    nrows, ncols = grid.nrows, grid.ncols
    columns: list[list[Cell | object | None]] = [[None] * nrows for _ in range(width)]
    wide: set[int] = set()
    for cell in grid.cells:
        if cell.rowspan == 1 and cell.colspan == 1:  # most cells
            row = cell.row
            col = cell.col
            if row < nrows and col < ncols:
                columns[col][row] = cell
                continue
        row, col, rowspan, colspan = cell.row, cell.col, cell.rowspan, cell.colspan
        if row >= nrows:
            raise IndexError("list index out of range")  # a cell below the grid: what Grid.rows() raises
        if colspan == 1 and col < ncols:  # merged down one column, as most merges are
            column = columns[col]
            end = min(row + rowspan, nrows)
            if row < end:
                column[row] = cell
                if row >= 0:
                    column[row + 1 : end] = [_COVERED] * (end - row - 1)
                else:  # counted from the end, as no reader makes it
                    for r in range(row + 1, end):
                        column[r] = _COVERED
            continue
        if colspan > 1:
            wide.add(row)
        for r in range(row, min(row + rowspan, nrows)):
            for c in range(col, min(col + colspan, ncols)):
                columns[c][r] = (cell if r == row else _COVERED) if c == col else None
    return columns, wide


#: Whether ordinary rows take the fast path (tests compare it with the plain path: False).
_FAST = True
#: How a note under a table starts (see ``_NOTE``): a content cell starting otherwise is no note.
_NOTE_STARTS: Final = "注备说"


def _read_rows(grid: Grid, start: int, header: _Header, reader: _Reader) -> None:
    if grid.ncols == 0:
        return
    if "content" not in header.roles.values():
        raise LayoutError(Text(N_("no column holds the content (主要内容)")), grid.locate())
    roles = _Roles.of(header)
    content_col = roles.content
    for col, _header in roles.extra:
        reader.note(
            "extra-column",
            Text(N_("column '{header}' kept as extra data"), header=header.headers.get(col, "")),
            grid.locate(header.row, col),
        )
    header_texts = {col: _normalise_header(text) for col, text in header.headers.items() if text}
    # A content cell longer than this cannot repeat the header (see _repeats_header): most rows are
    # told from a header at the cost of a length.
    header_length = 4 * len(header_texts.get(content_col, "")) + 8
    text_cols = _text_columns(grid, header)
    # A table continuing the first one may have fewer columns: the missing cells are empty.
    width = max([grid.ncols, *(col + 1 for col in header.roles)])
    columns, wide = _grid_columns(grid, width)
    contents = _texts(columns[content_col])
    # Every content text checked at once: where all pass the model's rule, a duty of the usual
    # shape is made without checking its content again (see kepu_plan.model._trusted).
    checked = texts_hold(list(filter(None, contents[start:])))
    # A row is ordinary where its content cell is too long to repeat a header, starts unlike a note,
    # and no cell spanning columns starts in it: none of the checks for a special row can hold there.
    ordinary_length = max(
        header_length if header_texts else -1,
        4 * len(header.first.get(content_col, "")) + 8 if header.height > 1 else -1,
    )
    if not _FAST:
        ordinary_length = sys.maxsize  # every row a special one
    duties = _Duties(roles, columns, reader, start, checked=checked, fast=_FAST)
    grouped = [(group, columns[group[1]]) for group in roles.grouping]  # (role, col) and the column
    previous_origin: dict[int, Cell] = {}

    def grouping_cell(group: tuple[str, int], cell: Cell, row: int) -> None:
        """The action or task cell that starts at ``row``: where it has text, the reader starts
        its action or task (or finds it written again)."""
        text = cell.text
        if not text.strip():
            return
        role, col = group
        before = previous_origin.get(col)
        merged_group = before is not None and before.rowspan > 1
        if before is not None and before.text == text and before.rowspan == 1:
            reader.repeated_cells += 1
        previous_origin[col] = cell
        if role == "action":
            reader.start_action(text, partial(grid.locate, row, col), merged_group=merged_group)
        elif reader.current is not None:
            reader.start_task(text, partial(grid.locate, row, col), merged_group=merged_group)

    content_cols = [columns[col] for col in roles.content_cols]
    pending: list[tuple[str, Location]] = []
    repeated_until = start  # the rows of a header of two rows repeated inside the table
    origins: dict[int, list[Cell]] | None = None  # the cells starting in each row of ``wide``
    merged = 0  # positions in the action and task columns covered by a cell merged down
    # The usual row's duty made here rather than by duties.add (a thousand rows are made so).
    one, by_cells, fresh, fresh_contents, fresh_found = duties.inline()
    for row in range(start, grid.nrows):
        if row < repeated_until:
            continue
        content = contents[row]
        if pending or not content or len(content) <= ordinary_length or content[0] in _NOTE_STARTS or row in wide:
            texts = _row_texts(columns, row)
            covered = any(column[row] is _COVERED for column in content_cols)
            if not any(texts) and not covered:
                reader.note("empty-row", Text(N_("empty row skipped")), grid.locate(row))
                continue
            if (
                header_texts
                and len(texts[content_col]) <= header_length
                and _repeats_header(texts, header_texts, content_col)
            ):
                reader.note(
                    "header-repeat", Text(N_("header row repeated inside the table: skipped")), grid.locate(row)
                )
                continue
            if header.height > 1 and _repeats_header(texts, header.first, content_col):
                reader.note(
                    "header-repeat", Text(N_("header rows repeated inside the table: skipped")), grid.locate(row)
                )
                repeated_until = row + header.height
                continue
            filled = [text for text in texts if text] if texts.count("") == len(texts) - 1 else ()
            if filled and _NOTE.match(filled[0]) and not covered:
                # A note in one cell under (or inside) the table, as a spreadsheet writes it: 注：…
                pending.append((filled[0], grid.locate(row, texts.index(filled[0]))))
                continue
            if row in wide:
                if origins is None:
                    origins = _origins(grid, wide)
                row_origins = origins[row]
                spanning = _spanning_cell(row_origins, text_cols, grid.ncols)
                if spanning is not None:
                    pending.append((spanning.text.strip(), grid.locate(row, spanning.col)))
                    continue
            if pending:
                *notes, (text, where) = pending
                pending = []
                for note, note_where in notes:
                    reader.notes.append(note)
                    reader.note(
                        "note", Text(N_("row spanning the table kept as a note: '{text}'"), text=note[:20]), note_where
                    )
                if roles.has_action or _NOTE.match(text):
                    reader.notes.append(text)
                    reader.note(
                        "note", Text(N_("row spanning the table kept as a note: '{text}'"), text=text[:20]), where
                    )
                else:
                    reader.sections = True
                    reader.start_action(text, partial(_given, where), merged_group=False)
        for group, column in grouped:  # the action column, then the task column
            value = column[row]
            if value is _COVERED:
                merged += 1
            elif type(value) is Cell:
                grouping_cell(group, value, row)
        task_duties = reader.duties
        if task_duties is None:  # (a task is read only within an action)
            texts = _row_texts(columns, row)
            where = grid.locate(row, content_col)
            if reader.current is None and roles.has_action:
                reason = Text(N_("this row has no action (no action cell here or above)"))
            elif reader.current is None:
                found = "、".join(header.headers[col] for col in sorted(header.roles) if header.headers.get(col))
                reason = Text(
                    N_(
                        "this row has no action: the table has no action column and no section row above it "
                        "(columns: {found}; give the column of actions the role action)"
                    ),
                    found=found,
                )
            else:
                reason = Text(N_("this row has no task (no task cell here or above)"))
            reader.unread("row-unread", reason, texts, where)
            continue
        if not content:
            texts = _row_texts(columns, row)
            where = grid.locate(row, content_col)
            others = [
                text
                for col, text in enumerate(texts)
                if text and (col not in roles.grouping_cols or (col in roles.number_cols and not text.isdigit()))
            ]
            if others:
                reader.unread("row-without-content", Text(N_("this row has no content (主要内容)")), others, where)
            continue
        if one is not None:
            value = one[row]
            known = by_cells.get(value.text if type(value) is Cell else "")
            if known is not None and known[1]:
                duty = _new(Duty)
                task_duties.append(duty)
                fresh.append(duty)
                fresh_contents.append(content)
                fresh_found.append(known[0])
                continue
        duties.add(content, row, grid, task_duties)
    reader.merged_cells += merged
    duties.made()
    for text, where in pending:
        reader.notes.append(text)
        reader.note("note", Text(N_("row spanning the table kept as a note: '{text}'"), text=text[:20]), where)


def has_section_rows(grid: Grid, start: int, header: _Header) -> bool:
    """Whether a row of the table from ``start`` is a section row: one cell across every column
    but the 序号 column, with a text that is no note (as :func:`_read_rows` tells them)."""
    wide = {cell.row for cell in grid.cells if cell.colspan > 1 and cell.row >= start}
    if not wide:
        return False
    text_cols = _text_columns(grid, header)
    for cells in _origins(grid, wide).values():
        spanning = _spanning_cell(cells, text_cols, grid.ncols)
        if spanning is not None and not _NOTE.match(spanning.text.strip()):
            return True
    return False


def _given(where: Location) -> Location:
    return where


def _origins(grid: Grid, rows: set[int]) -> dict[int, list[Cell]]:
    """The cells starting in each of ``rows``, by column (as :meth:`Grid.rows` gives them)."""
    origins: dict[int, list[Cell]] = {row: [] for row in rows}
    for cell in grid.cells:
        if cell.row in origins:
            origins[cell.row].append(cell)
    for cells in origins.values():
        cells.sort(key=lambda cell: cell.col)
    return origins


def _repeats_header(texts: Sequence[str], header_texts: Mapping[int, str], content_col: int) -> bool:
    """Whether a row repeats the header row (a table pasted page by page)."""
    content = texts[content_col]
    expected = header_texts.get(content_col, "")
    # A header cell is short: a long content cell cannot be one (and needs no normalising to tell).
    if len(content) > 4 * len(expected) + 8 or _normalise_header(content) != expected:
        return False
    return all(_normalise_header(texts[col] if col < len(texts) else "") == text for col, text in header_texts.items())


def _text_columns(grid: Grid, header: _Header) -> list[int]:
    """The columns a section row or a note spans: all but the 序号 column."""
    number_cols = [col for col, role in header.roles.items() if role == "number"]
    return [col for col in range(grid.ncols) if col not in number_cols]


def _spanning_cell(origins: Sequence[Cell], text_cols: Sequence[int], ncols: int) -> Cell | None:
    """The one cell spanning all the text columns of a row (of ``ncols`` columns), if the row is
    just that: a section row or a note (its 序号 cells aside)."""
    if len(text_cols) < 2 or len(origins) > 1 + ncols - len(text_cols):
        return None
    inside = [cell for cell in origins if any(cell.col <= col < cell.col + cell.colspan for col in text_cols)]
    if len(inside) != 1:
        return None
    cell = inside[0]
    if cell.col <= text_cols[0] and cell.col + cell.colspan > text_cols[-1] and cell.text.strip():
        return cell
    return None
