"""XLSX reading and writing speed, as ratios to openpyxl doing the least the same job needs.

- read: ``kp.read_xlsx`` of a file against ``openpyxl.load_workbook`` of the same file alone
  (goal: at most 1.3×);
- write: ``kp.write_xlsx`` against openpyxl writing the same cells with ``ws.append`` and the same
  merges, without styles (goal: at most 1.5×);
- scaling: the time for 10,000 duties over the time for 1,000 (goal: at most 12), reading and
  writing.

For the Shenmu plan and generated plans of 1,000 and 10,000 duties (the Shenmu actions repeated,
their names prefixed ``第N组``).  Each time is the best of several repeats, in one process, in CPU
time (``time.process_time``): everything measured runs in this one thread, and CPU time is far less
disturbed than wall time by other programs busy on the same machine.

Run from the repository root:  python benchmarks/xlsx_bench.py
"""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import openpyxl
from _common import best, scaled_plan

import kepu_plan as kp
from kepu_plan.formats.xlsx import TABLE_SHEET, _targets_rows, _units_rows
from kepu_plan.layout import document_from_plan

GOAL_READ = 1.3
GOAL_WRITE = 1.5
GOAL_SCALING = 12.0


def _cpu(repeats: int, work: Callable[[], object]) -> float:
    return best(work, repeats, time.process_time)


def xlsx_bytes(plan: kp.Plan) -> bytes:
    buffer = io.BytesIO()
    kp.write_xlsx(plan, buffer)
    return buffer.getvalue()


def openpyxl_write(plan: kp.Plan) -> bytes:
    """openpyxl writing the cells kp.write_xlsx writes, with ``ws.append`` and the same merges."""
    document = document_from_plan(plan)
    grid = document.tables[0]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = TABLE_SHEET
    top = 1
    if document.label:
        sheet.append([document.label])
        top += 1
    if document.title:
        sheet.append([document.title])
        sheet.merge_cells(start_row=top, end_row=top, start_column=1, end_column=grid.ncols)
        top += 1
    for row in grid.rows():
        values: list[str | None] = [None] * grid.ncols
        for cell in row:
            values[cell.col] = cell.text
        sheet.append(values)
    for cell in grid.cells:
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(
                start_row=top + cell.row,
                end_row=top + cell.row + cell.rowspan - 1,
                start_column=cell.col + 1,
                end_column=cell.col + cell.colspan,
            )
    units = workbook.create_sheet("单位")
    for index, unit_row in enumerate(_units_rows(plan), start=1):
        units.append([index, *unit_row])
    targets = workbook.create_sheet("指标")
    for target_row in _targets_rows(plan):
        targets.append(list(target_row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def measure(label: str, plan: kp.Plan, repeats: int, baseline_repeats: int) -> tuple[float, float]:
    """Print the read and write ratios for one plan; return kp's read and write times."""
    data = xlsx_bytes(plan)
    assert kp.read_xlsx(io.BytesIO(data)) == plan
    read = _cpu(repeats, lambda: kp.read_xlsx(io.BytesIO(data)))
    write = _cpu(repeats, lambda: xlsx_bytes(plan))
    load = _cpu(baseline_repeats, lambda: openpyxl.load_workbook(io.BytesIO(data)))
    append = _cpu(baseline_repeats, lambda: openpyxl_write(plan))
    print(
        f"{label:>9} ({len(plan.duties):>5} duties): "
        f"read {read * 1000:7.1f} ms / load_workbook {load * 1000:7.1f} ms = {read / load:4.2f}x "
        f"(goal <= {GOAL_READ}); "
        f"write {write * 1000:7.1f} ms / append {append * 1000:7.1f} ms = {write / append:4.2f}x "
        f"(goal <= {GOAL_WRITE})"
    )
    return read, write


def run() -> None:
    """Measure and print every ratio of the issue."""
    print(f"openpyxl {openpyxl.__version__}, Python {sys.version.split()[0]}")
    measure("Shenmu", kp.examples.shenmu(), repeats=30, baseline_repeats=10)
    read_small, write_small = measure("generated", scaled_plan(1_000), repeats=15, baseline_repeats=5)
    read_large, write_large = measure("generated", scaled_plan(10_000), repeats=7, baseline_repeats=2)
    print(
        f"scaling 10,000 / 1,000 duties: read {read_large / read_small:5.2f}, "
        f"write {write_large / write_small:5.2f} (goal <= {GOAL_SCALING})"
    )


if __name__ == "__main__":
    run()
