"""Reading the rows of one table under its header: columns by role, merges, sections, duties."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Final, NamedTuple

import attrs

from kepu_plan._i18n import N_, Text
from kepu_plan.diagnostics import Severity
from kepu_plan.errors import InvalidPlan, LayoutError, Location
from kepu_plan.grid import Cell, Grid
from kepu_plan.layout._cells import _split_units, _Units
from kepu_plan.layout._detection import _Header
from kepu_plan.layout._headers import _normalise_header
from kepu_plan.layout._reader import _NOTE, _Reader
from kepu_plan.model import (
    Duty,
    Extra,
    LeadStyle,
    Unit,
    Wording,
)
from kepu_plan.model._trusted import texts_hold, trusted_duty, units_hold

#: A position below the first row of a vertically merged cell.
_COVERED: Final = object()


@attrs.frozen
class _Roles:
    """Where each role's columns are in a table, worked out once per table rather than per row."""

    content: int
    content_cols: tuple[int, ...]
    grouping: tuple[tuple[str, int], ...]  # the action and task columns, in that order
    units: tuple[int, ...]
    leads: tuple[int, ...]
    partners: tuple[int, ...]
    deadline: tuple[int, ...]
    extra: tuple[tuple[int, str], ...]
    grouping_cols: frozenset[int]  # the action, task and 序号 columns
    number_cols: frozenset[int]
    has_units: bool  # whether the table has a units, leads or partners column
    unit_note_col: int  # where a unit problem is reported: the units column, else the content column
    has_action: bool
    one_units_column: bool  # the common case: a units column, and no lead or partner column

    @classmethod
    def of(cls, header: _Header) -> _Roles:
        role_cols: dict[str, list[int]] = {}
        for col, role in sorted(header.roles.items()):
            role_cols.setdefault(role, []).append(col)
        content = role_cols["content"][0]
        return cls(
            content=content,
            content_cols=tuple(role_cols["content"]),
            grouping=tuple((role, role_cols[role][0]) for role in ("action", "task") if role in role_cols),
            grouping_cols=frozenset(col for role in ("action", "task", "number") for col in role_cols.get(role, ())),
            number_cols=frozenset(role_cols.get("number", ())),
            has_units=bool({"units", "leads", "partners"} & role_cols.keys()),
            units=tuple(role_cols.get("units", ())),
            leads=tuple(role_cols.get("leads", ())),
            partners=tuple(role_cols.get("partners", ())),
            deadline=tuple(role_cols.get("deadline", ())),
            extra=tuple((col, header.headers.get(col, f"第{col + 1}列")) for col in role_cols.get("extra", ())),
            unit_note_col=role_cols["units"][0] if "units" in role_cols else content,
            has_action="action" in role_cols,
            one_units_column=len(role_cols.get("units", ())) == 1 and not {"leads", "partners"} & role_cols.keys(),
        )


def _grid_values(grid: Grid, width: int) -> tuple[list[list[str | object]], list[list[Cell | None]]]:
    """Each row's value per column (a cell's text where it starts, ``_COVERED`` below that in a
    vertically merged cell, ``""`` elsewhere) and the cell covering each position."""
    nrows, ncols = grid.nrows, grid.ncols
    values: list[list[str | object]] = [[""] * width for _ in range(nrows)]
    owners: list[list[Cell | None]] = [[None] * width for _ in range(nrows)]
    for cell in grid.cells:
        row, col, rowspan = cell.row, cell.col, cell.rowspan
        if rowspan == 1 and cell.colspan == 1 and row < nrows and col < ncols:
            values[row][col] = cell.text
            owners[row][col] = cell
            continue
        if cell.colspan == 1 and col < ncols:  # merged down one column, as most merges are
            end = min(row + rowspan, nrows)
            if row < end:
                values[row][col] = cell.text
                owners[row][col] = cell
            for r in range(row + 1, end):
                values[r][col] = _COVERED
                owners[r][col] = cell
            continue
        for r in range(row, min(row + cell.rowspan, nrows)):
            line = values[r]
            covering = owners[r]
            for c in range(col, min(col + cell.colspan, ncols)):
                line[c] = (cell.text if r == row else _COVERED) if c == col else ""
                covering[c] = cell
    return values, owners


