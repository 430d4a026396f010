"""``kepu-plan forms PLAN OUTDIR --period 2024年``: one report form (报送表) per responsible unit."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kepu_plan.cli._common import add_format_option, load_plan, print_json, print_table
from kepu_plan.tracking import form_duties, plan_duties, write_forms
from kepu_plan.units import UnitDirectory


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "forms",
        help="write one report form (XLSX) per responsible unit for a period",
        description="为每个负责单位生成一份报送表（XLSX）：列出本单位负责的任务内容（只读），"
        "留出完成情况（下拉选择）、进展情况、佐证材料和各指标完成值的填写栏。"
        "表内隐藏保存分工表指纹和每行的内容编号，回收后用 kepu-plan collect 汇总。",
        epilog="示例: kepu-plan forms 分工表.docx 报送表/ --period 2024年",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="PLAN", help="the plan: a DOCX, XLSX or JSON file")
    parser.add_argument("outdir", metavar="OUTDIR", help="the folder to write the forms into (made if missing)")
    parser.add_argument("--period", required=True, help="the reporting period, e.g. 2024年 or 中期评估")
    parser.add_argument("--directory", metavar="CSV", help="the county's unit directory (CSV or JSON)")
    add_format_option(parser)
    parser.add_argument("--json", action="store_true", help="print the forms written as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    plan = load_plan(args.file, args.format)
    directory = UnitDirectory.load(args.directory) if args.directory else None
    try:
        paths = write_forms(plan, args.outdir, period=args.period, directory=directory)
    except ValueError as error:
        print(f"kepu-plan forms: error: {error}", file=sys.stderr)
        return 2
    duties = plan_duties(plan)
    rows = [
        {"unit": unit, "file": str(path), "duties": len(form_duties(plan, unit, directory=directory, duties=duties))}
        for unit, path in paths.items()
    ]
    if args.json:
        print_json({"period": args.period, "forms": rows})
        return 0
    print_table(("单位", "文件", "任务内容"), [(row["unit"], row["file"], row["duties"]) for row in rows])
    print()
    print(f"已为 {len(rows)} 个单位生成“{args.period}”报送表，保存在 {args.outdir}")
    return 0
