"""Every plan in every layout, written by our writers and read back (mirrors src/kepu_plan/layouts.py
and the layout parts of src/kepu_plan/layout.py)."""

from __future__ import annotations

import io

import attrs
import pytest
from hypothesis import given, settings

import kepu_plan as kp
from kepu_plan import Layout, Plan, layouts
from kepu_plan.layout import _columns_for, document_from_plan, normalise_for
from kepu_plan.testing import layouts as any_layout
from kepu_plan.testing import plans

# These tests match the English words of messages (see tests/conftest.py).
pytestmark = pytest.mark.usefixtures("english")


def _through(plan: Plan, fmt: str) -> Plan:
    buffer = io.BytesIO()
    kp.write(plan, buffer, format=fmt)
    return kp.read(io.BytesIO(buffer.getvalue()), format=fmt)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@settings(max_examples=60)
@given(plan=plans(max_actions=3), layout=any_layout())
def test_every_plan_in_every_layout_reads_back_as_written(fmt: str, plan: Plan, layout: Layout) -> None:
    again = _through(plan.with_layout(layout), fmt)
    assert again == normalise_for(plan, layout)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@settings(max_examples=40)
@given(plan=plans(max_actions=2), layout=any_layout())
def test_every_layouts_columns_read_back_with_their_headers_and_groups(fmt: str, plan: Plan, layout: Layout) -> None:
    again = _through(plan.with_layout(layout), fmt)
    assert again.layout is not None
    written = _columns_for(plan, layout)
    assert [(c.role, c.header, c.group) for c in again.layout.columns] == [(c.role, c.header, c.group) for c in written]


def _two_levels(plan: Plan) -> Plan:
    """The plan as a table of two levels reads: each action one task, named as the action."""
    actions = [attrs.evolve(action, tasks=[kp.Task(name=action.name, duties=action.duties)]) for action in plan.actions]
    return attrs.evolve(plan, actions=actions)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@settings(max_examples=40)
@given(plan=plans(max_actions=3), layout=any_layout().filter(lambda layout: layout.two_levels))
def test_every_plan_of_two_levels_reads_back_without_a_task_column(fmt: str, plan: Plan, layout: Layout) -> None:
    folded = _two_levels(plan)
    again = _through(folded.with_layout(layout), fmt)
    assert again == normalise_for(folded, layout)
    assert again.layout is not None
    assert again.layout.two_levels
    assert [(c.role, c.header) for c in again.layout.columns] == [
        (c.role, c.header) for c in _columns_for(folded, layout)
    ]


def test_a_plan_with_other_tasks_gets_a_task_column_in_a_layout_of_two_levels() -> None:
    plan = kp.examples.shenmu()
    two = kp.Layout(
        columns=[
            kp.Column(role="action", header="主要任务"),
            kp.Column(role="content", header="具体措施"),
            kp.Column(role="units", header="责任单位"),
        ]
    )
    assert two.two_levels
    assert not layouts.SHENMU.two_levels
    written = _columns_for(plan, two)
    assert [(c.role, c.header) for c in written] == [
        ("action", "主要任务"),
        ("task", "工作任务"),  # the first task header no column has
        ("content", "具体措施"),
        ("units", "责任单位"),
    ]
    for fmt in ("docx", "xlsx"):
        assert _through(plan.with_layout(two), fmt) == plan
    sections = kp.Layout(columns=[kp.Column(role="content", header="工作内容")], sections=True)
    assert [c.role for c in _columns_for(plan, sections)] == ["task", "content", "units"]
    assert _through(plan.with_layout(sections), "docx") == plan


def test_a_group_is_written_as_a_second_header_row_under_one_spanning_cell() -> None:
    grouped = [
        kp.Column(role=c.role, header=c.header, group="责任单位" if c.role in ("leads", "partners") else None)
        for c in layouts.LEAD_COLUMNS.columns
    ]
    layout = kp.Layout(columns=grouped, leads=kp.LeadStyle.COLUMN)
    plan = kp.examples.shenmu().with_layout(layout)
    [grid] = document_from_plan(plan).tables
    assert grid.header_rows == 2
    header = [(c.row, c.col, c.text, c.rowspan, c.colspan) for c in grid.cells if c.row < 2]
    lead = [c.role for c in grouped].index("leads")
    assert (0, lead, "责任单位", 1, 2) in header
    assert (1, lead, grouped[lead].header, 1, 1) in header
    assert (1, lead + 1, grouped[lead + 1].header, 1, 1) in header
    assert all(rowspan == 2 for row, col, _, rowspan, _ in header if row == 0 and col not in (lead, lead + 1))
    for fmt in ("docx", "xlsx"):
        again = _through(plan, fmt)
        assert again == plan
        assert again.layout == layout


