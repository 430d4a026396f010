"""python-docx Documents and openpyxl Workbooks the user holds: the plan is appended to them or added
as sheets, and read from them, as the files they are saved as."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Pt
from hypothesis import HealthCheck, given, settings
from openpyxl.cell.rich_text import CellRichText

import kepu_plan as kp
from _support import convert_with_libreoffice, needs_libreoffice
from kepu_plan.formats.docx import DocxStyle
from kepu_plan.testing import plans

DATA = Path(__file__).resolve().parent.parent / "data"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BODY = ("神木市实施方案", "为贯彻落实《全民科学素质行动规划纲要（2021—2035年）》，制定本方案。")
PLAN_SHEETS = ["分工表", "单位", "指标"]


def report() -> Any:
    """A county's implementation plan body, written with python-docx."""
    document = docx.Document()
    document.add_heading(BODY[0], level=1)
    document.add_paragraph(BODY[1])
    return document


def saved_docx(document: Any) -> io.BytesIO:
    stream = io.BytesIO()
    document.save(stream)
    stream.seek(0)
    return stream


def instructions() -> Any:
    """A workbook with a sheet 说明 holding some cells."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "说明"
    sheet["A1"] = "填报说明"
    sheet["A2"] = "各单位于每年12月底前填报“完成值”。\n有疑问请联系市科协。"
    sheet["B3"] = 2025
    sheet["C4"] = dt.date(2025, 1, 31)
    sheet.merge_cells("A6:C6")
    sheet["A6"] = "注：本表由市科协汇总。"
    sheet.column_dimensions["A"].width = 40
    return workbook


def sheet_cells(sheet: Any) -> dict[str, tuple[object, str]]:
    return {cell.coordinate: (cell.value, cell.data_type) for row in sheet.iter_rows() for cell in row}


# --- DOCX ----------------------------------------------------------------------------------------


def test_the_plan_appended_to_a_report_reads_back_after_the_body_text() -> None:
    shenmu = kp.examples.shenmu()
    document = report()
    original = document.sections[0]
    orientation, width, height = original.orientation, original.page_width, original.page_height
    kp.write_docx(shenmu, document)
    stream = saved_docx(document)

    assert kp.read_docx(stream) == shenmu
    stream.seek(0)
    again = docx.Document(stream)
    body = again.element.body
    first_table = body.index(body.find(f"{W}tbl"))
    texts = [p.text for p in again.paragraphs]
    assert texts[:2] == list(BODY)
    assert all(body.index(p._p) < first_table for p in again.paragraphs[:2])
    assert texts[2:4] == [shenmu.label, shenmu.title.replace("》", "》\n", 1)]
    first, attached = again.sections
    assert (first.orientation, first.page_width, first.page_height) == (orientation, width, height)
    assert attached.orientation == WD_ORIENT.LANDSCAPE
    assert attached.page_width is not None
    assert attached.page_height is not None
    assert (round(attached.page_width.mm), round(attached.page_height.mm)) == (297, 210)


def test_the_body_text_ends_the_first_section_without_an_extra_paragraph() -> None:
    document = report()
    kp.write_docx(kp.examples.shenmu(), document)
    closing = document.paragraphs[1]._p
    assert closing.pPr is not None
    assert closing.pPr.sectPr is not None
    assert [p.text for p in document.paragraphs[:2]] == list(BODY)


def test_a_report_ending_in_its_own_table_gets_a_paragraph_to_end_its_section() -> None:
    # The label and the title stand between the report's table and the plan's: read back all the same.
    shenmu = kp.examples.shenmu()
    document = report()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "年份"
    table.cell(1, 0).text = "2025"
    kp.write_docx(shenmu, document)
    body = document.element.body
    own_table = body.find(f"{W}tbl")
    holder = own_table.getnext()
    assert holder.tag == f"{W}p"
    assert holder.find(f"{W}pPr/{W}sectPr") is not None
    read_back = kp.read_docx(saved_docx(document))
    assert read_back == shenmu
    assert (read_back.label, read_back.title) == (shenmu.label, shenmu.title)


def test_an_empty_document_starts_with_the_plan_and_no_blank_page() -> None:
    shenmu = kp.examples.shenmu()
    document = docx.Document()
    kp.write_docx(shenmu, document)
    assert len(document.sections) == 1
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert document.paragraphs[0].text == shenmu.label
    assert kp.read_docx(saved_docx(document)) == shenmu


def test_a_section_just_added_is_taken_by_the_plan_without_an_empty_page() -> None:
    shenmu = kp.examples.shenmu()
    document = report()
    document.add_section()
    kp.write_docx(shenmu, document)
    assert len(document.sections) == 2
    assert document.sections[1].orientation == WD_ORIENT.LANDSCAPE
    assert [p.text for p in document.paragraphs[:4]] == [*BODY, "", shenmu.label]
    assert kp.read_docx(saved_docx(document)) == shenmu


def test_a_body_without_section_properties_keeps_its_default_page() -> None:
    shenmu = kp.examples.shenmu()
    document = report()
    body = document.element.body
    body.remove(body.find(f"{W}sectPr"))
    kp.write_docx(shenmu, document)
    first, attached = document.sections
    assert first._sectPr.find(f"{W}pgSz") is None
    assert first._sectPr.getparent().getparent() is document.paragraphs[1]._p
    assert attached.orientation == WD_ORIENT.LANDSCAPE
    assert kp.read_docx(saved_docx(document)) == shenmu


def test_the_table_styles_do_not_take_the_indent_and_spacing_of_the_users_normal_style() -> None:
    document = report()
    normal = document.styles["Normal"].paragraph_format
    normal.first_line_indent = Pt(32)
    normal.line_spacing = 1.5
    kp.write_docx(kp.examples.shenmu(), document)
    body = document.styles.element.find(f"{W}style[@{W}styleId='KpBody']")
    assert body is not None
    assert body.find(f"{W}basedOn") is None
    indent = body.find(f"{W}pPr/{W}ind")
    assert indent.get(f"{W}firstLine") == "0"
    assert indent.get(f"{W}firstLineChars") == "0"
    spacing = body.find(f"{W}pPr/{W}spacing")
    assert (spacing.get(f"{W}line"), spacing.get(f"{W}lineRule")) == ("240", "auto")


def test_a_second_plan_shares_equal_styles_and_renames_different_ones() -> None:
    shenmu = kp.examples.shenmu()
    document = report()
    kp.write_docx(shenmu, document)
    kp.write_docx(shenmu, document)
    ids = [style.get(f"{W}styleId") for style in document.styles.element.findall(f"{W}style")]
    assert ids.count("KpBody") == 1
    assert "KpBody2" not in ids
    kp.write_docx(shenmu, document, style=DocxStyle(body_size=12))
    ids = [style.get(f"{W}styleId") for style in document.styles.element.findall(f"{W}style")]
    assert "KpBody2" in ids
    last_table = document.element.body.findall(f"{W}tbl")[-1]
    used = {element.get(f"{W}val") for element in last_table.iter(f"{W}pStyle")}
    assert "KpBody2" in used
    assert "KpBody" not in used
    assert len(document.sections) == 4


def test_a_refused_style_leaves_the_document_as_it_was() -> None:
    document = report()
    before = document.element.xml, document.styles.element.xml
    with pytest.raises(kp.WriteError, match="column_widths"):
        kp.write_docx(kp.examples.shenmu(), document, style=DocxStyle(column_widths=(100.0,)))
    assert (document.element.xml, document.styles.element.xml) == before


def test_a_document_object_reads_as_its_file() -> None:
    path = DATA / "shenmu-libreoffice.docx"
    assert kp.read_docx(docx.Document(str(path))) == kp.read_docx(path) == kp.examples.shenmu()
    assert kp.read(docx.Document(str(path))) == kp.read_docx(path)


def test_text_below_the_label_of_a_report_reads_as_the_title_not_the_body() -> None:
    document = report()
    document.add_paragraph("附件：神木市目标任务分工表")  # the attachment note of the body, not a label
    kp.write_docx(kp.examples.shenmu(), document)
    plan = kp.read_docx(saved_docx(document))
    assert plan.label == "附件"
    assert plan.title == kp.examples.shenmu().title


# --- XLSX ----------------------------------------------------------------------------------------


def test_the_plans_sheets_are_added_after_the_instructions_which_stay_unchanged() -> None:
    shenmu = kp.examples.shenmu()
    workbook = instructions()
    before = sheet_cells(workbook["说明"])
    kp.write_xlsx(shenmu, workbook)
    assert workbook.sheetnames == ["说明", *PLAN_SHEETS]
    assert workbook.active is not None
    assert workbook.active.title == "说明"
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)

    assert kp.read_xlsx(stream) == shenmu
    stream.seek(0)
    again = openpyxl.load_workbook(stream)
    assert again.sheetnames == ["说明", *PLAN_SHEETS]
    kept = again["说明"]
    assert sheet_cells(kept) == {
        **before,
        "C4": (dt.datetime(2025, 1, 31), "d"),  # openpyxl reads every date back as a datetime
    }
    assert [str(cell_range) for cell_range in kept.merged_cells.ranges] == ["A6:C6"]
    assert kept.column_dimensions["A"].width == 40
    assert not any(again[title].sheet_view.tabSelected for title in PLAN_SHEETS), "Excel would group them"


def look(sheet: Any) -> dict[str, object]:
    """Everything the XLSX writer sets on a sheet, as openpyxl sees it."""
    cells = {}
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if isinstance(value, CellRichText):
                value = [(str(part.font.b) if hasattr(part, "font") else "", str(part)) for part in value]
            font, border, alignment = cell.font, cell.border, cell.alignment
            cells[cell.coordinate] = (
                value,
                cell.data_type,
                (font.name, font.sz, font.b),
                cell.fill.fgColor.rgb,
                (border.left.style, border.right.style, border.top.style, border.bottom.style),
                (alignment.horizontal, alignment.vertical, alignment.wrap_text),
                cell.number_format,
                cell.quotePrefix,
            )
    setup = sheet.page_setup
    return {
        "cells": cells,
        "merged": sorted(str(cell_range) for cell_range in sheet.merged_cells.ranges),
        # to a hundredth of a point: a float written as 117.64999999999999 comes back as 117.65
        "widths": {key: round(dim.width, 2) for key, dim in sheet.column_dimensions.items()},
        "heights": {key: round(dim.height, 2) for key, dim in sheet.row_dimensions.items() if dim.height},
        "frozen": sheet.freeze_panes,
        "filter": sheet.auto_filter.ref,
        "print titles": sheet.print_title_rows,
        "page": (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight),
        "fit": sheet.sheet_properties.pageSetUpPr.fitToPage if sheet.sheet_properties.pageSetUpPr else None,
        "centred": sheet.print_options.horizontalCentered,
        "margins": tuple(getattr(sheet.page_margins, side) for side in ("left", "right", "top", "bottom")),
        "footer": sheet.oddFooter.center.text,
        "validations": [
            (v.type, v.formula1, str(v.sqref), v.allow_blank, v.showErrorMessage, v.error)
            for v in sheet.data_validations.dataValidation
        ],
        "state": sheet.sheet_state,
    }


def test_the_added_sheets_look_as_the_xlsx_writer_makes_them(tmp_path: Path) -> None:
    shenmu = kp.examples.shenmu()
    own = tmp_path / "own.xlsx"
    kp.write_xlsx(shenmu, own, mark_targets=True)
    workbook = instructions()
    kp.write_xlsx(shenmu, workbook, mark_targets=True)
    combined = tmp_path / "combined.xlsx"
    workbook.save(combined)

    expected = openpyxl.load_workbook(own, rich_text=True)
    found = openpyxl.load_workbook(combined, rich_text=True)
    for title in PLAN_SHEETS:
        assert look(found[title]) == look(expected[title]), title
    assert look(found["指标"])["validations"], "the status drop-down came along"
    assert look(found["分工表"])["merged"] != []


def test_formula_like_texts_stay_texts_in_the_users_workbook(tmp_path: Path) -> None:
    duties = [kp.Duty(content=text, units=["市科协"]) for text in ("=SUM(1,2)", "#N/A", "+86 123", "-1")]
    plan = kp.Plan(title="=标题", actions=[kp.Action(name="科普行动", tasks=[kp.Task(name="-任务", duties=duties)])])
    workbook = instructions()
    kp.write_xlsx(plan, workbook)
    path = tmp_path / "combined.xlsx"
    workbook.save(path)
    assert kp.read_xlsx(path) == plan
    table = openpyxl.load_workbook(path)["分工表"]
    texts = {cell.value: cell.data_type for row in table.iter_rows() for cell in row if cell.value}
    assert texts["=SUM(1,2)"] == "s"
    assert texts["#N/A"] == "s"


def test_a_sheet_name_clash_is_refused_and_the_workbook_left_as_it_was() -> None:
    workbook = instructions()
    workbook.create_sheet("单位")["A1"] = "单位通讯录"
    with pytest.raises(kp.WriteError, match="单位") as raised:
        kp.write_xlsx(kp.examples.shenmu(), workbook)
    assert "replace=True" in str(raised.value)
    assert workbook.sheetnames == ["说明", "单位"]
    assert workbook["单位"]["A1"].value == "单位通讯录"


def test_replace_puts_the_new_sheets_where_the_old_ones_were() -> None:
    shenmu = kp.examples.shenmu()
    workbook = instructions()
    kp.write_xlsx(shenmu, workbook)
    workbook.move_sheet("说明", offset=1)  # 分工表, 说明, 单位, 指标
    workbook.active = workbook["单位"]
    smaller = shenmu.for_unit("市科协")
    kp.write_xlsx(smaller, workbook, replace=True)
    assert workbook.sheetnames == ["分工表", "说明", "单位", "指标"]
    assert workbook.active is not None
    assert workbook.active.title == "单位"
    assert kp.read_xlsx(workbook) == smaller


def test_a_workbook_object_reads_as_its_file() -> None:
    path = DATA / "shenmu-libreoffice.xlsx"
    workbook = openpyxl.load_workbook(path)
    modified = workbook.properties.modified
    assert kp.read_xlsx(workbook) == kp.read_xlsx(path) == kp.examples.shenmu()
    assert kp.read(workbook) == kp.read_xlsx(path)
    assert workbook.properties.modified == modified, "reading does not touch the workbook"


def test_read_only_and_write_only_workbooks_are_refused_with_a_type_error() -> None:
    read_only = openpyxl.load_workbook(DATA / "shenmu-libreoffice.xlsx", read_only=True)
    with pytest.raises(TypeError, match="read_only=True"):
        kp.read_xlsx(read_only)
    read_only.close()
    with pytest.raises(TypeError, match="write_only=True"):
        kp.write_xlsx(kp.examples.shenmu(), openpyxl.Workbook(write_only=True))


# --- the dispatch --------------------------------------------------------------------------------


def test_a_wrong_object_is_a_type_error_naming_what_is_accepted() -> None:
    shenmu = kp.examples.shenmu()
    with pytest.raises(TypeError, match=r"^expected a path, a binary stream or a python-docx Document, not Workbook$"):
        kp.read_docx(openpyxl.Workbook())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"or an openpyxl Workbook, not Document$"):
        kp.write_xlsx(shenmu, docx.Document())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^expected a path or a binary stream, not Document$"):
        kp.write_json(shenmu, docx.Document())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"a python-docx Document or an openpyxl Workbook, not int$"):
        kp.read(42)  # type: ignore[arg-type]


def test_read_and_write_take_the_objects_too() -> None:
    shenmu = kp.examples.shenmu()
    document, workbook = report(), instructions()
    kp.write(shenmu, document)
    kp.write(shenmu, workbook)
    assert kp.read(document) == kp.read(workbook) == shenmu


def test_a_path_or_a_stream_imports_neither_python_docx_nor_openpyxl(tmp_path: Path) -> None:
    script = f"""
