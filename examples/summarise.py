"""Read an allocation table and summarise it.

    python examples/summarise.py [OUTDIR] [TABLE]

Reads TABLE (a DOCX, XLSX or JSON file; by default the Shenmu table, written into OUTDIR as
神木市分工表.docx first), and writes into OUTDIR (a temporary folder if not given):

- 概览.txt: the title, the counts, each action with its leads, tasks and duties, what the reader had
  to interpret, the units carrying the most duties and the targets found;
- 各单位任务量.csv: each unit's duties per action, total, duties led and actions led (opens in Excel).

The overview is printed too.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from collections import Counter
from pathlib import Path

import kepu_plan as kp


def summarise(plan: kp.Plan, found: list[kp.Diagnostic]) -> str:
    """The overview as text, one fact per line."""
    lines = [f"{plan.label or ''} {plan.title}".strip(), ""]
    kinds = Counter(action.kind for action in plan.actions)
    actions, projects = kinds[kp.ActionKind.ACTION], kinds[kp.ActionKind.PROJECT]
    lines.append(
        f"{len(plan.actions)} 项重点行动/工程（行动 {actions} 项，工程 {projects} 项），"
        f"{len(plan.tasks)} 项主要任务，{len(plan.duties)} 条主要内容，{len(plan.units)} 个负责单位"
    )
    lines.append("")
    for number, action in enumerate(plan.actions, start=1):
        leads = "、".join(unit.name for unit in action.leads) or "未写明"
        lines.append(f"{number}. {action.name}（{action.kind.value}）牵头：{leads}")
        for task in action.tasks:
            lines.append(f"   - {task.name}：{len(task.duties)} 条")
    lines.append("")

    warnings = [item for item in found if item.severity is kp.Severity.WARNING]
    routine = Counter(item.code for item in found if item.severity is kp.Severity.INFO)
    lines.append("读取时的解释：" + ("，".join(f"{code} ×{n}" for code, n in routine.items()) or "无"))
    lines.append(f"需要人工查看的警告：{len(warnings)} 条")
    lines.extend(f"  {item}" for item in warnings)
    lines.append("")

    rows = sorted(kp.workload(plan).rows, key=lambda row: -row.total)
    lines.append("负责内容最多的单位：")
    for row in rows[:5]:
        lines.append(f"  {row.unit.name}：{row.total} 条（牵头 {row.leads} 条，牵头行动 {row.actions_led} 项）")
    lines.append("")

    targets = plan.targets()
    lines.append(f"数量指标：{len(targets)} 个")
    for action, _task, _duty, target in targets:
        lines.append(f"  {action.name} · {target.text}")
    return "\n".join(lines) + "\n"


def main(outdir: Path, table: Path | None = None) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    if table is None:
        table = outdir / "神木市分工表.docx"
        kp.write(kp.examples.shenmu(), table)

    found: list[kp.Diagnostic] = []
    plan = kp.read(table, diagnostics=found)

    overview = summarise(plan, found)
    (outdir / "概览.txt").write_text(overview, encoding="utf-8")
    with (outdir / "各单位任务量.csv").open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file).writerows(kp.workload(plan).as_rows())

    print(overview)
    print(f"已写入 {outdir / '概览.txt'} 和 {outdir / '各单位任务量.csv'}")


if __name__ == "__main__":
    try:
        main(
            Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="kepu-plan-summary-")),
            Path(sys.argv[2]) if len(sys.argv) > 2 else None,
        )
    except (kp.KepuPlanError, OSError) as error:  # a missing or unreadable table, a folder that cannot be made
        sys.exit(f"{Path(__file__).name}: {error}")
