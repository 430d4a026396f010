"""The fuzzing engine: real inputs, mutations that reach every layer of a reader, and a judge.

Used by ``tests/fuzz/test_fuzz.py`` (a seeded, CI-sized run) and ``scripts/fuzz.py`` (a run of any
size).  Every case is deterministic: case ``i`` of seed ``s`` always mutates the same input in the
same way.

Inputs (:func:`seeds`): the fixtures in ``tests/data`` (every ``.docx`` and ``.xlsx`` below it),
the Shenmu plan written by kepu_plan as DOCX, XLSX and JSON, and the Shenmu plan in each of the
other layouts (``SECTIONS``, ``LEAD_COLUMNS``, ``MARKED``) in the three formats.

Mutations, chosen at random and stacked one to three deep:

- bytes: flips, truncation anywhere, inserted, deleted and repeated slices;
- ZIP packages: truncation at a part boundary, members removed, duplicated, renamed, reordered,
  stored uncompressed, with a lying size, an unknown compression method or the encryption flag;
- XML parts: broken and mismatched tags, elements removed, duplicated and moved, a DOCTYPE with
  entities, deep nesting, random ``w:gridSpan`` / ``w:vMerge`` / ``w:gridBefore`` / ``w:hMerge``
  values, random ``mergeCell`` ranges and cell and row references, rows and cells whose counts
  disagree, CJK and control characters in every text node, formulas (with and without cached
  values, shared, errors) and odd numbers, dates and number formats in XLSX cells;
- JSON: values of the wrong type, keys removed, added and repeated, control and CJK characters in
  every string, deep nesting, huge numbers.

The judge (:func:`run_case`): the reader must return a Plan that survives a JSON round trip, or
raise a :class:`kepu_plan.KepuPlanError`; any other exception, or a case running longer than the
time limit (``signal.setitimer``), is a failure.
"""

from __future__ import annotations

import collections
import contextlib
import io
import random
import re
import signal
import struct
import time
import traceback
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

import kepu_plan as kp

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

# --- inputs -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    name: str
    format: str
    data: bytes


def _written(plan: kp.Plan, fmt: str) -> bytes:
    buffer = io.BytesIO()
    kp.write(plan, buffer, format=fmt)
    return buffer.getvalue()


def seeds() -> list[Seed]:
    """Every input the fuzzer mutates, in a fixed order."""
    found: list[Seed] = []
    for path in sorted(DATA.rglob("*")):
        if path.suffix in (".docx", ".xlsx") and path.is_file():
            found.append(Seed(str(path.relative_to(ROOT)), path.suffix[1:], path.read_bytes()))
    shenmu = kp.examples.shenmu()
    plans = [("shenmu", shenmu)] + [
        (name.lower(), shenmu.with_layout(layout))
        for name, layout in (
            ("SECTIONS", kp.layouts.SECTIONS),
            ("LEAD_COLUMNS", kp.layouts.LEAD_COLUMNS),
            ("MARKED", kp.layouts.MARKED),
        )
    ]
    for name, plan in plans:
        for fmt in ("docx", "xlsx", "json"):
            found.append(Seed(f"{name}.{fmt}", fmt, _written(plan, fmt)))
    return found


# --- ZIP packages -----------------------------------------------------------------------------------

Members = list[tuple[str, bytes]]


def unzip(data: bytes) -> Members:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [(info.filename, package.read(info)) for info in package.infolist()]


def rezip(members: Members, *, stored: frozenset[str] = frozenset()) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point
        with zipfile.ZipFile(buffer, "w") as package:
            for name, content in members:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
                package.writestr(info, content)
    return buffer.getvalue()


def boundaries(data: bytes) -> list[int]:
    """Every offset where a ZIP part starts or ends: local headers, member data, the central
    directory and its entries, the end record."""
    cuts: set[int] = {0, len(data)}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for info in package.infolist():
            start = info.header_offset
            name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
            data_start = start + 30 + name_length + extra_length
            cuts.update({start, start + 30, data_start, data_start + info.compress_size})
    directory = data.rfind(b"PK\x05\x06")
    if directory >= 0:
        cuts.add(directory)
        cuts.add(directory + 22)
        offset = struct.unpack_from("<I", data, directory + 16)[0]
        cuts.add(offset)
        at = offset
        while data.startswith(b"PK\x01\x02", at):
            cuts.add(at)
            n, m, k = struct.unpack_from("<HHH", data, at + 28)
            at += 46 + n + m + k
    return sorted(cut for cut in cuts if 0 <= cut <= len(data))


