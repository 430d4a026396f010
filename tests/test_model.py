"""The model's rules, conversions and views."""

from __future__ import annotations

from typing import Any, cast

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import kepu_plan as kp
from kepu_plan import Action, ActionKind, Duty, Extra, InvalidPlan, Plan, Task, Unit, Wording
from kepu_plan.testing import names, plans, texts, unit_names

# These tests match the English words of messages (see tests/conftest.py).
pytestmark = pytest.mark.usefixtures("english")


def _duty(**changes: object) -> Duty:
    fields: dict[str, object] = {"content": "开展科普活动", "units": ["市科协", "市教体局"]}
    fields.update(changes)
    return Duty(**fields)  # type: ignore[arg-type]


def _plan(*actions: Action) -> Plan:
    return Plan(title="分工表", actions=actions)


def _action(name: str = "青少年科学素质提升行动", **changes: object) -> Action:
    fields: dict[str, object] = {"name": name, "tasks": [Task(name="任务", duties=[_duty()])]}
    fields.update(changes)
    return Action(**fields)  # type: ignore[arg-type]


def test_classes_are_frozen_slotted_and_hashable() -> None:
    duty = _duty()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        duty.content = "x"  # type: ignore[misc]
    assert not hasattr(duty, "__dict__")
    assert hash(duty) == hash(_duty())
    assert attrs.evolve(duty, content="改").content == "改"


def test_tuple_fields_accept_any_iterable_and_unit_names() -> None:
    duty = Duty(content="x", units=(name for name in ["市科协", "团市委"]), leads=["团市委"])
    assert duty.units == (Unit(name="市科协"), Unit(name="团市委"))
    assert duty.leads == (Unit(name="团市委"),)
    task = Task(name="t", duties=iter([duty]))
    assert task.duties == (duty,)


def test_units_are_equal_by_name() -> None:
    assert Unit(name="市科协") == Unit(name="市科协")
    assert len({Unit(name="市科协"), Unit(name="市科协")}) == 1


def test_kind_is_inferred_from_the_name_ending() -> None:
    assert _action("青少年科学素质提升行动").kind is ActionKind.ACTION
    assert _action("科普基础设施工程").kind is ActionKind.PROJECT
    assert _action("其他", kind=ActionKind.PROJECT).kind is ActionKind.PROJECT


def test_any_other_ending_needs_an_explicit_kind() -> None:
    with pytest.raises(InvalidPlan, match=r"^kind: action name '其他' ends in neither 行动 nor 工程"):
        _action("其他")


def test_a_kind_contradicting_the_name_ending_is_refused() -> None:
    with pytest.raises(InvalidPlan, match="ends in 行动 but kind is PROJECT"):
        _action("提升行动", kind=ActionKind.PROJECT)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("市教体局、市科协", "unit name contains '、'"),
        ("市教体局，市科协", "unit name contains '，'"),
        ("a,b", "unit name contains ','"),
        ("a；b", "unit name contains '；'"),
        ("a;b", "unit name contains ';'"),
        ("a\nb", "unit name contains a line break"),
        ("市科协（牵头）", "unit name ends with a role mark"),
        ("市科协(配合)", "unit name ends with a role mark"),
        ("市科协（县科协牵头）", "unit name ends with a role mark"),
        ("县委宣传部（县文明办", "leaves a parenthesis open"),
        ("县委宣传部）", "closes a parenthesis it did not open"),
        ("县委（宣传部（文明办））", "parentheses inside parentheses"),
        ("县科协等", "ends like an open list"),
        ("县科协等部门", "ends like an open list"),
        ("县科协等有关单位", "ends like an open list"),
        ("由县科协", "starts with 由"),
        ("—", "what a cell writes for no units"),
        ("无", "what a cell writes for no units"),
        ("牵头单位：县科协", "starts with a label of units"),
        ("市 科协", "unit name contains whitespace"),
        ("市科协牵头", "unit name ends with '牵头', which marks a role"),
        ("市科协配合", "unit name ends with '配合'"),
        ("", "unit name is empty"),
        (" 市科协", "leading or trailing whitespace"),
    ],
)
def test_unit_name_rules(name: str, reason: str) -> None:
    with pytest.raises(InvalidPlan, match=reason):
        Unit(name=name)


def test_the_error_names_the_path_from_the_holding_object() -> None:
    with pytest.raises(InvalidPlan) as caught:
        Duty(content="x", units=["市科协", "市教体局、市科协"])
    assert str(caught.value) == "units[1]: unit name contains '、'"
    assert caught.value.within("actions[2].tasks[0].duties[3]").path == "actions[2].tasks[0].duties[3].units[1]"


def test_invalid_plan_is_a_value_error_and_a_kepu_plan_error() -> None:
    with pytest.raises(ValueError, match="content is empty"):
        Duty(content="")
    assert issubclass(InvalidPlan, kp.KepuPlanError)


