"""A PDF's pages as pdfplumber reads them: the boxes of each table part, the glyphs in each box,
and the lines around the tables; opening the PDF within the limits."""

from __future__ import annotations

import bisect
import io
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final

import attrs

from kepu_plan._i18n import N_, Text
from kepu_plan._limits import LimitExceeded, Limits
from kepu_plan.errors import Location, ReadError, UnsupportedFormat
from kepu_plan.formats.pdf._text import _Char, _Line, _lines

# --- geometry -------------------------------------------------------------------------------------

#: Points within which two ruling positions are one edge.
_EDGE_TOLERANCE: Final = 1.5
_TABLE_SETTINGS: Final = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


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
    text_below: bool = False  # text other than a page number stands below it on its page

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


#: A line that is only a page number: "— 2 —", "- 2 -", "2", "第 2 页", "第2页 共9页", "2/9".
_PAGE_NUMBER: Final = re.compile(
    r"^[\s—–\-－·]*(\d+|第\s*\d+\s*页(\s*[,，]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|page\s*\d+(\s*of\s*\d+)?)[\s—–\-－·]*$",
    re.IGNORECASE,
)


_INSTALL: Final = Text(N_('reading PDF needs pdfplumber: pip install "kepu-plan[pdf]"'))

# --- the PDF --------------------------------------------------------------------------------------


def _pdfplumber() -> Any:
    try:
        import pdfplumber
    except ImportError:
        raise UnsupportedFormat(_INSTALL) from None
    return pdfplumber


_STREAM: Final = re.compile(rb"stream\r?\n")


def _raw_streams(data: bytes) -> Iterator[memoryview]:
    """The bytes of every stream in a PDF file, as they are stored."""
    view = memoryview(data)
    for match in _STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        yield view[start : end if end >= 0 else len(data)]


def _encrypted_streams(document: Any) -> Iterator[bytes]:
    """The bytes of every stream of an encrypted PDF, decrypted (as pdfminer would before unpacking)."""
    from pdfminer.pdftypes import PDFStream

    for xref in document.xrefs:
        for objid in xref.get_objids():
            try:
                stream = document.getobj(objid)
            except Exception:
                continue  # a damaged object: pdfminer decides when a page needs it
            if not isinstance(stream, PDFStream) or stream.rawdata is None or stream.decipher is None:
                continue
            if stream.objid is not None and stream.genno is not None:
                yield stream.decipher(stream.objid, stream.genno, stream.rawdata, stream.attrs)


def _check_streams(streams: Iterable[bytes | memoryview], limits: Limits, where: Location) -> None:
    """Refuse a decompression bomb before pdfminer unpacks it whole: every zlib-compressed stream is
    unpacked here chunk by chunk, and refused once it passes ``max_ratio`` (above ``ratio_floor``)
    or all of them together pass ``max_bytes``."""
    total = 0
    for stream in streams:
        packed = len(stream)
        if packed < 2 or stream[0] & 0x0F != 8:  # not a zlib header: nothing to unpack here
            continue
        unpacker = zlib.decompressobj()
        size = 0
        chunk: bytes | memoryview = stream
        try:
            while True:  # until the stream ends, or the input is used and no output is pending
                out = unpacker.decompress(chunk, 1 << 20)
                size += len(out)
                chunk = unpacker.unconsumed_tail
                if size > limits.ratio_floor and size > limits.max_ratio * packed:
                    raise LimitExceeded(
                        Text(
                            N_(
                                "a stream would unpack more than {ratio:,.0f} times larger than it is packed "
                                "({packed:,} bytes): a decompression bomb, not a document"
                            ),
                            ratio=limits.max_ratio,
                            packed=packed,
                        ),
                        where,
                        Text(N_("do not open this file; if you trust it, read it with a larger max_ratio=")),
                    )
                if total + size > limits.max_bytes:
                    raise LimitExceeded(
                        Text(N_("the PDF's streams would unpack to more than {most:,} bytes"), most=limits.max_bytes),
                        where,
                        Text(
                            N_("no allocation table is this large; if it really is, read it with a larger max_bytes=")
                        ),
                    )
                if unpacker.eof or not out:
                    break
        except zlib.error:
            pass  # damaged or not compressed: pdfminer decides
        total += size


_PASSWORD: Final = Text(N_("the PDF is protected by a password needed to open it"))
_PASSWORD_HINT: Final = Text(N_("ask the sender for a copy without a password, or for the .docx or .xlsx file"))
_DAMAGED_HINT: Final = Text(N_("get the file again, or ask for the .docx or .xlsx file"))


def _open(data: bytes, name: str | None, limits: Limits) -> Any:
    """The PDF opened with pdfplumber (its compressed streams checked first), every failure a
    :class:`ReadError`; a PDF that needs no password to open (only to edit or copy) opens."""
    pdfplumber = _pdfplumber()
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdftypes import resolve1
    from pdfplumber.utils.exceptions import PdfminerException

    where = Location(file=name)
    if b"%PDF-" not in data[:1024]:
        raise ReadError(Text(N_("not a PDF file (no %PDF- header)")), where)
    _check_streams(_raw_streams(data), limits, where)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as error:  # pdfplumber wraps what pdfminer raises on opening
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect):
            raise ReadError(_PASSWORD, where, _PASSWORD_HINT) from None
        raise ReadError(
            Text(N_("the PDF is damaged: {error}"), error=str(cause) or type(cause).__name__), where, _DAMAGED_HINT
        ) from None
    try:
        count = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
    except Exception:
        count = None  # a damaged page tree: the pages are counted as they are read
    try:
        if isinstance(count, int) and count > limits.max_pages:
            raise _too_many_pages(count, limits, where)
        if pdf.doc.encryption is not None:  # its streams could not be looked into before
            _check_streams(_encrypted_streams(pdf.doc), limits, where)
    except BaseException:
        pdf.close()
        raise
    return pdf


def _too_many_pages(count: int, limits: Limits, where: Location) -> ReadError:
    return LimitExceeded(
        Text(N_("the PDF has {count:,} pages, more than {most:,}"), count=count, most=limits.max_pages),
        where,
        Text(N_("a damaged or crafted file; if the table is really this long, read it with a larger max_pages=")),
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
    glyphs: int
    unmapped: int  # glyphs whose font does not say which character they show ("(cid:123)")


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
    unmapped = sum(1 for char in chars if char.text.startswith("(cid:"))
    return _Page(number, parts, above, below, between, bool(chars), bool(page.images), len(chars), unmapped)


def _is_page_number(line: _Line) -> bool:
    return bool(_PAGE_NUMBER.match("".join(c.text for c in line.chars)))


def _read_pages(pdf: Any, name: str | None, limits: Limits) -> Iterator[_Page]:
    for number, page in enumerate(pdf.pages, 1):
        if number > limits.max_pages:
            raise _too_many_pages(len(pdf.pages), limits, Location(file=name))
        try:
            yield _page(page, number)
        finally:
            page.close()
