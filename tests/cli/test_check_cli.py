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


def contents_only_docx(tmp_path: Path) -> Path:
    """A table of measures and units without actions or tasks, made with python-docx."""
    from docx import Document

    rows = [
        ["序号", "具体措施", "负责单位"],
        ["1", "每年培训科学教师60名以上", "县教体局"],
        ["2", "建设科普基地", "县科协"],
    ]
    document = Document()
    table = document.add_table(rows=len(rows), cols=3)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    path = tmp_path / "分工表.docx"
    document.save(str(path))
    return path


def test_check_of_an_unreadable_table_lists_the_rows_set_aside_before_the_error(cli: Cli, tmp_path: Path) -> None:
    path = contents_only_docx(tmp_path)
    result = cli("check", str(path))
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert [line.split("：此行")[0] for line in lines] == [
        f"警告：{path}：表1第2行第2列",
        f"警告：{path}：表1第3行第2列",
    ]
    assert result.stderr.strip() == (
        f"kepu-plan check：错误：{path}：表1第2行第2列：表格中没有一行能读入；第一个未读入的行：此行没有所属行动："
        "表格既没有行动列，上方也没有分节行（各列：序号、具体措施、负责单位；请把行动所在的列指定为角色 action）"
        "（用 kepu-plan check 可以列出每一个未读入的行和原因）"
    )


def test_check_json_of_an_unreadable_table_says_so_with_the_rows_set_aside(cli: Cli, tmp_path: Path) -> None:
    path = contents_only_docx(tmp_path)
    result = cli("check", str(path), "--json")
    assert result.returncode == 2
    found = json.loads(result.stdout)
    assert found["readable"] is False
    assert found["error"].startswith(f"{path}：表1第2行第2列：表格中没有一行能读入")
    assert [(item["code"], item["location"]["row"]) for item in found["diagnostics"]] == [
        ("row-unread", 2),
        ("row-unread", 3),
    ]
    assert "表格中没有一行能读入" in result.stderr


def test_check_of_a_file_that_is_not_there_prints_nothing_but_the_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("check", str(tmp_path / "无此文件.docx"))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "无此文件.docx" in result.stderr
