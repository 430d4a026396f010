"""Laying a Plan out as a Document for the writers: :func:`document_from_plan`, :func:`normalise_for`,
:func:`target_spans`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import attrs

from kepu_plan.grid import Cell, Document, Grid
from kepu_plan.layout._cells import _format_units, _lead_slots, _numbered, _worded, format_action_cell
from kepu_plan.layout._headers import _DEFAULT_HEADERS
from kepu_plan.layout._presets import SHENMU
from kepu_plan.model import Column, Duty, Layout, LeadStyle, Plan, find_targets, map_duties, walk_duties

# --- writing -------------------------------------------------------------------------------------

#: The headers a task column added to a table of two levels may have: the first one no other column has.
_TASK_HEADERS: Final = ("主要任务", "工作任务", "重点任务", "任务")


def _columns_for(plan: Plan, layout: Layout) -> list[Column]:
    """The layout's columns, with those added that the plan needs so that nothing is lost."""
    columns = list(layout.columns)
    roles = [column.role for column in columns]
    duties = plan.duties

    def insert_after(roles_before: Sequence[str], column: Column) -> None:
        index = max((i for i, c in enumerate(columns) if c.role in roles_before), default=len(columns) - 1)
        columns.insert(index + 1, column)

    if layout.two_levels and not _fits_two_levels(plan):
        # A table of two levels holds one task per action, named as the action: a plan with other
        # tasks is written with a task column, after the action column (or before the contents).
        used = {column.header for column in columns}
        header = next((h for h in _TASK_HEADERS if h not in used), _TASK_HEADERS[0])
        index = next((i + 1 for i, c in enumerate(columns) if c.role == "action"), None)
        if index is None:
            index = next(i for i, c in enumerate(columns) if c.role == "content")
        columns.insert(index, Column(role="task", header=header))
    if any(duty.units for duty in duties) and not {"units", "leads", "partners"} & set(roles):
        insert_after(("content",), Column(role="units", header=_DEFAULT_HEADERS["units"]))
    if layout.leads is LeadStyle.COLUMN and any(duty.leads for duty in duties) and "leads" not in roles:
        index = next((i for i, c in enumerate(columns) if c.role in ("units", "partners")), len(columns))
        columns.insert(index, Column(role="leads", header=_DEFAULT_HEADERS["leads"]))
    roles = [column.role for column in columns]
    lone_leads = "leads" in roles and "units" not in roles and "partners" not in roles
    if lone_leads and any(set(duty.units) - set(duty.leads) for duty in duties):
        insert_after(("leads",), Column(role="partners", header=_DEFAULT_HEADERS["partners"]))
    if any(duty.deadline is not None for duty in duties) and "deadline" not in roles:
        columns.append(Column(role="deadline", header=_DEFAULT_HEADERS["deadline"]))
    known = {column.header for column in columns}
    for header in dict.fromkeys(key for duty in duties for key in duty.extra):
        if header not in known:
            columns.append(Column(role="extra", header=header))
    return columns


def _fits_two_levels(plan: Plan) -> bool:
    """Whether each action of the plan is one task named as the action, as a table of two levels
    (no task column) reads."""
    return all(len(action.tasks) == 1 and action.tasks[0].name == action.name for action in plan.actions)


def _duty_cell(duty: Duty, column: Column, columns: Sequence[Column], style: LeadStyle, number: int) -> str:
    role = column.role
    roles = {c.role for c in columns}
    if role == "content":
        return duty.content
    if role == "number":
        return str(number)
    wording = duty.wording
    if role == "units":
        return _format_units(duty, style, lead_column="leads" in roles)
    if role == "leads":
        if wording is not None and wording.leads is not None:
            worded = _worded(wording.leads, duty.leads, (), marks=False)
            if worded is not None:
                return worded
        if "units" not in roles and _partners_with_leads(duty) is not None:
            return ""  # the partner cell marks the leads itself (A（牵头）、B)
        return "\n".join(unit.name for unit in duty.leads)
    if role == "partners":
        if "units" in roles:
            return ""
        others = [unit for unit in duty.units if unit not in duty.leads]
        if wording is not None and wording.partners is not None:
            worded = _worded(wording.partners, others, (), marks=False)
            if worded is not None:
                return worded
        worded = _partners_with_leads(duty) if "leads" in roles else None
        if worded is not None:
            return worded
        return "\n".join(unit.name for unit in others)
    if role == "deadline":
        return duty.deadline or ""
    if role == "extra":
        return duty.extra.get(column.header, "")
    return ""


def _partners_with_leads(duty: Duty) -> str | None:
    """The partner cell in its own words where it named every unit and marked the leads itself
    (``A牵头，B配合`` under 配合单位, with the lead column empty), else None."""
    wording = duty.wording
    if wording is None or wording.partners is None or wording.leads is not None or not duty.leads:
        return None
    if not any(_lead_slots(wording.partners)):
        return None
    return _worded(wording.partners, duty.units, duty.leads, marks=True)


