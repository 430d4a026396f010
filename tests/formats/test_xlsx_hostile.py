"""Workbooks written by other programs, damaged or crafted: each is read as Excel and the other readers
read it, or refused with a ReadError that names the cell and says what to do."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

import kepu_plan as kp
from kepu_plan._limits import Limits
from kepu_plan._pipeline import read_plan
from kepu_plan.formats.xlsx import _sheet, document_from_xlsx

# These tests match the English words of messages (see tests/conftest.py).
pytestmark = pytest.mark.usefixtures("english")

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER_ROW = '<row r="1">' + "".join(
    f'<c r="{col}1" t="inlineStr"><is><t>{text}</t></is></c>'
    for col, text in zip("ABCD", ["重点行动", "主要任务", "主要内容", "负责单位"], strict=True)
)
DUTY_ROW = (
    '<row r="2"><c r="A2" t="inlineStr"><is><t>科普行动</t></is></c><c r="B2" t="inlineStr"><is><t>任务</t></is></c>'
    '<c r="C2" t="inlineStr"><is><t>开展活动</t></is></c><c r="D2" t="inlineStr"><is><t>市科协</t></is></c></row>'
)
STYLES = (
    f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.00"/></numFmts>'
    '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="21"/></cellXfs></styleSheet>'
)


def read_workbook(
    stream: Any,
    *,
    name: str | None = None,
    diagnostics: list[kp.Diagnostic] | None = None,
    strict: bool = False,
    sheet: str | None = None,
    **limits: Any,
) -> kp.Plan:
    """A workbook's plan through the pipeline, as ``kp.read_xlsx`` reads it (``name`` for messages),
    within ``Limits(**limits)``."""
    return read_plan(
        "xlsx", stream, name=name, limits=Limits(**limits), diagnostics=diagnostics, strict=strict, sheet=sheet
    )


def sheet(rows: str, extra: str = "") -> str:
    return f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData>{extra}</worksheet>'


def table(*rows: str, extra: str = "") -> str:
    """The sheet of a small table: the header, ``rows`` (from row 2 on) and ``extra`` after the data."""
    return sheet(HEADER_ROW + "</row>" + "".join(rows), extra)


def package(
    *sheets: tuple[str, str] | tuple[str, str, str],
    strings: list[str] | None = None,
    separator: str = "/",
    strings_xml: str | bytes | None = None,
) -> io.BytesIO:
    """A workbook of ``sheets`` (name, sheet XML[, state]), its member names joined by ``separator``;
    its shared strings made of ``strings``, or the part ``strings_xml`` as given."""
    entries = "".join(
        f'<sheet name="{entry[0]}" sheetId="{i}" r:id="rId{i}"'
        + (f' state="{entry[2]}"' if len(entry) > 2 else "")
        + "/>"
        for i, entry in enumerate(sheets, start=1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    rels += f'<Relationship Id="rIdS" Type="{RELS}/styles" Target="styles.xml"/>'
    parts: dict[str, str | bytes] = {
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>{entries}</sheets></workbook>',
        "xl/styles.xml": STYLES,
    }
    if strings is not None or strings_xml is not None:
        items = "".join(f"<si><t>{text}</t></si>" for text in strings or ())
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{items}</sst>' if strings_xml is None else strings_xml
        rels += f'<Relationship Id="rIdT" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'
    )
    for i, entry in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = entry[1]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, xml in parts.items():
            archive.writestr(name.replace("/", separator), xml)
    buffer.seek(0)
    return buffer


def cell_text(data: io.BytesIO, ref: str) -> str:
    grid = document_from_xlsx(data).tables[0]
    for cell in grid.cells:
        if str(grid.locate(cell.row, cell.col)).endswith(f"!{ref}"):
            return cell.text
    raise AssertionError(f"no cell {ref}")


# --- cells that refer to what is not there --------------------------------------------------------------


@pytest.mark.parametrize("index", ["-2", "-1", "3", "99999999", "1.5", "²"])
def test_a_shared_string_index_outside_the_table_raises_read_error_at_the_cell(index: str) -> None:
    data = package(("表", sheet(f'<row r="2"><c r="C2" t="s"><v>{index}</v></c></row>')), strings=["甲", "乙", "丙"])
    with pytest.raises(kp.ReadError, match="shared string") as caught:
        read_workbook(data, name="s.xlsx")
    assert caught.value.location == kp.Location(file="s.xlsx", sheet="表", cell="C2")


def test_a_shared_string_cell_with_an_empty_value_reads_as_empty() -> None:
    data = package(
        ("表", table('<row r="2"><c r="C2" t="s"><v/></c><c r="D2" t="s"><v>0</v></c></row>')), strings=["甲"]
    )
    assert cell_text(data, "D2") == "甲"
    grid = document_from_xlsx(package(("表", table('<row r="2"><c r="C2" t="s"><v/></c></row>')), strings=["甲"]))
    assert [cell.text for cell in grid.tables[0].cells] == ["重点行动", "主要任务", "主要内容", "负责单位"]


@pytest.mark.parametrize(
    "rows",
    [
        '<row r="0"><c r="A0" t="inlineStr"><is><t>x</t></is></c></row>',
        '<row r="0"><c t="inlineStr"><is><t>x</t></is></c></row>',
        '<row r="2"><c r="A0" t="inlineStr"><is><t>x</t></is></c></row>',
        '<row r="2"><c r="C2" t="inlineStr"><is><t>x</t></is></c><c r="D0" t="inlineStr"><is><t>y</t></is></c></row>',
        '<row r="-1"><c t="inlineStr"><is><t>x</t></is></c></row>',
    ],
)
def test_row_zero_or_a_cell_in_row_zero_raises_read_error(rows: str) -> None:
    with pytest.raises(kp.ReadError, match=r"bad (number|reference)") as caught:
        read_workbook(package(("表", table(rows))), name="r.xlsx")
    assert caught.value.location.sheet == "表"


# --- formulas without a stored value ------------------------------------------------------------------


def test_a_formula_without_a_value_outside_the_tables_columns_is_ignored() -> None:
    data = package(("表", table(DUTY_ROW, '<row r="3"><c r="G3"><f>1+1</f></c></row>')))
    assert [duty.content for duty in kp.read_xlsx(data).duties] == ["开展活动"]


def test_a_formula_without_a_value_on_another_sheet_is_ignored() -> None:
    other = sheet('<row r="1"><c r="A1"><f>SUM(B1:B9)</f></c><c r="B1"><v>1</v></c></row>')
    data = package(("说明", other), ("分工表", table(DUTY_ROW)))
    assert [duty.content for duty in kp.read_xlsx(data).duties] == ["开展活动"]


def test_a_formula_without_a_value_in_the_table_names_the_cell_and_how_to_store_values() -> None:
    data = package(("表", table(DUTY_ROW, '<row r="3"><c r="C3"><f>C2</f></c><c r="D3" t="str"><f>D2</f></c></row>')))
    with pytest.raises(kp.ReadError) as caught:
        read_workbook(data, name="f.xlsx")
    assert caught.value.location == kp.Location(file="f.xlsx", sheet="表", cell="C3")
    assert caught.value.hint is not None
    assert all(program in caught.value.hint for program in ("Excel", "WPS", "LibreOffice"))


# --- dates, times and durations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "style", "seen"),
    [
        ("10:10:10", "0", "10:10:10"),
        ("PT0H11M0.000S", "0", "0:11:00"),
        ("PT26H0M0S", "0", "26:00:00"),
        ("P1DT2H", "0", "26:00:00"),
        ("10:10:10", "2", "10:10:10"),
        ("2025-01-31T00:00:00Z", "0", "2025/1/31"),
    ],
)
def test_a_time_or_a_duration_in_a_date_cell_reads_as_a_time(raw: str, style: str, seen: str) -> None:
    row = f'<row r="2"><c r="C2" t="d" s="{style}"><v>{raw}</v></c></row>'
    assert cell_text(package(("表", table(row))), "C2") == seen


def test_a_date_cell_that_is_no_date_raises_read_error_at_the_cell() -> None:
    row = '<row r="2"><c r="C2" t="d"><v>明天</v></c></row>'
    with pytest.raises(kp.ReadError, match="not a number or a date") as caught:
        read_workbook(package(("表", table(row))), name="d.xlsx")
    assert caught.value.location.cell == "C2"


# --- escapes ------------------------------------------------------------------------------------------


def test_an_escaped_surrogate_pair_reads_as_one_character() -> None:
    row = '<row r="2"><c r="C2" t="inlineStr"><is><t>笑_xD83D__xDE00_脸</t></is></c></row>'
    assert cell_text(package(("表", table(row))), "C2") == "笑😀脸"
    assert (
        cell_text(
            package(("表", table('<row r="2"><c r="C2" t="s"><v>0</v></c></row>')), strings=["_xD83D__xDE00_"]), "C2"
        )
        == "😀"
    )


def test_a_lone_escaped_surrogate_raises_read_error_whose_message_prints_anywhere() -> None:
    row = '<row r="2"><c r="C2" t="inlineStr"><is><t>坏_xD83D_字</t></is></c></row>'
    with pytest.raises(kp.ReadError) as caught:
        read_workbook(package(("表", table(row))), name="u.xlsx")
    assert caught.value.location.cell == "C2"
    message = str(caught.value)
    message.encode("utf-8")  # strict: a lone surrogate would raise UnicodeEncodeError
    assert message.isprintable()
    assert "D83D" in message


@pytest.mark.parametrize("escape", ["_x000B_", "_x000C_"])
def test_an_escaped_vertical_tab_or_form_feed_reads_as_a_line_break_and_is_reported(escape: str) -> None:
    rows = DUTY_ROW.replace("<t>市科协</t>", f"<t>市科协{escape}市教体局</t>")
    found: list[kp.Diagnostic] = []
    plan = read_workbook(package(("表", table(rows))), name="v.xlsx", diagnostics=found)
    assert [unit.name for unit in plan.duties[0].units] == ["市科协", "市教体局"]
    (reported,) = [item for item in found if item.code == "control-line-break"]
    assert reported.location == kp.Location(file="v.xlsx", sheet="表", cell="D2")


# --- only what the table needs is shown ---------------------------------------------------------------


class CountingStyles(_sheet.Styles):
    """The styles, counting how many numbers they were asked to format."""

    shown = 0

    def number(self, raw: str, style: str | None) -> str:
        CountingStyles.shown += 1
        return super().number(raw, style)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> type[CountingStyles]:
    CountingStyles.shown = 0
    monkeypatch.setattr(_sheet, "Styles", CountingStyles)
    from kepu_plan.formats.xlsx import _reader

    monkeypatch.setattr(_reader, "Styles", CountingStyles)
    return CountingStyles


def numbers(rows: int, columns: int = 10, first: int = 1) -> str:
    letters = "ABCDEFGHIJ"[:columns]
    return "".join(
        f'<row r="{r}">' + "".join(f'<c r="{col}{r}" s="1"><v>{r * 0.5}</v></c>' for col in letters) + "</row>"
        for r in range(first, first + rows)
    )


def test_a_large_formatted_workbook_without_a_table_is_refused_having_formatted_only_its_first_rows(
    counting: type[CountingStyles],
) -> None:
    data = package(("数据", sheet(numbers(16_700))))  # 167,000 formatted numbers
    with pytest.raises(kp.LayoutError, match="no table with a recognisable header"):
        kp.read_xlsx(data)
    assert counting.shown == 30 * 10  # the rows the header may be in


def test_the_formatted_cells_of_sheets_without_the_table_are_not_shown(counting: type[CountingStyles]) -> None:
    data = package(("数据", sheet(numbers(500))), ("分工表", table(DUTY_ROW)))
    assert len(kp.read_xlsx(data).duties) == 1
    assert counting.shown == 30 * 10


def test_the_formatted_cells_of_the_table_are_shown(counting: type[CountingStyles]) -> None:
    rows = (
        DUTY_ROW
        + '<row r="3"><c r="A3" t="inlineStr"><is><t>行动二</t></is></c>'
        + (
            '<c r="B3" t="inlineStr"><is><t>任务</t></is></c><c r="C3" s="1"><v>3</v></c>'
            '<c r="D3" t="inlineStr"><is><t>市科协</t></is></c></row>'
        )
    )
    plan = kp.read_xlsx(package(("表", table(rows))))
    assert [duty.content for duty in plan.duties] == ["开展活动", "3.00"]
    assert counting.shown == 1


# --- messages -----------------------------------------------------------------------------------------


def test_a_workbook_whose_data_is_on_hidden_sheets_says_so_and_how_to_read_one() -> None:
    data = package(("封面", sheet("")), ("分工表", table(DUTY_ROW), "hidden"))
    with pytest.raises(kp.ReadError, match="hidden sheet 分工表") as caught:
        read_workbook(data, name="h.xlsx")
    assert caught.value.hint is not None
    assert "sheet='分工表'" in caught.value.hint
    hidden = package(("封面", sheet("")), ("分工表", table(DUTY_ROW), "hidden"))
    assert len(read_workbook(hidden, sheet="分工表").duties) == 1


def test_a_workbook_of_empty_sheets_still_says_every_sheet_is_empty() -> None:
    with pytest.raises(kp.ReadError, match="every sheet is empty"):
        read_workbook(package(("封面", sheet("")), ("空", sheet(""), "hidden")))


def test_an_office_lock_file_is_named_as_one(tmp_path: Path) -> None:
    lock = tmp_path / "~$分工表.xlsx"
    lock.write_bytes(bytes([5]) + b"admin" + bytes(50) + "张三".encode("utf-16-le") + bytes(100))
    with pytest.raises(kp.ReadError, match="lock file") as caught:
        kp.read(lock)
    assert caught.value.hint is not None
    assert "real file" in caught.value.hint


def test_the_password_hint_of_a_workbook_names_excel_and_wps_not_word() -> None:
    # An OLE2 file whose directory holds an EncryptedPackage stream, as Office writes a protected file.
    with pytest.raises(kp.ReadError) as caught:
        read_workbook(io.BytesIO(encrypted_ole()), name="p.xlsx")
    assert "password-protected (encrypted) workbook" in caught.value.reason
    assert caught.value.hint is not None
    assert "Excel" in caught.value.hint
    assert "Word" not in caught.value.hint


def encrypted_ole() -> bytes:
    """A minimal OLE2 compound file whose root holds one stream named EncryptedPackage."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[0x18:0x1A] = (0x3E).to_bytes(2, "little")
    header[0x1A:0x1C] = (3).to_bytes(2, "little")
    header[0x1C:0x1E] = (0xFFFE).to_bytes(2, "little")
    header[0x1E:0x20] = (9).to_bytes(2, "little")
    header[0x20:0x22] = (6).to_bytes(2, "little")
    header[0x2C:0x30] = (1).to_bytes(4, "little")  # one FAT sector
    header[0x30:0x34] = (1).to_bytes(4, "little")  # the directory starts at sector 1
    header[0x38:0x3C] = (4096).to_bytes(4, "little")
    header[0x3C:0x40] = (0xFFFFFFFE).to_bytes(4, "little")
    header[0x44:0x48] = (0xFFFFFFFE).to_bytes(4, "little")
    header[0x4C:0x50] = (0).to_bytes(4, "little")  # the FAT is sector 0
    for i in range(1, 109):
        header[0x4C + 4 * i : 0x50 + 4 * i] = (0xFFFFFFFF).to_bytes(4, "little")
    fat = bytearray(b"\xff" * sector)
    fat[0:4] = (0xFFFFFFFD).to_bytes(4, "little")  # sector 0: the FAT
    fat[4:8] = (0xFFFFFFFE).to_bytes(4, "little")  # sector 1: the directory, one sector
    directory = bytearray(sector)

    def entry(index: int, name: str, kind: int, child: int) -> None:
        at = index * 128
        encoded = (name + "\0").encode("utf-16-le")
        directory[at : at + len(encoded)] = encoded
        directory[at + 0x40 : at + 0x42] = len(encoded).to_bytes(2, "little")
        directory[at + 0x42] = kind
        directory[at + 0x44 : at + 0x48] = (0xFFFFFFFF).to_bytes(4, "little")
        directory[at + 0x48 : at + 0x4C] = (0xFFFFFFFF).to_bytes(4, "little")
        directory[at + 0x4C : at + 0x50] = child.to_bytes(4, "little")
        directory[at + 0x74 : at + 0x78] = (0xFFFFFFFE).to_bytes(4, "little")

    entry(0, "Root Entry", 5, 1)
    entry(1, "EncryptedPackage", 2, 0xFFFFFFFF)
    return bytes(header + fat + directory)


