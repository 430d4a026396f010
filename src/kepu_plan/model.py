"""The plan model: Plan, Action, Task, Duty, Unit, Target and their enums.

Every class is immutable (frozen, slotted, keyword-only attrs classes), hashable and checked at
construction: a broken rule raises :class:`~kepu_plan.errors.InvalidPlan` naming the path and the
reason.  Edits make new objects with :func:`attrs.evolve`.  This module imports no format library.

>>> duty = Duty(content="每年开展科普活动10场次", units=["市科协", "市教体局"])
>>> duty.units
(Unit(name='市科协'), Unit(name='市教体局'))
>>> Action(name="青少年科学素质提升行动", tasks=[Task(name="提升科学教育水平", duties=[duty])]).kind
<ActionKind.ACTION: '行动'>
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, cast

import attrs

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import InvalidPlan

if TYPE_CHECKING:
    from kepu_plan.units import Leadership, UnitDirectory, UnitIssue

__all__ = [
    "MAX_TEXT_LENGTH",
    "NUMBERING",
    "ROLES",
    "Action",
    "ActionKind",
    "Cadence",
    "Column",
    "Comparator",
    "Duty",
    "Extra",
    "Layout",
    "LeadStyle",
    "Plan",
    "Target",
    "Task",
    "Unit",
    "Wording",
]

#: The longest text a cell can hold: Excel's limit, which openpyxl would silently truncate to.
MAX_TEXT_LENGTH: Final = 32_767

#: Characters neither DOCX nor XLSX can store: C0 controls but tab and line feed (CR included, so a
#: line break is always one "\n"), the non-characters U+FFFE/U+FFFF and lone surrogates.
_UNSTORABLE = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")

#: What separates unit names in a cell; a unit name can hold none of these.
UNIT_SEPARATORS: Final = "\n、，,；;"
_UNIT_FORBIDDEN = re.compile(r"[\n、，,；;\s]")
#: A label before a list of units in a cell: ``牵头单位：A；责任单位：B、C``; no unit name starts so.
UNIT_LABEL: Final = re.compile(
    r"(?P<label>牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|协办单位|参与单位|协同单位|协助单位)\s*[:：]\s*"
)
#: A parenthesised role mark at the end of a unit in a cell: ``（牵头）``, ``（配合）``, ``（县科协牵头）``.
ROLE_MARK: Final = re.compile(r"[（(][^（）()]*(?:牵头|配合)[）)]$")
#: How a cell ends an open list of units: ``县教体局、县科协等部门``; no unit name ends so.
OPEN_ENDINGS: Final = ("等有关部门", "等有关单位", "等相关部门", "等相关单位", "等部门", "等单位", "等")
#: What a cell writes for "no units" (in a partner column above all); no unit is named so.
NO_UNITS: Final = frozenset({"—", "——", "-", "－", "–", "―", "/", "／", "无", "\\"})
#: A collective unit: several units named as one (各成员单位, 各镇（街道）, 县直有关部门, 有关单位).
_COLLECTIVE = re.compile(
    r"^(?:各|其他|其它|全体|所有)|(?:有关|相关|各|其他|其它)(?:[^\s]{0,4})(?:部门|单位|镇|乡|街道|学校|医院|村|社区)"
    r"|成员单位$"
)
#: A numbering prefix a table puts before an action or task name (一、 （一） 1. 1、 (1) ①); a
#: reader strips it, so a name cannot start with one.
NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[）)]|[0-9０-９]+(?:[.．](?![0-9０-９])|、)"
    r"|[（(][0-9０-９]+[）)]|[①-⑳])"
)
#: A parenthesised lead mark at the end of an action cell: ``（市教体局、市科协牵头）``.
_LEAD_MARK = re.compile(r"[（(][^（）()]*牵头[）)]$")


class ActionKind(enum.Enum):
    """Whether an action is a key action (重点行动) or a key project (重点工程)."""

    ACTION = "行动"
    PROJECT = "工程"


class Comparator(enum.Enum):
    """How a target's quantity binds: exactly, at least (以上), at most (以下) or about (左右)."""

    EXACT = "exact"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    ABOUT = "about"


