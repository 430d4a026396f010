"""XLSX: the allocation table as a working spreadsheet, read and written.

Reading parses the workbook's XML itself (with lxml): it is several times faster than loading the
workbook with openpyxl, and it sees what openpyxl's fast read-only mode cannot, the merged ranges.
:func:`document_from_xlsx` turns the workbook into a :class:`~kepu_plan.grid.Document` with one
:class:`~kepu_plan.grid.Grid` per candidate sheet; the layout code makes the Plan.  What a reader
sees in a cell:

- a merged range is one cell, its top-left cell's value spanning the range (values a program left
  in the covered cells are ignored);
- numbers and dates as the text a person sees (``1.0`` → ``1``; a date in the cell's date format,
  the built-in short date as ``2025/1/31``, as Chinese Excel shows it);
- a formula as its cached value; a formula without one is an error, never its source text;
- rich text as plain text, ``_xHHHH_`` escapes decoded, ``\\r\\n`` as ``\\n``.

Writing (:func:`render_xlsx`, with openpyxl) gives a sheet ``分工表`` a department can print and
work in, a sheet ``单位`` with each unit's workload, and a sheet ``指标`` with every target and
columns to fill in.  The two derived sheets are rebuilt on every write and ignored by the reader.
Every text is stored as a string, never as a formula or an error value, and a text that a
spreadsheet program would take for one carries the quote prefix, so that editing the cell later
keeps it text.  The same plan gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator
from copy import copy
from decimal import Decimal
from typing import TYPE_CHECKING, Any, BinaryIO, Final

from lxml import etree

from kepu_plan._limits import DEFAULT as DEFAULT_LIMITS
from kepu_plan._limits import LimitExceeded, Limits, interpreted, parse_xml, unexpected, xml_parser
from kepu_plan._sniff import KINDS, Kind, foreign_error, sniff_stream, zip_kind
from kepu_plan.errors import KepuPlanError, Location, ReadError, WriteError
from kepu_plan.grid import Cell, Document, Grid, column_letter
from kepu_plan.model import Cadence, Comparator, Plan

if TYPE_CHECKING:
    from _typeshed import SizedBuffer
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["NAME", "SUFFIXES", "document_from_xlsx", "read", "render_xlsx", "write"]

NAME: Final = "xlsx"
SUFFIXES: Final = (".xlsx", ".xlsm")

#: The sheets kepu_plan writes.  The derived ones are rebuilt on every write and never read.
TABLE_SHEET: Final = "分工表"
UNITS_SHEET: Final = "单位"
TARGETS_SHEET: Final = "指标"
DERIVED_SHEETS: Final = (UNITS_SHEET, TARGETS_SHEET)

# --- reading: the package ------------------------------------------------------------------------

_MAIN_NAMESPACES: Final = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_DOC_REL_NAMESPACES: Final = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_PACKAGE_RELS: Final = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CONTENT_TYPES: Final = "{http://schemas.openxmlformats.org/package/2006/content-types}Override"
_WORKBOOK_TYPES: Final = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
)
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_TO_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


def _column_index(letters: str) -> int:
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index


def _parse_ref(ref: str) -> tuple[int, int] | None:
    """``C7`` → (7, 3), 1-based; None when it is not a cell reference."""
    match = _CELL_REF.match(ref)
    if match is None:
        return None
    return int(match[2]), _column_index(match[1])


def _clean_text(text: str) -> str:
    """Decode ``_xHHHH_`` escapes and make every line break one ``\\n``."""
    if "_x" in text:
        text = _ESCAPED.sub(lambda match: chr(int(match[1], 16)), text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


class _Package:
    """The zip package of a workbook, its parts found through their relationships."""

    def __init__(self, stream: BinaryIO, file: str | None, limits: Limits = DEFAULT_LIMITS) -> None:
        self.file = file
        self.limits = limits
        self.zip = _open_zip(stream, file, limits)
        self.names = {name.lower(): name for name in self.zip.namelist()}
        self.parser = xml_parser(remove_comments=True)

    def where(self, sheet: str | None = None, cell: str | None = None) -> Location:
        return Location(file=self.file, sheet=sheet, cell=cell)

    def has(self, part: str) -> bool:
        return part.lower() in self.names

    def xml(self, part: str, sheet: str | None = None) -> etree._Element:
        member = self.names.get(part.lower())
        if member is None:
            raise ReadError(f"the workbook lacks its part {part}", self.where(sheet), hint="the file is damaged")
        try:
            data = self.zip.read(member)
        except Exception as error:
            raise ReadError(
                f"cannot unpack part {part}: {error}",
                self.where(sheet),
                hint="the file is damaged or truncated: get it again, or open and save it again in Excel or WPS",
            ) from error
        return parse_xml(data, f"part {part}", self.where(sheet), parser=self.parser)

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """A part's relationships: id → (type's last word, target part name)."""
        folder, base = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_part):
            return {}
        found: dict[str, tuple[str, str]] = {}
        for rel in self.xml(rels_part).iter(_PACKAGE_RELS):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External" or not target:
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            found[rel.get("Id") or ""] = (kind, posixpath.normpath(path))
        return found

    def workbook_part(self) -> str:
        """The workbook part: by the root relationship, by content type, or where it usually is.

        Every candidate is checked, since some writers leave a root relationship pointing elsewhere.
        """
        candidates = [target for kind, target in self.rels("").values() if kind == "officeDocument"]
        if self.has("[Content_Types].xml"):
            for override in self.xml("[Content_Types].xml").iter(_CONTENT_TYPES):
                if override.get("ContentType") in _WORKBOOK_TYPES:
                    candidates.append((override.get("PartName") or "").lstrip("/"))
        candidates.append("xl/workbook.xml")
        for part in candidates:
            if self.has(part) and etree.QName(self.xml(part)).localname == "workbook":
                return part
        if self.has("word/document.xml"):
            hint: str | None = "it looks like a DOCX document: read it with read_docx"
        else:
            kind = zip_kind(self.zip.namelist(), self.zip.read)
            if kind.key not in ("zip", "xlsx"):
                raise foreign_error(kind, "xlsx", self.where())
            hint = "unpack the archive and read the .xlsx inside, or save the table in Excel or WPS as .xlsx"
        raise ReadError("not an XLSX workbook: the zip file holds no workbook", self.where(), hint=hint)


def _open_zip(stream: BinaryIO, file: str | None, limits: Limits) -> zipfile.ZipFile:
    where = Location(file=file)
    return limits.open_package(stream, where, lambda rewound: _not_a_workbook(sniff_stream(rewound, file), where))


def _not_a_workbook(kind: Kind, where: Location) -> ReadError:
    """The error for content that is not a zip package, saying what it is where that is known."""
    if kind.key == "empty":
        return ReadError("the file is empty", where, KINDS["empty"].advice)
    if kind.key == "ole":
        return ReadError(
            "not an XLSX workbook: an old-style .xls workbook or a password-protected file",
            where,
            hint="save it in Excel or WPS as .xlsx, without a password",
        )
    if kind.key in ("docx", "xlsx", "zip-damaged"):  # a zip package zipfile cannot open
        return ReadError(
            "not an XLSX workbook (not a zip file): the package is damaged or truncated",
            where,
            KINDS["zip-damaged"].advice,
        )
    if kind.known:
        return foreign_error(kind, "xlsx", where)
    return ReadError(
        "not an XLSX workbook (not a zip file)", where, "open the table in Excel or WPS and save it as .xlsx"
    )


# --- reading: styles and what a person sees ------------------------------------------------------

#: Built-in number formats as Chinese (zh-CN) Excel shows them; the others come from openpyxl.
_ZH_BUILTIN_FORMATS: Final = {
    14: "yyyy/m/d",
    22: "yyyy/m/d h:mm",
    27: 'yyyy"年"m"月"',
    28: 'm"月"d"日"',
    29: 'm"月"d"日"',
    30: "m-d-yy",
    31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"',
    33: 'h"时"mm"分"ss"秒"',
    34: 'AM/PMh"时"mm"分"',
    35: 'AM/PMh"时"mm"分"ss"秒"',
    36: 'yyyy"年"m"月"',
    50: 'yyyy"年"m"月"',
    51: 'm"月"d"日"',
    52: 'yyyy"年"m"月"',
    53: 'm"月"d"日"',
    54: 'm"月"d"日"',
    55: 'AM/PMh"时"mm"分"',
    56: 'AM/PMh"时"mm"分"ss"秒"',
    57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"',
}
_DATE_TOKEN = re.compile(
    r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]|AM/PM|am/pm|A/P|a/p|上午/下午|y+|Y+|m+|M+|d+|D+|h+|H+|s+|S+|a{3,4}|e|\.0+|.',
    re.DOTALL,
)
_WEEKDAYS_ZH: Final = "一二三四五六日"


def _general(value: float) -> str:
    """A number as Excel's General format shows it: at most 15 significant digits, no ``.0``."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = format(value, ".15g")
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}E{exponent[0]}{exponent[1:].lstrip('0').rjust(2, '0')}"
    return text


