"""How a table is laid out: its :class:`Column` roles (:data:`ROLES`), the :class:`LeadStyle` of
its lead marks and the :class:`Layout` a plan is written back in."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Final

import attrs

from kepu_plan._grammar.cells import NUMBERING_STYLES
from kepu_plan._i18n import N_, Text
from kepu_plan.errors import InvalidPlan
from kepu_plan.model._checks import check_items, check_text, to_tuple

__all__ = ["ROLES", "Column", "Layout", "LeadStyle"]

#: The roles a table column can have.
ROLES: Final = ("action", "task", "content", "units", "leads", "partners", "deadline", "number", "extra")


@attrs.frozen(kw_only=True)
class Column:
    """A table column: its ``role`` (one of :data:`ROLES`) and its header text as the table writes it.

    ``group`` is the text of the header cell the column stands under in a header of two rows
    (``责任单位`` over ``牵头单位 | 配合单位``); neighbouring columns with the same group share it.
    """

    role: str
    header: str
    group: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.role not in ROLES:
            raise InvalidPlan(
                "role",
                Text(N_("unknown column role '{role}'; the roles are {roles}"), role=self.role, roles=", ".join(ROLES)),
            )
        check_text("header", self.header, what=N_("column header"), multiline=True)
        if self.group is not None:
            check_text("group", self.group, what=N_("column group"), multiline=True)


class LeadStyle(enum.Enum):
    """How a table marks the units that lead a duty."""

    COLUMN = "column"
    """A lead column (牵头单位) beside the units (负责单位) or partners (配合单位) column."""
    MARK = "mark"
    """``（牵头）`` after a unit name in the units cell."""
    GROUP = "group"
    """``A、B牵头，C、D配合`` in the units cell."""


def _columns(value: Iterable[Column]) -> tuple[Column, ...]:
    return to_tuple("columns", value)


@attrs.frozen(kw_only=True)
class Layout:
    """How a county lays its table out, so that a plan is written back the way it was read.

    ``columns`` in order with their header texts; ``sections`` when actions are rows spanning the
    table (``一、青少年科学素质提升行动``) instead of a column.  A table of two levels has no task
    column (:attr:`two_levels`); ``action_numbering`` and
    ``task_numbering`` the numbering put before names (``一、``, ``（一）``, ``1.``, ``1、``,
    ``(1)``, ``（1）``, ``①``; None for none); ``merged`` whether action and task cells span their
    rows or are repeated on every row; ``leads`` how duty leads are marked.
    """

    columns: tuple[Column, ...] = attrs.field(converter=_columns)
    sections: bool = False
    action_numbering: str | None = None
    task_numbering: str | None = None
    merged: bool = True
    leads: LeadStyle = LeadStyle.COLUMN

    def __attrs_post_init__(self) -> None:
        check_items("columns", self.columns, Column, N_("column"))
        roles = [column.role for column in self.columns]
        for role in ROLES[:-1]:
            if roles.count(role) > 1:
                raise InvalidPlan("columns", Text(N_("more than one {role} column"), role=role))
        if "content" not in roles:
            raise InvalidPlan("columns", Text(N_("a layout needs a {role} column"), role="content"))
        if self.sections == ("action" in roles):
            raise InvalidPlan("columns", Text(N_("actions are either a column or section rows: give one of them")))
        headers = [column.header for column in self.columns]
        for i, header in enumerate(headers):
            if header in headers[:i]:
                raise InvalidPlan(f"columns[{i}].header", Text(N_("header '{header}' is used twice"), header=header))
        if any(column.group is not None for column in self.columns):
            # A reader finds a header of two rows by its first row, which must name the content
            # column and another one: with them under groups, the table would not read back.
            outside = [column.role for column in self.columns if column.group is None and column.role != "extra"]
            if "content" not in outside:
                raise InvalidPlan("columns", Text(N_("the content column cannot stand under a group (column.group)")))
            if len(outside) < 2:
                raise InvalidPlan(
                    "columns", Text(N_("with groups, a column besides the content column must stand outside them"))
                )
        for name in ("action_numbering", "task_numbering"):
            value = getattr(self, name)
            if value is not None and value not in NUMBERING_STYLES:
                raise InvalidPlan(
                    name,
                    Text(
                        N_("unknown numbering '{value}'; the numberings are {styles}"),
                        value=value,
                        styles=" ".join(NUMBERING_STYLES),
                    ),
                )
        if not isinstance(self.leads, LeadStyle):
            raise InvalidPlan("leads", Text(N_("leads must be a LeadStyle, not {value}"), value=repr(self.leads)))

    def roles(self) -> tuple[str, ...]:
        """The columns' roles in order."""
        return tuple(column.role for column in self.columns)

    @property
    def two_levels(self) -> bool:
        """Whether the table has two levels, actions and contents, and no task column
        (``重点任务 | 具体措施 | 责任单位``): each action's rows are read as one task named as the
        action, and a plan whose every action is one such task is written without a task column."""
        return all(column.role != "task" for column in self.columns)


for _cls in (Column, Layout):
    attrs.resolve_types(_cls)
del _cls
