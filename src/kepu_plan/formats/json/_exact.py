"""The exact path of the JSON codec: one strict cattrs converter, slow, whose errors name the JSON
path of any problem (``$.actions[2].tasks[0].duties[3].units[1]``).  The fast reader
(:mod:`._reader`) hands it every text it cannot read, and it writes the types the fast writer does
not know."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import InvalidPlan, Location, ReadError
from kepu_plan.formats.json._fields import OMITTED, SCHEMA, key_order
from kepu_plan.model import Action, ActionKind, Column, Duty, Extra, Layout, LeadStyle, Plan, Task, Unit, Wording

if TYPE_CHECKING:  # cattrs is imported when a plan does not read on the fast path
    import cattrs

__all__ = ["converter", "exact_from_json"]


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
    for cls, names in OMITTED.items():
        overrides: dict[str, Any] = dict.fromkeys(names, omit)
        converter.register_unstructure_hook(
            cls, _in_field_order(cls, make_dict_unstructure_fn(cls, converter, **overrides))
        )
    for cls in (Duty, Task, Action, Column, Layout, Plan):
        converter.register_structure_hook(cls, make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True))
    return converter


def _in_field_order(cls: type[Any], unstructure: Any) -> Any:
    """Keys in the order of the class's fields (cattrs puts omittable fields last)."""
    order = key_order(cls)

    def ordered(value: Any) -> dict[str, Any]:
        data = unstructure(value)
        return {key: data[key] for key in order if key in data}

    return ordered


def _is_homogeneous_tuple(kind: Any) -> bool:
    args: tuple[Any, ...] = getattr(kind, "__args__", ())
    return getattr(kind, "__origin__", None) is tuple and len(args) == 2 and args[1] is Ellipsis


@functools.cache
def converter() -> cattrs.Converter:
    """The strict cattrs converter: the exact path, which names the place of any problem."""
    return _make_converter()


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


def exact_from_json(text: str | bytes, name: str | None) -> Plan:
    """The plan of a JSON text read by the strict cattrs converter, slowly: any problem raises
    :class:`~kepu_plan.errors.ReadError` naming the JSON path of the first one."""
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
        plan: Plan = converter().structure(data, Plan)
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
