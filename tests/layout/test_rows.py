"""The fast path of the row reader reads exactly what the plain path reads: the same plan, the same
duties (wording included), the same notes and the same diagnostics (code, message, position,
severity, order), or the same error at the same position, for tables with every kind of row a
reader meets; and what it remembers across reads (unit cells, units) changes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kepu_plan as kp
from kepu_plan.errors import LayoutError
from kepu_plan.grid import Cell, Document, Grid
from kepu_plan.layout import _cells, _duties, _rows, plan_from_document

pytestmark = pytest.mark.usefixtures("english")

#: Header rows: the Shenmu layout, a lead column beside a partner column with 序号 and deadlines,
#: tables of sections (no action column) with an extra column or with the content first, and
#: leads beside units.
_HEADERS: Final = (
    ("重点行动", "主要任务", "主要内容", "负责单位"),
    ("序号", "重点任务", "主要任务", "工作措施", "牵头单位", "配合单位", "完成时限"),
    ("主要任务", "主要内容", "责任单位", "备注"),
    ("序号", "主要内容", "责任单位", "完成时限"),
    ("重点行动", "主要任务", "主要内容", "牵头单位", "责任单位", "完成时限"),
)
#: A header of two rows: 责任单位 over 牵头单位 and 配合单位 (``_UP``: the cell above covers it).
_UP: Final = "\0up"
_TWO_ROWS: Final = (
    ("重点行动", "主要任务", "主要内容", "责任单位", None),
    (_UP, _UP, _UP, "牵头单位", "配合单位"),
)
#: A header of two rows whose upper content cell is long (named by ``columns``) over 主要内容.
_LONG = "各项重点工作的主要内容以及具体的工作措施和进度安排说明"
_TWO_ROWS_LONG: Final = (
    ("重点行动", "主要任务", _LONG, "牵头单位", "配合单位"),
    (_UP, _UP, "主要内容", _UP, _UP),
)
#: Every header, as its rows.
_SHAPES: Final[tuple[tuple[tuple[str | None, ...], ...], ...]] = (
    *((header,) for header in _HEADERS),
    _TWO_ROWS,
    _TWO_ROWS_LONG,
)
_ACTIONS: Final = (
    "科普行动（县科协牵头）",
    "一、科普行动（县科协牵头）",
    "科普行动（县教体局牵头）",
    "青少年科学素质提升行动",
    "二、基础设施工程(县科协、县住建局牵头)",
    "三、加强科普基础设施建设，推动科普资源向农村和边远地区倾斜行动（县科协牵头）",
    "",
)
_TASKS: Final = ("加强科普", "（一）加强科普", "建设基地", "1.培训人员", "加强\n科普", "", "1.5亿元投入")
_CONTENTS: Final = (
    "每年开展科普活动不少于十次，覆盖全县所有乡镇和街道社区，形成常态化工作机制",
    "建设科普基地",
    "  每年开展科普活动不少于十次，覆盖全县所有乡镇和街道社区，形成常态化工作机制  ",
    "注重培养青少年的科学兴趣和创新意识，开展丰富多彩的科技竞赛和科学营活动",
    "说明：以上任务由各单位按职责分工落实，按季度报送进展",
    "注：以上任务由各单位按职责分工落实",
    "主要内容",
    "备注开展活动",
    "开展\n科普\n活动，推动科普资源向农村和边远地区倾斜，提升公共服务水平",
    "开展科\x07普活动，推动科普资源向农村和边远地区倾斜，提升公共服务水平",
    "",
)
_UNITS: Final = (
    "县科协",
    "县科协\n县教体局",
    "县教体局、县科协",
    "县科协（牵头）\n县教体局",
    "县科协牵头，县教体局配合",
    "县科协 县教体局",
    "县科协\n县科协",
    "县科协等部门",
    "—",
    "",
    "县科协（\n县教体局",
    "由县科协",
    "牵头单位：县教体局；责任单位：县委宣传部（县文明办）、团县委等",
)
_OTHERS: Final = ("", "2025年", "长期坚持", "县科协", "每年")


@st.composite
def _tables(draw: st.DrawFn) -> Document:
    """A table of any of the headers above with rows of every kind: duties (merged or repeated
    action and task cells, unit cells good, repeated or unreadable), empty rows, notes in one cell,
    rows spanning the table, repeated headers, content cells short or long, starting like a note
    or not, with a character no cell can store."""
    headers: list[list[str | None]] = [list(row) for row in draw(st.sampled_from(_SHAPES))]
    # Each column's header: the lower cell where two rows name it.
    header = [upper if lower == _UP else lower or "" for upper, lower in zip(headers[0], headers[-1], strict=True)]
    width = len(header)
    sheet = draw(st.booleans())
    texts: list[list[str | None]] = [list(row) for row in headers]
    kinds = st.sampled_from(["duty"] * 8 + ["empty", "note", "section", "header", "alone"])
    content_col = next(col for col, text in enumerate(header) if text in ("主要内容", "工作措施", _LONG))
    for _ in range(draw(st.integers(min_value=0, max_value=14))):
        kind = draw(kinds)
        if kind == "duty":
            row: list[str | None] = []
            for text in header:
                if text in ("重点行动", "重点任务"):
                    row.append(draw(st.sampled_from(_ACTIONS)))
                elif text == "主要任务":
                    row.append(draw(st.sampled_from(_TASKS)))
                elif text in ("主要内容", "工作措施", _LONG):
                    row.append(draw(st.sampled_from(_CONTENTS)))
                elif text in ("负责单位", "责任单位", "牵头单位", "配合单位"):
                    row.append(draw(st.sampled_from(_UNITS)))
                elif text == "序号":
                    row.append(draw(st.sampled_from(("1", "2", "", "一"))))
                else:
                    row.append(draw(st.sampled_from(_OTHERS)))
            texts.append(row)
        elif kind == "empty":
            texts.append([""] * width)
        elif kind == "note":
            texts.append([draw(st.sampled_from(("注：以上任务按年度落实", "备注：见附件"))), *[""] * (width - 1)])
        elif kind == "section":
            text = draw(st.sampled_from((*_ACTIONS[:6], "注：本表由县科协负责解释")))
            number = header[0] == "序号"
            texts.append([*[""] * number, text, *[None] * (width - 1 - number)])
        elif kind == "alone":  # a content cell and nothing else in its row
            texts.append([draw(st.sampled_from(_CONTENTS)) if col == content_col else "" for col in range(width)])
        else:
            texts.extend(list(row) for row in headers)
    # Vertically merged cells: a run of equal action or task cells is one cell, where drawn so.
    merge = draw(st.booleans())
    cells: list[Cell] = []
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            if text is None or text == _UP or (r, c) in covered:
                continue
            colspan = 1
            while c + colspan < width and row[c + colspan] is None:
                colspan += 1
            rowspan = 1
            while r + rowspan < len(texts) and texts[r + rowspan][c] == _UP:
                rowspan += 1
            if merge and r > 0 and header[c] in ("重点行动", "重点任务", "主要任务") and text:
                while (
                    r + rowspan < len(texts)
                    and texts[r + rowspan][c] == text
                    and all(value is not None and value != _UP for value in texts[r + rowspan])
                ):
                    covered.add((r + rowspan, c))
                    rowspan += 1
            cells.append(Cell(row=r, col=c, text=text, rowspan=rowspan, colspan=colspan))
    grid = Grid(
        nrows=len(texts),
        ncols=width,
        cells=tuple(cells),
        file="t.xlsx" if sheet else "t.docx",
        sheet="分工表" if sheet else None,
        table=None if sheet else 1,
    )
    return Document(tables=(grid,), preamble=("某县分工表",), file=grid.file)


def _outcome(document: Document, *, fast: bool, strict: bool = False) -> tuple[object, ...]:
    """What reading ``document`` gives: the plan, its duties' fields, notes, layout and diagnostics,
    or the error, its position and the diagnostics made before it; ``fast=False``: the plain path."""
    diagnostics: list[kp.Diagnostic] = []
    columns: dict[str | int, str] = {_LONG: "content"}  # for the header of two rows whose upper content cell is long
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_rows, "_FAST", fast)
        try:
            plan = plan_from_document(document, columns=columns, diagnostics=diagnostics, strict=strict)
        except LayoutError as error:
            return ("error", str(error), error.location, diagnostics)
    duties = [attrs.astuple(duty, recurse=False) for duty in plan.duties]
    actions = [(action.leads, action.wording) for action in plan.actions]
    return ("plan", plan, duties, actions, plan.notes, plan.layout, diagnostics)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_tables(), st.booleans())
def test_the_fast_path_reads_every_table_as_the_plain_path_does(document: Document, strict: bool) -> None:
    assert _outcome(document, fast=True, strict=strict) == _outcome(document, fast=False, strict=strict)


@settings(max_examples=100, deadline=None)
@given(_tables())
def test_reading_a_table_again_with_what_was_remembered_gives_the_same(document: Document) -> None:
    _duties._remembered_row_units.cache_clear()
    _cells._remembered_unit.cache_clear()
    first = _outcome(document, fast=True)
    assert _outcome(document, fast=True) == first  # every unit cell and unit remembered now


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_UNITS), st.booleans())
def test_a_remembered_unit_cell_is_the_cell_read_afresh(text: str, units_column: bool) -> None:
    cells = (text, "", "")
    remembered = _duties._row_units(cells, units_column)
    assert _duties._row_units(cells, units_column) is remembered
    assert remembered == _duties._read_row_units(cells, units_column)
    names = [*_cells._split_units(text).names, *_cells._split_units(text).rejected]
    for name in names:
        unit = _cells._unit(name)
        try:
            made: kp.Unit | None = kp.Unit(name=name)
        except kp.errors.InvalidPlan:
            made = None
        assert unit == made


def test_a_long_unit_cell_is_read_afresh_each_time_and_not_kept() -> None:
    cells = ("\n".join(f"县第{i}科普单位" for i in range(200)), "", "")
    assert sum(map(len, cells)) > _cells.REMEMBERED_LENGTH
    found = _duties._row_units(cells, True)
    assert found == _duties._row_units(cells, True) == _duties._read_row_units(cells, True)
    assert _duties._row_units(cells, True) is not found
    assert len(found.units) == 200


def test_what_is_remembered_across_reads_stays_small_however_long_the_cells_read() -> None:
    """A long action cell, unit name or lead wording is read afresh, so that the caches that live
    across reads hold at most a thousand or so short texts each, not a file's long cells."""
    long_action = "科普" * 400 + "行动"
    long_name = "县" + "科" * 300 + "协"
    long_wording = ("（", *("、" for _ in range(99)), "牵头）" * 40)
    assert min(len(long_action), len(long_name), sum(map(len, long_wording))) > _cells.REMEMBERED_LENGTH
    caches = (
        _cells._remembered_action_cell,
        _cells._remembered_unit_problem,
        _cells._remembered_unit,
        _cells._remembered_lead_slots,
    )
    for cache in caches:
        cache.cache_clear()  # the caches are pure: clearing them changes nothing but time
    assert _cells.parse_action_cell(long_action) == (long_action, ())
    assert _cells._unit_problem(long_name) == _cells._read_unit_problem(long_name)
    assert _cells._unit(long_name) == _cells._made_unit(long_name)
    assert [cache.cache_info().currsize for cache in caches[:3]] == [0, 0, 0]
    assert _cells._lead_slots(long_wording) == _cells._read_lead_slots(long_wording)
    assert _cells._remembered_lead_slots.cache_info().currsize == 0
    assert _cells.parse_action_cell("科普行动（县科协牵头）") == ("科普行动", ("县科协",))  # a short one is kept
    assert _cells._remembered_action_cell.cache_info().currsize == 1


