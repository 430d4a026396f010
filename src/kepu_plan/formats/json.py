"""The JSON form of a plan: a fast path derived from the model's fields, and one strict cattrs
converter that names the place of any problem.

The form is readable (CJK is not escaped, units are plain strings), its keys come in a stable
order, and it starts with a version key, ``"schema": "kepu-plan/1"``.  Reading never coerces:
``123`` where a name belongs is an error, not ``'123'``.  Its JSON Schema ships beside it as
``kepu_plan/data/plan.schema.json``.

>>> from kepu_plan import examples
>>> plan = examples.shenmu()
>>> from_json(to_json(plan)) == plan
True
"""

from __future__ import annotations

import enum
import functools
import json
import types
import typing
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, BinaryIO, Final

import attrs

from kepu_plan._gc import collector_paused
from kepu_plan._i18n import N_, Text
from kepu_plan._limits import Limits, read_bounded, unexpected
from kepu_plan.diagnostics import Diagnostic
from kepu_plan.errors import InvalidPlan, KepuPlanError, Location, ReadError
from kepu_plan.model import Action, ActionKind, Column, Duty, Extra, Layout, LeadStyle, Plan, Task, Unit, Wording

if TYPE_CHECKING:  # cattrs is imported when a plan does not read on the fast path (see below)
    import cattrs

__all__ = ["NAME", "SCHEMA", "SUFFIXES", "from_json", "read", "to_json", "write"]

NAME: Final = "json"
SUFFIXES: Final = (".json",)
#: The version key's value; a reader refuses any other.
SCHEMA: Final = "kepu-plan/1"


class _TypeMismatch(TypeError):
    """A JSON value of the wrong type (never coerced)."""


_TYPE_NAMES: Final = {
    "str": N_("a string"),
    "int": N_("a number"),
    "float": N_("a number"),
    "bool": N_("true or false"),
    "NoneType": N_("null"),
    "list": N_("an array"),
    "dict": N_("an object"),
}


def _type_name(value: object) -> str:
    name = type(value).__name__
    return Text(_TYPE_NAMES[name]) if name in _TYPE_NAMES else name


def _strict_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise _TypeMismatch(Text(N_("expected a string, found {found}"), found=_type_name(value)))
    return value


