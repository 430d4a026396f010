"""Responsible units: who does what, a county's unit directory, and renaming.

The functions take the plan first, so :class:`~kepu_plan.model.Plan` can offer them as methods
(``plan.duties_of(unit)`` calls ``duties_of(plan, unit)``).  A unit is given as a
:class:`~kepu_plan.model.Unit` or as its name.

>>> from kepu_plan.model import Action, Duty, Plan, Task
>>> plan = Plan(title="分工表", actions=[Action(name="青少年科学素质提升行动", leads=["市教体局"], tasks=[
...     Task(name="提升科学教育水平", duties=[Duty(content="开展科学实验秀", units=["市教体局", "市科协"]),
...                                            Duty(content="培训科学教师", units=["市教体局"])])])])
>>> [duty.content for duty in duties_of(plan, "市科协")]
['开展科学实验秀']
>>> for_unit(plan, "市科协").title
'分工表（市科协）'
>>> rename_units(plan, {"市教体局": "县教体局"}).units
(Unit(name='县教体局'), Unit(name='市科协'))
"""

from __future__ import annotations

import csv
import difflib
import enum
import io
import json
import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Final

import attrs

from kepu_plan._i18n import N_, Text, render
from kepu_plan.errors import FileMissing, InvalidPlan, Location, ReadError
from kepu_plan.model import Action, Duty, Plan, Task, Unit

__all__ = [
    "SHARED_COLUMN",
    "Assignment",
    "DirectoryEntry",
    "IssueKind",
    "Leadership",
    "UnitDirectory",
    "UnitIssue",
    "Workload",
    "WorkloadRow",
    "assignments",
    "check_units",
    "covers",
    "duties_of",
    "for_unit",
    "is_collective",
    "led_by",
    "map_units",
    "rename_units",
    "similarity",
    "workload",
]

#: What separates aliases inside one CSV cell.
ALIAS_SEPARATORS: Final = "、;；|"

#: Header texts a directory CSV may use for each column (English or Chinese).
_COLUMNS: Final = {
    "name": ("name", "short_name", "简称", "单位", "单位简称"),
    "full_name": ("full_name", "全称", "单位全称"),
    "aliases": ("aliases", "别名", "其他写法"),
    "member_of": ("member_of", "所属", "所属集合", "归属"),
}

#: The extra column :func:`for_unit` adds to mark a duty a unit shares through a collective unit.
SHARED_COLUMN: Final = "共同承担"


def _name(unit: Unit | str) -> str:
    return unit.name if isinstance(unit, Unit) else unit


def _path(action: int, task: int | None = None, duty: int | None = None) -> str:
    path = f"actions[{action}]"
    if task is not None:
        path += f".tasks[{task}]"
    if duty is not None:
        path += f".duties[{duty}]"
    return path


# --- who does what ------------------------------------------------------------------------------


def duties_of(plan: Plan, unit: Unit | str) -> tuple[Duty, ...]:
    """The duties ``unit`` is responsible for (leading or not), in reading order."""
    name = _name(unit)
    return tuple(duty for duty in plan.duties if any(u.name == name for u in duty.units))


@attrs.frozen(kw_only=True)
class Leadership:
    """What a unit leads: the actions that name it among their leads, and the duties it leads."""

    unit: Unit
    actions: tuple[Action, ...]
    duties: tuple[Duty, ...]

    def __bool__(self) -> bool:
        return bool(self.actions or self.duties)


def led_by(plan: Plan, unit: Unit | str) -> Leadership:
    """The actions and duties ``unit`` leads (牵头), in reading order."""
    name = _name(unit)
    return Leadership(
        unit=Unit(name=name),
        actions=tuple(action for action in plan.actions if any(u.name == name for u in action.leads)),
        duties=tuple(duty for duty in plan.duties if any(u.name == name for u in duty.leads)),
    )


@attrs.frozen(kw_only=True)
class Assignment:
    """One duty a unit carries, with its action and task: named in the duty's units, or shared
    through a collective unit that covers it (``via``: 各成员单位, 各镇（街道）…)."""

    action: Action
    task: Task
    duty: Duty
    via: Unit | None = None

    @property
    def shared(self) -> bool:
        """Whether the unit carries the duty through a collective rather than by name."""
        return self.via is not None


