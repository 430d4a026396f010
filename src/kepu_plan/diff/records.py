"""The records of a diff: what changed at which place, and the whole :class:`PlanDiff`.

The report (``str()`` of each record) is in the reader's language, looked up in the catalogs when it
is shown (:mod:`kepu_plan._i18n`); the plan's own texts in it (names, contents, units) are quoted as
they are.
"""

from __future__ import annotations

import enum
from typing import Any, Final, TypeAlias

import attrs

from kepu_plan._i18n import N_, _
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
        """The level's name for people, in the reader's language."""
        return _({"action": N_("key action"), "task": N_("main task"), "duty": N_("main content")}[self.value])


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
            template = _("old duty {number}") if old else _("duty {number}")
            parts.append(template.format(number=self.duty))
        return " › ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "action": self.action, "task": self.task, "duty": self.duty}


#: The fields' names for people (translated where shown).
_FIELD_LABELS: Final = {
    "title": N_("title"),
    "label": N_("attachment label"),
    "notes": N_("notes"),
    "name": N_("name"),
    "kind": N_("kind"),
    "leads": N_("lead units"),
    "content": N_("main content"),
    "units": N_("units"),
    "deadline": N_("deadline"),
}


def _list(names: tuple[str, ...] | list[str]) -> str:
    """Names joined as the reader's language writes a list (市教体局、市科协)."""
    text = ""
    for name in names:
        text = _("{names}, {name}").format(names=text, name=name) if text else name
    return text


def _show(value: Value) -> str:
    if value is None or value == ():
        return _("(none)")
    if isinstance(value, tuple):
        return _list(value)
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
        """The field's name for people, in the reader's language (主要内容, 负责单位 …); an extra
        column's header as the plan has it."""
        if self.field.startswith("extra."):
            return self.field[len("extra.") :]
        return _(_FIELD_LABELS[self.field]) if self.field in _FIELD_LABELS else self.field

    def __str__(self) -> str:
        if isinstance(self.old, str) and isinstance(self.new, str) and self.field not in ("kind", "label"):
            return _("{field}: {text}").format(field=self.label, text=mark_changes(self.old, self.new))
        text = _("{field}: {old} → {new}").format(field=self.label, old=_show(self.old), new=_show(self.new))
        if self.field in ("units", "leads") and isinstance(self.old, tuple) and isinstance(self.new, tuple):
            gained = _list([name for name in self.new if name not in self.old])
            lost = _list([name for name in self.old if name not in self.new])
            if gained and lost:
                text = _("{change} (added {gained}, removed {lost})").format(change=text, gained=gained, lost=lost)
            elif gained:
                text = _("{change} (added {gained})").format(change=text, gained=gained)
            elif lost:
                text = _("{change} (removed {lost})").format(change=text, lost=lost)
            elif self.old != self.new:
                text = _("{change} (order changed)").format(change=text)
        return text

    def to_dict(self) -> dict[str, Any]:
        def plain(value: Value) -> Any:
            return list(value) if isinstance(value, tuple) else value

        return {"field": self.field, "old": plain(self.old), "new": plain(self.new)}


def _number(place: Place) -> int:
    """The action's number in its plan, from 1."""
    return int(place.path[len("actions[") : place.path.index("]")]) + 1


