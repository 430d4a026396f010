"""Independent readers agree with what the DOCX writer wrote: docx2python, and LibreOffice."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx2python import docx2python
from hypothesis import HealthCheck, given, settings
from lxml import etree

import kepu_plan as kp
from _support import SOFFICE, convert_with_libreoffice, needs_libreoffice
from kepu_plan.formats.docx import DocxStyle
from kepu_plan.grid import Grid
from kepu_plan.layout import document_from_plan, format_action_cell
from kepu_plan.testing import plans

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def written(plan: kp.Plan) -> bytes:
    buffer = io.BytesIO()
    kp.write_docx(plan, buffer)
    return buffer.getvalue()


def intended(grid: Grid) -> list[list[list[str]]]:
    """The grid as docx2python shows merges when not duplicating them: covered positions blank."""
    rows: list[list[list[str]]] = [[[""] for _ in range(grid.ncols)] for _ in range(grid.nrows)]
    for cell in grid.cells:
        rows[cell.row][cell.col] = cell.text.split("\n")
    return rows


def seen_by_docx2python(data: bytes, header: str) -> list[list[list[str]]]:
    with docx2python(io.BytesIO(data), duplicate_merged_cells=False) as content:
        body = content.body
    tables = [table for table in body if table and table[0] and table[0][0] and table[0][0][0] == header]
    assert len(tables) == 1
    table: list[list[list[str]]] = tables[0]
    return table


def tricky_plan() -> kp.Plan:
    return kp.Plan(
        title="=SUM(1,2)《测试》分工表",
        label="附件2",
        notes=["注：一", "注：二\n第二行"],
        actions=[
            kp.Action(
                name="#N/A工程",
                leads=["市科协"],
                tasks=[
                    kp.Task(
                        name="-1",
                        duties=[
                            kp.Duty(
                                content="a\tb\n\n  c <&> d", units=["A", "市科协"], leads=["A"], deadline="2025年底"
                            ),
                            kp.Duty(content="每年开展科普活动10场次", extra={"备注": "x\ty"}),
                        ],
                    )
                ],
            ),
            kp.Action(name="青少年科学素质提升行动", tasks=[kp.Task(name="提升", duties=[kp.Duty(content="内容")])]),
        ],
    )


# --- docx2python -------------------------------------------------------------------------------------


def test_docx2python_sees_exactly_the_intended_grid_of_the_shenmu_plan() -> None:
    plan = kp.examples.shenmu()
    [grid] = document_from_plan(plan).tables
    assert seen_by_docx2python(written(plan), "重点行动") == intended(grid)


def test_docx2python_sees_the_intended_grid_with_tabs_blank_lines_and_extra_columns() -> None:
    plan = tricky_plan()
    [grid] = document_from_plan(plan).tables
    assert seen_by_docx2python(written(plan), "重点行动") == intended(grid)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_docx2python_sees_the_intended_grid_of_every_generated_plan(plan: kp.Plan) -> None:
    [grid] = document_from_plan(plan).tables
    assert seen_by_docx2python(written(plan), "重点行动") == intended(grid)


# --- LibreOffice --------------------------------------------------------------------------------------


def pdf_text(pdf: Path, *crop: str) -> str:
    return subprocess.run(["pdftotext", *crop, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def shenmu_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[float]]:
    """The Shenmu plan written by kepu_plan and printed to PDF by LibreOffice; its columns' x ranges."""
    if SOFFICE is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) or pdftotext is not on PATH")
    work = tmp_path_factory.mktemp("libreoffice")
    source = work / "shenmu.docx"
    data = written(kp.examples.shenmu())
    source.write_bytes(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        document = etree.fromstring(package.read("word/document.xml"))
    left = DocxStyle().margin_left * 72 / 25.4
    edges = [left]
    for column in document.iter(f"{{{W}}}gridCol"):
        edges.append(edges[-1] + int(column.get(f"{{{W}}}w", "0")) / 20)
    return convert_with_libreoffice(source, "pdf", work / "out"), edges


def squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.libreoffice
@needs_libreoffice
def test_libreoffice_prints_every_duty_content_of_the_shenmu_plan(shenmu_pdf: tuple[Path, list[float]]) -> None:
    pdf, edges = shenmu_pdf

    def column(index: int) -> str:
        """One column alone, so that the lines of cells side by side do not interleave."""
        x, width = edges[index] + 1, edges[index + 1] - edges[index] - 2
        text = squeezed(pdf_text(pdf, "-x", str(round(x)), "-y", "0", "-W", str(round(width)), "-H", "600"))
        # A merged cell's text flows on over a page break, past the page number and repeated header.
        return re.sub(r"—\d+—|重点行动重点工程|主要任务|主要内容|负责单位", "", text)

    plan = kp.examples.shenmu()
    actions, tasks, contents, units = (column(index) for index in range(4))
    assert [duty.content for duty in plan.duties if squeezed(duty.content) not in contents] == []
    assert [action.name for action in plan.actions if squeezed(format_action_cell(action)) not in actions] == []
    assert [task.name for task in plan.tasks if squeezed(task.name) not in tasks] == []
    assert [unit.name for unit in plan.units if unit.name not in units] == []


@pytest.mark.libreoffice
@needs_libreoffice
def test_libreoffice_repeats_the_header_row_and_numbers_every_page(shenmu_pdf: tuple[Path, list[float]]) -> None:
    text = pdf_text(shenmu_pdf[0])
    pages = text.count("\f")
    assert pages > 5
    assert text.count("主要内容") == pages
    assert all(f"—{page}—" in squeezed(text) for page in range(1, pages + 1))
    assert squeezed(kp.examples.shenmu().title) in squeezed(text)


@pytest.mark.libreoffice
@needs_libreoffice
def test_a_docx_saved_again_by_libreoffice_reads_back_equal(tmp_path: Path) -> None:
    for name, plan in (("shenmu", kp.examples.shenmu()), ("tricky", tricky_plan())):
        source = tmp_path / f"{name}.docx"
        source.write_bytes(written(plan))
        resaved = convert_with_libreoffice(source, "docx:MS Word 2007 XML", tmp_path / "out")
        assert resaved.read_bytes() != source.read_bytes()
        assert kp.read_docx(resaved) == plan
