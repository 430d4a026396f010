"""The model's rules that the fast JSON reader checks in bulk, for the many objects of a plan that
have the usual shape, instead of object by object.

A duty with a content and units only (no leads, deadline, extra cells or wording) is checked by its
``__attrs_post_init__`` for no more than: its content is a text of one or more lines that a cell
holds, and its units are distinct.  A task with duties is checked for no more than: its name is a
text of one line that a cell holds and does not start with numbering (its duties are duties: the
reader made them).  So the reader makes such objects without their ``__attrs_post_init__``, keeps
their texts in :class:`Pending`, and checks them all at once when the plan is read (with
:func:`kepu_plan.model._trusted.texts_hold` and ``names_hold``, which the layout reader shares) (the reader of
units refuses a unit given twice).  Any other object is checked by its ``__attrs_post_init__`` as
it is read.  The tests hold the model to this (``tests/formats/test_json_fast.py``): when the rules
of a duty or a task change, change these too.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import attrs

from kepu_plan.model import Duty, Task
from kepu_plan.model._trusted import names_hold, texts_hold

__all__ = ["Pending", "checks", "names_hold", "pending", "texts_hold"]


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