def _summary(item: Item) -> str:
    """What an added or removed item holds, in the reader's language."""
    if isinstance(item, Action):
        counts = {"tasks": len(item.tasks), "duties": len(item.duties)}
        if item.leads:
            return _("led by {leads}; tasks: {tasks}, duties: {duties}").format(
                leads=_list([u.name for u in item.leads]), **counts
            )
        return _("tasks: {tasks}, duties: {duties}").format(**counts)
    if isinstance(item, Task):
        return _("duties: {duties}").format(duties=len(item.duties))
    units = _list([u.name for u in item.units]) or _("(none)")
    return _("{content} (units: {units})").format(content=item.content, units=units)


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
            return _("added {place}: {summary}").format(place=self._where(self.new), summary=_summary(self.new_item))
        if self.new is None:
            assert self.old_item is not None
            return _("removed {place}: {summary}").format(
                place=self._where(self.old, old=True), summary=_summary(self.old_item)
            )
        if not self.moved:
            head = _("changed {place}").format(place=self._where(self.new))
        elif self.level is Level.ACTION:
            template = (
                _("moved and changed {action}: position {old} → position {new}")
                if self.fields
                else _("moved {action}: position {old} → position {new}")
            )
            head = template.format(action=self.old.action, old=_number(self.old), new=_number(self.new))
        else:
            template = _("moved and changed {old} → {new}") if self.fields else _("moved {old} → {new}")
            head = template.format(old=self.old.describe(old=True), new=self.new)
        return "\n".join([head, *(f"    {change}" for change in self.fields)])

    def _where(self, place: Place, *, old: bool = False) -> str:
        if self.level is Level.ACTION:
            return _("“{action}”").format(action=place.action)
        return place.describe(old=old)

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
        gained = lost = ""
        if self.gained:
            places = _places([place.describe() for place in self.gained])
            gained = _("gained {count} ({places})").format(count=len(self.gained), places=places)
        if self.lost:
            places = _places([place.describe(old=True) for place in self.lost])
            lost = _("lost {count} ({places})").format(count=len(self.lost), places=places)
        if gained and lost:
            return _("{unit}: {gained}, {lost}").format(unit=self.unit, gained=gained, lost=lost)
        return _("{unit}: {change}").format(unit=self.unit, change=gained or lost)

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "gained": [place.to_dict() for place in self.gained],
            "lost": [place.to_dict() for place in self.lost],
        }


def _places(places: list[str]) -> str:
    """Places joined as a list of places (甲 › 乙 › 第1条；丙 › 丁 › 第2条)."""
    text = ""
    for place in places:
        text = _("{places}; {place}").format(places=text, place=place) if text else place
    return text


#: How a figure is written with its comparator (translated where shown).
_COMPARATOR_TEMPLATES: Final = {
    "exact": "{figure}",
    "at_least": N_("{figure} or more"),
    "at_most": N_("{figure} or less"),
    "about": N_("about {figure}"),
}


def _figure(target: Target | None) -> str:
    """A target's figure as people write it: 每年60名以上 (60名 or more a year)."""
    if target is None:
        return _("(none)")
    template = _COMPARATOR_TEMPLATES[target.comparator.value]
    text = (_(template) if template != "{figure}" else template).format(figure=f"{target.quantity}{target.measure}")
    return _("{figure} a year").format(figure=text) if target.cadence.value == "annual" else text


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
        figures = {"place": self.new_place.describe(), "old": _figure(self.old), "new": _figure(self.new)}
        if subject:
            return _("{place} · {subject}: {old} → {new}").format(subject=subject, **figures)
        return _("{place}: {old} → {new}").format(**figures)

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
        return _("{old} → {new} (duties: {count})").format(old=self.old, new=self.new, count=self.places)

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
            return _("The two plans are the same.")
        lines: list[str] = [str(change) for change in self.plan]
        if self.renamed_units:
            lines.append(_("Units renamed ({count}):").format(count=len(self.renamed_units)))
            lines.extend(f"  {rename}" for rename in self.renamed_units)
        for title, items in (
            (N_("Key actions/projects ({count}):"), self.actions),
            (N_("Main tasks ({count}):"), self.tasks),
            (N_("Duties ({count}):"), self.duties),
        ):
            if items:
                lines.append(_(title).format(count=len(items)))
                lines.extend("  " + line for item in items for line in str(item).split("\n"))
        if self.units:
            lines.append(_("Duties gained and lost by unit:"))
            lines.extend(f"  {delta}" for delta in self.units)
        if self.targets:
            lines.append(_("Changed targets:"))
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
