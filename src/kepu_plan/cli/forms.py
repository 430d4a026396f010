"""``kepu-plan forms PLAN OUTDIR --period 2024年``: one report form (报送表) per responsible unit."""

from __future__ import annotations

import argparse
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kepu_plan._i18n import _
from kepu_plan.cli._common import UsageError, add_read_options, load_plan, make_folder, print_json, print_table, status

if TYPE_CHECKING:
    from kepu_plan.model import Plan
    from kepu_plan.units import UnitDirectory


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "forms",
        help=_("write one report form (XLSX) per responsible unit for a period"),
        description=_(
            "Write one report form (XLSX) per responsible unit: the duties the unit is responsible for "
            "(read-only), with columns to fill in for the status (a drop-down list), the progress, the evidence "
            "and each target's figure. Each form keeps the plan's fingerprint and every row's duty number in "
            "hidden cells; kepu-plan collect reads the returned forms into one ledger."
        ),
        epilog=_(
            "examples: kepu-plan forms 分工表.docx 报送表/ --period 2024年\n"
            "      kepu-plan forms 分工表.docx 报送表/ --period 2024年 --unit 市科协"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="PLAN", help=_("the plan: a DOCX, XLSX or JSON file, or - for standard input"))
    parser.add_argument("outdir", metavar="OUTDIR", help=_("the folder to write the forms into (made if missing)"))
    parser.add_argument("--period", required=True, help=_("the reporting period, e.g. 2024年 or 中期评估"))
    parser.add_argument("--directory", metavar="FILE", help=_("the county's unit directory (CSV or JSON)"))
    parser.add_argument(
        "--unit", metavar="NAME", help=_("write only this unit's form (an error when the unit has no duty)")
    )
    add_read_options(parser)
    parser.add_argument("--json", action="store_true", help=_("print the forms written as JSON"))
    parser.set_defaults(run=run)


def check_period(period: str) -> str:
    """``period`` when it can name a reporting period (one line, no surrounding spaces); a usage error otherwise."""
    if not period.strip() or "\n" in period or "\r" in period or period != period.strip():
        raise UsageError(
            _("--period takes one line of text without surrounding spaces, such as 2024年, not {period!r}").format(
                period=period[:40]
            )
        )
    return period


def run(args: argparse.Namespace) -> int:
    from kepu_plan.cli.units import _load_directory
    from kepu_plan.tracking import form_duties, plan_duties, write_forms

    period = check_period(args.period)
    plan = load_plan(args.file, args.format)
    directory = _load_directory(args.directory) if args.directory else None
    outdir = Path(args.outdir)
    if args.unit is not None:
        paths = {args.unit: _write_one(plan, args.unit, outdir, period=period, directory=directory)}
    else:
        make_folder(outdir)
        with status(_("writing the report forms")):
            paths = write_forms(plan, outdir, period=period, directory=directory)
    duties = plan_duties(plan)
    rows = [
        {"unit": unit, "file": str(path), "duties": len(form_duties(plan, unit, directory=directory, duties=duties))}
        for unit, path in paths.items()
    ]
    if args.json:
        print_json({"period": period, "forms": rows})
        return 0
    print_table((_("unit"), _("file"), _("duties")), [(row["unit"], row["file"], row["duties"]) for row in rows])
    print()
    print(
        _("wrote the {period} report forms of {count} units in {outdir}").format(
            period=period, count=len(rows), outdir=outdir
        )
    )
    return 0


def _write_one(plan: Plan, unit: str, outdir: Path, *, period: str, directory: UnitDirectory | None) -> Path:
    """Write ``unit``'s form into ``outdir``; its path.  A unit without duties fails (``write_form``'s
    UnitNotFound) before the folder is made or anything is written."""
    from kepu_plan._atomic import atomic_target
    from kepu_plan.tracking import form_file_name, write_form

    form = io.BytesIO()
    write_form(plan, unit, form, period=period, directory=directory)
    make_folder(outdir)
    path = outdir / form_file_name(unit)
    with atomic_target(path) as stream:
        stream.write(form.getvalue())
    return path