class Cadence(enum.Enum):
    """Whether a target is due every year (每年) or once over the plan's period (“十四五”期间)."""

    ANNUAL = "annual"
    PERIOD = "period"


# --- validation helpers -------------------------------------------------------------------------


def _check_text(path: str, value: object, *, what: str, multiline: bool, allow_empty: bool = False) -> None:
    if not isinstance(value, str):
        raise InvalidPlan(
            path, Text(N_("{what} must be a str, not {type}"), what=Text(what), type=type(value).__name__)
        )
    if not value:
        if allow_empty:
            return
        raise InvalidPlan(path, Text(N_("{what} is empty"), what=Text(what)))
    if value != value.strip():
        raise InvalidPlan(
            path, Text(N_("{what} has leading or trailing whitespace: {text}"), what=Text(what), text=repr(value))
        )
    if len(value) > MAX_TEXT_LENGTH:
        raise InvalidPlan(
            path,
            Text(
                N_("{what} is {length} characters long, more than a cell holds ({limit})"),
                what=Text(what),
                length=len(value),
                limit=MAX_TEXT_LENGTH,
            ),
        )
    bad = _UNSTORABLE.search(value)
    if bad is not None:
        raise InvalidPlan(
            path,
            Text(
                N_("{what} contains {char}, which DOCX and XLSX cannot store"), what=Text(what), char=repr(bad.group())
            ),
        )
    if not multiline and "\n" in value:
        raise InvalidPlan(path, Text(N_("{what} contains a line break"), what=Text(what)))


def _check_items(field: str, items: tuple[object, ...], kind: type[Any], what: str) -> None:
    """Every item of a tuple field is a ``kind`` (converters accept any iterable, so check)."""
    for i, item in enumerate(items):
        if not isinstance(item, kind):
            raise InvalidPlan(
                f"{field}[{i}]",
                Text(
                    N_("{what} must be a {kind}, not {type}"),
                    what=Text(what),
                    kind=kind.__name__,
                    type=type(item).__name__,
                ),
            )


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


def _units(value: Iterable[Unit | str]) -> tuple[Unit, ...]:
    return cast("tuple[Unit, ...]", value) if _all_units(value) else _to_units("units", value)


def _leads(value: Iterable[Unit | str]) -> tuple[Unit, ...]:
    return cast("tuple[Unit, ...]", value) if _all_units(value) else _to_units("leads", value)


