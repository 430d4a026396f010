"""The yearly tracking cycle: report forms out, filled forms back into a ledger, a progress report.

    python examples/yearly_tracking.py [OUTDIR]

1. write one report form (报送表) per responsible unit of the Shenmu table, for 2024年, into
   报送表/;
2. play the units' part: fill every form with openpyxl as a unit would (a status from the
   drop-down list, the progress, the evidence, each 完成值), one unit writing 约60, one unit not
   answering at all, and put the filled forms in 回收/;
3. collect the returned forms: the ledger 台账2024.xlsx (sheets 台账, 指标, 单位) and
   台账2024.json, and the problems found in 问题清单.txt;
4. write the report, 2024年进展.html (one page, open it in a browser) and 2024年进展.docx.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook

import kepu_plan as kp
from kepu_plan.tracking import collect, write_forms, write_ledger, write_report

STATUSES = ("已完成", "已完成", "推进中", "已完成", "未启动", "推进中", "滞后")
SILENT = "市气象局"  # the unit that does not answer
ROUNDED = "市科协"  # the unit that writes 约60 for its first figure


def fill(form: Path, out: Path, unit: str) -> None:
    """Fill a form as its unit would and save it into ``out``."""
    workbook = load_workbook(form)
    sheet = workbook["报送表"]
    columns = {cell.value: cell.column for cell in sheet[4]}
    figures = sorted(column for header, column in columns.items() if str(header).startswith("完成值"))
    for row in range(5, sheet.max_row + 1):
        number = sheet.cell(row=row, column=columns["序号"]).value
        assert isinstance(number, int)
        sheet.cell(row=row, column=columns["完成情况"]).value = STATUSES[(number + len(unit)) % len(STATUSES)]
        sheet.cell(row=row, column=columns["进展情况"]).value = f"{unit}已将第{number}项列入年度工作要点，按计划推进。"
        sheet.cell(row=row, column=columns["佐证材料"]).value = f"{unit}-{number}.pdf"
        for column in figures:
            planned = sheet.cell(row=row, column=column - 1).value
            if isinstance(planned, int | float):
                sheet.cell(row=row, column=column).value = round(planned * (0.6 + number % 5 / 10))
    if unit == ROUNDED:
        row = next(r for r in range(5, sheet.max_row + 1) if sheet.cell(row=r, column=figures[0]).value is not None)
        sheet.cell(row=row, column=figures[0]).value = "约60"
    workbook.save(out / form.name)


def main(outdir: Path) -> None:
    plan = kp.examples.shenmu()
    forms = write_forms(plan, outdir / "报送表", period="2024年")
    print(f"已为 {len(forms)} 个单位生成报送表：{outdir / '报送表'}")

    returned = outdir / "回收"
    returned.mkdir(parents=True, exist_ok=True)
    for unit, form in forms.items():
        if unit != SILENT:
            fill(form, returned, unit)

    result = collect(plan, sorted(returned.glob("*.xlsx")))
    ledger = result.ledger
    write_ledger(ledger, outdir / "台账2024.xlsx")
    write_ledger(ledger, outdir / "台账2024.json", problems=result.problems)
    (outdir / "问题清单.txt").write_text("".join(f"{problem}\n" for problem in result.problems), encoding="utf-8")
    missing = "、".join(ledger.missing_units) or "无"
    print(f"汇总 {result.forms} 份报送表，未报送：{missing}；问题 {len(result.problems)} 个：")
    for problem in result.problems:
        print(f"  [{problem.code}] {problem}")

    write_report([ledger], outdir / "2024年进展.html")
    write_report([ledger], outdir / "2024年进展.docx")
    print(
        f"已写入 {outdir}：报送表/、回收/、台账2024.xlsx、台账2024.json、问题清单.txt、2024年进展.html、2024年进展.docx"
    )


if __name__ == "__main__":
    try:
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="kepu-plan-tracking-")))
    except (kp.KepuPlanError, OSError) as error:  # a folder that cannot be made, a file that cannot be written
        sys.exit(f"{Path(__file__).name}: {error}")