# --- byte mutations ---------------------------------------------------------------------------------


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        out[rng.randrange(len(out))] ^= rng.choice([0x01, 0x80, 0xFF, rng.randrange(1, 256)])
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def truncate_at_boundary(rng: random.Random, data: bytes) -> bytes:
    try:
        cuts = boundaries(data)
    except (zipfile.BadZipFile, struct.error, ValueError):
        return truncate(rng, data)
    cut = rng.choice(cuts)
    return data[: max(0, cut + rng.choice([0, 0, 0, -1, 1]))]


def splice(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.randint(1, 256))
    choice = rng.randrange(3)
    if choice == 0:  # delete a slice
        return data[:start] + data[end:]
    if choice == 1:  # repeat a slice
        return data[:end] + data[start:end] * rng.randint(1, 8) + data[end:]
    return data[:start] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 32))) + data[start:]


BYTE_MUTATIONS: list[Callable[[random.Random, bytes], bytes]] = [flip_bytes, truncate, truncate_at_boundary, splice]


# --- package mutations ------------------------------------------------------------------------------


def remove_member(rng: random.Random, members: Members) -> Members:
    if members:
        del members[rng.randrange(len(members))]
    return members


def duplicate_member(rng: random.Random, members: Members) -> Members:
    if members:
        name, content = rng.choice(members)
        if rng.random() < 0.5:
            content = content[: len(content) // 2]
        members.insert(rng.randrange(len(members) + 1), (name, content))
    return members


def rename_member(rng: random.Random, members: Members) -> Members:
    if members:
        i = rng.randrange(len(members))
        name, content = members[i]
        new = rng.choice(
            [name.upper(), name.replace("/", "\\"), "/" + name, name + ".bak", "../" + name, "测试/" + name]
        )
        members[i] = (new, content)
    return members


def shuffle_members(rng: random.Random, members: Members) -> Members:
    rng.shuffle(members)
    return members


PACKAGE_MUTATIONS: list[Callable[[random.Random, Members], Members]] = [
    remove_member,
    duplicate_member,
    rename_member,
    shuffle_members,
]


def patch_directory(rng: random.Random, data: bytes) -> bytes:
    """Lie in the central directory: sizes, compression method, flags, entry count."""
    out = bytearray(data)
    entries = [m.start() for m in re.finditer(rb"PK\x01\x02", data)]
    if not entries:
        return data
    at = rng.choice(entries)
    choice = rng.randrange(5)
    with contextlib.suppress(struct.error):
        if choice == 0:  # unpacked size
            struct.pack_into("<I", out, at + 24, rng.choice([0, 1, 0xFFFFFFFF, rng.randrange(1 << 31)]))
        elif choice == 1:  # packed size
            struct.pack_into("<I", out, at + 20, rng.choice([0, 1, 0xFFFFFFFF, rng.randrange(1 << 20)]))
        elif choice == 2:  # compression method
            struct.pack_into("<H", out, at + 10, rng.choice([1, 6, 9, 12, 14, 99]))
        elif choice == 3:  # general purpose flags: encrypted, data descriptor, UTF-8
            struct.pack_into("<H", out, at + 8, rng.choice([0x1, 0x8, 0x41, 0x800, 0xFFFF]))
        else:  # the end record's entry counts
            end = data.rfind(b"PK\x05\x06")
            if end >= 0:
                count = rng.choice([0, 1, 0xFFFF, 60_000])
                struct.pack_into("<HH", out, end + 8, count, count)
    return bytes(out)


# --- XML mutations ----------------------------------------------------------------------------------

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)

INTERESTING_NUMBERS = [
    "0", "1", "2", "3", "-1", "-2147483648", "2147483647", "4294967296", "1024", "1025", "63", "99999999",
    "1e3", "0x10", " 2", "2 ", "", "two", "二", "１", "NaN", "1.5", "9" * 30, "+3",
]  # fmt: skip
MERGE_VALUES = ["restart", "continue", "", "RESTART", "resume", "0", "1", "true", "无"]
NASTY_TEXT = [
    "重点行动", "主要任务", "主要内容", "负责单位", "牵头", "（市科协牵头）", "市科协、市教体局", "一、", "（一）",
    "①", "=SUM(A1:A9)", "+86", "-1", "@x", "#REF!", "_x0001_", "_x0007_", "_xD800_", "_x005F_x0041_", "\t", "\n",
    "\r\n", "\u3000", "\u200b", "\ufeff", "\ufffd", "𠀀", "😀", "\u202e", "\\", "\"", "'", "&amp;", "&lt;", "&#1;",
    "&#xFFFE;", "&#55296;", "\x01", "\x08", "\x0b", "\x1f", "\x7f", "\x85", "一" * 40, "附件1", "注：", "A" * 2000,
    "神木市科学技术协会（市科协）牵头，市教体局配合",
]  # fmt: skip
CELL_REFS = ["A1", "B2", "C4", "D7", "Z99", "XFD1048576", "AAAA1", "A0", "1A", "A-1", "", "a1", "$B$3", "C4X", "ZZ10"]


