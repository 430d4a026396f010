"""What forms and ledger workbooks share: text cells that stay text, a few styles, the hidden data
sheet, and cell values read back as text or figures."""

from __future__ import annotations

import copy
import datetime
import io
import os
import weakref
import zipfile
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, Final

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from kepu_plan._grammar.width import display_width
from kepu_plan._i18n import N_, Text
from kepu_plan.errors import Location, ReadError
from kepu_plan.tracking._output import write_to
from kepu_plan.tracking.model import number

__all__ = [
    "DATA_SHEET",
    "Styles",
    "figure_text",
    "fit_height",
    "lines",
    "load",
    "print_setup",
    "put",
    "read_data_sheet",
    "save",
    "text_of",
    "write_data_sheet",
]

#: The hidden sheet that identifies a workbook written by kepu_plan (plan, period, unit).
DATA_SHEET: Final = "_kepu"

FONT: Final = "宋体"
HEADER_FONT: Final = "黑体"
_THIN: Final = Side(style="thin", color="808080")


class Styles:
    """The looks of form and ledger cells (openpyxl shares equal styles, so one set per workbook)."""

    border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
    title = Font(name=HEADER_FONT, size=16, bold=True)
    subtitle = Font(name=FONT, size=11)
    header = Font(name=HEADER_FONT, size=11, bold=True)
    body = Font(name=FONT, size=10.5)
    header_fill = PatternFill("solid", fgColor="D9E1F2")
    input_fill = PatternFill("solid", fgColor="FFF7D6")
    wrap = Alignment(wrap_text=True, vertical="top")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)


#: The looks a cell can have: the attributes openpyxl sets on it.
_LOOKS: Final[dict[str, dict[str, Any]]] = {
    "body": {"font": Styles.body, "alignment": Styles.wrap, "border": Styles.border},
    "center": {"font": Styles.body, "alignment": Styles.center, "border": Styles.border},
    "header": {"font": Styles.header, "fill": Styles.header_fill, "alignment": Styles.center, "border": Styles.border},
    "input": {
        "font": Styles.body,
        "alignment": Styles.wrap,
        "border": Styles.border,
        "fill": Styles.input_fill,
        "protection": Protection(locked=False),
    },
    "bold": {"font": Styles.header, "alignment": Styles.wrap, "border": Styles.border},
    "bold-center": {"font": Styles.header, "alignment": Styles.center, "border": Styles.border},
    "title": {"font": Styles.title, "alignment": Alignment(vertical="center")},
    "line": {"font": Styles.subtitle, "alignment": Alignment(vertical="center")},
}
#: Each workbook's style of each look, made once: setting a font or border on a cell makes openpyxl
#: hash style objects, which, per cell, takes most of the time of writing a form.
_MADE: weakref.WeakKeyDictionary[Workbook, dict[str, Any]] = weakref.WeakKeyDictionary()


def put(sheet: Worksheet, row: int, column: int, value: str | int | Decimal | None, *, style: str = "body") -> Any:
    """Set a cell and its look: a text always as a text (``=…`` and ``#N/A`` too), a Decimal as a number."""
    cell: Any = sheet.cell(row=row, column=column)
    quote = False
    if isinstance(value, str):
        cell.value = value
        if value.startswith("=") or value in ERROR_CODES:
            cell.data_type = "s"
            quote = True
    elif isinstance(value, Decimal):
        cell.value = float(value)
    else:
        cell.value = value
    workbook = sheet.parent
    assert workbook is not None
    made = _MADE.setdefault(workbook, {})
    look = made.get(style)
    if look is None:
        for name, attribute in _LOOKS[style].items():
            setattr(cell, name, attribute)
        made[style] = copy.copy(cell._style)
    else:
        cell._style = copy.copy(look)
    if quote:
        cell.quotePrefix = True
    return cell


def lines(text: str, width: float) -> int:
    r"""How many lines ``text`` takes wrapped in a column ``width`` characters wide (CJK count double).

    >>> lines("神木市科学技术协会", 10), lines("a\nb", 10), lines("", 10)
    (2, 2, 1)
    """
    room = max(int(width) - 1, 1)
    return max(sum(max(-(-display_width(line) // room), 1) for line in text.split("\n")), 1)


def fit_height(sheet: Worksheet, row: int, count: int = 1) -> None:
    """Set the height of a row to show its wrapped texts (``count`` lines at least); a spreadsheet
    does not measure rows that a program wrote, and the print would show one line of each."""
    needed = count
    for cell in sheet[row]:
        if isinstance(cell.value, str) and cell.alignment is not None and cell.alignment.wrap_text:
            width = sheet.column_dimensions[cell.column_letter].width or 8.43
            needed = max(needed, lines(cell.value, width))
    sheet.row_dimensions[row].height = 14.5 * needed + 3


def figure_text(value: int | Decimal) -> str:
    """A figure written out: ``60``, ``13.5``."""
    return str(value) if isinstance(value, int) else format(value, "f")


def text_of(value: object) -> str:
    """A cell's value as the text a person sees (a number written out, a date as 2024-05-01)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        try:
            return figure_text(number(value))
        except ValueError:
            return str(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def write_data_sheet(workbook: Workbook, data: Mapping[str, str]) -> None:
    """Add the hidden, protected sheet of name/value rows that identifies the workbook."""
    sheet = workbook.create_sheet(DATA_SHEET)
    for row, (name, value) in enumerate(data.items(), start=1):
        sheet.cell(row=row, column=1, value=name)
        put(sheet, row, 2, value)
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True


def read_data_sheet(workbook: Workbook) -> dict[str, str] | None:
    """The name/value rows of the hidden data sheet; None when the workbook has none."""
    if DATA_SHEET not in workbook.sheetnames:
        return None
    data: dict[str, str] = {}
    for name, value, *_ in workbook[DATA_SHEET].iter_rows(max_col=2, values_only=True):
        if isinstance(name, str):
            data[name] = text_of(value)
    return data


def save(workbook: Workbook, target: str | os.PathLike[str] | BinaryIO) -> None:
    """Write ``workbook`` to a path (atomically: whole or not at all) or to a binary stream."""
    write_to(target, workbook.save)


def print_setup(sheet: Worksheet, header_row: int) -> None:
    """Print on A4 landscape, fitted to the page's width, the header row repeated on every page."""
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def load(source: str | os.PathLike[str] | BinaryIO, file: str) -> Workbook:
    """Open a workbook for reading (values, not formulas), any failure a ReadError naming ``file``."""
    try:
        data = Path(source).read_bytes() if isinstance(source, str | os.PathLike) else source.read()
        return load_workbook(io.BytesIO(data), data_only=True)
    except OSError as error:
        reason = Text(N_("cannot read the file: {reason}"), reason=error.strerror or str(error))
        raise ReadError(reason, Location(file=file)) from error
    except (
        zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, IndexError, AttributeError,
        EOFError, SyntaxError,
    ) as error:  # fmt: skip
        raise ReadError(
            Text(N_("not an XLSX workbook, or a damaged one ({kind})"), kind=type(error).__name__),
            Location(file=file),
            hint=Text(N_("save it again as .xlsx")),
        ) from error
