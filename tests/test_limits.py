"""Hostile files are refused before they cost time or memory: zip bombs, billion laughs, external
entities, deep nesting, millions of rows, megabytes in a cell, merges that overlap without end."""

from __future__ import annotations

import io
import struct
import sys
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from lxml import etree

import kepu_plan as kp
from kepu_plan._limits import DEFAULT, LimitExceeded, Limits, declares_dtd

# These tests match the English words of messages (see tests/conftest.py).
pytestmark = pytest.mark.usefixtures("english")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = ("重点行动", "主要任务", "主要内容", "负责单位")
ROW = ("甲行动", "任务", "内容", "市科协")


# Refusing "before it costs time or memory" is proved by what the code does, never by a clock: the
# stubs below record what was unpacked and parsed and whether the layout code ever saw a table, and
# calls() counts the Python calls a read makes (the same on any machine).


@contextmanager
def recorded() -> Iterator[dict[str, list[Any]]]:
    """What happens inside: the ZIP members opened, the XML parsed (its first bytes) and the
    documents handed to the layout code."""
    seen: dict[str, list[Any]] = {"opened": [], "parsed": [], "interpreted": []}
    open_member = zipfile.ZipFile.open
    fromstring = etree.fromstring
    from kepu_plan import layout

    interpret = layout.plan_from_document

    def opening(package: zipfile.ZipFile, name: Any, *args: Any, **kwargs: Any) -> Any:
        seen["opened"].append(getattr(name, "filename", name))
        return open_member(package, name, *args, **kwargs)

    def parsing(data: Any, *args: Any, **kwargs: Any) -> Any:
        seen["parsed"].append(bytes(data[:200]) if isinstance(data, bytes | bytearray) else data)
        return fromstring(data, *args, **kwargs)

    def interpreting(document: Any, **options: Any) -> Any:
        seen["interpreted"].append(document)
        return interpret(document, **options)

    with (
        mock.patch.object(zipfile.ZipFile, "open", opening),
        mock.patch.object(etree, "fromstring", parsing),
        mock.patch.object(layout, "plan_from_document", interpreting),
    ):
        yield seen


def parsed_document(seen: dict[str, list[Any]]) -> bool:
    """Whether a main document part (``<w:document``) was parsed."""
    return any(isinstance(head, bytes) and b"<w:document" in head for head in seen["parsed"])


def refused_unparsed(data: bytes, match: str, option: str) -> None:
    """Reading ``data`` as a DOCX is refused, naming ``option``, before its document is parsed."""
    with recorded() as seen, pytest.raises(LimitExceeded, match=match) as caught:
        read_docx(data)
    assert caught.value.hint is not None
    assert f"{option}=" in caught.value.hint
    assert not parsed_document(seen)


def calls(read: Callable[[], object]) -> int:
    """How many Python functions ``read()`` calls, whether it returns or raises: a measure of the
    work it does that, unlike a time, is the same on every machine and every run."""
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event == "call":
            count += 1

    sys.setprofile(profile)
    try:
        read()
    except kp.KepuPlanError:
        pass
    finally:
        sys.setprofile(None)
    return count


def zipped(members: dict[str, bytes | str], *, stored: bool = False) -> bytes:
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as package:
        for name, content in members.items():
            package.writestr(name, content)
    return buffer.getvalue()


# --- DOCX packages -------------------------------------------------------------------------------------


def tr(*texts: str) -> str:
    return "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>" for text in texts) + "</w:tr>"


def document(body: str, head: str = "") -> str:
    return f'{head}<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'


def docx(body: str = "", *, head: str = "", stored: bool = False, parts: dict[str, str] | None = None) -> bytes:
    table = body or f"<w:tbl>{tr(*HEADER)}{tr(*ROW)}</w:tbl>"
    members: dict[str, bytes | str] = {"word/document.xml": document(table, head)}
    members.update(parts or {})
    return zipped(members, stored=stored)