# --- zip members named with backslashes ------------------------------------------------------------


def test_a_workbook_whose_members_are_named_with_backslashes_reads() -> None:
    data = package(("表", table(DUTY_ROW)), separator="\\")
    assert "xl\\workbook.xml" in zipfile.ZipFile(data).namelist()
    assert [duty.content for duty in kp.read_xlsx(data).duties] == ["开展活动"]


def test_a_document_whose_members_are_named_with_backslashes_reads() -> None:
    # The same mechanism serves the DOCX reader: Limits.open_package gives both the names Excel and Word see.
    buffer = io.BytesIO()
    kp.write_docx(kp.examples.shenmu(), buffer)
    renamed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(renamed, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename.replace("/", "\\"), source.read(info))
    assert "word\\document.xml" in zipfile.ZipFile(renamed).namelist()
    renamed.seek(0)
    assert kp.read_docx(renamed) == kp.examples.shenmu()


# --- cells without references ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "ref"),
    [
        ('<c/><c/><c t="inlineStr"><is><t>x</t></is></c>', "C2"),
        ('<c r="E2"/><c t="inlineStr"><is><t>x</t></is></c>', "F2"),
        ('<c r="B2" t="inlineStr"><is><t>y</t></is></c><c/><c t="inlineStr"><is><t>x</t></is></c>', "D2"),
        ('<c r="B2" t="inlineStr"><is><t>y</t></is></c><c t="inlineStr"><is><t>x</t></is></c>', "C2"),
    ],
)
def test_a_cell_without_a_reference_stands_right_of_the_cell_before_it_empty_or_not(cells: str, ref: str) -> None:
    assert cell_text(package(("表", table(f'<row r="2">{cells}</row>'))), ref) == "x"


