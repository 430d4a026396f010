"""Make the PDF test files: tables printed to PDF by LibreOffice, as counties publish them.

Each PDF has a source that kepu_plan reads without the PDF (a plan in JSON beside it, or a DOCX or
XLSX that :func:`county_docx` and :func:`county_xlsx` make again): the tests read the PDF and
compare the plan with the source's, name for name, content for content, unit for unit.

* ``preset-sections.pdf``, ``preset-two-row-header.pdf``: a part of the Shenmu plan written by
  kepu_plan with section rows and with a two-row header, on A6 paper so that the table runs over
  several pages (header rows repeated, merged cells continued); sources ``preset-*.json``.  The
  other presets (:func:`preset_plans`) are rendered by the tests where LibreOffice is installed;
* ``county-docx.pdf``: a table built with python-docx as a county office would (narrow columns
  that wrap unit names, long contents, rows that may break across pages, no repeated header, a
  running header on every page);
* ``running-title.pdf``: the same table with the title in the page header (above the table on
  every page) instead of the body;
* ``county-xlsx.pdf``: a workbook with cell borders built with openpyxl, printed by Calc;
* ``page-breaks/*.pdf``: generated plans (``page-breaks/*.json``, :data:`KEPT_BREAKS`) whose names at
  a page break once read back wrong, on the same small pages;
* ``scanned.pdf`` (a page that is a picture), ``no-table.pdf`` (text without a ruled table),
  ``password.pdf`` (needs a password to open; the password is 1234).

Run from the repository root:  python tests/data/pdf/make_fixtures.py   (needs soffice on PATH)
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import kepu_plan as kp

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
if str(ROOT / "tests") not in sys.path:
    sys.path.append(str(ROOT / "tests"))  # tests/_support.py, for a script or a benchmark that loads this file


def render(source: Path, out: Path, *, filter_options: str = "") -> Path:
    """``source`` (DOCX, XLSX, text …) printed to PDF by LibreOffice, into the folder ``out``."""
    render_all([source], out, filter_options=filter_options)
    return out / (source.stem + ".pdf")


def signature(plan: Any) -> list[object]:
    """What a PDF must keep of a plan: every action, task and duty in order, with each name, the
    action's leads, each duty's content, units and leads."""
    return [
        (
            action.name,
            [unit.name for unit in action.leads],
            [
                (
                    task.name,
                    [
                        (duty.content, [u.name for u in duty.units], [u.name for u in duty.leads])
                        for duty in task.duties
                    ],
                )
                for task in action.tasks
            ],
        )
        for action in plan.actions
    ]


def render_all(sources: list[Path], out: Path, *, timeout: float = 600, filter_options: str = "") -> None:
    """Every source printed to PDF into the folder ``out`` by one LibreOffice run, with a profile
    of its own (no lock shared with another LibreOffice): tests/_support.py's
    :func:`convert_all_with_libreoffice`, which skips a test where LibreOffice is missing."""
    from _support import convert_all_with_libreoffice

    target = "pdf" + (f":writer_pdf_Export:{filter_options}" if filter_options else "")
    convert_all_with_libreoffice(sources, target, out, timeout=timeout)


def two_row_layout() -> kp.Layout:
    """Lead and partner columns under one 责任单位 header cell, a 序号 column: a two-row header."""
    from kepu_plan import Column, Layout, LeadStyle

    return Layout(
        columns=[
            Column(role="number", header="序号"),
            Column(role="action", header="重点工作"),
            Column(role="task", header="工作任务"),
            Column(role="content", header="工作措施"),
            Column(role="leads", header="牵头单位", group="责任单位"),
            Column(role="partners", header="配合单位", group="责任单位"),
        ],
        leads=LeadStyle.COLUMN,
    )


def preset_plans() -> dict[str, kp.Plan]:
    """Part of the Shenmu plan in each layout preset, by fixture name."""
    import attrs

    import kepu_plan as kp

    shenmu = kp.examples.shenmu()
    actions = [
        attrs.evolve(action, tasks=[attrs.evolve(task, duties=task.duties[:2]) for task in action.tasks[:2]])
        for action in shenmu.actions[:3]
    ]
    part = attrs.evolve(shenmu, actions=actions)
    return {
        "preset-shenmu": part,
        "preset-sections": part.with_layout(kp.layouts.SECTIONS),
        "preset-lead-columns": part.with_layout(kp.layouts.LEAD_COLUMNS),
        "preset-marked": part.with_layout(kp.layouts.MARKED),
        "preset-two-row-header": part.with_layout(two_row_layout()),
    }


def county_docx(path: Path, *, running_title: bool = False) -> None:
    """A table as a county office builds it in Word: narrow unit column, long contents, merged
    action and task cells, units one per line or separated by 、, rows free to break over pages.

    With ``running_title`` the title is not a paragraph of the body but the page header, printed
    above the table on every page (the office's name is then not in the header)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(148), Mm(210)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Mm(15))
    style = document.styles["Normal"]
    style.font.size = Pt(10.5)
    title = "某县全民科学素质行动目标任务分工表"
    # a running header on every page: the office's name, or the title
    section.header.paragraphs[0].text = title if running_title else "某县全民科学素质工作领导小组办公室"
    document.add_paragraph("附件2")
    if not running_title:
        document.add_paragraph(title)
    rows = [
        ("重点工程", "主要任务", "主要内容", "责任单位"),
        (
            "科普基础设施强化工程（县发改科技局、县科协牵头）",
            "加强科技馆建设",
            "推动县科技馆提档升级，建设5个科普教育基地，每年开展科普展览不少于10场次，"
            "推动科普展教品研发和“互联网+科普”展示，提升科技馆的服务能力和覆盖面。",
            "县发改科技局、县科协、县财政局等部门",
        ),
        (
            None,
            None,
            "鼓励和支持社会力量兴办科普场馆，推进图书馆、文化馆、博物馆等公共设施开展科普活动。",
            "县文旅局\n县科协",
        ),
        (
            None,
            "推进科普信息化",
            "推进信息技术与科学教育深度融合，建设“科普中国”乡村e站20个，实现科普内容多渠道全媒体传播，扩大科普覆盖面。",
            "县委宣传部\n县融媒体中心\n县科协",
        ),
        (
            "基层科普能力提升工程（县科协牵头）",
            "健全基层科普服务体系",
            "开展科普示范镇（街道）、村（社区）创建，打造一批科普文化长廊，完善基层科普体系建设，"
            "每年组织科技工作者下乡服务不少于30人次。",
            "县科协\n各镇人民政府、街道办事处",
        ),
        (None, None, "加强应急科普，提升公众应对突发事件的能力。", "县应急管理局\n县卫健局\n县科协"),
    ]
    table = document.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    widths = (Mm(22), Mm(22), Mm(54), Mm(20))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = widths[c]
            if value is not None:
                lines = value.split("\n")
                cell.paragraphs[0].text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)
    for column, top, bottom in ((0, 1, 3), (1, 1, 2), (0, 4, 5), (1, 4, 5)):
        table.cell(top, column).merge(table.cell(bottom, column))
    document.add_paragraph("注：各单位于每年12月底前报送进展情况。")
    document.save(str(path))