def read_docx(data: bytes, **limits: Any) -> kp.Plan:
    """The plan of a DOCX held in ``data``, read within ``Limits(**limits)``."""
    return kp.read_docx(io.BytesIO(data), limits=Limits(**limits))


# --- XLSX packages -------------------------------------------------------------------------------------


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def table_rows(first: int = 1) -> str:
    rows = []
    for offset, texts in enumerate((HEADER, ROW)):
        number = first + offset
        cells = "".join(cell(f"{letter}{number}", text) for letter, text in zip("ABCD", texts, strict=True))
        rows.append(f'<row r="{number}">{cells}</row>')
    return "".join(rows)


def sheet(rows: str, after: str = "", head: str = "") -> str:
    return f'{head}<worksheet xmlns="{S}"><sheetData>{rows}</sheetData>{after}</worksheet>'


def xlsx(*sheets: str, stored: bool = False, head: str = "", parts: dict[str, str] | None = None) -> bytes:
    entries = "".join(f'<sheet name="表{i + 1}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i in range(len(sheets)))
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{R}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
        for i in range(len(sheets))
    )
    members: dict[str, bytes | str] = {
        "xl/workbook.xml": f'{head}<workbook xmlns="{S}" xmlns:r="{R}"><sheets>{entries}</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'
        ),
    }
    for i, text in enumerate(sheets):
        members[f"xl/worksheets/sheet{i + 1}.xml"] = text
    members.update(parts or {})
    return zipped(members, stored=stored)


def read_xlsx(data: bytes, sheet: str | None = None, **limits: Any) -> kp.Plan:
    """The plan of an XLSX held in ``data`` (its sheet ``sheet``), read within ``Limits(**limits)``."""
    return kp.read_xlsx(io.BytesIO(data), sheet=sheet, limits=Limits(**limits))


def test_the_helpers_make_readable_tables() -> None:
    assert len(read_docx(docx()).duties) == 1
    assert len(read_xlsx(xlsx(sheet(table_rows()))).duties) == 1


# --- the options ---------------------------------------------------------------------------------------


def test_the_defaults_are_far_beyond_a_real_table() -> None:
    assert Limits() == DEFAULT
    assert DEFAULT.max_bytes == 256 * 1024 * 1024
    assert (DEFAULT.max_rows, DEFAULT.max_columns, DEFAULT.max_cells) == (100_000, 1_024, 2_000_000)
    assert DEFAULT.max_cell_chars >= 32_767  # what a plan's text may hold


def test_a_limit_must_be_a_positive_number_or_it_is_an_option_error() -> None:
    with pytest.raises(kp.OptionError, match="max_rows must be a positive int"):
        Limits(max_rows=0)
    with pytest.raises(kp.OptionError, match="max_bytes must be a positive int"):
        Limits(max_bytes="1")  # type: ignore[arg-type]
    with pytest.raises(kp.OptionError, match="max_ratio must be a positive number"):
        Limits(max_ratio=-1)
    with pytest.raises(ValueError, match="max_pages must be a positive int"):  # an OptionError is a ValueError
        Limits(max_pages=True)


