"""A cell's value as stored in an XLSX part, before it is shown: cell references, texts with
``_xHHHH_`` escapes, the workbook's shared strings, and the styles that say how a number is shown.

The sheet readers (the fast path in :mod:`._fast`, the tree walk in :mod:`._walk`) keep values in
these forms; :class:`kepu_plan.formats.xlsx._sheet.SheetCells` shows them as text.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Final, TypeAlias

from lxml import etree

from kepu_plan._i18n import N_, Text
from kepu_plan.formats.xlsx._numbers import ZH_BUILTIN_FORMATS, format_date, format_number, general
from kepu_plan.formats.xlsx._package import MAIN_NAMESPACES, Package

__all__ = [
    "DAMAGED",
    "DIGITS",
    "UNCACHED",
    "BadCell",
    "Stored",
    "Styles",
    "Tags",
    "column_index",
    "item_text",
    "parse_ref",
    "parsed_strings",
    "stored_text",
    "unescape",
]

_ESCAPED: Final = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SURROGATES: Final = re.compile("[\ud800-\udfff]")
_CELL_REF: Final = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
DIGITS: Final = "0123456789"
DAMAGED: Final = Text(N_("the file is damaged: open it in Excel or WPS and save it again"))
#: ISO 8601 durations as Excel writes them in date cells of Strict files: ``PT0H11M0.000S``.
_DURATION: Final = re.compile(
    r"^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)

#: A value kept as stored until it is shown: (kind, raw text, style).  ``kind`` is the cell's
#: ``t`` (``n`` number, ``d`` date, ``b`` boolean, ``e`` error), or ``x``: a text with escapes.
Stored: TypeAlias = "str | tuple[str, str, str | None]"
#: A formula cell without a cached value: an error where the table needs it, ignored elsewhere.
UNCACHED: Final = ("u", "", None)


def column_index(letters: str) -> int:
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
    return int(match[2]), column_index(match[1])


class BadCell(ValueError):
    """A cell's value cannot be read; the caller adds where the cell is."""


def unescape(text: str) -> str:
    """Decode ``_xHHHH_`` escapes; an escaped UTF-16 surrogate pair is one character."""
    text = _ESCAPED.sub(lambda match: chr(int(match[1], 16)), text)
    if _SURROGATES.search(text) is not None:
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
        lone = _SURROGATES.search(text)
        if lone is not None:
            raise BadCell(
                Text(
                    N_(
                        "the cell holds the escape _x{code:04X}_, half of a UTF-16 surrogate pair without "
                        "its other half: no character"
                    ),
                    code=ord(lone.group()),
                )
            )
    return text


def stored_text(text: str) -> Stored:
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
        raise BadCell(
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


def item_text(element: etree._Element, tags: Tags) -> str:
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


def parsed_strings(package: Package, part: str, data: bytes) -> list[Stored]:
    """The workbook's shared strings from their part's bytes, each as stored (decoded where a cell
    that uses it is shown), the part parsed as a tree."""
    root = package.parse(part, data)
    tags = Tags(etree.QName(root).namespace or MAIN_NAMESPACES[0])
    strings: list[Stored] = []
    for item in root.iterchildren(tags.si):
        if len(item) == 1 and item[0].tag == tags.t:
            strings.append(stored_text(item[0].text or ""))
        else:
            strings.append(stored_text(item_text(item, tags)))
    return strings
