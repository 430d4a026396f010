"""The public API is guarded: the live ``kepu_plan`` package matches the checked-in snapshot.

A change to a public name, a signature, a field or a default fails here until the snapshot is
rewritten with ``python scripts/api_snapshot.py --write`` — so every API change is a deliberate one,
seen in review beside its CHANGELOG line.
"""

from __future__ import annotations

import difflib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

import kepu_plan as kp

ROOT = Path(__file__).resolve().parent.parent


def _tool() -> ModuleType:
    """scripts/api_snapshot.py, which writes the snapshot."""
    spec = importlib.util.spec_from_file_location("api_snapshot", ROOT / "scripts" / "api_snapshot.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


TOOL = _tool()


def test_the_public_api_is_the_checked_in_snapshot() -> None:
    expected = TOOL.SNAPSHOT.read_text(encoding="utf-8")
    live = TOOL.snapshot()
    if live != expected:
        changes = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True), live.splitlines(keepends=True), "snapshot", "live package"
            )
        )
        raise AssertionError(
            "the public API changed; if that is intended, run `python scripts/api_snapshot.py --write` "
            "and add a CHANGELOG line\n" + changes
        )


def test_the_snapshot_names_every_public_name_and_nothing_else() -> None:
    listed = {
        line.split(":", 1)[0] for line in TOOL.snapshot().splitlines() if line and not line.startswith((" ", "#"))
    }
    assert listed == set(kp.__all__) - {"__version__"}


def test_a_changed_signature_shows_in_the_snapshot(monkeypatch: pytest.MonkeyPatch) -> None:
    before = TOOL.snapshot()

    def read(source: object, format: str | None = None, *, strict: bool = True) -> None:
        """A read() whose signature differs from the real one."""

    monkeypatch.setattr(kp, "read", read)
    after = TOOL.snapshot()
    assert before != after
    assert "read: function(source: 'object', format: 'str | None' = None, *, strict: 'bool' = True)" in after


def test_a_keyword_only_marker_or_a_default_that_changes_shows_in_the_snapshot(monkeypatch: pytest.MonkeyPatch) -> None:
    def positional(plan: object, target: object, format: str | None = None, mark_targets: bool = False) -> None:
        """write() with ``mark_targets`` no longer keyword-only."""

    def defaulted(plan: object, target: object, format: str | None = None, *, mark_targets: bool = True) -> None:
        """write() with another default."""

    before = TOOL.snapshot()
    seen = set()
    for changed in (positional, defaulted):
        monkeypatch.setattr(kp, "write", changed)
        after = TOOL.snapshot()
        assert after != before
        seen.add(next(line for line in after.splitlines() if line.startswith("write:")))
    assert seen == {
        "write: function(plan: 'object', target: 'object', format: 'str | None' = None, mark_targets: 'bool' = False)"
        " -> 'None'",
        "write: function(plan: 'object', target: 'object', format: 'str | None' = None, *, mark_targets: 'bool' = True)"
        " -> 'None'",
    }


def test_the_snapshot_records_the_explicit_options_of_the_reading_and_writing_functions() -> None:
    snapshot = TOOL.SNAPSHOT.read_text(encoding="utf-8")
    assert "**" not in snapshot  # no function of the API takes options it does not name
    assert (
        "read: function(source: 'Source | DocxDocument | Workbook', format: 'str | None' = None, *, columns:"
        in snapshot
    )
    assert (
        "write_docx: function(plan: 'Plan', target: 'Source | DocxDocument', *, style: 'DocxStyle | None' = None"
        in (snapshot)
    )
