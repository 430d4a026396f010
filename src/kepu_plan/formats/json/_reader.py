"""The fast path of the JSON reader.

cattrs with detailed validation spends most of a read on bookkeeping for errors that a plan written
by kepu_plan never has.  So a plan is first built directly: readers derived from each class's attrs
fields (on first use) check every JSON value's type exactly (never coercing) and make the model's
objects, validated by the model's own rules (those of the usual duties and tasks all at once, see
:mod:`._bulk`).  Anything that does not fit (a wrong type, a missing or
unknown key, a broken model rule, a field type the fast path does not know) gives up (:class:`Slow`),
and the plan is read again on the exact path (:mod:`._exact`), whose error names the JSON path.
Both paths build the same plan from the same data.
"""

from __future__ import annotations

import enum
import functools
import json
import re
from collections.abc import Callable
from typing import Any, Final

import attrs

from kepu_plan._gc import collector_paused
from kepu_plan.formats.json._bulk import checks, pending
from kepu_plan.formats.json._exact import converter
from kepu_plan.formats.json._fields import (
    MISSING,
    SCHEMA,
    function_source,
    make_function,
    optional_of,
    or_none,
    tuple_args,
)
from kepu_plan.model import Action, Extra, Plan, Unit
from kepu_plan.model._trusted import slot_setter

__all__ = ["Slow", "fast_from_json", "reader"]


class Slow(Exception):
    """The fast path cannot read this value; cattrs reads it, and says what is wrong."""


class ReadAlready:
    """The elements of a JSON array, read already by ``reader`` one by one as the text was parsed
    (see :func:`fast_from_json`): no JSON value is ever of this type, so only the fast path's own
    parse can give it to the reader of a tuple."""

    __slots__ = ("items", "reader")

    def __init__(self, items: tuple[Any, ...], reader: Any) -> None:
        self.items = items
        self.reader = reader


_Read = Callable[[Any], Any]


def _read_str(value: Any) -> str:
    if type(value) is not str:
        raise Slow
    return value


def _read_bool(value: Any) -> bool:
    if type(value) is not bool:
        raise Slow
    return value


#: Units by name, and tuples of units by their names, as the fast path has made them: units and
#: lists of units repeat on every row, and each is checked once, and each list is one tuple shared
#: by its duties (each emptied when it grows large, so as to hold about one plan's units).
_UNITS: dict[str, Unit] = {}
_UNIT_LISTS: dict[tuple[str, ...], tuple[Unit, ...]] = {}
_MOST: Final = 4096


def _read_unit(value: Any) -> Unit:
    if type(value) is not str:
        raise Slow
    unit = _UNITS.get(value)
    return Unit(name=value) if unit is None else unit


# A unit is a plain string in the JSON: _read_units and _write_unit_names here, and the Unit hooks
# of the exact path's converter, must agree (the tests compare the two paths on any plan).
def _read_units(value: Any) -> tuple[Unit, ...]:
    if type(value) is not list:
        raise Slow
    names = tuple(value)
    units = _UNIT_LISTS.get(names)  # keys hold only strings: a list holding anything else misses
    if units is not None:
        return units
    if len(_UNITS) > _MOST:
        _UNITS.clear()
    for name in names:
        if type(name) is not str:
            raise Slow
        if name not in _UNITS:
            _UNITS[name] = Unit(name=name)
    if len(set(names)) != len(names):
        raise Slow  # every list of units in the model is of distinct units
    units = tuple([_UNITS[name] for name in names])
    if len(_UNIT_LISTS) > _MOST:
        _UNIT_LISTS.clear()
    _UNIT_LISTS[names] = units
    return units


def _read_extra(value: Any) -> Extra:
    if type(value) is not tuple or any(type(item) is not str for _, item in value):
        raise Slow
    return Extra(value)  # which refuses a key given twice


def _as_dicts(value: Any) -> Any:
    """JSON data read with objects as tuples of pairs (see :func:`fast_from_json`) with dicts."""
    if type(value) is tuple:
        data = {key: _as_dicts(item) for key, item in value}
        if len(data) != len(value):
            raise Slow  # a key given twice
        return data
    if type(value) is list:
        return [_as_dicts(item) for item in value]
    return value