def covers(collective: Unit | str, unit: Unit | str, directory: UnitDirectory | None = None) -> bool:
    """Whether a collective unit (:attr:`Unit.collective <kepu_plan.model.Unit.collective>`) covers ``unit``.

    A collective covers every unit that is not itself collective, unless ``directory`` lists the
    collective's members (:meth:`UnitDirectory.members`): then it covers those alone.  A name the
    directory gives members is a collective even when its wording does not say so.

    >>> covers("各成员单位", "县科协"), covers("各成员单位", "各镇（街道）")
    (True, False)
    >>> towns = UnitDirectory.from_rows([{"name": "城关镇", "member_of": "各镇（街道）"}, {"name": "县科协"}])
    >>> covers("各镇（街道）", "城关镇", towns), covers("各镇（街道）", "县科协", towns)
    (True, False)
    """
    collective_name, name = _name(collective), _name(unit)
    members = directory.members(collective_name) if directory is not None else None
    if collective_name == name or is_collective(name, directory):
        return False
    if members is None:
        return is_collective(collective_name)
    assert directory is not None
    return (directory.resolve(name) or name) in members


def is_collective(unit: Unit | str, directory: UnitDirectory | None = None) -> bool:
    """Whether ``unit`` stands for several units: its name says so (:attr:`Unit.collective
    <kepu_plan.model.Unit.collective>`), or ``directory`` lists members for it.

    >>> is_collective("各成员单位"), is_collective("县科协")
    (True, False)
    """
    name = _name(unit)
    try:
        if Unit(name=name).collective:
            return True
    except InvalidPlan:
        return False
    return directory is not None and directory.members(name) is not None


def assignments(plan: Plan, unit: Unit | str, directory: UnitDirectory | None = None) -> tuple[Assignment, ...]:
    """Every duty ``unit`` carries, in reading order: those naming it, and those given to a collective
    unit that covers it (:func:`covers`; ``directory`` says who belongs to which collective), marked
    as shared.  This is the list a department reports on.

    >>> from kepu_plan.model import Action, Duty, Plan, Task
    >>> plan = Plan(title="", actions=[Action(name="甲行动", tasks=[Task(name="任务", duties=[
    ...     Duty(content="开展科普日活动", units=["县科协"]), Duty(content="组织学习", units=["各成员单位"])])])])
    >>> [(a.duty.content, a.shared) for a in assignments(plan, "县科协")]
    [('开展科普日活动', False), ('组织学习', True)]
    """
    name = _name(unit)
    covering: dict[Unit, bool] = {}  # each unit of the plan asked once: does it cover this one?
    found: list[Assignment] = []
    for action in plan.actions:
        for task in action.tasks:
            for duty in task.duties:
                if any(u.name == name for u in duty.units):
                    found.append(Assignment(action=action, task=task, duty=duty))
                    continue
                via = None
                for u in duty.units:
                    if u not in covering:
                        covering[u] = covers(u, name, directory)
                    if covering[u]:
                        via = u
                        break
                if via is not None:
                    found.append(Assignment(action=action, task=task, duty=duty, via=via))
    return tuple(found)


def for_unit(plan: Plan, unit: Unit | str, directory: UnitDirectory | None = None, *, shared: bool = True) -> Plan:
    """The plan cut down to the duties ``unit`` carries: one department's own list.

    Actions and tasks that hold such a duty are kept with their names and the actions' leads; each
    duty is kept whole (its other units and its leads, so the list shows whom the department works
    with and whether it leads).  With ``shared`` (the default) the list also holds the duties given
    to a collective unit that covers ``unit`` (各成员单位, 各镇（街道）; see :func:`assignments`),
    each marked in an extra column :data:`SHARED_COLUMN` (共同承担) with the collective's name.  The
    title gains the unit's name: ``…分工表（市科协）``.

    Raises :class:`~kepu_plan.errors.InvalidPlan` when the unit carries no duty.
    """
    name = _name(unit)
    carried: dict[int, Unit | None] = {}
    for assignment in assignments(plan, name, directory):
        if shared or not assignment.shared:
            carried[id(assignment.duty)] = assignment.via
    actions: list[Action] = []
    for action in plan.actions:
        tasks: list[Task] = []
        for task in action.tasks:
            duties = [_marked(duty, carried[id(duty)]) for duty in task.duties if id(duty) in carried]
            if duties:
                tasks.append(attrs.evolve(task, duties=duties))
        if tasks:
            actions.append(attrs.evolve(action, tasks=tasks))
    if not actions:
        raise InvalidPlan(
            "unit", Text(N_("'{name}' is responsible for no duty in this plan, so its list would be empty"), name=name)
        )
    title = f"{plan.title}（{name}）" if plan.title else name
    return attrs.evolve(plan, title=title, actions=actions)


