"""Reading the rows of one table under its header: columns by role, merges, sections, duties."""

from __future__ import annotations

import functools
import sys
from collections.abc import Mapping, Sequence
from functools import partial
from operator import itemgetter
from typing import Final, NamedTuple

import attrs

from kepu_plan._i18n import N_, Text
from kepu_plan.diagnostics import Severity
from kepu_plan.errors import InvalidPlan, LayoutError, Location
from kepu_plan.grid import Cell, Grid
from kepu_plan.layout._cells import _split_units, _Units, _units_named
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
from kepu_plan.model._trusted import fill_duties, texts_hold, trusted_duty, units_hold

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
            raise IndexError(f"cell at row {row} outside the grid's {nrows} rows")  # as Grid.rows() refuses it
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


def _texts(column: list[Cell | object | None]) -> list[str]:
    """The (stripped) text of a column at each row: ``""`` where no cell starts."""
    return [value.text.strip() if type(value) is Cell else "" for value in column]


def _row_texts(columns: list[list[Cell | object | None]], row: int) -> list[str]:
    """The (stripped) texts of a row, one per column: ``""`` where no cell starts."""
    return [value.text.strip() if type(value) is Cell else "" for value in (column[row] for column in columns)]


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
    # A row of one cell across every column but the 序号 column is a section row or a note.
    number_cols = [col for col, role in header.roles.items() if role == "number"]
    text_cols = [col for col in range(grid.ncols) if col not in number_cols]
    # A table continuing the first one may have fewer columns: the missing cells are empty.
    width = max([grid.ncols, *(col + 1 for col in header.roles)])
    columns, wide = _grid_columns(grid, width)
    most_origins = 1 + grid.ncols - len(text_cols)  # a spanning row has one cell but 序号 cells
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
    duties = _Duties(roles, columns, reader, start, checked=checked)
    grouping = roles.grouping  # the action and task columns, in that order
    first = columns[grouping[0][1]] if grouping else None
    second = columns[grouping[1][1]] if len(grouping) > 1 else None
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
                spanning = _spanning_cell(row_origins, text_cols) if len(row_origins) <= most_origins else None
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
        # The action column, then the task column (written out: most rows only count covered cells).
        if first is not None:
            value = first[row]
            if value is _COVERED:
                merged += 1
            elif type(value) is Cell:
                grouping_cell(grouping[0], value, row)
            if second is not None:
                value = second[row]
                if value is _COVERED:
                    merged += 1
                elif type(value) is Cell:
                    grouping_cell(grouping[1], value, row)
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
    """What the unit cells of a row come to (see ``_row_units``)."""

    units: tuple[Unit, ...]
    leads: tuple[Unit, ...]
    noted: tuple[_Units, ...]  # the cells that need a note: units repeated, spaces, lead marks
    lead_column: bool  # whether a lead column names a unit
    wording: Wording | None = None
    rejected: tuple[str, ...] = ()  # what could not be read as a unit name
    trusted: bool = False  # whether units, leads and wording pass a duty's rules (and nothing is rejected)


def _row_units(cells: tuple[str, str, str], units_column: bool) -> _RowUnits:
    """The units and leads of a row from its units, leads and partners cells (``units_column``:
    whether the table has a units column); remembered across reads where the cells are short, as
    unit cells recur in every table (what they come to is immutable, and what a row's cells need
    noted is noted at every row)."""
    if len(cells[0]) + len(cells[1]) + len(cells[2]) <= _REMEMBERED_LENGTH:
        return _remembered_row_units(cells, units_column)
    return _read_row_units(cells, units_column)


#: The longest unit cells remembered across reads (a few hundred names' worth).
_REMEMBERED_LENGTH: Final = 1000


def _read_row_units(cells: tuple[str, str, str], units_column: bool) -> _RowUnits:
    """What :func:`_row_units` gives, read afresh."""
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
        if not units_column or units.groups:
            names = [*leads, *units.names, *partners.names]
        else:
            names = [*units.names, *(name for name in leads if name not in units.names), *partners.names]
        names = list(dict.fromkeys(names))
    rejected: list[str] = [*units.rejected, *lead_column.rejected, *partners.rejected]
    wording = None
    if units.pieces is not None or lead_column.pieces is not None or partners.pieces is not None:
        wording = Wording(units=units.pieces, leads=lead_column.pieces, partners=partners.pieces)
    found = _units_named(names, rejected)
    lead_units = _units_named(leads, []) if leads else ()
    return _RowUnits(
        found,
        lead_units,
        noted,
        bool(lead_column.names),
        wording,
        tuple(dict.fromkeys(rejected)),
        not rejected and units_hold(found, lead_units, wording),
    )


