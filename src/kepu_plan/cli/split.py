"""``kepu-plan split FILE OUTDIR``: one list per department, each unit's duties in a file of its own."""

from __future__ import annotations

import argparse
import csv
import io
import re
import unicodedata
from pathlib import Path
from typing import Any, Final

from kepu_plan import formats
from kepu_plan._io import write
from kepu_plan.cli._common import load_plan, print_json, print_table
from kepu_plan.model import Plan
from kepu_plan.units import for_unit, workload

#: Characters no file name may hold on Windows, macOS or Linux, and control characters.
_UNSAFE: Final = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
#: Names Windows reserves whatever the suffix.
_RESERVED: Final = frozenset(
    ["CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))]
)
#: Bytes a name may take in UTF-8, suffix included: most file systems allow 255.
_MAX_BYTES: Final = 200
INDEX: Final = "index.csv"
#: Starts of a text a spreadsheet takes for a formula or an error value (as in the XLSX writer).
_FORMULA_LIKE: Final = ("=", "+", "-", "@", "#", "＝", "＋", "－", "＠")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "split",
        help="write one file per unit with the duties it is responsible for",
        description="为每个负责单位生成一份只含本单位任务的分工表（保留行动和任务，标明是否牵头），"
        "标题为“…任务分工表（单位名）”，文件名取自单位名称；另写 index.csv 列出各文件和各单位的条数。",
        epilog="示例: kepu-plan split 分工表.docx 各单位/\n      kepu-plan split 分工表.docx 各单位/ --format xlsx",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE", help="a DOCX, XLSX or JSON file, or - for standard input")
    parser.add_argument("outdir", metavar="OUTDIR", help="the folder to write the files into")
    parser.add_argument(
        "--format", choices=tuple(formats.FORMATS), default="docx", help="the format of the files (default docx)"
    )
    parser.add_argument(
        "--input-format", choices=tuple(formats.FORMATS), help="the input's format (default: from its suffix)"
    )
    parser.add_argument("--json", action="store_true", help="print the index as JSON")
    parser.set_defaults(run=run)


def safe_file_name(name: str, suffix: str = "", *, tag: str = "") -> str:
    """A file name made from ``name`` that every operating system accepts.

    ``tag`` (``-2`` …) is kept whole when a long name is cut to fit: it is what tells two names apart.

    >>> safe_file_name("市科协", ".docx"), safe_file_name("A/B:C", ".xlsx"), safe_file_name("con", ".docx")
    ('市科协.docx', 'A_B_C.xlsx', '_con.docx')
    >>> safe_file_name("长" * 70, ".docx", tag="-2")[-12:]
    '长长长长长长-2.docx'
    """
    stem = _UNSAFE.sub("_", unicodedata.normalize("NFC", name)).strip().rstrip(". ")
    if not stem:
        stem = "_"
    if stem.split(".")[0].upper() in _RESERVED:
        stem = "_" + stem
    while len((stem + tag + suffix).encode("utf-8")) > _MAX_BYTES:
        stem = stem[:-1]
    return stem + tag + suffix


def csv_text(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs as a formula: one that looks like one gets a ``'``.

    As the XLSX writer does, a text starting (after blanks) with ``= + - @ #`` or their full-width
    forms, or with a tab or carriage return, is quoted; a spreadsheet then shows it as text.

    >>> csv_text("市科协"), csv_text("=A1*1000"), csv_text(" +1+1")
    ('市科协', "'=A1*1000", "' +1+1")
    """
    if text.startswith(("\t", "\r")) or text.lstrip().startswith(_FORMULA_LIKE):
        return "'" + text
    return text


def split_plan(plan: Plan, outdir: Path, format: str = "docx") -> list[dict[str, Any]]:
    """Write each unit's list into ``outdir`` and an index; return the index rows.

    File names come from the unit names; two names that would clash (on a file system that ignores
    case, too) get ``-2``, ``-3`` … .  A unit responsible for no duty (it only leads an action) gets
    no file.
    """
    suffix = formats.FORMATS[format][1][0]
    outdir.mkdir(parents=True, exist_ok=True)
    table = workload(plan)
    taken: set[str] = {INDEX.casefold()}
    index: list[dict[str, Any]] = []
    for row in table.rows:
        file: str | None = None
        if row.total:
            file, number = safe_file_name(row.unit.name, suffix), 2
            while file.casefold() in taken:
                file = safe_file_name(row.unit.name, suffix, tag=f"-{number}")
                number += 1
            taken.add(file.casefold())
            write(for_unit(plan, row.unit), outdir / file, format=format)
        index.append(
            {
                "unit": row.unit.name,
                "file": file,
                "duties": row.total,
                "leads": row.leads,
                "actions_led": row.actions_led,
            }
        )
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(["序号", "单位", "文件", "内容", "牵头内容", "牵头行动"])
    for i, item in enumerate(index, start=1):
        unit, file = csv_text(item["unit"]), csv_text(item["file"] or "")
        writer.writerow([i, unit, file, item["duties"], item["leads"], item["actions_led"]])
    (outdir / INDEX).write_text(text.getvalue(), encoding="utf-8-sig")
    return index


def run(args: argparse.Namespace) -> int:
    plan = load_plan(args.file, args.input_format)
    outdir = Path(args.outdir)
    index = split_plan(plan, outdir, args.format)
    if args.json:
        print_json(index)
        return 0
    rows = [
        (i, item["unit"], item["file"] or "（无内容，未生成）", item["duties"], item["leads"], item["actions_led"])
        for i, item in enumerate(index, start=1)
    ]
    print_table(("序号", "单位", "文件", "内容", "牵头内容", "牵头行动"), rows)
    written = sum(1 for item in index if item["file"])
    print(f"\n已在 {outdir} 写入 {written} 个单位的分工表和 {INDEX}")
    return 0
