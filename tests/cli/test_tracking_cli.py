"""``kepu-plan forms``, ``collect`` and ``report``: the yearly cycle from the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from openpyxl import load_workbook

import kepu_plan as kp
from kepu_plan.cli import main
from kepu_plan.model import ROLES
from kepu_plan.tracking import read_ledger
from kepu_plan.tracking.forms import FORM_SHEET

if TYPE_CHECKING:
    from _support import Cli


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "分工表.xlsx"
    kp.write(kp.examples.shenmu(), path)
    return path


def _fill(path: Path, status: str = "已完成") -> None:
    workbook = load_workbook(path)
    sheet = workbook["报送表"]
    columns = {cell.value: cell.column for cell in sheet[4] if cell.column is not None}
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
    assert out.splitlines()[0].split() == ["单位", "文件", "内容"]
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
    assert captured.err == "kepu-plan collect：错误：没有可读的报送表\n"
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
    assert (
        capsys.readouterr().err
        == f"kepu-plan report：错误：{tmp_path / '进展.pdf'}：进展报告须为 .html 或 .docx 文件\n"
    )


def test_the_commands_are_listed_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("forms", "collect", "report"):
        assert command in out


# --- one language per output ------------------------------------------------------------------------

TRACKING_COMMANDS = ("forms", "collect", "report")
#: Three English words in a row: a sentence left untranslated in Chinese output.
_ENGLISH_WORDS = re.compile(r"\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b")
#: Five Chinese characters in a row: a sentence in English output (file names and sample values are shorter).
_CHINESE_WORDS = re.compile(r"[\u4e00-\u9fff]{5,}")


@pytest.mark.parametrize("command", TRACKING_COMMANDS)
def test_the_help_of_a_tracking_command_is_chinese_by_default(capsys: pytest.CaptureFixture[str], command: str) -> None:
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"用法：kepu-plan {command}")
    assert "读取选项" in out or command == "report"  # the shared reading options, for the plan
    roles = re.compile(r"\b(?:{})\b".format("|".join(ROLES)))  # the roles of --columns are what one types
    assert _ENGLISH_WORDS.findall(roles.sub("", out)) == []


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("command", TRACKING_COMMANDS)
def test_the_help_of_a_tracking_command_is_english_under_an_english_locale(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: kepu-plan {command}")
    assert _CHINESE_WORDS.findall(out) == []


def test_lang_alone_makes_the_help_english(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_MESSAGES")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    result = cli("forms", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: kepu-plan forms")
    assert "Write one report form (XLSX) per responsible unit" in result.stdout
    assert _CHINESE_WORDS.findall(result.stdout) == []


@pytest.mark.usefixtures("english")
def test_the_yearly_cycle_speaks_english_under_an_english_locale(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forms = tmp_path / "forms"
    assert main(["forms", str(plan_file), str(forms), "--period", "2024年"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["unit", "file", "duties"]
    assert lines[-1] == f"wrote the 2024年 report forms of 33 units in {forms}"
    paths = sorted(forms.glob("*.xlsx"))
    for path in paths[1:]:
        _fill(path)
    ledger = tmp_path / "ledger.json"
    assert main(["collect", str(plan_file), *map(str, paths[1:]), "-o", str(ledger)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["severity", "unit", "file", "place", "problem"]
    assert lines[2].split()[0] == "warning"
    assert lines[-2:] == [
        "read 32 report forms: 32 of 33 units reported, 1 did not; problems: 1.",
        f"ledger written to {ledger}",
    ]
    report = tmp_path / "report.html"
    assert main(["report", str(ledger), "-o", str(report)]) == 0
    assert capsys.readouterr().out == f"wrote the progress report {report} from 1 ledger(s) (2024年)\n"


# --- bad inputs: exit 2, one line on stderr ----------------------------------------------------------


@pytest.fixture(scope="module")
def returned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A plan, one filled form and the ledger collected from it (JSON)."""
    folder = tmp_path_factory.mktemp("returned")
    plan = folder / "分工表.json"
    kp.write(kp.examples.shenmu(), plan)
    assert main(["forms", str(plan), str(folder / "forms"), "--period", "2024年", "--json"]) == 0
    form = sorted((folder / "forms").glob("*.xlsx"))[0]
    _fill(form)
    ledger = folder / "台账.json"
    assert main(["collect", str(plan), str(form), "-o", str(ledger), "--json"]) == 1
    return {"plan": plan, "form": form, "ledger": ledger}


