"""Writing a file so that it is either wholly replaced or left as it was.

The content goes to a temporary file beside the target (same folder, so the final ``os.replace``
is atomic), named ``.<target name>.<random>.kepu-tmp``: hidden, with a suffix no reader takes for a
table.  It replaces the target only when it is complete and on disk (``fsync``); on any error it is
removed.  A process killed mid-write leaves its temporary file behind, but the target untouched; a
later write to the same target removes such leftovers once they are older than
:data:`STALE_AFTER` (by name and age, not by process id: writers in other containers sharing the
folder have process ids of their own, and a write takes seconds, not an hour).

Only a regular file (or a symbolic link to one) is replaced: a device, a FIFO or a socket at the
target is refused, so that writing to ``/dev/null`` never replaces it with a file.  A symbolic link
is written through: the file it points to is replaced, the link kept.  The replaced file keeps its
permissions and, where the process may set it, its owner; a new file gets ``0o666 & ~umask``, the
kernel applying the umask (the process-wide umask is never changed, which would race with threads).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Final

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import WriteError

__all__ = ["STALE_AFTER", "TEMP_SUFFIX", "atomic_target", "make_folder", "safe_file_name"]

#: The suffix of temporary files (a reader never picks them up as a table).
TEMP_SUFFIX: Final = ".kepu-tmp"
#: Seconds after which a temporary file of this writer is taken for the leftover of a killed write.
STALE_AFTER: Final = 3600.0


def _prefix(name: str) -> str:
    """``.<name>.``, the name cut to 100 bytes so that the temporary name stays within NAME_MAX."""
    encoded = os.fsencode(name)
    if len(encoded) > 100:
        name = encoded[:100].decode("utf-8", errors="ignore") if os.name != "nt" else name[:50]
    return f".{name}."


def _remove_leftovers(folder: Path, name: str) -> None:
    """Remove temporary files of earlier writes to ``name`` that are older than :data:`STALE_AFTER`."""
    prefix = _prefix(name)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(TEMP_SUFFIX)):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_AFTER:
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


def _existing(target: Path) -> os.stat_result | None:
    """The target's status, ``None`` for a new path; a WriteError for anything but a regular file."""
    try:
        info = target.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        return None  # the write itself will say what is wrong (a folder that may not be read …)
    if stat.S_ISDIR(info.st_mode):
        raise WriteError.at(target, N_("is a folder, not a file"), N_("give a file name in it"))
    if not stat.S_ISREG(info.st_mode):
        raise WriteError.at(
            target,
            N_("is not a regular file (a device, FIFO or socket); it is not replaced"),
            N_("give the path of a file"),
        )
    return info


def _open_temp(folder: Path, name: str, mode: int) -> tuple[int, str]:
    """Create a new temporary file for ``name`` in ``folder`` (the kernel applies the umask to ``mode``)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    while True:
        temp_name = os.path.join(folder, f"{_prefix(name)}{secrets.token_hex(6)}{TEMP_SUFFIX}")
        try:
            return os.open(temp_name, flags, mode), temp_name
        except FileExistsError:
            continue


@contextlib.contextmanager
def atomic_target(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary stream whose content replaces ``path`` only when the block ends without error.

    The stream is a temporary file beside the target; on any error (in the block, while flushing,
    syncing or replacing) the target is untouched and the temporary file removed.  A target that
    is neither a regular file, a link to one nor a new path raises :class:`~kepu_plan.errors.WriteError`
    before anything is written.  Permissions (and where possible the owner) of an existing target
    are kept; a new file gets the usual ``0o666 & ~umask``.
    """
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))  # replace the file the link points to, keep the link
    existing = _existing(target)
    folder = target.parent
    _remove_leftovers(folder, target.name)
    fd, temp_name = _open_temp(folder, target.name, 0o600 if existing is not None else 0o666)
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if existing is not None:
            if hasattr(os, "chown"):
                with contextlib.suppress(OSError):
                    os.chown(temp_name, existing.st_uid, existing.st_gid)
            with contextlib.suppress(OSError):
                os.chmod(temp_name, stat.S_IMODE(existing.st_mode))
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_folder(folder)


def make_folder(path: Path) -> None:
    """Make the output folder ``path`` (and its parents); a :class:`~kepu_plan.errors.WriteError` saying
    why not when it cannot be made."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise WriteError(Text(N_("{path}: is a file, not a folder"), path=str(path))) from None
    except NotADirectoryError:
        raise WriteError(
            Text(N_("{path}: cannot make the folder: a file stands in its path"), path=str(path))
        ) from None
    except OSError as error:
        raise WriteError(
            Text(N_("{path}: cannot make the folder: {reason}"), path=str(path), reason=error.strerror or str(error))
        ) from None


#: Characters no file name may hold on Windows, macOS or Linux, and control characters.
_UNSAFE: Final = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
#: Names Windows reserves whatever the suffix.
_RESERVED: Final = frozenset(
    ["CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))]
)
#: Bytes a name may take in UTF-8, suffix included: most file systems allow 255.
_MAX_BYTES: Final = 200


def safe_file_name(name: str, suffix: str = "", *, tag: str = "") -> str:
    """A file name made from ``name`` that every operating system accepts.

    ``tag`` (``-2`` …) is kept whole when a long name is cut to fit: it is what tells two names apart.

    >>> safe_file_name("市科协", ".docx"), safe_file_name("A/B:C", ".xlsx"), safe_file_name("con", ".docx")
    ('市科协.docx', 'A_B_C.xlsx', '_con.docx')
    >>> safe_file_name("长" * 70, ".docx", tag="-2")[-12:]
    '长长长长长-2.docx'
    """
    stem = _UNSAFE.sub("_", unicodedata.normalize("NFC", name)).strip().rstrip(". ")
    if not stem:
        stem = "_"
    if stem.split(".")[0].upper() in _RESERVED:
        stem = "_" + stem
    while len((stem + tag + suffix).encode("utf-8")) > _MAX_BYTES:
        stem = stem[:-1]
    return stem + tag + suffix
