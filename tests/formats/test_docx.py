"""DOCX reader and writer: the grid read from XML, the errors, the published layout, round trips."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, example, given, settings
from lxml import etree

import kepu_plan as kp
from kepu_plan.formats.docx import DocxStyle, document_from_docx, render_docx
from kepu_plan.grid import Cell, Document, Grid
from kepu_plan.testing import plans

# These tests match the English words of messages (see tests/conftest.py).
pytestmark = pytest.mark.usefixtures("english")

DATA = Path(__file__).parent.parent / "data"
FIXTURE = DATA / "shenmu-libreoffice.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(local: str) -> str:
    return f"{{{W}}}{local}"


# --- helpers ---------------------------------------------------------------------------------------


def package(body: str, *, ns: str = W, extra: dict[str, bytes] | None = None) -> io.BytesIO:
    """A minimal DOCX holding ``body`` (the inside of w:body)."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{ns}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:v="urn:schemas-microsoft-com:vml">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", document.encode())
        for member, data in (extra or {}).items():
            archive.writestr(member, data)
    buffer.seek(0)
    return buffer


def p(text: str = "", ppr: str = "") -> str:
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>' if text else f"<w:p>{ppr}</w:p>"


def tc(inner: str = "", tcpr: str = "") -> str:
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{inner or p()}</w:tc>"


def table(*rows: str) -> str:
    return "<w:tbl><w:tblPr/><w:tblGrid/>" + "".join(rows) + "</w:tbl>"


def tr(*cells: str, trpr: str = "") -> str:
    return f"<w:tr><w:trPr>{trpr}</w:trPr>{''.join(cells)}</w:tr>"


def grid_of(body: str) -> Grid:
    return document_from_docx(package(body), "t.docx").tables[0]


def texts(grid: Grid) -> list[tuple[int, int, str, int, int]]:
    return [(c.row, c.col, c.text, c.rowspan, c.colspan) for c in grid.cells]


def one_cell_text(inner: str) -> str:
    return grid_of(table(tr(tc(inner)))).cells[0].text


def written(document: Document, style: DocxStyle | None = None) -> bytes:
    buffer = io.BytesIO()
    render_docx(document, buffer, style)
    return buffer.getvalue()


def part(data: bytes, member: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(member))


def small_document(**changes: object) -> Document:
    grid = Grid(
        nrows=4,
        ncols=4,
        header_rows=1,
        column_roles=("action", "task", "content", "units"),
        cells=(
            Cell(row=0, col=0, text="重点行动\n重点工程"),
            Cell(row=0, col=1, text="主要任务"),
            Cell(row=0, col=2, text="主要内容"),
            Cell(row=0, col=3, text="负责单位"),
            Cell(row=1, col=0, text="青少年科学素质提升行动（市教体局牵头）", rowspan=3),
            Cell(row=1, col=1, text="提升科学教育水平", rowspan=2),
            Cell(row=1, col=2, text="每年培训科学教师60名以上", bold_spans=((2, 12),)),
            Cell(row=1, col=3, text="市教体局\n市科协"),
            Cell(row=2, col=2, text="  a < b & c > d\t制表\n\n末行 "),
            Cell(row=2, col=3, text=""),
            Cell(row=3, col=1, text="跨两列的单元格", colspan=2),
            Cell(row=3, col=3, text="团市委"),
        ),
    )
    fields: dict[str, object] = {"tables": (grid,), "label": "附件", "title": "测试分工表", "notes": ("注：示例。",)}
    fields.update(changes)
    return Document(**fields)  # type: ignore[arg-type]


# --- reading: the foreign fixture ---------------------------------------------------------------------


def test_fixture_reads_into_a_header_row_and_112_body_rows_of_four_columns() -> None:
    with FIXTURE.open("rb") as stream:
        document = document_from_docx(stream, "shenmu.docx")
    [grid] = document.tables
    assert (grid.nrows, grid.ncols, grid.header_rows, grid.table, grid.file) == (113, 4, 1, 1, "shenmu.docx")
    header = [cell.text for cell in next(grid.rows())]
    assert header == ["重点行动\n重点工程", "主要任务", "主要内容", "负责单位"]
    first_action = grid.cells[4]
    assert (first_action.row, first_action.col, first_action.rowspan) == (1, 0, 13)
    assert first_action.text == "青少年科学素质提升行动（市教体局、市科协、职业技术学院牵头）"
    assert sum(cell.rowspan for cell in grid.cells if cell.col == 2 and cell.row > 0) == 112
    assert sum(cell.rowspan for cell in grid.cells if cell.col == 0) == 113
    assert grid.cells[7].text == "市教体局\n市科协"


