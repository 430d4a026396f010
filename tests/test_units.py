"""Units: who does what, the unit directory, checking units against it, and renaming."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kepu_plan as kp
from kepu_plan.errors import InvalidPlan, ReadError, UnitNotFound
from kepu_plan.model import Action, Duty, Plan, Task, Unit
from kepu_plan.testing import plans
from kepu_plan.units import (
    SHARED_COLUMN,
    IssueKind,
    UnitDirectory,
    assignments,
    check_units,
    covers,
    duties_of,
    for_unit,
    led_by,
    map_units,
    rename_units,
    similarity,
    workload,
)

# These tests match the English words of messages (see tests/conftest.py).
pytestmark = pytest.mark.usefixtures("english")

#: ``kepu_plan.testing.plans()`` takes about 0.1 s an example, which Hypothesis calls slow.
_SLOW_GENERATION = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@pytest.fixture(scope="module")
def shenmu() -> Plan:
    return kp.examples.shenmu()


def _small() -> Plan:
    return Plan(
        title="分工表",
        actions=[
            Action(
                name="青少年科学素质提升行动",
                leads=["市教体局"],
                tasks=[
                    Task(
                        name="提升科学教育水平",
                        duties=[
                            Duty(content="开展科学实验秀", units=["市教体局", "市科协"], leads=["市科协"]),
                            Duty(content="培训科学教师", units=["市教体局"]),
                        ],
                    )
                ],
            ),
            Action(
                name="科普信息化提升工程",
                leads=["市科协"],
                tasks=[Task(name="繁荣科普创作", duties=[Duty(content="支持科普作品", units=["市委宣传部"])])],
            ),
        ],
    )


# --- who does what ------------------------------------------------------------------------------


def test_duties_of_lists_the_duties_a_unit_is_responsible_for_in_reading_order() -> None:
    plan = _small()
    assert [duty.content for duty in duties_of(plan, "市教体局")] == ["开展科学实验秀", "培训科学教师"]
    assert duties_of(plan, Unit(name="市科协")) == (plan.duties[0],)
    assert duties_of(plan, "市财政局") == ()


def test_led_by_lists_the_actions_and_duties_a_unit_leads() -> None:
    led = led_by(_small(), "市科协")
    assert [action.name for action in led.actions] == ["科普信息化提升工程"]
    assert [duty.content for duty in led.duties] == ["开展科学实验秀"]
    assert led
    assert not led_by(_small(), "市委宣传部")


def test_shenmu_units_carry_the_duties_and_leads_the_table_gives_them(shenmu: Plan) -> None:
    assert len(duties_of(shenmu, "市科协")) == 68
    assert len(duties_of(shenmu, "市气象局")) == 1
    assert [action.name for action in led_by(shenmu, "市委组织部").actions] == ["领导干部和公务员科学素质提升行动"]
    assert len(led_by(shenmu, "市科协").actions) == 5


def test_for_unit_keeps_actions_tasks_and_whole_duties_and_names_the_unit_in_the_title() -> None:
    plan = for_unit(_small(), "市科协")
    assert plan.title == "分工表（市科协）"
    assert [action.name for action in plan.actions] == ["青少年科学素质提升行动"]
    assert plan.actions[0].leads == (Unit(name="市教体局"),)
    assert plan.duties == (_small().duties[0],)
    assert plan.duties[0].leads == (Unit(name="市科协"),)


def test_for_unit_of_a_unit_without_duties_is_refused_as_a_failed_lookup() -> None:
    with pytest.raises(UnitNotFound, match="'市财政局' is responsible for no duty") as caught:
        for_unit(_small(), "市财政局")
    assert isinstance(caught.value, LookupError)
    with pytest.raises(UnitNotFound, match="'市财政局' is responsible for no duty"):
        _small().for_unit("市财政局")


def test_for_unit_titles_the_shenmu_list_for_the_department(shenmu: Plan) -> None:
    plan = for_unit(shenmu, "市科协")
    assert plan.title.endswith("目标任务分工表（市科协）")
    assert len(plan.duties) == 68
    assert all(Unit(name="市科协") in duty.units for duty in plan.duties)


@_SLOW_GENERATION
@given(plans())
def test_for_unit_lists_of_all_units_together_cover_every_duty(plan: Plan) -> None:
    covered: dict[int, int] = {}
    for unit in plan.units:
        if not duties_of(plan, unit):
            continue
        part = for_unit(plan, unit, shared=False)
        assert all(unit in duty.units for duty in part.duties)
        for duty in part.duties:
            covered[id(duty)] = covered.get(id(duty), 0) + 1
    for duty in plan.duties:
        if duty.units:
            assert covered.get(id(duty), 0) == len(duty.units)


def test_workload_counts_duties_per_unit_and_action() -> None:
    table = workload(_small())
    assert table.actions == ("青少年科学素质提升行动", "科普信息化提升工程")
    assert table.as_rows() == (
        ("负责单位", "青少年科学素质提升行动", "科普信息化提升工程", "合计", "牵头内容", "牵头行动"),
        ("市教体局", 2, 0, 2, 0, 1),
        ("市科协", 1, 0, 1, 1, 1),
        ("市委宣传部", 0, 1, 1, 0, 0),
    )
    assert table["市科协"].total == 1
    with pytest.raises(KeyError):
        table["市财政局"]


def test_workload_of_shenmu_adds_up_to_every_unit_place(shenmu: Plan) -> None:
    table = workload(shenmu)
    assert len(table.rows) == 33
    assert sum(row.total for row in table.rows) == sum(len(duty.units) for duty in shenmu.duties)
    assert table["市科协"].counts == (10, 13, 4, 7, 1, 5, 8, 7, 7, 6)


# --- renaming -----------------------------------------------------------------------------------


def test_rename_units_renames_duties_and_action_leads() -> None:
    plan = rename_units(_small(), {"市教体局": "县教体局", "市科协": "县科协"})
    assert plan.units == (Unit(name="县教体局"), Unit(name="县科协"), Unit(name="市委宣传部"))
    assert plan.actions[0].leads == (Unit(name="县教体局"),)
    assert plan.duties[0].leads == (Unit(name="县科协"),)
    assert [duty.content for duty in plan.duties] == [duty.content for duty in _small().duties]


def test_rename_units_refuses_a_name_the_plan_does_not_have() -> None:
    with pytest.raises(UnitNotFound, match=r"^no unit named 市教育局 in this plan$") as caught:
        rename_units(_small(), {"市教育局": "县教育局"})
    assert isinstance(caught.value, LookupError)


def test_renaming_two_units_of_a_duty_to_one_merges_them() -> None:
    plan = rename_units(_small(), {"市科协": "市教体局"})
    assert plan.duties[0].units == (Unit(name="市教体局"),)
    assert plan.duties[0].leads == (Unit(name="市教体局"),)


def test_map_units_applies_a_function_to_every_unit_name() -> None:
    plan = map_units(_small(), lambda name: name.replace("市", "县", 1))
    assert [unit.name for unit in plan.units] == ["县教体局", "县科协", "县委宣传部"]


def test_map_units_reports_a_name_the_model_refuses() -> None:
    with pytest.raises(InvalidPlan, match="units\\['市科协'\\]: renamed to '市 科协': unit name contains whitespace"):
        map_units(_small(), lambda name: "市 科协" if name == "市科协" else name)


@_SLOW_GENERATION
@given(plans())
def test_renaming_every_unit_and_back_gives_the_plan_back(plan: Plan) -> None:
    mapping = {unit.name: f"甲{i}" for i, unit in enumerate(plan.units)}
    back = {new: old for old, new in mapping.items()}
    assert rename_units(rename_units(plan, mapping), back) == plan


# --- the directory ------------------------------------------------------------------------------


def test_shenmu_directory_knows_the_33_units_of_the_table(shenmu: Plan) -> None:
    directory = UnitDirectory.shenmu()
    assert directory.names == tuple(unit.name for unit in shenmu.units)
    assert directory.full_name("市教体局") == "神木市教育和体育局"
    assert check_units(shenmu, directory) == ()


def test_shenmu_directory_gives_full_names_only_where_they_are_certain() -> None:
    known = [entry.name for entry in UnitDirectory.shenmu() if entry.full_name]
    assert known == ["市教体局"]


def test_directory_looks_units_up_by_short_name_alias_or_full_name() -> None:
    directory = UnitDirectory.from_rows(
        [
            {"name": "市教体局", "full_name": "神木市教育和体育局", "aliases": "市教育局；教体局"},
            ("市科协", "", ""),
            ["团市委"],
        ]
    )
    assert len(directory) == 3
    assert directory.resolve("教体局") == "市教体局"
    assert directory.resolve("神木市教育和体育局") == "市教体局"
    assert directory["市教育局"].aliases == ("市教育局", "教体局")
    assert directory.full_name("市科协") is None
    assert "团市委" in directory
    assert Unit(name="团市委") in directory
    assert directory.get("市财政局") is None
    assert directory.to_rows()[0] == {
        "name": "市教体局",
        "full_name": "神木市教育和体育局",
        "aliases": "市教育局、教体局",
    }


def test_directory_refuses_a_name_given_to_two_units() -> None:
    with pytest.raises(InvalidPlan, match="rows\\[1\\]: '教体局' already names '市教体局'"):
        UnitDirectory.from_rows([("市教体局", None, "教体局"), ("教体局",)])


def test_directory_loads_from_csv_with_chinese_headers(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("简称,全称,别名\n市教体局,神木市教育和体育局,教体局\n市科协,,\n", encoding="utf-8-sig")
    directory = UnitDirectory.load(path)
    assert directory.names == ("市教体局", "市科协")
    assert directory.resolve("教体局") == "市教体局"


def test_directory_loads_from_json(tmp_path: Path) -> None:
    path = tmp_path / "units.json"
    rows = [{"name": "市教体局", "full_name": "神木市教育和体育局", "aliases": ["教体局"]}, {"name": "市科协"}]
    path.write_text(json.dumps({"units": rows}, ensure_ascii=False), encoding="utf-8")
    assert UnitDirectory.load(path).resolve("教体局") == "市教体局"


def test_directory_read_errors_name_the_file_and_row(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("name,full_name,aliases\n市教体局,,\n市 科协,,\n", encoding="utf-8")
    with pytest.raises(ReadError, match=r"units\.csv: row 3: unit name contains whitespace"):
        UnitDirectory.load(path)
    path.write_text("单位名称,全称\n市教体局,\n", encoding="utf-8")
    with pytest.raises(ReadError, match="no unit name column"):
        UnitDirectory.load(path)
    with pytest.raises(ReadError, match="no such file"):
        UnitDirectory.load(tmp_path / "missing.csv")


def test_a_directory_read_error_is_chinese_by_default_with_the_same_code(tmp_path: Path, chinese: None) -> None:
    path = tmp_path / "units.csv"
    path.write_text("name,full_name,aliases\n市教体局,,\n市 科协,,\n", encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        UnitDirectory.load(path)
    assert str(caught.value) == f"{path}：第3行：单位名称含有空白"
    assert (caught.value.code, caught.value.reason) == ("read", "unit name contains whitespace")
    with pytest.raises(kp.FileMissing) as missing:
        UnitDirectory.load(tmp_path / "missing.csv")
    assert str(missing.value) == f"{tmp_path / 'missing.csv'}：没有这个文件"
    assert missing.value.code == "file-missing"


# --- collective units ---------------------------------------------------------------------------


def _with_collectives() -> Plan:
    return Plan(
        title="分工表",
        actions=[
            Action(
                name="科学素质提升行动",
                tasks=[
                    Task(
                        name="任务一",
                        duties=[
                            Duty(content="开展科普日活动", units=["县科协", "县教体局"], leads=["县科协"]),
                            Duty(content="组织干部学习", units=["各成员单位"]),
                            Duty(content="建设科普e站", units=["各镇（街道）", "县科协"]),
                            Duty(content="报送进展", units=["县直有关部门"]),
                        ],
                    )
                ],
            )
        ],
    )


def test_a_unit_carries_the_duties_of_every_collective_that_covers_it() -> None:
    found = assignments(_with_collectives(), "县教体局")
    assert [(a.duty.content, a.via.name if a.via else None) for a in found] == [
        ("开展科普日活动", None),
        ("组织干部学习", "各成员单位"),
        ("建设科普e站", "各镇（街道）"),
        ("报送进展", "县直有关部门"),
    ]
    assert [a.shared for a in found] == [False, True, True, True]
    assert [a.task.name for a in found] == ["任务一"] * 4


def test_a_named_unit_carries_a_duty_directly_even_beside_a_collective() -> None:
    found = assignments(_with_collectives(), "县科协")
    assert [(a.duty.content, a.shared) for a in found] == [
        ("开展科普日活动", False),
        ("组织干部学习", True),
        ("建设科普e站", False),
        ("报送进展", True),
    ]


def test_a_directory_says_which_units_a_collective_covers() -> None:
    directory = UnitDirectory.from_rows(
        [
            {"name": "城关镇", "member_of": "各镇（街道）、各成员单位"},
            {"name": "县教体局", "member_of": ["各成员单位", "县直有关部门"]},
            {"name": "县科协"},
        ]
    )
    assert directory.members("各镇（街道）") == ("城关镇",)
    assert directory.members("各成员单位") == ("城关镇", "县教体局")
    assert directory.members("有关单位") is None
    plan = _with_collectives()
    assert [a.duty.content for a in assignments(plan, "城关镇", directory)] == ["组织干部学习", "建设科普e站"]
    assert [a.duty.content for a in assignments(plan, "县教体局", directory)] == [
        "开展科普日活动",
        "组织干部学习",
        "报送进展",
    ]
    assert covers("有关单位", "县科协", directory)
    assert not covers("各镇（街道）", "县科协", directory)
    assert not covers("县科协", "县教体局")
    assert not covers("各成员单位", "各镇（街道）")


def test_a_name_a_directory_gives_members_is_a_collective() -> None:
    directory = UnitDirectory.from_rows([{"name": "县科协", "member_of": "县科普联席会议"}])
    plan = Plan(
        title="",
        actions=[Action(name="甲行动", tasks=[Task(name="t", duties=[Duty(content="c", units=["县科普联席会议"])])])],
    )
    assert [a.via for a in assignments(plan, "县科协", directory)] == [Unit(name="县科普联席会议")]
    assert assignments(plan, "县科协") == ()


def test_for_unit_gives_shared_duties_marked_with_the_collective() -> None:
    part = for_unit(_with_collectives(), "县教体局")
    assert [duty.content for duty in part.duties] == ["开展科普日活动", "组织干部学习", "建设科普e站", "报送进展"]
    assert [duty.extra.get(SHARED_COLUMN) for duty in part.duties] == [
        None,
        "各成员单位",
        "各镇（街道）",
        "县直有关部门",
    ]
    assert [duty.content for duty in for_unit(_with_collectives(), "县教体局", shared=False).duties] == [
        "开展科普日活动"
    ]
    assert _with_collectives().for_unit("县教体局") == part


def test_a_list_with_shared_duties_writes_and_reads_back_with_its_mark(tmp_path: Path) -> None:
    part = for_unit(_with_collectives(), "县教体局")
    for suffix in ("docx", "xlsx"):
        kp.write(part, tmp_path / f"list.{suffix}")
        assert kp.read(tmp_path / f"list.{suffix}") == part


def test_directory_member_of_loads_from_csv_and_round_trips_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("简称,全称,别名,所属\n城关镇,,,各镇（街道）\n县科协,,,\n", encoding="utf-8-sig")
    directory = UnitDirectory.load(path)
    assert directory["城关镇"].member_of == ("各镇（街道）",)
    assert directory.to_rows()[0] == {"name": "城关镇", "full_name": "", "aliases": "", "member_of": "各镇（街道）"}
    assert UnitDirectory.from_rows(directory.to_rows()) == directory


# --- checking -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "suggested"),
    [
        ("市发改局", "市发改科技局"),  # a shortened name
        ("卫健局", "市卫健局"),  # the prefix left out
        ("市生态环境分局", "生态环境分局"),  # a stray 市
        ("市消防救援大队１", "市消防救援大队"),  # a full-width digit
        ("市应急局", "市应急管理局"),
    ],
)
def test_check_units_suggests_the_closest_known_name(shenmu: Plan, written: str, suggested: str, chinese: None) -> None:
    original = suggested
    plan = rename_units(shenmu, {original: written})
    issues = check_units(plan, UnitDirectory.shenmu())
    assert [issue.unit.name for issue in issues] == [written]
    assert issues[0].kind is IssueKind.UNKNOWN
    assert issues[0].suggestions[0] == suggested
    unit = Unit(name=original)
    written_times = sum(unit in d.units for d in shenmu.duties) + sum(unit in a.leads for a in shenmu.actions)
    assert len(issues[0].places) == written_times
    assert str(issues[0]).startswith(f"{written}：不在单位名录中，是否为 {suggested}")


def test_check_units_reports_an_alias_with_the_short_name_it_stands_for(chinese: None) -> None:
    directory = UnitDirectory.from_rows([("市教体局", "神木市教育和体育局", "教体局"), ("市科协",), ("市委宣传部",)])
    plan = rename_units(_small(), {"市教体局": "神木市教育和体育局"})
    (issue,) = check_units(plan, directory)
    assert issue.kind is IssueKind.ALIAS
    assert issue.suggestions == ("市教体局",)
    assert issue.places == (
        "actions[0].leads",
        "actions[0].tasks[0].duties[0].units",
        "actions[0].tasks[0].duties[1].units",
    )
    assert str(issue) == "神木市教育和体育局：名录中的简称是 市教体局（3 处）"


def test_check_units_gives_no_suggestion_for_a_name_like_no_other(chinese: None) -> None:
    plan = rename_units(_small(), {"市委宣传部": "某某公司"})
    (issue,) = check_units(plan, UnitDirectory.shenmu())
    assert issue.suggestions == ()
    assert str(issue) == "某某公司：不在单位名录中（1 处）"


def test_check_units_changes_nothing(shenmu: Plan) -> None:
    plan = rename_units(shenmu, {"市发改科技局": "市发改局"})
    before = attrs.evolve(plan)
    check_units(plan, UnitDirectory.shenmu())
    assert plan == before


@pytest.mark.parametrize(
    ("a", "b", "score"),
    [
        ("市发改局", "市发改科技局", 0.8),
        ("市生态环境分局", "生态环境分局", 1.0),
        ("市卫健局", "市人社局", 0.5),
        ("教体局", "神木市教育和体育局", 0.75),
    ],
)
def test_similarity_of_unit_names(a: str, b: str, score: float) -> None:
    assert similarity(a, b) == score


@given(st.text(min_size=1, max_size=8), st.text(min_size=1, max_size=8))
def test_similarity_is_symmetric_and_between_0_and_1(a: str, b: str) -> None:
    assert 0 <= similarity(a, b) == similarity(b, a) <= 1


def test_a_directory_with_a_field_beyond_the_csv_limit_is_a_read_error_naming_the_file(
    tmp_path: Path, english: None
) -> None:
    path = tmp_path / "units.csv"
    path.write_text('name,full_name\n市科协,"' + "科" * 140_000 + '"\n', encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        kp.UnitDirectory.load(path)
    assert caught.value.location == kp.Location(file=str(path))
    assert caught.value.reason.startswith("not a unit directory: field larger than field limit")


def test_a_directory_of_deeply_nested_json_is_a_read_error_naming_the_file(tmp_path: Path, english: None) -> None:
    path = tmp_path / "units.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        kp.UnitDirectory.load(path)
    assert caught.value.location == kp.Location(file=str(path))
    assert caught.value.reason == "the JSON is nested too deeply for a unit directory"


@_SLOW_GENERATION
@given(plans())
def test_workload_counts_what_a_unit_by_unit_count_gives(plan: Plan) -> None:
    """The one-pass count against the definition: for each unit, the duties naming it per action,
    the duties it leads, the actions it leads."""
    expected = tuple(
        (
            unit,
            tuple(sum(1 for duty in action.duties if unit in duty.units) for action in plan.actions),
            sum(1 for duty in plan.duties if unit in duty.leads),
            sum(1 for action in plan.actions if unit in action.leads),
        )
        for unit in plan.units
    )
    table = workload(plan)
    assert tuple((row.unit, row.counts, row.leads, row.actions_led) for row in table.rows) == expected
