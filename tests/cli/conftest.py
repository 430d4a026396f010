"""The command line is tested through its real entry point: a new Python process."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[..., "subprocess.CompletedProcess[str]"]


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
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line speaks Chinese unless the locale is English: these tests read the Chinese.

    ``LC_MESSAGES`` (not ``LC_ALL``) chooses the language, so that the encoding of the child
    processes stays what the machine gives them.
    """
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_MESSAGES", "zh_CN.UTF-8")


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line in English (``LC_MESSAGES=en_US.UTF-8``)."""
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_MESSAGES", "en_US.UTF-8")


@pytest.fixture(scope="session")
def cli() -> Cli:
    """``cli("show", "--json")`` runs ``kepu-plan show --json`` in a new process."""
    return _run
