"""``kepu-plan demo [OUTDIR]``: the main job on the embedded Shenmu plan."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kepu_plan._i18n import _
from kepu_plan.cli._common import make_folder


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo",
        help=_("write the embedded Shenmu plan in every format and check each reads back equal"),
        description=_(
            "Write the embedded Shenmu plan in every format (JSON, DOCX, XLSX), read each back and check "
            "that it equals the original."
        ),
        epilog=_("examples: kepu-plan demo            (writes to ./kepu-plan-demo/)\n      kepu-plan demo out/"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("outdir", nargs="?", default="kepu-plan-demo", help=_("the folder to write into"))
    parser.set_defaults(run=run)


def available_formats() -> list[str]:
    """The registered formats whose module is present."""
    from kepu_plan import formats

    names = []
    for name in formats.FORMATS:
        try:
            formats.load(name)
        except ModuleNotFoundError as error:
            if error.name != formats.FORMATS[name][0]:
                raise
            continue
        names.append(name)
    return names


def run(args: argparse.Namespace) -> int:
    from kepu_plan import examples, formats, read, write

    plan = examples.shenmu()
    outdir = Path(args.outdir)
    make_folder(outdir)
    print(f"{plan.label or ''} {plan.title}".strip())
    print(
        _("{actions} actions, {tasks} tasks, {duties} duties, {units} units").format(
            actions=len(plan.actions), tasks=len(plan.tasks), duties=len(plan.duties), units=len(plan.units)
        )
    )
    failures = 0
    for name in available_formats():
        suffix = formats.FORMATS[name][1][0]
        path = outdir / f"shenmu{suffix}"
        write(plan, path)
        same = read(path) == plan
        failures += not same
        size = path.stat().st_size
        verdict = _("reads back equal") if same else _("DIFFERS when read back")
        print(_("  {path}  {size:>8,} bytes  {verdict}").format(path=path, size=size, verdict=verdict))
    return 1 if failures else 0


__all__ = ["available_formats", "register", "run"]
