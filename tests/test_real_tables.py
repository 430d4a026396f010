"""Real county tables: the unit-cell language of published tables, rows read one by one, every
cell's own words kept.

The tables here are made as a county office makes them: with python-docx and openpyxl directly,
or by LibreOffice from hand-written HTML (``scripts/make_real_tables.py``, sources in
``tests/data/real/``), never by kepu_plan's writers.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs
import docx
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hypothesis_st

import kepu_plan as kp
from _support import convert_with_libreoffice, needs_libreoffice
from kepu_plan import Action, Duty, Layout, Plan, Task
from kepu_plan.formats.docx import document_from_docx
from kepu_plan.formats.xlsx import document_from_xlsx
from kepu_plan.grid import Document, Grid
from kepu_plan.layout import DERIVED_SHEETS, document_from_plan, plan_from_document
from kepu_plan.testing import unit_cells


def st_lists_of_unit_cells() -> hypothesis_st.SearchStrategy[list[tuple[str, tuple[str, ...], tuple[str, ...]]]]:
    return hypothesis_st.lists(unit_cells(), min_size=1, max_size=4)


def st_layout_names() -> hypothesis_st.SearchStrategy[str]:
    return hypothesis_st.sampled_from(sorted(LAYOUTS))


DATA = Path(__file__).parent / "data" / "real"

#: The issue's table: a unit cell, the units it names in order, and the leads among them.
CELLS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("县委宣传部（县文明办）、县科协", ("县委宣传部（县文明办）", "县科协"), ()),
    ("县委宣传部(县文明办),县科协", ("县委宣传部(县文明办)", "县科协"), ()),
    ("各镇（街道）、县教体局", ("各镇（街道）", "县教体局"), ()),
    ("县发改局（牵头）、县科协", ("县发改局", "县科协"), ("县发改局",)),
    ("县发改局(牵头),县科协", ("县发改局", "县科协"), ("县发改局",)),
    ("县教体局牵头，县科协配合", ("县教体局", "县科协"), ("县教体局",)),
    ("县教体局牵头,县科协配合", ("县教体局", "县科协"), ("县教体局",)),
    ("县农业农村局牵头，县妇联、县科协等部门配合", ("县农业农村局", "县妇联", "县科协"), ("县农业农村局",)),
    ("由县教体局、县科协牵头", ("县教体局", "县科协"), ("县教体局", "县科协")),
    ("牵头单位：县教体局；责任单位：县科协、团县委", ("县教体局", "县科协", "团县委"), ("县教体局",)),
    ("牵头单位:县教体局;配合单位:县科协,团县委", ("县教体局", "县科协", "团县委"), ("县教体局",)),
    ("牵头单位：县教体局；协办单位：县科协", ("县教体局", "县科协"), ("县教体局",)),
    ("牵头单位：县教体局；参与单位：县科协", ("县教体局", "县科协"), ("县教体局",)),
    ("县教体局、县科协等部门", ("县教体局", "县科协"), ()),
    ("区科协等", ("区科协",), ()),
    ("县教体局、县科协等单位", ("县教体局", "县科协"), ()),
    ("各成员单位", ("各成员单位",), ()),
    ("县直有关部门", ("县直有关部门",), ()),
    ("各乡镇（街道）", ("各乡镇（街道）",), ()),
    ("县科协 县教体局", ("县科协", "县教体局"), ()),
]
#: What a partner column writes for "no partners".
NONE_MARKS = ["—", "-", "无", "/"]

#: Every preset layout with a units, leads or partners column.
LAYOUTS = {
    "shenmu": kp.layouts.SHENMU,
    "sections": kp.layouts.SECTIONS,
    "lead-columns": kp.layouts.LEAD_COLUMNS,
    "marked": kp.layouts.MARKED,
}
ACTION, TASK = "科学素质提升行动", "提升青少年科学素质"


# --- tables made the way an office makes them ---------------------------------------------------


def _rows(layout: Layout, cells: Sequence[tuple[str, str]]) -> list[list[str] | str]:
    """The table's rows: a header, then one duty row per (lead cell, unit cell); a section row is a
    plain string (written across the table)."""
    rows: list[list[str] | str] = [[column.header for column in layout.columns]]
    if layout.sections:
        rows.append(f"一、{ACTION}")
    for i, (leads, units) in enumerate(cells, start=1):
        texts = {
            "number": str(i),
            "action": ACTION,
            "task": f"（一）{TASK}" if layout.task_numbering == "（一）" else TASK,
            "content": f"第{i}项工作内容",
            "units": units,
            "leads": leads,
            "partners": units,
            "deadline": "2025年",
            "extra": "",
        }
        if layout.action_numbering == "1." and not layout.sections:
            texts["action"] = f"1.{ACTION}"
        rows.append([texts[column.role] for column in layout.columns])
    return rows


def office_docx(rows: Sequence[list[str] | str], *, label: str = "附件2-1", title: str = "某县分工表") -> bytes:
    """A DOCX as python-docx makes it: label and title paragraphs, one table, repeated cells."""
    document = docx.Document()
    document.add_paragraph(label)
    document.add_paragraph(title)
    width = max(len(row) for row in rows if not isinstance(row, str))
    table = document.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        if isinstance(row, str):
            merged = table.cell(r, 0).merge(table.cell(r, width - 1))
            merged.text = row
            continue
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def office_xlsx(rows: Sequence[list[str] | str], *, label: str = "附件2-1", title: str = "某县分工表") -> bytes:
    """An XLSX as openpyxl makes it: label and title rows above the table, section rows merged."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "分工表"
    width = max(len(row) for row in rows if not isinstance(row, str))
    sheet.append([label])
    sheet.append([title])
    for row in rows:
        if isinstance(row, str):
            sheet.append([row])
            line = sheet.max_row
            sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=width)
        else:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


