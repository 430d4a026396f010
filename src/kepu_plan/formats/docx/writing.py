"""Writing: a :class:`~kepu_plan.grid.Document` rendered as the parts of a DOCX package.

The renderer writes the XML itself (no template, no current time), so the same Document and
:class:`~kepu_plan.formats.docx.style.DocxStyle` always give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import BinaryIO, Final, Literal

from kepu_plan._grammar.cells import unstorable
from kepu_plan._i18n import N_, Text
from kepu_plan.errors import WriteError
from kepu_plan.formats.docx.package import PACKAGE_RELS
from kepu_plan.formats.docx.style import (
    DocxStyle,
    _column_widths,
    _run_props,
    _title_lines,
    _twips,
)
from kepu_plan.grid import Cell, Document, Grid

__all__ = ["render_docx"]

_NS_DECL: Final = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
_XML_HEAD: Final = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_ROLE_STYLE: Final = {"content": "KpBody", "extra": "KpBody", "action": "KpCentre", "task": "KpCentre"}


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _runs(text: str, props: str) -> str:
    """Runs for one line of text: tabs become ``w:tab``."""
    pieces = text.split("\t")
    inner = "<w:tab/>".join(f'<w:t xml:space="preserve">{_escape(piece)}</w:t>' if piece else "" for piece in pieces)
    return f"<w:r>{props}{inner}</w:r>" if inner else ""


def _check_text(text: str, where: Callable[[], str]) -> None:
    bad = unstorable(text)
    if bad is not None:
        raise WriteError(
            Text(
                N_("{where}: the text contains {character}, which a DOCX file cannot store"),
                where=where(),
                character=repr(bad),
            )
        )


class _Renderer:
    """Builds the parts of a DOCX package for one Document and style."""

    def __init__(self, style: DocxStyle) -> None:
        self.style = style
        s = style
        self.body_props = _run_props(s.latin_font, s.body_font, s.body_size)
        self.bold_props = _run_props(s.latin_font, s.body_font, s.body_size, bold=True)
        self.header_props = _run_props(s.header_font, s.header_font, s.header_size)
        self.label_props = _run_props(s.label_font, s.label_font, s.label_size)
        self.title_props = _run_props(s.title_font, s.title_font, s.title_size)
        self.number_props = _run_props(s.page_number_font, s.page_number_font, s.page_number_size)

    # -- document.xml

    def document(self, document: Document) -> str:
        out: list[str] = [_XML_HEAD, f"<w:document {_NS_DECL}><w:body>"]
        if document.label:
            _check_text(document.label, lambda: Text(N_("the label")))
            out.append(self._paragraph("KpLabel", document.label, self.label_props))
        if document.title:
            _check_text(document.title, lambda: Text(N_("the title")))
            per_line = self.style.text_width / (self.style.title_size * 25.4 / 72)
            out.append(self._paragraph("KpTitle", _title_lines(document.title, per_line), self.title_props))
        for index, grid in enumerate(document.tables):
            if grid.nrows == 0 or grid.ncols == 0:
                continue  # nothing to set: a table needs a row and a column
            if index:
                out.append('<w:p><w:pPr><w:pStyle w:val="KpNote"/></w:pPr></w:p>')
            self._table(grid, index + 1, out)
        for i, note in enumerate(document.notes):
            _check_text(note, lambda i=i: Text(N_("note {number}"), number=i + 1))  # type: ignore[misc]
            out.append(self._paragraph("KpNote", note, self.body_props))
        # A body ends with a paragraph; after a table it is a tiny one that cannot push a blank page.
        out.append('<w:p><w:pPr><w:pStyle w:val="KpEnd"/></w:pPr></w:p>')
        out.append(self._section())
        out.append("</w:body></w:document>")
        return "".join(out)

    def _paragraph(self, style_id: str, text: str, props: str) -> str:
        """One paragraph; line breaks inside it become ``w:br``."""
        runs = f"<w:r>{props}<w:br/></w:r>".join(_runs(line, props) for line in text.split("\n"))
        return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>{runs}</w:p>'

    def _cell_paragraphs(self, cell: Cell, style_id: str, props: str, out: list[str]) -> None:
        """A cell's lines, one paragraph each; ``bold_spans`` split the runs."""
        head = f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>'
        if not cell.bold_spans:
            for line in cell.text.split("\n"):
                out.append(f"{head}{_runs(line, props)}</w:p>")
            return
        bold = [False] * len(cell.text)
        for start, end in cell.bold_spans:
            for i in range(max(start, 0), min(end, len(bold))):
                bold[i] = True
        offset = 0
        for line in cell.text.split("\n"):
            runs: list[str] = []
            start = 0
            for i in range(1, len(line) + 1):
                if i == len(line) or bold[offset + i] != bold[offset + start]:
                    piece = line[start:i]
                    runs.append(_runs(piece, self.bold_props if bold[offset + start] else props))
                    start = i
            out.append(f"{head}{''.join(runs)}</w:p>")
            offset += len(line) + 1

    def _table(self, grid: Grid, index: int, out: list[str]) -> None:
        widths = _column_widths(grid, self.style)
        ncols = grid.ncols
        roles = grid.column_roles
        # What each row holds, by grid column: (cell, is_origin).
        rows: list[dict[int, tuple[Cell, bool]]] = [{} for _ in range(grid.nrows)]
        for cell in grid.cells:
            if cell.row < 0 or cell.col < 0 or cell.rowspan < 1 or cell.colspan < 1:
                raise WriteError(
                    Text(N_("table {table}: a cell has a bad position or span: {cell}"), table=index, cell=repr(cell))
                )
            if cell.row + cell.rowspan > grid.nrows or cell.col + cell.colspan > ncols:
                raise WriteError(
                    Text(N_("table {table}: a cell reaches beyond the grid: {cell}"), table=index, cell=repr(cell))
                )
            _check_text(
                cell.text,
                lambda c=cell: Text(  # type: ignore[misc]
                    N_("table {table}, row {row}, column {column}"), table=index, row=c.row + 1, column=c.col + 1
                ),
            )
            for r in range(cell.row, cell.row + cell.rowspan):
                if cell.col in rows[r]:
                    raise WriteError(
                        Text(
                            N_("table {table}: two cells cover row {row}, column {column}"),
                            table=index,
                            row=r + 1,
                            column=cell.col + 1,
                        )
                    )
                rows[r][cell.col] = (cell, r == cell.row)
        borders = "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        columns = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
        out.append(
            f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
            f'<w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>'
            '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
            f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{columns}</w:tblGrid>'
        )
        starts = [0]
        for width in widths:
            starts.append(starts[-1] + width)
        covered_empty = '<w:p><w:pPr><w:pStyle w:val="KpCentre"/></w:pPr></w:p>'
        for r, row in enumerate(rows):
            header = r < grid.header_rows
            out.append("<w:tr><w:trPr><w:cantSplit/>")
            if header:
                out.append("<w:tblHeader/>")
            out.append("</w:trPr>")
            col = 0
            for start in sorted(row):
                while col < start:  # a hole in the grid: an empty cell keeps the columns in place
                    out.append(
                        f'<w:tc><w:tcPr><w:tcW w:w="{widths[col]}" w:type="dxa"/></w:tcPr>{covered_empty}</w:tc>'
                    )
                    col += 1
                cell, origin = row[start]
                span = cell.colspan
                props = [f'<w:tc><w:tcPr><w:tcW w:w="{starts[start + span] - starts[start]}" w:type="dxa"/>']
                if span > 1:
                    props.append(f'<w:gridSpan w:val="{span}"/>')
                if cell.rowspan > 1:
                    props.append('<w:vMerge w:val="restart"/>' if origin else "<w:vMerge/>")
                props.append('<w:vAlign w:val="center"/></w:tcPr>')
                out.append("".join(props))
                if not origin:
                    out.append(covered_empty)
                elif header:
                    self._cell_paragraphs(cell, "KpHeader", self.header_props, out)
                else:
                    role = roles[start] if start < len(roles) else "extra"
                    self._cell_paragraphs(cell, _ROLE_STYLE.get(role, "KpCentre"), self.body_props, out)
                out.append("</w:tc>")
                col = start + span
            for rest in range(col, ncols):  # and so does a hole at the end of the row
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{widths[rest]}" w:type="dxa"/></w:tcPr>{covered_empty}</w:tc>')
            out.append("</w:tr>")
        out.append("</w:tbl>")

    def _section(self) -> str:
        s = self.style
        width, height = s.page_size
        footers = ""
        if s.page_numbers != "none":
            footers = '<w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
            if s.page_numbers == "outside":
                footers += '<w:footerReference w:type="even" r:id="rIdFooterEven"/>'
        # The number's top sits 7 mm below the text block (GB/T 9704 §7.5).
        footer = max(s.margin_bottom - 7 - s.page_number_size * 25.4 / 72 * 1.3, 0)
        orient = ' w:orient="landscape"' if s.landscape else ""
        return (
            f'<w:sectPr>{footers}<w:pgSz w:w="{_twips(width)}" w:h="{_twips(height)}"{orient}/>'
            f'<w:pgMar w:top="{_twips(s.margin_top)}" w:right="{_twips(s.margin_right)}" '
            f'w:bottom="{_twips(s.margin_bottom)}" w:left="{_twips(s.margin_left)}" w:header="851" '
            f'w:footer="{_twips(footer)}" w:gutter="0"/><w:cols w:space="425"/></w:sectPr>'
        )

    # -- the other parts

    def footer(self, side: Literal["odd", "even", "center"]) -> str:
        indent = round(self.style.page_number_size * 20)  # one character
        placement = {
            "odd": f'<w:ind w:right="{indent}"/><w:jc w:val="right"/>',
            "even": f'<w:ind w:left="{indent}"/><w:jc w:val="left"/>',
            "center": '<w:jc w:val="center"/>',
        }[side]
        props = self.number_props
        return (
            f'{_XML_HEAD}<w:ftr {_NS_DECL}><w:p><w:pPr><w:pStyle w:val="KpFooter"/>{placement}</w:pPr>'
            f'<w:r>{props}<w:t xml:space="preserve">— </w:t></w:r>'
            f'<w:r>{props}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{props}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r>'
            f"<w:r>{props}<w:t>1</w:t></w:r>"
            f'<w:r>{props}<w:fldChar w:fldCharType="end"/></w:r>'
            f'<w:r>{props}<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>'
        )

    def styles(self) -> str:
        s = self.style

        def paragraph_style(style_id: str, name: str, ppr: str, rpr: str) -> str:
            return (
                f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
                f'<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>{ppr}</w:pPr>{rpr}</w:style>'
            )

        single = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        return (
            f"{_XML_HEAD}<w:styles {_NS_DECL}><w:docDefaults><w:rPrDefault>"
            f"{_run_props(s.latin_font, s.body_font, s.body_size)}</w:rPrDefault><w:pPrDefault><w:pPr>"
            f"{single}</w:pPr></w:pPrDefault></w:docDefaults>"
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
            '<w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style>'
            '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
            '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
            '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
            '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
            '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr></w:style>"
            + paragraph_style(
                "KpLabel",
                "kp 附件标识",
                '<w:spacing w:before="0" w:after="0" w:line="560" w:lineRule="exact"/><w:jc w:val="left"/>',
                self.label_props,
            )
            + paragraph_style(
                "KpTitle",
                "kp 标题",
                '<w:spacing w:before="560" w:after="280" w:line="560" w:lineRule="atLeast"/><w:jc w:val="center"/>',
                self.title_props,
            )
            + paragraph_style("KpHeader", "kp 表头", f'{single}<w:jc w:val="center"/>', self.header_props)
            + paragraph_style("KpBody", "kp 表格正文", f'{single}<w:jc w:val="both"/>', self.body_props)
            + paragraph_style("KpCentre", "kp 表格居中", f'{single}<w:jc w:val="center"/>', self.body_props)
            + paragraph_style(
                "KpNote", "kp 注", '<w:spacing w:before="120" w:after="0"/><w:jc w:val="left"/>', self.body_props
            )
            + paragraph_style("KpFooter", "kp 页码", single, self.number_props)
            + paragraph_style(
                "KpEnd",
                "kp 文末",
                '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>',
                _run_props(s.latin_font, s.body_font, 1),
            )
            + "</w:styles>"
        )

    def settings(self) -> str:
        even_odd = "<w:evenAndOddHeaders/>" if self.style.page_numbers == "outside" else ""
        return (
            f'{_XML_HEAD}<w:settings {_NS_DECL}><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>'
            f'{even_odd}<w:characterSpacingControl w:val="compressPunctuation"/><w:compat>'
            '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
            'w:val="15"/></w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
            '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
        )

    def font_table(self) -> str:
        s = self.style
        cjk = dict.fromkeys([s.body_font, s.header_font, s.label_font, s.title_font, s.page_number_font])
        fonts = "".join(
            f'<w:font w:name="{font}"><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/>'
            "</w:font>"
            for font in cjk
            if font != s.latin_font
        )
        fonts += (
            f'<w:font w:name="{s.latin_font}"><w:charset w:val="00"/><w:family w:val="roman"/>'
            '<w:pitch w:val="variable"/></w:font>'
        )
        return f"{_XML_HEAD}<w:fonts {_NS_DECL}>{fonts}</w:fonts>"


