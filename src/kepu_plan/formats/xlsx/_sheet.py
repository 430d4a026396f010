"""One worksheet read: its cells as found, then as a Grid of what a person sees, only as far as asked.

Reading a sheet is two steps.  :func:`read_sheet` walks the sheet's XML once and keeps each cell's
value as it is stored: a text ready to use, or the raw value with what it takes to show it (a
number and its format, a date, a text with ``_xHHHH_`` escapes); merged ranges are applied there, so
that covered cells are dropped unseen.  :meth:`SheetCells.grid` then turns the cells of the first
rows, or of all, into text.  The reader looks for the header in the first rows of each sheet before
it formats the cells of the one sheet that holds the table: a large workbook of formatted numbers
without a table is refused without formatting them.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Iterable, Iterator
from operator import itemgetter
from typing import Any, Final, TypeAlias, cast

from lxml import etree

from kepu_plan._i18n import N_, Text
from kepu_plan._limits import SAFE_XML, LimitExceeded, declares_dtd, parse_xml
from kepu_plan.errors import Location, ReadError
from kepu_plan.formats.xlsx._numbers import ZH_BUILTIN_FORMATS, format_date, format_number, general
from kepu_plan.formats.xlsx._package import MAIN_NAMESPACES, Package
from kepu_plan.grid import Grid, cells_from_spans, column_letter

__all__ = ["SheetCells", "Styles", "read_sheet", "shared_strings"]

_ESCAPED: Final = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SURROGATES: Final = re.compile("[\ud800-\udfff]")
_CELL_REF: Final = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_DIGITS: Final = "0123456789"
_first: Final = itemgetter(0)
_second: Final = itemgetter(1)
_DAMAGED: Final = Text(N_("the file is damaged: open it in Excel or WPS and save it again"))
#: ISO 8601 durations as Excel writes them in date cells of Strict files: ``PT0H11M0.000S``.
_DURATION: Final = re.compile(
    r"^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)
#: Line breaks Word and Excel store as control characters: a vertical tab (Word's manual line
#: break pasted into a cell) and a form feed (a page break).
_CONTROL_BREAKS: Final = re.compile("[\x0b\x0c]")
#: What no table text holds (DOCX and XLSX cannot store it): the other C0 controls, U+FFFE, U+FFFF.
_CONTROLS: Final = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff]")

#: A value kept as stored until it is shown: (kind, raw text, style).  ``kind`` is the cell's
#: ``t`` (``n`` number, ``d`` date, ``b`` boolean, ``e`` error), or ``x``: a text with escapes.
Stored: TypeAlias = "str | tuple[str, str, str | None]"
#: A formula cell without a cached value: an error where the table needs it, ignored elsewhere.
UNCACHED: Final = ("u", "", None)


def _column_index(letters: str) -> int:
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index


def parse_ref(ref: str) -> tuple[int, int] | None:
    """``C7`` → (7, 3), 1-based; None when it is not a cell reference (``A0`` is none: rows
    count from 1)."""
    match = _CELL_REF.match(ref)
    if match is None or int(match[2]) == 0:
        return None
    return int(match[2]), _column_index(match[1])


class _BadCell(ValueError):
    """A cell's value cannot be read; the caller adds where the cell is."""


def _unescape(text: str) -> str:
    """Decode ``_xHHHH_`` escapes; an escaped UTF-16 surrogate pair is one character."""
    text = _ESCAPED.sub(lambda match: chr(int(match[1], 16)), text)
    if _SURROGATES.search(text) is not None:
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
        lone = _SURROGATES.search(text)
        if lone is not None:
            raise _BadCell(
                Text(
                    N_(
                        "the cell holds the escape _x{code:04X}_, half of a UTF-16 surrogate pair without "
                        "its other half: no character"
                    ),
                    code=ord(lone.group()),
                )
            )
    return text


