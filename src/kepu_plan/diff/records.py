"""The records of a diff: what changed at which place, and the whole :class:`PlanDiff`."""

from __future__ import annotations

import enum
from typing import Any, Final, TypeAlias

import attrs

from kepu_plan.diff.marking import mark_changes
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
        return {"action": "重点行动", "task": "主要任务", "duty": "主要内容"}[self.value]


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
        parts = [self.action]
        if self.task is not None:
            parts.append(self.task)
        if self.duty is not None:
            parts.append(f"{'原' if old else ''}第{self.duty}条")
        return " › ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "action": self.action, "task": self.task, "duty": self.duty}


_FIELD_LABELS: Final = {
    "title": "标题",
    "label": "附件标注",
    "notes": "附注",
    "name": "名称",
    "kind": "类别",
    "leads": "牵头单位",
    "content": "主要内容",
    "units": "负责单位",
    "deadline": "完成时限",
}


def _show(value: Value) -> str:
    if value is None:
        return "（无）"
    if isinstance(value, tuple):
        return "、".join(value) if value else "（无）"
    return value


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
        """The field's name for people (主要内容, 负责单位 …)."""
        if self.field.startswith("extra."):
            return self.field[len("extra.") :]
        return _FIELD_LABELS.get(self.field, self.field)

    def __str__(self) -> str:
        if isinstance(self.old, str) and isinstance(self.new, str) and self.field not in ("kind", "label"):
            return f"{self.label}：{mark_changes(self.old, self.new)}"
        text = f"{self.label}：{_show(self.old)} → {_show(self.new)}"
        if self.field in ("units", "leads") and isinstance(self.old, tuple) and isinstance(self.new, tuple):
            gained = [name for name in self.new if name not in self.old]
            lost = [name for name in self.old if name not in self.new]
            notes = ([f"增加 {'、'.join(gained)}"] if gained else []) + ([f"减少 {'、'.join(lost)}"] if lost else [])
            if notes:
                text += f"（{'，'.join(notes)}）"
            elif self.old != self.new:
                text += "（顺序调整）"
        return text

    def to_dict(self) -> dict[str, Any]:
        def plain(value: Value) -> Any:
            return list(value) if isinstance(value, tuple) else value

        return {"field": self.field, "old": plain(self.old), "new": plain(self.new)}


def _number(place: Place) -> int:
    """The action's number in its plan, from 1."""
    return int(place.path[len("actions[") : place.path.index("]")]) + 1


def _summary(item: Item) -> str:
    if isinstance(item, Action):
        leads = f"牵头：{'、'.join(u.name for u in item.leads)}；" if item.leads else ""
        return f"（{leads}{len(item.tasks)} 项任务，{len(item.duties)} 条内容）"
    if isinstance(item, Task):
        return f"（{len(item.duties)} 条内容）"
    units = "、".join(u.name for u in item.units) or "（无）"
    return f"：{item.content}（负责单位：{units}）"


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
        if self.old is None:
            assert self.new is not None
            assert self.new_item is not None
            return f"新增 {self._where(self.new)}{_summary(self.new_item)}"
        if self.new is None:
            assert self.old_item is not None
            return f"删除 {self._where(self.old, old=True)}{_summary(self.old_item)}"
        if not self.moved:
            head = f"修改 {self._where(self.new)}"
        elif self.level is Level.ACTION:
            head = f"移动 {self.old.action}：第{_number(self.old)}项 → 第{_number(self.new)}项"
        else:
            head = f"移动 {self.old.describe(old=True)} → {self.new}"
        if self.moved and self.fields:
            head = head.replace("移动", "移动并修改", 1)
        return "\n".join([head, *(f"    {change}" for change in self.fields)])

    def _where(self, place: Place, *, old: bool = False) -> str:
        return f"「{place.action}」" if self.level is Level.ACTION else place.describe(old=old)

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
        parts = []
        if self.gained:
            parts.append(f"增加 {len(self.gained)} 条（{'；'.join(map(str, self.gained))}）")
        if self.lost:
            parts.append(f"减少 {len(self.lost)} 条（{'；'.join(place.describe(old=True) for place in self.lost)}）")
        return f"{self.unit}：{'，'.join(parts)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "gained": [place.to_dict() for place in self.gained],
            "lost": [place.to_dict() for place in self.lost],
        }


_COMPARATOR_WORDS: Final = {"exact": "", "at_least": "以上", "at_most": "以下", "about": "左右"}


def _figure(target: Target | None) -> str:
    """A target's figure as people write it: 每年60名以上."""
    if target is None:
        return "（无）"
    every = "每年" if target.cadence.value == "annual" else ""
    return f"{every}{target.quantity}{target.measure}{_COMPARATOR_WORDS[target.comparator.value]}"


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
        subject = next((t.subject for t in (self.new, self.old) if t is not None and t.subject), "")
        about = f" · {subject}" if subject else ""
        return f"{self.new_place}{about}：{_figure(self.old)} → {_figure(self.new)}"

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
        return f"{self.old} → {self.new}（{self.places} 条内容）"

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
        if self.is_empty:
            return "两个分工表相同。"
        lines: list[str] = [str(change) for change in self.plan]
        if self.renamed_units:
            lines.append(f"单位改名（{len(self.renamed_units)} 个）：")
            lines.extend(f"  {rename}" for rename in self.renamed_units)
        for title, items in (
            ("重点行动/工程", self.actions),
            ("主要任务", self.tasks),
            ("主要内容", self.duties),
        ):
            if items:
                lines.append(f"{title}（{len(items)} 处）：")
                lines.extend("  " + line for item in items for line in str(item).split("\n"))
        if self.units:
            lines.append("单位任务增减：")
            lines.extend(f"  {delta}" for delta in self.units)
        if self.targets:
            lines.append("指标变化：")
            lines.extend(f"  {change}" for change in self.targets)
        return "\n".join(lines)

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
