"""The report of a diff in words: what ``str()`` of each record says, in the reader's language.

The records (:mod:`kepu_plan.diff.records`) hold what changed; this module says it.  The words are
looked up in the catalogs when a report is shown (:mod:`kepu_plan._i18n`); the plan's own texts in
it (names, contents, units) are quoted as they are, and a changed text is marked word by word
(:mod:`kepu_plan.diff.marking`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from kepu_plan._i18n import N_, _
from kepu_plan.diff.marking import mark_changes
from kepu_plan.model import Action, Target, Task

if TYPE_CHECKING:
    from kepu_plan.diff.records import (
        FieldChange,
        Item,
        ItemDiff,
        Place,
        PlanDiff,
        TargetChange,
        UnitDelta,
        UnitRename,
        Value,
    )

__all__ = [
    "field_change",
    "field_label",
    "item_diff",
    "level_label",
    "place",
    "plan_diff",
    "target_change",
    "unit_delta",
    "unit_rename",
]


_LEVEL_LABELS: Final = {"action": N_("key action"), "task": N_("main task"), "duty": N_("main content")}

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

#: How a figure is written with its comparator (translated where shown).
_COMPARATOR_TEMPLATES: Final = {
    "exact": "{figure}",
    "at_least": N_("{figure} or more"),
    "at_most": N_("{figure} or less"),
    "about": N_("about {figure}"),
}


def level_label(level: str) -> str:
    """A level's name for people (``action``, ``task``, ``duty``), in the reader's language."""
    return _(_LEVEL_LABELS[level])


def field_label(field: str) -> str:
    """A field's name for people, in the reader's language (主要内容, 负责单位 …); an extra
    column's header as the plan has it."""
    if field.startswith("extra."):
        return field[len("extra.") :]
    return _(_FIELD_LABELS[field]) if field in _FIELD_LABELS else field


def place(where: Place, *, old: bool = False) -> str:
    """Where an item is, for people; ``old`` marks the duty's number as the old plan's (原第2条),
    so that it is not taken for the same number in the new plan."""
    parts = [where.action]
    if where.task is not None:
        parts.append(where.task)
    if where.duty is not None:
        template = _("old duty {number}") if old else _("duty {number}")
        parts.append(template.format(number=where.duty))
    return " › ".join(parts)


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


def field_change(change: FieldChange) -> str:
    """One field's change: a text marked word by word, other values old → new."""
    if isinstance(change.old, str) and isinstance(change.new, str) and change.field not in ("kind", "label"):
        return _("{field}: {text}").format(field=change.label, text=mark_changes(change.old, change.new))
    text = _("{field}: {old} → {new}").format(field=change.label, old=_show(change.old), new=_show(change.new))
    if change.field in ("units", "leads") and isinstance(change.old, tuple) and isinstance(change.new, tuple):
        gained = _list([name for name in change.new if name not in change.old])
        lost = _list([name for name in change.old if name not in change.new])
        if gained and lost:
            text = _("{change} (added {gained}, removed {lost})").format(change=text, gained=gained, lost=lost)
        elif gained:
            text = _("{change} (added {gained})").format(change=text, gained=gained)
        elif lost:
            text = _("{change} (removed {lost})").format(change=text, lost=lost)
        elif change.old != change.new:
            text = _("{change} (order changed)").format(change=text)
    return text


def _number(where: Place) -> int:
    """The action's number in its plan, from 1."""
    return int(where.path[len("actions[") : where.path.index("]")]) + 1


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


def _where(item: ItemDiff, where: Place, *, old: bool = False) -> str:
    if item.level.value == "action":
        return _("“{action}”").format(action=where.action)
    return place(where, old=old)


