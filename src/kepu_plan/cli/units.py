"""``kepu-plan units [FILE]``: each unit's workload, one unit's duties, and a check against a directory."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kepu_plan.cli._common import add_format_option, load_plan, print_json, print_table
from kepu_plan.model import Plan, Unit
from kepu_plan.units import UnitDirectory, UnitIssue, check_units, led_by, similarity, workload


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "units",
        help="list the units with their workload, one unit's duties, or check units against a directory",
        description="列出分工表的负责单位及各自的内容条数、牵头内容和牵头行动；--by-action 按行动分列；"
        "--unit 列出一个单位负责的全部内容；--directory 用单位名录（CSV 或 JSON：name,full_name,aliases）"
        "核对单位名称，给出最接近的名称，发现问题时退出码为 1。不给文件时用内置的神木市分工表。",
        epilog="示例: kepu-plan units 分工表.docx\n"
        "      kepu-plan units 分工表.docx --unit 市科协\n"
        "      kepu-plan units 分工表.docx --directory 单位名录.csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", help="a DOCX, XLSX or JSON file, or - for standard input")
    add_format_option(parser)
    parser.add_argument("--unit", help="list the duties of this unit")
    parser.add_argument("--by-action", action="store_true", help="one column per action")
    parser.add_argument("--directory", metavar="FILE", help="check the units against this unit directory")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(run=run)


def _issue_data(issue: UnitIssue) -> dict[str, Any]:
    return {
        "unit": issue.unit.name,
        "kind": issue.kind.value,
        "suggestions": list(issue.suggestions),
        "places": list(issue.places),
    }


def units_data(plan: Plan, directory: UnitDirectory | None) -> list[dict[str, Any]]:
    """Each unit's counts as data, with its full name when a directory knows it."""
    table = workload(plan)
    rows = []
    for row in table.rows:
        item: dict[str, Any] = {"unit": row.unit.name}
        if directory is not None:
            item["full_name"] = directory.full_name(row.unit)
        item.update(
            duties=row.total,
            leads=row.leads,
            actions_led=row.actions_led,
            by_action=dict(zip(table.actions, row.counts, strict=True)),
        )
        rows.append(item)
    return rows


def duties_data(plan: Plan, unit: str) -> dict[str, Any]:
    """One unit's duties, with their places, and the actions it leads."""
    duties = []
    number = 0
    for action in plan.actions:
        for task in action.tasks:
            for duty in task.duties:
                number += 1
                if Unit(name=unit) in duty.units:
                    duties.append(
                        {
                            "number": number,
                            "action": action.name,
                            "task": task.name,
                            "leads": Unit(name=unit) in duty.leads,
                            "units": [u.name for u in duty.units],
                            "content": duty.content,
                        }
                    )
    return {"unit": unit, "actions_led": [action.name for action in led_by(plan, unit).actions], "duties": duties}


def _print_units(plan: Plan, directory: UnitDirectory | None, by_action: bool) -> None:
    data = units_data(plan, directory)
    names = [action.name for action in plan.actions]
    headers = ["序号", "单位"] + (["全称"] if directory is not None else [])
    if by_action:
        headers += [f"行动{i}" for i in range(1, len(names) + 1)]
    headers += ["内容", "牵头内容", "牵头行动"]
    rows = []
    for i, item in enumerate(data, start=1):
        row: list[object] = [i, item["unit"]]
        if directory is not None:
            row.append(item["full_name"] or "")
        if by_action:
            row += [item["by_action"][name] or "" for name in names]
        row += [item["duties"], item["leads"] or "", item["actions_led"] or ""]
        rows.append(row)
    print_table(headers, rows)
    if by_action:
        print()
        for i, name in enumerate(names, start=1):
            print(f"行动{i}：{name}")


def run(args: argparse.Namespace) -> int:
    plan = load_plan(args.file, args.format)
    directory = UnitDirectory.load(args.directory) if args.directory else None
    if args.unit is not None:
        if Unit(name=args.unit) not in plan.units:
            scores = {u.name: similarity(args.unit, u.name) for u in plan.units}
            close = [name for name in sorted(scores, key=lambda name: -scores[name]) if scores[name] >= 0.6][:3]
            hint = f"; did you mean {'、'.join(close)}?" if close else ""
            print(f"kepu-plan units: error: no unit named {args.unit!r} in this plan{hint}", file=sys.stderr)
            return 2
        data = duties_data(plan, args.unit)
        if args.json:
            print_json(data)
            return 0
        rows = [
            (item["number"], item["action"], item["task"], "牵头" if item["leads"] else "", item["content"])
            for item in data["duties"]
        ]
        print_table(("序号", "行动", "任务", "牵头", "内容"), rows)
        led = "、".join(data["actions_led"])
        print(f"\n{args.unit}：负责 {len(rows)} 条内容" + (f"，牵头 {led}" if led else ""))
        return 0
    issues = check_units(plan, directory) if directory is not None else ()
    if args.json:
        result: dict[str, Any] = {"units": units_data(plan, directory)}
        if directory is not None:
            result["issues"] = [_issue_data(issue) for issue in issues]
        print_json(result)
    else:
        _print_units(plan, directory, args.by_action)
        if directory is not None:
            print()
            if issues:
                print(f"单位名录核对：{len(issues)} 个单位不在名录中")
                for issue in issues:
                    print(f"  {issue}")
            else:
                print("单位名录核对：全部单位都在名录中")
    return 1 if issues else 0