def county_xlsx(path: Path) -> None:
    """A workbook as a county office prints it: bordered cells, merged action and task cells,
    wrapped text, landscape A4 fitted to the page width."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Side

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "分工表"
    sheet.append(["附件"])
    sheet.append(["某县科学素质行动任务分工表"])
    rows = [
        ("重点行动", "主要任务", "工作措施", "牵头单位", "配合单位"),
        (
            "青少年科学素质提升行动",
            "提升基础教育阶段科学教育水平",
            "每年开展“科学实验秀”10场次，推行场景式、体验式学习。",
            "县教体局",
            "县科协",
        ),
        (None, None, "加强农村中小学科学教育基础设施建设。", "县教体局", "县发改科技局、县财政局"),
        (None, "实施教师科学素质提升工程", "每年培训科学教师和科技辅导员60名以上。", "县教体局", "县科协"),
        (
            "农民科学素质提升行动",
            "实施乡村振兴科技支撑行动",
            "每年培育乡村科技人才50名，组建科技人才队伍。",
            "县科协",
            "县农业农村局\n县人社局",
        ),
    ]
    for values in rows:
        sheet.append(list(values))
    sheet.merge_cells("A4:A6")
    sheet.merge_cells("B4:B5")
    thin = Side(style="thin", color="000000")
    for row in sheet.iter_rows(min_row=3, max_row=3 + len(rows) - 1, max_col=5):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for letter, width in zip("ABCDE", (14, 18, 40, 12, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    for r in range(4, 3 + len(rows)):  # Calc keeps the heights a workbook gives: room for two lines
        sheet.row_dimensions[r].height = 36
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    assert sheet.sheet_properties.pageSetUpPr is not None
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    book.save(str(path))


def scanned(path: Path) -> None:
    """A PDF whose page is a picture of a table: no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 400), 255)
    draw = ImageDraw.Draw(image)
    for x in (50, 200, 550):
        draw.line([(x, 50), (x, 350)], fill=0, width=2)
    for y in (50, 150, 250, 350):
        draw.line([(50, y), (550, y)], fill=0, width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PDF", resolution=72)
    path.write_bytes(buffer.getvalue())


def small_style() -> kp.DocxStyle:
    """A5-sized pages with one font: tables over several pages in small files."""
    import kepu_plan as kp

    font = "仿宋_GB2312"
    return kp.DocxStyle(paper_width=105, paper_height=148, margin_left=10, margin_right=10, margin_top=10,
                     margin_bottom=12, body_size=9, header_size=9, title_size=12, label_size=10,
                     page_number_size=9, label_font=font, title_font=font, header_font=font,
                     page_number_font=font, page_numbers="none")  # fmt: skip


#: The presets whose PDFs are kept here (the others are made by the tests where LibreOffice is).
KEPT = ("preset-sections", "preset-two-row-header")

#: Generated plans in page-breaks/ whose PDFs are kept beside them: names at a page break that
#: once read back wrong.  Printed again by another LibreOffice, a page may break elsewhere: check
#: that the new PDF still shows the break its name says (tests/formats/test_pdf.py, KEPT_BREAKS).
KEPT_BREAKS = (
    "task-sets-its-row-beside-an-action-going-on",
    "task-sets-its-row-beside-a-wrapped-action",
    "centred-action-ends",
    "lead-mark-goes-on-after-a-name-end",
)


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    import kepu_plan as kp
    from _support import NO_LIBREOFFICE, SOFFICE

    if SOFFICE is None:
        print(NO_LIBREOFFICE, file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory() as work_name:
        work = Path(work_name)
        for name, plan in preset_plans().items():
            assert isinstance(plan, kp.Plan)
            if name not in KEPT:
                continue
            source = work / f"{name}.docx"
            kp.write(plan, source, style=small_style())
            shutil.copy(render(source, work), HERE / f"{name}.pdf")
            kp.write_json(plan, HERE / f"{name}.json")
        for name in KEPT_BREAKS:
            source = work / f"{name}.docx"
            kp.write(kp.read_json(HERE / "page-breaks" / f"{name}.json"), source, style=small_style())
            shutil.copy(render(source, work), HERE / "page-breaks" / f"{name}.pdf")
        # The sources of the county tables are made again by the tests, not kept here: every DOCX
        # and XLSX under tests/data is an input of the fuzzing tests.
        county_docx(work / "county-docx.docx")
        shutil.copy(render(work / "county-docx.docx", work), HERE / "county-docx.pdf")
        county_docx(work / "running-title.docx", running_title=True)
        shutil.copy(render(work / "running-title.docx", work), HERE / "running-title.pdf")
        county_xlsx(work / "county-xlsx.xlsx")
        shutil.copy(render(work / "county-xlsx.xlsx", work), HERE / "county-xlsx.pdf")
        text = work / "no-table.txt"
        text.write_text("附件\n某县目标任务分工表\n（正文另发，此处只有文字，没有表格。）\n", encoding="utf-8")
        shutil.copy(render(text, work), HERE / "no-table.pdf")
        secret = work / "password.txt"
        secret.write_text("附件\n某县目标任务分工表\n", encoding="utf-8")
        options = (
            '{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"1234"}}'
        )
        shutil.copy(render(secret, work, filter_options=options), HERE / "password.pdf")
        scanned(HERE / "scanned.pdf")
    for path in sorted(HERE.iterdir()):
        print(f"{path.name:32} {path.stat().st_size:>9,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
