"""The plan and its parts: :class:`Plan`, :class:`Action` (with its :class:`ActionKind`),
:class:`Task` and :class:`Duty`."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final

import attrs

from kepu_plan._grammar.cells import LEAD_MARK
from kepu_plan._i18n import N_, Text
from kepu_plan.errors import InvalidPlan
from kepu_plan.model._assign import Leadership, duties_of, for_unit, led_by
from kepu_plan.model._checks import check_items, check_name, check_text, to_tuple
from kepu_plan.model._directory import DirectoryLike
from kepu_plan.model._layout import Layout
from kepu_plan.model._renaming import map_units, rename_units
from kepu_plan.model._target import Target, find_targets
from kepu_plan.model._unit import Extra, Unit, Wording, check_unique_units, leads_field, to_extra, units_field
from kepu_plan.model._unit_check import UnitIssue, check_units

__all__ = ["Action", "ActionKind", "Duty", "Plan", "Task"]


class ActionKind(enum.Enum):
    """Whether an action is a key action (重点行动) or a key project (重点工程)."""

    ACTION = "行动"
    PROJECT = "工程"

    @classmethod
    def from_name(cls, name: str) -> ActionKind | None:
        """The kind an action's name says by its ending (…行动, …工程), or None when it says neither.

        >>> ActionKind.from_name("科普基础设施工程"), ActionKind.from_name("科学素质提升")
        (<ActionKind.PROJECT: '工程'>, None)
        """
        for ending, kind in _KINDS_BY_ENDING:
            if name.endswith(ending):
                return kind
        return None


#: Each kind with the ending that names it, read once (an enum member's ``.value`` is slow to get).
_KINDS_BY_ENDING: Final = tuple((kind.value, kind) for kind in ActionKind)


def _duties(value: Iterable[Duty]) -> tuple[Duty, ...]:
    return to_tuple("duties", value)


def _tasks(value: Iterable[Task]) -> tuple[Task, ...]:
    return to_tuple("tasks", value)


def _actions(value: Iterable[Action]) -> tuple[Action, ...]:
    return to_tuple("actions", value)


def _check_unique_names(field: str, items: Sequence[Task | Action], message: str) -> None:
    """Each name once among ``items``: the first repeat is refused at ``field[i].name`` with ``message``."""
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.name in seen:
            raise InvalidPlan(f"{field}[{i}].name", Text(message, name=item.name))
        seen.add(item.name)


def _notes(value: Iterable[str]) -> tuple[str, ...]:
    return to_tuple("notes", value)


@attrs.frozen(kw_only=True)
class Duty:
    """One row of the table: the concrete content (主要内容) and who is responsible (负责单位).

    ``units`` lists every responsible unit in the table's order; ``leads`` the ones the table marks
    as leading this duty (a subset of ``units``); ``extra`` the cells of columns kepu_plan has no
    role for, by header text (备注, 进展情况 …).
    """

    content: str
    units: tuple[Unit, ...] = attrs.field(default=(), converter=units_field)
    leads: tuple[Unit, ...] = attrs.field(default=(), converter=leads_field)
    deadline: str | None = None
    extra: Extra = attrs.field(factory=Extra, converter=to_extra)
    wording: Wording | None = attrs.field(default=None, eq=False, repr=False)
    """How the table worded this duty's unit cells (not part of equality); see :class:`Wording`."""

    def __attrs_post_init__(self) -> None:
        # The converters have made units and leads tuples of Unit; a duty is built for every row
        # read, so the checks below skip what cannot fail (one unit is unique, no leads lead nothing).
        check_text("content", self.content, what=N_("content"), multiline=True)
        units = self.units
        if len(units) > 1:
            check_unique_units("units", units)
        leads = self.leads
        if leads:
            check_unique_units("leads", leads)
            for i, lead in enumerate(leads):
                if lead not in units:
                    raise InvalidPlan(
                        f"leads[{i}]", Text(N_("lead '{name}' is not one of the duty's units"), name=lead.name)
                    )
        if self.deadline is not None:
            check_text("deadline", self.deadline, what=N_("deadline"), multiline=True)
        if self.extra:
            for key, value in self.extra.items():
                check_text(f"extra[{key!r}]", key, what=N_("column header"), multiline=True)
                check_text(f"extra[{key!r}]", value, what=N_("cell text"), multiline=True)
        if self.wording is not None and not isinstance(self.wording, Wording):
            raise InvalidPlan(
                "wording", Text(N_("wording must be a Wording, not {type}"), type=type(self.wording).__name__)
            )

    @property
    def targets(self) -> tuple[Target, ...]:
        """The quantified commitments in ``content``, in order of appearance."""
        return find_targets(self.content)


