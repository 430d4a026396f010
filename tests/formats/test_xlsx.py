"""XLSX reader and writer: the grid read from the sheet XML, what a person sees in a cell, the
errors, the working spreadsheet written, formula safety, round trips."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.worksheet.worksheet import Worksheet

import kepu_plan as kp
from kepu_plan.formats.xlsx import document_from_xlsx, render_xlsx, sheets_from_xlsx
from kepu_plan.grid import Cell, Document, Grid
from kepu_plan.layout import document_from_plan, plan_from_document, units_rows, with_derived_sheets
from kepu_plan.model import Layout
from kepu_plan.testing import layouts, plans, texts

from .test_xlsx_hostile import read_workbook

# These tests match the English words of messages (see tests/conftest.py).
pytestmark = pytest.mark.usefixtures("english")

DATA = Path(__file__).parent.parent / "data"
FIXTURE = DATA / "shenmu-libreoffice.xlsx"
HEADER = ["重点行动", "主要任务", "主要内容", "负责单位"]


# --- helpers ---------------------------------------------------------------------------------------


def fixture() -> io.BytesIO:
    return io.BytesIO(FIXTURE.read_bytes())


def workbook(fill: Callable[[Worksheet], None], *, title: str = "分工表") -> io.BytesIO:
    """A workbook written by openpyxl, its first sheet filled by ``fill``."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    fill(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def small_table(sheet: Worksheet) -> None:
    sheet.append(["附件"])
    sheet.append(["某县分工表"])
    sheet.append(HEADER)
    sheet.append(["青少年科学素质提升行动", "提升科学教育水平", "开展科普活动", "市科协\n市教体局"])
    sheet.append([None, None, "建设科普基地", "市科协"])
    sheet.merge_cells("A4:A5")
    sheet.merge_cells("B4:B5")


def written(plan: kp.Plan) -> bytes:
    buffer = io.BytesIO()
    kp.write_xlsx(plan, buffer)
    return buffer.getvalue()


def reread(plan: kp.Plan) -> kp.Plan:
    return kp.read_xlsx(io.BytesIO(written(plan)))


def replace_part(data: bytes | io.BytesIO, part: str, change: Callable[[str], str]) -> io.BytesIO:
    """The package with one part's text changed."""
    raw = data.getvalue() if isinstance(data, io.BytesIO) else data
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                content = change(content.decode("utf-8")).encode("utf-8")
            target.writestr(info, content)
    out.seek(0)
    return out


def one_cell(value: object, number_format: str | None = None) -> str:
    """The text the reader sees in a content cell holding ``value``."""

    def fill(sheet: Worksheet) -> None:
        sheet.append(HEADER)
        sheet.append(["科普行动", "任务", value, "市科协"])
        if number_format is not None:
            sheet["C2"].number_format = number_format

    grid = document_from_xlsx(workbook(fill)).tables[0]
    return next(cell.text for cell in grid.cells if (cell.row, cell.col) == (1, 2))


def sheet_xml(data: bytes, part: str = "xl/worksheets/sheet1.xml") -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(part).decode("utf-8")


# --- reading: the foreign fixture --------------------------------------------------------------------


def test_fixture_reads_into_one_grid_of_116_rows_and_4_columns_with_55_merged_ranges() -> None:
    document = document_from_xlsx(fixture(), "shenmu.xlsx")
    (grid,) = document.tables
    assert (grid.nrows, grid.ncols, grid.sheet, grid.file) == (116, 4, "Sheet1", "shenmu.xlsx")
    merged = [cell for cell in grid.cells if cell.rowspan > 1 or cell.colspan > 1]
    assert len(merged) == 55
    assert all(cell.colspan == 1 and cell.col in (0, 1) for cell in merged)
    assert sum(1 for cell in grid.cells if cell.col == 2) == 113  # the header and 112 duties


def test_fixture_keeps_the_label_and_title_rows_above_the_header_in_the_grid() -> None:
    grid = document_from_xlsx(fixture()).tables[0]
    rows = list(grid.rows())
    assert [cell.text for cell in rows[0]] == ["附件"]
    assert [cell.text for cell in rows[1]] == ["神木市贯彻《全民科学素质行动规划纲要（2021-2035年）》"]  # rich text
    assert [cell.text for cell in rows[3]] == ["重点行动\n重点工程", "主要任务", "主要内容", "负责单位"]


def test_fixture_first_action_cell_spans_its_13_rows() -> None:
    grid = document_from_xlsx(fixture()).tables[0]
    first = next(cell for cell in grid.cells if (cell.row, cell.col) == (4, 0))
    assert first.text == "青少年科学素质提升行动（市教体局、市科协、职业技术学院牵头）"
    assert first.rowspan == 13  # A5:A17


def test_grid_positions_are_located_as_the_sheet_counts_them() -> None:
    grid = document_from_xlsx(fixture(), "shenmu.xlsx").tables[0]
    assert str(grid.locate(6, 2)) == "shenmu.xlsx: Sheet1!C7"


def test_fixture_reads_equal_to_the_embedded_shenmu_plan() -> None:
    assert kp.read_xlsx(FIXTURE) == kp.examples.shenmu()


def test_fixture_reads_from_a_stream_that_cannot_seek() -> None:
    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self.data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def seekable(self) -> bool:
            return False

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            chunk = self.data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    stream = io.BufferedReader(Pipe(FIXTURE.read_bytes()))  # type: ignore[type-var]
    assert kp.read_xlsx(stream) == kp.examples.shenmu()


# --- reading: cells ----------------------------------------------------------------------------------


def test_an_integer_valued_number_reads_without_a_decimal_point() -> None:
    assert one_cell(1.0) == "1"
    assert one_cell(3000) == "3000"