def test_limits_are_public_and_the_private_module_still_gives_them() -> None:
    import kepu_plan._limits
    import kepu_plan.limits

    assert kp.Limits is kepu_plan.limits.Limits is kepu_plan._limits.Limits is Limits
    assert kepu_plan._limits.DEFAULT is kepu_plan.limits.DEFAULT == Limits()


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_read_takes_a_limits_object_and_no_single_max_keyword(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"shenmu.{fmt}"
    kp.write(kp.examples.shenmu(), path)
    with pytest.raises(LimitExceeded, match="more than 20 rows") as caught:
        kp.read(path, limits=Limits(max_rows=20))
    assert caught.value.hint is not None
    assert "max_rows=" in caught.value.hint
    assert isinstance(caught.value, kp.ReadError)
    assert kp.read(path, limits=Limits(max_rows=1000)) == kp.examples.shenmu()
    with pytest.raises(TypeError, match="max_rows"):
        kp.read(path, max_rows=1000)  # type: ignore[call-arg]
    with pytest.raises(kp.OptionError, match=r"limits= must be a kp\.Limits, not dict"):
        kp.read(path, limits={"max_rows": 1000})  # type: ignore[arg-type]


def test_a_json_file_larger_than_max_bytes_is_refused_before_it_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    kp.write(kp.examples.shenmu(), path)
    with pytest.raises(LimitExceeded, match="larger than 1,000 bytes"):
        kp.read(path, limits=Limits(max_bytes=1000))
    assert kp.read(path) == kp.examples.shenmu()


class Endless(io.RawIOBase):
    """A stream that never ends and cannot seek (a pipe); it counts the bytes it gave."""

    given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        buffer[:] = b" " * len(buffer)
        self.given += len(buffer)
        return len(buffer)


@pytest.mark.parametrize("fmt", ["json", "docx", "xlsx"])
def test_an_endless_stream_is_refused_at_max_bytes(fmt: str) -> None:
    stream = Endless()
    with pytest.raises(LimitExceeded, match="larger than 100,000 bytes"):
        kp.read(io.BufferedReader(stream), format=fmt, limits=Limits(max_bytes=100_000))
    assert 100_000 < stream.given < 200_000  # it stopped reading just past the limit


def test_the_ten_thousand_duty_plan_reads_within_the_default_limits() -> None:
    shenmu = kp.examples.shenmu()
    actions = [
        kp.Action(name=f"第{i}批{action.name}", kind=action.kind, leads=action.leads, tasks=action.tasks)
        for i in range(90)
        for action in shenmu.actions
    ]
    plan = kp.Plan(title=shenmu.title, actions=actions)
    assert len(plan.duties) > 10_000
    for fmt in ("docx", "xlsx"):
        buffer = io.BytesIO()
        kp.write(plan, buffer, format=fmt)
        assert kp.read(io.BytesIO(buffer.getvalue()), format=fmt) == plan


# --- ZIP packages ----------------------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_from_the_directory_before_it_is_unpacked() -> None:
    padding = " " * (64 * 1024 * 1024)
    bomb = docx(f"<w:tbl>{tr(*HEADER)}{tr(*ROW)}</w:tbl><w:p>{padding}</w:p>")
    assert len(bomb) < 1024 * 1024
    with (
        recorded() as seen,
        pytest.raises(LimitExceeded, match=r"word/document\.xml would unpack [0-9,]+ times larger"),
    ):
        read_docx(bomb)
    assert seen["opened"] == []  # refused from the central directory: nothing was unpacked
    with pytest.raises(LimitExceeded, match="zip bomb"):
        read_xlsx(xlsx(sheet(table_rows() + f"<row r='9'>{padding}</row>")))


def lie_about_size(data: bytes, member: str, size: int) -> bytes:
    """The package with ``member``'s unpacked size in the central directory changed."""
    out = bytearray(data)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_length] == member.encode():
            struct.pack_into("<I", out, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def test_a_package_announcing_more_than_max_bytes_unpacked_is_refused() -> None:
    data = lie_about_size(docx(stored=True), "word/document.xml", 300 * 1024 * 1024)
    with pytest.raises(LimitExceeded, match="would unpack"):
        read_docx(data, max_ratio=1e9)
    with pytest.raises(LimitExceeded, match=r"would unpack to [0-9,]+ bytes, more than 100") as caught:
        read_docx(docx(), max_bytes=100)
    assert caught.value.hint is not None
    assert "max_bytes=" in caught.value.hint


def test_a_package_of_too_many_members_is_refused_before_its_directory_is_read() -> None:
    members: dict[str, bytes | str] = {f"x/{i}": b"" for i in range(10_001)}
    members["word/document.xml"] = document(f"<w:tbl>{tr(*HEADER)}{tr(*ROW)}</w:tbl>")
    data = zipped(members)
    never = AssertionError("zipfile read the central directory")
    with mock.patch("zipfile.ZipFile", side_effect=never), pytest.raises(LimitExceeded, match="holds 10,002 members"):
        read_docx(data)
    with pytest.raises(LimitExceeded, match="more than 5"):
        read_xlsx(xlsx(sheet(table_rows()), parts={f"x/{i}": "" for i in range(6)}), max_members=5)


def test_an_encrypted_member_is_refused_with_a_hint() -> None:
    data = bytearray(docx())
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        data[at + 8] |= 0x1
        at = data.find(b"PK\x01\x02", at + 4)
    with pytest.raises(kp.ReadError, match="is encrypted") as caught:
        read_docx(bytes(data))
    assert caught.value.hint is not None
    assert "password" in caught.value.hint


# --- XML -----------------------------------------------------------------------------------------------------

RELS_WITH_PARTS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId8" Type="{R}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId9" Type="{R}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
)
EXTERNAL = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
PARAMETER = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>'
AFTER_COMMENT = '<?xml version="1.0"?><!-- a comment --><?pi x?>\n<!DOCTYPE x SYSTEM "x.dtd">'


