"""``kepu-plan check FILE``: read a table and report every interpretation the reader made."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any

from kepu_plan._i18n import _
from kepu_plan.cli._common import add_read_options, load_plan, parse_columns, print_json
from kepu_plan.diagnostics import Diagnostic, Severity
from kepu_plan.errors import KepuPlanError

__all__ = ["parse_columns", "register", "run"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help=_("read a table and report what the reader had to interpret"),
        description=_(
            "Read a table and list every interpretation made while reading it (page-top repeats of "
            "actions joined, numbering removed, unknown columns kept …). Exit status: 0 reads cleanly; "
            "1 readable, with warnings worth a person's look; 2 cannot be read."
        ),
        epilog=_(
            "examples: kepu-plan check 分工表.docx\n"
            "          kepu-plan check 台账.xlsx --columns 工作举措=content,责任科室=units --json"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", help=_("a DOCX, XLSX or JSON file"))
    add_read_options(parser)
    parser.add_argument("--all", action="store_true", help=_("also list routine interpretations one by one"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    found: list[Diagnostic] = []
    try:
        plan = load_plan(args.file, args.format, diagnostics=found)  # with the reading options (--columns …)
    except KepuPlanError as error:
        _unreadable(args, found, error)
        raise  # said as every command says an error, with exit status 2
    warnings = [item for item in found if item.severity is Severity.WARNING]
    if args.json:
        print_json(
            {
                "file": args.file,
                "readable": True,
                "actions": len(plan.actions),
                "tasks": len(plan.tasks),
                "duties": len(plan.duties),
                "warnings": len(warnings),
                "diagnostics": [item.to_dict() for item in found],
            }
        )
        return 1 if warnings else 0
    print(
        _("{file}: {actions} actions, {tasks} tasks, {duties} duties").format(
            file=args.file, actions=len(plan.actions), tasks=len(plan.tasks), duties=len(plan.duties)
        )
    )
    for item in warnings:
        print(_("warning: {diagnostic}").format(diagnostic=item))
    infos = [item for item in found if item.severity is Severity.INFO]
    if args.all:
        for item in infos:
            print(_("info: {diagnostic}").format(diagnostic=item))
    elif infos:
        counts = Counter(item.code for item in infos)
        summary = _(", ").join(f"{code} ×{count}" for code, count in counts.most_common())
        print(_("info: {summary} (--all lists them one by one)").format(summary=summary))
    if warnings:
        print(_("{count} warnings worth a person's look").format(count=len(warnings)), file=sys.stderr)
        return 1
    print(_("reads cleanly"))
    return 0


def _unreadable(args: argparse.Namespace, found: list[Diagnostic], error: KepuPlanError) -> None:
    """What the reader judged before the table proved unreadable (each row it set aside, and why):
    listed before the error, or with ``--json`` given as JSON with ``"readable": false``."""
    if args.json:
        from kepu_plan.cli import message

        print_json(
            {
                "file": args.file,
                "readable": False,
                "error": message(error),
                "diagnostics": [item.to_dict() for item in found],
            }
        )
        return
    for item in found:
        if item.severity is Severity.WARNING:
            print(_("warning: {diagnostic}").format(diagnostic=item))
