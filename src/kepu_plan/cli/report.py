"""``kepu-plan report LEDGER... -o REPORT``: the year's progress as an HTML page or a DOCX document."""

from __future__ import annotations

import argparse
from typing import Any

from kepu_plan.tracking import read_ledger, write_report


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write the progress report of one or more ledgers (HTML or DOCX)",
        description="根据工作台账生成进展报告：各行动和工程、各单位的完成情况（堆叠条形图），"
        "各指标完成值与计划值的对比（给出多个年度的台账时显示逐年变化），以及滞后或未启动的任务、"
        "未报送的单位、低于应有进度的指标。HTML 为单个文件，无需联网和脚本，可直接打印；DOCX 按公文格式排版。",
        epilog="示例: kepu-plan report 台账2024.xlsx -o 2024年进展.html\n"
        "      kepu-plan report 台账2022.xlsx 台账2023.xlsx 台账2024.xlsx -o 进展.docx",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("ledgers", metavar="LEDGER", nargs="+", help="ledgers (.xlsx or .json) of one plan")
    parser.add_argument("-o", "--output", metavar="REPORT", required=True, help="the report: .html or .docx")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    ledgers = [read_ledger(path) for path in args.ledgers]
    write_report(ledgers, args.output)
    periods = "、".join(ledger.period for ledger in ledgers)
    print(f"已根据 {len(ledgers)} 份台账（{periods}）写出进展报告 {args.output}")
    return 0
