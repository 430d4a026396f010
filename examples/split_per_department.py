"""Split a table per department: one file for each responsible unit with its own duties.

    python examples/split_per_department.py [OUTDIR] [TABLE]

Reads TABLE (by default the Shenmu table) and writes into OUTDIR (a temporary folder if not given):

- 各单位/<单位>.docx for every unit responsible for at least one duty: the actions and tasks that
  hold its duties, each duty whole (so the department sees whom it works with and whether it
  leads), titled …分工表（单位）;
- 各单位/index.csv (the name ``kepu-plan split`` gives it): unit, file, duties, duties led, actions led;
  a text a spreadsheet would run as a formula (a unit named ``=A1``) is written with a leading ``'``.

It uses the per-unit functions of kepu_plan: ``Plan.for_unit`` (``kepu_plan.units.for_unit``),
``Plan.duties_of``, ``Plan.led_by`` and ``kp.workload``.  The command line does the same with
``kepu-plan split TABLE OUTDIR``.
"""

from __future__ import annotations

import csv
import re
import sys
import tempfile
from pathlib import Path

import kepu_plan as kp
from kepu_plan.cli.split import INDEX, csv_text


def file_name(unit: kp.Unit, suffix: str = ".docx") -> str:
    """A file name for the unit that every operating system accepts (unit names rarely need it)."""
    return re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", unit.name) + suffix


def main(outdir: Path, table: Path | None = None) -> None:
    plan = kp.read(table) if table is not None else kp.examples.shenmu()
    folder = outdir / "各单位"
    folder.mkdir(parents=True, exist_ok=True)

    index = [("单位", "文件", "负责内容", "牵头内容", "牵头行动")]
    for unit in plan.units:
        duties = plan.duties_of(unit)
        led = plan.led_by(unit)
        if not duties:  # a unit that only leads an action has no duties of its own
            index.append((unit.name, "", "0", str(len(led.duties)), str(len(led.actions))))
            continue
        own = plan.for_unit(unit)
        path = folder / file_name(unit)
        kp.write(own, path)
        index.append((unit.name, path.name, str(len(duties)), str(len(led.duties)), str(len(led.actions))))
        print(f"{unit.name}：{len(duties)} 条内容，{len(own.actions)} 项行动 → {path.name}")

    with (folder / INDEX).open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file).writerows([[csv_text(cell) for cell in row] for row in index])
    written = sum(1 for row in index[1:] if row[1])
    print(f"\n已在 {folder} 写入 {written} 个单位的分工表和 {INDEX}")


if __name__ == "__main__":
    try:
        main(
            Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="kepu-plan-split-")),
            Path(sys.argv[2]) if len(sys.argv) > 2 else None,
        )
    except (kp.KepuPlanError, OSError) as error:  # a missing or unreadable table, a folder that cannot be made
        sys.exit(f"{Path(__file__).name}: {error}")
