"""Helpers that test modules import (``from _support import ...``; pyproject puts ``tests/`` on pytest's path).

Fixtures live in the conftest files; what a test module needs at import time, before any fixture
runs (a script loaded as a module, a type for annotations, the one way tests start LibreOffice),
lives here.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Final

import pytest

#: The checkout's root (``scripts/``, ``src/``, ``tests/`` are below it).
ROOT = Path(__file__).resolve().parent.parent

#: The ``cli`` fixture of tests/cli/conftest.py: ``cli("show", "--json")`` runs ``kepu-plan show --json``.
Cli = Callable[..., "subprocess.CompletedProcess[str]"]


def load_script(path: Path, name: str) -> ModuleType:
    """The Python file at ``path`` (a script, not a module of a package) imported as module ``name``.

    The module is registered in :data:`sys.modules` (dataclasses and pickling look their module up
    there), and a second call with the same name returns the module loaded first.
    """
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None, path
    assert spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def accepted(make: Callable[[], object]) -> bool:
    """Whether the model makes the object ``make`` makes (or refuses it: :class:`InvalidPlan`)."""
    from kepu_plan.errors import InvalidPlan

    try:
        make()
    except InvalidPlan:
        return False
    return True


# --- LibreOffice -------------------------------------------------------------------------------------

#: The LibreOffice program (``soffice``) on ``PATH``; None where LibreOffice is not installed.
SOFFICE: Final = shutil.which("soffice")

#: Why a test that needs LibreOffice was skipped.
NO_LIBREOFFICE: Final = "LibreOffice (soffice) is not on PATH"

#: Skips a test where LibreOffice is not installed.  Put ``@pytest.mark.libreoffice`` beside it, so
#: that ``pytest -m "not libreoffice"`` leaves it out where LibreOffice is installed but slow.
needs_libreoffice: Final = pytest.mark.skipif(SOFFICE is None, reason=NO_LIBREOFFICE)

#: Seconds a conversion may take before it counts as hung (a cold start with a fresh profile takes a few).
CONVERT_TIMEOUT: Final = 240.0


def convert_with_libreoffice(
    source: Path, target_format: str, out_dir: Path, *, timeout: float = CONVERT_TIMEOUT
) -> Path:
    """``source`` converted by ``soffice --headless --convert-to target_format`` into ``out_dir``; the
    converted file's path (``out_dir / f"{source.stem}.{extension}"``).

    ``target_format`` is what ``--convert-to`` takes: an extension (``"pdf"``), optionally with a
    filter and its options (``"xlsx:Calc Office Open XML"``, ``"csv:Text - txt - csv (StarCalc):44,…,-1"``);
    the extension before the first colon names the file.  A CSV export of every sheet (sheet ``-1``)
    writes ``{stem}-{sheet}.csv`` beside the path returned, which then does not exist.
    See :func:`convert_all_with_libreoffice` for the profile, the environment and the failures.
    """
    [converted] = convert_all_with_libreoffice([source], target_format, out_dir, timeout=timeout)
    return converted


def convert_all_with_libreoffice(
    sources: Sequence[Path], target_format: str, out_dir: Path, *, timeout: float = CONVERT_TIMEOUT
) -> list[Path]:
    """Every source converted by one LibreOffice run (much faster than one run each) into ``out_dir``
    (made if missing); the converted files' paths, in the order of ``sources``.

    LibreOffice runs headless with a fresh user profile (``-env:UserInstallation=file://…``) and
    ``HOME`` in a temporary folder that is removed afterwards, so that it neither waits for nor
    disturbs another LibreOffice (a desktop one, or a test running beside) and leaves nothing behind.

    Skips the test where LibreOffice is not installed.  Fails (:class:`AssertionError`, with the
    command and LibreOffice's own output) when LibreOffice exits with an error, leaves a file
    unwritten (it says ``Error: source file could not be loaded`` and exits with 0), or runs longer
    than ``timeout`` seconds (it is then stopped, with every process it started).
    """
    if SOFFICE is None:
        pytest.skip(NO_LIBREOFFICE)
    extension = target_format.split(":", 1)[0]
    converted = [out_dir / f"{source.stem}.{extension}" for source in sources]
    for source, path in zip(sources, converted, strict=True):
        assert path.resolve() != source.resolve(), f"converting {source} into its own folder would overwrite it"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kepu-plan-libreoffice-") as scratch:
        home = Path(scratch, "home")
        home.mkdir()
        command = [
            SOFFICE,
            f"-env:UserInstallation={Path(scratch, 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target_format,
            "--outdir",
            str(out_dir),
            *map(str, sources),
        ]
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            encoding="utf-8",
            errors="replace",
            env={**os.environ, "HOME": str(home)},
            start_new_session=True,  # its own process group, to stop soffice.bin with it
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            stdout, stderr = process.communicate()
            raise AssertionError(_failed(f"took longer than {timeout:g} s", command, stdout, stderr)) from None
        except BaseException:  # an interrupted test run (Ctrl-C) leaves no LibreOffice behind either
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise
    if process.returncode != 0:
        raise AssertionError(_failed(f"exited with {process.returncode}", command, stdout, stderr))
    unwritten = [str(path) for path in converted if not _written(path)]
    if unwritten:
        raise AssertionError(_failed(f"did not write {', '.join(unwritten)}", command, stdout, stderr))
    return converted


def _written(path: Path) -> bool:
    """Whether LibreOffice wrote ``path``, or for a CSV export of every sheet ``{stem}-{sheet}.csv`` beside it."""
    if path.exists():
        return True
    return path.suffix == ".csv" and any(path.parent.glob(f"{glob.escape(path.stem)}-*.csv"))


def _failed(what: str, command: Sequence[str], stdout: str, stderr: str) -> str:
    """The message of a failed conversion: what went wrong, the command, and LibreOffice's own words."""
    return (
        f"LibreOffice {what}\n  command: {shlex.join(command)}\n"
        f"  stdout: {stdout.strip() or '(nothing)'}\n  stderr: {stderr.strip() or '(nothing)'}"
    )
