"""``kepu-plan targets``: the targets of a plan as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kepu_plan as kp
from kepu_plan.cli import main

DATA = Path(__file__).resolve().parents[1] / "data"


def test_without_a_file_it_lists_the_17_shenmu_targets(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["targets"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["行动", "任务", "负责单位", "数量", "比较", "量词", "周期", "对象"]
    assert lines[2].split() == [
        "青少年科学素质提升行动",
        "坚持科学精神贯穿教育教学全过程",
        "市教体局、市科协",
        "5",
        "等于",
        "个",
        "规划期内",
        "中小学德育工作示范基地",
    ]
    assert lines[7].split()[3:] == ["60", "不少于", "名", "每年", "科学教师和科技辅导员"]
    assert lines[-1] == "17 个指标，分布在 12 条内容中"
    assert len(lines) == 2 + 17 + 2


def test_json_gives_every_target_with_its_place(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["targets", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 17
    assert data[9] == {
        "action": "农民科学素质提升行动",
        "task": data[9]["task"],
        "duty": 29,
        "units": data[9]["units"],
        "text": "每年面向农村地区开展公益科普活动不少于3场次",
        "quantity": 3,
        "comparator": "at_least",
        "measure": "场次",
        "cadence": "annual",
        "subject": "公益科普活动",
    }
    plan = kp.examples.shenmu()
    assert [item["text"] for item in data] == [target.text for *_, target in plan.targets()]
    assert all(item["text"] in plan.duties[item["duty"] - 1].content for item in data)


@pytest.mark.parametrize("name", ["shenmu-libreoffice.docx", "shenmu-libreoffice.xlsx"])
def test_a_file_is_read_in_any_format(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["targets", str(DATA / name), "--json"]) == 0
    from_file = json.loads(capsys.readouterr().out)
    assert main(["targets", "--json"]) == 0
    assert from_file == json.loads(capsys.readouterr().out)


def test_a_plan_without_targets_prints_an_empty_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = kp.Plan(
        title="分工表",
        actions=[
            kp.Action(name="科普行动", tasks=[kp.Task(name="任务", duties=[kp.Duty(content="开展“三下乡”活动")])])
        ],
    )
    path = tmp_path / "plan.json"
    kp.write(plan, path)
    assert main(["targets", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 个指标，分布在 0 条内容中"


def test_a_missing_file_is_an_error_on_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["targets", "no-such-plan.docx"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("kepu-plan targets：错误：")
    assert len(captured.err.splitlines()) == 1
