"""The JSON form of a ledger (and of a collection's problems), read strictly: a value of the wrong
type is an error naming its path, never coerced.

>>> ledger = Ledger(plan="分工表", fingerprint="0" * 16, period="2024年", units=["市科协"], duties=[])
>>> ledger_from_json(ledger_to_json(ledger)) == ledger
True
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, Final, TypeVar

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import InvalidPlan, Location, ReadError
from kepu_plan.model import Cadence, Comparator
from kepu_plan.tracking.model import Actual, Ledger, LedgerDuty, PlannedTarget, Problem, Report, Status

__all__ = ["LEDGER_SCHEMA", "ledger_data", "ledger_from_data", "ledger_from_json", "ledger_to_json"]

#: The version key's value; a reader refuses any other.
LEDGER_SCHEMA: Final = "kepu-plan-ledger/1"

_T = TypeVar("_T")


def _figure(value: int | Decimal | None) -> int | float | None:
    return value if value is None or isinstance(value, int) else float(value)


def _actual(actual: Actual) -> dict[str, Any]:
    value = _figure(actual.value)
    return {
        "target": actual.target,
        "planned": _figure(actual.planned),
        "measure": actual.measure,
        "actual": value if value is not None else (actual.text or None),
        "value": value,
        "text": actual.text,
    }


def _report(report: Report) -> dict[str, Any]:
    return {
        "unit": report.unit,
        "status": report.status.value if report.status is not None else None,
        "status_text": report.status_text,
        "progress": report.progress,
        "evidence": report.evidence,
        "actuals": [_actual(actual) for actual in report.actuals],
    }


def _duty(duty: LedgerDuty) -> dict[str, Any]:
    return {
        "number": duty.number,
        "key": duty.key,
        "action": duty.action,
        "task": duty.task,
        "content": duty.content,
        "units": list(duty.units),
        "leads": list(duty.leads),
        "targets": [
            {
                "text": target.text,
                "quantity": _figure(target.quantity),
                "measure": target.measure,
                "comparator": target.comparator.value,
                "cadence": target.cadence.value,
            }
            for target in duty.targets
        ],
        "reports": [_report(report) for report in duty.reports],
    }


def ledger_data(ledger: Ledger, problems: Iterable[Problem] = ()) -> dict[str, Any]:
    """The ledger as JSON data, with ``problems`` (a collection's) when given."""
    return {
        "schema": LEDGER_SCHEMA,
        "plan": ledger.plan,
        "fingerprint": ledger.fingerprint,
        "period": ledger.period,
        "units": list(ledger.units),
        "missing_units": list(ledger.missing_units),
        "duties": [_duty(duty) for duty in ledger.duties],
        "problems": [problem.to_dict() for problem in problems],
    }


def ledger_to_json(ledger: Ledger, problems: Iterable[Problem] = ()) -> str:
    """The ledger as readable JSON text (CJK not escaped)."""
    return json.dumps(ledger_data(ledger, problems), ensure_ascii=False, indent=2) + "\n"


class _Bad(Exception):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(reason)
        self.path, self.reason = path, reason


def _get(data: Any, key: str, kind: type[_T] | tuple[type, ...], path: str, *, optional: bool = False) -> Any:
    if not isinstance(data, dict):
        raise _Bad(path, Text(N_("expected an object")))
    if key not in data:
        raise _Bad(f"{path}.{key}", Text(N_("missing")))
    value = data[key]
    if value is None and optional:
        return None
    if not isinstance(value, kind) or isinstance(value, bool):
        if isinstance(kind, type):
            expected = Text(N_("expected {kind}, not {found}"), kind=kind.__name__, found=type(value).__name__)
        else:
            expected = Text(N_("expected a number, not {found}"), found=type(value).__name__)
        raise _Bad(f"{path}.{key}", expected)
    return value


def _list(data: Any, key: str, path: str, item: Callable[[Any, str], _T]) -> list[_T]:
    values = _get(data, key, list, path)
    return [item(value, f"{path}.{key}[{i}]") for i, value in enumerate(values)]


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _Bad(path, Text(N_("expected {kind}, not {found}"), kind="str", found=type(value).__name__))
    return value


def _number(value: Any, path: str) -> int | Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise _Bad(path, Text(N_("expected a number, not {found}"), found=type(value).__name__))
    return value


def _enum(kind: Any, value: Any, path: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        raise _Bad(path, Text(N_("unknown value {value}"), value=repr(value))) from None


def _actual_from(data: Any, path: str) -> Actual:
    value = _get(data, "value", (int, Decimal), path, optional=True)
    return Actual(
        target=_get(data, "target", str, path),
        planned=_number(_get(data, "planned", (int, Decimal), path), f"{path}.planned"),
        measure=_get(data, "measure", str, path),
        value=value,
        text=_get(data, "text", str, path),
    )


def _report_from(data: Any, path: str) -> Report:
    status = _get(data, "status", str, path, optional=True)
    return Report(
        unit=_get(data, "unit", str, path),
        status=None if status is None else _enum(Status, status, f"{path}.status"),
        status_text=_get(data, "status_text", str, path),
        progress=_get(data, "progress", str, path),
        evidence=_get(data, "evidence", str, path),
        actuals=_list(data, "actuals", path, _actual_from),
    )


def _target_from(data: Any, path: str) -> PlannedTarget:
    return PlannedTarget(
        text=_get(data, "text", str, path),
        quantity=_get(data, "quantity", (int, Decimal), path),
        measure=_get(data, "measure", str, path),
        comparator=_enum(Comparator, _get(data, "comparator", str, path), f"{path}.comparator"),
        cadence=_enum(Cadence, _get(data, "cadence", str, path), f"{path}.cadence"),
    )


def _duty_from(data: Any, path: str) -> LedgerDuty:
    return LedgerDuty(
        number=_get(data, "number", int, path),
        key=_get(data, "key", str, path),
        action=_get(data, "action", str, path),
        task=_get(data, "task", str, path),
        content=_get(data, "content", str, path),
        units=_list(data, "units", path, _text),
        leads=_list(data, "leads", path, _text),
        targets=_list(data, "targets", path, _target_from),
        reports=_list(data, "reports", path, _report_from),
    )


def ledger_from_data(data: Any, *, file: str | None = None) -> Ledger:
    """The ledger in JSON data (as :func:`ledger_data` gives); problems in it are not part of it."""
    try:
        schema = _get(data, "schema", str, "$")
        if schema != LEDGER_SCHEMA:
            raise _Bad(
                "$.schema",
                Text(
                    N_("not a kepu_plan ledger ({schema!r}, expected {expected!r})"),
                    schema=schema,
                    expected=LEDGER_SCHEMA,
                ),
            )
        return Ledger(
            plan=_get(data, "plan", str, "$"),
            fingerprint=_get(data, "fingerprint", str, "$"),
            period=_get(data, "period", str, "$"),
            units=_list(data, "units", "$", _text),
            missing_units=_list(data, "missing_units", "$", _text),
            duties=_list(data, "duties", "$", _duty_from),
        )
    except _Bad as error:
        raise ReadError(error.reason, Location(file=file, path=error.path)) from None
    except (InvalidPlan, ValueError, TypeError) as error:
        raise ReadError(Text(N_("not a valid ledger: {reason}"), reason=str(error)), Location(file=file)) from None


def ledger_from_json(text: str, *, file: str | None = None) -> Ledger:
    """The ledger in JSON text; any failure a :class:`~kepu_plan.errors.ReadError` naming the place."""
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        where = Location(file=file, row=error.lineno, column=error.colno)
        raise ReadError(Text(N_("not JSON: {reason}"), reason=error.msg), where) from None
    return ledger_from_data(data, file=file)