def _marked(duty: Duty, via: Unit | None) -> Duty:
    """The duty, marked as shared through ``via`` when it is."""
    if via is None:
        return duty
    mark = duty.extra.get(SHARED_COLUMN)
    extra = {**duty.extra, SHARED_COLUMN: f"{mark}；{via.name}" if mark else via.name}
    return attrs.evolve(duty, extra=extra)


@attrs.frozen(kw_only=True)
class WorkloadRow:
    """One unit's counts: duties per action (in the plan's action order), duties led, actions led."""

    unit: Unit
    counts: tuple[int, ...]
    leads: int
    actions_led: int

    @property
    def total(self) -> int:
        """The number of duties the unit is responsible for."""
        return sum(self.counts)


@attrs.frozen(kw_only=True)
class Workload:
    """How many duties each unit carries in each action: a unit × action table as data.

    ``actions`` are the column names in the plan's order, ``rows`` one per unit in order of first
    appearance (:attr:`Plan.units <kepu_plan.model.Plan.units>`).
    """

    actions: tuple[str, ...]
    rows: tuple[WorkloadRow, ...]

    def __getitem__(self, unit: Unit | str) -> WorkloadRow:
        name = _name(unit)
        for row in self.rows:
            if row.unit.name == name:
                return row
        raise KeyError(name)

    def as_rows(self) -> tuple[tuple[str | int, ...], ...]:
        """A header row then one row per unit: unit, a count per action, total, duties led, actions led."""
        header: tuple[str | int, ...] = ("负责单位", *self.actions, "合计", "牵头内容", "牵头行动")
        body: list[tuple[str | int, ...]] = [
            (row.unit.name, *row.counts, row.total, row.leads, row.actions_led) for row in self.rows
        ]
        return (header, *body)


def workload(plan: Plan) -> Workload:
    """Count, for every unit, the duties it is responsible for in each action and what it leads.

    >>> from kepu_plan.model import Action, Duty, Plan, Task
    >>> plan = Plan(title="", actions=[Action(name="甲行动", leads=["市科协"], tasks=[
    ...     Task(name="任务", duties=[Duty(content="内容", units=["市科协", "市教体局"], leads=["市科协"])])])])
    >>> workload(plan).as_rows()
    (('负责单位', '甲行动', '合计', '牵头内容', '牵头行动'), ('市科协', 1, 1, 1, 1), ('市教体局', 1, 1, 0, 0))
    """
    rows = []
    for unit in plan.units:
        counts = tuple(sum(1 for duty in action.duties if unit in duty.units) for action in plan.actions)
        leads = sum(1 for duty in plan.duties if unit in duty.leads)
        actions_led = sum(1 for action in plan.actions if unit in action.leads)
        rows.append(WorkloadRow(unit=unit, counts=counts, leads=leads, actions_led=actions_led))
    return Workload(actions=tuple(action.name for action in plan.actions), rows=tuple(rows))


# --- renaming -----------------------------------------------------------------------------------


def _dedupe(units: Iterable[Unit]) -> list[Unit]:
    return list(dict.fromkeys(units))