def _stored_text(text: str) -> Stored:
    """A text as stored in a cell: as it is, or kept to be decoded where it is shown when it has
    ``_xHHHH_`` escapes or carriage returns (a ``\\r\\n`` is one line break)."""
    if "_x" in text or "\r" in text:
        return ("x", text, None)
    return text


# --- styles and what a person sees ---------------------------------------------------------------


class Styles:
    """What the reader needs of the styles part: each cell style's number format."""

    def __init__(self, package: Package, part: str | None, date1904: bool) -> None:
        self.formats: list[int] = []
        self.codes: dict[int, str] = {}
        self.epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
        if part is None or not package.has(part):
            return
        root = package.xml(part)
        namespace = etree.QName(root).namespace
        for fmt in root.iter(f"{{{namespace}}}numFmt"):
            try:
                self.codes[int(fmt.get("numFmtId") or "")] = fmt.get("formatCode") or ""
            except ValueError:
                continue
        xfs = root.find(f"{{{namespace}}}cellXfs")
        if xfs is not None:
            for xf in xfs:
                try:
                    self.formats.append(int(xf.get("numFmtId") or 0))
                except ValueError:
                    self.formats.append(0)

    def code(self, style: str | None) -> str:
        if not style:
            return "General"
        try:
            format_id = self.formats[int(style)]
        except (ValueError, IndexError):
            return "General"
        if format_id in self.codes:
            return self.codes[format_id]
        if format_id in ZH_BUILTIN_FORMATS:
            return ZH_BUILTIN_FORMATS[format_id]
        from openpyxl.styles.numbers import BUILTIN_FORMATS

        return BUILTIN_FORMATS.get(format_id, "General")

    def is_date(self, code: str) -> bool:
        from openpyxl.styles.numbers import is_date_format

        return bool(is_date_format(code))

    def number(self, raw: str, style: str | None) -> str:
        value = float(raw)
        if not math.isfinite(value):
            return raw
        code = self.code(style)
        if code in ("General", "@", ""):
            return general(value)
        if self.is_date(code):
            try:
                moment = self.epoch + dt.timedelta(days=value)
            except OverflowError:
                return general(value)
            if self.epoch.year == 1899 and value < 60:
                moment += dt.timedelta(days=1)  # Excel's 1900 leap-year bug: serials before March 1900
            try:
                moment = moment.replace(microsecond=0) + dt.timedelta(seconds=round(moment.microsecond / 1e6))
                return format_date(moment, code)
            except (IndexError, ValueError, OverflowError):  # a code too odd to follow: show the number
                return general(value)
        try:
            return format_number(value, code)
        except (IndexError, ValueError, OverflowError):
            return general(value)

    def date(self, raw: str, style: str | None) -> str:
        """A ``t="d"`` value: an ISO 8601 date and time, a time of day alone, or a duration."""
        raw = raw.strip()
        code = self.code(style)
        time_only = False
        try:
            moment = dt.datetime.fromisoformat(raw.rstrip("Z"))
        except ValueError:
            duration = _duration(raw)
            if duration is None:
                time = dt.time.fromisoformat(raw.rstrip("Z"))  # ValueError: not a date, time or duration
                moment = dt.datetime.combine(self.epoch.date(), time)
            else:
                moment = self.epoch + duration
            time_only = True
        if self.is_date(code):
            return format_date(moment, code)
        if time_only:
            hours = (moment - self.epoch) // dt.timedelta(hours=1)
            return f"{hours}:{moment.minute:02d}:{moment.second:02d}"
        if moment.time() == dt.time():
            return f"{moment.year}/{moment.month}/{moment.day}"
        return f"{moment.year}/{moment.month}/{moment.day} {moment.hour}:{moment.minute:02d}"


