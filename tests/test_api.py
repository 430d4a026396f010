"""The public API is guarded: the live ``kepu_plan`` package matches the checked-in snapshot.

A change to a public name, a signature, a field or a default fails here until the snapshot is
rewritten with ``python scripts/api_snapshot.py --write`` — so every API change is a deliberate one,
seen in review beside its CHANGELOG line.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

import kepu_plan as kp
from _support import load_script

ROOT = Path(__file__).resolve().parent.parent


#: scripts/api_snapshot.py, which writes the snapshot.
TOOL = load_script(ROOT / "scripts" / "api_snapshot.py", "api_snapshot")


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
