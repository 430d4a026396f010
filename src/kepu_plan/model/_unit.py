"""Units and how a table words them: :class:`Unit`, :class:`Extra` (the cells of other columns)
and :class:`Wording`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import cast

import attrs

from kepu_plan._grammar.cells import (
    COLLECTIVE,
    MAX_TEXT_LENGTH,
    NO_UNITS,
    OPEN_ENDINGS,
    ROLE_MARK,
    UNIT_FORBIDDEN,
    UNIT_LABEL,
    UNSTORABLE,
)
from kepu_plan._i18n import N_, Text
from kepu_plan.errors import InvalidPlan
from kepu_plan.model._checks import check_text, to_tuple

__all__ = ["Extra", "Unit", "Wording", "check_unique_units", "leads_field", "to_extra", "units_field"]


def _check_parentheses(name: str) -> None:
    """A unit's parenthesised parts (县委宣传部（县文明办）) close, and do not nest."""
    depth = 0
    for char in name:
        if char in "（(":
            depth += 1
            if depth > 1:
                raise InvalidPlan("name", Text(N_("unit name has parentheses inside parentheses")))
        elif char in "）)":
            depth -= 1
            if depth < 0:
                raise InvalidPlan(
                    "name", Text(N_("unit name closes a parenthesis it did not open: '{char}'"), char=char)
                )
    if depth:
        raise InvalidPlan("name", Text(N_("unit name leaves a parenthesis open")))


@attrs.frozen(kw_only=True)
class Unit:
    """A responsible unit (负责单位), as the table writes it: ``市教体局``.  Units are equal by name.

    A name may hold parenthesised parts (``县委宣传部（县文明办）``, ``各镇（街道）``) but no
    separator (、，；) or whitespace, and nothing a unit cell reads as a mark rather than a
    name: a role at its end (``牵头``, ``配合``, ``（牵头）``, ``（…牵头）``), an open-list ending
    (``等``, ``等部门``, ``等单位``), a leading ``由`` (``由…牵头``) or label (``牵头单位：``), or a
    no-units mark (``—``, ``无``).

    >>> Unit(name="各镇（街道）").collective, Unit(name="县委宣传部（县文明办）").collective
    (True, False)
    """

    name: str

    def __attrs_post_init__(self) -> None:
        name = self.name
        check_text("name", name, what=N_("unit name"), multiline=False)
        bad = UNIT_FORBIDDEN.search(name)
        if bad is not None:
            char = bad.group()
            if char.isspace():
                raise InvalidPlan("name", Text(N_("unit name contains whitespace")))
            raise InvalidPlan("name", Text(N_("unit name contains '{char}'"), char=char))
        if name.endswith(("牵头", "配合")):
            raise InvalidPlan("name", Text(N_("unit name ends with '{mark}', which marks a role"), mark=name[-2:]))
        if "(" in name or "（" in name or ")" in name or "）" in name:
            _check_parentheses(name)
            if ROLE_MARK.search(name):
                raise InvalidPlan("name", Text(N_("unit name ends with a role mark: '{name}'"), name=name))
        if name.endswith(OPEN_ENDINGS):
            raise InvalidPlan("name", Text(N_("unit name ends like an open list (等): '{name}'"), name=name))
        if UNIT_LABEL.match(name):
            raise InvalidPlan("name", Text(N_("unit name starts with a label of units: '{name}'"), name=name))
        if name.startswith("由"):
            raise InvalidPlan("name", Text(N_("unit name starts with 由, which a cell reads as 由…牵头")))
        if name in NO_UNITS:
            raise InvalidPlan("name", Text(N_("unit name '{name}' is what a cell writes for no units"), name=name))

    def __str__(self) -> str:
        return self.name

    @property
    def collective(self) -> bool:
        """Whether the name stands for several units (各成员单位, 各镇（街道）, 县直有关部门, 有关单位).

        A duty given to a collective is shared by every unit it covers: by default every unit of
        the plan, or those a :class:`~kepu_plan.units.UnitDirectory` lists as its members (see
        :func:`kepu_plan.units.assignments`).
        """
        return COLLECTIVE.search(self.name) is not None


class Extra(Mapping[str, str]):
    """An immutable, hashable mapping from a column's header text to a duty's cell text.

    It keeps the order of its keys (the columns' order) but, like every mapping, compares equal
    regardless of order.
    """

    __slots__ = ("_hash", "_items")

    def __init__(self, items: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        pairs = items.items() if isinstance(items, Mapping) else items
        data: dict[str, str] = {}
        for key, value in pairs:
            if key in data:
                raise InvalidPlan(f"[{key!r}]", Text(N_("column is given twice")))
            data[key] = value
        self._items = data
        self._hash: int | None = None

    def __getitem__(self, key: str) -> str:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._items.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._items) == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"Extra({self._items!r})"


