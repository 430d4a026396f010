"""Compare two versions of a table: the Shenmu plan and an edited copy.

    python examples/compare_versions.py [OUTDIR]

Writes into OUTDIR (a temporary folder if not given):

- 分工表-第一稿.docx: the Shenmu table as published;
- 分工表-第二稿.docx: a revised copy, as an office would revise it: a target figure changed, a
  duty reworded, a duty dropped, a duty added, a unit renamed throughout, a lead unit added;
- 修改对比.txt: the differences, in Chinese, changed words marked [-旧-]{+新+};
- 修改对比.json: the same as data, for another program.

Both versions are read back from their DOCX files before they are compared, as two files received
by mail would be.  ``kepu-plan diff 分工表-第一稿.docx 分工表-第二稿.docx`` prints the same.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import attrs

import kepu_plan as kp
from kepu_plan.adapt import add_duty, drop_duty, replace_in_content


def revise(plan: kp.Plan) -> kp.Plan:
    """The second draft: the edits a county office typically makes between two drafts."""
    plan = replace_in_content(plan, "每年计划培育高素质农民300名", "每年计划培育高素质农民500名")
    plan = replace_in_content(plan, "推行场景式、体验式、沉浸式学习", "推行场景式、体验式学习")
    plan = drop_duty(plan, "完善初高中包括科学、数学、物理")
    plan = add_duty(
        plan,
        "科普基础设施强化工程",
        "加强科普基地建设",
        kp.Duty(content="每年新认定市级科普教育基地2个以上。", units=["市科协", "市教体局"], leads=["市科协"]),
    )
    plan = plan.rename_units({"市发改科技局": "市发改局"})
    # The first action gains a lead unit: an edit of the action itself, with attrs.evolve.
    first = plan.actions[0]
    first = attrs.evolve(first, leads=[*first.leads, kp.Unit(name="团市委")])
    return attrs.evolve(plan, actions=[first, *plan.actions[1:]])


def main(outdir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    first, second = outdir / "分工表-第一稿.docx", outdir / "分工表-第二稿.docx"
    shenmu = kp.examples.shenmu()
    kp.write(shenmu, first)
    kp.write(revise(shenmu), second)

    old, new = kp.read(first), kp.read(second)
    changes = kp.diff(old, new)
    (outdir / "修改对比.txt").write_text(str(changes) + "\n", encoding="utf-8")
    (outdir / "修改对比.json").write_text(
        json.dumps(changes.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )

    print(changes)
    print()
    print(
        f"新增 {len(changes.added)} 处，删除 {len(changes.removed)} 处，修改 {len(changes.changed)} 处，"
        f"单位改名 {len(changes.renamed_units)} 个，牵头单位变化 {len(changes.lead_changes)} 处，"
        f"指标变化 {len(changes.targets)} 个"
    )
    print(f"已写入 {outdir}")


if __name__ == "__main__":
    try:
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="kepu-plan-diff-")))
    except (kp.KepuPlanError, OSError) as error:  # a missing or unreadable table, a folder that cannot be made
        sys.exit(f"{Path(__file__).name}: {error}")