@pytest.mark.parametrize(
    "text",
    ["a\x00b", "a\x07b", "a\rb", "a\x1fb", "a\ufffeb", "a\uffffb", "a\ud800b"],
)
def test_text_that_docx_and_xlsx_cannot_store_is_refused(text: str) -> None:
    with pytest.raises(InvalidPlan, match="which DOCX and XLSX cannot store"):
        Duty(content=text)


def test_tab_and_line_break_are_allowed_in_content() -> None:
    assert Duty(content="第一行\n\t第二行").content == "第一行\n\t第二行"


def test_names_hold_no_line_break() -> None:
    with pytest.raises(InvalidPlan, match=r"^name: task name contains a line break"):
        Task(name="a\nb", duties=[_duty()])


def test_text_longer_than_a_cell_holds_is_refused() -> None:
    with pytest.raises(InvalidPlan, match="32767"):
        Duty(content="长" * 32_768)
    assert len(Duty(content="长" * 32_767).content) == 32_767


def test_leads_must_be_among_the_units() -> None:
    with pytest.raises(InvalidPlan, match=r"^leads\[0\]: lead '团市委' is not one of the duty's units$"):
        _duty(leads=["团市委"])


def test_a_unit_listed_twice_is_refused() -> None:
    with pytest.raises(InvalidPlan, match=r"^units\[1\]: unit '市科协' is listed twice$"):
        _duty(units=["市科协", "市科协"])


def test_action_names_are_unique_in_a_plan() -> None:
    with pytest.raises(InvalidPlan, match=r"^actions\[1\]\.name: action name '青少年科学素质提升行动' is used twice"):
        _plan(_action(), _action())


def test_task_names_are_unique_in_an_action() -> None:
    task = Task(name="任务", duties=[_duty()])
    with pytest.raises(InvalidPlan, match=r"^tasks\[1\]\.name: task name '任务' is used twice"):
        Action(name="a行动", tasks=[task, task])


def test_each_level_holds_at_least_one_item() -> None:
    with pytest.raises(InvalidPlan, match="a task needs at least one duty"):
        Task(name="t", duties=[])
    with pytest.raises(InvalidPlan, match="an action needs at least one task"):
        Action(name="a行动", tasks=[])
    with pytest.raises(InvalidPlan, match="a plan needs at least one action"):
        Plan(title="t", actions=[])


def test_an_action_name_cannot_carry_its_lead_mark() -> None:
    with pytest.raises(InvalidPlan, match="lead mark"):
        _action("提升行动（市科协牵头）", kind=ActionKind.ACTION)


def test_a_single_unit_where_a_list_belongs_is_refused() -> None:
    with pytest.raises(InvalidPlan, match=r"^units: expected a sequence of units"):
        Duty(content="x", units=cast(Any, "市科协"))


def test_extra_is_an_immutable_hashable_mapping_that_keeps_column_order() -> None:
    extra = Extra({"备注": "a", "进展情况": "b"})
    assert list(extra) == ["备注", "进展情况"]
    assert extra == {"进展情况": "b", "备注": "a"}
    assert hash(extra) == hash(Extra([("进展情况", "b"), ("备注", "a")]))
    with pytest.raises(TypeError):
        extra["备注"] = "c"  # type: ignore[index]


def test_extra_cells_follow_the_text_rules() -> None:
    with pytest.raises(InvalidPlan, match=r"^extra\['备注'\]: cell text is empty"):
        _duty(extra={"备注": ""})


def test_plan_views_list_items_in_reading_order() -> None:
    plan = kp.examples.shenmu()
    assert len(plan.tasks) == 40
    assert len(plan.duties) == 112
    assert plan.units[:3] == (Unit(name="市教体局"), Unit(name="市科协"), Unit(name="职业技术学院"))
    assert plan.actions[0].duties == tuple(d for t in plan.actions[0].tasks for d in t.duties)


def test_plan_units_include_action_leads() -> None:
    plan = _plan(_action(leads=["市妇联"]))
    assert [unit.name for unit in plan.units] == ["市妇联", "市科协", "市教体局"]


def test_repr_is_useful() -> None:
    assert repr(Unit(name="市科协")) == "Unit(name='市科协')"
    assert "content='开展科普活动'" in repr(_duty())


@settings(max_examples=60, deadline=None)
@given(plans())
def test_every_generated_plan_survives_evolve_with_its_own_fields(plan: Plan) -> None:
    assert attrs.evolve(plan) == plan
    assert hash(attrs.evolve(plan)) == hash(plan)


@settings(max_examples=100, deadline=None)
@given(texts(), st.sampled_from(["\x00", "\x0b", "\r", "\ufffe", "\ud83d", " "]))
def test_every_text_rule_rejects_what_it_should(text: str, bad: str) -> None:
    for broken in (bad + text, text + bad) if bad == " " else (text + bad + text,):
        with pytest.raises(InvalidPlan):
            Task(name=broken, duties=[_duty()])
        with pytest.raises(InvalidPlan):
            Duty(content=broken)


