"""The XLSX form of a ledger: what the office keeps and reads, and what reads back as the same ledger.

Three sheets: ``台账`` (a row per duty, its cells spanning one line per responsible unit with that
unit's answer), ``指标`` (each target: planned against achieved with the attainment rate, then each
unit's figure) and ``单位`` (each unit: reported or not, its duties by status).  A hidden sheet
names the plan (fingerprint), the period and the format; hidden columns hold each duty's key.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, BinaryIO, Final

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import Location, ReadError
from kepu_plan.model import Cadence, Comparator
from kepu_plan.tracking._sheets import (
    figure_text,
    fit_height,
    lines,
    load,
    print_setup,
    put,
    read_data_sheet,
    save,
    text_of,
    write_data_sheet,
)
from kepu_plan.tracking.model import (
    FORMAT,
    Actual,
    Ledger,
    LedgerDuty,
    PlannedTarget,
    Report,
    Status,
    number,
)
from kepu_plan.tracking.summary import (
    attainment,
    percent,
    status_counts,
    target_figure,
)

__all__ = ["read_ledger_xlsx", "write_ledger_xlsx"]


LEDGER_SHEET, TARGET_SHEET, UNIT_SHEET = "台账", "指标", "单位"
_HEADER_ROW: Final = 3
REPORTED, NOT_REPORTED = "已报送", "未报送"
#: The role of a unit that reports on a duty without being named in it (a member of a collective).
_OUTSIDE: Final = "另报"

_LEDGER_COLUMNS: Final = (
    ("序号", 6), ("行动", 16), ("任务", 18), ("主要内容", 42), ("负责单位", 14), ("角色", 6), ("是否报送", 8),
    ("完成情况", 9), ("进展情况", 36), ("佐证材料", 20), ("完成值", 26), ("内容编号", 16),
)  # fmt: skip
_TARGET_COLUMNS: Final = (
    ("序号", 6), ("主要内容", 30), ("指标", 30), ("计划值", 9), ("量词", 6), ("比较", 7), ("周期", 6),
    ("负责单位", 14), ("完成值", 9), ("完成值原文", 14), ("达成率", 8), ("内容编号", 16), ("行", 6),
)  # fmt: skip
_UNIT_COLUMNS: Final = (
    ("单位", 18), ("是否报送", 9), ("负责内容", 9), ("已完成", 8), ("推进中", 8), ("未启动", 8), ("滞后", 8),
    ("未填或其他", 10), ("完成率", 8),
)  # fmt: skip


def _sheet(workbook: Workbook, title: str, heading: str, columns: Sequence[tuple[str, float]]) -> Worksheet:
    sheet: Worksheet = workbook.create_sheet(title)
    put(sheet, 1, 1, heading, style="title")
    sheet.row_dimensions[1].height = 30
    for column, (header, width) in enumerate(columns, start=1):
        put(sheet, _HEADER_ROW, column, header, style="header")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{_HEADER_ROW + 1}"
    print_setup(sheet, _HEADER_ROW)
    return sheet


def _role(duty: LedgerDuty, unit: str) -> str:
    if unit not in duty.units:
        return _OUTSIDE
    if unit in duty.leads:
        return "牵头"
    return "配合" if duty.leads else "负责"


def _rate(value: Decimal | None) -> str:
    """An attainment rate as a percentage: ``104%``, ``62.5%``."""
    return "" if value is None else percent(value)


def _figures_text(report: Report) -> str:
    return "\n".join(f"{actual.target}：{actual.text}" for actual in report.actuals if actual.text)


def _ledger_sheet(workbook: Workbook, ledger: Ledger) -> None:
    sheet = _sheet(workbook, LEDGER_SHEET, f"{ledger.period}工作台账", _LEDGER_COLUMNS)
    put(sheet, 2, 1, f"分工表：{ledger.plan or '（无标题）'}", style="line")
    row = _HEADER_ROW + 1
    for duty in ledger.duties:
        units = list(duty.units) + [r.unit for r in duty.reports if r.unit not in duty.units]
        first = row
        for unit in units or [""]:
            report = duty.report_of(unit)
            put(sheet, row, 5, unit)
            put(sheet, row, 6, _role(duty, unit) if unit else "", style="center")
            put(sheet, row, 7, REPORTED if report is not None else NOT_REPORTED, style="center")
            put(sheet, row, 8, report.status_text if report else "", style="center")
            put(sheet, row, 9, report.progress if report else "")
            put(sheet, row, 10, report.evidence if report else "")
            put(sheet, row, 11, _figures_text(report) if report else "")
            put(sheet, row, 12, duty.key)
            row += 1
        share = -(-lines(duty.content, _LEDGER_COLUMNS[3][1]) // max(row - first, 1))
        for line in range(first, row):
            fit_height(sheet, line, share)
        heads: tuple[str | int, ...] = (duty.number, duty.action, duty.task, duty.content)
        for column, value in enumerate(heads, start=1):
            put(sheet, first, column, value, style="center" if column == 1 else "body")
            if row - 1 > first:
                sheet.merge_cells(start_row=first, start_column=column, end_row=row - 1, end_column=column)
    sheet.column_dimensions["L"].hidden = True
    sheet.auto_filter.ref = f"A{_HEADER_ROW}:L{max(row - 1, _HEADER_ROW)}"


def _target_sheet(workbook: Workbook, ledger: Ledger) -> None:
    sheet = _sheet(workbook, TARGET_SHEET, f"{ledger.period}指标完成情况", _TARGET_COLUMNS)
    row = _HEADER_ROW + 1
    for duty in ledger.duties:
        count = max([len(duty.targets), *(len(report.actuals) for report in duty.reports)])
        for index in range(count):
            if index < len(duty.targets):  # a row for the target as planned, then one per unit's figure
                target = duty.targets[index]
                achieved = target_figure(duty, index)
                rate = attainment(target.quantity, achieved)
                values: list[Any] = [duty.number, duty.content, target.text, target.quantity, target.measure]
                values += [target.comparator.word, target.cadence.word, "合计", achieved]
                values += ["" if achieved is None else figure_text(achieved), _rate(rate), duty.key, f"{index + 1}"]
                for column, value in enumerate(values, start=1):
                    put(sheet, row, column, value, style="bold-center" if column not in (2, 3) else "bold")
                fit_height(sheet, row)
                row += 1
            for report in duty.reports:
                if index >= len(report.actuals):
                    continue
                actual = report.actuals[index]
                values = [duty.number, "", actual.target, actual.planned, actual.measure, "", "", report.unit]
                values += [actual.value, actual.text, _rate(attainment(actual.planned, actual.value)), duty.key]
                values += [f"{index + 1}.{report.unit}"]
                for column, value in enumerate(values, start=1):
                    put(sheet, row, column, value, style="center" if column != 2 and column != 3 else "body")
                fit_height(sheet, row)
                row += 1
    sheet.column_dimensions["L"].hidden = True
    sheet.column_dimensions["M"].hidden = True


def _unit_sheet(workbook: Workbook, ledger: Ledger) -> None:
    sheet = _sheet(workbook, UNIT_SHEET, f"{ledger.period}各单位完成情况", _UNIT_COLUMNS)
    counts = status_counts(ledger)
    for row, unit in enumerate(ledger.units, start=_HEADER_ROW + 1):
        count = counts[unit]
        total = sum(count.values())
        done = count.get(Status.DONE, 0)
        values: list[Any] = [unit, NOT_REPORTED if unit in ledger.missing_units else REPORTED, total]
        values += [count.get(status, 0) for status in Status] + [count.get(None, 0)]
        values.append(_rate(Decimal(done) / total) if total and unit not in ledger.missing_units else "")
        for column, value in enumerate(values, start=1):
            put(sheet, row, column, value, style="body" if column == 1 else "center")


def write_ledger_xlsx(ledger: Ledger, target: str | os.PathLike[str] | BinaryIO) -> None:
    """Write ``ledger`` as an XLSX workbook (sheets 台账, 指标, 单位) to a path or binary stream."""
    workbook = Workbook()
    default = workbook.active
    assert default is not None
    workbook.remove(default)
    _ledger_sheet(workbook, ledger)
    _target_sheet(workbook, ledger)
    _unit_sheet(workbook, ledger)
    write_data_sheet(
        workbook,
        {
            "format": FORMAT,
            "kind": "ledger",
            "fingerprint": ledger.fingerprint,
            "period": ledger.period,
            "plan": ledger.plan,
        },
    )
    save(workbook, target)


# --- reading ------------------------------------------------------------------------------------


class _Sheet:
    """A ledger sheet's rows below the header, cells found by header text, errors naming the cell."""

    def __init__(self, workbook: Workbook, title: str, columns: Sequence[tuple[str, float]], file: str) -> None:
        if title not in workbook.sheetnames:
            raise ReadError(Text(N_("the ledger has no sheet {title!r}"), title=title), Location(file=file))
        self.sheet, self.file = workbook[title], file
        header = [text_of(cell.value) for cell in self.sheet[_HEADER_ROW]]
        self.columns: dict[str, int] = {}
        for name, _ in columns:
            if name not in header:
                raise ReadError(
                    Text(N_("the ledger's header lacks {name!r}"), name=name),
                    Location(file=file, sheet=title, row=_HEADER_ROW),
                )
            self.columns[name] = header.index(name) + 1

    def rows(self) -> Iterable[int]:
        return range(_HEADER_ROW + 1, self.sheet.max_row + 1)

    def raw(self, row: int, name: str) -> Any:
        return self.sheet.cell(row=row, column=self.columns[name]).value

    def text(self, row: int, name: str) -> str:
        return text_of(self.raw(row, name))

    def figure(self, row: int, name: str, *, optional: bool = False) -> int | Decimal | None:
        value = self.raw(row, name)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            cell = f"{get_column_letter(self.columns[name])}{row}"
            where = Location(file=self.file, sheet=self.sheet.title, cell=cell)
            raise ReadError(f"{name} is not a number: {text_of(value)!r}", where)
        return number(value)

    def fail(self, row: int, name: str, reason: str) -> ReadError:
        cell = f"{get_column_letter(self.columns[name])}{row}"
        return ReadError(reason, Location(file=self.file, sheet=self.sheet.title, cell=cell))


