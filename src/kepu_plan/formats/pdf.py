"""PDF: read the ruled allocation table of a text PDF (as Word, WPS and LibreOffice export it).

PDF is a read-only format: a county's table is most often found as the PDF attachment of a notice,
and a neighbour's table is adapted from it (``kp.adapt``); plans are written as DOCX or XLSX.

Reading goes page by page with pdfplumber (over pdfminer.six, an optional extra:
``pip install "kepu-plan[pdf]"``).  Its ruling-line table finder gives each page's cells as boxes;
this module turns them into the same :class:`~kepu_plan.grid.Document` of cells with spans that
the DOCX and XLSX readers produce, and the layout code reads the plan from that:

* the boxes of one page become rows and columns at their distinct edges, a box over several of
  them a merged cell; the parts of one table on successive pages become one grid, the header rows
  a page repeats are dropped, an empty cell at a page top continues the merged cell above it, and
  a row split by a page break is joined again;
* a cell's text is recovered from its glyphs line by line: a line that ends short of the cell's
  right edge (the next line's first word would have fitted) ends a paragraph, one that runs to the
  edge wraps and is joined (without a space between Chinese characters, with one between Latin
  words); a gap between glyphs is a space only between Latin letters or digits, the wider spacing
  Word and LibreOffice set between Chinese and Latin text is not;
* the lines above the table (label and title) and below it (notes) are read as the DOCX reader
  reads paragraphs; page numbers are not text of the table.

Each judgement is reported as a :class:`~kepu_plan.diagnostics.Diagnostic`.  A scanned PDF (pages
that are pictures), a PDF without a ruled table, an encrypted, damaged or hostile PDF raises a
:class:`~kepu_plan.errors.ReadError` saying so.
"""

from __future__ import annotations

import bisect
import io
import itertools
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, BinaryIO, Final

import attrs

from kepu_plan._limits import DEFAULT as DEFAULT_LIMITS
from kepu_plan._limits import LimitExceeded, Limits, interpreted, read_bounded, unexpected
from kepu_plan.diagnostics import Diagnostic, Severity
from kepu_plan.errors import KepuPlanError, Location, ReadError, UnsupportedFormat
from kepu_plan.grid import Document, Grid, cells_from_spans
from kepu_plan.model import Plan

__all__ = ["NAME", "SUFFIXES", "document_from_pdf", "read", "write"]

NAME: Final = "pdf"
SUFFIXES: Final = (".pdf",)

_INSTALL: Final = 'reading PDF needs pdfplumber: pip install "kepu-plan[pdf]"'
_GET_DOCX: Final = "ask the sender for the .docx or .xlsx file the PDF was made from"

# --- characters -----------------------------------------------------------------------------------

#: Characters set on the wide (Chinese) side of a line: CJK ideographs and punctuation, full-width
#: forms, and the quotes, dashes and ellipsis Chinese text uses.
_WIDE: Final = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018-\u201f\u2014\u2026\u00b7]")
#: Characters that may not start a line (they are carried to the line before with a character).
_NO_LINE_START: Final = frozenset("，。、；：？！）》」』】〕”’…—%％·,.;:?!)]}")
#: Characters that may not end a line (they are carried to the next line with the one after).
_NO_LINE_END: Final = frozenset("（《「『【〔“‘([{")
#: A line that is only a page number: "— 2 —", "- 2 -", "2", "第 2 页", "第2页 共9页", "2/9".
_PAGE_NUMBER: Final = re.compile(
    r"^[\s—–\-－·]*(\d+|第\s*\d+\s*页(\s*[,，]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|page\s*\d+(\s*of\s*\d+)?)[\s—–\-－·]*$",
    re.IGNORECASE,
)


def _wide(char: str) -> bool:
    return bool(_WIDE.match(char))


# --- geometry -------------------------------------------------------------------------------------

#: Points within which two ruling positions are one edge.
_EDGE_TOLERANCE: Final = 1.5
_TABLE_SETTINGS: Final = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


@attrs.define
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@attrs.define
class _Line:
    chars: list[_Char]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@attrs.define
class _Box:
    """A cell of one page's part of a table: its box in points and the lines of text in it."""

    x0: float
    top: float
    x1: float
    bottom: float
    lines: list[_Line] = attrs.field(factory=list)
    row: int = 0
    col: int = 0
    rowspan: int = 1
    colspan: int = 1
    text: str = ""


