"""``kepu-plan split FILE OUTDIR``: one list per department, each unit's duties in a file of its own."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from kepu_plan._atomic import safe_file_name
from kepu_plan._i18n import _
from kepu_plan.cli._common import (
    FORMAT_NAMES,
    add_read_options,
    load_plan,
    make_folder,
    print_json,
    print_table,
    progress,
)

if TYPE_CHECKING:
    from kepu_plan.model import Plan

INDEX: Final = "index.csv"
#: Starts of a text a spreadsheet takes for a formula or an error value (as in the XLSX writer).
_FORMULA_LIKE: Final = ("=", "+", "-", "@", "#", "＝", "＋", "－", "＠")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "split",
        help=_("write one file per unit with the duties it is responsible for"),
        description=_(
            "Write, for each responsible unit, a plan holding only its duties (actions and tasks kept, leads "
            "marked), titled '…任务分工表（unit）', the file named after the unit; and index.csv listing each "
            "unit's file and counts."
        ),
        epilog=_("examples: kepu-plan split 分工表.docx 各单位/\n      kepu-plan split 分工表.docx 各单位/ --to xlsx"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE", help=_("a DOCX, XLSX or JSON file, or - for standard input"))
    parser.add_argument("outdir", metavar="OUTDIR", help=_("the folder to write the files into"))
    parser.add_argument("--to", choices=FORMAT_NAMES, help=_("the format of the files written (default docx)"))
    add_read_options(parser)
    parser.add_argument("--input-format", choices=FORMAT_NAMES, help=argparse.SUPPRESS)  # before --format meant --to
    parser.add_argument("--json", action="store_true", help=_("print the index as JSON"))
    parser.set_defaults(run=run)


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
    from kepu_plan import formats, write
    from kepu_plan._atomic import atomic_target
    from kepu_plan.units import for_unit, workload

    suffix = formats.FORMATS[format][1][0]
    make_folder(outdir)
    table = workload(plan)
    taken: set[str] = {INDEX.casefold()}
    index: list[dict[str, Any]] = []
    for row in progress(table.rows, _("writing the units' files")):
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
    with atomic_target(outdir / INDEX) as stream:
        stream.write(text.getvalue().encode("utf-8-sig"))
    return index


def _formats(args: argparse.Namespace) -> tuple[str | None, str]:
    """The input's and the output's format; the spelling of 0.1 (``--format`` for the output,
    ``--input-format`` for the input) still works, with a warning, for one release."""
    if args.input_format is not None or (args.format is not None and args.to is None):
        print(
            _(
                "kepu-plan split: warning: --format now names the input's format; use --to {format} for the files "
                "written (the old spelling works until the next release)"
            ).format(format=args.format or "docx"),
            file=sys.stderr,
        )
        return args.input_format, args.format or "docx"
    return args.format, args.to or "docx"


def run(args: argparse.Namespace) -> int:
    input_format, output_format = _formats(args)
    plan = load_plan(args.file, input_format)
    outdir = Path(args.outdir)
    index = split_plan(plan, outdir, output_format)
    if args.json:
        print_json(index)
        return 0
    rows = [
        (i, item["unit"], item["file"] or _("(no duties, no file)"), item["duties"], item["leads"], item["actions_led"])
        for i, item in enumerate(index, start=1)
    ]
    print_table((_("No."), _("unit"), _("file"), _("duties"), _("duties led"), _("actions led")), rows)
    written = sum(1 for item in index if item["file"])
    print()
    print(
        _("wrote the lists of {written} units and {index} in {outdir}").format(
            written=written, index=INDEX, outdir=outdir
        )
    )
    return 0