@pytest.mark.parametrize(
    "head", [LAUGHS, EXTERNAL, PARAMETER, AFTER_COMMENT], ids=["laughs", "external", "parameter", "after-comment"]
)
def test_a_docx_part_with_a_dtd_is_refused(head: str) -> None:
    text = tr(*HEADER) + tr("甲行动", "任务", "&d;&e;", "市科协")
    with recorded() as seen, pytest.raises(kp.ReadError, match="declares a DTD") as caught:
        read_docx(docx(f"<w:tbl>{text}</w:tbl>", head=head))
    assert "root:" not in str(caught.value)
    assert not parsed_document(seen)  # refused from its first bytes, before libxml2 saw it
    rels = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
    with pytest.raises(kp.ReadError, match=r"_rels/\.rels declares a DTD"):
        read_docx(docx(parts={"_rels/.rels": head + rels}))


@pytest.mark.parametrize(
    "part", ["sheet", "workbook", "xl/sharedStrings.xml", "xl/styles.xml", "[Content_Types].xml", "rels"]
)
def test_an_xlsx_part_with_a_dtd_is_refused(part: str) -> None:
    doctype = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    if part == "sheet":
        data = xlsx(sheet(table_rows(), head=doctype))
    elif part == "workbook":
        data = xlsx(sheet(table_rows()), head=doctype)
    elif part == "rels":
        data = xlsx(sheet(table_rows()), parts={"_rels/.rels": f'{doctype}<Relationships xmlns="x"/>'})
    elif part in ("xl/sharedStrings.xml", "xl/styles.xml"):
        data = xlsx(sheet(table_rows()), parts={part: f"{doctype}<x/>", "xl/_rels/workbook.xml.rels": RELS_WITH_PARTS})
    else:
        data = xlsx(sheet(table_rows()), parts={part: f"{doctype}<x/>"})
    with pytest.raises(kp.ReadError, match="declares a DTD") as caught:
        read_xlsx(data)
    assert caught.value.hint is not None


def test_a_dtd_in_utf16_is_refused_too() -> None:
    text = document(f"<w:tbl>{tr(*HEADER)}{tr(*ROW)}</w:tbl>", '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x>')
    data = zipped({"word/document.xml": text.encode("utf-16")})
    with pytest.raises(kp.ReadError, match="declares a DTD"):
        read_docx(data)
    assert declares_dtd(text.encode("utf-16"))
    assert not declares_dtd(document("").encode("utf-16"))


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_xml_nested_thousands_deep_is_refused(fmt: str) -> None:
    depth = 5_000
    if fmt == "docx":
        nested = "<w:sdt><w:sdtContent>" * depth + "<w:p/>" + "</w:sdtContent></w:sdt>" * depth
        data = docx(f"<w:tbl>{tr(*HEADER)}{tr(*ROW)}</w:tbl>{nested}")
    else:
        data = xlsx(sheet(table_rows(), "<x>" * depth + "</x>" * depth))
    with recorded() as seen, pytest.raises(LimitExceeded, match="nested too deeply") as caught:
        kp.read(io.BytesIO(data), format=fmt)
    assert caught.value.hint is not None
    assert seen["interpreted"] == []  # libxml2's own depth limit stopped the parse


