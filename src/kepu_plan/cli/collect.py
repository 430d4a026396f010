"""``kepu-plan collect PLAN FORM... -o LEDGER``: the returned report forms, read into one ledger."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, Final

from kepu_plan._i18n import N_, _, render
from kepu_plan.cli._common import UsageError, add_read_options, load_plan, print_table, status

#: How the problems table names a problem's severity (by the enum's values).
SEVERITY_WORDS: Final = {"error": N_("error"), "warning": N_("warning"), "info": N_("note")}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "collect",
        help=_("read the filled report forms back into one ledger (台账)"),
        description=_(
            "Read the report forms the units returned into one ledger (XLSX or JSON). Each answer is matched "
            "to its duty by the duty's number and kept as written; every problem found (a form of another plan "
            "or period, a unit that sent two forms or none, read-only cells changed, a status not from the list, "
            "a figure that is not a number, a row left empty …) is listed with its file and cell and does not "
            "stop the rest from being collected. Exit code: 0 all collected, 1 problems found, 2 no readable form."
        ),
        epilog=_(
            "examples: kepu-plan collect 分工表.docx 回收/*.xlsx -o 台账2024.xlsx\n"
            "      kepu-plan collect 分工表.docx 回收/*.xlsx --json > 台账2024.json"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "file",
        metavar="PLAN",
        help=_("the plan the forms were written from: a DOCX, XLSX or JSON file, or - for standard input"),
    )
    parser.add_argument("forms", metavar="FORM", nargs="+", help=_("the returned forms (.xlsx)"))
    parser.add_argument("-o", "--output", metavar="LEDGER", help=_("write the ledger to this .xlsx or .json file"))
    parser.add_argument("--period", help=_("the period to collect (default: the period of the first form)"))
    parser.add_argument("--directory", metavar="FILE", help=_("the county's unit directory (CSV or JSON)"))
    add_read_options(parser)
    parser.add_argument("--json", action="store_true", help=_("print the ledger and the problems as JSON"))
    parser.set_defaults(run=run)


def check_ledger_path(path: str) -> str:
    """``path`` when a ledger can be written there by its suffix; a usage error otherwise."""
    from kepu_plan.tracking.ledger import LEDGER_SUFFIXES

    if Path(path).suffix.lower() not in LEDGER_SUFFIXES:
        raise UsageError(_("{path}: a ledger is an .xlsx or a .json file").format(path=path))
    return path


def run(args: argparse.Namespace) -> int:
    from kepu_plan.cli.units import _load_directory
    from kepu_plan.tracking import collect, write_ledger
    from kepu_plan.tracking.ledger_json import ledger_data

    output = check_ledger_path(args.output) if args.output else None
    plan = load_plan(args.file, args.format)
    directory = _load_directory(args.directory) if args.directory else None
    with status(_("reading the report forms")):
        result = collect(plan, args.forms, period=args.period, directory=directory)
    ledger = result.ledger
    if result.forms and output:
        write_ledger(ledger, output, problems=result.problems)
    if args.json:
        print(json.dumps(ledger_data(ledger, result.problems), ensure_ascii=False, indent=2))
    else:
        if result.problems:
            rows = [
                (
                    _(SEVERITY_WORDS[problem.severity.value]),
                    problem.unit or "",
                    problem.file or "",
                    f"{problem.sheet}!{problem.cell}" if problem.cell else "",
                    render(problem.message),
                )
                for problem in result.problems
            ]
            print_table((_("severity"), _("unit"), _("file"), _("place"), _("problem")), rows)
            print()
        print(
            _(
                "read {forms} report forms: {answered} of {units} units reported, {missing} did not; "
                "problems: {problems}."
            ).format(
                forms=result.forms,
                answered=len(ledger.reported_units),
                units=len(ledger.units),
                missing=len(ledger.missing_units),
                problems=len(result.problems),
            )
        )
        if result.forms and output:
            print(_("ledger written to {path}").format(path=output))
        elif result.forms:
            print(_("no ledger written: name its file with -o 台账.xlsx (or .json)."))
    if not result.forms:
        raise UsageError(_("no readable report form"))
    return 1 if result.problems else 0
