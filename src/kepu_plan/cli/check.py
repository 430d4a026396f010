"""``kepu-plan check FILE``: read a table and report every interpretation the reader made."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any

from kepu_plan.cli._common import add_read_options, load_plan, parse_columns, print_json
from kepu_plan.diagnostics import Diagnostic, Severity

__all__ = ["parse_columns", "register", "run"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help="read a table and report what the reader had to interpret",
        description="读取分工表，列出读取时所做的每一项解释（页首重复的行动已合并、编号已去掉、未知列已保留……）。"
        "退出码：0 读取干净；1 可以读取，但有值得人工查看的警告；2 无法读取。",
        epilog="示例: kepu-plan check 分工表.docx\n"
        "      kepu-plan check 台账.xlsx --columns 工作举措=content,责任科室=units --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", help="a DOCX, XLSX or JSON file")
    add_read_options(parser)
    parser.add_argument("--all", action="store_true", help="also list routine interpretations one by one")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    found: list[Diagnostic] = []
    plan = load_plan(args.file, args.format, diagnostics=found)  # with the reading options (--columns …)
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
    print(f"{args.file}: {len(plan.actions)} 项行动/工程，{len(plan.tasks)} 项任务，{len(plan.duties)} 条内容")
    for item in warnings:
        print(f"警告 warning: {item}")
    infos = [item for item in found if item.severity is Severity.INFO]
    if args.all:
        for item in infos:
            print(f"说明 info: {item}")
    elif infos:
        counts = Counter(item.code for item in infos)
        summary = "，".join(f"{code} ×{count}" for code, count in counts.most_common())
        print(f"说明 info: {summary}（--all 逐条列出）")
    if warnings:
        print(f"{len(warnings)} 条警告需要人工查看", file=sys.stderr)
        return 1
    print("读取干净 (reads cleanly)")
    return 0