def _duration(raw: str) -> dt.timedelta | None:
    """An ISO 8601 duration (``PT0H11M0.000S``, ``P1DT2H``), or None when ``raw`` is none."""
    match = _DURATION.match(raw)
    if match is None or raw in ("P", "PT", "-P") or raw.endswith("T"):
        return None
    days, hours, minutes, seconds = (float(part) if part else 0.0 for part in match.groups()[1:])
    span = dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=round(seconds))
    if match[1]:
        raise _BadCell(
            Text(N_("the cell's value {value} is a negative duration, which no date format shows"), value=repr(raw))
        )
    return span


# --- strings ---------------------------------------------------------------------------------------


class Tags:
    """Clark-notation tag names in one SpreadsheetML namespace (transitional or strict)."""

    def __init__(self, namespace: str) -> None:
        self.row = f"{{{namespace}}}row"
        self.c = f"{{{namespace}}}c"
        self.v = f"{{{namespace}}}v"
        self.f = f"{{{namespace}}}f"
        self.t = f"{{{namespace}}}t"
        self.r = f"{{{namespace}}}r"
        self.is_ = f"{{{namespace}}}is"
        self.si = f"{{{namespace}}}si"


def _item_text(element: etree._Element, tags: Tags) -> str:
    """The plain text of a string item (``<si>`` or ``<is>``): its runs, without phonetic hints,
    escapes not yet decoded."""
    parts: list[str] = []
    for child in element:
        if child.tag == tags.t:
            parts.append(child.text or "")
        elif child.tag == tags.r:
            for text in child.iter(tags.t):
                parts.append(text.text or "")
    return "".join(parts)


def shared_strings(package: Package, part: str | None) -> list[Stored]:
    """The workbook's shared strings, each as stored (decoded where a cell that uses it is shown)."""
    if part is None or not package.has(part):
        return []
    root = package.xml(part)
    tags = Tags(etree.QName(root).namespace or MAIN_NAMESPACES[0])
    strings: list[Stored] = []
    for item in root.iterchildren(tags.si):
        if len(item) == 1 and item[0].tag == tags.t:
            strings.append(_stored_text(item[0].text or ""))
        else:
            strings.append(_stored_text(_item_text(item, tags)))
    return strings


# --- the sheet -------------------------------------------------------------------------------------


