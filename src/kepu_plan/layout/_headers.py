"""The header vocabulary: the texts that name each column's role, and how header texts are compared."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

#: Header texts by role.  Where two task-like columns stand and no action column, the left one
#: holds the actions (``重点任务`` beside ``主要任务``).
HEADERS: Final[Mapping[str, tuple[str, ...]]] = {
    "action": ("重点行动\n重点工程", "重点行动/重点工程", "重点行动", "重点工程", "行动", "工程", "任务类别"),
    "task": ("主要任务", "重点任务", "工作任务", "任务", "重点工作"),
    "content": ("主要内容", "具体内容", "工作内容", "具体措施", "工作措施", "任务内容", "目标任务", "主要措施"),
    "units": ("负责单位", "责任单位", "责任部门", "实施单位"),
    "leads": ("牵头单位", "牵头部门"),
    "partners": ("配合单位", "协同单位", "参与单位", "配合部门"),
    "deadline": ("完成时限", "时间节点", "完成时间", "时限"),
    "number": ("序号",),
}
KNOWN_HEADERS: Final = tuple(header for headers in HEADERS.values() for header in headers)

_DEFAULT_HEADERS: Final = {role: headers[0] for role, headers in HEADERS.items()}
_HEADER_NOISE = re.compile(r"[\s/／、]+")
_SCAN_ROWS: Final = 30


def _normalise_header(text: str) -> str:
    return _HEADER_NOISE.sub("", text)


_ROLE_BY_HEADER: Final = {_normalise_header(h): role for role, hs in HEADERS.items() for h in hs}


#: An attachment label on a line of its own: 附件, 附件2, 附件2-1, 附件（二）, 附件一, 附表, 附表3, 附件1：
_LABEL = re.compile(
    r"^附[件表]\s*(?:[0-9０-９一二三四五六七八九十]+(?:\s*[-－—–.．]\s*[0-9０-９一二三四五六七八九十]+)*"
    r"|[（(][0-9０-９一二三四五六七八九十]+[）)])?\s*[:：]?$"
)
