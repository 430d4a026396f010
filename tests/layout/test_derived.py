"""The sheets a workbook derives from the plan (单位, 指标), built from the public views
``kepu_plan.units.workload`` and ``Plan.targets()``."""

from __future__ import annotations

from hypothesis import given, settings

import kepu_plan as kp
from kepu_plan.layout import (
    STATUSES,
    TABLE_SHEET,
    TARGETS_SHEET,
    UNITS_SHEET,
    document_from_plan,
    targets_rows,
    units_rows,
    with_derived_sheets,
)
from kepu_plan.testing import plans


def counted_by_hand(plan: kp.Plan) -> list[tuple[str, int, int, str, str]]:
    """Each unit's workload, counted by a walk over the plan, duty by duty."""
    rows = []
    for unit in plan.units:
        responsible = sum(1 for duty in plan.duties if unit in duty.units)
        led = sum(1 for duty in plan.duties if unit in duty.leads)
        leads = [action.name for action in plan.actions if unit in action.leads]
        part = [action.name for action in plan.actions if any(unit in duty.units for duty in action.duties)]
        rows.append((unit.name, responsible, led, "\n".join(leads), "\n".join(dict.fromkeys(part))))
    return rows


@settings(max_examples=60, deadline=None)
@given(plans())
def test_the_units_rows_are_each_units_workload_counted_duty_by_duty(plan: kp.Plan) -> None:
    assert list(units_rows(plan)) == counted_by_hand(plan)


def test_the_units_rows_of_the_shenmu_plan_match_a_count_by_hand() -> None:
    plan = kp.examples.shenmu()
    rows = list(units_rows(plan))
    assert rows == counted_by_hand(plan)
    assert any(count > 1 for _, count, _, _, _ in rows)


@settings(max_examples=60, deadline=None)
@given(plans())
def test_each_targets_row_names_the_duty_it_came_from_by_its_number(plan: kp.Plan) -> None:
    duties = plan.duties
    rows = list(targets_rows(plan))
    assert [row[0] for row in rows] == list(range(1, len(rows) + 1))
    assert [row[5] for row in rows] == [target.text for *_, target in plan.targets()]
    for row in rows:
        duty = duties[int(row[3]) - 1]
        assert str(row[5]) in duty.content
        assert row[4] == "\n".join(unit.name for unit in duty.units)
        assert row[-2:] == ("", "")


def test_the_shenmu_targets_rows_number_duties_in_reading_order() -> None:
    plan = kp.examples.shenmu()
    rows = list(targets_rows(plan))
    assert len(rows) == len(plan.targets()) > 10
    numbers = [int(row[3]) for row in rows]
    assert numbers == sorted(numbers)
    assert max(numbers) <= len(plan.duties)


def test_a_workbook_document_holds_the_table_then_the_two_derived_sheets() -> None:
    plan = kp.examples.shenmu()
    document = with_derived_sheets(document_from_plan(plan), plan)
    table, units, targets = document.tables
    assert (table.sheet, units.sheet, targets.sheet) == (TABLE_SHEET, UNITS_SHEET, TARGETS_SHEET)
    assert table.cells == document_from_plan(plan).tables[0].cells
    assert units.nrows == len(plan.units) + 1
    assert targets.nrows == len(plan.targets()) + 1
    assert [cell.text for cell in next(units.rows())][:3] == ["序号", "单位", "负责事项数"]
    assert units.number_columns == frozenset({0, 2, 3})
    assert targets.number_columns == frozenset({0, 3, 8})
    assert targets.choices == ((12, STATUSES),)
    assert units.choices == ()


def test_the_derived_sheets_of_a_plan_without_targets_have_only_their_header() -> None:
    plan = kp.Plan(
        title="表",
        actions=[kp.Action(name="甲行动", tasks=[kp.Task(name="任务", duties=[kp.Duty(content="开展活动")])])],
    )
    _, units, targets = with_derived_sheets(document_from_plan(plan), plan).tables
    assert (units.nrows, targets.nrows) == (1, 1)
    assert [cell.row for cell in targets.cells] == [0] * 13


def test_a_document_without_a_table_is_left_as_it_is() -> None:
    document = kp.grid.Document(tables=())
    assert with_derived_sheets(document, kp.examples.shenmu()) is document