import io, sys
import kepu_plan as kp
plan = kp.examples.shenmu()
kp.write_docx(plan, {str(tmp_path / "plan.docx")!r})
stream = io.BytesIO()
kp.write(plan, stream, format="docx")
stream.seek(0)
assert kp.read_docx(stream) == kp.read({str(tmp_path / "plan.docx")!r}) == plan
loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("docx", "openpyxl"))
loaded += [name for name in sys.modules if name == "kepu_plan.formats.objects"]
print(loaded)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env={**os.environ}, timeout=120
    )
    assert result.stdout.strip() == "[]"


# --- properties ----------------------------------------------------------------------------------


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(max_actions=2, max_tasks=2, max_duties=2))
def test_any_plan_appended_to_a_document_reads_back_as_itself(plan: kp.Plan) -> None:
    # Without a label (附件) nothing tells the body from the title: such a plan starts the document.
    document = report() if plan.label is not None else docx.Document()
    kp.write_docx(plan, document)
    assert kp.read_docx(saved_docx(document)) == plan
    assert kp.read_docx(document) == plan


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(max_actions=2, max_tasks=2, max_duties=2))
def test_any_plan_added_to_a_workbook_reads_back_as_itself(plan: kp.Plan) -> None:
    workbook = instructions()
    kp.write_xlsx(plan, workbook)
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    assert kp.read_xlsx(stream) == plan
    assert kp.read_xlsx(workbook) == plan


