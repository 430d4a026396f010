"""The JSON writer: writers derived from each class's attrs fields (on first use) turn a plan into
JSON data as the exact path's cattrs converter would (the tests compare the two), several times
faster."""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
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

__all__ = ["writer"]

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


def _object_writer(cls: type[Any]) -> _Write:
    """A writer of ``cls`` as a JSON object, generated from its attrs fields: the keys in
    :func:`key_order`, those in :data:`OMITTED` left out when they hold their default (as
    cattrs's ``omit_if_default`` decides)."""
    attrs.resolve_types(cls)  # field types written as strings (``from __future__ import annotations``)
    by_name = {field.name: field for field in attrs.fields(cls)}
    omitted = OMITTED.get(cls, ())
    namespace: dict[str, Any] = {}
    body = ["    data = {}"]
    for name in key_order(cls):
        field = by_name[name]
        write = writer(field.type)
        if write is _write_plain:
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
