"""A ledger written as XLSX or JSON reads back as the same ledger; broken files fail with their place."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kepu_plan.errors import ReadError, UnsupportedFormat
from kepu_plan.tracking import Actual, Ledger, LedgerDuty, PlannedTarget, Report, Status, read_ledger, write_ledger
from kepu_plan.tracking.ledger_json import ledger_from_json, ledger_to_json
from kepu_plan.tracking.ledger_xlsx import read_ledger_xlsx, write_ledger_xlsx

_settings = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(data=st.data())
def test_any_ledger_reads_back_equal_from_xlsx(data: Any, any_ledger: Any) -> None:
    ledger = data.draw(any_ledger)
    stream = io.BytesIO()
    write_ledger_xlsx(ledger, stream)
    stream.seek(0)
    assert read_ledger_xlsx(stream) == ledger


@_settings
@given(data=st.data())
def test_any_ledger_reads_back_equal_from_json(data: Any, any_ledger: Any) -> None:
    ledger = data.draw(any_ledger)
    assert ledger_from_json(ledger_to_json(ledger)) == ledger


@pytest.mark.usefixtures("chinese")
def test_ledger_files_are_chosen_by_suffix(tmp_path: Path) -> None:
    ledger = Ledger(plan="分工表", fingerprint="0" * 16, period="2024年", units=["市科协"], duties=[])
    for name in ("台账.xlsx", "台账.json"):
        write_ledger(ledger, tmp_path / name)
        assert read_ledger(tmp_path / name) == ledger
    with pytest.raises(UnsupportedFormat, match=r"台账\.csv：台账须为 \.xlsx 或 \.json 文件，不能是 \.csv"):
        write_ledger(ledger, tmp_path / "台账.csv")
    with pytest.raises(UnsupportedFormat, match=r"台账：台账须为 \.xlsx 或 \.json 文件，不能没有扩展名"):
        read_ledger(tmp_path / "台账")
    assert not (tmp_path / "台账.csv").exists()


@pytest.mark.usefixtures("english")
def test_a_ledger_file_of_another_suffix_is_refused_in_english_too(tmp_path: Path) -> None:
    ledger = Ledger(plan="分工表", fingerprint="0" * 16, period="2024年", units=["市科协"], duties=[])
    with pytest.raises(UnsupportedFormat, match=r"台账\.csv: a ledger is an \.xlsx or a \.json file, not \.csv"):
        write_ledger(ledger, tmp_path / "台账.csv")
    with pytest.raises(UnsupportedFormat, match=r"台账: a ledger is an \.xlsx or a \.json file, not a file without"):
        write_ledger(ledger, tmp_path / "台账")


@pytest.mark.usefixtures("english")  # matches the English words
def test_a_json_ledger_with_a_value_of_the_wrong_type_fails_naming_its_path() -> None:
    ledger = Ledger(
        plan="分工表",
        fingerprint="0" * 16,
        period="2024年",
        units=["市科协"],
        duties=[LedgerDuty(number=1, key="k", action="甲行动", task="任务", content="内容", units=["市科协"])],
    )
    data = json.loads(ledger_to_json(ledger))
    data["duties"][0]["units"] = [3]
    with pytest.raises(ReadError) as caught:
        ledger_from_json(json.dumps(data), file="台账.json")
    assert str(caught.value) == "台账.json: $.duties[0].units[0]: expected str, not int"


def test_a_workbook_that_is_no_ledger_fails_naming_the_file(tmp_path: Path) -> None:
    from openpyxl import Workbook

    Workbook().save(tmp_path / "book.xlsx")
    with pytest.raises(ReadError) as caught:
        read_ledger(tmp_path / "book.xlsx")
    assert caught.value.reason == "not a ledger written by kepu-plan (its hidden data sheet is missing)"
    assert str(caught.value) == f"{tmp_path / 'book.xlsx'}：不是 kepu-plan 生成的台账（缺少隐藏的数据工作表）"


def test_a_figure_keeps_its_exact_value_through_both_forms() -> None:
    actual = Actual(target="覆盖率", planned=Decimal("13.5"), measure="%", value=Decimal("13.75"))
    duty = LedgerDuty(
        number=1,
        key="k",
        action="甲行动",
        task="任务",
        content="覆盖率13.5%",
        units=["市科协"],
        targets=[PlannedTarget(text="覆盖率13.5%", quantity=Decimal("13.5"), measure="%")],
        reports=[Report(unit="市科协", status=Status.DONE, actuals=[actual])],
    )
    ledger = Ledger(plan="", fingerprint="f" * 16, period="2024年", units=["市科协"], duties=[duty])
    stream = io.BytesIO()
    write_ledger_xlsx(ledger, stream)
    stream.seek(0)
    back: Any = read_ledger_xlsx(stream)
    assert back.duties[0].reports[0].actuals[0].value == Decimal("13.75")
    assert ledger_from_json(ledger_to_json(ledger)) == ledger == back


@pytest.mark.libreoffice
def test_a_ledger_resaved_by_libreoffice_reads_back_equal(
    tmp_path: Path, shenmu_ledger: Any, libreoffice_resave: Any
) -> None:
    ledger = shenmu_ledger()
    write_ledger(ledger, tmp_path / "台账.xlsx")
    resaved = libreoffice_resave(tmp_path / "台账.xlsx", tmp_path / "libreoffice")
    assert read_ledger(resaved) == ledger
