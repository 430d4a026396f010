"""Comparing two plans."""

from __future__ import annotations

import json
import re

import attrs
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import kepu_plan as kp
from kepu_plan.adapt import adapt, add_duty, drop_action, replace_in_content
from kepu_plan.diff import ItemDiff, Level, PlanDiff, diff, mark_changes
from kepu_plan.model import Action, Duty, Plan, Task, Unit
from kepu_plan.testing import plans
from kepu_plan.units import rename_units

#: ``kepu_plan.testing.plans()`` takes about 0.1 s an example, which Hypothesis calls slow.
_SLOW_GENERATION = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@pytest.fixture(scope="module")
def shenmu() -> Plan:
    return kp.examples.shenmu()


def _replace_duty(plan: Plan, a: int, t: int, d: int, duty: Duty | None) -> Plan:
    """The plan with one duty replaced (or removed, with None)."""
    action = plan.actions[a]
    task = action.tasks[t]
    duties = list(task.duties)
    if duty is None:
        del duties[d]
    else:
        duties[d] = duty
    tasks = list(action.tasks)
    tasks[t] = attrs.evolve(task, duties=duties)
    actions = list(plan.actions)
    actions[a] = attrs.evolve(action, tasks=tasks)
    return attrs.evolve(plan, actions=actions)


def _only(result: PlanDiff) -> ItemDiff:
    assert len(result.items) == 1, str(result)
    return result.items[0]


# --- marking words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "marked"),
    [
        ("每年培训60名以上", "每年培训80名以上", "每年培训[-60-]{+80+}名以上"),
        ("开展活动", "开展活动", "开展活动"),
        ("开展活动", "广泛开展活动", "{+广泛+}开展活动"),
        ("实现全市覆盖", "实现全县覆盖", "实现全[-市-]{+县+}覆盖"),
        ("13.5%", "15%", "[-13.5%-]{+15%+}"),
        ("提升科学素质", "提高科学素养", "提[-升-]{+高+}科学素[-质-]{+养+}"),
        ("加强统筹规划", "强化统一规划", "[-加强统筹-]{+强化统一+}规划"),
    ],
)
def test_mark_changes_marks_changed_words(old: str, new: str, marked: str) -> None:
    assert mark_changes(old, new) == marked


_UNMARKED = st.text(st.characters(exclude_characters="[]{}+-", exclude_categories=["Cs"]), max_size=30)


@given(_UNMARKED, _UNMARKED)
def test_marked_text_holds_both_texts(old: str, new: str) -> None:
    # Text without the marks' own characters: removing the insertions and unwrapping the deletions
    # gives the old text, and the reverse the new.
    marked = mark_changes(old, new)
    as_old = re.sub(r"\{\+.*?\+\}", "", marked, flags=re.DOTALL).replace("[-", "").replace("-]", "")
    as_new = re.sub(r"\[-.*?-\]", "", marked, flags=re.DOTALL).replace("{+", "").replace("+}", "")
    assert as_old == old
    assert as_new == new


# --- equal plans --------------------------------------------------------------------------------


def test_a_plan_does_not_differ_from_itself(shenmu: Plan) -> None:
    result = diff(shenmu, shenmu)
    assert not result
    assert result.is_empty
    assert str(result) == "两个分工表相同。"
    assert result.to_dict() == {
        "equal": True,
        "plan": [],
        "renamed_units": [],
        "actions": [],
        "tasks": [],
        "duties": [],
        "units": [],
        "targets": [],
    }


@_SLOW_GENERATION
@given(plans())
def test_diff_of_any_plan_with_itself_is_empty(plan: Plan) -> None:
    assert diff(plan, plan).is_empty


# --- the Shenmu table and its edits -------------------------------------------------------------


def test_a_changed_target_figure_is_a_changed_duty_with_a_target_change(shenmu: Plan) -> None:
    new = replace_in_content(shenmu, "每年培训科学教师和科技辅导员60名以上", "每年培训科学教师和科技辅导员80名以上")
    result = diff(shenmu, new)
    item = _only(result)
    assert (item.level, item.status, item.moved) == (Level.DUTY, "changed", False)
    assert item.old is not None
    assert item.old.path == "actions[0].tasks[5].duties[3]"
    assert str(item.old) == "青少年科学素质提升行动 › 实施教师科学素质提升工程 › 第4条"
    assert str(item.fields[0]).endswith("每年培训科学教师和科技辅导员[-60-]{+80+}名以上。")
    (target,) = result.targets
    assert target.old is not None
    assert target.new is not None
    assert (target.old.quantity, target.new.quantity) == (60, 80)
    assert str(target).endswith("科学教师和科技辅导员：每年60名以上 → 每年80名以上")
    assert result.units == ()