def _column_letter(index: int) -> str:
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def random_ref(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return rng.choice(CELL_REFS)
    col = rng.choice([1, 2, 3, 4, 5, 6, 7, rng.randint(1, 30), rng.randint(1, 16_384)])
    row = rng.choice([1, 2, 3, 4, 5, 10, rng.randint(1, 200), rng.randint(1, 1_048_576)])
    return f"{_column_letter(col)}{row}"


def _elements(root: etree._Element, tag: str | None = None) -> list[etree._Element]:
    return (
        [e for e in root.iter(tag) if isinstance(e.tag, str)]
        if tag
        else [e for e in root.iter() if isinstance(e.tag, str)]
    )


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _set_attribute(element: etree._Element, name: str, value: str) -> None:
    with contextlib.suppress(ValueError):
        element.set(name, value)


def _drop_attribute(element: etree._Element, name: str) -> None:
    if name in element.attrib:
        del element.attrib[name]


def xml_remove(rng: random.Random, root: etree._Element, fmt: str) -> None:
    elements = [e for e in _elements(root) if e.getparent() is not None]
    if elements:
        element = rng.choice(elements)
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)


def xml_duplicate(rng: random.Random, root: etree._Element, fmt: str) -> None:
    elements = [e for e in _elements(root) if e.getparent() is not None]
    if elements:
        element = rng.choice(elements)
        parent = element.getparent()
        if parent is not None:
            for _ in range(rng.choice([1, 1, 2, 5])):
                parent.insert(parent.index(element), etree.fromstring(etree.tostring(element)))


def xml_move(rng: random.Random, root: etree._Element, fmt: str) -> None:
    elements = [e for e in _elements(root) if e.getparent() is not None]
    if len(elements) > 2:
        element = rng.choice(elements)
        target = rng.choice(elements)
        if element is not target and element not in target.iterancestors() and target not in element.iter():
            target.append(element)


def docx_spans(rng: random.Random, root: etree._Element, fmt: str) -> None:
    """Random gridSpan, vMerge, gridBefore and hMerge values on random cells and rows."""
    cells = _elements(root, f"{{{W}}}tc")
    rows = _elements(root, f"{{{W}}}tr")
    for _ in range(rng.randint(1, 6)):
        if not cells:
            return
        tc = rng.choice(cells)
        props = tc.find(f"{{{W}}}tcPr")
        if props is None:
            props = etree.SubElement(tc, f"{{{W}}}tcPr")
            tc.insert(0, props)
        kind = rng.choice(["gridSpan", "vMerge", "hMerge", "gridBefore"])
        if kind == "gridBefore" and rows:
            row = rng.choice(rows)
            trpr = row.find(f"{{{W}}}trPr")
            if trpr is None:
                trpr = etree.Element(f"{{{W}}}trPr")
                row.insert(0, trpr)
            element = etree.SubElement(trpr, f"{{{W}}}gridBefore")
            _set_attribute(element, f"{{{W}}}val", rng.choice(INTERESTING_NUMBERS))
            continue
        found = props.find(f"{{{W}}}{kind}")
        element = etree.SubElement(props, f"{{{W}}}{kind}") if found is None else found
        if rng.random() < 0.2:
            _drop_attribute(element, f"{{{W}}}val")
        else:
            values = INTERESTING_NUMBERS if kind == "gridSpan" else MERGE_VALUES
            _set_attribute(element, f"{{{W}}}val", rng.choice(values))


def docx_counts(rng: random.Random, root: etree._Element, fmt: str) -> None:
    """Rows and cells whose counts disagree: cells removed or added, grid columns removed or added."""
    rows = _elements(root, f"{{{W}}}tr")
    for _ in range(rng.randint(1, 4)):
        choice = rng.randrange(4)
        if choice == 0 and rows:
            row = rng.choice(rows)
            cells = row.findall(f"{{{W}}}tc")
            if cells:
                row.remove(rng.choice(cells))
        elif choice == 1 and rows:
            row = rng.choice(rows)
            for _ in range(rng.choice([1, 2, 10])):
                cell = etree.SubElement(row, f"{{{W}}}tc")
                etree.SubElement(
                    etree.SubElement(etree.SubElement(cell, f"{{{W}}}p"), f"{{{W}}}r"), f"{{{W}}}t"
                ).text = rng.choice(NASTY_TEXT[:12])
        elif choice == 2:
            for grid in _elements(root, f"{{{W}}}tblGrid"):
                columns = grid.findall(f"{{{W}}}gridCol")
                if columns and rng.random() < 0.5:
                    grid.remove(rng.choice(columns))
                else:
                    for _ in range(rng.choice([1, 5, 2000])):
                        etree.SubElement(grid, f"{{{W}}}gridCol")
        elif rows:
            row = rng.choice(rows)
            parent = row.getparent()
            if parent is not None:
                copies = rng.choice([1, 3, 50])
                for _ in range(copies):
                    empty = etree.Element(f"{{{W}}}tr")
                    if rng.random() < 0.5:
                        etree.SubElement(empty, f"{{{W}}}tc")
                    parent.insert(parent.index(row), empty)


