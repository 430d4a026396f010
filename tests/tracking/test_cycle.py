"""The whole yearly cycle, as the issue's proof plays it: forms for the Shenmu plan, filled by units
(one re-sorts its rows, one edits a read-only text, one writes 约60 and one 见附件, one form re-saved
by LibreOffice, one unit never answers, one answers twice), collected, written, read back, reported."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from kepu_plan import examples
from kepu_plan.errors import UnsupportedFormat
from kepu_plan.model import Plan
from kepu_plan.tracking import (
    Actual,
    Ledger,
    Report,
    Status,
    collect,
    form_duties,
    form_units,
    plan_duties,
    read_ledger,
    write_forms,
    write_ledger,
    write_report,
)
from kepu_plan.tracking.model import STATUSES

RESORTS, EDITS, RESAVED, SILENT, TWICE = "市教体局", "团市委", "市妇联", "市气象局", "市卫健局"


def _answers(plan: Plan, unit: str, answer: Any, *, round: int = 1) -> dict[str, Any]:
    """What ``unit`` writes on each of its duties: a status, progress, evidence and each figure."""
    found = {}
    for item in form_duties(plan, unit):
        status = STATUSES[(item.number + len(unit) + round) % 4]
        progress = f"{unit}：第{item.number}项第{round}次报送\n已召开推进会"
        if item.number == 7:
            progress = "=已完成全年任务的50%"  # a text that looks like a formula stays a text
        figures = tuple(int(target.quantity) + item.number + round for target in item.duty.targets)
        found[item.key] = answer(status, progress, f"佐证材料{item.number}.pdf", figures)
    return found


def _expected_report(unit: str, item: Any, written: Any) -> Report:
    actuals = []
    for target, figure in zip(item.duty.targets, written.actuals, strict=True):
        read_as: dict[str, Any] = {"约60": 60, "见附件": None}
        value = read_as.get(figure, figure) if isinstance(figure, str) else figure
        text = figure if isinstance(figure, str) else str(figure)
        actuals.append(
            Actual(target=target.text, planned=target.quantity, measure=target.measure, value=value, text=text)
        )
    return Report(
        unit=unit,
        status=Status(written.status),
        progress=written.progress,
        evidence=written.evidence,
        actuals=actuals,
    )


def _play(tmp_path: Path, form: Any, answer: Any, resave: Any) -> None:
    plan = examples.shenmu()
    paths = write_forms(plan, tmp_path / "报送表", period="2024年")
    units = form_units(plan)
    assert set(paths) == set(units)
    assert len(units) == 33
    for unit, path in paths.items():  # each form holds exactly its unit's duties
        assert sorted(form(path).rows()) == sorted(item.key for item in form_duties(plan, unit))

    with_targets = [u for u in units if any(i.duty.targets for i in form_duties(plan, u))]
    about, attached = [u for u in with_targets if u not in (RESORTS, EDITS, RESAVED, SILENT, TWICE)][:2]
    back = tmp_path / "回收"
    back.mkdir()
    written: dict[str, dict[str, Any]] = {}
    returned: list[Path] = []
    expected_problems: set[tuple[str, str, str | None, str | None]] = {("missing-form", SILENT, None, None)}
    for unit in units:
        if unit == SILENT:
            continue
        filled = form(paths[unit])
        answers = _answers(plan, unit, answer)
        if unit in (about, attached):
            key = next(i.key for i in form_duties(plan, unit) if i.duty.targets)
            figure = "约60" if unit == about else "见附件"
            answers[key] = answer(answers[key].status, answers[key].progress, answers[key].evidence,
                                  (figure, *answers[key].actuals[1:]))  # fmt: skip
            cell = f"{_letter(filled.actual_columns()[0])}{filled.rows()[key]}"
            code = "approximate-figure" if unit == about else "not-a-number"
            expected_problems.add((code, unit, paths[unit].name, cell))
        filled.fill(answers)
        if unit == RESORTS:
            filled.resort()
        if unit == EDITS:
            key, row = next(iter(filled.rows().items()))
            filled.set(row, "主要内容", "改写过的内容")
            expected_problems.add(
                ("edited-text", unit, paths[unit].name, f"{_letter(filled.columns['主要内容'])}{row}")
            )
        if unit == TWICE:
            returned.append(filled.save(back / f"{unit}（初稿）.xlsx"))
            filled = form(paths[unit])
            answers = _answers(plan, unit, answer, round=2)
            filled.fill(answers)
            expected_problems.add(("duplicate-form", unit, paths[unit].name, None))
        written[unit] = answers
        path = filled.save(back / paths[unit].name)
        if unit == RESAVED:
            saved = resave(path, tmp_path / "libreoffice")
            shutil.move(saved, path)
        returned.append(path)

    result = collect(plan, returned)
    found = {(p.code, p.unit, Path(p.file).name if p.file else None, p.cell) for p in result.problems}
    assert found == expected_problems
    assert len(result.problems) == len(expected_problems)
    ledger = result.ledger
    assert ledger.period == "2024年"
    assert ledger.missing_units == (SILENT,)
    assert result.forms == 33
    for item, duty in zip(plan_duties(plan), ledger.duties, strict=True):
        assert (duty.key, duty.content, duty.units) == (
            item.key,
            item.duty.content,
            tuple(u.name for u in item.duty.units),
        )
        expected = [
            _expected_report(unit.name, item, written[unit.name][item.key])
            for unit in item.duty.units
            if unit.name in written
        ]
        assert list(duty.reports) == expected

    write_ledger(ledger, tmp_path / "台账2024.xlsx")
    write_ledger(ledger, tmp_path / "台账2024.json", problems=result.problems)
    assert read_ledger(tmp_path / "台账2024.xlsx") == ledger
    assert read_ledger(tmp_path / "台账2024.json") == ledger
    write_report([ledger], tmp_path / "2024年进展.html")
    write_report([ledger], tmp_path / "2024年进展.docx")
    page = (tmp_path / "2024年进展.html").read_text(encoding="utf-8")
    assert "2024年任务进展情况报告" in page
    assert f"<li>{SILENT}</li>" in page
    text = "\n".join(p.text for p in Document(str(tmp_path / "2024年进展.docx")).paragraphs)
    assert "2024年任务进展情况报告" in text
    assert SILENT in text


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


@pytest.mark.libreoffice
def test_the_yearly_cycle_collects_every_answer_where_it_belongs_and_reports_exactly_the_problems(
    tmp_path: Path, form: Any, answer: Any, libreoffice_resave: Any
) -> None:
    _play(tmp_path, form, answer, libreoffice_resave)


def test_the_yearly_cycle_without_libreoffice_resaving_collects_the_same_way(
    tmp_path: Path, form: Any, answer: Any
) -> None:
    _play(tmp_path, form, answer, lambda path, out: shutil.copy(path, out.mkdir(exist_ok=True) or out / "copy.xlsx"))


def test_figures_are_numbers_with_their_measure() -> None:
    actual = Actual(target="培训60名", planned=60, measure="名", value=Decimal("62.0"))
    assert (actual.value, actual.text, actual.measure) == (62, "62", "名")


@pytest.mark.parametrize(
    ("language", "name", "message"),
    [
        ("chinese", "进展.txt", r"进展\.txt：进展报告须为 \.html 或 \.docx 文件，不能是 \.txt"),
        ("chinese", "进展", r"进展：进展报告须为 \.html 或 \.docx 文件，不能没有扩展名"),
        ("english", "进展.txt", r"进展\.txt: a report is an \.html or a \.docx file, not \.txt"),
    ],
)
def test_a_report_of_another_suffix_is_refused_in_the_readers_language_and_nothing_is_written(
    language: str, name: str, message: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    request.getfixturevalue(language)
    ledger = Ledger(plan="分工表", fingerprint="0" * 16, period="2024年", units=["市科协"], duties=[])
    with pytest.raises(UnsupportedFormat, match=message):
        write_report([ledger], tmp_path / name)
    assert list(tmp_path.iterdir()) == []
