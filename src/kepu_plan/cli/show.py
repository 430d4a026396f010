"""``kepu-plan show [FILE]``: an overview of a plan."""

from __future__ import annotations

import argparse
from typing import Any

from kepu_plan.cli._common import add_format_option, load_plan, print_json, print_table
from kepu_plan.model import Plan


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "show",
        help="print an overview of a plan",
        description="打印分工表概览：标题、行动、任务、内容条数和单位数。不给文件时显示内置的神木市分工表。",
        epilog="示例: kepu-plan show 分工表.docx   |   kepu-plan show --json",
    )
    parser.add_argument("file", nargs="?", help="a DOCX, XLSX or JSON file, or - for standard input")
    add_format_option(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(run=run)


def overview(plan: Plan) -> dict[str, Any]:
    """The overview as data."""
    return {
        "label": plan.label,
        "title": plan.title,
        "actions": len(plan.actions),
        "tasks": len(plan.tasks),
        "duties": len(plan.duties),
        "units": len(plan.units),
        "by_action": [
            {
                "name": action.name,
                "kind": action.kind.value,
                "leads": [unit.name for unit in action.leads],
                "tasks": len(action.tasks),
                "duties": len(action.duties),
            }
            for action in plan.actions
        ],
    }


def run(args: argparse.Namespace) -> int:
    plan = load_plan(args.file, args.format)
    data = overview(plan)
    if args.json:
        print_json(data)
        return 0
    if plan.label:
        print(plan.label)
    print(plan.title or "（无标题）")
    print(f"{data['actions']} 项行动/工程，{data['tasks']} 项任务，{data['duties']} 条内容，{data['units']} 个单位")
    print()
    rows = [
        (i, item["name"], item["kind"], "、".join(item["leads"]), item["tasks"], item["duties"])
        for i, item in enumerate(data["by_action"], start=1)
    ]
    print_table(("序号", "名称", "类别", "牵头单位", "任务", "内容"), rows)
    return 0