def test_fixture_preamble_holds_the_label_and_both_title_lines() -> None:
    with FIXTURE.open("rb") as stream:
        document = document_from_docx(stream)
    assert document.preamble == (
        "附件",
        "神木市贯彻《全民科学素质行动规划纲要（2021-2035年）》",
        "实施方案“十四五”目标任务分工表",
    )
    assert document.trailer == ()


def test_fixture_reads_equal_to_the_embedded_shenmu_plan() -> None:
    assert kp.read_docx(FIXTURE) == kp.examples.shenmu()
    assert kp.read(str(FIXTURE)) == kp.examples.shenmu()


def test_fixture_read_from_a_stream_that_cannot_seek() -> None:
    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self.data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            chunk = self.data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    plan = kp.read_docx(Pipe(FIXTURE.read_bytes()))  # type: ignore[arg-type]
    assert plan == kp.examples.shenmu()


# --- reading: spans --------------------------------------------------------------------------------


def test_grid_span_gives_the_column_span_and_grid_before_shifts_the_row() -> None:
    grid = grid_of(
        table(
            tr(tc(p("a"), '<w:gridSpan w:val="2"/>'), tc(p("b"))),
            tr(tc(p("c")), tc(p("d")), trpr='<w:gridBefore w:val="1"/>'),
        )
    )
    assert texts(grid) == [(0, 0, "a", 1, 2), (0, 2, "b", 1, 1), (1, 1, "c", 1, 1), (1, 2, "d", 1, 1)]
    assert (grid.nrows, grid.ncols) == (2, 3)


def test_a_vmerge_continue_cell_extends_the_origin_above_in_the_same_grid_column() -> None:
    restart = '<w:vMerge w:val="restart"/>'
    grid = grid_of(
        table(
            tr(tc(p("a"), restart), tc(p("b"), '<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>')),
            tr(tc(p(), "<w:vMerge/>"), tc(p(), '<w:gridSpan w:val="2"/><w:vMerge w:val="continue"/>')),
            tr(tc(p(), '<w:vMerge w:val="continue"/>'), tc(p("e")), tc(p("f"))),
        )
    )
    assert texts(grid) == [(0, 0, "a", 3, 1), (0, 1, "b", 2, 2), (2, 1, "e", 1, 1), (2, 2, "f", 1, 1)]


def test_a_vmerge_continue_cell_with_nothing_above_starts_a_cell() -> None:
    grid = grid_of(table(tr(tc(p("x"), "<w:vMerge/>"))))
    assert texts(grid) == [(0, 0, "x", 1, 1)]


def test_text_in_a_covered_cell_is_kept_in_its_origin() -> None:
    grid = grid_of(table(tr(tc(p("a"), '<w:vMerge w:val="restart"/>')), tr(tc(p("b"), "<w:vMerge/>"))))
    assert texts(grid) == [(0, 0, "a\nb", 2, 1)]


def test_a_merge_ends_where_a_row_has_no_cell_in_its_column() -> None:
    grid = grid_of(
        table(
            tr(tc(p("a"), '<w:vMerge w:val="restart"/>'), tc(p("b"))),
            tr(tc(p("c")), trpr='<w:gridBefore w:val="1"/>'),
            tr(tc(p("d"), "<w:vMerge/>"), tc(p("e"))),
        )
    )
    assert texts(grid) == [
        (0, 0, "a", 1, 1),
        (0, 1, "b", 1, 1),
        (1, 1, "c", 1, 1),
        (2, 0, "d", 1, 1),
        (2, 1, "e", 1, 1),
    ]


def test_leading_rows_marked_as_table_header_count_as_header_rows() -> None:
    grid = grid_of(
        table(
            tr(tc(p("h1")), trpr="<w:tblHeader/>"),
            tr(tc(p("h2")), trpr='<w:tblHeader w:val="true"/>'),
            tr(tc(p("x")), trpr='<w:tblHeader w:val="false"/>'),
            tr(tc(p("y")), trpr="<w:tblHeader/>"),
        )
    )
    assert grid.header_rows == 2


