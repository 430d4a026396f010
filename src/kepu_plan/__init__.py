"""kepu_plan: read, adapt, check and track target and task allocation tables (目标任务分工表).

>>> import kepu_plan as kp
>>> plan = kp.examples.shenmu()
>>> len(plan.actions), len(plan.tasks), len(plan.duties), len(plan.units)
(10, 40, 112, 33)
"""

from __future__ import annotations

import sys
import types
from importlib import import_module
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:  # what the names below are; at run time each is imported on first use
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
    from kepu_plan.adapt import Adaptation, Change, ChangeKind, adapt
    from kepu_plan.diagnostics import Diagnostic, Severity
    from kepu_plan.diff import (
        FieldChange,
        ItemDiff,
        Level,
        Place,
        PlanDiff,
        TargetChange,
        UnitDelta,
        UnitRename,
        diff,
    )
    from kepu_plan.errors import (
        FileMissing,
        InvalidPlan,
        KepuPlanError,
        LayoutError,
        LedgerMismatch,
        LimitExceeded,
        Location,
        OptionError,
        ReadError,
        UnitNotFound,
        UnsupportedFormat,
        WriteError,
    )
    from kepu_plan.formats.docx import DocxStyle
    from kepu_plan.formats.json import from_json, to_json
    from kepu_plan.limits import Limits
    from kepu_plan.model import (
        Action,
        ActionKind,
        Cadence,
        Column,
        Comparator,
        DirectoryEntryLike,
        DirectoryLike,
        Duty,
        Extra,
        Layout,
        LeadStyle,
        PlacedDuty,
        Plan,
        Target,
        Task,
        Unit,
        Wording,
        map_duties,
        walk_duties,
    )
    from kepu_plan.targets import find_targets
    from kepu_plan.units import (
        DirectoryEntry,
        IssueKind,
        Leadership,
        UnitDirectory,
        UnitIssue,
        Workload,
        WorkloadRow,
        check_units,
        workload,
    )

__version__ = "0.1.0"

__all__ = [
    "Action",
    "ActionKind",
    "Adaptation",
    "Cadence",
    "Change",
    "ChangeKind",
    "Column",
    "Comparator",
    "Diagnostic",
    "DirectoryEntry",
    "DirectoryEntryLike",
    "DirectoryLike",
    "DocxStyle",
    "Duty",
    "Extra",
    "FieldChange",
    "FileMissing",
    "InvalidPlan",
    "IssueKind",
    "ItemDiff",
    "KepuPlanError",
    "Layout",
    "LayoutError",
    "LeadStyle",
    "Leadership",
    "LedgerMismatch",
    "Level",
    "LimitExceeded",
    "Limits",
    "Location",
    "OptionError",
    "Place",
    "PlacedDuty",
    "Plan",
    "PlanDiff",
    "ReadError",
    "Severity",
    "Target",
    "TargetChange",
    "Task",
    "Unit",
    "UnitDelta",
    "UnitDirectory",
    "UnitIssue",
    "UnitNotFound",
    "UnitRename",
    "UnsupportedFormat",
    "Wording",
    "Workload",
    "WorkloadRow",
    "WriteError",
    "__version__",
    "adapt",
    "check_units",
    "diff",
    "examples",
    "find_targets",
    "from_json",
    "layouts",
    "map_duties",
    "read",
    "read_docx",
    "read_json",
    "read_pdf",
    "read_xlsx",
    "to_json",
    "walk_duties",
    "workload",
    "write",
    "write_docx",
    "write_json",
    "write_xlsx",
]

#: Where each public name lives (its module, below kepu_plan); a module's own name is the module.
#: ``import kepu_plan`` imports none of them: each is imported when first used, so that the import
#: stays light (a script that only reads a DOCX never loads cattrs, diff or the unit directory).
_HOMES: Final = {
    name: home
    for home, names in (
        ("", "examples layouts"),
        ("_io", "read read_docx read_json read_pdf read_xlsx write write_docx write_json write_xlsx"),
        ("adapt", "Adaptation Change ChangeKind adapt"),
        ("diagnostics", "Diagnostic Severity"),
        ("diff", "FieldChange ItemDiff Level Place PlanDiff TargetChange UnitDelta UnitRename diff"),
        (
            "errors",
            "FileMissing InvalidPlan KepuPlanError LayoutError LedgerMismatch LimitExceeded Location OptionError "
            "ReadError UnitNotFound UnsupportedFormat WriteError",
        ),
        ("formats.docx", "DocxStyle"),
        ("formats.json", "from_json to_json"),
        (
            "model",
            "Action ActionKind Cadence Column Comparator DirectoryEntryLike DirectoryLike Duty Extra Layout LeadStyle "
            "PlacedDuty Plan Target Task Unit Wording map_duties walk_duties",
        ),
        ("limits", "Limits"),
        ("targets", "find_targets"),
        (
            "units",
            "DirectoryEntry IssueKind Leadership UnitDirectory UnitIssue Workload WorkloadRow check_units workload",
        ),
    )
    for name in names.split()
}


def __dir__() -> list[str]:
    return list(__all__)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'kepu_plan' has no attribute {name!r}")
    value = import_module(f"kepu_plan.{home or name}")
    if home:
        value = getattr(value, name)
    globals()[name] = value  # found at once from now on
    return value


class _Package(types.ModuleType):
    """The package module, which keeps its functions ``diff`` and ``adapt`` when their modules
    ``kepu_plan.diff`` and ``kepu_plan.adapt`` are imported (the import system would otherwise set
    the package's attributes of those names to the modules)."""

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and _HOMES.get(name) and value.__name__ == f"kepu_plan.{name}":
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
