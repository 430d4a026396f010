"""``kepu-plan show [FILE]``: an overview of a plan."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from kepu_plan._i18n import _
from kepu_plan.cli._common import add_read_options, load_plan, print_json, print_table

if TYPE_CHECKING:
    from kepu_plan.model import Plan


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "show",
        help=_("print an overview of a plan"),
        description=_(
            "Print a plan's overview: title, actions, tasks, number of duties and units. "
            "Without a file, shows the embedded Shenmu plan."
        ),
        epilog=_("examples: kepu-plan show 分工表.docx   |   kepu-plan show --json"),
    )
    parser.add_argument("file", nargs="?", help=_("a DOCX, XLSX or JSON file, or - for standard input"))
    add_read_options(parser)
    parser.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))
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
    print(plan.title or _("(no title)"))
    print(
        _("{actions} actions, {tasks} tasks, {duties} duties, {units} units").format(
            actions=data["actions"], tasks=data["tasks"], duties=data["duties"], units=data["units"]
        )
    )
    print()
    rows = [
        (i, item["name"], item["kind"], "、".join(item["leads"]), item["tasks"], item["duties"])
        for i, item in enumerate(data["by_action"], start=1)
    ]
    print_table((_("No."), _("name"), _("kind"), _("lead units"), _("tasks"), _("duties")), rows)
    return 0
