"""DOCX reading: the grid, the text and the paragraphs read from the XML, and the errors."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

import kepu_plan as kp
from kepu_plan.formats.docx import document_from_docx
from kepu_plan.grid import Grid

# These tests match the English words of messages (see tests/conftest.py).
pytestmark = pytest.mark.usefixtures("english")
DATA = Path(__file__).parents[2] / "data"
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


def test_rows_in_the_choice_of_alternate_content_are_read_and_the_fallback_copy_is_not() -> None:
    row = tr(tc(p("b")))
    alternate = (
        f'<mc:AlternateContent><mc:Choice Requires="w14">{row}</mc:Choice>'
        f"<mc:Fallback>{tr(tc(p('旧')))}</mc:Fallback></mc:AlternateContent>"
    )
    assert texts(grid_of(table(tr(tc(p("a"))), alternate))) == [(0, 0, "a", 1, 1), (1, 0, "b", 1, 1)]


def test_rows_and_cells_in_custom_xml_and_content_controls_at_any_depth_are_read() -> None:
    wide = tc(p("b"), '<w:gridSpan w:val="2"/>')
    cell = f"<w:customXml><w:sdt><w:sdtContent>{wide}</w:sdtContent></w:sdt></w:customXml>"
    covered = tc(p("d"), '<w:gridSpan w:val="2"/><w:vMerge/>')
    row = f"<w:customXml>{tr(tc(p('c')), covered, tc(p('e')))}</w:customXml>"
    grid = grid_of(table(tr(tc(p("a")), cell), row))
    assert texts(grid) == [(0, 0, "a", 1, 1), (0, 1, "b\nd", 2, 2), (1, 0, "c", 1, 1), (1, 3, "e", 1, 1)]


def test_the_former_properties_of_a_tracked_change_are_not_read() -> None:
    change = '<w:tcPrChange w:id="1" w:author="x"><w:tcPr><w:gridSpan w:val="3"/><w:vMerge/></w:tcPr></w:tcPrChange>'
    row_change = (
        '<w:trPrChange w:id="2" w:author="x"><w:trPr><w:gridBefore w:val="2"/><w:tblHeader/></w:trPr></w:trPrChange>'
    )
    grid = grid_of(table(tr(tc(p("a"))), tr(tc(p("b"), change), trpr=row_change)))
    assert texts(grid) == [(0, 0, "a", 1, 1), (1, 0, "b", 1, 1)]
    assert grid.header_rows == 0


def test_a_legacy_horizontal_merge_widens_the_cell_before() -> None:
    grid = grid_of(
        table(
            tr(tc(p("a"), '<w:hMerge w:val="restart"/>'), tc(p(), "<w:hMerge/>"), tc(p("c"))),
            tr(tc(p("d"), "<w:hMerge/>"), tc(p("e"))),
        )
    )
    assert texts(grid) == [(0, 0, "a", 1, 2), (0, 2, "c", 1, 1), (1, 0, "d", 1, 1), (1, 1, "e", 1, 1)]


def test_grid_after_leaves_the_grid_as_wide_as_its_columns() -> None:
    columns = '<w:tblGrid><w:gridCol w:w="1"/><w:gridCol w:w="1"/><w:gridCol w:w="1"/></w:tblGrid>'
    short = tr(tc(p("a")), trpr='<w:gridAfter w:val="2"/>')
    body = f"<w:tbl>{columns}{short}{tr(tc(p('b')), tc(p('c')), tc(p('d')))}</w:tbl>"
    grid = grid_of(body)
    assert (grid.nrows, grid.ncols) == (2, 3)
    assert texts(grid)[0] == (0, 0, "a", 1, 1)


def test_the_rows_cells_and_spans_of_a_nested_table_leave_the_outer_table_alone() -> None:
    # All the nested table's paragraphs are lines of the cell, a deleted row's too (its mark is
    # the nested table's, not the outer row's).
    inner = table(
        tr(tc(p("内1"), '<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>'), trpr="<w:tblHeader/>"),
        tr(tc(p("内2"), "<w:vMerge/>"), tc(p("内3")), trpr='<w:del w:id="1" w:author="x"/>'),
        tr(tc(p("内4")), trpr='<w:gridBefore w:val="1"/>'),
    )
    grid = grid_of(table(tr(tc(p("外") + inner + p()), tc(p("b"))), tr(tc(p("c")), tc(p("d"), "<w:vMerge/>"))))
    assert texts(grid) == [(0, 0, "外\n内1\n内2\n内3\n内4\n", 1, 1), (0, 1, "b\nd", 2, 1), (1, 0, "c", 1, 1)]
    assert (grid.nrows, grid.ncols, grid.header_rows) == (2, 2, 0)


def test_a_deleted_row_marked_as_header_does_not_count_and_the_merges_run_past_it() -> None:
    deleted = '<w:tblHeader/><w:del w:id="1" w:author="x"/>'
    grid = grid_of(
        table(
            tr(tc(p("a"), '<w:vMerge w:val="restart"/>'), trpr="<w:tblHeader/>"),
            tr(tc(p("删"), "<w:vMerge/>"), trpr=deleted),
            tr(tc(p("b"), "<w:vMerge/>")),
        )
    )
    assert texts(grid) == [(0, 0, "a\nb", 2, 1)]
    assert grid.header_rows == 1


def test_text_deleted_or_moved_away_in_a_cell_is_not_read_with_what_it_holds() -> None:
    deleted = f'<w:del w:id="1" w:author="x">{p("删")}{table(tr(tc(p("删表"))))}</w:del>'
    moved = '<w:moveFrom w:id="2" w:author="x"><w:r><w:br/><w:t>移</w:t></w:r></w:moveFrom>'
    assert one_cell_text(p("留") + deleted + f"<w:p>{moved}<w:r><w:t>到</w:t></w:r></w:p>") == "留\n到"


def test_an_empty_last_paragraph_whose_mark_is_deleted_adds_no_line() -> None:
    deleted_mark = '<w:pPr><w:rPr><w:del w:id="1" w:author="x"/></w:rPr></w:pPr>'
    assert one_cell_text(p("市教体局") + p("", deleted_mark)) == "市教体局"
    assert one_cell_text(p("市教体局") + p("市科协", deleted_mark)) == "市教体局\n市科协"
    assert one_cell_text(p("", deleted_mark) + p("", deleted_mark) + p("a")) == "a"


def test_a_paragraph_outside_the_tables_is_read_with_the_same_rules_as_a_cell() -> None:
    inner = (
        '<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="x"/></w:rPr></w:pPr>'
        '<w:r><w:t>附</w:t><w:tab/></w:r><w:del w:id="2" w:author="x"><w:r><w:t>删</w:t></w:r></w:del>'
        '<w:ins w:id="3" w:author="x"><w:r><w:t>件</w:t><w:br/></w:r></w:ins></w:p>'
    )
    document = document_from_docx(package(inner + table(tr(tc(p("a"))))))
    assert document.preamble == ("附\t件",)


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
    assert document.between == (("中间",),)
    assert document.trailer == ("注：x",)
    assert [grid.table for grid in document.tables] == [1, 2]


def test_the_label_and_title_between_a_report_table_and_the_plan_are_read_with_the_plan() -> None:
    shenmu = kp.examples.shenmu()
    report = docx.Document()
    report.add_paragraph("为深入贯彻《全民科学素质行动规划纲要》，制定本方案。")
    own = report.add_table(rows=2, cols=2)
    own.cell(0, 0).text = "年份"
    own.cell(1, 0).text = "2025"
    kp.write_docx(shenmu, report)
    buffer = io.BytesIO()
    report.save(buffer)

    document = document_from_docx(io.BytesIO(buffer.getvalue()))
    assert document.preamble == ("为深入贯彻《全民科学素质行动规划纲要》，制定本方案。",)
    assert document.between == (("附件", shenmu.title.replace("》", "》\n", 1)),)  # one paragraph, two lines
    read_back = kp.read_docx(io.BytesIO(buffer.getvalue()))
    assert read_back == shenmu
    assert (read_back.label, read_back.title) == ("附件", shenmu.title)


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