def test_rows_and_cells_inside_content_controls_are_read() -> None:
    sdt_cell = f"<w:sdt><w:sdtPr/><w:sdtContent>{tc(p('b'))}</w:sdtContent></w:sdt>"
    sdt_row = f"<w:sdt><w:sdtPr/><w:sdtContent>{tr(tc(p('c')), tc(p('d')))}</w:sdtContent></w:sdt>"
    grid = grid_of(table(tr(tc(p("a")), sdt_cell), sdt_row))
    assert texts(grid) == [(0, 0, "a", 1, 1), (0, 1, "b", 1, 1), (1, 0, "c", 1, 1), (1, 1, "d", 1, 1)]


# --- reading: text -----------------------------------------------------------------------------------


def test_paragraphs_of_a_cell_are_lines() -> None:
    assert one_cell_text(p("市教体局") + p("市科协") + p() + p("团市委")) == "市教体局\n市科协\n\n团市委"


def test_breaks_and_tabs_are_read_as_line_feeds_and_tabs() -> None:
    inner = (
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        "<w:r><w:t>a</w:t><w:br/><w:t>b</w:t><w:tab/><w:t>c</w:t><w:cr/><w:t>d</w:t>"
        '<w:br w:type="page"/><w:noBreakHyphen/><w:t>e</w:t></w:r></w:p>'
    )
    assert one_cell_text(inner) == "a\nb\tc\nd-e"


def test_text_in_hyperlinks_content_controls_insertions_smart_tags_and_field_results_is_read() -> None:
    inner = (
        '<w:p><w:hyperlink r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        "<w:r><w:t>链</w:t></w:r></w:hyperlink>"
        "<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>控</w:t></w:r></w:sdtContent></w:sdt>"
        '<w:ins w:id="1" w:author="x"><w:r><w:t>插</w:t></w:r></w:ins>'
        '<w:smartTag w:uri="u" w:element="e"><w:r><w:t>标</w:t></w:r></w:smartTag>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple></w:p>'
    )
    assert one_cell_text(inner) == "链控插标79"


def test_tracked_deletions_and_moved_away_text_are_not_read() -> None:
    inner = (
        '<w:p><w:r><w:t>留</w:t></w:r><w:del w:id="1" w:author="x"><w:r><w:delText>删</w:delText><w:br/>'
        '<w:t>删</w:t></w:r></w:del><w:moveFrom w:id="2" w:author="x"><w:r><w:t>移</w:t></w:r></w:moveFrom>'
        '<w:moveTo w:id="3" w:author="x"><w:r><w:t>到</w:t></w:r></w:moveTo></w:p>'
    )
    assert one_cell_text(inner) == "留到"


def test_a_paragraph_whose_mark_is_deleted_joins_the_next_one() -> None:
    deleted_mark = '<w:pPr><w:rPr><w:del w:id="1" w:author="x"/></w:rPr></w:pPr>'
    assert one_cell_text(p("市教", deleted_mark) + p("体局") + p("市科协")) == "市教体局\n市科协"


def test_a_row_deleted_with_tracked_changes_is_skipped() -> None:
    grid = grid_of(table(tr(tc(p("a"))), tr(tc(p("b")), trpr='<w:del w:id="1" w:author="x"/>'), tr(tc(p("c")))))
    assert texts(grid) == [(0, 0, "a", 1, 1), (1, 0, "c", 1, 1)]


def test_text_box_text_is_not_read_twice() -> None:
    box = "<w:txbxContent>" + p("框") + "</w:txbxContent>"
    inner = (
        '<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing/>'
        f"</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    assert one_cell_text(inner) == "正文"


def test_a_nested_table_gives_its_paragraphs_as_lines() -> None:
    assert one_cell_text(p("外") + table(tr(tc(p("内1")), tc(p("内2")))) + p()) == "外\n内1\n内2\n"


def test_paragraphs_before_and_after_the_tables_form_preamble_and_trailer() -> None:
    body = p("附件") + p("  ") + p("标题") + table(tr(tc(p("a")))) + p("中间") + table(tr(tc(p("b")))) + p(" 注：x ")
    document = document_from_docx(package(body), "t.docx")
    assert document.preamble == ("附件", "标题")
    assert document.trailer == ("注：x",)
    assert [grid.table for grid in document.tables] == [1, 2]


def test_a_strict_open_xml_document_is_read() -> None:
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    document = document_from_docx(package(p("附件") + table(tr(tc(p("a")))), ns=strict))
    assert document.preamble == ("附件",)
    assert texts(document.tables[0]) == [(0, 0, "a", 1, 1)]


def test_the_main_part_is_found_through_the_package_relationships() -> None:
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="/word/document2.xml"/></Relationships>'
    )
    real = package(table(tr(tc(p("真"))))).getvalue()
    with zipfile.ZipFile(io.BytesIO(real)) as archive:
        main = archive.read("word/document.xml")
    stream = package(table(tr(tc(p("假")))), extra={"_rels/.rels": rels.encode(), "word/document2.xml": main})
    assert document_from_docx(stream).tables[0].cells[0].text == "真"


