"""Adapting a plan to another county, and the edit helpers."""

from __future__ import annotations

import ast
import re
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kepu_plan as kp
from kepu_plan.adapt import (
    Adaptation,
    ChangeKind,
    adapt,
    add_duty,
    drop_action,
    drop_duty,
    replace_in_content,
    short_region_name,
    unit_prefixes,
)
from kepu_plan.errors import InvalidPlan
from kepu_plan.model import Action, Duty, Plan, Task, Unit
from kepu_plan.testing import plans

# These tests match the English words of messages (see tests/conftest.py).
pytestmark = pytest.mark.usefixtures("english")

#: ``kepu_plan.testing.plans()`` takes about 0.1 s an example, which Hypothesis calls slow.
_SLOW_GENERATION = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@pytest.fixture(scope="module")
def shenmu() -> Plan:
    return kp.examples.shenmu()


@pytest.fixture(scope="module")
def fugu(shenmu: Plan) -> Adaptation:
    return adapt(shenmu, region="府谷县", from_region="神木市")


def _plan(content: str, *, units: tuple[str, ...] = ("市科协",), title: str = "神木市分工表") -> Plan:
    duty = Duty(content=content, units=units)
    return Plan(title=title, actions=[Action(name="科普行动", tasks=[Task(name="任务", duties=[duty])])])


def _content(text: str) -> str:
    """The text adapted as a duty's content of a plan whose units are 市科协, 市教体局 and 团市委."""
    plan = _plan(text, units=("市科协", "市教体局", "团市委"))
    return adapt(plan, region="府谷县", from_region="神木市").plan.duties[0].content


# --- the Shenmu table to 府谷县 -------------------------------------------------------------------


def test_adapting_shenmu_replaces_the_region_in_the_title(fugu: Adaptation) -> None:
    assert fugu.plan.title == "府谷县贯彻《全民科学素质行动规划纲要（2021-2035年）》实施方案“十四五”目标任务分工表"


def test_adapting_shenmu_moves_every_city_unit_to_the_county_prefix(fugu: Adaptation, shenmu: Plan) -> None:
    renames = fugu.unit_renames
    assert renames["市教体局"] == "县教体局"
    assert renames["团市委"] == "团县委"
    assert renames["市委组织部"] == "县委组织部"
    assert renames["市发改科技局"] == "县发改科技局"
    assert renames["市市场监管局"] == "县市场监管局"
    assert len(renames) == 30
    assert {unit.name for unit in fugu.plan.units} - set(renames.values()) == {"职业技术学院", "生态环境分局", "农高区"}
    assert len(fugu.plan.units) == len(shenmu.units)


def test_adapting_shenmu_leaves_no_trace_of_the_city(fugu: Adaptation) -> None:
    texts = [fugu.plan.title, *(duty.content for duty in fugu.plan.duties), *(t.name for t in fugu.plan.tasks)]
    assert not any("神木" in text for text in texts)
    # What is left of 市 is a market, a town or a title: 市场, 城市, 超市 …
    left = {match.group() for text in texts for match in re.finditer(".市.?", text)}
    assert all("市场" in word or "城市" in word for word in left), left


def test_adapting_shenmu_reports_every_change_with_its_place(fugu: Adaptation, shenmu: Plan) -> None:
    unit_places = sum(len(duty.units) for duty in shenmu.duties) + sum(len(a.leads) for a in shenmu.actions)
    kept = sum(unit.name in ("职业技术学院", "生态环境分局", "农高区") for duty in shenmu.duties for unit in duty.units)
    kept += sum(unit.name == "职业技术学院" for action in shenmu.actions for unit in action.leads)
    assert sum(change.kind is ChangeKind.UNIT for change in fugu.changes) == unit_places - kept
    assert len(fugu.text_changes) == 15
    first = fugu.text_changes[1]
    assert first.path == "actions[1].tasks[1].duties[0].content"
    assert first.where == "农民科学素质提升行动 › 实施乡村振兴科技支撑行动 › duty 1, main content"
    assert str(first).endswith("服务[-市-]{+县+}委、[-市-]{+县+}政府科学决策，助力乡村振兴。")
    assert first.old.startswith("开展“智慧神木”行动")
    assert first.new.startswith("开展“智慧府谷”行动")


