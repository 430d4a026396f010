"""``kepu-plan diff OLD NEW``: what changed between two plans; exit 1 when they differ."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kepu_plan.cli._common import add_format_option, load_plan, print_json
from kepu_plan.diff import diff


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "diff",
        help="compare two plans (exit 0 when equal, 1 when they differ)",
        description="比较两个分工表：新增、删除、移动和修改的行动、任务和内容，单位的增减，牵头单位和指标的变化。"
        "内容按相似度配对，改写过的内容算作修改而不是删除加新增；修改的字词标为 [-旧-]{+新+}。"
        "两表相同时退出码为 0，不同时为 1。",
        epilog="示例: kepu-plan diff 分工表-旧.docx 分工表-新.docx\n"
        "      kepu-plan diff 神木市分工表.json 府谷县分工表.json --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("old", metavar="OLD", help="the earlier plan (DOCX, XLSX or JSON, or - for standard input)")
    parser.add_argument("new", metavar="NEW", help="the later plan")
    add_format_option(parser)
    parser.add_argument("--json", action="store_true", help="print the differences as JSON")
    parser.add_argument(
        "--threshold",
        type=float,
        default=0.6,
        help="how alike (0 to 1) a duty's wording must stay to count as changed rather than replaced (default 0.6)",
    )
    parser.add_argument(
        "--no-renames",
        action="store_true",
        help="show a unit renamed throughout at every duty instead of once",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.threshold <= 1:
        print("kepu-plan diff: error: --threshold must be between 0 and 1", file=sys.stderr)
        return 2
    old = load_plan(args.old, args.format)
    new = load_plan(args.new, args.format)
    result = diff(old, new, threshold=args.threshold, renames=not args.no_renames)
    if args.json:
        print_json(result.to_dict())
    else:
        print(result)
    return 1 if result else 0
