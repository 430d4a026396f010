"""The records of a diff: what changed at which place, and the whole :class:`PlanDiff`.

The report (``str()`` of each record) is in the reader's language: :mod:`kepu_plan.diff.rendering`
says it; the records only hold what changed.
"""

from __future__ import annotations

import enum
from typing import Any, TypeAlias

import attrs

from kepu_plan.diff import rendering
from kepu_plan.model import Action, Duty, Target, Task

__all__ = ["FieldChange", "ItemDiff", "Level", "Place", "PlanDiff", "TargetChange", "UnitDelta", "UnitRename"]

Item: TypeAlias = Action | Task | Duty
Value: TypeAlias = str | tuple[str, ...] | None


class Level(enum.Enum):
    """What an item of the diff is: an action (重点行动/工程), a task (主要任务) or a duty (主要内容)."""

    ACTION = "action"
    TASK = "task"
    DUTY = "duty"

    @property
    def label(self) -> str:
        """The level's name for people, in the reader's language."""
        return rendering.level_label(self.value)


@attrs.frozen(kw_only=True)
class Place:
    """Where an item is in its plan: ``path`` by index (from 0) and, for people, the action's and
    task's names and the duty's number within its task (from 1)."""

    path: str
    action: str
    task: str | None = None
    duty: int | None = None

    def __str__(self) -> str:
        return self.describe()

    def describe(self, *, old: bool = False) -> str:
        """For people; ``old`` marks the duty's number as the old plan's (原第2条), so that it is
        not taken for the same number in the new plan."""
        return rendering.place(self, old=old)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "action": self.action, "task": self.task, "duty": self.duty}


@attrs.frozen(kw_only=True)
class FieldChange:
    """One field of a matched item (or of the plan) that differs: ``field`` is ``content``,
    ``units``, ``leads``, ``name``, ``kind``, ``deadline``, ``extra.<column header>``, ``title``,
    ``label`` or ``notes``.  Unit lists are tuples of names; an absent value is None."""

    field: str
    old: Value
    new: Value

    @property
    def label(self) -> str:
        """The field's name for people, in the reader's language (主要内容, 负责单位 …); an extra
        column's header as the plan has it."""
        return rendering.field_label(self.field)

    def __str__(self) -> str:
        return rendering.field_change(self)

    def to_dict(self) -> dict[str, Any]:
        def plain(value: Value) -> Any:
            return list(value) if isinstance(value, tuple) else value

        return {"field": self.field, "old": plain(self.old), "new": plain(self.new)}


def _item_dict(item: Item) -> dict[str, Any]:
    if isinstance(item, Action):
        return {"name": item.name, "leads": [u.name for u in item.leads], "tasks": len(item.tasks)}
    if isinstance(item, Task):
        return {"name": item.name, "duties": len(item.duties)}
    return {"content": item.content, "units": [u.name for u in item.units], "leads": [u.name for u in item.leads]}


@attrs.frozen(kw_only=True)
class ItemDiff:
    """An action, task or duty that was added (``old`` is None), removed (``new`` is None), or
    matched in both plans and moved, changed (``fields``) or both.

    An added or removed item stands for everything in it that was not matched elsewhere: the tasks
    and duties of a removed action are not listed again.
    """

    level: Level
    old: Place | None
    new: Place | None
    moved: bool = False
    fields: tuple[FieldChange, ...] = ()
    old_item: Item | None = attrs.field(default=None, repr=False)
    new_item: Item | None = attrs.field(default=None, repr=False)

    @property
    def status(self) -> str:
        """``added``, ``removed``, ``changed`` (possibly also moved) or ``moved``."""
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if self.fields else "moved"

    def field(self, name: str) -> FieldChange | None:
        """The change of one field, or None when it did not change."""
        return next((change for change in self.fields if change.field == name), None)

    def __str__(self) -> str:
        return rendering.item_diff(self)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "level": self.level.value,
            "status": self.status,
            "moved": self.moved,
            "old": self.old.to_dict() if self.old else None,
            "new": self.new.to_dict() if self.new else None,
            "fields": [change.to_dict() for change in self.fields],
        }
        if self.status in ("added", "removed"):
            item = self.new_item if self.old is None else self.old_item
            assert item is not None
            data["item"] = _item_dict(item)
        return data