MAKERS = {"docx": office_docx, "xlsx": office_xlsx}


def grid_of(data: bytes, fmt: str) -> Grid:
    stream = io.BytesIO(data)
    document: Document = (
        document_from_docx(stream) if fmt == "docx" else document_from_xlsx(stream, skip=DERIVED_SHEETS)
    )
    return document.tables[-1]


def column_texts(data: bytes, fmt: str, header: str) -> list[str]:
    """The texts of the column under ``header`` in a file, below the header, section rows left out."""
    grid = grid_of(data, fmt)
    rows = list(grid.rows())
    header_row = next(i for i, row in enumerate(rows) if any(cell.text == header for cell in row))
    col = next(cell.col for cell in rows[header_row] if cell.text == header)
    texts = []
    for row in rows[header_row + 1 :]:
        if len({cell.col for cell in row}) == 1 and len(row) == 1 and row[0].colspan > 1:
            continue  # a section row
        texts.append(next((cell.text for cell in row if cell.col == col), ""))
    return texts


def written(plan: Plan, fmt: str) -> bytes:
    buffer = io.BytesIO()
    kp.write(plan, buffer, format=fmt)
    return buffer.getvalue()


def expected_plan(duties: Sequence[Duty], layout: Layout, label: str = "附件2-1") -> Plan:
    extra_deadline = "deadline" in layout.roles()
    return Plan(
        label=label,
        title="某县分工表",
        actions=[
            Action(
                name=ACTION,
                tasks=[
                    Task(
                        name=TASK,
                        duties=[
                            attrs.evolve(
                                duty, content=f"第{i}项工作内容", deadline="2025年" if extra_deadline else None
                            )
                            for i, duty in enumerate(duties, start=1)
                        ],
                    )
                ],
            )
        ],
    )