def docx_header_marks(rng: random.Random, root: etree._Element, fmt: str) -> None:
    rows = _elements(root, f"{{{W}}}tr")
    if rows:
        row = rng.choice(rows)
        trpr = row.find(f"{{{W}}}trPr")
        if trpr is None:
            trpr = etree.Element(f"{{{W}}}trPr")
            row.insert(0, trpr)
        mark = etree.SubElement(trpr, rng.choice([f"{{{W}}}tblHeader", f"{{{W}}}del", f"{{{W}}}cantSplit"]))
        _set_attribute(mark, f"{{{W}}}val", rng.choice(["true", "false", "0", "1", "on", "x"]))


def docx_wrappers(rng: random.Random, root: etree._Element, fmt: str) -> None:
    """Wrap something in content controls, tracked changes, text boxes or nested tables."""
    candidates = _elements(root, f"{{{W}}}p") + _elements(root, f"{{{W}}}tr") + _elements(root, f"{{{W}}}r")
    if not candidates:
        return
    element = rng.choice(candidates)
    parent = element.getparent()
    if parent is None:
        return
    wrapper_tag = rng.choice(["sdt", "customXml", "ins", "del", "moveFrom", "smartTag", "hyperlink", "tbl"])
    wrapper = etree.Element(f"{{{W}}}{wrapper_tag}")
    inner = etree.SubElement(wrapper, f"{{{W}}}sdtContent") if wrapper_tag == "sdt" else wrapper
    parent.replace(element, wrapper)
    inner.append(element)


def deep_nesting(rng: random.Random, root: etree._Element, fmt: str) -> None:
    elements = [e for e in _elements(root) if e.getparent() is not None]
    if not elements:
        return
    element = rng.choice(elements)
    parent = element.getparent()
    if parent is None:
        return
    depth = rng.choice([10, 100, 300])
    ns = W if fmt == "docx" else S
    outer = current = etree.Element(f"{{{ns}}}{'sdt' if fmt == 'docx' else 'x'}")
    for _ in range(depth):
        current = etree.SubElement(current, f"{{{ns}}}{'customXml' if fmt == 'docx' else 'x'}")
    parent.replace(element, outer)
    current.append(element)


def xlsx_merges(rng: random.Random, root: etree._Element, fmt: str) -> None:
    """Random mergeCell ranges: in and out of the table, reversed, huge, overlapping, garbage."""
    if _local(root) != "worksheet":
        return
    merges = root.find(f"{{{S}}}mergeCells")
    if merges is None:
        merges = etree.SubElement(root, f"{{{S}}}mergeCells")
    existing = merges.findall(f"{{{S}}}mergeCell")
    for _ in range(rng.choice([1, 2, 5, 50, 500])):
        if existing and rng.random() < 0.3:
            element = rng.choice(existing)
        else:
            element = etree.SubElement(merges, f"{{{S}}}mergeCell")
        ref = f"{random_ref(rng)}:{random_ref(rng)}" if rng.random() < 0.9 else random_ref(rng)
        if rng.random() < 0.05:
            ref = rng.choice(["A1:XFD1048576", "", ":", "A1:", "B2:A1", "A1:B2:C3", "合并"])
        element.set("ref", ref)
    _set_attribute(merges, "count", rng.choice(INTERESTING_NUMBERS))


def xlsx_refs(rng: random.Random, root: etree._Element, fmt: str) -> None:
    """Cell and row references that disagree: random, missing, duplicated; a random dimension."""
    cells = _elements(root, f"{{{S}}}c")
    rows = _elements(root, f"{{{S}}}row")
    for _ in range(rng.randint(1, 6)):
        choice = rng.randrange(4)
        if choice == 0 and cells:
            cell = rng.choice(cells)
            if rng.random() < 0.3:
                _drop_attribute(cell, "r")
            else:
                cell.set("r", random_ref(rng))
        elif choice == 1 and rows:
            row = rng.choice(rows)
            if rng.random() < 0.3:
                _drop_attribute(row, "r")
            else:
                row.set("r", rng.choice([*INTERESTING_NUMBERS, "1048576", "1048577", "5", "2"]))
        elif choice == 2:
            for dimension in _elements(root, f"{{{S}}}dimension"):
                dimension.set("ref", f"{random_ref(rng)}:{random_ref(rng)}")
        elif rows:
            row = rng.choice(rows)
            parent = row.getparent()
            if parent is not None:
                for _ in range(rng.choice([1, 10, 1000])):
                    extra = etree.Element(f"{{{S}}}row")
                    extra.set("r", str(rng.randint(1, 2_000_000)))
                    parent.append(extra)


