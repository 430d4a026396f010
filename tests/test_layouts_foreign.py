"""Other counties' layouts, in tables written by LibreOffice from hand-made HTML tables.

The tables come from ``scripts/make_layout_fixtures.py`` (the HTML sources sit beside them in
``tests/data/layouts/``).  Each reads, as DOCX and as XLSX, to the plan written out here, reports
what it interpreted, and writes back in its own layout.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import kepu_plan as kp
from kepu_plan import Action, ActionKind, Duty, LeadStyle, Plan, Severity, Task

DATA = Path(__file__).parent / "data" / "layouts"


def duty(content: str, units: str = "", leads: str = "", **fields: object) -> Duty:
    return Duty(content=content, units=units.split() if units else (), leads=leads.split() if leads else (), **fields)  # type: ignore[arg-type]


EXPECTED: dict[str, Plan] = {
    "sections": Plan(
        label="附件1",
        title="府谷县全民科学素质行动规划纲要实施方案目标任务分工表",
        notes=["注：各责任单位于每年12月底前向县科协报送进展情况。"],
        actions=[
            Action(
                name="青少年科学素质提升行动",
                leads=["县教体局", "县科协"],
                tasks=[
                    Task(
                        name="提升基础教育阶段科学教育水平",
                        duties=[
                            duty("每年开展“科学实验秀”10场次。", "县教体局 县科协", deadline="每年"),
                            duty("加强农村中小学科学教育基础设施建设。", "县教体局", deadline="2025年底"),
                        ],
                    ),
                    Task(
                        name="实施教师科学素质提升工程",
                        duties=[duty("每年培训科学教师和科技辅导员60名以上。", "县教体局 县科协")],
                    ),
                ],
            ),
            Action(
                name="科普基础设施工程",
                leads=["县科协", "县发改科技局"],
                tasks=[
                    Task(
                        name="加强科技馆建设",
                        duties=[duty("建成县科技馆1所。", "县发改科技局 县科协 县财政局", deadline="2024年")],
                    )
                ],
            ),
        ],
    ),
    "lead-partner": Plan(
        label="附件",
        title="府谷县科学素质工作任务清单",
        actions=[
            Action(
                name="农民科学素质提升行动",
                tasks=[
                    Task(
                        name="实施乡村振兴科技支撑行动",
                        duties=[
                            duty(
                                "每年培育乡村科技人才50名。",
                                "县科协 县农业农村局 县人社局",
                                "县科协",
                                extra={"备注": "已启动"},
                            ),
                            duty("组建科技人才队伍，服务乡村振兴。", "县科协 县农业农村局 县乡村振兴局", "县科协"),
                        ],
                    ),
                    Task(
                        name="提升农民科技文化素质",
                        duties=[
                            duty("开展“三下乡”活动。", "县委宣传部 县科协", "县委宣传部", extra={"备注": "每季度"})
                        ],
                    ),
                ],
            ),
            Action(
                name="基层科普能力提升工程",
                tasks=[
                    Task(
                        name="健全基层科普服务体系",
                        duties=[duty("实现科协系统“三长制”建设全覆盖。", "县科协", "县科协")],
                    )
                ],
            ),
        ],
    ),
    "marked": Plan(
        label="附件3",
        title="某县目标任务分工表",
        actions=[
            Action(
                name="产业工人科学素质提升行动",
                leads=["县总工会", "县人社局"],
                tasks=[
                    Task(
                        name="开展技能培训",
                        duties=[
                            duty("培训农民工5000人次。", "县人社局 县总工会", "县人社局"),
                            duty("开展职业技能竞赛。", "县总工会 县人社局", "县总工会"),
                        ],
                    ),
                    Task(name="弘扬工匠精神", duties=[duty("选树一批“陕西工匠”。", "县总工会")]),
                ],
            ),
            Action(
                name="老年人科学素质提升行动",
                leads=["县卫健局"],
                tasks=[
                    Task(
                        name="提升老年人信息素养",
                        duties=[duty("开展智能技术培训。", "县卫健局 县民政局 县科协", "县卫健局")],
                    )
                ],
            ),
        ],
    ),
    "group-marks": Plan(
        title="某县实施方案目标任务分工表",
        actions=[
            Action(
                name="老年人科学素质提升行动",
                leads=["县卫健局", "县民政局"],
                tasks=[
                    Task(
                        name="实施银龄科普行动",
                        duties=[
                            duty(
                                "每年面向农村地区开展公益科普活动不少于3场次。",
                                "县科协 县卫健局 县民政局",
                                "县科协",
                                deadline="长期",
                            ),
                            duty("组建老年科普志愿者队伍。", "县民政局 县科协", "县民政局", deadline="2023年"),
                        ],
                    )
                ],
            ),
            Action(
                name="科普基础设施工程",
                leads=["县科协"],
                tasks=[Task(name="加强科普基地建设", duties=[duty("建设科普教育基地。", "县科协")])],
            ),
        ],
    ),
    "split-pages": Plan(
        label="附件",
        title="某市“十四五”目标任务分工表",
        actions=[
            Action(
                name="领导干部和公务员科学素质提升行动",
                leads=["市委组织部"],
                tasks=[
                    Task(
                        name="把科学素质教育纳入干部教育培训",
                        duties=[
                            duty("开设科学素质教育专题课程。", "市委组织部 市委党校"),
                            duty("开展线上学习。", "市委组织部"),
                            duty("组织专题讲座。", "市委党校"),
                            duty("开展科学素质测评。", "市委组织部 市科协"),
                        ],
                    )
                ],
            ),
            Action(
                name="科技资源科普化工程",
                leads=["市发改科技局", "市科协"],
                tasks=[Task(name="推动科技资源开放共享", duties=[duty("推动重点实验室向公众开放。", "市发改科技局")])],
            ),
        ],
    ),
    "two-row-header": Plan(
        label="附件2",
        title="某县分工表",
        actions=[
            Action(
                name="科普信息化提升工程",
                kind=ActionKind.PROJECT,
                leads=["县委宣传部", "县科协"],
                tasks=[
                    Task(
                        name="实施繁荣科普创作资助计划",
                        duties=[
                            duty(
                                "推出一批科普精品。",
                                "县委宣传部 县科协 县融媒体中心",
                                "县委宣传部",
                                deadline="2025年",
                                extra={"资金（万元）": "20"},
                            ),
                            duty("开展科普作品征集。", "县科协", "县科协", deadline="每年"),
                        ],
                    ),
                    Task(
                        name="实施全媒体科学传播能力提升计划",
                        duties=[
                            duty(
                                "建设科普传播矩阵。",
                                "县融媒体中心 县科协",
                                "县融媒体中心",
                                extra={"资金（万元）": "15.5"},
                            )
                        ],
                    ),
                ],
            ),
        ],
    ),
    "numbered-sections": Plan(
        title="某县分工表",
        actions=[
            Action(
                name="青少年科学素质提升行动",
                leads=["县教体局"],
                tasks=[
                    Task(name="提升基础教育阶段科学教育水平", duties=[duty("引导变革教学方式。", "县教体局")]),
                    Task(name="实施教师科学素质提升工程", duties=[duty("加大科学教师培训力度。", "县教体局 县科协")]),
                ],
            ),
            Action(
                name="科普基础设施工程",
                tasks=[Task(name="加强科技馆建设", duties=[duty("建成县科技馆1所。", "县科协")])],
            ),
        ],
    ),
}

CASES = [(name, suffix) for name in EXPECTED for suffix in ("docx", "xlsx")]


def test_there_are_at_least_six_layouts_in_both_formats() -> None:
    assert len(EXPECTED) >= 6
    for name, suffix in CASES:
        assert (DATA / f"{name}.{suffix}").is_file()
        assert (DATA / f"{name}.html").is_file()


@pytest.mark.parametrize(("name", "suffix"), CASES)
def test_a_foreign_table_reads_as_the_expected_plan(name: str, suffix: str) -> None:
    assert kp.read(DATA / f"{name}.{suffix}") == EXPECTED[name]


@pytest.mark.parametrize(("name", "suffix"), CASES)
def test_a_foreign_table_reads_cleanly_and_reports_its_interpretations(name: str, suffix: str) -> None:
    found: list[kp.Diagnostic] = []
    kp.read(DATA / f"{name}.{suffix}", diagnostics=found)
    assert [item for item in found if item.severity is Severity.WARNING] == []
    assert found, "every one of these tables needs some interpretation"
    for item in found:
        assert item.location.file == str(DATA / f"{name}.{suffix}")


@pytest.mark.parametrize(("name", "suffix", "target"), [(n, s, t) for n, s in CASES for t in ("docx", "xlsx")])
def test_a_foreign_table_is_written_back_in_its_own_layout(name: str, suffix: str, target: str, tmp_path: Path) -> None:
    plan = kp.read(DATA / f"{name}.{suffix}")
    out = tmp_path / f"out.{target}"
    kp.write(plan, out)
    again = kp.read(out)
    assert again == plan
    assert again.layout == plan.layout


def _interpretations(name: str) -> set[str]:
    found: list[kp.Diagnostic] = []
    kp.read(DATA / f"{name}.docx", diagnostics=found)
    return {item.code for item in found}


def test_the_layouts_are_recognised_for_what_they_are() -> None:
    layouts = {name: kp.read(DATA / f"{name}.docx").layout for name in EXPECTED}
    assert all(layout is not None for layout in layouts.values())
    sections = layouts["sections"]
    assert sections is not None
    assert (sections.sections, sections.action_numbering, sections.task_numbering) == (True, "一、", "（一）")
    lead_partner = layouts["lead-partner"]
    assert lead_partner is not None
    assert lead_partner.merged is False
    assert lead_partner.roles() == ("number", "action", "task", "content", "leads", "partners", "extra")
    marked = layouts["marked"]
    assert marked is not None
    assert (marked.leads, marked.action_numbering) == (LeadStyle.MARK, "1.")
    group = layouts["group-marks"]
    assert group is not None
    assert (group.leads, group.task_numbering, group.roles()[1]) == (LeadStyle.GROUP, "(1)", "content")
    two_rows = layouts["two-row-header"]
    assert two_rows is not None
    assert [column.header for column in two_rows.columns] == [
        "重点行动/重点工程",
        "重点工作",
        "主要措施",
        "牵头单位",
        "配合单位",
        "完成时间",
        "资金（万元）",
    ]


def test_each_interpretation_is_reported() -> None:
    assert {"numbering", "note", "lead-mark"} <= _interpretations("sections")
    assert {"extra-column"} <= _interpretations("lead-partner")
    assert {"page-top-repeat", "header-repeat", "empty-row", "continued-table"} <= _interpretations("split-pages")