def _sections(code: str) -> list[str]:
    """The ``;``-separated sections of a format code (quotes and escapes respected)."""
    sections: list[str] = []
    current: list[str] = []
    for token in _DATE_TOKEN.findall(code):
        if token == ";":
            sections.append("".join(current))
            current = []
        else:
            current.append(token)
    sections.append("".join(current))
    return sections


def _format_number(value: float, code: str) -> str:
    """A number in a (non-date) format code: decimals, thousands, percent and literal text.

    Formats beyond these (fractions, scientific, conditions) fall back to General.
    """
    sections = _sections(code)
    section = sections[0]
    if value < 0 and len(sections) > 1 and sections[1]:
        section, value = sections[1], -value
    elif value == 0 and len(sections) > 2 and sections[2]:
        section = sections[2]
    prefix: list[str] = []
    suffix: list[str] = []
    pattern: list[str] = []
    for token in _DATE_TOKEN.findall(section):
        # a number placeholder, or a separator or percent sign once the number has started
        if token == "%" or token[0] in "0#?" or (pattern and token[0] in ",."):
            pattern.append(token)
            continue
        if token[0] == '"':
            literal = token[1:-1]
        elif token[0] == "\\":
            literal = token[1:]  # a lone backslash at the end escapes nothing
        elif token[0] in "_*[" or token in ("@",):
            literal = ""
        elif token in "$-+/():!^&'~{}<>= ¥￥元":
            literal = token
        elif token[0] in "Ee" or token in ("General", "G"):
            return _general(value)
        else:
            literal = token
        (suffix if pattern else prefix).append(literal)
    spec = "".join(pattern)
    if not spec or not any(char in spec for char in "0#?"):
        return "".join(prefix) + _general(value) + "".join(suffix)
    percent = spec.count("%")
    value *= 100**percent
    integer_part, _, decimal_part = spec.replace("%", "").partition(".")
    decimals = sum(1 for char in decimal_part if char in "0#?")
    required = decimal_part.count("0")
    whole, _, fraction = f"{abs(value):.{decimals}f}".partition(".")
    fraction = fraction.rstrip("0").ljust(required, "0") if decimals > required else fraction
    whole = whole.lstrip("0").rjust(integer_part.count("0"), "0")
    if "," in integer_part and whole:
        whole = f"{int(whole):,}".rjust(len(whole), "0")
    text = f"{whole}.{fraction}" if fraction else whole
    negative = value < 0 and not (len(sections) > 1 and sections[1]) and any(char in "123456789" for char in text)
    return "".join(prefix) + ("-" if negative else "") + text + "%" * percent + "".join(suffix)


def _format_date(moment: dt.datetime, code: str) -> str:
    """A date and time in a date format code (y m d h s, AM/PM, literals, 星期 aaa/aaaa)."""
    tokens = [token for token in _DATE_TOKEN.findall(_sections(code)[0]) if token]
    twelve_hour = any(token.upper() in ("AM/PM", "A/P") or token == "上午/下午" for token in tokens)
    kinds = [token[0].lower() for token in tokens]
    out: list[str] = []
    for i, token in enumerate(tokens):
        kind = kinds[i]
        if token[0] == '"':
            out.append(token[1:-1])
        elif token[0] == "\\":
            out.append(token[1:])
        elif token[0] in "_*":
            continue
        elif token[0] == "[":
            inner = token[1:-1].lower()
            if inner and set(inner) <= set("hms"):
                out.append(str(moment.hour) if inner[0] == "h" else "")
        elif kind == "y":
            out.append(f"{moment.year:04d}" if len(token) > 2 else f"{moment.year % 100:02d}")
        elif kind == "m":
            before = next((k for k in reversed(kinds[:i]) if k in "ymdhs"), "")
            after = next((k for k in kinds[i + 1 :] if k in "ymdhs"), "")
            if len(token) <= 2 and (before == "h" or after == "s"):
                out.append(f"{moment.minute:0{len(token)}d}")
            elif len(token) <= 2:
                out.append(f"{moment.month:0{len(token)}d}")
            elif len(token) == 3:
                out.append(moment.strftime("%b"))
            else:
                out.append(moment.strftime("%B"))
        elif kind == "d":
            if len(token) <= 2:
                out.append(f"{moment.day:0{len(token)}d}")
            else:
                out.append(moment.strftime("%a" if len(token) == 3 else "%A"))
        elif kind == "a" and len(token) >= 3 and token.lower() != "am/pm":
            weekday = _WEEKDAYS_ZH[moment.weekday()]
            out.append(weekday if len(token) == 3 else f"星期{weekday}")
        elif kind == "h":
            hour = moment.hour % 12 or 12 if twelve_hour else moment.hour
            out.append(f"{hour:0{min(len(token), 2)}d}")
        elif kind == "s":
            out.append(f"{moment.second:0{min(len(token), 2)}d}")
        elif token == "上午/下午":
            out.append("上午" if moment.hour < 12 else "下午")
        elif token.upper() == "AM/PM":
            out.append("AM" if moment.hour < 12 else "PM")
        elif token.upper() == "A/P":
            out.append("A" if moment.hour < 12 else "P")
        elif token.startswith(".0"):
            out.append("." + f"{moment.microsecond:06d}"[: len(token) - 1])
        else:
            out.append(token)
    return "".join(out)


