"""``kepu-plan split``: one file per unit, each equal to ``for_unit`` when read back, and an index."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import kepu_plan as kp
from kepu_plan._atomic import safe_file_name
from kepu_plan.cli import main
from kepu_plan.cli.split import split_plan
from kepu_plan.model import Action, Duty, Plan, Task
from kepu_plan.units import for_unit

if TYPE_CHECKING:
    from _support import Cli


@pytest.mark.parametrize("format", ["docx", "xlsx"])
def test_each_units_file_reads_back_as_its_list(cli: Cli, tmp_path: Path, format: str) -> None:
    source = tmp_path / "shenmu.json"
    kp.write(kp.examples.shenmu(), source)
    result = cli("split", str(source), str(tmp_path / "out"), "--format", format)
    assert result.returncode == 0, result.stderr
    plan = kp.examples.shenmu()
    files = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert len(files) == 34
    for unit in plan.units:
        part = kp.read(tmp_path / "out" / f"{unit.name}.{format}")
        assert part == for_unit(plan, unit)
    assert kp.read(tmp_path / "out" / f"市科协.{format}").title.endswith("目标任务分工表（市科协）")
    assert result.stdout.endswith(f"已在 {tmp_path / 'out'} 写入 33 个单位的分工表和 index.csv\n")


def test_the_index_lists_files_and_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["split", str(_shenmu_json(tmp_path)), str(tmp_path / "out"), "--format", "json", "--json"]) == 0
    index = json.loads(capsys.readouterr().out)
    assert index[1] == {"unit": "市科协", "file": "市科协.json", "duties": 68, "leads": 0, "actions_led": 5}
    with (tmp_path / "out" / "index.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["序号", "单位", "文件", "内容", "牵头内容", "牵头行动"]
    assert rows[2] == ["2", "市科协", "市科协.json", "68", "0", "5"]
    assert len(rows) == 34


def _shenmu_json(tmp_path: Path) -> Path:
    path = tmp_path / "shenmu.json"
    kp.write(kp.examples.shenmu(), path)
    return path


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("市科协", "市科协.docx"),
        ("A/B", "A_B.docx"),
        ('a<b>c:d"e|f?g*h\\i', "a_b_c_d_e_f_g_h_i.docx"),
        ("CON", "_CON.docx"),
        ("lpt1", "_lpt1.docx"),
        ("名称.", "名称.docx"),
        ("..", "_.docx"),
    ],
)
def test_file_names_are_safe_on_every_system(name: str, safe: str) -> None:
    assert safe_file_name(name, ".docx") == safe


def test_long_names_are_cut_to_fit_and_clashing_names_are_numbered(tmp_path: Path) -> None:
    assert len(safe_file_name("科" * 100, ".docx").encode("utf-8")) <= 200
    duty = Duty(content="开展科普活动", units=["A/B", "A:B", "a/b", "科协"])
    plan = Plan(
        title="表", actions=[Action(name="科普行动", leads=["牵头甲"], tasks=[Task(name="任务", duties=[duty])])]
    )
    index = split_plan(plan, tmp_path, "json")
    assert [(item["unit"], item["file"]) for item in index] == [
        ("牵头甲", None),
        ("A/B", "A_B.json"),
        ("A:B", "A_B-2.json"),
        ("a/b", "a_b-3.json"),
        ("科协", "科协.json"),
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        ["A_B.json", "A_B-2.json", "a_b-3.json", "科协.json", "index.csv"]
    )


def test_long_names_sharing_a_prefix_get_files_of_their_own(tmp_path: Path) -> None:
    first, second = "长" * 70 + "甲", "长" * 70 + "乙"
    duty = Duty(content="开展科普活动", units=[first, second])
    plan = Plan(title="表", actions=[Action(name="科普行动", tasks=[Task(name="任务", duties=[duty])])])
    index = split_plan(plan, tmp_path, "docx")
    files = [item["file"] for item in index]
    assert len(set(files)) == 2
    assert files[1].endswith("-2.docx")
    assert kp.read(tmp_path / files[0]) == for_unit(plan, first)
    assert kp.read(tmp_path / files[1]) == for_unit(plan, second)


def test_long_names_sharing_a_prefix_split_through_the_command_line(cli: Cli, tmp_path: Path) -> None:
    duty = Duty(content="开展科普活动", units=["长" * 70 + "甲", "长" * 70 + "乙"])
    plan = Plan(title="表", actions=[Action(name="科普行动", tasks=[Task(name="任务", duties=[duty])])])
    for suffix in ("json", "xlsx"):
        source = tmp_path / f"plan.{suffix}"
        kp.write(plan, source)
        result = cli("split", str(source), str(tmp_path / suffix), "--to", "docx")
        assert result.returncode == 0, result.stderr
        assert len(list((tmp_path / suffix).glob("*.docx"))) == 2


@pytest.mark.parametrize("name", ["=cmd|'/Ccalc'!A0", "=A1*1000", "+1+1", "-2+3", "@A1", "＝1+1", "#REF!"])
def test_the_index_never_holds_a_formula(tmp_path: Path, name: str) -> None:
    duty = Duty(content="开展科普活动", units=[name])
    plan = Plan(title="表", actions=[Action(name="科普行动", tasks=[Task(name="任务", duties=[duty])])])
    split_plan(plan, tmp_path, "json")
    with (tmp_path / "index.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[1][1] == "'" + name
    assert rows[1][2].startswith("'")
    assert kp.read(tmp_path / rows[1][2][1:]) == for_unit(plan, name)
