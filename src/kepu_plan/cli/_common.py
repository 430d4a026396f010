"""What the subcommands share: reading and writing files or ``-``, aligned CJK tables, JSON output."""

from __future__ import annotations

import io
import json
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kepu_plan import examples
from kepu_plan._io import read, write
from kepu_plan.formats import FORMATS
from kepu_plan.model import Plan

__all__ = [
    "READ_OPTIONS",
    "add_format_option",
    "display_width",
    "load_plan",
    "print_json",
    "print_table",
    "save_plan",
]

#: Options every command passes to ``kp.read`` for files it reads, set once from the top-level
#: flags (``kepu-plan --convert …``).
READ_OPTIONS: dict[str, Any] = {}


def add_format_option(parser: Any) -> None:
    parser.add_argument("--format", choices=tuple(FORMATS), help="the file format (default: from the suffix)")


def load_plan(path: str | None, format: str | None = None) -> Plan:
    """The plan in ``path``; ``-`` reads standard input (JSON unless ``--format``); ``None`` is the
    embedded Shenmu plan."""
    if path is None:
        return examples.shenmu()
    if path == "-":
        data = sys.stdin.buffer.read()
        return read(io.BytesIO(data), format=format or "json")
    return read(Path(path), format=format, **READ_OPTIONS)


def save_plan(plan: Plan, path: str, format: str | None = None, **options: Any) -> None:
    """Write ``plan`` to ``path``; ``-`` writes to standard output (JSON unless ``--format``)."""
    if path == "-":
        buffer = io.BytesIO()
        write(plan, buffer, format=format or "json", **options)
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.flush()
        return
    write(plan, Path(path), format=format, **options)


def display_width(text: str) -> int:
    """Columns a text takes in a terminal: wide (CJK) characters count double.

    >>> display_width("abc"), display_width("神木市"), display_width("A神")
    (3, 6, 3)
    """
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, file: Any = None) -> None:
    """Print rows as an aligned table (line breaks inside cells become spaces)."""
    out = file if file is not None else sys.stdout
    cells = [[str(value).replace("\n", " ") for value in row] for row in rows]
    widths = [display_width(header) for header in headers]
    for row in cells:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], display_width(value))
    print("  ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip(), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in cells:
        print("  ".join(_pad(v, w) for v, w in zip(row, widths, strict=True)).rstrip(), file=out)


def print_json(data: object) -> None:
    """Print data as readable JSON (CJK unescaped)."""
    print(json.dumps(data, ensure_ascii=False, indent=2))
