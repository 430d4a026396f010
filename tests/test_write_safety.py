"""Writes never damage data: a failure at any stage (the writer, a full disk, syncing, replacing, a
killed process) leaves the old file as it was and no temporary file behind, and writing onto the
file just read never corrupts it."""

from __future__ import annotations

import errno
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import kepu_plan as kp
from kepu_plan import _atomic, _pipeline
from kepu_plan._atomic import TEMP_SUFFIX
from kepu_plan.grid import Cell, Document, Grid

FORMATS = ["json", "docx", "xlsx"]
SRC = Path(__file__).resolve().parent.parent / "src"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The messages these tests match are the English ones (LC_MESSAGES: the encoding stays as it is)."""
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_MESSAGES", "en_US.UTF-8")


def old_plan() -> kp.Plan:
    """A plan unlike the Shenmu one, so that old and new content differ."""
    return kp.Plan(
        title="旧表",
        actions=[
            kp.Action(name="旧行动", tasks=[kp.Task(name="任务", duties=[kp.Duty(content="内容", units=["市科协"])])])
        ],
    )


@pytest.fixture(params=FORMATS)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """An existing file holding the old plan."""
    path = tmp_path / f"分工表.{request.param}"
    kp.write(old_plan(), path)
    return path


def assert_untouched(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    assert kp.read(path) == old_plan()
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name], "a temporary file was left behind"


# --- failures in this process --------------------------------------------------------------------------------


def test_an_exception_in_the_writer_leaves_the_old_file(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = target.read_bytes()

    def broken(format: str, plan: kp.Plan, stream: Any, **options: Any) -> None:
        stream.write(b"half a file")
        raise RuntimeError("the writer broke")

    monkeypatch.setattr(_pipeline, "write_plan", broken)
    with pytest.raises(RuntimeError, match="the writer broke"):
        kp.write(kp.examples.shenmu(), target)
    assert_untouched(target, before)


class FailingFile(io.FileIO):
    """A file that fails after ``budget`` bytes, as a full disk does."""

    budget = 1000
    error = errno.ENOSPC

    def write(self, data: Any) -> int:
        if len(data) > self.budget:
            super().write(bytes(data)[: self.budget])
            raise OSError(self.error, os.strerror(self.error))
        return super().write(data)


def test_a_full_disk_during_the_write_leaves_the_old_file(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = target.read_bytes()
    real_fdopen = os.fdopen

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "w" in mode:
            return FailingFile(fd, "w")
        return real_fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)
    with pytest.raises(kp.WriteError, match="No space left on device") as caught:
        kp.write(kp.examples.shenmu(), target)
    assert "left as it was" in str(caught.value)
    assert isinstance(caught.value, OSError)
    assert_untouched(target, before)


@pytest.mark.parametrize("stage", ["create", "fsync", "replace"])
def test_a_failure_at_each_stage_leaves_the_old_file(target: Path, monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    before = target.read_bytes()

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    where = {
        "create": (_atomic, "_open_temp"),
        "fsync": (os, "fsync"),
        "replace": (os, "replace"),
    }
    monkeypatch.setattr(*where[stage], fail)
    with pytest.raises(kp.WriteError, match="Input/output error"):
        kp.write(kp.examples.shenmu(), target)
    assert_untouched(target, before)


def test_an_interrupt_during_the_write_leaves_the_old_file(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = target.read_bytes()

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        kp.write(kp.examples.shenmu(), target)
    assert_untouched(target, before)


def test_a_failure_to_copy_the_permissions_does_not_stop_the_write(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "chmod", refuse)
    kp.write(kp.examples.shenmu(), target)
    assert kp.read(target) == kp.examples.shenmu()


def test_writing_into_a_folder_path_is_a_write_error(tmp_path: Path) -> None:
    folder = tmp_path / "分工表.json"
    folder.mkdir()
    with pytest.raises(kp.WriteError, match="is a folder, not a file"):
        kp.write(kp.examples.shenmu(), folder)
    assert folder.is_dir()
    assert list(folder.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir()] == ["分工表.json"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_failing_stream_is_a_write_error(fmt: str) -> None:
    class Full(io.BytesIO):
        def write(self, data: Any) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(kp.WriteError, match="No space left on device"):
        kp.write(kp.examples.shenmu(), Full(), format=fmt)


# --- a killed process ----------------------------------------------------------------------------------------------

CHILD = """
import os, sys, time
sys.path.insert(0, {src!r})
import kepu_plan as kp
from kepu_plan import _atomic, _pipeline

stage, target, ready = sys.argv[1], sys.argv[2], sys.argv[3]

def block(*args, **kwargs):
    open(ready, "w").close()
    time.sleep(120)

