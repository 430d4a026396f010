"""``kepu-plan diff``: compare two plans from the shell; exit 0 when equal, 1 when they differ."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import kepu_plan as kp
from kepu_plan.adapt import adapt, replace_in_content
from kepu_plan.cli import main
from kepu_plan.diff import diff
from kepu_plan.model import Action, ActionKind, Duty, Plan, Task

if TYPE_CHECKING:
    from _support import Cli


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


# --- one language per output ----------------------------------------------------------------------

#: Chinese characters and the full-width punctuation of Chinese text (、，：（）「」 …).
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _latin_plans(folder: Path) -> tuple[Path, Path]:
    """Two plans written only in Latin letters, differing in every way a report shows: then any
    Chinese in an English report is the report's own words, not a quoted plan text."""
    duties = [
        Duty(content="Train 60 science teachers every year.", units=["EducationBureau", "ScienceAssociation"]),
        Duty(content="Hold a science week.", units=["ScienceAssociation"]),
        Duty(content="Open the museum to schools.", units=["Museum"]),
    ]
    old = Plan(
        title="Plan of Shenmu",
        actions=[
            Action(
                name="Youth action",
                kind=ActionKind.ACTION,
                leads=["EducationBureau"],
                tasks=[Task(name="Teachers", duties=duties)],
            ),
            Action(
                name="Farmers action",
                kind=ActionKind.ACTION,
                tasks=[Task(name="Training", duties=[Duty(content="Train farmers.")])],
            ),
            Action(
                name="Workers action",
                kind=ActionKind.ACTION,
                tasks=[Task(name="Skills", duties=[Duty(content="Train workers.")])],
            ),
        ],
    )
    new = Plan(
        title="Plan of Fugu",
        label="Annex 2",
        notes=["A note."],
        actions=[
            Action(
                name="Farmers action",
                kind=ActionKind.ACTION,
                tasks=[Task(name="Training", duties=[Duty(content="Train farmers.")])],
            ),
            Action(
                name="Youth action",
                kind=ActionKind.ACTION,
                leads=["EducationBureau", "Museum"],
                tasks=[
                    Task(
                        name="Teachers",
                        duties=[
                            Duty(content="Train 80 science teachers every year.", units=["EducationOffice"]),
                            Duty(content="Open the museum to schools.", units=["Museum", "ScienceAssociation"]),
                            Duty(content="Hold a science fair for pupils.", units=["YouthLeague"]),
                        ],
                    ),
                    Task(name="Pupils", duties=[Duty(content="Visit a lab.", units=["YouthLeague"])]),
                ],
            ),
        ],
    )
    paths = folder / "old.json", folder / "new.json"
    kp.write(old, paths[0])
    kp.write(new, paths[1])
    return paths


def test_the_report_is_english_under_lang_en(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    old, new = _latin_plans(tmp_path)
    result = cli("diff", str(old), str(new))
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    for line in (
        "Key actions/projects (3):",
        "  moved Farmers action: position 2 → position 1",
        "  removed “Workers action”: tasks: 1, duties: 1",
        "      lead units: EducationBureau → EducationBureau, Museum (added Museum)",
        "Main tasks (1):",
        "  added Youth action › Pupils: duties: 1",
        "  moved and changed Youth action › Teachers › old duty 3 → Youth action › Teachers › duty 2",
        "Duties gained and lost by unit:",
        "  ScienceAssociation: gained 1 (Youth action › Teachers › duty 2), "
        "lost 2 (Youth action › Teachers › old duty 1; Youth action › Teachers › old duty 2)",
    ):
        assert line in lines, result.stdout
    assert _CJK.findall(result.stdout + result.stderr) == []
    assert cli("diff", str(old), str(old)).stdout == "The two plans are the same.\n"


def test_the_same_plans_give_a_chinese_report_by_default(cli: Cli, tmp_path: Path) -> None:
    old, new = _latin_plans(tmp_path)
    result = cli("diff", str(old), str(new))
    assert result.returncode == 1, result.stderr
    assert "  删除 「Workers action」（2 项任务，1 条内容）" not in result.stdout  # one task, not two
    assert "  删除 「Workers action」（1 项任务，1 条内容）" in result.stdout.splitlines()
    assert _CJK.findall(result.stdout)
