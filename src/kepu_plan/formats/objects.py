"""python-docx ``Document`` and openpyxl ``Workbook`` objects, met where users hold them.

A county writes the body of its implementation plan with python-docx, or keeps an instructions
sheet in a workbook, and attaches the allocation table with kepu_plan.  This module converts
between those objects and what the DOCX and XLSX formats read and write (bytes):

- **Reading** saves the object into memory and reads the saved bytes with the format's reader, so
  an object reads exactly as the file it would be saved as (saving the Shenmu table takes a few
  milliseconds; python-docx and openpyxl keep no cheaper form of the text).
- **Writing DOCX** takes the plan rendered by the DOCX writer (:mod:`kepu_plan._pipeline` renders
  it) and grafts the result into the user's document: the user's last section is closed where its
  content ends, and the label, title, table and notes follow in a new section with the writer's
  page (A4 landscape and margins of :class:`~kepu_plan.formats.docx.DocxStyle`).  The paragraph
  styles the table uses are copied in with the writer's defaults folded in, so the user's
  ``Normal`` style (a first-line indent, 1.5 line spacing) does not reach into the table; a style
  of the same id but another definition is
  left alone and ours is renamed (``KpBody2``).  Headers and footers (page numbers) continue from
  the user's section, as Word does for a new section.
- **Writing XLSX** takes the workbook rendered by the XLSX writer, loads it with openpyxl and copies
  its sheets (分工表, 单位, 指标) after the user's sheets: values as stored (never re-read as
  formulas), styles, merged ranges, widths and heights, frozen rows, filters, data validations,
  print set-up and print titles.  A sheet of the same name is never overwritten silently: the
  write is refused unless ``replace=True``, which puts the new sheet where the old one was.

Nothing here imports python-docx or openpyxl before a caller hands over one of their objects:
:func:`held_format` recognises them by their classes' modules.
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Final, Literal

from lxml import etree

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import KepuPlanError, Location, ReadError, WriteError

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from openpyxl import Workbook
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["DOCX_NAME", "XLSX_NAME", "add_sheets", "append_to_document", "check_held", "held_format", "saved"]

#: How an object is named in error messages (it has no file name).
DOCX_NAME: Final = "python-docx Document"
XLSX_NAME: Final = "openpyxl Workbook"

_CLASSES: Final = {
    ("docx.document", "Document"): "docx",
    ("openpyxl.workbook.workbook", "Workbook"): "xlsx",
}


def held_format(value: object) -> Literal["docx", "xlsx"] | None:
    """``"docx"`` for a python-docx Document, ``"xlsx"`` for an openpyxl Workbook, else ``None``.

    Decided by the classes' modules, so that a path or a stream never imports either library.

    >>> held_format("plan.docx") is None
    True
    """
    for cls in type(value).__mro__:
        found = _CLASSES.get((cls.__module__, cls.__qualname__))
        if found == "docx":
            return "docx"
        if found == "xlsx":
            return "xlsx"
    return None


class _Saved(io.BytesIO):
    """An object saved into memory, named for error messages."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = name


def saved(value: object) -> io.BytesIO:
    """A python-docx Document or openpyxl Workbook saved into a named in-memory stream.

    A workbook keeps its ``properties.modified`` (openpyxl sets it on every save).  A workbook
    opened ``read_only`` or ``write_only`` cannot be saved and is refused with a ``TypeError``.
    """
    kind = held_format(value)
    buffer = io.BytesIO()
    if kind == "docx":
        name = DOCX_NAME
        try:
            value.save(buffer)  # type: ignore[attr-defined]
        except Exception as error:
            raise ReadError(
                Text(N_("python-docx cannot save the document: {error}"), error=str(error)), Location(file=name)
            ) from error
    elif kind == "xlsx":
        name = XLSX_NAME
        _check_mode(value, "read")
        properties = value.properties  # type: ignore[attr-defined]
        modified = properties.modified
        try:
            value.save(buffer)  # type: ignore[attr-defined]
        except Exception as error:
            raise ReadError(
                Text(N_("openpyxl cannot save the workbook: {error}"), error=str(error)), Location(file=name)
            ) from error
        finally:
            properties.modified = modified
    else:
        raise TypeError(f"expected a python-docx Document or an openpyxl Workbook, not {type(value).__name__}")
    return _Saved(buffer.getvalue(), name)


def check_held(value: object, format: Literal["docx", "xlsx"]) -> None:
    """Refuse with a ``TypeError``, before anything is rendered for it, an object that is not a
    python-docx Document (``docx``) or an openpyxl Workbook that can be written (``xlsx``)."""
    if held_format(value) != format:
        wanted = "a python-docx Document" if format == "docx" else "an openpyxl Workbook"
        raise TypeError(f"expected {wanted}, not {type(value).__name__}")
    if format == "xlsx":
        _check_mode(value, "write")


