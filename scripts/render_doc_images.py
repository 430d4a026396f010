"""Render the pictures of docs/formats.md from real documents written by kepu_plan.

For each table layout the docs show, this script builds a small plan (the first two actions of the
Shenmu table, each duty given a lead unit and a deadline so that every column has something to
show), writes it with kepu_plan to DOCX (and once to XLSX), converts the file to PDF with
LibreOffice and renders the top of the first page to a PNG with poppler:

    soffice --headless --convert-to pdf --outdir TMP FILE
    pdftoppm -png -r DPI -f 1 -l 1 -x X -y Y -W W -H H TMP/FILE.pdf OUT

Run from the repository root (needs ``soffice`` and ``pdftoppm`` on PATH):

    python scripts/render_doc_images.py [--dpi 50] [--out docs/images]

The PNGs are committed; run this again when the writers or the layouts change, and look at them.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import kepu_plan as kp  # noqa: E402

#: A4 landscape in inches, as the DOCX writer lays the page out.
PAGE_WIDTH_IN = 297 / 25.4
PAGE_HEIGHT_IN = 210 / 25.4

#: Lead units written as one group in the units cell: ``A牵头，B、C配合``.
GROUP = kp.Layout(
    columns=[
        kp.Column(role="action", header="重点工作"),
        kp.Column(role="task", header="主要任务"),
        kp.Column(role="content", header="工作措施"),
        kp.Column(role="units", header="责任单位"),
        kp.Column(role="deadline", header="完成时限"),
    ],
    task_numbering="1、",
    leads=kp.LeadStyle.GROUP,
)

#: A table of two levels: the key tasks (actions) in a 重点任务 column, no task column, a 序号 column,
#: leads and partners in two columns.
TWO_LEVELS = kp.Layout(
    columns=[
        kp.Column(role="number", header="序号"),
        kp.Column(role="action", header="重点任务"),
        kp.Column(role="content", header="具体措施"),
        kp.Column(role="leads", header="牵头单位"),
        kp.Column(role="partners", header="配合单位"),
        kp.Column(role="deadline", header="完成时限"),
    ],
)


def _short_tasks(action: kp.Action) -> list[kp.Task]:
    """The action's two tasks with the shortest first two duties (in their order), two duties each,
    so that several rows fit on the first page of the picture."""

    def length(task: kp.Task) -> int:
        return sum(len(duty.content) for duty in task.duties[:2])

    shortest = sorted(action.tasks, key=length)[:2]
    return [attrs.evolve(task, duties=task.duties[:2]) for task in action.tasks if task in shortest]


def sample_plan(layout: kp.Layout) -> kp.Plan:
    """Two actions of the Shenmu table (青少年科学素质提升行动, 科技资源科普化工程), two short tasks each.

    The Shenmu table has no duty leads, deadlines or notes; where ``layout`` has a place for them,
    each duty is given its first unit as lead, a deadline and (for a task's first duty) a 备注, so
    that every column of the picture has something to show.
    """
    shenmu = kp.examples.shenmu()
    roles = layout.roles()
    leads = "leads" in roles or layout.leads is not kp.LeadStyle.COLUMN
    extra_headers = [column.header for column in layout.columns if column.role == "extra"]

    def fill(duty: kp.Duty, first: bool) -> kp.Duty:
        return attrs.evolve(
            duty,
            leads=duty.units[:1] if leads else (),
            deadline="2025年底前" if "deadline" in roles else None,
            extra=dict.fromkeys(extra_headers, "按年度报送进展") if first else {},
        )

    actions = [
        attrs.evolve(
            action,
            tasks=[
                attrs.evolve(task, duties=[fill(duty, i == 0) for i, duty in enumerate(task.duties)])
                for task in _short_tasks(action)
            ],
        )
        for action in (shenmu.actions[0], shenmu.actions[5])
    ]
    if layout.two_levels:  # a table of two levels: each action's rows are one task named as it
        actions = [attrs.evolve(action, tasks=[kp.Task(name=action.name, duties=action.duties)]) for action in actions]
    return attrs.evolve(shenmu, actions=actions).with_layout(layout)


@attrs.frozen
class Picture:
    """One picture: the file name under docs/images, how to lay the plan out, the format, and which
    part of the page to keep (fractions of the page's width and height, from the top left)."""

    name: str
    layout: kp.Layout
    suffix: str = ".docx"
    crop: tuple[float, float, float, float] = (0.08, 0.13, 0.84, 0.77)
    scale: float = 1.0
    """A factor on the resolution: a workbook prints one page wide, in smaller type."""


#: The part of an XLSX page (printed one page wide) that holds the table.
XLSX_CROP = (0.03, 0.05, 0.94, 0.72)

PICTURES = (
    Picture("layout-shenmu.png", kp.layouts.SHENMU),
    Picture("layout-sections.png", kp.layouts.SECTIONS),
    Picture("layout-lead-columns.png", kp.layouts.LEAD_COLUMNS, suffix=".xlsx", crop=XLSX_CROP, scale=1.6),
    Picture("layout-marked.png", kp.layouts.MARKED),
    Picture("layout-group.png", GROUP),
    Picture("layout-two-levels.png", TWO_LEVELS),
    Picture("layout-shenmu-xlsx.png", kp.layouts.SHENMU, suffix=".xlsx", crop=XLSX_CROP, scale=1.6),
)


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"render_doc_images: {name} is not on PATH (install LibreOffice and poppler-utils)")
    return found


def render(picture: Picture, workdir: Path, out: Path, dpi: int) -> Path:
    """Write, convert and render one picture; return the PNG's path."""
    source = workdir / (Path(picture.name).stem + picture.suffix)
    kp.write(sample_plan(picture.layout), source)
    profile = (workdir / "lo-profile").as_uri()
    outdir = ("--outdir", str(workdir), str(source))
    subprocess.run(
        [tool("soffice"), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", *outdir],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = source.with_suffix(".pdf")
    if not pdf.exists():
        raise SystemExit(f"render_doc_images: LibreOffice did not convert {source.name}")
    left, top, width, height = picture.crop
    dpi = round(dpi * picture.scale)
    page_w, page_h = PAGE_WIDTH_IN * dpi, PAGE_HEIGHT_IN * dpi
    stem = out / Path(picture.name).stem
    crop = ["-x", str(round(left * page_w)), "-y", str(round(top * page_h))]
    crop += ["-W", str(round(width * page_w)), "-H", str(round(height * page_h))]
    subprocess.run(
        [tool("pdftoppm"), "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", *crop, str(pdf), str(stem)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return stem.with_suffix(".png")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dpi", type=int, default=50, help="resolution of the pictures (default 50)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images", help="folder for the PNGs")
    parser.add_argument("names", nargs="*", help="only these pictures (file names), default all")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    chosen = [p for p in PICTURES if not args.names or p.name in args.names]
    with tempfile.TemporaryDirectory(prefix="kepu-plan-images-") as tmp:
        for picture in chosen:
            path = render(picture, Path(tmp), args.out, args.dpi)
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
