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
from kepu_plan.cli._common import display_width

if TYPE_CHECKING:
    from conftest import Cli


def test_demo_writes_every_format_and_checks_each_reads_back(cli: Cli, tmp_path: Path) -> None:
    result = cli("demo", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "10 项行动/工程（actions），40 项任务（tasks），112 条内容（duties），33 个单位（units）" in result.stdout
    assert "shenmu.json" in result.stdout
    assert "DIFFERS" not in result.stdout
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


def test_convert_one_file_and_many(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "a.json"
    kp.write(kp.examples.shenmu(), source)
    assert cli("convert", str(source), str(tmp_path / "b.json")).returncode == 0
    assert kp.read(tmp_path / "b.json") == kp.examples.shenmu()
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    result = cli("convert", str(source), str(bad), "--to", "json", "--out-dir", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "bad.json: line 1, column 2: not valid JSON" in result.stderr
    assert "1 of 2 file(s) failed" in result.stderr
    assert kp.read(tmp_path / "out" / "a.json") == kp.examples.shenmu()


def test_convert_writes_to_standard_output(cli: Cli) -> None:
    result = cli("convert", "-", "-", stdin=kp.to_json(kp.examples.shenmu()).encode("utf-8"))
    assert result.returncode == 0
    assert kp.from_json(result.stdout) == kp.examples.shenmu()


def test_a_bad_file_prints_one_line_and_no_traceback(cli: Cli, tmp_path: Path) -> None:
    result = cli("show", str(tmp_path / "missing.json"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"kepu-plan show: error: {tmp_path / 'missing.json'}: no such file"]
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(cli: Cli, tmp_path: Path) -> None:
    result = cli("--debug", "show", str(tmp_path / "missing.json"))
    assert result.returncode == 2
    assert "Traceback" in result.stderr


def test_an_unknown_suffix_is_a_clear_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("show", str(tmp_path / "plan.csv"))
    assert result.returncode == 2
    assert ".csv is not a format kepu_plan reads or writes" in result.stderr


def test_a_usage_error_exits_2(cli: Cli) -> None:
    result = cli("convert")
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_every_command_help_has_an_example() -> None:
    from kepu_plan.cli import build_parser

    parser = build_parser()
    subparsers = next(action for action in parser._actions if action.dest == "command")
    for name, sub in subparsers.choices.items():  # type: ignore[attr-defined]
        assert "示例" in sub.format_help(), name


def test_the_console_script_is_installed() -> None:
    import shutil

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
    assert b"[" + b"#" * 30 + b"]" in shown
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["plan0.xlsx", "plan1.xlsx", "plan2.xlsx"]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_convert_flag_reads_an_old_word_file_through_libreoffice(cli: Cli, tmp_path: Path) -> None:
    docx = tmp_path / "shenmu.docx"
    kp.write(kp.examples.shenmu(), docx)
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(docx)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    refused = cli("show", str(tmp_path / "shenmu.doc"))
    assert refused.returncode == 2
    assert "old Word 97–2003 document (.doc)" in refused.stderr
    shown = cli("--convert", "show", str(tmp_path / "shenmu.doc"), "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["duties"] == 112
