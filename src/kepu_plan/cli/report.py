"""``kepu-plan report LEDGER... -o REPORT``: the year's progress as an HTML page or a DOCX document."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kepu_plan._i18n import _
from kepu_plan.cli._common import UsageError, status


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help=_("write the progress report of one or more ledgers (HTML or DOCX)"),
        description=_(
            "Write a progress report from ledgers: how far each action and project and each unit has come "
            "(stacked bars), each target's figure against its plan (year by year when ledgers of several years "
            "are given), and the duties lagging or not started, the units that did not report and the targets "
            "behind their pace. The HTML is one file that needs no network and no script and prints as it is; "
            "the DOCX is laid out as an official document."
        ),
        epilog=_(
            "examples: kepu-plan report 台账2024.xlsx -o 2024年进展.html\n"
            "      kepu-plan report 台账2022.xlsx 台账2023.xlsx 台账2024.xlsx -o 进展.docx"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("ledgers", metavar="LEDGER", nargs="+", help=_("ledgers (.xlsx or .json) of one plan"))
    parser.add_argument("-o", "--output", metavar="REPORT", required=True, help=_("the report: .html or .docx"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kepu_plan.cli.collect import check_ledger_path
    from kepu_plan.tracking import read_ledger, write_report
    from kepu_plan.tracking.report import REPORT_SUFFIXES

    if Path(args.output).suffix.lower() not in REPORT_SUFFIXES:
        raise UsageError(_("{path}: a report is an .html or a .docx file").format(path=args.output))
    paths = [check_ledger_path(path) for path in args.ledgers]
    with status(_("writing the report")):
        ledgers = [read_ledger(path) for path in paths]
        write_report(ledgers, args.output)
    periods = "、".join(ledger.period for ledger in ledgers)
    print(
        _("wrote the progress report {path} from {count} ledger(s) ({periods})").format(
            path=args.output, count=len(ledgers), periods=periods
        )
    )
    return 0