class SheetCells:
    """A sheet's cells as stored, merged ranges applied: what :meth:`grid` shows as text."""

    def __init__(
        self,
        package: Package,
        title: str,
        values: dict[tuple[int, int], Stored],
        spans: dict[tuple[int, int], tuple[int, int]],
        styles: Styles,
    ) -> None:
        self.package = package
        self.title = title
        self.values = values
        self.spans = spans
        self.styles = styles
        self.uncached = (
            [position for position, value in values.items() if value is UNCACHED] if UNCACHED in values.values() else []
        )
        for position in self.uncached:
            del values[position]
        self.top = min(values)[0] if values else 0
        rows = list(map(_first, values))
        #: Whether the cells were stored row by row (as every program writes them): then the first
        #: rows are found without looking at the others.
        self.ordered = rows == sorted(rows)
        self._scans: dict[int, Grid] = {}
        #: Cells whose text had a vertical tab or form feed, read as a line break: (row, col), 1-based.
        self.control_breaks: list[tuple[int, int]] = []

    def where(self, row: int, col: int) -> Location:
        return self.package.where(self.title, f"{column_letter(col)}{row}")

    def _show(self, value: tuple[str, str, str | None], row: int, col: int) -> str:
        kind, raw, style = value
        try:
            if kind == "x":  # a text with escapes or carriage returns
                text = _unescape(raw) if "_x" in raw else raw
                if _CONTROL_BREAKS.search(text) is not None:
                    self.control_breaks.append((row, col))
                    text = _CONTROL_BREAKS.sub("\n", text)
                control = _CONTROLS.search(text)
                if control is not None:
                    raise _BadCell(
                        Text(
                            N_(
                                "the cell holds the escape _x{code:04X}_, a control character no text of "
                                "a table can hold"
                            ),
                            code=ord(control.group()),
                        )
                    )
                return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
            if kind == "b":
                return "TRUE" if raw.strip() in ("1", "true") else "FALSE"
            if kind == "e":
                return raw
            try:
                if kind == "d":
                    return self.styles.date(raw, style)
                return self.styles.number(raw, style)
            except (ValueError, OverflowError) as error:
                if isinstance(error, _BadCell):
                    raise
                raise _BadCell(
                    Text(N_("the cell's value {value} is not a number or a date"), value=repr(raw))
                ) from None
        except _BadCell as error:
            raise ReadError(error.args[0], self.where(row, col), _DAMAGED) from None

    def grid(self, rows: int | None = None) -> Grid:
        """The sheet as a Grid of what a person sees, from its first used row: all of it, or only
        its first ``rows`` rows (to look for a header without showing every cell).

        Each value is shown once: what a first call shows is kept for the next.
        """
        if rows is not None and rows in self._scans:
            return self._scans[rows]
        last = self.top + rows - 1 if rows is not None else None
        texts: dict[tuple[int, int], str] = {}
        limits = self.package.limits
        values = self.values
        if last is None and tuple not in set(map(type, values.values())):
            # Every value is a text already (as in a workbook of inline or shared strings): taken
            # as they are, with no call per cell.
            texts = {position: value for position, value in values.items() if value}  # type: ignore[misc]
            if texts and max(map(len, texts.values())) > limits.max_cell_chars:
                for place, text in texts.items():
                    limits.check_text(text, lambda place=place: self.where(*place))  # type: ignore[misc]
        else:
            for position, value in values.items():
                if last is not None and position[0] > last:
                    if self.ordered:
                        break
                    continue
                if not isinstance(value, str):
                    try:
                        value = values[position] = self._show(value, *position)
                    except ReadError:
                        if last is None:
                            raise
                        # Looking for the header, a damaged cell of a sheet that may not hold the
                        # table refuses nothing yet: it shows as empty until the sheet is shown whole.
                        value = ""
                if value:
                    if len(value) > limits.max_cell_chars:
                        limits.check_text(value, lambda position=position: self.where(*position))  # type: ignore[misc]
                    texts[position] = value
        if not texts:
            return Grid(nrows=0, ncols=0, cells=(), file=self.package.file, sheet=self.title)
        # The grid is the box around the texts; a merged range reaching past it is cut at its edge
        # (a title merged over a whole row would otherwise make a grid 16,384 columns wide).
        top, bottom = min(texts)[0], max(texts)[0]
        left, right = min(map(_second, texts)), max(map(_second, texts))
        for r, c in self.spans:
            if (r, c) not in texts and top <= r <= bottom and left <= c <= right:
                texts[r, c] = ""  # an empty merged cell: it still covers its rows
        span_of = self.spans.get
        made = []
        for position, text in sorted(texts.items()):
            r, c = position
            span = span_of(position)
            if span is None:
                made.append((r - top, c - left, text, 1, 1))
            else:
                made.append((r - top, c - left, text, min(span[0], bottom) - r + 1, min(span[1], right) - c + 1))
        grid = Grid(
            nrows=bottom - top + 1,
            ncols=right - left + 1,
            cells=cells_from_spans(made),
            file=self.package.file,
            sheet=self.title,
            row_offset=top - 1,
            col_offset=left - 1,
        )
        if rows is not None:
            self._scans[rows] = grid
        return grid

    def check_uncached(self, columns: range | None) -> None:
        """Refuse a formula without a cached value in ``columns`` (1-based, the table's; None: any)."""
        for row, col in sorted(self.uncached):
            if columns is None or col in columns:
                raise ReadError(
                    Text(N_("a formula cell of the table holds no computed value")),
                    self.where(row, col),
                    Text(N_("open the file in Excel, WPS or LibreOffice and save it there: that stores the values")),
                )