def _read_rows(grid: Grid, rows: list[list[Cell]], start: int, header: _Header, reader: _Reader) -> None:
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
    # A row of one cell across every column but the 序号 column is a section row or a note.
    number_cols = [col for col, role in header.roles.items() if role == "number"]
    text_cols = [col for col in range(grid.ncols) if col not in number_cols]
    # A table continuing the first one may have fewer columns: the missing cells are empty.
    width = max([grid.ncols, *(col + 1 for col in header.roles)])
    values, owners = _grid_values(grid, width)
    most_origins = 1 + grid.ncols - len(text_cols)  # a spanning row has one cell but 序号 cells
    # Every content text checked at once: where all pass the model's rule, a duty of the usual
    # shape is made without checking its content again (see kepu_plan.model._trusted).
    contents = (line[content_col] for line in values[start:])
    checked = texts_hold([text for value in contents if type(value) is str if (text := value.strip())])
    pending: list[tuple[str, Location]] = []
    previous_origin: dict[int, Cell] = {}
    repeated_until = start  # the rows of a header of two rows repeated inside the table
    for row in range(start, min(grid.nrows, len(rows))):
        if row < repeated_until:
            continue
        line = values[row]
        texts = [value.strip() if value is not _COVERED else "" for value in line]  # type: ignore[union-attr]
        if not any(texts) and not any(line[col] is _COVERED for col in roles.content_cols):
            reader.note("empty-row", Text(N_("empty row skipped")), grid.locate(row))
            continue
        if (
            header_texts
            and len(texts[content_col]) <= header_length
            and _repeats_header(texts, header_texts, content_col)
        ):
            reader.note("header-repeat", Text(N_("header row repeated inside the table: skipped")), grid.locate(row))
            continue
        if header.height > 1 and _repeats_header(texts, header.first, content_col):
            reader.note("header-repeat", Text(N_("header rows repeated inside the table: skipped")), grid.locate(row))
            repeated_until = row + header.height
            continue
        filled = [text for text in texts if text] if texts.count("") == len(texts) - 1 else ()
        if filled and _NOTE.match(filled[0]) and not any(line[col] is _COVERED for col in roles.content_cols):
            # A note in one cell under (or inside) the table, as a spreadsheet writes it: 注：…
            pending.append((filled[0], grid.locate(row, texts.index(filled[0]))))
            continue
        spanning = _spanning_cell(rows[row], text_cols) if len(rows[row]) <= most_origins else None
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
                reader.note("note", Text(N_("row spanning the table kept as a note: '{text}'"), text=text[:20]), where)
            else:
                reader.sections = True
                reader.start_action(text, where, merged_group=False)
        for role, col in roles.grouping:
            value = line[col]
            if value is _COVERED:
                reader.merged_cells += 1
                continue
            if not texts[col]:
                continue
            assert isinstance(value, str)
            cell = owners[row][col]
            before = previous_origin.get(col)
            merged_group = before is not None and before.rowspan > 1
            if before is not None and before.text == value and before.rowspan == 1:
                reader.repeated_cells += 1
            if cell is not None:
                previous_origin[col] = cell
            if role == "action":
                reader.start_action(value, grid.locate(row, col), merged_group=merged_group)
            elif reader.current is not None:
                reader.start_task(value, partial(grid.locate, row, col), merged_group=merged_group)
        content = texts[content_col]
        if reader.current is None or reader.duties is None:
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
            where = grid.locate(row, content_col)
            others = [
                text
                for col, text in enumerate(texts)
                if text and (col not in roles.grouping_cols or (col in roles.number_cols and not text.isdigit()))
            ]
            if others:
                reader.unread("row-without-content", Text(N_("this row has no content (主要内容)")), others, where)
            continue
        reader.duties.append(_duty(content, texts, roles, grid, row, reader, checked=checked))
    for text, where in pending:
        reader.notes.append(text)
        reader.note("note", Text(N_("row spanning the table kept as a note: '{text}'"), text=text[:20]), where)


def _repeats_header(texts: Sequence[str], header_texts: Mapping[int, str], content_col: int) -> bool:
    """Whether a row repeats the header row (a table pasted page by page)."""
    content = texts[content_col]
    expected = header_texts.get(content_col, "")
    # A header cell is short: a long content cell cannot be one (and needs no normalising to tell).
    if len(content) > 4 * len(expected) + 8 or _normalise_header(content) != expected:
        return False
    return all(_normalise_header(texts[col] if col < len(texts) else "") == text for col, text in header_texts.items())


def _spanning_cell(origins: Sequence[Cell], text_cols: Sequence[int]) -> Cell | None:
    """The one cell spanning all the text columns of a row, if the row is just that."""
    if len(text_cols) < 2:
        return None
    inside = [cell for cell in origins if any(cell.col <= col < cell.col + cell.colspan for col in text_cols)]
    if len(inside) != 1:
        return None
    cell = inside[0]
    if cell.col <= text_cols[0] and cell.col + cell.colspan > text_cols[-1] and cell.text.strip():
        return cell
    return None


def _column_text(texts: Sequence[str], cols: tuple[int, ...]) -> str:
    """The (stripped) text of a role's column, or of its columns one per line."""
    if not cols:
        return ""
    if len(cols) == 1:
        return texts[cols[0]]
    return "\n".join(text for text in (texts[col] for col in cols) if text)


_NO_EXTRA: Final = Extra()


