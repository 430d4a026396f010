"""``kp.read(path, convert=True)``: old and foreign formats go through LibreOffice, with a throwaway
profile and a time limit; without LibreOffice, a clear error."""

from __future__ import annotations

import io
import json
import os
import stat
import sys
import time
from pathlib import Path

import pytest

import kepu_plan as kp
from _support import convert_with_libreoffice, needs_libreoffice
from kepu_plan import _convert

# These tests match the English words of messages (see tests/conftest.py).
pytestmark = pytest.mark.usefixtures("english")


def ole_doc(names: tuple[str, ...] = ("WordDocument", "1Table")) -> bytes:
    """A small OLE2 file with these streams: an old Word document by default (see tests/test_sniff.py)."""
    import struct

    from kepu_plan._sniff import OLE_MAGIC

    header = bytearray(512)
    header[:8] = OLE_MAGIC
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 0x2C, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([0xFFFFFFFF] * 108))
    fat = struct.pack("<128I", 0xFFFFFFFD, 0xFFFFFFFE, *([0xFFFFFFFF] * 126))
    directory = bytearray(512)
    for i, name in enumerate(["Root Entry", *names]):
        encoded = name.encode("utf-16-le") + b"\0\0"
        directory[i * 128 : i * 128 + len(encoded)] = encoded
        struct.pack_into("<HB", directory, i * 128 + 0x40, len(encoded), 5 if i == 0 else 2)
    return bytes(header) + fat + bytes(directory)


def written(fmt: str, plan: kp.Plan | None = None) -> bytes:
    buffer = io.BytesIO()
    kp.write(plan or kp.examples.shenmu(), buffer, format=fmt)
    return buffer.getvalue()