@attrs.frozen(kw_only=True)
class UnitDelta:
    """The duties a unit gained (places in the new plan) and lost (places in the old plan)."""

    unit: str
    gained: tuple[Place, ...] = ()
    lost: tuple[Place, ...] = ()

    def __str__(self) -> str:
        return rendering.unit_delta(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "gained": [place.to_dict() for place in self.gained],
            "lost": [place.to_dict() for place in self.lost],
        }


def _target_dict(target: Target | None) -> dict[str, Any] | None:
    if target is None:
        return None
    return {
        "text": target.text,
        "quantity": str(target.quantity),
        "measure": target.measure,
        "comparator": target.comparator.value,
        "cadence": target.cadence.value,
        "subject": target.subject,
    }


@attrs.frozen(kw_only=True)
class TargetChange:
    """A target of a matched duty whose figure changed (``60名以上`` → ``80名以上``), or one that
    appeared (``old`` None) or disappeared (``new`` None) in a reworded duty."""

    old_place: Place
    new_place: Place
    old: Target | None
    new: Target | None

    def __str__(self) -> str:
        return rendering.target_change(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old_place": self.old_place.to_dict(),
            "new_place": self.new_place.to_dict(),
            "old": _target_dict(self.old),
            "new": _target_dict(self.new),
        }


@attrs.frozen(kw_only=True)
class UnitRename:
    """A unit renamed throughout the plan, and in how many duties it was responsible."""

    old: str
    new: str
    places: int

    def __str__(self) -> str:
        return rendering.unit_rename(self)

    def to_dict(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "places": self.places}


@attrs.frozen(kw_only=True)
class PlanDiff:
    """The differences between two plans; false and empty when they are equal.

    ``plan`` holds changes of the title, label and notes; ``renamed_units`` the units renamed
    throughout; ``actions``, ``tasks`` and ``duties`` the
    items added, removed, moved or changed at each level; ``units`` who gained or lost duties;
    ``targets`` the changed figures of reworded duties.
    """

    plan: tuple[FieldChange, ...] = ()
    renamed_units: tuple[UnitRename, ...] = ()
    actions: tuple[ItemDiff, ...] = ()
    tasks: tuple[ItemDiff, ...] = ()
    duties: tuple[ItemDiff, ...] = ()
    units: tuple[UnitDelta, ...] = ()
    targets: tuple[TargetChange, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Whether the two plans are equal."""
        return not (self.plan or self.renamed_units or self.actions or self.tasks or self.duties)

    def __bool__(self) -> bool:
        return not self.is_empty

    @property
    def items(self) -> tuple[ItemDiff, ...]:
        """Every action, task and duty difference."""
        return self.actions + self.tasks + self.duties

    @property
    def added(self) -> tuple[ItemDiff, ...]:
        return tuple(item for item in self.items if item.status == "added")

    @property
    def removed(self) -> tuple[ItemDiff, ...]:
        return tuple(item for item in self.items if item.status == "removed")

    @property
    def moved(self) -> tuple[ItemDiff, ...]:
        return tuple(item for item in self.items if item.moved)

    @property
    def changed(self) -> tuple[ItemDiff, ...]:
        return tuple(item for item in self.items if item.fields)

    @property
    def lead_changes(self) -> tuple[ItemDiff, ...]:
        """The matched actions and duties whose leads changed."""
        return tuple(item for item in self.items if item.field("leads") is not None)

    def __str__(self) -> str:
        return rendering.plan_diff(self)

    def to_dict(self) -> dict[str, Any]:
        """The diff as JSON-able data (strings, numbers, lists, dicts, None)."""
        return {
            "equal": self.is_empty,
            "plan": [change.to_dict() for change in self.plan],
            "renamed_units": [rename.to_dict() for rename in self.renamed_units],
            "actions": [item.to_dict() for item in self.actions],
            "tasks": [item.to_dict() for item in self.tasks],
            "duties": [item.to_dict() for item in self.duties],
            "units": [delta.to_dict() for delta in self.units],
            "targets": [change.to_dict() for change in self.targets],
        }
