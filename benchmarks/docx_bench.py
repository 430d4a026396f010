"""DOCX reading and writing speed, as ratios measured in one process (not a timed test).

Run ``python benchmarks/docx_bench.py``.  For the Shenmu plan and a generated plan of 10,000 duties
it times:

* reading: ``kp.read_docx`` against the floor (zipfile + lxml parse of ``word/document.xml`` +
  collecting every ``w:t`` text), python-docx (``Document()`` + ``row.cells`` texts) and docx2python;
  also ``read_docx`` with its skimming switched off (every part parsed whole), to show what that buys;
* writing: ``kp.write_docx`` against python-docx writing the same table the obvious way
  (``cell.text`` then ``a.merge(b)``), for the Shenmu plan only (it takes seconds there);
* scaling: 10,000 duties over 1,000 duties, for reading and writing (linear is about 10);
* memory: the peak (tracemalloc: Python's allocations, not libxml2's) of reading and of writing
  10,000 duties, against the size of the document's XML.

Each time is the best of several repeats, in CPU time, the garbage collector run before each.
Goals (issues 3 and 17): read within 1.5x of the floor for the Shenmu fixture and 1.3x for 10,000
duties, write at least 100x faster than python-docx, scaling at most 12.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from unittest import mock

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _common import best, peak_memory, scaled_plan

import kepu_plan as kp
from kepu_plan.formats.docx import document_from_docx
from kepu_plan.formats.docx import reading as docx_reading
from kepu_plan.layout import document_from_plan

W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


def docx_bytes(plan: kp.Plan) -> bytes:
    buffer = io.BytesIO()
    kp.write_docx(plan, buffer)
    return buffer.getvalue()


def floor(data: bytes) -> list[str]:
    """The least any reader does: unzip, parse and collect every w:t text."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return [element.text or "" for element in root.iter(W_T)]


def python_docx_cells(data: bytes) -> list[list[str]]:
    import docx

    document = docx.Document(io.BytesIO(data))
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def docx2python_body(data: bytes) -> object:
    from docx2python import docx2python

    with docx2python(io.BytesIO(data), duplicate_merged_cells=False) as content:
        return content.body


def python_docx_write(plan: kp.Plan) -> bytes:
    """The obvious python-docx way: a table, ``cell.text`` everywhere, then ``a.merge(b)``."""
    import docx

    document = docx.Document()
    document.add_paragraph(plan.label or "")
    document.add_paragraph(plan.title)
    [grid] = document_from_plan(plan).tables
    table = document.add_table(rows=grid.nrows, cols=grid.ncols)
    for cell in grid.cells:
        table.cell(cell.row, cell.col).text = cell.text
    for cell in grid.cells:
        if cell.rowspan > 1 or cell.colspan > 1:
            origin = table.cell(cell.row, cell.col)
            origin.merge(table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def run() -> list[tuple[str, float]]:
    """Time everything, print the ratios and return them as (name, ratio) pairs."""
    ratios: list[tuple[str, float]] = []

    def report(name: str, ratio: float, goal: str = "") -> None:
        ratios.append((name, ratio))
        print(f"{name:<62} {ratio:8.2f}   {goal}".rstrip(), flush=True)

    shenmu = kp.examples.shenmu()
    shenmu_data = docx_bytes(shenmu)
    fixture = (Path(__file__).resolve().parent.parent / "tests" / "data" / "shenmu-libreoffice.docx").read_bytes()
    big_plan = scaled_plan(10_000)
    small_plan = scaled_plan(1_000)
    big_data = docx_bytes(big_plan)
    small_data = docx_bytes(small_plan)

    def read(data: bytes) -> Callable[[], object]:
        return lambda: kp.read_docx(io.BytesIO(data))

    def grid(data: bytes) -> Callable[[], object]:
        return lambda: document_from_docx(io.BytesIO(data))

    def read_whole(data: bytes) -> Callable[[], object]:
        """Reading with every part parsed whole, not skimmed: what the skimming buys."""

        def run() -> object:
            with mock.patch.object(docx_reading, "_skim", lambda xml: xml):
                return kp.read_docx(io.BytesIO(data))

        return run

    def write(plan: kp.Plan) -> Callable[[], object]:
        return lambda: kp.write_docx(plan, io.BytesIO())

    print(f"{'ratio (time / time)':<62} {'x':>8}")
    for label, data, repeats, others, goal in (
        ("Shenmu fixture (LibreOffice)", fixture, 30, 3, "goal <= 1.5"),
        ("Shenmu written by kepu_plan", shenmu_data, 30, 3, ""),
        ("10,000 duties", big_data, 5, 1, "goal <= 1.3"),
    ):
        floor_time = best(lambda data=data: floor(data), repeats)
        read_time = best(read(data), repeats)
        grid_time = best(grid(data), repeats)
        cells_time = best(lambda data=data: python_docx_cells(data), others)
        d2p_time = best(lambda data=data: docx2python_body(data), others)
        report(f"read  {label}: read_docx / floor", read_time / floor_time, goal)
        report(f"read  {label}: document_from_docx / floor", grid_time / floor_time)
        report(f"read  {label}: read_docx, parts parsed whole / floor", best(read_whole(data), repeats) / floor_time)
        report(f"read  {label}: python-docx row.cells / floor", cells_time / floor_time)
        report(f"read  {label}: docx2python / floor", d2p_time / floor_time)
        report(f"read  {label}: python-docx row.cells / read_docx", cells_time / read_time)
        report(f"read  {label}: docx2python / read_docx", d2p_time / read_time)

    write_time = best(write(shenmu), 30)
    report(
        "write Shenmu: python-docx cell.text + merge / write_docx",
        best(lambda: python_docx_write(shenmu), 1) / write_time,
        "goal >= 100",
    )
    read_scale = best(read(big_data), 5) / best(read(small_data), 10)
    report("scale read  10,000 / 1,000 duties", read_scale, "goal <= 12")
    # For comparison: the floor's own scaling on this machine (memory and cache effects, no algorithm),
    # and the reader's scaling over it: what the reader's own work adds to the growth (1 = as the floor).
    floor_scale = best(lambda: floor(big_data), 5) / best(lambda: floor(small_data), 10)
    report("scale floor 10,000 / 1,000 duties", floor_scale)
    report("scale read / scale floor", read_scale / floor_scale)
    report("scale write 10,000 / 1,000 duties", best(write(big_plan), 5) / best(write(small_plan), 10), "goal <= 12")
    with zipfile.ZipFile(io.BytesIO(big_data)) as package:
        xml_size = package.getinfo("word/document.xml").file_size
    read_peak = peak_memory(read(big_data))
    write_peak = peak_memory(write(big_plan))
    report("peak memory read_docx, 10,000 duties / document.xml size", read_peak / xml_size, "Python's (tracemalloc)")
    report("peak memory write_docx, 10,000 duties / document.xml size", write_peak / xml_size, "Python's (tracemalloc)")
    mib = 1024 * 1024
    sizes = f"document.xml {xml_size / mib:.1f} MiB"
    print(f"({sizes}; reading +{read_peak / mib:.0f} MiB, writing +{write_peak / mib:.0f} MiB)")
    return ratios


if __name__ == "__main__":
    run()
