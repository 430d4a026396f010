"""The pipeline: the one place that composes a format with the layout code, and the seam it keeps
(no format imports the layout code or the pipeline, the layout code imports no format)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

import kepu_plan as kp
from kepu_plan import _pipeline, layouts
from kepu_plan._limits import DEFAULT
from kepu_plan.formats.xlsx import _reader
from kepu_plan.layout import normalise_for

# Which modules may import the pipeline (formats and layout may not) is one of the import-graph rules
# of tests/test_architecture.py (``formats_above_the_document``, ``layout_below_formats``).


# --- reading and writing ---------------------------------------------------------------------------


def written(fmt: str, plan: kp.Plan, **options: Any) -> io.BytesIO:
    buffer = io.BytesIO()
    _pipeline.write_plan(fmt, plan, buffer, **options)
    buffer.seek(0)
    return buffer


LAYOUTS = {"own": None, "sections": layouts.SECTIONS, "lead-columns": layouts.LEAD_COLUMNS, "marked": layouts.MARKED}
CASES = [("json", "own")] + [(fmt, name) for fmt in ("docx", "xlsx") for name in LAYOUTS]


@pytest.mark.parametrize(("fmt", "name"), CASES)
def test_a_plan_written_and_read_through_the_pipeline_comes_back(fmt: str, name: str) -> None:
    layout = LAYOUTS[name]
    plan = kp.examples.shenmu()
    back = _pipeline.read_plan(fmt, written(fmt, plan, layout=layout), name="表", limits=DEFAULT)
    if fmt == "json":
        assert back == plan
        return
    expected = normalise_for(plan, layout or plan.layout or layouts.SHENMU)
    assert back.actions == expected.actions
    if layout is not None:
        assert back.layout is not None
        assert [column.role for column in back.layout.columns] == [column.role for column in layout.columns]


def test_the_pipeline_gives_the_same_bytes_as_the_public_write() -> None:
    plan = kp.examples.shenmu()
    for fmt in ("docx", "xlsx", "json"):
        public = io.BytesIO()
        kp.write(plan, public, format=fmt)
        assert written(fmt, plan).getvalue() == public.getvalue()


def test_reading_a_workbook_shows_only_the_sheet_with_the_table_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    book = openpyxl.Workbook()
    sheet = book.worksheets[0]
    sheet.title = "说明"
    sheet["A1"] = "本表由科协汇总"
    kp.write_xlsx(kp.examples.shenmu(), book)
    buffer = io.BytesIO()
    book.save(buffer)
    shown: list[str] = []
    whole = _reader._OfferedSheet.whole

    def spy(self: Any, columns: range | None = None) -> Any:
        shown.append(self.name)
        return whole(self, columns)

    monkeypatch.setattr(_reader._OfferedSheet, "whole", spy)
    buffer.seek(0)
    plan = _pipeline.read_plan("xlsx", buffer, name="表.xlsx", limits=DEFAULT)
    assert plan == kp.read_xlsx(io.BytesIO(buffer.getvalue()))
    assert len(plan.duties) == len(kp.examples.shenmu().duties)
    assert shown[0] == "分工表"
    assert set(shown) == {"分工表"}  # neither 说明 nor the derived sheets


def test_a_sheet_is_named_only_for_a_workbook() -> None:
    stream = written("docx", kp.examples.shenmu())
    with pytest.raises(TypeError, match="sheet="):
        _pipeline.read_plan("docx", stream, name=None, limits=DEFAULT, sheet="分工表")


def test_a_misspelt_option_is_a_type_error_at_the_call() -> None:
    with pytest.raises(TypeError):
        _pipeline.read_plan("xlsx", io.BytesIO(), name=None, limits=DEFAULT, colums={})  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        kp.write(kp.examples.shenmu(), io.BytesIO(), format="xlsx", mark_target=True)  # type: ignore[call-arg]


def test_options_a_format_has_no_use_for_are_refused() -> None:
    plan = kp.examples.shenmu()
    with pytest.raises(TypeError, match="style"):
        written("xlsx", plan, style=kp.formats.docx.DocxStyle())
    with pytest.raises(TypeError, match="mark_targets"):
        written("json", plan, mark_targets=True)
    with pytest.raises(TypeError, match="columns"):
        _pipeline.read_plan("json", written("json", plan), name=None, limits=DEFAULT, columns={"举措": "content"})


def test_pdf_is_read_only() -> None:
    with pytest.raises(kp.UnsupportedFormat, match="convert"):
        written("pdf", kp.examples.shenmu())


def test_marked_targets_reach_the_writer_and_read_back_as_the_same_plan() -> None:
    plan = kp.examples.shenmu()
    for fmt in ("docx", "xlsx"):
        marked = written(fmt, plan, mark_targets=True)
        assert marked.getvalue() != written(fmt, plan).getvalue()
        assert _pipeline.read_plan(fmt, marked, name=None, limits=DEFAULT) == kp.read(written(fmt, plan), format=fmt)


def test_an_unknown_format_is_refused_naming_the_formats() -> None:
    with pytest.raises(kp.UnsupportedFormat, match="docx"):
        _pipeline.read_plan("odt", io.BytesIO(), name=None, limits=DEFAULT)
    with pytest.raises(kp.UnsupportedFormat, match="docx"):
        written("odt", kp.examples.shenmu())