def test_the_adaptation_report_reads_as_a_summary_in_chinese_by_default(fugu: Adaptation, chinese: None) -> None:
    report = str(fugu)
    assert report.startswith(
        f"从 神木市 改编为 府谷县：{len(fugu.changes)} 处修改\n单位改名（30 个）：\n  市教体局 → 县教体局（30 处）"
    )
    assert "文字修改（15 处）：\n  标题：[-神木市-]{+府谷县+}贯彻" in report
    data = fugu.to_dict()
    assert data["unit_renames"]["团市委"] == "团县委"
    assert data["changes"][0]["path"] == "title"
    assert data["changes"][1] == {
        "kind": "unit",
        "path": "actions[0].leads[0]",
        "where": "青少年科学素质提升行动 · 牵头单位",
        "old": "市教体局",
        "new": "县教体局",
    }


def test_the_adaptation_report_is_english_under_an_english_locale(fugu: Adaptation) -> None:
    report = str(fugu)
    assert report.startswith(
        f"from 神木市 to 府谷县: {len(fugu.changes)} changes\nunits renamed (30):\n  市教体局 → 县教体局 (30 places)"
    )
    assert "texts changed (15):\n  title: [-神木市-]{+府谷县+}贯彻" in report
    assert str(fugu.text_changes[1]).startswith(
        "农民科学素质提升行动 › 实施乡村振兴科技支撑行动 › duty 1, main content: 开展“智慧[-神木-]{+府谷+}”行动"
    )
    assert fugu.to_dict()["changes"][1]["where"] == "青少年科学素质提升行动, lead units"


def test_adapting_back_gives_the_shenmu_table_again(fugu: Adaptation, shenmu: Plan) -> None:
    back = adapt(fugu.plan, region="神木市", from_region="府谷县", unit_prefix=("县", "市"))
    assert back.plan == shenmu
    assert [(c.path, c.old, c.new) for c in back.changes] == [(c.path, c.new, c.old) for c in fugu.changes]


# --- what changes in a text and what does not ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "adapted"),
    [
        ("服务市委、市政府科学决策", "服务县委、县政府科学决策"),
        ("实现全市各领域全覆盖", "实现全县各领域全覆盖"),
        ("纳入市级创新驱动平台", "纳入县级创新驱动平台"),
        ("搭建市内外、省内外交流平台", "搭建县内外、省内外交流平台"),
        ("纳入市委党校（行政学院）教学内容", "纳入县委党校（行政学院）教学内容"),
        ("将神木市科技馆打造成现代科技馆", "将府谷县科技馆打造成现代科技馆"),
        ("开展“智慧神木”行动", "开展“智慧府谷”行动"),
        ("由市教体局、团市委组织", "由县教体局、团县委组织"),  # units of the plan
        ("由市财政局组织", "由市财政局组织"),  # not a unit of the plan: left for the person to see
        ("推动城市科普，运用市场机制，进超市、进市民家中", "推动城市科普，运用市场机制，进超市、进市民家中"),
        ("都市圈与上市企业、城市级平台", "都市圈与上市企业、城市级平台"),
        ("神府革命纪念馆", "神府革命纪念馆"),
        ("生态环境分局与职业技术学院", "生态环境分局与职业技术学院"),
        ("毗邻县区科技工作者", "毗邻县区科技工作者"),
    ],
)
def test_content_is_adapted_word_by_word(text: str, adapted: str) -> None:
    assert _content(text) == adapted


