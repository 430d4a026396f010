"""Attach the allocation table to a report written with python-docx, and to a workbook of openpyxl.

    python examples/attach_to_report.py [OUTDIR]

A county writes the body of its implementation plan (实施方案) with python-docx, in its own styles,
and attaches the Shenmu allocation table with kepu_plan: the table follows the body in a new A4
landscape section, laid out as kepu_plan's own DOCX writer lays it out.  For the departments it
also keeps a workbook with an instructions sheet (填报说明) made with openpyxl, to which kepu_plan
adds the table sheet and the 单位 and 指标 sheets.  Writes into OUTDIR (a temporary folder if not
given):

- 实施方案.docx: the body, then 附件, the title and the table on landscape pages;
- 分工表与填报说明.xlsx: 填报说明, then 分工表, 单位, 指标.

Both files are read back and compared with the plan.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import docx
import openpyxl
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt
from openpyxl.styles import Alignment, Font

import kepu_plan as kp

BODY = [
    ("heading", "神木市贯彻《全民科学素质行动规划纲要（2021—2035年）》实施方案"),
    ("text", "为贯彻落实国务院《全民科学素质行动规划纲要（2021—2035年）》，结合我市实际，制定本方案。"),
    ("heading", "一、总体要求"),
    ("text", "以提升全民科学素质为目标，以青少年、农民、产业工人、老年人、领导干部和公务员为重点人群。"),
    ("heading", "二、组织实施"),
    ("text", "各牵头单位按照附件分工，每年12月底前向市科协报送工作进展。"),
    ("text", "附件：神木市“十四五”目标任务分工表"),
]


def write_report(plan: kp.Plan, path: Path) -> None:
    """The body with python-docx, in a county's style (first lines indented, 1.5 line spacing),
    then the table appended by kepu_plan."""
    document = docx.Document()
    page = document.sections[0]  # A4 portrait with the margins of GB/T 9704
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.top_margin, page.bottom_margin, page.left_margin, page.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    normal.paragraph_format.first_line_indent = Pt(32)
    normal.paragraph_format.line_spacing = 1.5
    for kind, text in BODY:
        if kind == "heading":
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    kp.write_docx(plan, document)  # 附件, the title and the table, in a new landscape section
    document.save(str(path))
    pages = []
    for section in document.sections:
        turned = "横向" if section.orientation == WD_ORIENT.LANDSCAPE else "纵向"
        if section.page_width is not None and section.page_height is not None:
            pages.append(f"{turned} {section.page_width.mm:.0f}×{section.page_height.mm:.0f} mm")
    sections = "，".join(pages)
    print(f"  {path.name}：正文 {len(BODY)} 段，分工表附在新的一节（{sections}）")


def write_workbook(plan: kp.Plan, path: Path) -> None:
    """An instructions sheet with openpyxl, then the plan's sheets added by kepu_plan."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "填报说明"
    sheet["A1"] = "神木市“十四五”目标任务填报说明"
    sheet["A1"].font = Font(bold=True, size=14)
    lines = [
        "1. “分工表”是市政府印发的分工，请勿改动。",
        "2. 各单位在“指标”表填写“完成值”，在“完成情况”中选择。",
        "3. “单位”表列出各单位负责的内容条数。",
        "4. 每年12月底前报市科协。",
    ]
    for row, line in enumerate(lines, start=3):
        sheet.cell(row=row, column=1, value=line).alignment = Alignment(wrap_text=True)
    sheet.column_dimensions["A"].width = 60
    kp.write_xlsx(plan, workbook)  # 分工表, 单位 and 指标 after 填报说明
    workbook.save(path)
    print(f"  {path.name}：{'、'.join(workbook.sheetnames)}")


def main(outdir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    plan = kp.examples.shenmu()
    print(f"{plan.title}：{len(plan.actions)} 项行动/工程，{len(plan.duties)} 条内容")
    report, workbook = outdir / "实施方案.docx", outdir / "分工表与填报说明.xlsx"
    write_report(plan, report)
    write_workbook(plan, workbook)
    for path in (report, workbook):
        same = kp.read(path) == plan
        print(f"  {path.name}：{'读回一致' if same else '读回不一致'}")
        if not same:
            raise SystemExit(f"{path} does not read back as the plan attached")
    print(f"已写入 {outdir}")


if __name__ == "__main__":
    try:
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="kepu-plan-attach-")))
    except (kp.KepuPlanError, OSError) as error:  # a folder that cannot be made, a file that cannot be written
        sys.exit(f"{Path(__file__).name}: {error}")