# --- the issue's table, row by row, in every layout and format ---------------------------------


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("layout_name", list(LAYOUTS))
def test_every_wording_of_the_issue_reads_as_its_units_and_writes_back_in_its_own_words(
    layout_name: str, fmt: str
) -> None:
    layout = LAYOUTS[layout_name]
    data = MAKERS[fmt](_rows(layout, [("", text) for text, _, _ in CELLS]))
    found: list[kp.Diagnostic] = []
    plan = kp.read(io.BytesIO(data), format=fmt, diagnostics=found)
    duties = [Duty(content="x", units=units, leads=leads) for _, units, leads in CELLS]
    assert plan == expected_plan(duties, layout)
    assert [item for item in found if item.severity is kp.Severity.WARNING] == []
    header = next(c.header for c in layout.columns if c.role in ("units", "partners"))
    cells = [text for text, _, _ in CELLS]
    assert column_texts(written(plan, fmt), fmt, header) == cells
    if "leads" in layout.roles():  # the lead column stays as empty as it was
        assert set(column_texts(written(plan, fmt), fmt, "牵头单位")) == {""}


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("layout_name", list(LAYOUTS))
def test_a_no_units_mark_reads_as_no_units_and_is_written_back(layout_name: str, fmt: str) -> None:
    layout = LAYOUTS[layout_name]
    lead_column = "leads" in layout.roles()
    data = MAKERS[fmt](_rows(layout, [("县科协" if lead_column else "", mark) for mark in NONE_MARKS]))
    found: list[kp.Diagnostic] = []
    plan = kp.read(io.BytesIO(data), format=fmt, diagnostics=found)
    units = ("县科协",) if lead_column else ()
    duties = [Duty(content="x", units=units, leads=units) for _ in NONE_MARKS]
    assert plan == expected_plan(duties, layout)
    warnings = [
        (item.code, item.location.row or item.location.cell) for item in found if item.severity.value == "warning"
    ]
    assert len(warnings) == (0 if lead_column else len(NONE_MARKS))
    assert all(code == "no-units" for code, _ in warnings)
    header = next(c.header for c in layout.columns if c.role in ("units", "partners"))
    assert column_texts(written(plan, fmt), fmt, header) == NONE_MARKS


# --- labels, titles and action cells -------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("label", ["附件2-1", "附件（二）", "附表", "附表3", "附件一", "附件 3", "附件1："])
def test_an_attachment_label_is_read_and_written_back(label: str, fmt: str) -> None:
    data = MAKERS[fmt](_rows(kp.layouts.SHENMU, [("", "县科协")]), label=label)
    plan = kp.read(io.BytesIO(data), format=fmt)
    assert (plan.label, plan.title) == (label, "某县分工表")
    again = kp.read(io.BytesIO(written(plan, fmt)), format=fmt)
    assert (again.label, again.title) == (label, "某县分工表")


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("title", ["附件材料报送清单", "附件一览：某县科学素质分工表", "附表填报说明及分工表"])
def test_a_title_starting_with_attachment_words_is_not_split_into_a_label(title: str, fmt: str) -> None:
    data = MAKERS[fmt](_rows(kp.layouts.SHENMU, [("", "县科协")]), label="附件3", title=title)
    plan = kp.read(io.BytesIO(data), format=fmt)
    assert (plan.label, plan.title) == ("附件3", title)
    alone = attrs.evolve(plan, label=None)
    assert kp.read(io.BytesIO(written(alone, fmt)), format=fmt).title == title
    assert kp.read(io.BytesIO(written(alone, fmt)), format=fmt).label is None


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        ("一、青少年科学素质提升行动（由县教体局、县科协牵头）", ("县教体局", "县科协")),
        ("一、青少年科学素质提升行动(县委宣传部（县文明办）牵头)", ("县委宣传部（县文明办）",)),
        ("一、青少年科学素质提升行动（县教体局牵头，县科协配合）", ()),
    ],
)
def test_a_section_row_gives_its_leads_and_is_written_back_in_its_words(
    cell: str, leads: tuple[str, ...], fmt: str
) -> None:
    rows = _rows(kp.layouts.SECTIONS, [("", "县科协")])
    rows[1] = cell
    plan = kp.read(io.BytesIO(MAKERS[fmt](rows)), format=fmt)
    action = plan.actions[0]
    assert action.leads == tuple(kp.Unit(name=name) for name in leads)
    assert (action.name == "青少年科学素质提升行动") is bool(leads)
    grid = grid_of(written(plan, fmt), fmt)
    assert cell in [c.text for c in grid.cells]