def test_a_text_node_over_ten_megabytes_is_refused() -> None:
    data = docx(f"<w:tbl>{tr(*HEADER)}{tr('甲行动', '任务', 'x' * (11 * 1024 * 1024), '市科协')}</w:tbl>", stored=True)
    with recorded() as seen, pytest.raises(LimitExceeded, match="text too large"):
        read_docx(data)
    assert seen["interpreted"] == []  # libxml2's own limit on a text node stopped the parse


# --- tables ----------------------------------------------------------------------------------------------------


def test_a_docx_cell_with_megabytes_of_text_is_refused_at_its_cell() -> None:
    runs = "".join(f"<w:r><w:t>{'长' * 1_000_000}</w:t></w:r>" for _ in range(3))
    big = tr("甲行动", "任务", "@", "市科协").replace("<w:r><w:t>@</w:t></w:r>", runs)
    with (
        recorded() as seen,
        pytest.raises(LimitExceeded, match="holds 3,000,000 characters, more than 100,000") as caught,
    ):
        read_docx(docx(f"<w:tbl>{tr(*HEADER)}{big}</w:tbl>", stored=True))
    assert caught.value.location == kp.Location(file="<stream>", table=1, row=2, column=3)
    assert seen["interpreted"] == []  # refused by the reader, before the layout code saw the text
    with pytest.raises(LimitExceeded, match="holds 4 characters, more than 3"):
        read_docx(docx(), max_cell_chars=3)


def test_an_xlsx_cell_with_megabytes_of_text_is_refused_at_its_cell() -> None:
    strings = f'<sst xmlns="{S}"><si><t>{"长" * 2_000_000}</t></si></sst>'
    rows = table_rows() + '<row r="3"><c r="C3" t="s"><v>0</v></c></row>'
    parts = {"xl/sharedStrings.xml": strings, "xl/_rels/workbook.xml.rels": RELS_WITH_PARTS}
    data = xlsx(sheet(rows), parts=parts, stored=True)
    with recorded() as seen, pytest.raises(LimitExceeded, match="holds 2,000,000 characters") as caught:
        read_xlsx(data)
    assert caught.value.location.cell == "C3"
    assert seen["interpreted"] == []  # refused by the reader, before the layout code saw the text


def test_a_docx_table_with_millions_of_empty_rows_is_refused_before_it_is_parsed() -> None:
    rows = "<w:tr/>" * 2_000_000
    stored = docx(f"<w:tbl>{tr(*HEADER)}{tr(*ROW)}{rows}</w:tbl>", stored=True)
    with recorded() as seen, pytest.raises(LimitExceeded, match="more than 100,000 rows") as caught:
        read_docx(stored)
    assert caught.value.location == kp.Location(file="<stream>")
    assert caught.value.hint is not None
    assert "max_rows=" in caught.value.hint
    assert not parsed_document(seen)  # counted in the bytes: no tree of two million rows was built
    compressed = docx(f"<w:tbl>{tr(*HEADER)}{tr(*ROW)}{rows}</w:tbl>")
    with recorded() as seen, pytest.raises(LimitExceeded, match="zip bomb"):  # compressed, refused first as a bomb
        read_docx(compressed)
    assert seen["opened"] == []


