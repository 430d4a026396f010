"""``kepu-plan adapt IN OUT --region 府谷县 [--from 神木市]``: adapt a neighbour's table to your county."""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import TYPE_CHECKING, Any, Final

from kepu_plan._i18n import _
from kepu_plan.cli._common import FORMAT_NAMES, UsageError, add_read_options, load_plan, save_plan

if TYPE_CHECKING:
    from kepu_plan.model import Plan

#: A region's name at the start of a title: 神木市贯彻…, 府谷县…, 榆阳区…, 达拉特旗….
_REGION_IN_TITLE: Final = re.compile(r"^[\u4e00-\u9fff]{1,8}?(?:自治县|自治旗|新区|市|县|区|旗)")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "adapt",
        help=_("adapt a plan to another county and report every change"),
        description=_(
            "Adapt a neighbouring county's (or city's) plan to yours: replace the place names in the title and "
            "the duties, change unit names from 市 to 县 (市教体局 → 县教体局, 团市委 → 团县委), and list every "
            "change. Words such as 城市, 市场, 超市 and units without the prefix (生态环境分局) stay. Without "
            "--from, the plan's region is read from the start of its title. The report goes to standard "
            "output, or to standard error when the plan itself goes to standard output (OUT is -)."
        ),
        epilog=_(
            "examples: kepu-plan adapt 神木市分工表.docx 府谷县分工表.docx --region 府谷县 > 改编报告.txt\n"
            "      kepu-plan adapt 神木.json - --region 府谷县 > 府谷.json   (the report goes to standard error)"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "source", metavar="IN", help=_("the plan to adapt (DOCX, XLSX or JSON, or - for standard input)")
    )
    parser.add_argument("target", metavar="OUT", help=_("where to write the adapted plan (- for standard output)"))
    parser.add_argument("--region", required=True, help=_("your region's name, e.g. 府谷县"))
    parser.add_argument(
        "--from", dest="from_region", help=_("the plan's region, e.g. 神木市 (default: from its title)")
    )
    parser.add_argument(
        "--prefix",
        nargs=2,
        metavar=("OLD", "NEW"),
        help=_("the unit name prefixes, e.g. 市 县 (default: the endings of the two regions' names)"),
    )
    add_read_options(parser)
    parser.add_argument("--to", choices=FORMAT_NAMES, help=_("the output format (default: from OUT's suffix)"))
    parser.add_argument("--json", action="store_true", help=_("print the report as JSON"))
    parser.set_defaults(run=run)


def region_in_title(plan: Plan) -> str | None:
    """The region named at the start of the plan's title (神木市 in 神木市贯彻…), if any."""
    match = _REGION_IN_TITLE.match(plan.title)
    return match.group() if match else None


def run(args: argparse.Namespace) -> int:
    from kepu_plan.adapt import adapt

    plan = load_plan(args.source, args.format)
    from_region = args.from_region or region_in_title(plan)
    if from_region is None:
        raise UsageError(_("cannot tell the plan's region from its title; give --from"))
    prefix: tuple[str, str] | None = (args.prefix[0], args.prefix[1]) if args.prefix else None
    result = adapt(plan, region=args.region, from_region=from_region, unit_prefix=prefix)
    save_plan(result.plan, args.target, args.to)
    # The plan may be going to standard output: then the report goes to standard error.
    out = sys.stderr if args.target == "-" else sys.stdout
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2), file=out)
    else:
        print(result, file=out)
    return 0