# --- property tests: any unit cell in any wording ------------------------------------------------


def _layout_grid(layout: Layout, cells: Sequence[tuple[str, str]]) -> Document:
    from kepu_plan.grid import Cell

    rows = _rows(layout, cells)
    width = len(rows[0])
    grid_cells = []
    for r, row in enumerate(rows):
        if isinstance(row, str):
            grid_cells.append(Cell(row=r, col=0, text=row, colspan=width))
            continue
        grid_cells.extend(Cell(row=r, col=c, text=text) for c, text in enumerate(row))
    grid = Grid(nrows=len(rows), ncols=width, cells=tuple(grid_cells), file="t.docx", table=1)
    return Document(tables=(grid,), preamble=("附件（二）", "某县分工表"), file="t.docx")


def _unit_column_texts(document: Document, layout: Layout) -> list[str]:
    grid = document.tables[0]
    col = next(i for i, c in enumerate(grid.column_roles) if c in ("units", "partners"))
    return [cell.text for cell in grid.cells if cell.col == col and cell.row >= grid.header_rows and cell.colspan == 1]


@settings(max_examples=200, deadline=None)
@given(cells=st_lists_of_unit_cells(), layout_name=st_layout_names())
def test_any_unit_cell_in_any_wording_reads_as_its_units_and_is_written_back_as_it_was(
    cells: list[tuple[str, tuple[str, ...], tuple[str, ...]]], layout_name: str
) -> None:
    layout = LAYOUTS[layout_name]
    document = _layout_grid(layout, [("", text) for text, _, _ in cells])
    plan = plan_from_document(document)
    separated = "units" not in layout.roles()  # leads first, as where lead and partner columns stand apart
    assert [(tuple(u.name for u in d.units), tuple(u.name for u in d.leads)) for d in plan.duties] == [
        ((*leads, *(u for u in units if u not in leads)) if separated else units, leads) for _, units, leads in cells
    ]
    again = document_from_plan(plan)
    assert _unit_column_texts(again, layout) == [text for text, _, _ in cells]
    preamble = tuple(text for text in (again.label, again.title) if text)
    assert plan_from_document(attrs.evolve(again, preamble=preamble)) == plan


@settings(max_examples=25, deadline=None)
@given(cells=st_lists_of_unit_cells(), fmt=hypothesis_st.sampled_from(["docx", "xlsx"]))
def test_any_unit_cell_survives_a_real_file_and_json(
    cells: list[tuple[str, tuple[str, ...], tuple[str, ...]]], fmt: str
) -> None:
    data = MAKERS[fmt](_rows(kp.layouts.SHENMU, [("", text) for text, _, _ in cells]))
    plan = kp.read(io.BytesIO(data), format=fmt)
    through_json = kp.from_json(kp.to_json(plan))
    assert through_json == plan
    assert column_texts(written(through_json, fmt), fmt, "负责单位") == [text for text, _, _ in cells]


# --- two tables as county offices make them (LibreOffice from hand-written HTML) -----------------


def _d(content: str, units: str, leads: str = "", **fields: object) -> Duty:
    return Duty(content=content, units=units.split("|"), leads=leads.split("|") if leads else (), **fields)  # type: ignore[arg-type]