def _table(units: Sequence[str]) -> Document:
    header = ("重点行动", "主要任务", "主要内容", "负责单位")
    content = "开展第{}次科普活动，覆盖全县所有乡镇和街道社区"
    rows = [header] + [("科普行动", "加强科普", content.format(i), cell) for i, cell in enumerate(units)]
    cells = tuple(Cell(row=r, col=c, text=text) for r, row in enumerate(rows) for c, text in enumerate(row))
    grid = Grid(nrows=len(rows), ncols=len(header), cells=cells, file="t.xlsx", sheet="分工表")
    return Document(tables=(grid,), file="t.xlsx")


@pytest.mark.parametrize(
    "bad", ["县科协\n县科协", "县科协 县教体局", "县科协（\n县教体局", "", "县科协（牵头）\n县科协"]
)
def test_a_unit_cell_repeated_on_many_rows_is_noted_at_each_of_them(bad: str) -> None:
    cells = ["县科协", bad, bad, "县教体局", bad]
    diagnostics: list[kp.Diagnostic] = []
    plan_from_document(_table(cells), diagnostics=diagnostics)
    # Each row of the bad cell (rows 3, 4 and 6 of the sheet, column D) has its own diagnostics,
    # the same at each, and no other row has any.
    at: dict[str, list[tuple[str, str]]] = {}
    for diagnostic in diagnostics:
        at.setdefault(str(diagnostic.location.cell), []).append((diagnostic.code, diagnostic.message))
    bad_rows = [f"D{row + 2}" for row, cell in enumerate(cells) if cell == bad]
    assert sorted(at) == bad_rows
    assert len({tuple(found) for found in at.values()}) == 1
    assert _outcome(_table(cells), fast=True) == _outcome(_table(cells), fast=False)
