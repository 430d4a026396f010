"""A file is recognised by its content, not its name, and the error says what it is and what to do."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kepu_plan as kp
from _support import convert_with_libreoffice, needs_libreoffice
from kepu_plan._sniff import OLE_MAGIC, foreign_error, ole_names, sniff, sniff_stream, zip_kind

# These tests match the English words of messages (see tests/conftest.py).
pytestmark = pytest.mark.usefixtures("english")

DATA = Path(__file__).parent / "data"
END = 0xFFFFFFFE
FREE = 0xFFFFFFFF


def ole_file(names: list[str], *, body: bytes = b"") -> bytes:
    """A minimal OLE2 compound file (512-byte sectors) whose directory lists ``names`` as streams.

    Sector 0 holds the FAT, sectors 1… the directory (four entries each); ``body`` follows.
    """
    entries = [("Root Entry", 5), *((name, 2) for name in names)]
    dir_sectors = (len(entries) + 3) // 4
    fat = [0xFFFFFFFD] + [i + 2 if i + 1 < dir_sectors else END for i in range(dir_sectors)]
    fat += [FREE] * (128 - len(fat))
    header = bytearray(512)
    header[:8] = OLE_MAGIC
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 0x2C, 1, 1, 0, 4096, END, 0, END, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([FREE] * 108))
    directory = bytearray(dir_sectors * 512)
    for i, (name, kind) in enumerate(entries):
        encoded = name.encode("utf-16-le") + b"\0\0"
        at = i * 128
        directory[at : at + len(encoded)] = encoded
        struct.pack_into("<HBB", directory, at + 0x40, len(encoded), kind, 1)
        struct.pack_into("<III", directory, at + 0x44, FREE, FREE, FREE)
        struct.pack_into("<I", directory, at + 0x74, END)
    return bytes(header) + struct.pack("<128I", *fat) + bytes(directory) + body


def zipped(members: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in members.items():
            package.writestr(name, content)
    return buffer.getvalue()


def written(fmt: str) -> bytes:
    buffer = io.BytesIO()
    kp.write(kp.examples.shenmu(), buffer, format=fmt)
    return buffer.getvalue()


WORD_HTML = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">'
    "<head><meta charset=utf-8></head><body><table><tr><td>主要内容</td></tr></table></body></html>"
)
EXCEL_HTML = (
    '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta name=ProgId content=Excel.Sheet></head>'
    "<body><table><tr><td>主要内容</td></tr></table></body></html>"
)
MHTML = (
    'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart"\r\n\r\n'
    "------=_NextPart\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>表</body></html>\r\n"
    "------=_NextPart--\r\n"
)
WORD_XML = (
    '<?xml version="1.0" encoding="UTF-8"?><?mso-application progid="Word.Document"?>'
    '<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"/>'
)
EXCEL_XML = (
    '<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>'
)
FLAT_ODT = (
    '<?xml version="1.0"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'office:mimetype="application/vnd.oasis.opendocument.text"/>'
)
FLAT_ODS = FLAT_ODT.replace("opendocument.text", "opendocument.spreadsheet")

CASES: list[tuple[str, bytes, str]] = [
    ("doc", ole_file(["WordDocument", "1Table", "\x05SummaryInformation"]), "doc"),
    ("wps", ole_file(["WordDocument", "1Table", "WpsCustomData"]), "wps"),
    ("wps-by-mark", ole_file(["WordDocument"], body=b"KSOProductBuildVer 2052-11.1.0"), "wps"),
    ("xls", ole_file(["Workbook", "\x05SummaryInformation"]), "xls"),
    ("xls-biff5", ole_file(["Book"]), "xls"),
    ("et", ole_file(["Workbook"], body="KSOProductBuildVer".encode("utf-16-le")), "et"),
    ("ppt", ole_file(["PowerPoint Document", "Current User"]), "ppt"),
    ("encrypted", ole_file(["EncryptionInfo", "EncryptedPackage"]), "encrypted"),
    ("many-streams", ole_file([f"s{i}" for i in range(9)] + ["WordDocument"]), "doc"),
    ("other-ole", ole_file(["Contents"]), "ole"),
    ("broken-ole", OLE_MAGIC + bytes(600), "ole"),
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
    ("rtf", rb"{\rtf1\ansi\ansicpg936 {\fonttbl}}", "rtf"),
    ("word-html", WORD_HTML.encode(), "html"),
    ("word-html-gbk", WORD_HTML.encode("gb18030"), "html"),
    ("excel-html", EXCEL_HTML.encode(), "html-excel"),
    ("plain-html", b"\xef\xbb\xbf<!DOCTYPE html>\n<html><body>x</body></html>", "html"),
    ("utf16-html", "\ufeff<html><body>表</body></html>".encode("utf-16-le"), "html"),
    ("mhtml", MHTML.encode(), "mhtml"),
    ("word-2003-xml", WORD_XML.encode(), "word-xml"),
    ("excel-2003-xml", EXCEL_XML.encode(), "excel-xml"),
    ("fodt", FLAT_ODT.encode(), "fodt"),
    ("fods", FLAT_ODS.encode(), "fods"),
    ("odt", zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}), "odt"),
    ("ods", zipped({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}), "ods"),
    ("odp", zipped({"mimetype": "application/vnd.oasis.opendocument.presentation"}), "odp"),
    ("pptx", zipped({"[Content_Types].xml": "<x/>", "ppt/presentation.xml": "<x/>"}), "pptx"),
    ("ofd", zipped({"OFD.xml": "<ofd:OFD/>"}), "ofd"),
    ("zip", zipped({"分工表.docx": b"PK"}), "zip"),
    ("damaged-zip", written("docx")[:3000], "zip-damaged"),
    ("docx", written("docx"), "docx"),
    ("xlsx", written("xlsx"), "xlsx"),
    ("json", written("json"), "json"),
    ("png", b"\x89PNG\r\n\x1a\n" + bytes(20), "image"),
    ("jpeg", b"\xff\xd8\xff\xe0" + bytes(20), "image"),
    ("rar", b"Rar!\x1a\x07\x00", "archive"),
    ("7z", b"7z\xbc\xaf\x27\x1c\x00\x04", "archive"),
    ("text", "重点行动,主要任务\n甲,乙\n".encode(), "text"),
    ("empty", b"", "empty"),
    ("binary", bytes(range(256)) * 4, "unknown"),
]


@pytest.mark.parametrize(("data", "key"), [(data, key) for _, data, key in CASES], ids=[case[0] for case in CASES])
def test_a_file_is_recognised_by_its_content(data: bytes, key: str) -> None:
    assert sniff(data).key == key
    stream = io.BytesIO(b"\0" * 5 + data)
    stream.seek(5)
    assert sniff_stream(stream).key == key
    assert stream.tell() == 5


def test_the_suffix_tells_wps_from_word_and_et_from_excel_where_the_content_does_not() -> None:
    assert sniff(ole_file(["WordDocument"]), "通知.wps").key == "wps"
    assert sniff(ole_file(["WordDocument"]), "通知.doc").key == "doc"
    assert sniff(ole_file(["Workbook"]), "分工表.ET").key == "et"
    assert sniff(ole_file(["Workbook"]), "分工表.xls").key == "xls"


def test_the_ole_directory_is_read_through_its_sector_chain() -> None:
    data = ole_file([f"stream{i}" for i in range(10)])
    assert ole_names(lambda offset, length: data[offset : offset + length], len(data)) == {
        "Root Entry",
        *(f"stream{i}" for i in range(10)),
    }


def test_a_damaged_ole_directory_falls_back_to_searching_for_stream_names() -> None:
    data = bytearray(ole_file(["WordDocument"]))
    struct.pack_into("<I", data, 0x30, 999_999)  # the directory's first sector: far beyond the file
    assert sniff(bytes(data)).key == "doc"


@given(st.binary(max_size=2048))
def test_sniffing_never_fails_on_any_bytes(data: bytes) -> None:
    assert sniff(data).key
    assert sniff(OLE_MAGIC + data).key in ("doc", "wps", "xls", "et", "ppt", "encrypted", "ole")
    assert sniff(b"PK\x03\x04" + data).key


@given(st.lists(st.integers(0, 0xFFFFFFFF), min_size=4, max_size=40))
def test_a_hostile_ole_header_costs_one_pass_at_most(values: list[int]) -> None:
    data = bytearray(ole_file(["WordDocument"]))
    for i, value in enumerate(values):
        struct.pack_into("<I", data, 0x2C + 4 * (i % 8) if i < 8 else 0x4C + 4 * (i - 8), value)
    assert sniff(bytes(data)).key


def test_zip_kind_reads_the_opendocument_mimetype() -> None:
    assert zip_kind(["mimetype"], lambda name: b"application/vnd.oasis.opendocument.text").key == "odt"
    assert zip_kind(["mimetype"], lambda name: b"something/else").key == "zip"
    assert zip_kind(["[Content_Types].xml", "xl/sheet.xml"]).key == "xlsx"


# --- the errors the readers give ---------------------------------------------------------------------------


CONVERTIBLE = [
    ("docx", "doc", "docx"),
    ("docx", "wps", "docx"),
    ("xlsx", "xls", "xlsx"),
    ("xlsx", "et", "xlsx"),
    ("docx", "rtf", "docx"),
    ("docx", "word-html", "docx"),
    ("docx", "mhtml", "docx"),
    ("xlsx", "excel-html", "xlsx"),
    ("docx", "odt", "docx"),
    ("xlsx", "ods", "xlsx"),
]


@pytest.mark.parametrize(("fmt", "key", "target"), CONVERTIBLE)
def test_a_convertible_file_gets_the_command_that_converts_it(fmt: str, key: str, target: str) -> None:
    data = next(data for name, data, _ in CASES if name == key)
    with pytest.raises(kp.ReadError) as caught:
        kp.read(io.BytesIO(data), format=fmt)
    error = caught.value
    assert error.reason.startswith(f"not {'a DOCX file' if fmt == 'docx' else 'an XLSX workbook'}: this is ")
    assert error.hint is not None
    assert f"soffice --headless --convert-to {target} FILE" in error.hint
    assert "convert=True" in error.hint


@pytest.mark.parametrize("key", ["pdf", "ppt", "pptx", "ofd", "png", "rar", "encrypted", "zip"])
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_file_that_cannot_be_converted_says_what_to_do_instead(fmt: str, key: str) -> None:
    data = next(data for name, data, _ in CASES if name == key)
    with pytest.raises(kp.ReadError) as caught:
        kp.read(io.BytesIO(data), format=fmt)
    assert caught.value.hint is not None
    assert "soffice" not in caught.value.hint


def test_the_old_messages_for_unknown_content_stay() -> None:
    with pytest.raises(kp.ReadError) as caught:
        kp.read(io.BytesIO(b"hello, not a zip"), format="docx")
    assert str(caught.value) == "<stream>: not a DOCX file (not a zip package)"
    with pytest.raises(kp.ReadError, match="not a zip file"):
        kp.read(io.BytesIO(b"hello, world"), format="xlsx")


def test_a_damaged_zip_is_called_damaged_or_truncated() -> None:
    for fmt in ("docx", "xlsx"):
        with pytest.raises(kp.ReadError, match="damaged or truncated") as caught:
            kp.read(io.BytesIO(written(fmt)[:5000]), format=fmt)
        assert caught.value.hint is not None
        assert "get it again" in caught.value.hint


def test_a_workbook_given_to_the_json_reader_is_named() -> None:
    with pytest.raises(kp.ReadError, match="not a JSON plan: this is an XLSX workbook") as caught:
        kp.read(io.BytesIO(written("xlsx")), format="json")
    assert caught.value.hint is not None
    assert "read_xlsx" in caught.value.hint


def test_foreign_error_without_a_reader_names_the_kind() -> None:
    error = foreign_error(sniff(CASES[0][1]), None, kp.Location(file="a.doc"))
    assert str(error).startswith("a.doc: this is an old Word 97–2003 document (.doc), which kepu_plan does not read")


# --- reading by path: the content wins over the suffix ------------------------------------------------------


RENAMED = [
    ("分工表.doc", "docx"),
    ("分工表.docx", "xlsx"),
    ("分工表.xlsx", "json"),
    ("分工表.wps", "docx"),
    ("分工表", "xlsx"),
    ("分工表.txt", "json"),
]


@pytest.mark.parametrize(("name", "fmt"), RENAMED)
def test_a_renamed_file_is_read_by_its_content(tmp_path: Path, name: str, fmt: str) -> None:
    path = tmp_path / name
    path.write_bytes(written(fmt))
    assert kp.read(path) == kp.examples.shenmu()


FOREIGN = [
    ("分工表.doc", "doc"),
    ("分工表.docx", "wps"),
    ("分工表.xls", "xls"),
    ("分工表.et", "et"),
    ("分工表.htm", "word-html"),
]


@pytest.mark.parametrize(("name", "key"), FOREIGN)
def test_a_foreign_file_read_by_path_says_what_it_is(tmp_path: Path, name: str, key: str) -> None:
    path = tmp_path / name
    path.write_bytes(next(data for case, data, _ in CASES if case == key))
    with pytest.raises(kp.ReadError) as caught:
        kp.read(path)
    assert caught.value.location.file == str(path)
    assert "this is " in caught.value.reason
    assert caught.value.hint


def test_an_unknown_suffix_on_unknown_content_is_still_an_unsupported_format(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("会议纪要", encoding="utf-8")
    with pytest.raises(kp.UnsupportedFormat, match=r"\.txt is not a format kepu_plan reads"):
        kp.read(path)
    with pytest.raises(kp.UnsupportedFormat):
        kp.read(tmp_path / "missing.csv")


def test_a_pdf_under_another_suffix_is_read_as_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "分工表.doc"
    path.write_bytes(next(data for case, data, _ in CASES if case == "pdf"))
    with pytest.raises(kp.ReadError, match="the PDF is damaged") as caught:
        kp.read(path)
    assert caught.value.location.file == str(path)


def test_a_given_format_is_not_second_guessed(tmp_path: Path) -> None:
    path = tmp_path / "分工表.docx"
    path.write_bytes(written("xlsx"))
    with pytest.raises(kp.ReadError, match=r"no word/document\.xml") as caught:
        kp.read(path, format="docx")
    assert caught.value.hint == "this looks like an XLSX workbook: read it with read_xlsx"


# --- real files made by LibreOffice ---------------------------------------------------------------------------


@pytest.mark.libreoffice
@needs_libreoffice
def test_real_doc_and_xls_files_are_recognised(tmp_path: Path) -> None:
    for fmt, old in (("docx", "doc"), ("xlsx", "xls")):
        source = tmp_path / f"shenmu.{fmt}"
        kp.write(kp.examples.shenmu(), source)
        converted = convert_with_libreoffice(source, old, tmp_path / "out")
        assert sniff(converted.read_bytes()).key == old
        with pytest.raises(kp.ReadError, match=f"convert-to {fmt}"):
            kp.read(converted)


def test_a_foreign_file_is_named_in_chinese_by_default_with_the_same_code(monkeypatch: pytest.MonkeyPatch) -> None:
    data = next(data for name, data, _ in CASES if name == "doc")
    monkeypatch.delenv("LC_MESSAGES")
    monkeypatch.setenv("LANG", "C.UTF-8")  # no language asked for: Chinese
    with pytest.raises(kp.ReadError) as chinese:
        kp.read(io.BytesIO(data), format="docx")
    assert str(chinese.value).endswith(
        "不是DOCX 文件：这是旧版 Word 97–2003 文档（.doc）"
        "（请转换为 .docx：kp.read(path, convert=True) 可用 LibreOffice 转换，"
        "也可运行 `soffice --headless --convert-to docx 文件名`，或用 WPS 或 Word 打开后另存为 .docx）"
    )
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    with pytest.raises(kp.ReadError) as english:
        kp.read(io.BytesIO(data), format="docx")
    assert str(english.value).startswith("<stream>: not a DOCX file: this is an old Word 97–2003 document (.doc) (")
    assert chinese.value.code == english.value.code == "read"
    assert chinese.value.hint == english.value.hint  # the English source text: the command line matches it