class _Styles:
    """What the reader needs of the styles part: each cell style's number format."""

    def __init__(self, package: _Package, part: str | None, date1904: bool) -> None:
        self.formats: list[int] = []
        self.codes: dict[int, str] = {}
        self.epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
        self._date_cache: dict[int, bool] = {}
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
        if format_id in _ZH_BUILTIN_FORMATS:
            return _ZH_BUILTIN_FORMATS[format_id]
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
            return _general(value)
        if self.is_date(code):
            try:
                moment = self.epoch + dt.timedelta(days=value)
            except OverflowError:
                return _general(value)
            if self.epoch.year == 1899 and value < 60:
                moment += dt.timedelta(days=1)  # Excel's 1900 leap-year bug: serials before March 1900
            try:
                moment = moment.replace(microsecond=0) + dt.timedelta(seconds=round(moment.microsecond / 1e6))
                return _format_date(moment, code)
            except (IndexError, ValueError, OverflowError):  # a code too odd to follow: show the number
                return _general(value)
        try:
            return _format_number(value, code)
        except (IndexError, ValueError, OverflowError):
            return _general(value)

    def date(self, raw: str, style: str | None) -> str:
        moment = dt.datetime.fromisoformat(raw.rstrip("Z"))
        code = self.code(style)
        if self.is_date(code):
            return _format_date(moment, code)
        if moment.time() == dt.time():
            return f"{moment.year}/{moment.month}/{moment.day}"
        return f"{moment.year}/{moment.month}/{moment.day} {moment.hour}:{moment.minute:02d}"


# --- reading: sheets -----------------------------------------------------------------------------


class _Tags:
    def __init__(self, namespace: str) -> None:
        self.row = f"{{{namespace}}}row"
        self.c = f"{{{namespace}}}c"
        self.v = f"{{{namespace}}}v"
        self.f = f"{{{namespace}}}f"
        self.t = f"{{{namespace}}}t"
        self.r = f"{{{namespace}}}r"
        self.rph = f"{{{namespace}}}rPh"
        self.is_ = f"{{{namespace}}}is"
        self.si = f"{{{namespace}}}si"
        self.sheet_data = f"{{{namespace}}}sheetData"
        self.merge_cell = f"{{{namespace}}}mergeCell"


def _rich_text(element: etree._Element, tags: _Tags) -> str:
    """The plain text of a string item (``<si>`` or ``<is>``): its runs, without phonetic hints."""
    parts: list[str] = []
    for child in element:
        if child.tag == tags.t:
            parts.append(child.text or "")
        elif child.tag == tags.r:
            for text in child.iter(tags.t):
                parts.append(text.text or "")
    return _clean_text("".join(parts))


def _shared_strings(package: _Package, part: str | None) -> list[str]:
    if part is None or not package.has(part):
        return []
    root = package.xml(part)
    tags = _Tags(etree.QName(root).namespace or _MAIN_NAMESPACES[0])
    strings: list[str] = []
    for item in root.iterchildren(tags.si):
        if len(item) == 1 and item[0].tag == tags.t:
            strings.append(_clean_text(item[0].text or ""))
        else:
            strings.append(_rich_text(item, tags))
    return strings


class _Uncached:
    """A formula cell without a cached value: an error if it turns out to be read."""

    __slots__ = ()


_UNCACHED: Final = _Uncached()


