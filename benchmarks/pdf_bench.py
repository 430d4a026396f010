"""PDF reading: speed as ratios, and fidelity as a rate (needs LibreOffice to print the PDFs).

Run ``python benchmarks/pdf_bench.py``.  It prints:

* reading the Shenmu fixture's PDF (``tests/data/shenmu-libreoffice.docx`` printed by LibreOffice)
  with ``kp.read_pdf`` against pdfplumber's own ``extract_tables()`` over the same pages: the table
  extraction is most of the work, kepu_plan's part is the layout (goal <= 1.5);
* scaling: plans of 1,000 and 10,000 duties (the Shenmu actions again and again) written as DOCX,
  printed by LibreOffice and read back, 10,000 / 1,000 (linear is about 10; goal <= 12).  LibreOffice
  lays a table of 10,000 rows out in far more than linear time, so the large plan is printed as ten
  documents of about 1,000 duties whose PDFs are joined page after page (pypdfium2, which pdfplumber
  installs): the reader sees ten tables, each continuing the one before;
* fidelity: generated plans (parts of the Shenmu plan in every layout preset, on A4, A5 and A6
  paper) written as DOCX, printed by LibreOffice and read from the PDF: the share whose every name,
  content and unit is exact.

Times are CPU seconds of this process (LibreOffice prints before the clock starts), best of a few.
"""

from __future__ import annotations

import importlib.util
import io
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _common import best, scaled_plan

import kepu_plan as kp
from kepu_plan.formats.docx import DocxStyle

ROOT = Path(__file__).resolve().parent.parent
GOAL_READ = 1.5
GOAL_SCALING = 12.0
FIDELITY_PLANS = 60


# tests/data/pdf/make_fixtures.py: how the PDFs are printed and plans compared.
_SPEC = importlib.util.spec_from_file_location(
    "pdf_make_fixtures", ROOT / "tests" / "data" / "pdf" / "make_fixtures.py"
)
FIXTURES = importlib.util.module_from_spec(_SPEC)  # type: ignore[arg-type]
_SPEC.loader.exec_module(FIXTURES)  # type: ignore[union-attr]


def print_pdfs(sources: list[Path], out: Path) -> None:
    """Every source printed to PDF into ``out`` by one LibreOffice run."""
    if shutil.which("soffice") is None:
        raise SystemExit("the PDF benchmark needs LibreOffice (soffice) on PATH to print its PDFs")
    FIXTURES.render_all(sources, out, timeout=3600)


