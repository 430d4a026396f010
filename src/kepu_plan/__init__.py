"""kepu_plan: read, adapt, check and track target and task allocation tables (目标任务分工表).

>>> import kepu_plan as kp
>>> plan = kp.examples.shenmu()
>>> len(plan.actions), len(plan.tasks), len(plan.duties), len(plan.units)
(10, 40, 112, 33)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names a type checker sees; at run time __getattr__ imports each on first use
    from kepu_plan import examples, layouts
    from kepu_plan._io import read, read_docx, read_json, read_xlsx, write, write_docx, write_json, write_xlsx
    from kepu_plan._limits import Limits
    from kepu_plan.adapt import Adaptation, adapt
    from kepu_plan.diagnostics import Diagnostic, Severity
    from kepu_plan.diff import PlanDiff, diff
    from kepu_plan.errors import (
        FileMissing,
        InvalidPlan,
        KepuPlanError,
        LayoutError,
        LimitExceeded,
        Location,
        ReadError,
        UnsupportedFormat,
        WriteError,
    )
    from kepu_plan.formats.docx import DocxStyle
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
        Wording,
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
    "FileMissing",
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
    "Wording",
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


#: Where each public name lives (module: names): ``import kepu_plan`` imports none of them, so that the command
#: line's ``--help`` (and any program using one part) does not load the readers, writers and their
#: dependencies; ``kp.read`` imports ``kepu_plan._io`` on first use.
_EXPORTS: dict[str, str] = {
    "": "examples layouts",
    "_io": "read read_docx read_json read_xlsx write write_docx write_json write_xlsx",
    "_limits": "Limits",
    "adapt": "Adaptation adapt",
    "diagnostics": "Diagnostic Severity",
    "diff": "PlanDiff diff",
    "errors": "FileMissing InvalidPlan KepuPlanError LayoutError LimitExceeded Location ReadError UnsupportedFormat "
    "WriteError",
    "formats.json": "from_json to_json",
    "formats.docx": "DocxStyle",
    "model": "Action ActionKind Cadence Column Comparator Duty Extra Layout LeadStyle Plan Target Task Unit Wording",
    "targets": "find_targets",
    "units": "UnitDirectory check_units workload",
}
_HOMES: dict[str, str] = {name: module for module, names in _EXPORTS.items() for name in names.split()}


# A function named like its module (``kp.diff``, ``kp.adapt``) is bound now: importing the module
# later (as a reader does) would otherwise leave the module under that name.  Neither loads a reader.
from kepu_plan.adapt import adapt  # noqa: E402
from kepu_plan.diff import diff  # noqa: E402


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'kepu_plan' has no attribute {name!r}")
    import importlib

    value: object = (
        importlib.import_module(f"kepu_plan.{name}")
        if home == ""
        else getattr(importlib.import_module(f"kepu_plan.{home}"), name)
    )
    globals()[name] = value  # the next lookup finds it without this function
    return value
