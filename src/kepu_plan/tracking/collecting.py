"""Collecting (汇总): read the returned forms into one ledger, and report every problem found.

No problem stops the others from being collected: a form that cannot be used is skipped whole
(``Severity.ERROR``), a doubtful answer is kept as written and reported (``WARNING``), a figure read
in another notation is reported for information (``INFO``).  The codes, stable for programs:

========================  ========  ==========================================================
code                      severity  meaning
========================  ========  ==========================================================
``unreadable``            error     the file is not a workbook, or a damaged one
``not-a-form``            error     the workbook is no report form written by kepu_plan
``other-plan``            error     the form belongs to another plan (or another version of it)
``other-period``          error     the form is for another period
``unknown-unit``          error     the form's unit has no duty in the plan
``no-header``             error     the form's header row cannot be found
``duplicate-form``        warning   a second form for one unit: the one read later counts
``missing-form``          warning   a unit's form did not come back
``missing-column``        warning   a column of the form was deleted (without the key column, rows match by 序号)
``missing-row``           warning   a duty's row was deleted from the form
``duplicate-row``         warning   a duty's row appears twice: the first counts
``unknown-row``           warning   a row with a key of no duty on this form
``extra-row``             warning   a row added by the unit (its text is in the message)
``edited-text``           warning   a read-only text was changed: the plan's text counts
``unknown-status``        warning   a 完成情况 outside the list (kept as written)
``blank-duty``            warning   a duty left wholly blank
``approximate-figure``    warning   a 完成值 such as ``约60``, read as 60
``not-a-number``          warning   a 完成值 such as ``见附件``, kept as text
``figure-in-words``       info      a 完成值 in Chinese numerals (``六十``), read as 60
``figure-with-measure``   info      a 完成值 with its measure (``60名``), read as 60
========================  ========  ==========================================================

A problem's ``message`` is a :class:`~kepu_plan._i18n.Text`: shown (``str(problem)``, the JSON's
``message``, the command line's table) in the reader's language, Chinese by default.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, BinaryIO, Final

import attrs
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kepu_plan._grammar.numerals import parse_number
from kepu_plan._i18n import N_, Text
from kepu_plan.errors import ReadError
from kepu_plan.model import Plan
from kepu_plan.tracking._sheets import DATA_SHEET, load, read_data_sheet, text_of
from kepu_plan.tracking.assign import PlanDuty, form_duties, form_units, ledger_duty, plan_duties
from kepu_plan.tracking.forms import HEADERS, KEY_HEADER, TARGET_HEADERS
from kepu_plan.tracking.model import (
    STATUSES,
    Actual,
    Ledger,
    Problem,
    Report,
    Severity,
    Status,
    fingerprint,
    number,
)
from kepu_plan.units import UnitDirectory

__all__ = ["Collection", "FormSource", "collect", "read_figure"]

#: A form to collect: a path, or a name and a binary stream.
FormSource = str | os.PathLike[str] | tuple[str, BinaryIO]

_ERROR, _WARNING, _INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
_NUMERAL: Final = r"[0-9０-９.．,，万亿〇零一二两三四五六七八九十百千点廿卅]+"
_QUALIFIED: Final = re.compile(
    rf"(?P<pre>大约|约|近|超过|逾|达到|达|共|累计|合计)?\s*(?P<number>{_NUMERAL})\s*(?P<approx>余|多)?"
    r"\s*(?P<measure>[^\s0-9０-９.．年月日]{0,3}?)\s*(?P<post>以上|以下|以内|左右)?"
)
_ARABIC: Final = re.compile(r"[0-9０-９]")
_ROWS_SEARCHED: Final = 30


def read_figure(text: str) -> tuple[int | Decimal | None, str | None]:
    """The figure a 完成值 text gives, and the problem code when it is not a plain number.

    >>> read_figure("62"), read_figure("约60"), read_figure("六十"), read_figure("60名")
    ((62, None), (60, 'approximate-figure'), (60, 'figure-in-words'), (60, 'figure-with-measure'))
    >>> read_figure("见附件"), read_figure("")
    ((None, 'not-a-number'), (None, None))
    """
    stripped = text.strip()
    if not stripped:
        return None, None
    match = _QUALIFIED.fullmatch(stripped)
    if match is None:
        return None, "not-a-number"
    digits = match["number"].replace("，", ",")
    try:
        value = parse_number(digits)
    except ValueError:
        return None, "not-a-number"
    if match["pre"] or match["approx"] or match["post"]:
        return value, "approximate-figure"
    if not _ARABIC.search(digits):
        return value, "figure-in-words"
    if match["measure"]:
        return value, "figure-with-measure"
    return value, None


@attrs.frozen(kw_only=True)
class Collection:
    """What collecting gives: the ledger, every problem found, and how many forms were read."""

    ledger: Ledger
    problems: tuple[Problem, ...]
    forms: int

    @property
    def clean(self) -> bool:
        """Whether every form came back and was read without a problem."""
        return not self.problems


def _joined(names: Iterable[str]) -> str:
    """Names as a list in the reader's language (已完成、推进中 …), shown where the message is."""
    text = ""
    for name in names:
        text = Text(N_("{names}, {name}"), names=text, name=name) if text else name
    return text


