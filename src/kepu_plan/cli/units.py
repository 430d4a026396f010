"""``kepu-plan units [FILE]``: each unit's workload, one unit's duties, and a check against a directory."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from kepu_plan._i18n import _
from kepu_plan.cli._common import UsageError, add_read_options, load_plan, print_json, print_table

if TYPE_CHECKING:
    from kepu_plan.model import Plan
    from kepu_plan.units import UnitDirectory, UnitIssue


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "units",
        help=_("list the units with their workload, one unit's duties, or check units against a directory"),
        description=_(
            "List a plan's responsible units with their duties, duties led and actions led; --by-action one "
            "column per action; --unit one unit's duties, numbered within its list, its lead marks shown; "
            "--directory checks the unit names against a unit directory (CSV or JSON: name,full_name,aliases), "
            "suggesting the nearest names and naming the short name of an alias; exit code 1 when it finds "
            "something. Without a file, uses the embedded Shenmu plan."
        ),
        epilog=_(
            "examples: kepu-plan units 分工表.docx\n"
            "      kepu-plan units 分工表.docx --unit 市科协\n"
            "      kepu-plan units 分工表.docx --directory 单位名录.csv"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", help=_("a DOCX, XLSX or JSON file, or - for standard input"))
    add_read_options(parser)
    parser.add_argument("--unit", help=_("list the duties of this unit"))
    parser.add_argument("--by-action", action="store_true", help=_("one column per action"))
    parser.add_argument("--directory", metavar="FILE", help=_("check the units against this unit directory"))
    parser.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))
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
    from kepu_plan.units import workload

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
    """One unit's duties, numbered from 1 within its list (``number``; ``duty`` is the duty's number in
    the whole plan), with their places, their units (``lead_units`` the ones that lead), and the
    actions the unit leads."""
    from kepu_plan.model import Unit, walk_duties
    from kepu_plan.units import led_by

    me = Unit(name=unit)
    duties: list[dict[str, Any]] = []
    for place in walk_duties(plan):
        number, action, task, duty = place.number, place.action, place.task, place.duty
        if me in duty.units:
            duties.append(
                {
                    "number": len(duties) + 1,
                    "duty": number,
                    "action": action.name,
                    "task": task.name,
                    "leads": me in duty.leads,
                    "units": [u.name for u in duty.units],
                    "lead_units": [u.name for u in duty.leads],
                    "content": duty.content,
                }
            )
    return {"unit": unit, "actions_led": [action.name for action in led_by(plan, unit).actions], "duties": duties}


def _marked(units: list[str], leads: list[str]) -> str:
    """The units as the table writes them, a lead unit followed by its mark: 市科协（牵头）、市教体局."""
    return "、".join(name + _("(lead)") if name in leads else name for name in units)


def _print_units(plan: Plan, directory: UnitDirectory | None, by_action: bool) -> None:
    data = units_data(plan, directory)
    names = [action.name for action in plan.actions]
    headers = [_("No."), _("unit")] + ([_("full name")] if directory is not None else [])
    if by_action:
        headers += [_("action {number}").format(number=i) for i in range(1, len(names) + 1)]
    headers += [_("duties"), _("duties led"), _("actions led")]
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
            print(_("action {number}: {name}").format(number=i, name=name))


def _load_directory(path: str) -> UnitDirectory:
    """The directory in ``path`` (any problem with it is a :class:`~kepu_plan.errors.ReadError`)."""
    from kepu_plan.units import UnitDirectory

    return UnitDirectory.load(path)


def _print_issues(issues: tuple[UnitIssue, ...]) -> None:
    from kepu_plan.units import IssueKind

    unknown = [issue for issue in issues if issue.kind is IssueKind.UNKNOWN]
    aliases = [issue for issue in issues if issue.kind is IssueKind.ALIAS]
    if not issues:
        print(_("unit directory check: every unit is in the directory"))
        return
    print(
        _(
            "unit directory check: {unknown} units not in the directory, {aliases} written as an alias or full name"
        ).format(unknown=len(unknown), aliases=len(aliases))
    )
    for issue in unknown:
        places = len(issue.places)
        if issue.suggestions:
            line = _("  {unit}: not in the directory; did you mean {suggestions}? ({places} places)")
        else:
            line = _("  {unit}: not in the directory ({places} places)")
        print(line.format(unit=issue.unit.name, suggestions="、".join(issue.suggestions), places=places))
    for issue in aliases:
        print(
            _("  {unit}: an alias; the directory's short name is {name} ({places} places)").format(
                unit=issue.unit.name, name=issue.suggestions[0], places=len(issue.places)
            )
        )


def run(args: argparse.Namespace) -> int:
    from kepu_plan.model import Unit
    from kepu_plan.units import check_units, similarity

    plan = load_plan(args.file, args.format)
    directory = _load_directory(args.directory) if args.directory else None
    if args.unit is not None:
        if Unit(name=args.unit) not in plan.units:
            scores = {u.name: similarity(args.unit, u.name) for u in plan.units}
            close = [name for name in sorted(scores, key=lambda name: -scores[name]) if scores[name] >= 0.6][:3]
            if close:
                raise UsageError(
                    _("no unit named {unit!r} in this plan; did you mean {close}?").format(
                        unit=args.unit, close="、".join(close)
                    )
                )
            raise UsageError(_("no unit named {unit!r} in this plan").format(unit=args.unit))
        data = duties_data(plan, args.unit)
        if args.json:
            print_json(data)
            return 0
        rows = [
            (
                item["number"],
                item["action"],
                item["task"],
                _marked(item["units"], item["lead_units"]),
                item["content"],
            )
            for item in data["duties"]
        ]
        print_table((_("No."), _("action"), _("task"), _("units"), _("content")), rows)
        led = "、".join(data["actions_led"])
        print()
        summary = _("{unit}: responsible for {duties} duties").format(unit=args.unit, duties=len(rows))
        leads = sum(1 for item in data["duties"] if item["leads"])
        if leads:
            summary += _(", leads {count} of them").format(count=leads)
        if led:
            summary += _(", leads {actions}").format(actions=led)
        print(summary)
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
            _print_issues(issues)
    return 1 if issues else 0