def _make_converter() -> cattrs.Converter:
    from cattrs.errors import IterableValidationError, IterableValidationNote
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
    from cattrs.preconf.json import make_converter

    converter = make_converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(str, _strict_str)

    def structure_unit(value: object, _: object) -> Unit:
        try:
            return Unit(name=_strict_str(value, None))
        except InvalidPlan as error:  # a unit is a plain string in JSON: the path ends at it
            raise InvalidPlan("", error.reason) from None

    def structure_kind(value: object, _: object) -> ActionKind:
        text = _strict_str(value, None)
        try:
            return ActionKind(text)
        except ValueError:
            raise _TypeMismatch(Text(N_("expected 行动 or 工程, found {found}"), found=repr(text))) from None

    def structure_lead_style(value: object, _: object) -> LeadStyle:
        text = _strict_str(value, None)
        try:
            return LeadStyle(text)
        except ValueError:
            styles = ", ".join(style.value for style in LeadStyle)
            raise _TypeMismatch(
                Text(N_("expected one of {styles}, found {found}"), styles=styles, found=repr(text))
            ) from None

    def structure_bool(value: object, _: object) -> bool:
        if not isinstance(value, bool):
            raise _TypeMismatch(Text(N_("expected true or false, found {found}"), found=_type_name(value)))
        return value

    def structure_extra(value: object, _: object) -> Extra:
        if not isinstance(value, dict):
            raise _TypeMismatch(Text(N_("expected an object, found {found}"), found=_type_name(value)))
        for key, item in value.items():
            if not isinstance(item, str):
                raise _TypeMismatch(
                    Text(N_("expected a string for column {key}, found {found}"), key=repr(key), found=_type_name(item))
                )
        return Extra(value)

    def structure_optional_str(value: object, _: object) -> str | None:
        return None if value is None else _strict_str(value, None)

    def structure_wording(value: object, _: object) -> Wording | None:
        # A cell's wording: {"units": ["", "、", "等部门"], …}, each the text around the names.
        if value is None:
            return None
        if not isinstance(value, dict):
            raise _TypeMismatch(Text(N_("expected an object, found {found}"), found=_type_name(value)))
        unknown = set(value) - {"units", "leads", "partners"}
        if unknown:
            raise _TypeMismatch(Text(N_("unknown key(s) {keys}"), keys=", ".join(repr(key) for key in sorted(unknown))))
        for key, pieces in value.items():
            if not isinstance(pieces, list) or not all(isinstance(piece, str) for piece in pieces):
                raise _TypeMismatch(Text(N_("expected an array of strings for {key}"), key=repr(key)))
        return Wording(**value)

    def structure_seq(value: object, kind: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise _TypeMismatch(Text(N_("expected an array, found {found}"), found=_type_name(value)))
        (item_type, _ellipsis) = kind.__args__
        errors: list[Exception] = []
        items: list[Any] = []
        for i, item in enumerate(value):
            try:
                items.append(converter.structure(item, item_type))
            except Exception as error:
                error.add_note(IterableValidationNote(f"Structuring {kind} @ index {i}", i, item_type))
                errors.append(error)
        if errors:
            raise IterableValidationError("while structuring an array", errors, kind)
        return tuple(items)

    converter.register_structure_hook(Unit, structure_unit)
    converter.register_unstructure_hook(Unit, lambda unit: unit.name)
    converter.register_structure_hook(ActionKind, structure_kind)
    converter.register_structure_hook(Extra, structure_extra)
    converter.register_structure_hook(LeadStyle, structure_lead_style)
    converter.register_structure_hook(bool, structure_bool)
    converter.register_unstructure_hook(Extra, dict)
    converter.register_structure_hook(str | None, structure_optional_str)
    converter.register_structure_hook(Wording | None, structure_wording)
    converter.register_structure_hook_func(_is_homogeneous_tuple, structure_seq)

    omit = override(omit_if_default=True)
    # Inner classes first: a class's generated hook binds the hooks of its fields when made.
    for cls, names in _OMITTED.items():
        overrides: dict[str, Any] = dict.fromkeys(names, omit)
        converter.register_unstructure_hook(
            cls, _in_field_order(cls, make_dict_unstructure_fn(cls, converter, **overrides))
        )
    for cls in (Duty, Task, Action, Column, Layout, Plan):
        converter.register_structure_hook(cls, make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True))
    return converter


#: The fields left out of the JSON when they hold their default, by class (inner classes first).
#: A new model field is written always unless it is listed here.
_OMITTED: Final[dict[type[Any], tuple[str, ...]]] = {
    Wording: ("units", "leads", "partners"),
    Column: (),
    Layout: ("sections", "action_numbering", "task_numbering", "merged", "leads"),
    Duty: ("leads", "deadline", "extra", "wording"),
    Task: (),
    Action: ("leads", "wording"),
    Plan: ("label", "notes", "layout"),
}


def _key_order(cls: type[Any]) -> list[str]:
    """The keys of a class's JSON object: its fields in order, but a plan's label first (it stands
    above the title in the table, so it comes first here too)."""
    order = [field.name for field in attrs.fields(cls)]
    if cls is Plan:
        order.remove("label")
        order.insert(0, "label")
    return order


def _in_field_order(cls: type[Any], unstructure: Any) -> Any:
    """Keys in the order of the class's fields (cattrs puts omittable fields last)."""
    order = _key_order(cls)

    def ordered(value: Any) -> dict[str, Any]:
        data = unstructure(value)
        return {key: data[key] for key in order if key in data}

    return ordered


def _is_homogeneous_tuple(kind: Any) -> bool:
    args: tuple[Any, ...] = getattr(kind, "__args__", ())
    return getattr(kind, "__origin__", None) is tuple and len(args) == 2 and args[1] is Ellipsis


@functools.cache
def _converter() -> cattrs.Converter:
    """The strict cattrs converter: the exact path, which names the place of any problem."""
    return _make_converter()


# --- the fast path ----------------------------------------------------------------------------------
#
# cattrs with detailed validation spends most of a read on bookkeeping for errors that a plan
# written by kepu_plan never has.  So a plan is first built directly: readers and writers derived
# from each class's attrs fields (on first use) check every JSON value's type exactly (never
# coercing) and call the model's own constructors, which validate as always.  Anything that does
# not fit (a wrong type, a missing or unknown key, a broken model rule, a field type the fast path
# does not know) gives up, and the plan is read again by cattrs, whose error names the JSON path.
# Both paths build the same plan from the same data.