def _column_after(cell: etree._Element, where: Location) -> int:
    """The column of a cell without a reference: one right of the cell before it, counting back to
    a cell with a reference or to the row's start."""
    count = 1
    before = cell.getprevious()
    while before is not None:
        ref = before.get("r")
        if ref:
            position = parse_ref(ref)
            if position is None:
                raise _bad_ref(ref, where)
            return position[1] + count
        count += 1
        before = before.getprevious()
    return count


def _bad_ref(ref: str, where: Location) -> ReadError:
    return ReadError(Text(N_("a cell has a bad reference {ref}"), ref=repr(ref[:40])), where, _DAMAGED)


def _events(data: bytes, tags: Iterable[str]) -> Iterator[etree._Element]:
    """The elements of ``tags`` in a part, each when it ends, parsed as safely as a whole part is."""
    return (
        element
        for _, element in etree.iterparse(
            io.BytesIO(data),
            events=("end",),
            tag=tuple(tags),
            remove_comments=True,
            remove_pis=True,
            **SAFE_XML,
        )
    )


class _Unparsed:
    """A parser target that keeps nothing: libxml2 checks that a part is well-formed, building no tree."""

    def close(self) -> None:
        return None


#: What the fast path reads in a sheet's ``<sheetData>``, as Excel, WPS and kepu_plan write it: a
#: cell with a reference, an optional style and type, and a value or one plain inline text; a
#: row's start tag (its attributes double-quoted; its number, if any, first and from 1 to 9999999,
#: else the slow path reads the sheet and says what is wrong); a row's end tag.  Empty cells (no
#: value: the tree walk skips them too) are taken with the cell or row start before them, so that
#: they cost nothing.  Groups: the reference's letters and digits, the style, the type, the value,
#: the inline text, a row's ``/`` (an empty row), ``</row>``.
_FAST_EMPTY: Final = r'(?:<c r="[A-Z]{1,3}[0-9]{1,7}"(?: s="[0-9]{1,9}")?(?: t="[a-zA-Z]{1,9}")?/>)*'
_FAST_ITEM: Final = re.compile(
    r'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: s="([0-9]{1,9})")?(?: t="([a-zA-Z]{1,9})")?>'
    r'(?:<v>([^<]*)</v>|<is><t(?: xml:space="preserve")?>([^<]*)</t></is>)</c>'
    + _FAST_EMPTY
    + r'|<row(?: r="(?!0+")[0-9]{1,7}")?(?:\s+(?!r\s*=)[\w:.-]+="[^"<]*")*\s*(?:(/)>|>'
    + _FAST_EMPTY
    + r")"
    r"|(</row>)"
)
_FAST_GROUPS: Final = 8
_FAST_ROW_PREFIXES: Final = re.compile(r"<row\s[^<>]*:[^<>]*>")
_FAST_PREFIX: Final = re.compile(r"\s([A-Za-z_][\w.-]*):[\w.-]*\s*=")
_FAST_ENCODING: Final = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")


