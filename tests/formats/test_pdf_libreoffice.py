"""Fidelity measured where LibreOffice is installed: plans written as DOCX, printed to PDF by
LibreOffice at test time, and read back from the PDF with every name, content and unit exact.

Covered: the Shenmu table as LibreOffice itself wrote it (rows that break across pages), a part of
the Shenmu plan in every layout preset as kepu_plan writes it, the county tables written by hand
in HTML (tests/data/layouts), and generated plans (a property test with few examples: LibreOffice
takes seconds per file).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kepu_plan as kp
from _support import load_script, needs_libreoffice
from kepu_plan import Action, ActionKind, Duty, Plan, Task

DATA = Path(__file__).parent.parent / "data"

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.usefixtures("english"),  # messages in English, as the assertions read them
    needs_libreoffice,
]


# tests/data/pdf/make_fixtures.py: how the PDFs are printed and plans compared.
MAKE = load_script(DATA / "pdf" / "make_fixtures.py", "pdf_make_fixtures")


signature = MAKE.signature


def assert_same(read: Plan, expected: Plan) -> None:
    assert signature(read) == signature(expected)
    assert (read.label, read.title, read.notes) == (expected.label, expected.title, expected.notes)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Plan]]:
    """Every source printed to PDF in one LibreOffice run, with the plan it holds."""
    work = tmp_path_factory.mktemp("pdf-sources")
    sources: dict[str, tuple[Path, Plan]] = {}
    shenmu = work / "shenmu-libreoffice.docx"
    shutil.copy(DATA / "shenmu-libreoffice.docx", shenmu)
    sources["shenmu-libreoffice"] = (shenmu, kp.read(shenmu))
    for name, plan in MAKE.preset_plans().items():
        for paper, style in (("a4", None), ("a6", MAKE.small_style())):
            path = work / f"{name}-{paper}.docx"
            kp.write(plan, path, style=style)
            sources[path.stem] = (path, plan)
    for path in sorted((DATA / "layouts").glob("*.docx")):
        copy = work / f"layout-{path.name}"
        shutil.copy(path, copy)
        sources[copy.stem] = (copy, kp.read(path))
    out = tmp_path_factory.mktemp("pdf-printed")
    MAKE.render_all([path for path, _ in sources.values()], out)
    for path, _ in sources.values():
        shutil.copy(path, out / path.name)  # beside its PDF, for printed_layouts
    return {name: (out / f"{name}.pdf", plan) for name, (_, plan) in sources.items()}


@pytest.fixture(scope="module")
def printed_layouts(printed: dict[str, tuple[Path, Plan]]) -> dict[str, kp.Layout | None]:
    """The layout each printed source is read in from its DOCX: the PDF must find the same."""
    return {name: kp.read(pdf.with_suffix(".docx")).layout for name, (pdf, _) in printed.items()}


def test_the_shenmu_table_libreoffice_wrote_reads_from_its_pdf_as_from_its_docx(
    printed: dict[str, tuple[Path, Plan]],
) -> None:
    pdf, expected = printed["shenmu-libreoffice"]
    found: list[kp.Diagnostic] = []
    plan = kp.read(pdf, diagnostics=found)
    assert_same(plan, expected)
    assert plan == attrs.evolve(expected, layout=plan.layout)
    assert any(item.code == "pdf-split-row" for item in found)  # its rows break across pages


PRESETS = ["preset-shenmu", "preset-sections", "preset-lead-columns", "preset-marked", "preset-two-row-header"]


@pytest.mark.parametrize("paper", ["a4", "a6"])
@pytest.mark.parametrize("preset", PRESETS)
def test_every_layout_preset_reads_back_from_its_pdf(
    printed: dict[str, tuple[Path, Plan]], printed_layouts: dict[str, kp.Layout | None], preset: str, paper: str
) -> None:
    pdf, expected = printed[f"{preset}-{paper}"]
    plan = kp.read_pdf(pdf)
    assert_same(plan, expected)
    assert plan.layout == printed_layouts[f"{preset}-{paper}"]


@pytest.mark.parametrize(
    "name",
    ["group-marks", "lead-partner", "marked", "numbered-sections", "sections", "split-pages", "two-row-header"],
)
def test_county_tables_written_by_hand_read_from_their_pdf_as_from_their_docx(
    printed: dict[str, tuple[Path, Plan]], name: str
) -> None:
    pdf, expected = printed[f"layout-{name}"]
    assert_same(kp.read(pdf), expected)


# --- names at page breaks --------------------------------------------------------------------------

# Generated plans (below) that once read back wrong, kept as JSON: a task's or action's name at
# the end of a page, going on at the top of the next (True) or followed by a new one (False).
BREAKS = DATA / "pdf" / "page-breaks"
GOES_ON = {
    "numbered-task-goes-on": True,  # unnumbered at the page top, under （二）…
    "task-goes-on-in-one-row": True,  # one row on each page, its last line full
    "open-bracket-goes-on": True,  # an action's lead mark left open, a line's room below it
    "new-action-at-page-top": False,  # the task above fills its row, but a new action starts
    "task-sets-its-row": False,  # the task above has more lines than its row's other cells
    # kept with their PDFs too (tests/formats/test_pdf.py): see KEPT_BREAKS there
    "task-sets-its-row-beside-an-action-going-on": False,
    "task-sets-its-row-beside-a-wrapped-action": False,
    "centred-action-ends": False,
    "lead-mark-goes-on-after-a-name-end": True,
}


@pytest.fixture(scope="module")
def printed_breaks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Plan]]:
    work = tmp_path_factory.mktemp("page-breaks")
    plans = {name: kp.read_json(BREAKS / f"{name}.json") for name in GOES_ON}
    for name, plan in plans.items():
        kp.write(plan, work / f"{name}.docx", style=MAKE.small_style())
    MAKE.render_all([work / f"{name}.docx" for name in plans], work)
    return {name: (work / f"{name}.pdf", plan) for name, plan in plans.items()}


@pytest.mark.parametrize("name", sorted(GOES_ON))
def test_a_name_at_a_page_break_reads_back_as_one_name_or_as_two_as_written(
    printed_breaks: dict[str, tuple[Path, Plan]], name: str
) -> None:
    pdf, expected = printed_breaks[name]
    found: list[kp.Diagnostic] = []
    assert_same(kp.read_pdf(pdf, diagnostics=found), expected)
    if GOES_ON[name]:
        assert any(item.code == "pdf-page-continuation" for item in found)


# --- generated plans --------------------------------------------------------------------------------

_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_PUNCTUATION = "，、；：“”（）《》"


@st.composite
def _text(draw: st.DrawFn, *, min_size: int = 2, max_size: int = 40, digits: bool = True) -> str:
    """Chinese text as tables hold it: ideographs, full-width punctuation, numbers, a sentence end."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        parts.append(draw(st.text(_CJK, min_size=min_size, max_size=max(min_size, max_size // 3))))
        if digits and draw(st.booleans()):
            parts.append(str(draw(st.integers(1, 3000))))
        parts.append(draw(st.sampled_from(_PUNCTUATION[:3])))
    return "".join(parts)[:max_size].rstrip(_PUNCTUATION) + "。"


