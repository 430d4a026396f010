"""DOCX: read a Word table into a :class:`~kepu_plan.grid.Document`, and write one as a county publishes it.

Reading parses ``word/document.xml`` once with lxml and walks every table in a single pass over
``w:tr`` / ``w:tc`` (``w:gridSpan``, ``w:vMerge``, ``w:gridBefore``), never through python-docx's
``row.cells`` or ``table.cell()``, which are quadratic under merges.  Writing builds the whole
package itself (no template, no current time), so the same plan always gives the same bytes.

The two halves can be used and tested apart from the layout code:

* :func:`document_from_docx` turns a DOCX stream into a Document (paragraphs and grids);
* :func:`render_docx` writes a Document as a DOCX package in the style a :class:`DocxStyle` gives.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from typing import Any, BinaryIO, Final, Literal

import attrs
from lxml import etree

from kepu_plan._grammar.width import display_width
from kepu_plan._i18n import N_, Text
from kepu_plan._limits import DEFAULT as DEFAULT_LIMITS
from kepu_plan._limits import LimitExceeded, Limits, declares_dtd, interpreted, parse_xml, unexpected, xml_parser
from kepu_plan._sniff import KINDS, Kind, foreign_error, sniff_stream, zip_kind
from kepu_plan.errors import KepuPlanError, Location, ReadError, WriteError
from kepu_plan.grid import Cell, Document, Grid, cells_from_spans
from kepu_plan.model import Plan

__all__ = ["NAME", "SUFFIXES", "DocxStyle", "document_from_docx", "read", "render_docx", "write"]

NAME: Final = "docx"
SUFFIXES: Final = (".docx",)

# --- reading --------------------------------------------------------------------------------------

_W_TRANSITIONAL: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_STRICT: Final = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC: Final = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_PACKAGE_RELS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT: Final = ("/officeDocument/2006/relationships/officeDocument", "/officeDocument")


class _Tags:
    """Clark-notation tag names in one WordprocessingML namespace (transitional or strict)."""

    def __init__(self, ns: str) -> None:
        def w(local: str) -> str:
            return f"{{{ns}}}{local}"

        self.val = w("val")
        self.type = w("type")
        self.document = w("document")
        self.body = w("body")
        self.p = w("p")
        self.ppr = w("pPr")
        self.rpr = w("rPr")
        self.t = w("t")
        self.tab = w("tab")
        self.tabs = w("tabs")
        self.br = w("br")
        self.cr = w("cr")
        self.no_break_hyphen = w("noBreakHyphen")
        self.deleted = w("del")
        self.move_from = w("moveFrom")
        self.textbox = w("txbxContent")
        self.fallback = f"{{{_MC}}}Fallback"
        self.tbl = w("tbl")
        self.tbl_grid = w("tblGrid")
        self.grid_col = w("gridCol")
        self.tr = w("tr")
        self.trpr = w("trPr")
        self.tc = w("tc")
        self.tcpr = w("tcPr")
        self.grid_span = w("gridSpan")
        self.grid_before = w("gridBefore")
        self.v_merge = w("vMerge")
        self.h_merge = w("hMerge")
        self.tbl_header = w("tblHeader")
        self.tc_pr_change = w("tcPrChange")
        self.tr_pr_change = w("trPrChange")
        self.sdt = w("sdt")
        self.sdt_content = w("sdtContent")
        self.custom_xml = w("customXml")


_TAGS: Final = {ns: _Tags(ns) for ns in (_W_TRANSITIONAL, _W_STRICT)}
#: A table's origin cells as ``[row, col, text, rowspan, colspan]`` lists, its rows, its width in
#: grid columns and its number of header rows.
_Cells = tuple[list[list[Any]], int, int, int]
_FALSE: Final = frozenset({"0", "false", "off"})

# --- skimming: formatting the reader never looks at is cut out before parsing ---------------------
#
# Run and paragraph properties (w:rPr, w:pPr) and cell borders (w:tcBorders) are most of a
# document.xml (two thirds of the Shenmu table as LibreOffice writes it) and hold no text.  Cutting
# them out of the bytes makes the parse up to four times faster.  An element ``<w:rPr>…</w:rPr>``
# is cut from its start tag to the first ``</w:rPr>`` after it, which is exact when that end tag
# is its own.  So a cut is only made where nothing can deceive a byte search:
#
# * no comment, CDATA section, DTD or processing instruction (but the XML declaration) anywhere;
# * no ``w:rPr`` inside the cut (an element in an element of the same name, as a tracked
#   formatting change has, or an end tag written with spaces, ``</w:rPr >``);
# * no deleted or moved paragraph mark (``w:del``, ``w:moveFrom``) inside a cut ``w:pPr``: the
#   reader joins such a paragraph to the next;
# * no run or text element (``<w:r>``, ``<w:t>``) inside a cut: a damaged part can hold text inside
#   properties, and the reader reads it there (the skimmed part must hold as many of their start tags
#   as the part);
# * the prefix w is declared once, for WordprocessingML, in what is left.
#
# Start tags with attributes (``<w:rPr w:x="…">``) are left alone, elements and all.  Otherwise the
# part is parsed whole, as it is when the skimmed bytes do not parse: an error then names the place
# in the real part.  Damage inside a cut element goes unnoticed, but no text is ever cut.

_W_PREFIX: Final = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# Each element with what must not be inside a cut of it; w:pPr first, as it holds a w:rPr.
_SKIMMED: Final = (
    (b"pPr", (b"w:pPr", b"w:del", b"w:moveFrom")),
    (b"rPr", (b"w:rPr",)),
    (b"tcBorders", (b"w:tcBorders",)),
)
#: The start tags of runs and texts (``<w:r>``, ``<w:r …``, ``<w:t>``, ``<w:t …``, ``<w:t/>``): the
#: skimmed part must hold as many as the part (a cut that took one away took text the reader reads,
#: in a damaged part).
_TEXT_TAGS: Final = re.compile(rb"<w:[rt][ >/]")


def _skim(data: bytes) -> bytes:
    """``document.xml`` without its w:pPr, w:rPr and w:tcBorders elements, or as it is where that
    cannot be done exactly (see above)."""
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    declaration = data.find(b"?>", bom) + 2 if data.startswith(b"<?xml", bom) else 0
    # One-byte searches run at memory speed: "<!" and "<?" are looked for only where "!" or "?" is.
    if (data.find(b"!") >= 0 and b"<!" in data) or (
        data.find(b"?", declaration) >= 0 and data.find(b"<?", declaration) >= 0
    ):
        return data
    skimmed = data
    for name, forbidden in _SKIMMED:
        start = b"<w:" + name + b">"
        end = b"</w:" + name + b">"
        find = skimmed.find
        begin = find(start)
        if begin < 0:
            continue
        view = memoryview(skimmed)  # the kept pieces are views: one copy, by the join
        kept = []
        kept_from = 0
        while begin >= 0:
            close = find(end, begin)
            if close < 0:
                return data  # a start tag without its end: the whole part is parsed and judged
            for token in forbidden:
                if find(token, begin + len(start), close) >= 0:
                    return data
            kept.append(view[kept_from:begin])
            kept_from = close + len(end)
            begin = find(start, kept_from)
        kept.append(view[kept_from:])
        skimmed = b"".join(kept)
    if skimmed.count(b"xmlns:w=") != 1 or _W_PREFIX not in skimmed:
        return data
    if skimmed is not data and len(_TEXT_TAGS.findall(skimmed)) != len(_TEXT_TAGS.findall(data)):
        return data
    return skimmed


# The paragraphs, rows and cells of a document, counted in its bytes before it is parsed (see
# Limits.check_parts): their start tags, ``<w:p>``, ``<w:p w:rsidR="…">`` or ``<w:p/>``.  In a
# skimmed part the prefix w is WordprocessingML's and nothing but markup has a "<"; elsewhere every
# prefix is counted, and any comment that looks like a tag: a count too high, never too low.  Every
# "<" counts as a tag, whatever the element (a run, a text, another namespace's paragraph).
_PARTS_W: Final = re.compile(rb"<w:(p|tr|tc)[\s/>]")
_PARTS_ANY: Final = re.compile(rb"<(?:[^\s/>!?:]+:)?(p|tr|tc)[\s/>]")


def _check_parts(data: bytes, pattern: re.Pattern[bytes], limits: Limits, name: str | None) -> None:
    if data[:4].startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")):  # UTF-16: count it as UTF-8
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    found = pattern.findall(data)
    where = Location(file=name)
    limits.check_parts(data.count(b"<"), found.count(b"p"), found.count(b"tr"), found.count(b"tc"), where)


def _parse_document(data: bytes, part: str, name: str | None, limits: Limits = DEFAULT_LIMITS) -> etree._Element:
    """The main document part parsed, skimmed where that is exact (see :func:`_skim`), once its
    paragraphs, rows and cells are within ``limits``."""
    skimmed = _skim(data)
    _check_parts(skimmed, _PARTS_W if skimmed is not data else _PARTS_ANY, limits, name)
    if skimmed is not data:
        try:
            return _parse_part(skimmed, part, name)
        except ReadError:
            pass  # parse the part as it is, so that an error names the real place
    return _parse_part(data, part, name)


def _parse_part(data: bytes, part: str, name: str | None) -> etree._Element:
    return parse_xml(
        data,
        part,
        Location(file=name),
        parser=xml_parser(),
        dtd_reason=Text(N_("{part} declares a DTD, which a Word document never does"), part=part),
    )


def _not_a_docx(kind: Kind, name: str | None) -> ReadError:
    """The error for content that is not a DOCX package, saying what it is where that is known."""
    where = Location(file=name)
    if kind.key == "ole":
        return ReadError(
            Text(N_("not a DOCX file: this is an old Word .doc or a password-protected file")),
            where,
            Text(N_("save it as .docx (Word 2007 or later) without a password")),
        )
    if kind.key == "empty":
        return ReadError(Text(N_("not a DOCX file: the file is empty")), where, kind.advice)
    if kind.key in ("docx", "xlsx", "zip-damaged"):  # a zip package zipfile cannot open
        return ReadError(
            Text(N_("not a DOCX file: the zip package is damaged or truncated")), where, KINDS["zip-damaged"].advice
        )
    if kind.known:
        return foreign_error(kind, "docx", where)
    return ReadError(Text(N_("not a DOCX file (not a zip package)")), where)


def _open_zip(stream: BinaryIO, name: str | None, limits: Limits) -> zipfile.ZipFile:
    from kepu_plan._limits import open_package

    return open_package(
        limits, stream, Location(file=name), lambda rewound: _not_a_docx(sniff_stream(rewound, name), name)
    )


def _read_member(package: zipfile.ZipFile, member: str, name: str | None) -> bytes:
    try:
        return package.read(package.getinfo(member))
    except Exception as e:  # BadZipFile, zlib/bz2/lzma errors, EOFError, NotImplementedError (method), RuntimeError
        raise ReadError(
            Text(N_("cannot unpack {member}: {error}"), member=member, error=str(e)),
            Location(file=name),
            Text(N_("the file is damaged or truncated: get it again, or open and save it again in Word or WPS")),
        ) from None


def _main_part(package: zipfile.ZipFile, name: str | None) -> str:
    """The main document part, as the package relationships name it (``word/document.xml``)."""
    names = set(package.namelist())
    if "_rels/.rels" in names:
        data = _read_member(package, "_rels/.rels", name)
        if declares_dtd(data):  # refused, even though the relationships could be done without
            _parse_part(data, "_rels/.rels", name)
        try:
            rels: etree._Element | None = _parse_part(data, "_rels/.rels", name)
        except ReadError:
            rels = None  # damaged relationships: look where the document usually is
        if rels is not None:
            for rel in rels.iter(f"{{{_PACKAGE_RELS}}}Relationship"):
                if rel.get("Type", "").endswith(_OFFICE_DOCUMENT):
                    target = rel.get("Target", "").lstrip("/")
                    if target in names and not target.startswith(("xl/", "ppt/")):  # a workbook or slides
                        return target
    if "word/document.xml" in names:
        return "word/document.xml"
    if "xl/workbook.xml" in names:
        hint: str | None = Text(N_("this looks like an XLSX workbook: read it with read_xlsx"))
    else:
        kind = zip_kind(package.namelist(), package.read)
        if kind.key not in ("zip", "docx"):
            raise foreign_error(kind, "docx", Location(file=name))
        if kind.key == "docx":
            hint = Text(
                N_("the package lacks its main part: it is damaged; get it again or save it again in Word or WPS")
            )
        else:
            hint = Text(
                N_("a ZIP archive: unpack it and read the .docx inside, or save the table in Word or WPS as .docx")
            )
    raise ReadError(Text(N_("no word/document.xml: not a Word document")), Location(file=name), hint)


def document_from_docx(stream: BinaryIO, name: str | None = None, *, limits: Limits | None = None) -> Document:
    """Read a DOCX stream into a :class:`~kepu_plan.grid.Document`: preamble, tables, trailer.

    ``name`` is the file name used in error messages; ``limits`` (a :class:`~kepu_plan._limits.Limits`)
    bounds the package and the tables.  Every table becomes a Grid of its origin cells with their
    spans; paragraphs before the first table (with text) form the preamble and those after the last
    one the trailer.  A file without a table raises :class:`~kepu_plan.errors.ReadError`, as does
    anything that is not a readable DOCX package: no exception of zipfile or lxml gets out.
    """
    limits = DEFAULT_LIMITS if limits is None else limits
    try:
        return _document_from_docx(stream, name, limits)
    except KepuPlanError:
        raise
    except Exception as error:  # the boundary: no zipfile or lxml error gets out bare
        raise unexpected(error, Text(N_("cannot read the document")), Location(file=name)) from error


def _document_from_docx(stream: BinaryIO, name: str | None, limits: Limits) -> Document:
    with _open_zip(stream, name, limits) as package:
        part = _main_part(package, name)
        data = _read_member(package, part, name)
    root = _parse_document(data, part, name, limits)
    ns = etree.QName(root).namespace if isinstance(root.tag, str) else None
    tags = _TAGS.get(ns or "")
    if tags is None or root.tag != tags.document:
        raise ReadError(
            Text(N_("{part} is not a WordprocessingML document"), part=part),
            Location(file=name),
            Text(N_("the file is damaged or not a Word document: open it in Word or WPS and save it as .docx")),
        )
    body = root.find(tags.body)
    if body is None:
        raise ReadError(
            Text(N_("{part} has no body"), part=part),
            Location(file=name),
            Text(N_("open it in Word or WPS and save it again")),
        )
    reader = _Reader(tags, name, limits)
    preamble: list[str] = []
    after: list[str] = []
    tables: list[Grid] = []
    notes = 0
    for block in _flatten(body, (tags.p, tags.tbl), tags):
        if block.tag == tags.tbl:
            tables.append(reader.grid(block, len(tables) + 1))
            after = []
        else:
            text = reader.paragraph(block).strip()
            if text:
                notes += 1
                limits.check_notes(notes, lambda: Location(file=name))
                (after if tables else preamble).append(text)
    if not tables:
        raise ReadError(
            Text(N_("no table")), Location(file=name), Text(N_("the allocation table must be a Word table"))
        )
    return Document(tables=tuple(tables), preamble=tuple(preamble), trailer=tuple(after), file=name)


def _flatten(parent: etree._Element, wanted: tuple[str, ...], tags: _Tags) -> Iterator[etree._Element]:
    """The children of ``parent`` with a wanted tag, looking through content controls and custom XML."""
    for child in parent:
        tag = child.tag
        if tag in wanted:
            yield child
        elif tag == tags.sdt:
            content = child.find(tags.sdt_content)
            if content is not None:
                yield from _flatten(content, wanted, tags)
        elif tag == tags.custom_xml:
            yield from _flatten(child, wanted, tags)


def _count_within(element: etree._Element, tags: Sequence[str]) -> int:
    """How many elements below ``element`` carry one of ``tags`` (``iter`` yields them right after it)."""
    return sum(1 for _ in element.iter(*tags)) - 1


class _Reader:
    """Text and grids of one document part."""

    def __init__(self, tags: _Tags, name: str | None, limits: Limits = DEFAULT_LIMITS) -> None:
        self.tags = tags
        self.name = name
        self.limits = limits
        self.max_columns = limits.max_columns
        self.max_rows = limits.max_rows
        self.skipped = (tags.deleted, tags.move_from, tags.textbox, tags.fallback)
        self.special_tags = frozenset((tags.tab, tags.br, tags.cr, tags.no_break_hyphen))
        self.text_tags = (tags.t, tags.tab, tags.br, tags.cr, tags.no_break_hyphen, *self.skipped)
        # What the one-traversal reading of a table handles; anything in ``unusual`` sends the
        # table to the slower reading by structure (nested tables, tracked changes, text boxes).
        self.unusual = (*self.skipped, tags.tbl, tags.tc_pr_change, tags.tr_pr_change)
        self.fast_tags = (
            tags.t,
            tags.p,
            tags.tc,
            tags.tr,
            tags.v_merge,
            tags.grid_span,
            tags.tab,
            tags.br,
            tags.cr,
            tags.no_break_hyphen,
            tags.grid_before,
            tags.tbl_header,
            tags.h_merge,
            *self.unusual,
        )

    def special_text(self, element: etree._Element) -> str:
        """What a ``w:tab``, ``w:br``, ``w:cr`` or ``w:noBreakHyphen`` stands for in a cell's text
        (``""`` for a tab stop in the paragraph properties or a page or column break)."""
        tags = self.tags
        tag = element.tag
        if tag == tags.tab:
            parent = element.getparent()
            return "" if parent is not None and parent.tag == tags.tabs else "\t"
        if tag == tags.br:
            return "\n" if element.get(tags.type) in (None, "textWrapping") else ""
        return "\n" if tag == tags.cr else "-"

    def paragraph(self, p: etree._Element) -> str:
        """The text of a paragraph: runs, hyperlinks, content controls, insertions and field results."""
        tags = self.tags
        parts: list[str] = []
        skip = 0
        for element in p.iter(*self.text_tags):
            if skip:
                skip -= 1
                continue
            tag = element.tag
            if tag == tags.t:
                text = element.text
                if text:
                    parts.append(text)
            elif tag in self.special_tags:
                parts.append(self.special_text(element))
            else:  # deleted, moved away, a text box or a fallback copy: skip it and what it holds
                skip = _count_within(element, self.text_tags)
        return "".join(parts)

    def cell_text(self, tc: etree._Element) -> str:
        """A cell's paragraphs (nested tables included), one line each."""
        tags = self.tags
        lines: list[str] = []
        joined = ""
        skip = 0
        wanted = (tags.p, tags.textbox, tags.fallback)
        for element in tc.iter(*wanted):
            if skip:
                skip -= 1
                continue
            if element.tag != tags.p:
                skip = _count_within(element, wanted)
                continue
            text = joined + self.paragraph(element)
            joined = ""
            ppr = element.find(tags.ppr)
            mark = ppr.find(tags.rpr) if ppr is not None else None
            if mark is not None and mark.find(tags.deleted) is not None:
                joined = text  # a deleted paragraph mark joins this paragraph to the next
                continue
            lines.append(text)
        if joined:
            lines.append(joined)
        return "\n".join(lines)

    def _number(self, element: etree._Element, table: int, row: int, column: int) -> int:
        raw = element.get(self.tags.val)
        try:
            value = int(raw) if raw is not None else 1
        except ValueError:
            where = Location(file=self.name, table=table, row=row, column=column)
            raise ReadError(
                Text(N_("{element} is not a number: {value}"), element=etree.QName(element).localname, value=repr(raw)),
                where,
            ) from None
        return max(value, 0)

    def grid(self, tbl: etree._Element, index: int) -> Grid:
        """One table as a Grid of its origin cells with their spans."""
        tags = self.tags
        tbl_grid = tbl.find(tags.tbl_grid)
        ncols = 0 if tbl_grid is None else sum(1 for child in tbl_grid if child.tag == tags.grid_col)
        found = self._fast_cells(tbl, index)
        if found is None:
            found = self._careful_cells(tbl, index)
        cells, nrows, width, header_rows = found
        limits = self.limits
        limits.check_grid(nrows, max(ncols, width), lambda: Location(file=self.name, table=index))
        for cell in cells:
            if len(cell[2]) > limits.max_cell_chars:
                where = Location(file=self.name, table=index, row=cell[0] + 1, column=cell[1] + 1)
                limits.check_text(cell[2], lambda where=where: where)  # type: ignore[misc]
        return Grid(
            nrows=nrows,
            ncols=max(ncols, width),
            cells=cells_from_spans(cells),
            header_rows=header_rows,
            file=self.name,
            table=index,
        )

    def _too_wide(self, index: int, row: int) -> ReadError:
        where = Location(file=self.name, table=index, row=row + 1)
        return LimitExceeded(
            Text(N_("the row is wider than {most} columns"), most=self.max_columns),
            where,
            Text(
                N_(
                    "a damaged span (w:gridSpan) or a padded row: open the file in Word or WPS and save it again, "
                    "or read it with a larger max_columns="
                )
            ),
        )

    def _too_long(self, index: int) -> ReadError:
        return LimitExceeded(
            Text(N_("the table has more than {most:,} rows"), most=self.max_rows),
            Location(file=self.name, table=index),
            Text(N_("a damaged or padded file; if the table is really this long, read it with a larger max_rows=")),
        )

    def _fast_cells(self, tbl: etree._Element, index: int) -> _Cells | None:
        """The cells of a table in one traversal of its elements, or None for an unusual table.

        The elements come in document order: a ``w:tr`` opens a row, a ``w:tc`` a cell, its
        ``w:tcPr`` spans come before its paragraphs, and each ``w:p`` opens a line.  A cell ends
        where the next cell or row begins; a made-up ``w:tr`` after the table ends the last one.
        """
        tags = self.tags
        special_tags = self.special_tags
        t_tag, p_tag, tc_tag, tr_tag = tags.t, tags.p, tags.tc, tags.tr
        v_merge, grid_span, val = tags.v_merge, tags.grid_span, tags.val
        max_columns, max_rows = self.max_columns, self.max_rows
        end = etree.Element(tr_tag)
        cells: list[list[Any]] = []
        above: dict[int, list[Any]] = {}  # grid column → the cell covering it in the row above
        here: dict[int, list[Any]] = {}
        previous: list[Any] | None = None
        header_rows = 0
        width = 0
        r = -1
        col = 0
        in_cell = False
        span = 1
        merge: str | None = None
        hmerge: str | None = None
        texts: list[str] = []  # the cell's text so far, a "\n" before each paragraph but the first
        in_paragraph = False
        for element in itertools.chain(tbl.iter(*self.fast_tags), (end,)):
            tag = element.tag
            if tag == p_tag:
                if in_paragraph:
                    texts.append("\n")
                else:  # the first paragraph of the cell
                    in_paragraph = True
                continue
            if tag == t_tag:
                text = element.text
                if text and in_paragraph:
                    texts.append(text)
                continue
            if tag in (tc_tag, tr_tag):
                if in_cell:  # the cell before ends here
                    if col + span > max_columns:
                        raise self._too_wide(index, r)
                    origin = above.get(col) if merge == "continue" else None
                    if hmerge == "continue" and previous is not None:  # legacy horizontal merge
                        previous[4] += span
                    elif origin is not None:
                        origin[3] = r - origin[0] + 1
                        text = "".join(texts)
                        if text.strip():  # text in a covered cell is kept rather than lost
                            origin[2] = f"{origin[2]}\n{text}" if origin[2] else text
                        here[col] = previous = origin
                    else:
                        previous = [r, col, "".join(texts), 1, span]
                        cells.append(previous)
                        here[col] = previous
                    col += span
                if tag == tr_tag:
                    if col > width:
                        width = col
                    r += 1
                    if r >= max_rows and element is not end:
                        raise self._too_long(index)
                    col = 0
                    above = here
                    here = {}
                    previous = None
                    in_cell = False
                else:
                    in_cell = True
                    span = 1
                    merge = hmerge = None
                    texts = []
                    in_paragraph = False
                continue
            if tag == v_merge:
                merge = element.get(val, "continue")
            elif tag == grid_span:
                span = max(self._number(element, index, r + 1, col + 1), 1)
            elif tag in special_tags:
                if in_paragraph:
                    texts.append(self.special_text(element))
            elif tag == tags.grid_before:
                col = self._number(element, index, r + 1, 1)
            elif tag == tags.tbl_header:
                if header_rows == r and element.get(val, "true").lower() not in _FALSE:
                    header_rows += 1
            elif tag == tags.h_merge:
                hmerge = element.get(val, "continue")
            elif element is not tbl:
                return None  # an unusual table: read it by structure
        return cells, r, width, header_rows

    def _careful_cells(self, tbl: etree._Element, index: int) -> _Cells:
        """The cells of a table read by its structure, row by row and cell by cell."""
        tags = self.tags
        cells: list[list[Any]] = []
        above: dict[int, list[Any]] = {}  # grid column → the cell covering it in the row above
        header_rows = 0
        nrows = 0
        width = 0
        for tr in _flatten(tbl, (tags.tr,), tags):
            r = nrows
            col = 0
            trpr = tr.find(tags.trpr)
            if trpr is not None:
                if trpr.find(tags.deleted) is not None:
                    continue  # a row deleted with tracked changes on
                before = trpr.find(tags.grid_before)
                if before is not None:
                    col = self._number(before, index, r + 1, 1)
                if header_rows == r:
                    mark = trpr.find(tags.tbl_header)
                    if mark is not None and mark.get(tags.val, "true").lower() not in _FALSE:
                        header_rows += 1
            nrows += 1
            if nrows > self.max_rows:
                raise self._too_long(index)
            here: dict[int, list[Any]] = {}
            previous: list[Any] | None = None
            for tc in _flatten(tr, (tags.tc,), tags):
                span = 1
                merge: str | None = None
                hmerge: str | None = None
                tcpr = tc.find(tags.tcpr)
                if tcpr is not None:
                    element = tcpr.find(tags.grid_span)
                    if element is not None:
                        span = max(self._number(element, index, r + 1, col + 1), 1)
                    element = tcpr.find(tags.v_merge)
                    if element is not None:
                        merge = element.get(tags.val, "continue")
                    element = tcpr.find(tags.h_merge)
                    if element is not None:
                        hmerge = element.get(tags.val, "continue")
                if col + span > self.max_columns:
                    raise self._too_wide(index, r)
                if hmerge == "continue" and previous is not None:  # legacy horizontal merge
                    previous[4] += span
                    col += span
                    continue
                origin = above.get(col) if merge == "continue" else None
                if origin is not None:
                    origin[3] = r - origin[0] + 1
                    text = self.cell_text(tc)
                    if text.strip():  # text in a covered cell is kept rather than lost
                        origin[2] = f"{origin[2]}\n{text}" if origin[2] else text
                    here[col] = origin
                else:
                    origin = [r, col, self.cell_text(tc), 1, span]
                    cells.append(origin)
                    here[col] = origin
                previous = origin
                col += span
            above = here
            width = max(width, col)
        return cells, nrows, width, header_rows