def _to_tuple(field: str, value: Iterable[Any]) -> tuple[Any, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidPlan(field, Text(N_("expected a sequence, not {type}"), type=type(value).__name__))
    return tuple(value)


def _duties(value: Iterable[Duty]) -> tuple[Duty, ...]:
    return _to_tuple("duties", value)


def _tasks(value: Iterable[Task]) -> tuple[Task, ...]:
    return _to_tuple("tasks", value)


def _actions(value: Iterable[Action]) -> tuple[Action, ...]:
    return _to_tuple("actions", value)


def _notes(value: Iterable[str]) -> tuple[str, ...]:
    return _to_tuple("notes", value)


def _check_name(path: str, value: object, *, what: str) -> None:
    _check_text(path, value, what=what, multiline=False)
    assert isinstance(value, str)
    numbering = NUMBERING.match(value)
    if numbering is not None:
        prefix = numbering.group()
        raise InvalidPlan(
            path,
            Text(
                N_("{what} starts with the numbering '{prefix}', which a table reads as numbering"),
                what=Text(what),
                prefix=prefix,
            ),
        )


def _check_unique_units(path: str, units: tuple[Unit, ...]) -> None:
    if len({unit.name for unit in units}) == len(units):
        return
    seen: set[str] = set()
    for i, unit in enumerate(units):
        if unit.name in seen:
            raise InvalidPlan(f"{path}[{i}]", Text(N_("unit '{name}' is listed twice"), name=unit.name))
        seen.add(unit.name)


# --- the model ----------------------------------------------------------------------------------


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
        _check_text("name", name, what=N_("unit name"), multiline=False)
        bad = _UNIT_FORBIDDEN.search(name)
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
        return _COLLECTIVE.search(self.name) is not None


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


def _to_extra(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> Extra:
    return value if isinstance(value, Extra) else Extra(value)


@attrs.frozen(kw_only=True)
class Target:
    """A quantified commitment found in a duty's content (每年培训科学教师和科技辅导员60名以上).

    ``text`` is the exact span of the content it came from; ``quantity`` the number (an ``int``, or a
    ``Decimal`` for 13.5); ``measure`` the measure word or unit (名, 场次, %); ``subject`` what is
    counted.  A range (3至5个, 3—5个) is a quantity of at least its lower end (``AT_LEAST``) with
    its upper end in ``upper``.
    """

    text: str
    quantity: int | Decimal
    measure: str
    comparator: Comparator = Comparator.EXACT
    cadence: Cadence = Cadence.PERIOD
    subject: str = ""
    upper: int | Decimal | None = None

    def __attrs_post_init__(self) -> None:
        _check_text("text", self.text, what=N_("target text"), multiline=True)
        if isinstance(self.quantity, bool) or not isinstance(self.quantity, int | Decimal):
            raise InvalidPlan(
                "quantity",
                Text(N_("quantity must be an int or a Decimal, not {type}"), type=type(self.quantity).__name__),
            )
        if isinstance(self.quantity, Decimal) and not self.quantity.is_finite():
            raise InvalidPlan("quantity", Text(N_("quantity must be finite, not {quantity}"), quantity=self.quantity))
        if self.quantity < 0:
            raise InvalidPlan("quantity", Text(N_("quantity must not be negative: {quantity}"), quantity=self.quantity))
        _check_text("measure", self.measure, what=N_("measure"), multiline=False)
        if not isinstance(self.comparator, Comparator):
            raise InvalidPlan(
                "comparator", Text(N_("comparator must be a Comparator, not {value}"), value=repr(self.comparator))
            )
        if not isinstance(self.cadence, Cadence):
            raise InvalidPlan("cadence", Text(N_("cadence must be a Cadence, not {value}"), value=repr(self.cadence)))
        _check_text("subject", self.subject, what=N_("subject"), multiline=True, allow_empty=True)
        if self.upper is not None:
            if (
                isinstance(self.upper, bool)
                or not isinstance(self.upper, int | Decimal)
                or not self.upper > self.quantity
            ):
                raise InvalidPlan(
                    "upper",
                    Text(
                        N_("a range's upper end must be a number above {quantity}: {upper}"),
                        quantity=self.quantity,
                        upper=repr(self.upper),
                    ),
                )
            if self.comparator is not Comparator.AT_LEAST:
                raise InvalidPlan(
                    "comparator", Text(N_("a range (upper) is a quantity of at least its lower end: AT_LEAST"))
                )


def _pieces(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else _to_tuple("pieces", value)


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
                bad = _UNSTORABLE.search(piece)
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


@attrs.frozen(kw_only=True)
class Duty:
    """One row of the table: the concrete content (主要内容) and who is responsible (负责单位).

    ``units`` lists every responsible unit in the table's order; ``leads`` the ones the table marks
    as leading this duty (a subset of ``units``); ``extra`` the cells of columns kepu_plan has no
    role for, by header text (备注, 进展情况 …).
    """

    content: str
    units: tuple[Unit, ...] = attrs.field(default=(), converter=_units)
    leads: tuple[Unit, ...] = attrs.field(default=(), converter=_leads)
    deadline: str | None = None
    extra: Extra = attrs.field(factory=Extra, converter=_to_extra)
    wording: Wording | None = attrs.field(default=None, eq=False, repr=False)
    """How the table worded this duty's unit cells (not part of equality); see :class:`Wording`."""

    def __attrs_post_init__(self) -> None:
        # The converters have made units and leads tuples of Unit; a duty is built for every row
        # read, so the checks below skip what cannot fail (one unit is unique, no leads lead nothing).
        _check_text("content", self.content, what=N_("content"), multiline=True)
        units = self.units
        if len(units) > 1:
            _check_unique_units("units", units)
        leads = self.leads
        if leads:
            _check_unique_units("leads", leads)
            for i, lead in enumerate(leads):
                if lead not in units:
                    raise InvalidPlan(
                        f"leads[{i}]", Text(N_("lead '{name}' is not one of the duty's units"), name=lead.name)
                    )
        if self.deadline is not None:
            _check_text("deadline", self.deadline, what=N_("deadline"), multiline=True)
        if self.extra:
            for key, value in self.extra.items():
                _check_text(f"extra[{key!r}]", key, what=N_("column header"), multiline=True)
                _check_text(f"extra[{key!r}]", value, what=N_("cell text"), multiline=True)
        if self.wording is not None and not isinstance(self.wording, Wording):
            raise InvalidPlan(
                "wording", Text(N_("wording must be a Wording, not {type}"), type=type(self.wording).__name__)
            )

    @property
    def targets(self) -> tuple[Target, ...]:
        """The quantified commitments in ``content``, in order of appearance."""
        from kepu_plan.targets import find_targets

        return find_targets(self.content)


@attrs.frozen(kw_only=True)
class Task:
    """A main task (主要任务) and the duties that carry it out."""

    name: str
    duties: tuple[Duty, ...] = attrs.field(converter=_duties)

    def __attrs_post_init__(self) -> None:
        _check_name("name", self.name, what=N_("task name"))
        _check_items("duties", self.duties, Duty, N_("duty"))
        if not self.duties:
            raise InvalidPlan("duties", Text(N_("a task needs at least one duty (each duty is a row of the table)")))


def _infer_kind(name: object) -> ActionKind:
    if isinstance(name, str):
        for kind in ActionKind:
            if name.endswith(kind.value):
                return kind
    raise InvalidPlan(
        "kind", Text(N_("action name {name} ends in neither 行动 nor 工程: give its kind explicitly"), name=repr(name))
    )


@attrs.frozen(kw_only=True)
class Action:
    """A key action or key project (重点行动 / 重点工程), its lead units (牵头单位) and its tasks.

    ``kind`` is inferred from the name's ending (行动 or 工程) when not given.
    """

    name: str
    kind: ActionKind = attrs.field(default=attrs.Factory(lambda self: _infer_kind(self.name), takes_self=True))
    leads: tuple[Unit, ...] = attrs.field(default=(), converter=_leads)
    tasks: tuple[Task, ...] = attrs.field(converter=_tasks)
    wording: Wording | None = attrs.field(default=None, eq=False, repr=False)
    """How the table worded the lead mark of the action's cell (``leads``; not part of equality)."""

    def __attrs_post_init__(self) -> None:
        _check_name("name", self.name, what=N_("action name"))
        if self.wording is not None and not isinstance(self.wording, Wording):
            raise InvalidPlan(
                "wording", Text(N_("wording must be a Wording, not {type}"), type=type(self.wording).__name__)
            )
        if _LEAD_MARK.search(self.name):
            raise InvalidPlan("name", Text(N_("action name ends with a lead mark (…牵头）: give the leads in `leads`")))
        if not isinstance(self.kind, ActionKind):
            raise InvalidPlan("kind", Text(N_("kind must be an ActionKind, not {value}"), value=repr(self.kind)))
        for kind in ActionKind:
            if self.name.endswith(kind.value) and self.kind is not kind:
                raise InvalidPlan(
                    "kind",
                    Text(N_("action name ends in {ending} but kind is {kind}"), ending=kind.value, kind=self.kind.name),
                )
        _check_unique_units("leads", self.leads)
        _check_items("tasks", self.tasks, Task, N_("task"))
        if not self.tasks:
            raise InvalidPlan("tasks", Text(N_("an action needs at least one task")))
        seen: set[str] = set()
        for i, task in enumerate(self.tasks):
            if task.name in seen:
                raise InvalidPlan(
                    f"tasks[{i}].name", Text(N_("task name '{name}' is used twice in this action"), name=task.name)
                )
            seen.add(task.name)

    @property
    def duties(self) -> tuple[Duty, ...]:
        """The action's duties in reading order."""
        return tuple(duty for task in self.tasks for duty in task.duties)


#: The roles a table column can have.
ROLES: Final = ("action", "task", "content", "units", "leads", "partners", "deadline", "number", "extra")


@attrs.frozen(kw_only=True)
class Column:
    """A table column: its ``role`` (one of :data:`ROLES`) and its header text as the table writes it.

    ``group`` is the text of the header cell the column stands under in a header of two rows
    (``责任单位`` over ``牵头单位 | 配合单位``); neighbouring columns with the same group share it.
    """

    role: str
    header: str
    group: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.role not in ROLES:
            raise InvalidPlan(
                "role",
                Text(N_("unknown column role '{role}'; the roles are {roles}"), role=self.role, roles=", ".join(ROLES)),
            )
        _check_text("header", self.header, what=N_("column header"), multiline=True)
        if self.group is not None:
            _check_text("group", self.group, what=N_("column group"), multiline=True)


class LeadStyle(enum.Enum):
    """How a table marks the units that lead a duty."""

    COLUMN = "column"
    """A lead column (牵头单位) beside the units (负责单位) or partners (配合单位) column."""
    MARK = "mark"
    """``（牵头）`` after a unit name in the units cell."""
    GROUP = "group"
    """``A、B牵头，C、D配合`` in the units cell."""


def _columns(value: Iterable[Column]) -> tuple[Column, ...]:
    return _to_tuple("columns", value)


@attrs.frozen(kw_only=True)
class Layout:
    """How a county lays its table out, so that a plan is written back the way it was read.

    ``columns`` in order with their header texts; ``sections`` when actions are rows spanning the
    table (``一、青少年科学素质提升行动``) instead of a column; ``action_numbering`` and
    ``task_numbering`` the numbering put before names (``一、``, ``（一）``, ``1.``, ``1、``,
    ``(1)``, ``（1）``, ``①``; None for none); ``merged`` whether action and task cells span their
    rows or are repeated on every row; ``leads`` how duty leads are marked.
    """

    columns: tuple[Column, ...] = attrs.field(converter=_columns)
    sections: bool = False
    action_numbering: str | None = None
    task_numbering: str | None = None
    merged: bool = True
    leads: LeadStyle = LeadStyle.COLUMN

    def __attrs_post_init__(self) -> None:
        _check_items("columns", self.columns, Column, N_("column"))
        roles = [column.role for column in self.columns]
        for role in ROLES[:-1]:
            if roles.count(role) > 1:
                raise InvalidPlan("columns", Text(N_("more than one {role} column"), role=role))
        for role in ("task", "content"):
            if role not in roles:
                raise InvalidPlan("columns", Text(N_("a layout needs a {role} column"), role=role))
        if self.sections == ("action" in roles):
            raise InvalidPlan("columns", Text(N_("actions are either a column or section rows: give one of them")))
        headers = [column.header for column in self.columns]
        for i, header in enumerate(headers):
            if header in headers[:i]:
                raise InvalidPlan(f"columns[{i}].header", Text(N_("header '{header}' is used twice"), header=header))
        if any(column.group is not None for column in self.columns):
            # A reader finds a header of two rows by its first row, which must name the content
            # column and another one: with them under groups, the table would not read back.
            outside = [column.role for column in self.columns if column.group is None and column.role != "extra"]
            if "content" not in outside:
                raise InvalidPlan("columns", Text(N_("the content column cannot stand under a group (column.group)")))
            if len(outside) < 2:
                raise InvalidPlan(
                    "columns", Text(N_("with groups, a column besides the content column must stand outside them"))
                )
        for name in ("action_numbering", "task_numbering"):
            value = getattr(self, name)
            if value is not None and value not in NUMBERING_STYLES:
                raise InvalidPlan(
                    name,
                    Text(
                        N_("unknown numbering '{value}'; the numberings are {styles}"),
                        value=value,
                        styles=" ".join(NUMBERING_STYLES),
                    ),
                )
        if not isinstance(self.leads, LeadStyle):
            raise InvalidPlan("leads", Text(N_("leads must be a LeadStyle, not {value}"), value=repr(self.leads)))

    def roles(self) -> tuple[str, ...]:
        """The columns' roles in order."""
        return tuple(column.role for column in self.columns)


#: The numbering styles a layout can put before names, shown for the number 1.
NUMBERING_STYLES: Final = ("一、", "（一）", "1.", "1、", "(1)", "（1）", "①")


@attrs.frozen(kw_only=True)
class Plan:
    """A target and task allocation table (目标任务分工表).

    ``label`` is the attachment label above the title (附件, 附件2, 附件2-1, 附件（二）, 附表3),
    ``title`` the table's title.
    """

    title: str
    label: str | None = None
    actions: tuple[Action, ...] = attrs.field(converter=_actions)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_notes)
    layout: Layout | None = attrs.field(default=None, eq=False, repr=False)
    """How the table this plan was read from is laid out (not part of equality)."""

    def __attrs_post_init__(self) -> None:
        _check_text("title", self.title, what=N_("title"), multiline=False, allow_empty=True)
        if self.label is not None:
            _check_text("label", self.label, what=N_("label"), multiline=False)
        _check_items("actions", self.actions, Action, N_("action"))
        if not self.actions:
            raise InvalidPlan("actions", Text(N_("a plan needs at least one action")))
        seen: set[str] = set()
        for i, action in enumerate(self.actions):
            if action.name in seen:
                raise InvalidPlan(
                    f"actions[{i}].name", Text(N_("action name '{name}' is used twice in this plan"), name=action.name)
                )
            seen.add(action.name)
        for i, note in enumerate(self.notes):
            _check_text(f"notes[{i}]", note, what=N_("note"), multiline=True)
        if self.layout is not None and not isinstance(self.layout, Layout):
            raise InvalidPlan(
                "layout", Text(N_("layout must be a Layout, not {type}"), type=type(self.layout).__name__)
            )

    def with_layout(self, layout: Layout | None) -> Plan:
        """The same plan, to be written in ``layout`` (None: the Shenmu layout)."""
        return attrs.evolve(self, layout=layout)

    @property
    def tasks(self) -> tuple[Task, ...]:
        """Every task in reading order."""
        return tuple(task for action in self.actions for task in action.tasks)

    @property
    def duties(self) -> tuple[Duty, ...]:
        """Every duty in reading order."""
        return tuple(duty for action in self.actions for task in action.tasks for duty in task.duties)

    @property
    def units(self) -> tuple[Unit, ...]:
        """The distinct units in order of first appearance, action leads included."""
        seen: dict[Unit, None] = {}
        for action in self.actions:
            seen.update(dict.fromkeys(action.leads))
            for task in action.tasks:
                for duty in task.duties:
                    seen.update(dict.fromkeys(duty.units))
        return tuple(seen)

    # The unit views below live in kepu_plan.units, which builds on this module; they are imported
    # when called so that the model stays importable on its own.

    def duties_of(self, unit: Unit | str) -> tuple[Duty, ...]:
        """The duties ``unit`` is responsible for, in reading order."""
        from kepu_plan.units import duties_of

        return duties_of(self, unit)

    def led_by(self, unit: Unit | str) -> Leadership:
        """The actions and duties ``unit`` leads."""
        from kepu_plan.units import led_by

        return led_by(self, unit)

    def for_unit(self, unit: Unit | str, directory: UnitDirectory | None = None, *, shared: bool = True) -> Plan:
        """The plan cut down to the duties ``unit`` carries, titled for that unit: those naming it
        and, with ``shared``, those of a collective unit covering it (see
        :func:`kepu_plan.units.for_unit`)."""
        from kepu_plan.units import for_unit

        return for_unit(self, unit, directory, shared=shared)

    def rename_units(self, mapping: Mapping[str, str] | Mapping[Unit, Unit]) -> Plan:
        """The plan with units renamed (``{"市教体局": "县教体局"}``); every key must be a unit."""
        from kepu_plan.units import rename_units

        return rename_units(self, mapping)

    def map_units(self, fn: Callable[[str], str]) -> Plan:
        """The plan with every unit name passed through ``fn``."""
        from kepu_plan.units import map_units

        return map_units(self, fn)

    def check_units(self, directory: UnitDirectory) -> tuple[UnitIssue, ...]:
        """Units not in ``directory``, with the closest known names; changes nothing."""
        from kepu_plan.units import check_units

        return check_units(self, directory)

    def targets(self) -> tuple[tuple[Action, Task, Duty, Target], ...]:
        """Every target with its action, task and duty, in reading order."""
        return tuple(
            (action, task, duty, target)
            for action in self.actions
            for task in action.tasks
            for duty in task.duties
            for target in duty.targets
        )


for _cls in (Unit, Wording, Target, Duty, Task, Action, Column, Layout, Plan):
    attrs.resolve_types(_cls)
del _cls