@settings(max_examples=100)
@given(unit_names(), unit_names(), st.sampled_from(list("\n、，,；; ")))
def test_a_separator_inside_any_unit_name_is_refused(left: str, right: str, separator: str) -> None:
    with pytest.raises(InvalidPlan, match=r"^name: unit name contains"):
        Unit(name=left + separator + right)


@pytest.mark.parametrize(
    "name",
    ["县委宣传部（县文明办）", "县乡村振兴局(县扶贫办)", "各镇（街道）", "区委老干部局（区老龄办）", "县（区）科协"],
)
def test_a_parenthesised_part_belongs_to_a_unit_name(name: str) -> None:
    assert Unit(name=name).name == name


@pytest.mark.parametrize(
    ("name", "collective"),
    [
        ("各成员单位", True),
        ("各镇（街道）", True),
        ("各乡镇（街道）", True),
        ("县直有关部门", True),
        ("有关单位", True),
        ("县直各部门", True),
        ("县科普工作领导小组成员单位", True),
        ("县委宣传部（县文明办）", False),
        ("县科协", False),
        ("县教体局", False),
    ],
)
def test_collective_units_are_recognised_by_their_names(name: str, collective: bool) -> None:
    assert Unit(name=name).collective is collective


def test_wording_is_kept_on_duties_and_actions_but_not_compared() -> None:
    worded = Duty(content="c", units=["甲", "乙"], wording=Wording(units=("", "、", "等部门")))
    assert worded == Duty(content="c", units=["甲", "乙"])
    assert hash(worded) == hash(Duty(content="c", units=["甲", "乙"]))
    assert worded.wording is not None
    assert worded.wording.ending == "等部门"
    assert "wording" not in repr(worded)
    with pytest.raises(InvalidPlan, match=r"^wording: wording must be a Wording"):
        Duty(content="c", wording=("", "等"))  # type: ignore[arg-type]
    with pytest.raises(InvalidPlan, match="at least one cell"):
        Wording()
    with pytest.raises(InvalidPlan, match="at least one piece"):
        Wording(units=())


@settings(max_examples=50)
@given(plans(), unit_names())
def test_a_lead_outside_the_units_is_refused_anywhere(plan: Plan, stranger: str) -> None:
    duty = plan.duties[0]
    assume(Unit(name=stranger) not in duty.units)
    with pytest.raises(InvalidPlan, match=r"^leads\[\d+\]: lead .* is not one of the duty's units$"):
        attrs.evolve(duty, leads=[*duty.leads, Unit(name=stranger)])


@settings(max_examples=50)
@given(plans())
def test_a_repeated_action_or_task_name_is_refused_anywhere(plan: Plan) -> None:
    action = plan.actions[0]
    with pytest.raises(InvalidPlan, match=r"^actions\[\d+\]\.name: action name .* is used twice"):
        attrs.evolve(plan, actions=[*plan.actions, action])
    with pytest.raises(InvalidPlan, match=r"^tasks\[\d+\]\.name: task name .* is used twice"):
        attrs.evolve(action, tasks=[*action.tasks, action.tasks[0]])


@settings(max_examples=50)
@given(names(), st.sampled_from(["一、", "（三）", "1.", "2、", "(4)", "（5）", "①"]))
def test_a_name_starting_with_numbering_is_refused(name: str, numbering: str) -> None:
    # "1." before a digit reads as a number such as "2.0", not as numbering.
    assume(not (numbering == "1." and name[0] in "0123456789０１２３４５６７８９"))
    with pytest.raises(InvalidPlan, match="starts with the numbering"):
        Task(name=numbering + name, duties=[_duty()])


def test_a_layout_with_groups_keeps_the_content_column_and_another_outside_them() -> None:
    def layout(*groups: str | None) -> kp.Layout:
        roles = ("action", "task", "content", "units")
        headers = ("重点行动", "主要任务", "主要内容", "负责单位")
        return kp.Layout(
            columns=[
                kp.Column(role=role, header=header, group=group)
                for role, header, group in zip(roles, headers, groups, strict=True)
            ]
        )

    assert layout(None, None, None, "责任分工").columns[3].group == "责任分工"
    with pytest.raises(InvalidPlan, match="content column cannot stand under a group"):
        layout(None, None, "工作", "工作")
    with pytest.raises(InvalidPlan, match="besides the content column must stand outside"):
        layout("任务", "任务", None, "单位")
    with pytest.raises(InvalidPlan, match="column group is empty"):
        kp.Column(role="units", header="负责单位", group="")


def test_a_broken_rule_is_chinese_by_default_with_the_same_path_and_english_reason(chinese: None) -> None:
    with pytest.raises(kp.InvalidPlan) as caught:
        Duty(content="开展活动", units=["市科协", "市科协"])
    assert str(caught.value) == "units[1]：单位“市科协”重复列出"
    assert (caught.value.path, caught.value.reason) == ("units[1]", "unit '市科协' is listed twice")
    with pytest.raises(kp.InvalidPlan) as caught:
        Action(name="科普行动", tasks=[])
    assert str(caught.value) == "tasks：行动至少要有一项任务"
