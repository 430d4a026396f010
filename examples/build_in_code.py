"""Build a plan in code with the model classes and write it as DOCX, XLSX and JSON.

    python examples/build_in_code.py [OUTDIR]

Builds a small county table (two actions, their tasks and duties, lead units, deadlines, a 备注
column, a note below the table), checks it (every model rule is checked when an object is made),
and writes into OUTDIR (a temporary folder if not given):

- 某县分工表.docx, 某县分工表.xlsx, 某县分工表.json: in the default (Shenmu) layout;
- 某县分工表-分节.docx: the same plan laid out with actions as section rows (kp.layouts.SECTIONS).

Each file is read back and compared with the plan.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import kepu_plan as kp


def build() -> kp.Plan:
    """A small table, written the way an office would fill it in."""
    youth = kp.Action(
        name="青少年科学素质提升行动",  # ends in 行动: kind is ActionKind.ACTION
        leads=["县教体局", "县科协"],
        tasks=[
            kp.Task(
                name="提升基础教育阶段科学教育水平",
                duties=[
                    kp.Duty(
                        content="每年开展“科学实验秀”进校园活动10场次以上。",
                        units=["县教体局", "县科协"],
                        leads=["县教体局"],
                        deadline="每年12月底前",
                    ),
                    kp.Duty(
                        content="建设青少年科技创新实验室3个。",
                        units=["县教体局"],
                        deadline="2025年底前",
                        extra={"备注": "县财政保障经费"},
                    ),
                ],
            ),
            kp.Task(
                name="实施教师科学素质提升工程",
                duties=[kp.Duty(content="每年培训科学教师和科技辅导员60名以上。", units=["县教体局", "县科协"])],
            ),
        ],
    )
    community = kp.Action(
        name="基层科普能力提升工程",  # ends in 工程: kind is ActionKind.PROJECT
        leads=["县科协"],
        tasks=[
            kp.Task(
                name="提升基层科普服务能力",
                duties=[
                    kp.Duty(
                        content="组建科技志愿服务队，形成200人左右的科普志愿者队伍。",
                        units=["县科协", "团县委", "县民政局"],
                        leads=["县科协"],
                        deadline="2023年底前",
                    )
                ],
            )
        ],
    )
    return kp.Plan(
        label="附件",
        title="某县全民科学素质行动“十四五”目标任务分工表",
        actions=[youth, community],
        notes=["注：各牵头单位每年12月底前向县科协报送工作进展。"],
    )


def main(outdir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    plan = build()
    print(f"{plan.title}：{len(plan.actions)} 项行动/工程，{len(plan.duties)} 条内容，{len(plan.units)} 个单位")
    for _action, _task, _duty, target in plan.targets():
        print(f"  指标：{target.text}（{target.quantity} {target.measure}，{target.cadence.name}）")

    written = [outdir / f"某县分工表{suffix}" for suffix in (".docx", ".xlsx", ".json")]
    for path in written:
        kp.write(plan, path)
    sections = outdir / "某县分工表-分节.docx"
    kp.write(plan.with_layout(kp.layouts.SECTIONS), sections)
    written.append(sections)

    for path in written:
        same = kp.read(path) == plan
        print(f"  {path.name}：{'读回一致' if same else '读回不一致'}")
        if not same:
            raise SystemExit(f"{path} does not read back as the plan written")
    print(f"已写入 {outdir}")


if __name__ == "__main__":
    try:
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="kepu-plan-build-")))
    except (kp.KepuPlanError, OSError) as error:  # a missing or unreadable table, a folder that cannot be made
        sys.exit(f"{Path(__file__).name}: {error}")