class _Slow(Exception):
    """The fast path cannot read this value; cattrs reads it, and says what is wrong."""


_Read = Callable[[Any], Any]
_Write = Callable[[Any], Any]


def _read_str(value: Any) -> str:
    if type(value) is not str:
        raise _Slow
    return value


def _read_bool(value: Any) -> bool:
    if type(value) is not bool:
        raise _Slow
    return value


#: Units by name, as the fast path has made them: units repeat on every row, and each name is
#: checked once (emptied when it grows large, so that it holds no more than one plan's units).
_UNITS: dict[str, Unit] = {}


def _read_unit(value: Any) -> Unit:
    if type(value) is not str:
        raise _Slow
    unit = _UNITS.get(value)
    return Unit(name=value) if unit is None else unit


# A unit is a plain string in the JSON: _read_units and _write_unit_names here, and the Unit hooks
# of _make_converter, must agree (the tests compare the two paths on any plan).
def _read_units(value: Any) -> tuple[Unit, ...]:
    if type(value) is not list:
        raise _Slow
    try:
        return tuple([_UNITS[name] for name in value])  # only str keys: any other value misses
    except KeyError:
        pass
    if len(_UNITS) > 4096:
        _UNITS.clear()
    for name in value:
        if type(name) is not str:
            raise _Slow
        if name not in _UNITS:
            _UNITS[name] = Unit(name=name)
    return tuple([_UNITS[name] for name in value])


def _read_extra(value: Any) -> Extra:
    if type(value) is not tuple or any(type(item) is not str for _, item in value):
        raise _Slow
    return Extra(value)  # which refuses a key given twice


def _as_dicts(value: Any) -> Any:
    """JSON data read with objects as tuples of pairs (see :func:`_fast_from_json`) with dicts."""
    if type(value) is tuple:
        data = {key: _as_dicts(item) for key, item in value}
        if len(data) != len(value):
            raise _Slow  # a key given twice
        return data
    if type(value) is list:
        return [_as_dicts(item) for item in value]
    return value


def _tuple_args(kind: Any) -> tuple[Any, ...] | None:
    """``(item,)`` for ``tuple[item, ...]``; the non-None member for ``X | None``; else None."""
    args = typing.get_args(kind)
    origin = typing.get_origin(kind)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return (args[0],)
    return None


def _optional_of(kind: Any) -> Any:
    """``X`` for ``X | None`` (or ``Optional[X]``), else None."""
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        args = typing.get_args(kind)
        if len(args) == 2 and type(None) in args:
            return args[0] if args[1] is type(None) else args[1]
    return None


