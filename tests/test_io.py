"""The facade: formats by suffix or name, paths and streams, atomic replacement."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

import kepu_plan as kp
from kepu_plan import formats
from kepu_plan._atomic import atomic_target
from kepu_plan.errors import FileMissing


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The messages these tests match are the English ones (LC_MESSAGES: the encoding stays as it is)."""
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_MESSAGES", "en_US.UTF-8")


def test_write_and_read_json_by_suffix(tmp_path: Path) -> None:
    plan = kp.examples.shenmu()
    kp.write(plan, tmp_path / "out.json")
    assert kp.read(tmp_path / "out.json") == plan
    assert kp.read(str(tmp_path / "out.json")) == plan


def test_streams_need_a_format_or_a_name(tmp_path: Path) -> None:
    plan = kp.examples.shenmu()
    buffer = io.BytesIO()
    kp.write(plan, buffer, format="json")
    assert kp.read(io.BytesIO(buffer.getvalue()), format="json") == plan
    with pytest.raises(kp.UnsupportedFormat, match="cannot tell the format of a stream"):
        kp.read(io.BytesIO(buffer.getvalue()))
    with (tmp_path / "named.json").open("wb") as stream:
        kp.write(plan, stream)
    with (tmp_path / "named.json").open("rb") as stream:
        assert kp.read(stream) == plan


def test_an_unknown_suffix_names_the_formats_that_exist() -> None:
    with pytest.raises(kp.UnsupportedFormat) as caught:
        kp.read("plan.csv")
    assert str(caught.value) == (
        "plan.csv: .csv is not a format kepu_plan reads or writes; "
        "the formats are json (.json), docx (.docx), xlsx (.xlsx .xlsm); read only: pdf (.pdf)"
    )
    assert isinstance(caught.value, NotImplementedError)
    with pytest.raises(kp.UnsupportedFormat, match="unknown format 'csv'"):
        kp.write(kp.examples.shenmu(), "x.json", format="csv")


