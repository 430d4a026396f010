"""Comparing two plans: what was added, removed, moved and changed, and who gained or lost a duty.

:func:`diff` matches actions and tasks by name and duties by content, so a duty whose wording
changed is reported as changed, not as one removed and one added:

1. actions and tasks with equal names are matched (first within matched actions, then anywhere:
   a task found in another action has moved);
2. duties with equal content are matched (first within matched tasks, then anywhere), then the
   rest by :class:`difflib.SequenceMatcher` ratio of their contents, best pairs first, when the
   ratio reaches ``threshold``;
3. the actions and tasks still unmatched are matched when most of their duties were matched to each
   other (a renamed task) or their names are alike (ratio of at least 0.8).

Order changes count as moves only for the items that left the longest run kept in order, so one
inserted duty does not make every later one "moved".

>>> from kepu_plan.model import Action, Duty, Plan, Task
>>> old = Plan(title="分工表", actions=[Action(name="青少年科学素质提升行动", tasks=[Task(name="教师培训", duties=[
...     Duty(content="每年培训科学教师和科技辅导员60名以上", units=["市教体局", "市科协"])])])])
>>> new = Plan(title="分工表", actions=[Action(name="青少年科学素质提升行动", tasks=[Task(name="教师培训", duties=[
...     Duty(content="每年培训科学教师和科技辅导员80名以上", units=["市教体局"])])])])
>>> print(diff(old, new).duties[0])
修改 青少年科学素质提升行动 › 教师培训 › 第1条
    主要内容：每年培训科学教师和科技辅导员[-60-]{+80+}名以上
    负责单位：市教体局、市科协 → 市教体局（减少 市科协）
>>> bool(diff(old, old))
False
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from kepu_plan.diff.marking import mark_changes
from kepu_plan.diff.matching import (
    _action,
    _alike,
    _duty,
    _fields,
    _Matching,
    _moved,
    _Node,
    _nodes,
    _pair_containers,
    _parent,
    _parent_match,
    _ratio,
    _renamed_units,
    _target_changes,
)
from kepu_plan.diff.records import (
    FieldChange,
    ItemDiff,
    Level,
    Place,
    PlanDiff,
    TargetChange,
    UnitDelta,
    UnitRename,
)
from kepu_plan.model import Plan

__all__ = [
    "FieldChange",
    "ItemDiff",
    "Level",
    "Place",
    "PlanDiff",
    "TargetChange",
    "UnitDelta",
    "UnitRename",
    "diff",
    "mark_changes",
]


def diff(old: Plan, new: Plan, *, threshold: float = 0.6, renames: bool = True) -> PlanDiff:
    """What changed from ``old`` to ``new``.

    ``threshold`` is how alike (:class:`difflib.SequenceMatcher` ratio, 0 to 1) two duties'
    contents must be for the new one to count as the old one reworded.  With ``renames``, a unit
    renamed throughout (市教体局 → 县教体局 everywhere it was) is reported once as a
    :class:`UnitRename`, and the unit lists of matched items are compared under the new names, so
    the rename is not repeated at every duty.
    """
    old_actions, old_tasks, old_duties = _nodes(old)
    new_actions, new_tasks, new_duties = _nodes(new)
    actions, tasks, duties = _Matching(), _Matching(), _Matching()

    # 1. Names and contents that are equal: under matched parents first, then anywhere.
    actions.pair_equal(old_actions, new_actions)
    tasks.pair_equal(old_tasks, new_tasks, lambda node: _parent_match(actions, node), lambda node: node.parent)
    tasks.pair_equal(old_tasks, new_tasks)
    in_task = (lambda node: _parent_match(tasks, node), lambda node: node.parent)
    duties.pair_equal(old_duties, new_duties, *in_task, whole=True)
    duties.pair_equal(old_duties, new_duties, *in_task)
    duties.pair_equal(old_duties, new_duties, whole=True)
    duties.pair_equal(old_duties, new_duties)

    # 2. Reworded duties, best pairs first.
    duties.pair_best(
        old_duties,
        new_duties,
        lambda a, b: _ratio(a.key, b.key, threshold),
        lambda value: value >= threshold,
        lambda a, b: _parent_match(tasks, a) == b.parent,
        (lambda a, b: _alike(a, b, threshold)) if threshold > 0 else None,
    )

    # 3. Renamed actions, then tasks: by the duties they share, or by a close name.
    def action_of(duty: _Node, plan_tasks: list[_Node]) -> int:
        return _parent(plan_tasks[_parent(duty)])

    _pair_containers(
        actions,
        old_actions,
        new_actions,
        duties,
        {duty.index: action_of(duty, old_tasks) for duty in old_duties},
        {duty.index: action_of(duty, new_tasks) for duty in new_duties},
        lambda a, b: True,
    )
    _pair_containers(
        tasks,
        old_tasks,
        new_tasks,
        duties,
        {duty.index: _parent(duty) for duty in old_duties},
        {duty.index: _parent(duty) for duty in new_duties},
        lambda a, b: _parent_match(actions, a) == b.parent,
    )

    # 4. Units renamed throughout, then the report.
    renamed: tuple[UnitRename, ...] = ()
    if renames:
        unit_lists = [
            (tuple(u.name for u in _action(old_actions[i]).leads), tuple(u.name for u in _action(new_actions[j]).leads))
            for i, j in actions.forward.items()
        ]
        unit_lists += [
            (tuple(u.name for u in _duty(old_duties[i]).units), tuple(u.name for u in _duty(new_duties[j]).units))
            for i, j in duties.forward.items()
        ]
        renamed = _renamed_units(old, new, unit_lists)
    rename = {item.old: item.new for item in renamed}

    moved_actions = _moved(actions, old_actions, new_actions, None)
    moved_tasks = _moved(tasks, old_tasks, new_tasks, actions)
    moved_duties = _moved(duties, old_duties, new_duties, tasks)

    def report(
        level: Level,
        matching: _Matching,
        old_nodes: list[_Node],
        new_nodes: list[_Node],
        moved: set[int],
        old_parent_gone: Callable[[_Node], bool],
        new_parent_gone: Callable[[_Node], bool],
    ) -> tuple[ItemDiff, ...]:
        records: list[tuple[tuple[int, int], ItemDiff]] = []
        # Where a removed item sorts among the new plan's items: after the last matched one before it.
        position = -1
        for node in old_nodes:
            j = matching.forward.get(node.index)
            if j is None:
                if not old_parent_gone(node):
                    record = ItemDiff(level=level, old=node.place, new=None, old_item=node.item)
                    records.append(((position, 2), record))
                continue
            position = j
            other = new_nodes[j]
            fields = _fields(node.item, other.item, rename)
            if fields or node.index in moved:
                record = ItemDiff(
                    level=level,
                    old=node.place,
                    new=other.place,
                    moved=node.index in moved,
                    fields=fields,
                    old_item=node.item,
                    new_item=other.item,
                )
                records.append(((j, 1), record))
        for node in new_nodes:
            if node.index not in matching.backward and not new_parent_gone(node):
                records.append(((node.index, 1), ItemDiff(level=level, old=None, new=node.place, new_item=node.item)))
        return tuple(record for _, record in sorted(records, key=lambda pair: pair[0]))

    def gone(matching: _Matching, backward: bool) -> Callable[[_Node], bool]:
        table = matching.backward if backward else matching.forward
        return lambda node: node.parent is not None and node.parent not in table

    action_items = report(
        Level.ACTION, actions, old_actions, new_actions, moved_actions, lambda n: False, lambda n: False
    )
    task_items = report(Level.TASK, tasks, old_tasks, new_tasks, moved_tasks, gone(actions, False), gone(actions, True))
    duty_items = report(Level.DUTY, duties, old_duties, new_duties, moved_duties, gone(tasks, False), gone(tasks, True))

    # Derived views: units, targets.
    gained: dict[str, list[Place]] = defaultdict(list)
    lost: dict[str, list[Place]] = defaultdict(list)
    targets: list[TargetChange] = []
    for node in new_duties:
        i = duties.backward.get(node.index)
        before = set() if i is None else {rename.get(u.name, u.name) for u in _duty(old_duties[i]).units}
        for unit in _duty(node).units:
            if unit.name not in before:
                gained[unit.name].append(node.place)
        if i is not None:
            targets += _target_changes(old_duties[i], node)
    for node in old_duties:
        j = duties.forward.get(node.index)
        after = set() if j is None else {u.name for u in _duty(new_duties[j]).units}
        for unit in _duty(node).units:
            if rename.get(unit.name, unit.name) not in after:
                lost[unit.name].append(node.place)
    order = [unit.name for unit in (*new.units, *old.units)]
    units = tuple(
        UnitDelta(unit=name, gained=tuple(gained.get(name, ())), lost=tuple(lost.get(name, ())))
        for name in dict.fromkeys(order)
        if name in gained or name in lost
    )

    plan_fields: list[FieldChange] = []
    if old.title != new.title:
        plan_fields.append(FieldChange(field="title", old=old.title, new=new.title))
    if old.label != new.label:
        plan_fields.append(FieldChange(field="label", old=old.label, new=new.label))
    if old.notes != new.notes:
        plan_fields.append(FieldChange(field="notes", old=old.notes, new=new.notes))

    return PlanDiff(
        plan=tuple(plan_fields),
        renamed_units=renamed,
        actions=action_items,
        tasks=task_items,
        duties=duty_items,
        units=units,
        targets=tuple(targets),
    )