@pytest.mark.parametrize(
    ("unit", "adapted"),
    [
        ("市教体局", "县教体局"),
        ("团市委", "团县委"),
        ("市委组织部", "县委组织部"),
        ("市市场监管局", "县市场监管局"),
        ("市民政局", "县民政局"),
        ("神木市科协", "府谷县科协"),
        ("市场监管局", "市场监管局"),
        ("生态环境分局", "生态环境分局"),
        ("职业技术学院", "职业技术学院"),
    ],
)
def test_units_move_to_the_county_prefix(unit: str, adapted: str) -> None:
    plan = adapt(_plan("开展活动", units=(unit,)), region="府谷县", from_region="神木市").plan
    assert plan.duties[0].units == (Unit(name=adapted),)


def test_units_that_become_one_are_merged() -> None:
    result = adapt(_plan("开展活动", units=("市科协", "县科协")), region="府谷县", from_region="神木市")
    assert result.plan.duties[0].units == (Unit(name="县科协"),)
    units = [change.path for change in result.changes if change.kind is ChangeKind.UNIT]
    assert units == ["actions[0].tasks[0].duties[0].units[0]"]


def test_adapting_changes_deadlines_extra_cells_and_notes_too() -> None:
    duty = Duty(content="开展活动", units=["市科协"], deadline="全市2025年底", extra={"备注": "神木市牵头"})
    plan = Plan(
        title="",
        notes=["市委要求"],
        actions=[Action(name="神木科普行动", tasks=[Task(name="神木任务", duties=[duty])])],
    )
    result = adapt(plan, region="府谷县", from_region="神木市")
    assert result.plan.notes == ("县委要求",)
    assert result.plan.actions[0].name == "府谷科普行动"
    assert result.plan.tasks[0].name == "府谷任务"
    assert result.plan.duties[0].deadline == "全县2025年底"
    assert dict(result.plan.duties[0].extra) == {"备注": "府谷县牵头"}
    assert [change.path for change in result.text_changes] == [
        "notes[0]",
        "actions[0].name",
        "actions[0].tasks[0].name",
        "actions[0].tasks[0].duties[0].deadline",
        "actions[0].tasks[0].duties[0].extra['备注']",
    ]


def test_unit_prefixes_follow_the_region_endings() -> None:
    assert unit_prefixes("神木市", "府谷县") == ("市", "县")
    assert unit_prefixes("府谷县", "神木市") == ("县", "市")
    assert unit_prefixes("达拉特旗", "榆阳区") == ("旗", "区")
    assert unit_prefixes("神木", "府谷") == ("市", "县")


def test_short_region_names_are_used_only_when_long_enough() -> None:
    assert short_region_name("神木市") == "神木"
    assert short_region_name("府谷县") == "府谷"
    assert short_region_name("沛县") is None
    assert short_region_name("榆阳区") == "榆阳"
    plan = _plan("沛县与沛公祠", title="")
    assert adapt(plan, region="丰县", from_region="沛县").plan.duties[0].content == "丰县与沛公祠"
    # To a region without a short name, the short name becomes the full one.
    plan = _plan("立足神木资源优势，建设神木市科技馆", title="")
    assert adapt(plan, region="佳县", from_region="神木市").plan.duties[0].content == "立足佳县资源优势，建设佳县科技馆"


def test_adapting_needs_real_region_names() -> None:
    with pytest.raises(InvalidPlan, match="region must be a non-empty stripped text"):
        adapt(_plan("开展活动"), region=" ", from_region="神木市")
    with pytest.raises(InvalidPlan, match="unit_prefix needs two non-empty prefixes"):
        adapt(_plan("开展活动"), region="府谷县", from_region="神木市", unit_prefix=("市", ""))


# --- properties ---------------------------------------------------------------------------------

