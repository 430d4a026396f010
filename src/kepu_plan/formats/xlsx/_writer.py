"""Writing a workbook: the table sheet, the list sheets after it, their styles and print setup, as XML.

The parts are written as text, as the DOCX writer writes its document: a few fixed parts (styles,
relationships, content types) and each sheet's XML made row by row, its texts in UTF-8.  Cells
carry one of a fixed set of styles (:data:`_STYLES`), so that the same Document gives the same
bytes.  The Document says everything: the sheets' names, which columns hold numbers and which
are filled in from a list; nothing here knows a header text.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import BinaryIO, Final

from kepu_plan._grammar.width import display_width
from kepu_plan._i18n import N_, Text
from kepu_plan.errors import KepuPlanError, WriteError
from kepu_plan.grid import Cell, Document, Grid, column_letter

__all__ = ["render_xlsx"]

#: The fixed time written into the package (document properties and zip entries), so that the
#: same plan always gives the same bytes.
_FIXED_TIME: Final = (2000, 1, 1, 0, 0, 0)
_FIXED_STAMP: Final = "2000-01-01T00:00:00Z"
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
_TO_ESCAPE: Final = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
#: What a worksheet cannot hold: C0 controls but tab, line feed and carriage return, U+FFFE/U+FFFF, lone surrogates.
_UNSTORABLE: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: The most characters a cell holds (Excel's limit; more is cut off or refused when opened).
_MAX_CELL_TEXT: Final = 32_767
#: Characters XML text must escape ("\r" too: a parser would read a raw one as a line feed).
_XML_SPECIAL: Final = re.compile("[&<>\r]")
_XML_ESCAPES: Final = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;", '"': "&quot;"}
_XML_ATTRIBUTE_SPECIAL: Final = re.compile('[&<>\r"]')


# --- styles ------------------------------------------------------------------------------------------

#: The fonts of the workbook: (name, size, bold).  The first is the workbook's default.
_FONTS: Final = (
    ("Calibri", 11.0, False),
    (_FONT_HEADER, _SIZE_LABEL, False),
    (_FONT_TITLE, _SIZE_TITLE, True),
    (_FONT_HEADER, _SIZE_BODY, True),
    (_FONT_BODY, _SIZE_BODY, False),
    (_FONT_HEADER, _SIZE_BODY, False),
)
#: The cell styles: name → (font, shaded, boxed, horizontal, vertical).  Each is written twice,
#: plain and with the quote prefix (a text that looks like a formula); see :func:`_style_id`.
_STYLES: Final = {
    "label": (1, False, False, "left", "center"),
    "title": (2, False, False, "center", "center"),
    "header": (3, True, True, "center", "center"),
    "centred": (4, False, True, "center", "center"),
    "name": (4, False, True, "center", "top"),
    "left": (4, False, True, "left", "center"),
    "note": (4, False, False, "left", "center"),
    "section": (5, False, True, "left", "center"),
}
_STYLE_IDS: Final = {name: 1 + 2 * index for index, name in enumerate(_STYLES)}


def _style_id(style: str, text: str | None = None) -> int:
    """The ``s`` of a cell in ``style``: the quoted variant for a text that looks like a formula."""
    return _STYLE_IDS[style] + (1 if text is not None and _needs_quote(text) else 0)


def _flag(attribute: str, on: bool) -> str:
    """`` name="1"`` where ``on``, else nothing."""
    return f' {attribute}="1"' if on else ""


def _styles_xml() -> str:
    fonts = "".join(
        f'<font>{"<b/>" if bold else ""}<sz val="{_number(size)}"/><name val="{name}"/></font>'
        for name, size, bold in _FONTS
    )
    thin = '<{0} style="thin"><color rgb="FF000000"/></{0}>'
    xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']
    for font, shaded, boxed, horizontal, vertical in _STYLES.values():
        for quoted in (False, True):
            xfs.append(
                f'<xf numFmtId="0" fontId="{font}" fillId="{2 if shaded else 0}" borderId="{1 if boxed else 0}"'
                f' xfId="0" applyFont="1"{_flag("applyFill", shaded)}{_flag("applyBorder", boxed)}'
                f' applyAlignment="1"{_flag("quotePrefix", quoted)}>'
                f'<alignment horizontal="{horizontal}" vertical="{vertical}" wrapText="1"/></xf>'
            )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<styleSheet xmlns="{_MAIN}">'
        f'<fonts count="{len(_FONTS)}">{fonts}</fonts>'
        '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
        '</fill><fill><patternFill patternType="solid"><fgColor rgb="FFE7E6E6"/><bgColor rgb="FFE7E6E6"/>'
        "</patternFill></fill></fills>"
        '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>'
        + "".join(thin.format(side) for side in ("left", "right", "top", "bottom"))
        + "<diagonal/></border></borders>"
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9"'
        ' defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
    )


# --- texts ---------------------------------------------------------------------------------------------


def _needs_quote(text: str) -> bool:
    """Whether a text would run as a formula or show as an error if typed into a cell."""
    return text.lstrip().startswith(_FORMULA_LIKE)


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


def _xml_text(text: str) -> str:
    """A text as XML character data."""
    if _XML_SPECIAL.search(text) is None:
        return text
    return _XML_SPECIAL.sub(lambda match: _XML_ESCAPES[match.group()], text)


def _xml_attribute(text: str) -> str:
    """A text as an XML attribute value (between double quotes)."""
    if _XML_ATTRIBUTE_SPECIAL.search(text) is None:
        return text
    return _XML_ATTRIBUTE_SPECIAL.sub(lambda match: _XML_ESCAPES[match.group()], text)


def _t(text: str) -> str:
    """A ``<t>`` element holding ``text`` (escaped for the cell and for XML)."""
    if text[:1].isspace() or text[-1:].isspace():
        return f'<t xml:space="preserve">{_xml_text(text)}</t>'
    return f"<t>{_xml_text(text)}</t>"


def _number(value: float | int | Decimal | str) -> str:
    """A number as a cell's ``<v>`` or an attribute holds it: ``15`` for 15.0, else its shortest form."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _check_text(text: str, where: str) -> None:
    """Refuse, before anything is written, a text no worksheet cell can hold."""
    if len(text) > _MAX_CELL_TEXT:
        raise WriteError(
            Text(
                N_("{where}: the text has {count:,} characters; a cell holds at most {most:,}"),
                where=where,
                count=len(text),
                most=_MAX_CELL_TEXT,
            )
        )
    bad = _UNSTORABLE.search(text)
    if bad is not None:
        # The cause says what the character is, as a spreadsheet library would.
        raise WriteError(
            Text(
                N_("{where}: the text contains {character}, which an XLSX file cannot store"),
                where=where,
                character=repr(bad.group()),
            )
        ) from ValueError(f"{bad.group()!r} cannot be used in worksheets")


