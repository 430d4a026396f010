"""The plan model: Plan, Action, Task, Duty, Unit, Target and their enums.

Every class is immutable (frozen, slotted, keyword-only attrs classes), hashable and checked at
construction: a broken rule raises :class:`~kepu_plan.errors.InvalidPlan` naming the path and the
reason.  Edits make new objects with :func:`attrs.evolve`, or :func:`map_duties` for every duty at
once.  The model imports nothing of kepu_plan but its errors, its messages and the grammar of a
table's text (:mod:`kepu_plan._grammar`); what builds on it (units, targets, layouts, formats)
imports it.

>>> duty = Duty(content="每年开展科普活动10场次", units=["市科协", "市教体局"])
>>> duty.units
(Unit(name='市科协'), Unit(name='市教体局'))
>>> Action(name="青少年科学素质提升行动", tasks=[Task(name="提升科学教育水平", duties=[duty])]).kind
<ActionKind.ACTION: '行动'>

The package's modules follow the seams: ``_checks`` (texts and names), ``_unit`` (Unit, Extra,
Wording), ``_target`` (Target, Comparator, Cadence), ``_plan`` (Duty, Task, Action, Plan),
``_layout`` (Column, Layout, LeadStyle), ``_walk`` (walking and mapping duties), and the plan's
unit views ``_assign``, ``_renaming`` and ``_unit_check`` (re-exported by :mod:`kepu_plan.units`).
"""

from __future__ import annotations

from kepu_plan._grammar.cells import (
    MAX_TEXT_LENGTH,
    NO_UNITS,
    NUMBERING,
    NUMBERING_STYLES,
    OPEN_ENDINGS,
    ROLE_MARK,
    UNIT_LABEL,
    UNIT_SEPARATORS,
)
from kepu_plan.model._assign import (
    SHARED_COLUMN,
    Assignment,
    Leadership,
    assignments,
    covers,
    duties_of,
    for_unit,
    is_collective,
    led_by,
)
from kepu_plan.model._directory import DirectoryEntryLike, DirectoryLike
from kepu_plan.model._layout import ROLES, Column, Layout, LeadStyle
from kepu_plan.model._plan import Action, ActionKind, Duty, Plan, Task
from kepu_plan.model._renaming import map_units, rename_units
from kepu_plan.model._target import Cadence, Comparator, Target, find_targets
from kepu_plan.model._unit import Extra, Unit, Wording
from kepu_plan.model._unit_check import IssueKind, UnitIssue, check_units, similarity
from kepu_plan.model._walk import PlacedDuty, map_duties, walk_duties

__all__ = [
    "MAX_TEXT_LENGTH",
    "NO_UNITS",
    "NUMBERING",
    "NUMBERING_STYLES",
    "OPEN_ENDINGS",
    "ROLES",
    "ROLE_MARK",
    "SHARED_COLUMN",
    "UNIT_LABEL",
    "UNIT_SEPARATORS",
    "Action",
    "ActionKind",
    "Assignment",
    "Cadence",
    "Column",
    "Comparator",
    "DirectoryEntryLike",
    "DirectoryLike",
    "Duty",
    "Extra",
    "IssueKind",
    "Layout",
    "LeadStyle",
    "Leadership",
    "PlacedDuty",
    "Plan",
    "Target",
    "Task",
    "Unit",
    "UnitIssue",
    "Wording",
    "assignments",
    "check_units",
    "covers",
    "duties_of",
    "find_targets",
    "for_unit",
    "is_collective",
    "led_by",
    "map_duties",
    "map_units",
    "rename_units",
    "similarity",
    "walk_duties",
]


# typing.get_type_hints evaluates a class's annotations in the namespace of its __module__, which
# is this package for the classes below: the names their annotations use must be found here too.
from decimal import Decimal  # noqa: F401 (Target.quantity, Target.upper)

# The classes are defined in the package's modules but belong to kepu_plan.model, where they are
# imported from: their reprs, pickles and the API snapshot name them so.
for _cls in (
    Action,
    ActionKind,
    Assignment,
    Cadence,
    Column,
    Comparator,
    DirectoryEntryLike,
    DirectoryLike,
    Duty,
    Extra,
    IssueKind,
    Layout,
    LeadStyle,
    Leadership,
    PlacedDuty,
    Plan,
    Target,
    Task,
    Unit,
    UnitIssue,
    Wording,
):
    _cls.__module__ = __name__
del _cls
