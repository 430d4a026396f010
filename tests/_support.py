"""Helpers that test modules import (``from _support import ...``; pyproject puts ``tests/`` on pytest's path).

Fixtures live in the conftest files; what a test module needs at import time, before any fixture
runs (a script loaded as a module, a type for annotations), lives here.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

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