@attrs.define
class _Part:
    """The part of a table on one page: its boxes and its rows' edges."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    boxes: list[_Box]
    rows: list[float] = attrs.field(factory=list)  # row edges, top to bottom
    text_above: bool = False
    text_below: bool = False

    @classmethod
    def of(cls, page: int, boxes: list[_Box]) -> _Part:
        return cls(
            page,
            min(b.x0 for b in boxes),
            min(b.top for b in boxes),
            max(b.x1 for b in boxes),
            max(b.bottom for b in boxes),
            boxes,
        )


def _bands(boxes: list[_Box]) -> list[list[_Box]]:
    """The boxes of what pdfplumber found as one table, cut where two tables touch: at a row edge
    no box crosses, where the columns above and below each have an edge the other lacks (a table
    below another with other column widths).  A header over sub-columns or a row across the table
    has no edge of its own on one side, and is not cut off."""
    rows = _edges([b.top for b in boxes] + [b.bottom for b in boxes])
    starting: dict[int, list[_Box]] = {}
    for box in boxes:
        starting.setdefault(_index(rows, box.top), []).append(box)
    bands: list[list[_Box]] = []
    current: list[_Box] = []
    reach = 0  # the lowest row edge a box of the current band reaches
    for r in range(len(rows) - 1):
        row = starting.get(r, [])
        if current and r >= reach:
            below = [box for k in range(r, len(rows)) for box in starting.get(k, [])]
            if _novel(below, current) and _novel(current, below):
                bands.append(current)
                current = []
        current.extend(row)
        reach = max([reach, *(_index(rows, box.bottom) for box in row)])
    if current:
        bands.append(current)
    return bands


def _novel(these: Sequence[_Box], those: Sequence[_Box]) -> bool:
    """Whether ``these`` boxes have a side where none of ``those`` has one."""
    edges = _edges([b.x0 for b in those] + [b.x1 for b in those])
    return any(abs(edges[_index(edges, x)] - x) > 2 * _EDGE_TOLERANCE for box in these for x in (box.x0, box.x1))


def _edges(values: Iterable[float]) -> list[float]:
    """Distinct positions: values within :data:`_EDGE_TOLERANCE` of the one before are one edge."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > _EDGE_TOLERANCE:
            edges.append(value)
    return edges


def _index(edges: Sequence[float], value: float) -> int:
    """The index of the edge nearest ``value``."""
    at = bisect.bisect_left(edges, value)
    if at == len(edges) or (at > 0 and value - edges[at - 1] < edges[at] - value):
        at -= 1
    return at


def _lines(chars: list[_Char]) -> list[_Line]:
    """Characters grouped into lines, top to bottom, each line left to right (doubles dropped)."""
    lines: list[_Line] = []
    for char in sorted(chars, key=lambda c: (c.middle, c.x0)):
        line = lines[-1] if lines else None
        if line is not None and char.middle - (line.top + line.bottom) / 2 < 0.5 * max(line.size, char.size):
            line.chars.append(char)
            line.top = min(line.top, char.top)
            line.bottom = max(line.bottom, char.bottom)
            line.size = max(line.size, char.size)
        else:
            lines.append(_Line([char], char.x0, char.x1, char.top, char.bottom, char.size))
    for line in lines:
        line.chars.sort(key=lambda c: c.x0)
        kept: list[_Char] = []
        for char in line.chars:  # a glyph printed twice over itself (fake bold) is one character
            if kept and char.text == kept[-1].text and abs(char.x0 - kept[-1].x0) < 0.3 * char.size:
                continue
            kept.append(char)
        line.chars = kept
        shown = [c for c in kept if not c.text.isspace()] or kept
        line.x0 = shown[0].x0
        line.x1 = max(c.x1 for c in shown)
    return lines


# --- text recovery --------------------------------------------------------------------------------


@attrs.define
class _Judged:
    """What recovering one cell's text took: lines joined, gaps read as spaces or as glyph spacing."""

    joined: int = 0
    spaces: int = 0
    glyph_gaps: int = 0
    kept_breaks: int = 0

    def __iadd__(self, other: _Judged) -> _Judged:
        self.joined += other.joined
        self.spaces += other.spaces
        self.glyph_gaps += other.glyph_gaps
        self.kept_breaks += other.kept_breaks
        return self


def _line_text(line: _Line, judged: _Judged) -> str:
    """A line's characters with the spaces it has: written ones, and gaps between Latin letters."""
    out: list[str] = []
    previous: _Char | None = None
    for char in line.chars:
        text = char.text
        if previous is not None and not text.isspace() and not previous.text.isspace():
            gap = char.x0 - previous.x1
            if gap > 0.2 * max(char.size, previous.size):
                if _wide(previous.text[-1]) or _wide(text[0]):
                    judged.glyph_gaps += 1  # Word's and LibreOffice's spacing between Chinese and Latin
                else:
                    out.append(" ")
                    judged.spaces += 1
        out.append(text)
        previous = char
    return "".join(out).strip(" ")


#: The most characters a line or cell may hold to be read as the end of a word wrapped onto it.
_WORD_END: Final = 4
_SENTENCE_END: Final = frozenset("。！？；!?;")
_QUOTES: Final = frozenset("“”‘’\"'「」『』")


def _first_word_width(line: _Line) -> float:
    """The width of what would have had to fit at the end of the line before for ``line`` not to
    begin where it does: its first character or Latin word, with what no line break may separate
    from it (closing punctuation after it, a quote mark on either side, a Latin word after a quote
    mark or an opening bracket)."""
    chars = [c for c in line.chars if not c.text.isspace()]
    if not chars:
        return 0.0
    end = 1
    while end < len(chars):
        before, char = chars[end - 1].text[-1], chars[end].text[0]
        latin_run = not _wide(before) and not _wide(char) and chars[end].x0 - chars[end - 1].x1 < 0.2 * chars[0].size
        if char in _NO_LINE_START or before in _NO_LINE_END or char in _QUOTES or before in _QUOTES or latin_run:
            end += 1
        else:
            break
    return chars[end - 1].x1 - chars[0].x0


