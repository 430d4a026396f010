"""What a ledger says at a glance: statuses counted by action and unit, target figures against plan and
pace, the lists a person acts on, and targets followed across the ledgers of several periods.

How answers are combined:

- a duty's status is its lead units' answers when a lead answered, else all its answers: 滞后 when
  any is 滞后, 已完成 when all are, 未启动 when all are, else 推进中; None when nobody answered with
  a status from the list;
- a target's figure is the largest any unit reported (units answering on a joint duty usually report
  the joint figure, so the figures are not added);
- the expected pace of an annual target (每年) is its figure; of a period target, the share of the
  plan's years elapsed by the ledger's year (十四五: 2021 to 2025, so 2023 expects 60 %).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Final

import attrs

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import LedgerMismatch, OptionError
from kepu_plan.model import Cadence, Comparator
from kepu_plan.tracking.model import Ledger, LedgerDuty, PlannedTarget, Report, Status

__all__ = [
    "SEGMENTS",
    "LedgerMismatch",
    "Pace",
    "TargetSeries",
    "action_counts",
    "attainment",
    "duty_status",
    "last_ledger",
    "needs_attention",
    "order_ledgers",
    "pace",
    "percent",
    "plan_years",
    "status_counts",
    "target_figure",
    "target_series",
]

_FIVE_YEAR_PLAN: Final = re.compile("十([一二三四五六七八九])五")
_YEAR_RANGE: Final = re.compile(r"(?<!\d)(\d{4})\s*[-—–~～至到]\s*(\d{4})(?!\d)")
_ORDINAL: Final = "一二三四五六七八九"


#: The parts of a status bar, in order: the status (None: no status), its label and its colour.
SEGMENTS: Final[tuple[tuple[Status | None, str, str], ...]] = (
    (Status.DONE, "已完成", "#3a9d5d"),
    (Status.IN_PROGRESS, "推进中", "#4a86c5"),
    (Status.NOT_STARTED, "未启动", "#e0a526"),
    (Status.LAGGING, "滞后", "#d64545"),
    (None, "未报送或未填", "#cfd5dd"),
)


def percent(value: Decimal) -> str:
    """A share as a percentage: ``104%``, ``62.5%``.

    >>> percent(Decimal("1.04")), percent(Decimal("0.625"))
    ('104%', '62.5%')
    """
    hundred = (value * 100).quantize(Decimal("0.1"))
    text = format(hundred, "f").removesuffix(".0")
    return f"{text}%"


def duty_status(duty: LedgerDuty) -> Status | None:
    """The status of a duty as a whole (see the module's rules); None when nobody gave one."""
    leads = [report.status for report in duty.reports if report.unit in duty.leads and report.status is not None]
    statuses = leads or [report.status for report in duty.reports if report.status is not None]
    if not statuses:
        return None
    if Status.LAGGING in statuses:
        return Status.LAGGING
    for status in (Status.DONE, Status.NOT_STARTED):
        if all(found is status for found in statuses):
            return status
    return Status.IN_PROGRESS


def action_counts(ledger: Ledger) -> list[tuple[str, Counter[Status | None]]]:
    """Each action (in the plan's order) with its duties counted by :func:`duty_status`."""
    counts: dict[str, Counter[Status | None]] = {}
    for duty in ledger.duties:
        counts.setdefault(duty.action, Counter())[duty_status(duty)] += 1
    return list(counts.items())


def status_counts(ledger: Ledger) -> dict[str, Counter[Status | None]]:
    """Each unit's duties counted by the status it reported (None: not reported, blank or other)."""
    counts: dict[str, Counter[Status | None]] = {unit: Counter() for unit in ledger.units}
    for duty in ledger.duties:
        reported = {report.unit for report in duty.reports}
        for report in duty.reports:
            counts.setdefault(report.unit, Counter())[report.status] += 1
        for unit in duty.units:
            if unit not in reported and unit in counts:
                counts[unit][None] += 1
    return counts


def target_figure(duty: LedgerDuty, index: int) -> int | Decimal | None:
    """The figure achieved for the duty's ``index``-th target: the largest any unit reported."""
    values = [
        report.actuals[index].value
        for report in duty.reports
        if index < len(report.actuals) and report.actuals[index].value is not None
    ]
    return max((value for value in values if value is not None), default=None)


def attainment(planned: int | Decimal, actual: int | Decimal | None) -> Decimal | None:
    """The share of the planned figure achieved (1 = 100 %); None without a figure or a plan."""
    if actual is None or planned == 0:
        return None
    return Decimal(actual) / Decimal(planned)


def plan_years(title: str) -> tuple[int, int] | None:
    """The years a plan covers, from its title: ``“十四五”`` is 2021 to 2025, or ``2021-2025年``.

    >>> plan_years("神木市……“十四五”目标任务分工表"), plan_years("2023—2027年工作方案"), plan_years("方案")
    ((2021, 2025), (2023, 2027), None)
    """
    five = _FIVE_YEAR_PLAN.search(title)
    if five is not None:
        start = 2001 + 5 * (_ORDINAL.index(five[1]) + 1)  # 十一五 (the 11th) began in 2006
        return start, start + 4
    span = _YEAR_RANGE.search(title)
    if span is not None and int(span[1]) <= int(span[2]) <= int(span[1]) + 10:
        return int(span[1]), int(span[2])
    return None


@attrs.frozen(kw_only=True)
class Pace:
    """A target against the figure expected by now: ``expected`` the planned figure times ``share``."""

    duty: LedgerDuty
    target: PlannedTarget
    actual: int | Decimal | None
    share: Decimal
    expected: Decimal

    @property
    def behind(self) -> bool:
        """Whether the figure is short of the pace (above it, for an at-most target); no figure is behind."""
        if self.actual is None:
            return True
        if self.target.comparator is Comparator.AT_MOST:
            return Decimal(self.actual) > Decimal(self.target.quantity)
        return Decimal(self.actual) < self.expected


def pace(ledger: Ledger) -> list[Pace]:
    """Every target of the ledger with the figure expected by the ledger's period.

    A period target's share is the part of the plan's years elapsed by the ledger's year; when the
    plan's years or the period's year are not known, the whole figure is expected.
    """
    years = plan_years(ledger.plan)
    share = Decimal(1)
    if years is not None and ledger.year is not None:
        start, end = years
        elapsed = min(max(ledger.year - start + 1, 0), end - start + 1)
        share = Decimal(elapsed) / Decimal(end - start + 1)
    found: list[Pace] = []
    for duty in ledger.duties:
        for index, target in enumerate(duty.targets):
            part = Decimal(1) if target.cadence is Cadence.ANNUAL else share
            found.append(
                Pace(
                    duty=duty,
                    target=target,
                    actual=target_figure(duty, index),
                    share=part,
                    expected=Decimal(target.quantity) * part,
                )
            )
    return found


def needs_attention(ledger: Ledger) -> list[tuple[LedgerDuty, Report]]:
    """The answers a person acts on: duties reported 滞后 or 未启动, in reading order."""
    return [
        (duty, report)
        for duty in ledger.duties
        for report in duty.reports
        if report.status in (Status.LAGGING, Status.NOT_STARTED)
    ]


def order_ledgers(ledgers: Iterable[Ledger]) -> list[Ledger]:
    """Ledgers of one plan in time order (by the year their period names; others keep their order).

    Raises :class:`LedgerMismatch` when they belong to different plans.
    """
    found = list(ledgers)
    prints = {ledger.fingerprint for ledger in found}
    if len(prints) > 1:
        names = "、".join(f"{ledger.period}（{ledger.fingerprint}）" for ledger in found)
        raise LedgerMismatch(
            Text(N_("these ledgers belong to different plans and cannot be combined: {ledgers}"), ledgers=names)
        )
    return sorted(found, key=lambda ledger: ledger.year if ledger.year is not None else 10**6)


def last_ledger(ledgers: Sequence[Ledger]) -> Ledger:
    """The ledger a report is about: the last of ``ledgers`` (in time order, see :func:`order_ledgers`).

    Raises :class:`~kepu_plan.errors.OptionError` (a ValueError) when there is none: a report of no
    ledger would have nothing to say.
    """
    if not ledgers:
        raise OptionError(Text(N_("a report needs at least one ledger")))
    return ledgers[-1]


@attrs.frozen(kw_only=True)
class TargetSeries:
    """One target followed over several periods: the figure of each (None where none was reported)."""

    number: int
    target: PlannedTarget
    periods: tuple[str, ...]
    figures: tuple[int | Decimal | None, ...]


def target_series(ledgers: Sequence[Ledger]) -> list[TargetSeries]:
    """Every target of the (ordered) ledgers with its figure in each period, in reading order."""
    if not ledgers:
        return []
    series: list[TargetSeries] = []
    last = ledgers[-1]
    by_key = [{duty.key: duty for duty in ledger.duties} for ledger in ledgers]
    for duty in last.duties:
        for index, target in enumerate(duty.targets):
            figures = []
            for duties in by_key:
                other = duties.get(duty.key)
                figures.append(target_figure(other, index) if other is not None else None)
            series.append(
                TargetSeries(
                    number=duty.number,
                    target=target,
                    periods=tuple(ledger.period for ledger in ledgers),
                    figures=tuple(figures),
                )
            )
    return series