def test_a_fraction_reads_as_excel_general_shows_it() -> None:
    assert one_cell(0.1 + 0.2) == "0.3"
    assert one_cell(13.5) == "13.5"


@pytest.mark.parametrize(
    ("value", "number_format", "seen"),
    [
        (0.5, "0%", "50%"),
        (0.125, "0.00%", "12.50%"),
        (1234567.891, "#,##0.00", "1,234,567.89"),
        (3, '0"场次"', "3场次"),
        (7, "000", "007"),
        (2.5, "0.0", "2.5"),
        (12, "@", "12"),
    ],
)
def test_a_number_reads_in_its_number_format(value: float, number_format: str, seen: str) -> None:
    assert one_cell(value, number_format) == seen


@pytest.mark.parametrize(
    ("number_format", "seen"),
    [
        ("yyyy/m/d", "2025/1/31"),
        ('yyyy"年"m"月"d"日"', "2025年1月31日"),
        ("yyyy-mm-dd", "2025-01-31"),
        ("m/d/yyyy h:mm", "1/31/2025 9:05"),
        ("yyyy年m月", "2025年1月"),
        ('yyyy"年"m"月"d"日" aaaa', "2025年1月31日 星期五"),
    ],
)
def test_a_date_reads_in_its_date_format(number_format: str, seen: str) -> None:
    assert one_cell(dt.datetime(2025, 1, 31, 9, 5), number_format) == seen


def test_the_built_in_short_date_reads_as_chinese_excel_shows_it() -> None:
    assert one_cell(dt.datetime(2025, 12, 31), "mm-dd-yy") == "2025/12/31"  # built-in format 14


def test_a_date_in_a_1904_workbook_counts_from_1904() -> None:
    def fill(sheet: Worksheet) -> None:
        sheet.append(HEADER)
        sheet.append(["科普行动", "任务", 0, "市科协"])
        sheet["C2"].number_format = "yyyy-mm-dd"

    data = replace_part(
        workbook(fill), "xl/workbook.xml", lambda xml: xml.replace("<workbookPr/>", '<workbookPr date1904="1"/>')
    )
    grid = document_from_xlsx(data).tables[0]
    assert next(cell.text for cell in grid.cells if (cell.row, cell.col) == (1, 2)) == "1904-01-01"


def test_a_boolean_reads_as_true_or_false() -> None:
    assert one_cell(True) == "TRUE"


def test_rich_text_reads_as_its_plain_text() -> None:
    rich = CellRichText(TextBlock(InlineFont(b=True), "每年开展"), "科普活动", TextBlock(InlineFont(i=True), "10场次"))
    assert one_cell(rich) == "每年开展科普活动10场次"


def test_a_carriage_return_and_line_feed_read_as_one_line_feed() -> None:
    assert one_cell("第一行\r\n第二行\r第三行") == "第一行\n第二行\n第三行"


def test_escaped_characters_are_decoded_and_an_escaped_escape_is_kept() -> None:
    assert one_cell("第一行_x000D_\n第二行") == "第一行\n第二行"
    assert one_cell("a_x005F_x0041_b") == "a_x0041_b"


def test_a_formula_with_a_cached_value_reads_as_that_value_not_its_source() -> None:
    def fill(sheet: Worksheet) -> None:
        small_table(sheet)
        sheet["C5"] = "=CONCAT(C4,1)"

    data = replace_part(
        workbook(fill),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            '<c r="C5"><f>CONCAT(C4,1)</f><v></v></c>', '<c r="C5" t="str"><f>CONCAT(C4,1)</f><v>开展科普活动1</v></c>'
        ),
    )
    plan = kp.read_xlsx(data)
    assert [duty.content for duty in plan.duties] == ["开展科普活动", "开展科普活动1"]


def test_a_numeric_formula_reads_as_its_cached_number() -> None:
    def fill(sheet: Worksheet) -> None:
        small_table(sheet)
        sheet["E3"] = "序号"
        sheet["E4"] = "=1+0"

    data = replace_part(
        workbook(fill), "xl/worksheets/sheet1.xml", lambda xml: xml.replace("<f>1+0</f><v></v>", "<f>1+0</f><v>1</v>")
    )
    grid = document_from_xlsx(data).tables[0]
    assert next(cell.text for cell in grid.cells if (cell.row, cell.col) == (3, 4)) == "1"


def test_a_formula_without_a_cached_value_raises_read_error_naming_the_sheet_and_cell() -> None:
    def fill(sheet: Worksheet) -> None:
        small_table(sheet)
        sheet["C5"] = "=SUM(1,2)"

    with pytest.raises(kp.ReadError) as caught:
        read_workbook(workbook(fill), name="台账.xlsx")
    assert caught.value.location == kp.Location(file="台账.xlsx", sheet="分工表", cell="C5")
    assert "SUM" not in str(caught.value)
    assert caught.value.hint is not None
    assert "save" in caught.value.hint


def test_a_formula_without_a_value_in_a_covered_cell_is_ignored_like_the_cell() -> None:
    data = replace_part(
        workbook(small_table),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace('<row r="5">', '<row r="5"><c r="B5"><f>B4</f><v></v></c>'),
    )
    assert len(kp.read_xlsx(data).duties) == 2


def test_values_left_in_covered_cells_are_ignored() -> None:
    data = replace_part(
        workbook(small_table),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace('<row r="5">', '<row r="5"><c r="A5" t="inlineStr"><is><t>残留</t></is></c>'),
    )
    grid = document_from_xlsx(data).tables[0]
    assert "残留" not in [cell.text for cell in grid.cells]


