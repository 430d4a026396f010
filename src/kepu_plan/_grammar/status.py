"""The words of the 完成情况 (status) column, in one place.

The plan workbook's 指标 sheet offers them in its drop-down, the tracking forms units fill in offer
the same, and the tracking loop reads them back as :class:`Status`: a user meets one list of words
in every file kepu_plan writes.
"""

from __future__ import annotations

import enum
from typing import Final

__all__ = ["STATUSES", "Status"]


class Status(enum.Enum):
    """How a duty stands (完成情况), as a unit reports it."""

    DONE = "已完成"
    IN_PROGRESS = "推进中"
    NOT_STARTED = "未启动"
    LAGGING = "滞后"


#: The statuses in the order drop-downs list them.
STATUSES: Final = tuple(status.value for status in Status)