class _RowUnits(NamedTuple):
    """What the unit cells of a row come to, worked out once per distinct cell texts in a read."""

    units: tuple[Unit, ...]
    leads: tuple[Unit, ...]
    noted: tuple[_Units, ...]  # the cells that need a note: units repeated, spaces, lead marks
    lead_column: bool  # whether a lead column names a unit
    wording: Wording | None = None
    rejected: tuple[str, ...] = ()  # what could not be read as a unit name
    trusted: bool = False  # whether units, leads and wording pass a duty's rules (and nothing is rejected)


def _row_units(cells: tuple[str, str, str], roles: _Roles, reader: _Reader) -> _RowUnits:
    """The units and leads of a row from its units, leads and partners cells."""
    units, lead_column, partners = map(_split_units, cells)
    noted = tuple(
        parsed
        for parsed in (units, lead_column, partners)
        if parsed.repeated or parsed.spaces or parsed.marks or parsed.groups
    )
    if not (lead_column.names or units.leads or partners.names):
        # The common case, one units column without lead marks: the names as they stand.
        names: Sequence[str] = units.names
        leads: Sequence[str] = ()
    else:
        leads = list(dict.fromkeys([*lead_column.names, *units.leads, *partners.leads]))
        if not roles.units or units.groups:
            names = [*leads, *units.names, *partners.names]
        else:
            names = [*units.names, *(name for name in leads if name not in units.names), *partners.names]
        names = list(dict.fromkeys(names))
    rejected: list[str] = [*units.rejected, *lead_column.rejected, *partners.rejected]
    wording = None
    if units.pieces is not None or lead_column.pieces is not None or partners.pieces is not None:
        wording = Wording(units=units.pieces, leads=lead_column.pieces, partners=partners.pieces)
    found = reader.units(names, rejected)
    lead_units = reader.units(leads, []) if leads else ()
    return _RowUnits(
        found,
        lead_units,
        noted,
        bool(lead_column.names),
        wording,
        tuple(dict.fromkeys(rejected)),
        not rejected and units_hold(found, lead_units, wording),
    )


def _note_units(found: _RowUnits, where: Location, reader: _Reader) -> None:
    """Note what was interpreted in a row's unit cells, and how the table marks leads."""
    for parsed in found.noted:
        if parsed.repeated:
            reader.note(
                "unit-repeated",
                Text(N_("unit(s) listed twice in one cell: {units}"), units="、".join(parsed.repeated)),
                where,
                Severity.WARNING,
            )
        if parsed.spaces:
            reader.note("unit-spaces", Text(N_("unit names separated by spaces")), where)
        if parsed.marks or parsed.groups:
            reader.note(
                "lead-mark",
                Text(N_("lead mark read: {leads} lead"), leads="、".join(parsed.leads) or Text(N_("none"))),
                where,
            )
            reader.lead_style = reader.lead_style or (LeadStyle.MARK if parsed.marks else LeadStyle.GROUP)
    if found.lead_column:
        reader.lead_style = LeadStyle.COLUMN


def _duty(
    content: str, texts: Sequence[str], roles: _Roles, grid: Grid, row: int, reader: _Reader, *, checked: bool = False
) -> Duty:
    """The duty of a row; ``checked``: its content passed the model's rule already."""
    if roles.one_units_column:
        cells = (texts[roles.units[0]], "", "")
    else:
        cells = (
            _column_text(texts, roles.units),
            _column_text(texts, roles.leads),
            _column_text(texts, roles.partners),
        )
    extra = Extra({header: texts[col] for col, header in roles.extra if texts[col]}) if roles.extra else _NO_EXTRA
    found = reader.row_units.get(cells)
    if found is None:
        found = reader.row_units[cells] = _row_units(cells, roles, reader)
    if found.noted or found.lead_column:
        _note_units(found, grid.locate(row, roles.unit_note_col), reader)
    if found.rejected:
        reader.unread(
            "unit-unreadable",
            Text(N_("cannot read {names} as the name of a unit"), names="、".join(found.rejected)),
            ["\n".join(cell for cell in cells if cell)],
            grid.locate(row, roles.unit_note_col),
        )
    elif not found.units and roles.has_units:
        reader.note(
            "no-units",
            Text(N_("this duty names no responsible unit")),
            grid.locate(row, roles.unit_note_col),
            Severity.WARNING,
        )
    deadline = (_column_text(texts, roles.deadline) or None) if roles.deadline else None
    if checked and found.trusted and deadline is None and not extra:
        return trusted_duty(content, found.units, found.leads, found.wording)
    try:
        return Duty(
            content=content,
            units=found.units,
            leads=found.leads,
            deadline=deadline,
            extra=extra,
            wording=found.wording if not found.rejected else None,
        )
    except InvalidPlan as error:
        raise LayoutError(
            Text(N_("this row breaks a rule: {reason}"), reason=error.args[0]), grid.locate(row, roles.content)
        ) from None
