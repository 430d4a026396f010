"""The sheets a workbook derives from the plan beside its table: 单位 (each unit's workload) and
指标 (every target, with columns to fill in), as grids built from the public views
:func:`kepu_plan.units.workload` and :meth:`Plan.targets() <kepu_plan.model.Plan.targets>`.

They are rebuilt on every write and never read: :data:`DERIVED_SHEETS` names them for the reader
to pass over.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Final

import attrs

from kepu_plan._grammar.status import STATUSES
from kepu_plan.grid import Cell, Document, Grid
from kepu_plan.model import Plan, walk_duties

__all__ = [
    "DERIVED_SHEETS",
    "STATUSES",
    "TABLE_SHEET",
    "TARGETS_SHEET",
    "UNITS_SHEET",
    "targets_rows",
    "units_rows",
    "with_derived_sheets",
]

TABLE_SHEET: Final = "分工表"
UNITS_SHEET: Final = "单位"
TARGETS_SHEET: Final = "指标"
DERIVED_SHEETS: Final = (UNITS_SHEET, TARGETS_SHEET)

#: The columns of each derived sheet: (header, role); the role sizes and aligns the column.
_UNITS_COLUMNS: Final = (
    ("序号", "number"),
    ("单位", "units"),
    ("负责事项数", "count"),
    ("牵头事项数", "count"),
    ("牵头的重点行动/工程", "extra"),
    ("参与的重点行动/工程", "extra"),
)
_TARGETS_COLUMNS: Final = (
    ("序号", "number"),
    ("重点行动/工程", "name"),
    ("主要任务", "name"),
    ("事项序号", "count"),
    ("负责单位", "units"),
    ("指标", "target"),
    ("指标对象", "extra"),
    ("要求", "short"),
    ("数量", "short"),
    ("计量单位", "short"),
    ("周期", "short"),
    ("完成值", "short"),
    ("完成情况", "short"),
)
Value = str | int | Decimal


def units_rows(plan: Plan) -> Iterator[tuple[str, int, int, str, str]]:
    """Each unit's workload, in the order of :attr:`Plan.units`: the unit, the duties it is
    responsible for, the duties it leads, the actions it leads and the actions it takes part in
    (one per line)."""
    from kepu_plan.units import workload  # only a workbook's writer needs it: reading does not load it

    load = workload(plan)
    for row in load.rows:
        led = [action.name for action in plan.actions if row.unit in action.leads]
        taking_part = dict.fromkeys(name for name, count in zip(load.actions, row.counts, strict=True) if count)
        yield row.unit.name, row.total, row.leads, "\n".join(led), "\n".join(taking_part)


def targets_rows(plan: Plan) -> Iterator[tuple[Value, ...]]:
    """One row per target: where it stands (action, task, the duty's number in the table), the
    units, the target's fields, and two empty cells to fill in."""
    # Each target beside its duty's number in the table (duties without targets count too).
    targets = ((place, target) for place in walk_duties(plan) for target in place.duty.targets)
    for index, (place, target) in enumerate(targets, 1):
        yield (
            index,
            place.action.name,
            place.task.name,
            place.number,
            "\n".join(unit.name for unit in place.duty.units),
            target.text,
            target.subject,
            target.comparator.word,
            target.quantity,
            target.measure,
            target.cadence.word,
            "",
            "",
        )


def _list_grid(
    sheet: str, columns: Sequence[tuple[str, str]], rows: Iterator[tuple[Value, ...]], choices: Sequence[str] = ()
) -> Grid:
    """A list sheet: a header row, then one row per item; numbers in the columns that hold them."""
    cells = [Cell(row=0, col=col, text=header) for col, (header, _) in enumerate(columns)]
    numeric: set[int] = set()
    count = 0
    for count, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            if isinstance(value, str):
                cells.append(Cell(row=count, col=col, text=value))
            else:
                numeric.add(col)
                cells.append(Cell(row=count, col=col, text=str(value)))
    return Grid(
        nrows=count + 1,
        ncols=len(columns),
        cells=tuple(cells),
        header_rows=1,
        column_roles=tuple(role for _, role in columns),
        sheet=sheet,
        number_columns=frozenset(numeric),
        choices=((len(columns) - 1, tuple(choices)),) if choices else (),
    )


def with_derived_sheets(document: Document, plan: Plan) -> Document:
    """A laid-out table (:func:`~kepu_plan.layout.document_from_plan`) as a workbook: its table on
    the sheet 分工表, then the sheets 单位 and 指标 derived from ``plan``."""
    if not document.tables:
        return document
    table, *_ = document.tables
    units = _list_grid(
        UNITS_SHEET, _UNITS_COLUMNS, ((index, *row) for index, row in enumerate(units_rows(plan), start=1))
    )
    targets = _list_grid(TARGETS_SHEET, _TARGETS_COLUMNS, targets_rows(plan), STATUSES)
    return attrs.evolve(document, tables=(attrs.evolve(table, sheet=TABLE_SHEET), units, targets))