def _runs_to_edge(line: _Line, following: _Line, left: float, right: float) -> bool:
    """Whether ``line`` may have wrapped: the first word of ``following`` would not have fitted
    after it within the text area ``left``–``right`` (for a centred line, in the room on both sides)."""
    room = right - line.x1
    if line.x0 - left > 0.5 * line.size:  # centred or right-aligned: the room is on both sides
        room = (right - left) - (line.x1 - line.x0)
    need = _first_word_width(following)
    last = next((c.text for c in reversed(line.chars) if not c.text.isspace()), "")
    first = next((c.text for c in following.chars if not c.text.isspace()), "")
    if last and first and _wide(last[-1]) != _wide(first[0]):
        need += 0.2 * line.size  # the spacing set between Chinese and Latin text
    return need > room


_WRAP, _BREAK, _EITHER = "wrap", "break", "either"
_SEPARATORS: Final = frozenset("、，,；;")


def _break_kind(line: _Line, text: str, following: _Line, left: float, right: float, depth: int) -> str:
    """What the end of ``line`` is: a paragraph end (``_BREAK``: the next word would have fitted),
    a wrap beyond doubt (``_WRAP``: the line ends in a separator or an opening bracket, a bracket
    is open (``depth``), or the next line starts with punctuation no line starts with), or
    ``_EITHER``: the line is full, and a paragraph may end there or not."""
    if not _runs_to_edge(line, following, left, right):
        return _BREAK
    nxt = next((c.text for c in following.chars if not c.text.isspace()), "")
    if not text or (nxt and nxt[0] in _NO_LINE_START) or text[-1] in _NO_LINE_END or text[-1] in _SEPARATORS:
        return _WRAP
    return _WRAP if depth > 0 else _EITHER


#: The last character of an organisation's name and the first of the next one's: where a full line
#: ends in the one and the next line starts with the other, in a column of short lines (a unit
#: list: 县教体局⏎县科协), the line ends a paragraph.
_NAME_END: Final = frozenset("局委办协会部院心校所站队团联处室社厅馆司府")
_NAME_START: Final = frozenset("县市区镇乡省州旗团")


def _two_names(line: str, following: str) -> bool:
    """Whether a full ``line`` and the ``following`` one read as two organisations' names: the
    line ends as a name does, and the next one starts as a name does or is a whole name itself."""
    if line[-1:] not in _NAME_END:
        return False
    return following[:1] in _NAME_START or (len(following) >= 3 and following[-1] in _NAME_END)


_OPENING: Final = re.compile(r"[（(【〔《]")
_CLOSING: Final = re.compile(r"[）)】〕》]")


def _joined(before: str, after: str) -> str:
    """Two lines of one paragraph: a space between Latin words, none next to Chinese text."""
    if not before or not after:
        return before + after
    if _wide(before[-1]) or _wide(after[0]) or before.endswith(("-", "/")) or before[-1].isspace():
        return before + after
    return f"{before} {after}"


@attrs.define
class _CellLines:
    """A cell's lines as text, and what ends each line but the last."""

    texts: list[str]
    ends: list[str]

    @classmethod
    def of(cls, lines: Sequence[_Line], left: float, right: float, judged: _Judged) -> _CellLines:
        texts = [_line_text(line, judged) for line in lines]
        ends = []
        depth = 0  # brackets open in the paragraph so far
        for i in range(len(lines) - 1):
            depth = max(depth + len(_OPENING.findall(texts[i])) - len(_CLOSING.findall(texts[i])), 0)
            end = _break_kind(lines[i], texts[i], lines[i + 1], left, right, depth)
            ends.append(end)
            if end == _BREAK:
                depth = 0
        return cls(texts, ends)

    def text(self, column: _Column, judged: _Judged) -> str:
        """The cell's text; where a full line may or may not end a paragraph, the ``column`` decides:
        in a list (its line ends are mostly paragraph ends) it does unless the next line is a word's
        end of one or two characters; in a column of short lines it does between two names."""
        list_like = column.list_like
        text = self.texts[0] if self.texts else ""
        for i, current in enumerate(self.texts[1:], 1):
            end = self.ends[i - 1]
            if end == _EITHER and list_like:  # a line of one or two characters is a wrapped word's end
                after = self.ends[i] if i < len(self.ends) else _BREAK
                end = _WRAP if len(current) <= 2 and after == _BREAK else _EITHER
            elif end == _EITHER and column.short and _two_names(self.texts[i - 1], current):
                end = _BREAK
                judged.kept_breaks += 1
            if end == _WRAP or (end == _EITHER and not list_like):
                text = _joined(text, current)
                judged.joined += 1
            else:
                text = f"{text}\n{current}"
                if end == _EITHER:
                    judged.kept_breaks += 1
        return text


