"""The checks every text and name of the model goes through, in the words of the cell grammar."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kepu_plan._grammar.cells import MAX_TEXT_LENGTH, NUMBERING, UNSTORABLE
from kepu_plan._i18n import N_, Text
from kepu_plan.errors import InvalidPlan

__all__ = ["check_items", "check_name", "check_text", "to_tuple"]


def check_text(path: str, value: object, *, what: str, multiline: bool, allow_empty: bool = False) -> None:
    """``value`` is a text a cell can store: a str, not empty (unless ``allow_empty``), without
    surrounding whitespace, unstorable characters or (unless ``multiline``) a line break."""
    if not isinstance(value, str):
        raise InvalidPlan(
            path, Text(N_("{what} must be a str, not {type}"), what=Text(what), type=type(value).__name__)
        )
    if not value:
        if allow_empty:
            return
        raise InvalidPlan(path, Text(N_("{what} is empty"), what=Text(what)))
    if value != value.strip():
        raise InvalidPlan(
            path, Text(N_("{what} has leading or trailing whitespace: {text}"), what=Text(what), text=repr(value))
        )
    if len(value) > MAX_TEXT_LENGTH:
        raise InvalidPlan(
            path,
            Text(
                N_("{what} is {length} characters long, more than a cell holds ({limit})"),
                what=Text(what),
                length=len(value),
                limit=MAX_TEXT_LENGTH,
            ),
        )
    bad = UNSTORABLE.search(value)
    if bad is not None:
        raise InvalidPlan(
            path,
            Text(
                N_("{what} contains {char}, which DOCX and XLSX cannot store"), what=Text(what), char=repr(bad.group())
            ),
        )
    if not multiline and "\n" in value:
        raise InvalidPlan(path, Text(N_("{what} contains a line break"), what=Text(what)))


def check_items(field: str, items: tuple[object, ...], kind: type[Any], what: str) -> None:
    """Every item of a tuple field is a ``kind`` (converters accept any iterable, so check)."""
    for i, item in enumerate(items):
        if not isinstance(item, kind):
            raise InvalidPlan(
                f"{field}[{i}]",
                Text(
                    N_("{what} must be a {kind}, not {type}"),
                    what=Text(what),
                    kind=kind.__name__,
                    type=type(item).__name__,
                ),
            )


def to_tuple(field: str, value: Iterable[Any]) -> tuple[Any, ...]:
    """``value`` as a tuple; a text or a mapping is no sequence of items here."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidPlan(field, Text(N_("expected a sequence, not {type}"), type=type(value).__name__))
    return tuple(value)


def check_name(path: str, value: object, *, what: str) -> None:
    """``value`` is a one-line text that does not start with a numbering a table would strip."""
    check_text(path, value, what=what, multiline=False)
    assert isinstance(value, str)
    numbering = NUMBERING.match(value)
    if numbering is not None:
        prefix = numbering.group()
        raise InvalidPlan(
            path,
            Text(
                N_("{what} starts with the numbering '{prefix}', which a table reads as numbering"),
                what=Text(what),
                prefix=prefix,
            ),
        )
