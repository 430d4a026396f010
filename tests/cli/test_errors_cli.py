"""The command line's promise: whatever the input or the environment does wrong, one line on stderr,
exit code 2, no traceback; usage errors too.  Every command is run with each kind of bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import kepu_plan as kp
from kepu_plan.model import Action, Duty, Plan, Task

if TYPE_CHECKING:
    from _support import Cli

#: How each command is given one input FILE (and an output path OUT where it writes one).
COMMANDS = {
    "show": ["show", "{file}"],
    "targets": ["targets", "{file}"],
    "units": ["units", "{file}"],
    "units --unit": ["units", "{file}", "--unit", "市科协"],
    "check": ["check", "{file}"],
    "diff": ["diff", "{good}", "{file}"],
    "convert": ["convert", "{file}", "{out}.xlsx"],
    "convert --to": ["convert", "{file}", "--to", "xlsx", "--out-dir", "{out}"],
    "split": ["split", "{file}", "{out}"],
    "adapt": ["adapt", "{file}", "{out}.json", "--region", "府谷县", "--from", "神木市"],
    "forms": ["forms", "{file}", "{out}", "--period", "2024年"],
    "collect": ["collect", "{file}", "{file}", "-o", "{out}.xlsx"],
    "report": ["report", "{file}", "-o", "{out}.html"],
}


def assert_one_line_exit_2(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("kepu-plan"), result.stderr


def bad_inputs(folder: Path) -> dict[str, Path]:
    """A missing file, empty files, a folder and files in the wrong format."""
    folder.mkdir()
    (folder / "empty.docx").write_bytes(b"")
    (folder / "empty.json").write_bytes(b"")
    (folder / "empty.xlsx").write_bytes(b"")
    (folder / "folder.json").mkdir()
    (folder / "text.xlsx").write_text("这不是工作簿", encoding="utf-8")
    (folder / "image.docx").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (folder / "list.json").write_text("[1, 2]", encoding="utf-8")
    return {
        "missing": folder / "missing.docx",
        "empty docx": folder / "empty.docx",
        "empty json": folder / "empty.json",
        "empty xlsx": folder / "empty.xlsx",
        "folder": folder / "folder.json",
        "text as xlsx": folder / "text.xlsx",
        "image as docx": folder / "image.docx",
        "wrong json": folder / "list.json",
    }


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    good = folder / "good.json"
    kp.write(kp.examples.shenmu(), good)
    return {"good": good, **bad_inputs(folder / "inputs")}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_says_what_is_wrong_with_each_bad_input_in_one_line(
    cli: Cli, inputs: dict[str, Path], tmp_path: Path, command: str
) -> None:
    for kind, path in inputs.items():
        if kind == "good":
            continue
        args = [arg.format(file=path, good=inputs["good"], out=tmp_path / "out") for arg in COMMANDS[command]]
        result = cli(*args)
        assert_one_line_exit_2(result)
        assert str(path) in result.stderr, (kind, result.stderr)
        assert not (tmp_path / "out.xlsx").exists()


def test_a_missing_file_says_so_in_chinese(cli: Cli, inputs: dict[str, Path]) -> None:
    result = cli("show", str(inputs["missing"]))
    assert result.stderr == f"kepu-plan show：错误：{inputs['missing']}：没有这个文件\n"


@pytest.mark.usefixtures("english")
def test_a_missing_file_says_so_in_english_under_an_english_locale(cli: Cli, inputs: dict[str, Path]) -> None:
    result = cli("show", str(inputs["missing"]))
    assert result.stderr == f"kepu-plan show: error: {inputs['missing']}: no such file\n"


# --- output that cannot be written ----------------------------------------------------------------------


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "a-file"
    path.write_text("in the way", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["convert", "{good}", "--to", "xlsx", "--out-dir", "{file}"],
        ["convert", "{good}", "--to", "xlsx", "--out-dir", "{file}/sub"],
        ["convert", "{good}", "{file}/sub/out.xlsx"],
        ["convert", "{good}", "{tmp}/no-folder/out.xlsx"],
        ["convert", "{good}", "{tmp}"],
        ["split", "{good}", "{file}"],
        ["split", "{good}", "{file}/sub"],
        ["demo", "{file}"],
        ["demo", "{file}/sub"],
        ["adapt", "{good}", "{file}/out.json", "--region", "府谷县"],
        ["forms", "{good}", "{file}", "--period", "2024年"],
        ["forms", "{good}", "{file}/sub", "--period", "2024年"],
    ],
    ids=lambda args: " ".join(args),
)
def test_an_output_that_cannot_be_made_is_one_line(
    cli: Cli, inputs: dict[str, Path], a_file: Path, tmp_path: Path, args: list[str]
) -> None:
    result = cli(*(arg.format(good=inputs["good"], file=a_file, tmp=tmp_path) for arg in args))
    assert_one_line_exit_2(result)
    assert a_file.read_text(encoding="utf-8") == "in the way"


def test_the_message_for_an_unwritable_output_says_why(cli: Cli, inputs: dict[str, Path], a_file: Path) -> None:
    assert (
        cli("split", str(inputs["good"]), str(a_file)).stderr
        == f"kepu-plan split：错误：{a_file}：是文件，不是文件夹\n"
    )
    missing = a_file.parent / "no-folder" / "out.xlsx"
    result = cli("convert", str(inputs["good"]), str(missing))
    assert result.stderr == f"kepu-plan convert：错误：{missing}：无法写入：文件夹 {missing.parent} 不存在\n"
    result = cli("convert", str(inputs["good"]), str(a_file.parent))
    assert "是文件夹，不是文件：请给出输出文件的名称" in result.stderr


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only folders")
@pytest.mark.parametrize("command", ["split", "demo"])
def test_a_read_only_parent_folder_is_one_line(cli: Cli, inputs: dict[str, Path], tmp_path: Path, command: str) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        args = (
            [command, str(inputs["good"]), str(locked / "new")]
            if command == "split"
            else [command, str(locked / "new")]
        )
        assert_one_line_exit_2(cli(*args))
    finally:
        locked.chmod(0o755)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        ["show", "{good}"],
        ["show", "{good}", "--json"],
        ["targets", "{good}"],
        ["units", "{good}", "--unit", "市科协"],
        ["convert", "{good}", "-"],
        ["diff", "{good}", "{good}"],
        ["check", "{good}"],
        ["adapt", "{good}", "-", "--region", "府谷县"],
        ["demo", "{tmp}/demo"],
        ["split", "{good}", "{tmp}/split"],
        ["forms", "{good}", "{tmp}/forms", "--period", "2024年"],
    ],
    ids=lambda args: " ".join(args),
)
def test_a_full_standard_output_is_one_line(inputs: dict[str, Path], tmp_path: Path, args: list[str]) -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        result = subprocess.run(
            [sys.executable, "-m", "kepu_plan", *(arg.format(good=inputs["good"], tmp=tmp_path) for arg in args)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            timeout=300,
            check=False,
        )
    assert_one_line_exit_2(result)
    assert "标准输出" in result.stderr


# --- the reading options ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ("9" * 5000 + "=content", "不是列号"),
        ("²=content", "不是列号"),
        ("0=content", "不是列号"),
        ("abc", "需要“表头=角色”"),
        ("工作举措=bogus", "未知的角色 'bogus'"),
        ("=content", "需要“表头=角色”"),
    ],
    ids=["5000 digits", "superscript two", "zero", "no role", "unknown role", "no header"],
)
def test_a_bad_columns_option_is_a_usage_error(cli: Cli, inputs: dict[str, Path], columns: str, message: str) -> None:
    docx = inputs["good"].with_suffix(".docx")
    kp.write(kp.examples.shenmu(), docx)
    result = cli("check", str(docx), "--columns", columns)
    assert_one_line_exit_2(result)
    assert message in result.stderr
    assert len(result.stderr) < 300


@pytest.mark.parametrize("option", [["--columns", "主要内容=content"], ["--sheet", "Sheet1"]])
def test_reading_options_on_a_json_plan_are_a_usage_error(cli: Cli, inputs: dict[str, Path], option: list[str]) -> None:
    result = cli("check", str(inputs["good"]), *option)
    assert_one_line_exit_2(result)
    assert f"{option[0]} 不适用于 JSON 文件" in result.stderr
    stdin = cli("show", "-", *option, stdin=inputs["good"].read_bytes())
    assert_one_line_exit_2(stdin)


def test_sheet_on_a_docx_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    docx = tmp_path / "plan.docx"
    kp.write(kp.examples.shenmu(), docx)
    result = cli("show", str(docx), "--sheet", "Sheet1")
    assert_one_line_exit_2(result)
    assert "--sheet 不适用于 DOCX 文件" in result.stderr


def test_usage_errors_exit_2_not_1(cli: Cli, inputs: dict[str, Path]) -> None:
    for args in (["check", str(inputs["good"]), "--columns", "abc"], ["convert"], ["show", "--bogus"]):
        result = cli(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr


# --- the unit directory -------------------------------------------------------------------------------------


def test_a_directory_with_a_huge_csv_field_is_one_line(cli: Cli, tmp_path: Path) -> None:
    directory = tmp_path / "units.csv"
    directory.write_text('name,full_name\n市科协,"' + "科" * 140_000 + '"\n', encoding="utf-8")
    result = cli("units", "--directory", str(directory))
    assert_one_line_exit_2(result)
    assert str(directory) in result.stderr


def test_a_deeply_nested_json_directory_is_one_line(cli: Cli, tmp_path: Path) -> None:
    directory = tmp_path / "units.json"
    directory.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = cli("units", "--directory", str(directory))
    assert_one_line_exit_2(result)
    assert str(directory) in result.stderr


# --- messages ----------------------------------------------------------------------------------------------


def test_an_unrecognised_header_hint_names_the_columns_option(cli: Cli, tmp_path: Path) -> None:
    plan = Plan(
        title="表",
        actions=[
            Action(name="科普行动", tasks=[Task(name="任务", duties=[Duty(content="开展活动", units=["市科协"])])])
        ],
    )
    path = tmp_path / "plan.xlsx"
    kp.write(plan, path)
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.active
    assert sheet is not None
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == "主要内容":
                cell.value = "工作举措"
    book.save(path)
    result = cli("show", str(path))
    assert_one_line_exit_2(result)
    assert "（用 --columns 指定各列，如 --columns 工作举措=content,责任科室=units）" in result.stderr
    assert "columns={" not in result.stderr
    assert "known headers" not in result.stderr  # ~500 characters of every header: docs/formats.md lists them
    assert len(result.stderr) < 400
    assert cli("show", str(path), "--columns", "工作举措=content").returncode == 0


def test_a_message_with_a_line_break_stays_on_one_line(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "第一行\n第二行.json"
    result = cli("show", str(path))
    assert_one_line_exit_2(result)
    assert "第一行⏎第二行" in result.stderr


@pytest.mark.parametrize("command", ["split", "demo", "convert"])
def test_a_folder_the_process_may_not_make_is_one_line(
    inputs: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    # As root a read-only folder does not stop mkdir: the refusal is simulated where it happens.
    from kepu_plan.cli import main

    def refused(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refused)
    target = tmp_path / "ro" / "new"
    args = {
        "split": ["split", str(inputs["good"]), str(target)],
        "demo": ["demo", str(target)],
        "convert": ["convert", str(inputs["good"]), "--to", "xlsx", "--out-dir", str(target)],
    }[command]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err == f"kepu-plan {command}：错误：{target}：无法创建文件夹：Permission denied\n"


def test_a_reader_that_stops_reading_is_no_error(inputs: dict[str, Path]) -> None:
    # `kepu-plan targets --json | true`: the pipe closes before anything is written; the reader's choice.
    process = subprocess.Popen(
        [sys.executable, "-m", "kepu_plan", "targets", str(inputs["good"]), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()
    error = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=300) == 0
    assert error == b""