@attrs.frozen
class _Column:
    """What the line ends in one column's cells show: a list (mostly paragraph ends, as unit lists
    have) or not, and whether its lines are short (names rather than prose)."""

    list_like: bool
    short: bool

    @classmethod
    def of(cls, cells: Sequence[_CellLines]) -> _Column:
        ends = [end for cell in cells for end in cell.ends]
        breaks = ends.count(_BREAK)
        lengths = sorted(len(text) for cell in cells for text in cell.texts)
        return cls(
            list_like=breaks >= 2 and breaks >= len(ends) - breaks,
            short=bool(lengths) and lengths[len(lengths) // 2] <= 10,
        )


# --- the PDF --------------------------------------------------------------------------------------


def _pdfplumber() -> Any:
    try:
        import pdfplumber
    except ImportError:
        raise UnsupportedFormat(_INSTALL) from None
    return pdfplumber


_STREAM: Final = re.compile(rb"stream\r?\n")


def _check_streams(data: bytes, limits: Limits, where: Location) -> None:
    """Refuse a decompression bomb before pdfminer unpacks it whole: every compressed stream is
    unpacked here chunk by chunk, and refused once it passes ``max_ratio`` (above ``ratio_floor``)
    or all of them together pass ``max_bytes``."""
    total = 0
    for match in _STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            end = len(data)
        packed = end - start
        if packed < 2 or data[start] & 0x0F != 8:  # not a zlib header: nothing to unpack here
            continue
        unpacker = zlib.decompressobj()
        size = 0
        chunk = memoryview(data)[start:end]
        try:
            while chunk:
                out = unpacker.decompress(chunk, 1 << 20)
                size += len(out)
                chunk = memoryview(unpacker.unconsumed_tail)
                if size > limits.ratio_floor and size > limits.max_ratio * packed:
                    raise LimitExceeded(
                        f"a stream would unpack more than {limits.max_ratio:,.0f} times larger than it is packed "
                        f"({packed:,} bytes): a decompression bomb, not a document",
                        where,
                        "do not open this file; if you trust it, read it with a larger max_ratio=",
                    )
                if total + size > limits.max_bytes:
                    raise LimitExceeded(
                        f"the PDF's streams would unpack to more than {limits.max_bytes:,} bytes",
                        where,
                        "no allocation table is this large; if it really is, read it with a larger max_bytes=",
                    )
                if not out:
                    break
        except zlib.error:
            pass  # damaged or not compressed: pdfminer decides
        total += size


def _open(data: bytes, name: str | None, limits: Limits) -> Any:
    """The PDF opened with pdfplumber, every failure a :class:`ReadError`."""
    pdfplumber = _pdfplumber()
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    where = Location(file=name)
    if not data.lstrip()[:1024].count(b"%PDF-"):
        raise ReadError("not a PDF file (no %PDF- header)", where)
    _check_streams(data, limits, where)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect:
        raise ReadError(
            "the PDF is protected by a password needed to open it",
            where,
            "ask the sender for a copy without a password, or for the .docx or .xlsx file",
        ) from None
    except (PDFSyntaxError, PSException) as error:
        raise ReadError(
            f"the PDF is damaged: {error}", where, "get the file again, or ask for the .docx or .xlsx file"
        ) from None
    except Exception as error:
        if type(error).__name__ in ("PdfminerException",) and error.args:
            cause = error.args[0]
            if isinstance(cause, PDFPasswordIncorrect):
                raise ReadError(
                    "the PDF is protected by a password needed to open it",
                    where,
                    "ask the sender for a copy without a password, or for the .docx or .xlsx file",
                ) from None
            raise ReadError(
                f"the PDF is damaged: {cause or type(cause).__name__}",
                where,
                "get the file again, or ask for the .docx or .xlsx file",
            ) from None
        raise
    try:
        pages = pdf.doc.catalog.get("Pages")
        from pdfminer.pdftypes import resolve1

        count = resolve1(resolve1(pages).get("Count")) if pages is not None else None
    except Exception:
        count = None
    if isinstance(count, int) and count > limits.max_pages:
        pdf.close()
        raise _too_many_pages(count, limits, where)
    return pdf


def _too_many_pages(count: int, limits: Limits, where: Location) -> ReadError:
    return LimitExceeded(
        f"the PDF has {count:,} pages, more than {limits.max_pages:,}",
        where,
        "a damaged or crafted file; if the table is really this long, read it with a larger max_pages=",
    )


@attrs.define
class _Page:
    number: int  # 1-based
    parts: list[_Part]
    above: list[_Line]  # lines outside every table, above the first part
    below: list[_Line]  # … below the last part
    between: list[_Line]  # … between two parts
    has_text: bool
    has_images: bool


def _page(page: Any, number: int) -> _Page:
    """One page's table parts, with each character in the box it lies in, and the lines around."""
    chars = [
        _Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"])
        for c in page.chars
        if c.get("upright", True) and c["text"]
    ]
    tables = page.find_tables(_TABLE_SETTINGS) if page.lines or page.rects or page.curves else []
    parts: list[_Part] = []
    for table in tables:
        boxes = [_Box(*cell) for cell in table.cells]
        if len(boxes) < 2:
            continue  # one framed box: a text frame, not a table
        parts.extend(_Part.of(number, band) for band in _bands(boxes))
    parts.sort(key=lambda part: (part.top, part.x0))
    outside: list[_Char] = []
    for part in parts:
        part.rows = _edges([b.top for b in part.boxes] + [b.bottom for b in part.boxes])
    columns_of = [_edges([b.x0 for b in p.boxes] + [b.x1 for b in p.boxes]) for p in parts]
    owners: list[dict[tuple[int, int], _Box]] = []
    for part, columns in zip(parts, columns_of, strict=True):
        owner: dict[tuple[int, int], _Box] = {}
        for box in part.boxes:
            for r in range(_index(part.rows, box.top), _index(part.rows, box.bottom)):
                for c in range(_index(columns, box.x0), _index(columns, box.x1)):
                    owner[(r, c)] = box
        owners.append(owner)
    in_box: dict[int, list[_Char]] = {}
    for char in chars:
        x = (char.x0 + char.x1) / 2
        y = char.middle
        for part, columns, owner in zip(parts, columns_of, owners, strict=True):
            if part.x0 <= x <= part.x1 and part.top <= y <= part.bottom:
                r = min(bisect.bisect_right(part.rows, y) - 1, len(part.rows) - 2)
                c = min(bisect.bisect_right(columns, x) - 1, len(columns) - 2)
                found = owner.get((r, c))
                if found is not None:
                    in_box.setdefault(id(found), []).append(char)
                break
        else:
            outside.append(char)
    for part in parts:
        for box in part.boxes:
            box.lines = _lines(in_box.get(id(box), []))
    above: list[_Line] = []
    below: list[_Line] = []
    between: list[_Line] = []
    for line in _lines(outside):
        if not parts or line.bottom <= parts[0].top + 1:
            above.append(line)
        elif line.top >= parts[-1].bottom - 1:
            below.append(line)
        else:
            between.append(line)
    has_images = bool(page.images)
    return _Page(number, parts, above, below, between, bool(chars), has_images)


def _is_page_number(line: _Line) -> bool:
    return bool(_PAGE_NUMBER.match("".join(c.text for c in line.chars)))


# --- building the grid ----------------------------------------------------------------------------


@attrs.define
class _Table:
    parts: list[_Part]
    columns: list[float] = attrs.field(factory=list)
    aliases: dict[int, int] = attrs.field(factory=dict)  # the lower half of a split row → its upper half


class _Builder:
    """The Document of a PDF's pages: tables of cells with spans, the lines above and below."""

    def __init__(self, name: str | None, limits: Limits, diagnostics: list[Diagnostic] | None) -> None:
        self.name = name
        self.limits = limits
        self.diagnostics = diagnostics

    def note(self, code: str, message: str, where: Location, severity: Severity = Severity.INFO) -> None:
        if self.diagnostics is not None:
            self.diagnostics.append(Diagnostic(code=code, message=message, location=where, severity=severity))

    def document(self, pages: list[_Page]) -> Document:
        where = Location(file=self.name)
        if not any(page.has_text for page in pages):
            if any(page.has_images for page in pages):
                raise ReadError(
                    "a scanned PDF: its pages are pictures without a text layer, so there is no table text to read",
                    where,
                    f"{_GET_DOCX}, or run OCR on the PDF first (for example ocrmypdf) and read the result",
                )
            raise ReadError(
                "the PDF has no text" if pages else "the PDF has no pages",
                where,
                f"its pages are empty or their text is drawn as shapes: {_GET_DOCX}",
            )
        tables = self._tables(pages)
        if not tables:
            looked = _page_list([page.number for page in pages])
            raise ReadError(
                f"no ruled table on {looked}: the PDF has text but no table with ruling lines",
                where,
                f"kepu_plan reads tables drawn with cell borders; {_GET_DOCX}",
            )
        first, last = tables[0].parts[0], tables[-1].parts[-1]
        by_number = {page.number: page for page in pages}
        preamble_lines = [
            line
            for page in pages
            if page.number < first.page
            for line in page.above + page.between + page.below
            if not _is_page_number(line)
        ]
        preamble_lines.extend(line for line in by_number[first.page].above if not _is_page_number(line))
        trailer_lines = [line for line in by_number[last.page].below if not _is_page_number(line)]
        for page in pages:
            if page.number > last.page:
                trailer_lines.extend(line for line in page.above + page.between if not _is_page_number(line))
        grids = [self._grid(table, index) for index, table in enumerate(tables, 1)]
        return Document(
            tables=tuple(grids),
            preamble=tuple(self._paragraphs(preamble_lines)),
            trailer=tuple(self._paragraphs(trailer_lines)),
            file=self.name,
        )

    def _paragraphs(self, lines: list[_Line]) -> list[str]:
        """Lines of text outside the table as paragraphs: a line running to the right edge of the
        text on the page is joined with the next."""
        if not lines:
            return []
        left = min(line.x0 for line in lines)
        right = max(line.x1 for line in lines)
        judged = _Judged()
        paragraphs: list[str] = []
        for i, line in enumerate(lines):
            text = _line_text(line, judged)
            if i and _runs_to_edge(lines[i - 1], line, left, right) and line.x0 - left < 0.5 * line.size:
                paragraphs[-1] = _joined(paragraphs[-1], text)
            else:
                paragraphs.append(text)
        return paragraphs

    def _tables(self, pages: list[_Page]) -> list[_Table]:
        """The table parts, those continued from one page to the next as one table."""
        tables: list[_Table] = []
        previous: _Part | None = None
        for page in pages:
            for k, part in enumerate(page.parts):
                text_above = k > 0 or any(not _is_page_number(line) for line in page.above)
                if (
                    previous is not None
                    and k == 0
                    and previous.page == page.number - 1
                    and not previous.text_below
                    and not text_above
                    and abs(previous.x0 - part.x0) < 2 * _EDGE_TOLERANCE
                    and abs(previous.x1 - part.x1) < 2 * _EDGE_TOLERANCE
                ):
                    tables[-1].parts.append(part)
                else:
                    tables.append(_Table([part]))
                previous = part
            if page.parts:
                last = page.parts[-1]
                last.text_below = any(not _is_page_number(line) for line in page.below)
        return tables

    def _grid(self, table: _Table, index: int) -> Grid:
        table.columns = columns = _edges(x for part in table.parts for box in part.boxes for x in (box.x0, box.x1))
        self.limits.check_grid(
            sum(len(part.rows) - 1 for part in table.parts),
            len(columns) - 1,
            lambda: Location(file=self.name, table=index),
        )
        metrics = _Metrics.of(table)
        judged: dict[int, _Judged] = {}
        lines: dict[int, _CellLines] = {}
        by_column: dict[int, list[_CellLines]] = {}
        offset = 0
        for part in table.parts:
            for box in part.boxes:
                box.row = offset + _index(part.rows, box.top)
                box.rowspan = max(_index(part.rows, box.bottom) - _index(part.rows, box.top), 1)
                box.col = _index(columns, box.x0)
                box.colspan = max(_index(columns, box.x1) - box.col, 1)
                judged[id(box)] = _Judged()
                found = _CellLines.of(box.lines, box.x0 + metrics.pad, box.x1 - metrics.pad, judged[id(box)])
                lines[id(box)] = found
                by_column.setdefault(box.col, []).append(found)
            offset += len(part.rows) - 1
        kinds = {col: _Column.of(cells) for col, cells in by_column.items()}
        list_like = {col: kind.list_like for col, kind in kinds.items()}
        for part in table.parts:
            for box in part.boxes:
                box.text = lines[id(box)].text(kinds[box.col], judged[id(box)])
        header_rows = self._drop_repeated_headers(table, index)
        kept = self._join_page_breaks(table, index, metrics, list_like)
        rows = _renumber(kept, table.aliases)
        cells = []
        for box in kept:
            row, last = rows[box.row], rows[box.row + box.rowspan - 1]
            cells.append((row, box.col, box.text, last - row + 1, box.colspan))
            where = Location(file=self.name, table=index, row=row + 1, column=box.col + 1)
            self.limits.check_text(box.text, lambda where=where: where)  # type: ignore[misc]
            self._report(judged[id(box)], where)
        cells.sort(key=lambda cell: (cell[0], cell[1]))
        nrows = max(rows.values()) + 1 if rows else 0
        return Grid(
            nrows=nrows,
            ncols=len(columns) - 1,
            cells=cells_from_spans(cells),
            header_rows=header_rows,
            file=self.name,
            table=index,
        )

    def _report(self, judged: _Judged, where: Location) -> None:
        if judged.joined:
            self.note("pdf-wrapped-lines", f"{judged.joined} line(s) running to the cell's edge joined", where)
        if judged.kept_breaks:
            self.note(
                "pdf-full-lines",
                f"{judged.kept_breaks} full line(s) read as ending a paragraph, as most line ends in this column do",
                where,
            )
        if judged.glyph_gaps:
            self.note(
                "pdf-glyph-spacing",
                f"{judged.glyph_gaps} gap(s) between Chinese and Latin letters or digits read as glyph spacing, "
                "not as spaces",
                where,
            )
        if judged.spaces:
            self.note("pdf-spaces", f"{judged.spaces} gap(s) between Latin letters read as spaces", where)

    def _drop_repeated_headers(self, table: _Table, index: int) -> int:
        """Drop the rows at the top of each continued part that repeat the table's first rows (a
        header repeated on every page); the number of such rows, the header's height."""
        first = table.parts[0]
        header_rows = 0
        for part in table.parts[1:]:
            if not part.boxes:
                continue
            top = min(box.row for box in part.boxes)
            depth = 0
            while depth < min(len(first.rows), len(part.rows)) - 2:
                theirs = _row_signature(first.boxes, depth)
                if not theirs or theirs != _row_signature(part.boxes, top + depth):
                    break
                depth += 1
            if depth:
                header_rows = max(header_rows, depth)
                part.boxes = [box for box in part.boxes if box.row >= top + depth]
                self.note(
                    "pdf-header-repeat",
                    f"the header row(s) repeated at the top of page {part.page} skipped",
                    Location(file=self.name, table=index, row=top + 1),
                )
        return header_rows

    def _join_page_breaks(self, table: _Table, index: int, metrics: _Metrics, list_like: dict[int, bool]) -> list[_Box]:
        """Every box of the table, with the cells continued across each page break joined.

        Where every cell at the top of a page that has text continues the text of the cell above
        it (that text runs to the bottom of its cell, and the new one starts at the top of its
        cell), and one of them continues a wrapped line, the row was divided by the page break: its
        halves are one row again.  Otherwise a merged cell whose text runs on is joined alone, and
        an empty cell under a cell with text, at the top of a page, continues that cell.
        """
        boxes = list(table.parts[0].boxes)
        tail = boxes
        # The main column, the contents: of the columns that are not lists, the one with the most
        # cells with text (merged action and task cells are fewer), then with the most text.
        weight: dict[int, tuple[int, int]] = {}
        for part in table.parts:
            for box in part.boxes:
                if box.colspan == 1 and box.text.strip() and not list_like.get(box.col):
                    cells, volume = weight.get(box.col, (0, 0))
                    weight[box.col] = (cells + 1, volume + len(box.text))
        main = max(weight, key=weight.__getitem__, default=-1)
        for part in table.parts[1:]:
            if not part.boxes:
                continue
            top = min(box.row for box in part.boxes)
            last = max((box.row + box.rowspan - 1 for box in tail), default=-1)
            ending = {box.col: box for box in tail if box.row + box.rowspan - 1 == last}
            pairs = [
                (above, below)
                for below in part.boxes
                if below.row == top and (above := ending.get(below.col)) is not None and above.colspan == below.colspan
            ]
            texted = [(above, below) for above, below in pairs if below.text.strip()]
            runs_on = {id(below): metrics.overflows(above) for above, below in texted}
            kinds = {id(below): metrics.continuation(above, below) for above, below in texted}
            # A row divided by the break: every cell at the top of the page with text continues a
            # text that filled the cell above it, and a single cell's text wraps over the break; or
            # the row at the top has no text in the column holding most text (the contents) where
            # the row above has, but text in other cells: the rest of the row above.
            headless = texted and any(
                above.col == main
                and above.text.strip()
                and not below.text.strip()
                and above.rowspan == 1 == below.rowspan
                for above, below in pairs
            )
            wrapped = [
                (a, b)
                for a, b in texted
                if a.rowspan == 1 == b.rowspan
                and runs_on[id(b)]
                and (
                    kinds[id(b)] == _WRAP
                    or (kinds[id(b)] == _EITHER and b.col == main and a.text[-1:] not in _SENTENCE_END)
                )
                and not (a.text.startswith(b.text) or b.text.startswith(a.text))
            ]
            split_row = bool(headless) or bool(wrapped)
            joined: set[int] = set()
            for above, below in pairs:
                if below.text.strip():
                    kind = kinds[id(below)]
                    repeat = above.text.startswith(below.text) or below.text.startswith(above.text)
                    # A merged cell whose text flows on; or a cell that may be one (a name, not the
                    # contents nor a list) whose text goes on beyond doubt or with a word's end.
                    maybe_merged = (
                        below.col != main
                        and not list_like.get(below.col)
                        and (kind == _WRAP or len(below.text.strip()) <= _WORD_END)
                    )
                    merged = above.rowspan > 1 or below.rowspan > 1 or maybe_merged
                    if not (split_row or (merged and runs_on[id(below)] and kind != _BREAK and not repeat)):
                        continue
                    if not above.text:
                        above.text = below.text
                    elif kind == _WRAP or (kind == _EITHER and not list_like.get(below.col)):
                        above.text = _joined(above.text, below.text)
                    else:
                        above.text = f"{above.text}\n{below.text}"
                elif not split_row and not above.text.strip():
                    continue  # two empty cells: nothing continues
                above.lines = below.lines  # a later page break continues from the lower part
                above.top, above.bottom = below.top, below.bottom
                above.rowspan = below.row + below.rowspan - above.row
                joined.add(id(below))
            if split_row:
                table.aliases[top] = last  # the row's two halves are one row
                self.note(
                    "pdf-split-row",
                    f"a row divided by the break before page {part.page} joined again",
                    Location(file=self.name, table=index, row=last + 1),
                )
            elif joined:
                self.note(
                    "pdf-page-continuation",
                    f"{len(joined)} cell(s) at the top of page {part.page} read as the merged cell above continued",
                    Location(file=self.name, table=index, row=top + 1),
                )
            kept = [box for box in part.boxes if id(box) not in joined]
            boxes.extend(kept)
            # The cells reaching the table's last row: those of this part, and those it continued.
            tail = kept + [above for above, below in pairs if id(below) in joined]
        return boxes


@attrs.frozen
class _Metrics:
    """A table's cell padding and line pitch, as its cells show them."""

    pad: float  # from a cell's side to its text
    top_pad: float  # from a cell's top to its first line
    pitch: float  # from one line's top to the next's, in a paragraph

    @classmethod
    def of(cls, table: _Table) -> _Metrics:
        boxes = [box for part in table.parts for box in part.boxes if box.lines]
        gaps = [line.x0 - box.x0 for box in boxes for line in box.lines]
        tops = [box.lines[0].top - box.top for box in boxes]
        steps = [
            b.top - a.top for box in boxes for a, b in itertools.pairwise(box.lines) if b.top - a.top > 0.9 * a.size
        ]
        return cls(
            pad=min(max(min(gaps), 0.0), 12.0) if gaps else 2.0,
            top_pad=max(min(tops), 0.0) if tops else 2.0,
            pitch=min(steps) if steps else 0.0,
        )

    def continuation(self, above: _Box, below: _Box) -> str:
        """How the text of ``below`` follows that of ``above`` if it continues it (a ``_break_kind``)."""
        if not above.lines or not below.lines:
            return _BREAK
        text = above.text.rsplit("\n", 1)[-1]
        depth = len(_OPENING.findall(text)) - len(_CLOSING.findall(text))
        last = _line_text(above.lines[-1], _Judged())
        return _break_kind(above.lines[-1], last, below.lines[0], above.x0 + self.pad, above.x1 - self.pad, depth)

    def overflows(self, above: _Box) -> bool:
        """Whether the text of ``above`` runs to the bottom of its cell."""
        return bool(above.lines) and above.bottom - above.lines[-1].bottom < self.top_pad + 1.5 * self.pitch


def _row_signature(boxes: Sequence[_Box], row: int) -> tuple[tuple[int, int, int, str], ...]:
    return tuple(sorted((box.col, box.colspan, box.rowspan, box.text) for box in boxes if box.row == row))


def _renumber(boxes: Sequence[_Box], aliases: dict[int, int]) -> dict[int, int]:
    """The grid row of each row of the table's parts: the rows still holding a cell's start or end,
    counted from 0 (dropped header rows leave gaps; the lower half of a split row is its upper half)."""
    used = sorted({aliases.get(box.row, box.row) for box in boxes} | {box.row + box.rowspan - 1 for box in boxes})
    used = sorted(set(used) - aliases.keys())
    rows = {row: i for i, row in enumerate(used)}
    for lower, upper in aliases.items():
        rows[lower] = rows[upper]
    return rows


def _page_list(numbers: Sequence[int]) -> str:
    if not numbers:
        return "no page"
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"pages {numbers[0]}–{numbers[-1]}"
    return "pages " + ", ".join(str(n) for n in numbers)


def _pages(pdf: Any, name: str | None, limits: Limits) -> Iterator[_Page]:
    for number, page in enumerate(pdf.pages, 1):
        if number > limits.max_pages:
            raise _too_many_pages(len(pdf.pages), limits, Location(file=name))
        try:
            yield _page(page, number)
        finally:
            page.close()


def document_from_pdf(
    stream: BinaryIO,
    name: str | None = None,
    *,
    limits: Limits | None = None,
    diagnostics: list[Diagnostic] | None = None,
) -> Document:
    """Read a PDF stream into a :class:`~kepu_plan.grid.Document`: the lines above the table, its
    cells with their spans (one grid for a table over many pages), and the lines below.

    ``diagnostics`` receives each judgement made in recovering the cells and their text.  Every
    failure is a :class:`~kepu_plan.errors.KepuPlanError`; without pdfplumber installed, an
    :class:`~kepu_plan.errors.UnsupportedFormat` names the extra to install.
    """
    limits = DEFAULT_LIMITS if limits is None else limits
    where = Location(file=name)
    _pdfplumber()
    data = read_bounded(stream, limits.max_bytes, where)
    try:
        pdf = _open(data, name, limits)
        with pdf:
            pages = list(_pages(pdf, name, limits))
            return _Builder(name, limits, diagnostics).document(pages)
    except KepuPlanError:
        raise
    except Exception as error:  # the boundary: no pdfminer error gets out bare
        raise unexpected(error, "cannot read the PDF", where) from error


def read(stream: BinaryIO, *, name: str | None = None, limits: Limits | None = None, **options: Any) -> Plan:
    """Read the allocation table of a PDF stream (``options`` go to the layout, e.g. ``columns=``,
    ``diagnostics=``; ``limits`` or ``max_…`` keywords bound what is accepted)."""
    from kepu_plan.layout import plan_from_document

    limits = Limits.take(limits, options)
    document = document_from_pdf(stream, name, limits=limits, diagnostics=options.get("diagnostics"))
    return interpreted(lambda: plan_from_document(document, **options), name, options)


def write(plan: Plan, stream: BinaryIO, **options: Any) -> None:
    """PDF is read only: a plan is written as DOCX (and converted to PDF by Word, WPS or LibreOffice)."""
    raise UnsupportedFormat(
        "kepu_plan reads PDF but does not write it: write the plan as .docx and convert that to PDF "
        "(soffice --headless --convert-to pdf 分工表.docx, or save as PDF in Word or WPS)"
    )
