"""What the subcommands share: reading options, files or ``-``, tables that fit the terminal, JSON output.

Every message goes through :func:`kepu_plan._i18n._` (Chinese by default, English under an ``en``
locale).  Heavy modules (the readers, rich) are imported where they are used, so that
``kepu-plan --help`` stays quick.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

from kepu_plan._atomic import make_folder
from kepu_plan._grammar.width import display_width
from kepu_plan._i18n import _

if TYPE_CHECKING:
    from kepu_plan.model import Plan

__all__ = [
    "FORMAT_NAMES",
    "INPUT_FORMAT_NAMES",
    "OUTPUT",
    "READ_OPTIONS",
    "UsageError",
    "add_format_option",
    "add_read_options",
    "display_width",
    "load_plan",
    "make_folder",
    "one_line",
    "parse_columns",
    "print_json",
    "print_table",
    "progress",
    "read_options",
    "save_plan",
    "status",
    "terminal_width",
]

#: The formats the command line reads and writes (``kepu_plan.formats.FORMATS`` without importing it).
FORMAT_NAMES: Final = ("json", "docx", "xlsx")
#: The formats it reads: those, and the read-only ones (``kepu_plan.formats.READ_ONLY``).
INPUT_FORMAT_NAMES: Final = (*FORMAT_NAMES, "pdf")

#: Options every command passes to ``kp.read`` for files it reads, set once per run from the reading
#: options (``--columns``, ``--sheet``, ``--convert``, and the top-level ``kepu-plan --convert``).
READ_OPTIONS: dict[str, Any] = {}

#: How tables are printed, set once per run: ``wide`` prints every column whole (``--wide``).
OUTPUT: dict[str, Any] = {"wide": False}

T = TypeVar("T")


class UsageError(Exception):
    """The command line was given something it cannot use: printed as one line, exit code 2."""


def add_format_option(parser: Any) -> None:
    """``--format``: the input's format (kept for commands that read no table through the reading options)."""
    parser.add_argument(
        "--format", choices=INPUT_FORMAT_NAMES, help=_("the input format (default: from the file's content and suffix)")
    )


def add_read_options(parser: Any) -> None:
    """The reading options of every command that reads a table: ``--format``, ``--columns``, ``--sheet``,
    ``--convert``.  :func:`read_options` turns them into ``kp.read`` keywords."""
    group = parser.add_argument_group(_("reading options"))
    add_format_option(group)
    group.add_argument(
        "--columns",
        metavar=_("HEADER=ROLE,…"),
        help=_(
            "name columns the reader does not recognise, by header text or column number (from 1), "
            "comma-separated; roles: action task content units leads partners deadline number extra"
        ),
    )
    group.add_argument("--sheet", help=_("the XLSX worksheet to read (default: the first that holds a table)"))
    group.add_argument(
        "--convert",
        action="store_true",
        default=argparse.SUPPRESS,  # keeps the value of ``kepu-plan --convert CMD``
        help=_("convert old or foreign files (.doc .wps .xls .et .rtf …) with LibreOffice before reading"),
    )
    group.add_argument(
        "--strict",
        action="store_true",
        help=_("refuse the table at the first row that cannot be read (by default such a row is a warning)"),
    )


#: A column number as the command line takes it: ASCII digits, at most four.
_COLUMN_NUMBER: Final = re.compile(r"[0-9]{1,4}")


def parse_columns(text: str | None) -> dict[str | int, str] | None:
    """``工作举措=content,3=units`` as a ``columns=`` mapping; a :class:`UsageError` for anything else.

    >>> parse_columns("工作举措=content，3=units")
    {'工作举措': 'content', 3: 'units'}
    """
    if not text:
        return None
    from kepu_plan.model import ROLES

    mapping: dict[str | int, str] = {}
    for item in text.replace("，", ",").split(","):
        key, sep, role = (part.strip() for part in item.partition("="))
        if not sep or not key or not role:
            raise UsageError(
                _("--columns takes HEADER=ROLE pairs, such as 工作举措=content, not {item!r}").format(item=item)
            )
        if role not in ROLES:
            raise UsageError(
                _("--columns: unknown role {role!r}; the roles are {roles}").format(role=role, roles=" ".join(ROLES))
            )
        if key.isdigit() or key.isdecimal() or key.isnumeric():
            if not _COLUMN_NUMBER.fullmatch(key) or int(key) < 1:
                raise UsageError(_("--columns: {key!r} is not a column number (1 to 9999)").format(key=key[:20]))
            mapping[int(key)] = role
        else:
            mapping[key] = role
    return mapping


def read_options(args: argparse.Namespace) -> dict[str, Any]:
    """The ``kp.read`` keywords the parsed reading options ask for."""
    options: dict[str, Any] = {}
    if getattr(args, "convert", False):
        options["convert"] = True
    columns = parse_columns(getattr(args, "columns", None))
    if columns:
        options["columns"] = columns
    if getattr(args, "sheet", None):
        options["sheet"] = args.sheet
    if getattr(args, "strict", False):
        options["strict"] = True
    return options


def _refused_options(format: str | None, options: dict[str, Any]) -> str | None:
    """The reading option a format does not take, if the user gave one."""
    if format == "json":
        for option in ("columns", "sheet"):
            if option in options:
                return option
    if format in ("docx", "pdf") and "sheet" in options:
        return "sheet"
    return None


def _check_options(path: str, format: str | None, options: dict[str, Any]) -> None:
    from kepu_plan import formats
    from kepu_plan.errors import UnsupportedFormat

    try:
        name = format if format is not None else formats.format_for(Path(path))
    except UnsupportedFormat:
        return
    refused = _refused_options(name, options)
    if refused is not None:
        raise UsageError(
            _("--{option} does not apply to {format} files ({path})").format(
                option=refused, format=name.upper(), path=path
            )
        )