_remembered_row_units: Final = functools.lru_cache(maxsize=4096)(_read_row_units)


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
    found = _row_units(cells, bool(roles.units))
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


class _Duties:
    """The duties of a table's rows: each distinct set of a row's unit cells looked up once per
    table by their texts, and the duties of the usual shape (content and units that pass the model's
    rules, nothing to note, no extra cells) made together at the end (see
    :func:`kepu_plan.model._trusted.fill_duties`); any other row's duty is made by :func:`_duty`."""

    def __init__(
        self, roles: _Roles, columns: list[list[Cell | object | None]], reader: _Reader, start: int, *, checked: bool
    ) -> None:
        self.roles, self.columns, self.reader, self.checked = roles, columns, reader, checked
        self.unit_cols = (*roles.units, *roles.leads, *roles.partners)
        self.one = columns[roles.units[0]] if roles.one_units_column else None
        self.deadlines: list[str] | None = None
        if len(roles.deadline) == 1:
            self.deadlines = _texts(columns[roles.deadline[0]])
        # The usual shape: no extra cells, at most one deadline column, every content (and deadline) passing.
        self.trusting = (
            checked
            and not roles.extra
            and len(roles.deadline) <= 1
            and (self.deadlines is None or texts_hold(list(filter(None, self.deadlines[start:]))))
        )
        self.by_cells: dict[object, tuple[_RowUnits, bool]] = {}
        self.fresh: list[Duty] = []
        self.contents: list[str] = []
        self.found: list[_RowUnits] = []
        self.deadline_of: list[str | None] = []

    def inline(
        self,
    ) -> tuple[
        list[Cell | object | None] | None,
        dict[object, tuple[_RowUnits, bool]],
        list[Duty],
        list[str],
        list[_RowUnits],
    ]:
        """What a caller needs to add the usual duty itself (as :meth:`add` does, where a row's
        one units cell has been seen before and its duty needs nothing else): the units column
        (None where that is not the shape), the units by cell text and whether their duty is of the
        usual shape, and the lists :meth:`made` makes the duties from."""
        one = self.one if self.trusting and self.deadlines is None and _FAST else None
        return one, self.by_cells, self.fresh, self.contents, self.found

    def add(self, content: str, row: int, grid: Grid, duties: list[Duty]) -> None:
        """The duty of ``row`` (whose content is ``content``) added to ``duties``."""
        if self.one is not None:
            value = self.one[row]
            key: object = value.text if type(value) is Cell else ""
        else:
            key = tuple(cell.text if type(cell := self.columns[col][row]) is Cell else "" for col in self.unit_cols)
        known = self.by_cells.get(key)
        if known is None:
            known = self.by_cells[key] = self._units(key)
        found, quiet = known
        if quiet and self.trusting and _FAST:
            duty = _new(Duty)
            duties.append(duty)
            self.fresh.append(duty)
            self.contents.append(content)
            self.found.append(found)
            if self.deadlines is not None:
                self.deadline_of.append(self.deadlines[row] or None)
            return
        texts = _row_texts(self.columns, row)
        duties.append(_duty(content, texts, self.roles, grid, row, self.reader, checked=self.checked))

    def _units(self, key: object) -> tuple[_RowUnits, bool]:
        """What a row's unit cells (their texts as they stand: ``key``) come to, and whether a duty
        naming them needs nothing noted and passes the model's rules."""
        roles = self.roles
        if isinstance(key, str):
            cells = (key.strip(), "", "")
        else:
            assert isinstance(key, tuple)
            texts = [""] * len(self.columns)
            for col, text in zip(self.unit_cols, key, strict=True):
                texts[col] = text.strip()
            cells = (
                _column_text(texts, roles.units),
                _column_text(texts, roles.leads),
                _column_text(texts, roles.partners),
            )
        found = _row_units(cells, bool(roles.units))
        quiet = (
            found.trusted
            and not found.noted
            and not found.lead_column
            and not found.rejected
            and bool(found.units or not roles.has_units)
        )
        return found, quiet

    def made(self) -> None:
        """Make the duties of the usual shape added (once, when the table is read)."""
        if self.fresh:
            found = self.found
            fill_duties(
                self.fresh,
                self.contents,
                list(map(_UNITS, found)),
                list(map(_LEADS, found)),
                self.deadline_of if self.deadlines is not None else None,
                list(map(_WORDING, found)),
            )


_new: Final = object.__new__
_UNITS: Final = itemgetter(0)
_LEADS: Final = itemgetter(1)
_WORDING: Final = itemgetter(4)
