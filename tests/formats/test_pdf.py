"""Reading PDF: tables printed by LibreOffice from tables kepu_plan and county offices wrote.

Every PDF in tests/data/pdf has a source beside it (or in tests/data/layouts) that is read without
the PDF; the plan read from the PDF must have the same names, contents and units, exactly.  The
PDFs are made by tests/data/pdf/make_fixtures.py; tests/formats/test_pdf_libreoffice.py renders
more where LibreOffice is installed.
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

import kepu_plan as kp
from _support import load_script
from kepu_plan.formats.pdf import document_from_pdf
from kepu_plan.formats.pdf._breaks import _Metrics
from kepu_plan.formats.pdf._pages import _Box
from kepu_plan.formats.pdf._text import _CellLines, _Char, _Column, _Judged, _Line, _line_text, _wide

DATA = Path(__file__).parent.parent / "data"
PDF = DATA / "pdf"

# The assertions here match the English words (the messages' ``reason`` is English in any language;
# ``str(error)`` and ``match=`` read the rendered message).  One test reads the Chinese a user sees.
pytestmark = pytest.mark.usefixtures("english")


# tests/data/pdf/make_fixtures.py: how the PDFs are printed and plans compared.
_MAKE = load_script(PDF / "make_fixtures.py", "pdf_make_fixtures")
signature = _MAKE.signature


def source_plan(source: Path) -> kp.Plan:
    return kp.read(source)


SOURCES = {
    "preset-sections.pdf": lambda work: PDF / "preset-sections.json",
    "preset-two-row-header.pdf": lambda work: PDF / "preset-two-row-header.json",
    "county-docx.pdf": lambda work: _made(_MAKE.county_docx, work / "county-docx.docx"),
    "county-xlsx.pdf": lambda work: _made(_MAKE.county_xlsx, work / "county-xlsx.xlsx"),
}


def _made(make: Callable[[Path], None], path: Path) -> Path:
    make(path)
    return path


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_name_content_and_unit_of_the_printed_table_reads_back_exactly(name: str, tmp_path: Path) -> None:
    expected = source_plan(SOURCES[name](tmp_path))
    plan = kp.read(PDF / name)
    assert signature(plan) == signature(expected)
    assert (plan.label, plan.title, plan.notes) == (expected.label, expected.title, expected.notes)


def test_the_layout_the_table_was_printed_in_is_found_again() -> None:
    expected = source_plan(PDF / "preset-two-row-header.json")
    plan = kp.read_pdf(PDF / "preset-two-row-header.pdf")
    assert plan.layout == expected.layout
    sections = kp.read_pdf(PDF / "preset-sections.pdf")
    assert sections.layout is not None
    assert sections.layout.sections


def test_a_table_over_pages_is_one_grid_without_the_repeated_header_rows() -> None:
    with (PDF / "preset-two-row-header.pdf").open("rb") as stream:
        document = document_from_pdf(stream, "表.pdf")
    assert len(document.tables) == 1
    grid = document.tables[0]
    assert grid.header_rows == 2
    header_texts = [cell.text for cell in grid.cells if cell.text in ("牵头单位", "配合单位")]
    assert header_texts == ["牵头单位", "配合单位"]  # once, though every page repeats them


def test_each_recovery_is_reported_with_its_place() -> None:
    found: list[kp.Diagnostic] = []
    kp.read(PDF / "preset-sections.pdf", diagnostics=found)
    codes = {item.code for item in found}
    assert {"pdf-header-repeat", "pdf-wrapped-lines", "pdf-glyph-spacing"} <= codes
    repeat = next(item for item in found if item.code == "pdf-header-repeat")
    assert repeat.location.file == str(PDF / "preset-sections.pdf")
    assert repeat.location.table == 1
    assert repeat.location.row is not None
    assert "page 2" in repeat.message


def test_a_running_header_is_skipped_and_a_row_divided_by_a_page_break_is_one_row() -> None:
    found: list[kp.Diagnostic] = []
    plan = kp.read(PDF / "county-docx.pdf", diagnostics=found)
    assert plan.title == "某县全民科学素质行动目标任务分工表"
    running = [item for item in found if item.code == "pdf-running-text"]
    assert [item.message for item in running] == [
        "'某县全民科学素质工作领导小组办公室' stands on every page outside the table: skipped"
    ]
    assert any(item.code == "pdf-split-row" and "page 2" in item.message for item in found)


def test_a_title_printed_as_the_page_header_of_every_page_is_read_once_as_the_title(tmp_path: Path) -> None:
    source = tmp_path / "running-title.docx"
    _MAKE.county_docx(source, running_title=True)
    expected = source_plan(source)
    found: list[kp.Diagnostic] = []
    plan = kp.read(PDF / "running-title.pdf", diagnostics=found)
    assert signature(plan) == signature(expected)
    assert (plan.label, plan.title, plan.notes) == ("附件2", "某县全民科学素质行动目标任务分工表", expected.notes)
    running = [item.message for item in found if item.code == "pdf-running-text"]
    assert running == [
        "'某县全民科学素质行动目标任务分工表' stands above the table on every page: read once, as the title"
    ]


def test_a_merged_cell_continued_at_a_page_top_is_one_cell() -> None:
    found: list[kp.Diagnostic] = []
    with (PDF / "preset-sections.pdf").open("rb") as stream:
        document = document_from_pdf(stream, "表.pdf", diagnostics=found)
    assert any(item.code == "pdf-page-continuation" for item in found)
    tasks = [cell for cell in document.tables[0].cells if cell.text.startswith("（")]
    assert any(cell.rowspan > 1 for cell in tasks)


# Generated plans (tests/formats/test_pdf_libreoffice.py) whose names at a page break once read back
# wrong, kept with the PDF LibreOffice printed from their DOCX (make_fixtures.py prints them again):
# a name at a page's foot that goes on at the next page's top (True), or is whole (False).
BREAKS = PDF / "page-breaks"
KEPT_BREAKS = {
    # the task's lines set its row's height; the action beside it has as many, but its merged cell
    # goes on empty at the next page's top: it did not set the height
    "task-sets-its-row-beside-an-action-going-on": False,
    # … the action beside it wraps onto the next page beyond doubt (a lead mark left open)
    "task-sets-its-row-beside-a-wrapped-action": False,
    # the action's name stands centred in its cell's part: it did not run on over the break
    "centred-action-ends": False,
    # （团⏎县委、县财政局牵头）: 团 ends a name and 县 starts one, but inside an open bracket
    "lead-mark-goes-on-after-a-name-end": True,
}


@pytest.mark.parametrize("name", sorted(KEPT_BREAKS))
def test_a_name_at_a_printed_page_break_reads_back_as_one_name_or_as_two_as_written(name: str) -> None:
    expected = kp.read_json(BREAKS / f"{name}.json")
    found: list[kp.Diagnostic] = []
    plan = kp.read_pdf(BREAKS / f"{name}.pdf", diagnostics=found)
    assert signature(plan) == signature(expected)
    assert (plan.label, plan.title, plan.notes) == (expected.label, expected.title, expected.notes)
    if KEPT_BREAKS[name]:
        assert any(item.code == "pdf-page-continuation" for item in found)


def _box(first: float, last: float, text: str = "县科协", *, bottom: float = 60.0) -> _Box:
    """A cell from 0 to ``bottom`` with lines of 10 points of ``text`` whose first and last start
    at ``first`` and ``last``."""
    return _Box(0.0, 0.0, 40.0, bottom, [line(text, 2.0, at) for at in sorted({first, last})])


def test_a_text_centred_in_its_cell_ends_there_and_one_at_its_top_may_run_on() -> None:
    # a Chinese line fills its cell 3 points below the top and 4 above the bottom; a line with
    # digits 1 and 2 points (their glyphs reach higher and lower)
    metrics = _Metrics(pad=2.0, top_pad=1.0, pitch=12.0, edges={False: (3.0, 4.0), True: (1.0, 2.0)})
    assert metrics.centred(_box(13.0, 36.0))  # 10 points lower than where it would start, 10 higher
    assert metrics.centred(_box(5.0, 44.0))  # 2 points lower, 2 higher
    assert metrics.centred(_box(3.0, 46.0, "第1项"))  # digits: 2 points lower and higher than theirs
    assert not metrics.centred(_box(3.0, 27.0))  # at the top: what did not fit went on
    # filling its cell (measured from where lines with digits stand, it would look centred)
    assert not metrics.centred(_box(3.0, 46.0))
    assert not metrics.centred(_box(3.5, 45.5))  # half a point from each side: a glyph's height
    assert not metrics.centred(_box(20.0, 44.0))  # lowered, no room below: set at the bottom


# --- text recovery in a cell ------------------------------------------------------------------------


def line(text: str, x0: float, top: float, size: float = 10.0, advance: dict[int, float] | None = None) -> _Line:
    """A line of glyphs one ``size`` wide (Latin ones half as wide), with extra gaps ``advance``
    before the characters at the given indexes."""
    chars = []
    x = x0
    for i, char in enumerate(text):
        x += (advance or {}).get(i, 0.0)
        width = size if _wide(char) else size / 2
        chars.append(_Char(char, x, x + width, top, top + size, size))
        x += width
    return _Line(chars, chars[0].x0, chars[-1].x1, top, top + size, size)


def cell_text(lines: list[_Line], left: float = 0.0, right: float = 60.0, *, list_like: bool = False) -> str:
    judged = _Judged()
    found = _CellLines.of(lines, left, right, judged)
    return found.text(_Column(list_like=list_like, short=True), judged)


def test_a_line_running_to_the_edge_wraps_and_joins_without_a_space() -> None:
    # 县教体局、县科协等部⏎门: the line is full, the next begins in the middle of a word
    lines = [line("县教体局、县", 0, 0), line("科协等部门", 0, 12)]
    assert cell_text(lines) == "县教体局、县科协等部门"


def test_a_line_ending_short_of_the_edge_ends_a_paragraph() -> None:
    lines = [line("市教体局", 0, 0), line("市科协", 0, 12)]
    assert cell_text(lines) == "市教体局\n市科协"


def test_in_a_list_column_a_full_line_ends_a_paragraph_unless_a_word_end_follows() -> None:
    assert cell_text([line("市发改科技局", 0, 0), line("市科协", 0, 12)], list_like=True) == "市发改科技局\n市科协"
    assert cell_text([line("市退役军人事", 0, 0), line("务局", 0, 12)], list_like=True) == "市退役军人事务局"


def test_between_two_names_in_a_column_of_short_lines_a_full_line_ends_a_paragraph() -> None:
    assert cell_text([line("县教体局", 0, 0), line("县科协", 0, 12)], right=40.0) == "县教体局\n县科协"


def test_a_name_wrapped_onto_a_second_line_after_another_name_stays_apart_from_it() -> None:
    lines = [line("市委宣传部", 0, 0), line("生态环境分", 0, 12), line("局", 0, 24)]
    assert cell_text(lines, right=50.0) == "市委宣传部\n生态环境分局"


def test_latin_words_wrapped_over_two_lines_are_joined_with_one_space() -> None:
    lines = [line("Science and", 0, 0, advance={7: 2.0}), line("Technology", 0, 12)]
    assert cell_text(lines, right=60.0) == "Science and Technology"


def test_the_spacing_between_chinese_and_digits_is_not_a_space() -> None:
    judged = _Judged()
    assert _line_text(line("建设5个基地", 0, 0, advance={2: 2.5, 3: 2.5}), judged) == "建设5个基地"
    assert judged.glyph_gaps == 2


def test_a_gap_between_latin_words_is_a_space_and_a_written_space_is_kept() -> None:
    judged = _Judged()
    assert _line_text(line("5G网络", 0, 0, advance={2: 2.5}), judged) == "5G网络"
    assert _line_text(line("AB", 0, 0, advance={1: 3.0}), judged) == "A B"
    assert _line_text(line("C D", 0, 0), judged) == "C D"


def test_full_width_punctuation_and_quotes_are_kept_as_printed() -> None:
    lines = [line("开展“科学实验秀”１０场次，", 0, 0)]
    assert cell_text(lines, right=200.0) == "开展“科学实验秀”１０场次，"


def test_a_line_starting_with_closing_punctuation_continues_the_line_before() -> None:
    lines = [line("建成县科技馆", 0, 0), line("。", 0, 12)]
    assert cell_text(lines, right=65.0) == "建成县科技馆。"


def test_an_open_bracket_carries_a_full_line_on_to_the_next() -> None:
    lines = [line("科普工程（县", 0, 0), line("科协牵头）", 0, 12)]
    assert cell_text(lines, list_like=True) == "科普工程（县科协牵头）"


# --- refusals -----------------------------------------------------------------------------------------


def test_a_scanned_pdf_is_refused_with_what_to_do() -> None:
    with pytest.raises(kp.ReadError) as caught:
        kp.read(PDF / "scanned.pdf")
    assert caught.value.reason == (
        "a scanned PDF: its pages are pictures without a text layer, so there is no table text to read"
    )
    assert caught.value.hint is not None
    assert "OCR" in caught.value.hint
    assert ".docx" in caught.value.hint


def test_a_scanned_pdf_is_refused_in_chinese_by_default_with_the_same_code(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    with pytest.raises(kp.ReadError) as chinese:
        kp.read(PDF / "scanned.pdf")
    assert str(chinese.value) == (
        f"{PDF / 'scanned.pdf'}：这是扫描版 PDF：页面是图片，没有文字层，读不出表格文字"
        "（请向发送方索取生成该 PDF 的 .docx 或 .xlsx 文件，或先对 PDF 做文字识别（OCR，如 ocrmypdf）再读取识别结果）"
    )
    monkeypatch.setenv("LC_MESSAGES", "en_US.UTF-8")
    with pytest.raises(kp.ReadError) as english:
        kp.read(PDF / "scanned.pdf")
    assert str(english.value).startswith(f"{PDF / 'scanned.pdf'}: a scanned PDF: its pages are pictures")
    assert chinese.value.code == english.value.code == "read"
    assert chinese.value.reason == english.value.reason  # the English text, for programs and logs


def test_text_without_a_ruled_table_names_the_pages_looked_at() -> None:
    with pytest.raises(kp.ReadError) as caught:
        kp.read(PDF / "no-table.pdf")
    assert str(caught.value).startswith(
        f"{PDF / 'no-table.pdf'}: no ruled table on page 1: the PDF has text but no table with ruling lines"
    )


def test_a_pdf_that_needs_a_password_is_refused() -> None:
    with pytest.raises(kp.ReadError) as caught:
        kp.read(PDF / "password.pdf")
    assert caught.value.reason == "the PDF is protected by a password needed to open it"
    assert caught.value.hint is not None
    assert "without a password" in caught.value.hint


@pytest.mark.parametrize("fraction", [0.02, 0.5, 0.9])
def test_a_truncated_pdf_is_a_read_error(fraction: float) -> None:
    data = (PDF / "preset-sections.pdf").read_bytes()
    with pytest.raises(kp.ReadError) as caught:
        kp.read(io.BytesIO(data[: int(len(data) * fraction)]), format="pdf")
    assert caught.value.location.file == "<stream>"


def test_bytes_that_are_not_a_pdf_are_a_read_error() -> None:
    with pytest.raises(kp.ReadError, match=r"not a PDF file \(no %PDF- header\)"):
        kp.read(io.BytesIO(b"hello"), format="pdf")


def pdf_file(*objects: bytes, trailer: bytes = b"") -> bytes:
    """A minimal PDF of ``objects`` (object 1 the catalog) with a correct cross-reference table."""
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return out


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R >>"


def test_a_decompression_bomb_is_refused_before_it_is_unpacked() -> None:
    bomb = zlib.compress(b"\0" * (20 * 1024 * 1024), 9)
    data = pdf_file(
        CATALOG,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        PAGE,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(bomb), bomb),
    )
    with pytest.raises(kp.LimitExceeded, match="decompression bomb") as caught:
        kp.read(io.BytesIO(data), format="pdf")
    assert caught.value.hint is not None
    assert "max_ratio=" in caught.value.hint


_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")


def rc4(key: bytes, data: bytes) -> bytes:
    box = list(range(256))
    j = 0
    for i in range(256):
        j = (j + box[i] + key[i % len(key)]) % 256
        box[i], box[j] = box[j], box[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + box[i]) % 256
        box[i], box[j] = box[j], box[i]
        out.append(byte ^ box[(box[i] + box[j]) % 256])
    return bytes(out)


def test_a_decompression_bomb_in_an_encrypted_pdf_is_refused_too() -> None:
    """A PDF encrypted with an empty user password (it opens without one; printing or copying may be
    restricted, as on many government sites): its streams are checked once decrypted."""
    file_id = b"0123456789abcdef"
    owner = rc4(hashlib.md5(_PAD).digest()[:5], _PAD)
    permissions = -4
    key = hashlib.md5(_PAD + owner + permissions.to_bytes(4, "little", signed=True) + file_id).digest()[:5]
    user = rc4(key, _PAD)
    bomb = zlib.compress(b"\0" * (20 * 1024 * 1024), 9)
    object_key = hashlib.md5(key + (4).to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[:10]
    data = pdf_file(
        CATALOG,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        PAGE,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(bomb), rc4(object_key, bomb)),
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (owner.hex().encode(), user.hex().encode(), permissions),
        trailer=b"/Encrypt 5 0 R /ID [<%s> <%s>]" % (file_id.hex().encode(), file_id.hex().encode()),
    )
    with pytest.raises(kp.LimitExceeded, match="decompression bomb"):
        kp.read(io.BytesIO(data), format="pdf")


def test_a_pdf_announcing_millions_of_pages_is_refused_before_they_are_read() -> None:
    data = pdf_file(
        CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 50000000 >>", PAGE, b"<< /Length 0 >>\nstream\n\nendstream"
    )
    with pytest.raises(kp.LimitExceeded, match="the PDF has 50,000,000 pages, more than 10,000"):
        kp.read(io.BytesIO(data), format="pdf")


def test_max_pages_bounds_a_long_pdf() -> None:
    with pytest.raises(kp.LimitExceeded, match="the PDF has 6 pages, more than 2") as caught:
        kp.read(PDF / "preset-sections.pdf", limits=kp.Limits(max_pages=2))
    assert caught.value.hint is not None
    assert "max_pages=" in caught.value.hint


def test_deeply_nested_objects_are_a_read_error_not_a_crash() -> None:
    deep = b"<< /Type /Catalog /Pages 2 0 R /Deep " + b"[" * 100_000 + b"]" * 100_000 + b" >>"
    data = pdf_file(deep, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", PAGE, b"<< /Length 0 >>\nstream\n\nendstream")
    with pytest.raises(kp.ReadError):
        kp.read(io.BytesIO(data), format="pdf")


def test_text_whose_fonts_do_not_say_their_characters_is_refused_not_read_as_codes() -> None:
    content = b"BT /F1 12 Tf 72 700 Td <00010002000300040005> Tj ET"
    data = pdf_file(
        CATALOG,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /DW 1000 "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
    )
    with pytest.raises(kp.ReadError) as caught:
        kp.read(io.BytesIO(data), format="pdf")
    assert caught.value.reason == (
        "the text on page 1 cannot be recovered: its fonts do not say which characters they show"
    )


def test_an_empty_page_says_the_pdf_has_no_text() -> None:
    data = pdf_file(
        CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", PAGE, b"<< /Length 0 >>\nstream\n\nendstream"
    )
    with pytest.raises(kp.ReadError, match="the PDF has no text"):
        kp.read(io.BytesIO(data), format="pdf")


# --- the format in the library ---------------------------------------------------------------------------


def test_writing_a_plan_as_pdf_says_to_write_docx_and_convert(tmp_path: Path) -> None:
    target = tmp_path / "分工表.pdf"
    with pytest.raises(kp.UnsupportedFormat, match=r"write the plan as \.docx and convert"):
        kp.write(kp.examples.shenmu(), target)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_without_pdfplumber_reading_a_pdf_names_the_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    with pytest.raises(kp.UnsupportedFormat, match=r'pip install "kepu-plan\[pdf\]"'):
        kp.read(PDF / "preset-sections.pdf")


def test_importing_kepu_plan_does_not_import_the_pdf_library() -> None:
    code = "import sys, kepu_plan; print('pdfplumber' in sys.modules, 'pdfminer' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_a_pdf_is_found_by_its_content_under_any_name(tmp_path: Path) -> None:
    renamed = tmp_path / "分工表.docx"
    renamed.write_bytes((PDF / "preset-sections.pdf").read_bytes())
    assert signature(kp.read(renamed)) == signature(source_plan(PDF / "preset-sections.json"))