COUNTY = {
    "county-sections": Plan(
        label="附件（二）",
        title="某县全民科学素质行动实施方案（2021—2025年）目标任务分工表",
        notes=["注：各责任单位每年12月底前将进展情况报县科协。"],
        actions=[
            Action(
                name="青少年科学素质提升行动",
                leads=["县教体局", "县科协"],
                tasks=[
                    Task(
                        name="提升基础教育阶段科学教育水平",
                        duties=[
                            _d("每年至少开展“科学实验秀”3场次。", "县教体局|县科协", "县教体局", deadline="每年"),
                            _d(
                                "建成3—5所科技教育特色学校。",
                                "县农业农村局|县妇联|县科协",
                                "县农业农村局",
                                deadline="2025年底",
                            ),
                            _d("实现中小学科技辅导员全覆盖。", "县委宣传部（县文明办）|县科协", deadline="2025年"),
                        ],
                    ),
                    Task(
                        name="实施科技辅导员培训",
                        duties=[
                            _d("每年培训科技辅导员不少于60名。", "县教体局|县科协|团县委", "县教体局", deadline="每年")
                        ],
                    ),
                ],
            ),
            Action(
                name="基层科普能力提升工程",
                leads=["县科协"],
                tasks=[
                    Task(
                        name="建设科普e站",
                        duties=[
                            _d("每个镇（街道）建设1个科普e站。", "各镇（街道）|县科协", deadline="2023年"),
                            _d("科普示范社区覆盖率达到80%。", "县发改局|县科协", "县发改局", deadline="2025年"),
                        ],
                    ),
                    Task(
                        name="组织科普日活动",
                        duties=[_d("各成员单位每年开展科普日活动。", "各成员单位", deadline="每年9月")],
                    ),
                ],
            ),
        ],
    ),
    "district-lead-partner": Plan(
        label="附表3",
        title="某区科学素质行动工作任务清单",
        notes=["说明：表中“牵头单位”负总责，“配合单位”按职责分工落实。"],
        actions=[
            Action(
                name="老年人科学素质提升行动",
                tasks=[
                    Task(
                        name="实施银龄科普行动",
                        duties=[
                            _d(
                                "每年开展老年人智能技术培训10～20场。",
                                "区委老干部局（区老龄办）|区科协|区卫健局",
                                "区委老干部局（区老龄办）",
                                extra={"备注": "持续推进"},
                            ),
                            _d("组建老年科普志愿服务队。", "区科协", "区科协"),
                        ],
                    ),
                    Task(
                        name="提升老年人健康素养",
                        duties=[_d("累计培训健康科普讲师200名以上。", "区卫健局|各街道（镇）|区科协", "区卫健局")],
                    ),
                ],
            ),
            Action(
                name="科普信息化提升工程",
                tasks=[
                    Task(
                        name="推动科普资源共享",
                        duties=[
                            _d(
                                "力争建成区级科普资源库1个。",
                                "区科协|区融媒体中心|区直有关部门",
                                "区科协|区融媒体中心",
                                extra={"备注": "2024年完成"},
                            ),
                            _d("推动科普信息进社区。", "区科协|区乡村振兴局(区扶贫办)|区教体局", "区科协"),
                        ],
                    )
                ],
            ),
        ],
    ),
    # Tables of two levels (no task column): each action's rows are one task named as the action.
    "county-two-levels": Plan(
        label="附件2",
        title="某县贯彻落实全民科学素质行动规划纲要重点任务分工",
        actions=[
            Action(
                name="青少年科学素质提升行动",
                tasks=[
                    Task(
                        name="青少年科学素质提升行动",
                        duties=[
                            _d(
                                "每年培训科学教师和科技辅导员60名以上。", "县教体局|县科协", "县教体局", deadline="每年"
                            ),
                            _d("建设校园科普长廊5处。", "县教体局", "县教体局", deadline="2024年底"),
                        ],
                    )
                ],
            ),
            Action(
                name="农民科学素质提升行动",
                tasks=[
                    Task(
                        name="农民科学素质提升行动",
                        duties=[
                            _d(
                                "每年开展农业实用技术培训20场次以上。",
                                "县农业农村局|县科协|县妇联",
                                "县农业农村局",
                                deadline="每年",
                            ),
                            _d("培育高素质农民300名。", "县农业农村局|各镇（街道）", "县农业农村局", deadline="2025年"),
                        ],
                    )
                ],
            ),
            Action(
                name="科普信息化提升工程",
                tasks=[
                    Task(
                        name="科普信息化提升工程",
                        duties=[_d("建设县级科普网络平台1个。", "县科协|县融媒体中心", "县科协", deadline="2023年")],
                    )
                ],
            ),
        ],
    ),
    "town-two-level-sections": Plan(
        label="附件",
        title="某镇科学素质提升工作任务清单",
        actions=[
            Action(
                name="老年人科学素质提升行动",
                leads=["镇卫生院"],
                tasks=[
                    Task(
                        name="老年人科学素质提升行动",
                        duties=[
                            _d("开展老年人智能技术培训10场次。", "镇卫生院|镇科协", extra={"时间安排": "每年"}),
                            _d(
                                "组建银龄科普志愿服务队1支。",
                                "镇民政办|镇科协",
                                "镇民政办",
                                extra={"时间安排": "2024年"},
                            ),
                        ],
                    )
                ],
            ),
            Action(
                name="科普基础设施工程",
                leads=["镇科协"],
                tasks=[
                    Task(
                        name="科普基础设施工程",
                        duties=[_d("建成村级科普活动室8个。", "各村（社区）|镇科协", extra={"时间安排": "2025年底"})],
                    )
                ],
            ),
        ],
    ),
}