def _entities(text: str) -> str:
    """Text with the five predefined XML entities decoded (the fast path takes no other reference)."""
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def _fast_cells(
    data: bytes, package: Package, part: str, strings: list[Stored]
) -> tuple[dict[tuple[int, int], Stored], list[str], dict[str, int]] | None:
    """A sheet's values, merged ranges and column letters read without a tree, or None where the
    sheet is not written the plain way (then :func:`read_sheet` walks its XML as a tree).

    The part is checked to be well-formed by libxml2 without building a tree; the cells are then
    taken from ``<sheetData>`` by one regular expression, and the fast path applies only when every
    tag there is one it reads (rows of cells with references, each cell's value a ``<v>`` or a
    plain inline ``<t>``) and nothing else can change what the cells mean: no comment, CDATA,
    processing instruction, character reference, carriage return or namespace declaration inside,
    the part in UTF-8.  Whatever the slow path would refuse is read by the slow path, which says why.
    """
    first = data.find(b"<?")
    if first > 3 or (first != -1 and data.find(b"<?", first + 2) != -1) or b"<!" in data:
        return None
    if first != -1:
        encoding = _FAST_ENCODING.search(data, first, data.find(b"?>", first))
        if encoding is not None and encoding[1].lower() not in (b"utf-8", b"utf8"):
            return None
    start = data.find(b"<sheetData>")
    end = data.find(b"</sheetData>")
    if start == -1 or end < start or data.count(b"<sheetData") != 1:
        return None
    start += len(b"<sheetData>")
    if any(data.find(odd, start, end) != -1 for odd in (b"xmlns", b"&#", b"\r")):
        return None  # a namespace declared inside, a character reference, a carriage return
    try:
        etree.fromstring(data, etree.XMLParser(target=cast(Any, _Unparsed()), **SAFE_XML))
        text = data[start:end].decode("utf-8")
        root = etree.fromstring(data[:start] + data[end:], package.parser)
    except (etree.XMLSyntaxError, UnicodeDecodeError, ValueError):
        return None
    if root.tag not in _FAST_WORKSHEETS:
        return None
    namespace = root.tag[1:].partition("}")[0]
    sheet_data = root.find(f"{{{namespace}}}sheetData")
    if sheet_data is None or sheet_data.prefix is not None or sheet_data.nsmap.get(None) != namespace:
        return None
    if next(root.iter(*_ROW_TAGS), None) is not None:
        return None  # rows outside the sheet data
    if data.find(b":", start, end) != -1:
        declared = {prefix for prefix in sheet_data.nsmap if prefix} | {"xml"}
        used = set(_FAST_PREFIX.findall(" ".join(_FAST_ROW_PREFIXES.findall(text))))
        if not used <= declared:
            return None
    parts = _FAST_ITEM.split(text)
    del text  # the values are copies: the sheet data's text need not outlive the split
    if "<" in "".join(parts[:: _FAST_GROUPS + 1]):
        return None  # a tag the fast path does not read
    values: dict[tuple[int, int], Stored] = {}
    columns: dict[str, int] = {}
    count = len(strings)
    in_row = False
    items = iter(parts[1:])
    for letters, digits, style, kind, value, inline, row_empty, row_end, _gap in zip(*[items] * 9, strict=True):
        if letters:
            if not in_row:
                return None
            col = columns.get(letters)
            if col is None:
                col = columns[letters] = _column_index(letters)
            row = int(digits)
            if not row:
                return None
            if value is not None:
                if "&" in value:
                    value = _entities(value)
                if kind == "s":
                    value = value.strip()
                    if not value:
                        continue
                    index = int(value) if value.isascii() and value.isdigit() else -1
                    if not 0 <= index < count:
                        return None
                    shared = strings[index]
                    if shared:
                        values[row, col] = shared
                elif not value or kind == "inlineStr":
                    continue
                elif kind == "str":
                    values[row, col] = _stored_text(value)
                else:
                    values[row, col] = (kind or "n", value, style)
            elif kind == "inlineStr" and inline:
                if "&" in inline:
                    inline = _entities(inline)
                values[row, col] = ("x", inline, None) if "_x" in inline or "\r" in inline else inline
        elif row_end:
            if not in_row:
                return None
            in_row = False
        else:
            if in_row:
                return None
            in_row = not row_empty
    if in_row:
        return None
    merges = [element.get("ref") or "" for element in root.iter(*_MERGE_TAGS)]
    return values, merges, columns


_FAST_WORKSHEETS: Final = frozenset(f"{{{namespace}}}worksheet" for namespace in MAIN_NAMESPACES)
_ROW_TAGS: Final = tuple(f"{{{namespace}}}row" for namespace in MAIN_NAMESPACES)
_MERGE_TAGS: Final = tuple(f"{{{namespace}}}mergeCell" for namespace in MAIN_NAMESPACES)


