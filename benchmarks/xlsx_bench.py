"""XLSX reading and writing speed, as ratios to the least the same job needs, measured in one process.

- read: ``kp.read_xlsx`` against the floor: unzip, lxml parse of the sheet (and the shared strings,
  where the file has them) and each cell's text (goal: at most 1.3×); python-calamine reading the
  same sheet with its merged ranges is measured beside it, to say how far a compiled reader is ahead.
  The time is split into its two steps: the workbook read into a grid of cell texts
  (``document_from_xlsx``) and the grid interpreted as a plan by the layout code;
- write: ``kp.write_xlsx`` (styles, print setup, validation, derived sheets) against XlsxWriter
  writing the same cells and merges of the three sheets without styles (goal: at most 1.5×);
- scaling: the time for 10,000 duties over the time for 1,000 (goal: at most 12), reading and
  writing;
- memory: the peak traced memory (tracemalloc) of reading and writing 10,000 duties, beside the
  size of the sheet XML (tracemalloc sees Python's allocations, not libxml2's own: the reader parses
  the sheet as a stream, so libxml2 holds one row at a time).

For generated plans of 1,000 and 10,000 duties (the Shenmu actions repeated, their names prefixed
``第N批``) and the Shenmu plan itself.  Each time is the best of several repeats, in CPU time
(``time.process_time``), with the garbage collector run before each repeat, so that one run does
not pay for the garbage of the one before.  XlsxWriter and python-calamine come with the ``bench``
(and ``test``) extra: ``pip install -e ".[bench]"``.

Run from the repository root:  python benchmarks/xlsx_bench.py
"""

from __future__ import annotations

import gc
import io
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _common import scaled_plan

import kepu_plan as kp
from kepu_plan.formats.xlsx import document_from_xlsx
from kepu_plan.layout import (
    DERIVED_SHEETS,
    TABLE_SHEET,
    TARGETS_SHEET,
    UNITS_SHEET,
    document_from_plan,
    plan_from_document,
    targets_rows,
    units_rows,
)

GOAL_READ = 1.3
GOAL_WRITE = 1.5
GOAL_SCALING = 12.0
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def cpu(work: Callable[[], object], repeats: int) -> float:
    """The shortest CPU time of ``repeats`` runs of ``work``, collecting garbage before each."""
    shortest = float("inf")
    for _ in range(repeats):
        gc.collect()
        start = time.process_time()
        work()
        shortest = min(shortest, time.process_time() - start)
    return shortest


def peak_mib(work: Callable[[], object]) -> float:
    """The peak memory ``work`` allocates, in MiB, as tracemalloc counts it."""
    gc.collect()
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def xlsx_bytes(plan: kp.Plan) -> bytes:
    buffer = io.BytesIO()
    kp.write_xlsx(plan, buffer)
    return buffer.getvalue()


def floor(data: bytes) -> list[str | None]:
    """The least any reader does: unzip, parse the sheet and the shared strings, each cell's text."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        sheet = etree.fromstring(package.read("xl/worksheets/sheet1.xml"))
        strings = etree.fromstring(package.read("xl/sharedStrings.xml")) if "xl/sharedStrings.xml" in names else None
    texts = [element.text for element in strings.iter(f"{MAIN}t")] if strings is not None else []
    texts.extend(element.text for element in sheet.iter(f"{MAIN}v", f"{MAIN}t"))
    return texts


def streaming_floor(data: bytes) -> list[str | None]:
    """The floor's work with the sheet parsed as a stream (lxml's iterparse) rather than as one tree.

    For comparison only: a whole tree of a large sheet falls out of the CPU's caches, so the floor
    grows faster than its file (about 20x for 10x the duties), while a stream grows with the file."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        sheet = package.read("xl/worksheets/sheet1.xml")
        strings = package.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in names else None
    texts: list[str | None] = []
    if strings is not None:
        texts.extend(element.text for _, element in etree.iterparse(io.BytesIO(strings), tag=f"{MAIN}t"))
    for _, row in etree.iterparse(io.BytesIO(sheet), tag=f"{MAIN}row"):
        texts.extend(element.text for element in row.iter(f"{MAIN}v", f"{MAIN}t"))
        row.clear()  # a row read is dropped, as a streaming reader does
    return texts


def calamine(data: bytes) -> object:
    """python-calamine reading the table sheet's values and merged ranges."""
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    return sheet.to_python(), sheet.merged_cell_ranges


def xlsxwriter_write(plan: kp.Plan) -> bytes:
    """XlsxWriter writing the cells and merges kp.write_xlsx writes, without styles."""
    import xlsxwriter

    document = document_from_plan(plan)
    grid = document.tables[0]
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet(TABLE_SHEET)
    top = 0
    if document.label:
        sheet.write_string(top, 0, document.label)
        top += 1
    if document.title:
        sheet.merge_range(top, 0, top, grid.ncols - 1, document.title)
        top += 1
    for cell in grid.cells:
        if cell.rowspan > 1 or cell.colspan > 1:
            row = top + cell.row
            sheet.merge_range(row, cell.col, row + cell.rowspan - 1, cell.col + cell.colspan - 1, cell.text)
        else:
            sheet.write_string(top + cell.row, cell.col, cell.text)
    units = workbook.add_worksheet(UNITS_SHEET)
    for row, unit_row in enumerate(units_rows(plan), start=1):
        units.write_number(row, 0, row)
        units.write_string(row, 1, unit_row[0])
        units.write_number(row, 2, unit_row[1])
        units.write_number(row, 3, unit_row[2])
        units.write_string(row, 4, unit_row[3])
        units.write_string(row, 5, unit_row[4])
    targets = workbook.add_worksheet(TARGETS_SHEET)
    for row, target_row in enumerate(targets_rows(plan), start=1):
        for col, value in enumerate(target_row):
            if isinstance(value, str):
                targets.write_string(row, col, value)
            else:
                targets.write_number(row, col, float(value))
    workbook.close()
    return buffer.getvalue()


