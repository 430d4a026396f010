"""A user's script that calls kepu_plan's documented API, as another project would.

tests/test_typing.py checks it with ``mypy --strict`` (clean), checks a copy with a misspelt keyword
(which must fail), and runs it.  It uses only names from ``kepu_plan`` itself, each with the type
the API reference gives it.
"""

from __future__ import annotations

from pathlib import Path

import kepu_plan as kp


def main(folder: Path) -> list[str]:
    """Write, read, compare and count a plan in ``folder``; the lines a report would print."""
    plan: kp.Plan = kp.examples.shenmu()
    lines: list[str] = []

    style: kp.DocxStyle = kp.DocxStyle(body_size=12)
    kp.write_docx(plan, folder / "分工表.docx", style=style, mark_targets=True)
    kp.write_xlsx(plan, folder / "分工表.xlsx", mark_targets=False)
    kp.write(plan, folder / "分工表.json")

    diagnostics: list[kp.Diagnostic] = []
    limits: kp.Limits = kp.Limits(max_rows=10_000, max_bytes=64 * 1024 * 1024)
    read: kp.Plan = kp.read(
        folder / "分工表.docx",
        columns={"主要内容": "content", 4: "units"},
        diagnostics=diagnostics,
        strict=False,
        limits=limits,
    )
    from_xlsx = kp.read_xlsx(folder / "分工表.xlsx", sheet="分工表", limits=limits)
    from_json = kp.read_json(folder / "分工表.json")
    severities: set[kp.Severity] = {diagnostic.severity for diagnostic in diagnostics}
    lines.append(f"诊断 {len(diagnostics)} 条，{len(severities)} 种")

    changes: kp.PlanDiff = kp.diff(plan, read)
    items: tuple[kp.ItemDiff, ...] = changes.items
    lines.append(f"与原表相比 {len(items)} 处不同；XLSX、JSON 读回相同：{from_xlsx == plan and from_json == plan}")

    unit: kp.Unit = plan.units[0]
    mine: kp.Plan = plan.for_unit(unit)
    led: kp.Leadership = plan.led_by(unit)
    lines.append(f"{unit.name}：{len(mine.duties)} 条任务，牵头 {len(led.duties)} 条")

    rows: tuple[kp.WorkloadRow, ...] = kp.workload(plan).rows
    busiest = max(rows, key=lambda row: row.total)
    lines.append(f"任务最多的单位：{busiest.unit.name}（{busiest.total} 条）")

    issues: tuple[kp.UnitIssue, ...] = kp.check_units(plan, kp.UnitDirectory.shenmu())
    kinds: set[kp.IssueKind] = {issue.kind for issue in issues}
    lines.append(f"单位名称问题 {len(issues)} 个，{len(kinds)} 种")

    adapted: kp.Adaptation = kp.adapt(plan, region="府谷县", from_region="神木市")
    first: kp.Change | None = adapted.changes[0] if adapted.changes else None
    lines.append(f"改编：{len(adapted.changes)} 处" + (f"，第一处 {first.old} → {first.new}" if first else ""))

    try:
        kp.read(folder / "分工表.docx", columns={"主要内容": "内容"})
    except kp.OptionError as error:
        lines.append(f"选项错误：{error.code}")
    try:
        kp.read(folder / "没有这个文件.docx")
    except kp.KepuPlanError as error:
        lines.append(f"读取错误：{error.code}")
    return lines