def test_bold_text_reads_back_as_the_same_plain_text() -> None:
    data = written(small_document())
    cell = document_from_docx(io.BytesIO(data)).tables[0].cells[6]
    assert cell.text == "每年培训科学教师60名以上"
    assert cell.bold_spans == ()


# --- reading: errors --------------------------------------------------------------------------------


def read_error(data: bytes) -> kp.ReadError:
    with pytest.raises(kp.ReadError) as caught:
        document_from_docx(io.BytesIO(data), "bad.docx")
    return caught.value


def test_a_file_that_is_not_a_zip_raises_read_error_naming_the_file() -> None:
    error = read_error(b"hello, not a zip")
    assert str(error) == "bad.docx: not a DOCX file (not a zip package)"
    assert error.location == kp.Location(file="bad.docx")


def test_an_old_word_document_gets_a_hint_to_save_as_docx() -> None:
    error = read_error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert "old Word .doc" in error.reason
    assert error.hint == "save it as .docx (Word 2007 or later) without a password"


def test_a_zip_without_a_document_part_raises_read_error() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    error = read_error(buffer.getvalue())
    assert error.reason == "no word/document.xml: not a Word document"
    assert error.hint == "this looks like an XLSX workbook: read it with read_xlsx"


def test_broken_xml_raises_read_error_with_the_part_and_line() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{W}">\n<w:body><w:p></w:body>')
    error = read_error(buffer.getvalue())
    assert error.reason.startswith("word/document.xml is not well-formed XML (line 2): ")


def test_a_document_with_a_dtd_is_refused_without_expanding_entities() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", laughs)
    assert read_error(buffer.getvalue()).reason == "word/document.xml declares a DTD, which a Word document never does"


def test_a_document_without_a_table_raises_read_error_no_table() -> None:
    error = read_error(package(p("附件") + p("只有文字")).getvalue())
    assert str(error) == "bad.docx: no table (the allocation table must be a Word table)"


def test_a_part_that_is_not_wordprocessingml_raises_read_error() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<html><body/></html>")
    assert read_error(buffer.getvalue()).reason == "word/document.xml is not a WordprocessingML document"


def test_a_bad_grid_span_raises_read_error_at_its_table_row_and_column() -> None:
    body = (
        p("x") + table(tr(tc(p("a")))) + table(tr(tc(p("a"))), tr(tc(p("b")), tc(p("c"), '<w:gridSpan w:val="two"/>')))
    )
    error = read_error(package(body).getvalue())
    assert error.location == kp.Location(file="bad.docx", table=2, row=2, column=2)
    assert str(error) == "bad.docx: table 2, row 2, column 2: gridSpan is not a number: 'two'"


def test_a_row_wider_than_any_table_raises_read_error() -> None:
    error = read_error(package(table(tr(tc(p("a"), '<w:gridSpan w:val="99999999"/>')))).getvalue())
    assert error.reason == "the row is wider than 1024 columns"


@pytest.mark.parametrize("cut", [0, 1, 30, 100, 1000, 5000, -200, -22])
def test_a_truncated_file_raises_read_error_never_a_bare_exception(cut: int) -> None:
    data = FIXTURE.read_bytes()
    read_error(data[:cut])


def test_a_damaged_member_raises_read_error_never_a_bare_exception() -> None:
    data = bytearray(FIXTURE.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 100, start + 110):
        data[offset] ^= 0xFF
    assert "cannot unpack word/document.xml" in read_error(bytes(data)).reason


def test_a_duty_row_without_content_read_strictly_raises_layout_error_at_its_row_and_column() -> None:
    header = tr(tc(p("重点行动")), tc(p("主要任务")), tc(p("主要内容")), tc(p("负责单位")))
    rows = tr(tc(p("甲行动")), tc(p("任务")), tc(p("内容")), tc(p("市科协"))) + tr(
        tc(p("甲行动")), tc(p("任务")), tc(p()), tc(p("市科协"))
    )
    with pytest.raises(kp.LayoutError) as caught:
        kp.read_docx(package(table(header, rows)), strict=True)
    assert caught.value.location == kp.Location(file="<stream>", table=1, row=3, column=3)


