"""``kepu-plan diff``: compare two plans from the shell; exit 0 when equal, 1 when they differ."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import kepu_plan as kp
from kepu_plan.adapt import adapt, replace_in_content
from kepu_plan.cli import main
from kepu_plan.diff import diff

if TYPE_CHECKING:
    from conftest import Cli


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("diff")
    shenmu = kp.examples.shenmu()
    edited = replace_in_content(shenmu, "每年培训科学教师和科技辅导员60名以上", "每年培训科学教师和科技辅导员80名以上")
    paths = {"old": folder / "old.json", "same": folder / "same.docx", "new": folder / "new.xlsx"}
    kp.write(shenmu, paths["old"])
    kp.write(shenmu, paths["same"])
    kp.write(edited, paths["new"])
    paths["fugu"] = folder / "fugu.json"
    kp.write(adapt(shenmu, region="府谷县", from_region="神木市").plan, paths["fugu"])
    return paths


def test_equal_plans_exit_0(cli: Cli, files: dict[str, Path]) -> None:
    result = cli("diff", str(files["old"]), str(files["same"]))
    assert (result.returncode, result.stdout, result.stderr) == (0, "两个分工表相同。\n", "")


def test_different_plans_exit_1_and_print_the_marked_changes(cli: Cli, files: dict[str, Path]) -> None:
    result = cli("diff", str(files["old"]), str(files["new"]))
    assert result.returncode == 1, result.stderr
    assert "每年培训科学教师和科技辅导员[-60-]{+80+}名以上" in result.stdout
    assert result.stdout.rstrip().endswith("科学教师和科技辅导员：每年60名以上 → 每年80名以上")


def test_json_gives_the_differences_as_data(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(files["old"]), str(files["fugu"]), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data == diff(kp.read(files["old"]), kp.read(files["fugu"])).to_dict()
    assert len(data["renamed_units"]) == 30


def test_no_renames_shows_units_at_every_duty(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(files["old"]), str(files["fugu"]), "--no-renames", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["renamed_units"] == []
    assert len(data["duties"]) > 100


def test_threshold_out_of_range_is_a_usage_error(cli: Cli, files: dict[str, Path]) -> None:
    result = cli("diff", str(files["old"]), str(files["new"]), "--threshold", "2")
    assert result.returncode == 2
    assert result.stderr == "kepu-plan diff：错误：--threshold 必须在 0 到 1 之间\n"


def test_a_missing_file_is_a_read_error(cli: Cli, files: dict[str, Path], tmp_path: Path) -> None:
    result = cli("diff", str(files["old"]), str(tmp_path / "missing.json"))
    assert result.returncode == 2
    assert "missing.json：没有这个文件" in result.stderr
    assert "Traceback" not in result.stderr
