"""``kepu-plan targets [FILE]``: every quantified target of a plan, with its place and units."""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any, Final

from kepu_plan.cli._common import add_format_option, load_plan, print_json, print_table
from kepu_plan.model import Cadence, Comparator, Plan

#: How the table writes a comparator and a cadence.
COMPARATOR_WORDS: Final = {
    Comparator.EXACT: "=",
    Comparator.AT_LEAST: "不少于",
    Comparator.AT_MOST: "不超过",
    Comparator.ABOUT: "约",
}
CADENCE_WORDS: Final = {Cadence.ANNUAL: "每年", Cadence.PERIOD: "期内"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "targets",
        help="list the quantified targets (指标) in a plan's duties",
        description="列出分工表“主要内容”里的数量指标：所在行动、任务、负责单位、数量、比较、量词、周期和对象。"
        "不给文件时用内置的神木市分工表。",
        epilog="示例: kepu-plan targets 分工表.docx   |   kepu-plan targets --json",
    )
    parser.add_argument("file", nargs="?", help="a DOCX, XLSX or JSON file, or - for standard input")
    add_format_option(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(run=run)


def _number(quantity: int | Decimal) -> int | float:
    return quantity if isinstance(quantity, int) else float(quantity)


def targets_data(plan: Plan) -> list[dict[str, Any]]:
    """Every target as data, in reading order; ``duty`` counts duties from 1 in reading order."""
    number = {id(duty): i for i, duty in enumerate(plan.duties, start=1)}
    return [
        {
            "action": action.name,
            "task": task.name,
            "duty": number[id(duty)],
            "units": [unit.name for unit in duty.units],
            "text": target.text,
            "quantity": _number(target.quantity),
            "comparator": target.comparator.value,
            "measure": target.measure,
            "cadence": target.cadence.value,
            "subject": target.subject,
        }
        for action, task, duty, target in plan.targets()
    ]


def run(args: argparse.Namespace) -> int:
    plan = load_plan(args.file, args.format)
    data = targets_data(plan)
    if args.json:
        print_json(data)
        return 0
    rows = [
        (
            item["action"],
            item["task"],
            "、".join(item["units"]),
            item["quantity"],
            COMPARATOR_WORDS[Comparator(item["comparator"])],
            item["measure"],
            CADENCE_WORDS[Cadence(item["cadence"])],
            item["subject"],
        )
        for item in data
    ]
    print_table(("行动", "任务", "负责单位", "数量", "比较", "量词", "周期", "对象"), rows)
    print()
    print(f"{len(data)} 个指标，分布在 {len({item['duty'] for item in data})} 条内容中")
    return 0
