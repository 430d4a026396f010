"""Filling report forms as a unit would: with openpyxl, by the column headers a person reads."""

from __future__ import annotations

import io
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from _support import convert_with_libreoffice
from kepu_plan.model import Cadence, Comparator
from kepu_plan.testing import texts, unit_names
from kepu_plan.tracking import Actual, Ledger, LedgerDuty, PlannedTarget, Report, Status
from kepu_plan.tracking.forms import FORM_SHEET, HEADER_ROW, KEY_HEADER
from kepu_plan.tracking.model import STATUSES


@pytest.fixture(autouse=True)
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    """Errors shown in Chinese, as a county reader sees them, whatever the machine's locale
    (``LC_MESSAGES``, so that the encoding stays as it is)."""
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_MESSAGES", "zh_CN.UTF-8")


@attrs.frozen
class Answer:
    """What a unit writes on one duty's row: a status text, progress, evidence, and 完成值 cells."""

    status: str | None = None
    progress: str | None = None
    evidence: str | None = None
    actuals: tuple[str | int | float | Decimal | None, ...] = ()


class Form:
    """An opened form: its rows by duty key, cells by header."""

    def __init__(self, source: Path | bytes) -> None:
        data = source.read_bytes() if isinstance(source, Path) else source
        self.workbook: Workbook = load_workbook(io.BytesIO(data))
        self.sheet: Any = self.workbook[FORM_SHEET]
        self.columns = {cell.value: cell.column for cell in self.sheet[HEADER_ROW] if cell.value}

    def rows(self) -> dict[str, int]:
        """The row of each duty key."""
        key = self.columns[KEY_HEADER]
        return {
            self.sheet.cell(row=row, column=key).value: row
            for row in range(HEADER_ROW + 1, self.sheet.max_row + 1)
            if self.sheet.cell(row=row, column=key).value
        }

    def actual_columns(self) -> list[int]:
        return sorted(column for header, column in self.columns.items() if str(header).startswith("完成值"))

    def set(self, row: int, header: str, value: object) -> None:
        self.put(row, self.columns[header], value)

    def put(self, row: int, column: int, value: object) -> None:
        """Set a cell as a person types it: a text stays a text, a Decimal is a number."""
        cell = self.sheet.cell(row=row, column=column)
        cell.value = float(value) if isinstance(value, Decimal) else value
        if isinstance(value, str):
            cell.data_type = "s"

    def fill(self, answers: Mapping[str, Answer]) -> None:
        rows = self.rows()
        actual_columns = self.actual_columns()
        for key, answer in answers.items():
            row = rows[key]
            for header, value in (
                ("完成情况", answer.status),
                ("进展情况", answer.progress),
                ("佐证材料", answer.evidence),
            ):
                self.set(row, header, value)
            for column, figure in zip(actual_columns, answer.actuals, strict=False):
                self.put(row, column, figure)

    def resort(self) -> None:
        """Re-sort the duty rows (reversed), every cell's value moving with its row."""
        rows = sorted(self.rows().values())
        width = self.sheet.max_column
        values = [[self.sheet.cell(row=row, column=c).value for c in range(1, width + 1)] for row in rows]
        for row, row_values in zip(rows, reversed(values), strict=True):
            for column, value in enumerate(row_values, start=1):
                self.put(row, column, value)

    def bytes(self) -> bytes:
        stream = io.BytesIO()
        self.workbook.save(stream)
        return stream.getvalue()

    def save(self, path: Path) -> Path:
        path.write_bytes(self.bytes())
        return path


@pytest.fixture(scope="session")
def form() -> type[Form]:
    """``form(path)`` opens a report form to fill it."""
    return Form


@pytest.fixture(scope="session")
def answer() -> type[Answer]:
    return Answer


def resave_with_libreoffice(path: Path, out: Path) -> Path:
    """``soffice --headless --convert-to xlsx``: the workbook at ``path`` as LibreOffice saves it, in
    the folder ``out`` (the test is skipped where LibreOffice is not installed)."""
    return convert_with_libreoffice(path, "xlsx", out, timeout=180)


@pytest.fixture(scope="session")
def libreoffice_resave() -> Any:
    """``libreoffice_resave(path, out)``: :func:`resave_with_libreoffice`."""
    return resave_with_libreoffice