if stage == "render":
    real = _pipeline.write_plan
    def write(format, plan, stream, **options):
        real(format, plan, stream, **options)
        block()
    _pipeline.write_plan = write
elif stage == "write":
    real_fdopen = os.fdopen
    class Slow:
        def __init__(self, stream): self.stream = stream
        def write(self, data):
            self.stream.write(bytes(data)[: len(data) // 2]); self.stream.flush(); block()
        def __getattr__(self, name): return getattr(self.stream, name)
        def __enter__(self): return self
        def __exit__(self, *exc): self.stream.close()
    _atomic.os.fdopen = lambda fd, mode="r", *a, **k: Slow(real_fdopen(fd, mode, *a, **k))
elif stage == "fsync":
    _atomic.os.fsync = block
elif stage == "replace":
    _atomic.os.replace = block
kp.write(kp.examples.shenmu(), target)
"""


@pytest.mark.parametrize("stage", ["render", "write", "fsync", "replace"])
def test_a_process_killed_mid_write_leaves_the_old_file(target: Path, stage: str) -> None:
    before = target.read_bytes()
    ready = target.parent.parent / f"ready-{stage}-{target.suffix[1:]}"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(src=str(SRC)), stage, str(target), str(ready)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert child.poll() is None, child.communicate()[1].decode()
            assert time.monotonic() < deadline, "the child never reached the stage"
            time.sleep(0.02)
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()  # type: ignore[union-attr]
        child.stderr.close()  # type: ignore[union-attr]
    assert target.read_bytes() == before
    assert kp.read(target) == old_plan()
    leftovers = [p for p in target.parent.iterdir() if p != target]
    if stage == "render":
        assert leftovers == []  # rendering happens in memory, before any file is made
    else:
        # What a killed process leaves is hidden, ends in .kepu-tmp, and no reader or glob takes it.
        assert len(leftovers) == 1
        leftover = leftovers[0]
        assert leftover.name.startswith(f".{target.name}.")
        assert leftover.name.endswith(TEMP_SUFFIX)
        assert list(target.parent.glob(f"*{target.suffix}")) == [target]
        with pytest.raises(kp.ReadError, match="a temporary file left by an interrupted write"):
            kp.read(leftover)
        # A write to the same target an hour later cleans up after the dead process.
        stale = time.time() - _atomic.STALE_AFTER - 60
        os.utime(leftover, (stale, stale))
    kp.write(kp.examples.shenmu(), target)
    assert kp.read(target) == kp.examples.shenmu()
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_a_recent_temporary_file_is_left_alone_whatever_its_process_id(tmp_path: Path) -> None:
    # Another container sharing the folder has process ids of its own: a dead-looking id proves nothing.
    target = tmp_path / "plan.json"
    theirs = tmp_path / f".plan.json.999999999.abcd{TEMP_SUFFIX}"
    theirs.write_bytes(b"being written")
    other = tmp_path / f".other.json.abcd{TEMP_SUFFIX}"
    other.write_bytes(b"another target's")
    stale = time.time() - _atomic.STALE_AFTER - 60
    os.utime(other, (stale, stale))
    kp.write(kp.examples.shenmu(), target)
    assert theirs.exists()
    assert other.exists()  # an old file, but named for another target


def test_a_stale_temporary_file_of_this_target_is_removed(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    stale_file = tmp_path / f".plan.json.1234.abcd{TEMP_SUFFIX}"
    stale_file.write_bytes(b"left by a killed write")
    stale = time.time() - _atomic.STALE_AFTER - 60
    os.utime(stale_file, (stale, stale))
    kp.write(kp.examples.shenmu(), target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


# --- the input's own path ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_writing_onto_the_file_just_read_replaces_it_whole(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"分工表.{fmt}"
    kp.write(kp.examples.shenmu(), path)
    plan = kp.read(path)
    kp.write(plan, path)
    assert kp.read(path) == kp.examples.shenmu()
    with path.open("rb") as reading:  # a reader holding the file open keeps reading the old content
        old = reading.read(100)
        kp.write(old_plan(), path)
        reading.seek(0)
        assert reading.read(100) == old
    assert kp.read(path) == old_plan()


def test_a_failed_write_onto_the_file_just_read_leaves_it_readable(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = target.read_bytes()
    plan = kp.read(target)
    monkeypatch.setattr(os, "replace", lambda *args: (_ for _ in ()).throw(OSError(errno.EXDEV, "x")))
    with pytest.raises(kp.WriteError):
        kp.write(plan, target)
    assert_untouched(target, before)


# --- where the file is ----------------------------------------------------------------------------------------------


def test_a_symbolic_link_is_written_through_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    kp.write(old_plan(), real)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    kp.write(kp.examples.shenmu(), link)
    assert link.is_symlink()
    assert kp.read(real) == kp.examples.shenmu()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "x.json"
    os.mkfifo(fifo)
    with pytest.raises(kp.WriteError, match=r"x\.json: is not a regular file") as caught:
        kp.write(kp.examples.shenmu(), fifo)
    assert caught.value.filename == str(fifo)
    assert fifo.is_fifo()
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_character_device_is_refused_not_replaced() -> None:
    with pytest.raises(kp.WriteError, match="/dev/null: is not a regular file"):
        kp.write(kp.examples.shenmu(), Path("/dev/null"), format="json")
    assert Path("/dev/null").is_char_device()


def test_a_symbolic_link_to_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link.json"
    link.symlink_to(fifo)
    with pytest.raises(kp.WriteError, match="is not a regular file"):
        kp.write(kp.examples.shenmu(), link)
    assert link.is_symlink()
    assert fifo.is_fifo()


def test_the_writer_never_changes_the_process_umask(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(mask: int) -> int:
        raise AssertionError("os.umask was called: threads would race on it")

    monkeypatch.setattr(os, "umask", forbidden)
    kp.write(kp.examples.shenmu(), tmp_path / "new.json")
    kp.write(kp.examples.shenmu(), tmp_path / "new.json")
    assert kp.read(tmp_path / "new.json") == kp.examples.shenmu()


def test_the_owner_of_a_replaced_file_is_kept_where_the_process_may(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.json"
    kp.write(old_plan(), path)
    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(os, "chown", lambda name, uid, gid: calls.append((uid, gid)))
    kp.write(kp.examples.shenmu(), path)
    assert calls == [(path.stat().st_uid, path.stat().st_gid)]
    monkeypatch.setattr(os, "chown", lambda *args: (_ for _ in ()).throw(PermissionError(errno.EPERM, "x")))
    kp.write(old_plan(), path)  # a process that may not set the owner still writes
    assert kp.read(path) == old_plan()


def test_permissions_are_kept_and_new_files_follow_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    kp.write(old_plan(), path)
    path.chmod(0o640)
    kp.write(kp.examples.shenmu(), path)
    assert path.stat().st_mode & 0o777 == 0o640
    umask = os.umask(0o027)
    try:
        kp.write(old_plan(), tmp_path / "new.json")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o640


def test_a_long_chinese_file_name_still_gets_a_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / ("神木市全民科学素质行动规划纲要实施方案目标任务分工表" * 3)[:80]
    path = path.with_suffix(".docx")
    assert len(os.fsencode(path.name)) > 230
    kp.write(kp.examples.shenmu(), path)
    assert kp.read(path) == kp.examples.shenmu()


# --- text a format cannot hold ----------------------------------------------------------------------------------------


def test_the_model_refuses_text_no_format_can_hold() -> None:
    with pytest.raises(kp.InvalidPlan, match="cannot store"):
        kp.Duty(content="内容\x07", units=["市科协"])
    with pytest.raises(kp.InvalidPlan, match="more than a cell holds"):
        kp.Duty(content="长" * 40_000, units=["市科协"])


def grid_with(text: str) -> Document:
    cells = (Cell(row=0, col=0, text="主要内容"), Cell(row=1, col=0, text=text))
    return Document(tables=(Grid(nrows=2, ncols=1, cells=cells, header_rows=1),), title="标题")


def render(fmt: str, document: Document, stream: io.BytesIO) -> None:
    from kepu_plan.formats.docx import render_docx
    from kepu_plan.formats.xlsx import render_xlsx

    if fmt == "docx":
        render_docx(document, stream)
    else:
        render_xlsx(document, stream)


@pytest.mark.parametrize("text", ["控制\x07字符", "\ud800", "长" * 40_000])
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_grid_text_a_format_cannot_hold_is_refused_before_anything_is_written(fmt: str, text: str) -> None:
    from kepu_plan.formats.docx import render_docx

    stream = io.BytesIO()
    if fmt == "docx" and len(text) > 32_767:
        render_docx(grid_with(text), stream)  # Word holds long cells
        return
    with pytest.raises(kp.WriteError):
        render(fmt, grid_with(text), stream)
    assert stream.getvalue() == b""


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_refused_text_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    from kepu_plan import layout

    target = tmp_path / f"分工表.{fmt}"
    kp.write(old_plan(), target)
    before = target.read_bytes()
    monkeypatch.setattr(layout, "document_from_plan", lambda plan, layout=None, **_: grid_with("坏\x0b字符"))
    with pytest.raises(kp.WriteError, match="cannot store"):
        kp.write(kp.examples.shenmu(), target)
    assert_untouched(target, before)
