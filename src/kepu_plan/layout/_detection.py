"""Finding the table: the header row and its roles, the layout a table was found in, the sheet that holds
the table, and the nearest known headers for a message when none is found."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from kepu_plan.errors import InvalidPlan
from kepu_plan.grid import Cell, Document, Grid, Sheet
from kepu_plan.layout._headers import _DEFAULT_HEADERS, _ROLE_BY_HEADER, _SCAN_ROWS, KNOWN_HEADERS, _normalise_header
from kepu_plan.model import (
    Column,
    Layout,
    LeadStyle,
)

if TYPE_CHECKING:
    from kepu_plan.layout._reader import _Reader


@attrs.frozen
class _Header:
    row: int
    height: int
    roles: dict[int, str]
    headers: dict[int, str]
    groups: dict[int, str] = attrs.Factory(dict)  # column → the upper cell over it, in two header rows
    first: dict[int, str] = attrs.Factory(dict)  # the first header row's texts, normalised, by column


def _header_roles(cells: Sequence[Cell], synonyms: Mapping[str, str]) -> dict[int, str]:
    roles: dict[int, str] = {}
    for cell in cells:
        key = _normalise_header(cell.text)
        role = synonyms.get(key) or _ROLE_BY_HEADER.get(key)
        if role is not None:
            roles[cell.col] = role
    # Two task-like columns and no action column (重点任务 | 主要任务, 重点工作 | 工作任务): the left
    # one groups the right one, so it holds the actions.
    task_cols = sorted(col for col, role in roles.items() if role == "task")
    if len(task_cols) > 1 and "action" not in roles.values():
        roles[task_cols[0]] = "action"
    return roles


def _find_header(
    rows: list[list[Cell]], synonyms: Mapping[str, str], by_index: Mapping[int, str] | None = None
) -> _Header | None:
    """The header row: the first with a content column and another known column.

    Columns given by number (``by_index``) count as known in a row that has text in each of them,
    so that rows above the table (附件, the title) are never taken for the header.
    """
    by_index = by_index or {}
    for index, cells in enumerate(rows[:_SCAN_ROWS]):
        roles = _header_roles(cells, synonyms)
        if by_index:
            filled = {cell.col for cell in cells if cell.text.strip()}
            if not set(by_index) <= filled:
                continue
            roles.update(by_index)
        if "content" in roles.values() and len(roles) >= 2:
            headers = {cell.col: cell.text.strip() for cell in cells}
            height = max((cell.rowspan for cell in cells), default=1)
            groups = _refine_with_subheaders(cells, rows[index + 1 : index + height], synonyms, roles, headers)
            for cell in cells:
                if cell.col not in roles and cell.text.strip():
                    roles[cell.col] = "extra"
            first = {cell.col: _normalise_header(cell.text) for cell in cells if cell.text.strip()}
            return _Header(index, height, roles, headers, groups, first)
    return None


def _refine_with_subheaders(
    cells: Sequence[Cell],
    subrows: Sequence[Sequence[Cell]],
    synonyms: Mapping[str, str],
    roles: dict[int, str],
    headers: dict[int, str],
) -> dict[int, str]:
    """A header of two rows (``责任单位`` over ``牵头单位 | 配合单位``): the lower cells name the
    columns under a spanning upper cell; a column they leave unnamed keeps the upper cell's role, so
    that no column is dropped.  Returns the group of each named column: the spanning upper cell's
    text (an extra column's header is ``group/name``, so that it stays unique)."""
    groups: dict[int, str] = {}
    for sub in subrows:
        for cell in sub:
            text = cell.text.strip()
            parent = next((c for c in cells if c.col <= cell.col < c.col + c.colspan), None)
            group = parent.text.strip() if parent is not None and parent.rowspan == 1 else ""
            role = synonyms.get(_normalise_header(text)) or _ROLE_BY_HEADER.get(_normalise_header(text))
            if role is not None:
                roles[cell.col] = role
                headers[cell.col] = text
            elif text:
                roles[cell.col] = "extra"
                headers[cell.col] = (
                    f"{parent.text.strip()}/{text}" if parent is not None and parent.text.strip() else text
                )
            if text and group:
                groups[cell.col] = group
    for cell in cells:
        for offset in range(1, cell.colspan):
            col = cell.col + offset
            if col not in roles and cell.col in roles:
                role = roles[cell.col]
                roles[col] = role
                headers[col] = f"{cell.text.strip()}{offset + 1}" if role == "extra" else cell.text.strip()
    return groups


def _nearest_headers(found: Sequence[str], count: int = 5) -> list[str]:
    """The known headers nearest the cells found where a header was looked for, the nearest first
    (each cell's nearest, at most ``count``, at least three with each role's usual header after them):
    a message names these rather than the whole list (docs/formats.md lists them all)."""
    known = list(dict.fromkeys(header.replace("\n", "/") for header in KNOWN_HEADERS))
    normal = [_normalise_header(header) for header in known]
    nearest: list[tuple[float, int]] = []
    for text in dict.fromkeys(found[:60]):
        cell = _normalise_header(text)
        ratios = [difflib.SequenceMatcher(None, cell, header).ratio() for header in normal]
        best = max(range(len(known)), key=lambda index: (ratios[index], -index))
        if ratios[best] > 0:
            nearest.append((-ratios[best], best))
    chosen = list(dict.fromkeys(known[index] for _ratio, index in sorted(nearest)))[:count]
    for header in _DEFAULT_HEADERS.values():
        if len(chosen) >= 3:
            break
        if header.replace("\n", "/") not in chosen:
            chosen.append(header.replace("\n", "/"))
    return chosen


def _shown(text: str, limit: int = 12) -> str:
    """A cell's text, short enough to list in a message."""
    text = text.strip().replace("\n", "/")
    return text if len(text) <= limit else text[:limit] + "…"


def _detected_layout(header: _Header, reader: _Reader) -> Layout | None:
    columns = [
        Column(
            role=role,
            header=header.headers.get(col) or _DEFAULT_HEADERS.get(role, role),
            group=header.groups.get(col),
        )
        for col, role in sorted(header.roles.items())
    ]

    def uniform(styles: list[str | None]) -> str | None:
        return styles[0] if styles and all(style == styles[0] for style in styles) else None

    lead_style = reader.lead_style or LeadStyle.COLUMN
    try:
        return Layout(
            columns=columns,
            sections=reader.sections and "action" not in header.roles.values(),
            action_numbering=uniform(reader.action_styles),
            task_numbering=uniform(reader.task_styles),
            merged=not (reader.repeated_cells and not reader.merged_cells),
            leads=lead_style,
        )
    except InvalidPlan:
        return None  # a table read through an odd column mapping: written back in the Shenmu layout


def _rows_of(sheet: Sheet) -> list[list[Cell]]:
    return list(sheet.first_rows(_SCAN_ROWS).rows())


def choose_sheet(document: Document, synonyms: Mapping[str, str], by_index: Mapping[int, str]) -> Document:
    """The document with the sheet that holds the table shown whole as its one table: the first
    sheet whose first rows have a recognisable header (where none has and a column is given by
    number, the first sheet, for the header to be found by that column).  Sheets are
    alternatives, not parts of one table (as a DOCX's tables may be), so no other sheet is read as
    the table's continuation.  Where no sheet has a header, the first rows of each, for the
    message that says so to list what was found there without the rest of any sheet being shown.
    """
    sheets = document.sheets
    for index, sheet in enumerate(sheets):
        rows = _rows_of(sheet)
        header = _find_header(rows, synonyms)
        forced = (
            header is None
            and bool(by_index)
            and index == 0
            and not any(_find_header(_rows_of(other), synonyms) is not None for other in sheets[1:])
        )
        if header is not None or forced:
            columns = None
            if header is not None:
                cells = rows[header.row]
                grid = sheet.first_rows(_SCAN_ROWS)
                first = cells[0].col + grid.col_offset + 1
                last = max(cell.col + cell.colspan for cell in cells) + grid.col_offset
                columns = range(first, last + 1)
            return attrs.evolve(document, tables=(sheet.whole(columns),), sheets=())
    tops: list[Grid] = [grid for sheet in sheets if (grid := sheet.first_rows(_SCAN_ROWS)).cells]
    return attrs.evolve(document, tables=tuple(tops), sheets=())
