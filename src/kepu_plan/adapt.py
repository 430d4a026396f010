"""Adapting a neighbour's table to your county, with a report of every change made.

:func:`adapt` replaces the region's name (神木市 → 府谷县, and its short form 神木 → 府谷) in every
text of the plan, moves unit names from the city prefix to the county prefix (市教体局 → 县教体局,
团市委 → 团县委, 市委组织部 → 县委组织部) in the units and wherever they are written in the text, and
moves the few words that name the city's own bodies and levels (全市, 市委, 市政府, 市级 …).  Words in
which 市 means a market or a town (城市, 市场, 超市, 市民) and units without the prefix
(生态环境分局, 职业技术学院) are left alone.  Nothing changes silently: the
:class:`Adaptation` lists each change with its place and old and new text.

The edit helpers (:func:`drop_action`, :func:`drop_duty`, :func:`replace_in_content`,
:func:`add_duty`) make the usual next steps one call each.

>>> from kepu_plan.model import Action, Duty, Plan, Task
>>> plan = Plan(title="神木市分工表", actions=[Action(name="科普行动", leads=["团市委"], tasks=[
...     Task(name="任务", duties=[Duty(content="服务市委、市政府决策，建设全市城市科普长廊", units=["市科协"])])])])
>>> result = adapt(plan, region="府谷县", from_region="神木市")
>>> result.plan.title, result.plan.duties[0].content
('府谷县分工表', '服务县委、县政府决策，建设全县城市科普长廊')
>>> result.unit_renames
{'团市委': '团县委', '市科协': '县科协'}
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from typing import Any, Final

import attrs

from kepu_plan._i18n import N_, Text, _, printable, render
from kepu_plan.diff import mark_changes
from kepu_plan.errors import InvalidPlan
from kepu_plan.model import Action, Duty, PlacedDuty, Plan, Task, Unit, map_duties, walk_duties

__all__ = [
    "Adaptation",
    "Change",
    "ChangeKind",
    "adapt",
    "add_duty",
    "drop_action",
    "drop_duty",
    "replace_in_content",
    "short_region_name",
    "unit_prefixes",
]

#: Endings of administrative region names, longest first: 府谷县 → 府谷.
_REGION_SUFFIXES: Final = ("自治县", "自治旗", "新区", "市", "县", "区", "旗")

#: What may follow the prefix when it names the region's own bodies or level (市委, 市级, 市直 …).
_PREFIX_FOLLOWERS: Final = ("委", "政府", "级", "直", "属", "人大", "政协", "域", "内外")
#: What may come before it to the same effect (全市, 本市, 我市).
_PREFIX_LEADERS: Final = ("全", "本", "我")
#: For each prefix, the characters before it that make it part of another word (城市, 超市, 上市,
#: 社区, 园区 …), and the followers that make a word with it (区域).
_WORD_BEFORE: Final = {
    "市": "城都超集夜菜股门黑闹开上街坊花早",
    "县": "州郡省",
    "区": "社园景城街小山校牧林灾新片老辖郊地矿库湖边护军战疫市县",
    "旗": "国红彩锦党团队军",
}
_NOT_FOLLOWERS: Final = {"区": ("域",)}
#: The endings of region names that are also the prefix of their units' names.
_PREFIXES: Final = "市县区旗"
#: Unit names starting with the prefix that are a word, not prefix + name (市场监管局 without 市).
_PROTECTED_UNITS: Final = ("市场",)


def short_region_name(region: str) -> str | None:
    """The region's name without its administrative ending (府谷县 → 府谷), or None when the rest
    would be a single character (a short name of one character is too likely to occur by chance).

    >>> short_region_name("神木市"), short_region_name("府谷县"), short_region_name("沛县")
    ('神木', '府谷', None)
    """
    for suffix in _REGION_SUFFIXES:
        if region.endswith(suffix) and len(region) - len(suffix) >= 2:
            return region[: -len(suffix)]
    return None


class ChangeKind(enum.Enum):
    """A unit renamed at one place, or a text (title, name, content …) rewritten."""

    UNIT = "unit"
    TEXT = "text"


@attrs.frozen(kw_only=True)
class Change:
    """One change :func:`adapt` made.

    ``path`` names the field (``actions[0].tasks[1].duties[2].content``, ``actions[0].leads[1]``,
    ``title``); ``where`` names the same place for a person, by the names in the original plan (its
    English words; ``str(change)`` and :meth:`to_dict` show it in the reader's language).
    """

    kind: ChangeKind
    path: str
    where: str
    old: str
    new: str

    def __str__(self) -> str:
        """The change in the reader's language: where, then the old and new text."""
        if self.kind is ChangeKind.UNIT:
            return render(Text(N_("{where}: {old} → {new}"), where=self.where, old=self.old, new=self.new))
        return render(Text(N_("{where}: {changes}"), where=self.where, changes=mark_changes(self.old, self.new)))

    def to_dict(self) -> dict[str, str]:
        """The change as JSON-able data (``where`` in the reader's language)."""
        return {
            "kind": self.kind.value,
            "path": self.path,
            "where": render(self.where),
            "old": self.old,
            "new": self.new,
        }


@attrs.frozen(kw_only=True)
class Adaptation:
    """The adapted plan and every change made to get it, in reading order."""

    plan: Plan
    changes: tuple[Change, ...]
    region: str
    from_region: str

    @property
    def unit_renames(self) -> dict[str, str]:
        """Old unit name → new unit name, for every unit renamed, in order of first appearance."""
        renames: dict[str, str] = {}
        for change in self.changes:
            if change.kind is ChangeKind.UNIT:
                renames.setdefault(change.old, change.new)
        return renames

    @property
    def text_changes(self) -> tuple[Change, ...]:
        """The rewritten texts (title, names, contents, notes …)."""
        return tuple(change for change in self.changes if change.kind is ChangeKind.TEXT)

    def __str__(self) -> str:
        renames = self.unit_renames
        counts: dict[str, int] = {}
        for change in self.changes:
            if change.kind is ChangeKind.UNIT:
                counts[change.old] = counts.get(change.old, 0) + 1
        lines = [
            _("from {old} to {new}: {count} changes").format(
                old=self.from_region, new=self.region, count=len(self.changes)
            )
        ]
        if renames:
            lines.append(_("units renamed ({count}):").format(count=len(renames)))
            place = _("  {old} → {new} ({count} places)")
            lines.extend(place.format(old=old, new=new, count=counts[old]) for old, new in renames.items())
        texts = self.text_changes
        if texts:
            lines.append(_("texts changed ({count}):").format(count=len(texts)))
            lines.extend(f"  {change}" for change in texts)
        return printable("\n".join(lines))

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-able data (the plan itself is written with :func:`kepu_plan.write`)."""
        return {
            "region": self.region,
            "from_region": self.from_region,
            "unit_renames": self.unit_renames,
            "changes": [change.to_dict() for change in self.changes],
        }


class _Rewriter:
    """The replacement rules of one adaptation, compiled into one pattern per use.

    Everything is replaced in a single pass, so a replacement is never replaced again (府谷县 never
    becomes 府谷县县, 县委 made from 市委 is never touched by a later rule).
    """

    def __init__(self, plan: Plan, *, region: str, from_region: str, prefix: str, new_prefix: str) -> None:
        self.prefix, self.new_prefix = prefix, new_prefix
        literals = {from_region: region}
        short, new_short = short_region_name(from_region), short_region_name(region)
        if short:
            # 智慧神木 → 智慧府谷; to a region without a short name, 健康神木 → 健康佳县.
            literals.setdefault(short, new_short or region)
        literals.update({leader + prefix: leader + new_prefix for leader in _PREFIX_LEADERS})
        literals = {old: new for old, new in literals.items() if old != new}
        self._base = self._compile(literals)
        self.units = {unit.name: self._unit(unit.name) for unit in plan.units}
        # A unit's name is rewritten in texts too (市教体局 in a content), unless it is so short that
        # it would hit other words: 市委 and the like are covered by the prefix rule anyway.
        literals.update({old: new for old, new in self.units.items() if old != new and len(old) >= 3})
        self._text = self._compile(literals)

    def _compile(self, literals: dict[str, str]) -> Callable[[str], str]:
        alternatives = [re.escape(old) for old in sorted(literals, key=len, reverse=True)]
        if self.prefix != self.new_prefix:
            words = [word for word in _PREFIX_FOLLOWERS if word not in _NOT_FOLLOWERS.get(self.prefix, ())]
            followers = "|".join(re.escape(word) for word in words)
            # Guarding with both prefixes' words keeps the rule reversible: what one direction moves,
            # the other moves back.
            before = _WORD_BEFORE.get(self.prefix, "") + _WORD_BEFORE.get(self.new_prefix, "")
            guard = f"(?<![{re.escape(before)}])" if before else ""
            alternatives.append(f"{guard}{re.escape(self.prefix)}(?=(?:{followers}))")
        if not alternatives:
            return lambda text: text
        pattern = re.compile("|".join(alternatives))

        def replace(match: re.Match[str]) -> str:
            found = match.group()
            return literals.get(found, self.new_prefix if found == self.prefix else found)

        return lambda text: pattern.sub(replace, text)

    def _unit(self, name: str) -> str:
        moved = self._base(name)  # 神木市科协 → 府谷县科协, 团市委 → 团县委, 市委组织部 → 县委组织部
        if (
            self.prefix != self.new_prefix
            and moved.startswith(self.prefix)
            and name.startswith(self.prefix)
            and not name.startswith(_PROTECTED_UNITS)
        ):
            moved = self.new_prefix + moved[len(self.prefix) :]  # 市教体局 → 县教体局, 市市场监管局 → 县市场监管局
        return moved

    def text(self, value: str) -> str:
        return self._text(value)

    def unit(self, unit: Unit) -> Unit:
        return Unit(name=self.units.get(unit.name, unit.name))


def _where(field: str, action: Action, task: Task | None = None, duty: int | None = None) -> Text:
    """A place in the plan for a person, by the original names: ``行动 › 任务 › 第1条 · 主要内容``.

    ``field`` is a :class:`~kepu_plan._i18n.Text` (``Text(N_("main content"))``) or a column's header
    (an extra cell), as it is written.
    """
    if task is None:
        return Text(N_("{action}, {field}"), action=action.name, field=field)
    if duty is None:
        return Text(N_("{action} › {task}, {field}"), action=action.name, task=task.name, field=field)
    return Text(
        N_("{action} › {task} › duty {number}, {field}"),
        action=action.name,
        task=task.name,
        number=duty + 1,
        field=field,
    )


def unit_prefixes(from_region: str, region: str) -> tuple[str, str]:
    """The unit prefixes two regions' names imply: their endings when they are 市, 县, 区 or 旗,
    else 市 for the old region and 县 for the new one.

    >>> unit_prefixes("神木市", "府谷县"), unit_prefixes("府谷县", "神木市"), unit_prefixes("榆阳区", "佳县")
    (('市', '县'), ('县', '市'), ('区', '县'))
    """
    old = from_region[-1] if from_region and from_region[-1] in _PREFIXES else "市"
    new = region[-1] if region and region[-1] in _PREFIXES else "县"
    return old, new


def adapt(
    plan: Plan,
    *,
    region: str,
    from_region: str,
    unit_prefix: tuple[str, str] | None = None,
) -> Adaptation:
    """Adapt ``plan`` from ``from_region`` to ``region``: a new plan and the report of changes.

    ``unit_prefix`` is (old, new): the character that starts the old region's unit names and the
    one that starts the new region's, ``("市", "县")`` from 神木市 to 府谷县; by default it comes
    from the regions' names (:func:`unit_prefixes`).  Texts are the title, notes, action and task
    names, contents, deadlines and extra cells; units are those of the duties (their leads too) and
    the actions' leads.
    """
    for name, value in (("region", region), ("from_region", from_region)):
        if not isinstance(value, str) or not value.strip() or value != value.strip():
            raise InvalidPlan(
                name, Text(N_("{name} must be a non-empty stripped text, not {value}"), name=name, value=repr(value))
            )
    prefix, new_prefix = unit_prefix if unit_prefix is not None else unit_prefixes(from_region, region)
    if not prefix or not new_prefix:
        raise InvalidPlan(
            "unit_prefix", Text(N_("unit_prefix needs two non-empty prefixes, not {value}"), value=repr(unit_prefix))
        )
    rewriter = _Rewriter(plan, region=region, from_region=from_region, prefix=prefix, new_prefix=new_prefix)
    changes: list[Change] = []

    def text(value: str, path: str, where: str) -> str:
        new = rewriter.text(value)
        if new != value:
            changes.append(Change(kind=ChangeKind.TEXT, path=path, where=where, old=value, new=new))
        return new

    def units(values: tuple[Unit, ...], path: str, where: str) -> list[Unit]:
        moved: list[Unit] = []
        for i, unit in enumerate(values):
            new = rewriter.unit(unit)
            if new != unit:
                changes.append(
                    Change(kind=ChangeKind.UNIT, path=f"{path}[{i}]", where=where, old=unit.name, new=new.name)
                )
            moved.append(new)
        return list(dict.fromkeys(moved))

    title = text(plan.title, "title", Text(N_("title")))
    notes = [text(note, f"notes[{i}]", Text(N_("note {number}"), number=i + 1)) for i, note in enumerate(plan.notes)]
    actions: list[Action] = []
    for a, action in enumerate(plan.actions):
        at = f"actions[{a}]"
        name = text(action.name, f"{at}.name", _where(Text(N_("name")), action))
        leads = units(action.leads, f"{at}.leads", _where(Text(N_("lead units")), action))
        tasks: list[Task] = []
        for t, task in enumerate(action.tasks):
            tt = f"{at}.tasks[{t}]"
            task_name = text(task.name, f"{tt}.name", _where(Text(N_("name")), action, task))
            duties: list[Duty] = []
            for d, duty in enumerate(task.duties):
                dt = f"{tt}.duties[{d}]"
                content = text(duty.content, f"{dt}.content", _where(Text(N_("main content")), action, task, d))
                duty_units = units(duty.units, f"{dt}.units", _where(Text(N_("units")), action, task, d))
                duty_leads = units(duty.leads, f"{dt}.leads", _where(Text(N_("leads of the duty")), action, task, d))
                deadline = (
                    None
                    if duty.deadline is None
                    else text(duty.deadline, f"{dt}.deadline", _where(Text(N_("time limit")), action, task, d))
                )
                extra = {
                    key: text(value, f"{dt}.extra[{key!r}]", _where(key, action, task, d))
                    for key, value in duty.extra.items()
                }
                duties.append(
                    attrs.evolve(
                        duty, content=content, units=duty_units, leads=duty_leads, deadline=deadline, extra=extra
                    )
                )
            tasks.append(attrs.evolve(task, name=task_name, duties=duties))
        actions.append(attrs.evolve(action, name=name, leads=leads, tasks=tasks))
    adapted = attrs.evolve(plan, title=title, notes=notes, actions=actions)
    return Adaptation(plan=adapted, changes=tuple(changes), region=region, from_region=from_region)


# --- edits --------------------------------------------------------------------------------------


def _action_index(plan: Plan, name: str) -> int:
    for i, action in enumerate(plan.actions):
        if action.name == name:
            return i
    raise InvalidPlan("action", Text(N_("no action named '{name}' in this plan"), name=name))


def drop_action(plan: Plan, name: str) -> Plan:
    """The plan without the action called ``name`` (a county drops what it does not do)."""
    index = _action_index(plan, name)
    if len(plan.actions) == 1:
        raise InvalidPlan(
            "action", Text(N_("'{name}' is the plan's only action; a plan needs at least one"), name=name)
        )
    return attrs.evolve(plan, actions=plan.actions[:index] + plan.actions[index + 1 :])


def _only_duty(plan: Plan, text: str) -> PlacedDuty:
    found = [place for place in walk_duties(plan) if text in place.duty.content]
    if not found:
        raise InvalidPlan("text", Text(N_("no duty's content contains '{text}'"), text=text))
    if len(found) > 1:
        raise InvalidPlan(
            "text",
            Text(
                N_("{count} duties contain '{text}': give a longer text that only one holds"),
                count=len(found),
                text=text,
            ),
        )
    return found[0]


def _with_duties(plan: Plan, a: int, t: int, duties: list[Duty]) -> Plan:
    action = plan.actions[a]
    task = attrs.evolve(action.tasks[t], duties=duties)
    tasks = [*action.tasks[:t], task, *action.tasks[t + 1 :]]
    actions = [*plan.actions[:a], attrs.evolve(action, tasks=tasks), *plan.actions[a + 1 :]]
    return attrs.evolve(plan, actions=actions)


def replace_in_content(plan: Plan, old: str, new: str) -> Plan:
    """Replace ``old`` by ``new`` in the one duty whose content contains ``old``: change a target
    figure with ``replace_in_content(plan, "每年计划培育高素质农民300名", "每年计划培育高素质农民200名")``.

    ``old`` must occur in exactly one duty (give enough words around a figure to say which).
    """
    if not old:
        raise InvalidPlan("old", Text(N_("the text to replace is empty")))
    found = _only_duty(plan, old).duty
    replaced = attrs.evolve(found, content=found.content.replace(old, new))
    return map_duties(plan, lambda duty: replaced if duty is found else duty)


def drop_duty(plan: Plan, text: str) -> Plan:
    """The plan without the one duty whose content contains ``text``.

    A task left without duties goes too, and an action left without tasks.
    """
    if not text:
        raise InvalidPlan("text", Text(N_("the text to look for is empty")))
    place = _only_duty(plan, text)
    if len(plan.actions) == 1 and len(place.action.tasks) == 1 and len(place.task.duties) == 1:
        return drop_action(plan, place.action.name)  # refused: the plan's last duty
    return map_duties(plan, lambda duty: None if duty is place.duty else duty)


def add_duty(plan: Plan, action: str, task: str, duty: Duty, *, index: int | None = None) -> Plan:
    """The plan with ``duty`` added to the task ``task`` of the action ``action``, at ``index``
    (by default last).  The action and the task must exist."""
    a = _action_index(plan, action)
    for t, existing in enumerate(plan.actions[a].tasks):
        if existing.name == task:
            duties = list(existing.duties)
            duties.insert(len(duties) if index is None else index, duty)
            return _with_duties(plan, a, t, duties)
    raise InvalidPlan("task", Text(N_("no task named '{task}' in the action '{action}'"), task=task, action=action))
