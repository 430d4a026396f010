"""The embedded Shenmu plan is exactly the seed table."""

from __future__ import annotations

import kepu_plan as kp
from kepu_plan import ActionKind


def test_shenmu_has_the_seed_counts() -> None:
    plan = kp.examples.shenmu()
    assert (len(plan.actions), len(plan.tasks), len(plan.duties), len(plan.units)) == (10, 40, 112, 33)
    kinds = [action.kind for action in plan.actions]
    assert kinds.count(ActionKind.ACTION) == 5
    assert kinds.count(ActionKind.PROJECT) == 5


def test_shenmu_title_and_label_are_verbatim() -> None:
    plan = kp.examples.shenmu()
    assert plan.label == "附件"
    assert plan.title == "神木市贯彻《全民科学素质行动规划纲要（2021-2035年）》实施方案“十四五”目标任务分工表"


def test_shenmu_first_action_and_its_leads() -> None:
    action = kp.examples.shenmu().actions[0]
    assert action.name == "青少年科学素质提升行动"
    assert action.kind is ActionKind.ACTION
    assert [unit.name for unit in action.leads] == ["市教体局", "市科协", "职业技术学院"]
    duty = action.tasks[0].duties[1]
    assert duty.content.startswith("充实丰富科学教育资源，建设5个中小学德育工作示范基地、")
    assert [unit.name for unit in duty.units] == ["市教体局", "市科协"]


def test_page_top_repeats_of_the_seed_are_one_action_and_one_task() -> None:
    action = kp.examples.shenmu().actions[0]
    names = [task.name for task in action.tasks]
    assert names.count("建立健全校内外科学教育资源衔接机制") == 1
    task = next(task for task in action.tasks if task.name == "建立健全校内外科学教育资源衔接机制")
    assert len(task.duties) == 4


def test_the_embedded_data_is_generated_from_the_seed() -> None:
    from _support import ROOT, load_script

    module = load_script(ROOT / "scripts" / "build_shenmu.py", "build_shenmu")
    seed = (ROOT / "scripts" / "shenmu-seed.txt").read_text(encoding="utf-8")
    assert module.build(seed) == kp.examples.shenmu()


def test_the_same_plan_object_is_returned_each_time() -> None:
    assert kp.examples.shenmu() is kp.examples.shenmu()