def test_an_empty_merged_cell_still_covers_its_rows() -> None:
    def fill(sheet: Worksheet) -> None:
        small_table(sheet)
        sheet.merge_cells("D4:D5")
        sheet["D4"] = None

    grid = document_from_xlsx(workbook(fill)).tables[0]
    units = next(cell for cell in grid.cells if (cell.row, cell.col) == (3, 3))
    assert (units.text, units.rowspan) == ("", 2)


def test_a_title_merged_over_a_whole_row_is_cut_at_the_tables_edge() -> None:
    def fill(sheet: Worksheet) -> None:
        small_table(sheet)
        sheet.merge_cells("A2:XFD2")

    grid = document_from_xlsx(workbook(fill)).tables[0]
    assert grid.ncols == 4
    assert next(cell for cell in grid.cells if cell.row == 1).colspan == 4


def test_a_table_not_at_a1_reports_positions_as_the_sheet_counts_them() -> None:
    def fill(sheet: Worksheet) -> None:
        for col, header in enumerate(HEADER, start=3):
            sheet.cell(row=4, column=col, value=header)
        for col, value in ((3, "科普行动"), (4, "任务"), (6, "市科协")):
            sheet.cell(row=5, column=col, value=value)

    grid = document_from_xlsx(workbook(fill), "t.xlsx").tables[0]
    assert (grid.row_offset, grid.col_offset, grid.nrows, grid.ncols) == (3, 2, 2, 4)
    with pytest.raises(kp.LayoutError) as caught:
        read_workbook(workbook(fill), name="t.xlsx", strict=True)
    assert caught.value.location == kp.Location(file="t.xlsx", sheet="分工表", cell="E5")


def test_a_shared_string_workbook_from_another_program_is_read() -> None:
    assert len(document_from_xlsx(fixture()).tables[0].cells) == 287


def test_a_strict_open_xml_workbook_is_read() -> None:
    data = workbook(small_table)
    for part in ("xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml"):
        data = replace_part(
            data,
            part,
            lambda xml: xml.replace(
                "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                "http://purl.oclc.org/ooxml/spreadsheetml/main",
            ).replace(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                "http://purl.oclc.org/ooxml/officeDocument/relationships",
            ),
        )
    assert len(kp.read_xlsx(data).duties) == 2


# --- reading: which sheet ----------------------------------------------------------------------------


def two_sheets(first: str = "说明") -> io.BytesIO:
    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = first
    notes.append(["本表由县科协汇总。"])
    notes.append(["主要内容", "如下"])
    table = book.create_sheet("分工表")
    small_table(table)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_the_reader_offers_each_sheet_by_name_and_shows_it_only_when_asked() -> None:
    document = sheets_from_xlsx(two_sheets(), "a.xlsx")
    assert document.tables == ()
    assert [sheet.name for sheet in document.sheets] == ["说明", "分工表"]
    notes, table = document.sheets
    top = notes.first_rows(1)
    assert [cell.text for cell in top.cells] == ["本表由县科协汇总。"]
    whole = table.whole()
    assert whole.sheet == "分工表"
    assert whole.locate(0, 0) == kp.Location(file="a.xlsx", sheet="分工表", cell="A1")
    assert any([cell.text for cell in row] == HEADER for row in whole.rows())


def test_the_reader_passes_over_the_sheets_it_is_told_to_skip_unless_no_other_is_visible() -> None:
    assert [sheet.name for sheet in sheets_from_xlsx(two_sheets(), skip=("说明",)).sheets] == ["分工表"]
    book = openpyxl.Workbook()
    only = book.worksheets[0]
    only.title = "单位"
    small_table(only)
    buffer = io.BytesIO()
    book.save(buffer)
    assert [sheet.name for sheet in sheets_from_xlsx(buffer, skip=("单位",)).sheets] == ["单位"]


def test_a_formula_without_a_value_is_refused_only_in_the_columns_the_layout_gives() -> None:
    def fill(sheet: Worksheet) -> None:
        small_table(sheet)
        sheet["F5"] = "=SUM(1,2)"

    [table] = sheets_from_xlsx(workbook(fill), "t.xlsx").sheets
    assert len(table.whole(range(1, 5)).cells) > 4
    with pytest.raises(kp.ReadError) as caught:
        table.whole()
    assert caught.value.location == kp.Location(file="t.xlsx", sheet="分工表", cell="F5")


def test_the_table_sheet_is_the_one_with_a_recognisable_header() -> None:
    plan = kp.read_xlsx(two_sheets())
    assert (plan.title, len(plan.duties)) == ("某县分工表", 2)


def test_sheet_names_the_sheet_to_read() -> None:
    assert len(kp.read_xlsx(two_sheets(), sheet="分工表").duties) == 2
    with pytest.raises(kp.LayoutError):
        kp.read_xlsx(two_sheets(), sheet="说明")


def test_an_unknown_sheet_name_raises_read_error_listing_the_sheets() -> None:
    with pytest.raises(kp.ReadError, match=r"no sheet named '分工'; its sheets are 说明、分工表") as caught:
        read_workbook(two_sheets(), name="a.xlsx", sheet="分工")
    assert caught.value.location == kp.Location(file="a.xlsx")


def test_the_derived_sheets_are_ignored_even_before_the_table() -> None:
    assert kp.read_xlsx(two_sheets(first="单位")).title == "某县分工表"


def test_hidden_sheets_are_not_candidates() -> None:
    book = openpyxl.load_workbook(two_sheets())
    book["说明"].sheet_state = "hidden"
    book["说明"]["A3"] = "=1"  # no cached value: would be an error if read
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    assert len(kp.read_xlsx(buffer).duties) == 2


