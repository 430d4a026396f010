"""Adapt the Shenmu table to 府谷县, end to end.

    python examples/adapt_shenmu.py [OUTDIR]

1. take the Shenmu table (built into kepu_plan) and check its units against Shenmu's unit directory;
2. adapt it to 府谷县: the region's name in the texts, 市… units to 县…, with a report of every change;
3. make the county's own edits: a target figure, a unit's name, a new duty;
4. compare the result with the Shenmu table;
5. write the new table (JSON, DOCX, XLSX) and the reports into OUTDIR (a temporary folder if not
   given), and print where they are.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import kepu_plan as kp
from kepu_plan.adapt import adapt, add_duty, replace_in_content
from kepu_plan.diff import diff
from kepu_plan.units import UnitDirectory, check_units, rename_units, workload


def main(outdir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)

    # 1. The neighbour's table, and whether its units are the ones Shenmu's directory knows.
    shenmu = kp.examples.shenmu()
    issues = check_units(shenmu, UnitDirectory.shenmu())
    print(f"神木市分工表：{len(shenmu.actions)} 项行动/工程，{len(shenmu.duties)} 条内容，{len(shenmu.units)} 个单位")
    print(f"单位核对：{len(issues)} 个问题" if issues else "单位核对：全部在神木市单位名录中")

    # 2. Adapt it: every change is in the report, nothing is changed silently.
    result = adapt(shenmu, region="府谷县", from_region="神木市", unit_prefix=("市", "县"))
    report = str(result)
    print(report.split("\n")[0])
    (outdir / "改编报告.txt").write_text(report + "\n", encoding="utf-8")
    (outdir / "改编报告.json").write_text(
        json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )

    # 3. The county's own edits.
    plan = result.plan
    plan = replace_in_content(plan, "每年计划培育高素质农民300名", "每年计划培育高素质农民200名")
    plan = rename_units(plan, {"职业技术学院": "县职教中心"})
    plan = add_duty(
        plan,
        "基层科普能力提升工程",
        "提升基层科普服务能力",
        kp.Duty(content="每年开展“科技之春”科普宣传月活动1次。", units=["县科协", "县教体局"], leads=["县科协"]),
    )

    # 4. What changed from the Shenmu table.
    changes = diff(shenmu, plan)
    (outdir / "与神木市对比.txt").write_text(str(changes) + "\n", encoding="utf-8")
    (outdir / "与神木市对比.json").write_text(
        json.dumps(changes.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(
        f"与神木市对比：{len(changes.renamed_units)} 个单位改名，{len(changes.duties)} 条内容不同，"
        f"{len(changes.targets)} 个指标变化"
    )

    # 5. The new table, in every format, and each unit's workload.
    for suffix in (".json", ".docx", ".xlsx"):
        kp.write(plan, outdir / f"府谷县分工表{suffix}")
    rows = workload(plan).as_rows()
    (outdir / "单位任务统计.tsv").write_text(
        "".join("\t".join(str(cell) for cell in row) + "\n" for row in rows), encoding="utf-8"
    )
    print(f"已写入 {outdir}：")
    for path in sorted(outdir.iterdir()):
        print(f"  {path.name}")


if __name__ == "__main__":
    try:
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="kepu-plan-adapt-")))
    except (kp.KepuPlanError, OSError) as error:  # a missing or unreadable table, a folder that cannot be made
        sys.exit(f"{Path(__file__).name}: {error}")
