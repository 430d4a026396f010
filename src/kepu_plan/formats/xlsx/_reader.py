"""Reading a workbook: the package, its sheets and what a person sees in each cell, as a Document."""

from __future__ import annotations

import datetime as dt
import math
import posixpath
import re
import zipfile
from collections.abc import Iterable
from typing import Any, BinaryIO, Final

from lxml import etree

from kepu_plan._limits import DEFAULT as DEFAULT_LIMITS
from kepu_plan._limits import LimitExceeded, Limits, interpreted, parse_xml, unexpected, xml_parser
from kepu_plan._sniff import KINDS, Kind, foreign_error, sniff_stream, zip_kind
from kepu_plan.errors import KepuPlanError, Location, ReadError
from kepu_plan.formats.xlsx._numbers import ZH_BUILTIN_FORMATS, format_date, format_number, general
from kepu_plan.formats.xlsx._sheets import DERIVED_SHEETS
from kepu_plan.grid import Cell, Document, Grid, column_letter
from kepu_plan.model import Plan

__all__ = ["document_from_xlsx", "read"]

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
        moment = dt.datetime.fromisoformat(raw.rstrip("Z"))
        code = self.code(style)
        if self.is_date(code):
            return format_date(moment, code)
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