# --- reading: errors ---------------------------------------------------------------------------------


def test_a_file_that_is_not_a_zip_raises_read_error_naming_the_file() -> None:
    with pytest.raises(kp.ReadError, match="not a zip file") as caught:
        read_workbook(io.BytesIO(b"hello, world"), name="a.xlsx")
    assert caught.value.location == kp.Location(file="a.xlsx")


def test_an_empty_file_raises_read_error() -> None:
    with pytest.raises(kp.ReadError, match="empty"):
        kp.read_xlsx(io.BytesIO(b""))


def test_an_old_xls_workbook_gets_a_hint_to_save_as_xlsx() -> None:
    with pytest.raises(kp.ReadError) as caught:
        kp.read_xlsx(io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)))
    assert caught.value.hint is not None
    assert ".xlsx" in caught.value.hint


def test_a_docx_given_as_a_workbook_gets_a_hint_to_read_it_as_docx() -> None:
    with pytest.raises(kp.ReadError, match="holds no workbook") as caught:
        kp.read_xlsx(io.BytesIO((DATA / "shenmu-libreoffice.docx").read_bytes()))
    assert caught.value.hint is not None
    assert "read_docx" in caught.value.hint


def test_a_workbook_without_a_table_raises_layout_error_listing_what_it_found() -> None:
    with pytest.raises(kp.LayoutError, match=r"no table with a recognisable header.*只有一句话"):
        kp.read_xlsx(workbook(lambda sheet: sheet.append(["只有一句话"])))


def test_a_workbook_of_empty_sheets_raises_read_error_no_table() -> None:
    with pytest.raises(kp.ReadError, match="every sheet is empty"):
        read_workbook(workbook(lambda sheet: None), name="a.xlsx")


def test_a_duty_row_without_content_read_strictly_raises_layout_error_at_its_cell() -> None:
    def fill(sheet: Worksheet) -> None:
        small_table(sheet)
        sheet["C5"] = None

    with pytest.raises(kp.LayoutError) as caught:
        read_workbook(workbook(fill), name="a.xlsx", strict=True)
    assert caught.value.location == kp.Location(file="a.xlsx", sheet="分工表", cell="C5")
    assert "a.xlsx: 分工表!C5" in str(caught.value)


def test_broken_sheet_xml_raises_read_error_naming_the_part() -> None:
    data = replace_part(workbook(small_table), "xl/worksheets/sheet1.xml", lambda xml: xml[:-20])
    with pytest.raises(kp.ReadError, match=r"sheet1\.xml is not well-formed") as caught:
        read_workbook(data, name="a.xlsx")
    assert caught.value.location.sheet == "分工表"


def test_a_bad_cell_reference_raises_read_error() -> None:
    data = replace_part(workbook(small_table), "xl/worksheets/sheet1.xml", lambda xml: xml.replace('r="C4"', 'r="C4X"'))
    with pytest.raises(kp.ReadError, match="bad reference 'C4X'"):
        kp.read_xlsx(data)


def test_a_shared_string_index_out_of_range_raises_read_error_at_the_cell() -> None:
    data = replace_part(
        FIXTURE.read_bytes(), "xl/worksheets/sheet1.xml", lambda xml: xml.replace("<v>13</v>", "<v>9999</v>")
    )
    with pytest.raises(kp.ReadError) as caught:
        read_workbook(data, name="s.xlsx")
    assert caught.value.location == kp.Location(file="s.xlsx", sheet="Sheet1", cell="C7")


def test_a_document_type_declaration_is_not_expanded() -> None:
    def change(xml: str) -> str:
        declaration = '<!DOCTYPE worksheet [<!ENTITY boom "BOOM">]>'
        return xml.replace("?>", "?>" + declaration, 1).replace(">开展科普活动<", ">&boom;<")

    data = replace_part(workbook(small_table), "xl/worksheets/sheet1.xml", change)
    grid = document_from_xlsx(data).tables[0]
    assert all("BOOM" not in cell.text for cell in grid.cells)


@pytest.mark.parametrize("cut", [30, 200, 1000, 3000, 6000])
def test_a_truncated_file_raises_read_error_never_a_bare_exception(cut: int) -> None:
    with pytest.raises(kp.ReadError):
        kp.read_xlsx(io.BytesIO(FIXTURE.read_bytes()[:cut]))


def test_a_damaged_member_raises_read_error_with_the_cause_chained() -> None:
    data = bytearray(FIXTURE.read_bytes())
    start = data.find(b"xl/worksheets/sheet1.xml") + 100
    data[start : start + 200] = bytes(200)
    with pytest.raises(kp.ReadError) as caught:
        kp.read_xlsx(io.BytesIO(bytes(data)))
    assert caught.value.__cause__ is not None


@settings(max_examples=40, deadline=None)
@given(st.binary(min_size=1, max_size=400))
def test_random_bytes_after_a_zip_signature_raise_read_error_only(junk: bytes) -> None:
    with pytest.raises(kp.ReadError):
        kp.read_xlsx(io.BytesIO(b"PK\x03\x04" + junk))


# --- writing: the working spreadsheet ----------------------------------------------------------------


@pytest.fixture(scope="module")
def shenmu_book() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(written(kp.examples.shenmu())))


def test_the_workbook_has_the_table_sheet_first_then_units_then_targets(shenmu_book: openpyxl.Workbook) -> None:
    assert shenmu_book.sheetnames == ["分工表", "单位", "指标"]
    assert shenmu_book.active is not None
    assert shenmu_book.active.title == "分工表"


