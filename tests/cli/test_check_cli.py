"""``kepu-plan check``: every line in one language, Chinese by default and English under an ``en`` locale."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import kepu_plan as kp

if TYPE_CHECKING:
    from _support import Cli

#: Latin words (a code such as lead-mark and the --all option aside) in a line meant to be Chinese.
LATIN_WORD = re.compile(r"(?<![-\w])[A-Za-z]{3,}(?![-\w])")


def shenmu_docx(tmp_path: Path) -> Path:
    path = tmp_path / "分工表.docx"
    kp.write(kp.examples.shenmu(), path)
    return path


def test_check_speaks_chinese_by_default_on_every_line(cli: Cli, tmp_path: Path) -> None:
    path = shenmu_docx(tmp_path)
    result = cli("check", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{path}：10 项行动/工程，40 项任务，112 条内容",
        "说明：lead-mark ×10（--all 逐条列出）",
        "读取干净",
    ]


def test_check_all_lists_each_interpretation_in_chinese(cli: Cli, tmp_path: Path) -> None:
    path = shenmu_docx(tmp_path)
    result = cli("check", str(path), "--all")
    lines = result.stdout.splitlines()[1:-1]
    assert len(lines) == 10
    assert lines[0] == (
        f"说明：{path}：表1第2行第1列：行动“青少年科学素质提升行动”的牵头单位从其单元格读出：市教体局、市科协、职业技术学院"
    )
    assert not [line for line in lines if LATIN_WORD.search(line.replace(str(path), ""))]


def test_check_speaks_english_under_an_english_locale(cli: Cli, tmp_path: Path, english: None) -> None:
    path = shenmu_docx(tmp_path)
    result = cli("check", str(path), "--all")
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path}: 10 actions, 40 tasks, 112 duties"
    assert lines[1] == (
        f"info: {path}: table 1, row 2, column 1: "
        "leads of action '青少年科学素质提升行动' read from its cell: 市教体局、市科协、职业技术学院"
    )
    assert lines[-1] == "reads cleanly"


def test_check_json_gives_the_same_codes_in_either_language(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = shenmu_docx(tmp_path)
    chinese = json.loads(cli("check", str(path), "--json").stdout)
    monkeypatch.setenv("LC_MESSAGES", "en_US.UTF-8")
    english = json.loads(cli("check", str(path), "--json").stdout)
    assert [item["code"] for item in chinese["diagnostics"]] == ["lead-mark"] * 10
    assert [item["code"] for item in english["diagnostics"]] == ["lead-mark"] * 10
    assert chinese["diagnostics"][0]["message"].startswith("行动“青少年科学素质提升行动”的牵头单位从其单元格读出")
    assert english["diagnostics"][0]["message"].startswith(
        "leads of action '青少年科学素质提升行动' read from its cell"
    )