def normalise_for(plan: Plan, layout: Layout | None = None) -> Plan:
    """The plan as it reads back from a table in ``layout``.

    Where the layout separates lead units from the others (``A牵头，B配合``, or a lead column beside
    a partner column with no column of all units), each duty lists its leads first; where it marks
    leads in the units cell (``A（牵头）``), the leads come in the units' order.  Every other part
    is kept as it is.
    """
    layout = layout or plan.layout or SHENMU
    roles = {column.role for column in _columns_for(plan, layout)}
    separated = layout.leads is LeadStyle.GROUP or "units" not in roles
    marked = layout.leads is LeadStyle.MARK and "leads" not in roles
    if not separated and not marked:
        return plan

    def reorder(duty: Duty) -> Duty:
        if separated:
            others = [unit for unit in duty.units if unit not in duty.leads]
            return attrs.evolve(duty, units=[*duty.leads, *others])
        return attrs.evolve(duty, leads=[unit for unit in duty.units if unit in duty.leads])

    return map_duties(plan, reorder)


def target_spans(content: str) -> tuple[tuple[int, int], ...]:
    """Where each target found in ``content`` stands, as ``(start, end)`` character ranges.

    >>> target_spans("每年开展“科学实验秀”10场次，推行体验式学习。")
    ((0, 15),)
    """
    spans: list[tuple[int, int]] = []
    position = 0
    for target in find_targets(content):
        start = content.find(target.text, position)
        if start < 0:
            start = content.find(target.text)
        if start >= 0:
            spans.append((start, start + len(target.text)))
            position = start + len(target.text)
    return tuple(spans)


def _header_cells(columns: Sequence[Column]) -> list[Cell]:
    """The header row, or two rows when columns stand under groups (``责任单位`` over ``牵头单位 |
    配合单位``): a group spans its neighbouring columns, and a column without one spans both rows."""
    if all(column.group is None for column in columns):
        return [Cell(row=0, col=col, text=column.header) for col, column in enumerate(columns)]
    upper: list[Cell] = []
    lower: list[Cell] = []
    col = 0
    while col < len(columns):
        group = columns[col].group
        if group is None:
            upper.append(Cell(row=0, col=col, text=columns[col].header, rowspan=2))
            col += 1
            continue
        end = col
        while end < len(columns) and columns[end].group == group:
            header = columns[end].header
            # An extra column under a group is named "group/name" (see _refine_with_subheaders).
            shown = (
                header[len(group) + 1 :] if header.startswith(f"{group}/") and columns[end].role == "extra" else header
            )
            lower.append(Cell(row=1, col=end, text=shown))
            end += 1
        upper.append(Cell(row=0, col=col, text=group, colspan=end - col))
        col = end
    return upper + lower


def document_from_plan(plan: Plan, layout: Layout | None = None, *, mark_targets: bool = False) -> Document:
    """The plan laid out as a grid in ``layout`` (default: the plan's own layout, else Shenmu's).

    Columns the plan needs but the layout lacks (a lead column, a deadline, extra columns) are
    added, so that nothing is lost.  With ``mark_targets`` each content cell carries the character
    ranges of its targets in ``bold_spans``, for writers that can set them in bold.
    """
    layout = layout or plan.layout or SHENMU
    columns = _columns_for(plan, layout)
    ncols = len(columns)
    cells = _header_cells(columns)
    header_rows = cells[-1].row + 1
    action_col = next((i for i, c in enumerate(columns) if c.role == "action"), None)
    task_col = next((i for i, c in enumerate(columns) if c.role == "task"), None)  # None: two levels
    row = header_rows
    action_text = task_text = ""
    for place in walk_duties(plan):
        action, task, (a, t, d) = place.action, place.task, place.position
        if t == d == 0:  # the action's first duty
            action_text = _numbered(layout.action_numbering, a + 1, format_action_cell(action))
            if layout.sections:
                cells.append(Cell(row=row, col=0, text=action_text, colspan=ncols))
                row += 1
            elif layout.merged and action_col is not None:
                cells.append(Cell(row=row, col=action_col, text=action_text, rowspan=len(action.duties)))
        if d == 0:  # the task's first duty
            task_text = _numbered(layout.task_numbering, t + 1, task.name)
            if layout.merged and task_col is not None:
                cells.append(Cell(row=row, col=task_col, text=task_text, rowspan=len(task.duties)))
        for col, column in enumerate(columns):
            if column.role == "action" and layout.merged:
                continue
            if column.role == "task" and layout.merged:
                continue
            if column.role == "action":
                text = action_text
            elif column.role == "task":
                text = task_text
            else:
                text = _duty_cell(place.duty, column, columns, layout.leads, place.number)
            if mark_targets and column.role == "content":
                cells.append(Cell(row=row, col=col, text=text, bold_spans=target_spans(text)))
                continue
            cells.append(Cell(row=row, col=col, text=text))
        row += 1
    grid = Grid(
        nrows=row,
        ncols=ncols,
        cells=tuple(cells),
        header_rows=header_rows,
        column_roles=tuple(column.role for column in columns),
    )
    return Document(tables=(grid,), label=plan.label, title=plan.title, notes=plan.notes)