def test_label_title_header_and_rows_stand_where_a_reader_expects_them(shenmu_book: openpyxl.Workbook) -> None:
    sheet = shenmu_book["分工表"]
    assert sheet["A1"].value == "附件"
    assert sheet["A2"].value == kp.examples.shenmu().title
    assert [sheet.cell(3, col).value for col in range(1, 5)] == [
        "重点行动\n重点工程",
        "主要任务",
        "主要内容",
        "负责单位",
    ]
    assert sheet["A4"].value == "青少年科学素质提升行动（市教体局、市科协、职业技术学院牵头）"
    assert sheet["D4"].value == "市教体局\n市科协"
    assert sheet.max_row == 3 + 112


def test_the_title_is_merged_across_the_table_and_action_and_task_cells_over_their_rows(
    shenmu_book: openpyxl.Workbook,
) -> None:
    ranges = {str(cell_range) for cell_range in shenmu_book["分工表"].merged_cells.ranges}
    assert "A2:D2" in ranges
    assert f"A4:A{3 + len(kp.examples.shenmu().actions[0].duties)}" in ranges
    assert "B4:B5" in ranges
    assert len(ranges) == 1 + 10 + sum(1 for task in kp.examples.shenmu().tasks if len(task.duties) > 1)


def test_header_is_bold_heiti_and_body_fangsong_wrapped_with_thin_borders(shenmu_book: openpyxl.Workbook) -> None:
    sheet = shenmu_book["分工表"]
    header, body = sheet["C3"], sheet["C4"]
    assert (header.font.name, header.font.b) == ("黑体", True)
    assert (body.font.name, body.font.b) == ("仿宋_GB2312", False)
    for cell in (header, body, sheet["A4"], sheet["C60"], sheet["D115"]):
        assert cell.alignment.wrap_text
        assert {cell.border.left.style, cell.border.right.style, cell.border.top.style, cell.border.bottom.style} == {
            "thin"
        }


def test_columns_are_sized_to_their_content(shenmu_book: openpyxl.Workbook) -> None:
    widths = {letter: shenmu_book["分工表"].column_dimensions[letter].width for letter in "ABCD"}
    assert widths["C"] > widths["B"] > widths["D"]
    assert 10 <= widths["A"] <= 20
    assert widths["C"] <= 64


def test_row_heights_grow_with_the_lines_a_cell_wraps_to(shenmu_book: openpyxl.Workbook) -> None:
    sheet = shenmu_book["分工表"]
    heights = [sheet.row_dimensions[row].height for row in range(4, 116)]
    assert all(height is not None and 15 <= height <= 409 for height in heights)
    lengths = [len(duty.content) for duty in kp.examples.shenmu().duties]
    long_row = 4 + lengths.index(max(lengths))
    short_row = 4 + lengths.index(min(lengths))
    assert sheet.row_dimensions[long_row].height > sheet.row_dimensions[short_row].height