def load_plan(path: str | None, format: str | None = None, *, diagnostics: list[Any] | None = None) -> Plan:
    """The plan in ``path``; ``-`` reads standard input (JSON unless ``--format``); ``None`` is the
    embedded Shenmu plan.  The reading options of the run (:data:`READ_OPTIONS`) apply;
    ``diagnostics`` receives the reader's interpretations."""
    if path is None:
        from kepu_plan import examples

        return examples.shenmu()
    from kepu_plan import read

    options = dict(READ_OPTIONS)
    extra: dict[str, Any] = {} if diagnostics is None else {"diagnostics": diagnostics}
    if path == "-":
        format = format or "json"
        _check_options("-", format, options)
        options.pop("convert", None)
        data = sys.stdin.buffer.read()
        return _reading(lambda: read(io.BytesIO(data), format=format, **options, **extra), options)
    _check_options(path, format, options)
    return _reading(lambda: read(Path(path), format=format, **options, **extra), options)


def _reading(call: Callable[[], T], options: dict[str, Any]) -> T:
    """``call()``; an option the file's reader turned down is a usage error, not a traceback."""
    try:
        return call()
    except TypeError as error:
        given = [name for name in options if name != "convert"]
        if not given:
            raise
        refused = ", ".join(f"--{name}" for name in given)
        raise UsageError(_("{options} does not apply to this file's format").format(options=refused)) from error


def save_plan(plan: Plan, path: str, format: str | None = None, **options: Any) -> None:
    """Write ``plan`` to ``path``; ``-`` writes to standard output (JSON unless ``--format``)."""
    from kepu_plan import write

    if path == "-":
        buffer = io.BytesIO()
        write(plan, buffer, format=format or "json", **options)
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.flush()
        return
    write(plan, Path(path), format=format, **options)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def terminal_width(file: Any) -> int | None:
    """The width to fit tables to: the terminal's (``COLUMNS`` overrides it) when ``file`` is one; ``None``
    (every column whole) for a file or a pipe, and under ``--wide``."""
    if OUTPUT["wide"]:
        return None
    isatty = getattr(file, "isatty", None)
    if isatty is not None and isatty():
        return max(shutil.get_terminal_size().columns, 20)
    return None


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, file: Any = None) -> None:
    """Print rows as a table aligned by display width (line breaks inside cells become spaces).

    On a terminal narrower than the table, long columns wrap to fit (rich); ``--wide``, a file or a
    pipe gets every column whole, one row a line.
    """
    out = file if file is not None else sys.stdout
    cells = [[str(value).replace("\n", " ") for value in row] for row in rows]
    widths = [display_width(header) for header in headers]
    for row in cells:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], display_width(value))
    width = terminal_width(out)
    if width is not None and sum(widths) + 2 * (len(widths) - 1) > width:
        _print_fitted(headers, cells, out, width)
        return
    print("  ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip(), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in cells:
        print("  ".join(_pad(v, w) for v, w in zip(row, widths, strict=True)).rstrip(), file=out)


def _print_fitted(headers: Sequence[str], cells: list[list[str]], out: Any, width: int) -> None:
    """The table wrapped to ``width`` columns by rich (which measures CJK by display width)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text as RichText

    natural = [
        max([display_width(header), *(display_width(row[i]) for row in cells)]) for i, header in enumerate(headers)
    ]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1), expand=False)
    for header, column_width in zip(headers, fitted_widths(natural, width - 3 * (len(headers) - 1)), strict=True):
        table.add_column(RichText(header), overflow="fold", width=column_width)
    for row in cells:
        table.add_row(*(RichText(value) for value in row))
    console = Console(file=out, width=width, color_system=None, highlight=False, emoji=False, legacy_windows=False)
    console.print(table)


#: A column at most this wide (in terminal cells) is never wrapped; a wrapped one keeps at least this.
_SHORT: Final = 10


def fitted_widths(natural: Sequence[int], room: int) -> list[int]:
    """Column widths that fit ``room`` cells: short columns whole, the long ones sharing the rest in
    proportion to their length (a long content column gets most of it).

    >>> fitted_widths([4, 24, 30, 200], 100)
    [4, 14, 15, 65]
    """
    widths = [min(width, _SHORT) for width in natural]
    long = [i for i, width in enumerate(natural) if width > _SHORT]
    spare = room - sum(widths)
    total = sum(natural[i] - _SHORT for i in long)
    for i in long:
        if spare > 0 and total > 0:
            widths[i] += min(natural[i] - _SHORT, spare * (natural[i] - _SHORT) // total)
    return widths


def print_json(data: object) -> None:
    """Print data as readable JSON (CJK unescaped)."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


def progress(items: Sequence[T], description: str) -> Iterator[T]:
    """``items`` one by one, with a progress bar on standard error when it is a terminal and there are several."""
    if len(items) < 2 or not sys.stderr.isatty():
        yield from items
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=_stderr_console(), transient=True) as bar:
        yield from bar.track(items, description=description)


@contextlib.contextmanager
def status(message: str) -> Iterator[None]:
    """A spinner with ``message`` on standard error while a long step runs (only on a terminal)."""
    if not sys.stderr.isatty():
        yield
        return
    with _stderr_console().status(message):
        yield


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(file=sys.stderr, highlight=False, emoji=False)


def one_line(text: str) -> str:
    """``text`` on one line, printable on any terminal: line breaks as ``⏎``, unprintable characters escaped.

    >>> one_line("第一行\\n第二行\\ud800")
    '第一行⏎第二行\\\\ud800'
    """
    text = text.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎")
    return "".join(
        char if char.isprintable() and not 0xD800 <= ord(char) <= 0xDFFF else ascii(char)[1:-1] for char in text
    )