def map_units(plan: Plan, fn: Callable[[str], str]) -> Plan:
    """A new plan with every unit name ``n`` (in duties and in action leads) replaced by ``fn(n)``.

    When two units of one duty map to the same name they merge into one, at the first one's place.
    Content text is not touched: :func:`kepu_plan.adapt.adapt` rewrites text and units together.

    >>> from kepu_plan.model import Action, Duty, Plan, Task
    >>> plan = Plan(title="", actions=[Action(name="甲行动", tasks=[
    ...     Task(name="任务", duties=[Duty(content="内容", units=["市科协", "市教体局"])])])])
    >>> map_units(plan, lambda name: "县" + name[1:]).units
    (Unit(name='县科协'), Unit(name='县教体局'))
    """
    cache: dict[str, Unit] = {}

    def convert(unit: Unit) -> Unit:
        if unit.name not in cache:
            new = fn(unit.name)
            if not isinstance(new, str):
                raise TypeError(f"map_units: fn({unit.name!r}) returned {type(new).__name__}, not str")
            try:
                cache[unit.name] = Unit(name=new)
            except InvalidPlan as error:
                raise InvalidPlan(
                    f"units[{unit.name!r}]", Text(N_("renamed to '{name}': {reason}"), name=new, reason=error.reason)
                ) from None
        return cache[unit.name]

    def convert_duty(duty: Duty) -> Duty:
        return attrs.evolve(
            duty,
            units=_dedupe(convert(u) for u in duty.units),
            leads=_dedupe(convert(u) for u in duty.leads),
        )

    actions = [
        attrs.evolve(
            action,
            leads=_dedupe(convert(u) for u in action.leads),
            tasks=[attrs.evolve(task, duties=[convert_duty(d) for d in task.duties]) for task in action.tasks],
        )
        for action in plan.actions
    ]
    return attrs.evolve(plan, actions=actions)


def rename_units(plan: Plan, mapping: Mapping[str, str] | Mapping[Unit, Unit]) -> Plan:
    """A new plan with the units named in ``mapping`` renamed (``{"市教体局": "县教体局"}``).

    Every key must be a unit of the plan, so a misspelt name fails loudly instead of renaming
    nothing (:func:`map_units` is the lenient form).  Units merged by the renaming become one.
    """
    names = {_name(old): _name(new) for old, new in mapping.items()}
    known = {unit.name for unit in plan.units}
    missing = [name for name in names if name not in known]
    if missing:
        shown = "、".join(missing)
        raise InvalidPlan("mapping", Text(N_("no unit named {names} in this plan"), names=shown))
    return map_units(plan, lambda name: names.get(name, name))


# --- the directory ------------------------------------------------------------------------------


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class DirectoryEntry:
    """One unit as a county knows it: the short name the tables write, its full name, its aliases."""

    name: str
    full_name: str | None = None
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    member_of: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    """The collective units this unit belongs to (各镇（街道）, 各成员单位), where a county says so."""

    def __attrs_post_init__(self) -> None:
        try:
            Unit(name=self.name)
        except InvalidPlan as error:
            raise InvalidPlan("name", error.reason) from None
        if self.full_name is not None and (not self.full_name or self.full_name != self.full_name.strip()):
            raise InvalidPlan(
                "full_name",
                Text(N_("full name must be a non-empty stripped text, not {value}"), value=repr(self.full_name)),
            )
        for i, alias in enumerate(self.aliases):
            try:
                Unit(name=alias)
            except InvalidPlan as error:
                raise InvalidPlan(f"aliases[{i}]", error.reason) from None
        for i, collective in enumerate(self.member_of):
            try:
                Unit(name=collective)
            except InvalidPlan as error:
                raise InvalidPlan(f"member_of[{i}]", error.reason) from None

    @property
    def names(self) -> tuple[str, ...]:
        """Every name this unit is known by: short name, aliases, full name."""
        full = (self.full_name,) if self.full_name else ()
        return (self.name, *self.aliases, *full)


def _entries(value: Iterable[DirectoryEntry]) -> tuple[DirectoryEntry, ...]:
    return tuple(value)


def _cell(row: Mapping[str, Any], field: str) -> Any:
    for key in _COLUMNS[field]:
        if key in row:
            return row[key]
    return None