def _texts_by_position(data: bytes, fmt: str) -> list[str]:
    """Every non-empty cell text of a file's table, row by row (what a reader sees in it)."""
    grid = grid_of(data, fmt)
    return [cell.text for row in grid.rows() for cell in row if cell.text.strip()]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("name", sorted(COUNTY))
def test_a_county_table_reads_as_its_plan_cleanly(name: str, fmt: str) -> None:
    found: list[kp.Diagnostic] = []
    plan = kp.read(DATA / f"{name}.{fmt}", diagnostics=found, strict=True)
    assert plan == COUNTY[name]
    assert [item for item in found if item.severity is kp.Severity.WARNING] == []


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("name", sorted(COUNTY))
def test_a_county_table_writes_back_in_its_own_words(name: str, fmt: str) -> None:
    plan = kp.read(DATA / f"{name}.{fmt}")
    again = written(plan, fmt)
    assert kp.read(io.BytesIO(again), format=fmt) == plan
    original = (DATA / f"{name}.{fmt}").read_bytes()
    first_header = plan.layout.columns[0].header if plan.layout else ""

    def table(data: bytes) -> list[str]:  # the table's cells from its header on, notes left out
        texts = _texts_by_position(data, fmt)
        return [text for text in texts[texts.index(first_header) :] if not text.startswith(("注：", "说明："))]

    assert table(again) == table(original)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize(
    ("name", "roles"),
    [
        ("county-two-levels", ("number", "action", "content", "leads", "partners", "deadline")),
        ("town-two-level-sections", ("content", "units", "extra")),
    ],
)
def test_a_table_of_two_levels_is_read_and_written_back_without_a_task_column(
    name: str, roles: tuple[str, ...], fmt: str
) -> None:
    found: list[kp.Diagnostic] = []
    plan = kp.read(DATA / f"{name}.{fmt}", diagnostics=found)
    assert plan.layout is not None
    assert plan.layout.roles() == roles
    assert plan.layout.two_levels
    said = [item.code for item in found if item.code in ("two-levels", "task-column-actions")]
    assert said == (["task-column-actions", "two-levels"] if "action" in roles else ["two-levels"])
    again = kp.read(io.BytesIO(written(plan, fmt)), format=fmt)
    assert again == plan
    assert again.layout == plan.layout


@needs_libreoffice
@pytest.mark.parametrize("name", ["county-two-levels", "town-two-level-sections"])
def test_a_table_of_two_levels_published_as_pdf_reads_as_its_plan(name: str, tmp_path: Path) -> None:
    pytest.importorskip("pdfplumber")
    source = tmp_path / f"{name}.docx"
    source.write_bytes((DATA / f"{name}.docx").read_bytes())
    plan = kp.read(convert_with_libreoffice(source, "pdf", tmp_path / "pdf"))
    assert plan == COUNTY[name]
    assert plan.layout is not None
    assert plan.layout.two_levels


