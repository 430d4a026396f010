"""Responsible units: who does what, a county's unit directory, and renaming.

The functions take the plan first, so :class:`~kepu_plan.model.Plan` can offer them as methods
(``plan.duties_of(unit)`` calls ``duties_of(plan, unit)``).  A unit is given as a
:class:`~kepu_plan.model.Unit` or as its name.  Who does what, renaming and checking live in the
model (they need nothing but the plan and what a directory offers, :class:`~kepu_plan.model.DirectoryLike`);
this module offers them beside the directory itself (:class:`UnitDirectory`) and the workload.

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
import io
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Final

import attrs

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import FileMissing, InvalidPlan, Location, ReadError
from kepu_plan.model import (
    SHARED_COLUMN,
    Assignment,
    IssueKind,
    Leadership,
    Plan,
    Unit,
    UnitIssue,
    assignments,
    check_units,
    covers,
    duties_of,
    for_unit,
    is_collective,
    led_by,
    map_units,
    rename_units,
    similarity,
)
from kepu_plan.model._assign import unit_name as _name

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
    units = plan.units
    index = {unit: i for i, unit in enumerate(units)}
    counts = [[0] * len(plan.actions) for _ in units]
    leads = [0] * len(units)
    actions_led = [0] * len(units)
    # One pass over the plan (a unit is named at most once in a duty's units, in its leads and in an
    # action's leads), not one pass over every duty for each unit.
    for a, action in enumerate(plan.actions):
        for unit in action.leads:
            actions_led[index[unit]] += 1
        for task in action.tasks:
            for duty in task.duties:
                for unit in duty.units:
                    counts[index[unit]][a] += 1
                for unit in duty.leads:  # a duty's leads are among its units
                    leads[index[unit]] += 1
    rows = tuple(
        WorkloadRow(unit=unit, counts=tuple(counts[i]), leads=leads[i], actions_led=actions_led[i])
        for i, unit in enumerate(units)
    )
    return Workload(actions=tuple(action.name for action in plan.actions), rows=rows)


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
