"""What the JSON codec derives from the model's attrs fields, shared by its reader, its writer and
its cattrs converter: the version key, the fields left out at their default, the order of keys, and
the making of generated functions."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from typing import Any, Final

import attrs

from kepu_plan.model import Action, Column, Duty, Layout, Plan, Task, Wording

__all__ = [
    "MISSING",
    "OMITTED",
    "SCHEMA",
    "function_source",
    "key_order",
    "make_function",
    "optional_of",
    "or_none",
    "tuple_args",
]

#: The version key's value; a reader refuses any other.
SCHEMA: Final = "kepu-plan/1"

#: A key not (yet) found in a JSON object.
MISSING: Final = object()

#: The fields left out of the JSON when they hold their default, by class (inner classes first).
#: A new model field is written always unless it is listed here.
OMITTED: Final[dict[type[Any], tuple[str, ...]]] = {
    Wording: ("units", "leads", "partners"),
    Column: (),
    Layout: ("sections", "action_numbering", "task_numbering", "merged", "leads"),
    Duty: ("leads", "deadline", "extra", "wording"),
    Task: (),
    Action: ("leads", "wording"),
    Plan: ("label", "notes", "layout"),
}


def key_order(cls: type[Any]) -> list[str]:
    """The keys of a class's JSON object: its fields in order, but a plan's label first (it stands
    above the title in the table, so it comes first here too)."""
    order = [field.name for field in attrs.fields(cls)]
    if cls is Plan:
        order.remove("label")
        order.insert(0, "label")
    return order


def tuple_args(kind: Any) -> tuple[Any, ...] | None:
    """``(item,)`` for ``tuple[item, ...]``, else None."""
    args = typing.get_args(kind)
    origin = typing.get_origin(kind)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return (args[0],)
    return None


def optional_of(kind: Any) -> Any:
    """``X`` for ``X | None`` (or ``Optional[X]``), else None."""
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        args = typing.get_args(kind)
        if len(args) == 2 and type(None) in args:
            return args[0] if args[1] is type(None) else args[1]
    return None


def or_none(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``convert``, but None stays None (for a field of type ``X | None``)."""
    return lambda value: None if value is None else convert(value)


def make_function(source: str, namespace: dict[str, Any], filename: str) -> Callable[[Any], Any]:
    """The function ``source`` defines, made in ``namespace``."""
    exec(compile(source, filename, "exec"), namespace)
    function: Callable[[Any], Any] = namespace["function"]
    return function


def function_source(body: list[str], namespace: dict[str, Any]) -> str:
    """The source of ``function(value)`` with ``body``; the names of ``namespace`` are bound as
    keyword defaults, local (and so fast) within it."""
    bound = "".join(f", {name}={name}" for name in namespace)
    return "\n".join([f"def function(value, *, type=type{bound}):", *body]) + "\n"