@functools.cache
def reader(kind: Any, bulk: bool = False) -> _Read:
    """How the fast path reads a JSON value of the model type ``kind``; with ``bulk``, some of
    the model's rules are left to :func:`fast_from_json` to check in bulk (see :mod:`._bulk`)."""
    if kind is str:
        return _read_str
    if kind is bool:
        return _read_bool
    if kind is Unit:
        return _read_unit
    if kind is Extra:
        return _read_extra
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        members = {member.value: member for member in kind if type(member.value) is str}

        def read_enum(value: Any) -> Any:
            if type(value) is not str or value not in members:
                raise Slow
            return members[value]

        return read_enum
    item = tuple_args(kind)
    if item is not None and item[0] is Unit:
        return _read_units
    if item is not None:
        read_item = reader(item[0], bulk)

        def read_tuple(value: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                if type(value) is ReadAlready and value.reader is read_item:
                    return value.items  # read element by element as the text was parsed
                raise Slow
            return tuple([read_item(element) for element in value])

        return read_tuple
    inner = optional_of(kind)
    if inner is not None:
        return or_none(reader(inner, bulk))
    if attrs.has(kind):
        return _object_reader(kind, bulk)
    return lambda value: converter().structure(_as_dicts(value), kind)  # a type only cattrs knows


def _object_reader(cls: type[Any], bulk: bool) -> _Read:
    """A reader of a JSON object into ``cls``, generated from its attrs fields (as attrs generates
    ``__init__``), see :func:`_reader_source`."""
    attrs.resolve_types(cls)  # field types written as strings (``from __future__ import annotations``)
    namespace: dict[str, Any] = {"Slow": Slow, "_cls": cls, "_new": object.__new__, "_set": object.__setattr__}
    return make_function(_reader_source(cls, namespace, bulk), namespace, f"<kepu_plan JSON reader of {cls.__name__}>")


def _reader_source(cls: type[Any], namespace: dict[str, Any], bulk: bool = False) -> str:
    """The source of a reader of a JSON object into ``cls``; names it uses go into ``namespace``.

    A JSON object comes as a tuple of (key, value) pairs (see :func:`fast_from_json`).  Each key
    is read by its field's reader (a string is checked in place); a missing key takes the field's
    default; an unknown key, a key given twice or a missing required key gives up (:class:`Slow`).
    The object is then made as its ``__init__`` would, but without the converters that return the
    reader's value unchanged (tried on a sample value of the field's type when the reader is made),
    and validated by the model's ``__attrs_post_init__``.  A class whose ``__init__`` does more
    (validators, pre-init, fields outside ``__init__``) is made through its constructor instead.
    """
    direct = not hasattr(cls, "__attrs_pre_init__") and all(
        field.init and field.validator is None and not isinstance(field.converter, attrs.Converter)
        for field in attrs.fields(cls)
    )
    fields = [field for field in attrs.fields(cls) if field.init]  # a field outside __init__ has no key
    lines = [
        "    if type(value) is not tuple:",
        "        raise Slow",
        f"    {' = '.join(f'v_{field.name}' for field in fields)} = MISSING",
        "    for key, item in value:",
    ]
    for i, field in enumerate(fields):
        key, var = field.name, f"v_{field.name}"
        check = f"{var} is not MISSING"  # the key given twice
        if field.type is str:
            lines += [
                f"        {'elif' if i else 'if'} key == {key!r}:",
                f"            if {check} or type(item) is not str:",
            ]
            lines += ["                raise Slow", f"            {var} = item"]
        else:
            namespace[f"r_{key}"] = reader(field.type, bulk)
            lines += [f"        {'elif' if i else 'if'} key == {key!r}:", f"            if {check}:"]
            lines += ["                raise Slow", f"            {var} = r_{key}(item)"]
    lines += ["        else:", "            raise Slow"]
    for field in fields:
        key, var = field.name, f"v_{field.name}"
        default: Any = field.default
        if default is attrs.NOTHING:
            otherwise = "raise Slow"
        elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            if default.takes_self:
                continue  # made from the object, below
            namespace[f"f_{key}"] = default.factory
            otherwise = f"{var} = f_{key}()"
            if default.factory is Extra:  # immutable: one serves every object
                namespace[f"d_{key}"] = Extra()
                otherwise = f"{var} = d_{key}"
        else:
            namespace[f"d_{key}"] = default
            otherwise = f"{var} = d_{key}"
        lines += [f"    if {var} is MISSING:", f"        {otherwise}"]
    namespace["MISSING"] = MISSING
    if not direct:
        arguments = ", ".join(f"{field.alias or field.name}=v_{field.name}" for field in fields)
        lines.append(f"    arguments = dict({arguments})")
        lines += [f"    if v_{f.name} is MISSING:\n        del arguments[{f.alias or f.name!r}]" for f in fields]
        lines.append("    return _cls(**arguments)")
        return function_source(lines, namespace)
    lines.append("    self = _new(_cls)")
    for field in fields:
        key, var = field.name, f"v_{field.name}"
        default = field.default
        if isinstance(default, attrs.Factory) and default.takes_self:  # type: ignore[arg-type]
            namespace[f"f_{key}"] = default.factory
            lines.append(f"    if {var} is MISSING:\n        {var} = f_{key}(self)")
        if field.converter is not None and not _keeps(field):
            namespace[f"c_{key}"] = field.converter
            var = f"c_{key}({var})"
        setter = slot_setter(cls, key)
        if setter is not None:  # a slot of the class: set directly (4x faster)
            namespace[f"s_{key}"] = setter
            lines.append(f"    s_{key}(self, {var})")
        else:
            lines.append(f"    _set(self, {key!r}, {var})")
    if hasattr(cls, "__attrs_post_init__"):
        lines += checks(cls, bulk, namespace)
    lines.append("    return self")
    return function_source(lines, namespace)


def _keeps(field: attrs.Attribute[Any]) -> bool:
    """Whether a field's converter returns what the fast path gives it unchanged: tried on a sample
    of the field's type and on its default."""
    converter: Any = field.converter
    default: Any = field.default
    samples: list[Any] = [_sample(field.type)]
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        if default.factory is Extra:
            samples.append(Extra())
    elif default is not attrs.NOTHING:
        samples.append(default)
    try:
        return all(sample is not MISSING and converter(sample) is sample for sample in samples)
    except Exception:
        return False


def _sample(kind: Any) -> Any:
    """A value of the model type ``kind`` as the fast path makes it, to try a converter on."""
    item = tuple_args(kind)
    if item is not None:
        sample = _sample(item[0])
        return MISSING if sample is MISSING else (sample,)
    if kind is Unit:
        return Unit(name="单位")
    if kind is Extra:
        return Extra({"备注": "内容"})
    if kind is str:
        return "内容"
    if attrs.has(kind):
        return object.__new__(kind)  # of the right type; a converter of tuples looks no further
    return MISSING


#: JSON's whitespace, as the json module skips it.
_SPACE: Final = re.compile(r"[ \t\n\r]*")
#: A JSON value parsed at a position of a text, objects as tuples of pairs: (value, end).
_DECODE: Final = json.JSONDecoder(object_pairs_hook=tuple).raw_decode


def _space_end(text: str, at: int) -> int:
    """Where the JSON whitespace from ``at`` ends."""
    found = _SPACE.match(text, at)
    assert found is not None  # the pattern matches the empty text too
    return found.end()


def fast_from_json(text: str | bytes) -> Plan:
    """The plan of a JSON text on the fast path: objects parsed as tuples of (key, value) pairs
    (as fast as dicts, and a key given twice is seen), read by :func:`reader`.  Any problem
    raises an exception, and :func:`~._exact.exact_from_json` reads the text again, naming the problem.

    The plan's object is parsed key by key, and its actions one by one, each read into an
    :class:`~kepu_plan.model.Action` as soon as it is parsed: the parsed values of one action are
    dropped before the next is parsed, so that the memory they take is reused while it is in the
    CPU's caches, rather than a whole plan's worth of parsed values built, read and dropped (for
    10,000 duties, a fifth of the time).  The text is parsed by the json module all the same, value
    by value, and refused where :func:`json.loads` would refuse it.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    # Everything made here lives on in the plan, and makes no cycle: the garbage collector's
    # passes over the growing plan (a fifth of the time) would find nothing, so it waits.
    with collector_paused(), pending() as left:
        data = _plan_object(text)
        if data[:1] != (("schema", SCHEMA),):
            raise Slow
        plan: Plan = reader(Plan, True)(data[1:])
        del data  # before the collector runs again, so that its first pass walks only the plan
    if not left.hold():
        raise Slow
    return plan


def _plan_object(text: str) -> tuple[tuple[str, Any], ...]:
    """The JSON object that is the whole ``text`` as a tuple of (key, value) pairs, with the value
    of its key ``actions``, where that is an array, read into actions element by element
    (:class:`ReadAlready`).  Anything :func:`json.loads` would refuse raises an exception."""
    decode = _DECODE
    at = _space_end(text, 0)
    if text[at : at + 1] != "{":
        raise Slow
    at = _space_end(text, at + 1)
    pairs: list[tuple[str, Any]] = []
    if text[at : at + 1] == "}":
        at += 1
    else:
        while True:
            key, at = decode(text, at)
            if type(key) is not str:
                raise Slow
            at = _space_end(text, at)
            if text[at : at + 1] != ":":
                raise Slow
            at = _space_end(text, at + 1)
            value: Any
            if key == "actions" and text[at : at + 1] == "[":
                value, at = _read_array(text, at + 1, reader(Action, True))
            else:
                value, at = decode(text, at)
            pairs.append((key, value))
            at = _space_end(text, at)
            following = text[at : at + 1]
            at = _space_end(text, at + 1)
            if following == "}":
                break
            if following != ",":
                raise Slow
    if _space_end(text, at) != len(text):
        raise Slow  # more after the object
    return tuple(pairs)


def _read_array(text: str, at: int, read: _Read) -> tuple[ReadAlready, int]:
    """The JSON array whose elements start at ``at`` (after its "["), each element read by ``read``
    as soon as it is parsed; and where the array ends."""
    decode = _DECODE
    items: list[Any] = []
    at = _space_end(text, at)
    if text[at : at + 1] == "]":
        return ReadAlready((), read), at + 1
    while True:
        element, at = decode(text, at)
        items.append(read(element))
        del element
        at = _space_end(text, at)
        following = text[at : at + 1]
        at = _space_end(text, at + 1)
        if following == "]":
            return ReadAlready(tuple(items), read), at
        if following != ",":
            raise Slow
