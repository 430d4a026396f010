"""MkDocs hooks for the kepu_plan docs (loaded by mkdocs.yml ``hooks:``).

``<!-- kepu-plan-help -->`` and ``<!-- kepu-plan-help COMMAND -->`` on a line of their own are
replaced by the ``--help`` text of ``kepu-plan`` or of one subcommand, taken from the installed
parser when the site is built, so the CLI reference (docs/cli.md) cannot drift from the program.
A marker naming a command that does not exist fails the build.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^<!-- kepu-plan-help(?: (?P<command>[a-z-]+))? -->$", re.MULTILINE)
#: The terminal width the help text is wrapped to.
WIDTH = "100"


def cli_help(command: str | None) -> str:
    """The ``--help`` output of ``kepu-plan`` (or of ``kepu-plan COMMAND``); empty if no such command."""
    if str(ROOT / "src") not in sys.path:
        sys.path.insert(0, str(ROOT / "src"))
    from kepu_plan.cli import build_parser

    argv = [command, "--help"] if command else ["--help"]
    out = io.StringIO()
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDTH
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            build_parser().parse_args(argv)
    except SystemExit:
        pass
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved
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
