"""``kepu-plan targets [FILE]``: every quantified target of a plan, with its place and units."""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kepu_plan._i18n import _
from kepu_plan.cli._common import add_read_options, load_plan, print_json, print_table

if TYPE_CHECKING:
    from kepu_plan.model import Plan


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "targets",
        help=_("list the quantified targets (指标) in a plan's duties"),
        description=_(
            "List the quantified targets in a plan's duties: action, task, responsible units, quantity, "
            "comparison, measure word, cadence and subject. Without a file, uses the embedded Shenmu plan."
        ),
        epilog=_("examples: kepu-plan targets 分工表.docx   |   kepu-plan targets --json"),
    )
    parser.add_argument("file", nargs="?", help=_("a DOCX, XLSX or JSON file, or - for standard input"))
    add_read_options(parser)
    parser.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))
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
    from kepu_plan.model import Cadence, Comparator

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
            Comparator(item["comparator"]).label,
            item["measure"],
            Cadence(item["cadence"]).label,
            item["subject"],
        )
        for item in data
    ]
    headers = (
        _("action"),
        _("task"),
        _("units"),
        _("quantity"),
        _("comparison"),
        _("measure"),
        _("cadence"),
        _("subject"),
    )
    print_table(headers, rows)
    print()
    print(
        _("{targets} targets in {duties} duties").format(targets=len(data), duties=len({item["duty"] for item in data}))
    )
    return 0