_UNITS = ("县教体局", "县科协", "县发改科技局", "县委宣传部", "县财政局", "团县委", "县农业农村局", "县融媒体中心")


@st.composite
def _plans(draw: st.DrawFn) -> Plan:
    actions = []
    for number in range(draw(st.integers(1, 3))):
        tasks = []
        for task_number in range(draw(st.integers(1, 3))):
            duties = [
                Duty(
                    content=draw(_text(max_size=90)),
                    units=draw(st.lists(st.sampled_from(_UNITS), min_size=1, max_size=4, unique=True)),
                )
                for _ in range(draw(st.integers(1, 3)))
            ]
            name = draw(st.text(_CJK, min_size=4, max_size=18)) + f"任务{task_number}"
            tasks.append(Task(name=name, duties=duties))
        name = draw(st.text(_CJK, min_size=4, max_size=12)) + f"第{number}行动"
        leads = draw(st.lists(st.sampled_from(_UNITS), max_size=2, unique=True))
        actions.append(Action(name=name, kind=ActionKind.ACTION, leads=leads, tasks=tasks))
    layout = draw(st.sampled_from([None, kp.layouts.SECTIONS, kp.layouts.MARKED, kp.layouts.LEAD_COLUMNS]))
    return Plan(label="附件", title="某县目标任务分工表", actions=actions, layout=layout)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(plan=_plans())
def test_a_generated_plan_printed_by_libreoffice_reads_back_in_content_and_units(
    plan: Plan, tmp_path_factory: pytest.TempPathFactory
) -> None:
    work = tmp_path_factory.mktemp("generated")
    source = work / "plan.docx"
    kp.write(plan, source, style=MAKE.small_style())
    pdf = MAKE.render(source, work)
    assert_same(kp.read_pdf(pdf), plan)


@pytest.mark.parametrize("where", ["every page", "after the first page", "header only"])
def test_a_title_repeated_in_the_page_header_is_read_once(tmp_path: Path, where: str) -> None:
    """The title in the page header on every page, or from the second page on (Word's different
    first page), or there only (not in the body): read once, and the repeats are neither title,
    notes nor rows."""
    import docx

    plan = MAKE.preset_plans()["preset-sections"]
    source = tmp_path / "页眉标题.docx"
    kp.write(plan, source, style=MAKE.small_style())
    document = docx.Document(str(source))
    section = document.sections[0]
    section.different_first_page_header_footer = where == "after the first page"
    section.header.paragraphs[0].text = plan.title
    if where == "header only":
        body = [paragraph for paragraph in document.paragraphs if paragraph.text.replace("\n", "") == plan.title]
        assert len(body) == 1
        parent = body[0]._element.getparent()
        assert parent is not None
        parent.remove(body[0]._element)
    document.save(str(source))
    pdf = MAKE.render(source, tmp_path)
    found: list[kp.Diagnostic] = []
    assert_same(kp.read(pdf, diagnostics=found), plan)
    running = [item.message for item in found if item.code == "pdf-running-text"]
    read_once = [message for message in running if message.endswith("read once, as the title")]
    assert running
    assert len(read_once) == (2 if where == "header only" else 0)  # the header's two lines


def test_a_pdf_that_only_restricts_copying_and_editing_reads(tmp_path: Path) -> None:
    """Government sites often publish PDFs encrypted against copying, which open without a password."""
    plan = MAKE.preset_plans()["preset-sections"]
    source = tmp_path / "受限.docx"
    kp.write(plan, source, style=MAKE.small_style())
    options = (
        '{"EncryptFile":{"type":"boolean","value":"true"},"RestrictPermissions":{"type":"boolean","value":"true"},'
        '"PermissionPassword":{"type":"string","value":"owner"},"EnableCopyingOfContent":{"type":"boolean","value":"false"}}'
    )
    pdf = MAKE.render(source, tmp_path, filter_options=options)
    assert b"/Encrypt" in pdf.read_bytes()
    assert_same(kp.read(pdf), plan)
