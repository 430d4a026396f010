"""Summaries: a duty's status, figures against pace, and targets over periods."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kepu_plan.model import Cadence, Comparator
from kepu_plan.tracking import Actual, Ledger, LedgerDuty, PlannedTarget, Report, Status
from kepu_plan.tracking.summary import (
    LedgerMismatch,
    action_counts,
    duty_status,
    order_ledgers,
    pace,
    plan_years,
    status_counts,
    target_series,
)


def _duty(*reports: Report, leads: tuple[str, ...] = (), targets: tuple[PlannedTarget, ...] = ()) -> LedgerDuty:
    return LedgerDuty(
        number=1, key="k", action="甲行动", task="任务", content="内容", units=["甲", "乙", "丙"], leads=leads,
        targets=targets, reports=reports,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("statuses", "leads", "expected"),
    [
        ((Status.DONE, Status.DONE), (), Status.DONE),
        ((Status.DONE, Status.LAGGING), (), Status.LAGGING),
        ((Status.NOT_STARTED, Status.NOT_STARTED), (), Status.NOT_STARTED),
        ((Status.DONE, Status.NOT_STARTED), (), Status.IN_PROGRESS),
        ((Status.DONE, Status.LAGGING), ("甲",), Status.DONE),
        ((None, None), (), None),
    ],
)
def test_a_dutys_status_goes_by_its_leads_then_by_everyone(
    statuses: tuple[Status | None, ...], leads: tuple[str, ...], expected: Status | None
) -> None:
    reports = [Report(unit=unit, status=status) for unit, status in zip(("甲", "乙"), statuses, strict=True)]
    assert duty_status(_duty(*reports, leads=leads)) is expected


def test_units_are_counted_by_their_own_answers_and_silent_units_as_none() -> None:
    ledger = Ledger(
        plan="", fingerprint="f", period="2024年", units=["甲", "乙", "丙"], missing_units=["丙"],
        duties=[_duty(Report(unit="甲", status=Status.DONE), Report(unit="乙", status=Status.LAGGING))],
    )  # fmt: skip
    counts = status_counts(ledger)
    assert (counts["甲"][Status.DONE], counts["乙"][Status.LAGGING], counts["丙"][None]) == (1, 1, 1)
    assert action_counts(ledger) == [("甲行动", {Status.LAGGING: 1})]


@pytest.mark.parametrize(
    ("title", "years"),
    [("“十四五”分工表", (2021, 2025)), ("十五五规划", (2026, 2030)), ("2023—2027年方案", (2023, 2027)), ("方案", None)],
)
def test_a_plans_years_come_from_its_title(title: str, years: tuple[int, int] | None) -> None:
    assert plan_years(title) == years


def _target(cadence: Cadence, comparator: Comparator = Comparator.AT_LEAST) -> PlannedTarget:
    return PlannedTarget(text="培训100名", quantity=100, measure="名", comparator=comparator, cadence=cadence)


def _with_figure(target: PlannedTarget, *figures: int | None, period: str = "2023年") -> Ledger:
    reports = [
        Report(unit=unit, actuals=[Actual(target=target.text, planned=100, measure="名", value=figure)])
        for unit, figure in zip(("甲", "乙"), figures, strict=False)
    ]
    return Ledger(
        plan="“十四五”分工表", fingerprint="f", period=period, units=["甲", "乙"],
        duties=[_duty(*reports, targets=(target,))],
    )  # fmt: skip


def test_a_period_target_is_expected_by_the_share_of_years_elapsed_and_an_annual_one_whole() -> None:
    (period,) = pace(_with_figure(_target(Cadence.PERIOD), 50, 70))
    assert (period.share, period.expected, period.actual, period.behind) == (
        Decimal("0.6"),
        Decimal(60),
        Decimal(70),
        False,
    )
    (annual,) = pace(_with_figure(_target(Cadence.ANNUAL), 70))
    assert (annual.expected, annual.behind) == (Decimal(100), True)
    (at_most,) = pace(_with_figure(_target(Cadence.ANNUAL, Comparator.AT_MOST), 70))
    assert not at_most.behind
    (none,) = pace(_with_figure(_target(Cadence.ANNUAL), None))
    assert none.behind


def test_ledgers_are_ordered_by_year_and_must_be_of_one_plan() -> None:
    target = _target(Cadence.PERIOD)
    ledgers: list[Any] = [_with_figure(target, 40, period="2023年"), _with_figure(target, 20, period="2022年")]
    ordered = order_ledgers(ledgers)
    assert [ledger.period for ledger in ordered] == ["2022年", "2023年"]
    (series,) = target_series(ordered)
    assert (series.periods, series.figures) == (("2022年", "2023年"), (20, 40))
    other = Ledger(plan="", fingerprint="g", period="2024年", units=[], duties=[])
    with pytest.raises(LedgerMismatch):
        order_ledgers([*ledgers, other])
