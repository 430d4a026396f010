"""``kepu-plan diff OLD NEW``: what changed between two plans; exit 1 when they differ."""

from __future__ import annotations

import argparse
from typing import Any

from kepu_plan._i18n import _
from kepu_plan.cli._common import UsageError, add_read_options, load_plan, print_json, status


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "diff",
        help=_("compare two plans (exit 0 when equal, 1 when they differ)"),
        description=_(
            "Compare two plans: actions, tasks and duties added, removed, moved and changed, units added and "
            "removed, changed leads and targets. Duties are paired by likeness, so a reworded duty counts as "
            "changed, not as removed and added; changed words are marked [-old-]{+new+}. "
            "Exit 0 when the plans are equal, 1 when they differ."
        ),
        epilog=_(
            "examples: kepu-plan diff 分工表-旧.docx 分工表-新.docx\n"
            "      kepu-plan diff 神木市分工表.json 府谷县分工表.json --json"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("old", metavar="OLD", help=_("the earlier plan (DOCX, XLSX or JSON, or - for standard input)"))
    parser.add_argument("new", metavar="NEW", help=_("the later plan"))
    add_read_options(parser)
    parser.add_argument("--json", action="store_true", help=_("print the differences as JSON"))
    parser.add_argument(
        "--threshold",
        type=float,
        default=0.6,
        help=_("how alike (0 to 1) a duty's wording must stay to count as changed rather than replaced (default 0.6)"),
    )
    parser.add_argument(
        "--no-renames",
        action="store_true",
        help=_("show a unit renamed throughout at every duty instead of once"),
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kepu_plan.diff import diff

    if not 0 <= args.threshold <= 1:
        raise UsageError(_("--threshold must be between 0 and 1"))
    old = load_plan(args.old, args.format)
    new = load_plan(args.new, args.format)
    with status(_("comparing the plans…")):
        result = diff(old, new, threshold=args.threshold, renames=not args.no_renames)
    if args.json:
        print_json(result.to_dict())
    else:
        print(result)
    return 1 if result else 0