def _check_mode(workbook: object, doing: Literal["read", "write"]) -> None:
    for mode in ("read_only", "write_only"):
        if getattr(workbook, mode, False):
            hint = (
                "pass the file's path instead, or load it without read_only=True"
                if mode == "read_only"
                else "use a Workbook() made without write_only=True"
            )
            raise TypeError(f"cannot {doing} a workbook opened with {mode}=True: {hint}")


# --- DOCX ----------------------------------------------------------------------------------------

_W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


#: The order of a ``w:pPr``'s children (ECMA-376 Part 1, CT_PPrBase), for the properties folded in.
_PPR_ORDER: Final = tuple(
    _w(tag)
    for tag in (
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    )
)
#: No indent: a user's Normal style often indents first lines by two characters.
_NO_INDENT: Final = {
    "left": "0",
    "right": "0",
    "firstLine": "0",
    "leftChars": "0",
    "rightChars": "0",
    "firstLineChars": "0",
}
_REFERENCES: Final = (_w("pStyle"), _w("rStyle"), _w("tblStyle"))


def append_to_document(rendered: bytes, document: DocxDocument) -> None:
    """Append the label, title, table and notes of a DOCX the writer ``rendered`` to a python-docx
    Document, in a new section.

    The section has the page of ``style`` (A4 landscape by default); the user's sections keep
    theirs.  When the last section has no content yet (a new document, or one just given a new
    section), the plan's section takes its place: no empty page.  Any error leaves the document as
    it was: everything is prepared before the document is touched.
    """
    from docx.oxml.parser import parse_xml  # python-docx is imported: the caller holds its Document

    check_held(document, "docx")
    with zipfile.ZipFile(io.BytesIO(rendered)) as package:
        ours = parse_xml(package.read("word/document.xml"))
        our_styles = parse_xml(package.read("word/styles.xml"))
    body = ours.find(_w("body"))
    blocks: list[Any] = list(body) if body is not None else []
    section = blocks.pop()  # the writer ends its body with the section's properties
    for reference in section.findall(_w("headerReference")) + section.findall(_w("footerReference")):
        section.remove(reference)  # headers and footers continue from the user's section
    renames, new_styles = _styles_to_add(our_styles, document.styles.element, blocks)
    for element in _descendants(blocks):
        if element.tag in _REFERENCES:
            value = element.get(_w("val"))
            if value in renames:
                element.set(_w("val"), renames[value])
    # -- from here on only moves of prepared elements: nothing can fail half-way
    for definition in new_styles:
        document.styles.element.append(definition)
    body = document.element.body
    user_section = body.find(_w("sectPr"))
    if user_section is None:  # a body without one is laid out with the defaults: keep them for it
        user_section = parse_xml(f'<w:sectPr xmlns:w="{_W}"/>')
        body.append(user_section)
    content = [child for child in body if child.tag in (_w("p"), _w("tbl"), _w("sdt"), _w("customXml"))]
    if content and not _ends_section(content[-1]):
        _end_section(content[-1], user_section, parse_xml)
    else:  # the last section is empty: the plan's takes its place, with its headers and footers
        for reference in user_section.findall(_w("headerReference")) + user_section.findall(_w("footerReference")):
            section.insert(0, reference)
        body.remove(user_section)
    for block in blocks:
        body.append(block)
    body.append(section)


def _ends_section(block: Any) -> bool:
    return block.tag == _w("p") and block.find(f"{_w('pPr')}/{_w('sectPr')}") is not None


def _end_section(last: Any, section: Any, parse_xml: Any) -> None:
    """Close the user's section after ``last``: its ``w:sectPr`` goes into the last paragraph's
    properties (as Word writes a section break), or into a new empty paragraph after a table."""
    holder = last
    if last.tag != _w("p"):
        holder = parse_xml(f'<w:p xmlns:w="{_W}"/>')
        last.addnext(holder)
    holder.set_sectPr(section)  # python-docx puts it in its place among the properties


def _descendants(elements: Iterable[Any]) -> Iterator[Any]:
    for element in elements:
        yield from element.iter()