def _split_aliases(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        text = value
        for separator in ALIAS_SEPARATORS[1:]:
            text = text.replace(separator, ALIAS_SEPARATORS[0])
        return tuple(part.strip() for part in text.split(ALIAS_SEPARATORS[0]) if part.strip())
    if isinstance(value, Sequence):
        return tuple(str(part).strip() for part in value if str(part).strip())
    raise InvalidPlan("aliases", Text(N_("aliases must be a text or a list, not {type}"), type=type(value).__name__))


def _entry(row: Mapping[str, Any] | Sequence[Any]) -> DirectoryEntry:
    member_of: object = None
    if isinstance(row, Mapping):
        name, full_name, aliases = _cell(row, "name"), _cell(row, "full_name"), _cell(row, "aliases")
        member_of = _cell(row, "member_of")
    elif isinstance(row, Sequence) and not isinstance(row, str) and 1 <= len(row) <= 4:
        name, full_name, aliases, member_of = (*row, None, None, None)[:4]
    else:
        raise InvalidPlan("", Text(N_("a row is a mapping or a (name, full name, aliases, member_of) sequence")))
    if not isinstance(name, str) or not name.strip():
        raise InvalidPlan("name", Text(N_("a unit needs its short name")))
    if full_name is not None and not isinstance(full_name, str):
        raise InvalidPlan("full_name", Text(N_("full name must be a text, not {type}"), type=type(full_name).__name__))
    try:
        collectives = _split_aliases(member_of)
    except InvalidPlan:
        raise InvalidPlan("member_of", Text(N_("member_of must be a text or a list"))) from None
    return DirectoryEntry(
        name=name.strip(),
        full_name=(full_name or "").strip() or None,
        aliases=_split_aliases(aliases),
        member_of=collectives,
    )


@attrs.frozen(kw_only=True)
class UnitDirectory:
    """The units a county knows, each with its full name and aliases (单位名录).

    Load one with :meth:`load` from a small CSV (columns ``name,full_name,aliases``; aliases split by
    ``、`` or ``;``) or JSON file (a list of ``{"name", "full_name", "aliases"}`` objects), or build it
    with :meth:`from_rows`.  Lookups accept any name a unit is known by.  An optional ``member_of``
    column (所属) names the collective units a unit belongs to (``各镇（街道）``): where it is given
    for a collective, that collective covers its members alone (:meth:`members`).

    >>> directory = UnitDirectory.from_rows([("市教体局", "神木市教育和体育局", "市教育局、教体局")])
    >>> directory.full_name("教体局")
    '神木市教育和体育局'
    >>> directory.resolve("市教育局"), "市科协" in directory
    ('市教体局', False)
    """

    entries: tuple[DirectoryEntry, ...] = attrs.field(converter=_entries)
    _index: dict[str, DirectoryEntry] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        index: dict[str, DirectoryEntry] = {}
        for i, entry in enumerate(self.entries):
            if not isinstance(entry, DirectoryEntry):
                raise InvalidPlan(
                    f"entries[{i}]", Text(N_("entry must be a DirectoryEntry, not {type}"), type=type(entry).__name__)
                )
            for name in entry.names:
                other = index.get(name)
                if other is not None and other is not entry:
                    raise InvalidPlan(
                        f"entries[{i}]", Text(N_("'{name}' already names '{other}'"), name=name, other=other.name)
                    )
                index[name] = entry
        object.__setattr__(self, "_index", index)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any] | Sequence[Any]]) -> UnitDirectory:
        """Build a directory from rows: mappings with ``name``/``full_name``/``aliases`` keys (or
        简称/全称/别名), or ``(name, full_name, aliases)`` sequences; empty full names mean unknown."""
        entries: list[DirectoryEntry] = []
        for i, row in enumerate(rows):
            try:
                entries.append(_entry(row))
            except InvalidPlan as error:
                raise error.within(f"rows[{i}]") from None
        try:
            return cls(entries=entries)
        except InvalidPlan as error:
            raise InvalidPlan(error.path.replace("entries", "rows", 1), error.reason) from None

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> UnitDirectory:
        """Read a directory from a ``.csv`` (UTF-8, with a header) or ``.json`` file.

        Raises :class:`~kepu_plan.errors.ReadError` naming the file and row on any problem.
        """
        source = Path(path)
        try:
            text = source.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise FileMissing(source) from None
        except UnicodeDecodeError:
            raise ReadError(
                Text(N_("not UTF-8 text")), Location(file=str(source)), Text(N_("save the file as UTF-8"))
            ) from None
        except OSError as error:
            raise ReadError(
                Text(N_("cannot open: {reason}"), reason=error.strerror), Location(file=str(source))
            ) from None
        try:
            if source.suffix.lower() == ".json":
                return cls._from_json(text, str(source))
            return cls._from_csv(text, str(source))
        except csv.Error as error:  # a field beyond the csv module's limit, a stray quote in strict mode
            raise ReadError(
                Text(N_("not a unit directory: {reason}"), reason=str(error)),
                Location(file=str(source)),
                Text(N_("a directory is a small CSV file: name,full_name,aliases")),
            ) from None
        except RecursionError:
            raise ReadError(
                Text(N_("the JSON is nested too deeply for a unit directory")),
                Location(file=str(source)),
                Text(N_('a directory is a list of {"name", "full_name", "aliases"} objects')),
            ) from None

    @classmethod
    def _from_csv(cls, text: str, file: str) -> UnitDirectory:
        reader = csv.DictReader(io.StringIO(text))
        fields = [name.strip() for name in reader.fieldnames or ()]
        if not any(key in fields for key in _COLUMNS["name"]):
            raise ReadError(
                Text(N_("no unit name column")),
                Location(file=file, row=1),
                Text(N_("the header needs a name (or 简称) column")),
            )
        rows = [{key.strip(): (value or "") for key, value in row.items() if key is not None} for row in reader]
        return cls._checked(rows, file, first_row=2)

    @classmethod
    def _from_json(cls, text: str, file: str) -> UnitDirectory:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ReadError(
                Text(N_("not JSON: {reason}"), reason=error.msg), Location(file=file, row=error.lineno)
            ) from None
        if isinstance(data, Mapping):
            data = data.get("units")
        if not isinstance(data, list):
            raise ReadError(
                Text(N_("expected a list of units (or {units})"), units='{"units": [...]}'), Location(file=file)
            )
        return cls._checked(data, file, first_row=None)

    @classmethod
    def _checked(cls, rows: list[Any], file: str, *, first_row: int | None) -> UnitDirectory:
        try:
            return cls.from_rows(rows)
        except InvalidPlan as error:
            index = int(error.path[5 : error.path.index("]")]) if error.path.startswith("rows[") else None
            if first_row is not None and index is not None:
                location = Location(file=file, row=first_row + index)
            else:
                location = Location(file=file, path=error.path or None)
            raise ReadError(error.reason, location) from None

    @classmethod
    def shenmu(cls) -> UnitDirectory:
        """Shenmu's 33 units as its table writes them (full names only where they are certain)."""
        text = resources.files("kepu_plan").joinpath("data", "shenmu-units.csv").read_text(encoding="utf-8")
        return cls._from_csv(text, "kepu_plan/data/shenmu-units.csv")

    def to_rows(self) -> tuple[dict[str, str], ...]:
        """The entries as CSV rows (``name``, ``full_name``, ``aliases`` joined by ``、``, and
        ``member_of`` likewise where any entry belongs to a collective)."""
        members = any(e.member_of for e in self.entries)
        return tuple(
            {
                "name": e.name,
                "full_name": e.full_name or "",
                "aliases": "、".join(e.aliases),
                **({"member_of": "、".join(e.member_of)} if members else {}),
            }
            for e in self.entries
        )

    def members(self, collective: Unit | str) -> tuple[str, ...] | None:
        """The short names of the units that belong to ``collective`` (their ``member_of`` names
        it), or None when no entry says: then the collective covers every unit (:func:`covers`)."""
        name = _name(collective)
        found = tuple(entry.name for entry in self.entries if name in entry.member_of)
        return found or None

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[DirectoryEntry]:
        return iter(self.entries)

    def __contains__(self, unit: object) -> bool:
        return isinstance(unit, Unit | str) and _name(unit) in self._index

    def get(self, unit: Unit | str) -> DirectoryEntry | None:
        """The entry known by this name (short name, alias or full name), or None."""
        return self._index.get(_name(unit))

    def __getitem__(self, unit: Unit | str) -> DirectoryEntry:
        entry = self.get(unit)
        if entry is None:
            raise KeyError(_name(unit))
        return entry

    def resolve(self, unit: Unit | str) -> str | None:
        """The short name the directory uses for this unit, or None when it is unknown."""
        entry = self.get(unit)
        return entry.name if entry is not None else None

    def full_name(self, unit: Unit | str) -> str | None:
        """The unit's full name, or None when it is unknown or not recorded."""
        entry = self.get(unit)
        return entry.full_name if entry is not None else None

    @property
    def names(self) -> tuple[str, ...]:
        """The short names, in the directory's order."""
        return tuple(entry.name for entry in self.entries)


