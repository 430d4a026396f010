"""``kepu-plan collect PLAN FORM... -o LEDGER``: the returned report forms, read into one ledger."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from kepu_plan.cli._common import add_format_option, load_plan, print_table
from kepu_plan.tracking import collect, write_ledger
from kepu_plan.tracking.ledger_json import ledger_data
from kepu_plan.units import UnitDirectory

_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "collect",
        help="read the filled report forms back into one ledger (台账)",
        description="汇总各单位交回的报送表，生成工作台账（XLSX 或 JSON）。每个答复按内容编号对应到任务内容，"
        "原文照录；发现的问题（别的分工表或周期的表、重复报送、未报送、改动了只读内容、完成情况不在列表中、"
        "完成值不是数字、整行未填等）逐条列出文件和单元格，不影响其他内容的汇总。"
        "退出码：0 全部顺利汇总，1 有问题，2 没有可读的报送表。",
        epilog="示例: kepu-plan collect 分工表.docx 回收/*.xlsx -o 台账2024.xlsx\n"
        "      kepu-plan collect 分工表.docx 回收/*.xlsx --json > 台账2024.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="PLAN", help="the plan the forms were written from: a DOCX, XLSX or JSON file")
    parser.add_argument("forms", metavar="FORM", nargs="+", help="the returned forms (.xlsx)")
    parser.add_argument("-o", "--output", metavar="LEDGER", help="write the ledger to this .xlsx or .json file")
    parser.add_argument("--period", help="the period to collect (default: the period of the first form)")
    parser.add_argument("--directory", metavar="CSV", help="the county's unit directory (CSV or JSON)")
    add_format_option(parser)
    parser.add_argument("--json", action="store_true", help="print the ledger and the problems as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    plan = load_plan(args.file, args.format)
    directory = UnitDirectory.load(args.directory) if args.directory else None
    result = collect(plan, args.forms, period=args.period, directory=directory)
    ledger = result.ledger
    if result.forms and args.output:
        write_ledger(ledger, args.output, problems=result.problems)
    if args.json:
        print(json.dumps(ledger_data(ledger, result.problems), ensure_ascii=False, indent=2))
    else:
        if result.problems:
            rows = [
                (
                    _SEVERITY[problem.severity.value],
                    problem.unit or "",
                    problem.file or "",
                    f"{problem.sheet}!{problem.cell}" if problem.cell else "",
                    problem.message,
                )
                for problem in result.problems
            ]
            print_table(("级别", "单位", "文件", "位置", "说明"), rows)
            print()
        answered = len(ledger.reported_units)
        print(
            f"读取 {result.forms} 份报送表：{len(ledger.units)} 个单位中 {answered} 个已报送，"
            f"{len(ledger.missing_units)} 个未报送；问题 {len(result.problems)} 个。"
        )
        if result.forms and args.output:
            print(f"台账已写入 {args.output}")
        elif result.forms:
            print("未写出台账：用 -o 台账.xlsx（或 .json）指定文件。")
    if not result.forms:
        print("kepu-plan collect: 没有可读的报送表", file=sys.stderr)
        return 2
    return 1 if result.problems else 0