def read(stream: BinaryIO, *, name: str | None = None, limits: Limits | None = None, **options: Any) -> Plan:
    """Read the allocation table of a DOCX stream (``options`` go to the layout, e.g. ``columns=``;
    ``limits`` or ``max_…`` keywords bound what is accepted, see :class:`~kepu_plan._limits.Limits`)."""
    from kepu_plan.layout import plan_from_document

    limits = Limits.take(limits, options)
    document = document_from_docx(stream, name, limits=limits)
    return interpreted(lambda: plan_from_document(document, **options), name, options)


# --- writing --------------------------------------------------------------------------------------


def _positive(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1000:
        raise ValueError(f"DocxStyle.{attribute.name} must be a positive number, not {value!r}")


def _not_negative(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 1000:
        raise ValueError(f"DocxStyle.{attribute.name} must be a number of millimetres ≥ 0, not {value!r}")


def _font(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip() or _XML_UNSAFE.search(value) or _MARKUP.search(value):
        raise ValueError(f"DocxStyle.{attribute.name} must be a font name, not {value!r}")


def _widths(value: Sequence[float] | None) -> tuple[float, ...] | None:
    if value is None:
        return None
    widths = tuple(value)
    for width in widths:
        if isinstance(width, bool) or not isinstance(width, int | float) or width <= 0:
            raise ValueError(f"DocxStyle.column_widths must hold positive millimetres, not {width!r}")
    return widths


@attrs.frozen(kw_only=True)
class DocxStyle:
    """How a plan is laid out in DOCX: paper, margins, fonts and sizes, column widths.

    The defaults follow GB/T 9704-2012 as counties apply it to a landscape attachment table: A4
    landscape with the text block of a portrait page turned (top 28 mm on the binding side, bottom
    26 mm, left 35 mm, right 37 mm), the label 附件 in 黑体 三号 (16 pt), the title in
    方正小标宋简体 二号 (22 pt), the header row in 黑体 and the body in 仿宋_GB2312 四号 (14 pt),
    page numbers ``— N —`` in 宋体 四号, on the outer side (odd pages right, even pages left).
    Sizes are in points, margins and widths in millimetres.

    ``column_widths`` fixes each column's width (mm, one per column); by default the widths are
    shared out by the columns' roles and contents, the content column taking what the short ones
    leave.

    >>> DocxStyle(body_size=12).body_size
    12
    """

    landscape: bool = True
    paper_width: float = attrs.field(default=210.0, validator=_positive)
    paper_height: float = attrs.field(default=297.0, validator=_positive)
    margin_top: float = attrs.field(default=28.0, validator=_not_negative)
    margin_bottom: float = attrs.field(default=26.0, validator=_not_negative)
    margin_left: float = attrs.field(default=35.0, validator=_not_negative)
    margin_right: float = attrs.field(default=37.0, validator=_not_negative)
    label_font: str = attrs.field(default="黑体", validator=_font)
    label_size: float = attrs.field(default=16.0, validator=_positive)
    title_font: str = attrs.field(default="方正小标宋简体", validator=_font)
    title_size: float = attrs.field(default=22.0, validator=_positive)
    header_font: str = attrs.field(default="黑体", validator=_font)
    header_size: float = attrs.field(default=14.0, validator=_positive)
    body_font: str = attrs.field(default="仿宋_GB2312", validator=_font)
    body_size: float = attrs.field(default=14.0, validator=_positive)
    latin_font: str = attrs.field(default="Times New Roman", validator=_font)
    """The font of Latin letters and digits in the body and notes."""
    page_number_font: str = attrs.field(default="宋体", validator=_font)
    page_number_size: float = attrs.field(default=14.0, validator=_positive)
    page_numbers: Literal["outside", "center", "none"] = attrs.field(
        default="outside", validator=attrs.validators.in_(("outside", "center", "none"))
    )
    column_widths: tuple[float, ...] | None = attrs.field(default=None, converter=_widths)

    def __attrs_post_init__(self) -> None:
        width, height = self.page_size
        if self.margin_left + self.margin_right >= width - 10 or self.margin_top + self.margin_bottom >= height - 10:
            raise ValueError("DocxStyle margins leave no room for the table")

    @property
    def page_size(self) -> tuple[float, float]:
        """Width and height of the page as set (mm): landscape really swaps them."""
        short, long = sorted((self.paper_width, self.paper_height))
        return (long, short) if self.landscape else (short, long)

    @property
    def text_width(self) -> float:
        """The width of the text block (mm), which the table fills."""
        return self.page_size[0] - self.margin_left - self.margin_right


_NS_DECL: Final = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
_XML_HEAD: Final = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
#: What XML 1.0 cannot hold (tab and line feed are written as w:tab and paragraphs / w:br).
_XML_UNSAFE: Final = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")
_MARKUP: Final = re.compile(r"[<>&\"\n\t]")

_ROLE_STYLE: Final = {"content": "KpBody", "extra": "KpBody", "action": "KpCentre", "task": "KpCentre"}
#: How many characters of a column's lines should fit on one line, by role, before the rest of the
#: width is shared out; action and task cells span many rows, so they may wrap into a narrow column.
_ROLE_NEED: Final = {
    "action": 6.0,
    "task": 6.0,
    "content": 12.0,
    "units": 8.0,
    "leads": 8.0,
    "partners": 8.0,
    "deadline": 8.0,
    "number": 3.0,
    "extra": 8.0,
}


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _half_points(pt: float) -> int:
    return max(1, round(pt * 2))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run_props(ascii_font: str, east_asian_font: str, size: float, *, bold: bool = False) -> str:
    half = _half_points(size)
    return (
        f'<w:rPr><w:rFonts w:ascii="{ascii_font}" w:hAnsi="{ascii_font}" w:eastAsia="{east_asian_font}" '
        f'w:cs="{ascii_font}"/>{"<w:b/><w:bCs/>" if bold else ""}<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>'
    )


def _runs(text: str, props: str) -> str:
    """Runs for one line of text: tabs become ``w:tab``."""
    pieces = text.split("\t")
    inner = "<w:tab/>".join(f'<w:t xml:space="preserve">{_escape(piece)}</w:t>' if piece else "" for piece in pieces)
    return f"<w:r>{props}{inner}</w:r>" if inner else ""


def _check_text(text: str, where: Callable[[], str]) -> None:
    bad = _XML_UNSAFE.search(text)
    if bad is not None:
        raise WriteError(
            Text(
                N_("{where}: the text contains {character}, which a DOCX file cannot store"),
                where=where(),
                character=repr(bad.group()),
            )
        )


def _display_width(line: str) -> float:
    """A line's width in CJK characters: Latin letters and digits count half."""
    return display_width(line) / 2


#: Where a title may break, best first: after a closing title mark or quote (or before an opening
#: one), after a comma or colon, around parentheses.
_BREAKS_AFTER: Final = {"》": 0, "”": 0, "，": 1, "、": 1, "：": 1, ":": 1, "）": 2, ")": 2}
_BREAKS_BEFORE: Final = {"《": 0, "“": 0, "（": 2, "(": 2}


def _title_lines(title: str, per_line: float) -> str:
    """The title broken into two lines at a natural place, when it is too long for one.

    GB/T 9704 asks for lines broken where the words allow; a reader joins the lines again.

    >>> _title_lines("神木市贯彻《全民科学素质行动规划纲要（2021-2035年）》实施方案“十四五”目标任务分工表", 29)
    '神木市贯彻《全民科学素质行动规划纲要（2021-2035年）》\\n实施方案“十四五”目标任务分工表'
    >>> _title_lines("短标题", 29)
    '短标题'
    """
    if _display_width(title) <= per_line or "\n" in title:
        return title
    total = _display_width(title)
    best: tuple[int, float, int] | None = None
    for i in range(1, len(title)):
        rank = min(_BREAKS_AFTER.get(title[i - 1], 9), _BREAKS_BEFORE.get(title[i], 9))
        if rank == 9:
            continue
        first = _display_width(title[:i])
        second = total - first
        if max(first, second) > per_line or min(first, second) < 0.3 * total:
            continue
        candidate = (rank, abs(first - second), i)
        if best is None or candidate < best:
            best = candidate
    if best is None:
        return title  # let the word processor wrap it
    return f"{title[: best[2]]}\n{title[best[2] :]}"


def _column_widths(grid: Grid, style: DocxStyle) -> list[int]:
    """Column widths in twips that fill the text block, from roles and contents."""
    total = style.text_width
    if style.column_widths is not None:
        if len(style.column_widths) != grid.ncols:
            raise WriteError(
                Text(
                    N_("DocxStyle.column_widths gives {widths} widths for a table of {columns} columns"),
                    widths=len(style.column_widths),
                    columns=grid.ncols,
                )
            )
        return [_twips(width) for width in style.column_widths]
    ncols = grid.ncols
    roles = list(grid.column_roles) + ["extra"] * (ncols - len(grid.column_roles))
    lines: list[list[float]] = [[] for _ in range(ncols)]
    heading = [0.0] * ncols
    for cell in grid.cells:
        if cell.colspan != 1 or not cell.text:
            continue
        widths = [_display_width(line) for line in cell.text.split("\n")]
        if cell.row < grid.header_rows:
            heading[cell.col] = max(heading[cell.col], *widths) * style.header_size / style.body_size
        else:
            lines[cell.col].extend(widths)
    # Each column first gets what nine in ten of its lines need (up to a cap by role) and one
    # character of air; what is left goes to the columns whose text wraps, by how much they hold.
    char_mm = style.body_size * 25.4 / 72
    available = total / char_mm
    need: list[float] = []
    volume: list[float] = []
    for c in range(ncols):
        ordered = sorted(lines[c])
        typical = ordered[(len(ordered) * 9) // 10] if ordered else 0.0
        need.append(max(min(typical, _ROLE_NEED.get(roles[c], 8.0)), heading[c], 1.0) + 1.0)
        volume.append(sum(width for width in ordered if width + 1.0 > need[c]))
    # The content column always takes at least as large a share as any other.
    for c in range(ncols):
        if roles[c] == "content":
            volume[c] = max(volume)
    spare = available - sum(need)
    weight = sum(volume)
    if spare > 0 and weight > 0:
        need = [need[c] + spare * volume[c] / weight for c in range(ncols)]
    scale = available / sum(need)
    twips = [_twips(width * scale * char_mm) for width in need]
    twips[-1] += _twips(total) - sum(twips)  # rounding: the table fills the text block exactly
    return twips


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
_RELS_HEAD: Final = _XML_HEAD + f'<Relationships xmlns="{_PACKAGE_RELS}">'
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


def write(
    plan: Plan, stream: BinaryIO, *, style: DocxStyle | None = None, mark_targets: bool = False, **options: Any
) -> None:
    """Write a plan as a DOCX table laid out for publishing (``style`` a :class:`DocxStyle`).

    With ``mark_targets`` the quantified targets in each content (每年培训…60名以上) are set in
    bold; the document still reads back as the same plan.
    """
    if options:
        raise TypeError(f"write_docx() got unexpected options: {', '.join(sorted(options))}")
    from kepu_plan.layout import document_from_plan

    render_docx(document_from_plan(plan, mark_targets=mark_targets), stream, style)