def test_a_table_with_unknown_headers_raises_layout_error_listing_them(english: None) -> None:
    with pytest.raises(
        kp.LayoutError, match=r"found 甲、乙; the nearest known headers: 重点行动/重点工程、主要任务、主要内容 \("
    ):
        kp.read_docx(package(table(tr(tc(p("甲")), tc(p("乙"))))))


# --- writing: the published layout -----------------------------------------------------------------


def test_the_page_is_a4_landscape_with_width_and_height_swapped_and_gbt_9704_margins() -> None:
    section = part(written(small_document()), "word/document.xml").find(".//w:sectPr", NS)
    assert section is not None
    size = section.find("w:pgSz", NS)
    margins = section.find("w:pgMar", NS)
    assert size is not None
    assert margins is not None
    assert (size.get(w("w")), size.get(w("h")), size.get(w("orient"))) == ("16838", "11906", "landscape")
    assert [margins.get(w(side)) for side in ("top", "bottom", "left", "right")] == ["1587", "1474", "1984", "2098"]


def test_a_portrait_style_keeps_the_page_upright() -> None:
    style = DocxStyle(landscape=False, margin_top=37, margin_bottom=35, margin_left=28, margin_right=26)
    size = part(written(small_document(), style), "word/document.xml").find(".//w:pgSz", NS)
    assert size is not None
    assert (size.get(w("w")), size.get(w("h")), size.get(w("orient"))) == ("11906", "16838", None)


def paragraph_style(data: bytes, style_id: str) -> tuple[str | None, str | None, str | None]:
    style = part(data, "word/styles.xml").find(f".//w:style[@w:styleId='{style_id}']", NS)
    assert style is not None
    fonts = style.find("w:rPr/w:rFonts", NS)
    size = style.find("w:rPr/w:sz", NS)
    jc = style.find("w:pPr/w:jc", NS)
    assert fonts is not None
    assert size is not None
    return fonts.get(w("eastAsia")), size.get(w("val")), None if jc is None else jc.get(w("val"))


def test_label_title_header_and_body_use_the_gbt_9704_fonts_and_sizes() -> None:
    data = written(small_document())
    assert paragraph_style(data, "KpLabel") == ("黑体", "32", "left")
    assert paragraph_style(data, "KpTitle") == ("方正小标宋简体", "44", "center")
    assert paragraph_style(data, "KpHeader") == ("黑体", "28", "center")
    assert paragraph_style(data, "KpBody") == ("仿宋_GB2312", "28", "both")
    body = part(data, "word/document.xml").find("w:body", NS)
    assert body is not None
    first, second = body.findall("w:p", NS)[:2]
    assert first.xpath("string(.)") == "附件"
    assert first.find("w:pPr/w:pStyle", NS).get(w("val")) == "KpLabel"  # type: ignore[union-attr]
    assert second.find("w:pPr/w:pStyle", NS).get(w("val")) == "KpTitle"  # type: ignore[union-attr]


def test_every_run_sets_its_east_asian_font_and_chinese_language() -> None:
    title = "神木市贯彻《全民科学素质行动规划纲要（2021-2035年）》实施方案“十四五”目标任务分工表"
    data = written(small_document(title=title, notes=("注：一\n二",)))
    for member in ("word/document.xml", "word/footer1.xml", "word/footer2.xml"):
        runs = part(data, member).findall(".//w:r", NS)
        assert runs
        for run in runs:
            fonts = run.find("w:rPr/w:rFonts", NS)
            lang = run.find("w:rPr/w:lang", NS)
            assert fonts is not None
            assert fonts.get(w("eastAsia"))
            assert lang is not None
            assert lang.get(w("eastAsia")) == "zh-CN"
    settings = part(data, "word/settings.xml")
    assert settings.find("w:themeFontLang", NS).get(w("eastAsia")) == "zh-CN"  # type: ignore[union-attr]
    assert b"ja-JP" not in data


def test_the_header_row_repeats_on_every_page_and_no_row_splits() -> None:
    rows = part(written(small_document()), "word/document.xml").findall(".//w:tr", NS)
    assert [row.find("w:trPr/w:tblHeader", NS) is not None for row in rows] == [True, False, False, False]
    assert all(row.find("w:trPr/w:cantSplit", NS) is not None for row in rows)


