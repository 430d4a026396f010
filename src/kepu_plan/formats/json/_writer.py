"""The JSON writer: writers derived from each class's attrs fields (on first use) turn a plan into
JSON data as the exact path's cattrs converter would (the tests compare the two), several times
faster."""

from __future__ import annotations

import enum
import functools
import json
import math
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

import attrs

from kepu_plan.formats.json._exact import converter
from kepu_plan.formats.json._fields import (
    OMITTED,
    function_source,
    key_order,
    make_function,
    optional_of,
    or_none,
    tuple_args,
)
from kepu_plan.model import Extra, Unit

__all__ = ["Each", "dumps", "plan_writer", "writer"]

_Write = Callable[[Any], Any]


def _write_plain(value: Any) -> Any:
    return value


@functools.cache
def writer(kind: Any) -> _Write:
    """How the fast path writes a value of the model type ``kind`` as JSON data."""
    if kind in (str, bool, int, float):
        return _write_plain
    if kind is Unit:
        return lambda unit: unit.name
    if kind is Extra:
        return dict
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return lambda member: member.value
    item = tuple_args(kind)
    if item is not None:
        if item[0] is Unit:
            return _write_unit_names
        write_item = writer(item[0])
        return lambda values: [write_item(value) for value in values]
    inner = optional_of(kind)
    if inner is not None:
        return or_none(writer(inner))
    if attrs.has(kind):
        return _object_writer(kind)
    return lambda value: converter().unstructure(value, kind)  # a type only cattrs knows


class Each:
    """A list of objects in the JSON data of :func:`plan_writer`, each written as JSON data only
    when :func:`dumps` writes its text."""

    __slots__ = ("values", "write")

    def __init__(self, values: tuple[Any, ...], write: _Write) -> None:
        self.values = values
        self.write = write

    def data(self) -> list[Any]:
        """The list as JSON data."""
        write = self.write
        return [write(value) for value in self.values]


@functools.cache
def plan_writer(cls: type[Any]) -> _Write:
    """A writer of ``cls`` (a plan) as :func:`writer` writes it, but each field that is a tuple of
    objects (a plan's actions) given as :class:`Each`: :func:`dumps` makes each object's data as it
    writes it, and drops it before the next."""
    return _object_writer(cls, each=True)


def _object_writer(cls: type[Any], each: bool = False) -> _Write:
    """A writer of ``cls`` as a JSON object, generated from its attrs fields: the keys in
    :func:`key_order`, those in :data:`OMITTED` left out when they hold their default (as
    cattrs's ``omit_if_default`` decides); with ``each``, a tuple of objects as :class:`Each`."""
    attrs.resolve_types(cls)  # field types written as strings (``from __future__ import annotations``)
    by_name = {field.name: field for field in attrs.fields(cls)}
    omitted = OMITTED.get(cls, ())
    namespace: dict[str, Any] = {"Each": Each}
    body = ["    data = {}"]
    for name in key_order(cls):
        field = by_name[name]
        write = writer(field.type)
        item_kind = tuple_args(field.type)
        if each and item_kind is not None and attrs.has(item_kind[0]):
            namespace[f"w_{name}"] = writer(item_kind[0])
            value = f"Each(item, w_{name})"
        elif write is _write_plain:
            value = "item"
        elif write is _write_unit_names:
            value = "[unit.name for unit in item]"
        else:
            namespace[f"w_{name}"] = write
            value = f"w_{name}(item)"
        body.append(f"    item = value.{name}")
        default: Any = field.default
        if name not in omitted or default is attrs.NOTHING:
            body.append(f"    data[{name!r}] = {value}")
            continue
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            namespace[f"f_{name}"] = default.factory
            made = f"f_{name}(value)" if default.takes_self else f"f_{name}()"
            if default.factory is Extra and not default.takes_self:
                namespace[f"d_{name}"] = Extra()
                made = f"d_{name}"
            body.append(f"    if item != {made}:")
        elif default is None:
            body.append("    if item is not None:")
        else:
            namespace[f"d_{name}"] = default
            body.append(f"    if item != d_{name}:")
        body.append(f"        data[{name!r}] = {value}")
    body.append("    return data")
    return make_function(function_source(body, namespace), namespace, f"<kepu_plan JSON writer of {cls.__name__}>")


def _write_unit_names(units: tuple[Unit, ...]) -> list[str]:
    return [unit.name for unit in units]


def dumps(data: Any) -> str:
    """The text ``json.dumps(data, ensure_ascii=False, indent=2)`` writes, written several times
    faster for the JSON data of a plan.

    With an indent, the json module encodes in Python, one generator per nesting level; this is one
    recursive function over the types a plan's data holds (dicts with string keys, lists, strings,
    ints, floats, booleans and None), each string escaped by the json module's own encoder.  The
    objects of an :class:`Each` (a plan's actions) are made into data one by one as they are
    written, and the text of each is joined on its own, so that its data and its many small pieces
    are dropped, and their memory reused, before the next is written.  Data of any other type is
    left to :func:`json.dumps`, which says what is wrong with it.
    """
    out: list[str] = []
    try:
        _encode(data, "\n", out.append)
    except _Unknown:
        return json.dumps(data, ensure_ascii=False, indent=2, default=_each_data)
    return "".join(out)


def _each_data(value: Any) -> Any:
    """:class:`Each` as JSON data for :func:`json.dumps`; any other type refused as it refuses it."""
    if type(value) is Each:
        return value.data()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


class _Unknown(Exception):
    """A value :func:`dumps` leaves to the json module."""


def _encode(value: Any, newline: str, add: Callable[[str], None]) -> None:
    """Add the JSON text of ``value`` at the indentation that ``newline`` starts with."""
    kind = type(value)
    if kind is str:
        add(encode_basestring(value))
    elif kind is dict:
        if not value:
            add("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Unknown  # json.dumps turns it into a string, or refuses it
            if type(item) is str:  # most values: one piece, no call
                add(f"{separator}{encode_basestring(key)}: {encode_basestring(item)}")
            else:
                add(f"{separator}{encode_basestring(key)}: ")
                _encode(item, inner, add)
            separator = "," + inner
        add(newline + "}")
    elif kind is list or kind is Each:
        items, write = (value, None) if kind is list else (value.values, value.write)
        if not items:
            add("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in items:
            if write is not None:  # a plan's actions: each one's data made, written, joined and dropped in turn
                pieces = [separator]
                _encode(write(item), inner, pieces.append)
                add("".join(pieces))
            elif type(item) is str:
                add(separator + encode_basestring(item))
            else:
                add(separator)
                _encode(item, inner, add)
            separator = "," + inner
        add(newline + "]")
    elif value is None:
        add("null")
    elif value is True:
        add("true")
    elif value is False:
        add("false")
    elif kind is int:
        add(int.__repr__(value))
    elif kind is float:
        if math.isfinite(value):
            add(float.__repr__(value))
        else:
            add("NaN" if value != value else "Infinity" if value > 0 else "-Infinity")
    else:
        raise _Unknown