def _choice(sheet: _Sheet, row: int, name: str, members: type[Comparator] | type[Cadence]) -> Any:
    text = sheet.text(row, name)
    for member in members:
        if member.word == text:
            return member
    raise sheet.fail(row, name, f"unknown {name} {text!r}")


def _read_targets(sheet: _Sheet) -> tuple[dict[str, list[PlannedTarget]], dict[tuple[str, str], list[Actual]]]:
    targets: dict[str, list[PlannedTarget]] = {}
    actuals: dict[tuple[str, str], list[Actual]] = {}
    for row in sheet.rows():
        key, line = sheet.text(row, "内容编号"), sheet.text(row, "行")
        if not key:
            continue
        if "." not in line:
            targets.setdefault(key, []).append(
                PlannedTarget(
                    text=sheet.text(row, "指标"),
                    quantity=_required(sheet.figure(row, "计划值")),
                    measure=sheet.text(row, "量词"),
                    comparator=_choice(sheet, row, "比较", Comparator),
                    cadence=_choice(sheet, row, "周期", Cadence),
                )
            )
        else:
            actuals.setdefault((key, sheet.text(row, "负责单位")), []).append(
                Actual(
                    target=sheet.text(row, "指标"),
                    planned=_required(sheet.figure(row, "计划值")),
                    measure=sheet.text(row, "量词"),
                    value=sheet.figure(row, "完成值", optional=True),
                    text=sheet.text(row, "完成值原文"),
                )
            )
    return targets, actuals


