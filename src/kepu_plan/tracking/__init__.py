"""Tracking a plan year by year: report forms out, filled forms back into a ledger, a progress report.

::

    from kepu_plan import examples
    from kepu_plan.tracking import collect, write_forms, write_ledger, write_report

    plan = examples.shenmu()
    write_forms(plan, "报送表", period="2024年")             # one XLSX per responsible unit
    result = collect(plan, sorted(Path("回收").glob("*.xlsx")))  # the filled forms, back
    write_ledger(result.ledger, "台账2024.xlsx")
    write_report([result.ledger], "2024年进展.html")
"""

from __future__ import annotations

from kepu_plan.errors import LedgerMismatch
from kepu_plan.tracking.assign import PlanDuty, form_duties, form_units, plan_duties
from kepu_plan.tracking.collecting import Collection, collect, read_figure
from kepu_plan.tracking.forms import form_file_name, write_form, write_forms
from kepu_plan.tracking.ledger import read_ledger, write_ledger
from kepu_plan.tracking.ledger_json import ledger_from_json, ledger_to_json
from kepu_plan.tracking.model import (
    Actual,
    Ledger,
    LedgerDuty,
    PlannedTarget,
    Problem,
    Report,
    Severity,
    Status,
    duty_key,
    fingerprint,
)
from kepu_plan.tracking.report import write_report

__all__ = [
    "Actual",
    "Collection",
    "Ledger",
    "LedgerDuty",
    "LedgerMismatch",
    "PlanDuty",
    "PlannedTarget",
    "Problem",
    "Report",
    "Severity",
    "Status",
    "collect",
    "duty_key",
    "fingerprint",
    "form_duties",
    "form_file_name",
    "form_units",
    "ledger_from_json",
    "ledger_to_json",
    "plan_duties",
    "read_figure",
    "read_ledger",
    "write_form",
    "write_forms",
    "write_ledger",
    "write_report",
]


def __dir__() -> list[str]:
    return __all__
