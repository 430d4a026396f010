"""The model's rules that the fast JSON reader checks in bulk, for the many objects of a plan that
have the usual shape, instead of object by object.

A duty with a content and units only (no leads, deadline, extra cells or wording) is checked by its
``__attrs_post_init__`` for no more than: its content is a text of one or more lines that a cell
holds, and its units are distinct.  A task with duties is checked for no more than: its name is a
text of one line that a cell holds and does not start with numbering (its duties are duties: the
reader made them).  So the reader makes such objects without their ``__attrs_post_init__``, keeps
their texts in :class:`Pending`, and checks them all at once when the plan is read (the reader of
units refuses a unit given twice).  Any other object is checked by its ``__attrs_post_init__`` as
it is read.  The tests hold the model to this (``tests/formats/test_json_fast.py``): when the rules
of a duty or a task change, change these too.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from typing import Any, Final

import attrs

from kepu_plan._grammar.cells import MAX_TEXT_LENGTH, NUMBERING, UNSTORABLE
from kepu_plan.model import Duty, Task

__all__ = ["Pending", "checks", "names_hold", "pending", "texts_hold"]

#: Numbering at the start of any line (of names joined by line breaks).
_NUMBERING_AT_A_LINE: Final = re.compile(NUMBERING.pattern, NUMBERING.flags | re.MULTILINE)
_AT_ONCE: Final = 1000


@attrs.define
class Pending:
    """The texts of the objects read whose rules are left to the bulk check."""

    texts: list[str] = attrs.Factory(list)
    """Texts of one or more lines (the contents of duties)."""
    names: list[str] = attrs.Factory(list)
    """Names (of tasks)."""

    def hold(self) -> bool:
        """Whether every text and name passes the model's rules."""
        return texts_hold(self.texts) and names_hold(self.names)


_local = threading.local()  # the Pending of the read under way, per thread


@contextlib.contextmanager
def pending() -> Iterator[Pending]:
    """The texts left to the bulk check while the ``with`` block reads a plan."""
    left = Pending()
    _local.pending = left
    try:
        yield left
    finally:
        _local.pending = None


def checks(cls: type[Any], bulk: bool, namespace: dict[str, Any]) -> list[str]:
    """The lines of a generated reader of ``cls`` (see :mod:`._reader`) that check the object made,
    ``self``: its ``__attrs_post_init__``, or (``bulk``) for an object of the usual shape its text
    kept for the bulk check."""
    check = ["    self.__attrs_post_init__()"]
    usual: tuple[str, str, str] | None = None
    if cls is Duty:
        others = [field.name for field in attrs.fields(cls) if field.name not in ("content", "units")]
        if all(f"d_{name}" in namespace for name in others):  # the defaults the reader gives
            usual = (" and ".join(f"v_{name} is d_{name}" for name in others), "texts", "content")
    elif cls is Task and [field.name for field in attrs.fields(cls)] == ["name", "duties"]:
        usual = ("v_duties", "names", "name")  # a task of at least one duty
    if not bulk or usual is None:
        return check
    condition, kept, field = usual
    namespace["_local"] = _local
    return [f"    if {condition}:", f"        _local.pending.{kept}.append(v_{field})", "    else:", f"    {check[0]}"]


def texts_hold(texts: list[str]) -> bool:
    """Whether every one of ``texts`` passes the model's rule for a text of one or more lines (not
    empty, no space at either end, no longer than a cell holds, nothing a cell cannot store), as
    :class:`~kepu_plan.model.Duty` checks its content; checked all at once."""
    if not texts:
        return True
    if min(map(len, texts)) == 0 or max(map(len, texts)) > MAX_TEXT_LENGTH:
        return False
    if [text for text in texts if text.strip() is not text]:  # strip() gives back a text it keeps
        return False
    # A line break is what a text may hold; a thousand texts at a time keep the joined text small.
    return not any(UNSTORABLE.search("\n".join(texts[i : i + _AT_ONCE])) for i in range(0, len(texts), _AT_ONCE))


def names_hold(names: list[str]) -> bool:
    """Whether every one of ``names`` passes the model's rule for a name (a text of one line not
    starting with numbering), as :class:`~kepu_plan.model.Task` checks its name; checked all at once."""
    if not texts_hold(names):
        return False
    for i in range(0, len(names), _AT_ONCE):
        some = names[i : i + _AT_ONCE]
        joined = "\n".join(some)
        if joined.count("\n") != len(some) - 1 or _NUMBERING_AT_A_LINE.search(joined) is not None:
            return False
    return True