def _short(text: str, limit: int = 40) -> str:
    one_line = text.replace("\n", " ")
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


class _Reader:
    """Reads one form's sheet; collects its answers and problems."""

    def __init__(self, unit: str, file: str, sheet: Worksheet, expected: Mapping[str, PlanDuty]) -> None:
        self.unit, self.file, self.sheet, self.expected = unit, file, sheet, expected
        self.problems: list[Problem] = []
        self.answers: dict[str, Report] = {}

    def problem(self, code: str, severity: Severity, message: str, row: int | None = None, column: int = 0) -> None:
        cell = f"{get_column_letter(column)}{row}" if row is not None and column else None
        self.problems.append(
            Problem(
                code=code,
                severity=severity,
                message=message,
                unit=self.unit,
                file=self.file,
                sheet=self.sheet.title if cell else None,
                cell=cell,
            )
        )

    def value(self, row: int, column: int | None) -> Any:
        return None if column is None else self.sheet.cell(row=row, column=column).value

    def read(self, header_row: int, columns: dict[str, int]) -> None:
        if KEY_HEADER in columns:
            key_column = columns[KEY_HEADER]
            keys: Mapping[str, str] = {key: key for key in self.expected}
        else:  # the key column was deleted: the duties' numbers (序号) stand in for their keys
            key_column = columns[HEADERS["number"][0]]
            keys = {str(item.number): key for key, item in self.expected.items()}
        for row in range(header_row + 1, self.sheet.max_row + 1):
            key = text_of(self.value(row, key_column)).strip()
            key = keys.get(key, key)
            item = self.expected.get(key)
            if item is not None:
                if key in self.answers:
                    message = Text(
                        N_("duty {number} appears in two rows: only the first is collected"), number=item.number
                    )
                    self.problem("duplicate-row", _WARNING, message, row, key_column)
                else:
                    self.answers[key] = self.answer(row, item, columns)
                continue
            texts = [text_of(cell.value) for cell in self.sheet[row] if cell.column != key_column]
            written = "；".join(text.strip() for text in texts if text.strip())
            if key:
                message = Text(
                    N_("this row's duty key {key} is not on this form; not collected: {written}"),
                    key=key,
                    written=written,
                )
                self.problem("unknown-row", _WARNING, message, row, 1)
            elif written:
                message = Text(N_("this row is no duty of the plan; not collected: {written}"), written=written)
                self.problem("extra-row", _WARNING, message, row, 1)
        for key, item in self.expected.items():
            if key not in self.answers:
                message = Text(
                    N_("the row of duty {number} ({content}) was deleted: the unit reported nothing on it"),
                    number=item.number,
                    content=_short(item.duty.content),
                )
                self.problem("missing-row", _WARNING, message)

    def check(self, row: int, column: int | None, header: str, expected: str | int | Decimal, number: int) -> None:
        if column is None:
            return
        got = self.value(row, column)
        same = text_of(got) == text_of(expected) if isinstance(expected, str) else _same_figure(got, expected)
        if not same:
            self.problem(
                "edited-text",
                _WARNING,
                Text(
                    N_("duty {number}: “{header}” was changed to “{got}”; collected as the plan has it: “{expected}”"),
                    number=number,
                    header=header,
                    got=_short(text_of(got)),
                    expected=_short(text_of(expected)),
                ),
                row,
                column,
            )

    def answer(self, row: int, item: PlanDuty, columns: dict[str, int]) -> Report:
        fields = {field: columns.get(header) for field, (header, _) in HEADERS.items()}
        for field, expected in (
            ("action", item.action.name),
            ("task", item.task.name),
            ("content", item.duty.content),
            ("role", item.role_of(self.unit)),
            ("others", item.others(self.unit)),
        ):
            self.check(row, fields[field], HEADERS[field][0], expected, item.number)
        status_text = text_of(self.value(row, fields["status"]))
        status = next((status for status in Status if status.value == status_text.strip()), None)
        if status is None and status_text.strip():
            self.problem(
                "unknown-status",
                _WARNING,
                Text(
                    N_("duty {number}: the status “{status}” is not in the list ({statuses}); kept as written"),
                    number=item.number,
                    status=status_text,
                    statuses=_joined(STATUSES),
                ),
                row,
                fields["status"] or 0,
            )
        actuals: list[Actual] = []
        slots = _slots(columns)
        for slot, target in enumerate(item.duty.targets, start=1):
            names = {field: target_column(columns, field, slot, slots) for field in TARGET_HEADERS}
            self.check(row, names["target"], TARGET_HEADERS["target"][0], target.text, item.number)
            self.check(row, names["planned"], TARGET_HEADERS["planned"][0], target.quantity, item.number)
            actuals.append(self.actual(row, names["actual"], item, target.text, target.quantity, target.measure))
        report = Report(
            unit=self.unit,
            status=status,
            status_text=status_text,
            progress=text_of(self.value(row, fields["progress"])),
            evidence=text_of(self.value(row, fields["evidence"])),
            actuals=actuals,
        )
        if report.blank:
            message = Text(
                N_("duty {number} ({content}) was left blank"), number=item.number, content=_short(item.duty.content)
            )
            self.problem("blank-duty", _WARNING, message, row, 1)
        return report

    def actual(
        self, row: int, column: int | None, item: PlanDuty, target: str, planned: int | Decimal, measure: str
    ) -> Actual:
        raw = self.value(row, column)
        figure = _cell_figure(raw)
        if figure is not None:
            return Actual(target=target, planned=planned, measure=measure, value=figure)
        text = text_of(raw)
        value, code = read_figure(text)
        if code is not None:
            template = {
                "approximate-figure": N_(
                    "duty {number}, “{target}”: the figure “{text}” is approximate; read as {value}"
                ),
                "figure-in-words": N_(
                    "duty {number}, “{target}”: the figure “{text}” is written in words; read as {value}"
                ),
                "figure-with-measure": N_(
                    "duty {number}, “{target}”: the figure “{text}” carries words; read as {value}"
                ),
                "not-a-number": N_("duty {number}, “{target}”: the figure “{text}” is not a number; kept as written"),
            }[code]
            severity = {"not-a-number": _WARNING, "approximate-figure": _WARNING}.get(code, _INFO)
            message = Text(template, number=item.number, target=_short(target, 24), text=text, value=value)
            self.problem(code, severity, message, row, column or 0)
        return Actual(target=target, planned=planned, measure=measure, value=value, text=text)


