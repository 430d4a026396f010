"""The command line on PDF tables: show, convert, check and adapt read a PDF like any table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import kepu_plan as kp
from kepu_plan.adapt import adapt

if TYPE_CHECKING:
    from _support import Cli

PDF = Path(__file__).parent.parent / "data" / "pdf"
SECTIONS = PDF / "preset-sections.pdf"


def test_show_prints_the_table_read_from_a_pdf(cli: Cli) -> None:
    result = cli("show", str(SECTIONS))
    assert result.returncode == 0, result.stderr
    plan = kp.read(SECTIONS)
    for action in plan.actions:
        assert action.name in result.stdout


def test_show_json_of_a_pdf_counts_what_was_read_from_it(cli: Cli) -> None:
    result = cli("show", "--json", str(SECTIONS))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    plan = kp.read(SECTIONS)
    assert (summary["title"], summary["actions"], summary["tasks"], summary["duties"]) == (
        plan.title,
        len(plan.actions),
        len(plan.tasks),
        len(plan.duties),
    )


def test_convert_writes_the_pdf_s_plan_as_docx(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "分工表.docx"
    result = cli("convert", str(SECTIONS), str(target))
    assert result.returncode == 0, result.stderr
    assert kp.read(target) == kp.read(SECTIONS)


def test_convert_to_pdf_says_to_write_docx_and_convert(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "分工表.pdf"
    result = cli("convert", str(PDF / "preset-sections.json"), str(target))
    assert result.returncode == 2
    assert "请将分工表写为 .docx，再转换为 PDF" in result.stderr
    assert not target.exists()


def test_convert_to_pdf_says_to_write_docx_and_convert_in_english(cli: Cli, tmp_path: Path, english: None) -> None:
    target = tmp_path / "分工表.pdf"
    result = cli("convert", str(PDF / "preset-sections.json"), str(target))
    assert result.returncode == 2
    assert "write the plan as .docx and convert" in result.stderr
    assert not target.exists()


def test_check_lists_what_reading_the_pdf_took(cli: Cli) -> None:
    result = cli("check", "--json", str(SECTIONS))
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["readable"] is True
    assert report["duties"] == len(kp.read(SECTIONS).duties)
    codes = {item["code"] for item in report["diagnostics"]}
    assert {"pdf-header-repeat", "pdf-wrapped-lines"} <= codes


def test_check_refuses_a_scanned_pdf_with_exit_code_2_and_the_reason(cli: Cli) -> None:
    result = cli("check", str(PDF / "scanned.pdf"))
    assert result.returncode == 2
    assert "这是扫描版 PDF" in result.stderr
    assert "OCR" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_refuses_a_scanned_pdf_in_english_under_an_english_locale(cli: Cli, english: None) -> None:
    result = cli("check", str(PDF / "scanned.pdf"))
    assert result.returncode == 2
    assert "a scanned PDF" in result.stderr
    assert "OCR" in result.stderr
    assert "Traceback" not in result.stderr


def test_adapt_starts_a_county_s_table_from_a_neighbour_s_pdf(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "府谷县.docx"
    result = cli("adapt", str(SECTIONS), str(target), "--region", "府谷县", "--from", "神木市")
    assert result.returncode == 0, result.stderr
    expected = adapt(kp.read(SECTIONS), region="府谷县", from_region="神木市")
    assert result.stdout == str(expected) + "\n"
    assert kp.read(target) == expected.plan