def test_a_missing_file_is_a_read_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "none.json"
    with pytest.raises(kp.ReadError, match=r"none\.json: no such file$"):
        kp.read(missing)
    (tmp_path / "dir.json").mkdir()
    with pytest.raises(kp.ReadError, match="is a folder"):
        kp.read(tmp_path / "dir.json")


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.json"
    target.write_text("old", encoding="utf-8")
    module = formats.load("json")

    def broken(plan: kp.Plan, stream: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(module, "write", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        kp.write(kp.examples.shenmu(), target)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_a_failure_while_replacing_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.json"
    target.write_text("old", encoding="utf-8")

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(kp.WriteError, match="No space left on device"):
        kp.write(kp.examples.shenmu(), target)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_atomic_target_replaces_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "a.bin"
    with atomic_target(target) as stream:
        stream.write(b"new")
    assert target.read_bytes() == b"new"

    def interrupted() -> None:
        with atomic_target(target) as stream:
            stream.write(b"partial")
            raise ValueError("stop")

    with pytest.raises(ValueError, match="stop"):
        interrupted()
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_writing_into_a_missing_folder_says_the_folder_is_missing(tmp_path: Path) -> None:
    with pytest.raises(kp.WriteError, match=r"cannot write: the folder .*missing does not exist$"):
        kp.write(kp.examples.shenmu(), tmp_path / "missing" / "plan.json")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(kp.WriteError, match=r"cannot write: .*file is not a folder$"):
        kp.write(kp.examples.shenmu(), tmp_path / "file" / "plan.json")


def test_a_missing_file_is_also_a_file_not_found_error(tmp_path: Path) -> None:
    missing = tmp_path / "none.json"
    with pytest.raises(OSError, match="no such file") as caught:
        kp.read(missing)
    assert isinstance(caught.value, FileMissing)
    assert isinstance(caught.value, FileNotFoundError)
    assert isinstance(caught.value, kp.ReadError)
    assert caught.value.filename == str(missing)
    assert caught.value.code == "file-missing"


def test_messages_are_chinese_unless_the_locale_is_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "none.json"
    for variables, expected in [
        ({"LC_ALL": "zh_CN.UTF-8"}, "：没有这个文件"),
        ({"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}, "：没有这个文件"),
        ({"LC_ALL": "", "LC_MESSAGES": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, ": no such file"),
        ({"LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_US.UTF-8"}, ": no such file"),
    ]:
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        with pytest.raises(kp.ReadError) as caught:
            kp.read(missing)
        assert str(caught.value) == f"{missing}{expected}"
        assert caught.value.reason == "no such file"  # what a program compares stays the same


def test_writing_onto_the_input_file_reads_it_first(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    kp.write(kp.examples.shenmu(), path)
    kp.write(kp.read(path), path)
    assert kp.read(path) == kp.examples.shenmu()


def test_write_needs_a_plan(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="needs a Plan"):
        kp.write("x", tmp_path / "a.json")  # type: ignore[arg-type]


def test_public_names_are_listed_in_all() -> None:
    for name in kp.__all__:
        assert hasattr(kp, name), name
    assert dir(kp) == list(kp.__all__)


def test_every_error_has_a_code_for_programs_that_does_not_change_with_the_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kepu_plan.errors import ReadError, WriteError

    assert (ReadError("x").code, kp.LayoutError("x").code, WriteError("x").code) == ("read", "layout", "write")
    assert ReadError("x", code="no-header").code == "no-header"
    codes = []
    for language in ("zh_CN.UTF-8", "en_US.UTF-8"):
        monkeypatch.setenv("LC_MESSAGES", language)
        with pytest.raises(kp.ReadError) as caught:
            kp.read(tmp_path / "none.json")
        codes.append(caught.value.code)
    assert codes == ["file-missing", "file-missing"]


def test_every_public_name_loads_on_first_use_from_its_module() -> None:
    import importlib

    assert sorted(set(kp.__all__) - {"__version__"}) == sorted(kp._HOMES)
    for name, home in kp._HOMES.items():
        module = importlib.import_module(f"kepu_plan.{home or name}")
        assert getattr(kp, name) is (module if not home else getattr(module, name)), name


# --- options: explicit keywords, checked at the call ------------------------------------------------

#: Each public reading and writing function, called on a path with the options given.
READERS = {
    "read": lambda path, **options: kp.read(path, **options),
    "read_docx": lambda path, **options: kp.read_docx(path, **options),
    "read_xlsx": lambda path, **options: kp.read_xlsx(path, **options),
    "read_pdf": lambda path, **options: kp.read_pdf(path, **options),
    "read_json": lambda path, **options: kp.read_json(path, **options),
}
WRITERS = {
    "write": lambda path, **options: kp.write(kp.examples.shenmu(), path, **options),
    "write_docx": lambda path, **options: kp.write_docx(kp.examples.shenmu(), path, **options),
    "write_xlsx": lambda path, **options: kp.write_xlsx(kp.examples.shenmu(), path, **options),
    "write_json": lambda path, **options: kp.write_json(kp.examples.shenmu(), path, **options),
}


@pytest.mark.parametrize("function", sorted(READERS))
def test_a_misspelt_reading_option_is_a_type_error_at_the_call(tmp_path: Path, function: str) -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'colums'"):
        READERS[function](tmp_path / "missing.docx", colums={"工作举措": "content"})


@pytest.mark.parametrize("function", sorted(WRITERS))
def test_a_misspelt_writing_option_is_a_type_error_and_nothing_is_written(tmp_path: Path, function: str) -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'mark_target'"):
        WRITERS[function](tmp_path / "out.docx", mark_target=True)
    assert list(tmp_path.iterdir()) == []


def test_single_max_keywords_are_gone_in_favour_of_limits(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="max_rows"):
        kp.read(tmp_path / "missing.docx", max_rows=10)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"columns": {"工作举措": "内容"}}, "unknown column role '内容' in columns="),
        ({"columns": {0: "content"}}, "a column number from 1, not 0"),
        ({"columns": {True: "content"}}, "a column number from 1, not True"),
        ({"columns": {"  ": "content"}}, "a header text or a column number"),
        ({"columns": {1.5: "content"}}, "not 1.5"),
        ({"columns": ["content"]}, "must map header texts or column numbers to roles, not list"),
        ({"sheet": 1}, "sheet= must be the name of a sheet, not 1"),
        ({"sheet": ""}, "sheet= must be the name of a sheet"),
        ({"diagnostics": ()}, "diagnostics= must be a list"),
        ({"strict": "yes"}, "strict= must be True or False, not 'yes'"),
        ({"convert": 1}, "convert= must be True or False"),
        ({"convert_timeout": -1}, "convert_timeout= must be a positive number of seconds, not -1"),
        ({"convert_timeout": float("inf")}, "convert_timeout= must be a positive number"),
        ({"limits": {"max_rows": 10}}, "limits= must be a kp.Limits, not dict"),
    ],
)
def test_a_bad_reading_option_value_is_an_option_error_before_the_file_is_opened(
    tmp_path: Path, options: dict[str, object], message: str
) -> None:
    with pytest.raises(kp.OptionError, match=re.escape(message)) as caught:
        kp.read(tmp_path / "missing.xlsx", **options)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, kp.KepuPlanError)
    assert caught.value.code == "option"


def test_a_negative_limit_is_an_option_error_at_once() -> None:
    with pytest.raises(kp.OptionError, match=r"Limits\.max_rows must be a positive int, not -5"):
        kp.Limits(max_rows=-5)


@pytest.mark.parametrize(
    ("suffix", "options", "message"),
    [
        ("docx", {"sheet": "分工表"}, "sheet= names a sheet of an XLSX workbook; a DOCX file has none"),
        ("pdf", {"sheet": "分工表"}, "a PDF file has none"),
        ("json", {"sheet": "分工表"}, "a JSON file has none"),
        ("json", {"columns": {"工作举措": "content"}}, "columns= names the columns of a table; a JSON plan has none"),
    ],
)
def test_a_reading_option_that_does_not_apply_to_the_format_is_an_option_error(
    tmp_path: Path, suffix: str, options: dict[str, object], message: str
) -> None:
    path = tmp_path / f"plan.{suffix}"
    with pytest.raises(kp.OptionError, match=re.escape(message)):
        kp.read(path, format=suffix, **options)  # type: ignore[arg-type]  # refused before the missing file is opened
    if suffix != "pdf":
        kp.write(kp.examples.shenmu(), path)
        with pytest.raises(kp.OptionError, match=re.escape(message)):
            kp.read(path, **options)  # type: ignore[arg-type]  # the format found by its content


def test_a_docx_saved_as_xlsx_is_read_as_docx_and_a_sheet_for_it_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    kp.write(kp.examples.shenmu(), path, format="docx")
    assert kp.read(path) == kp.examples.shenmu()
    with pytest.raises(kp.OptionError, match="a DOCX file has none"):
        kp.read(path, sheet="分工表")


@pytest.mark.parametrize(
    ("suffix", "options", "message"),
    [
        ("docx", {"style": {"body_size": 12}}, "style= must be a kp.DocxStyle, not dict"),
        ("docx", {"mark_targets": "yes"}, "mark_targets= must be True or False"),
        ("xlsx", {"replace": 1}, "replace= must be True or False"),
        ("xlsx", {"style": "DocxStyle()"}, "style= must be a kp.DocxStyle, not str"),
        ("json", {"mark_targets": True}, "mark_targets= sets targets in bold in a DOCX or XLSX table, not in JSON"),
        ("docx", {"replace": True}, "replace= replaces sheets of an openpyxl Workbook"),
    ],
)
def test_a_bad_writing_option_is_an_option_error_and_nothing_is_written(
    tmp_path: Path, suffix: str, options: dict[str, object], message: str
) -> None:
    with pytest.raises(kp.OptionError, match=re.escape(message)):
        kp.write(kp.examples.shenmu(), tmp_path / f"plan.{suffix}", **options)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_a_docx_style_for_an_xlsx_is_refused(tmp_path: Path) -> None:
    with pytest.raises(kp.OptionError, match="style= sets out a DOCX document; it does not apply to XLSX"):
        kp.write(kp.examples.shenmu(), tmp_path / "plan.xlsx", style=kp.DocxStyle(body_size=12))
    with pytest.raises(kp.OptionError, match="it does not apply to XLSX"):
        kp.write(kp.examples.shenmu(), io.BytesIO(), format="xlsx", style=kp.DocxStyle())
    assert list(tmp_path.iterdir()) == []


def test_the_options_reach_the_readers_and_writers(tmp_path: Path) -> None:
    plan = kp.examples.shenmu()
    docx, xlsx = tmp_path / "plan.docx", tmp_path / "plan.xlsx"
    kp.write_docx(plan, docx, style=kp.DocxStyle(body_size=12), mark_targets=True)
    kp.write_xlsx(plan, xlsx, mark_targets=True)
    diagnostics: list[kp.Diagnostic] = []
    assert kp.read_docx(docx, diagnostics=diagnostics, strict=True, limits=kp.Limits(max_rows=1000)) == plan
    assert kp.read_xlsx(xlsx, sheet="分工表", diagnostics=diagnostics, strict=True) == plan
    with pytest.raises(kp.ReadError, match="no sheet"):
        kp.read_xlsx(xlsx, sheet="没有这张表")
    with pytest.raises(kp.LimitExceeded):
        kp.read_xlsx(xlsx, limits=kp.Limits(max_rows=5))
    json = tmp_path / "plan.json"
    kp.write_json(plan, json)
    with pytest.raises(kp.LimitExceeded):
        kp.read_json(json, limits=kp.Limits(max_bytes=100))


def test_any_failure_while_interpreting_a_table_is_the_files_whatever_the_options() -> None:
    from kepu_plan._limits import interpreted

    def failing() -> None:
        raise ValueError("a bug the layout code did not foresee")

    with pytest.raises(kp.ReadError, match="cannot interpret the table") as caught:
        interpreted(failing, "plan.docx")
    assert caught.value.location.file == "plan.docx"
    assert isinstance(caught.value.__cause__, ValueError)


def test_columns_read_a_table_whose_headers_are_not_recognised(tmp_path: Path) -> None:
    plan = kp.examples.shenmu()
    layout = kp.Layout(
        columns=[
            kp.Column(role="action", header="甲"),
            kp.Column(role="task", header="乙"),
            kp.Column(role="content", header="丙"),
            kp.Column(role="units", header="丁"),
        ]
    )
    path = tmp_path / "odd.docx"
    kp.write(plan.with_layout(layout), path)
    with pytest.raises(kp.LayoutError):
        kp.read(path)
    columns: dict[str | int, str] = {"甲": "action", "乙": "task", 3: "content", 4: "units"}
    assert kp.read(path, columns=columns).duties == plan.duties


def test_options_that_do_not_apply_to_a_held_document_or_workbook_are_refused_before_it_is_touched() -> None:
    import docx
    import openpyxl

    plan = kp.examples.shenmu()
    document = docx.Document()
    document.add_paragraph("正文")
    with pytest.raises(kp.OptionError, match="a DOCX file has none"):
        kp.read(document, sheet="分工表")
    with pytest.raises(kp.OptionError, match="replace= replaces sheets of an openpyxl Workbook"):
        kp.write(plan, document, replace=True)
    assert [paragraph.text for paragraph in document.paragraphs] == ["正文"]
    workbook = openpyxl.Workbook()
    with pytest.raises(kp.OptionError, match="it does not apply to XLSX"):
        kp.write(plan, workbook, style=kp.DocxStyle())
    assert workbook.sheetnames == ["Sheet"]
    kp.write_xlsx(plan, workbook, mark_targets=True)
    kp.write_xlsx(plan, workbook, replace=True)
    assert kp.read_xlsx(workbook, sheet="分工表") == plan