def _cell_figure(value: object) -> int | Decimal | None:
    """The figure of a number cell; None for any other cell, and for a number that is no figure: an
    infinite one (``1E999`` in a damaged or hand-made file) is read as text, ``inf``, not a number."""
    if not isinstance(value, int | float | Decimal) or isinstance(value, bool):
        return None
    try:
        return number(value)
    except ValueError:
        return None


def _same_figure(got: object, expected: int | Decimal) -> bool:
    figure = _cell_figure(got)
    if figure is not None:
        return figure == expected
    value, code = read_figure(text_of(got))
    return value == expected and code is None


_TARGET_COLUMN: Final = re.compile("^(" + "|".join(header for header, _ in TARGET_HEADERS.values()) + r")(\d*)$")


def _slots(columns: Mapping[str, int]) -> int:
    """How many targets a row of the form has room for."""
    found = [_TARGET_COLUMN.match(header) for header in columns]
    return max((int(match[2]) if match[2] else 1 for match in found if match), default=0)


def target_column(columns: Mapping[str, int], field: str, slot: int, slots: int) -> int | None:
    """The column of a target's field (target, planned, actual) in a form with ``slots`` targets a row."""
    name = TARGET_HEADERS[field][0]
    return columns.get(name if slots == 1 else f"{name}{slot}")


def _header(sheet: Worksheet) -> tuple[int, dict[str, int]] | None:
    """The header row of a form's sheet and the column of each header text."""
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, _ROWS_SEARCHED)):
        texts = {text_of(cell.value).strip(): cell.column for cell in row if cell.value is not None}
        if HEADERS["status"][0] in texts and (KEY_HEADER in texts or HEADERS["number"][0] in texts):
            return int(row[0].row or 0), {text: int(column) for text, column in texts.items()}
    return None


def _source(source: FormSource) -> tuple[str, str | os.PathLike[str] | BinaryIO]:
    if isinstance(source, tuple):
        return source
    return os.fspath(source), source


@attrs.define
class _Received:
    file: str
    answers: dict[str, Report]


