"""Report forms (报送表): one XLSX per responsible unit, listing its duties with cells to fill.

A form has one sheet, ``报送表``: title rows naming the period and the unit, a header row, and a
row per duty.  The plan's texts (action, task, content, the unit's role, the other units, each
target and its planned figure) are locked; the cells to fill (完成情况 with a drop-down list,
进展情况, 佐证材料 and a 完成值 per target) are not.  The sheet is protected without a password, so a
unit can still unprotect it if it must.  A hidden column holds each duty's key and a hidden sheet
the plan's fingerprint, the period and the unit, so that :func:`~kepu_plan.tracking.collecting.collect`
matches a returned form to its plan and each row to its duty even when the rows were re-sorted.

>>> import io
>>> from kepu_plan import examples
>>> stream = io.BytesIO()
>>> write_form(examples.shenmu(), "市气象局", stream, period="2024年")
>>> stream.getvalue()[:2]
b'PK'
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO, Final

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kepu_plan._atomic import make_folder, safe_file_name
from kepu_plan._i18n import N_, Text
from kepu_plan.errors import OptionError, UnitNotFound
from kepu_plan.model import Plan, Unit
from kepu_plan.tracking._sheets import fit_height, print_setup, put, save, write_data_sheet
from kepu_plan.tracking.assign import PlanDuty, form_duties, form_units, plan_duties
from kepu_plan.tracking.model import FORMAT, STATUSES, fingerprint
from kepu_plan.units import UnitDirectory

__all__ = ["FORM_SHEET", "HEADERS", "form_file_name", "write_form", "write_forms"]

#: The name of the form's sheet.
FORM_SHEET: Final = "报送表"
#: The row of column headers (rows above it hold the title, the unit and the instructions).
HEADER_ROW: Final = 4

#: The fixed columns of a form, in order, with their widths (characters).
HEADERS: Final[dict[str, tuple[str, float]]] = {
    "number": ("序号", 6),
    "action": ("行动", 16),
    "task": ("任务", 18),
    "content": ("主要内容", 42),
    "role": ("本单位", 8),
    "others": ("其他负责单位", 16),
    "status": ("完成情况", 10),
    "progress": ("进展情况", 36),
    "evidence": ("佐证材料", 20),
}
#: The three columns of each target: the target, its planned figure and the figure achieved.
TARGET_HEADERS: Final[dict[str, tuple[str, float]]] = {
    "target": ("指标", 18),
    "planned": ("计划值", 7),
    "actual": ("完成值", 8),
}
#: The hidden column that holds each duty's key.
KEY_HEADER: Final = "内容编号"

_INSTRUCTIONS: Final = (
    "填写说明：请在黄色单元格填写。完成情况从下拉列表选择（已完成、推进中、未启动、滞后）；"
    "完成值填写数字；其他单元格为分工表原文，请勿修改。可以筛选；排序前请先撤销工作表保护（无密码）。请勿删除行。"
)


def form_file_name(unit: str, *, tag: str = "") -> str:
    """The file name of a unit's form: the unit's name as every operating system accepts it
    (:func:`~kepu_plan._atomic.safe_file_name`: characters a file name cannot hold replaced, a long
    name cut to fit, ``tag`` kept whole).

    >>> form_file_name("市科协"), form_file_name("A/B")
    ('市科协.xlsx', 'A_B.xlsx')
    """
    return safe_file_name(unit, ".xlsx", tag=tag)


def _check_period(period: str) -> None:
    """A period names the forms and their title: one line of text, as ``2024年`` or ``中期评估``."""
    if not isinstance(period, str) or not period.strip() or "\n" in period or period != period.strip():
        template = N_("the period must be one line of text without surrounding spaces, not {period}")
        raise OptionError(Text(template, period=repr(period)))


def _target_slots(duties: Sequence[PlanDuty]) -> int:
    return max((len(item.duty.targets) for item in duties), default=0)


def target_header(field: str, slot: int, slots: int) -> str:
    """The header of a target column: ``完成值`` when a form has one target a row, else ``完成值2``."""
    name = TARGET_HEADERS[field][0]
    return name if slots == 1 else f"{name}{slot}"


def _layout(sheet: Worksheet, slots: int) -> tuple[dict[str, int], int]:
    """Write the header row; return the column of each field (``actual2`` for the 2nd target) and
    the key column."""
    columns: dict[str, int] = {}
    headers: list[tuple[str, float]] = []
    for field, (header, width) in HEADERS.items():
        columns[field] = len(headers) + 1
        headers.append((header, width))
    for slot in range(1, slots + 1):
        for field, (_, width) in TARGET_HEADERS.items():
            columns[f"{field}{slot}"] = len(headers) + 1
            headers.append((target_header(field, slot, slots), width))
    key_column = len(headers) + 1
    headers.append((KEY_HEADER, 16))
    for column, (header, width) in enumerate(headers, start=1):
        put(sheet, HEADER_ROW, column, header, style="header")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.column_dimensions[get_column_letter(key_column)].hidden = True
    return columns, key_column


def _fill(sheet: Worksheet, row: int, column: int) -> None:
    put(sheet, row, column, None, style="input")


def _duty_row(sheet: Worksheet, row: int, item: PlanDuty, unit: str, columns: dict[str, int], slots: int) -> None:
    put(sheet, row, columns["number"], item.number, style="center")
    put(sheet, row, columns["action"], item.action.name)
    put(sheet, row, columns["task"], item.task.name)
    put(sheet, row, columns["content"], item.duty.content)
    put(sheet, row, columns["role"], item.role_of(unit), style="center")
    put(sheet, row, columns["others"], item.others(unit))
    for field in ("status", "progress", "evidence"):
        _fill(sheet, row, columns[field])
    targets = item.duty.targets
    for slot in range(1, slots + 1):
        if slot <= len(targets):
            target = targets[slot - 1]
            put(sheet, row, columns[f"target{slot}"], target.text)
            planned = put(sheet, row, columns[f"planned{slot}"], target.quantity, style="center")
            planned.number_format = "General"
            _fill(sheet, row, columns[f"actual{slot}"])
        else:
            for field in ("target", "planned", "actual"):
                put(sheet, row, columns[f"{field}{slot}"], None)


def _form(plan: Plan, unit: str, duties: Sequence[PlanDuty], *, period: str, plan_fingerprint: str) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = FORM_SHEET
    slots = _target_slots(duties)
    columns, key_column = _layout(sheet, slots)
    # The title rows are not merged (merging is slow in openpyxl): their texts run on over the
    # empty cells beside them, on screen and in print.
    put(sheet, 1, 1, f"{period}任务进展报送表（{unit}）", style="title")
    put(sheet, 2, 1, f"报送单位：{unit}　　报送周期：{period}　　分工表：{plan.title or '（无标题）'}", style="line")
    put(sheet, 3, 1, _INSTRUCTIONS, style="line")
    sheet.row_dimensions[1].height = 30
    sheet.row_dimensions[3].height = 30
    first = HEADER_ROW + 1
    for row, item in enumerate(duties, start=first):
        _duty_row(sheet, row, item, unit, columns, slots)
        put(sheet, row, key_column, item.key)
        fit_height(sheet, row)
    end = first + len(duties) - 1
    status = get_column_letter(columns["status"])
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="完成情况",
        error="请从列表中选择：" + "、".join(STATUSES),
        promptTitle="完成情况",
        prompt="请选择：" + "、".join(STATUSES),
        showInputMessage=True,
    )
    validation.add(f"{status}{first}:{status}{max(end, first)}")
    sheet.add_data_validation(validation)
    sheet.freeze_panes = f"{status}{first}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(key_column)}{max(end, first)}"
    print_setup(sheet, HEADER_ROW)
    sheet.print_options.horizontalCentered = True
    footer: Any = sheet.oddFooter
    footer.center.text = "第 &P 页，共 &N 页"
    protection = sheet.protection
    protection.sheet = True
    protection.sort = False
    protection.autoFilter = False
    protection.formatColumns = False
    protection.formatRows = False
    write_data_sheet(
        workbook,
        {
            "format": FORMAT,
            "kind": "form",
            "fingerprint": plan_fingerprint,
            "period": period,
            "unit": unit,
            "plan": plan.title,
        },
    )
    return workbook


def write_form(
    plan: Plan,
    unit: Unit | str,
    target: str | os.PathLike[str] | BinaryIO,
    *,
    period: str,
    directory: UnitDirectory | None = None,
) -> None:
    """Write ``unit``'s report form for ``period`` (``2024年``) to a path or a binary stream.

    Raises :class:`~kepu_plan.errors.OptionError` (a ValueError) when the period is not one line of
    text, and :class:`~kepu_plan.errors.UnitNotFound` (a LookupError) when the unit has no duty to
    report on, before anything is written: either the plan does not name it (a misspelt name; the
    message says so), or it is named (an action's lead, say) but no duty is given to it, by name or
    through a collective unit that covers it.  Both are a failed lookup of the unit's duties, as for
    :func:`~kepu_plan.units.for_unit`; an empty form would be of no use to anyone.

    >>> import io
    >>> from kepu_plan import examples
    >>> try:
    ...     write_form(examples.shenmu(), "县科协", io.BytesIO(), period="2024年")  # the city's is 市科协
    ... except UnitNotFound as error:
    ...     print(error.code, isinstance(error, LookupError))
    unit-not-found True
    """
    _check_period(period)
    name = unit.name if isinstance(unit, Unit) else unit
    duties = form_duties(plan, name, directory=directory)
    if not duties:
        if all(known.name != name for known in plan.units):
            raise UnitNotFound(Text(N_("no unit named {names} in this plan"), names=name))
        template = N_("'{name}' is responsible for no duty in this plan, so its form would be empty")
        raise UnitNotFound(Text(template, name=name))
    save(_form(plan, name, duties, period=period, plan_fingerprint=fingerprint(plan)), target)


def write_forms(
    plan: Plan, folder: str | os.PathLike[str], *, period: str, directory: UnitDirectory | None = None
) -> dict[str, Path]:
    """Write one form per responsible unit into ``folder`` (made if missing); return each unit's path.

    Each file is named after its unit (:func:`form_file_name`); an existing file is replaced.  A folder
    that cannot be made (a file in its path, no permission) is a :class:`~kepu_plan.errors.WriteError`.
    """
    _check_period(period)
    out = Path(folder)
    make_folder(out)
    duties = plan_duties(plan)
    plan_fingerprint = fingerprint(plan)
    written: dict[str, Path] = {}
    used: set[str] = set()
    for unit in form_units(plan, directory=directory):
        name = form_file_name(unit)
        count = 1
        while name.casefold() in used:
            count += 1
            name = form_file_name(unit, tag=f"_{count}")
        used.add(name.casefold())
        mine = form_duties(plan, unit, directory=directory, duties=duties)
        path = out / name
        save(_form(plan, unit, mine, period=period, plan_fingerprint=plan_fingerprint), path)
        written[unit] = path
    return written