def test_a_docx_table_of_more_rows_than_max_rows_is_refused_at_the_table_while_it_is_read() -> None:
    rows = "".join(tr("", "", f"内容{i}", "") for i in range(30))
    with pytest.raises(LimitExceeded, match="more than 20 rows") as caught:
        read_docx(docx(f"<w:tbl>{tr(*HEADER)}{rows}</w:tbl><w:tbl>{tr(*HEADER)}</w:tbl>"), max_rows=20)
    assert caught.value.location == kp.Location(file="<stream>")  # all tables' rows, counted before parsing


def test_a_docx_row_of_a_million_empty_cells_is_refused_at_its_1025th_cell() -> None:
    wide = "<w:tr>" + "<w:tc/>" * 1_000_000 + "</w:tr>"
    with recorded() as seen, pytest.raises(LimitExceeded, match="wider than 1024 columns") as caught:
        read_docx(docx(f"<w:tbl>{tr(*HEADER)}{wide}</w:tbl>", stored=True))
    assert caught.value.location == kp.Location(file="<stream>", table=1, row=2)
    assert seen["interpreted"] == []  # the walk stopped in that row: no grid of a million columns


def test_a_docx_of_millions_of_cells_is_refused_before_it_is_parsed() -> None:
    wide = "<w:tr>" + "<w:tc/>" * 2_500_000 + "</w:tr>"
    data = docx(f"<w:tbl>{tr(*HEADER)}{wide}</w:tbl>", stored=True)
    refused_unparsed(data, r"more than 2,000,000 cells in its tables \(2,500,00", "max_cells")


def test_a_docx_of_millions_of_tiny_paragraphs_is_refused_before_it_is_parsed() -> None:
    # The shape of a 22 MB file of 6.5 million short paragraphs, which once took minutes and 4 GB.
    tiny = "<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 250_000
    data = docx(f"<w:tbl>{tr(*HEADER)}{tr(*ROW)}</w:tbl>{tiny}", stored=True)
    refused_unparsed(data, r"more than 200,000 paragraphs \(250,00", "max_paragraphs")
    assert len(read_docx(data, max_paragraphs=300_000, max_notes=300_000).duties) == 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_paragraphs_are_counted_under_any_prefix_and_encoding(encoding: str) -> None:
    # Not skimmed (another prefix than w, a comment): every prefix's paragraphs are counted.
    body = f"<x:tbl>{tr(*HEADER)}{tr(*ROW)}</x:tbl>".replace("w:", "x:") + "<x:p/>" * 50 + "<!-- <w:p> -->"
    head = f'<?xml version="1.0" encoding="{encoding.upper()}"?>'
    text = f'{head}<x:document xmlns:x="{W}"><x:body>{body}</x:body></x:document>'
    data = zipped({"word/document.xml": text.encode(encoding)})
    with recorded() as seen, pytest.raises(LimitExceeded, match=r"more than 40 paragraphs"):
        read_docx(data, max_paragraphs=40)
    assert seen["parsed"] == []
    assert len(read_docx(data, max_paragraphs=60).duties) == 1


def test_text_outside_the_table_is_bounded_by_max_notes() -> None:
    notes = "".join(f"<w:p><w:r><w:t>注{i}</w:t></w:r></w:p>" for i in range(30))
    data = docx(f"<w:tbl>{tr(*HEADER)}{tr(*ROW)}</w:tbl>{notes}")
    with recorded() as seen, pytest.raises(LimitExceeded, match="more than 20 paragraphs of text outside") as caught:
        read_docx(data, max_notes=20)
    assert caught.value.hint is not None
    assert "max_notes=" in caught.value.hint
    assert seen["interpreted"] == []
    assert read_docx(data).notes[-1] == "注29"


def test_a_docx_grid_of_thousands_of_columns_is_refused() -> None:
    grid = "<w:tblGrid>" + "<w:gridCol/>" * 5000 + "</w:tblGrid>"
    with pytest.raises(LimitExceeded, match="5,000 columns wide, more than 1,024"):
        read_docx(docx(f"<w:tbl>{grid}{tr(*HEADER)}{tr(*ROW)}</w:tbl>"))