def _read_form(
    workbook: Workbook, file: str, expected: Mapping[str, PlanDuty], unit: str, problems: list[Problem]
) -> dict[str, Report] | None:
    for sheet in workbook.worksheets:
        if sheet.title == DATA_SHEET:
            continue
        found = _header(sheet)
        if found is None:
            continue
        header_row, columns = found
        reader = _Reader(unit, file, sheet, expected)
        slots = max((len(item.duty.targets) for item in expected.values()), default=0)
        wanted = (
            [header for header, _ in HEADERS.values()]
            + [KEY_HEADER]
            + [
                TARGET_HEADERS[field][0] if slots == 1 else f"{TARGET_HEADERS[field][0]}{slot}"
                for slot in range(1, slots + 1)
                for field in TARGET_HEADERS
            ]
        )
        for header in wanted:
            if header not in columns:
                template = (
                    N_("the form has no column “{header}”: its rows are matched to the plan's duties by number")
                    if header == KEY_HEADER
                    else N_("the form has no column “{header}”: the column is collected as blank")
                )
                reader.problem("missing-column", _WARNING, Text(template, header=header))
        reader.read(header_row, columns)
        problems.extend(reader.problems)
        return reader.answers
    problems.append(
        Problem(
            code="no-header",
            severity=_ERROR,
            unit=unit,
            file=file,
            message=Text(N_("the form's header row cannot be found; nothing in the file was collected")),
        )
    )
    return None


def collect(
    plan: Plan, forms: Iterable[FormSource], *, period: str | None = None, directory: UnitDirectory | None = None
) -> Collection:
    """Read the returned ``forms`` of ``plan`` into a ledger for ``period``.

    ``period`` defaults to the period of the first form that belongs to the plan.  Forms are read in
    the order given; when a unit sent two, the later one counts (and the double is reported).
    """
    duties = plan_duties(plan)
    units = form_units(plan, directory=directory)
    expected = {
        unit: {item.key: item for item in form_duties(plan, unit, directory=directory, duties=duties)} for unit in units
    }
    plan_fingerprint = fingerprint(plan)
    problems: list[Problem] = []
    received: dict[str, _Received] = {}
    forms_read = 0

    def skip(code: str, file: str, message: str, unit: str | None = None) -> None:
        problems.append(Problem(code=code, severity=_ERROR, unit=unit, file=file, message=message))

    for source in forms:
        file, stream = _source(source)
        try:
            workbook = load(stream, file)
        except ReadError as error:
            message = Text(N_("cannot read this file ({reason}); nothing in it was collected"), reason=error.reason)
            skip("unreadable", file, message)
            continue
        data = read_data_sheet(workbook)
        if data is None or data.get("kind") != "form" or "unit" not in data:
            message = Text(
                N_(
                    "this is no report form written by kepu-plan (its hidden identification is missing); "
                    "nothing in it was collected"
                )
            )
            skip("not-a-form", file, message)
            continue
        unit = data["unit"]
        if data.get("fingerprint") != plan_fingerprint:
            message = Text(
                N_("this form belongs to another plan ({plan}); nothing in it was collected"),
                plan=str(data.get("plan", "")),
            )
            skip("other-plan", file, message, unit)
            continue
        form_period = data.get("period", "")
        if period is None:
            period = form_period
        if form_period != period:
            message = Text(
                N_("this form is for “{form_period}”, not for “{period}”; nothing in it was collected"),
                form_period=form_period,
                period=period,
            )
            skip("other-period", file, message, unit)
            continue
        if unit not in expected:
            message = Text(N_("the plan gives “{unit}” no duty; nothing in the file was collected"), unit=unit)
            skip("unknown-unit", file, message, unit)
            continue
        answers = _read_form(workbook, file, expected[unit], unit, problems)
        if answers is None:
            continue
        forms_read += 1
        earlier = received.get(unit)
        if earlier is not None:
            problems.append(
                Problem(
                    code="duplicate-form",
                    severity=_WARNING,
                    unit=unit,
                    file=file,
                    message=Text(
                        N_("{unit} sent two forms (the other one: {other}); the one read later counts"),
                        unit=unit,
                        other=earlier.file,
                    ),
                )
            )
        received[unit] = _Received(file=file, answers=answers)
    missing = tuple(unit for unit in units if unit not in received)
    for unit in missing:
        message = Text(N_("{unit} did not send its form"), unit=unit)
        problems.append(Problem(code="missing-form", severity=_WARNING, unit=unit, message=message))
    order = {unit: i for i, unit in enumerate(units)}
    ledger_duties = []
    for item in duties:
        own = {unit.name: i for i, unit in enumerate(item.duty.units)}
        answering = sorted(
            (unit for unit, got in received.items() if item.key in got.answers),
            key=lambda unit: (own.get(unit, len(own)), order[unit]),
        )
        reports = [received[unit].answers[item.key] for unit in answering]
        ledger_duties.append(attrs.evolve(ledger_duty(item), reports=reports))
    ledger = Ledger(
        plan=plan.title,
        fingerprint=plan_fingerprint,
        period=period or "",
        units=units,
        duties=ledger_duties,
        missing_units=missing,
    )
    return Collection(ledger=ledger, problems=tuple(problems), forms=forms_read)