def printed_in_parts(plan: kp.Plan, parts: int, work: Path) -> bytes:
    """``plan`` printed as ``parts`` documents of consecutive actions, their PDFs joined."""
    import pypdfium2

    size = -(-len(plan.duties) // parts)
    groups: list[list[kp.Action]] = [[]]
    count = 0
    for action in plan.actions:
        if count >= size * len(groups):
            groups.append([])
        groups[-1].append(action)
        count += len(action.duties)
    sources = []
    for index, actions in enumerate(groups):
        source = work / f"part-{parts}-{index:02d}.docx"
        kp.write(attrs.evolve(plan, actions=actions, notes=plan.notes if index == len(groups) - 1 else ()), source)
        sources.append(source)
    print_pdfs(sources, work)
    joined = pypdfium2.PdfDocument.new()
    for source in sources:
        joined.import_pages(pypdfium2.PdfDocument(source.with_suffix(".pdf")))
    buffer = io.BytesIO()
    joined.save(buffer)
    return buffer.getvalue()


def pdfplumber_tables(data: bytes) -> list[object]:
    """pdfplumber's own table extraction over every page: the anchor."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_tables() for page in pdf.pages]


signature = FIXTURES.signature


TWO_ROW = FIXTURES.two_row_layout()
LAYOUTS = [None, kp.layouts.SECTIONS, kp.layouts.LEAD_COLUMNS, kp.layouts.MARKED, TWO_ROW]
PAPERS = {
    "A4": DocxStyle(),
    "A5": DocxStyle(paper_width=148, paper_height=210, body_size=10.5, header_size=10.5, title_size=16),
    "A6": DocxStyle(
        paper_width=105,
        paper_height=148,
        margin_left=10,
        margin_right=10,
        margin_top=10,
        margin_bottom=12,
        body_size=9,
        header_size=9,
        title_size=12,
        label_size=10,
        page_number_size=9,
    ),
}


def generated_plan(seed: int) -> tuple[kp.Plan, str]:
    """A part of the Shenmu plan picked at random, in a random layout, and the paper to print it on."""
    rng = random.Random(seed)
    shenmu = kp.examples.shenmu()
    actions = []
    for action in rng.sample(list(shenmu.actions), rng.randint(1, 4)):
        tasks = []
        for task in rng.sample(list(action.tasks), min(len(action.tasks), rng.randint(1, 3))):
            duties = rng.sample(list(task.duties), min(len(task.duties), rng.randint(1, 3)))
            tasks.append(attrs.evolve(task, duties=duties))
        actions.append(attrs.evolve(action, tasks=tasks))
    plan = attrs.evolve(shenmu, actions=actions).with_layout(rng.choice(LAYOUTS))
    return plan, rng.choice(sorted(PAPERS))


def fidelity(work: Path) -> None:
    sources = []
    plans = []
    for seed in range(FIDELITY_PLANS):
        plan, paper = generated_plan(seed)
        path = work / f"generated-{seed:03d}-{paper}.docx"
        kp.write(plan, path, style=PAPERS[paper])
        sources.append(path)
        plans.append(plan)
    print_pdfs(sources, work)
    exact = 0
    failed = []
    for path, plan in zip(sources, plans, strict=True):
        try:
            read = kp.read_pdf(path.with_suffix(".pdf"))
        except kp.KepuPlanError as error:
            failed.append(f"{path.stem}: {error}")
            continue
        if signature(read) == signature(plan) and (read.label, read.title) == (plan.label, plan.title):
            exact += 1
        else:
            failed.append(f"{path.stem}: differs")
    print(
        f"fidelity: {exact} of {len(plans)} generated plans ({exact / len(plans):.0%}) read back from LibreOffice's "
        "PDF with every name, content and unit exact"
    )
    for line in failed[:10]:
        print(f"  {line}")


def run() -> None:
    """Measure and print the ratios and the fidelity rate of the issue."""
    import pdfplumber

    print(f"pdfplumber {pdfplumber.__version__}, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as work_name:
        work = Path(work_name)
        shutil.copy(ROOT / "tests" / "data" / "shenmu-libreoffice.docx", work / "shenmu.docx")
        small, large = scaled_plan(1_000), scaled_plan(10_000)
        start = time.perf_counter()
        print_pdfs([work / "shenmu.docx"], work)
        printed = {
            "1,000": (small, printed_in_parts(small, 1, work)),
            "10,000": (large, printed_in_parts(large, 10, work)),
        }
        print(f"(LibreOffice printed the PDFs in {time.perf_counter() - start:.0f} s)")

        data = (work / "shenmu.pdf").read_bytes()
        assert len(kp.read_pdf(io.BytesIO(data)).duties) == len(kp.examples.shenmu().duties)
        ours = best(lambda: kp.read_pdf(io.BytesIO(data)), 5, time.process_time)
        theirs = best(lambda: pdfplumber_tables(data), 5, time.process_time)
        print(
            f"Shenmu fixture PDF: read_pdf {ours * 1000:7.1f} ms / pdfplumber extract_tables {theirs * 1000:7.1f} ms "
            f"= {ours / theirs:4.2f}x (goal <= {GOAL_READ})"
        )

        timings = []
        for label, (plan, pdf) in printed.items():
            read = kp.read_pdf(io.BytesIO(pdf))
            exact = signature(read) == signature(plan)
            repeats = 2 if plan is small else 1
            seconds = best(lambda pdf=pdf: kp.read_pdf(io.BytesIO(pdf)), repeats, time.process_time)
            timings.append(seconds)
            print(f"{label:>6} duties: read_pdf {seconds:7.2f} s, {'exact' if exact else 'NOT exact'}")
        print(f"scaling 10,000 / 1,000 duties: read {timings[1] / timings[0]:5.2f} (goal <= {GOAL_SCALING})")
        fidelity(work)


if __name__ == "__main__":
    run()