def test_a_docx_of_ten_thousand_tiny_tables_costs_ten_times_a_thousand() -> None:
    table = "<w:tbl>" + tr("x") + "</w:tbl>"
    with pytest.raises(kp.KepuPlanError):
        read_docx(docx(table * 10_000))

    def reading(n: int) -> Callable[[], object]:
        return lambda: read_docx(docx(table * n))

    thousand, ten_thousand = (calls(reading(n)) for n in (1_000, 10_000))
    assert ten_thousand < 12 * thousand  # linear: no table is compared with every other


def test_xlsx_empty_rows_by_the_million_cost_nothing() -> None:
    def empty_rows(count: int) -> bytes:
        return xlsx(sheet(table_rows() + "".join(f'<row r="{i}"/>' for i in range(3, count + 3))), stored=True)

    million = empty_rows(1_000_000)
    with recorded() as seen:
        plan = read_xlsx(million)
    assert len(plan.duties) == 1
    [document] = seen["interpreted"]
    assert [view.whole().nrows for view in document.sheets] == [2]  # the layout code never saw them
    assert calls(lambda: read_xlsx(million)) < calls(lambda: read_xlsx(empty_rows(10))) + 10_000


def test_an_xlsx_stray_cell_far_below_the_table_is_refused_naming_it() -> None:
    far = f'<row r="1048576">{cell("A1048576", "x")}</row>'
    with recorded() as seen, pytest.raises(LimitExceeded, match="more than 100,000 rows") as caught:
        read_xlsx(xlsx(sheet(table_rows() + far)), sheet="表1")
    assert caught.value.location == kp.Location(file="<stream>", sheet="表1", cell="D1048576")
    assert seen["interpreted"] == []  # refused at that cell: no grid of a million rows was made


def test_an_xlsx_stray_cell_far_to_the_right_is_refused() -> None:
    far = f'<row r="3">{cell("XFD3", "x")}</row>'
    with pytest.raises(LimitExceeded, match="16,384 columns wide, more than 1,024") as caught:
        read_xlsx(xlsx(sheet(table_rows() + far)))
    assert caught.value.hint is not None
    assert "max_columns=" in caught.value.hint


def test_a_huge_other_sheet_does_not_stop_the_table_being_read() -> None:
    far = f'<row r="1">{cell("A1", "说明")}</row><row r="900000">{cell("A900000", "x")}</row>'
    plan = read_xlsx(xlsx(sheet(far), sheet(table_rows())))
    assert len(plan.duties) == 1
    with pytest.raises(LimitExceeded):
        read_xlsx(xlsx(sheet(far), sheet(table_rows())), sheet="表1")


def test_merged_ranges_that_overlap_without_end_are_refused_in_bounded_time() -> None:
    # 20,000 values down column A; 3,000 merges of the empty column B beside them, each costing
    # 20,000 lookups: 60 million without a bound.
    column = "".join(f'<row r="{r}">{cell(f"A{r}", "内容")}</row>' for r in range(3, 20_003))
    merges = "<mergeCells>" + '<mergeCell ref="B3:B20001"/>' * 3000 + "</mergeCells>"
    with recorded() as seen, pytest.raises(LimitExceeded, match="overlap") as caught:
        read_xlsx(xlsx(sheet(table_rows() + column, merges)))
    assert caught.value.hint is not None
    assert seen["interpreted"] == []
    overlapping = calls(lambda: read_xlsx(xlsx(sheet(table_rows() + column, merges))))
    assert overlapping < 2 * calls(lambda: read_xlsx(xlsx(sheet(table_rows() + column))))  # not 60 million lookups