def test_merges_are_written_as_vmerge_restart_and_continue_and_grid_span() -> None:
    rows = part(written(small_document()), "word/document.xml").findall(".//w:tr", NS)

    def shape(row: etree._Element) -> list[tuple[str | None, str | None]]:
        found = []
        for cell in row.findall("w:tc", NS):
            merge = cell.find("w:tcPr/w:vMerge", NS)
            span = cell.find("w:tcPr/w:gridSpan", NS)
            found.append(
                (
                    None if merge is None else merge.get(w("val"), "continue"),
                    None if span is None else span.get(w("val")),
                )
            )
        return found

    assert shape(rows[1]) == [("restart", None), ("restart", None), (None, None), (None, None)]
    assert shape(rows[2]) == [("continue", None), ("continue", None), (None, None), (None, None)]
    assert shape(rows[3]) == [("continue", None), (None, "2"), (None, None)]


def test_units_are_one_per_paragraph() -> None:
    rows = part(written(small_document()), "word/document.xml").findall(".//w:tr", NS)
    units = rows[1].findall("w:tc", NS)[3]
    assert [paragraph.xpath("string(.)") for paragraph in units.findall("w:p", NS)] == ["市教体局", "市科协"]


def test_bold_spans_set_exactly_those_characters_in_bold() -> None:
    rows = part(written(small_document()), "word/document.xml").findall(".//w:tr", NS)
    runs = rows[1].findall("w:tc", NS)[2].findall(".//w:r", NS)
    assert [(run.xpath("string(.)"), run.find("w:rPr/w:b", NS) is not None) for run in runs] == [
        ("每年", False),
        ("培训科学教师60名以", True),
        ("上", False),
    ]