def test_panes_print_titles_page_and_filter_are_set_for_working_and_printing(shenmu_book: openpyxl.Workbook) -> None:
    sheet = shenmu_book["分工表"]
    assert sheet.freeze_panes == "A4"
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape"
    setup = sheet.page_setup
    assert (setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (int(sheet.PAPERSIZE_A4), 1, 0)
    fit = sheet.sheet_properties.pageSetUpPr
    assert fit is not None
    assert fit.fitToPage
    assert sheet.auto_filter.ref == "A3:D115"


def test_the_units_sheet_counts_each_units_duties_and_lists_its_actions(shenmu_book: openpyxl.Workbook) -> None:
    plan = kp.examples.shenmu()
    sheet = shenmu_book["单位"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("序号", "单位", "负责事项数", "牵头事项数", "牵头的重点行动/工程", "参与的重点行动/工程")
    assert len(rows) == 1 + len(plan.units)
    by_unit = {row[1]: row for row in rows[1:]}
    kexie = by_unit["市科协"]
    assert kexie[2] == sum(1 for duty in plan.duties if kp.Unit(name="市科协") in duty.units)
    assert kexie[3] == 0  # the Shenmu table marks no duty leads
    assert "青少年科学素质提升行动" in str(kexie[4]).split("\n")
    assert str(by_unit["职业技术学院"][4]) == "青少年科学素质提升行动"


def test_duty_leads_are_counted_in_the_units_sheet() -> None:
    plan = kp.Plan(
        title="",
        actions=[
            kp.Action(
                name="科普行动",
                tasks=[
                    kp.Task(
                        name="任务",
                        duties=[
                            kp.Duty(content="甲", units=["市科协", "市教体局"], leads=["市科协"]),
                            kp.Duty(content="乙", units=["市科协"]),
                        ],
                    )
                ],
            )
        ],
    )
    rows = list(openpyxl.load_workbook(io.BytesIO(written(plan)))["单位"].iter_rows(values_only=True))
    assert rows[1][1:4] == ("市科协", 2, 1)
    assert rows[2][1:4] == ("市教体局", 1, 0)


def test_the_targets_sheet_has_a_row_per_target_and_a_status_drop_down(shenmu_book: openpyxl.Workbook) -> None:
    plan = kp.examples.shenmu()
    sheet = shenmu_book["指标"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-2:] == ("完成值", "完成情况")
    assert len(rows) == 1 + len(plan.targets()) == 18
    action, task, _, target = plan.targets()[0]
    assert rows[1][1:3] == (action.name, task.name)
    assert rows[1][5] == target.text
    assert rows[1][8] == target.quantity
    assert all(row[-2:] == (None, None) for row in rows[1:])
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == '"已完成,推进中,未启动,滞后"'
    assert str(validation.sqref) == "M2:M18"


def test_leads_deadline_and_extra_columns_are_written_when_the_plan_has_them() -> None:
    duty = kp.Duty(
        content="开展活动", units=["市科协", "团市委"], leads=["市科协"], deadline="2025年底", extra={"备注": "新增"}
    )
    plan = kp.Plan(title="", actions=[kp.Action(name="科普行动", tasks=[kp.Task(name="任务", duties=[duty])])])
    sheet = openpyxl.load_workbook(io.BytesIO(written(plan)))["分工表"]
    header = [cell.value for cell in sheet[1]]
    assert {"牵头单位", "完成时限", "备注"} <= set(header)
    assert reread(plan) == plan


def test_notes_are_written_below_the_table_across_its_width_and_read_back() -> None:
    plan = kp.examples.shenmu()
    plan = type(plan)(
        title=plan.title, label=plan.label, actions=plan.actions, notes=["注：各单位于每年12月底前报送进展情况。"]
    )
    data = written(plan)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["分工表"]
    assert sheet["A116"].value == plan.notes[0]
    assert "A116:D116" in {str(cell_range) for cell_range in sheet.merged_cells.ranges}
    assert sheet.auto_filter.ref == "A3:D115"
    assert kp.read_xlsx(io.BytesIO(data)) == plan


def test_a_plan_without_label_and_title_starts_with_its_header() -> None:
    plan = kp.Plan(title="", actions=kp.examples.shenmu().actions[:1])
    sheet = openpyxl.load_workbook(io.BytesIO(written(plan)))["分工表"]
    assert sheet["A1"].value == "重点行动\n重点工程"
    assert sheet.freeze_panes == "A2"
    assert reread(plan) == plan


# --- writing: text stays text ------------------------------------------------------------------------

FORMULA_LIKE = ["=SUM(1,2)", "=1+1", "+86 123", "-1", "@x", "#N/A", "#REF!", " =SUM(A1)", "\t=1", "=", "＝全角"]


def document_of(texts_in_cells: list[str]) -> Document:
    cells = [Cell(row=0, col=col, text=text) for col, text in enumerate(HEADER)]
    for row, text in enumerate(texts_in_cells, start=1):
        cells.append(Cell(row=row, col=0, text="科普行动"))
        cells.append(Cell(row=row, col=1, text="任务"))
        cells.append(Cell(row=row, col=2, text=text))
        cells.append(Cell(row=row, col=3, text="市科协"))
    grid = Grid(nrows=len(texts_in_cells) + 1, ncols=4, cells=tuple(cells), header_rows=1)
    return Document(tables=(grid,), title="标题")


def rendered(document: Document, plan: kp.Plan | None = None) -> bytes:
    buffer = io.BytesIO()
    render_xlsx(with_derived_sheets(document, plan or kp.examples.shenmu()), buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_a_formula_like_text_is_stored_as_a_string_with_the_quote_prefix(text: str) -> None:
    data = rendered(document_of([text]))
    assert "<f>" not in sheet_xml(data)
    assert "<f " not in sheet_xml(data)
    cell = openpyxl.load_workbook(io.BytesIO(data))["分工表"]["C3"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


def test_an_ordinary_text_has_no_quote_prefix() -> None:
    cell = openpyxl.load_workbook(io.BytesIO(rendered(document_of(["开展科普活动"]))))["分工表"]["C3"]
    assert (cell.data_type, cell.quotePrefix) == ("s", False)


def test_a_number_like_text_stays_text() -> None:
    cell = openpyxl.load_workbook(io.BytesIO(rendered(document_of(["0012", "2025-01-31"]))))["分工表"]["C3"]
    assert (cell.value, cell.data_type) == ("0012", "s")


def test_text_that_looks_like_an_escape_is_escaped_and_reads_back() -> None:
    data = rendered(document_of(["a_x0041_b"]))
    assert "a_x005F_x0041_b" in sheet_xml(data)
    grid = document_from_xlsx(io.BytesIO(data)).tables[0]
    assert "a_x0041_b" in [cell.text for cell in grid.cells]


@pytest.mark.parametrize("bold", [(0, 3), (3, 9), (5, 11), (1, 11)])
def test_an_escape_like_text_split_by_a_bold_run_reads_back(bold: tuple[int, int]) -> None:
    # The reader joins a cell's runs before decoding _xHHHH_: an escape split across runs still counts.
    document = document_of(["a_x0041_b_x0042"])
    grid = document.tables[0]
    cells = tuple(
        attrs.evolve(cell, bold_spans=(bold,)) if (cell.row, cell.col) == (1, 2) else cell for cell in grid.cells
    )
    data = rendered(attrs.evolve(document, tables=(attrs.evolve(grid, cells=cells),)))
    read = document_from_xlsx(io.BytesIO(data)).tables[0]
    assert "a_x0041_b_x0042" in [cell.text for cell in read.cells]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts(multiline=True), min_size=1, max_size=5))
@example(FORMULA_LIKE)
def test_every_generated_text_is_stored_as_text_and_reads_back_unchanged(cell_texts: list[str]) -> None:
    data = rendered(document_of(cell_texts))
    xml = sheet_xml(data)
    assert "<f>" not in xml
    assert "<f " not in xml
    assert 't="e"' not in xml
    sheet = openpyxl.load_workbook(io.BytesIO(data))["分工表"]
    for row, text in enumerate(cell_texts, start=3):
        cell = sheet.cell(row, 3)
        assert cell.data_type == "s"
        assert cell.quotePrefix == text.lstrip().startswith(("=", "+", "-", "@", "#", "＝", "＋", "－", "＠"))
    grid = document_from_xlsx(io.BytesIO(data)).tables[0]
    assert [cell.text for cell in grid.cells if cell.col == 2][1:] == cell_texts


# --- writing: the grid level and errors --------------------------------------------------------------


def test_a_document_round_trips_through_xlsx_at_the_grid_level() -> None:
    document = document_from_plan(kp.examples.shenmu())
    grid = document.tables[0]
    back = document_from_xlsx(io.BytesIO(rendered(document))).tables[0]
    assert [cell.text for cell in back.cells[:2]] == [document.label, document.title]
    assert back.cells[2:] == tuple(
        Cell(row=cell.row + 2, col=cell.col, text=cell.text, rowspan=cell.rowspan, colspan=cell.colspan)
        for cell in grid.cells
    )


def test_a_hole_in_the_grid_is_written_as_an_empty_bordered_cell() -> None:
    document = document_of(["开展科普活动"])
    grid = document.tables[0]
    holed = Document(tables=(Grid(nrows=2, ncols=4, cells=grid.cells[:-1], header_rows=1),))
    sheet = openpyxl.load_workbook(io.BytesIO(rendered(holed)))["分工表"]
    assert sheet["D2"].value is None
    assert sheet["D2"].border.left.style == "thin"


def test_overlapping_cells_raise_write_error_naming_the_place() -> None:
    cells = (Cell(row=0, col=0, text="主要内容", rowspan=2), Cell(row=1, col=0, text="x"))
    with pytest.raises(kp.WriteError, match="分工表!A2: two cells"):
        rendered(Document(tables=(Grid(nrows=2, ncols=1, cells=cells),)))


def test_a_cell_outside_the_grid_raises_write_error() -> None:
    cells = (Cell(row=0, col=0, text="主要内容", colspan=3),)
    with pytest.raises(kp.WriteError, match="outside the table"):
        rendered(Document(tables=(Grid(nrows=1, ncols=2, cells=cells),)))


def test_text_a_workbook_cannot_store_raises_write_error_with_the_cause() -> None:
    with pytest.raises(kp.WriteError) as caught:
        rendered(document_of(["响铃\x07"]))
    assert caught.value.__cause__ is not None


def test_an_unknown_write_option_raises_type_error() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'style'"):
        kp.write_xlsx(kp.examples.shenmu(), io.BytesIO(), style="big")  # type: ignore[call-arg]


# --- round trips and determinism ---------------------------------------------------------------------


def test_the_shenmu_plan_round_trips_and_its_rewrite_is_byte_identical() -> None:
    data = written(kp.examples.shenmu())
    back = kp.read_xlsx(io.BytesIO(data))
    assert back == kp.examples.shenmu()
    assert written(back) == data


def test_texts_are_stored_as_utf_8_not_as_character_references() -> None:
    xml = sheet_xml(written(kp.examples.shenmu()))
    assert "&#" not in xml
    assert kp.examples.shenmu().duties[0].content in xml


def test_the_same_plan_written_twice_gives_identical_bytes_with_fixed_times() -> None:
    data = written(kp.examples.shenmu())
    assert written(kp.examples.shenmu()) == data
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
    core = archive.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == ["2000-01-01T00:00:00Z"] * 2


def test_another_process_with_another_hash_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    target = tmp_path / "other.xlsx"
    code = f"import kepu_plan as kp; kp.write_xlsx(kp.examples.shenmu(), {str(target)!r})"
    src = str(Path(kp.__file__).parent.parent)
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": src}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    assert target.read_bytes() == written(kp.examples.shenmu())


def test_a_plan_round_trips_through_a_path_and_the_facade(tmp_path: Path) -> None:
    path = tmp_path / "分工表.xlsx"
    kp.write(kp.examples.shenmu(), path)
    assert kp.read(path) == kp.examples.shenmu()
    assert kp.read_xlsx(path, sheet="分工表") == kp.examples.shenmu()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_every_generated_plan_reads_back_equal_from_xlsx(plan: kp.Plan) -> None:
    assert reread(plan) == plan


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), layouts())
def test_every_generated_plan_in_every_layout_reads_back_as_its_grid_does(plan: kp.Plan, layout: Layout) -> None:
    """XLSX loses nothing of the grid: the file reads back as the laid-out grid itself does (and
    keeps the label, title and notes, which the Document gives the writer beside the grid)."""
    placed = plan.with_layout(layout)
    expected = plan_from_document(document_from_plan(placed))
    assert reread(placed) == attrs.evolve(expected, label=plan.label, title=plan.title, notes=plan.notes)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_every_generated_plan_survives_docx_then_xlsx(plan: kp.Plan) -> None:
    docx = io.BytesIO()
    kp.write_docx(plan, docx)
    docx.seek(0)
    assert reread(kp.read_docx(docx)) == plan


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), st.booleans())
def test_openpyxl_loads_every_written_workbook_with_the_cells_and_merges_of_the_layout(
    plan: kp.Plan, mark_targets: bool
) -> None:
    buffer = io.BytesIO()
    kp.write_xlsx(plan, buffer, mark_targets=mark_targets)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()), rich_text=True)
    assert book.sheetnames == ["分工表", "单位", "指标"]
    sheet = book["分工表"]
    document = document_from_plan(plan, mark_targets=mark_targets)
    top = 1 + bool(document.label) + bool(document.title)
    merges = {str(cell_range) for cell_range in sheet.merged_cells.ranges}
    for cell in document.tables[0].cells:
        value = sheet.cell(top + cell.row, 1 + cell.col).value
        text = "".join(str(block) for block in value) if isinstance(value, CellRichText) else value
        assert (text or "") == cell.text
        if cell.rowspan > 1 or cell.colspan > 1:
            first = sheet.cell(top + cell.row, 1 + cell.col).coordinate
            last = sheet.cell(top + cell.row + cell.rowspan - 1, cell.col + cell.colspan).coordinate
            assert f"{first}:{last}" in merges
    units = [row[1:] for row in book["单位"].iter_rows(min_row=2, values_only=True)]
    assert units == [tuple(None if value == "" else value for value in row) for row in units_rows(plan)]