def _one_line(code: int, err: str) -> str:
    """The one line a failed command printed on stderr (after checking it failed with exit code 2)."""
    assert code == 2, err
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert err.startswith("kepu-plan ")
    return err.rstrip("\n")


def test_a_missing_plan_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "无.docx"
    for args in (
        ["forms", str(missing), str(tmp_path / "out"), "--period", "2024年"],
        ["collect", str(missing), str(tmp_path / "a.xlsx")],
    ):
        line = _one_line(main(args), capsys.readouterr().err)
        assert line == f"kepu-plan {args[0]}：错误：{missing}：没有这个文件"
    assert not (tmp_path / "out").exists()


def test_forms_into_a_file_is_one_line(
    returned: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    in_the_way = tmp_path / "报送表"
    in_the_way.write_text("in the way", encoding="utf-8")
    line = _one_line(
        main(["forms", str(returned["plan"]), str(in_the_way), "--period", "2024年"]), capsys.readouterr().err
    )
    assert line == f"kepu-plan forms：错误：{in_the_way}：是文件，不是文件夹"
    assert in_the_way.read_text(encoding="utf-8") == "in the way"


def test_forms_for_one_unit_writes_only_its_form(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forms = tmp_path / "报送表"
    assert main(["forms", str(plan_file), str(forms), "--period", "2024年", "--unit", "市科协", "--json"]) == 0
    written = json.loads(capsys.readouterr().out)
    assert written == {
        "period": "2024年",
        "forms": [{"unit": "市科协", "file": str(forms / "市科协.xlsx"), "duties": 68}],
    }
    assert [path.name for path in forms.iterdir()] == ["市科协.xlsx"]
    sheet = load_workbook(forms / "市科协.xlsx")[FORM_SHEET]
    assert sheet.max_row - 4 == 68  # the header is row 4, a row per duty below it


def test_forms_for_a_unit_the_plan_does_not_name_is_one_line_and_writes_nothing(
    cli: Cli, plan_file: Path, tmp_path: Path
) -> None:
    result = cli("forms", str(plan_file), str(tmp_path / "out"), "--period", "2024年", "--unit", "县科协")
    line = _one_line(result.returncode, result.stderr)
    assert line == "kepu-plan forms：错误：本分工表中没有名为 县科协 的单位"
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()


def test_forms_for_a_unit_the_plan_names_but_gives_no_duty_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    duties = [kp.Duty(content="开展科普活动", units=["市科协"])]
    action = kp.Action(name="甲行动", leads=["市教体局"], tasks=[kp.Task(name="任务", duties=duties)])
    plan = tmp_path / "分工表.json"
    kp.write(kp.Plan(title="", actions=[action]), plan)
    code = main(["forms", str(plan), str(tmp_path / "out"), "--period", "2024年", "--unit", "市教体局"])
    line = _one_line(code, capsys.readouterr().err)
    assert line == "kepu-plan forms：错误：“市教体局”在本分工表中没有负责任何内容，其报送表将为空"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("period", [" 2024年", "", "2024年\n2025年"])
def test_a_period_that_is_not_one_line_is_a_usage_error(
    returned: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], period: str
) -> None:
    line = _one_line(
        main(["forms", str(returned["plan"]), str(tmp_path / "out"), "--period", period]), capsys.readouterr().err
    )
    assert "--period 须为一行文字" in line
    assert not (tmp_path / "out").exists()


def test_a_ledger_or_report_written_to_a_folder_is_one_line(
    returned: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "台账.xlsx"
    folder.mkdir()
    code = main(["collect", str(returned["plan"]), str(returned["form"]), "-o", str(folder)])
    assert "是文件夹，不是文件" in _one_line(code, capsys.readouterr().err)
    folder = tmp_path / "进展.html"
    folder.mkdir()
    code = main(["report", str(returned["ledger"]), "-o", str(folder)])
    assert "是文件夹，不是文件" in _one_line(code, capsys.readouterr().err)


def test_a_ledger_with_another_suffix_is_refused_before_collecting(
    returned: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["collect", str(returned["plan"]), str(returned["form"]), "-o", str(tmp_path / "台账.csv")])
    assert _one_line(code, capsys.readouterr().err) == (
        f"kepu-plan collect：错误：{tmp_path / '台账.csv'}：台账须为 .xlsx 或 .json 文件"
    )
    assert capsys.readouterr().out == ""


def test_an_unreadable_form_is_listed_and_no_readable_form_is_one_line(
    returned: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form = tmp_path / "市科协.xlsx"
    form.write_text("这不是工作簿", encoding="utf-8")
    code = main(["collect", str(returned["plan"]), str(form), "-o", str(tmp_path / "台账.xlsx")])
    captured = capsys.readouterr()
    assert _one_line(code, captured.err) == "kepu-plan collect：错误：没有可读的报送表"
    assert "无法读取这个文件（不是 XLSX 工作簿，或文件已损坏（BadZipFile）），整个文件未汇总" in captured.out
    assert not (tmp_path / "台账.xlsx").exists()


def test_an_unreadable_ledger_is_one_line_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ledger = tmp_path / "台账.xlsx"
    ledger.write_text("这不是工作簿", encoding="utf-8")
    line = _one_line(main(["report", str(ledger), "-o", str(tmp_path / "进展.html")]), capsys.readouterr().err)
    assert (
        line == f"kepu-plan report：错误：{ledger}：不是 XLSX 工作簿，或文件已损坏（BadZipFile）（请重新另存为 .xlsx）"
    )
    assert not (tmp_path / "进展.html").exists()


def test_ledgers_of_two_plans_are_one_line_in_the_readers_language(
    returned: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = json.loads(returned["ledger"].read_text(encoding="utf-8"))
    data["fingerprint"], data["period"] = "0" * len(data["fingerprint"]), "2025年"
    other = tmp_path / "台账2025.json"
    other.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    args = ["report", str(returned["ledger"]), str(other), "-o", str(tmp_path / "进展.html")]
    assert "这些台账属于不同的分工表，不能合并：2024年" in _one_line(main(args), capsys.readouterr().err)
    monkeypatch.setenv("LC_MESSAGES", "en_US.UTF-8")
    line = _one_line(main(args), capsys.readouterr().err)
    assert "kepu-plan report: error: these ledgers belong to different plans and cannot be combined: 2024年" in line
    assert not (tmp_path / "进展.html").exists()


#: Chinese characters and the full-width punctuation of Chinese text (、，：（）「」 …).
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")


def test_collect_speaks_english_under_lang_en_quoting_only_units_files_and_the_forms_texts(
    plan_file: Path, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    forms = tmp_path / "forms"
    assert main(["forms", str(plan_file), str(forms), "--period", "2024年"]) == 0
    paths = sorted(forms.glob("*.xlsx"))
    for path in paths[1:]:
        _fill(path)
    _fill(paths[1], "基本完成")
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    ledger = tmp_path / "ledger.json"
    result = cli("collect", str(plan_file), *map(str, paths[1:]), "-o", str(ledger))
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["severity", "unit", "file", "place", "problem"]
    assert any(line.endswith(" did not send its form") for line in lines)
    assert any("is not in the list (已完成, 推进中, 未启动, 滞后); kept as written" in line for line in lines)
    plan = kp.read(plan_file)
    quoted = [
        "2024年",
        FORM_SHEET,  # the sheet of a cell's place
        "基本完成",
        "已完成, 推进中, 未启动, 滞后",
        str(tmp_path),
        *(unit.name for unit in plan.units),
        *(duty.content for action in plan.actions for task in action.tasks for duty in task.duties),
    ]
    foreign = [run for run in _CJK.findall(result.stdout + result.stderr) if not any(run in q for q in quoted)]
    assert foreign == []
    data = json.loads(cli("collect", str(plan_file), *map(str, paths[1:]), "--json").stdout)
    messages = [problem["message"] for problem in data["problems"]]
    assert f"{data['missing_units'][0]} did not send its form" in messages
    foreign = [run for run in _CJK.findall("\n".join(messages)) if not any(run in q for q in quoted)]
    assert foreign == []
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")  # the same check finds the Chinese words of a Chinese run
    chinese = cli("collect", str(plan_file), *map(str, paths[1:]), "-o", str(ledger)).stdout
    foreign = [run for run in _CJK.findall(chinese) if not any(run in q for q in quoted)]
    assert any(run.endswith("未报送") for run in foreign)