def _or_none(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``convert``, but None stays None (for a field of type ``X | None``)."""
    return lambda value: None if value is None else convert(value)


@functools.cache
def _reader(kind: Any) -> _Read:
    """How the fast path reads a JSON value of the model type ``kind``."""
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
                raise _Slow
            return members[value]

        return read_enum
    item = _tuple_args(kind)
    if item is not None and item[0] is Unit:
        return _read_units
    if item is not None:
        read_item = _reader(item[0])

        def read_tuple(value: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                raise _Slow
            return tuple([read_item(element) for element in value])

        return read_tuple
    inner = _optional_of(kind)
    if inner is not None:
        return _or_none(_reader(inner))
    if attrs.has(kind):
        return _object_reader(kind)
    return lambda value: _converter().structure(_as_dicts(value), kind)  # a type only cattrs knows


def _object_reader(cls: type[Any]) -> _Read:
    """A reader of a JSON object into ``cls``, generated from its attrs fields (as attrs generates
    ``__init__``), see :func:`_reader_source`."""
    attrs.resolve_types(cls)  # field types written as strings (``from __future__ import annotations``)
    namespace: dict[str, Any] = {"_Slow": _Slow, "_cls": cls, "_new": object.__new__, "_set": object.__setattr__}
    return _made(_reader_source(cls, namespace), namespace, f"<kepu_plan JSON reader of {cls.__name__}>")


def _made(source: str, namespace: dict[str, Any], filename: str) -> Callable[[Any], Any]:
    """The function ``source`` defines, made in ``namespace``."""
    exec(compile(source, filename, "exec"), namespace)
    function: Callable[[Any], Any] = namespace["function"]
    return function


def _reader_source(cls: type[Any], namespace: dict[str, Any]) -> str:
    """The source of a reader of a JSON object into ``cls``; names it uses go into ``namespace``.

    A JSON object comes as a tuple of (key, value) pairs (see :func:`_fast_from_json`).  Each key
    is read by its field's reader (a string is checked in place); a missing key takes the field's
    default; an unknown key, a key given twice or a missing required key gives up (:class:`_Slow`).
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
        "        raise _Slow",
        f"    {' = '.join(f'v_{field.name}' for field in fields)} = _MISSING",
        "    for key, item in value:",
    ]
    for i, field in enumerate(fields):
        key, var = field.name, f"v_{field.name}"
        check = f"{var} is not _MISSING"  # the key given twice
        if field.type is str:
            lines += [
                f"        {'elif' if i else 'if'} key == {key!r}:",
                f"            if {check} or type(item) is not str:",
            ]
            lines += ["                raise _Slow", f"            {var} = item"]
        else:
            namespace[f"r_{key}"] = _reader(field.type)
            lines += [f"        {'elif' if i else 'if'} key == {key!r}:", f"            if {check}:"]
            lines += ["                raise _Slow", f"            {var} = r_{key}(item)"]
    lines += ["        else:", "            raise _Slow"]
    for field in fields:
        key, var = field.name, f"v_{field.name}"
        default: Any = field.default
        if default is attrs.NOTHING:
            otherwise = "raise _Slow"
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
        lines += [f"    if {var} is _MISSING:", f"        {otherwise}"]
    namespace["_MISSING"] = _MISSING
    if not direct:
        arguments = ", ".join(f"{field.alias or field.name}=v_{field.name}" for field in fields)
        lines.append(f"    arguments = dict({arguments})")
        lines += [f"    if v_{f.name} is _MISSING:\n        del arguments[{f.alias or f.name!r}]" for f in fields]
        lines.append("    return _cls(**arguments)")
        return _function(lines, namespace)
    lines.append("    self = _new(_cls)")
    for field in fields:
        key, var = field.name, f"v_{field.name}"
        default = field.default
        if isinstance(default, attrs.Factory) and default.takes_self:  # type: ignore[arg-type]
            namespace[f"f_{key}"] = default.factory
            lines.append(f"    if {var} is _MISSING:\n        {var} = f_{key}(self)")
        if field.converter is not None and not _keeps(field):
            namespace[f"c_{key}"] = field.converter
            var = f"c_{key}({var})"
        lines.append(f"    _set(self, {key!r}, {var})")
    if hasattr(cls, "__attrs_post_init__"):
        lines.append("    self.__attrs_post_init__()")
    lines.append("    return self")
    return _function(lines, namespace)


def _function(body: list[str], namespace: dict[str, Any]) -> str:
    """The source of ``function(value)`` with ``body``; the names of ``namespace`` are bound as
    keyword defaults, local (and so fast) within it."""
    bound = "".join(f", {name}={name}" for name in namespace)
    return "\n".join([f"def function(value, *, type=type{bound}):", *body]) + "\n"


_MISSING: Final = object()


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
        return all(sample is not _MISSING and converter(sample) is sample for sample in samples)
    except Exception:
        return False


def _sample(kind: Any) -> Any:
    """A value of the model type ``kind`` as the fast path makes it, to try a converter on."""
    item = _tuple_args(kind)
    if item is not None:
        sample = _sample(item[0])
        return _MISSING if sample is _MISSING else (sample,)
    if kind is Unit:
        return Unit(name="单位")
    if kind is Extra:
        return Extra({"备注": "内容"})
    if kind is str:
        return "内容"
    if attrs.has(kind):
        return object.__new__(kind)  # of the right type; a converter of tuples looks no further
    return _MISSING


def _write_plain(value: Any) -> Any:
    return value


