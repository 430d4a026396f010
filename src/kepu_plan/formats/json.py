"""The JSON form of a plan, through one strict cattrs converter.

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

import json
from collections.abc import Iterator
from typing import Any, BinaryIO, Final

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import make_converter

from kepu_plan._limits import Limits, read_bounded, unexpected
from kepu_plan.diagnostics import Diagnostic
from kepu_plan.errors import InvalidPlan, KepuPlanError, Location, ReadError
from kepu_plan.model import Action, ActionKind, Column, Duty, Extra, Layout, LeadStyle, Plan, Task, Unit, Wording

__all__ = ["NAME", "SCHEMA", "SUFFIXES", "from_json", "read", "to_json", "write"]

NAME: Final = "json"
SUFFIXES: Final = (".json",)
#: The version key's value; a reader refuses any other.
SCHEMA: Final = "kepu-plan/1"


class _TypeMismatch(TypeError):
    """A JSON value of the wrong type (never coerced)."""


def _type_name(value: object) -> str:
    return {
        "str": "a string",
        "int": "a number",
        "float": "a number",
        "bool": "true or false",
        "NoneType": "null",
        "list": "an array",
        "dict": "an object",
    }.get(type(value).__name__, type(value).__name__)


def _strict_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise _TypeMismatch(f"expected a string, found {_type_name(value)}")
    return value


def _make_converter() -> cattrs.Converter:
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
            raise _TypeMismatch(f"expected 行动 or 工程, found {text!r}") from None

    def structure_lead_style(value: object, _: object) -> LeadStyle:
        text = _strict_str(value, None)
        try:
            return LeadStyle(text)
        except ValueError:
            styles = ", ".join(style.value for style in LeadStyle)
            raise _TypeMismatch(f"expected one of {styles}, found {text!r}") from None

    def structure_bool(value: object, _: object) -> bool:
        if not isinstance(value, bool):
            raise _TypeMismatch(f"expected true or false, found {_type_name(value)}")
        return value

    def structure_extra(value: object, _: object) -> Extra:
        if not isinstance(value, dict):
            raise _TypeMismatch(f"expected an object, found {_type_name(value)}")
        for key, item in value.items():
            if not isinstance(item, str):
                raise _TypeMismatch(f"expected a string for column {key!r}, found {_type_name(item)}")
        return Extra(value)

    def structure_optional_str(value: object, _: object) -> str | None:
        return None if value is None else _strict_str(value, None)

    def structure_wording(value: object, _: object) -> Wording | None:
        # A cell's wording: {"units": ["", "、", "等部门"], …}, each the text around the names.
        if value is None:
            return None
        if not isinstance(value, dict):
            raise _TypeMismatch(f"expected an object, found {_type_name(value)}")
        unknown = set(value) - {"units", "leads", "partners"}
        if unknown:
            raise _TypeMismatch(f"unknown key(s) {', '.join(repr(key) for key in sorted(unknown))}")
        for key, pieces in value.items():
            if not isinstance(pieces, list) or not all(isinstance(piece, str) for piece in pieces):
                raise _TypeMismatch(f"expected an array of strings for {key!r}")
        return Wording(**value)

    def structure_seq(value: object, kind: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise _TypeMismatch(f"expected an array, found {_type_name(value)}")
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
    converter.register_unstructure_hook(
        Wording, lambda wording: {key: list(value) for key, value in attrs.asdict(wording).items() if value is not None}
    )
    converter.register_structure_hook_func(_is_homogeneous_tuple, structure_seq)

    omit = override(omit_if_default=True)
    # Inner classes first: a class's generated hook binds the hooks of its fields when made.
    omitted: dict[type[Any], tuple[str, ...]] = {
        Column: (),
        Layout: ("sections", "action_numbering", "task_numbering", "merged", "leads"),
        Duty: ("leads", "deadline", "extra", "wording"),
        Task: (),
        Action: ("leads", "wording"),
        Plan: ("label", "notes", "layout"),
    }
    for cls, names in omitted.items():
        overrides: dict[str, Any] = dict.fromkeys(names, omit)
        converter.register_unstructure_hook(
            cls, _in_field_order(cls, make_dict_unstructure_fn(cls, converter, **overrides))
        )
    for cls in (Duty, Task, Action, Column, Layout, Plan):
        converter.register_structure_hook(cls, make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True))
    return converter


def _in_field_order(cls: type[Any], unstructure: Any) -> Any:
    """Keys in the order of the class's fields (cattrs puts omittable fields last)."""
    order = [field.name for field in attrs.fields(cls)]
    if cls is Plan:  # the label stands above the title in the table, so it comes first here too
        order.remove("label")
        order.insert(0, "label")

    def ordered(value: Any) -> dict[str, Any]:
        data = unstructure(value)
        return {key: data[key] for key in order if key in data}

    return ordered


