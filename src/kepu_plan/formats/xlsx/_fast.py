"""The fast path: a sheet written the plain way read by one regular expression, without a tree.

:func:`fast_cells` answers None wherever the sheet is not written the plain way; then the tree walk
(:mod:`._walk`) reads it and says what is wrong, if anything.
"""

from __future__ import annotations

import codecs
import re
from operator import itemgetter
from typing import Any, Final, cast

from lxml import etree

from kepu_plan._limits import SAFE_XML
from kepu_plan.formats.xlsx._package import MAIN_NAMESPACES, Package
from kepu_plan.formats.xlsx._stored import Stored, column_index, stored_text

__all__ = ["fast_cells", "fast_strings"]

_first: Final = itemgetter(0)
_third: Final = itemgetter(2)
_fourth: Final = itemgetter(3)


class _Unparsed:
    """A parser target that keeps nothing: libxml2 checks that a part is well-formed, building no tree."""

    def close(self) -> None:
        return None


#: The sheet data as Excel, WPS and kepu_plan write it, in full: rows of cells.  A row's start tag
#: has its attributes double-quoted, its number (if any) first and from 1 to 9999999, and no
#: namespace declaration; a cell has a reference (its row not 0), an optional style and type, and
#: either nothing (``<c r="A5" s="3"/>``), a value, or one plain inline text.  Text between the tags
#: holds no tag (so no comment, CDATA section or processing instruction either).  Every quantifier
#: is possessive, so that one match of any length goes over the text once.  A sheet data this does
#: not match in full is read by the tree walk, which says what is wrong, if anything.
_GAP: Final = r"[^<]*+"
_ANY_CELL: Final = (
    r'<c r="[A-Z]{1,3}+(?!0++")[0-9]{1,7}+"(?: s="[0-9]{1,9}+")?+(?: t="[a-zA-Z]{1,9}+")?+'
    r'(?:/>|>(?:<v>[^<]*+</v>|<is><t(?: xml:space="preserve")?+>[^<]*+</t></is>)</c>)'
)
_ROW: Final = (
    r'<row(?: r="(?!0++")[0-9]{1,7}+")?+(?:\s++(?!r\s*+=|xmlns)[\w:.-]++="[^"<]*+")*+\s*+'
    r"(?:/>|>" + _GAP + r"(?:" + _ANY_CELL + _GAP + r")*+</row>)"
)
_SHEET_DATA: Final = re.compile(_GAP + r"(?:" + _ROW + _GAP + r")*+")
#: A cell with content.  Groups: the reference's letters and digits, its other attributes (style
#: and type, as written), the value, the inline text.  Within a sheet data that
#: :data:`_SHEET_DATA` matches, it finds exactly the cells with content, in order.
_CELL: Final = re.compile(
    r'<c r="([A-Z]{1,3})([0-9]{1,7})"((?: s="[0-9]{1,9}")?(?: t="[a-zA-Z]{1,9}")?)>'
    r'(?:<v>([^<]*)</v>|<is><t(?: xml:space="preserve")?>([^<]*)</t></is>)'
)
#: A cell's other attributes as :data:`_CELL` gives them: the style and the type.
_ATTRIBUTES: Final = re.compile(r'(?: s="([0-9]{1,9})")?(?: t="([a-zA-Z]{1,9})")?')
#: The shared strings part up to its items: the declaration, the ``<sst>`` start tag (group 1: its
#: attributes).
_STRINGS_ROOT: Final = re.compile(
    rb"(?:\xef\xbb\xbf)?(?:<\?xml [^<>]*\?>)?[ \t\n]*<sst((?:[ \t\n]+[\w:.-]+=\"[^\"<]*\")*)[ \t\n]*>"
)
_STRINGS_NAMESPACE: Final = re.compile(
    rb'[ \t\n]xmlns="(?:http://schemas\.openxmlformats\.org/spreadsheetml/2006/main'
    rb'|http://purl\.oclc\.org/ooxml/spreadsheetml/main)"'
)
_EMPTY_ELEMENT: Final = r'<[A-Za-z]++(?: [A-Za-z]++="[^"<]*+")*+/>'
_TEXT: Final = r'<t(?: xml:space="preserve")?+(?:/>|>[^<]*+</t>)'
#: Every item of the shared strings: a plain text, or runs of text each with its properties, and
#: perhaps the phonetic properties Excel writes after Chinese text.
_STRING_ITEMS: Final = re.compile(
    r"(?:[^<]*+<si>(?:"
    + _TEXT
    + r"|(?:<r>(?:<rPr>(?:"
    + _EMPTY_ELEMENT
    + r")*+</rPr>)?+"
    + _TEXT
    + r"</r>)++)(?:<phoneticPr(?: [A-Za-z]++=\"[^\"<]*+\")*+/>)?+</si>)*+[^<]*+"
)
#: An item of :data:`_STRING_ITEMS`: its plain text, or its runs.
_STRING_ITEM: Final = re.compile(
    r'<si>(?:<t(?: xml:space="preserve")?(?:/>|>([^<]*)</t>)|(<r>(?:[^<]++|<(?!/si>))*+))(?:<phoneticPr[^<]*)?</si>'
)
_RUN_TEXT: Final = re.compile(r'<t(?: xml:space="preserve")?>([^<]*)</t>')
_REFERENCE: Final = re.compile(r"&(#[0-9]+|#x[0-9A-Fa-f]+|lt|gt|amp|quot|apos);")
_ENTITIES: Final = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_ROW_PREFIXES: Final = re.compile(r"<row\s[^<>]*:[^<>]*>")
_PREFIX: Final = re.compile(r"\s([A-Za-z_][\w.-]*):[\w.-]*\s*=")
_ENCODING: Final = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")


