"""The status words have one home: the plan workbook and the tracking forms offer the same list."""

from __future__ import annotations

import io

import openpyxl

import kepu_plan as kp
from kepu_plan._grammar.status import STATUSES, Status
from kepu_plan.tracking import Report, write_form
from kepu_plan.tracking.forms import FORM_SHEET


def drop_down(workbook: openpyxl.Workbook, sheet: str) -> str:
    (validation,) = workbook[sheet].data_validations.dataValidation
    return str(validation.formula1)


def test_the_statuses_are_the_status_enums_values_in_its_order() -> None:
    assert STATUSES == ("已完成", "推进中", "未启动", "滞后")
    assert [Status(word) for word in STATUSES] == list(Status)


def test_the_plan_workbook_and_a_units_form_offer_the_same_status_words() -> None:
    plan = kp.examples.shenmu()
    book, form = io.BytesIO(), io.BytesIO()
    kp.write_xlsx(plan, book)
    write_form(plan, "市科协", form, period="2024年")
    offered = {
        drop_down(openpyxl.load_workbook(book), "指标"),
        drop_down(openpyxl.load_workbook(form), FORM_SHEET),
    }
    assert offered == {'"' + ",".join(STATUSES) + '"'}


def test_a_status_the_plan_workbook_offers_is_read_back_by_the_tracking_loop() -> None:
    for word in STATUSES:
        assert Report(unit="市科协", status=Status(word)).status_text == word
