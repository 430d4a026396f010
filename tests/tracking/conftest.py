"""Filling report forms as a unit would: with openpyxl, by the column headers a person reads."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from openpyxl import Workbook, load_workbook

from kepu_plan.tracking.forms import FORM_SHEET, HEADER_ROW, KEY_HEADER


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
            for column, value in zip(actual_columns, answer.actuals, strict=False):
                self.put(row, column, value)

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
    """``soffice --headless --convert-to xlsx``: the file as LibreOffice saves it."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HOME": home}
        subprocess.run(
            [soffice, "--headless", "--norestore", "--convert-to", "xlsx", "--outdir", str(out), str(path)],
            env=env,
            check=True,
            capture_output=True,
            timeout=180,
        )
    return out / path.name


@pytest.fixture(scope="session")
def libreoffice_resave() -> Any:
    return resave_with_libreoffice


def make_ledger(period: str = "2024年", *, silent: tuple[str, ...] = ("市气象局",), shift: int = 0) -> Any:
    """A Shenmu ledger as units might answer: statuses by a fixed rule, each figure near its plan."""
    from kepu_plan import examples
    from kepu_plan.tracking import Actual, Ledger, Report, Status
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