_FRAGMENTS = (
    "神木市",
    "神木",
    "全市",
    "市委",
    "市政府",
    "市级",
    "城市",
    "市场",
    "超市",
    "市民",
    "科普",
    "活动",
    "每年",
    "10场次",
    "，",
    "市教体局",
    "团市委",
)
_UNITS = ("市教体局", "市科协", "团市委", "市委组织部", "市市场监管局", "生态环境分局", "职业技术学院", "神木市科技馆")
_fragment_texts = st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=8).map("".join)
_unit_lists = st.lists(st.sampled_from(_UNITS), max_size=4, unique=True)


@st.composite
def _city_plans(draw: st.DrawFn) -> Plan:
    """Plans written by a city: every text is made of words an adaptation must handle (the units
    named in contents, 市教体局 and 团市委, are units of the plan)."""
    actions: list[Action] = []
    for i in range(draw(st.integers(1, 3))):
        tasks: list[Task] = []
        for j in range(draw(st.integers(1, 2))):
            duties = [
                Duty(content=draw(_fragment_texts), units=draw(_unit_lists)) for _ in range(draw(st.integers(1, 3)))
            ]
            tasks.append(Task(name=f"任务{j}{draw(_fragment_texts)}", duties=duties))
        leads = draw(_unit_lists) if actions else list(dict.fromkeys(["市教体局", "团市委", *draw(_unit_lists)]))
        actions.append(Action(name=f"{i}{draw(_fragment_texts)}行动", leads=leads, tasks=tasks))
    return Plan(title=draw(_fragment_texts), actions=actions)


@given(_city_plans())
def test_adapting_and_adapting_back_gives_the_original(plan: Plan) -> None:
    there = adapt(plan, region="府谷县", from_region="神木市")
    back = adapt(there.plan, region="神木市", from_region="府谷县", unit_prefix=("县", "市"))
    assert back.plan == plan


@given(_city_plans())
def test_adapting_leaves_no_city_word_but_markets_and_towns(plan: Plan) -> None:
    adapted = adapt(plan, region="府谷县", from_region="神木市").plan
    for duty in adapted.duties:
        assert "神木" not in duty.content
        assert re.sub("城市|市场|超市|市民", "", duty.content).count("市") == 0
        assert all(not unit.name.startswith("市") or unit.name.startswith("市场") for unit in duty.units)


def _step(step: str) -> Any:
    return ast.literal_eval(step[1:-1]) if step.startswith("[") else step


def _undo(result: Adaptation) -> Plan:
    """Put every reported old text back at its path: nothing else may have changed."""
    data: dict[str, Any] = attrs.asdict(result.plan, recurse=False)
    actions = [attrs.asdict(action, recurse=False) for action in result.plan.actions]
    for action in actions:
        action["leads"] = [unit.name for unit in action["leads"]]
        action["tasks"] = [attrs.asdict(task, recurse=False) for task in action["tasks"]]
        for task in action["tasks"]:
            task["duties"] = [attrs.asdict(duty, recurse=False) for duty in task["duties"]]
            for duty in task["duties"]:
                duty["units"] = [unit.name for unit in duty["units"]]
                duty["leads"] = [unit.name for unit in duty["leads"]]
                duty["extra"] = dict(duty["extra"])
    data["actions"] = actions
    data["notes"] = list(data["notes"])
    for change in result.changes:
        target: Any = data
        steps = re.findall(r"\w+|\[[^\]]+\]", change.path)
        for step in steps[:-1]:
            target = target[_step(step)]
        key = _step(steps[-1])
        assert target[key] == change.new
        target[key] = change.old
    rebuilt = [
        Action(
            name=a["name"],
            kind=a["kind"],
            leads=a["leads"],
            tasks=[Task(name=t["name"], duties=[Duty(**d) for d in t["duties"]]) for t in a["tasks"]],
        )
        for a in data["actions"]
    ]
    return attrs.evolve(result.plan, title=data["title"], label=data["label"], notes=data["notes"], actions=rebuilt)