@attrs.frozen(kw_only=True)
class Task:
    """A main task (主要任务) and the duties that carry it out."""

    name: str
    duties: tuple[Duty, ...] = attrs.field(converter=_duties)

    def __attrs_post_init__(self) -> None:
        check_name("name", self.name, what=N_("task name"))
        check_items("duties", self.duties, Duty, N_("duty"))
        if not self.duties:
            raise InvalidPlan("duties", Text(N_("a task needs at least one duty (each duty is a row of the table)")))


def _infer_kind(name: object) -> ActionKind:
    kind = ActionKind.from_name(name) if isinstance(name, str) else None
    if kind is None:
        raise InvalidPlan(
            "kind",
            Text(N_("action name {name} ends in neither 行动 nor 工程: give its kind explicitly"), name=repr(name)),
        )
    return kind


@attrs.frozen(kw_only=True)
class Action:
    """A key action or key project (重点行动 / 重点工程), its lead units (牵头单位) and its tasks.

    ``kind`` is inferred from the name's ending (行动 or 工程) when not given.
    """

    name: str
    kind: ActionKind = attrs.field(default=attrs.Factory(lambda self: _infer_kind(self.name), takes_self=True))
    leads: tuple[Unit, ...] = attrs.field(default=(), converter=leads_field)
    tasks: tuple[Task, ...] = attrs.field(converter=_tasks)
    wording: Wording | None = attrs.field(default=None, eq=False, repr=False)
    """How the table worded the lead mark of the action's cell (``leads``; not part of equality)."""

    def __attrs_post_init__(self) -> None:
        check_name("name", self.name, what=N_("action name"))
        if self.wording is not None and not isinstance(self.wording, Wording):
            raise InvalidPlan(
                "wording", Text(N_("wording must be a Wording, not {type}"), type=type(self.wording).__name__)
            )
        if LEAD_MARK.search(self.name):
            raise InvalidPlan("name", Text(N_("action name ends with a lead mark (…牵头）: give the leads in `leads`")))
        if not isinstance(self.kind, ActionKind):
            raise InvalidPlan("kind", Text(N_("kind must be an ActionKind, not {value}"), value=repr(self.kind)))
        named = ActionKind.from_name(self.name)
        if named is not None and self.kind is not named:
            raise InvalidPlan(
                "kind",
                Text(N_("action name ends in {ending} but kind is {kind}"), ending=named.value, kind=self.kind.name),
            )
        check_unique_units("leads", self.leads)
        check_items("tasks", self.tasks, Task, N_("task"))
        if not self.tasks:
            raise InvalidPlan("tasks", Text(N_("an action needs at least one task")))
        _check_unique_names("tasks", self.tasks, N_("task name '{name}' is used twice in this action"))

    @property
    def duties(self) -> tuple[Duty, ...]:
        """The action's duties in reading order."""
        return tuple(duty for task in self.tasks for duty in task.duties)


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
        check_text("title", self.title, what=N_("title"), multiline=False, allow_empty=True)
        if self.label is not None:
            check_text("label", self.label, what=N_("label"), multiline=False)
        check_items("actions", self.actions, Action, N_("action"))
        if not self.actions:
            raise InvalidPlan("actions", Text(N_("a plan needs at least one action")))
        _check_unique_names("actions", self.actions, N_("action name '{name}' is used twice in this plan"))
        for i, note in enumerate(self.notes):
            check_text(f"notes[{i}]", note, what=N_("note"), multiline=True)
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

    # The unit views: functions of the plan (kepu_plan.units offers them too), here as methods.

    def duties_of(self, unit: Unit | str) -> tuple[Duty, ...]:
        """The duties ``unit`` is responsible for, in reading order."""
        return duties_of(self, unit)

    def led_by(self, unit: Unit | str) -> Leadership:
        """The actions and duties ``unit`` leads."""
        return led_by(self, unit)

    def for_unit(self, unit: Unit | str, directory: DirectoryLike | None = None, *, shared: bool = True) -> Plan:
        """The plan cut down to the duties ``unit`` carries, titled for that unit: those naming it
        and, with ``shared``, those of a collective unit covering it (see
        :func:`kepu_plan.units.for_unit`); :class:`~kepu_plan.errors.UnitNotFound` when it carries none."""
        return for_unit(self, unit, directory, shared=shared)

    def rename_units(self, mapping: Mapping[str, str] | Mapping[Unit, Unit]) -> Plan:
        """The plan with units renamed (``{"市教体局": "县教体局"}``); every key must be a unit of the plan
        (:class:`~kepu_plan.errors.UnitNotFound` otherwise)."""
        return rename_units(self, mapping)

    def map_units(self, fn: Callable[[str], str]) -> Plan:
        """The plan with every unit name passed through ``fn``."""
        return map_units(self, fn)

    def check_units(self, directory: DirectoryLike) -> tuple[UnitIssue, ...]:
        """Units not in ``directory``, with the closest known names; changes nothing."""
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


for _cls in (Duty, Task, Action, Plan):
    attrs.resolve_types(_cls)
del _cls