# --- checking a plan's units against a directory -----------------------------------------------


class IssueKind(enum.Enum):
    """Why a unit is reported: not in the directory at all, or written as an alias or full name."""

    UNKNOWN = "unknown"
    ALIAS = "alias"


@attrs.frozen(kw_only=True)
class UnitIssue:
    """A unit of a plan the directory does not know by that short name.

    ``suggestions`` are the closest short names of the directory, best first (for an alias, the one
    unit it names); ``places`` the paths where the unit is written.
    """

    unit: Unit
    kind: IssueKind
    suggestions: tuple[str, ...]
    places: tuple[str, ...]

    def __str__(self) -> str:
        """The issue in the reader's language, with how many places write the unit."""
        unit, count = self.unit.name, len(self.places)
        if self.kind is IssueKind.ALIAS:
            text = Text(
                N_("{unit}: the directory's short name is {name} ({count} places)"),
                unit=unit,
                name=self.suggestions[0],
                count=count,
            )
        elif self.suggestions:
            text = Text(
                N_("{unit}: not in the unit directory; is it {names}? ({count} places)"),
                unit=unit,
                names="、".join(self.suggestions),
                count=count,
            )
        else:
            text = Text(N_("{unit}: not in the unit directory ({count} places)"), unit=unit, count=count)
        return render(text)


