"""``kepu-plan adapt``: adapt a plan from the shell and print the report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import kepu_plan as kp
from kepu_plan.adapt import adapt
from kepu_plan.cli import main

if TYPE_CHECKING:
    from _support import Cli


def test_adapt_writes_the_adapted_plan_and_prints_the_report(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "神木市.json"
    kp.write(kp.examples.shenmu(), source)
    result = cli("adapt", str(source), str(tmp_path / "府谷县.docx"), "--region", "府谷县", "--from", "神木市")
    assert result.returncode == 0, result.stderr
    expected = adapt(kp.examples.shenmu(), region="府谷县", from_region="神木市")
    assert result.stdout == str(expected) + "\n"
    assert kp.read(tmp_path / "府谷县.docx") == expected.plan


def test_adapt_reads_the_region_from_the_title_when_from_is_not_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.json"
    kp.write(kp.examples.shenmu(), source)
    assert main(["adapt", str(source), str(tmp_path / "out.json"), "--region", "府谷县", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["from_region"] == "神木市"
    assert report["unit_renames"]["市委组织部"] == "县委组织部"
    assert kp.read(tmp_path / "out.json").title.startswith("府谷县贯彻")


def test_adapt_to_standard_output_puts_the_report_on_standard_error(cli: Cli) -> None:
    result = cli("adapt", "-", "-", "--region", "府谷县", stdin=kp.to_json(kp.examples.shenmu()))
    assert result.returncode == 0, result.stderr
    assert kp.from_json(result.stdout).title.startswith("府谷县")
    assert result.stderr.startswith("从 神木市 改编为 府谷县：")


def test_adapt_with_explicit_prefixes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.json"
    kp.write(kp.examples.shenmu(), source)
    args = ["adapt", str(source), str(tmp_path / "out.json"), "--region", "榆阳区", "--prefix", "市", "区"]
    assert main(args) == 0
    plan = kp.read(tmp_path / "out.json")
    assert "区教体局" in {unit.name for unit in plan.units}
    assert "单位改名（30 个）" in capsys.readouterr().out


def test_adapt_without_a_region_in_the_title_asks_for_from(cli: Cli, tmp_path: Path) -> None:
    plan = kp.examples.shenmu()
    source = tmp_path / "in.json"
    kp.write(type(plan)(title="分工表", actions=plan.actions), source)
    result = cli("adapt", str(source), str(tmp_path / "out.json"), "--region", "府谷县")
    assert result.returncode == 2
    assert result.stderr == "kepu-plan adapt：错误：无法从标题读出原表的地名；请给出 --from\n"
    assert not (tmp_path / "out.json").exists()


def test_adapt_help_has_an_example(cli: Cli) -> None:
    result = cli("adapt", "--help")
    assert result.returncode == 0
    assert "示例：kepu-plan adapt 神木市分工表.docx 府谷县分工表.docx --region 府谷县 > 改编报告.txt" in result.stdout
