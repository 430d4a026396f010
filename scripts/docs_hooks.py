"""MkDocs hooks for the kepu_plan docs (loaded by mkdocs.yml ``hooks:``).

``<!-- kepu-plan-help -->`` and ``<!-- kepu-plan-help COMMAND -->`` on a line of their own are
replaced by the ``--help`` text of ``kepu-plan`` or of one subcommand, taken from the installed
parser when the site is built, so the CLI reference (docs/cli.md) cannot drift from the program.
A marker naming a command that does not exist fails the build.  The help text is the Chinese one,
whatever the locale of the machine building the site (``LC_MESSAGES=zh_CN.UTF-8``, ``LC_ALL`` unset
while the parser runs).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^<!-- kepu-plan-help(?: (?P<command>[a-z-]+))? -->$", re.MULTILINE)
#: The terminal width the help text is wrapped to.
WIDTH = "100"
#: The environment the help text is made in: wrapped to ``WIDTH``, in Chinese (``None``: unset).
ENVIRONMENT: dict[str, str | None] = {"COLUMNS": WIDTH, "LC_ALL": None, "LC_MESSAGES": "zh_CN.UTF-8"}


def _set(values: dict[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@contextlib.contextmanager
def _environment(values: dict[str, str | None]) -> Iterator[None]:
    """``os.environ`` with ``values`` set (or unset) for the block, restored after it."""
    saved = {name: os.environ.get(name) for name in values}
    try:
        _set(values)
        yield
    finally:
        _set(saved)


def cli_help(command: str | None) -> str:
    """The ``--help`` output of ``kepu-plan`` (or of ``kepu-plan COMMAND``); empty if no such command."""
    if str(ROOT / "src") not in sys.path:
        sys.path.insert(0, str(ROOT / "src"))
    from kepu_plan.cli import build_parser

    argv = [command, "--help"] if command else ["--help"]
    out = io.StringIO()
    try:
        with _environment(ENVIRONMENT), contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            build_parser().parse_args(argv)
    except SystemExit:
        pass
    return out.getvalue()


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    def replace(match: re.Match[str]) -> str:
        command = match["command"]
        text = cli_help(command)
        if not text.strip():
            raise PluginError(f"{page.file.src_path}: kepu-plan has no command {command!r}")
        shown = f"kepu-plan {command} --help" if command else "kepu-plan --help"
        return f"```text\n$ {shown}\n{text.rstrip()}\n```"

    return MARKER.sub(replace, markdown)
