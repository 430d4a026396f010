"""The facade: formats by suffix or name, paths and streams, atomic replacement."""

from __future__ import annotations

import io
import os
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