@pytest.mark.parametrize("name", sorted(COUNTY))
def test_a_county_table_keeps_its_wording_through_json(name: str) -> None:
    plan = kp.read(DATA / f"{name}.docx")
    through_json = kp.from_json(kp.to_json(plan))
    assert through_json == plan
    assert [duty.wording for duty in through_json.duties] == [duty.wording for duty in plan.duties]
    assert [action.wording for action in through_json.actions] == [action.wording for action in plan.actions]
    assert _texts_by_position(written(through_json, "docx"), "docx") == _texts_by_position(
        written(plan, "docx"), "docx"
    )


def test_the_open_list_and_lead_wording_of_each_cell_is_recorded() -> None:
    plan = kp.read(DATA / "county-sections.docx")
    assert [duty.wording.ending if duty.wording else "" for duty in plan.duties] == [
        "",
        "等部门",
        "",
        "",
        "",
        "等部门",
        "",
    ]
    assert plan.actions[0].wording == kp.Wording(leads=("（由", "、", "牵头）"))
    assert plan.actions[1].wording is None


# --- a table with broken rows: read row by row, warned about, refused when strict --------------

BROKEN_ROWS: list[list[str] | str] = [
    ["重点行动", "主要任务", "主要内容", "负责单位"],
    ["科学素质提升行动", "提升青少年科学素质", "开展科学实验秀。", "县教体局、县科协"],
    ["科学素质提升行动", "提升青少年科学素质", "开展科技竞赛。", "县委宣传部（县文明办、县网信办）"],
    ["科学素质提升行动", "提升青少年科学素质", "建设科技场馆。", ""],
    ["科学素质提升行动", "提升青少年科学素质", "", "县科协、县财政局"],
    ["科学素质提升行动", "提升青少年科学素质", "培训科技辅导员。", "县科协"],
]


def _broken(fmt: str) -> bytes:
    return MAKERS[fmt](BROKEN_ROWS, label="附件一", title="某县分工表（有问题的表）")


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_table_with_broken_rows_reads_every_other_row_with_a_warning_on_each_broken_one(fmt: str) -> None:
    found: list[kp.Diagnostic] = []
    plan = kp.read(io.BytesIO(_broken(fmt)), format=fmt, diagnostics=found)
    assert [(duty.content, [u.name for u in duty.units]) for duty in plan.duties] == [
        ("开展科学实验秀。", ["县教体局", "县科协"]),
        ("开展科技竞赛。", []),
        ("建设科技场馆。", []),
        ("培训科技辅导员。", ["县科协"]),
    ]
    warnings = [item for item in found if item.severity is kp.Severity.WARNING]
    where: dict[str, Callable[[kp.Diagnostic], object]] = {
        "docx": lambda item: (item.location.row, item.location.column),
        "xlsx": lambda item: item.location.cell,
    }
    assert [(item.code, where[fmt](item)) for item in warnings] == {
        "docx": [("unit-unreadable", (3, 4)), ("no-units", (4, 4)), ("row-without-content", (5, 3))],
        "xlsx": [("unit-unreadable", "D5"), ("no-units", "D6"), ("row-without-content", "C7")],
    }[fmt]
    assert all(item.location.file == "<stream>" for item in warnings)
    position = {"docx": ("表1第3行", "表1第5行"), "xlsx": ("分工表!D5", "分工表!C7")}[fmt]
    assert plan.notes == (
        f"未读入（{position[0]}）：县委宣传部（县文明办、县网信办）",
        f"未读入（{position[1]}）：县科协、县财政局",
    )
    assert (plan.label, plan.title) == ("附件一", "某县分工表（有问题的表）")


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_table_with_broken_rows_read_strictly_is_refused_at_the_first(fmt: str, english: None) -> None:
    with pytest.raises(kp.LayoutError) as caught:
        kp.read(io.BytesIO(_broken(fmt)), format=fmt, strict=True)
    expected = {"docx": kp.Location(file="<stream>", table=1, row=3, column=4), "xlsx": None}[fmt]
    if expected is not None:
        assert caught.value.location == expected
    else:
        assert caught.value.location.cell == "D5"
    assert "cannot read 县委宣传部（县文明办、县网信办） as the name of a unit" in str(caught.value)