def test_a_reworded_duty_is_a_change_not_a_removal_and_an_addition(shenmu: Plan) -> None:
    duty = shenmu.actions[0].tasks[1].duties[0]
    reworded = attrs.evolve(
        duty, content="引导变革教学方式，倡导启发式、探究式、互动式教学，激发学生的好奇心和想象力。"
    )
    result = diff(shenmu, _replace_duty(shenmu, 0, 1, 0, reworded))
    item = _only(result)
    assert item.status == "changed"
    assert [change.field for change in item.fields] == ["content"]
    assert result.targets == ()


def test_reassigned_units_are_reported_as_gained_and_lost(shenmu: Plan) -> None:
    duty = shenmu.actions[0].tasks[0].duties[0]  # 市教体局、市科协
    new = _replace_duty(shenmu, 0, 0, 0, attrs.evolve(duty, units=["市教体局", "团市委"], leads=["团市委"]))
    result = diff(shenmu, new)
    item = _only(result)
    assert [str(change) for change in item.fields] == [
        "负责单位：市教体局、市科协 → 市教体局、团市委（增加 团市委，减少 市科协）",
        "牵头单位：（无） → 团市委（增加 团市委）",
    ]
    assert [(delta.unit, len(delta.gained), len(delta.lost)) for delta in result.units] == [
        ("市科协", 0, 1),
        ("团市委", 1, 0),
    ]
    assert result.lead_changes == (item,)


def test_a_changed_action_lead_is_a_lead_change(shenmu: Plan) -> None:
    actions = list(shenmu.actions)
    actions[4] = attrs.evolve(actions[4], leads=["市委组织部", "市委宣传部"])
    result = diff(shenmu, attrs.evolve(shenmu, actions=actions))
    item = _only(result)
    assert item.level is Level.ACTION
    assert str(item).split("\n") == [
        "修改 「领导干部和公务员科学素质提升行动」",
        "    牵头单位：市委组织部 → 市委组织部、市委宣传部（增加 市委宣传部）",
    ]
    assert result.lead_changes == (item,)


def test_a_dropped_action_is_one_removal(shenmu: Plan) -> None:
    result = diff(shenmu, drop_action(shenmu, "科学素质交流与合作工程"))
    item = _only(result)
    assert (item.level, item.status) == (Level.ACTION, "removed")
    assert str(item) == "删除 「科学素质交流与合作工程」（牵头：市科协；3 项任务，7 条内容）"
    assert {delta.unit for delta in result.units} == {"市科协", "市发改科技局", "市人社局", "团市委"}
    assert all(not delta.gained for delta in result.units)


def test_an_added_duty_is_one_addition(shenmu: Plan) -> None:
    duty = Duty(content="每年举办青少年科技创新大赛1次", units=["市教体局", "市科协"])
    new = add_duty(shenmu, "青少年科学素质提升行动", "实施科技创新后备人才培育计划", duty, index=1)
    item = _only(diff(shenmu, new))
    assert item.status == "added"
    assert item.new is not None
    assert item.new.path == "actions[0].tasks[3].duties[1]"
    assert str(item) == (
        "新增 青少年科学素质提升行动 › 实施科技创新后备人才培育计划 › 第2条："
        "每年举办青少年科技创新大赛1次（负责单位：市教体局、市科协）"
    )


def test_a_duty_moved_to_another_task_is_a_move(shenmu: Plan) -> None:
    duty = shenmu.actions[0].tasks[0].duties[1]
    new = _replace_duty(shenmu, 0, 0, 1, None)
    new = add_duty(new, "青少年科学素质提升行动", "提升基础教育阶段科学教育水平", duty)
    item = _only(diff(shenmu, new))
    assert (item.status, item.moved) == ("moved", True)
    assert str(item) == (
        "移动 青少年科学素质提升行动 › 坚持科学精神贯穿教育教学全过程 › 原第2条 → "
        "青少年科学素质提升行动 › 提升基础教育阶段科学教育水平 › 第4条"
    )