# --- LibreOffice ---------------------------------------------------------------------------------


def pdf_pages(path: Path) -> list[str]:
    """The page sizes of a PDF, as pdfinfo prints them."""
    result = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True, text=True, check=True, timeout=60
    )
    lines = result.stdout.splitlines()
    return [line.split(":", 1)[1].strip() for line in lines if line.startswith("Page ") and " size:" in line]


@pytest.mark.libreoffice
@needs_libreoffice
def test_libreoffice_lays_out_the_attached_table_on_landscape_pages_as_the_docx_writer_does(tmp_path: Path) -> None:
    if shutil.which("pdfinfo") is None or shutil.which("pdftoppm") is None:
        pytest.skip("poppler (pdfinfo, pdftoppm) is not installed")
    shenmu = kp.examples.shenmu()
    own = tmp_path / "own.docx"
    kp.write_docx(shenmu, own)
    document = report()
    normal = document.styles["Normal"].paragraph_format
    normal.first_line_indent = Pt(32)  # as a county's template does: the table must not take it
    normal.line_spacing = 1.5
    kp.write_docx(shenmu, document)
    combined = tmp_path / "combined.docx"
    document.save(combined)

    own_pages = pdf_pages(convert_with_libreoffice(own, "pdf", tmp_path / "own"))
    pdf = convert_with_libreoffice(combined, "pdf", tmp_path / "combined")
    pages = pdf_pages(pdf)
    assert len(pages) == 1 + len(own_pages)
    assert "letter" in pages[0]
    assert all(page.startswith("841.89 x 595.") for page in pages[1:]), pages[:3]
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == 2


@pytest.mark.libreoffice
@needs_libreoffice
def test_libreoffice_opens_the_combined_workbook_and_its_copy_reads_back(tmp_path: Path) -> None:
    shenmu = kp.examples.shenmu()
    workbook = instructions()
    kp.write_xlsx(shenmu, workbook)
    combined = tmp_path / "combined.xlsx"
    workbook.save(combined)
    resaved = convert_with_libreoffice(combined, "xlsx:Calc MS Excel 2007 XML", tmp_path / "resaved")
    assert kp.read_xlsx(resaved) == shenmu
    assert openpyxl.load_workbook(resaved).sheetnames == ["说明", *PLAN_SHEETS]
    assert convert_with_libreoffice(combined, "pdf", tmp_path / "pdf").stat().st_size > 0
