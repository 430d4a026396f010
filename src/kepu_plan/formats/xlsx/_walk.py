"""The tree walk: any sheet's cells read from its XML parsed as a stream, row by row.

This reads what the fast path (:mod:`._fast`) does not, and says what is wrong with a damaged sheet.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from lxml import etree

from kepu_plan._i18n import N_, Text
from kepu_plan._limits import SAFE_XML, parse_xml
from kepu_plan.errors import Location, ReadError
from kepu_plan.formats.xlsx._package import MAIN_NAMESPACES, Package
from kepu_plan.formats.xlsx._stored import (
    DAMAGED,
    DIGITS,
    UNCACHED,
    Stored,
    Tags,
    item_text,
    parse_ref,
    stored_text,
)
from kepu_plan.grid import column_letter

__all__ = ["walk_cells"]


def walk_cells(
    data: bytes, package: Package, part: str, title: str, strings: list[Stored]
) -> tuple[dict[tuple[int, int], Stored], list[str], dict[str, int]]:
    """A sheet's values, merged ranges and column letters, its XML parsed as a stream: each row
    dropped once read, so that the tree never grows."""
    where = package.where(title)
    values: dict[tuple[int, int], Stored] = {}
    merges: list[str] = []
    row_number = 0
    columns: dict[str, int] = {}
    count = len(strings)
    row_tags = {f"{{{namespace}}}row": Tags(namespace) for namespace in MAIN_NAMESPACES}
    merge_tags = {f"{{{namespace}}}mergeCell" for namespace in MAIN_NAMESPACES}
    tags = next(iter(row_tags.values()))
    try:
        for element in _events(data, [*row_tags, *merge_tags]):
            if element.tag in merge_tags:
                merges.append(element.get("ref") or "")
                continue
            tags = row_tags[element.tag]
            cell_tag, inline_tag, text_tag, value_tag, formula_tag = tags.c, tags.is_, tags.t, tags.v, tags.f
            row = element
            number = row.get("r")
            if number:
                if not (number.isascii() and number.isdigit()) or len(number) > 7 or int(number) == 0:
                    raise ReadError(
                        Text(N_("a row has a bad number {number} (rows count from 1)"), number=repr(number[:20])),
                        where,
                        DAMAGED,
                    )
                row_number = int(number)
            else:
                row_number += 1
            col_number = 0
            skipped = False
            for cell in row.iterchildren(cell_tag):
                if not len(cell):
                    skipped = True  # an empty, perhaps formatted, cell: where it is matters to no one
                    continue
                ref = cell.get("r")
                if ref:
                    letters = ref.rstrip(DIGITS)
                    col_number = columns.get(letters, 0)
                    digits = len(ref) - len(letters)
                    if col_number and 0 < digits <= 7:
                        row_number = int(ref[len(letters) :])
                        if not row_number:
                            raise _bad_ref(ref, where)
                    else:
                        position = parse_ref(ref)
                        if position is None:
                            raise _bad_ref(ref, where)
                        row_number, col_number = position
                        columns[letters] = col_number
                elif skipped:  # after empty cells, this one's column counts from theirs
                    col_number = _column_after(cell, where)
                else:
                    col_number += 1
                skipped = False
                kind = cell.get("t")
                if kind == "inlineStr":
                    found: etree._Element | None = cell[0]
                    if found is not None and found.tag != inline_tag:
                        found = cell.find(inline_tag)
                    if found is None:
                        continue
                    if len(found) == 1 and found[0].tag == text_tag:
                        text = found[0].text or ""
                    else:
                        text = item_text(found, tags)
                    if text:
                        values[row_number, col_number] = ("x", text, None) if "_x" in text or "\r" in text else text
                    continue
                value = cell.find(value_tag)
                raw = value.text if value is not None else None
                if kind == "s":
                    if raw is None or not raw.strip():
                        continue  # <v/>: an empty cell, as other readers take it
                    raw = raw.strip()
                    index = int(raw) if raw.isascii() and raw.isdigit() else -1
                    if not 0 <= index < count:
                        raise ReadError(
                            Text(
                                N_(
                                    "the cell refers to a shared string {index} the workbook does not have "
                                    "(it has {count:,})"
                                ),
                                index=repr(raw[:20]),
                                count=count,
                            ),
                            package.where(title, f"{column_letter(col_number)}{row_number}"),
                            DAMAGED,
                        )
                    shared = strings[index]
                    if shared:
                        values[row_number, col_number] = shared
                elif not raw:
                    if kind != "str" and cell.find(formula_tag) is not None:
                        values[row_number, col_number] = UNCACHED
                elif kind == "str":
                    values[row_number, col_number] = stored_text(raw)
                else:
                    values[row_number, col_number] = (kind or "n", raw, cell.get("s"))
            # The row is read: drop it and the rows before it, so that the tree never grows.
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]  # type: ignore[union-attr]
    except etree.XMLSyntaxError:
        parse_xml(data, Text(N_("part {part}"), part=part), where)  # raises the error the part's whole parse gives
        raise
    return values, merges, columns


def _column_after(cell: etree._Element, where: Location) -> int:
    """The column of a cell without a reference: one right of the cell before it, counting back to
    a cell with a reference or to the row's start."""
    count = 1
    before = cell.getprevious()
    while before is not None:
        ref = before.get("r")
        if ref:
            position = parse_ref(ref)
            if position is None:
                raise _bad_ref(ref, where)
            return position[1] + count
        count += 1
        before = before.getprevious()
    return count


def _bad_ref(ref: str, where: Location) -> ReadError:
    return ReadError(Text(N_("a cell has a bad reference {ref}"), ref=repr(ref[:40])), where, DAMAGED)


def _events(data: bytes, tags: Iterable[str]) -> Iterator[etree._Element]:
    """The elements of ``tags`` in a part, each when it ends, parsed as safely as a whole part is."""
    return (
        element
        for _, element in etree.iterparse(
            io.BytesIO(data),
            events=("end",),
            tag=tuple(tags),
            remove_comments=True,
            remove_pis=True,
            **SAFE_XML,
        )
    )
