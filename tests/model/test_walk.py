"""One walk over a plan's duties and one map of duties to new duties."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given

from kepu_plan.errors import InvalidPlan
from kepu_plan.model import Action, ActionKind, Duty, Plan, Task, map_duties, walk_duties
from kepu_plan.testing import plans


def _plan() -> Plan:
    return Plan(
        title="分工表",
        actions=[
            Action(name="甲行动", tasks=[Task(name="任务一", duties=[Duty(content="一"), Duty(content="二")])]),
            Action(
                name="乙工程",
                leads=["县科协"],
                tasks=[
                    Task(name="任务二", duties=[Duty(content="三")]),
                    Task(name="任务三", duties=[Duty(content="四")]),
                ],
            ),
        ],
    )


def test_the_walk_gives_each_duty_its_path_number_action_and_task_in_reading_order() -> None:
    plan = _plan()
    walked = [
        (place.path, place.number, place.position, place.action.name, place.task.name, place.duty.content)
        for place in walk_duties(plan)
    ]
    assert walked == [
        ("actions[0].tasks[0].duties[0]", 1, (0, 0, 0), "甲行动", "任务一", "一"),
        ("actions[0].tasks[0].duties[1]", 2, (0, 0, 1), "甲行动", "任务一", "二"),
        ("actions[1].tasks[0].duties[0]", 3, (1, 0, 0), "乙工程", "任务二", "三"),
        ("actions[1].tasks[1].duties[0]", 4, (1, 1, 0), "乙工程", "任务三", "四"),
    ]


@given(plans())
def test_the_walk_meets_every_duty_once_and_its_path_leads_to_it(plan: Plan) -> None:
    places = list(walk_duties(plan))
    assert [place.duty for place in places] == list(plan.duties)
    assert [place.number for place in places] == list(range(1, len(plan.duties) + 1))
    for path, _, action, task, duty, position in places:
        a, t, d = (int(part.split("[")[1].rstrip("]")) for part in path.split("."))
        assert position == (a, t, d)
        assert plan.actions[a] is action
        assert action.tasks[t] is task
        assert task.duties[d] is duty


@given(plans())
def test_mapping_every_duty_to_itself_gives_the_same_plan_object(plan: Plan) -> None:
    assert map_duties(plan, lambda duty: duty) is plan


def test_mapping_duties_replaces_them_and_keeps_names_leads_and_layout() -> None:
    plan = _plan().with_layout(None)
    mapped = map_duties(plan, lambda duty: attrs.evolve(duty, content=duty.content + "次"))
    assert [duty.content for duty in mapped.duties] == ["一次", "二次", "三次", "四次"]
    assert [(action.name, action.kind, action.leads) for action in mapped.actions] == [
        (action.name, action.kind, action.leads) for action in plan.actions
    ]
    assert [task.name for task in mapped.tasks] == [task.name for task in plan.tasks]


def test_mapping_a_duty_to_none_leaves_it_out_with_the_tasks_and_actions_it_empties() -> None:
    mapped = map_duties(_plan(), lambda duty: None if duty.content in ("一", "二", "三") else duty)
    assert [(action.name, [task.name for task in action.tasks]) for action in mapped.actions] == [
        ("乙工程", ["任务三"])
    ]
    assert mapped.actions[0].kind is ActionKind.PROJECT


def test_mapping_unchanged_actions_keeps_them_as_they_are() -> None:
    plan = _plan()
    mapped = map_duties(plan, lambda duty: attrs.evolve(duty, content="改") if duty.content == "四" else duty)
    assert mapped.actions[0] is plan.actions[0]
    assert mapped.actions[1].tasks[0] is plan.actions[1].tasks[0]
    assert mapped.actions[1].tasks[1].duties[0].content == "改"


def test_mapping_every_duty_away_leaves_no_plan(english: None) -> None:
    with pytest.raises(InvalidPlan, match="a plan needs at least one action"):
        map_duties(_plan(), lambda duty: None)


def test_an_action_kind_comes_from_the_names_ending_or_none() -> None:
    assert ActionKind.from_name("科普基础设施工程") is ActionKind.PROJECT
    assert ActionKind.from_name("青少年科学素质提升行动") is ActionKind.ACTION
    assert ActionKind.from_name("科学素质提升") is None
