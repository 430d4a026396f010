"""The pipeline: the one place that composes a format with the layout code, and the seam it keeps
(no format imports the layout code or the pipeline, the layout code imports no format)."""

from __future__ import annotations

import ast
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import kepu_plan as kp
from kepu_plan import _pipeline, layouts
from kepu_plan._limits import DEFAULT
from kepu_plan.formats.xlsx import _reader
from kepu_plan.layout import normalise_for

SRC = Path(kp.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> Iterator[str]:
    """Every module an ``import`` anywhere in the file names (inside functions too), absolute."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def modules_under(folder: str) -> list[Any]:
    found = []
    for path in sorted((SRC / folder).rglob("*.py")):
        name = module_name(path)
        found.append(pytest.param(path, id=name))
    return found


def above(name: str, *modules: str) -> bool:
    return any(name == module or name.startswith(module + ".") for module in modules)


@pytest.mark.parametrize("path", modules_under("formats"))
def test_no_format_module_imports_the_layout_code_or_the_pipeline(path: Path) -> None:
    wrong = [name for name in imported(path) if above(name, "kepu_plan.layout", "kepu_plan._pipeline")]
    assert wrong == []


@pytest.mark.parametrize("path", modules_under("layout"))
def test_the_layout_code_imports_no_format_and_not_the_pipeline(path: Path) -> None:
    wrong = [name for name in imported(path) if above(name, "kepu_plan.formats", "kepu_plan._pipeline")]
    assert wrong == []


def test_the_import_scan_sees_imports_inside_functions_and_relative_ones(tmp_path: Path) -> None:
    package = SRC / "formats" / "xlsx" / "__init__.py"
    names = set(imported(package))
    assert "kepu_plan.formats.xlsx._reader.document_from_xlsx" in names
    writer = set(imported(SRC / "_pipeline.py"))
    assert {"kepu_plan.formats.xlsx", "kepu_plan.formats.docx.document_from_docx"} <= writer  # in functions


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