def _required(value: int | Decimal | None) -> int | Decimal:
    assert value is not None
    return value


def _read_duties(
    sheet: _Sheet, targets: dict[str, list[PlannedTarget]], actuals: dict[tuple[str, str], list[Actual]]
) -> list[LedgerDuty]:
    duties: list[LedgerDuty] = []
    current: dict[str, Any] | None = None

    def close() -> None:
        if current is not None:
            duties.append(LedgerDuty(**current))

    for row in sheet.rows():
        key = sheet.text(row, "内容编号")
        if not key:
            continue
        if current is None or current["key"] != key:
            close()
            duty_number = sheet.raw(row, "序号")
            if not isinstance(duty_number, int) or isinstance(duty_number, bool):
                raise sheet.fail(row, "序号", f"the duty's number is not a whole number: {text_of(duty_number)!r}")
            current = {
                "number": duty_number,
                "key": key,
                "action": sheet.text(row, "行动"),
                "task": sheet.text(row, "任务"),
                "content": sheet.text(row, "主要内容"),
                "units": [],
                "leads": [],
                "targets": targets.get(key, []),
                "reports": [],
            }
        unit, role = sheet.text(row, "负责单位"), sheet.text(row, "角色")
        if unit and role != _OUTSIDE:
            current["units"].append(unit)
            if role == "牵头":
                current["leads"].append(unit)
        if sheet.text(row, "是否报送") == REPORTED:
            status_text = sheet.text(row, "完成情况")
            current["reports"].append(
                Report(
                    unit=unit,
                    status=next((s for s in Status if s.value == status_text.strip()), None),
                    status_text=status_text,
                    progress=sheet.text(row, "进展情况"),
                    evidence=sheet.text(row, "佐证材料"),
                    actuals=actuals.get((key, unit), []),
                )
            )
    close()
    return duties


def read_ledger_xlsx(source: str | os.PathLike[str] | BinaryIO, *, file: str | None = None) -> Ledger:
    """Read a ledger written by :func:`write_ledger_xlsx` (and perhaps re-saved by a spreadsheet)."""
    name = file if file is not None else (os.fspath(source) if isinstance(source, str | os.PathLike) else "<stream>")
    workbook = load(source, name)
    data = read_data_sheet(workbook)
    if data is None or data.get("kind") != "ledger":
        raise ReadError(
            Text(N_("not a ledger written by kepu-plan (its hidden data sheet is missing)")), Location(file=name)
        )
    targets, actuals = _read_targets(_Sheet(workbook, TARGET_SHEET, _TARGET_COLUMNS, name))
    duties = _read_duties(_Sheet(workbook, LEDGER_SHEET, _LEDGER_COLUMNS, name), targets, actuals)
    unit_sheet = _Sheet(workbook, UNIT_SHEET, _UNIT_COLUMNS, name)
    units = [(unit_sheet.text(row, "单位"), unit_sheet.text(row, "是否报送")) for row in unit_sheet.rows()]
    units = [(unit, reported) for unit, reported in units if unit]
    try:
        return Ledger(
            plan=data.get("plan", ""),
            fingerprint=data.get("fingerprint", ""),
            period=data.get("period", ""),
            units=[unit for unit, _ in units],
            duties=duties,
            missing_units=[unit for unit, reported in units if reported == NOT_REPORTED],
        )
    except (TypeError, ValueError) as error:
        raise ReadError(Text(N_("not a valid ledger: {reason}"), reason=str(error)), Location(file=name)) from None