def _check_cells(grid: Grid, title: str) -> None:
    """Every cell lies inside the grid, no two overlap (a spreadsheet program would call the file
    broken), and every text fits in a cell."""
    taken: set[tuple[int, int]] = set()
    for cell in grid.cells:
        if cell.row < 0 or cell.col < 0 or cell.row + cell.rowspan > grid.nrows or cell.col + cell.colspan > grid.ncols:
            raise WriteError(
                Text(N_("{cell}: the cell reaches outside the table"), cell=f"{title}!{_ref(cell.row, cell.col)}")
            )
        _check_text(cell.text, f"{title}!{_ref(cell.row, cell.col)}")
        if cell.rowspan == 1 and cell.colspan == 1:
            position = (cell.row, cell.col)
            if position in taken:
                raise WriteError(
                    Text(
                        N_("{cell}: two cells of the table overlap here"),
                        cell=f"{title}!{_ref(cell.row, cell.col)}",
                    )
                )
            taken.add(position)
            continue
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                if (r, c) in taken:
                    raise WriteError(
                        Text(N_("{cell}: two cells of the table overlap here"), cell=f"{title}!{_ref(r, c)}")
                    )
                taken.add((r, c))


def _ref(row: int, col: int) -> str:
    """The reference of a 0-based grid position, as if the grid started at A1."""
    return f"{column_letter(col + 1)}{row + 1}"