def xlsx_values(rng: random.Random, root: etree._Element, fmt: str) -> None:
    """Formulas (cached or not, shared, array, errors), odd numbers, dates, booleans, bad string indexes."""
    cells = _elements(root, f"{{{S}}}c")
    for _ in range(rng.randint(1, 8)):
        if not cells:
            return
        cell = rng.choice(cells)
        for child in list(cell):
            cell.remove(child)
        kind = rng.randrange(9)
        if kind == 0:  # a formula with a cached text value
            cell.set("t", "str")
            etree.SubElement(cell, f"{{{S}}}f").text = rng.choice(["SUM(A1:A3)", "A1&B1", "=1", 'HYPERLINK("x")'])
            etree.SubElement(cell, f"{{{S}}}v").text = rng.choice(NASTY_TEXT[:20])
        elif kind == 1:  # a formula without a cached value
            _drop_attribute(cell, "t")
            etree.SubElement(cell, f"{{{S}}}f").text = "1+1"
        elif kind == 2:  # a shared formula
            f = etree.SubElement(cell, f"{{{S}}}f")
            f.set("t", "shared")
            f.set("si", rng.choice(["0", "1", "x"]))
            if rng.random() < 0.5:
                etree.SubElement(cell, f"{{{S}}}v").text = "3"
        elif kind == 3:  # an error value
            cell.set("t", "e")
            etree.SubElement(cell, f"{{{S}}}v").text = rng.choice(["#REF!", "#N/A", "#DIV/0!", "#VALUE!"])
        elif kind == 4:  # a number in a random style
            cell.set("t", "n")
            cell.set("s", rng.choice(["0", "1", "2", "14", "22", "99999", "-1", "x"]))
            etree.SubElement(cell, f"{{{S}}}v").text = rng.choice(
                ["1", "1.0", "-0", "1e308", "1e309", "-1e309", "NaN", "inf", "abc", "45678.5", "2958466", "-700000", ""]
            )
        elif kind == 5:  # a date
            cell.set("t", "d")
            etree.SubElement(cell, f"{{{S}}}v").text = rng.choice(
                ["2025-01-31", "2025-01-31T12:00:00Z", "9999-12-31", "0000-00-00", "昨天", ""]
            )
        elif kind == 6:  # a boolean
            cell.set("t", "b")
            etree.SubElement(cell, f"{{{S}}}v").text = rng.choice(["1", "0", "true", "2", ""])
        elif kind == 7:  # a shared string index
            cell.set("t", "s")
            etree.SubElement(cell, f"{{{S}}}v").text = rng.choice(["0", "1", "-1", "99999999", "x", "", "1.5"])
        else:  # an inline string with runs
            cell.set("t", "inlineStr")
            inline = etree.SubElement(cell, f"{{{S}}}is")
            run = etree.SubElement(inline, f"{{{S}}}r")
            etree.SubElement(run, f"{{{S}}}t").text = rng.choice(NASTY_TEXT[:20])
            etree.SubElement(inline, f"{{{S}}}rPh").text = "ピン"


def xlsx_formats(rng: random.Random, root: etree._Element, fmt: str) -> None:
    """Number formats from the pathological to the plain, in the styles part."""
    if _local(root) != "styleSheet":
        return
    numfmts = root.find(f"{{{S}}}numFmts")
    if numfmts is None:
        numfmts = etree.Element(f"{{{S}}}numFmts")
        root.insert(0, numfmts)
    for _ in range(rng.randint(1, 4)):
        element = etree.SubElement(numfmts, f"{{{S}}}numFmt")
        element.set("numFmtId", rng.choice(["164", "14", "0", "x", "-1", "999999"]))
        element.set(
            "formatCode",
            rng.choice(
                [
                    "0.00%", "%" * 400, "0." + "0" * 400, "yyyy\"年\"m\"月\"d\"日\"", "[h]:mm:ss", "#,##0;[Red]-#,##0",
                    "\"", "\\", "[", "@", "General", "aaaa", "上午/下午h\"时\"", "0.0E+00", "# ?/?", ";;;", "",
                ]
            ),
        )  # fmt: skip
    xfs = root.find(f"{{{S}}}cellXfs")
    if xfs is not None:
        for xf in list(xfs)[: rng.randint(0, 5)]:
            xf.set("numFmtId", rng.choice(["164", "14", "22", "x", "-5", "58"]))