def _decoded(text: str) -> str:
    """Text with its entities and character references decoded (libxml2 has checked each is one)."""
    return _REFERENCE.sub(_referred, text) if "&" in text else text


def _referred(reference: re.Match[str]) -> str:
    """The character an entity or a character reference stands for."""
    name = reference[1]
    if name[0] == "#":
        return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))
    return _ENTITIES[name]


def _well_formed(data: bytes) -> None:
    """Raise :class:`lxml.etree.XMLSyntaxError` unless a part is well-formed: libxml2 reads it
    whole, as safely as any part, and keeps nothing."""
    etree.fromstring(data, etree.XMLParser(target=cast(Any, _Unparsed()), **SAFE_XML))


def fast_cells(
    data: bytes, package: Package, part: str, strings: list[Stored]
) -> tuple[dict[tuple[int, int], Stored], list[str], dict[str, int]] | None:
    """A sheet's values, merged ranges and column letters read without a tree, or None where the
    sheet is not written the plain way (then :func:`kepu_plan.formats.xlsx._sheet.read_sheet` walks its XML as a tree).

    The part is checked to be well-formed by libxml2 without building a tree, and the sheet data must
    be matched in full by one regular expression (:data:`_SHEET_DATA`): only rows of cells with
    references, each cell's value a ``<v>`` or a plain inline ``<t>``, and nothing else that can
    change what the cells mean: no comment, CDATA, processing instruction, character reference,
    carriage return or namespace declaration inside, the part in UTF-8.  The cells are then taken by
    one more (:data:`_CELL`).  The caller has refused a part with a DTD.  Whatever the slow path
    would refuse is read by the slow path, which says why.
    """
    if not _utf8(data):
        return None
    start = data.find(b"<sheetData>")
    # Found from the end, and other sheet data looked for only outside this one: inside it, any
    # tag but those read fails the match.
    end = data.rfind(b"</sheetData>")
    if start == -1 or end < start or data.find(b"<sheetData", 0, start) != -1 or data.find(b"<sheetData", end) != -1:
        return None
    start += len(b"<sheetData>")
    if data.find(b"\r", start, end) != -1:
        return None  # a carriage return: a line break the tree walk reads
    try:
        _well_formed(data)
        text = data[start:end].decode("utf-8")
        root = etree.fromstring(data[:start] + data[end:], package.parser)
    except (etree.XMLSyntaxError, UnicodeDecodeError, ValueError):
        return None
    if root.tag not in _FAST_WORKSHEETS:
        return None
    namespace = root.tag[1:].partition("}")[0]
    sheet_data = root.find(f"{{{namespace}}}sheetData")
    if sheet_data is None or sheet_data.prefix is not None or sheet_data.nsmap.get(None) != namespace:
        return None
    if next(root.iter(*_ROW_TAGS), None) is not None:
        return None  # rows outside the sheet data
    if ("&" in text and "&#" in text) or _SHEET_DATA.fullmatch(text) is None:
        return None  # a character reference, or a tag the fast path does not read
    if data.find(b":", start, end) != -1:
        declared = {prefix for prefix in sheet_data.nsmap if prefix} | {"xml"}
        used = set(_PREFIX.findall(" ".join(_ROW_PREFIXES.findall(text))))
        if not used <= declared:
            return None
    odd = "&" in text or ("_" in text and "_x" in text)
    cells = _CELL.findall(text)
    del text  # the values are copies: the sheet data's text need not outlive the match
    columns = {letters: column_index(letters) for letters in set(map(_first, cells))}
    values: dict[tuple[int, int], Stored]
    kinds = {attributes: _style_and_kind(attributes) for attributes in set(map(_third, cells))}
    column = columns.__getitem__
    types = {kind for _, kind in kinds.values()}
    count = len(strings)
    if types == {"inlineStr"} and not odd:
        # Every cell an inline text without entities or escapes, as kepu_plan writes them.
        values = {(int(digits), column(letters)): inline for letters, digits, _, _, inline in cells if inline}
        return values, _merges(root), columns
    if types == {"s"}:
        # Every cell a shared string, as Excel, WPS and LibreOffice write texts: when every index is
        # digits and within the strings, the cells are taken in one go.
        found = list(map(_fourth, cells))
        joined = "".join(found)
        indexes = list(map(int, found)) if all(found) and joined.isascii() and joined.isdigit() else [count]
        if max(indexes) < count:
            shown = map(strings.__getitem__, indexes)
            values = {
                (int(digits), column(letters)): text
                for (letters, digits, _, _, _), text in zip(cells, shown, strict=True)
                if text
            }
            return values, _merges(root), columns
    values = {}
    for letters, digits, attributes, value, inline in cells:
        place = (int(digits), columns[letters])
        style, kind = kinds[attributes]
        if inline:
            if kind == "inlineStr":
                values[place] = stored_text(_decoded(inline))
            continue
        value = _decoded(value)
        if kind == "s":
            value = value.strip()
            if not value:
                continue
            index = int(value) if value.isascii() and value.isdigit() else -1
            if not 0 <= index < count:
                return None
            shared = strings[index]
            if shared:
                values[place] = shared
        elif not value or kind == "inlineStr":
            continue
        elif kind == "str":
            values[place] = stored_text(value)
        else:
            values[place] = (kind or "n", value, style)
    return values, _merges(root), columns


