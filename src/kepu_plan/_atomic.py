"""Writing a file so that it is either wholly replaced or left as it was."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_target"]


@contextlib.contextmanager
def atomic_target(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary stream whose content replaces ``path`` only when the block ends without error.

    The stream is a temporary file beside the target (same folder, so the final ``os.replace`` is
    atomic); on any error, or if the process dies, the target is untouched and the temporary file is
    removed (or, after a kill, left with a ``.kepu-tmp`` name that no reader picks up).
    """
    target = Path(path)
    folder = target.parent
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".kepu-tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(temp_name, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp_name, 0o666 & ~umask)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