@functools.cache
def _writer(kind: Any) -> _Write:
    """How the fast path writes a value of the model type ``kind`` as JSON data."""
    if kind in (str, bool, int, float):
        return _write_plain
    if kind is Unit:
        return lambda unit: unit.name
    if kind is Extra:
        return dict
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return lambda member: member.value
    item = _tuple_args(kind)
    if item is not None:
        if item[0] is Unit:
            return _write_unit_names
        write_item = _writer(item[0])
        return lambda values: [write_item(value) for value in values]
    inner = _optional_of(kind)
    if inner is not None:
        return _or_none(_writer(inner))
    if attrs.has(kind):
        return _object_writer(kind)
    return lambda value: _converter().unstructure(value, kind)  # a type only cattrs knows


def _object_writer(cls: type[Any]) -> _Write:
    """A writer of ``cls`` as a JSON object, generated from its attrs fields: the keys in
    :func:`_key_order`, those in :data:`_OMITTED` left out when they hold their default (as
    cattrs's ``omit_if_default`` decides)."""
    attrs.resolve_types(cls)  # field types written as strings (``from __future__ import annotations``)
    by_name = {field.name: field for field in attrs.fields(cls)}
    omitted = _OMITTED.get(cls, ())
    namespace: dict[str, Any] = {}
    body = ["    data = {}"]
    for name in _key_order(cls):
        field = by_name[name]
        write = _writer(field.type)
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
    return _made(_function(body, namespace), namespace, f"<kepu_plan JSON writer of {cls.__name__}>")


def _write_unit_names(units: tuple[Unit, ...]) -> list[str]:
    return [unit.name for unit in units]


