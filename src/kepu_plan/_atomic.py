"""Writing a file so that it is either wholly replaced or left as it was.

The content goes to a temporary file beside the target (same folder, so the final ``os.replace``
is atomic), named ``.<target name>.<pid>.<random>.kepu-tmp``: hidden, with a suffix no reader
takes for a table.  It replaces the target only when it is complete and on disk (``fsync``); on
any error it is removed.  A process killed mid-write leaves its temporary file behind, but the
target untouched; the next write to the same target removes such leftovers of processes that no
longer run.  A symbolic link is written through: the file it points to is replaced, the link kept.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Final

__all__ = ["TEMP_SUFFIX", "atomic_target"]

#: The suffix of temporary files (a reader never picks them up as a table).
TEMP_SUFFIX: Final = ".kepu-tmp"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True  # it exists (another user's), or we cannot tell: leave its file alone
    return True


def _prefix(name: str) -> str:
    """``.<name>.``, the name cut to 100 bytes so that the temporary name stays within NAME_MAX."""
    encoded = os.fsencode(name)
    if len(encoded) > 100:
        name = encoded[:100].decode("utf-8", errors="ignore") if os.name != "nt" else name[:50]
    return f".{name}."


def _remove_leftovers(folder: Path, name: str) -> None:
    """Remove temporary files of earlier writes to ``name`` whose process has died."""
    prefix = _prefix(name)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(TEMP_SUFFIX)):
            continue
        pid_text = entry.name[len(prefix) :].split(".", 1)[0]
        if pid_text.isdigit() and not _alive(int(pid_text)):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the platform allows opening a folder)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_target(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary stream whose content replaces ``path`` only when the block ends without error.

    The stream is a temporary file beside the target; on any error (in the block, while flushing,
    syncing or replacing) the target is untouched and the temporary file removed.  Permissions of
    an existing target are kept; a new file gets the usual ``0o666 & ~umask``.
    """
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))  # replace the file the link points to, keep the link
    folder = target.parent
    _remove_leftovers(folder, target.name)
    fd, temp_name = tempfile.mkstemp(prefix=f"{_prefix(target.name)}{os.getpid()}.", suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        except OSError:
            mode = None
        if mode is not None:
            with contextlib.suppress(OSError):
                os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_folder(folder)