def _styles_to_add(our_styles: Any, user_styles: Any, blocks: list[Any]) -> tuple[dict[str, str], list[Any]]:
    """The style definitions the blocks use, made independent of the document's defaults, and the
    ids to rename where the document already has another style of that id or name."""
    used = {element.get(_w("val")) for element in _descendants(blocks) if element.tag in _REFERENCES}
    defaults = our_styles.find(f"{_w('docDefaults')}/{_w('pPrDefault')}/{_w('pPr')}")
    normal = next(
        (s for s in our_styles.findall(_w("style")) if s.get(_w("type")) == "paragraph" and s.get(_w("default"))),
        None,
    )
    normal_ppr = normal.find(_w("pPr")) if normal is not None else None
    existing = {s.get(_w("styleId")): s for s in user_styles.findall(_w("style"))}
    names = {_style_name(s) for s in user_styles.findall(_w("style"))}
    renames: dict[str, str] = {}
    added: list[Any] = []
    for definition in our_styles.findall(_w("style")):
        style_id = definition.get(_w("styleId"))
        if style_id not in used:
            continue
        if definition.get(_w("type")) == "paragraph":
            _fold_paragraph_defaults(definition, (defaults, normal_ppr))
        same = existing.get(style_id)
        if same is not None and _canonical(same) == _canonical(definition):
            continue  # attached before with the same style: shared
        if same is not None or _style_name(definition) in names:
            number = 2
            while f"{style_id}{number}" in existing or f"{_style_name(definition)} {number}" in names:
                number += 1
            renames[style_id] = f"{style_id}{number}"
            definition.set(_w("styleId"), renames[style_id])
            name = definition.find(_w("name"))
            if name is not None:
                name.set(_w("val"), f"{_style_name(definition)} {number}")
        existing[definition.get(_w("styleId"))] = definition
        names.add(_style_name(definition))
        added.append(definition)
    return renames, added


def _canonical(element: Any) -> bytes:
    return bytes(etree.tostring(element, method="c14n", exclusive=True))


def _style_name(definition: Any) -> str:
    name = definition.find(_w("name"))
    return str(name.get(_w("val"))) if name is not None else ""


def _fold_paragraph_defaults(definition: Any, sources: tuple[Any, ...]) -> None:
    """Give a paragraph style every paragraph property it had from our defaults and ``Normal``,
    with no indent, and base it on nothing: the user's defaults then cannot change it."""
    merged: dict[str, Any] = {}
    own = definition.find(_w("pPr"))
    for ppr in (*sources, own):
        if ppr is None:
            continue
        for child in ppr:
            if child.tag in merged and child.tag in (_w("spacing"), _w("ind")):
                merged[child.tag].attrib.update(child.attrib)  # the style's attributes over the defaults'
            else:
                merged[child.tag] = copy.deepcopy(child)
    indent = merged.setdefault(_w("ind"), definition.makeelement(_w("ind")))
    for attribute, value in _NO_INDENT.items():
        if indent.get(_w(attribute)) is None:
            indent.set(_w(attribute), value)
    if own is None:
        own = etree.SubElement(definition, _w("pPr"))
    for child in list(own):
        own.remove(child)
    for tag in sorted(merged, key=lambda tag: _PPR_ORDER.index(tag) if tag in _PPR_ORDER else len(_PPR_ORDER)):
        own.append(merged[tag])
    based_on = definition.find(_w("basedOn"))
    if based_on is not None:
        definition.remove(based_on)


# --- XLSX ----------------------------------------------------------------------------------------


def add_sheets(rendered: bytes, workbook: Workbook, *, replace: bool = False) -> None:
    """Add the sheets of a workbook the XLSX writer ``rendered`` (分工表, 单位, 指标) to an openpyxl
    Workbook, after its own sheets.

    The user's sheets are kept.  When the workbook already has a sheet of one of these names, the
    write is refused with a :class:`~kepu_plan.errors.WriteError` naming them, unless ``replace``
    is true: then each such sheet is replaced by the new one at its place.  The workbook's active
    sheet stays.  Any error leaves the workbook as it was.
    """
    from openpyxl import load_workbook  # openpyxl is imported: the caller holds its Workbook

    check_held(workbook, "xlsx")
    source = load_workbook(io.BytesIO(rendered), rich_text=True)
    titles = source.sheetnames
    taken = {title.casefold(): title for title in workbook.sheetnames}  # Excel compares names so
    clashes = [taken[title.casefold()] for title in titles if title.casefold() in taken]
    if clashes and not replace:
        which = (
            Text(N_("a sheet named {sheet}"), sheet=clashes[0])
            if len(clashes) == 1
            else Text(N_("sheets named {sheets}"), sheets="、".join(clashes))
        )
        raise WriteError(
            Text(
                N_(
                    "{file}: the workbook already has {which}; nothing was added. "
                    "Rename or remove it, or pass replace=True to replace it with the plan's"
                ),
                file=XLSX_NAME,
                which=which,
            )
        )
    active = workbook.active.title if workbook.active is not None else None
    made: list[Worksheet] = []
    try:
        for number, sheet in enumerate(source.worksheets):
            target = workbook.create_sheet(f"kepu_plan {number}")  # openpyxl numbers a name taken
            made.append(target)
            _copy_sheet(sheet, target)
    except KepuPlanError:
        _remove(workbook, made)
        raise
    except Exception as error:  # the boundary: no openpyxl error gets out bare, the workbook is as it was
        _remove(workbook, made)
        raise WriteError(
            Text(N_("{file}: cannot add the plan's sheets: {error}"), file=XLSX_NAME, error=str(error))
        ) from error
    for title, target in zip(titles, made, strict=True):
        old = next((workbook[name] for name in workbook.sheetnames if name.casefold() == title.casefold()), None)
        if old is not None:
            place = workbook.index(old)
            workbook.remove(old)
            workbook.move_sheet(target, place - workbook.index(target))
        target.title = title
    for target in made:
        target.sheet_view.tabSelected = False  # two selected tabs would group the sheets in Excel
    if active is not None:
        workbook.active = workbook[active]  # the same sheet, or the plan's sheet that replaced it


