"""The words of a diff report (kepu_plan.diff.rendering), apart from how the diff is found."""

from __future__ import annotations

import attrs

import kepu_plan as kp
from kepu_plan.diff import rendering


def _reworded() -> kp.PlanDiff:
    old = kp.examples.shenmu()
    first = next(kp.walk_duties(old))
    new = kp.map_duties(
        old, lambda duty: attrs.evolve(duty, content=duty.content + "（新增）") if duty is first.duty else duty
    )
    return kp.diff(old, new)


def test_each_record_says_itself_through_the_rendering_module(chinese: None) -> None:
    result = _reworded()
    [item] = result.items
    assert str(item) == rendering.item_diff(item)
    assert str(item.fields[0]) == rendering.field_change(item.fields[0])
    assert str(result) == rendering.plan_diff(result)
    assert str(result).startswith("主要内容（1 处）：\n  修改 青少年科学素质提升行动 › ")
    assert str(result).endswith("{+（新增）+}")


def test_a_place_of_the_old_plan_is_marked_old(chinese: None, english: None) -> None:
    place = kp.Place(path="actions[0].tasks[1].duties[2]", action="行动", task="任务", duty=3)
    assert rendering.place(place) == "行动 › 任务 › duty 3"
    assert rendering.place(place, old=True) == "行动 › 任务 › old duty 3"
    assert str(place) == place.describe() == rendering.place(place)


def test_labels_of_levels_and_fields_are_in_the_readers_language(english: None) -> None:
    assert [rendering.level_label(level.value) for level in kp.Level] == ["key action", "main task", "main content"]
    assert rendering.field_label("leads") == "lead units"
    assert rendering.field_label("extra.备注") == "备注"  # an extra column's own header
    assert rendering.field_label("unknown") == "unknown"


def test_the_same_plans_say_so(chinese: None) -> None:
    plan = kp.examples.shenmu()
    assert rendering.plan_diff(kp.diff(plan, plan)) == "两个分工表相同。"


def test_a_rename_says_in_how_many_duties(english: None) -> None:
    assert rendering.unit_rename(kp.UnitRename(old="县科协", new="市科协", places=4)) == "县科协 → 市科协 (duties: 4)"