# --- targets marked in bold ------------------------------------------------------------------------


def marked(plan: kp.Plan) -> bytes:
    buffer = io.BytesIO()
    kp.write_xlsx(plan, buffer, mark_targets=True)
    return buffer.getvalue()


def bold_runs(value: object) -> list[str]:
    assert isinstance(value, CellRichText), value
    return [block.text for block in value if isinstance(block, TextBlock) and block.font.b]


def test_marked_targets_are_exactly_the_bold_runs_of_their_content_cells() -> None:
    from kepu_plan.layout import target_spans

    plan = kp.examples.shenmu()
    sheet = openpyxl.load_workbook(io.BytesIO(marked(plan)), rich_text=True)["分工表"]
    contents = {duty.content: duty for duty in plan.duties}
    seen = 0
    for (value,) in sheet.iter_rows(min_col=3, max_col=3, values_only=True):
        text = "".join(str(block) for block in value) if isinstance(value, CellRichText) else value
        if not isinstance(text, str) or text not in contents:
            continue
        spans = target_spans(text)
        if spans:
            assert bold_runs(value) == [text[start:end] for start, end in spans]
            seen += 1
        else:
            assert isinstance(value, str)  # no target: a plain text
    assert seen == 12  # the 9 duties with numeric targets and the 3 with full coverage


