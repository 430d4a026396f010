"""The reader's fast path for plainly written sheets reads what the tree walk reads, and leaves every
sheet it cannot read exactly (comments, references, rich text, damage) to the tree walk."""

from __future__ import annotations

import gc
import io
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kepu_plan as kp
from kepu_plan import layout
from kepu_plan.errors import ReadError
from kepu_plan.formats.xlsx import _sheet, document_from_xlsx
from kepu_plan.formats.xlsx._fast import fast_cells, fast_strings
from kepu_plan.grid import Document

from .test_xlsx_hostile import DUTY_ROW, HEADER_ROW, MAIN, package

X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"


def worksheet(rows: str, *, extra: str = "", root: str = "", head: str = "") -> str:
    return f'{head}<worksheet xmlns="{MAIN}"{root}><sheetData>{HEADER_ROW}</row>{rows}</sheetData>{extra}</worksheet>'


@pytest.fixture
def fast_taken(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether the fast path read each sheet read while the test runs."""
    taken: list[bool] = []
    original = fast_cells

    def spy(*args: object) -> object:
        found = original(*args)  # type: ignore[arg-type]
        taken.append(found is not None)
        return found

    monkeypatch.setattr(_sheet, "_fast_cells", spy)  # the name read_sheet calls
    return taken


def read_both(
    monkeypatch: pytest.MonkeyPatch, xml: str | bytes, strings: list[str] | None = None
) -> tuple[object, object]:
    """What document_from_xlsx gives (a Document or the ReadError's text) with the fast path, then without."""

    def read() -> Document | str:
        try:
            return document_from_xlsx(package(("分工表", xml), strings=strings))  # type: ignore[arg-type]
        except ReadError as error:
            return f"ReadError: {error}"

    fast = read()
    with monkeypatch.context() as patch:
        patch.setattr(_sheet, "_fast_cells", lambda *args: None)
        slow = read()
    return fast, slow


PLAIN = {
    "inline strings": worksheet(DUTY_ROW),
    "shared strings": worksheet(
        '<row r="2"><c r="A2" s="1" t="s"><v>0</v></c><c r="B2" t="s"><v> 1 </v></c>'
        '<c r="C2" t="s"><v>2</v></c><c r="D2" t="s"><v>3</v></c><c r="E2" t="s"><v></v></c></row>'
    ),
    "numbers, booleans, errors and cached formula texts": worksheet(
        DUTY_ROW + '<row r="3"><c r="A3" s="1"><v>3.14159</v></c><c r="B3" t="b"><v>1</v></c>'
        '<c r="C3" t="e"><v>#N/A</v></c><c r="D3" t="str"><v>合计 10</v></c><c r="E3" s="2" t="n"><v>1.5</v></c></row>'
    ),
    "entities, escapes and kept spaces": worksheet(
        '<row r="2"><c r="A2" t="inlineStr"><is><t>科普&amp;行动 &lt;一&gt; &quot;甲&quot; &apos;乙&apos;</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t xml:space="preserve"> 任务 </t></is></c>'
        '<c r="C2" t="inlineStr"><is><t>开展_x000B_活动</t></is></c><c r="D2" t="str"><v>A&amp;B</v></c></row>'
    ),
    "empty cells and rows, merges and Excel's row attributes": worksheet(
        '<row r="2" spans="1:4" x14ac:dyDescent="0.25"><c r="A2" s="3" t="inlineStr"><is><t>科普行动</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>任务</t></is></c><c r="C2" t="inlineStr"><is><t>开展活动</t></is></c>'
        '<c r="D2" t="inlineStr"><is><t>市科协</t></is></c></row><row r="3"/>'
        '<row r="4" spans="1:4"><c r="A4" s="3"/><c r="B4"/><c r="C4" t="inlineStr"><is><t>再开展</t></is></c>'
        '<c r="D4" t="inlineStr"><is><t>市科协</t></is></c></row>',
        extra='<mergeCells count="1"><mergeCell ref="A2:A4"/></mergeCells>',
        root=f' xmlns:x14ac="{X14AC}"',
        head='<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
    ),
}

STRINGS = ["科普行动", "任务", "开展活动", "市科协", "未用", "", "甲_x000D_乙"]


@pytest.mark.parametrize("xml", PLAIN.values(), ids=PLAIN.keys())
def test_a_plainly_written_sheet_is_read_by_the_fast_path_as_the_tree_walk_reads_it(
    xml: str, fast_taken: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow = read_both(monkeypatch, xml, STRINGS)
    assert fast_taken == [True]
    assert isinstance(fast, Document)
    assert fast == slow


ODD = {
    "a comment": worksheet("<!-- 注释 -->" + DUTY_ROW),
    "a CDATA section": worksheet(DUTY_ROW.replace("<t>开展活动</t>", "<t><![CDATA[开展<活动>]]></t>")),
    "a character reference": worksheet(DUTY_ROW.replace("开展活动", "开展&#x6D3B;动")),
    "a carriage return": worksheet(DUTY_ROW.replace("开展活动", "开展\r\n活动")),
    "single-quoted attributes": worksheet(DUTY_ROW.replace('r="C2"', "r='C2'")),
    "a cell without a reference": worksheet(DUTY_ROW.replace(' r="C2"', "")),
    "a reference in lower case": worksheet(DUTY_ROW.replace('r="C2"', 'r="c2"')),
    "rich text": worksheet(DUTY_ROW.replace("<t>开展活动</t>", "<r><t>开展</t></r><r><rPr><b/></rPr><t>活动</t></r>")),
    "a formula": worksheet(DUTY_ROW + '<row r="3"><c r="E3"><f>1+1</f><v>2</v></c></row>'),
    "a formula without a value": worksheet(DUTY_ROW + '<row r="3"><c r="E3"><f>1+1</f></c></row>'),
    "a prefixed root": f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr">'
    "<x:is><x:t>主要内容</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>",
    "a namespace redeclared in a row": worksheet(DUTY_ROW.replace('<row r="2">', f'<row r="2" xmlns="{MAIN}">')),
    "an undeclared prefix on a row": worksheet(DUTY_ROW.replace('<row r="2">', '<row r="2" x14ac:dyDescent="1">')),
    "a bad row number": worksheet(DUTY_ROW.replace('<row r="2">', '<row r="2x">')),
    "row zero": worksheet(DUTY_ROW.replace('<row r="2">', '<row r="0">')),
    "the row number after another attribute": worksheet(DUTY_ROW.replace('<row r="2">', '<row ht="20" r="0">')),
    "a cell in row zero": worksheet(DUTY_ROW.replace('r="C2"', 'r="C0"')),
    "a cell outside any row": worksheet(DUTY_ROW + '<c r="E9" t="inlineStr"><is><t>孤立</t></is></c>'),
    "a row outside the sheet data": worksheet(DUTY_ROW, extra='<extLst><row r="9"/></extLst>'),
    "a shared string that is not there": worksheet(DUTY_ROW + '<row r="3"><c r="C3" t="s"><v>99</v></c></row>'),
    "a declared encoding other than UTF-8": worksheet(
        DUTY_ROW.replace("开展活动", "activit\u00e9"), head='<?xml version="1.0" encoding="ISO-8859-1"?>'
    ).encode("iso-8859-1", "xmlcharrefreplace"),
    "damaged XML": worksheet(DUTY_ROW)[:-20],
    "a second sheet data after the first": worksheet(DUTY_ROW, extra='<sheetData><row r="9"/></sheetData>'),
    "an empty sheet data before the first": worksheet(DUTY_ROW).replace("<sheetData>", "<sheetData/><sheetData>", 1),
    "a sheet data inside the sheet data": worksheet(DUTY_ROW + "<sheetData></sheetData>"),
}


@pytest.mark.parametrize("xml", ODD.values(), ids=ODD.keys())
def test_a_sheet_the_fast_path_cannot_read_exactly_is_read_or_refused_as_the_tree_walk_does(
    xml: str | bytes, fast_taken: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow = read_both(monkeypatch, xml, STRINGS)
    assert not any(fast_taken)
    assert fast == slow


def test_a_plan_written_by_kepu_plan_is_read_back_by_the_fast_path(fast_taken: list[bool]) -> None:
    buffer = io.BytesIO()
    plan = kp.examples.shenmu()
    kp.write_xlsx(plan, buffer)
    buffer.seek(0)
    assert kp.read_xlsx(buffer) == plan
    assert fast_taken == [True]


def test_the_garbage_collector_is_paused_while_a_workbook_is_read_and_left_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    buffer = io.BytesIO()
    kp.write_xlsx(kp.examples.shenmu(), buffer)
    seen: list[bool] = []
    original = layout.plan_from_document

    def plan(*args: Any, **options: Any) -> kp.Plan:
        seen.append(gc.isenabled())
        return original(*args, **options)

    monkeypatch.setattr(layout, "plan_from_document", plan)
    assert gc.isenabled()
    kp.read_xlsx(io.BytesIO(buffer.getvalue()))
    assert seen == [False]
    assert gc.isenabled()
    with pytest.raises(ReadError):
        kp.read_xlsx(io.BytesIO(b"PK\x03\x04 not a workbook"))
    assert gc.isenabled()
    gc.disable()
    try:
        kp.read_xlsx(io.BytesIO(buffer.getvalue()))
        document_from_xlsx(io.BytesIO(buffer.getvalue()))
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- drawn sheets: the fast path reads exactly what the tree walk reads, or leaves the sheet to it ---

#: A cell's text as written in the XML: characters, the predefined entities, escapes and line breaks.
_TEXTS = st.lists(
    st.sampled_from(["科", "普", "a", " ", "\n", "&amp;", "&lt;", "&gt;", "&quot;", "_x000D_", "_x", ":", "="]),
    max_size=6,
).map("".join)


@st.composite
def _cell(draw: st.DrawFn, row: int, col: int, plain: bool, kinds: list[str]) -> str:
    """A cell of one of ``kinds`` as written plainly (which the fast path reads), or, unless
    ``plain``, in any other way."""
    letters = "ABCDEF"[col]
    refs = [f' r="{letters}{row}"']
    if not plain:
        refs += [f' r="{letters}0"', "", f' r="{letters.lower()}{row}"']
    ref = draw(st.sampled_from(refs))
    style = draw(st.sampled_from(["", "", ' s="1"', ' s="2"', ' s="9"']))
    kind = draw(st.sampled_from(kinds))
    text = draw(_TEXTS)
    if kind == ' t="s"':  # an index into STRINGS, mostly a good one
        value = draw(st.sampled_from(["0", "1", "2", "3", "4", "5", "6", " 2 ", "7", "", "1.5"]))
    elif kind in ("", ' t="n"'):
        value = draw(st.sampled_from(["0", "1", "7", "", "1.5", "-2e3"]))
    else:
        value = text
    bodies = ["/>", f"><v>{value}</v></c>", f"><v>{value}</v></c>"]
    if kind != ' t="s"' or not plain:
        bodies += [f"><is><t>{text}</t></is></c>", f'><is><t xml:space="preserve">{text}</t></is></c>']
    if not plain:
        bodies += [
            f"><v>{text}</v></c>",
            f"><is><r><t>{text}</t></r></is></c>",
            f"><f>1+1</f><v>{text}</v></c>",
            "><f>1+1</f></c>",
            f"><is><t>{text}&#38;</t></is></c>",
        ]
    return f"<c{ref}{style}{kind}{draw(st.sampled_from(bodies))}"


@st.composite
def _sheet_data(draw: st.DrawFn) -> str:
    """The rows of a sheet's data: half the time written plainly throughout, else anyhow."""
    plain = draw(st.booleans())
    # Every cell of one type (as most workbooks are: all shared strings, or all inline texts), or of any.
    kinds = draw(
        st.sampled_from(
            [[' t="s"'], [' t="inlineStr"'], ["", ' t="inlineStr"', ' t="s"', ' t="str"', ' t="n"', ' t="b"', ' t="e"']]
        )
    )
    starts = [
        '<row r="{row}"',
        '<row r="{row}" spans="1:4" x14ac:dyDescent="0.25"',
        '<row r="{row}" ht="20" customHeight="1"',
    ]
    gaps = ["", "", "\n  "]
    if not plain:
        starts += ['<row ht="20" r="{row}"', "<row", '<row r="{row}" y:dyDescent="1"', '<row r="{row}" xmlns:y="urn:y"']
        gaps += ["<!-- 注 -->"]
    rows = []
    for row in range(2, 2 + draw(st.integers(0, 4))):
        start = draw(st.sampled_from(starts)).format(row=row)
        cells = [draw(_cell(row, col, plain, kinds)) for col in range(draw(st.integers(0, 4)))]
        if not cells and draw(st.booleans()):
            rows.append(start + "/>")
        else:
            rows.append(start + ">" + draw(st.sampled_from(gaps)).join(cells) + "</row>")
    return draw(st.sampled_from(gaps)).join(rows)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=_sheet_data(), merged=st.sampled_from(["", '<mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells>']))
def test_a_drawn_sheet_reads_the_same_with_and_without_the_fast_path(
    rows: str, merged: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No header row of inline texts: a sheet of drawn rows only (often all shared strings).
    xml = f'<worksheet xmlns="{MAIN}" xmlns:x14ac="{X14AC}"><sheetData>{rows}</sheetData>{merged}</worksheet>'
    fast, slow = read_both(monkeypatch, xml, STRINGS)
    assert fast == slow


def test_the_drawn_sheets_take_the_fast_path_when_written_plainly(fast_taken: list[bool]) -> None:
    """The property above is not vacuous: plain drawn rows are read by the fast path."""
    xml = worksheet(
        '<row r="2" spans="1:4" x14ac:dyDescent="0.25"><c r="A2" s="1" t="s"><v> 2 </v></c>'
        '<c r="B2" t="inlineStr"><is><t xml:space="preserve">科&amp;_x000D_普</t></is></c><c r="C2" s="2"><v>7</v></c>'
        '<c r="D2" t="str"><v>a:b=</v></c></row>\n<row r="3"/>',
        root=f' xmlns:x14ac="{X14AC}"',
    )
    document_from_xlsx(package(("分工表", xml), strings=STRINGS))
    assert fast_taken == [True]


# --- drawn shared strings: read without a tree exactly as parsed, or left to the parse ---------------

_RUN_PROPERTIES = st.sampled_from(
    [
        "",
        "<rPr><b/></rPr>",
        '<rPr><b val="true"/><sz val="16"/><rFont val="方正小标宋简体"/><family val="0"/><charset val="134"/></rPr>',
    ]
)


@st.composite
def _string_item(draw: st.DrawFn, plain: bool) -> str:
    """An item of the shared strings as Excel, WPS or LibreOffice write it, or, unless ``plain``, otherwise."""
    text = draw(_TEXTS)
    space = draw(st.sampled_from(["", ' xml:space="preserve"']))
    forms = [f"<t{space}>{text}</t>", "<t/>", f"<t>{text}&#10;</t>", f"<t>&#x5DE5;{text}</t>"]
    runs = "".join(
        f"<r>{draw(_RUN_PROPERTIES)}<t{space}>{part}</t></r>" for part in draw(st.lists(_TEXTS, min_size=1, max_size=3))
    )
    forms.append(runs)
    if not plain:
        forms += [
            f"<t>{text}\r\n</t>",
            f"<t><![CDATA[{text}<]]></t>",
            f'<t>{text}</t><rPh sb="0" eb="1"><t>ゲ</t></rPh>',
            f"<!-- 注 --><t>{text}</t>",
            f"<r><t>{text}</t></r><t>{text}</t>",
        ]
    phonetic = draw(st.sampled_from(["", '<phoneticPr fontId="1" type="noConversion"/>']))
    return f"<si>{draw(st.sampled_from(forms))}{phonetic}</si>"


@st.composite
def _shared_strings(draw: st.DrawFn) -> tuple[str, int]:
    plain = draw(st.booleans())
    items = draw(st.lists(_string_item(plain), min_size=1, max_size=6))
    gap = draw(st.sampled_from(["", "\n"] if plain else ["", "\n", "<?pi x?>"]))
    head = draw(st.sampled_from(['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n', ""]))
    return f'{head}<sst xmlns="{MAIN}" count="{len(items)}">{gap.join(items)}</sst>', len(items)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=_shared_strings())
def test_drawn_shared_strings_read_the_same_with_and_without_the_fast_path(
    drawn: tuple[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    xml, count = drawn
    rows = "".join(f'<row r="{i}"><c r="A{i}" t="s"><v>{i - 1}</v></c></row>' for i in range(1, count + 1))
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'

    def read() -> Document | str:
        try:
            return document_from_xlsx(package(("分工表", sheet), strings_xml=xml))
        except ReadError as error:
            return f"ReadError: {error}"

    fast = read()
    with monkeypatch.context() as patch:
        patch.setattr(_sheet, "_fast_strings", lambda data: None)
        slow = read()
    assert fast == slow


def test_shared_strings_written_plainly_are_read_without_a_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    """The property above is not vacuous: Excel's and LibreOffice's ways of writing strings take the fast path."""
    taken: list[bool] = []
    original = fast_strings

    def spy(data: bytes) -> object:
        found = original(data)
        taken.append(found is not None)
        return found

    monkeypatch.setattr(_sheet, "_fast_strings", spy)
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}" count="2" uniqueCount="2">'
        '<si><t>市科协</t><phoneticPr fontId="1" type="noConversion"/></si>'
        '<si><r><rPr><sz val="11"/><rFont val="宋体"/></rPr><t xml:space="preserve">第</t></r>'
        "<r><t>1&#10;批 &amp; _x000D_</t></r></si></sst>"
    )
    row = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{row}</sheetData></worksheet>'
    grid = document_from_xlsx(package(("分工表", sheet), strings_xml=xml)).tables[0]
    assert [cell.text for cell in grid.cells] == ["市科协", "第1\n批 & \n"]
    assert taken == [True]
