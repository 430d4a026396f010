"""Writing a workbook: the table sheet, the list sheets after it, their styles and print setup, as XML.

The parts are written as text, as the DOCX writer writes its document: a few fixed parts (styles,
relationships, content types) and each sheet's XML made row by row, its texts in UTF-8.  Cells
carry one of a fixed set of styles (``_style._STYLES``), so that the same Document gives the same
bytes.  The Document says everything: the sheets' names, which columns hold numbers and which
are filled in from a list; nothing here knows a header text.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import BinaryIO, Final

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import KepuPlanError, WriteError
from kepu_plan.formats.xlsx._style import (
    _CENTRED,
    _FONT_BODY,
    _MAIN,
    _NAMES,
    _ROW_HEIGHT_MAX,
    _SIZE_BODY,
    _SIZE_LABEL,
    _SIZE_TITLE,
    _check_cells,
    _check_text,
    _escaped,
    _fit_heights,
    _fit_widths,
    _flag,
    _line_count,
    _line_height,
    _number,
    _style_id,
    _styles_xml,
    _t,
    _xml_attribute,
    _xml_text,
)
from kepu_plan.grid import Document, Grid, column_letter

__all__ = ["render_xlsx"]

#: The fixed time written into the package (document properties and zip entries), so that the
#: same plan always gives the same bytes.
_FIXED_TIME: Final = (2000, 1, 1, 0, 0, 0)
_FIXED_STAMP: Final = "2000-01-01T00:00:00Z"
# --- sheets ------------------------------------------------------------------------------------------

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