def item_diff(item: ItemDiff) -> str:
    """An item added, removed, moved or changed, with its changed fields one per line below."""
    if item.old is None:
        assert item.new is not None
        assert item.new_item is not None
        return _("added {place}: {summary}").format(place=_where(item, item.new), summary=_summary(item.new_item))
    if item.new is None:
        assert item.old_item is not None
        return _("removed {place}: {summary}").format(
            place=_where(item, item.old, old=True), summary=_summary(item.old_item)
        )
    if not item.moved:
        head = _("changed {place}").format(place=_where(item, item.new))
    elif item.level.value == "action":
        template = (
            _("moved and changed {action}: position {old} → position {new}")
            if item.fields
            else _("moved {action}: position {old} → position {new}")
        )
        head = template.format(action=item.old.action, old=_number(item.old), new=_number(item.new))
    else:
        template = _("moved and changed {old} → {new}") if item.fields else _("moved {old} → {new}")
        head = template.format(old=place(item.old, old=True), new=place(item.new))
    return "\n".join([head, *(f"    {change}" for change in item.fields)])


def _places(places: list[str]) -> str:
    """Places joined as a list of places (甲 › 乙 › 第1条；丙 › 丁 › 第2条)."""
    text = ""
    for where in places:
        text = _("{places}; {place}").format(places=text, place=where) if text else where
    return text


def unit_delta(delta: UnitDelta) -> str:
    """The duties a unit gained and lost, with their places."""
    gained = lost = ""
    if delta.gained:
        places = _places([place(where) for where in delta.gained])
        gained = _("gained {count} ({places})").format(count=len(delta.gained), places=places)
    if delta.lost:
        places = _places([place(where, old=True) for where in delta.lost])
        lost = _("lost {count} ({places})").format(count=len(delta.lost), places=places)
    if gained and lost:
        return _("{unit}: {gained}, {lost}").format(unit=delta.unit, gained=gained, lost=lost)
    return _("{unit}: {change}").format(unit=delta.unit, change=gained or lost)


def _figure(target: Target | None) -> str:
    """A target's figure as people write it: 每年60名以上 (60名 or more a year)."""
    if target is None:
        return _("(none)")
    template = _COMPARATOR_TEMPLATES[target.comparator.value]
    text = (_(template) if template != "{figure}" else template).format(figure=f"{target.quantity}{target.measure}")
    return _("{figure} a year").format(figure=text) if target.cadence.value == "annual" else text


def target_change(change: TargetChange) -> str:
    """A target's figure, old → new, at the duty's place in the new plan."""
    subject = next((t.subject for t in (change.new, change.old) if t is not None and t.subject), "")
    figures = {"place": place(change.new_place), "old": _figure(change.old), "new": _figure(change.new)}
    if subject:
        return _("{place} · {subject}: {old} → {new}").format(subject=subject, **figures)
    return _("{place}: {old} → {new}").format(**figures)


def unit_rename(rename: UnitRename) -> str:
    """A unit renamed throughout, and in how many duties."""
    return _("{old} → {new} (duties: {count})").format(old=rename.old, new=rename.new, count=rename.places)


def plan_diff(diff: PlanDiff) -> str:
    """The whole report: the plan's own fields, renamed units, each level's items, units, targets."""
    if diff.is_empty:
        return _("The two plans are the same.")
    lines: list[str] = [str(change) for change in diff.plan]
    if diff.renamed_units:
        lines.append(_("Units renamed ({count}):").format(count=len(diff.renamed_units)))
        lines.extend(f"  {rename}" for rename in diff.renamed_units)
    for title, items in (
        (N_("Key actions/projects ({count}):"), diff.actions),
        (N_("Main tasks ({count}):"), diff.tasks),
        (N_("Duties ({count}):"), diff.duties),
    ):
        if items:
            lines.append(_(title).format(count=len(items)))
            lines.extend("  " + line for item in items for line in str(item).split("\n"))
    if diff.units:
        lines.append(_("Duties gained and lost by unit:"))
        lines.extend(f"  {delta}" for delta in diff.units)
    if diff.targets:
        lines.append(_("Changed targets:"))
        lines.extend(f"  {change}" for change in diff.targets)
    return "\n".join(lines)
