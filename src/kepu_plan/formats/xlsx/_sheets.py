"""The sheets kepu_plan writes; the derived ones are rebuilt on every write and never read."""

from __future__ import annotations

from typing import Final

TABLE_SHEET: Final = "分工表"
UNITS_SHEET: Final = "单位"
TARGETS_SHEET: Final = "指标"
DERIVED_SHEETS: Final = (UNITS_SHEET, TARGETS_SHEET)
#: The drop-down of the 指标 sheet's 完成情况 column.
STATUSES: Final = ("未开始", "推进中", "已完成", "未完成")
