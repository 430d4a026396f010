"""The ledger (工作台账): each unit's answers on each duty of a plan for one period, as data.

Every class is immutable (frozen, slotted, keyword-only attrs classes) and compares by value, so a
ledger written to XLSX or JSON and read back compares equal to the one written.  A ledger keeps what
units wrote verbatim: a status outside the list stays in ``status_text``, a figure that is not a
number stays in ``Actual.text``.

>>> done = Report(unit="市科协", status=Status.DONE, progress="已开展12场")
>>> done.status_text
'已完成'
>>> Actual(target="开展活动10场", planned=10, measure="场", value=Decimal("12.0")).value
12
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final

import attrs

# The status words have one home, shared with the plan workbook's 指标 sheet; re-exported here.
from kepu_plan._grammar.status import STATUSES as STATUSES
from kepu_plan._grammar.status import Status
from kepu_plan._i18n import _, printable, render
from kepu_plan.model import Cadence, Comparator, Duty, Plan

__all__ = [
    "Actual",
    "Ledger",
    "LedgerDuty",
    "PlannedTarget",
    "Problem",
    "Report",
    "Severity",
    "Status",
    "duty_key",
    "fingerprint",
    "number",
]

#: The version of the hidden data kepu_plan keeps in forms and ledgers.
FORMAT: Final = "kepu-plan-tracking/1"


class Severity(enum.Enum):
    """How much a collecting problem matters: an error skips a whole form, a warning one answer."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


def number(value: int | float | Decimal) -> int | Decimal:
    """A figure as the ledger keeps it: an int when whole, else a normalised Decimal.

    >>> number(60.0), number(Decimal("13.50")), number(2.5)
    (60, Decimal('13.5'), Decimal('2.5'))
    """
    if isinstance(value, bool):
        raise TypeError("a figure cannot be true or false")
    if isinstance(value, int):
        return value
    decimal = Decimal(repr(value)) if isinstance(value, float) else value
    if not decimal.is_finite():
        raise ValueError(f"a figure must be finite, not {value}")
    return int(decimal) if decimal == decimal.to_integral_value() else decimal.normalize()


def _optional_number(value: int | float | Decimal | None) -> int | Decimal | None:
    return None if value is None else number(value)


def _status_text(self: Report) -> str:
    return self.status.value if self.status is not None else ""


@attrs.frozen(kw_only=True)
class PlannedTarget:
    """A target of a duty as planned: its text, figure, measure, comparator and cadence."""

    text: str
    quantity: int | Decimal = attrs.field(converter=number)
    measure: str
    comparator: Comparator = Comparator.EXACT
    cadence: Cadence = Cadence.PERIOD


@attrs.frozen(kw_only=True)
class Actual:
    """What a unit reports for one target (完成值): ``value`` the figure read (None when none could
    be read), ``text`` the cell as the unit wrote it (``约60``, ``见附件``; the figure written out
    for a number cell; empty when blank)."""

    target: str
    planned: int | Decimal = attrs.field(converter=number)
    measure: str
    value: int | Decimal | None = attrs.field(default=None, converter=_optional_number)
    text: str = attrs.field(default=attrs.Factory(lambda self: _figure(self.value), takes_self=True))


def _figure(value: int | Decimal | None) -> str:
    if value is None:
        return ""
    return str(value) if isinstance(value, int) else format(value, "f")


