"""Track the quantified targets (指标) of a table in the XLSX ledger.

    python examples/track_targets.py [OUTDIR] [TABLE]

1. find every target in the table's duties (by default the Shenmu table) and list them, with the
   units responsible, in 指标清单.csv;
2. write the ledger 指标台账.xlsx: the table itself (sheet 分工表), each unit's workload (单位) and
   one row per target (指标) with the columns 完成值 and 完成情况 (a drop-down) to fill in;
3. play the departments' part: fill in a few rows and save the result as 指标台账-已填报.xlsx;
4. read the filled-in ledger back: the progress per status into 进展.txt, and the table itself,
   which kepu_plan reads unchanged (it ignores the derived sheets).

kepu_plan rebuilds the 单位 and 指标 sheets whenever it writes a workbook, so keep the filled-in
ledger as its own file and do not write over it with ``kp.write``.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from collections import Counter
from pathlib import Path

from openpyxl import load_workbook

import kepu_plan as kp

#: The sheet kepu_plan writes the targets to, and the headers of the columns this script uses.
TARGETS_SHEET = "指标"
TARGET, DONE, STATUS = "指标", "完成值", "完成情况"


def list_targets(plan: kp.Plan, path: Path) -> int:
    """Write every target with its place and units to a CSV file; return how many there are."""
    rows = [("重点行动/工程", "主要任务", "负责单位", "指标", "数量", "计量单位", "要求", "周期", "对象")]
    for action, task, duty, target in plan.targets():
        rows.append(
            (
                action.name,
                task.name,
                "、".join(unit.name for unit in duty.units),
                target.text,
                str(target.quantity),
                target.measure,
                target.comparator.name,
                target.cadence.name,
                target.subject,
            )
        )
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file).writerows(rows)
    return len(rows) - 1


def columns(sheet: object) -> dict[str, int]:
    """The 1-based column of each header in the sheet's first row."""
    return {cell.value: cell.column for cell in sheet[1] if cell.value}  # type: ignore[index]


def fill_in(ledger: Path, filled: Path) -> None:
    """What the departments do in Excel: enter the figures reached and pick a status."""
    workbook = load_workbook(ledger)
    sheet = workbook[TARGETS_SHEET]
    at = columns(sheet)
    entries = [("10", "已完成"), ("3", "推进中"), ("", "未启动")]
    for row, (done, status) in enumerate(entries, start=2):
        if done:
            sheet.cell(row=row, column=at[DONE], value=done)
        sheet.cell(row=row, column=at[STATUS], value=status)
    workbook.save(filled)


def progress(filled: Path) -> Counter[str]:
    """How many targets have each status in a filled-in ledger (未填 for none)."""
    workbook = load_workbook(filled, read_only=True)
    sheet = workbook[TARGETS_SHEET]
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    status_col = header.index(STATUS)
    counts: Counter[str] = Counter()
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if any(value is not None for value in row):
            counts[row[status_col] or "未填"] += 1
    workbook.close()
    return counts


def main(outdir: Path, table: Path | None = None) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    plan = kp.read(table) if table is not None else kp.examples.shenmu()

    count = list_targets(plan, outdir / "指标清单.csv")
    print(f"{plan.title}\n{len(plan.duties)} 条内容里有 {count} 个数量指标：")
    for action, _task, duty, target in plan.targets():
        units = "、".join(unit.name for unit in duty.units)
        print(f"  {target.text}（{action.name}；{units}）")

    ledger = outdir / "指标台账.xlsx"
    kp.write(plan, ledger)
    filled = outdir / "指标台账-已填报.xlsx"
    fill_in(ledger, filled)

    counts = progress(filled)
    report = "\n".join(f"{status}：{n} 个" for status, n in counts.most_common())
    (outdir / "进展.txt").write_text(report + "\n", encoding="utf-8")
    print(f"\n填报进展：\n{report}")

    assert kp.read(filled) == plan, "the filled-in ledger still holds the same table"
    print(f"\n已写入 {outdir}：指标清单.csv、指标台账.xlsx、指标台账-已填报.xlsx、进展.txt")


if __name__ == "__main__":
    try:
        main(
            Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="kepu-plan-targets-")),
            Path(sys.argv[2]) if len(sys.argv) > 2 else None,
        )
    except (kp.KepuPlanError, OSError) as error:  # a missing or unreadable table, a folder that cannot be made
        sys.exit(f"{Path(__file__).name}: {error}")
