"""``examples/adapt_shenmu.py`` runs end to end and writes what it says."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import kepu_plan as kp
from kepu_plan.diff import diff

SCRIPT = Path(__file__).resolve().parents[1] / "examples" / "adapt_shenmu.py"


def test_the_adapt_example_writes_the_fugu_table_and_its_reports(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path)], capture_output=True, text=True, encoding="utf-8", check=True
    )
    assert "单位核对：全部在神木市单位名录中" in run.stdout
    assert "与神木市对比：31 个单位改名，16 条内容不同，1 个指标变化" in run.stdout
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [
            "改编报告.txt",
            "改编报告.json",
            "与神木市对比.txt",
            "与神木市对比.json",
            "府谷县分工表.json",
            "府谷县分工表.docx",
            "府谷县分工表.xlsx",
            "单位任务统计.tsv",
        ]
    )

    plan = kp.read(tmp_path / "府谷县分工表.json")
    assert plan.title.startswith("府谷县贯彻")
    assert all(not unit.name.startswith("市") for unit in plan.units)
    assert any("每年计划培育高素质农民200名" in duty.content for duty in plan.duties)
    assert len(plan.duties) == 113
    for suffix in (".docx", ".xlsx"):
        assert kp.read(tmp_path / f"府谷县分工表{suffix}") == plan

    changes = json.loads((tmp_path / "与神木市对比.json").read_text(encoding="utf-8"))
    assert changes == diff(kp.examples.shenmu(), plan).to_dict()
    report = json.loads((tmp_path / "改编报告.json").read_text(encoding="utf-8"))
    assert report["unit_renames"]["团市委"] == "团县委"
    assert (tmp_path / "单位任务统计.tsv").read_text(encoding="utf-8").startswith("负责单位\t青少年科学素质提升行动")


def test_the_adapt_example_uses_a_temporary_folder_without_an_argument() -> None:
    run = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, encoding="utf-8", check=True)
    line = next(line for line in run.stdout.splitlines() if line.startswith("已写入 "))
    folder = Path(line.removeprefix("已写入 ").rstrip("："))
    try:
        assert (folder / "府谷县分工表.docx").is_file()
    finally:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