def _actuals(value: Iterable[Actual]) -> tuple[Actual, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Report:
    """One unit's answer on one duty: status, progress (进展情况), evidence (佐证材料), figures.

    ``status`` is None when the unit chose none or wrote something outside the list; ``status_text``
    is the cell as written (equal to ``status.value`` when the status is one of the list).
    """

    unit: str
    status: Status | None = None
    status_text: str = attrs.field(default=attrs.Factory(_status_text, takes_self=True))
    progress: str = ""
    evidence: str = ""
    actuals: tuple[Actual, ...] = attrs.field(default=(), converter=_actuals)

    @property
    def blank(self) -> bool:
        """Whether the unit wrote nothing at all on this duty."""
        return not (
            self.status_text.strip()
            or self.progress.strip()
            or self.evidence.strip()
            or any(actual.text.strip() for actual in self.actuals)
        )


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _targets(value: Iterable[PlannedTarget]) -> tuple[PlannedTarget, ...]:
    return tuple(value)


def _reports(value: Iterable[Report]) -> tuple[Report, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class LedgerDuty:
    """A duty of the plan and the reports on it, one per unit that answered, in the duty's unit order.

    ``number`` counts duties from 1 in reading order; ``key`` identifies the duty in forms (see
    :func:`duty_key`).
    """

    number: int
    key: str
    action: str
    task: str
    content: str
    units: tuple[str, ...] = attrs.field(converter=_strings)
    leads: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    targets: tuple[PlannedTarget, ...] = attrs.field(default=(), converter=_targets)
    reports: tuple[Report, ...] = attrs.field(default=(), converter=_reports)

    def report_of(self, unit: str) -> Report | None:
        """The report ``unit`` gave on this duty, if any."""
        return next((report for report in self.reports if report.unit == unit), None)


def _duties(value: Iterable[LedgerDuty]) -> tuple[LedgerDuty, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Ledger:
    """The work ledger of one plan for one period (2024年, 中期评估 …).

    ``units`` are the units that were sent a form, ``missing_units`` those of them whose form did
    not come back (or came back unreadable).
    """

    plan: str
    fingerprint: str
    period: str
    units: tuple[str, ...] = attrs.field(converter=_strings)
    duties: tuple[LedgerDuty, ...] = attrs.field(converter=_duties)
    missing_units: tuple[str, ...] = attrs.field(default=(), converter=_strings)

    @property
    def year(self) -> int | None:
        """The year the period names (``2024年`` → 2024), if it names one."""
        match = re.search(r"(?<!\d)(\d{4})(?!\d)", self.period)
        return int(match[1]) if match else None

    @property
    def reported_units(self) -> tuple[str, ...]:
        """The units whose form came back."""
        return tuple(unit for unit in self.units if unit not in self.missing_units)


@attrs.frozen(kw_only=True)
class Problem:
    """Something found while collecting forms, with where it was found.

    ``code`` is stable for programs (``edited-text``, ``not-a-number`` …); ``message`` says it for
    people: a :class:`~kepu_plan._i18n.Text` (equal to the English words) that ``str(problem)`` and
    :meth:`to_dict` give in the reader's language, Chinese by default.  ``cell`` is an A1
    reference, with the sheet in ``sheet``.
    """

    code: str
    severity: Severity
    message: str
    unit: str | None = None
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        message = render(self.message)
        if self.cell is None:
            where = self.file or ""
        elif self.sheet:
            where = _("{file} ({sheet}!{cell})").format(file=self.file or "", sheet=self.sheet, cell=self.cell).lstrip()
        else:
            where = _("{file} ({cell})").format(file=self.file or "", cell=self.cell).lstrip()
        return _("{where}: {message}").format(where=printable(where), message=message) if where else message

    def to_dict(self) -> dict[str, Any]:
        """The problem as JSON data (the ``problems`` items of ``kepu-plan collect --json``)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "unit": self.unit,
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": render(self.message),
        }


# --- identities ---------------------------------------------------------------------------------


def _digest(data: object, length: int) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def _duty_data(duty: Duty) -> list[Any]:
    return [
        duty.content,
        [unit.name for unit in duty.units],
        [unit.name for unit in duty.leads],
        duty.deadline,
        sorted(duty.extra.items()),
    ]


def fingerprint(plan: Plan) -> str:
    """A stable hash of what the plan says (names, duties, units, leads, deadlines, notes).

    Two plans that are equal have the same fingerprint, whatever file they were read from and
    however it was laid out (the layout is not part of it).

    >>> from kepu_plan import examples
    >>> len(fingerprint(examples.shenmu()))
    16
    """
    data = [
        plan.title,
        plan.label,
        list(plan.notes),
        [
            [
                action.name,
                action.kind.value,
                [unit.name for unit in action.leads],
                [[task.name, [_duty_data(duty) for duty in task.duties]] for task in action.tasks],
            ]
            for action in plan.actions
        ],
    ]
    return _digest(data, 16)


def duty_key(action: int, task: int, duty: int, content: Duty) -> str:
    """The key that identifies a duty in forms: its place (action, task and duty counted from 1)
    and a hash of its content and units, so that two equal rows still have different keys.

    >>> from kepu_plan.model import Duty
    >>> duty_key(1, 2, 3, Duty(content="开展科普活动", units=["市科协"]))[:6]
    '1.2.3-'
    """
    return f"{action}.{task}.{duty}-{_digest(_duty_data(content), 8)}"


for _cls in (PlannedTarget, Actual, Report, LedgerDuty, Ledger, Problem):
    attrs.resolve_types(_cls)
del _cls
