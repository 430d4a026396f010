"""The command line is tested through its real entry point: a new Python process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from _support import Cli


def _run(*args: str, stdin: str | bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``kepu-plan ARGS`` as ``python -m kepu_plan.cli``, capturing its output as text."""
    if isinstance(stdin, bytes):
        stdin = stdin.decode("utf-8")
    return subprocess.run(
        [sys.executable, "-m", "kepu_plan.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=300,
        check=False,
    )


@pytest.fixture(autouse=True)
def chinese(chinese: None) -> None:
    """The command line speaks Chinese unless the locale is English: these tests read the Chinese.

    The ``chinese`` fixture of tests/conftest.py, for every test here; ``LC_MESSAGES`` (not
    ``LC_ALL``) chooses the language, so that the encoding of the child processes stays what the
    machine gives them.  A test asking for ``english`` reads the English.
    """


@pytest.fixture(scope="session")
def cli() -> Cli:
    """``cli("show", "--json")`` runs ``kepu-plan show --json`` in a new process."""
    return _run
