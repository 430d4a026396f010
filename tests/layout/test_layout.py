"""The layout code: from grids to plans and back, whatever the file format."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import pytest
from hypothesis import given, settings

import kepu_plan as kp
from kepu_plan.grid import Cell, Document, Grid
from kepu_plan.layout import document_from_plan, parse_action_cell, parse_units, plan_from_document
from kepu_plan.testing import plans

# These tests match the English words of messages (see tests/conftest.py).
pytestmark = pytest.mark.usefixtures("english")

HEADER = ["重点行动\n重点工程", "主要任务", "主要内容", "负责单位"]


def grid_of(rows: Sequence[Sequence[str | None]], **fields: object) -> Grid:
    """A grid from rows of texts; ``None`` is covered by the cell above (a vertical merge)."""
    cells: dict[tuple[int, int], Cell] = {}
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text is None:
                top = r - 1
                while (top, c) not in cells:
                    top -= 1
                cell = cells[(top, c)]
                cells[(top, c)] = attrs.evolve(cell, rowspan=cell.rowspan + 1)
            else:
                cells[(r, c)] = Cell(row=r, col=c, text=text)
    return Grid(nrows=len(rows), ncols=max(len(row) for row in rows), cells=tuple(cells.values()), **fields)  # type: ignore[arg-type]


def read(
    rows: Sequence[Sequence[str | None]], preamble: Sequence[str] = ("附件", "某县分工表"), **options: object
) -> kp.Plan:
    document = Document(tables=(grid_of(rows, file="t.docx", table=1),), preamble=tuple(preamble), file="t.docx")
    return plan_from_document(document, **options)  # type: ignore[arg-type]


def written_and_read(plan: kp.Plan) -> kp.Plan:
    document = document_from_plan(plan)
    preamble = tuple(text for text in (document.label, document.title) if text)
    return plan_from_document(attrs.evolve(document, preamble=preamble, trailer=document.notes))


@settings(max_examples=150, deadline=None)
@given(plans())
def test_every_plan_laid_out_and_read_back_is_the_same_plan(plan: kp.Plan) -> None:
    assert written_and_read(plan) == plan


def test_the_shenmu_plan_laid_out_and_read_back_is_the_same_plan() -> None:
    assert written_and_read(kp.examples.shenmu()) == kp.examples.shenmu()


def test_action_cells_give_name_and_leads_with_either_parentheses() -> None:
    assert parse_action_cell("提升行动（市教体局、市科协牵头）") == ("提升行动", ("市教体局", "市科协"))
    assert parse_action_cell("提升行动(市教体局，市科协牵头)") == ("提升行动", ("市教体局", "市科协"))
    assert parse_action_cell("提升行动\n（市科协牵头）") == ("提升行动", ("市科协",))
    assert parse_action_cell("提升行动（试行）（市科协牵头）") == ("提升行动（试行）", ("市科协",))
    assert parse_action_cell("提升行动（试行）") == ("提升行动（试行）", ())


@pytest.mark.parametrize(
    ("text", "units", "leads"),
    [
        ("市教体局\n市科协", ("市教体局", "市科协"), ()),
        (
            "市教体局、市科协，团市委；市妇联;生态环境分局,市卫健局",
            ("市教体局", "市科协", "团市委", "市妇联", "生态环境分局", "市卫健局"),
            (),
        ),
        ("市教体局   市科协", ("市教体局", "市科协"), ()),
        ("市科协（牵头）\n市教体局", ("市科协", "市教体局"), ("市科协",)),
        ("市科协(牵头)、市教体局(配合)", ("市科协", "市教体局"), ("市科协",)),
        ("市科协、市教体局牵头，团市委配合", ("市科协", "市教体局", "团市委"), ("市科协", "市教体局")),
        ("市科协\n市科协", ("市科协",), ()),
        ("", (), ()),
    ],
)
def test_units_are_split_and_lead_marks_parsed(text: str, units: tuple[str, ...], leads: tuple[str, ...]) -> None:
    assert parse_units(text) == (units, leads)


SHENMU_LIKE: list[Sequence[str | None]] = [
    HEADER,
    ["青少年科学素质提升行动（市教体局、市科协牵头）", "提升教育水平", "开展“科学实验秀”10场次。", "市教体局\n市科协"],
    [None, None, "建设5个示范基地。", "市教体局"],
    [None, "实施人才计划", "拓展交流渠道。", "市科协"],
    HEADER,
    ["青少年科学素质提升行动（市教体局、市科协牵头）", "实施人才计划", "组织竞赛。", "市教体局"],
    ["", "", "", ""],
    ["科普基础设施工程（市科协牵头）", "建设场馆", "新建科技馆1所。", "市发改科技局、市科协"],
]


def test_a_shenmu_like_table_reads_with_page_top_repeats_joined() -> None:
    plan = read(SHENMU_LIKE)
    assert plan.label == "附件"
    assert plan.title == "某县分工表"
    assert [a.name for a in plan.actions] == ["青少年科学素质提升行动", "科普基础设施工程"]
    first = plan.actions[0]
    assert [t.name for t in first.tasks] == ["提升教育水平", "实施人才计划"]
    assert [d.content for d in first.tasks[1].duties] == ["拓展交流渠道。", "组织竞赛。"]
    assert [u.name for u in plan.actions[1].tasks[0].duties[0].units] == ["市发改科技局", "市科协"]
    assert plan.actions[1].kind is kp.ActionKind.PROJECT


def test_empty_action_and_task_cells_continue_the_ones_above() -> None:
    rows = [
        HEADER,
        ["甲行动", "任务一", "内容一", "市科协"],
        ["", "", "内容二", ""],
        ["", "任务二", "内容三", "市科协"],
    ]
    plan = read(rows)
    assert [len(t.duties) for t in plan.actions[0].tasks] == [2, 1]
    assert plan.actions[0].tasks[0].duties[1].units == ()


def test_columns_are_found_by_header_text_in_any_order() -> None:
    rows = [["负责单位", "主要内容", "重点任务", "重点行动"], ["市科协", "内容一", "任务一", "甲行动"]]
    plan = read(rows)
    assert plan.actions[0].name == "甲行动"
    assert plan.actions[0].tasks[0].duties[0].content == "内容一"


def test_lead_and_deadline_columns_and_unknown_columns_are_kept() -> None:
    rows: list[Sequence[str | None]] = [
        ["序号", "重点行动", "主要任务", "主要内容", "牵头单位", "负责单位", "完成时限", "备注"],
        ["1", "甲行动", "任务一", "内容一", "市科协", "市教体局\n市科协", "2025年底", "已启动"],
        ["2", None, None, "内容二", "", "市科协", "", ""],
    ]
    duty, second = read(rows).duties
    assert [u.name for u in duty.units] == ["市教体局", "市科协"]
    assert [u.name for u in duty.leads] == ["市科协"]
    assert duty.deadline == "2025年底"
    assert duty.extra == {"备注": "已启动"}
    assert second.extra == {}
    assert second.deadline is None


def test_a_lead_column_beside_a_partner_column_lists_leads_first() -> None:
    rows = [
        ["重点工作", "主要任务", "工作措施", "牵头单位", "配合单位"],
        ["甲行动", "任务一", "内容一", "市科协", "市教体局、团市委"],
    ]
    plan = read(rows, columns={"重点工作": "action"})
    (duty,) = plan.duties
    assert [u.name for u in duty.units] == ["市科协", "市教体局", "团市委"]
    assert [u.name for u in duty.leads] == ["市科协"]


def test_section_rows_spanning_the_table_give_the_actions() -> None:
    document = Document(
        tables=(
            Grid(
                nrows=4,
                ncols=3,
                cells=(
                    Cell(row=0, col=0, text="主要任务"),
                    Cell(row=0, col=1, text="具体内容"),
                    Cell(row=0, col=2, text="责任单位"),
                    Cell(row=1, col=0, text="青少年科学素质提升行动（市科协牵头）", colspan=3),
                    Cell(row=2, col=0, text="提升教育水平"),
                    Cell(row=2, col=1, text="内容一"),
                    Cell(row=2, col=2, text="市科协"),
                    Cell(row=3, col=0, text="注：各单位每年12月报送进展。", colspan=3),
                ),
            ),
        ),
    )
    plan = plan_from_document(document)
    assert plan.actions[0].name == "青少年科学素质提升行动"
    assert [u.name for u in plan.actions[0].leads] == ["市科协"]
    assert [task.name for task in plan.tasks] == ["提升教育水平"]  # the task column holds tasks
    assert plan.layout is not None
    assert plan.layout.sections
    assert not plan.layout.two_levels
    assert plan.notes == ("注：各单位每年12月报送进展。",)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "en_US.UTF-8",
            "t.docx: no table with a recognisable header row; found 工作举措、责任科室、a、b; "
            "the nearest known headers: 工作措施、责任单位、重点行动/重点工程 "
            "(give each column its role (action, task, content, units, leads, partners, deadline, number, extra), "
            "e.g. 工作举措 is content)",
        ),
        (
            "zh_CN.UTF-8",
            "t.docx：找不到可识别的表头行；找到的是 工作举措、责任科室、a、b；"
            "最接近的已知表头：工作措施、责任单位、重点行动/重点工程"
            "（请指明各列的角色（action, task, content, units, leads, partners, deadline, number, extra），"
            "如 工作举措 为 content）",
        ),
    ],
)
def test_an_unrecognised_header_is_a_layout_error_listing_what_was_found_and_the_nearest_known(
    locale: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_MESSAGES", locale)
    with pytest.raises(kp.LayoutError) as caught:
        read([["工作举措", "责任科室"], ["a", "b"]])
    assert str(caught.value) == expected
    assert caught.value.code == "no-header"  # the same in either language
    assert "columns=" not in str(caught.value)


def test_a_header_error_names_the_usual_headers_when_no_cell_is_near_one(english: None) -> None:
    with pytest.raises(kp.LayoutError) as caught:
        read([["栏目一", "栏目二"], ["a", "b"]])
    assert "the nearest known headers: 目标任务、重点行动/重点工程、主要任务 (" in str(caught.value)


def test_columns_mapping_fixes_what_detection_misses() -> None:
    plan = read(
        [["行动名称", "任务名称", "工作举措", "单位"], ["甲行动", "任务一", "内容一", "市科协"]],
        columns={"行动名称": "action", "任务名称": "task", "工作举措": "content", "单位": "units"},
    )
    assert plan.duties[0].content == "内容一"
    plan = read(
        [["行动名称", "任务", "工作举措", "单位"], ["甲行动", "任务一", "内容一", "市科协"]],
        columns={"工作举措": "content", 1: "action", 4: "units"},
    )
    assert plan.actions[0].name == "甲行动"
    assert [u.name for u in plan.duties[0].units] == ["市科协"]


def test_an_unknown_role_in_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown column role 'owner'"):
        read(SHENMU_LIKE, columns={"负责单位": "owner"})


def warnings_of(rows: Sequence[Sequence[str | None]]) -> tuple[kp.Plan, list[kp.Diagnostic]]:
    found: list[kp.Diagnostic] = []
    plan = read(rows, diagnostics=found)
    return plan, [item for item in found if item.severity is kp.Severity.WARNING]


def test_a_row_of_units_without_content_is_a_warning_and_its_text_a_note() -> None:
    rows: list[Sequence[str | None]] = [HEADER, ["甲行动", "任务一", "内容一", "市科协"], [None, None, "", "市教体局"]]
    plan, warnings = warnings_of(rows)
    assert [duty.content for duty in plan.duties] == ["内容一"]
    assert [str(item) for item in warnings] == [
        "t.docx: table 1, row 3, column 3: this row has no content (主要内容); "
        "its text is kept in the plan's notes: '市教体局'"
    ]
    assert plan.notes == ("未读入（表1第3行）：市教体局",)
    with pytest.raises(kp.LayoutError, match=r"^t\.docx: table 1, row 3, column 3: this row has no content"):
        read(rows, strict=True)


def test_a_table_whose_every_row_is_set_aside_is_an_error_naming_the_first_and_why() -> None:
    # A table of contents alone, with neither an action or task column nor section rows: each row
    # is set aside, and the error says so (not that the table has no rows), where and why the first was.
    rows = [["主要内容", "负责单位"], ["内容一", "市科协"], ["内容二", "市教体局"]]
    found: list[kp.Diagnostic] = []
    with pytest.raises(kp.LayoutError) as caught:
        read(rows, diagnostics=found)
    assert str(caught.value).startswith(
        "t.docx: table 1, row 2, column 1: no row of the table could be read; the first one set aside: "
        "this row has no action: the table has no action column and no section row above it"
    )
    assert str(caught.value).endswith("(kepu-plan check lists every row set aside and why)")
    assert caught.value.location.row == 2
    assert [(item.code, item.location.row) for item in found] == [("row-unread", 2), ("row-unread", 3)]


def test_a_table_of_two_levels_reads_each_actions_rows_as_one_task_named_as_the_action() -> None:
    rows: list[Sequence[str | None]] = [
        ["重点行动", "主要内容", "负责单位"],
        ["一、甲行动（市科协牵头）", "内容一", "市科协"],
        [None, "内容二", "市教体局"],
        ["二、乙工程", "内容三", "市科协"],
        ["一、甲行动（市科协牵头）", "内容四", "市科协"],
    ]
    plan, warnings = warnings_of(rows)
    assert [
        (a.name, [u.name for u in a.leads], [(t.name, [d.content for d in t.duties]) for t in a.tasks])
        for a in plan.actions
    ] == [
        ("甲行动", ["市科协"], [("甲行动", ["内容一", "内容二", "内容四"])]),
        ("乙工程", [], [("乙工程", ["内容三"])]),
    ]
    assert [item.code for item in warnings] == ["action-again"]  # its rows join the first 甲行动
    assert plan.layout is not None
    assert plan.layout.roles() == ("action", "content", "units")
    assert plan.layout.two_levels
    assert (plan.layout.action_numbering, plan.layout.task_numbering) == ("一、", None)


def test_an_action_of_a_table_of_two_levels_without_rows_is_one_warning() -> None:
    rows = [["重点行动", "主要内容", "负责单位"], ["甲行动", "", ""], ["乙行动", "内容一", "市科协"]]
    plan, warnings = warnings_of(rows)
    assert [(a.name, [t.name for t in a.tasks]) for a in plan.actions] == [("乙行动", ["乙行动"])]
    assert [(item.code, item.location.row) for item in warnings] == [("action-without-tasks", 2)]
    assert plan.notes == ("未读入（表1第2行）：甲行动",)


def test_a_lone_task_column_holds_the_actions_only_where_no_section_row_does() -> None:
    two = read(
        [
            ["重点任务", "具体措施", "责任单位"],
            ["（一）甲任务", "内容一", "市科协"],
            ["（一）甲任务", "内容二", "市科协"],
        ]
    )
    assert [(a.name, [t.name for t in a.tasks]) for a in two.actions] == [("甲任务", ["甲任务"])]
    assert two.layout is not None
    assert two.layout.roles() == ("action", "content", "units")
    assert not two.layout.merged  # the action written again on each row
    # A note across the table is no section row: the task column still holds the actions.
    cells = (
        Cell(row=0, col=0, text="重点任务"),
        Cell(row=0, col=1, text="具体措施"),
        Cell(row=0, col=2, text="责任单位"),
        Cell(row=1, col=0, text="甲任务"),
        Cell(row=1, col=1, text="内容一"),
        Cell(row=1, col=2, text="市科协"),
        Cell(row=2, col=0, text="注：各单位每年12月报送进展。", colspan=3),
    )
    noted = plan_from_document(Document(tables=(Grid(nrows=3, ncols=3, cells=cells),)))
    assert [(a.name, [t.name for t in a.tasks]) for a in noted.actions] == [("甲任务", ["甲任务"])]
    assert noted.notes == ("注：各单位每年12月报送进展。",)


def test_a_header_without_rows_below_is_an_error_saying_so() -> None:
    with pytest.raises(kp.LayoutError, match=r"^t\.docx: the table has a header but no rows below it$"):
        read([HEADER])


def test_a_row_before_any_action_is_a_warning_naming_its_position() -> None:
    rows = [HEADER, ["", "任务一", "内容一", "市科协"], ["甲行动", "任务二", "内容二", "市科协"]]
    plan, warnings = warnings_of(rows)
    assert [duty.content for duty in plan.duties] == ["内容二"]
    assert [item.location.row for item in warnings] == [2]
    assert "this row has no action" in warnings[0].message
    assert plan.notes == ("未读入（表1第2行）：任务一 | 内容一 | 市科协",)
    with pytest.raises(kp.LayoutError, match=r"row 2, column 3: this row has no action"):
        read(rows, strict=True)


def test_an_action_starting_again_after_others_is_a_warning_and_its_rows_join_it() -> None:
    rows = [HEADER, ["甲行动", "t", "c1", "x"], ["乙行动", "t", "c2", "x"], ["甲行动", "t2", "c3", "x"]]
    plan, warnings = warnings_of(rows)
    assert [(a.name, [d.content for d in a.duties]) for a in plan.actions] == [
        ("甲行动", ["c1", "c3"]),
        ("乙行动", ["c2"]),
    ]
    assert [item.code for item in warnings] == ["action-again"]
    with pytest.raises(kp.LayoutError, match="action '甲行动' starts again after other actions"):
        read(rows, strict=True)


def test_a_unit_name_with_a_parenthesised_part_is_read_whole() -> None:
    plan = read([HEADER, ["甲行动", "t", "c", "市科协（办公室）"]])
    assert plan.duties[0].units == (kp.Unit(name="市科协（办公室）"),)


def test_a_unit_cell_that_names_no_unit_is_a_warning_and_kept_as_a_note() -> None:
    rows = [HEADER, ["甲行动", "t", "c", "县委宣传部（县文明办、县网信办）、县科协"]]
    plan, warnings = warnings_of(rows)
    assert plan.duties[0].units == (kp.Unit(name="县科协"),)
    assert [(item.code, item.location.row, item.location.column) for item in warnings] == [("unit-unreadable", 2, 4)]
    assert plan.notes == ("未读入（表1第2行）：县委宣传部（县文明办、县网信办）、县科协",)
    with pytest.raises(kp.LayoutError, match=r"row 2, column 4: cannot read 县委宣传部（县文明办、县网信办） as"):
        read(rows, strict=True)


def test_a_duty_without_units_is_read_and_warned_about() -> None:
    plan, warnings = warnings_of([HEADER, ["甲行动", "t", "c", ""]])
    assert plan.duties[0].units == ()
    assert [(item.code, str(item.location)) for item in warnings] == [("no-units", "t.docx: table 1, row 2, column 4")]


def test_a_diagnostic_is_chinese_by_default_with_the_same_code(chinese: None) -> None:
    _plan, warnings = warnings_of([HEADER, ["甲行动", "t", "c", ""]])
    assert [str(item) for item in warnings] == ["t.docx：表1第2行第4列：此条内容没有写负责单位"]
    assert warnings[0].message == "this duty names no responsible unit"  # the English words, for the record
    assert warnings[0].to_dict() == {
        "code": "no-units",
        "severity": "warning",
        "message": "此条内容没有写负责单位",
        "location": {"file": "t.docx", "table": 1, "row": 2, "column": 4},
    }


def test_a_sheet_grid_reports_cells_as_a_person_finds_them() -> None:
    grid = grid_of(
        [["附件"], ["标题"], HEADER, ["甲行动", "t", "", "x"], ["甲行动", "t", "c", "x"]], file="a.xlsx", sheet="分工表"
    )
    with pytest.raises(kp.LayoutError, match=r"^a\.xlsx: 分工表!C4: this row has no content"):
        plan_from_document(Document(tables=(grid,), file="a.xlsx"), strict=True)
    plan = plan_from_document(Document(tables=(grid,), file="a.xlsx"))
    assert plan.notes == ("未读入（分工表!C4）：x",)


def test_rows_above_the_header_in_a_grid_give_label_and_title() -> None:
    grid = grid_of([["附件2", "", "", ""], ["某县实施方案", "", "", ""], ["目标任务分工表", "", "", ""], *SHENMU_LIKE])
    plan = plan_from_document(Document(tables=(grid,)))
    assert (plan.label, plan.title) == ("附件2", "某县实施方案目标任务分工表")


def test_a_second_table_without_header_continues_the_first() -> None:
    first = grid_of(SHENMU_LIKE[:4], table=1)
    second = grid_of([["科普基础设施工程（市科协牵头）", "建设场馆", "新建科技馆1所。", "市科协"]], table=2)
    plan = plan_from_document(Document(tables=(first, second)))
    assert [a.name for a in plan.actions] == ["青少年科学素质提升行动", "科普基础设施工程"]


def test_the_written_layout_has_leads_deadline_and_extra_columns_only_when_used() -> None:
    grid = document_from_plan(kp.examples.shenmu()).tables[0]
    assert grid.column_roles == ("action", "task", "content", "units")
    assert grid.header_rows == 1
    assert grid.nrows == 113
    action_cell = next(cell for cell in grid.cells if cell.row == 1 and cell.col == 0)
    assert action_cell.text == "青少年科学素质提升行动（市教体局、市科协、职业技术学院牵头）"
    assert action_cell.rowspan == 19


def test_columns_by_number_skip_the_rows_above_the_table() -> None:
    grid = grid_of(
        [
            ["附件", "", "", ""],
            ["某县分工表", "", "", ""],
            ["重点行动", "任务名称", "工作举措", "单位"],
            ["甲行动", "任务一", "内容一", "市科协"],
        ]
    )
    plan = plan_from_document(Document(tables=(grid,)), columns={2: "task", 3: "content", 4: "units"})
    assert (plan.label, plan.title) == ("附件", "某县分工表")
    assert plan.actions[0].name == "甲行动"
    assert [u.name for u in plan.duties[0].units] == ["市科协"]


def test_the_unrecognised_header_message_shortens_long_cells() -> None:
    long_text = "很长的一段内容" * 20
    with pytest.raises(kp.LayoutError) as caught:
        read([["栏目一", long_text], ["a", "b"]])
    assert "很长的一段内容很长的一段…" in str(caught.value)
    assert long_text not in str(caught.value)


def test_a_header_of_two_rows_repeated_inside_the_table_is_skipped() -> None:
    header = [
        Cell(row=0, col=0, text="重点行动", rowspan=2),
        Cell(row=0, col=1, text="主要任务", rowspan=2),
        Cell(row=0, col=2, text="主要内容", rowspan=2),
        Cell(row=0, col=3, text="责任单位", colspan=2),
        Cell(row=1, col=3, text="牵头单位"),
        Cell(row=1, col=4, text="配合单位"),
    ]

    def duty_row(row: int) -> list[Cell]:
        texts = ["科普行动", "科普工作", f"第{row}行的内容", "县科协", "县教体局"]
        return [Cell(row=row, col=col, text=text) for col, text in enumerate(texts)]

    again = [attrs.evolve(cell, row=cell.row + 3) for cell in header]  # the header pasted again
    grid = Grid(nrows=6, ncols=5, cells=(*header, *duty_row(2), *again, *duty_row(5)))
    found: list[kp.Diagnostic] = []
    plan = plan_from_document(Document(tables=(grid,)), diagnostics=found)
    assert [duty.content for duty in plan.duties] == ["第2行的内容", "第5行的内容"]
    assert all([unit.name for unit in duty.leads] == ["县科协"] for duty in plan.duties)
    assert [(item.code, item.location.row) for item in found if item.code == "header-repeat"] == [("header-repeat", 4)]


def test_a_cells_wording_is_used_while_it_fits_the_units_and_dropped_when_not() -> None:
    plan = read([HEADER, ["甲行动（由县教体局、县科协牵头）", "t", "c", "县农业农村局牵头，县妇联、县科协等部门配合"]])
    duty, action = plan.duties[0], plan.actions[0]

    def cells(changed: kp.Plan) -> tuple[str, str]:
        grid = document_from_plan(changed).tables[0]
        texts = {(cell.row, cell.col): cell.text for cell in grid.cells}
        return texts[(1, 0)], texts[(1, 3)]

    assert cells(plan) == ("甲行动（由县教体局、县科协牵头）", "县农业农村局牵头，县妇联、县科协等部门配合")
    renamed = plan.rename_units({"县妇联": "县总工会", "县教体局": "县教育局"})
    assert cells(renamed) == ("甲行动（由县教育局、县科协牵头）", "县农业农村局牵头，县总工会、县科协等部门配合")
    fewer = attrs.evolve(duty, units=duty.units[:2])
    one_lead = attrs.evolve(action, leads=action.leads[:1], tasks=[attrs.evolve(action.tasks[0], duties=[fewer])])
    changed = attrs.evolve(plan, actions=[one_lead])
    assert cells(changed) == ("甲行动（县教体局牵头）", "县农业农村局牵头，县妇联配合")
    no_lead = attrs.evolve(
        plan,
        actions=[attrs.evolve(action, tasks=[attrs.evolve(action.tasks[0], duties=[attrs.evolve(duty, leads=())])])],
    )
    assert cells(no_lead)[1] == "县农业农村局\n县妇联\n县科协"
