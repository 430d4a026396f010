"""DOCX writing: the published layout, the style, determinism and round trips."""

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
FIXTURE = Path(__file__).parents[2] / "data" / "shenmu-libreoffice.docx"
NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def w(local: str) -> str:
    """A WordprocessingML tag in Clark notation."""
    return f"{{{NS['w']}}}{local}"


# --- helpers -------------------------------------------------------------------------------------


def texts(grid: Grid) -> list[tuple[int, int, str, int, int]]:
    return [(c.row, c.col, c.text, c.rowspan, c.colspan) for c in grid.cells]


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
        ({"page_numbers": "left"}, "DocxStyle.page_numbers must be 'outside', 'center' or 'none', not 'left'"),
    ],
)
def test_a_bad_style_option_raises_an_option_error(changes: dict[str, object], message: str) -> None:
    with pytest.raises(kp.OptionError, match=re.escape(message)) as caught:
        DocxStyle(**changes)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)


def test_a_bad_style_option_is_said_in_chinese_by_default(chinese: None) -> None:
    with pytest.raises(kp.OptionError, match=re.escape("DocxStyle.body_size 应是正数，不能是 0")):
        DocxStyle(body_size=0)


def test_text_that_xml_cannot_store_raises_write_error_naming_the_cell() -> None:
    grid = Grid(nrows=1, ncols=1, cells=(Cell(row=0, col=0, text="a\x07b"),))
    with pytest.raises(kp.WriteError, match=r"table 1, row 1, column 1: the text contains '\\x07'"):
        written(Document(tables=(grid,)))


def test_overlapping_cells_raise_write_error() -> None:
    grid = Grid(nrows=2, ncols=1, cells=(Cell(row=0, col=0, text="a", rowspan=2), Cell(row=1, col=0, text="b")))
    with pytest.raises(kp.WriteError, match="two cells cover row 2, column 1"):
        written(Document(tables=(grid,)))


def test_an_unknown_write_option_raises_type_error() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        kp.write_docx(kp.examples.shenmu(), io.BytesIO(), colour="red")  # type: ignore[call-arg]


def test_a_style_that_is_not_a_docx_style_raises_an_option_error() -> None:
    with pytest.raises(kp.OptionError, match=r"style= must be a kp\.DocxStyle, not dict"):
        kp.write_docx(kp.examples.shenmu(), io.BytesIO(), style={"body_size": 12})  # type: ignore[arg-type]


def test_python_docx_opens_the_written_file_and_finds_the_table() -> None:
    buffer = io.BytesIO()
    kp.write_docx(kp.examples.shenmu(), buffer, style=DocxStyle(body_size=12))
    buffer.seek(0)
    opened = docx.Document(buffer)
    [table] = opened.tables
    assert (len(table.rows), len(table.columns)) == (113, 4)
    section = opened.sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert section.page_width > section.page_height


# --- determinism and round trips ----------------------------------------------------------------------


def test_bold_text_reads_back_as_the_same_plain_text() -> None:
    data = written(small_document())
    cell = document_from_docx(io.BytesIO(data)).tables[0].cells[6]
    assert cell.text == "每年培训科学教师60名以上"
    assert cell.bold_spans == ()


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


@pytest.mark.parametrize("char", ["\r", "\x01", "\x0b", "\ufffe"])
def test_a_docx_refuses_every_character_the_cell_grammar_calls_unstorable(char: str) -> None:
    from kepu_plan._grammar.cells import unstorable

    assert unstorable(char) == char
    grid = Grid(nrows=1, ncols=1, cells=(Cell(row=0, col=0, text=f"前{char}后"),))
    with pytest.raises(kp.WriteError, match="which a DOCX file cannot store"):
        written(Document(tables=(grid,)))


def test_a_docx_font_name_with_an_unstorable_character_is_refused() -> None:
    with pytest.raises(kp.OptionError, match="must be a font name"):
        DocxStyle(body_font="宋体\r")