def test_page_numbers_are_dashed_page_fields_outside_odd_right_and_even_left() -> None:
    data = written(small_document())
    settings = part(data, "word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    for member, side in (("word/footer1.xml", "right"), ("word/footer2.xml", "left")):
        footer = part(data, member)
        assert footer.xpath("string(.)") == "—  PAGE 1 —"
        assert footer.find(".//w:instrText", NS).text == " PAGE "  # type: ignore[union-attr]
        assert footer.find(".//w:jc", NS).get(w("val")) == side  # type: ignore[union-attr]
    section = part(data, "word/document.xml").find(".//w:sectPr", NS)
    assert section is not None
    assert [ref.get(w("type")) for ref in section.findall("w:footerReference", NS)] == ["default", "even"]


def test_notes_are_set_below_the_table() -> None:
    body = part(written(small_document(notes=("注：一", "注：二\n第二行"))), "word/document.xml").find("w:body", NS)
    assert body is not None
    tags = [etree.QName(child).localname for child in body]
    assert tags[tags.index("tbl") + 1 :] == ["p", "p", "p", "sectPr"]
    document = document_from_docx(io.BytesIO(written(small_document(notes=("注：一", "注：二\n第二行")))))
    assert document.trailer == ("注：一", "注：二\n第二行")


def test_a_long_title_is_broken_at_a_natural_place_and_reads_back_whole() -> None:
    title = "神木市贯彻《全民科学素质行动规划纲要（2021-2035年）》实施方案“十四五”目标任务分工表"
    data = written(small_document(title=title))
    body = part(data, "word/document.xml").find("w:body", NS)
    assert body is not None
    assert len(body.findall("w:p", NS)[1].findall(".//w:br", NS)) == 1
    assert document_from_docx(io.BytesIO(data)).preamble[1] == title.replace("》实", "》\n实")


def test_column_widths_fill_the_text_block_and_favour_the_content() -> None:
    grid = part(written(small_document()), "word/document.xml").find(".//w:tblGrid", NS)
    assert grid is not None
    widths = [int(col.get(w("w"), "0")) for col in grid]
    assert sum(widths) == round((297 - 35 - 37) * 1440 / 25.4)
    assert widths[2] == max(widths)


def test_explicit_column_widths_are_used_in_millimetres() -> None:
    grid = part(written(small_document(), DocxStyle(column_widths=(40, 40, 100, 45))), "word/document.xml")
    widths = [int(col.get(w("w"), "0")) for col in grid.findall(".//w:gridCol", NS)]
    assert widths == [2268, 2268, 5669, 2551]


def test_column_widths_of_the_wrong_count_raise_write_error() -> None:
    with pytest.raises(kp.WriteError, match="gives 2 widths for a table of 4 columns"):
        written(small_document(), DocxStyle(column_widths=(40, 40)))


def test_style_options_change_fonts_and_sizes() -> None:
    data = written(small_document(), DocxStyle(body_size=12, body_font="仿宋", header_size=10.5))
    assert paragraph_style(data, "KpBody") == ("仿宋", "24", "both")
    assert paragraph_style(data, "KpHeader") == ("黑体", "21", "center")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"body_size": 0}, "DocxStyle.body_size must be a positive number, not 0"),
        ({"margin_left": -1}, "DocxStyle.margin_left must be a number of millimetres ≥ 0, not -1"),
        ({"body_font": ""}, "DocxStyle.body_font must be a font name, not ''"),
        ({"title_font": 'A&B"'}, "DocxStyle.title_font must be a font name, not 'A&B\"'"),
        ({"margin_left": 150, "margin_right": 150}, "DocxStyle margins leave no room for the table"),
        ({"column_widths": (10, -2)}, "DocxStyle.column_widths must hold positive millimetres, not -2"),
    ],
)
def test_a_bad_style_option_raises_value_error(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        DocxStyle(**changes)  # type: ignore[arg-type]


def test_text_that_xml_cannot_store_raises_write_error_naming_the_cell() -> None:
    grid = Grid(nrows=1, ncols=1, cells=(Cell(row=0, col=0, text="a\x07b"),))
    with pytest.raises(kp.WriteError, match=r"table 1, row 1, column 1: the text contains '\\x07'"):
        written(Document(tables=(grid,)))


def test_overlapping_cells_raise_write_error() -> None:
    grid = Grid(nrows=2, ncols=1, cells=(Cell(row=0, col=0, text="a", rowspan=2), Cell(row=1, col=0, text="b")))
    with pytest.raises(kp.WriteError, match="two cells cover row 2, column 1"):
        written(Document(tables=(grid,)))


def test_an_unknown_write_option_raises_type_error() -> None:
    with pytest.raises(TypeError, match="colour"):
        kp.write_docx(kp.examples.shenmu(), io.BytesIO(), colour="red")


def test_a_style_that_is_not_a_docx_style_raises_type_error() -> None:
    with pytest.raises(TypeError, match="style must be a DocxStyle, not dict"):
        kp.write_docx(kp.examples.shenmu(), io.BytesIO(), style={"body_size": 12})


def test_python_docx_opens_the_written_file_and_finds_the_table() -> None:
    buffer = io.BytesIO()
    kp.write_docx(kp.examples.shenmu(), buffer, style=DocxStyle(body_size=12))
    buffer.seek(0)
    opened = docx.Document(buffer)
    [table] = opened.tables
    assert (len(table.rows), len(table.columns)) == (113, 4)
    section = opened.sections[0]
    assert section.page_width > section.page_height


# --- determinism and round trips ----------------------------------------------------------------------


def test_the_same_plan_written_twice_gives_identical_bytes_without_the_current_time() -> None:
    first, second = io.BytesIO(), io.BytesIO()
    kp.write_docx(kp.examples.shenmu(), first)
    kp.write_docx(kp.examples.shenmu(), second)
    assert first.getvalue() == second.getvalue()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "dcterms" not in core
    assert "<dc:title>神木市贯彻" in core


def test_a_document_round_trips_through_docx_at_the_grid_level() -> None:
    document = small_document()
    read_back = document_from_docx(io.BytesIO(written(document)), "t.docx")
    [grid] = read_back.tables
    [original] = document.tables
    plain = {(c.row, c.col, c.text, c.rowspan, c.colspan) for c in original.cells}
    assert set(texts(grid)) == plain
    assert (grid.nrows, grid.ncols, grid.header_rows) == (original.nrows, original.ncols, original.header_rows)
    assert read_back.preamble == ("附件", "测试分工表")
    assert read_back.trailer == ("注：示例。",)


def test_the_one_pass_reading_and_the_structural_reading_of_a_table_agree() -> None:
    from kepu_plan.formats import docx as module

    sources = [FIXTURE.read_bytes(), written(small_document())]
    for data in sources:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = etree.fromstring(archive.read("word/document.xml"))
        reader = module._Reader(module._TAGS[W], "t.docx")
        table = root.find(".//w:tbl", NS)
        assert table is not None
        assert reader._fast_cells(table, 1) == reader._careful_cells(table, 1)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_both_readings_agree_on_every_generated_plan(plan: kp.Plan) -> None:
    from kepu_plan.formats import docx as module

    buffer = io.BytesIO()
    kp.write_docx(plan, buffer)
    with zipfile.ZipFile(buffer) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    reader = module._Reader(module._TAGS[W], None)
    table = root.find(".//w:tbl", NS)
    assert table is not None
    assert reader._fast_cells(table, 1) == reader._careful_cells(table, 1)


def test_an_empty_table_is_not_written() -> None:
    document = Document(tables=(Grid(nrows=0, ncols=0, cells=()),), title="只有标题")
    assert part(written(document), "word/document.xml").find(".//w:tbl", NS) is None


def test_a_hole_in_the_grid_is_written_as_an_empty_cell() -> None:
    grid = Grid(nrows=1, ncols=3, cells=(Cell(row=0, col=1, text="b"),))
    read_back = document_from_docx(io.BytesIO(written(Document(tables=(grid,))))).tables[0]
    assert texts(read_back) == [(0, 0, "", 1, 1), (0, 1, "b", 1, 1), (0, 2, "", 1, 1)]


def test_the_shenmu_plan_round_trips_and_its_rewrite_is_byte_identical() -> None:
    plan = kp.examples.shenmu()
    first = io.BytesIO()
    kp.write_docx(plan, first)
    first.seek(0)
    again = kp.read_docx(first)
    assert again == plan
    second = io.BytesIO()
    kp.write_docx(again, second)
    assert second.getvalue() == first.getvalue()


def test_the_fixture_written_by_kepu_plan_reads_back_through_a_path(tmp_path: Path) -> None:
    target = tmp_path / "神木市分工表.docx"
    kp.write(kp.read(FIXTURE), target, style=DocxStyle(body_size=12))
    assert kp.read(target) == kp.examples.shenmu()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
@example(kp.examples.shenmu())
@example(
    kp.Plan(
        title="",
        actions=[
            kp.Action(name="甲", kind=kp.ActionKind.ACTION, tasks=[kp.Task(name="乙", duties=[kp.Duty(content="丙")])])
        ],
    )
)
@example(
    kp.Plan(
        title="=SUM(1,2)《标题》",
        label="附件 3",
        notes=["注：一\n二"],
        actions=[
            kp.Action(
                name="#N/A工程",
                leads=["市科协"],
                tasks=[
                    kp.Task(
                        name="-1",
                        duties=[
                            kp.Duty(content="a\t\tb\n\n  c", units=["A", "B"], leads=["B"], deadline="2025年\n底"),
                            kp.Duty(content="<&>", extra={"备注": "x\ty"}),
                        ],
                    )
                ],
            )
        ],
    )
)
def test_every_generated_plan_reads_back_equal_from_docx(plan: kp.Plan) -> None:
    buffer = io.BytesIO()
    kp.write_docx(plan, buffer)
    buffer.seek(0)
    assert kp.read_docx(buffer) == plan


def test_targets_can_be_marked_in_bold_and_the_document_still_reads_back() -> None:
    plan = kp.examples.shenmu()
    buffer = io.BytesIO()
    kp.write_docx(plan, buffer, mark_targets=True)
    data = buffer.getvalue()
    assert kp.read_docx(io.BytesIO(data)) == plan
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    bold_texts = re.findall(
        r"<w:r><w:rPr>(?:(?!</w:rPr>).)*<w:b/>(?:(?!</w:rPr>).)*</w:rPr><w:t[^>]*>([^<]*)</w:t>", xml
    )
    assert "每年培训科学教师和科技辅导员60名以上" in bold_texts
    assert "每年开展“科学实验秀”10场次" in bold_texts
    plain = io.BytesIO()
    kp.write_docx(plan, plain)
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as package:
        unmarked = package.read("word/document.xml").decode("utf-8")
    assert "每年培训科学教师和科技辅导员60名以上" not in re.findall(r"<w:t[^>]*>([^<]*)</w:t>", unmarked)


def test_a_document_without_a_table_says_so_in_chinese_by_default_with_the_same_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LC_MESSAGES")
    monkeypatch.setenv("LANG", "C.UTF-8")  # no language asked for: Chinese
    chinese = read_error(package(p("附件") + p("只有文字")).getvalue())
    assert str(chinese).endswith("没有表格（分工表必须是 Word 表格）")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    english = read_error(package(p("附件") + p("只有文字")).getvalue())
    assert str(english) == "bad.docx: no table (the allocation table must be a Word table)"
    assert chinese.code == english.code == "read"
    assert chinese.reason == english.reason == "no table"  # the attribute stays the English source text
