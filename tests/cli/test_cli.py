"""The command line, run through its real entry point."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import kepu_plan as kp
from _support import convert_with_libreoffice, needs_libreoffice
from kepu_plan.cli._common import display_width

if TYPE_CHECKING:
    from _support import Cli


def test_demo_writes_every_format_and_checks_each_reads_back(cli: Cli, tmp_path: Path) -> None:
    result = cli("demo", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "10 项行动/工程，40 项任务，112 条内容，33 个单位" in result.stdout
    assert "shenmu.json" in result.stdout
    assert result.stdout.count("读回一致") == 3
    assert "不一致" not in result.stdout
    assert kp.read(tmp_path / "out" / "shenmu.json") == kp.examples.shenmu()


def test_show_prints_an_aligned_overview_of_the_embedded_plan(cli: Cli) -> None:
    result = cli("show")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "附件"
    assert lines[2] == "10 项行动/工程，40 项任务，112 条内容，33 个单位"
    rows = [line for line in lines[4:] if line][2:]
    assert rows[0].startswith("1     青少年科学素质提升行动")
    plan = kp.examples.shenmu()
    name_columns = {display_width(row[: row.index(a.name)]) for row, a in zip(rows, plan.actions, strict=True)}
    kind_columns = {
        display_width(row[: row.index(a.kind.value, row.index(a.name) + len(a.name))])
        for row, a in zip(rows, plan.actions, strict=True)
    }
    assert len(name_columns) == 1
    assert len(kind_columns) == 1


def test_show_json_gives_machine_output(cli: Cli, tmp_path: Path) -> None:
    result = cli("show", "--json")
    data = json.loads(result.stdout)
    assert (data["actions"], data["tasks"], data["duties"], data["units"]) == (10, 40, 112, 33)


def test_show_reads_standard_input(cli: Cli) -> None:
    result = cli("show", "-", "--json", stdin=kp.to_json(kp.examples.shenmu()).encode("utf-8"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["duties"] == 112


def test_convert_one_file_and_many(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "a.json"
    kp.write(kp.examples.shenmu(), source)
    assert cli("convert", str(source), str(tmp_path / "b.json")).returncode == 0
    assert kp.read(tmp_path / "b.json") == kp.examples.shenmu()
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    many = ("convert", str(source), str(bad), "--to", "json", "--out-dir", str(tmp_path / "out"))
    result = cli(*many)
    assert result.returncode == 2
    assert "bad.json" in result.stderr
    assert "不是有效的 JSON：" in result.stderr
    assert "kepu-plan convert：2 个文件中有 1 个失败" in result.stderr
    assert kp.read(tmp_path / "out" / "a.json") == kp.examples.shenmu()
    monkeypatch.setenv("LC_MESSAGES", "en_US.UTF-8")
    result = cli(*many)
    assert result.returncode == 2
    assert "bad.json: line 1, column 2: not valid JSON" in result.stderr
    assert "kepu-plan convert: 1 of 2 files failed" in result.stderr


def test_convert_writes_to_standard_output(cli: Cli) -> None:
    result = cli("convert", "-", "-", stdin=kp.to_json(kp.examples.shenmu()).encode("utf-8"))
    assert result.returncode == 0
    assert kp.from_json(result.stdout) == kp.examples.shenmu()


def test_a_bad_file_prints_one_line_and_no_traceback(cli: Cli, tmp_path: Path) -> None:
    result = cli("show", str(tmp_path / "missing.json"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"kepu-plan show：错误：{tmp_path / 'missing.json'}：没有这个文件"]
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(cli: Cli, tmp_path: Path) -> None:
    result = cli("--debug", "show", str(tmp_path / "missing.json"))
    assert result.returncode == 2
    assert "Traceback" in result.stderr


@pytest.mark.usefixtures("english")  # matches the English words
def test_an_unknown_suffix_is_a_clear_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("show", str(tmp_path / "plan.csv"))
    assert result.returncode == 2
    assert ".csv is not a format kepu_plan reads or writes" in result.stderr


def test_an_unknown_suffix_is_said_in_chinese_by_default(cli: Cli, tmp_path: Path) -> None:
    result = cli("show", str(tmp_path / "plan.txt"))
    assert result.returncode == 2
    assert (
        "plan.txt：.txt 不是 kepu_plan 能读写的格式；可用的格式有 json (.json), docx (.docx), xlsx (.xlsx .xlsm)；"
        "只能读取：pdf (.pdf)" in result.stderr
    )


def test_a_usage_error_exits_2(cli: Cli) -> None:
    result = cli("convert")
    assert result.returncode == 2
    assert "用法：" in result.stderr


def test_every_command_help_has_an_example() -> None:
    from kepu_plan.cli import build_parser

    parser = build_parser()
    subparsers = next(action for action in parser._actions if action.dest == "command")
    assert isinstance(subparsers.choices, dict)
    for name, sub in subparsers.choices.items():
        assert "示例" in sub.format_help(), name


def test_the_console_script_is_installed() -> None:

    script = shutil.which("kepu-plan") or str(Path(sys.executable).parent / "kepu-plan")
    result = subprocess.run([script, "--version"], capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0
    assert result.stdout.strip() == f"kepu-plan {kp.__version__}"


def test_convert_shows_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    import os
    import pty

    sources = []
    for i in range(3):
        source = tmp_path / f"plan{i}.json"
        kp.write(kp.examples.shenmu(), source)
        sources.append(str(source))
    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "kepu_plan.cli",
                "convert",
                *sources,
                "--to",
                "xlsx",
                "--out-dir",
                str(tmp_path / "out"),
            ],
            stdout=subprocess.PIPE,
            stderr=follower,
            timeout=300,
            check=False,
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert result.returncode == 0
    assert b"3/3" in shown
    assert "转换中".encode() in shown
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["plan0.xlsx", "plan1.xlsx", "plan2.xlsx"]


@pytest.mark.libreoffice
@needs_libreoffice
@pytest.mark.usefixtures("english")  # matches the English words
def test_convert_flag_reads_an_old_word_file_through_libreoffice(cli: Cli, tmp_path: Path) -> None:
    docx = tmp_path / "shenmu.docx"
    kp.write(kp.examples.shenmu(), docx)
    doc = convert_with_libreoffice(docx, "doc", tmp_path, timeout=180)
    refused = cli("show", str(doc))
    assert refused.returncode == 2
    assert "old Word 97–2003 document (.doc)" in refused.stderr
    shown = cli("--convert", "show", str(doc), "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["duties"] == 112


def test_python_m_kepu_plan_works_like_kepu_plan() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kepu_plan", "show", "--json"], capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["duties"] == 112


def test_help_loads_no_reader_or_writer() -> None:
    code = (
        "import sys\n"
        "from kepu_plan.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "for name in ('show', 'convert', 'split', 'units', 'diff', 'forms', 'collect', 'report'):\n"
        "    try:\n"
        "        main([name, '--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = ('openpyxl', 'lxml', 'docx', 'cattrs', 'rich', 'kepu_plan.formats.json', 'kepu_plan._io',\n"
        "         'kepu_plan.tracking')\n"
        "print(sorted(name for name in heavy if name in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "[]"


def test_help_is_in_english_under_an_english_locale(cli: Cli, english: None) -> None:
    result = cli("--help")
    assert result.stdout.startswith("usage: kepu-plan")
    assert "print an overview of a plan" in result.stdout
    assert "打印" not in result.stdout


def test_every_reading_command_takes_the_reading_options() -> None:
    from kepu_plan.cli import build_parser

    parser = build_parser()
    subparsers = next(action for action in parser._actions if action.dest == "command")
    for name in ("show", "convert", "check", "targets", "units", "split", "adapt", "diff"):
        sub = subparsers.choices[name]  # type: ignore[index]
        options = {option for action in sub._actions for option in action.option_strings}
        assert {"--format", "--columns", "--sheet", "--convert"} <= options, name


def test_convert_refuses_two_inputs_that_would_write_the_same_file(cli: Cli, tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        kp.write(kp.examples.shenmu(), tmp_path / folder / "分工表.json")
    result = cli(
        "convert", str(tmp_path / "a" / "分工表.json"), str(tmp_path / "b" / "分工表.json"), "--to", "xlsx",
        "--out-dir", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.returncode == 2
    assert "会写到同一个文件" in result.stderr
    assert not (tmp_path / "out").exists()


def test_convert_reads_with_the_reading_options(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "plan.json"
    kp.write(kp.examples.shenmu(), source)
    docx = tmp_path / "plan.docx"
    assert cli("convert", str(source), str(docx)).returncode == 0
    result = cli("convert", str(docx), "-", "--columns", "主要内容=content", "--format", "docx")
    assert result.returncode == 0, result.stderr
    assert kp.from_json(result.stdout) == kp.examples.shenmu()


def test_split_format_is_the_old_spelling_of_to_with_a_warning(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "plan.json"
    kp.write(kp.examples.shenmu(), source)
    result = cli("split", str(source), str(tmp_path / "old"), "--format", "xlsx")
    assert result.returncode == 0, result.stderr
    assert "警告：--format 现在指输入的格式；写出的文件格式请用 --to xlsx" in result.stderr
    assert (tmp_path / "old" / "市科协.xlsx").exists()
    result = cli("split", str(source), str(tmp_path / "new"), "--to", "xlsx", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert (tmp_path / "new" / "市科协.xlsx").exists()


def test_a_long_table_wraps_to_the_terminal_and_wide_prints_it_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from kepu_plan.cli._common import OUTPUT, print_table

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("COLUMNS", "60")
    rows = [(1, "市科协", "组织开展全国科普日、科技活动周、全国科技工作者日等重大示范活动" * 2)]
    out = Terminal()
    print_table(("序号", "单位", "内容"), rows, file=out)
    lines = out.getvalue().splitlines()
    assert max(display_width(line) for line in lines) <= 60
    assert len(lines) > 3
    assert "".join(line.split("市科协")[-1].strip() for line in lines[2:]).replace(" ", "").startswith("组织开展")
    monkeypatch.setitem(OUTPUT, "wide", True)
    out = Terminal()
    print_table(("序号", "单位", "内容"), rows, file=out)
    assert len(out.getvalue().splitlines()) == 3
    piped = io.StringIO()
    monkeypatch.setitem(OUTPUT, "wide", False)
    print_table(("序号", "单位", "内容"), rows, file=piped)
    assert len(piped.getvalue().splitlines()) == 3  # a pipe gets one row a line


def test_a_foreign_file_hint_names_the_convert_flag(cli: Cli, tmp_path: Path) -> None:
    old = tmp_path / "分工表.doc"
    old.write_bytes(b"{\\rtf1\\ansi \\'b7\\'d6\\'b9\\'a4}")
    result = cli("show", str(old))
    assert result.returncode == 2
    assert "（加 --convert 用 LibreOffice 转换，或在 WPS 中另存为 .docx）" in result.stderr
    assert "kp.read" not in result.stderr
    assert "convert=True" not in result.stderr
