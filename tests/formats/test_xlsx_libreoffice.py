"""LibreOffice opens the workbooks kepu_plan writes: it converts them to CSV and PDF with every duty's
text as a text (never a computed formula), and a workbook it saves again reads back as the same plan."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

import kepu_plan as kp
from _support import convert_with_libreoffice, needs_libreoffice

pytestmark = [pytest.mark.libreoffice, needs_libreoffice]

#: CSV export options: comma, double quote, UTF-8, first line 1, cells as shown, every sheet (-1).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
FORMULA_LIKE = ("=SUM(1,2)", "+86 123", "-1", "@SUM(1)", "#N/A", '=HYPERLINK("http://example.com","x")')


def formula_like_plan() -> kp.Plan:
    duties = [kp.Duty(content=text, units=["市科协"]) for text in FORMULA_LIKE]
    return kp.Plan(title="=标题", actions=[kp.Action(name="科普行动", tasks=[kp.Task(name="-任务", duties=duties)])])


@pytest.fixture(scope="module")
def shenmu_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "shenmu.xlsx"
    kp.write_xlsx(kp.examples.shenmu(), path)
    return path


def csv_cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as stream:
        return [cell for row in csv.reader(stream) for cell in row]


def test_libreoffice_converts_the_table_sheet_to_csv_holding_every_duty(shenmu_xlsx: Path, tmp_path: Path) -> None:
    convert_with_libreoffice(shenmu_xlsx, CSV_FILTER, tmp_path)
    cells = csv_cells(tmp_path / "shenmu-分工表.csv")
    plan = kp.examples.shenmu()
    assert [cells[0], cells[4]] == ["附件", plan.title]  # rows of four cells: the label, the title
    for duty in plan.duties:
        assert duty.content in cells
    assert "\n".join(unit.name for unit in plan.duties[0].units) in cells


def test_libreoffice_converts_the_derived_sheets_too(shenmu_xlsx: Path, tmp_path: Path) -> None:
    convert_with_libreoffice(shenmu_xlsx, CSV_FILTER, tmp_path)
    units = csv_cells(tmp_path / "shenmu-单位.csv")
    targets = csv_cells(tmp_path / "shenmu-指标.csv")
    assert all(unit.name in units for unit in kp.examples.shenmu().units)
    assert "完成情况" in targets


def test_libreoffice_renders_the_workbook_to_a4_landscape_pages(shenmu_xlsx: Path, tmp_path: Path) -> None:
    pdf = convert_with_libreoffice(shenmu_xlsx, "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdfinfo") is not None:
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        assert "841.89 x 595.3" in info  # A4 landscape, in points
    if shutil.which("pdftotext") is not None:
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        assert "主要内容" in text
        assert "第 1 页" in text


def test_a_workbook_saved_again_by_libreoffice_reads_back_as_the_same_plan(shenmu_xlsx: Path, tmp_path: Path) -> None:
    again = convert_with_libreoffice(shenmu_xlsx, "xlsx:Calc Office Open XML", tmp_path / "again")
    assert kp.read_xlsx(again) == kp.examples.shenmu()


def test_formula_like_texts_stay_text_in_libreoffice(tmp_path: Path) -> None:
    plan = formula_like_plan()
    source = tmp_path / "formulas.xlsx"
    kp.write_xlsx(plan, source)
    convert_with_libreoffice(source, CSV_FILTER, tmp_path / "csv")
    cells = csv_cells(tmp_path / "csv" / "formulas-分工表.csv")
    for text in FORMULA_LIKE:
        assert text in cells
    assert "3" not in cells  # =SUM(1,2) was not computed
    again = convert_with_libreoffice(source, "xlsx:Calc Office Open XML", tmp_path / "again")
    assert kp.read_xlsx(again) == plan


def test_marked_targets_leave_the_texts_libreoffice_shows_unchanged(shenmu_xlsx: Path, tmp_path: Path) -> None:
    source = tmp_path / "marked.xlsx"
    kp.write_xlsx(kp.examples.shenmu(), source, mark_targets=True)
    convert_with_libreoffice(shenmu_xlsx, CSV_FILTER, tmp_path / "plain")
    convert_with_libreoffice(source, CSV_FILTER, tmp_path / "csv")
    assert csv_cells(tmp_path / "csv" / "marked-分工表.csv") == csv_cells(tmp_path / "plain" / "shenmu-分工表.csv")
    again = convert_with_libreoffice(source, "xlsx:Calc Office Open XML", tmp_path / "again")
    assert kp.read_xlsx(again) == kp.examples.shenmu()