def _remove(workbook: Workbook, sheets: list[Worksheet]) -> None:
    for sheet in sheets:
        workbook.remove(sheet)


#: What a sheet sets besides its cells and dimensions, copied whole (each knows no workbook).
_SHEET_PARTS: Final = (
    "sheet_format",
    "sheet_properties",
    "views",
    "auto_filter",
    "page_margins",
    "print_options",
    "HeaderFooter",
    "protection",
    "row_breaks",
    "col_breaks",
)
#: The parts of a cell's look, each stored once per workbook and referred to by index.
_CELL_LOOK: Final = ("font", "fill", "border", "alignment", "protection")


def _copy_sheet(source: Worksheet, target: Worksheet) -> None:
    """Copy a sheet of another workbook: cells as stored, styles, layout, print set-up."""
    for merged in source.merged_cells.ranges:
        target.merge_cells(merged.coord)
    styles: dict[tuple[int, ...], StyleArray] = {}
    cells: Iterator[tuple[Any, ...]] = source.iter_rows()  # openpyxl's stubs know no cell's _style
    for row in cells:
        for cell in row:
            here: Any = target.cell(row=cell.row, column=cell.column)
            if cell.has_style:
                key = tuple(cell._style)
                if key not in styles:
                    styles[key] = _copied_style(cell, here)
                here._style = copy.copy(styles[key])
            if cell.data_type == "n" and cell.value is None:
                continue
            here._value = copy.copy(cell._value)  # as stored: a text like "=1+1" stays a text
            here.data_type = cell.data_type
            if cell.hyperlink is not None:
                here.hyperlink = copy.copy(cell.hyperlink)
            if cell.comment is not None:
                here.comment = copy.copy(cell.comment)
    for letter, column in source.column_dimensions.items():
        into = target.column_dimensions[letter]
        into.min, into.max = column.min, column.max
        into.width, into.hidden, into.outlineLevel, into.bestFit = (
            column.width,
            column.hidden,
            column.outlineLevel,
            column.bestFit,
        )
    for index, dimension in source.row_dimensions.items():
        row_into = target.row_dimensions[index]
        row_into.height, row_into.hidden, row_into.outlineLevel = (
            dimension.height,
            dimension.hidden,
            dimension.outlineLevel,
        )
    for part in _SHEET_PARTS:
        setattr(target, part, copy.deepcopy(getattr(source, part)))
    target.sheet_state = source.sheet_state
    for attribute in source.page_setup.__attrs__:
        if attribute != "id":  # a printer-settings part of the other package
            setattr(target.page_setup, attribute, getattr(source.page_setup, attribute))
    for validation in source.data_validations.dataValidation:
        target.add_data_validation(copy.deepcopy(validation))
    for formatting in source.conditional_formatting:
        for rule in formatting.rules:
            target.conditional_formatting.add(str(formatting.sqref), copy.deepcopy(rule))
    if source.print_title_rows:
        target.print_title_rows = source.print_title_rows
    if source.print_title_cols:
        target.print_title_cols = source.print_title_cols
    for name, defined in source.defined_names.items():
        target.defined_names[name] = copy.deepcopy(defined)


def _copied_style(cell: Any, here: Any) -> StyleArray:
    """Give ``here`` the look of ``cell`` (another workbook's) and return its style for reuse."""
    for part in _CELL_LOOK:
        setattr(here, part, copy.copy(getattr(cell, part)))
    here.number_format = cell.number_format
    here.quotePrefix = cell.quotePrefix
    style: StyleArray = copy.copy(here._style)
    return style