def measure(label: str, plan: kp.Plan, repeats: int) -> tuple[float, float, float]:
    """Print the read and write ratios for one plan; return kp's read and write times and the floor's."""
    data = xlsx_bytes(plan)
    assert kp.read_xlsx(io.BytesIO(data)) == plan
    read = cpu(lambda: kp.read_xlsx(io.BytesIO(data)), repeats)
    grid = cpu(lambda: document_from_xlsx(io.BytesIO(data), skip=DERIVED_SHEETS), repeats)
    document = document_from_xlsx(io.BytesIO(data), skip=DERIVED_SHEETS)
    layout = cpu(lambda: plan_from_document(document), repeats)
    floor_time = cpu(lambda: floor(data), repeats)
    stream_time = cpu(lambda: streaming_floor(data), repeats)
    calamine_time = cpu(lambda: calamine(data), repeats)
    write = cpu(lambda: xlsx_bytes(plan), repeats)
    peer = cpu(lambda: xlsxwriter_write(plan), repeats)
    # The same table as Excel, WPS and LibreOffice store texts: shared strings (XlsxWriter's workbook).
    shared = xlsxwriter_write(plan)
    assert kp.read_xlsx(io.BytesIO(shared)) == plan
    shared_read = cpu(lambda: kp.read_xlsx(io.BytesIO(shared)), repeats)
    shared_floor = cpu(lambda: floor(shared), repeats)
    name = f"{label} ({len(plan.duties):,} duties)"
    print(
        f"{name:<28} read  {read * 1000:7.1f} ms / floor     {floor_time * 1000:7.1f} ms = {read / floor_time:4.2f}x"
        f" (goal <= {GOAL_READ}); python-calamine {calamine_time * 1000:6.1f} ms: we take {read / calamine_time:4.2f}x"
    )
    print(
        f"{'':<28}   of which the workbook's grid (document_from_xlsx) {grid * 1000:7.1f} ms = "
        f"{grid / floor_time:4.2f}x the floor, the layout code (plan_from_document) {layout * 1000:6.1f} ms"
    )
    print(
        f"{'':<28}   for comparison: the floor parsing the sheet as a stream {stream_time * 1000:7.1f} ms,"
        f" read / that = {read / stream_time:4.2f}x"
    )
    print(
        f"{'':<28}   the same table in shared strings (XlsxWriter's workbook, as Excel writes texts): read"
        f" {shared_read * 1000:7.1f} ms / its floor {shared_floor * 1000:7.1f} ms = {shared_read / shared_floor:4.2f}x"
        " (reference: few distinct strings make a small part, so the layout code weighs more)"
    )
    print(
        f"{'':<28} write {write * 1000:7.1f} ms / XlsxWriter {peer * 1000:7.1f} ms = {write / peer:4.2f}x"
        f" (goal <= {GOAL_WRITE})"
    )
    return read, write, floor_time


def run() -> None:
    """Measure and print every ratio of the goals, and the peak memory at 10,000 duties."""
    from importlib.metadata import version

    import openpyxl
    import xlsxwriter

    print(
        f"Python {sys.version.split()[0]}, lxml {etree.__version__}, openpyxl {openpyxl.__version__}, "
        f"XlsxWriter {xlsxwriter.__version__}, python-calamine {version('python-calamine')}; CPU times, best of N"
    )
    measure("Shenmu", kp.examples.shenmu(), repeats=20)
    small, large = scaled_plan(1_000), scaled_plan(10_000)
    read_small, write_small, floor_small = measure("generated", small, repeats=10)
    read_large, write_large, floor_large = measure("generated", large, repeats=5)
    print(
        f"scaling 10,000 / 1,000 duties: read {read_large / read_small:5.2f}, write {write_large / write_small:5.2f}"
        f" (goal <= {GOAL_SCALING})"
    )
    # The floor's own scaling (a whole tree of a large sheet falls out of the caches), and the
    # reader's over it: below 1, the reader grows more slowly than the floor, and so the ratio to the
    # floor is higher at 1,000 duties than at 10,000.
    floor_scale = floor_large / floor_small
    print(
        f"scaling of the floor 10,000 / 1,000 duties: {floor_scale:5.2f}; read's scaling / floor's:"
        f" {read_large / read_small / floor_scale:4.2f}"
    )
    data = xlsx_bytes(large)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheet_size = package.getinfo("xl/worksheets/sheet1.xml").file_size / 2**20
    print(
        f"peak memory at 10,000 duties (tracemalloc): read {peak_mib(lambda: kp.read_xlsx(io.BytesIO(data))):.0f} MiB,"
        f" write {peak_mib(lambda: xlsx_bytes(large)):.0f} MiB"
        f" (the table sheet's XML is {sheet_size:.1f} MiB, the file {len(data) / 2**20:.1f} MiB)"
    )


if __name__ == "__main__":
    run()