@pytest.mark.parametrize("escape", ["_x0001_", "_x001B_", "_x0000_", "_xFFFE_"])
def test_an_escaped_control_character_raises_read_error_at_the_cell_in_a_printable_message(escape: str) -> None:
    rows = DUTY_ROW.replace("<t>开展活动</t>", f"<t>开展{escape}活动</t>")
    with pytest.raises(kp.ReadError, match=escape) as caught:
        read_workbook(package(("表", table(rows))), name="c.xlsx")
    assert caught.value.location == kp.Location(file="c.xlsx", sheet="表", cell="C2")
    assert str(caught.value).isprintable()


def test_a_damaged_cell_on_a_sheet_without_the_table_refuses_nothing() -> None:
    other = sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>坏_x0001_</t></is></c><c r="B1" t="d"><v>x</v></c></row>')
    data = package(("说明", other), ("分工表", table(DUTY_ROW)))
    assert [duty.content for duty in kp.read_xlsx(data).duties] == ["开展活动"]


def test_a_header_text_with_an_escaped_control_character_never_reaches_a_message() -> None:
    rows = HEADER_ROW.replace("<t>主要内容</t>", "<t>主要_x001B_内容</t>") + "</row>"
    with pytest.raises(kp.ReadError) as caught:
        kp.read_xlsx(package(("表", sheet(rows))))
    assert str(caught.value).isprintable()