def _read_sheet(package: _Package, part: str, title: str, strings: list[str], styles: _Styles) -> Grid:
    limits = package.limits
    root = package.xml(part, title)
    namespace = etree.QName(root).namespace or _MAIN_NAMESPACES[0]
    tags = _Tags(namespace)

    def where(row: int, col: int) -> Location:
        return package.where(title, f"{column_letter(col)}{row}")

    values: dict[tuple[int, int], str | _Uncached] = {}
    sheet_data = root.find(tags.sheet_data)
    row_number = 0
    cell_tag, inline_tag, text_tag = tags.c, tags.is_, tags.t
    columns: dict[str, int] = {}
    for row in sheet_data.iterchildren(tags.row) if sheet_data is not None else ():
        number = row.get("r")
        if number:
            if not number.isdigit() or len(number) > 7:
                raise ReadError(
                    f"a row has a bad number {number[:20]!r}",
                    package.where(title),
                    "the file is damaged: open it in Excel or WPS and save it again",
                )
            row_number = int(number)
        else:
            row_number += 1
        col_number = 0
        for cell in row.iterchildren(cell_tag):
            ref = cell.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                col_number = columns.get(letters, 0)
                if col_number and len(ref) - len(letters) <= 7:
                    row_number = int(ref[len(letters) :])
                else:
                    position = _parse_ref(ref)
                    if position is None:
                        raise ReadError(
                            f"a cell has a bad reference {ref[:40]!r}",
                            package.where(title),
                            "the file is damaged: open it in Excel or WPS and save it again",
                        )
                    row_number, col_number = position
                    columns[letters] = col_number
            else:
                col_number += 1
            if not len(cell):
                continue  # an empty, perhaps formatted, cell
            if cell.get("t") == "inlineStr" and len(cell) == 1:
                inline = cell[0]
                if inline.tag == inline_tag and len(inline) == 1 and inline[0].tag == text_tag:
                    text = inline[0].text
                    if text:
                        values[row_number, col_number] = _clean_text(text)
                    continue
            try:
                value = _cell_text(cell, tags, strings, styles)
            except _BadCell as error:
                raise ReadError(
                    str(error),
                    where(row_number, col_number),
                    "the file is damaged: open it in Excel or WPS and save it again",
                ) from None
            if value:
                values[row_number, col_number] = value

    if values:
        # The box around every value: the grid lies within it, so it is checked before any merge.
        box_top = min(r for r, _ in values)
        box_left = min(c for _, c in values)
        box_bottom = max(r for r, _ in values)
        box_right = max(c for _, c in values)
        far = column_letter(box_right) + str(box_bottom)
        limits.check_grid(box_bottom - box_top + 1, box_right - box_left + 1, lambda: package.where(title, far))
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    # Each merge costs at most min(its area within the box, the number of values); overlapping
    # merges (which no spreadsheet program writes) could make that quadratic, so the sum is bounded.
    work = 0
    budget = 2 * limits.max_cells + 100_000
    for merge in root.iter(tags.merge_cell):
        ref = merge.get("ref") or ""
        first, _, last = ref.partition(":")
        start, end = _parse_ref(first), _parse_ref(last or first)
        if start is None or end is None:
            raise ReadError(
                f"a merged range has a bad reference {ref[:40]!r}",
                package.where(title),
                "the file is damaged: open it in Excel or WPS and save it again",
            )
        (top, left), (bottom, right) = start, end
        top, bottom = min(top, bottom), max(top, bottom)
        left, right = min(left, right), max(left, right)
        if not values or top > box_bottom or left > box_right or bottom < box_top or right < box_left:
            continue  # it covers no value, and its top-left cell lies outside the grid
        inner_top, inner_bottom = max(top, box_top), min(bottom, box_bottom)
        inner_left, inner_right = max(left, box_left), min(right, box_right)
        area = (inner_bottom - inner_top + 1) * (inner_right - inner_left + 1)
        work += min(area, len(values))
        if work > budget:
            raise LimitExceeded(
                "the sheet's merged ranges overlap too much to be read",
                package.where(title),
                "the file is damaged: open it in Excel or WPS, unmerge and merge the cells again, and save it",
            )
        if area <= len(values):
            covered: Iterable[tuple[int, int]] = [
                (r, c)
                for r in range(inner_top, inner_bottom + 1)
                for c in range(inner_left, inner_right + 1)
                if (r, c) in values
            ]
        else:
            covered = [(r, c) for r, c in values if top <= r <= bottom and left <= c <= right]
        for position in covered:
            if position != (top, left):
                del values[position]
        if (top, left) not in spans:
            spans[top, left] = (bottom, right)

    for (row_number, col_number), value in sorted(values.items()):
        if isinstance(value, _Uncached):
            raise ReadError(
                "a formula cell holds no computed value",
                where(row_number, col_number),
                hint="open the file in Excel, WPS or LibreOffice and save it, so that it stores the values",
            )
    texts: dict[tuple[int, int], str] = {key: value for key, value in values.items() if isinstance(value, str)}
    for (row_number, col_number), text in texts.items():
        if len(text) > limits.max_cell_chars:
            limits.check_text(text, lambda r=row_number, c=col_number: where(r, c))  # type: ignore[misc]
    if not texts:
        return Grid(nrows=0, ncols=0, cells=(), file=package.file, sheet=title)
    # The grid is the box around the texts; a merged range reaching past it is cut at its edge
    # (a title merged over a whole row would otherwise make a grid 16,384 columns wide).
    top = min(r for r, _ in texts)
    left = min(c for _, c in texts)
    bottom = max(r for r, _ in texts)
    right = max(c for _, c in texts)
    cells: list[Cell] = []
    for r, c in spans:
        if (r, c) not in texts and top <= r <= bottom and left <= c <= right:
            texts[r, c] = ""  # an empty merged cell: it still covers its rows
    for (r, c), text in sorted(texts.items()):
        last_row, last_col = spans.get((r, c), (r, c))
        cells.append(
            Cell(
                row=r - top,
                col=c - left,
                text=text,
                rowspan=min(last_row, bottom) - r + 1,
                colspan=min(last_col, right) - c + 1,
            )
        )
    return Grid(
        nrows=bottom - top + 1,
        ncols=right - left + 1,
        cells=tuple(cells),
        file=package.file,
        sheet=title,
        row_offset=top - 1,
        col_offset=left - 1,
    )


class _BadCell(ValueError):
    """A cell's value cannot be read; the caller adds where the cell is."""