# --- sizes -------------------------------------------------------------------------------------------


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
                widest = max(widest, display_width(line))
                if widest >= most:
                    break
        widths.append(round(min(max(widest * 1.1 + 2, least), most), 1))
    return widths


def _line_count(text: str, width: float) -> int:
    """How many lines a wrapped text takes in a column ``width`` character widths wide."""
    per_line = max((width - 1.5) / 1.1, 1.0)
    if "\n" not in text:
        return max(1, math.ceil(display_width(text) / per_line))
    return sum(max(1, math.ceil(display_width(line) / per_line)) for line in text.split("\n"))


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


# --- sheets ------------------------------------------------------------------------------------------

_MAIN: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_RELS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"


class _Sheet:
    """One worksheet's XML, made row by row, and what the workbook part says about it."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.rows: list[str] = []
        self.merges: list[str] = []
        self.widths: list[float] = []
        self.frozen_rows = 0
        self.print_rows = ""  # "3:3"
        self.filter = ""  # "A3:D115"
        self.validations = ""
        self.last_row = 0
        self.last_col = 0
        self.letters: list[str] = [""]

    def columns(self, count: int) -> None:
        self.last_col = max(self.last_col, count)
        while len(self.letters) <= count:
            self.letters.append(column_letter(len(self.letters)))

    def row(self, number: int, cells: Iterable[str], height: float | None = None) -> None:
        """Row ``number`` (1-based) of already-made ``<c>`` elements."""
        self.last_row = max(self.last_row, number)
        if height is None:
            self.rows.append(f'<row r="{number}">{"".join(cells)}</row>')
        else:
            self.rows.append(f'<row r="{number}" ht="{_number(height)}" customHeight="1">{"".join(cells)}</row>')

    def text(self, row: int, col: int, text: str | None, style: str) -> str:
        """A ``<c>`` holding a text (or nothing) in ``style``; ``col`` is 1-based."""
        ref = f"{self.letters[col]}{row}"
        if not text:
            return f'<c r="{ref}" s="{_style_id(style)}"/>'
        return f'<c r="{ref}" s="{_style_id(style, text)}" t="inlineStr"><is>{_t(_escaped(text))}</is></c>'

    def marked(self, row: int, col: int, text: str, spans: Iterable[tuple[int, int]], style: str) -> str:
        """A ``<c>`` holding a text whose character ranges ``spans`` are bold, as rich-text runs."""
        font = f'<rFont val="{_FONT_BODY}"/>'
        size = f'<sz val="{_number(_SIZE_BODY)}"/>'
        runs: list[str] = []

        def run(start: int, end: int, bold: bool) -> None:
            piece = _escaped(text, start, end)
            space = ' xml:space="preserve"' if piece[:1].isspace() or piece[-1:].isspace() else ""
            runs.append(f"<r><rPr>{font}{'<b/>' if bold else ''}{size}</rPr><t{space}>{_xml_text(piece)}</t></r>")

        at = 0
        for start, end in sorted(spans):
            start, end = max(start, at), min(end, len(text))
            if start >= end:
                continue
            if start > at:
                run(at, start, False)
            run(start, end, True)
            at = end
        if at < len(text):
            run(at, len(text), False)
        if not runs:
            return self.text(row, col, text, style)
        ref = f"{self.letters[col]}{row}"
        return f'<c r="{ref}" s="{_style_id(style, text)}" t="inlineStr"><is>{"".join(runs)}</is></c>'

    def number(self, row: int, col: int, value: int | Decimal | str, style: str) -> str:
        return f'<c r="{self.letters[col]}{row}" s="{_style_id(style)}"><v>{_number(value)}</v></c>'

    def merge(self, top: int, left: int, bottom: int, right: int) -> None:
        self.merges.append(f'<mergeCell ref="{self.letters[left]}{top}:{self.letters[right]}{bottom}"/>')

    def xml(self, selected: bool) -> str:
        """The worksheet part."""
        dimension = f"A1:{self.letters[max(self.last_col, 1)]}{max(self.last_row, 1)}"
        if self.frozen_rows:
            below = f"A{self.frozen_rows + 1}"
            view = (
                f'<pane ySplit="{self.frozen_rows}" topLeftCell="{below}" activePane="bottomLeft" state="frozen"/>'
                f'<selection pane="bottomLeft" activeCell="{below}" sqref="{below}"/>'
            )
        else:
            view = '<selection activeCell="A1" sqref="A1"/>'
        cols = "".join(
            f'<col min="{index}" max="{index}" width="{_number(width)}" customWidth="1"/>'
            for index, width in enumerate(self.widths, start=1)
        )
        merges = f'<mergeCells count="{len(self.merges)}">{"".join(self.merges)}</mergeCells>' if self.merges else ""
        return "".join(
            (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
                f'<worksheet xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">',
                '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
                f'<dimension ref="{dimension}"/>',
                f"<sheetViews><sheetView{_flag('tabSelected', selected)}"
                f' workbookViewId="0">{view}</sheetView></sheetViews>',
                '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>',
                f"<cols>{cols}</cols>" if cols else "",
                "<sheetData>",
                "".join(self.rows),
                "</sheetData>",
                f'<autoFilter ref="{self.filter}"/>' if self.filter else "",
                merges,
                self.validations,
                '<printOptions horizontalCentered="1"/>',
                '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>',
                '<pageSetup paperSize="9" fitToWidth="1" fitToHeight="0" orientation="landscape"/>',
                "<headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter>",
                "</worksheet>",
            )
        )


def _table_sheet(document: Document) -> _Sheet:
    """The sheet 分工表: label, title, the table (header, rows, merges), notes; print setup."""
    if not document.tables:
        raise WriteError(Text(N_("the layout gave no table to write")))
    grid = document.tables[0]
    if grid.nrows == 0 or grid.ncols == 0:
        raise WriteError(Text(N_("the layout gave an empty table")))
    title = grid.sheet or "Sheet1"
    _check_cells(grid, title)
    for what, text in ((Text(N_("the label")), document.label or ""), (Text(N_("the title")), document.title)):
        _check_text(text, what)
    for i, note in enumerate(document.notes):
        _check_text(note, Text(N_("note {number}"), number=i + 1))
    sheet = _Sheet(title)
    ncols = grid.ncols
    sheet.columns(ncols)
    roles = list(grid.column_roles[:ncols]) + ["extra"] * (ncols - len(grid.column_roles))
    header_rows = max(grid.header_rows, 1)
    column_texts: list[list[str]] = [[] for _ in range(ncols)]
    for cell in grid.cells:
        if cell.colspan == 1:
            column_texts[cell.col].append(cell.text)
    widths = _fit_widths(column_texts, roles)
    sheet.widths = widths
    row = 1
    if document.label:
        sheet.row(row, [sheet.text(row, 1, document.label, "label")], _line_height(_SIZE_LABEL) + 6)
        row += 1
    if document.title:
        lines = _line_count(document.title, sum(widths) * _SIZE_BODY / _SIZE_TITLE)
        height = min(lines * _line_height(_SIZE_TITLE) + 10, _ROW_HEIGHT_MAX)
        sheet.row(row, [sheet.text(row, 1, document.title, "title")], height)
        if ncols > 1:
            sheet.merge(row, 1, row, ncols)
        row += 1
    top = row

    column_styles = ["name" if role in _NAMES else "centred" if role in _CENTRED else "left" for role in roles[:ncols]]
    heights = _fit_heights(grid.cells, widths, grid.nrows, _SIZE_BODY)
    for r, cells in enumerate(grid.rows()):
        number = top + r
        made: list[str] = []
        header = r < header_rows
        col = 0
        for cell in cells:
            # Every other position of the table, covered cells of merges included, gets the borders too.
            while col < cell.col:
                col += 1
                made.append(sheet.text(number, col, None, "header" if header else "left"))
            col += 1
            if header:
                style = "header"
            elif cell.colspan == ncols and ncols > 1:
                style = "section"  # a section row (一、…) spanning the table
            else:
                style = column_styles[cell.col]
            if cell.bold_spans and not header:
                made.append(sheet.marked(number, col, cell.text, cell.bold_spans, style))
            else:
                made.append(sheet.text(number, col, cell.text, style))
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge(number, col, number + cell.rowspan - 1, col + cell.colspan - 1)
        while col < ncols:
            col += 1
            made.append(sheet.text(number, col, None, "header" if header else "left"))
        sheet.row(number, made, heights[r])
    bottom = top + grid.nrows - 1

    row = bottom + 1
    for note in document.notes:
        lines = _line_count(note, sum(widths))
        sheet.row(row, [sheet.text(row, 1, note, "note")], min(lines * _line_height(_SIZE_BODY) + 6, _ROW_HEIGHT_MAX))
        if ncols > 1:
            sheet.merge(row, 1, row, ncols)
        row += 1

    header_last = top + header_rows - 1
    sheet.frozen_rows = header_last
    sheet.print_rows = f"{top}:{header_last}"
    sheet.filter = f"A{header_last}:{sheet.letters[ncols]}{bottom}"
    return sheet


def _list_sheet(grid: Grid, number: int) -> _Sheet:
    """A plain list sheet (the grid's first row its header, one cell per position): bold header,
    bordered rows, frozen header, filter, and a drop-down in each column filled in from a list."""
    title = grid.sheet or f"Sheet{number}"
    _check_cells(grid, title)
    sheet = _Sheet(title)
    ncols = grid.ncols
    sheet.columns(ncols)
    rows = list(grid.rows())
    if not rows:
        raise WriteError(Text(N_("the layout gave an empty table")))
    headers = [cell.text for cell in rows[0]]
    roles = list(grid.column_roles[:ncols]) + ["extra"] * (ncols - len(grid.column_roles))
    numeric = grid.number_columns
    columns: list[list[str]] = [[header] for header in headers]
    for cells in rows[1:]:
        for cell in cells:
            columns[cell.col].append(cell.text)
    widths = _fit_widths(columns, roles)
    sheet.widths = widths
    line = _line_height(_SIZE_BODY)
    styles = ["centred" if role in _CENTRED or role in _NAMES else "left" for role in roles]
    header_lines = max(_line_count(header, widths[col]) for col, header in enumerate(headers))
    sheet.row(
        1,
        [sheet.text(1, col, header, "header") for col, header in enumerate(headers, start=1)],
        header_lines * line + 6,
    )
    for row, cells in enumerate(rows[1:], start=2):
        lines = 1
        made: list[str] = []
        for cell in cells:
            col, value = cell.col, cell.text
            if col in numeric:
                made.append(sheet.number(row, col + 1, value, "centred"))
                continue
            made.append(sheet.text(row, col + 1, value, styles[col]))
            if value:
                lines = max(lines, _line_count(value, widths[col]))
        sheet.row(row, made, min(lines * line + 6, _ROW_HEIGHT_MAX))
    last_row = len(rows)
    sheet.last_row = last_row
    sheet.frozen_rows = 1
    sheet.print_rows = "1:1"
    sheet.filter = f"A1:{sheet.letters[ncols]}{last_row}"
    validations = []
    for col, texts in grid.choices:
        letter = sheet.letters[col + 1]
        error = _xml_attribute("请从列表中选择：" + "、".join(texts))
        validations.append(
            '<dataValidation type="list" allowBlank="1" showErrorMessage="1"'
            f' errorTitle="{_xml_attribute(headers[col])}" error="{error}"'
            f' sqref="{letter}2:{letter}{max(last_row, 2)}"><formula1>"{_xml_text(",".join(texts))}"</formula1>'
            "</dataValidation>"
        )
    if validations:
        sheet.validations = f'<dataValidations count="{len(validations)}">{"".join(validations)}</dataValidations>'
    return sheet


# --- the package -------------------------------------------------------------------------------------

_TYPES: Final = "application/vnd.openxmlformats-officedocument"


def _workbook_xml(sheets: Sequence[_Sheet]) -> str:
    entries = "".join(
        f'<sheet name="{_xml_attribute(sheet.title)}" sheetId="{index}" r:id="rId{index}"/>'
        for index, sheet in enumerate(sheets, start=1)
    )
    names: list[str] = []
    for index, sheet in enumerate(sheets):
        quoted = "'" + sheet.title.replace("'", "''") + "'"
        if sheet.filter:
            first, last = sheet.filter.split(":")
            area = f"{quoted}!{_absolute(first)}:{_absolute(last)}"
            names.append(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">'
                f"{_xml_text(area)}</definedName>"
            )
        if sheet.print_rows:
            first_row, last_row = sheet.print_rows.split(":")
            area = f"{quoted}!${first_row}:${last_row}"
            names.append(
                f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">{_xml_text(area)}</definedName>'
            )
    defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
        '<workbookPr/><bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{entries}</sheets>{defined}<calcPr calcId="
        '"191029"/></workbook>'
    )


def _absolute(ref: str) -> str:
    """``A3`` → ``$A$3``."""
    letters = ref.rstrip("0123456789")
    return f"${letters}${ref[len(letters) :]}"


def _parts(sheets: Sequence[_Sheet], title: str) -> list[tuple[str, str]]:
    """Every part of the package, in the order written: (name, XML text)."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{index}.xml" ContentType="{_TYPES}.spreadsheetml.worksheet+xml"/>'
        for index in range(1, len(sheets) + 1)
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPES}.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}"
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPES}.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml"'
        ' ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{_TYPES}.extended-properties+xml"/>'
        "</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PACKAGE_RELS}">'
        f'<Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{_DOC_RELS}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )
    sheet_rels = "".join(
        f'<Relationship Id="rId{index}" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet{index}.xml"/>'
        for index in range(1, len(sheets) + 1)
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PACKAGE_RELS}">{sheet_rels}'
        f'<Relationship Id="rId{len(sheets) + 1}" Type="{_DOC_RELS}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + (f"<dc:title>{_xml_text(title)}</dc:title>" if title else "")
        + "<dc:creator>kepu_plan</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{_FIXED_STAMP}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{_FIXED_STAMP}</dcterms:modified>'
        "</cp:coreProperties>"
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>kepu_plan</Application></Properties>"
    )
    parts = [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", root_rels),
        ("docProps/app.xml", app),
        ("docProps/core.xml", core),
        ("xl/workbook.xml", _workbook_xml(sheets)),
        ("xl/_rels/workbook.xml.rels", workbook_rels),
        ("xl/styles.xml", _styles_xml()),
    ]
    parts.extend(
        (f"xl/worksheets/sheet{index}.xml", sheet.xml(selected=index == 1))
        for index, sheet in enumerate(sheets, start=1)
    )
    return parts


def render_xlsx(document: Document, stream: BinaryIO) -> None:
    """Write a laid-out Document as a workbook: its first grid as the table sheet (with the
    document's label, title and notes), each further grid as a list sheet after it."""
    try:
        data = _render(document)
    except KepuPlanError:
        raise
    except Exception as error:  # the boundary: no zipfile or encoding error gets out bare
        raise WriteError(
            Text(N_("cannot write the workbook: {error}"), error=f"{type(error).__name__}: {error}")
        ) from error
    try:
        stream.write(data)
    except OSError as error:
        raise WriteError(Text(N_("cannot write the workbook: {error}"), error=str(error.strerror or error))) from error


def _render(document: Document) -> bytes:
    sheets = [_table_sheet(document)]
    sheets.extend(_list_sheet(grid, number) for number, grid in enumerate(document.tables[1:], start=2))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _parts(sheets, document.title):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.external_attr = 0o600 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