_CONTENT_TYPES: Final = (
    _XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/footer1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer2.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
_RELS_HEAD: Final = _XML_HEAD + f'<Relationships xmlns="{PACKAGE_RELS}">'
_REL_TYPE: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS: Final = (
    _RELS_HEAD + f'<Relationship Id="rId1" Type="{_REL_TYPE}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL_TYPE}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_DOCUMENT_RELATIONSHIPS: Final = (
    _RELS_HEAD + f'<Relationship Id="rIdStyles" Type="{_REL_TYPE}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rIdSettings" Type="{_REL_TYPE}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rIdFonts" Type="{_REL_TYPE}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rIdFooterOdd" Type="{_REL_TYPE}/footer" Target="footer1.xml"/>'
    f'<Relationship Id="rIdFooterEven" Type="{_REL_TYPE}/footer" Target="footer2.xml"/>'
    "</Relationships>"
)
_APP: Final = (
    _XML_HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>kepu_plan</Application></Properties>"
)
#: Fixed member timestamps: the same Document always gives the same bytes.
_ZIP_TIME: Final = (1980, 1, 1, 0, 0, 0)


def _core(title: str) -> str:
    return (
        _XML_HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{_escape(title)}</dc:title><dc:creator>kepu_plan</dc:creator><dc:language>zh-CN</dc:language>"
        "</cp:coreProperties>"
    )


def render_docx(document: Document, stream: BinaryIO, style: DocxStyle | None = None) -> None:
    """Write a Document as a DOCX package to a binary stream.

    The label, title, each table and the notes are set as :class:`DocxStyle` says (GB/T 9704 by
    default).  Cell lines become paragraphs; ``rowspan`` and ``colspan`` become ``w:vMerge`` and
    ``w:gridSpan``; the first ``header_rows`` rows repeat on every page; ``bold_spans`` are set in
    bold.  The bytes depend only on the Document and the style.
    """
    if style is None:
        style = DocxStyle()
    elif not isinstance(style, DocxStyle):
        raise TypeError(f"style must be a DocxStyle, not {type(style).__name__}")
    renderer = _Renderer(style)
    parts = [
        ("[Content_Types].xml", _CONTENT_TYPES),
        ("_rels/.rels", _PACKAGE_RELATIONSHIPS),
        ("docProps/core.xml", _core(document.title)),
        ("docProps/app.xml", _APP),
        ("word/document.xml", renderer.document(document)),
        ("word/styles.xml", renderer.styles()),
        ("word/settings.xml", renderer.settings()),
        ("word/fontTable.xml", renderer.font_table()),
        ("word/footer1.xml", renderer.footer("center" if style.page_numbers == "center" else "odd")),
        ("word/footer2.xml", renderer.footer("even")),
        ("word/_rels/document.xml.rels", _DOCUMENT_RELATIONSHIPS),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for member, text in parts:
            info = zipfile.ZipInfo(member, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            package.writestr(info, text.encode("utf-8"), compresslevel=6)
    stream.write(buffer.getbuffer())