def fake_soffice(folder: Path, body: str) -> Path:
    """A stand-in for soffice: a Python script whose ``body`` sees ``args``, ``out``, ``source``, ``target``."""
    script = folder / "fake-soffice"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, os, pathlib, shutil, subprocess, sys, time\n"
        "args = sys.argv[1:]\n"
        "out = pathlib.Path(args[args.index('--outdir') + 1])\n"
        "source = pathlib.Path(args[-1])\n"
        "target = args[args.index('--convert-to') + 1].split(':')[0]\n" + body,
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.fixture
def converter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake soffice that logs its arguments and input, and 'converts' by copying a ready result."""
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "docx").write_bytes(written("docx"))
    (tmp_path / "results" / "xlsx").write_bytes(written("xlsx"))
    script = fake_soffice(
        tmp_path,
        f"log = pathlib.Path({str(tmp_path / 'log.json')!r})\n"
        "log.write_text(json.dumps({'args': args, 'input': source.read_bytes()[:200].decode('latin-1'),"
        " 'suffix': source.suffix, 'profile_exists': True}))\n"
        f"shutil.copy(pathlib.Path({str(tmp_path / 'results')!r}) / target, out / (source.stem + '.' + target))\n",
    )
    monkeypatch.setenv("KEPU_PLAN_SOFFICE", str(script))
    return tmp_path / "log.json"


def test_an_old_word_document_is_converted_with_a_throwaway_profile(tmp_path: Path, converter: Path) -> None:
    path = tmp_path / "分工表.doc"
    path.write_bytes(ole_doc())
    assert kp.read(path, convert=True) == kp.examples.shenmu()
    log = json.loads(converter.read_text(encoding="utf-8"))
    args = log["args"]
    assert args[args.index("--convert-to") + 1] == "docx:MS Word 2007 XML"
    assert "--headless" in args
    profile = next(arg for arg in args if arg.startswith("-env:UserInstallation=file://"))
    assert not Path(profile.removeprefix("-env:UserInstallation=file://")).exists()  # removed afterwards
    assert log["suffix"] == ".doc"


def test_an_old_workbook_is_converted_to_xlsx(tmp_path: Path, converter: Path) -> None:
    path = tmp_path / "分工表.et"
    path.write_bytes(ole_doc(("Workbook",)))
    assert kp.read(path, convert=True) == kp.examples.shenmu()
    args = json.loads(converter.read_text(encoding="utf-8"))["args"]
    assert args[args.index("--convert-to") + 1] == "xlsx:Calc MS Excel 2007 XML"


def test_a_stream_with_a_given_format_is_converted_too(converter: Path) -> None:
    assert kp.read(io.BytesIO(ole_doc()), format="docx", convert=True) == kp.examples.shenmu()


def test_a_web_archive_is_handed_to_libreoffice_as_its_html_page(tmp_path: Path, converter: Path) -> None:
    path = tmp_path / "分工表.doc"
    path.write_bytes(
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\n'
        b"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"<html><body><table><tr><td>=E8=A1=A8</td></tr></table></body></html>\r\n--b--\r\n"
    )
    assert kp.read(path, convert=True) == kp.examples.shenmu()
    log = json.loads(converter.read_text(encoding="utf-8"))
    assert log["suffix"] == ".html"
    assert log["input"].startswith("<html>")


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "json"])
def test_a_file_kepu_plan_reads_is_never_converted(tmp_path: Path, converter: Path, fmt: str) -> None:
    path = tmp_path / f"分工表.{fmt}"
    path.write_bytes(written(fmt))
    assert kp.read(path, convert=True) == kp.examples.shenmu()
    assert not converter.exists()


def test_a_pdf_is_read_as_a_pdf_and_never_converted(tmp_path: Path, converter: Path) -> None:
    path = tmp_path / "分工表.pdf"
    path.write_bytes(b"%PDF-1.7\n")
    with pytest.raises(kp.ReadError, match="the PDF is damaged") as caught:
        kp.read(path, convert=True)
    assert caught.value.hint is not None
    assert "ask for the .docx" in caught.value.hint
    assert not converter.exists()


def test_without_libreoffice_the_error_says_how_to_convert_by_hand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KEPU_PLAN_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    path = tmp_path / "分工表.doc"
    path.write_bytes(ole_doc())
    with pytest.raises(kp.ReadError, match="needs LibreOffice, which is not installed") as caught:
        kp.read(path, convert=True)
    assert caught.value.location.file == str(path)
    assert caught.value.hint is not None
    assert "soffice --headless --convert-to docx FILE" in caught.value.hint
    assert "save it as .docx" in caught.value.hint


def test_a_converter_that_hangs_is_stopped_with_everything_it_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pids = tmp_path / "pids"
    finished = tmp_path / "finished"
    script = fake_soffice(
        tmp_path,
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
        f"pathlib.Path({str(pids)!r}).write_text(f'{{os.getpid()}} {{child.pid}}')\n"
        "time.sleep(120)\n"
        f"pathlib.Path({str(finished)!r}).write_text('not stopped')\n",
    )
    monkeypatch.setenv("KEPU_PLAN_SOFFICE", str(script))
    path = tmp_path / "分工表.doc"
    path.write_bytes(ole_doc())
    with pytest.raises(kp.ReadError, match="LibreOffice took longer than 2 s") as caught:
        kp.read(path, convert=True, convert_timeout=2)
    assert not finished.exists()  # stopped at its time limit, not waited for
    assert caught.value.hint is not None
    assert "convert_timeout=" in caught.value.hint
    deadline = time.monotonic() + 10
    for pid in map(int, pids.read_text().split()):
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(pid), f"process {pid} still runs"


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie waiting to be reaped does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def test_a_converter_that_fails_passes_on_what_it_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = fake_soffice(tmp_path, "print('Error: source file could not be loaded', file=sys.stderr)\nsys.exit(1)\n")
    monkeypatch.setenv("KEPU_PLAN_SOFFICE", str(script))
    with pytest.raises(kp.ReadError, match=r"could not convert .*source file could not be loaded") as caught:
        kp.read(io.BytesIO(ole_doc()), format="docx", convert=True)
    assert caught.value.hint is not None
    assert "password" in caught.value.hint


def test_a_converter_that_writes_nothing_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEPU_PLAN_SOFFICE", str(fake_soffice(tmp_path, "pass\n")))
    with pytest.raises(kp.ReadError, match=r"could not convert .*\(exit status 0\)"):
        kp.read(io.BytesIO(ole_doc()), format="docx", convert=True)


def test_errors_in_the_converted_table_name_the_original_file(tmp_path: Path, converter: Path) -> None:
    (tmp_path / "results" / "docx").write_bytes(written("docx")[:100])
    path = tmp_path / "分工表.wps"
    path.write_bytes(ole_doc())
    with pytest.raises(kp.ReadError) as caught:
        kp.read(path, convert=True)
    assert caught.value.location.file == str(path)


def test_the_time_limit_must_be_a_positive_number(tmp_path: Path, converter: Path) -> None:
    with pytest.raises(kp.OptionError, match="convert_timeout"):
        kp.read(io.BytesIO(ole_doc()), format="docx", convert=True, convert_timeout=0)


def test_soffice_is_found_on_the_path_or_named_by_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = fake_soffice(tmp_path, "pass\n")
    monkeypatch.setenv("KEPU_PLAN_SOFFICE", str(script))
    assert _convert.find_soffice() == str(script)
    monkeypatch.setenv("KEPU_PLAN_SOFFICE", str(tmp_path / "missing"))
    assert _convert.find_soffice() is None
    monkeypatch.delenv("KEPU_PLAN_SOFFICE")
    monkeypatch.setenv("PATH", str(tmp_path))
    (tmp_path / "soffice").write_text("#!/bin/sh\n", encoding="utf-8")
    (tmp_path / "soffice").chmod(0o755)
    assert _convert.find_soffice() == str(tmp_path / "soffice")


# --- real LibreOffice ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def old_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Shenmu plan as LibreOffice writes it in old and foreign formats, under misleading names."""
    folder = tmp_path_factory.mktemp("old")
    made: dict[str, Path] = {}
    for fmt in ("docx", "xlsx"):
        (folder / f"shenmu.{fmt}").write_bytes(written(fmt))
    for source, target, name in (
        ("docx", "doc", "分工表.doc"),
        ("docx", "rtf", "分工表（rtf）.doc"),
        ("docx", "html", "分工表（网页）.doc"),
        ("docx", "odt", "分工表.odt"),
        ("xlsx", "xls", "分工表.et"),
        ("xlsx", "ods", "分工表.ods"),
    ):
        made[name] = folder / name
        convert_with_libreoffice(folder / f"shenmu.{source}", target, folder / target).rename(made[name])
    html = (folder / "分工表（网页）.doc").read_bytes()
    mhtml = (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart_01"\r\n\r\n'
        b"------=_NextPart_01\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + html
        + b"\r\n------=_NextPart_01--\r\n"
    )
    made["分工表（单个网页）.doc"] = folder / "分工表（单个网页）.doc"
    made["分工表（单个网页）.doc"].write_bytes(mhtml)
    return made


@pytest.mark.parametrize(
    "name",
    [
        "分工表.doc",
        "分工表（rtf）.doc",
        "分工表（网页）.doc",
        "分工表（单个网页）.doc",
        "分工表.odt",
        "分工表.et",
        "分工表.ods",
    ],
)
@pytest.mark.libreoffice
@needs_libreoffice
def test_libreoffice_converts_old_and_foreign_files_into_the_same_plan(old_files: dict[str, Path], name: str) -> None:
    path = old_files[name]
    with pytest.raises(kp.ReadError, match="this is ") as caught:
        kp.read(path)
    assert caught.value.hint is not None
    assert "convert=True" in caught.value.hint
    assert kp.read(path, convert=True) == kp.examples.shenmu()
    assert os.path.exists(path)