def inject_text(rng: random.Random, root: etree._Element, fmt: str) -> None:
    """CJK and control characters in every text node (control characters via a marker, see below)."""
    texts = [e for e in root.iter() if isinstance(e.tag, str) and _local(e) in ("t", "v", "instrText") and e.text]
    every = rng.random() < 0.3
    for element in texts if every else rng.sample(texts, min(len(texts), rng.randint(1, 5))):
        piece = rng.choice(NASTY_TEXT)
        marked = "".join(
            f"\ue000{ord(char):04x}" if ord(char) < 32 or 0xD800 <= ord(char) < 0xE000 else char for char in piece
        )
        text = element.text or ""
        at = rng.randrange(len(text) + 1)
        element.text = text[:at] + marked + text[at:] if rng.random() < 0.8 else marked


def _unmark(data: bytes, rng: random.Random) -> bytes:
    """Turn control-character markers into raw bytes or character references (both invalid XML)."""

    def replace(match: re.Match[bytes]) -> bytes:
        code = int(match[1], 16)
        if code in (9, 10, 13):
            return chr(code).encode()
        if rng.random() < 0.5:
            return f"&#{code};".encode()
        return chr(code).encode("utf-8", errors="surrogatepass")

    return re.sub(b"\xee\x80\x80([0-9a-f]{4})", replace, data)


def doctype(rng: random.Random, data: bytes) -> bytes:
    """A DOCTYPE with entities before the root: billion laughs, external entities, a plain one."""
    body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
    root_name = re.search(rb"<([A-Za-z_][\w:.-]*)", body)
    name = root_name[1] if root_name else b"x"
    dtd = rng.choice(
        [
            b"<!DOCTYPE " + name + b' [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
            b"<!DOCTYPE " + name + b' [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
            b"<!DOCTYPE " + name + b' SYSTEM "http://127.0.0.1:9/x.dtd">',
            b"<!DOCTYPE " + name + b">",
        ]
    )
    head = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    text = head + dtd + body
    if rng.random() < 0.5:  # use the entity in a text
        text = re.sub(rb"(<(?:w:)?t(?: [^>]*)?>)", rb"\1&c;&x;", text, count=1)
    return text


def break_tags(rng: random.Random, data: bytes) -> bytes:
    """Broken and mismatched tags, at the text level."""
    out = data
    for _ in range(rng.randint(1, 4)):
        choice = rng.randrange(5)
        positions = [m.start() for m in re.finditer(rb"</?[A-Za-z]", out)]
        if not positions:
            return out
        at = rng.choice(positions)
        if choice == 0:  # a tag without its '>'
            end = out.find(b">", at)
            if end > 0:
                out = out[:end] + out[end + 1 :]
        elif choice == 1:  # a closing tag renamed
            closing = list(re.finditer(rb"</([A-Za-z][\w:]*)>", out))
            if closing:
                m = rng.choice(closing)
                out = (
                    out[: m.start(1)] + rng.choice([b"w:p", b"w:tc", b"row", b"c", b"x", m[1] + b"x"]) + out[m.end(1) :]
                )
        elif choice == 2:  # a stray '<'
            out = out[:at] + b"<" + out[at:]
        elif choice == 3:  # a tag cut in half
            out = out[: at + rng.randint(1, 5)] + out[at + rng.randint(5, 40) :]
        else:  # an unclosed element
            end = out.find(b">", at)
            if end > 0 and out[end - 1 : end] == b"/":
                out = out[: end - 1] + out[end:]
    return out


XML_TREE_MUTATIONS: dict[str, list[Callable[[random.Random, etree._Element, str], None]]] = {
    "docx": [xml_remove, xml_duplicate, xml_move, docx_spans, docx_spans, docx_counts, docx_counts,
             docx_header_marks, docx_wrappers, inject_text, inject_text, deep_nesting],
    "xlsx": [xml_remove, xml_duplicate, xml_move, xlsx_merges, xlsx_merges, xlsx_refs, xlsx_refs, xlsx_values,
             xlsx_values, xlsx_formats, inject_text, inject_text, deep_nesting],
}  # fmt: skip
XML_TEXT_MUTATIONS: list[Callable[[random.Random, bytes], bytes]] = [break_tags, break_tags, doctype]


def _target_member(rng: random.Random, members: Members, fmt: str) -> int | None:
    xml = [i for i, (name, _) in enumerate(members) if name.endswith((".xml", ".rels"))]
    if not xml:
        return None
    main = "word/document.xml" if fmt == "docx" else "xl/worksheets/"
    preferred = [i for i in xml if members[i][0].startswith(main)]
    if fmt == "xlsx" and rng.random() < 0.35:
        preferred = [i for i in xml if members[i][0].startswith(("xl/sharedStrings", "xl/styles", "xl/workbook"))]
    if preferred and rng.random() < 0.85:
        return rng.choice(preferred)
    return rng.choice(xml)


