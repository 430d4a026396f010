"""kepu_plan: read, adapt, check and track target and task allocation tables (目标任务分工表).

>>> import kepu_plan as kp
>>> plan = kp.examples.shenmu()
>>> len(plan.actions), len(plan.tasks), len(plan.duties), len(plan.units)
(10, 40, 112, 33)
"""

from __future__ import annotations

from kepu_plan import examples, layouts
from kepu_plan._io import (
    read,
    read_docx,
    read_json,
    read_pdf,
    read_xlsx,
    write,
    write_docx,
    write_json,
    write_xlsx,
)
from kepu_plan._limits import Limits
from kepu_plan.adapt import Adaptation, adapt
from kepu_plan.diagnostics import Diagnostic, Severity
from kepu_plan.diff import PlanDiff, diff
from kepu_plan.errors import (
    InvalidPlan,
    KepuPlanError,
    LayoutError,
    LimitExceeded,
    Location,
    ReadError,
    UnsupportedFormat,
    WriteError,
)
from kepu_plan.formats.json import from_json, to_json
from kepu_plan.model import (
    Action,
    ActionKind,
    Cadence,
    Column,
    Comparator,
    Duty,
    Extra,
    Layout,
    LeadStyle,
    Plan,
    Target,
    Task,
    Unit,
)
from kepu_plan.targets import find_targets
from kepu_plan.units import UnitDirectory, check_units, workload

__version__ = "0.1.0"

__all__ = [
    "Action",
    "ActionKind",
    "Adaptation",
    "Cadence",
    "Column",
    "Comparator",
    "Diagnostic",
    "DocxStyle",
    "Duty",
    "Extra",
    "InvalidPlan",
    "KepuPlanError",
    "Layout",
    "LayoutError",
    "LeadStyle",
    "LimitExceeded",
    "Limits",
    "Location",
    "Plan",
    "PlanDiff",
    "ReadError",
    "Severity",
    "Target",
    "Task",
    "Unit",
    "UnitDirectory",
    "UnsupportedFormat",
    "WriteError",
    "__version__",
    "adapt",
    "check_units",
    "diff",
    "examples",
    "find_targets",
    "from_json",
    "layouts",
    "read",
    "read_docx",
    "read_json",
    "read_pdf",
    "read_xlsx",
    "to_json",
    "workload",
    "write",
    "write_docx",
    "write_json",
    "write_xlsx",
]


def __dir__() -> list[str]:
    return list(__all__)


def __getattr__(name: str) -> object:
    # Format options classes are imported on first use, so that ``import kepu_plan`` stays light.
    if name == "DocxStyle":
        from kepu_plan.formats.docx import DocxStyle

        return DocxStyle
    raise AttributeError(f"module 'kepu_plan' has no attribute {name!r}")
