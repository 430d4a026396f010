"""kepu_plan: read, adapt, check and track target and task allocation tables (目标任务分工表).

>>> import kepu_plan as kp
>>> plan = kp.examples.shenmu()
>>> len(plan.actions), len(plan.tasks), len(plan.duties), len(plan.units)
(10, 40, 112, 33)
"""

from __future__ import annotations

from kepu_plan import examples
from kepu_plan._io import read, read_docx, read_json, read_xlsx, write, write_docx, write_json, write_xlsx
from kepu_plan.errors import (
    InvalidPlan,
    KepuPlanError,
    LayoutError,
    Location,
    ReadError,
    UnsupportedFormat,
    WriteError,
)
from kepu_plan.formats.json import from_json, to_json
from kepu_plan.model import Action, ActionKind, Cadence, Comparator, Duty, Extra, Plan, Target, Task, Unit

__version__ = "0.1.0"

__all__ = [
    "Action",
    "ActionKind",
    "Cadence",
    "Comparator",
    "Duty",
    "Extra",
    "InvalidPlan",
    "KepuPlanError",
    "LayoutError",
    "Location",
    "Plan",
    "ReadError",
    "Target",
    "Task",
    "Unit",
    "UnsupportedFormat",
    "WriteError",
    "__version__",
    "examples",
    "from_json",
    "read",
    "read_docx",
    "read_json",
    "read_xlsx",
    "to_json",
    "write",
    "write_docx",
    "write_json",
    "write_xlsx",
]


def __dir__() -> list[str]:
    return list(__all__)
