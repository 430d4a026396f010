"""Writing an output file whole or not at all: one place for the atomic write and its error."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from kepu_plan._atomic import atomic_target
from kepu_plan._io import _write_error
from kepu_plan.errors import KepuPlanError

__all__ = ["write_to"]


def write_to(target: str | os.PathLike[str] | BinaryIO, write: Callable[[BinaryIO], object]) -> None:
    """Call ``write`` with a stream that replaces the file ``target`` only when complete (a failure
    leaves it as it was, and is a :class:`~kepu_plan.errors.WriteError`), or with ``target`` itself
    when it is a stream."""
    if not isinstance(target, str | os.PathLike):
        write(target)
        return
    try:
        with atomic_target(target) as stream:
            write(stream)
    except KepuPlanError:
        raise  # the atomic writer's own refusal (a folder, a device), already said in the reader's words
    except OSError as error:
        raise _write_error(Path(target), error) from error
