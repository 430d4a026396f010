"""``kepu-plan convert``: convert between formats, one file or many."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kepu_plan import formats
from kepu_plan.cli._common import load_plan, save_plan
from kepu_plan.errors import KepuPlanError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "convert",
        help="convert plans between DOCX, XLSX and JSON",
        description="在 DOCX、XLSX、JSON 之间转换分工表。一个输入一个输出：convert IN OUT；"
        "多个输入：convert IN... --to xlsx --out-dir OUT。遇到坏文件会报告并继续，最后以非零退出。",
        epilog="示例: kepu-plan convert 分工表.docx 分工表.xlsx\n"
        "      kepu-plan convert *.docx --to xlsx --out-dir out/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="+", help="IN OUT, or several inputs with --to and --out-dir")
    parser.add_argument("--to", choices=tuple(formats.FORMATS), help="the output format for several inputs")
    parser.add_argument("--out-dir", help="the folder for several inputs (default: beside each input)")
    parser.add_argument("--format", choices=tuple(formats.FORMATS), help="the input format (default: from the suffix)")
    parser.set_defaults(run=run)


def _progress(done: int, total: int) -> None:
    if total > 1 and sys.stderr.isatty():
        width = 30
        filled = width * done // total
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr, flush=True)
        if done == total:
            print(file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    if args.to is None:
        if len(args.files) != 2:
            print("kepu-plan convert: error: give IN OUT, or several inputs with --to FORMAT", file=sys.stderr)
            return 2
        source, target = args.files
        save_plan(load_plan(source, args.format), target)
        return 0
    suffix = formats.FORMATS[args.to][1][0]
    failures = 0
    total = len(args.files)
    for done, source in enumerate(args.files, start=1):
        folder = Path(args.out_dir) if args.out_dir else Path(source).parent
        target = folder / (Path(source).stem + suffix)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            save_plan(load_plan(source, args.format), str(target))
        except KepuPlanError as error:
            failures += 1
            if sys.stderr.isatty() and total > 1:
                print(file=sys.stderr)
            print(f"kepu-plan convert: {error}", file=sys.stderr)
        else:
            if not sys.stderr.isatty() or total == 1:
                print(f"{source} -> {target}")
        _progress(done, total)
    if failures:
        print(f"kepu-plan convert: {failures} of {total} file(s) failed", file=sys.stderr)
        return 2
    return 0
