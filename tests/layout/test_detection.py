"""Finding the table: the sheet of a workbook that holds it, chosen by the layout's own header
detection, looking only at each sheet's first rows and showing only the chosen sheet whole."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

import kepu_plan as kp
from kepu_plan.grid import Cell, Document, Grid
from kepu_plan.layout import plan_from_document

HEADER = ("重点行动", "主要任务", "主要内容", "负责单位")
DUTY = ("科普行动", "任务", "开展活动", "市科协")

# These tests match the English words of messages (see tests/conftest.py).
pytestmark = pytest.mark.usefixtures("english")


class FakeSheet:
    """A sheet as a reader offers it, recording what the layout asked for."""

    def __init__(self, name: str, rows: Sequence[tuple[str, ...]], col_offset: int = 0) -> None:
        self.name = name
        self.rows = rows
        self.col_offset = col_offset
        self.asked: list[tuple[str, object]] = []

    def grid(self, count: int | None) -> Grid:
        rows = self.rows if count is None else self.rows[:count]
        cells = tuple(Cell(row=r, col=c, text=text) for r, row in enumerate(rows) for c, text in enumerate(row) if text)
        ncols = max((len(row) for row in rows), default=0)
        return Grid(nrows=len(rows), ncols=ncols, cells=cells, sheet=self.name, col_offset=self.col_offset)

    def first_rows(self, count: int) -> Grid:
        self.asked.append(("first_rows", count))
        return self.grid(count)

    def whole(self, columns: range | None = None) -> Grid:
        self.asked.append(("whole", columns))
        return self.grid(None)


def workbook(*sheets: FakeSheet) -> Document:
    return Document(tables=(), sheets=sheets, file="表.xlsx")


def shown_whole(sheet: FakeSheet) -> list[object]:
    return [columns for what, columns in sheet.asked if what == "whole"]


def test_the_first_sheet_with_a_header_is_read_and_only_it_is_shown_whole() -> None:
    notes = FakeSheet("说明", [("填表说明",), ("请按表填写",)])
    table = FakeSheet("分工表", [("附件",), HEADER, DUTY])
    later = FakeSheet("另一表", [HEADER, ("别的行动", "任务", "别的内容", "市科协")])
    plan = plan_from_document(workbook(notes, table, later))
    assert [duty.content for duty in plan.duties] == ["开展活动"]
    assert plan.label == "附件"
    assert shown_whole(notes) == shown_whole(later) == []
    assert shown_whole(table) == [range(1, 5)]
    assert later.asked == []  # the table was found before this sheet was looked at


def test_the_columns_a_sheet_must_give_whole_are_the_headers_in_sheet_columns() -> None:
    table = FakeSheet("分工表", [("", *HEADER), ("", *DUTY)], col_offset=2)
    plan_from_document(workbook(table))
    # The header spans grid columns 1 to 4, which are the sheet's columns D to G (4 to 7).
    assert shown_whole(table) == [range(4, 8)]


def test_a_column_given_by_number_chooses_the_first_sheet_where_no_sheet_has_a_header() -> None:
    first = FakeSheet("甲", [("类别", "事项", "做法", "单位"), DUTY])
    second = FakeSheet("乙", [("别的",)])
    plan = plan_from_document(workbook(first, second), columns={1: "action", 2: "task", 3: "content", 4: "units"})
    assert [duty.content for duty in plan.duties] == ["开展活动"]
    assert shown_whole(first) == [None]  # no header found: every column must be readable
    assert shown_whole(second) == []


def test_a_column_given_by_number_still_prefers_a_later_sheet_with_a_header() -> None:
    first = FakeSheet("甲", [("类别", "事项", "做法", "单位"), ("甲行动", "任务", "不是这张", "市科协")])
    second = FakeSheet("乙", [HEADER, DUTY])
    plan = plan_from_document(workbook(first, second), columns={4: "units"})
    assert [duty.content for duty in plan.duties] == ["开展活动"]
    assert shown_whole(first) == []


def test_a_header_named_in_columns_chooses_its_sheet() -> None:
    first = FakeSheet("甲", [("重点行动", "主要任务", "工作举措", "负责单位"), DUTY])
    plan = plan_from_document(workbook(first), columns={"工作举措": "content"})
    assert [duty.content for duty in plan.duties] == ["开展活动"]


def test_without_a_header_on_any_sheet_the_error_lists_the_first_rows_and_no_sheet_is_shown_whole() -> None:
    first = FakeSheet("甲", [("填表说明",)] + [("",)] * 33 + [("第三十五行",)])
    second = FakeSheet("乙", [("工作举措", "单位")])
    with pytest.raises(kp.LayoutError, match="found 填表说明、工作举措、单位; the nearest known headers") as caught:
        plan_from_document(workbook(first, second))
    assert caught.value.code == "no-header"
    assert "第三十五行" not in str(caught.value)
    assert shown_whole(first) == shown_whole(second) == []
    assert first.asked == [("first_rows", 30)] * len(first.asked)


def test_a_document_with_tables_ignores_no_table_for_its_sheets() -> None:
    grid = FakeSheet("分工表", [HEADER, DUTY]).grid(None)
    unused = FakeSheet("单位", [HEADER, ("别的行动", "任务", "别的内容", "市科协")])
    plan = plan_from_document(Document(tables=(grid,), sheets=(unused,)))
    assert [duty.content for duty in plan.duties] == ["开展活动"]
    assert unused.asked == []