def _is_homogeneous_tuple(kind: Any) -> bool:
    args: tuple[Any, ...] = getattr(kind, "__args__", ())
    return getattr(kind, "__origin__", None) is tuple and len(args) == 2 and args[1] is Ellipsis


_CONVERTER: Final = _make_converter()


def to_json(plan: Plan) -> str:
    """The JSON text of a plan: indented, CJK unescaped, keys in the model's order."""
    if not isinstance(plan, Plan):
        raise TypeError(f"to_json() needs a Plan, not {type(plan).__name__}")
    data = {"schema": SCHEMA, **_CONVERTER.unstructure(plan, Plan)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise ValueError(f"key {key!r} appears twice in one object")
        data[key] = value
    return data


def _errors(error: BaseException, path: str) -> Iterator[tuple[str, str]]:
    """Walk cattrs's nested validation errors, yielding (JSON path, reason) for each leaf."""
    if isinstance(error, ForbiddenExtraKeysError):
        keys = ", ".join(repr(key) for key in sorted(error.extra_fields))
        yield path, f"unknown key(s) {keys}"
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
        yield path, "required key is missing"
    elif isinstance(error, _TypeMismatch):
        yield path, str(error)
    else:
        yield path, f"invalid value ({error})"


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
        raise unexpected(error, "cannot read the plan", Location(file=name)) from error


def _from_json(text: str | bytes, name: str | None) -> Plan:
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as error:
        if isinstance(text, str) and error.pos < 8:
            _refuse_foreign(text, name)
        where = Location(file=name, path=f"line {error.lineno}, column {error.colno}")
        raise ReadError(f"not valid JSON: {error.msg}", where, _JSON_HINT) from None
    except UnicodeDecodeError as error:
        if isinstance(text, bytes):
            _refuse_foreign(text, name)
        raise ReadError(
            f"not UTF-8 text ({error.reason})", Location(file=name), "save the file as UTF-8 text"
        ) from None
    except ValueError as error:
        raise ReadError(f"not valid JSON: {error}", Location(file=name), _JSON_HINT) from None
    except RecursionError:
        raise ReadError("JSON nested too deeply", Location(file=name), "a plan is at most a few levels deep") from None
    if not isinstance(data, dict):
        raise ReadError(
            f"expected an object, found {_type_name(data)}",
            Location(file=name, path="$"),
            'a plan is one JSON object starting {"schema": "kepu-plan/1", …}',
        )
    schema = data.pop("schema", None)
    if schema != SCHEMA:
        found = "no schema key" if schema is None else f"schema {schema!r}"
        raise ReadError(
            f'not a kepu_plan plan: expected "schema": {SCHEMA!r}, found {found}',
            Location(file=name, path="$"),
            "write plans with kp.write_json or kepu-plan convert",
        )
    try:
        plan: Plan = _CONVERTER.structure(data, Plan)
    except (ClassValidationError, IterableValidationError, InvalidPlan, _TypeMismatch, KeyError) as error:
        path, reason = next(_errors(error, "$"), ("$", str(error)))
        raise ReadError(reason, Location(file=name, path=path)) from None
    return plan


_JSON_HINT: Final = "the file is damaged or not JSON; a plan's JSON is written by kp.write_json"


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