def test_two_swapped_actions_are_one_move(shenmu: Plan) -> None:
    actions = list(shenmu.actions)
    actions[0], actions[1] = actions[1], actions[0]
    result = diff(shenmu, attrs.evolve(shenmu, actions=actions))
    item = _only(result)
    assert item.level is Level.ACTION
    assert item.moved
    assert str(item) in ("移动 青少年科学素质提升行动：第1项 → 第2项", "移动 农民科学素质提升行动：第2项 → 第1项")


def test_a_renamed_task_is_a_change_of_its_name(shenmu: Plan) -> None:
    action = shenmu.actions[3]
    tasks = list(action.tasks)
    tasks[2] = attrs.evolve(tasks[2], name="开展老年人健康科普")
    actions = list(shenmu.actions)
    actions[3] = attrs.evolve(action, tasks=tasks)
    item = _only(diff(shenmu, attrs.evolve(shenmu, actions=actions)))
    assert item.level is Level.TASK
    assert str(item) == (
        "修改 老年人科学素质提升行动 › 开展老年人健康科普\n    名称：[-加强-]{+开展+}老年人健康科普[-服务-]"
    )


def test_shenmu_against_its_adaptation_reports_renamed_units_once(shenmu: Plan) -> None:
    fugu = adapt(shenmu, region="府谷县", from_region="神木市").plan
    result = diff(shenmu, fugu)
    assert len(result.renamed_units) == 30
    assert str(result.renamed_units[0]) == "市教体局 → 县教体局（29 条内容）"
    assert result.actions == ()
    assert len(result.duties) == 14
    assert all([change.field for change in item.fields] == ["content"] for item in result.duties)
    assert result.units == ()
    text = str(result)
    assert text.startswith("标题：[-神木市-]{+府谷县+}贯彻")
    assert "单位改名（30 个）：\n  市教体局 → 县教体局（29 条内容）" in text
    assert "开展“智慧[-神木-]{+府谷+}”行动，组建科技人才队伍，服务[-市-]{+县+}委" in text


def test_without_rename_detection_every_duty_shows_its_units(shenmu: Plan) -> None:
    fugu = adapt(shenmu, region="府谷县", from_region="神木市").plan
    result = diff(shenmu, fugu, renames=False)
    assert result.renamed_units == ()
    assert len(result.duties) == 112 - sum(
        all(unit.name in ("职业技术学院", "生态环境分局", "农高区") for unit in duty.units) for duty in shenmu.duties
    )


def test_a_unit_renamed_with_rename_units_is_one_rename(shenmu: Plan) -> None:
    result = diff(shenmu, rename_units(shenmu, {"市发改科技局": "市发展和改革科技局"}))
    assert [(r.old, r.new, r.places) for r in result.renamed_units] == [("市发改科技局", "市发展和改革科技局", 29)]
    assert result.items == ()
    assert result


def test_the_diff_is_json_data(shenmu: Plan) -> None:
    new = replace_in_content(shenmu, "每年培育乡村科技人才50名", "每年培育乡村科技人才80名")
    new = drop_action(new, "科学素质交流与合作工程")
    data = diff(shenmu, new).to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["equal"] is False
    assert data["actions"][0]["status"] == "removed"
    assert data["actions"][0]["item"] == {"name": "科学素质交流与合作工程", "leads": ["市科协"], "tasks": 3}
    assert data["duties"][0]["fields"][0]["field"] == "content"
    assert data["targets"][0]["old"]["quantity"] == "50"
    assert data["targets"][0]["new"]["quantity"] == "80"


def test_title_label_and_notes_changes_are_plan_changes(shenmu: Plan) -> None:
    new = attrs.evolve(shenmu, title="府谷县分工表", label="附件2", notes=["说明"])
    result = diff(shenmu, new)
    assert [change.field for change in result.plan] == ["title", "label", "notes"]
    assert str(result).split("\n")[1:] == ["附件标注：附件 → 附件2", "附注：（无） → 说明"]


