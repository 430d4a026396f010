"""Reading: the main document part of a DOCX package walked into a :class:`~kepu_plan.grid.Document`.

The part is parsed once with lxml; then one walker reads every table in a single pass over its
elements in document order (``tbl.iter``): a ``w:tr`` opens a row, a ``w:tc`` a cell, its
``w:tcPr`` spans come before its paragraphs, each ``w:p`` opens a line, and each ``w:t`` adds
text.  What Word, WPS and LibreOffice put around and inside tables is handled on the way:

* rows and cells wrapped in content controls (``w:sdt``), custom XML (``w:customXml``) or
  ``mc:AlternateContent`` (its ``mc:Choice``) are read where they stand; ``mc:Fallback`` copies,
  text boxes (``w:txbxContent``), deleted and moved-away text (``w:del``, ``w:moveFrom``) and the
  former properties of a tracked change (``w:tcPrChange``, ``w:trPrChange``) are skipped;
* a row deleted with tracked changes on is skipped; a paragraph whose mark is deleted joins the
  next one;
* ``w:gridBefore`` shifts a row, ``w:gridSpan`` widens a cell, ``w:vMerge`` (restart / continue)
  and the legacy ``w:hMerge`` merge cells, the text of a covered cell is kept in its origin;
* a table nested in a cell gives its paragraphs as lines of that cell.

A paragraph outside the tables is read by the same walker, as a table of one cell.

Before parsing, formatting the reader never looks at is cut out of the bytes where that is exact
(see :func:`_skim`): it is most of a part as Word or LibreOffice writes it.
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from collections.abc import Iterator
from typing import BinaryIO, Final

from lxml import etree

from kepu_plan._gc import collector_paused
from kepu_plan._i18n import N_, Text
from kepu_plan._limits import DEFAULT as DEFAULT_LIMITS
from kepu_plan._limits import LimitExceeded, Limits, at_boundary
from kepu_plan.errors import Location, ReadError
from kepu_plan.formats.docx.package import check_parts, main_part, parse_part
from kepu_plan.grid import Document, Grid, cells_from_spans

__all__ = ["document_from_docx"]

_W_TRANSITIONAL: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_STRICT: Final = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC: Final = "http://schemas.openxmlformats.org/markup-compatibility/2006"

#: The WordprocessingML elements the walker reacts to, by local name.
_WALKED: Final = (
    "t",
    "p",
    "tc",
    "tr",
    "tbl",
    "vMerge",
    "gridSpan",
    "hMerge",
    "tab",
    "br",
    "cr",
    "noBreakHyphen",
    "del",
    "moveFrom",
    "txbxContent",
    "tcPrChange",
    "trPrChange",
    "gridBefore",
    "tblHeader",
)
_FALSE: Final = frozenset({"0", "false", "off"})


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
        #: What the walker is given, in one ``iter``: its elements and the mc:Fallback copies.
        self.walked = (*(w(local) for local in _WALKED), self.fallback)
        #: The elements whose content is skipped, and what a text-bearing element stands for.
        self.skipped = frozenset(
            (self.deleted, self.move_from, self.textbox, self.fallback, self.tc_pr_change, self.tr_pr_change)
        )
        self.special = frozenset((self.tab, self.br, self.cr, self.no_break_hyphen))
        #: What a row or a cell of a nested table says of itself, which its table ignores.
        self.spans = (self.grid_span, self.v_merge, self.h_merge, self.grid_before, self.tbl_header)


_TAGS: Final = {ns: _Tags(ns) for ns in (_W_TRANSITIONAL, _W_STRICT)}


# --- skimming: formatting the reader never looks at is cut out before parsing ---------------------
#
# Run and paragraph properties (w:rPr, w:pPr), cell borders (w:tcBorders) and the cell and row
# formatting Word, WPS and LibreOffice write into every cell and row (w:tcW, w:vAlign, w:shd,
# w:cantSplit …) are most of a document.xml (two thirds of the Shenmu table as LibreOffice writes
# it) and hold no text; cutting them out of the bytes halves the parse, and each element cut is one
# node fewer to build, walk and free.  Two kinds of element are cut:
#
# * a w:rPr, w:pPr or w:tcBorders that holds nothing but empty elements: ``<w:rPr>`` (no
#   attributes), then empty-element tags ``<w:name …/>``, then ``</w:rPr>`` (a w:pPr may hold one
#   such w:rPr among them);
# * an empty element of one of the formatting names in _LOOSE, ``<w:tcW …/>``, wherever it stands,
#   where the next character is a "<".
#
# In well-formed XML no "<" stands in an attribute value or in text, so such a match is exactly one
# element: a container's match must end at its end tag, and a loose one at the "/>" before a "<",
# which a "/>" inside an attribute value is not followed by (its value goes on to a quote).  A match
# cannot reach across the end of a comment or processing instruction either, which would need a ">"
# outside a tag: what lies inside one is cut or not to no effect.  Only CDATA sections, whose text
# may hold "<", stop the cutting.  The empty elements cut inside a container are those whose names
# are not in _READ_EMPTY, and the loose names are none the reader reads: an empty element of such a
# name changes nothing the reader reads (an empty w:t holds no text, an empty w:del or
# w:txbxContent nothing to skip), wherever it stands.  The prefix needs no check: the cut elements
# are of prefix w, which names either WordprocessingML (transitional or strict) or a namespace the
# reader does not see.  Damage inside a cut element goes unnoticed; where the skimmed part does not
# parse, the whole part is parsed, so that an error names the real place.

#: The elements the walker reads something from even when they are empty (a line, a cell, a span,
#: a text, a deleted row or paragraph mark).
_READ_EMPTY: Final = (
    "p",
    "tc",
    "tr",
    "vMerge",
    "gridSpan",
    "hMerge",
    "gridBefore",
    "tblHeader",
    "tab",
    "br",
    "cr",
    "noBreakHyphen",
    "del",
)
_EMPTY: Final = rb"(?:<w:(?!(?:" + "|".join(_READ_EMPTY).encode() + rb")[\s/>])[A-Za-z][\w.-]*(?:\s[^<>]*)?/>)*"
#: Cell, row and run formatting that stands as an empty element outside the properties cut whole
#: (in a w:tcPr or w:trPr beside a merge mark, or between runs): cut wherever it stands.
_LOOSE: Final = (
    "tcW",
    "vAlign",
    "shd",
    "noWrap",
    "hideMark",
    "tcFitText",
    "textDirection",
    "cantSplit",
    "trHeight",
    "proofErr",
    "lastRenderedPageBreak",
    "bookmarkStart",
    "bookmarkEnd",
)
_FORMATTING: Final = re.compile(
    b"<w:(?:rPr>" + _EMPTY + b"</w:rPr>"
    b"|pPr>" + _EMPTY + b"(?:<w:rPr>" + _EMPTY + b"</w:rPr>" + _EMPTY + b")?</w:pPr>"
    b"|tcBorders>" + _EMPTY + b"</w:tcBorders>"
    b"|(?:" + "|".join(_LOOSE).encode() + rb")(?:\s[^<>]*)?/>(?=<))"
)


def _skim(data: bytes) -> bytes:
    """``document.xml`` without the w:rPr, w:pPr and w:tcBorders elements that hold only formatting
    and the empty formatting elements of :data:`_LOOSE` (see above), or as it is where it has a
    CDATA section."""
    if b"<![CDATA[" in data:
        return data
    return _FORMATTING.sub(b"", data)


# --- the document ------------------------------------------------------------------------------------


def document_from_docx(stream: BinaryIO, name: str | None = None, *, limits: Limits | None = None) -> Document:
    """Read a DOCX stream into a :class:`~kepu_plan.grid.Document`: preamble, tables, trailer.

    ``name`` is the file name used in error messages; ``limits`` (a :class:`~kepu_plan._limits.Limits`)
    bounds the package and the tables.  Every table becomes a Grid of its origin cells with their
    spans; paragraphs (with text) before the first table form the preamble, those between two
    tables ``between`` and those after the last one the trailer.  A file without a table raises
    :class:`~kepu_plan.errors.ReadError`, as does anything that is not a readable DOCX package: no
    exception of zipfile or lxml gets out.
    """
    limits = DEFAULT_LIMITS if limits is None else limits
    with collector_paused():  # tens of thousands of cells that form no cycles
        # the boundary: no zipfile or lxml error gets out bare
        return at_boundary(
            lambda: _document_from_docx(stream, name, limits), Text(N_("cannot read the document")), Location(file=name)
        )


def _parse(data: bytes, part: str, name: str | None, limits: Limits) -> etree._Element:
    """The main document part parsed, skimmed where that is exact, once its paragraphs, rows and
    cells are within ``limits``."""
    skimmed = _skim(data)
    check_parts(skimmed, limits, name)
    if skimmed is not data:
        try:
            return parse_part(skimmed, part, name)
        except ReadError:
            pass  # parse the part as it is, so that an error names the real place
    return parse_part(data, part, name)


def _document_from_docx(stream: BinaryIO, name: str | None, limits: Limits) -> Document:
    part, data = main_part(stream, name, limits)
    root = _parse(data, part, name, limits)
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
    walker = _Walker(tags, name, limits)
    paragraphs: list[list[str]] = [[]]  # the paragraphs before each table, and after the last
    tables: list[Grid] = []
    notes = 0
    for block in _blocks(body, tags):
        if block.tag == tags.tbl:
            tables.append(walker.grid(block, len(tables) + 1))
            paragraphs.append([])
        else:
            text = walker.paragraph(block).strip()
            if text:
                notes += 1
                limits.check_notes(notes, lambda: Location(file=name))
                paragraphs[-1].append(text)
    if not tables:
        raise ReadError(
            Text(N_("no table")), Location(file=name), Text(N_("the allocation table must be a Word table"))
        )
    return Document(
        tables=tuple(tables),
        preamble=tuple(paragraphs[0]),
        between=tuple(tuple(texts) for texts in paragraphs[1:-1]),
        trailer=tuple(paragraphs[-1]),
        file=name,
    )


def _blocks(parent: etree._Element, tags: _Tags) -> Iterator[etree._Element]:
    """The paragraphs and tables of the body, looking through content controls and custom XML."""
    for child in parent:
        tag = child.tag
        if tag == tags.p or tag == tags.tbl:
            yield child
        elif tag == tags.sdt:
            content = child.find(tags.sdt_content)
            if content is not None:
                yield from _blocks(content, tags)
        elif tag == tags.custom_xml:
            yield from _blocks(child, tags)


# --- the walker --------------------------------------------------------------------------------------


class _Span:
    """A cell where it starts (0-based), its text and how far it spans, while a table is read."""

    __slots__ = ("col", "colspan", "row", "rowspan", "text")

    def __init__(self, row: int, col: int, text: str, colspan: int) -> None:
        self.row = row
        self.col = col
        self.text = text
        self.rowspan = 1
        self.colspan = colspan


class _Table:
    """What walking a table gives: its origin cells, rows, width in grid columns and header rows."""

    __slots__ = ("cells", "header_rows", "nrows", "width")

    def __init__(self, cells: list[_Span], nrows: int, width: int, header_rows: int) -> None:
        self.cells = cells
        self.nrows = nrows
        self.width = width
        self.header_rows = header_rows


def _parent_tags(element: etree._Element, levels: int) -> tuple[str, ...]:
    """The tags of an element's parent, grandparent … up ``levels`` levels (fewer at the root)."""
    found: list[str] = []
    parent = element.getparent()
    while parent is not None and len(found) < levels:
        found.append(parent.tag)
        parent = parent.getparent()
    return tuple(found)