def mutate_xml_member(rng: random.Random, members: Members, fmt: str) -> tuple[Members, str]:
    index = _target_member(rng, members, fmt)
    if index is None:
        return members, "no-xml"
    name, content = members[index]
    if rng.random() < 0.2:
        mutation = rng.choice(XML_TEXT_MUTATIONS)
        members[index] = (name, mutation(rng, content))
        return members, mutation.__name__
    try:
        root = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError:
        mutation = rng.choice(XML_TEXT_MUTATIONS)
        members[index] = (name, mutation(rng, content))
        return members, mutation.__name__
    tree_mutation = rng.choice(XML_TREE_MUTATIONS[fmt])
    tree_mutation(rng, root, fmt)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    members[index] = (name, _unmark(data, rng))
    return members, tree_mutation.__name__


# --- JSON mutations ---------------------------------------------------------------------------------


def _json_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _json_paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _json_paths(item, (*path, i))


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


JSON_VALUES: list[Any] = [None, True, False, 0, -1, 1.5, 10**30, float("inf"), "", "x", [], {}, ["市科协"], {"a": 1}]


def mutate_json(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    import json

    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        return splice(rng, data), "splice"
    choice = rng.randrange(7)
    paths = list(_json_paths(value))
    path = rng.choice(paths)
    name = ["retype", "drop-key", "add-key", "inject-text", "deep", "duplicate-key", "huge-number"][choice]
    if choice == 0 and path:
        _get(value, path[:-1])[path[-1]] = rng.choice(JSON_VALUES)
    elif choice == 1 and path:
        container = _get(value, path[:-1])
        del container[path[-1]]
    elif choice == 2:
        target = _get(value, path)
        if isinstance(target, dict):
            target[rng.choice(["extra", "名称", "schema", "units", "leads"])] = rng.choice(JSON_VALUES)
        elif isinstance(target, list):
            target.insert(rng.randrange(len(target) + 1), rng.choice(JSON_VALUES))
    elif choice == 3:
        every = rng.random() < 0.3
        strings = [p for p in paths if p and isinstance(_get(value, p), str)]
        for p in strings if every else rng.sample(strings, min(len(strings), rng.randint(1, 5))):
            text = _get(value, p)
            at = rng.randrange(len(text) + 1)
            _get(value, p[:-1])[p[-1]] = text[:at] + rng.choice([*NASTY_TEXT, "\x00", "\ud800", "\u2028"]) + text[at:]
    elif choice == 4:
        depth = rng.choice([50, 1000, 100_000])
        text = json.dumps(value, ensure_ascii=False)
        return ("[" * depth + text + "]" * depth).encode("utf-8", errors="surrogatepass"), name
    elif choice == 5:
        text = json.dumps(value, ensure_ascii=False)
        return text.replace('"title"', '"title": "x", "title"', 1).encode("utf-8", errors="surrogatepass"), name
    else:
        text = json.dumps(value, ensure_ascii=False)
        return re.sub(r"\d+", lambda m: "9" * rng.choice([20, 5000]), text, count=1).encode(
            "utf-8", errors="surrogatepass"
        ), name
    text = json.dumps(value, ensure_ascii=rng.random() < 0.2, allow_nan=True)
    return text.encode("utf-8", errors="surrogatepass"), name


# --- one case ---------------------------------------------------------------------------------------


def mutate(rng: random.Random, seed: Seed) -> tuple[bytes, list[str]]:
    """One mutated input and the names of the mutations applied."""
    applied: list[str] = []
    data = seed.data
    if seed.format == "json":
        for _ in range(rng.choice([1, 1, 2, 3])):
            if rng.random() < 0.8:
                data, name = mutate_json(rng, data)
            else:
                mutation = rng.choice(BYTE_MUTATIONS)
                data, name = mutation(rng, data), mutation.__name__
            applied.append(name)
        return data, applied
    roll = rng.random()
    if roll < 0.15:  # bytes only
        mutation = rng.choice(BYTE_MUTATIONS)
        return mutation(rng, data), [mutation.__name__]
    members = unzip(data)
    stored: set[str] = set()
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        if rng.random() < 0.8:
            members, name = mutate_xml_member(rng, members, seed.format)
        else:
            package_mutation = rng.choice(PACKAGE_MUTATIONS)
            members = package_mutation(rng, members)
            name = package_mutation.__name__
        applied.append(name)
    if rng.random() < 0.1:
        stored = {name for name, _ in members}
    data = rezip(members, stored=frozenset(stored))
    if rng.random() < 0.1:
        data = patch_directory(rng, data)
        applied.append("patch_directory")
    elif rng.random() < 0.05:
        mutation = rng.choice(BYTE_MUTATIONS)
        data = mutation(rng, data)
        applied.append(mutation.__name__)
    return data, applied


class Hang(BaseException):
    """A case ran past its time limit (a BaseException, so that no reader can swallow it)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Hang` in the main thread after ``seconds`` (SIGALRM; Unix only)."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Failure:
    case: int
    seed: str
    mutations: list[str]
    error: str
    data: bytes = field(repr=False)

    def __str__(self) -> str:
        return f"case {self.case} ({self.seed}; {', '.join(self.mutations)}): {self.error}"


def judge(data: bytes, fmt: str, time_limit_s: float) -> tuple[str, str | None]:
    """Read one input: the outcome (``plan`` or the error class) and, for a failure, what went wrong."""
    try:
        with time_limit(time_limit_s):
            plan = kp.read(io.BytesIO(data), format=fmt)
            # A plan must be a whole, valid plan: it survives the JSON round trip.
            again = kp.from_json(kp.to_json(plan))
    except Hang as error:
        return "hang", f"hang: {error}"
    except kp.KepuPlanError as error:
        str(error)  # the message itself must be printable
        cause = error.__cause__
        if (
            cause is not None
            and not isinstance(cause, kp.KepuPlanError)
            and str(getattr(error, "reason", "")).startswith(_LAST_RESORT)
        ):
            # Caught by a reader's last-resort boundary: a KepuPlanError all the same, but counted
            # apart, since a precise check would give a better message.
            return f"{type(error).__name__}(last resort: {type(cause).__name__})", None
        return type(error).__name__, None
    except Exception as error:
        return f"!{type(error).__name__}", "".join(traceback.format_exception(error)[-6:])
    if again != plan:
        return "!roundtrip", "the plan read does not survive a JSON round trip"
    return "plan", None


#: How the readers' last-resort errors begin (see ``kepu_plan._limits.unexpected``).
_LAST_RESORT = (
    "cannot read the document:",
    "cannot read the workbook:",
    "cannot interpret the table:",
    "cannot read the plan:",
)


@dataclass
class Summary:
    seed: int
    cases: int = 0
    outcomes: collections.Counter[str] = field(default_factory=collections.Counter)
    mutations: collections.Counter[str] = field(default_factory=collections.Counter)
    failures: list[Failure] = field(default_factory=list)
    last_resort: list[str] = field(default_factory=list)
    slowest: float = 0.0
    slowest_case: str = ""
    seconds: float = 0.0

    def line(self) -> str:
        plans = self.outcomes.get("plan", 0)
        errors = {k: v for k, v in self.outcomes.items() if k != "plan" and not k.startswith("!") and k != "hang"}
        others = {k: v for k, v in self.outcomes.items() if k.startswith("!")}
        by_class = ", ".join(f"{k} {v}" for k, v in sorted(errors.items(), key=lambda kv: (-kv[1], kv[0])))
        other_text = ", ".join(f"{k[1:]} {v}" for k, v in sorted(others.items())) or "none"
        return (
            f"fuzz: {self.cases} inputs (seed {self.seed}) in {self.seconds:.1f} s: {plans} plans, "
            f"{sum(errors.values())} KepuPlanErrors ({by_class}), other exceptions: {other_text}, "
            f"hangs: {self.outcomes.get('hang', 0)}; slowest input {self.slowest:.2f} s"
        )


def run(
    cases: int,
    *,
    seed: int = 0,
    time_limit_s: float = 10.0,
    inputs: list[Seed] | None = None,
    progress: Callable[[Summary], None] | None = None,
) -> Summary:
    """Run ``cases`` mutated inputs, round robin over the seeds."""
    inputs = seeds() if inputs is None else inputs
    summary = Summary(seed=seed)
    start = time.perf_counter()
    for case in range(cases):
        rng = random.Random(f"{seed}:{case}")
        source = inputs[case % len(inputs)]
        try:
            data, applied = mutate(rng, source)
        except Exception as error:  # a bug in the fuzzer, not in kepu_plan: report it all the same
            raise RuntimeError(f"the mutator failed on case {case} ({source.name})") from error
        began = time.perf_counter()
        outcome, problem = judge(data, source.format, time_limit_s)
        took = time.perf_counter() - began
        summary.cases += 1
        summary.outcomes[outcome] += 1
        summary.mutations.update(applied)
        if took > summary.slowest:
            summary.slowest, summary.slowest_case = took, f"case {case} ({source.name}; {', '.join(applied)})"
        if problem is not None:
            summary.failures.append(Failure(case, source.name, applied, problem, data))
        if "last resort" in outcome:
            summary.last_resort.append(f"case {case} ({source.name}; {', '.join(applied)}): {outcome}")
        if progress is not None and case % 500 == 499:
            summary.seconds = time.perf_counter() - start
            progress(summary)
    summary.seconds = time.perf_counter() - start
    return summary