def to_extra(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> Extra:
    return value if isinstance(value, Extra) else Extra(value)


def _pieces(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else to_tuple("pieces", value)


@attrs.frozen(kw_only=True)
class Wording:
    """How a table worded a cell of units, kept so that the plan is written back in its own words.

    Each field holds the text around the unit names of one cell, in the cell's order: ``pieces``
    with one more item than the cell names units (``县农业农村局牵头，县妇联、县科协等部门配合`` is
    ``("", "牵头，", "、", "等部门配合")``).  ``units``, ``leads`` and ``partners`` are the cells
    of a duty's units, leads and partners columns (None: written the layout's way); an action keeps
    the lead mark of its cell in ``leads`` (``（由县教体局、县科协牵头）`` is ``("（由", "、",
    "牵头）")``).  A reader records a cell's wording only where the layout would write it otherwise;
    a writer uses it when it still fits the units (as many names, leads where the cell marks leads).
    Wording is not part of a plan's equality, like :attr:`Plan.layout`.

    >>> Wording(units=("", "、", "等部门")).ending
    '等部门'
    """

    units: tuple[str, ...] | None = attrs.field(default=None, converter=_pieces)
    leads: tuple[str, ...] | None = attrs.field(default=None, converter=_pieces)
    partners: tuple[str, ...] | None = attrs.field(default=None, converter=_pieces)

    def __attrs_post_init__(self) -> None:
        for field in ("units", "leads", "partners"):
            pieces = getattr(self, field)
            if pieces is None:
                continue
            if not pieces:
                raise InvalidPlan(field, Text(N_("a cell's wording has at least one piece")))
            for i, piece in enumerate(pieces):
                # A piece is the text between names: separators and spaces are its point.
                if not isinstance(piece, str):
                    raise InvalidPlan(
                        f"{field}[{i}]", Text(N_("wording must be a str, not {type}"), type=type(piece).__name__)
                    )
                bad = UNSTORABLE.search(piece)
                if bad is not None or len(piece) > MAX_TEXT_LENGTH:
                    raise InvalidPlan(f"{field}[{i}]", Text(N_("wording holds what a cell cannot")))
        if self.units is None and self.leads is None and self.partners is None:
            raise InvalidPlan("units", Text(N_("a wording records at least one cell")))

    @property
    def ending(self) -> str:
        """How an open list ends (``等``, ``等部门``, ``等单位`` …), or ``""``: the list is closed."""
        for pieces in (self.units, self.partners, self.leads):
            if pieces is None or len(pieces) < 2:
                continue
            tail = pieces[-1].strip()
            for word in ("配合", "参与", "协助"):
                if tail.endswith(word):
                    tail = tail[: -len(word)]
            for ending in OPEN_ENDINGS:
                if tail.endswith(ending):
                    return ending
        return ""


def _all_units(value: object) -> bool:
    """Whether ``value`` is a tuple of Units already, as a reader passes them: nothing to convert."""
    if type(value) is not tuple:
        return False
    for item in value:  # noqa: SIM110 - a loop is faster than all() over a generator, and runs per duty
        if type(item) is not Unit:
            return False
    return True


def _to_units(field: str, value: Iterable[Unit | str]) -> tuple[Unit, ...]:
    """Accept units or plain names; a name becomes a Unit (and is checked as one)."""
    if isinstance(value, str | Unit):
        raise InvalidPlan(field, Text(N_("expected a sequence of units, not a single one")))
    units = tuple(value)
    if _all_units(units):
        return cast("tuple[Unit, ...]", units)
    converted: list[Unit] = []
    for i, item in enumerate(units):
        if isinstance(item, str):
            try:
                converted.append(Unit(name=item))
            except InvalidPlan as error:
                raise InvalidPlan(f"{field}[{i}]", error.reason) from None
        elif isinstance(item, Unit):
            converted.append(item)
        else:
            what = Text(N_("lead")) if field == "leads" else Text(N_("unit"))
            raise InvalidPlan(
                f"{field}[{i}]",
                Text(N_("{what} must be a {kind}, not {type}"), what=what, kind="Unit", type=type(item).__name__),
            )
    return tuple(converted)


def units_field(value: Iterable[Unit | str]) -> tuple[Unit, ...]:
    return cast("tuple[Unit, ...]", value) if _all_units(value) else _to_units("units", value)


def leads_field(value: Iterable[Unit | str]) -> tuple[Unit, ...]:
    return cast("tuple[Unit, ...]", value) if _all_units(value) else _to_units("leads", value)


def check_unique_units(path: str, units: tuple[Unit, ...]) -> None:
    if len({unit.name for unit in units}) == len(units):
        return
    seen: set[str] = set()
    for i, unit in enumerate(units):
        if unit.name in seen:
            raise InvalidPlan(f"{path}[{i}]", Text(N_("unit '{name}' is listed twice"), name=unit.name))
        seen.add(unit.name)


for _cls in (Unit, Wording):
    attrs.resolve_types(_cls)
del _cls