def test_a_group_over_one_column_reads_back_too() -> None:
    columns = [
        kp.Column(role=c.role, header=c.header, group="其他" if c.role == "units" else None)
        for c in layouts.SHENMU.columns
    ]
    plan = kp.examples.shenmu().with_layout(kp.Layout(columns=columns))
    for fmt in ("docx", "xlsx"):
        again = _through(plan, fmt)
        assert again == plan
        assert again.layout is not None
        assert again.layout.columns == tuple(columns)


@pytest.mark.parametrize("preset", [layouts.SHENMU, layouts.SECTIONS, layouts.LEAD_COLUMNS, layouts.MARKED])
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_the_shenmu_plan_moves_to_each_preset_layout_and_back(preset: Layout, fmt: str) -> None:
    plan = kp.examples.shenmu()
    moved = _through(plan.with_layout(preset), fmt)
    assert moved == normalise_for(plan, preset)
    assert [column.header for column in moved.layout.columns] == [column.header for column in preset.columns]  # type: ignore[union-attr]
    back = _through(moved.with_layout(layouts.SHENMU), fmt)
    assert back == normalise_for(plan, preset)


def test_a_plan_built_in_code_uses_the_shenmu_layout() -> None:
    grid = document_from_plan(kp.examples.shenmu()).tables[0]
    headers = [cell.text for cell in grid.cells if cell.row == 0]
    assert headers == ["重点行动\n重点工程", "主要任务", "主要内容", "负责单位"]


def test_columns_the_plan_needs_are_added_to_a_layout_that_lacks_them() -> None:
    plan = kp.examples.shenmu()
    first = plan.actions[0].tasks[0].duties[0]
    duty = kp.Duty(
        content=first.content, units=first.units, leads=first.units[:1], deadline="2025年", extra={"备注": "x"}
    )
    task = kp.Task(name=plan.actions[0].tasks[0].name, duties=[duty])
    edited = kp.Plan(title=plan.title, actions=[kp.Action(name=plan.actions[0].name, tasks=[task])])
    grid = document_from_plan(edited, layouts.MARKED).tables[0]
    headers = [cell.text for cell in grid.cells if cell.row == 0]
    assert headers == ["重点任务", "工作任务", "工作内容", "责任单位", "完成时限", "备注"]
    units_cell = next(cell for cell in grid.cells if cell.row == 1 and cell.col == 3)
    assert units_cell.text == "市教体局（牵头）\n市科协"


def test_the_lead_style_decides_the_units_cell() -> None:
    duty = kp.Duty(content="开展活动", units=["市科协", "市教体局", "团市委"], leads=["市教体局"])
    plan = kp.Plan(title="", actions=[kp.Action(name="甲行动", tasks=[kp.Task(name="任务", duties=[duty])])])
    group = kp.Layout(columns=layouts.MARKED.columns, leads=kp.LeadStyle.GROUP)
    cells = {cell.col: cell.text for cell in document_from_plan(plan, group).tables[0].cells if cell.row == 1}
    assert cells[3] == "市教体局牵头，市科协、团市委配合"
    assert normalise_for(plan, group).duties[0].units == (
        kp.Unit(name="市教体局"),
        kp.Unit(name="市科协"),
        kp.Unit(name="团市委"),
    )


def test_a_layout_checks_its_own_rules() -> None:
    with pytest.raises(kp.InvalidPlan, match="a layout needs a content column"):
        kp.Layout(columns=[kp.Column(role="task", header="主要任务"), kp.Column(role="action", header="行动")])
    # No task column is a table of two levels; a task column without actions is no table.
    assert kp.Layout(columns=[kp.Column(role="action", header="重点任务"), kp.Column(role="content", header="措施")])
    with pytest.raises(kp.InvalidPlan, match="actions are either a column or section rows"):
        kp.Layout(columns=[kp.Column(role="task", header="主要任务"), kp.Column(role="content", header="措施")])
    with pytest.raises(kp.InvalidPlan, match="actions are either a column or section rows"):
        kp.Layout(columns=layouts.SHENMU.columns, sections=True)
    with pytest.raises(kp.InvalidPlan, match="unknown numbering"):
        kp.Layout(columns=layouts.SHENMU.columns, action_numbering="A.")
    with pytest.raises(kp.InvalidPlan, match="unknown column role 'owner'"):
        kp.Column(role="owner", header="x")


def test_the_layout_is_not_part_of_plan_equality_but_survives_json() -> None:
    plan = kp.examples.shenmu()
    moved = plan.with_layout(layouts.SECTIONS)
    assert moved == plan
    assert kp.from_json(kp.to_json(moved)).layout == layouts.SECTIONS
