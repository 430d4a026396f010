"""``kepu-plan units``: workloads, one unit's duties, and a check against a unit directory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import kepu_plan as kp
from kepu_plan.cli import main
from kepu_plan.cli._common import display_width
from kepu_plan.cli.units import duties_data
from kepu_plan.units import rename_units

if TYPE_CHECKING:
    from _support import Cli


def _directory(tmp_path: Path) -> Path:
    path = tmp_path / "单位名录.csv"
    rows = ["name,full_name,aliases", "市教体局,神木市教育和体育局,教体局"]
    rows += [f"{unit.name},," for unit in kp.examples.shenmu().units if unit.name != "市教体局"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_units_lists_every_unit_with_aligned_counts(cli: Cli) -> None:
    result = cli("units")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["序号", "单位", "内容", "牵头内容", "牵头行动"]
    assert lines[3].split() == ["2", "市科协", "68", "5"]
    assert len(lines) == 2 + 33
    columns = {display_width(line[: line.index(line.split()[2], len(line.split()[0]) + 2)]) for line in lines[2:]}
    assert len(columns) == 1


def test_units_json_gives_counts_per_action(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["units", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    names = [action.name for action in kp.examples.shenmu().actions]
    assert data["units"][1] == {
        "unit": "市科协",
        "duties": 68,
        "leads": 0,
        "actions_led": 5,
        "by_action": dict(zip(names, [10, 13, 4, 7, 1, 5, 8, 7, 7, 6], strict=True)),
    }
    assert "issues" not in data


def test_units_by_action_has_a_column_per_action(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["units", "--by-action"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[2:13] == [f"行动{i}" for i in range(1, 11)] + ["内容"]
    assert out[-1] == "行动10：科学素质交流与合作工程"


def test_one_units_duties_are_listed_with_their_places(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["units", "--unit", "市委组织部", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["actions_led"] == ["领导干部和公务员科学素质提升行动"]
    assert len(data["duties"]) == 6
    assert main(["units", "--unit", "市委组织部"]) == 0
    assert capsys.readouterr().out.endswith("\n市委组织部：负责 6 条内容，牵头 领导干部和公务员科学素质提升行动\n")


def test_an_unknown_unit_is_an_error_with_suggestions(cli: Cli) -> None:
    result = cli("units", "--unit", "市气像局")
    assert result.returncode == 2
    assert result.stderr == "kepu-plan units：错误：分工表中没有名为 '市气像局' 的单位；是否为 市气象局？\n"


def test_a_directory_check_without_issues_exits_0(cli: Cli, tmp_path: Path) -> None:
    result = cli("units", "--directory", str(_directory(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert "神木市教育和体育局" in result.stdout.splitlines()[2]
    assert result.stdout.endswith("单位名录核对：全部单位都在名录中\n")


def test_a_directory_check_with_issues_exits_1_and_suggests_names(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    kp.write(rename_units(kp.examples.shenmu(), {"市发改科技局": "市发改局", "市教体局": "教体局"}), plan)
    result = cli("units", str(plan), "--directory", str(_directory(tmp_path)))
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[-3:] == [
        "单位名录核对：1 个单位不在名录中，1 个单位用了别名或全称",
        "  市发改局：不在单位名录中，是否为 市发改科技局？（31 处）",
        "  教体局：是别名，名录中的简称是 市教体局（30 处）",
    ]
    json_result = cli("units", str(plan), "--directory", str(_directory(tmp_path)), "--json")
    issues = json.loads(json_result.stdout)["issues"]
    assert [(i["unit"], i["kind"], i["suggestions"]) for i in issues] == [
        ("教体局", "alias", ["市教体局"]),
        ("市发改局", "unknown", ["市发改科技局"]),
    ]


def test_a_bad_directory_is_a_read_error(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("简称\n市 科协\n", encoding="utf-8")
    result = cli("units", "--directory", str(path))
    assert result.returncode == 2
    assert result.stderr == f"kepu-plan units：错误：{path}：第2行：单位名称含有空白\n"


def test_one_units_duties_are_numbered_within_its_list_with_lead_marks(tmp_path: Path) -> None:
    from kepu_plan.model import Action, Duty, Plan, Task

    duties = [
        Duty(content="甲", units=["市科协", "市教体局"], leads=["市科协"]),
        Duty(content="乙", units=["市教体局"]),
        Duty(content="丙", units=["市教体局", "市科协"], leads=["市科协"]),
    ]
    plan = Plan(title="表", actions=[Action(name="科普行动", tasks=[Task(name="任务", duties=duties)])])
    path = tmp_path / "plan.json"
    kp.write(plan, path)
    data = duties_data(plan, "市教体局")
    assert [(d["number"], d["duty"], d["content"]) for d in data["duties"]] == [
        (1, 1, "甲"),
        (2, 2, "乙"),
        (3, 3, "丙"),
    ]
    data = duties_data(plan, "市科协")
    assert [(d["number"], d["duty"], d["lead_units"]) for d in data["duties"]] == [
        (1, 1, ["市科协"]),
        (2, 3, ["市科协"]),
    ]
    result = subprocess.run(
        [sys.executable, "-m", "kepu_plan", "units", str(path), "--unit", "市科协"],
        capture_output=True, text=True, encoding="utf-8", check=False, timeout=300,
    )  # fmt: skip
    lines = result.stdout.splitlines()
    assert lines[2].split()[:1] == ["1"]
    assert lines[3].split()[:1] == ["2"]
    assert "市科协（牵头）、市教体局" in lines[2]
    assert "市教体局、市科协（牵头）" in lines[3]
    assert lines[-1] == "市科协：负责 2 条内容，其中牵头 2 条"