def _cell_text(cell: etree._Element, tags: _Tags, strings: list[str], styles: _Styles) -> str | _Uncached:
    """What a person sees in a cell."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(tags.is_)
        return "" if inline is None else _rich_text(inline, tags)
    value = cell.find(tags.v)
    if value is None:
        if cell.find(tags.f) is not None:
            return _UNCACHED
        return ""
    raw = value.text or ""
    if kind == "s":
        try:
            return strings[int(raw)]
        except (ValueError, IndexError):
            raise _BadCell(f"the cell refers to a shared string {raw!r} the workbook does not have") from None
    if kind == "str":
        return _clean_text(raw)
    if not raw:
        return _UNCACHED if cell.find(tags.f) is not None else ""
    if kind == "b":
        return "TRUE" if raw.strip() in ("1", "true") else "FALSE"
    if kind == "e":
        return raw
    try:
        if kind == "d":
            return styles.date(raw, cell.get("s"))
        return styles.number(raw, cell.get("s"))
    except (ValueError, OverflowError):
        raise _BadCell(f"the cell's value {raw!r} is not a number or a date") from None


def _table_sheets(
    package: _Package,
) -> tuple[list[tuple[str, str, str]], str | None, str | None, bool]:
    """The worksheets (title, part, state) in tab order, the shared strings and styles parts, and
    whether the workbook counts dates from 1904."""
    part = package.workbook_part()
    root = package.xml(part)
    namespace = etree.QName(root).namespace or _MAIN_NAMESPACES[0]
    rels = package.rels(part)
    properties = root.find(f"{{{namespace}}}workbookPr")
    date1904 = properties is not None and (properties.get("date1904") or "").lower() in ("1", "true")
    sheets: list[tuple[str, str, str]] = []
    for sheet in root.iter(f"{{{namespace}}}sheet"):
        rel_id = next((sheet.get(f"{{{ns}}}id") for ns in _DOC_REL_NAMESPACES if sheet.get(f"{{{ns}}}id")), None)
        kind, target = rels.get(rel_id or "", ("", ""))
        if kind == "worksheet":
            sheets.append((sheet.get("name") or "", target, sheet.get("state") or "visible"))
    strings = next((target for kind, target in rels.values() if kind == "sharedStrings"), None)
    styles = next((target for kind, target in rels.values() if kind == "styles"), None)
    return sheets, strings, styles, date1904


def document_from_xlsx(
    stream: BinaryIO, name: str | None = None, sheet: str | None = None, *, limits: Limits | None = None
) -> Document:
    """The sheets of a workbook that may hold the table, each as a Grid of what a person sees.

    With ``sheet`` only that sheet; otherwise every visible worksheet but the derived ones kepu_plan
    writes (``单位``, ``指标``).  Each grid starts at the sheet's first used row and column, rows
    above the table included, and remembers where it lies (``grid.locate(r, c)`` → ``分工表!C7``).
    Empty sheets are left out; so is, when no ``sheet`` is named, a sheet beyond the ``limits``
    (a :class:`~kepu_plan._limits.Limits`) while another sheet can be read.  Every failure is a
    :class:`~kepu_plan.errors.ReadError`: no exception of zipfile or lxml gets out.
    """
    try:
        return _document_from_xlsx(stream, name, sheet, DEFAULT_LIMITS if limits is None else limits)
    except KepuPlanError:
        raise
    except Exception as error:  # the boundary: no zipfile, lxml or openpyxl error gets out bare
        raise unexpected(error, "cannot read the workbook", Location(file=name)) from error


def _document_from_xlsx(stream: BinaryIO, name: str | None, sheet: str | None, limits: Limits) -> Document:
    package = _Package(stream, name, limits)
    with package.zip:
        sheets, strings_part, styles_part, date1904 = _table_sheets(package)
        if not sheets:
            raise ReadError(
                "the workbook has no worksheet",
                package.where(),
                "the file is damaged or holds only charts: open it in Excel or WPS and save it again",
            )
        if sheet is not None:
            chosen = [entry for entry in sheets if entry[0] == sheet]
            if not chosen:
                shown = "、".join(title for title, _, _ in sheets)
                raise ReadError(
                    f"the workbook has no sheet named {sheet!r}; its sheets are {shown}",
                    package.where(),
                    "pass one of these names as sheet=",
                )
        else:
            chosen = [entry for entry in sheets if entry[2] == "visible" and entry[0] not in DERIVED_SHEETS]
            if not chosen:
                chosen = [entry for entry in sheets if entry[2] == "visible"] or sheets
        strings = _shared_strings(package, strings_part)
        styles = _Styles(package, styles_part, date1904)
        grids: list[Grid] = []
        refused: list[LimitExceeded] = []
        for title, part, _ in chosen:
            try:
                grids.append(_read_sheet(package, part, title, strings, styles))
            except LimitExceeded as error:
                if sheet is not None:
                    raise
                refused.append(error)  # a huge other sheet does not stop the table being read
        if refused and not any(grid.cells for grid in grids):
            raise refused[0]
    tables = tuple(grid for grid in grids if grid.cells)
    if not tables:
        if sheet is not None:
            raise ReadError(
                "the sheet is empty",
                Location(file=name, sheet=sheet),
                "name another sheet with sheet=, or leave sheet= out to search every sheet",
            )
        raise ReadError(
            "no sheet of the workbook holds a table: every sheet is empty",
            Location(file=name),
            "check that this is the right file; the table must be in a worksheet, not a picture or chart",
        )
    return Document(tables=tables, file=name)


def _looks_like_table(grid: Grid, columns: Any) -> bool:
    """Whether a row near the grid's top names the content column and another known column.

    The same test the layout code makes to find the header row; used to pick the table sheet, so
    that another sheet's rows are never taken for the table's.
    """
    from kepu_plan.layout import HEADERS

    def normalise(text: str) -> str:
        return re.sub(r"[\s/／、]+", "", text)

    roles = {normalise(header): role for role, headers in HEADERS.items() for header in headers}
    if columns:
        roles.update({normalise(key): role for key, role in columns.items() if isinstance(key, str)})
    for index, row in enumerate(grid.rows()):
        if index >= 30:
            break
        found = [roles[key] for cell in row if (key := normalise(cell.text)) in roles]
        if "content" in found and len(found) >= 2:
            return True
    return False


def read(
    stream: BinaryIO,
    *,
    name: str | None = None,
    sheet: str | None = None,
    limits: Limits | None = None,
    **options: Any,
) -> Plan:
    """Read the allocation table of a workbook (``sheet=`` names its sheet; else the first sheet
    with a recognisable header).  ``limits`` or ``max_…`` keywords bound what is accepted (see
    :class:`~kepu_plan._limits.Limits`); other options go to :func:`kepu_plan.layout.plan_from_document`."""
    limits = Limits.take(limits, options)
    document = document_from_xlsx(stream, name, sheet, limits=limits)
    return interpreted(lambda: _plan(document, options), name, options)


def _plan(document: Document, options: dict[str, Any]) -> Plan:
    from kepu_plan.layout import plan_from_document

    if len(document.tables) > 1:
        # Sheets are alternatives, not parts of one table (as a DOCX's tables may be): give the
        # layout only the table sheet, so that no other sheet is read as its continuation.  With
        # no sheet recognisable, all of them go, for the layout's error to list what it found;
        # with columns given by number only, the first sheet.
        columns = options.get("columns") or {}
        table = next((grid for grid in document.tables if _looks_like_table(grid, columns)), None)
        if table is None and columns and all(isinstance(key, int) for key in columns):
            table = document.tables[0]
        if table is not None:
            document = Document(tables=(table,), file=document.file)
    return plan_from_document(document, **options)


# --- writing -------------------------------------------------------------------------------------

#: The fixed time written into the package (document properties and zip entries), so that the
#: same plan always gives the same bytes.
_FIXED_TIME: Final = dt.datetime(2000, 1, 1)
_FONT_BODY: Final = "仿宋_GB2312"
_FONT_HEADER: Final = "黑体"
_FONT_TITLE: Final = "方正小标宋简体"
_SIZE_BODY: Final = 11.0
_SIZE_TITLE: Final = 16.0
_SIZE_LABEL: Final = 12.0
#: Column widths (in character widths) each role may take: (least, most).
_WIDTHS: Final = {
    "number": (5.0, 8.0),
    "count": (8.0, 12.0),
    "name": (10.0, 18.0),
    "target": (14.0, 36.0),
    "short": (8.0, 12.0),
    "action": (10.0, 20.0),
    "task": (10.0, 22.0),
    "content": (24.0, 64.0),
    "units": (10.0, 18.0),
    "leads": (10.0, 18.0),
    "partners": (10.0, 18.0),
    "deadline": (8.0, 16.0),
    "extra": (8.0, 30.0),
}
#: Roles whose cells are centred (short names); the others read from the left.
_CENTRED: Final = frozenset({"number", "count", "units", "leads", "partners", "deadline", "short"})
#: Roles whose cells span many rows, perhaps over a page break: their names stand at the top, so
#: that the page where the range starts shows them.
_NAMES: Final = frozenset({"action", "task", "name"})
#: A text a spreadsheet program could take for a formula or an error value (after whitespace).
_FORMULA_LIKE: Final = ("=", "+", "-", "@", "#", "＝", "＋", "－", "＠")
_ROW_HEIGHT_MAX: Final = 409.0


def _needs_quote(text: str) -> bool:
    """Whether a text would run as a formula or show as an error if typed into a cell."""
    return text.lstrip().startswith(_FORMULA_LIKE)


def _display_width(line: str) -> float:
    """The width of a line in character widths: CJK and other wide characters count double.

    Counted from the UTF-8 length (a wide BMP character takes 3 bytes, ASCII 1): exact for the
    texts of these tables, and fast enough for 10,000 rows.
    """
    return (len(line.encode("utf-8")) + len(line)) / 2


class _FixedTimeZip(zipfile.ZipFile):
    """A zip file whose entries all carry one fixed time, for byte-identical output."""

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: SizedBuffer | str,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zinfo_or_arcname
        else:
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=_FIXED_TIME.timetuple()[:6])
            info.external_attr = 0o600 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        super().writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=compresslevel)

    def write(
        self,
        filename: Any,
        arcname: Any = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        with open(filename, "rb") as source:
            data = source.read()
        self.writestr(str(arcname or filename), data, compresslevel=compresslevel)


class _Look:
    """The cell styles of the workbook, made once and copied into each cell (fast)."""

    def __init__(self, workbook: Workbook) -> None:
        from openpyxl.cell.cell import Cell as SheetCell
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        scratch = workbook.create_sheet("scratch")
        thin = Side(style="thin", color="FF000000")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        body = Font(name=_FONT_BODY, size=_SIZE_BODY)
        header = Font(name=_FONT_HEADER, size=_SIZE_BODY, bold=True)
        fill = PatternFill(fill_type="solid", start_color="FFE7E6E6", end_color="FFE7E6E6")

        def style(
            font: Font, *, horizontal: str, vertical: str = "center", boxed: bool = True, shade: bool = False
        ) -> tuple[StyleArray, StyleArray]:
            made: list[StyleArray] = []
            for quoted in (False, True):
                cell = SheetCell(scratch, row=1, column=1)
                cell.font = font
                cell.alignment = Alignment(horizontal=horizontal, vertical=vertical, wrap_text=True)
                if boxed:
                    cell.border = border
                if shade:
                    cell.fill = fill
                cell.quotePrefix = quoted
                styled: Any = cell  # openpyxl keeps a cell's style in the private _style array
                made.append(styled._style)
            return made[0], made[1]

        self.label = style(Font(name=_FONT_HEADER, size=_SIZE_LABEL), horizontal="left", boxed=False)
        self.title = style(Font(name=_FONT_TITLE, size=_SIZE_TITLE, bold=True), horizontal="center", boxed=False)
        self.header = style(header, horizontal="center", shade=True)
        self.centred = style(body, horizontal="center")
        self.name = style(body, horizontal="center", vertical="top")
        self.left = style(body, horizontal="left")
        self.note = style(body, horizontal="left", boxed=False)
        self.section = style(Font(name=_FONT_HEADER, size=_SIZE_BODY), horizontal="left")
        self.number = style(body, horizontal="center")
        workbook.remove(scratch)


def _escaped(text: str, start: int = 0, end: int | None = None) -> str:
    """``text[start:end]`` as a cell stores it: an underscore that, in the whole text, would read as
    the start of an ``_xHHHH_`` escape is itself escaped (``_x005F_``), also where the piece ends
    inside that escape (the reader joins a cell's runs before decoding)."""
    end = len(text) if end is None else end
    if "_x" not in text:
        return text[start:end]
    pieces: list[str] = []
    at = start
    for match in _TO_ESCAPE.finditer(text, start):  # no end: the escape may reach past it
        if match.start() >= end:
            break
        pieces.append(text[at : match.start()])
        pieces.append("_x005F_")
        at = match.end()
    pieces.append(text[at:end])
    return "".join(pieces)


def _put(
    sheet: Worksheet, row: int, col: int, value: str | int | Decimal | None, look: tuple[StyleArray, StyleArray]
) -> None:
    """Set a cell: a text always as a string (quote prefix when it looks like a formula)."""
    cell: Any = sheet.cell(row=row, column=col)  # Any: the style is set through the private _style
    if isinstance(value, str):
        quoted = _needs_quote(value)
        cell.value = _escaped(value)
        cell.data_type = "s"
        cell._style = copy(look[1] if quoted else look[0])
    else:
        cell.value = value
        cell._style = copy(look[0])


def _put_marked(
    sheet: Worksheet,
    row: int,
    col: int,
    text: str,
    spans: Iterable[tuple[int, int]],
    look: tuple[StyleArray, StyleArray],
) -> None:
    """Set a cell to a text whose character ranges ``spans`` are bold (rich text, in runs)."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    plain = InlineFont(rFont=_FONT_BODY, sz=_SIZE_BODY)
    bold = InlineFont(rFont=_FONT_BODY, sz=_SIZE_BODY, b=True)
    blocks: list[TextBlock] = []
    at = 0
    for start, end in sorted(spans):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        if start > at:
            blocks.append(TextBlock(plain, _escaped(text, at, start)))
        blocks.append(TextBlock(bold, _escaped(text, start, end)))
        at = end
    if at < len(text):
        blocks.append(TextBlock(plain, _escaped(text, at, len(text))))
    cell: Any = sheet.cell(row=row, column=col)
    cell.value = CellRichText(blocks)
    cell.data_type = "s"
    cell._style = copy(look[1] if _needs_quote(text) else look[0])


def _fit_widths(columns: list[list[str]], roles: Iterable[str]) -> list[float]:
    """Each column's width: its widest line, within the limits for its role."""
    widths: list[float] = []
    for texts, role in zip(columns, roles, strict=True):
        least, most = _WIDTHS.get(role, _WIDTHS["extra"])
        widest = 0.0
        for text in texts:
            for line in text.split("\n"):
                if len(line) * 2 <= widest:
                    continue
                widest = max(widest, _display_width(line))
                if widest >= most:
                    break
        widths.append(round(min(max(widest * 1.1 + 2, least), most), 1))
    return widths


def _line_count(text: str, width: float) -> int:
    """How many lines a wrapped text takes in a column ``width`` character widths wide."""
    per_line = max((width - 1.5) / 1.1, 1.0)
    return sum(max(1, math.ceil(_display_width(line) / per_line)) for line in text.split("\n"))


def _line_height(size: float) -> float:
    return size * 1.45


def _fit_heights(cells: Iterable[Cell], widths: list[float], nrows: int, size: float) -> list[float]:
    """Row heights (points) that show every wrapped cell whole; a merged cell shares its rows'."""
    line = _line_height(size)
    heights = [line + 6] * nrows
    spanning: list[tuple[Cell, float]] = []
    for cell in cells:
        width = sum(widths[cell.col : cell.col + cell.colspan]) + 0.5 * (cell.colspan - 1)
        needed = _line_count(cell.text, width) * line + 6
        if cell.rowspan == 1:
            heights[cell.row] = max(heights[cell.row], needed)
        else:
            spanning.append((cell, needed))
    for cell, needed in spanning:
        rows = range(cell.row, min(cell.row + cell.rowspan, nrows))
        have = sum(heights[row] for row in rows)
        if have < needed:
            extra = (needed - have) / len(rows)
            for row in rows:
                heights[row] += extra
    return [min(round(height, 1), _ROW_HEIGHT_MAX) for height in heights]


#: What a worksheet cannot hold: C0 controls but tab, line feed and carriage return, U+FFFE/U+FFFF, lone surrogates.
_UNSTORABLE: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: The most characters a cell holds (Excel's limit; more is cut off or refused when opened).
_MAX_CELL_TEXT: Final = 32_767


def _check_text(text: str, where: str) -> None:
    """Refuse, before anything is written, a text no worksheet cell can hold."""
    if len(text) > _MAX_CELL_TEXT:
        raise WriteError(f"{where}: the text has {len(text):,} characters; a cell holds at most {_MAX_CELL_TEXT:,}")
    bad = _UNSTORABLE.search(text)
    if bad is not None:
        from openpyxl.utils.exceptions import IllegalCharacterError

        # The cause is what openpyxl would raise, without saying where.
        raise WriteError(
            f"{where}: the text contains {bad.group()!r}, which an XLSX file cannot store"
        ) from IllegalCharacterError(f"{bad.group()!r} cannot be used in worksheets")


def _check_cells(grid: Grid) -> None:
    """Every cell lies inside the grid, no two overlap (openpyxl would write a broken file), and
    every text fits in a cell."""
    taken: set[tuple[int, int]] = set()
    for cell in grid.cells:
        if cell.row < 0 or cell.col < 0 or cell.row + cell.rowspan > grid.nrows or cell.col + cell.colspan > grid.ncols:
            raise WriteError(f"{TABLE_SHEET}!{_ref(cell.row, cell.col)}: the cell reaches outside the table")
        _check_text(cell.text, f"{TABLE_SHEET}!{_ref(cell.row, cell.col)}")
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                if (r, c) in taken:
                    raise WriteError(f"{TABLE_SHEET}!{_ref(r, c)}: two cells of the table overlap here")
                taken.add((r, c))


def _ref(row: int, col: int) -> str:
    """The reference of a 0-based grid position, as if the grid started at A1."""
    return f"{column_letter(col + 1)}{row + 1}"


def _table_sheet(sheet: Worksheet, document: Document, look: _Look) -> None:
    """The sheet 分工表: label, title, the table (header, rows, merges), notes; print setup."""
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.properties import PageSetupProperties

    if not document.tables:
        raise WriteError("the layout gave no table to write")
    grid = document.tables[0]
    if grid.nrows == 0 or grid.ncols == 0:
        raise WriteError("the layout gave an empty table")
    _check_cells(grid)
    for what, text in (("the label", document.label or ""), ("the title", document.title)):
        _check_text(text, what)
    for i, note in enumerate(document.notes):
        _check_text(note, f"note {i + 1}")
    ncols = grid.ncols
    roles = list(grid.column_roles[:ncols]) + ["extra"] * (ncols - len(grid.column_roles))
    header_rows = max(grid.header_rows, 1)
    merges: list[CellRange] = []

    def merge(top: int, left: int, bottom: int, right: int) -> None:
        merges.append(CellRange(min_row=top, min_col=left, max_row=bottom, max_col=right))

    widths = _fit_widths(
        [[cell.text for cell in grid.cells if cell.col == col and cell.colspan == 1] for col in range(ncols)], roles
    )
    row = 1
    if document.label:
        _put(sheet, row, 1, document.label, look.label)
        sheet.row_dimensions[row].height = _line_height(_SIZE_LABEL) + 6
        row += 1
    if document.title:
        _put(sheet, row, 1, document.title, look.title)
        if ncols > 1:
            merge(row, 1, row, ncols)
        lines = _line_count(document.title, sum(widths) * _SIZE_BODY / _SIZE_TITLE)
        sheet.row_dimensions[row].height = min(lines * _line_height(_SIZE_TITLE) + 10, _ROW_HEIGHT_MAX)
        row += 1
    top = row

    origins: set[tuple[int, int]] = set()
    for cell in grid.cells:
        if cell.row < header_rows:
            style = look.header
        elif cell.colspan == ncols and ncols > 1:
            style = look.section  # a section row (一、…) spanning the table
        elif roles[cell.col] in _NAMES:
            style = look.name
        elif roles[cell.col] in _CENTRED:
            style = look.centred
        else:
            style = look.left
        if cell.bold_spans and cell.row >= header_rows:
            _put_marked(sheet, top + cell.row, 1 + cell.col, cell.text, cell.bold_spans, style)
        else:
            _put(sheet, top + cell.row, 1 + cell.col, cell.text, style)
        origins.add((cell.row, cell.col))
        if cell.rowspan > 1 or cell.colspan > 1:
            merge(top + cell.row, 1 + cell.col, top + cell.row + cell.rowspan - 1, cell.col + cell.colspan)
    # Every other position of the table, covered cells of merges included, gets the borders too.
    for r in range(grid.nrows):
        style = look.header if r < header_rows else look.left
        for c in range(ncols):
            if (r, c) not in origins:
                _put(sheet, top + r, 1 + c, None, style)
    for index, height in enumerate(_fit_heights(grid.cells, widths, grid.nrows, _SIZE_BODY)):
        sheet.row_dimensions[top + index].height = height
    bottom = top + grid.nrows - 1

    row = bottom + 1
    for note in document.notes:
        _put(sheet, row, 1, note, look.note)
        if ncols > 1:
            merge(row, 1, row, ncols)
        lines = _line_count(note, sum(widths))
        sheet.row_dimensions[row].height = min(lines * _line_height(_SIZE_BODY) + 6, _ROW_HEIGHT_MAX)
        row += 1

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[column_letter(index)].width = width
    # Added to the set directly: ws.merge_cells() would restyle the covered cells one by one
    # and check each range against all before it, which takes seconds for a large plan.
    ranges = sheet.merged_cells.ranges
    for cell_range in merges:
        ranges.add(cell_range)
    header_last = top + header_rows - 1
    sheet.freeze_panes = f"A{header_last + 1}"
    sheet.print_title_rows = f"{top}:{header_last}"
    sheet.auto_filter.ref = f"A{header_last}:{column_letter(ncols)}{bottom}"
    _page_setup(sheet, PageSetupProperties)


def _page_setup(sheet: Worksheet, properties: Any) -> None:
    """A4 landscape, one page wide, centred, page numbers in the footer."""
    from openpyxl.worksheet.page import PageMargins

    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = properties(fitToPage=True)
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    sheet.print_options.horizontalCentered = True
    footer = sheet.oddFooter
    if footer is not None and footer.center is not None:
        footer.center.text = "第 &P 页，共 &N 页"


def _units_rows(plan: Plan) -> Iterator[tuple[str, int, int, str, str]]:
    """Each unit's workload: duties responsible for, duties led, actions led, actions taken part in."""
    responsible: dict[str, int] = {}
    led: dict[str, int] = {}
    leads_actions: dict[str, list[str]] = {}
    in_actions: dict[str, dict[str, None]] = {}
    for action in plan.actions:
        for unit in action.leads:
            leads_actions.setdefault(unit.name, []).append(action.name)
        for task in action.tasks:
            for duty in task.duties:
                for unit in duty.units:
                    responsible[unit.name] = responsible.get(unit.name, 0) + 1
                    in_actions.setdefault(unit.name, {})[action.name] = None
                for unit in duty.leads:
                    led[unit.name] = led.get(unit.name, 0) + 1
    for unit in plan.units:
        yield (
            unit.name,
            responsible.get(unit.name, 0),
            led.get(unit.name, 0),
            "\n".join(leads_actions.get(unit.name, ())),
            "\n".join(in_actions.get(unit.name, {})),
        )


def _list_sheet(
    sheet: Worksheet,
    look: _Look,
    headers: list[tuple[str, str]],
    rows: Iterable[tuple[str | int | Decimal, ...]],
) -> int:
    """A plain list sheet: bold header, bordered rows, frozen header, filter; its last row."""
    from openpyxl.worksheet.properties import PageSetupProperties

    table = list(rows)
    columns: list[list[str]] = [[header] for header, _ in headers]
    for values in table:
        for col, value in enumerate(values):
            columns[col].append(value if isinstance(value, str) else str(value))
    widths = _fit_widths(columns, [role for _, role in headers])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[column_letter(index)].width = width
    line = _line_height(_SIZE_BODY)
    styles = [look.centred if role in _CENTRED or role in _NAMES else look.left for _, role in headers]
    for col, (header, _) in enumerate(headers, start=1):
        _put(sheet, 1, col, header, look.header)
    sheet.row_dimensions[1].height = max(_line_count(header, widths[col]) for col, (header, _) in enumerate(headers))
    sheet.row_dimensions[1].height = sheet.row_dimensions[1].height * line + 6
    for row, values in enumerate(table, start=2):
        lines = 1
        for col, value in enumerate(values):
            if isinstance(value, str):
                _put(sheet, row, col + 1, value or None, styles[col])
                if value:
                    lines = max(lines, _line_count(value, widths[col]))
            else:
                _put(sheet, row, col + 1, value, look.number)
        sheet.row_dimensions[row].height = min(lines * line + 6, _ROW_HEIGHT_MAX)
    last_row = len(table) + 1
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.auto_filter.ref = f"A1:{column_letter(len(headers))}{last_row}"
    _page_setup(sheet, PageSetupProperties)
    return last_row


def _units_sheet(sheet: Worksheet, plan: Plan, look: _Look) -> None:
    headers = [
        ("序号", "number"),
        ("单位", "units"),
        ("负责事项数", "count"),
        ("牵头事项数", "count"),
        ("牵头的重点行动/工程", "extra"),
        ("参与的重点行动/工程", "extra"),
    ]
    rows = [(index, *row) for index, row in enumerate(_units_rows(plan), start=1)]
    _list_sheet(sheet, look, headers, rows)


_COMPARATOR_WORDS: Final = {
    Comparator.EXACT: "等于",
    Comparator.AT_LEAST: "不少于",
    Comparator.AT_MOST: "不超过",
    Comparator.ABOUT: "约",
}
_CADENCE_WORDS: Final = {Cadence.ANNUAL: "每年", Cadence.PERIOD: "规划期内"}
#: The drop-down of the 完成情况 column.
STATUSES: Final = ("未开始", "推进中", "已完成", "未完成")


def _targets_rows(plan: Plan) -> Iterator[tuple[str | int | Decimal, ...]]:
    """One row per target: where it stands (action, task, the duty's number in the table), the
    units, the target's fields, and two empty cells to fill in."""
    index = 0
    number = 0
    for action in plan.actions:
        for task in action.tasks:
            for duty in task.duties:
                number += 1
                units = "\n".join(unit.name for unit in duty.units)
                for target in duty.targets:
                    index += 1
                    yield (
                        index,
                        action.name,
                        task.name,
                        number,
                        units,
                        target.text,
                        target.subject,
                        _COMPARATOR_WORDS[target.comparator],
                        target.quantity,
                        target.measure,
                        _CADENCE_WORDS[target.cadence],
                        "",
                        "",
                    )


def _targets_sheet(sheet: Worksheet, plan: Plan, look: _Look) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    headers = [
        ("序号", "number"),
        ("重点行动/工程", "name"),
        ("主要任务", "name"),
        ("事项序号", "count"),
        ("负责单位", "units"),
        ("指标", "target"),
        ("指标对象", "extra"),
        ("要求", "short"),
        ("数量", "short"),
        ("计量单位", "short"),
        ("周期", "short"),
        ("完成值", "short"),
        ("完成情况", "short"),
    ]
    last = _list_sheet(sheet, look, headers, _targets_rows(plan))
    status = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="完成情况",
        error="请从列表中选择：" + "、".join(STATUSES),
    )
    status.add(f"M2:M{max(last, 2)}")
    sheet.add_data_validation(status)


def render_xlsx(document: Document, plan: Plan, stream: BinaryIO) -> None:
    """Write a laid-out Document (the table) and the Plan's derived sheets as a workbook."""
    try:
        data = _render(document, plan)
    except KepuPlanError:
        raise
    except Exception as error:  # the boundary: no openpyxl or zipfile error gets out bare
        raise WriteError(f"cannot write the workbook: {type(error).__name__}: {error}") from error
    try:
        stream.write(data)
    except OSError as error:
        raise WriteError(f"cannot write the workbook: {error.strerror or error}") from error


def _render(document: Document, plan: Plan) -> bytes:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    look = _Look(workbook)
    table = workbook.active
    assert table is not None
    table.title = TABLE_SHEET
    _table_sheet(table, document, look)
    _units_sheet(workbook.create_sheet(UNITS_SHEET), plan, look)
    _targets_sheet(workbook.create_sheet(TARGETS_SHEET), plan, look)
    workbook.active = 0
    properties = workbook.properties
    properties.creator = "kepu_plan"
    properties.title = plan.title or None
    properties.created = _FIXED_TIME
    properties.modified = _FIXED_TIME
    properties.lastModifiedBy = None
    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).write_data()
    return buffer.getvalue()


def write(plan: Plan, stream: BinaryIO, *, mark_targets: bool = False, **options: Any) -> None:
    """Write a plan as a workbook: the table sheet ``分工表`` and the derived sheets.

    With ``mark_targets`` the quantified targets in each content (每年培训…60名以上) are set in
    bold; the workbook still reads back as the same plan.
    """
    from kepu_plan.layout import document_from_plan

    if options:
        raise TypeError(f"the XLSX writer takes no options but mark_targets, got {', '.join(sorted(options))}")
    render_xlsx(document_from_plan(plan, mark_targets=mark_targets), plan, stream)
