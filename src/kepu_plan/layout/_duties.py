"""The duties of a table's rows: where each role's columns are, the texts of a row, what a row's
unit cells come to (remembered across reads), and the duties, the usual ones made together."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Final, NamedTuple

import attrs

from kepu_plan._i18n import N_, Text
from kepu_plan.diagnostics import Severity
from kepu_plan.errors import InvalidPlan, LayoutError, Location
from kepu_plan.grid import Cell, Grid
from kepu_plan.layout._cells import REMEMBERED_LENGTH, _split_units, _Units, _units_named
from kepu_plan.model import (
    Duty,
    Extra,
    LeadStyle,
    Unit,
    Wording,
)
from kepu_plan.model._trusted import fill_duties, texts_hold, trusted_duty, units_hold

if TYPE_CHECKING:
    from kepu_plan.layout._detection import _Header
    from kepu_plan.layout._reader import _Reader


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


def _texts(column: list[Cell | object | None]) -> list[str]:
    """The (stripped) text of a column at each row: ``""`` where no cell starts."""
    return [value.text.strip() if type(value) is Cell else "" for value in column]


def _row_texts(columns: list[list[Cell | object | None]], row: int) -> list[str]:
    """The (stripped) texts of a row, one per column: ``""`` where no cell starts."""
    return [value.text.strip() if type(value) is Cell else "" for value in (column[row] for column in columns)]


def _column_text(texts: Sequence[str], cols: tuple[int, ...]) -> str:
    """The (stripped) text of a role's column, or of its columns one per line."""
    if not cols:
        return ""
    if len(cols) == 1:
        return texts[cols[0]]
    return "\n".join(text for text in (texts[col] for col in cols) if text)


def _unit_cells(texts: Sequence[str], roles: _Roles) -> tuple[str, str, str]:
    """A row's units, leads and partners cells from its (stripped) texts."""
    if roles.one_units_column:
        return (texts[roles.units[0]], "", "")
    return (
        _column_text(texts, roles.units),
        _column_text(texts, roles.leads),
        _column_text(texts, roles.partners),
    )


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
    if len(cells[0]) + len(cells[1]) + len(cells[2]) <= REMEMBERED_LENGTH:
        return _remembered_row_units(cells, units_column)
    return _read_row_units(cells, units_column)


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
    cells = _unit_cells(texts, roles)
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
        self,
        roles: _Roles,
        columns: list[list[Cell | object | None]],
        reader: _Reader,
        start: int,
        *,
        checked: bool,
        fast: bool = True,
    ) -> None:
        """The duties of the rows from ``start`` of a table's ``columns``; ``checked``: every content
        passes the model's rule; ``fast``: the usual duties made together (else each by :func:`_duty`)."""
        self.roles, self.columns, self.reader, self.checked = roles, columns, reader, checked
        self.unit_cols = (*roles.units, *roles.leads, *roles.partners)
        self.one = columns[roles.units[0]] if roles.one_units_column else None
        self.deadlines: list[str] | None = None
        if len(roles.deadline) == 1:
            self.deadlines = _texts(columns[roles.deadline[0]])
        # The usual shape: no extra cells, at most one deadline column, every content (and deadline) passing.
        self.trusting = (
            fast
            and checked
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
        one = self.one if self.trusting and self.deadlines is None else None
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
        if quiet and self.trusting:
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
        texts = [""] * len(self.columns)
        if isinstance(key, str):  # the one units column's text
            texts[roles.units[0]] = key.strip()
        else:
            assert isinstance(key, tuple)
            for col, text in zip(self.unit_cols, key, strict=True):
                texts[col] = text.strip()
        cells = _unit_cells(texts, roles)
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