#: Characters a unit name may carry as a stray administrative prefix (市 in 市生态环境分局).
_STRAY_PREFIXES: Final = ("市",)


def _normal(name: str) -> str:
    """NFKC folds full-width letters and digits to half width (１１９ → 119); spaces go."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def _variants(name: str) -> set[str]:
    normal = _normal(name)
    forms = {normal}
    for prefix in _STRAY_PREFIXES:
        forms.add(prefix + normal)
        if normal.startswith(prefix) and len(normal) > len(prefix):
            forms.add(normal[len(prefix) :])
    return forms


def _is_subsequence(short: str, long: str) -> bool:
    characters = iter(long)
    return all(char in characters for char in short)


def similarity(a: str, b: str) -> float:
    """How alike two unit names are, from 0 to 1.

    Names that differ only in full/half width, spaces or a stray leading 市 score 1.  Otherwise the
    score is :class:`difflib.SequenceMatcher`'s ratio on the normalised names, raised to at least
    0.75 when the shorter name's characters all appear in order in the longer one, which is how
    Chinese short names are formed (市发改局 from 市发改科技局, 教体局 from 神木市教育和体育局).

    >>> similarity("市发改局", "市发改科技局")
    0.8
    >>> similarity("市卫健局", "市人社局")
    0.5
    """
    if _variants(a) & _variants(b):
        return 1.0
    x, y = _normal(a), _normal(b)
    ratio = difflib.SequenceMatcher(None, x, y, autojunk=False).ratio()
    short, long = sorted((x, y), key=len)
    if len(short) >= 2 and _is_subsequence(short, long):
        ratio = max(ratio, 0.75)
    return round(ratio, 4)


def check_units(plan: Plan, directory: UnitDirectory, *, cutoff: float = 0.6, limit: int = 3) -> tuple[UnitIssue, ...]:
    """Report the plan's units that the directory does not know by that short name; change nothing.

    A unit written as an alias or full name is reported as :attr:`IssueKind.ALIAS` with the short
    name it stands for.  An unknown unit comes with up to ``limit`` suggestions scoring at least
    ``cutoff`` by :func:`similarity`, compared with every name a directory unit is known by.
    """
    places: dict[Unit, list[str]] = {}
    for a, action in enumerate(plan.actions):
        for unit in action.leads:
            places.setdefault(unit, []).append(f"{_path(a)}.leads")
        for t, task in enumerate(action.tasks):
            for d, duty in enumerate(task.duties):
                for unit in duty.units:
                    places.setdefault(unit, []).append(f"{_path(a, t, d)}.units")
    issues: list[UnitIssue] = []
    for unit, where in places.items():
        entry = directory.get(unit)
        if entry is not None and entry.name == unit.name:
            continue
        if entry is not None:
            issues.append(UnitIssue(unit=unit, kind=IssueKind.ALIAS, suggestions=(entry.name,), places=tuple(where)))
            continue
        scores: dict[str, float] = {}
        for candidate in directory:
            score = max(similarity(unit.name, name) for name in candidate.names)
            if score >= cutoff:
                scores[candidate.name] = score
        best = sorted(scores, key=lambda name: -scores[name])[:limit]
        issues.append(UnitIssue(unit=unit, kind=IssueKind.UNKNOWN, suggestions=tuple(best), places=tuple(where)))
    return tuple(issues)
