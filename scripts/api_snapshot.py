"""The public API of ``kepu_plan`` as text, to check in and guard against accidental change.

    python scripts/api_snapshot.py            # print the snapshot
    python scripts/api_snapshot.py --write    # rewrite tests/data/api-snapshot.txt

Every name in ``kepu_plan.__all__`` is listed with what a caller relies on: a function's signature;
a class's bases, public methods and properties (with signatures), an attrs class's fields (type,
default, keyword-only, part of equality or not), an enum's members; a module's own public names.
``tests/test_api.py`` compares the live package with the checked-in snapshot, so that a change to the
API is made on purpose: change the code, rerun this script with ``--write``, and say so in
CHANGELOG.md (docs/stability.md says what may change when).
"""

from __future__ import annotations

import contextlib
import enum
import inspect
import sys
import types
from pathlib import Path
from typing import Any

import attrs

SNAPSHOT = Path(__file__).resolve().parents[1] / "tests" / "data" / "api-snapshot.txt"


def _signature(obj: Any) -> str:
    try:
        return str(inspect.signature(obj))
    except (TypeError, ValueError):
        return "(…)"


def _default(field: attrs.Attribute[Any]) -> str:
    default = field.default
    if default is attrs.NOTHING:
        return "required"
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        factory = default.factory  # type: ignore[attr-defined]
        return f"factory {getattr(factory, '__qualname__', repr(factory))}"
    return f"= {default!r}"


def _type(annotation: Any) -> str:
    """A field's type as written: a resolved type formatted as Python shows it, or its source text."""
    return annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)


def _class_lines(cls: type[Any]) -> list[str]:
    bases = ", ".join(
        f"{base.__module__}.{base.__qualname__}" if base.__module__ != "builtins" else base.__qualname__
        for base in cls.__bases__
    )
    lines = [f"class ({bases})"]
    if issubclass(cls, enum.Enum):
        lines.extend(f"  member {member.name} = {member.value!r}" for member in cls)
    if attrs.has(cls):
        with contextlib.suppress(NameError):  # a type named only for type checkers: shown as written
            attrs.resolve_types(cls)
        for field in attrs.fields(cls):
            if field.name.startswith("_"):
                continue  # private state (a cache, an index), not part of the API
            flags = [] if field.eq else ["eq=False"]
            if field.kw_only:
                flags.append("kw_only")
            shown = f" [{', '.join(flags)}]" if flags else ""
            lines.append(f"  field {field.name}: {_type(field.type)} {_default(field)}{shown}")
    for name, member in sorted(vars(cls).items()):
        if name.startswith("_") and name not in ("__init__", "__call__"):
            continue
        if name == "__init__" and (attrs.has(cls) or getattr(cls, "_is_protocol", False)):
            continue  # the fields say it; a Protocol is not made
        if isinstance(member, property):
            lines.append(f"  property {name}")
        elif isinstance(member, staticmethod | classmethod):
            lines.append(f"  {type(member).__name__} {name}{_signature(member.__func__)}")
        elif inspect.isfunction(member):
            lines.append(f"  method {name}{_signature(member)}")
    return lines


def _entry(name: str, obj: Any) -> list[str]:
    if isinstance(obj, types.ModuleType):
        lines = [f"{name}: module"]
        for inner in getattr(obj, "__all__", ()):
            lines.extend("  " + line for line in _entry(inner, getattr(obj, inner)))
        return lines
    if inspect.isclass(obj):
        return [f"{name}: " + line if i == 0 else line for i, line in enumerate(_class_lines(obj))]
    if callable(obj):
        return [f"{name}: function{_signature(obj)}"]
    return [f"{name}: {type(obj).__name__} = {obj!r}"]


def snapshot() -> str:
    """The API of the ``kepu_plan`` package importable now, one line per item."""
    import kepu_plan

    lines = ["# The public API of kepu_plan: scripts/api_snapshot.py writes it, tests/test_api.py checks it."]
    for name in sorted(kepu_plan.__all__):
        if name == "__version__":
            continue  # changes with every release, by design
        lines.extend(_entry(name, getattr(kepu_plan, name)))
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = snapshot()
    if "--write" in argv:
        SNAPSHOT.write_text(text, encoding="utf-8")
        print(f"wrote {SNAPSHOT}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
