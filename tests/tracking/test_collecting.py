"""Collecting returned forms: figures read, problems found, and any answers coming back as written."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from kepu_plan import examples
from kepu_plan._i18n import render
from kepu_plan.model import Plan
from kepu_plan.testing import plans, texts
from kepu_plan.tracking import (
    Actual,
    Report,
    Severity,
    Status,
    collect,
    form_duties,
    form_units,
    read_figure,
    write_form,
)
from kepu_plan.tracking.collecting import FormSource
from kepu_plan.tracking.model import STATUSES


@pytest.mark.parametrize(
    ("text", "value", "code"),
    [
        ("62", 62, None),
        ("１３.５", Decimal("13.5"), None),
        ("3,000", 3000, None),
        ("  62 ", 62, None),
        ("约60", 60, "approximate-figure"),
        ("60余", 60, "approximate-figure"),
        ("1000人以上", 1000, "approximate-figure"),
        ("六十", 60, "figure-in-words"),
        ("两万", 20000, "figure-in-words"),
        ("60名", 60, "figure-with-measure"),
        ("见附件", None, "not-a-number"),
        ("十四五", None, "not-a-number"),
        ("60，70", None, "not-a-number"),
        ("", None, None),
    ],
)
def test_a_figure_is_read_and_any_other_notation_reported(text: str, value: object, code: str | None) -> None:
    assert read_figure(text) == (value, code)


def _form(plan: Plan, unit: str, period: str = "2024年") -> bytes:
    stream = io.BytesIO()
    write_form(plan, unit, stream, period=period)
    return stream.getvalue()


def test_forms_of_another_plan_or_period_and_files_that_are_no_forms_are_skipped_and_reported(
    tmp_path: Path, form: Any
) -> None:
    plan = examples.shenmu()
    other = plan.rename_units({"市科协": "县科协"})
    (tmp_path / "other-plan.xlsx").write_bytes(_form(other, "县科协"))
    (tmp_path / "other-period.xlsx").write_bytes(_form(plan, "市科协", "2023年"))
    (tmp_path / "plain.xlsx").write_bytes(_workbook())
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "right.xlsx").write_bytes(_form(plan, "市气象局"))
    names = ["right.xlsx", "other-plan.xlsx", "other-period.xlsx", "plain.xlsx", "broken.xlsx"]
    result = collect(plan, [tmp_path / name for name in names])
    skipped = [(p.code, Path(p.file or "").name, p.severity) for p in result.problems if p.severity is Severity.ERROR]
    assert skipped == [
        ("other-plan", "other-plan.xlsx", Severity.ERROR),
        ("other-period", "other-period.xlsx", Severity.ERROR),
        ("not-a-form", "plain.xlsx", Severity.ERROR),
        ("unreadable", "broken.xlsx", Severity.ERROR),
    ]
    assert result.forms == 1
    assert result.ledger.period == "2024年"
    assert "市气象局" not in result.ledger.missing_units


def _workbook() -> bytes:
    stream = io.BytesIO()
    Workbook().save(stream)
    return stream.getvalue()


def test_rows_deleted_added_copied_and_statuses_outside_the_list_are_reported_and_kept(form: Any) -> None:
    plan = examples.shenmu()
    filled = form(_form(plan, "市科协"))
    rows = filled.rows()
    keys = list(rows)
    sheet = filled.sheet
    filled.set(rows[keys[0]], "完成情况", "基本完成")
    filled.set(rows[keys[0]], "进展情况", "已开展")
    for key in keys[1:]:
        filled.set(rows[key], "完成情况", "已完成")
    sheet.delete_rows(rows[keys[-1]])
    extra = sheet.max_row + 1
    filled.put(extra, 4, "本单位新增的工作")
    copied = sheet.max_row + 1
    for column in range(1, sheet.max_column + 1):
        filled.put(copied, column, sheet.cell(row=rows[keys[1]], column=column).value)
    result = collect(plan, [("市科协.xlsx", io.BytesIO(filled.bytes()))])
    codes = [(p.code, p.cell) for p in result.problems if p.code != "missing-form"]
    assert codes == [
        ("unknown-status", f"G{rows[keys[0]]}"),
        ("extra-row", f"A{extra}"),
        ("duplicate-row", f"{_key_column(filled)}{copied}"),
        ("missing-row", None),
    ]
    assert "本单位新增的工作" in result.problems[1].message
    first = next(duty for duty in result.ledger.duties if duty.key == keys[0])
    assert first.report_of("市科协") == Report(unit="市科协", status=None, status_text="基本完成", progress="已开展")
    assert all(duty.report_of("市科协") is None for duty in result.ledger.duties if duty.key == keys[-1])


def _key_column(filled: Any) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(filled.columns["内容编号"])


@pytest.mark.usefixtures("chinese")
def test_a_duty_left_blank_is_reported_with_its_row(form: Any) -> None:
    plan = examples.shenmu()
    result = collect(plan, [("市气象局.xlsx", io.BytesIO(_form(plan, "市气象局")))])
    blank = [p for p in result.problems if p.code == "blank-duty"]
    assert [(p.unit, p.cell, p.sheet) for p in blank] == [("市气象局", "A5", "报送表")]
    assert (
        render(blank[0].message)
        == "第102项（围绕世界环境日、世界水日、世界气象日、世界野生动植物日、世界森林日等，开展生态…）未填写"
    )


def test_nothing_readable_gives_an_empty_ledger_with_every_unit_missing(tmp_path: Path) -> None:
    result = collect(examples.shenmu(), [tmp_path / "missing.xlsx"], period="2024年")
    assert result.forms == 0
    assert len(result.ledger.missing_units) == 33
    assert all(not duty.reports for duty in result.ledger.duties)


_figures = st.one_of(
    st.none(),
    st.integers(min_value=0, max_value=10**9),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(["约60", "六十", "60名", "见附件", "1,500", "１３.５"]),
    texts(max_size=8),
)
_answers = st.tuples(
    st.one_of(st.none(), st.sampled_from(STATUSES), texts(max_size=6)),
    st.one_of(st.none(), texts(multiline=True, max_size=30)),
    st.one_of(st.none(), texts(max_size=20)),
    st.lists(_figures, max_size=4),
)


def _actual(target: Any, written: object) -> Actual:
    """What a 完成值 cell reads back as: a number cell as its figure, a text as written."""
    if isinstance(written, str):
        return Actual(
            target=target.text,
            planned=target.quantity,
            measure=target.measure,
            value=read_figure(written)[0],
            text=written,
        )
    assert written is None or isinstance(written, int | Decimal)
    return Actual(target=target.text, planned=target.quantity, measure=target.measure, value=written)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(plan=plans(max_actions=2, max_tasks=2, max_duties=2), data=st.data())
def test_collecting_forms_filled_with_any_answers_gives_back_those_answers(
    plan: Plan, data: Any, form: Any, answer: Any
) -> None:
    sources = []
    expected: dict[tuple[str, str], Report] = {}
    for unit in form_units(plan):
        filled = form(_form(plan, unit))
        answers = {}
        for item in form_duties(plan, unit):
            status, progress, evidence, figures = data.draw(_answers)
            figures = (figures + [None] * len(item.duty.targets))[: len(item.duty.targets)]
            answers[item.key] = (status, progress, evidence, tuple(figures))
            expected[(item.key, unit)] = Report(
                unit=unit,
                status=Status(status) if status in STATUSES else None,
                status_text=status or "",
                progress=progress or "",
                evidence=evidence or "",
                actuals=[_actual(t, v) for t, v in zip(item.duty.targets, figures, strict=True)],
            )
        filled.fill({key: answer(*values) for key, values in answers.items()})
        sources.append((f"{unit}.xlsx", io.BytesIO(filled.bytes())))
    result = collect(plan, sources)
    assert result.ledger.missing_units == ()
    got = {(duty.key, report.unit): report for duty in result.ledger.duties for report in duty.reports}
    assert got == expected


@pytest.mark.usefixtures("chinese")
def test_a_form_whose_key_column_was_deleted_is_matched_by_the_duties_numbers(form: Any, answer: Any) -> None:
    plan = examples.shenmu()
    filled = form(_form(plan, "市科协"))
    items = form_duties(plan, "市科协")
    filled.fill({item.key: answer("推进中", f"第{item.number}项", "", ()) for item in items})
    filled.resort()
    filled.sheet.delete_cols(filled.columns["内容编号"])
    result = collect(plan, [("市科协.xlsx", io.BytesIO(filled.bytes()))])
    problems = [(p.code, render(p.message)) for p in result.problems if p.code != "missing-form"]
    assert problems == [("missing-column", "报送表缺少“内容编号”列，各行按序号对应分工表")]
    for item in items:
        report = next(duty for duty in result.ledger.duties if duty.key == item.key).report_of("市科协")
        assert report is not None
        assert report.progress == f"第{item.number}项"


# --- problems in the reader's language ----------------------------------------------------------------


def _problems_of_every_kind(tmp_path: Path, form: Any, answer: Any) -> tuple[Plan, list[Any]]:
    """Collect forms with a changed text, a status outside the list, figures in other notations, a
    file that is no form, a broken file and units that sent nothing."""
    plan = examples.shenmu()
    filled = form(_form(plan, "市科协"))
    items = form_duties(plan, "市科协")
    figures = iter(("约60", "六十", "60名", "见附件"))
    answers = {}
    for item in items:
        written = tuple(next(figures, 1) for _ in item.duty.targets)
        answers[item.key] = answer("已完成", "已开展", "", written)
    answers[items[0].key] = answer("基本完成", "已开展", "", answers[items[0].key].actuals)
    filled.fill(answers)
    filled.set(filled.rows()[items[1].key], "主要内容", "改过的内容")
    (tmp_path / "plain.xlsx").write_bytes(_workbook())
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    sources: list[FormSource] = [
        ("市科协.xlsx", io.BytesIO(filled.bytes())),
        tmp_path / "plain.xlsx",
        tmp_path / "broken.xlsx",
    ]
    return plan, list(collect(plan, sources).problems)


def test_problems_read_in_english_under_an_english_locale_with_the_same_codes(
    tmp_path: Path, form: Any, answer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, problems = _problems_of_every_kind(tmp_path, form, answer)
    chinese = [(p.code, str(p), p.to_dict()) for p in problems]
    monkeypatch.setenv("LC_MESSAGES", "en_US.UTF-8")
    english = [(p.code, str(p), p.to_dict()) for p in problems]
    assert [code for code, _, _ in english] == [code for code, _, _ in chinese]
    assert {code for code, _, _ in english} >= {
        "unknown-status",
        "edited-text",
        "approximate-figure",
        "figure-in-words",
        "figure-with-measure",
        "not-a-number",
        "not-a-form",
        "unreadable",
        "missing-form",
    }
    by_code = {code: text for code, text, _ in english}
    assert "市教体局 did not send its form" in [text for code, text, _ in english if code == "missing-form"]
    assert by_code["figure-in-words"].endswith("the figure “六十” is written in words; read as 60")
    assert by_code["not-a-form"] == (
        f"{tmp_path / 'plain.xlsx'}: this is no report form written by kepu-plan "
        "(its hidden identification is missing); nothing in it was collected"
    )
    assert by_code["unknown-status"].endswith(
        ": duty 1: the status “基本完成” is not in the list (已完成, 推进中, 未启动, 滞后); kept as written"
    )
    assert "“主要内容” was changed to “改过的内容”; collected as the plan has it: “" in by_code["edited-text"]
    assert by_code["unreadable"].startswith(f"{tmp_path / 'broken.xlsx'}: cannot read this file (")
    # The JSON gives the message in the reader's language too; the other fields are the same.
    assert [data["message"] for _, _, data in english] == [str(p.message) for p in problems]
    assert [{**data, "message": ""} for _, _, data in english] == [{**data, "message": ""} for _, _, data in chinese]
    # Shown in Chinese again when the reader reads Chinese: the words are chosen when shown.
    monkeypatch.setenv("LC_MESSAGES", "zh_CN.UTF-8")
    assert [(p.code, str(p), p.to_dict()) for p in problems] == chinese
    assert "报送表（缺少隐藏的识别信息），整个文件未汇总" in {c: t for c, t, _ in chinese}["not-a-form"]


@pytest.mark.usefixtures("english")
def test_an_english_problem_quotes_only_the_forms_and_the_plans_texts_in_chinese(
    tmp_path: Path, form: Any, answer: Any
) -> None:
    plan, problems = _problems_of_every_kind(tmp_path, form, answer)
    quoted = [
        *STATUSES,
        "基本完成",
        "改过的内容",
        "约60",
        "六十",
        "60名",
        "见附件",
        "主要内容",
        "报送表",
        str(tmp_path),
        *(unit.name for unit in plan.units),
        *(duty.content for action in plan.actions for task in action.tasks for duty in task.duties),
        *(target.text for action in plan.actions for task in action.tasks for d in task.duties for target in d.targets),
    ]
    cjk = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
    for problem in problems:
        text = str(problem).replace("…", "")
        runs = [run for run in cjk.findall(text) if not any(run in quote for quote in quoted)]
        assert runs == [], text


def _with_infinite_figures(form: Any, plan: Plan, unit: str) -> tuple[bytes, str, str]:
    """``unit``'s form with 1E999 typed as the first target's 完成值 and -1E999 over its 计划值, as a
    damaged or hand-made file can hold them (openpyxl reads them as infinite floats); the two cells."""
    from openpyxl.utils import get_column_letter

    filled = form(_form(plan, unit))
    row = next(
        row for row in filled.rows().values() if filled.sheet.cell(row=row, column=filled.columns["计划值1"]).value
    )
    filled.set(row, "完成值1", 12345.5)
    filled.set(row, "计划值1", 54321.5)
    parts = {}
    with zipfile.ZipFile(io.BytesIO(filled.bytes())) as package:
        for name in package.namelist():
            parts[name] = package.read(name)
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert b"<v>12345.5</v>" in sheet
    assert b"<v>54321.5</v>" in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b"<v>12345.5</v>", b"<v>1E999</v>").replace(
        b"<v>54321.5</v>", b"<v>-1E999</v>"
    )
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    cell = {header: f"{get_column_letter(filled.columns[header])}{row}" for header in ("完成值1", "计划值1")}
    return stream.getvalue(), cell["完成值1"], cell["计划值1"]


def test_an_infinite_figure_in_a_form_is_kept_as_text_and_reported_not_raised(form: Any) -> None:
    plan = examples.shenmu()
    data, actual_cell, planned_cell = _with_infinite_figures(form, plan, "市科协")
    result = collect(plan, [("市科协.xlsx", io.BytesIO(data))])
    assert result.forms == 1
    found = {(p.code, p.cell) for p in result.problems if p.code not in ("blank-duty", "missing-form")}
    assert found == {("not-a-number", actual_cell), ("edited-text", planned_cell)}
    [actual] = [
        actual
        for duty in result.ledger.duties
        for report in duty.reports
        for actual in report.actuals
        if actual.text == "inf"
    ]
    assert actual.value is None
