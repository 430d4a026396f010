"""Who does what in a plan: the duties a unit is responsible for or leads, what a collective unit
(各成员单位, 各镇（街道）) covers, and one unit's own list of duties.

The functions take the plan first; :class:`~kepu_plan.model.Plan` offers them as methods too
(``plan.duties_of(unit)``), and :mod:`kepu_plan.units` re-exports them.  A unit is given as a
:class:`~kepu_plan.model.Unit` or as its name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import InvalidPlan, UnitNotFound
from kepu_plan.model._directory import DirectoryLike
from kepu_plan.model._unit import Unit
from kepu_plan.model._walk import map_duties

if TYPE_CHECKING:
    from kepu_plan.model._plan import Action, Duty, Plan, Task

__all__ = [
    "SHARED_COLUMN",
    "Assignment",
    "Leadership",
    "assignments",
    "covers",
    "duties_of",
    "for_unit",
    "is_collective",
    "led_by",
    "unit_name",
]

#: The extra column :func:`for_unit` adds to mark a duty a unit shares through a collective unit.
SHARED_COLUMN: Final = "共同承担"


def unit_name(unit: Unit | str) -> str:
    """The name of a unit given as a :class:`~kepu_plan.model.Unit` or as its name."""
    return unit.name if isinstance(unit, Unit) else unit


def duties_of(plan: Plan, unit: Unit | str) -> tuple[Duty, ...]:
    """The duties ``unit`` is responsible for (leading or not), in reading order."""
    name = unit_name(unit)
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
    name = unit_name(unit)
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


def covers(collective: Unit | str, unit: Unit | str, directory: DirectoryLike | None = None) -> bool:
    """Whether a collective unit (:attr:`Unit.collective <kepu_plan.model.Unit.collective>`) covers ``unit``.

    A collective covers every unit that is not itself collective, unless ``directory`` lists the
    collective's members (:meth:`~kepu_plan.units.UnitDirectory.members`): then it covers those
    alone.  A name the directory gives members is a collective even when its wording does not say so.

    >>> covers("各成员单位", "县科协"), covers("各成员单位", "各镇（街道）")
    (True, False)
    >>> from kepu_plan.units import UnitDirectory
    >>> towns = UnitDirectory.from_rows([{"name": "城关镇", "member_of": "各镇（街道）"}, {"name": "县科协"}])
    >>> covers("各镇（街道）", "城关镇", towns), covers("各镇（街道）", "县科协", towns)
    (True, False)
    """
    collective_name, name = unit_name(collective), unit_name(unit)
    members = directory.members(collective_name) if directory is not None else None
    if collective_name == name or is_collective(name, directory):
        return False
    if members is None:
        return is_collective(collective_name)
    assert directory is not None
    return (directory.resolve(name) or name) in members


def is_collective(unit: Unit | str, directory: DirectoryLike | None = None) -> bool:
    """Whether ``unit`` stands for several units: its name says so (:attr:`Unit.collective
    <kepu_plan.model.Unit.collective>`), or ``directory`` lists members for it.

    >>> is_collective("各成员单位"), is_collective("县科协")
    (True, False)
    """
    name = unit_name(unit)
    try:
        if Unit(name=name).collective:
            return True
    except InvalidPlan:
        return False
    return directory is not None and directory.members(name) is not None


def assignments(plan: Plan, unit: Unit | str, directory: DirectoryLike | None = None) -> tuple[Assignment, ...]:
    """Every duty ``unit`` carries, in reading order: those naming it, and those given to a collective
    unit that covers it (:func:`covers`; ``directory`` says who belongs to which collective), marked
    as shared.  This is the list a department reports on.

    >>> from kepu_plan.model import Action, Duty, Plan, Task
    >>> plan = Plan(title="", actions=[Action(name="甲行动", tasks=[Task(name="任务", duties=[
    ...     Duty(content="开展科普日活动", units=["县科协"]), Duty(content="组织学习", units=["各成员单位"])])])])
    >>> [(a.duty.content, a.shared) for a in assignments(plan, "县科协")]
    [('开展科普日活动', False), ('组织学习', True)]
    """
    name = unit_name(unit)
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


def for_unit(plan: Plan, unit: Unit | str, directory: DirectoryLike | None = None, *, shared: bool = True) -> Plan:
    """The plan cut down to the duties ``unit`` carries: one department's own list.

    Actions and tasks that hold such a duty are kept with their names and the actions' leads; each
    duty is kept whole (its other units and its leads, so the list shows whom the department works
    with and whether it leads).  With ``shared`` (the default) the list also holds the duties given
    to a collective unit that covers ``unit`` (各成员单位, 各镇（街道）; see :func:`assignments`),
    each marked in an extra column :data:`SHARED_COLUMN` (共同承担) with the collective's name.  The
    title gains the unit's name: ``…分工表（市科协）``.

    Raises :class:`~kepu_plan.errors.UnitNotFound` when the unit carries no duty.
    """
    name = unit_name(unit)
    carried: dict[int, Unit | None] = {}
    for assignment in assignments(plan, name, directory):
        if shared or not assignment.shared:
            carried[id(assignment.duty)] = assignment.via
    if not carried:
        raise UnitNotFound(
            Text(N_("'{name}' is responsible for no duty in this plan, so its list would be empty"), name=name)
        )
    title = f"{plan.title}（{name}）" if plan.title else name
    own = map_duties(plan, lambda duty: _marked(duty, carried[id(duty)]) if id(duty) in carried else None)
    return attrs.evolve(own, title=title)


def _marked(duty: Duty, via: Unit | None) -> Duty:
    """The duty, marked as shared through ``via`` when it is."""
    if via is None:
        return duty
    mark = duty.extra.get(SHARED_COLUMN)
    extra = {**duty.extra, SHARED_COLUMN: f"{mark}；{via.name}" if mark else via.name}
    return attrs.evolve(duty, extra=extra)
