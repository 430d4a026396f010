"""The fast path: a sheet written the plain way read by one regular expression, without a tree.

:func:`fast_cells` answers None wherever the sheet is not written the plain way; then the tree walk
(:mod:`._walk`) reads it and says what is wrong, if anything.
"""

from __future__ import annotations

import re
from typing import Any, Final, cast

from lxml import etree

from kepu_plan._limits import SAFE_XML
from kepu_plan.formats.xlsx._package import MAIN_NAMESPACES, Package
from kepu_plan.formats.xlsx._stored import Stored, column_index, stored_text

__all__ = ["fast_cells"]


class _Unparsed:
    """A parser target that keeps nothing: libxml2 checks that a part is well-formed, building no tree."""

    def close(self) -> None:
        return None


#: What the fast path reads in a sheet's ``<sheetData>``, as Excel, WPS and kepu_plan write it: a
#: cell with a reference, an optional style and type, and a value or one plain inline text; a
#: row's start tag (its attributes double-quoted; its number, if any, first and from 1 to 9999999,
#: else the slow path reads the sheet and says what is wrong); a row's end tag.  Empty cells (no
#: value: the tree walk skips them too) are taken with the cell or row start before them, so that
#: they cost nothing.  Groups: the reference's letters and digits, the style, the type, the value,
#: the inline text, a row's ``/`` (an empty row), ``</row>``.
_FAST_EMPTY: Final = r'(?:<c r="[A-Z]{1,3}[0-9]{1,7}"(?: s="[0-9]{1,9}")?(?: t="[a-zA-Z]{1,9}")?/>)*'
_FAST_ITEM: Final = re.compile(
    r'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: s="([0-9]{1,9})")?(?: t="([a-zA-Z]{1,9})")?>'
    r'(?:<v>([^<]*)</v>|<is><t(?: xml:space="preserve")?>([^<]*)</t></is>)</c>'
    + _FAST_EMPTY
    + r'|<row(?: r="(?!0+")[0-9]{1,7}")?(?:\s+(?!r\s*=)[\w:.-]+="[^"<]*")*\s*(?:(/)>|>'
    + _FAST_EMPTY
    + r")"
    r"|(</row>)"
)
_FAST_GROUPS: Final = 8
_FAST_ROW_PREFIXES: Final = re.compile(r"<row\s[^<>]*:[^<>]*>")
_FAST_PREFIX: Final = re.compile(r"\s([A-Za-z_][\w.-]*):[\w.-]*\s*=")
_FAST_ENCODING: Final = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")


def _entities(text: str) -> str:
    """Text with the five predefined XML entities decoded (the fast path takes no other reference)."""
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def fast_cells(
    data: bytes, package: Package, part: str, strings: list[Stored]
) -> tuple[dict[tuple[int, int], Stored], list[str], dict[str, int]] | None:
    """A sheet's values, merged ranges and column letters read without a tree, or None where the
    sheet is not written the plain way (then :func:`kepu_plan.formats.xlsx._sheet.read_sheet` walks its XML as a tree).

    The part is checked to be well-formed by libxml2 without building a tree; the cells are then
    taken from ``<sheetData>`` by one regular expression, and the fast path applies only when every
    tag there is one it reads (rows of cells with references, each cell's value a ``<v>`` or a
    plain inline ``<t>``) and nothing else can change what the cells mean: no comment, CDATA,
    processing instruction, character reference, carriage return or namespace declaration inside,
    the part in UTF-8.  Whatever the slow path would refuse is read by the slow path, which says why.
    """
    first = data.find(b"<?")
    if first > 3 or (first != -1 and data.find(b"<?", first + 2) != -1) or b"<!" in data:
        return None
    if first != -1:
        encoding = _FAST_ENCODING.search(data, first, data.find(b"?>", first))
        if encoding is not None and encoding[1].lower() not in (b"utf-8", b"utf8"):
            return None
    start = data.find(b"<sheetData>")
    # Found from the end, and other sheet data looked for only outside this one: inside it, any
    # tag but those read is left between the matches and sends the sheet to the slow path (no
    # comment, CDATA or processing instruction can hide a tag, and the parse checks the rest).
    end = data.rfind(b"</sheetData>")
    if start == -1 or end < start or data.find(b"<sheetData", 0, start) != -1 or data.find(b"<sheetData", end) != -1:
        return None
    start += len(b"<sheetData>")
    if any(data.find(odd, start, end) != -1 for odd in (b"xmlns", b"&#", b"\r")):
        return None  # a namespace declared inside, a character reference, a carriage return
    try:
        etree.fromstring(data, etree.XMLParser(target=cast(Any, _Unparsed()), **SAFE_XML))
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
    if data.find(b":", start, end) != -1:
        declared = {prefix for prefix in sheet_data.nsmap if prefix} | {"xml"}
        used = set(_FAST_PREFIX.findall(" ".join(_FAST_ROW_PREFIXES.findall(text))))
        if not used <= declared:
            return None
    parts = _FAST_ITEM.split(text)
    del text  # the values are copies: the sheet data's text need not outlive the split
    if "<" in "".join(parts[:: _FAST_GROUPS + 1]):
        return None  # a tag the fast path does not read
    values: dict[tuple[int, int], Stored] = {}
    columns: dict[str, int] = {}
    count = len(strings)
    in_row = False
    items = iter(parts[1:])
    for letters, digits, style, kind, value, inline, row_empty, row_end, _gap in zip(*[items] * 9, strict=True):
        if letters:
            if not in_row:
                return None
            col = columns.get(letters)
            if col is None:
                col = columns[letters] = column_index(letters)
            row = int(digits)
            if not row:
                return None
            if value is not None:
                if "&" in value:
                    value = _entities(value)
                if kind == "s":
                    value = value.strip()
                    if not value:
                        continue
                    index = int(value) if value.isascii() and value.isdigit() else -1
                    if not 0 <= index < count:
                        return None
                    shared = strings[index]
                    if shared:
                        values[row, col] = shared
                elif not value or kind == "inlineStr":
                    continue
                elif kind == "str":
                    values[row, col] = stored_text(value)
                else:
                    values[row, col] = (kind or "n", value, style)
            elif kind == "inlineStr" and inline:
                if "&" in inline:
                    inline = _entities(inline)
                values[row, col] = ("x", inline, None) if "_x" in inline or "\r" in inline else inline
        elif row_end:
            if not in_row:
                return None
            in_row = False
        else:
            if in_row:
                return None
            in_row = not row_empty
    if in_row:
        return None
    merges = [element.get("ref") or "" for element in root.iter(*_MERGE_TAGS)]
    return values, merges, columns


_FAST_WORKSHEETS: Final = frozenset(f"{{{namespace}}}worksheet" for namespace in MAIN_NAMESPACES)
_ROW_TAGS: Final = tuple(f"{{{namespace}}}row" for namespace in MAIN_NAMESPACES)
_MERGE_TAGS: Final = tuple(f"{{{namespace}}}mergeCell" for namespace in MAIN_NAMESPACES)
