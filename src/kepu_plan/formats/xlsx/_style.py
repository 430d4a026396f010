"""The workbook writer's cells: their fixed styles, their texts as a cell and XML hold them, and the
sizes of columns and rows that show them whole."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Final

from kepu_plan._grammar.cells import MAX_TEXT_LENGTH
from kepu_plan._grammar.width import display_width
from kepu_plan._i18n import N_, Text
from kepu_plan.errors import WriteError
from kepu_plan.grid import Cell, Grid, column_letter

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
#: What a worksheet cell cannot hold: the cell grammar's ``UNSTORABLE`` but the carriage return.  A
#: worksheet stores one (written ``&#13;``, read back as a line break), while a table's text holds
#: none (the model refuses it): a Document made by hand may still be written.
XLSX_UNSTORABLE: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
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
    if len(text) > MAX_TEXT_LENGTH:
        raise WriteError(
            Text(
                N_("{where}: the text has {count:,} characters; a cell holds at most {most:,}"),
                where=where,
                count=len(text),
                most=MAX_TEXT_LENGTH,
            )
        )
    bad = XLSX_UNSTORABLE.search(text)
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


_MAIN: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