def to_json(plan: Plan) -> str:
    """The JSON text of a plan: indented, CJK unescaped, keys in the model's order."""
    if not isinstance(plan, Plan):
        raise TypeError(f"to_json() needs a Plan, not {type(plan).__name__}")
    data = {"schema": SCHEMA, **_writer(Plan)(plan)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(Text(N_("key {key} appears twice in one object"), key=repr(key)))
            seen.add(key)
    return data


def _errors(error: BaseException, path: str) -> Iterator[tuple[str, str]]:
    """Walk cattrs's nested validation errors, yielding (JSON path, reason) for each leaf."""
    from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

    if isinstance(error, ForbiddenExtraKeysError):
        keys = ", ".join(repr(key) for key in sorted(error.extra_fields))
        yield path, Text(N_("unknown key(s) {keys}"), keys=keys)
        return
    if isinstance(error, ClassValidationError | IterableValidationError):
        for inner in error.exceptions:
            sub = path
            for note in getattr(inner, "__notes__", []):
                name = getattr(note, "name", None)
                index = getattr(note, "index", None)
                if isinstance(name, str):
                    sub = f"{path}.{name}"
                elif isinstance(index, int):
                    sub = f"{path}[{index}]"
            yield from _errors(inner, sub)
        return
    if isinstance(error, InvalidPlan):
        yield (error.within(path).path if error.path else path), error.reason
    elif isinstance(error, KeyError):
        yield path, Text(N_("required key is missing"))
    elif isinstance(error, _TypeMismatch):
        yield path, error.args[0] if error.args and isinstance(error.args[0], str) else str(error)
    else:
        yield path, Text(N_("invalid value ({error})"), error=str(error))


def from_json(text: str | bytes, *, name: str | None = None) -> Plan:
    """A plan from its JSON text.  Any problem raises :class:`~kepu_plan.errors.ReadError` with the
    JSON path (``$.actions[3].tasks[0].name``) of the first problem found."""
    try:
        return _from_json(text, name)
    except KepuPlanError:
        raise
    except Exception as error:  # the boundary: no json or cattrs error gets out bare
        if isinstance(error, TypeError) and not isinstance(text, str | bytes):
            raise  # the caller gave something that is not text
        raise unexpected(error, Text(N_("cannot read the plan")), Location(file=name)) from error


def _fast_from_json(text: str | bytes) -> Plan:
    """The plan of a JSON text on the fast path: objects parsed as tuples of (key, value) pairs
    (as fast as dicts, and a key given twice is seen), read by :func:`_reader`.  Any problem
    raises an exception, and :func:`_from_json` reads the text again, naming the problem."""
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    # Everything made here lives on in the plan, and makes no cycle: the garbage collector's
    # passes over the growing plan (a fifth of the time) would find nothing, so it waits.
    with collector_paused():
        data = json.loads(text, object_pairs_hook=tuple)
        if type(data) is not tuple or data[:1] != (("schema", SCHEMA),):
            raise _Slow
        plan: Plan = _reader(Plan)(data[1:])
    return plan


def _from_json(text: str | bytes, name: str | None) -> Plan:
    try:
        return _fast_from_json(text)
    except Exception:  # whatever went wrong, the exact path below reads it again and names it
        pass
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as error:
        if isinstance(text, str) and error.pos < 8:
            _refuse_foreign(text, name)
        where = Location(
            file=name, path=Text(N_("line {line}, column {column}"), line=error.lineno, column=error.colno)
        )
        raise ReadError(Text(N_("not valid JSON: {error}"), error=error.msg), where, Text(_JSON_HINT)) from None
    except UnicodeDecodeError as error:
        if isinstance(text, bytes):
            _refuse_foreign(text, name)
        raise ReadError(
            Text(N_("not UTF-8 text ({error})"), error=error.reason),
            Location(file=name),
            Text(N_("save the file as UTF-8 text")),
        ) from None
    except ValueError as error:
        raise ReadError(
            Text(
                N_("not valid JSON: {error}"),
                error=error.args[0] if error.args and isinstance(error.args[0], str) else str(error),
            ),
            Location(file=name),
            Text(_JSON_HINT),
        ) from None
    except RecursionError:
        raise ReadError(
            Text(N_("JSON nested too deeply")), Location(file=name), Text(N_("a plan is at most a few levels deep"))
        ) from None
    if not isinstance(data, dict):
        raise ReadError(
            Text(N_("expected an object, found {found}"), found=_type_name(data)),
            Location(file=name, path="$"),
            Text(N_("a plan is one JSON object starting {start}"), start='{"schema": "kepu-plan/1", …}'),
        )
    schema = data.pop("schema", None)
    if schema != SCHEMA:
        found = Text(N_("no schema key")) if schema is None else Text(N_("schema {schema}"), schema=repr(schema))
        raise ReadError(
            Text(
                N_('not a kepu_plan plan: expected "schema": {expected}, found {found}'),
                expected=repr(SCHEMA),
                found=found,
            ),
            Location(file=name, path="$"),
            Text(N_("write plans with kp.write_json or kepu-plan convert")),
        )
    from cattrs.errors import ClassValidationError, IterableValidationError

    try:
        plan: Plan = _converter().structure(data, Plan)
    except (ClassValidationError, IterableValidationError, InvalidPlan, _TypeMismatch, KeyError) as error:
        path, reason = next(_errors(error, "$"), ("$", str(error)))
        raise ReadError(reason, Location(file=name, path=path)) from None
    return plan


_JSON_HINT: Final = N_("the file is damaged or not JSON; a plan's JSON is written by kp.write_json")


def _refuse_foreign(text: str | bytes, name: str | None) -> None:
    """Raise the error for a file in another format (a DOCX, a PDF …) given as JSON."""
    from kepu_plan._sniff import foreign_error, sniff

    data = text.encode("utf-8", errors="replace") if isinstance(text, str) else text
    kind = sniff(data, name)
    if kind.known and kind.reads_as != "json":
        raise foreign_error(kind, "json", Location(file=name))


def read(
    stream: BinaryIO,
    *,
    name: str | None = None,
    diagnostics: list[Diagnostic] | None = None,
    strict: bool = False,
    limits: Limits | None = None,
    **options: Any,
) -> Plan:
    """Read a plan from a binary stream of JSON text (the format protocol).

    A JSON plan needs no interpretation, so ``diagnostics`` receives nothing and ``strict`` changes
    nothing (any problem raises).  A file larger than
    ``limits.max_bytes`` (or ``max_bytes=``) is refused before it is read whole."""
    limits = Limits.take(limits, options)
    if options:
        raise TypeError(f"the JSON reader takes no options, got {', '.join(options)}")
    data = read_bounded(stream, limits.max_bytes, Location(file=name))
    return from_json(data, name=name)


def write(plan: Plan, stream: BinaryIO, **options: Any) -> None:
    """Write a plan's JSON text to a binary stream as UTF-8 (the format protocol)."""
    if options:
        raise TypeError(f"the JSON writer takes no options, got {', '.join(options)}")
    stream.write(to_json(plan).encode("utf-8"))
