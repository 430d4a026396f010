"""The public API is guarded: the live ``kepu_plan`` package matches the checked-in snapshot.

A change to a public name, a signature, a field or a default fails here until the snapshot is
rewritten with ``python scripts/api_snapshot.py --write`` — so every API change is a deliberate one,
seen in review beside its CHANGELOG line.
"""

from __future__ import annotations

import difflib
import inspect
import typing
from pathlib import Path

import attrs
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


def _kepu_plan_classes(annotation: object) -> set[type]:
    """The classes of kepu_plan that an annotation names, however nested (``tuple[ItemDiff, ...] | None``)."""
    found = {annotation} if isinstance(annotation, type) and annotation.__module__.startswith("kepu_plan") else set()
    for argument in typing.get_args(annotation):
        found |= _kepu_plan_classes(argument)
    return found


def _hints(function: object) -> dict[str, object]:
    """A function's resolved annotations; names imported only for type checkers are given here."""
    import zipfile

    from docx.document import Document as DocxDocument
    from openpyxl import Workbook

    scope = {name: getattr(kp, name) for name in kp.__all__}
    scope.update(DocxDocument=DocxDocument, Workbook=Workbook, zipfile=zipfile)
    return typing.get_type_hints(function, globalns={**getattr(function, "__globals__", {}), **scope})


def test_every_type_the_api_hands_out_or_takes_is_importable_from_kepu_plan() -> None:
    seen: set[int] = set()
    pending: list[tuple[str, object]] = [(name, getattr(kp, name)) for name in kp.__all__]
    missing: dict[str, str] = {}
    while pending:
        label, obj = pending.pop()
        if id(obj) in seen or inspect.ismodule(obj):
            continue
        seen.add(id(obj))
        functions: list[tuple[str, object]] = []
        if inspect.isclass(obj):
            for name, member in vars(obj).items():
                if name.startswith("_") and name != "__init__":
                    continue
                function = member.fget if isinstance(member, property) else getattr(member, "__func__", member)
                if inspect.isfunction(function):
                    functions.append((f"{label}.{name}", function))
            if attrs.has(obj):
                functions.append((f"{label} fields", obj))
        elif inspect.isfunction(obj):
            functions.append((label, obj))
        for where, function in functions:
            hints = typing.get_type_hints(function) if inspect.isclass(function) else _hints(function)
            for annotation in hints.values():
                for cls in _kepu_plan_classes(annotation):
                    if getattr(kp, cls.__name__, None) is not cls:
                        missing.setdefault(f"{cls.__module__}.{cls.__qualname__}", where)
                    pending.append((cls.__name__, cls))
    assert not missing, f"types the API uses that kepu_plan does not export (type: first use): {missing}"
