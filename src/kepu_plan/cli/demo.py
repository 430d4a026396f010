"""``kepu-plan demo [OUTDIR]``: the main job on the embedded Shenmu plan."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kepu_plan import examples, formats
from kepu_plan._io import read, write


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="write the embedded Shenmu plan in every format and check each reads back equal",
        description="把内置的神木市分工表写成每一种格式（JSON、DOCX、XLSX），再逐个读回，检查与原表完全一致。",
        epilog="示例: kepu-plan demo            (写到 ./kepu-plan-demo/)\n      kepu-plan demo out/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("outdir", nargs="?", default="kepu-plan-demo", help="folder to write into")
    parser.set_defaults(run=run)


def available_formats() -> list[str]:
    """The registered formats whose module is present."""
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
    plan = examples.shenmu()
    outdir = Path(args.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    print(f"{plan.label or ''} {plan.title}".strip())
    print(
        f"{len(plan.actions)} 项行动/工程（actions），{len(plan.tasks)} 项任务（tasks），"
        f"{len(plan.duties)} 条内容（duties），{len(plan.units)} 个单位（units）"
    )
    failures = 0
    for name in available_formats():
        suffix = formats.FORMATS[name][1][0]
        path = outdir / f"shenmu{suffix}"
        write(plan, path)
        same = read(path) == plan
        failures += not same
        size = path.stat().st_size
        verdict = "读回一致 (reads back equal)" if same else "读回不一致 (DIFFERS)"
        print(f"  {path}  {size:>8,} bytes  {verdict}")
    return 1 if failures else 0


__all__ = ["available_formats", "register", "run"]