def test_a_merge_over_the_whole_sheet_costs_no_more_than_the_values() -> None:
    merges = '<mergeCells><mergeCell ref="A1:XFD1048576"/><mergeCell ref="E1:XFD1048576"/></mergeCells>'
    with pytest.raises(kp.KepuPlanError):
        read_xlsx(xlsx(sheet(table_rows(), merges)))
    # The work is the values', not the merged positions' (17 billion of them).
    assert calls(lambda: read_xlsx(xlsx(sheet(table_rows(), merges)))) < 10 * calls(
        lambda: read_xlsx(xlsx(sheet(table_rows())))
    )
    outside = '<mergeCells><mergeCell ref="Z100:XFD1048576"/></mergeCells>'
    assert len(read_xlsx(xlsx(sheet(table_rows(), outside))).duties) == 1


def test_a_row_number_that_is_not_a_number_is_a_read_error() -> None:
    for number in ("x", "9" * 5000, "-1"):
        with pytest.raises(kp.ReadError, match="a row has a bad number") as caught:
            read_xlsx(xlsx(sheet(f'<row r="{number}"><c t="inlineStr"><is><t>x</t></is></c></row>')))
        assert caught.value.hint is not None


def test_json_nested_a_hundred_thousand_deep_is_a_read_error() -> None:
    # The JSON parser's own recursion limit stops it (a RecursionError, which the reader names).
    with pytest.raises(kp.ReadError, match="nested too deeply") as caught:
        kp.read(io.BytesIO(b"[" * 100_000 + b"]" * 100_000), format="json")
    assert isinstance(caught.value.__context__, RecursionError)


def test_any_element_counts_as_a_tag_so_that_no_kind_of_element_escapes_the_limits() -> None:
    # Empty runs are neither paragraphs, rows nor cells, but each costs as much memory once parsed.
    runs = "<w:p>" + "<w:r/>" * 3_100_000 + "</w:p>"
    data = docx(f"<w:tbl>{tr(*HEADER)}{tr(*ROW)}</w:tbl>{runs}", stored=True)
    refused_unparsed(data, r"more than 3,000,000 XML tags", "max_tags")


def test_a_limit_is_said_in_chinese_by_default_and_its_hint_still_names_the_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "shenmu.docx"
    kp.write(kp.examples.shenmu(), path)
    monkeypatch.delenv("LC_MESSAGES")
    monkeypatch.setenv("LANG", "C.UTF-8")  # no language asked for: Chinese
    with pytest.raises(LimitExceeded) as chinese:
        kp.read(path, limits=Limits(max_rows=20))
    assert (
        "文档中表格的行数超过 20 行（113 行）"
        "（文件已损坏或被填充；如文档确实这么长，请用 limits=kp.Limits(max_rows=113) 读取）" in str(chinese.value)
    )
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    with pytest.raises(LimitExceeded) as english:
        kp.read(path, limits=Limits(max_rows=20))
    assert "the document has more than 20 rows in its tables (113) (a damaged or padded file" in str(english.value)
    assert chinese.value.code == english.value.code == "limit"
    assert chinese.value.hint == english.value.hint  # the English source text, which the command line rewrites
    assert chinese.value.hint is not None
    assert "max_rows=" in chinese.value.hint


def test_a_readers_boundary_lets_its_own_errors_pass_and_makes_any_other_a_read_error() -> None:
    from kepu_plan._limits import at_boundary

    where = kp.Location(file="plan.xlsx")
    refused = kp.ReadError("the file is damaged", where)

    def refusing() -> None:
        raise refused

    def failing() -> None:
        raise KeyError("a bug the reader did not foresee")

    with pytest.raises(kp.ReadError) as caught:
        at_boundary(refusing, "cannot read the workbook", where)
    assert caught.value is refused
    with pytest.raises(kp.ReadError, match="cannot read the workbook: KeyError") as caught:
        at_boundary(failing, "cannot read the workbook", where)
    assert caught.value.location == where
    assert isinstance(caught.value.__cause__, KeyError)
    assert at_boundary(lambda: 7, "cannot read the workbook", where) == 7