def read_sheet(package: Package, part: str, title: str, strings: list[Stored], styles: Styles) -> SheetCells:
    """A sheet's cells as stored, with its merged ranges applied, within the package's limits.

    A sheet written the plain way is read without a tree (see :func:`_fast_cells`); any other is
    parsed as a stream, row by row, each row dropped once read.  Either way the memory it takes is
    about that of its text and values, not of its whole XML tree.
    """
    data = package.read(part, title)
    where = package.where(title)
    if declares_dtd(data):
        parse_xml(data, Text(N_("part {part}"), part=part), where)  # raises the error for a DTD
    fast = _fast_cells(data, package, part, strings)
    if fast is not None:
        fast_values, fast_merges, fast_columns = fast
        spans = _merge(fast_merges, fast_values, package, title, fast_columns)
        return SheetCells(package, title, fast_values, spans, styles)
    values: dict[tuple[int, int], Stored] = {}
    merges: list[str] = []
    row_number = 0
    columns: dict[str, int] = {}
    count = len(strings)
    row_tags = {f"{{{namespace}}}row": Tags(namespace) for namespace in MAIN_NAMESPACES}
    merge_tags = {f"{{{namespace}}}mergeCell" for namespace in MAIN_NAMESPACES}
    tags = next(iter(row_tags.values()))
    try:
        for element in _events(data, [*row_tags, *merge_tags]):
            if element.tag in merge_tags:
                merges.append(element.get("ref") or "")
                continue
            tags = row_tags[element.tag]
            cell_tag, inline_tag, text_tag, value_tag, formula_tag = tags.c, tags.is_, tags.t, tags.v, tags.f
            row = element
            number = row.get("r")
            if number:
                if not (number.isascii() and number.isdigit()) or len(number) > 7 or int(number) == 0:
                    raise ReadError(
                        Text(N_("a row has a bad number {number} (rows count from 1)"), number=repr(number[:20])),
                        where,
                        _DAMAGED,
                    )
                row_number = int(number)
            else:
                row_number += 1
            col_number = 0
            skipped = False
            for cell in row.iterchildren(cell_tag):
                if not len(cell):
                    skipped = True  # an empty, perhaps formatted, cell: where it is matters to no one
                    continue
                ref = cell.get("r")
                if ref:
                    letters = ref.rstrip(_DIGITS)
                    col_number = columns.get(letters, 0)
                    digits = len(ref) - len(letters)
                    if col_number and 0 < digits <= 7:
                        row_number = int(ref[len(letters) :])
                        if not row_number:
                            raise _bad_ref(ref, where)
                    else:
                        position = parse_ref(ref)
                        if position is None:
                            raise _bad_ref(ref, where)
                        row_number, col_number = position
                        columns[letters] = col_number
                elif skipped:  # after empty cells, this one's column counts from theirs
                    col_number = _column_after(cell, where)
                else:
                    col_number += 1
                skipped = False
                kind = cell.get("t")
                if kind == "inlineStr":
                    found: etree._Element | None = cell[0]
                    if found is not None and found.tag != inline_tag:
                        found = cell.find(inline_tag)
                    if found is None:
                        continue
                    if len(found) == 1 and found[0].tag == text_tag:
                        text = found[0].text or ""
                    else:
                        text = _item_text(found, tags)
                    if text:
                        values[row_number, col_number] = ("x", text, None) if "_x" in text or "\r" in text else text
                    continue
                value = cell.find(value_tag)
                raw = value.text if value is not None else None
                if kind == "s":
                    if raw is None or not raw.strip():
                        continue  # <v/>: an empty cell, as other readers take it
                    raw = raw.strip()
                    index = int(raw) if raw.isascii() and raw.isdigit() else -1
                    if not 0 <= index < count:
                        raise ReadError(
                            Text(
                                N_(
                                    "the cell refers to a shared string {index} the workbook does not have "
                                    "(it has {count:,})"
                                ),
                                index=repr(raw[:20]),
                                count=count,
                            ),
                            package.where(title, f"{column_letter(col_number)}{row_number}"),
                            _DAMAGED,
                        )
                    shared = strings[index]
                    if shared:
                        values[row_number, col_number] = shared
                elif not raw:
                    if kind != "str" and cell.find(formula_tag) is not None:
                        values[row_number, col_number] = UNCACHED
                elif kind == "str":
                    values[row_number, col_number] = _stored_text(raw)
                else:
                    values[row_number, col_number] = (kind or "n", raw, cell.get("s"))
            # The row is read: drop it and the rows before it, so that the tree never grows.
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]  # type: ignore[union-attr]
    except etree.XMLSyntaxError:
        parse_xml(data, Text(N_("part {part}"), part=part), where)  # raises the error the part's whole parse gives
        raise
    spans = _merge(merges, values, package, title, columns)
    return SheetCells(package, title, values, spans, styles)


