"""The ``kepu-plan`` command line.

Each subcommand is one module in this package with a ``register(subparsers)`` function that adds
its parser and sets ``run=`` to a function ``(args) -> int``.  Conventions shared by all: files by
path and ``-`` for standard input/output where it makes sense; ``--format`` overrides the suffix;
``--json`` for machine output; exit 0 for success, 1 for a finding (check warnings, diff
differences), 2 for a usage or read error, with one line on stderr and no traceback (``--debug``
shows it).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Sequence
from typing import Final

from kepu_plan import __version__
from kepu_plan.cli._common import READ_OPTIONS
from kepu_plan.errors import KepuPlanError

__all__ = ["main"]

#: The subcommand modules, in the order ``--help`` lists them.
COMMANDS: Final = (
    "demo", "show", "convert", "check", "targets", "units", "split", "adapt", "diff", "forms", "collect", "report",
)  # fmt: skip


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kepu-plan",
        description="读取、改编、检查和跟踪科学素质目标任务分工表（DOCX、XLSX、JSON）。",
        epilog="示例: kepu-plan demo out/   |   kepu-plan show 分工表.docx   |   kepu-plan convert a.docx b.xlsx",
    )
    parser.add_argument("--version", action="version", version=f"kepu-plan {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    parser.add_argument(
        "--convert",
        action="store_true",
        help="convert old or foreign files (.doc .wps .xls .et .rtf …) with LibreOffice before reading",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"kepu_plan.cli.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"kepu_plan.cli.{name}":
                continue  # a command not built yet
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``kepu-plan`` with ``argv`` (default: the process's arguments); return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    READ_OPTIONS.clear()
    if args.convert:
        READ_OPTIONS["convert"] = True
    try:
        code: int = args.run(args)
    except KepuPlanError as error:
        if args.debug:
            traceback.print_exc()
        print(f"kepu-plan {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"kepu-plan {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
