"""tests/_support.py's LibreOffice helper: a failed conversion fails the test with LibreOffice's own words.

A stand-in ``soffice`` (a Python script) plays LibreOffice's ways of failing; the real one converts a
plan in tests/formats and tests/tracking.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import _support
import kepu_plan as kp
from _support import convert_all_with_libreoffice, convert_with_libreoffice, needs_libreoffice


def fake_soffice(folder: Path, body: str) -> str:
    """A stand-in for soffice that runs ``body``; ``args`` holds its arguments, ``out`` the --outdir."""
    script = folder / "soffice"
    script.write_text(
        f"#!{sys.executable}\nimport json, os, sys, time\nfrom pathlib import Path\nargs = sys.argv[1:]\n"
        "out = Path(args[args.index('--outdir') + 1])\n" + body,
        encoding="utf-8",
    )
    script.chmod(0o755)
    return str(script)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "shenmu.docx"
    kp.write(kp.examples.shenmu(), path)
    return path


def test_a_conversion_runs_headless_with_a_fresh_profile_and_home_that_are_removed_afterwards(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = (
        "(out / 'shenmu.pdf').write_text(json.dumps([args, os.environ['HOME'], os.path.isdir(os.environ['HOME'])]))\n"
    )
    monkeypatch.setattr(_support, "SOFFICE", fake_soffice(tmp_path, body))
    converted = convert_with_libreoffice(source, "pdf", tmp_path / "out")
    assert converted == tmp_path / "out" / "shenmu.pdf"
    args, home, home_was_there = json.loads(converted.read_text(encoding="utf-8"))
    profile = next(arg for arg in args if arg.startswith("-env:UserInstallation=file://"))
    out = str(tmp_path / "out")
    assert args[1:] == ["--headless", "--norestore", "--convert-to", "pdf", "--outdir", out, str(source)]
    assert home_was_there
    assert not Path(home).exists()  # removed afterwards, with the profile beside it
    assert Path(profile.removeprefix("-env:UserInstallation=file://")).parent == Path(home).parent


def test_a_file_libreoffice_did_not_write_fails_with_its_output_though_it_exits_with_0(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "print('convert shenmu.docx'); print('Error: source file could not be loaded', file=sys.stderr)\n"
    monkeypatch.setattr(_support, "SOFFICE", fake_soffice(tmp_path, body))
    with pytest.raises(AssertionError) as caught:
        convert_with_libreoffice(source, "pdf", tmp_path / "out")
    message = str(caught.value)
    assert message.startswith(f"LibreOffice did not write {tmp_path / 'out' / 'shenmu.pdf'}\n  command: ")
    assert "\n  stdout: convert shenmu.docx\n  stderr: Error: source file could not be loaded" in message


def test_a_failing_exit_code_fails_with_libreoffice_output(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "(out / 'shenmu.pdf').write_bytes(b'%PDF')\nsys.exit(81)\n"
    monkeypatch.setattr(_support, "SOFFICE", fake_soffice(tmp_path, body))
    with pytest.raises(AssertionError, match=r"^LibreOffice exited with 81\n  command: .*\n  stdout: \(nothing\)"):
        convert_with_libreoffice(source, "pdf", tmp_path / "out")


def test_a_hung_libreoffice_is_stopped_and_fails_the_test(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_support, "SOFFICE", fake_soffice(tmp_path, "print('started', flush=True)\ntime.sleep(600)\n"))
    with pytest.raises(AssertionError, match=r"^LibreOffice took longer than 0\.5 s\n(.|\n)*stdout: started"):
        convert_with_libreoffice(source, "pdf", tmp_path / "out", timeout=0.5)


def test_a_conversion_that_would_overwrite_its_source_is_refused(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_support, "SOFFICE", fake_soffice(tmp_path, "raise SystemExit('must not run')\n"))
    with pytest.raises(AssertionError, match="would overwrite it"):
        convert_with_libreoffice(source, "docx:MS Word 2007 XML", source.parent)


def test_without_libreoffice_the_test_is_skipped(tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_support, "SOFFICE", None)
    with pytest.raises(pytest.skip.Exception, match=r"^LibreOffice \(soffice\) is not on PATH$"):
        convert_with_libreoffice(source, "pdf", tmp_path / "out")


@pytest.mark.libreoffice
@needs_libreoffice
def test_libreoffice_converts_several_files_in_one_run_and_names_each_result(tmp_path: Path, source: Path) -> None:
    sheet = tmp_path / "shenmu.xlsx"
    kp.write(kp.examples.shenmu(), sheet)
    sheet = sheet.rename(tmp_path / "工作簿.xlsx")
    converted = convert_all_with_libreoffice([source, sheet], "pdf", tmp_path / "out")
    assert converted == [tmp_path / "out" / "shenmu.pdf", tmp_path / "out" / "工作簿.pdf"]
    assert all(path.read_bytes().startswith(b"%PDF") for path in converted)


@pytest.mark.libreoffice
@needs_libreoffice
def test_a_file_libreoffice_cannot_load_fails_with_its_own_words(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a package")
    with pytest.raises(AssertionError, match=r"^LibreOffice did not write .*broken\.pdf\n(.|\n)*stderr: .*\S"):
        convert_with_libreoffice(broken, "pdf", tmp_path / "out")
