"""Reading a Document into a Plan: :func:`plan_from_document`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from operator import attrgetter

import attrs

from kepu_plan._gc import collector_paused
from kepu_plan._i18n import N_, Text
from kepu_plan.diagnostics import Diagnostic
from kepu_plan.errors import InvalidPlan, LayoutError, Location
from kepu_plan.grid import Cell, Document, Grid
from kepu_plan.layout._detection import _detected_layout, _find_header, _Header, _nearest_headers, _shown, choose_sheet
from kepu_plan.layout._headers import _LABEL, _SCAN_ROWS, _normalise_header
from kepu_plan.layout._reader import _Reader
from kepu_plan.layout._rows import _read_rows, has_section_rows
from kepu_plan.model import (
    ROLES,
    Plan,
)

_column_of = attrgetter("col")


def _preamble(lines: Iterable[str]) -> tuple[str | None, str]:
    """The label and the title above a table.  A label line (附件, 附件2) starts the attachment:
    the text above the last one belongs to the document the table is attached to (the body of an
    implementation plan), not to the title."""
    label: str | None = None
    title: list[str] = []
    for line in lines:
        for part in line.split("\n"):
            part = part.strip()
            if not part:
                continue
            if _LABEL.match(part):
                label, title = part, []
            else:
                title.append(part)
    return label, "".join(title)


def _first_rows(grid: Grid, count: int) -> list[list[Cell]]:
    """The origin cells of the grid's first ``count`` rows, row by row, as :meth:`Grid.rows` gives
    them (without grouping the cells of the rows below, which a table has thousands of)."""
    nrows = grid.nrows
    rows: list[list[Cell]] = [[] for _ in range(min(count, nrows))]
    for cell in grid.cells:
        row = cell.row
        if row < count:
            if row < 0:  # counted from the end, as Grid.rows() counts it (no reader makes such a cell)
                row += nrows
                if row < 0:
                    raise IndexError("list index out of range")  # what Grid.rows() raises for it
                if row >= count:
                    continue
            rows[row].append(cell)
    for cells in rows:
        if len(cells) > 1:
            cells.sort(key=_column_of)
    return rows


def _levels(header: _Header, grid: Grid, reader: _Reader) -> _Header:
    """The header as the table is read, and the reader told whether the table has two levels: no
    task column beside the actions (a column or section rows), or one task column that holds the
    actions, the table having neither an action column nor section rows (重点任务 | 具体措施)."""
    roles = header.roles
    tasks = [col for col, role in roles.items() if role == "task"]
    has_action = "action" in roles.values()
    if tasks and (has_action or len(tasks) > 1):
        return header  # three levels
    if not has_action:
        sections = has_section_rows(grid, header.row + header.height, header)
        if tasks and sections:
            return header  # three levels: the section rows hold the actions
        if not tasks and not sections:
            return header  # contents alone: no action to read them into (each row says so)
        if tasks:
            header = attrs.evolve(header, roles={**roles, tasks[0]: "action"})
            reader.note(
                "task-column-actions",
                Text(
                    N_("column '{header}' holds the actions: the table has no action column and no section rows"),
                    header=header.headers.get(tasks[0], ""),
                ),
                grid.locate(header.row, tasks[0]),
            )
    reader.two_levels = True
    reader.note(
        "two-levels",
        Text(N_("the table has no task column: each action's rows are read as one task named as the action")),
        grid.locate(header.row),
    )
    return header


def plan_from_document(
    document: Document,
    *,
    columns: Mapping[str | int, str] | None = None,
    diagnostics: list[Diagnostic] | None = None,
    strict: bool = False,
) -> Plan:
    """The plan held by a document's tables, with the layout they were found in.

    A document of a workbook's sheets (``document.sheets``, no tables) is read from the first sheet
    whose first rows hold a recognisable header, and only that sheet is shown whole.

    ``columns`` maps header texts (or 1-based column numbers) to roles (``action``, ``task``,
    ``content``, ``units``, ``leads``, ``partners``, ``deadline``, ``number``, ``extra``) for
    tables whose headers are not recognised.  ``diagnostics``, when given, receives every
    interpretation the reader made.

    A row that cannot be read (units but no content, no action or task above it, a unit cell
    whose names no unit can have) does not stop the reading: it is reported as a warning naming
    its position, and its text is kept in the plan's notes as ``未读入（表1第5行）：…``; a duty
    that names no unit is read with ``units=()`` and reported as a warning.  With ``strict`` the
    first warning raises :class:`~kepu_plan.errors.LayoutError` instead.  A table without a
    header, or without rows, raises in either case.

    Python's cyclic garbage collector is paused while the plan is made, as every reader pauses it
    (see :mod:`kepu_plan._gc`).
    """
    with collector_paused():
        return _plan_from_document(document, columns, diagnostics, strict=strict)


def _plan_from_document(
    document: Document,
    columns: Mapping[str | int, str] | None,
    diagnostics: list[Diagnostic] | None,
    *,
    strict: bool,
) -> Plan:
    synonyms: dict[str, str] = {}
    by_index: dict[int, str] = {}
    for key, role in (columns or {}).items():
        if role not in ROLES:
            raise InvalidPlan(
                "columns",
                Text(N_("unknown column role '{role}'; the roles are {roles}"), role=role, roles=", ".join(ROLES)),
            )
        if isinstance(key, int):
            by_index[key - 1] = role
        else:
            synonyms[_normalise_header(key)] = role
    if document.sheets and not document.tables:
        document = choose_sheet(document, synonyms, by_index)
    reader = _Reader(diagnostics, strict=strict)
    preamble: list[str] = list(document.preamble)
    header: _Header | None = None
    found: list[str] = []
    for index, grid in enumerate(document.tables):
        if header is None and 0 < index <= len(document.between):
            preamble.extend(document.between[index - 1])  # the label and title above this table
        rows = _first_rows(grid, _SCAN_ROWS)  # where a header is looked for
        here = _find_header(rows, synonyms, by_index if header is None else None)
        if here is None:
            if header is None:
                found.extend(_shown(cell.text) for row in rows for cell in row if cell.text.strip())
                preamble.extend(cell.text for row in grid.rows() for cell in row)
                continue
            reader.note(
                "continued-table",
                Text(N_("this table has no header: read as a continuation of the table above")),
                grid.locate(),
            )
            start = 0
        else:
            if header is None:
                preamble.extend(cell.text for row in rows[: here.row] for cell in row)
                header = _levels(here, grid, reader)
            else:
                reader.note(
                    "continued-table", Text(N_("this table repeats the header: read as a continuation")), grid.locate()
                )
            start = here.row + here.height
        _read_rows(grid, start, header, reader)
    if header is None:
        raise LayoutError(
            Text(
                N_("no table with a recognisable header row; found {found}; the nearest known headers: {known}"),
                found="、".join(found[:12]) or Text(N_("nothing")),
                known="、".join(_nearest_headers(found)),
            ),
            Location(file=document.file),
            hint=Text(N_("give each column its role ({roles}), e.g. 工作举措 is content"), roles=", ".join(ROLES)),
            code="no-header",
        )
    label, title = _preamble(preamble)
    for line in document.trailer:
        if line.strip():
            reader.notes.append(line.strip())
            reader.note(
                "note",
                Text(N_("text below the table kept as a note: '{text}'"), text=line.strip()[:20]),
                Location(file=document.file),
            )
    return reader.build(label, title, document.file, _detected_layout(header, reader))
