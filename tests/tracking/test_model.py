"""The ledger model: figures as numbers, the plan's fingerprint and the duties' keys."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from kepu_plan import examples
from kepu_plan.model import Duty
from kepu_plan.tracking import Actual, Report, Status, duty_key, fingerprint
from kepu_plan.tracking.model import Problem, Severity, number


def test_a_figure_is_an_int_when_whole_and_a_normalised_decimal_otherwise() -> None:
    assert number(62.0) == 62
    assert isinstance(number(62.0), int)
    assert number(Decimal("13.50")) == Decimal("13.5")
    assert number(0.1) == Decimal("0.1")
    with pytest.raises(TypeError):
        number(True)
    with pytest.raises(ValueError, match="finite"):
        number(float("nan"))


def test_the_fingerprint_follows_the_content_and_not_the_layout() -> None:
    plan = examples.shenmu()
    assert fingerprint(plan) == fingerprint(plan.with_layout(None))
    renamed = plan.rename_units({"市科协": "县科协"})
    assert fingerprint(renamed) != fingerprint(plan)
    assert len(fingerprint(plan)) == 16


def test_duty_keys_hold_the_place_and_differ_for_equal_duties_elsewhere() -> None:
    duty = Duty(content="开展科普活动", units=["市科协"])
    assert duty_key(1, 2, 3, duty) != duty_key(1, 2, 4, duty)
    assert duty_key(1, 2, 3, duty) == duty_key(1, 2, 3, Duty(content="开展科普活动", units=["市科协"]))
    assert duty_key(1, 2, 3, duty) != duty_key(1, 2, 3, attrs.evolve(duty, content="开展科普讲座"))


def test_a_report_keeps_its_status_text_and_knows_when_it_is_blank() -> None:
    assert Report(unit="甲", status=Status.DONE).status_text == "已完成"
    assert Report(unit="甲").blank
    assert not Report(unit="甲", actuals=[Actual(target="t", planned=1, measure="名", text="见附件")]).blank


def test_a_problem_reads_as_its_file_cell_and_message() -> None:
    problem = Problem(
        code="edited-text", severity=Severity.WARNING, message="改了", file="a.xlsx", sheet="报送表", cell="D5"
    )
    assert str(problem) == "a.xlsx（报送表!D5）：改了"
    assert problem.to_dict()["severity"] == "warning"