def test_the_runs_of_a_marked_cell_keep_the_body_font() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(marked(kp.examples.shenmu())), rich_text=True)["分工表"]
    value = next(cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, CellRichText))
    assert {(block.font.rFont, block.font.sz) for block in value if isinstance(block, TextBlock)} == {
        ("仿宋_GB2312", 11.0)
    }


def test_a_workbook_with_marked_targets_reads_back_and_writes_the_same_bytes_again() -> None:
    plan = kp.examples.shenmu()
    data = marked(plan)
    assert kp.read_xlsx(io.BytesIO(data)) == plan
    assert marked(plan) == data


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_every_generated_plan_reads_back_equal_with_its_targets_marked(plan: kp.Plan) -> None:
    assert kp.read_xlsx(io.BytesIO(marked(plan))) == plan


def test_an_unknown_sheet_name_is_said_in_chinese_by_default_with_the_same_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LC_MESSAGES")
    monkeypatch.setenv("LANG", "C.UTF-8")  # no language asked for: Chinese
    with pytest.raises(kp.ReadError) as chinese:
        read_workbook(two_sheets(), name="a.xlsx", sheet="分工")
    assert str(chinese.value).endswith(
        "工作簿中没有名为 '分工' 的工作表；现有工作表为 说明、分工表（请用 sheet= 指定其中一个名称）"
    )
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    with pytest.raises(kp.ReadError) as english:
        read_workbook(two_sheets(), name="a.xlsx", sheet="分工")
    assert str(english.value) == (
        "a.xlsx: the workbook has no sheet named '分工'; its sheets are 说明、分工表 "
        "(pass one of these names as sheet=)"
    )
    assert chinese.value.code == english.value.code == "read"


def test_the_writers_refusal_of_an_unstorable_character_is_chinese_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_MESSAGES")
    monkeypatch.setenv("LANG", "C.UTF-8")
    grid = Grid(nrows=1, ncols=1, cells=(Cell(row=0, col=0, text="a\x01b"),), sheet="分工表")
    with pytest.raises(kp.WriteError) as caught:
        render_xlsx(Document(tables=(grid,)), io.BytesIO())
    assert str(caught.value) == "分工表!A1：文字中含有 '\\x01'，XLSX 文件无法保存"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert str(caught.value) == "分工表!A1: the text contains '\\x01', which an XLSX file cannot store"


def test_a_worksheet_cell_refuses_what_the_cell_grammar_refuses_but_the_carriage_return() -> None:
    from kepu_plan._grammar.cells import UNSTORABLE
    from kepu_plan.formats.xlsx._style import XLSX_UNSTORABLE

    for code in range(0x10000):
        char = chr(code)
        assert (XLSX_UNSTORABLE.match(char) is not None) == (UNSTORABLE.match(char) is not None and char != "\r")


def test_a_carriage_return_in_a_cell_is_stored_and_reads_back_as_a_line_break() -> None:
    grid = Grid(nrows=1, ncols=1, cells=(Cell(row=0, col=0, text="第一行\r第二行"),), sheet="分工表")
    stream = io.BytesIO()
    render_xlsx(Document(tables=(grid,)), stream)
    cell = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))["分工表"]["A1"]
    assert cell.value == "第一行\r第二行"


def test_a_cell_longer_than_the_cell_grammars_limit_is_refused_before_anything_is_written() -> None:
    from kepu_plan._grammar.cells import MAX_TEXT_LENGTH

    stream = io.BytesIO()
    for length, refused in ((MAX_TEXT_LENGTH, False), (MAX_TEXT_LENGTH + 1, True)):
        grid = Grid(nrows=1, ncols=1, cells=(Cell(row=0, col=0, text="字" * length),), sheet="分工表")
        if refused:
            with pytest.raises(kp.WriteError, match="a cell holds at most 32,767"):
                render_xlsx(Document(tables=(grid,)), io.BytesIO())
        else:
            render_xlsx(Document(tables=(grid,)), stream)
    assert stream.getvalue()
