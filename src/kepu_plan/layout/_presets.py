"""Named table layouts: the Shenmu layout (the default) and others counties use."""

from __future__ import annotations

from typing import Final

from kepu_plan.model import Column, Layout, LeadStyle

__all__ = ["LEAD_COLUMNS", "MARKED", "SECTIONS", "SHENMU"]

#: The Shenmu layout: the default for plans built in code.
SHENMU: Final = Layout(
    columns=[
        Column(role="action", header="重点行动\n重点工程"),
        Column(role="task", header="主要任务"),
        Column(role="content", header="主要内容"),
        Column(role="units", header="负责单位"),
    ]
)

#: Actions as numbered section rows (一、…), tasks numbered （一）… in the first column.
SECTIONS: Final = Layout(
    columns=[
        Column(role="task", header="主要任务"),
        Column(role="content", header="具体内容"),
        Column(role="units", header="责任单位"),
        Column(role="deadline", header="完成时限"),
    ],
    sections=True,
    action_numbering="一、",
    task_numbering="（一）",
)

#: A spreadsheet export: every row repeats its action and task, leads and partners in two columns.
LEAD_COLUMNS: Final = Layout(
    columns=[
        Column(role="number", header="序号"),
        Column(role="action", header="重点工作"),
        Column(role="task", header="工作任务"),
        Column(role="content", header="工作措施"),
        Column(role="leads", header="牵头单位"),
        Column(role="partners", header="配合单位"),
        Column(role="extra", header="备注"),
    ],
    merged=False,
)

#: Lead units marked ``（牵头）`` in the units cell; actions in a 重点任务 column.
MARKED: Final = Layout(
    columns=[
        Column(role="action", header="重点任务"),
        Column(role="task", header="工作任务"),
        Column(role="content", header="工作内容"),
        Column(role="units", header="责任单位"),
    ],
    action_numbering="1.",
    leads=LeadStyle.MARK,
)