@_SLOW_GENERATION
@given(plans())
def test_the_report_lists_every_change_adapt_makes(plan: Plan) -> None:
    result = adapt(plan, region="府谷县", from_region="神木市")
    # Units merged by the adaptation cannot be put back field by field; the rest must be.
    merged = any(len(duty.units) != len(new.units) for duty, new in zip(plan.duties, result.plan.duties, strict=True))
    merged = merged or any(
        len(action.leads) != len(new.leads) for action, new in zip(plan.actions, result.plan.actions, strict=True)
    )
    if not merged:
        assert _undo(result) == plan


@given(_city_plans())
def test_the_report_lists_every_change_adapt_makes_to_city_plans(plan: Plan) -> None:
    result = adapt(plan, region="府谷县", from_region="神木市")
    assert _undo(result) == plan


# --- edits --------------------------------------------------------------------------------------


def test_drop_action_removes_an_action(fugu: Adaptation) -> None:
    plan = drop_action(fugu.plan, "科学素质交流与合作工程")
    assert len(plan.actions) == 9
    assert plan.actions == fugu.plan.actions[:9]
    with pytest.raises(InvalidPlan, match="no action named '不存在行动'"):
        drop_action(plan, "不存在行动")
    with pytest.raises(InvalidPlan, match="the plan's only action"):
        drop_action(_plan("开展活动"), "科普行动")


def test_replace_in_content_changes_a_target_figure(fugu: Adaptation) -> None:
    plan = replace_in_content(fugu.plan, "每年计划培育高素质农民300名", "每年计划培育高素质农民200名")
    changed = [duty for duty in plan.duties if "高素质农民200名" in duty.content]
    assert len(changed) == 1
    assert [d for d in plan.duties if d not in fugu.plan.duties] == changed
    with pytest.raises(InvalidPlan, match="duties contain '科普'"):
        replace_in_content(plan, "科普", "科学普及")
    with pytest.raises(InvalidPlan, match="no duty's content contains '不存在'"):
        replace_in_content(plan, "不存在", "x")


def test_add_duty_appends_to_a_task_or_inserts_at_an_index(fugu: Adaptation) -> None:
    duty = Duty(content="每年开展府谷县科技活动周活动1次", units=["县科协"], leads=["县科协"])
    action, task = fugu.plan.actions[9].name, fugu.plan.actions[9].tasks[2].name
    plan = add_duty(fugu.plan, action, task, duty)
    assert plan.actions[9].tasks[2].duties[-1] == duty
    plan = add_duty(fugu.plan, action, task, duty, index=0)
    assert plan.actions[9].tasks[2].duties[0] == duty
    with pytest.raises(InvalidPlan, match="no task named '无此任务'"):
        add_duty(fugu.plan, action, "无此任务", duty)


def test_drop_duty_removes_a_duty_and_an_emptied_task(fugu: Adaptation) -> None:
    plan = drop_duty(fugu.plan, "加快打造优势互补")
    assert len(plan.duties) == len(fugu.plan.duties) - 1
    plan = drop_duty(plan, "加强区域交流，建立友好合作关系")
    assert [task.name for task in plan.actions[9].tasks] == ["拓展人才交流渠道", "丰富科技合作内容"]


def test_the_unit_prefixes_come_from_the_region_names_by_default(shenmu: Plan, fugu: Adaptation) -> None:
    assert adapt(fugu.plan, region="神木市", from_region="府谷县").plan == shenmu
    plan = _plan("全区各社区委员会与区委、区政府共建区域科普阵地", units=("区科协", "区教体局"), title="榆阳区分工表")
    result = adapt(plan, region="佳县", from_region="榆阳区")
    assert result.plan.title == "佳县分工表"
    assert result.plan.duties[0].content == "全县各社区委员会与县委、县政府共建区域科普阵地"
    assert [unit.name for unit in result.plan.units] == ["县科协", "县教体局"]
