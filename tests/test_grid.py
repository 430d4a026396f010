"""The grid's cell constructors make the same cells as ``Cell(...)``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kepu_plan.grid import Cell, cells_from_columns, cells_from_spans

_SPANS = st.lists(
    st.tuples(st.integers(0, 50), st.integers(0, 9), st.text(max_size=8), st.integers(1, 4), st.integers(1, 4)),
    max_size=30,
)


@given(_SPANS)
def test_cells_made_column_by_column_equal_the_cells_made_one_by_one(
    spans: list[tuple[int, int, str, int, int]],
) -> None:
    expected = tuple(
        Cell(row=row, col=col, text=text, rowspan=rowspan, colspan=colspan)
        for row, col, text, rowspan, colspan in spans
    )
    rows, cols, texts, rowspans, colspans = [list(column) for column in zip(*spans, strict=True)] or [[]] * 5
    assert cells_from_columns(rows, cols, texts, rowspans, colspans) == expected
    assert cells_from_spans(spans) == expected


def test_columns_of_different_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        cells_from_columns([0, 1], [0], ["甲"], [1], [1])
