"""One walk over a plan's duties and one way to map them to new duties.

>>> from kepu_plan.model import Action, Duty, Plan, Task
>>> plan = Plan(title="", actions=[Action(name="甲行动", tasks=[
...     Task(name="任务一", duties=[Duty(content="开展科普日活动")]),
...     Task(name="任务二", duties=[Duty(content="组织学习"), Duty(content="举办讲座")])])])
>>> [(place.path, place.number, place.position, place.duty.content) for place in walk_duties(plan)][-1]
('actions[0].tasks[1].duties[1]', 3, (0, 1, 1), '举办讲座')
>>> [duty.content for duty in map_duties(plan, lambda duty: None if "学习" in duty.content else duty).duties]
['开展科普日活动', '举办讲座']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

if TYPE_CHECKING:
    from kepu_plan.model._plan import Action, Duty, Plan, Task

__all__ = ["PlacedDuty", "map_duties", "walk_duties"]


class PlacedDuty(NamedTuple):
    """A duty where it stands in its plan."""

    path: str
    """Where the duty is: ``actions[a].tasks[t].duties[d]`` (the path errors and diffs name)."""
    number: int
    """The duty's number in reading order, from 1: the table's 序号."""
    action: Action
    task: Task
    duty: Duty
    position: tuple[int, int, int]
    """The indices of the action, the task and the duty, from 0: where ``path`` points.  A duty is
    its task's first where the last is 0, its action's first where the last two are."""


def walk_duties(plan: Plan) -> Iterator[PlacedDuty]:
    """Every duty of ``plan`` in reading order, with its path, number, action and task."""
    number = 0
    for a, action in enumerate(plan.actions):
        for t, task in enumerate(action.tasks):
            for d, duty in enumerate(task.duties):
                number += 1
                yield PlacedDuty(f"actions[{a}].tasks[{t}].duties[{d}]", number, action, task, duty, (a, t, d))


def map_duties(plan: Plan, fn: Callable[[Duty], Duty | None]) -> Plan:
    """The plan with every duty replaced by ``fn(duty)``, or left out where ``fn`` returns None.

    Tasks and actions left without duties are left out too (a plan left without any raises
    :class:`~kepu_plan.errors.InvalidPlan`); tasks and actions whose duties all stay the same objects
    are kept as they are.  Everything else (names, leads, wording, the plan's layout) is kept.
    """
    actions: list[Action] = []
    changed = False
    for action in plan.actions:
        tasks: list[Task] = []
        for task in action.tasks:
            duties = [new for new in map(fn, task.duties) if new is not None]
            if _same(duties, task.duties):
                tasks.append(task)
            elif duties:
                tasks.append(attrs.evolve(task, duties=duties))
        if _same(tasks, action.tasks):
            actions.append(action)
        else:
            changed = True
            if tasks:
                actions.append(attrs.evolve(action, tasks=tasks))
    return attrs.evolve(plan, actions=actions) if changed else plan


def _same(new: list[Any], old: tuple[Any, ...]) -> bool:
    """Whether ``new`` holds the very objects of ``old``, in order."""
    return len(new) == len(old) and all(a is b for a, b in zip(new, old, strict=True))
