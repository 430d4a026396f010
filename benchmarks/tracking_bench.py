"""Tracking speed: report forms for every Shenmu unit, and collecting them back, as ratios to reading the
plan's XLSX as many times (it is that much reading and writing; goal: at most 3× each).

- forms: ``write_forms`` of the Shenmu plan (33 units, one XLSX each) against ``kp.read_xlsx`` of
  ``tests/data/shenmu-libreoffice.xlsx`` 33 times;
- collect: ``collect`` of those 33 forms, filled, against the same anchor.

Each time is the best of several repeats, in CPU time (``time.process_time``), in one process.

Run from the repository root:  python benchmarks/tracking_bench.py
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _common import best
from openpyxl import load_workbook

import kepu_plan as kp
from kepu_plan.tracking import collect, write_forms

GOAL = 3.0
FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "data" / "shenmu-libreoffice.xlsx"


def _fill(path: Path) -> None:
    """Answer every duty of a form, as a unit would."""
    workbook = load_workbook(path)
    sheet = workbook["报送表"]
    columns = {cell.value: cell.column for cell in sheet[4]}
    for row in range(5, sheet.max_row + 1):
        sheet.cell(row=row, column=columns["完成情况"]).value = "推进中"
        sheet.cell(row=row, column=columns["进展情况"]).value = "已召开推进会，完成年度计划的大部分工作。"
    workbook.save(path)


def run() -> tuple[float, float]:
    """Print the times and return the ratios (forms / anchor, collect / anchor)."""
    plan = kp.examples.shenmu()
    data = FIXTURE.read_bytes()
    units = len(plan.units)

    def anchor() -> None:
        for _ in range(units):
            kp.read_xlsx(io.BytesIO(data))

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        paths = write_forms(plan, out, period="2024年")
        assert len(paths) == units == 33
        for path in paths.values():
            _fill(path)
        forms = list(paths.values())
        result = collect(plan, forms)
        assert result.forms == 33
        assert not result.problems
        anchor_time = best(anchor, 5, time.process_time)
        forms_time = best(lambda: write_forms(plan, out / "again", period="2024年"), 5, time.process_time)
        collect_time = best(lambda: collect(plan, forms), 5, time.process_time)
    print(f"read_xlsx of the plan, {units} times: {anchor_time * 1000:8.1f} ms")
    for name, spent in (
        (f"write_forms, {units} units:", forms_time),
        (f"collect, {units} filled forms:", collect_time),
    ):
        print(f"{name:34s}{spent * 1000:8.1f} ms  ratio {spent / anchor_time:5.2f} (goal ≤ {GOAL})")
    return forms_time / anchor_time, collect_time / anchor_time


if __name__ == "__main__":
    run()