def test_the_threshold_decides_whether_a_rewrite_is_a_change() -> None:
    def plan(content: str) -> Plan:
        duty = Duty(content=content, units=["市科协"])
        return Plan(title="", actions=[Action(name="科普行动", tasks=[Task(name="任务", duties=[duty])])])

    old, new = plan("开展科普进校园活动"), plan("组织科学家进校园宣讲")
    assert [item.status for item in diff(old, new).items] == ["removed", "added"]
    assert [item.status for item in diff(old, new, threshold=0.3).items] == ["changed"]


# --- edited copies report exactly their edits ---------------------------------------------------


@st.composite
def _edits(draw: st.DrawFn) -> tuple[Plan, Plan, str]:
    """A plan, a copy with one edit, and the edit's name."""
    plan = draw(plans())
    a = draw(st.integers(0, len(plan.actions) - 1))
    action = plan.actions[a]
    t = draw(st.integers(0, len(action.tasks) - 1))
    task = action.tasks[t]
    d = draw(st.integers(0, len(task.duties) - 1))
    duty = task.duties[d]
    contents = {other.content for other in plan.duties}
    edit = draw(
        st.sampled_from(
            ["reword", "add unit", "remove unit", "remove duty", "add duty", "rename task", "rename action", "leads"]
        )
    )
    if edit == "reword":
        content = duty.content + "修" * max(1, len(duty.content) // 2)
        assume(content not in contents)
        return plan, _replace_duty(plan, a, t, d, attrs.evolve(duty, content=content)), edit
    if edit == "add unit":
        assume(Unit(name="新增单位") not in duty.units)
        return plan, _replace_duty(plan, a, t, d, attrs.evolve(duty, units=[*duty.units, "新增单位"])), edit
    if edit == "remove unit":
        assume(duty.units)
        unit = draw(st.sampled_from(duty.units))
        units = [u for u in duty.units if u != unit]
        leads = [u for u in duty.leads if u != unit]
        return plan, _replace_duty(plan, a, t, d, attrs.evolve(duty, units=units, leads=leads)), edit
    if edit == "remove duty":
        assume(len(task.duties) > 1)
        return plan, _replace_duty(plan, a, t, d, None), edit
    if edit == "add duty":
        new = Duty(content="全新的一条主要内容：每年开展科普活动12场次", units=["市科协"])
        assume(new.content not in contents)
        return plan, add_duty(plan, action.name, task.name, new, index=d), edit
    if edit == "rename task":
        name = "改名后的主要任务"
        assume(all(other.name != name for other in action.tasks))
        tasks = list(action.tasks)
        tasks[t] = attrs.evolve(task, name=name)
        actions = list(plan.actions)
        actions[a] = attrs.evolve(action, tasks=tasks)
        return plan, attrs.evolve(plan, actions=actions), edit
    if edit == "rename action":
        name = "改名后的一组任务"
        assume(all(other.name != name for other in plan.actions))
        actions = list(plan.actions)
        actions[a] = attrs.evolve(action, name=name)
        return plan, attrs.evolve(plan, actions=actions), edit
    assume(Unit(name="新牵头单位") not in action.leads)
    actions = list(plan.actions)
    actions[a] = attrs.evolve(action, leads=[*action.leads, "新牵头单位"])
    return plan, attrs.evolve(plan, actions=actions), edit


_EXPECTED = {
    "reword": (Level.DUTY, "changed", ["content"]),
    "add unit": (Level.DUTY, "changed", ["units"]),
    "remove unit": (Level.DUTY, "changed", ["units", "leads"]),
    "remove duty": (Level.DUTY, "removed", []),
    "add duty": (Level.DUTY, "added", []),
    "rename task": (Level.TASK, "changed", ["name"]),
    "rename action": (Level.ACTION, "changed", ["name"]),
    "leads": (Level.ACTION, "changed", ["leads"]),
}


def _twin_duties() -> tuple[Plan, Plan, str]:
    """Two equal duties, and a duty added before them: once reported as a move of one twin."""
    twins = [Duty(content="=0"), Duty(content="=0")]
    old = Plan(title="", actions=[Action(name="=0行动", tasks=[Task(name="=0", duties=twins)])])
    added = Duty(content="全新的一条主要内容：每年开展科普活动12场次", units=["市科协"])
    return old, add_duty(old, "=0行动", "=0", added, index=0), "add duty"


@_SLOW_GENERATION
@given(_edits())
@example(_twin_duties())
def test_diff_of_a_plan_and_an_edited_copy_reports_exactly_the_edit(case: tuple[Plan, Plan, str]) -> None:
    old, new, edit = case
    result = diff(old, new, renames=False)
    item = _only(result)
    level, status, fields = _EXPECTED[edit]
    assert (item.level, item.status, item.moved) == (level, status, False)
    changed = [change.field for change in item.fields]
    if edit == "remove unit":
        assert changed in (["units"], ["units", "leads"])
    else:
        assert changed == fields
    assert not result.renamed_units


def test_a_removed_duty_and_a_changed_one_never_share_a_number() -> None:
    duties = [Duty(content=f"第{i}项工作内容，开展科普活动。", units=["市科协"]) for i in range(1, 4)]
    old = Plan(title="t", actions=[Action(name="甲行动", tasks=[Task(name="任务", duties=duties)])])
    changed = attrs.evolve(duties[2], content="第3项工作内容，开展科普活动和科普讲座。")
    new = Plan(title="t", actions=[Action(name="甲行动", tasks=[Task(name="任务", duties=[duties[0], changed])])])
    lines = str(diff(old, new)).splitlines()
    assert any(line.strip().startswith("删除 甲行动 › 任务 › 原第2条") for line in lines)
    assert any(line.strip() == "修改 甲行动 › 任务 › 第2条" for line in lines)


# --- the index that finds alike duties ----------------------------------------------------------

_KEYS = st.lists(st.text("科普市县年开展活动教师培训的和", max_size=12), max_size=6)


@given(_KEYS, _KEYS, st.sampled_from([0.2, 0.5, 0.6, 0.8, 1.0]))
def test_the_index_of_alike_duties_finds_every_pair_the_ratio_accepts(
    old: list[str], new: list[str], threshold: float
) -> None:
    from kepu_plan.diff import Place
    from kepu_plan.diff.matching import _alike, _Node, _ratio

    def nodes(keys: list[str]) -> list[_Node]:
        place = Place(path="", action="")
        return [
            _Node(index=i, parent=None, position=i, key=key, item=Duty(content="内容"), place=place)
            for i, key in enumerate(keys)
        ]

    olds, news = nodes(old), nodes(new)
    found = {(a.index, b.index) for a, b in _alike(olds, news, threshold)}
    accepted = {(a.index, b.index) for a in olds for b in news if _ratio(a.key, b.key, threshold) >= threshold}
    assert accepted <= found


# --- the report in the reader's language ------------------------------------------------------------

#: Chinese characters and the full-width punctuation of Chinese text (、，：（）「」 …).
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")


def _plan_texts(*plans: Plan) -> list[str]:
    """Every text of the plans that a report may quote: names, contents, units, targets, notes."""
    texts: list[str] = []
    for plan in plans:
        texts += [plan.title, plan.label or "", *plan.notes]
        for action in plan.actions:
            texts += [action.name, *(unit.name for unit in action.leads)]
            for task in action.tasks:
                texts.append(task.name)
                for duty in task.duties:
                    texts += [duty.content, *(unit.name for unit in (*duty.units, *duty.leads))]
                    texts += [text for target in duty.targets for text in (target.measure, target.subject or "")]
    return [text for text in texts if text]


def _foreign_runs(report: str, *plans: Plan) -> list[str]:
    """The runs of Chinese in ``report`` that are not part of one of the plans' texts."""
    texts = _plan_texts(*plans)
    return [run for run in _CJK.findall(report) if not any(run in text for text in texts)]


@pytest.mark.usefixtures("english")
def test_the_report_is_english_under_an_english_locale_with_the_same_records(shenmu: Plan) -> None:
    new = replace_in_content(shenmu, "每年培训科学教师和科技辅导员60名以上", "每年培训科学教师和科技辅导员80名以上")
    result = diff(shenmu, new)
    item = _only(result)
    assert (item.level, item.status, item.moved) == (Level.DUTY, "changed", False)
    assert [change.field for change in item.fields] == ["content"]
    place = "青少年科学素质提升行动 › 实施教师科学素质提升工程 › duty 4"
    assert str(item.old) == place
    assert Level.DUTY.label == "main content"
    change = item.fields[0]
    assert isinstance(change.old, str)
    assert isinstance(change.new, str)
    assert str(result).split("\n") == [
        "Duties (1):",
        f"  changed {place}",
        f"      main content: {mark_changes(change.old, change.new)}",
        "Changed targets:",
        f"  {place} · 科学教师和科技辅导员: 60名 or more a year → 80名 or more a year",
    ]


@pytest.mark.usefixtures("english")
def test_added_removed_moved_and_reassigned_items_read_in_english(shenmu: Plan) -> None:
    removed = _only(diff(shenmu, drop_action(shenmu, "科学素质交流与合作工程")))
    assert (removed.level, removed.status) == (Level.ACTION, "removed")
    assert str(removed) == "removed “科学素质交流与合作工程”: led by 市科协; tasks: 3, duties: 7"

    duty = Duty(content="每年举办青少年科技创新大赛1次", units=["市教体局", "市科协"])
    added = _only(
        diff(shenmu, add_duty(shenmu, "青少年科学素质提升行动", "实施科技创新后备人才培育计划", duty, index=1))
    )
    assert added.status == "added"
    assert str(added) == (
        "added 青少年科学素质提升行动 › 实施科技创新后备人才培育计划 › duty 2: "
        "每年举办青少年科技创新大赛1次 (units: 市教体局, 市科协)"
    )

    moved_duty = shenmu.actions[0].tasks[0].duties[1]
    new = add_duty(
        _replace_duty(shenmu, 0, 0, 1, None), "青少年科学素质提升行动", "提升基础教育阶段科学教育水平", moved_duty
    )
    moved = _only(diff(shenmu, new))
    assert (moved.status, moved.moved) == ("moved", True)
    assert str(moved) == (
        "moved 青少年科学素质提升行动 › 坚持科学精神贯穿教育教学全过程 › old duty 2 → "
        "青少年科学素质提升行动 › 提升基础教育阶段科学教育水平 › duty 4"
    )

    first = shenmu.actions[0].tasks[0].duties[0]  # 市教体局、市科协
    result = diff(shenmu, _replace_duty(shenmu, 0, 0, 0, attrs.evolve(first, units=["市教体局", "团市委"])))
    assert [str(change) for change in _only(result).fields] == [
        "units: 市教体局, 市科协 → 市教体局, 团市委 (added 团市委, removed 市科协)"
    ]
    assert [str(delta) for delta in result.units] == [
        "市科协: lost 1 (青少年科学素质提升行动 › 坚持科学精神贯穿教育教学全过程 › old duty 1)",
        "团市委: gained 1 (青少年科学素质提升行动 › 坚持科学精神贯穿教育教学全过程 › duty 1)",
    ]

    actions = list(shenmu.actions)
    actions[0], actions[1] = actions[1], actions[0]
    swapped = _only(diff(shenmu, attrs.evolve(shenmu, actions=actions)))
    assert str(swapped) in (
        "moved 青少年科学素质提升行动: position 1 → position 2",
        "moved 农民科学素质提升行动: position 2 → position 1",
    )


@pytest.mark.usefixtures("english")
def test_an_english_report_quotes_only_the_plans_texts_in_chinese(shenmu: Plan) -> None:
    fugu = adapt(shenmu, region="府谷县", from_region="神木市").plan
    actions = list(fugu.actions)
    actions[0], actions[1] = actions[1], actions[0]
    edited = replace_in_content(
        attrs.evolve(fugu, actions=actions[:-1], label="附件2", notes=("说明",)),
        "每年培训科学教师和科技辅导员60名以上",
        "每年培训科学教师和科技辅导员80名以上",
    )
    report = str(diff(shenmu, edited))
    assert "Units renamed (30):" in report
    assert "attachment label: 附件 → 附件2" in report.splitlines()
    assert "notes: (none) → 说明" in report.splitlines()
    assert _foreign_runs(report, shenmu, edited) == []
    assert str(diff(shenmu, shenmu)) == "The two plans are the same."


@pytest.mark.usefixtures("chinese")
def test_the_check_for_chinese_outside_the_plans_texts_finds_the_chinese_report(shenmu: Plan) -> None:
    report = str(diff(shenmu, drop_action(shenmu, "科学素质交流与合作工程")))
    assert {"删除", "单位任务增减："} <= set(_foreign_runs(report, shenmu))
