"""Report forms: a unit's duties read-only, cells to fill open, protected, printable, identifiable."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from kepu_plan import examples
from kepu_plan.errors import OptionError, UnitNotFound, WriteError
from kepu_plan.model import Action, Duty, Plan, Task, Unit
from kepu_plan.tracking import fingerprint, form_duties, form_file_name, write_form, write_forms
from kepu_plan.tracking.forms import FORM_SHEET, HEADER_ROW


def _open(plan: Plan, unit: str) -> Any:
    stream = io.BytesIO()
    write_form(plan, unit, stream, period="2024年")
    stream.seek(0)
    return load_workbook(stream)


def test_a_form_lists_the_units_duties_with_its_role_and_the_other_units() -> None:
    plan = examples.shenmu()
    sheet = _open(plan, "市科协")[FORM_SHEET]
    header = [cell.value for cell in sheet[HEADER_ROW]]
    assert header[:9] == [
        "序号",
        "行动",
        "任务",
        "主要内容",
        "本单位",
        "其他负责单位",
        "完成情况",
        "进展情况",
        "佐证材料",
    ]
    assert header[9:12] == ["指标1", "计划值1", "完成值1"]
    assert header[-1] == "内容编号"
    duties = form_duties(plan, "市科协")
    rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert len(rows) == len(duties) == 68
    first = rows[0]
    assert first[:6] == (1, duties[0].action.name, duties[0].task.name, duties[0].duty.content, "负责", "市教体局")
    assert first[-1] == duties[0].key
    assert sheet["A1"].value == "2024年任务进展报送表（市科协）"
    assert "报送单位：市科协" in sheet["A2"].value


def test_plan_texts_are_locked_and_the_cells_to_fill_are_not_under_a_passwordless_protection() -> None:
    sheet = _open(examples.shenmu(), "市科协")[FORM_SHEET]
    protection = sheet.protection
    assert protection.sheet
    assert not protection.password
    assert (protection.sort, protection.autoFilter) == (False, False)
    columns = {cell.value: cell.column for cell in sheet[HEADER_ROW]}
    row = HEADER_ROW + 1
    for header in ("完成情况", "进展情况", "佐证材料"):
        assert not sheet.cell(row=row, column=columns[header]).protection.locked
    for header in ("行动", "任务", "主要内容", "本单位", "其他负责单位", "内容编号"):
        assert sheet.cell(row=row, column=columns[header]).protection.locked
    targeted = next(r for r in range(row, sheet.max_row + 1) if sheet.cell(row=r, column=columns["指标1"]).value)
    assert not sheet.cell(row=targeted, column=columns["完成值1"]).protection.locked
    assert sheet.cell(row=targeted, column=columns["计划值1"]).protection.locked


def test_the_status_has_a_drop_down_and_the_print_is_landscape_fitted_with_the_header_repeated() -> None:
    workbook = _open(examples.shenmu(), "市科协")
    sheet = workbook[FORM_SHEET]
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"已完成,推进中,未启动,滞后"'
    assert str(validation.sqref) == f"G{HEADER_ROW + 1}:G{HEADER_ROW + 68}"
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    key_column = sheet.cell(row=HEADER_ROW, column=sheet.max_column).column_letter
    assert sheet.column_dimensions[key_column].hidden


def test_the_hidden_sheet_names_the_plan_period_and_unit() -> None:
    plan = examples.shenmu()
    workbook = _open(plan, "市气象局")
    data = workbook["_kepu"]
    assert data.sheet_state == "hidden"
    values = {row[0]: row[1] for row in data.iter_rows(values_only=True)}
    assert values["fingerprint"] == fingerprint(plan)
    assert (values["period"], values["unit"], values["kind"]) == ("2024年", "市气象局", "form")


def test_texts_that_look_like_formulas_stay_texts() -> None:
    plan = Plan(
        title="",
        actions=[Action(name="甲行动", tasks=[Task(name="=SUM(1,2)", duties=[Duty(content="#N/A", units=["甲"])])])],
    )
    row = next(_open(plan, "甲")[FORM_SHEET].iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert row[2:4] == ("=SUM(1,2)", "#N/A")


def test_write_forms_writes_one_file_per_unit_named_after_it(tmp_path: Path) -> None:
    paths = write_forms(examples.shenmu(), tmp_path / "报送表", period="2024年")
    assert len(paths) == 33
    assert paths["市科协"] == tmp_path / "报送表" / "市科协.xlsx"
    assert sorted(path.name for path in (tmp_path / "报送表").iterdir()) == sorted(p.name for p in paths.values())
    assert form_file_name("A/B:C") == "A_B_C.xlsx"


def test_two_long_unit_names_sharing_a_prefix_get_two_forms_whose_names_fit(tmp_path: Path) -> None:
    first, second = "长" * 70 + "甲", "长" * 70 + "乙"
    duties = [Duty(content="开展科普活动", units=[first]), Duty(content="组织科普培训", units=[second])]
    plan = Plan(title="", actions=[Action(name="甲行动", tasks=[Task(name="任务", duties=duties)])])
    paths = write_forms(plan, tmp_path, period="2024年")
    assert paths[first] != paths[second]
    assert paths[second].name.endswith("_2.xlsx")
    assert all(len(path.name.encode("utf-8")) <= 200 for path in paths.values())
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(path.name for path in paths.values())


def _led_but_dutiless() -> Plan:
    """A plan whose action is led by 市教体局, which is given none of its duties."""
    duties = [Duty(content="开展科普活动", units=["市科协"])]
    return Plan(title="", actions=[Action(name="甲行动", leads=["市教体局"], tasks=[Task(name="任务", duties=duties)])])


def test_a_unit_the_plan_does_not_name_is_a_failed_lookup_and_nothing_is_written(tmp_path: Path) -> None:
    target = tmp_path / "县科协.xlsx"
    with pytest.raises(UnitNotFound) as caught:
        write_form(examples.shenmu(), "县科协", target, period="2024年")
    assert isinstance(caught.value, LookupError)
    assert (str(caught.value), caught.value.code) == ("本分工表中没有名为 县科协 的单位", "unit-not-found")
    assert not target.exists()


def test_a_unit_the_plan_names_but_gives_no_duty_is_a_failed_lookup_too(tmp_path: Path) -> None:
    plan = _led_but_dutiless()
    target = tmp_path / "市教体局.xlsx"
    with pytest.raises(UnitNotFound) as caught:
        write_form(plan, Unit(name="市教体局"), target, period="2024年")
    assert str(caught.value) == "“市教体局”在本分工表中没有负责任何内容，其报送表将为空"
    assert not target.exists()
    assert list(write_forms(plan, tmp_path / "forms", period="2024年")) == ["市科协"]  # no form for it either


@pytest.mark.usefixtures("english")
def test_a_unit_without_duties_is_named_in_english_under_an_english_locale() -> None:
    with pytest.raises(UnitNotFound, match=r"^no unit named 县科协 in this plan$"):
        write_form(examples.shenmu(), "县科协", io.BytesIO(), period="2024年")
    with pytest.raises(
        UnitNotFound, match=r"^'市教体局' is responsible for no duty in this plan, so its form would be empty$"
    ):
        write_form(_led_but_dutiless(), "市教体局", io.BytesIO(), period="2024年")


def test_a_period_on_two_lines_is_refused() -> None:
    with pytest.raises(OptionError) as caught:
        write_form(examples.shenmu(), "市科协", io.BytesIO(), period="2024年\n上半年")
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == "报送周期应是一行文字，前后不带空格，而不是 '2024年\\n上半年'"


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("period", ["", " 2024年", "2024年 ", "2024年\n上半年"])
def test_a_period_that_is_not_one_line_of_text_is_an_option_error_for_every_writer(period: str, tmp_path: Path) -> None:
    message = f"the period must be one line of text without surrounding spaces, not {period!r}"
    with pytest.raises(OptionError) as caught:
        write_form(examples.shenmu(), "市科协", io.BytesIO(), period=period)
    assert (str(caught.value), caught.value.code) == (message, "option")
    with pytest.raises(OptionError, match=re.escape(message)):
        write_forms(examples.shenmu(), tmp_path / "forms", period=period)
    assert not (tmp_path / "forms").exists()


def test_a_folder_that_cannot_be_made_is_a_write_error_naming_it(tmp_path: Path) -> None:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("x", encoding="utf-8")
    with pytest.raises(WriteError) as caught:
        write_forms(examples.shenmu(), in_the_way / "报送表", period="2024年")
    assert str(caught.value) == f"{in_the_way / '报送表'}：无法创建文件夹：路径中有一个同名文件"
    assert in_the_way.read_text(encoding="utf-8") == "x"