def _merge(
    merges: list[str],
    values: dict[tuple[int, int], Stored],
    package: Package,
    title: str,
    columns: dict[str, int],
) -> dict[tuple[int, int], tuple[int, int]]:
    """Apply the sheet's merged ranges to ``values`` (covered cells dropped); the spans by origin.

    ``columns`` maps column letters the sheet's cells used to their numbers."""
    limits = package.limits

    def position(ref: str) -> tuple[int, int] | None:
        letters = ref.rstrip(_DIGITS)
        col = columns.get(letters)
        if col is not None and 0 < len(ref) - len(letters) <= 7:
            row = int(ref[len(letters) :])
            return (row, col) if row else None
        return parse_ref(ref)

    spans: dict[tuple[int, int], tuple[int, int]] = {}
    if not values:
        return spans
    # The box around every value: the grid lies within it, so it is checked before any merge.
    box_top, box_bottom = min(values)[0], max(values)[0]
    box_left, box_right = min(map(_second, values)), max(map(_second, values))
    far = column_letter(box_right) + str(box_bottom)
    limits.check_grid(box_bottom - box_top + 1, box_right - box_left + 1, lambda: package.where(title, far))
    # Each merge costs at most min(its area within the box, the number of values); overlapping
    # merges (which no spreadsheet program writes) could make that quadratic, so the sum is bounded.
    work = 0
    budget = 2 * limits.max_cells + 100_000
    for ref in merges:
        first, _, last = ref.partition(":")
        start, end = position(first), position(last or first)
        if start is None or end is None:
            raise ReadError(
                Text(N_("a merged range has a bad reference {ref}"), ref=repr(ref[:40])), package.where(title), _DAMAGED
            )
        (top, left), (bottom, right) = start, end
        top, bottom = min(top, bottom), max(top, bottom)
        left, right = min(left, right), max(left, right)
        if top > box_bottom or left > box_right or bottom < box_top or right < box_left:
            continue  # it covers no value, and its top-left cell lies outside the grid
        inner_top, inner_bottom = max(top, box_top), min(bottom, box_bottom)
        inner_left, inner_right = max(left, box_left), min(right, box_right)
        area = (inner_bottom - inner_top + 1) * (inner_right - inner_left + 1)
        work += min(area, len(values))
        if work > budget:
            raise LimitExceeded(
                Text(N_("the sheet's merged ranges overlap too much to be read")),
                package.where(title),
                Text(
                    N_("the file is damaged: open it in Excel or WPS, unmerge and merge the cells again, and save it")
                ),
            )
        if area <= len(values) and inner_left == inner_right:  # a range down one column, as most are
            covered: Iterable[tuple[int, int]] = [
                (r, inner_left) for r in range(inner_top, inner_bottom + 1) if (r, inner_left) in values
            ]
        elif area <= len(values):
            covered = [
                (r, c)
                for r in range(inner_top, inner_bottom + 1)
                for c in range(inner_left, inner_right + 1)
                if (r, c) in values
            ]
        else:
            covered = [(r, c) for r, c in values if top <= r <= bottom and left <= c <= right]
        for place in covered:
            if place != (top, left):
                del values[place]
        if (top, left) not in spans:
            spans[top, left] = (bottom, right)
    return spans
