"""Every script in examples/ runs on the shipped data, writes its files into the folder it is given,
and what it writes reads back."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import kepu_plan as kp

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


def run_example(script: Path, *args: str | Path, cwd: Path, tmpdir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TMPDIR": str(tmpdir)}
    return subprocess.run(
        [sys.executable, str(script), *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


# --- what each script must leave in its output folder --------------------------------------------


def check_summarise(out: Path) -> None:
    shenmu = kp.examples.shenmu()
    assert kp.read(out / "神木市分工表.docx") == shenmu
    overview = (out / "概览.txt").read_text(encoding="utf-8")
    assert shenmu.title in overview
    assert "10 项重点行动/工程" in overview
    assert "数量指标：17 个" in overview
    rows = csv_rows(out / "各单位任务量.csv")
    assert rows[0][0] == "负责单位"
    assert len(rows) == 1 + len(shenmu.units)


def check_split(out: Path) -> None:
    shenmu = kp.examples.shenmu()
    folder = out / "各单位"
    index = csv_rows(folder / "index.csv")
    assert index[0] == ["单位", "文件", "负责内容", "牵头内容", "牵头行动"]
    files = sorted(folder.glob("*.docx"))
    assert len(files) == len([row for row in index[1:] if row[1]]) == 33
    for row in index[1:]:
        unit, file = row[0], row[1]
        assert kp.read(folder / file) == shenmu.for_unit(unit)


def check_targets(out: Path) -> None:
    shenmu = kp.examples.shenmu()
    rows = csv_rows(out / "指标清单.csv")
    assert len(rows) == 1 + len(shenmu.targets()) == 18
    assert kp.read(out / "指标台账.xlsx") == shenmu
    assert kp.read(out / "指标台账-已填报.xlsx") == shenmu
    progress = (out / "进展.txt").read_text(encoding="utf-8")
    assert "已完成：1 个" in progress
    assert "未填：14 个" in progress


def check_compare(out: Path) -> None:
    shenmu = kp.examples.shenmu()
    first = kp.read(out / "分工表-第一稿.docx")
    second = kp.read(out / "分工表-第二稿.docx")
    assert first == shenmu
    assert second != shenmu
    data = json.loads((out / "修改对比.json").read_text(encoding="utf-8"))
    assert data["equal"] is False
    assert data["renamed_units"] == [{"old": "市发改科技局", "new": "市发改局", "places": 29}]
    assert len(data["targets"]) == 1
    assert "[-300-]{+500+}" in (out / "修改对比.txt").read_text(encoding="utf-8")


def check_build(out: Path) -> None:
    plans = [
        kp.read(out / name)
        for name in ("某县分工表.json", "某县分工表.docx", "某县分工表.xlsx", "某县分工表-分节.docx")
    ]
    assert all(plan == plans[0] for plan in plans)
    assert len(plans[0].actions) == 2
    assert plans[0].notes == ("注：各牵头单位每年12月底前向县科协报送工作进展。",)
    assert plans[3].layout is not None
    assert plans[3].layout.sections


def check_adapt(out: Path) -> None:
    plans = [kp.read(out / f"府谷县分工表{suffix}") for suffix in (".json", ".docx", ".xlsx")]
    assert all(plan == plans[0] for plan in plans)
    assert plans[0].title.startswith("府谷县")
    assert (out / "改编报告.txt").read_text(encoding="utf-8").startswith("从 神木市 改编为 府谷县")
    assert json.loads((out / "与神木市对比.json").read_text(encoding="utf-8"))["equal"] is False


def check_tracking(out: Path) -> None:
    from kepu_plan.tracking import read_ledger

    assert len(list((out / "报送表").glob("*.xlsx"))) == 33
    assert len(list((out / "回收").glob("*.xlsx"))) == 32
    ledger = read_ledger(out / "台账2024.xlsx")
    assert ledger == read_ledger(out / "台账2024.json")
    assert ledger.missing_units == ("市气象局",)
    problems = (out / "问题清单.txt").read_text(encoding="utf-8").splitlines()
    assert len(problems) == 2
    assert problems[-1] == "市气象局未报送"
    assert "完成值“约60”是约数，按 60 汇总" in problems[0]
    assert "<h1>2024年任务进展情况报告</h1>" in (out / "2024年进展.html").read_text(encoding="utf-8")
    assert (out / "2024年进展.docx").read_bytes()[:2] == b"PK"


def check_attach(out: Path) -> None:
    import docx
    import openpyxl
    from docx.enum.section import WD_ORIENT

    shenmu = kp.examples.shenmu()
    report = out / "实施方案.docx"
    assert kp.read(report) == shenmu
    document = docx.Document(str(report))
    assert document.paragraphs[0].text.endswith("实施方案")
    body = document.element.body
    table = body.index(document.tables[0]._tbl)
    assert all(body.index(p._p) < table for p in document.paragraphs[:7])
    assert [section.orientation for section in document.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    workbook_path = out / "分工表与填报说明.xlsx"
    assert kp.read(workbook_path) == shenmu
    workbook = openpyxl.load_workbook(workbook_path)
    assert workbook.sheetnames == ["填报说明", "分工表", "单位", "指标"]
    assert workbook["填报说明"]["A6"].value == "4. 每年12月底前报市科协。"


CHECKS: dict[str, Callable[[Path], None]] = {
    "summarise.py": check_summarise,
    "split_per_department.py": check_split,
    "track_targets.py": check_targets,
    "compare_versions.py": check_compare,
    "build_in_code.py": check_build,
    "adapt_shenmu.py": check_adapt,
    "yearly_tracking.py": check_tracking,
    "attach_to_report.py": check_attach,
}


def test_every_example_script_has_its_outputs_checked() -> None:
    assert sorted(CHECKS) == sorted(script.name for script in EXAMPLES)


@pytest.mark.parametrize("script", EXAMPLES, ids=[script.name for script in EXAMPLES])
def test_the_example_writes_into_the_given_folder_files_that_read_back(script: Path, tmp_path: Path) -> None:
    out, cwd, tmpdir = tmp_path / "输出", tmp_path / "cwd", tmp_path / "tmp"
    cwd.mkdir()
    tmpdir.mkdir()
    result = run_example(script, out, cwd=cwd, tmpdir=tmpdir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), "an example says what it did"
    assert not result.stderr
    assert not any(cwd.iterdir()), "an example writes only into the folder it is given"
    assert not any(tmpdir.iterdir()), "given a folder, an example makes no temporary one"
    CHECKS[script.name](out)


def test_without_a_folder_an_example_writes_into_a_new_temporary_one(tmp_path: Path) -> None:
    cwd, tmpdir = tmp_path / "cwd", tmp_path / "tmp"
    cwd.mkdir()
    tmpdir.mkdir()
    result = run_example(ROOT / "examples" / "compare_versions.py", cwd=cwd, tmpdir=tmpdir)
    assert result.returncode == 0, result.stderr
    (made,) = tmpdir.iterdir()
    assert str(made) in result.stdout
    check_compare(made)


def test_summarise_reads_the_table_it_is_given(tmp_path: Path) -> None:
    table = tmp_path / "分节.xlsx"
    kp.write(kp.examples.shenmu().with_layout(kp.layouts.SECTIONS), table)
    out = tmp_path / "out"
    result = run_example(ROOT / "examples" / "summarise.py", out, table, cwd=tmp_path, tmpdir=tmp_path)
    assert result.returncode == 0, result.stderr
    overview = (out / "概览.txt").read_text(encoding="utf-8")
    assert "numbering ×50" in overview
    assert not (out / "神木市分工表.docx").exists()


@pytest.mark.parametrize("script", ["summarise.py", "split_per_department.py", "track_targets.py"])
def test_a_missing_table_is_one_line_naming_it(script: str, tmp_path: Path, chinese: None) -> None:
    missing = tmp_path / "没有这个文件.docx"
    result = run_example(ROOT / "examples" / script, tmp_path / "out", missing, cwd=tmp_path, tmpdir=tmp_path)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr == f"{script}: {missing}：没有这个文件\n"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("script", EXAMPLES, ids=[script.name for script in EXAMPLES])
def test_an_output_folder_that_cannot_be_made_is_one_line(script: Path, tmp_path: Path) -> None:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("x", encoding="utf-8")
    result = run_example(script, in_the_way / "out", cwd=tmp_path, tmpdir=tmp_path)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_the_split_example_quotes_a_unit_a_spreadsheet_would_run(tmp_path: Path) -> None:
    table = tmp_path / "表.json"
    duty = kp.Duty(content="开展科普活动", units=["=A1*1000", "市科协"])
    kp.write(kp.Plan(title="表", actions=[kp.Action(name="行动", tasks=[kp.Task(name="任务", duties=[duty])])]), table)
    out = tmp_path / "out"
    result = run_example(ROOT / "examples" / "split_per_department.py", out, table, cwd=tmp_path, tmpdir=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = csv_rows(out / "各单位" / "index.csv")
    assert rows[1][:2] == ["'=A1*1000", "'=A1_1000.docx"]