def make_ledger(period: str = "2024年", *, silent: tuple[str, ...] = ("市气象局",), shift: int = 0) -> Any:
    """A Shenmu ledger as units might answer: statuses by a fixed rule, each figure near its plan."""
    from kepu_plan import examples
    from kepu_plan.tracking.assign import form_units, ledger_duty, plan_duties
    from kepu_plan.tracking.model import fingerprint

    plan = examples.shenmu()
    statuses = (Status.DONE, Status.DONE, Status.IN_PROGRESS, Status.DONE, Status.NOT_STARTED, Status.LAGGING)
    duties = []
    for item in plan_duties(plan):
        reports = []
        for i, unit in enumerate(item.duty.units):
            if unit.name in silent:
                continue
            status = statuses[(item.number + i + shift) % len(statuses)]
            figures = [
                Actual(
                    target=t.text,
                    planned=t.quantity,
                    measure=t.measure,
                    value=int(t.quantity) * (6 + (item.number + shift) % 6) // 10,
                )
                for t in item.duty.targets
            ]
            reports.append(
                Report(unit=unit.name, status=status, progress=f"{unit.name}已推进第{item.number}项", actuals=figures)
            )
        duties.append(attrs.evolve(ledger_duty(item), reports=reports))
    return Ledger(
        plan=plan.title,
        fingerprint=fingerprint(plan),
        period=period,
        units=form_units(plan),
        duties=duties,
        missing_units=silent,
    )


@pytest.fixture(scope="session")
def shenmu_ledger() -> Any:
    """``shenmu_ledger(period, silent=…, shift=…)`` makes a ledger of the Shenmu plan."""
    return make_ledger


# --- any ledger ----------------------------------------------------------------------------------

_figures = st.one_of(
    st.integers(min_value=0, max_value=10**9),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
)
_text = st.one_of(st.just(""), texts(multiline=True, max_size=30))


@st.composite
def _actuals(draw: st.DrawFn) -> Actual:
    value = draw(st.one_of(st.none(), _figures))
    return Actual(
        target=draw(texts(max_size=20)),
        planned=draw(_figures),
        measure=draw(st.sampled_from(["名", "场次", "%", "个"])),
        value=value,
        text=draw(st.one_of(st.just("约60"), _text)) if value is None else draw(st.sampled_from(["", "约60", "六十"])),
    )


@st.composite
def _reports(draw: st.DrawFn, unit: str) -> Report:
    status_text = draw(st.one_of(st.sampled_from(STATUSES), st.just(""), texts(max_size=8), st.just(" 已完成")))
    status = Status(status_text.strip()) if status_text.strip() in STATUSES else None
    return Report(
        unit=unit,
        status=status,
        status_text=status_text,
        progress=draw(_text),
        evidence=draw(_text),
        actuals=draw(st.lists(_actuals(), max_size=2)),
    )


@st.composite
def ledgers(draw: st.DrawFn) -> Ledger:
    """Any ledger: units answering or not, statuses in and outside the list, figures and texts."""
    units = draw(st.lists(unit_names(), min_size=1, max_size=5, unique=True))
    duties = []
    for number in range(1, draw(st.integers(min_value=0, max_value=4)) + 1):
        mine = draw(st.lists(st.sampled_from(units), max_size=3, unique=True))
        answering = [unit for unit in mine if draw(st.booleans())]
        outsider = [u for u in units if u not in mine][:1] if draw(st.booleans()) else []
        duties.append(
            LedgerDuty(
                number=number,
                key=f"1.1.{number}-{number:08x}",
                action=draw(texts(max_size=12)),
                task=draw(texts(max_size=12)),
                content=draw(texts(multiline=True, max_size=40)),
                units=mine,
                leads=[unit for unit in mine if draw(st.booleans())],
                targets=[
                    PlannedTarget(
                        text=draw(texts(max_size=20)),
                        quantity=draw(_figures),
                        measure="名",
                        comparator=draw(st.sampled_from(Comparator)),
                        cadence=draw(st.sampled_from(Cadence)),
                    )
                    for _ in range(draw(st.integers(min_value=0, max_value=2)))
                ],
                reports=[draw(_reports(unit)) for unit in answering + outsider],
            )
        )
    return Ledger(
        plan=draw(st.one_of(st.just(""), texts(max_size=30))),
        fingerprint="0123456789abcdef",
        period=draw(st.sampled_from(["2024年", "中期评估", "2025年终期"])),
        units=units,
        duties=duties,
        missing_units=[unit for unit in units if draw(st.booleans())],
    )


@pytest.fixture(scope="session")
def any_ledger() -> Any:
    """A Hypothesis strategy of any ledger (draw from it with ``st.data()``)."""
    return ledgers()
