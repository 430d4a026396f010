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

from typing import Any, BinaryIO, Final

from kepu_plan._gc import collector_paused
from kepu_plan._i18n import N_, Text
from kepu_plan._limits import DEFAULT, Limits, read_bounded, unexpected
from kepu_plan.diagnostics import Diagnostic
from kepu_plan.errors import KepuPlanError, Location
from kepu_plan.formats import SUFFIXES as _SUFFIXES
from kepu_plan.formats.json._exact import exact_from_json
from kepu_plan.formats.json._fields import SCHEMA
from kepu_plan.formats.json._reader import fast_from_json
from kepu_plan.formats.json._writer import dumps, plan_writer
from kepu_plan.model import Plan

__all__ = ["NAME", "SCHEMA", "SUFFIXES", "from_json", "read", "to_json", "write"]

NAME: Final = "json"
SUFFIXES: Final = _SUFFIXES[NAME]


def to_json(plan: Plan) -> str:
    """The JSON text of a plan: indented, CJK unescaped, keys in the model's order."""
    if not isinstance(plan, Plan):
        raise TypeError(f"to_json() needs a Plan, not {type(plan).__name__}")
    with collector_paused():  # tens of thousands of dicts and lists, no cycles: no collection passes
        data = {"schema": SCHEMA, **plan_writer(Plan)(plan)}  # the actions' data made as they are written
        return dumps(data) + "\n"  # as json.dumps(data, ensure_ascii=False, indent=2) writes it


def from_json(text: str | bytes, *, name: str | None = None) -> Plan:
    """A plan from its JSON text.  Any problem raises :class:`~kepu_plan.errors.ReadError` with the
    JSON path (``$.actions[3].tasks[0].name``) of the first problem found."""
    try:
        return fast_from_json(text)
    except Exception:  # whatever went wrong, the exact path reads it again and names it
        pass
    try:
        return exact_from_json(text, name)
    except KepuPlanError:
        raise
    except Exception as error:  # the boundary: no json or cattrs error gets out bare
        if isinstance(error, TypeError) and not isinstance(text, str | bytes):
            raise  # the caller gave something that is not text
        raise unexpected(error, Text(N_("cannot read the plan")), Location(file=name)) from error


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
    nothing (any problem raises).  A file larger than ``limits.max_bytes`` is refused before it is
    read whole."""
    if options:
        raise TypeError(f"the JSON reader takes no options, got {', '.join(options)}")
    data = read_bounded(stream, (limits or DEFAULT).max_bytes, Location(file=name))
    return from_json(data, name=name)


def write(plan: Plan, stream: BinaryIO, **options: Any) -> None:
    """Write a plan's JSON text to a binary stream as UTF-8 (the format protocol)."""
    if options:
        raise TypeError(f"the JSON writer takes no options, got {', '.join(options)}")
    stream.write(to_json(plan).encode("utf-8"))