def test_a_broken_row_fixed_by_hand_reads_cleanly() -> None:
    rows = [row if isinstance(row, str) else list(row) for row in BROKEN_ROWS]
    fixed = [rows[0], rows[1], [*rows[2][:3], "县委宣传部（县文明办）、县网信办"], [*rows[3][:3], "县科协"], rows[5]]
    found: list[kp.Diagnostic] = []
    plan = kp.read(io.BytesIO(office_docx(fixed)), format="docx", diagnostics=found, strict=True)
    assert [u.name for u in plan.duties[1].units] == ["县委宣传部（县文明办）", "县网信办"]
    assert not [item for item in found if item.severity is kp.Severity.WARNING]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_check_lists_every_broken_row_in_one_run_and_exits_1(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    from kepu_plan.cli import main

    path = tmp_path / f"分工表.{fmt}"
    path.write_bytes(_broken(fmt))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("warning: ")]
    assert len(lines) == 3
    assert "cannot read 县委宣传部（县文明办、县网信办）" in lines[0]
    assert "names no responsible unit" in lines[1]
    assert "this row has no content" in lines[2]
    path.write_bytes((DATA / f"county-sections.{fmt}").read_bytes())
    assert main(["check", str(path)]) == 0


@pytest.mark.parametrize("command", ["check", "show", "convert"])
def test_every_reading_command_refuses_a_broken_table_with_strict_in_one_line(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], chinese: None
) -> None:
    from kepu_plan.cli import main

    path = tmp_path / "分工表.docx"
    path.write_bytes(_broken("docx"))
    args = [command, "--strict", str(path)] + ([str(tmp_path / "out.json")] if command == "convert" else [])
    assert main(args) == 2
    captured = capsys.readouterr()
    [line] = captured.err.splitlines()
    assert line.startswith(f"kepu-plan {command}：错误：{path}：表1第3行第4列：")
    assert "县委宣传部（县文明办、县网信办）" in line
    assert not (tmp_path / "out.json").exists()


# --- collective units ------------------------------------------------------------------------------


def test_split_gives_each_member_the_duties_of_the_collectives_covering_it(tmp_path: Path) -> None:
    from kepu_plan.cli.split import split_plan
    from kepu_plan.units import SHARED_COLUMN

    plan = kp.read(DATA / "county-sections.docx")
    index = split_plan(plan, tmp_path, "docx")
    assert {item["unit"] for item in index if item["file"]} == {
        unit.name for duty in plan.duties for unit in duty.units
    }
    part = kp.read(tmp_path / "县教体局.docx")
    assert [(duty.content, duty.extra.get(SHARED_COLUMN)) for duty in part.duties] == [
        ("每年至少开展“科学实验秀”3场次。", None),
        ("每年培训科技辅导员不少于60名。", None),
        ("每个镇（街道）建设1个科普e站。", "各镇（街道）"),
        ("各成员单位每年开展科普日活动。", "各成员单位"),
    ]
    assert part == plan.for_unit("县教体局")
    towns = kp.UnitDirectory.from_rows([{"name": "城关镇", "member_of": "各镇（街道）"}, {"name": "县教体局"}])
    assert [duty.content for duty in plan.for_unit("县教体局", towns).duties] == [
        "每年至少开展“科学实验秀”3场次。",
        "每年培训科技辅导员不少于60名。",
        "各成员单位每年开展科普日活动。",
    ]
