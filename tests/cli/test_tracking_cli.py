"""``kepu-plan forms``, ``collect`` and ``report``: the yearly cycle from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

import kepu_plan as kp
from kepu_plan.cli import main
from kepu_plan.tracking import read_ledger


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "分工表.xlsx"
    kp.write(kp.examples.shenmu(), path)
    return path


def _fill(path: Path, status: str = "已完成") -> None:
    workbook = load_workbook(path)
    sheet = workbook["报送表"]
    columns = {cell.value: cell.column for cell in sheet[4]}
    for row in range(5, sheet.max_row + 1):
        sheet.cell(row=row, column=columns["完成情况"]).value = status
        for header, column in columns.items():
            if str(header).startswith("完成值") and sheet.cell(row=row, column=column - 1).value is not None:
                sheet.cell(row=row, column=column).value = sheet.cell(row=row, column=column - 1).value
    workbook.save(path)


def test_forms_writes_one_form_per_unit_and_says_so(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["forms", str(plan_file), str(tmp_path / "报送表"), "--period", "2024年"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["单位", "文件", "任务内容"]
    assert out.splitlines()[-1] == f"已为 33 个单位生成“2024年”报送表，保存在 {tmp_path / '报送表'}"
    assert len(list((tmp_path / "报送表").glob("*.xlsx"))) == 33


def test_collect_exits_0_when_clean_1_with_problems_and_2_when_nothing_is_readable(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forms = tmp_path / "报送表"
    assert main(["forms", str(plan_file), str(forms), "--period", "2024年", "--json"]) == 0
    written = json.loads(capsys.readouterr().out)
    assert written["period"] == "2024年"
    assert len(written["forms"]) == 33
    paths = sorted(forms.glob("*.xlsx"))
    for path in paths:
        _fill(path)
    ledger = tmp_path / "台账2024.xlsx"
    assert main(["collect", str(plan_file), *map(str, paths), "-o", str(ledger)]) == 0
    out = capsys.readouterr().out
    assert "读取 33 份报送表：33 个单位中 33 个已报送，0 个未报送；问题 0 个。" in out
    assert read_ledger(ledger).missing_units == ()

    assert main(["collect", str(plan_file), *map(str, paths[1:]), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"period", "duties", "missing_units", "problems"}
    assert data["period"] == "2024年"
    assert data["missing_units"] == [data["problems"][0]["unit"]]
    assert data["problems"][0] == {
        "code": "missing-form",
        "severity": "warning",
        "unit": data["missing_units"][0],
        "file": None,
        "sheet": None,
        "cell": None,
        "message": f"{data['missing_units'][0]}未报送",
    }
    report = data["duties"][0]["reports"][0]
    assert set(report) >= {"unit", "status", "progress", "evidence", "actuals"}
    assert report["status"] == "已完成"
    targeted = next(duty for duty in data["duties"] if duty["targets"])
    assert set(targeted["reports"][0]["actuals"][0]) >= {"target", "planned", "actual"}

    assert main(["collect", str(plan_file), str(tmp_path / "无.xlsx"), "-o", str(tmp_path / "空.xlsx")]) == 2
    captured = capsys.readouterr()
    assert captured.err == "kepu-plan collect: 没有可读的报送表\n"
    assert not (tmp_path / "空.xlsx").exists()


def test_report_writes_html_and_docx_from_one_or_more_ledgers(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forms = tmp_path / "报送表"
    main(["forms", str(plan_file), str(forms), "--period", "2024年"])
    paths = sorted(forms.glob("*.xlsx"))
    for path in paths:
        _fill(path, "推进中")
    main(["collect", str(plan_file), *map(str, paths), "-o", str(tmp_path / "台账2024.json")])
    capsys.readouterr()
    assert main(["report", str(tmp_path / "台账2024.json"), "-o", str(tmp_path / "2024年进展.html")]) == 0
    assert capsys.readouterr().out == f"已根据 1 份台账（2024年）写出进展报告 {tmp_path / '2024年进展.html'}\n"
    assert "2024年任务进展情况报告" in (tmp_path / "2024年进展.html").read_text(encoding="utf-8")
    assert main(["report", str(tmp_path / "台账2024.json"), "-o", str(tmp_path / "进展.docx")]) == 0
    assert (tmp_path / "进展.docx").read_bytes()[:2] == b"PK"
    assert main(["report", str(tmp_path / "台账2024.json"), "-o", str(tmp_path / "进展.pdf")]) == 2
    assert "a report is an .html or a .docx file" in capsys.readouterr().err


def test_the_commands_are_listed_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("forms", "collect", "report"):
        assert command in out