def _utf8(data: bytes) -> bool:
    """Whether a part is in UTF-8 by its declaration (none, or one naming UTF-8): only then are its
    bytes decoded here."""
    head = data[3:200] if data.startswith(codecs.BOM_UTF8) else data[:200]
    if head.startswith(b"<?xml"):  # the declaration, only ever at the start (libxml2 checks that)
        encoding = _ENCODING.search(head, 0, max(head.find(b"?>"), 0))
        if encoding is not None and encoding[1].lower() not in (b"utf-8", b"utf8"):
            return False
    return True


def fast_strings(data: bytes) -> list[Stored] | None:
    """The shared strings of a workbook read without a tree, or None where the part is not written
    the plain way (then the caller parses it as a tree).

    The part is checked to be well-formed by libxml2 without building a tree; its root must be a
    SpreadsheetML ``<sst>`` with the default namespace, and its items must be matched in full by
    one regular expression (:data:`_STRING_ITEMS`): each a plain ``<t>`` or runs of ``<t>`` with
    their run properties, and perhaps phonetic properties (as Excel writes for Chinese text), but
    no phonetic runs, comments, CDATA or processing instructions, and no carriage return (the
    parser would read one as a line break).  Entities and character references are decoded here.
    """
    if not _utf8(data) or b"\r" in data:
        return None
    root = _STRINGS_ROOT.match(data)
    end = data.rfind(b"</sst>")
    if root is None or end < root.end() or data[end + len(b"</sst>") :].strip():
        return None
    if _STRINGS_NAMESPACE.search(root[1]) is None:
        return None
    try:
        _well_formed(data)
        text = data[root.end() : end].decode("utf-8")
    except (etree.XMLSyntaxError, UnicodeDecodeError, ValueError):
        return None
    if _STRING_ITEMS.fullmatch(text) is None:
        return None
    strings: list[Stored] = []
    for plain, runs in _STRING_ITEM.findall(text):
        strings.append(stored_text(_decoded("".join(_RUN_TEXT.findall(runs)) if runs else plain)))
    return strings


def _style_and_kind(attributes: str) -> tuple[str | None, str | None]:
    """A cell's style and type from its other attributes as :data:`_CELL` found them."""
    found = _ATTRIBUTES.fullmatch(attributes)
    assert found is not None  # the attributes _CELL took are what _ATTRIBUTES matches
    return found[1], found[2]


def _merges(root: etree._Element) -> list[str]:
    return [element.get("ref") or "" for element in root.iter(*_MERGE_TAGS)]


_FAST_WORKSHEETS: Final = frozenset(f"{{{namespace}}}worksheet" for namespace in MAIN_NAMESPACES)
_ROW_TAGS: Final = tuple(f"{{{namespace}}}row" for namespace in MAIN_NAMESPACES)
_MERGE_TAGS: Final = tuple(f"{{{namespace}}}mergeCell" for namespace in MAIN_NAMESPACES)