class _Walker:
    """Texts and grids of one document part, each read in one pass over its elements."""

    def __init__(self, tags: _Tags, name: str | None, limits: Limits = DEFAULT_LIMITS) -> None:
        self.tags = tags
        self.name = name
        self.limits = limits

    def paragraph(self, p: etree._Element) -> str:
        """The text of a paragraph outside a table: runs, hyperlinks, content controls, insertions
        and field results."""
        return self._walk(p, 0).cells[0].text

    def grid(self, tbl: etree._Element, index: int) -> Grid:
        """One table as a Grid of its origin cells with their spans."""
        tags = self.tags
        tbl_grid = tbl.find(tags.tbl_grid)
        ncols = 0 if tbl_grid is None else sum(1 for child in tbl_grid if child.tag == tags.grid_col)
        table = self._walk(tbl, index)
        limits = self.limits
        ncols = max(ncols, table.width)
        limits.check_grid(table.nrows, ncols, lambda: Location(file=self.name, table=index))
        most = limits.max_cell_chars
        for cell in table.cells:
            if len(cell.text) > most:
                where = Location(file=self.name, table=index, row=cell.row + 1, column=cell.col + 1)
                limits.check_text(cell.text, lambda where=where: where)  # type: ignore[misc]
        return Grid(
            nrows=table.nrows,
            ncols=ncols,
            cells=cells_from_spans((cell.row, cell.col, cell.text, cell.rowspan, cell.colspan) for cell in table.cells),
            header_rows=table.header_rows,
            file=self.name,
            table=index,
        )

    def _walk(self, root: etree._Element, index: int) -> _Table:
        """The cells of a table (or of a paragraph, as one cell) in one traversal of its elements.

        A cell ends where the next cell or row begins; a made-up ``w:tr`` after the table ends
        the last one.  Skipped elements are stepped over with what they hold; the rows, cells and
        spans of a nested table are set aside, so that only its paragraphs and texts are read.
        """
        tags = self.tags
        walked = tags.walked
        special, skipped = tags.special, tags.skipped
        t_tag, p_tag, tc_tag, tr_tag, tbl_tag = tags.t, tags.p, tags.tc, tags.tr, tags.tbl
        v_merge, grid_span, val = tags.v_merge, tags.grid_span, tags.val
        max_columns, max_rows = self.limits.max_columns, self.limits.max_rows
        end = etree.Element(tr_tag)
        cells: list[_Span] = []
        above: dict[int, _Span] = {}  # grid column → the cell covering it in the row above
        here: dict[int, _Span] = {}
        before: dict[int, _Span] = {}  # and in the row above that, should this row be deleted
        previous: _Span | None = None
        nested: set[etree._Element] = set()  # the rows, cells and spans of nested tables
        header_rows = 0
        width = 0
        r = -1
        col = 0
        in_row = in_cell = False
        span = 1
        merge: str | None = None
        hmerge: str | None = None
        texts: list[str] = []  # the cell's text so far, a "\n" before each line but the first
        in_paragraph = False
        joins = False  # the paragraph's mark is deleted: it joins the next one
        line_start = 0  # where the last paragraph's text starts in ``texts``
        elements = root.iter(*walked)
        if root.tag == p_tag:  # a paragraph outside a table: one cell, of one row
            r, in_row, in_cell = 0, True, True
        else:
            next(elements)  # the table itself
            elements = itertools.chain(elements, (end,))
        for element in elements:
            tag = element.tag
            if tag == t_tag:
                text = element.text
                if text and in_paragraph:
                    texts.append(text)
            elif tag == p_tag:
                if in_paragraph:
                    if joins:
                        joins = False
                    else:
                        texts.append("\n")
                    line_start = len(texts)
                else:  # the first paragraph of the cell
                    in_paragraph = in_cell
            elif tag == tc_tag or tag == tr_tag:  # noqa: SIM109 (no tuple made per element)
                if nested and element in nested:
                    continue
                if in_cell:  # the cell before ends here
                    if joins and len(texts) == line_start and texts and texts[-1] == "\n":
                        texts.pop()  # an empty last paragraph whose mark is deleted joins nothing
                    if col + span > max_columns:
                        raise self._too_wide(index, r)
                    origin = above.get(col) if merge == "continue" else None
                    if hmerge == "continue" and previous is not None:  # legacy horizontal merge
                        previous.colspan += span
                    elif origin is not None:
                        origin.rowspan = r - origin.row + 1
                        text = "".join(texts)
                        if text.strip():  # text in a covered cell is kept rather than lost
                            origin.text = f"{origin.text}\n{text}" if origin.text else text
                        here[col] = previous = origin
                    else:
                        previous = _Span(r, col, "".join(texts), span)
                        cells.append(previous)
                        here[col] = previous
                    col += span
                    in_cell = in_paragraph = False
                if tag == tc_tag:
                    if in_row:
                        in_cell = True
                        span = 1
                        merge = hmerge = None
                        texts = []
                        joins = False
                        line_start = 0
                    continue
                if in_row and col > width:
                    width = col
                r += 1
                if r >= max_rows and element is not end:
                    raise self._too_long(index)
                in_row = True
                col = 0
                before = above
                above = here
                here = {}
                previous = None
            elif tag == v_merge:
                if not nested or element not in nested:
                    merge = element.get(val, "continue")
            elif tag == grid_span:
                if not nested or element not in nested:
                    span = max(self._number(element, index, r + 1, col + 1), 1)
            elif tag in special:
                if in_paragraph:
                    texts.append(self._special_text(element))
            elif nested and element in nested:
                continue
            elif tag == tags.h_merge:
                hmerge = element.get(val, "continue")
            elif tag == tags.grid_before:
                col = self._number(element, index, r + 1, 1)
            elif tag == tags.tbl_header:
                if header_rows == r and element.get(val, "true").lower() not in _FALSE:
                    header_rows += 1
            elif tag == tbl_tag:  # a table in a cell: its paragraphs are lines of the cell
                nested.update(element.iter(tbl_tag, tr_tag, tc_tag, *tags.spans))
            elif tag == tags.deleted and _parent_tags(element, 1) == (tags.trpr,):
                row = element.getparent().getparent()  # type: ignore[union-attr]
                if in_row and not (nested and row in nested):  # a row deleted with tracked changes on
                    in_row = in_cell = in_paragraph = False  # what it holds is not read
                    header_rows = min(header_rows, r)
                    r -= 1
                    here, above = above, before
            elif tag == tags.deleted and _parent_tags(element, 2) == (tags.rpr, tags.ppr):
                joins = in_paragraph  # a deleted paragraph mark: the paragraph joins the next one
            elif tag in skipped:  # deleted, moved away, a text box, a fallback, former properties
                deque(itertools.islice(elements, sum(1 for _ in element.iter(*walked)) - 1), maxlen=0)
        if root.tag == p_tag:
            return _Table([_Span(0, 0, "".join(texts), 1)], 1, 1, 0)
        return _Table(cells, r, width, header_rows)

    def _special_text(self, element: etree._Element) -> str:
        """What a ``w:tab``, ``w:br``, ``w:cr`` or ``w:noBreakHyphen`` stands for in a text (``""``
        for a tab stop in the paragraph properties or a page or column break)."""
        tags = self.tags
        tag = element.tag
        if tag == tags.tab:
            parent = element.getparent()
            return "" if parent is not None and parent.tag == tags.tabs else "\t"
        if tag == tags.br:
            return "\n" if element.get(tags.type) in (None, "textWrapping") else ""
        return "\n" if tag == tags.cr else "-"

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

    def _too_wide(self, index: int, row: int) -> ReadError:
        where = Location(file=self.name, table=index, row=row + 1)
        return LimitExceeded(
            Text(N_("the row is wider than {most} columns"), most=self.limits.max_columns),
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
            Text(N_("the table has more than {most:,} rows"), most=self.limits.max_rows),
            Location(file=self.name, table=index),
            Text(N_("a damaged or padded file; if the table is really this long, read it with a larger max_rows=")),
        )
