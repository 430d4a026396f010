"""``kepu-plan convert``: convert between formats, one file or many."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kepu_plan._i18n import _
from kepu_plan.cli._common import (
    FORMAT_NAMES,
    UsageError,
    add_read_options,
    load_plan,
    make_folder,
    one_line,
    progress,
    save_plan,
)

#: The suffix each output format is written with.
SUFFIXES = {"json": ".json", "docx": ".docx", "xlsx": ".xlsx"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "convert",
        help=_("convert plans between DOCX, XLSX and JSON"),
        description=_(
            "Convert plans between DOCX, XLSX and JSON. One input, one output: convert IN OUT (OUT - writes "
            "JSON to standard output). Several inputs: convert IN... --to xlsx [--out-dir OUT]. A bad file is "
            "reported and the others converted; the exit code is then 2."
        ),
        epilog=_(
            "examples: kepu-plan convert 分工表.docx 分工表.xlsx\n"
            "      kepu-plan convert *.docx --to xlsx --out-dir out/"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help=_("IN OUT, or several inputs with --to and --out-dir"))
    parser.add_argument("--to", choices=FORMAT_NAMES, help=_("the output format for several inputs"))
    parser.add_argument("--out-dir", help=_("the folder for several inputs (default: beside each input)"))
    add_read_options(parser)
    parser.set_defaults(run=run)


def targets(sources: list[str], to: str, out_dir: str | None) -> list[Path]:
    """Where each input is written; a :class:`UsageError` when two inputs would write the same file."""
    suffix = SUFFIXES[to]
    paths = [(Path(out_dir) if out_dir else Path(source).parent) / (Path(source).stem + suffix) for source in sources]
    seen: dict[str, str] = {}
    for source, path in zip(sources, paths, strict=True):
        key = str(path).casefold()  # a file system that ignores case would clash too
        if key in seen:
            raise UsageError(
                _("{first} and {second} would both be written to {target}; convert them into different folders").format(
                    first=seen[key], second=source, target=path
                )
            )
        if source == "-":
            raise UsageError(_("- (standard input) needs an output: convert - OUT"))
        seen[key] = source
    return paths


def run(args: argparse.Namespace) -> int:
    if args.to is None:
        if args.out_dir is not None or len(args.files) != 2:
            raise UsageError(_("give IN OUT, or several inputs with --to FORMAT"))
        source, target = args.files
        if target != "-" and Path(target).is_dir():
            raise UsageError(
                _(
                    "{path} is a folder, not a file: give the output file's name, or --to FORMAT --out-dir {path}"
                ).format(path=target)
            )
        save_plan(load_plan(source, args.format), target)
        return 0
    paths = targets(args.files, args.to, args.out_dir)
    if args.out_dir:
        make_folder(Path(args.out_dir))
    failures = 0
    quiet = sys.stderr.isatty() and len(paths) > 1  # the progress bar says it
    for source, target in progress(list(zip(args.files, paths, strict=True)), _("converting")):
        try:
            save_plan(load_plan(source, args.format), str(target))
        except Exception as error:
            from kepu_plan.cli import message
            from kepu_plan.errors import KepuPlanError

            if not isinstance(error, KepuPlanError | OSError):
                raise
            failures += 1
            print(_("kepu-plan convert: {message}").format(message=one_line(message(error))), file=sys.stderr)
        else:
            if not quiet:
                print(f"{source} -> {target}")
    if failures and len(paths) > 1:
        print(
            _("kepu-plan convert: {failures} of {total} files failed").format(failures=failures, total=len(paths)),
            file=sys.stderr,
        )
    return 2 if failures else 0
