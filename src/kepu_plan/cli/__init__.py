"""The ``kepu-plan`` command line.

Each subcommand is one module in this package with a ``register(subparsers)`` function that adds
its parser and sets ``run=`` to a function ``(args) -> int``.  Conventions shared by all: files by
path and ``-`` for standard input/output where it makes sense; the reading options (``--format``
for the input's format, ``--columns``, ``--sheet``, ``--convert``) on every command that reads a
table, ``--to`` for an output format; ``--json`` for machine output; exit 0 for success, 1 for a
finding (check warnings, diff differences, units missing from a directory), 2 for a usage error or
anything the input or the environment causes, with one line on stderr and no traceback
(``--debug`` shows it).  :func:`main` is that one boundary.

Messages are Chinese, or English under an ``en`` locale (:mod:`kepu_plan._i18n`).  ``--help``
imports only this package's own modules: the readers and writers load when a command runs.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from typing import Any, Final, NoReturn

from kepu_plan import __version__
from kepu_plan._i18n import N_, _
from kepu_plan.cli._common import OUTPUT, READ_OPTIONS, UsageError, one_line, read_options

__all__ = ["build_parser", "main"]

#: The subcommand modules, in the order ``--help`` lists them.
COMMANDS: Final = (
    "demo", "show", "convert", "check", "targets", "units", "split", "adapt", "diff", "forms", "collect", "report",
)  # fmt: skip

#: argparse's own messages, translated through the catalogs like ours.
ARGPARSE_MESSAGES: Final = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
)


#: What an OSError without a file name says when it is an output stream that failed.
_OUTPUT_ERRNOS: Final = frozenset(
    code for code in (errno.ENOSPC, errno.EPIPE, errno.EIO, getattr(errno, "EDQUOT", None), errno.EFBIG) if code
)


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    return _(singular if n == 1 else plural)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(_("{prog}: error: {message}").format(prog=self.prog, message=message), file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``kepu-plan`` and all its subcommands (their modules are light: see the module doc)."""
    argparse._ = _  # type: ignore[attr-defined]  # argparse's words in the catalogs' language
    argparse.ngettext = _argparse_ngettext  # type: ignore[attr-defined]
    parser = _Parser(
        prog="kepu-plan",
        description=_(
            "Read, adapt, check and track science-literacy target and task allocation tables (DOCX, XLSX, JSON)."
        ),
        epilog=_(
            "examples: kepu-plan demo out/   |   kepu-plan show 分工表.docx   |   kepu-plan convert a.docx b.xlsx"
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"kepu-plan {__version__}",
        help=_("show program's version number and exit"),
    )
    parser.add_argument("--debug", action="store_true", help=_("show the full traceback on errors"))
    parser.add_argument(
        "--convert",
        action="store_true",
        help=_("convert old or foreign files (.doc .wps .xls .et .rtf …) with LibreOffice before reading"),
    )
    parser.add_argument("--wide", action="store_true", help=_("print tables with every column whole, however wide"))
    subparsers = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"kepu_plan.cli.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"kepu_plan.cli.{name}":
                continue  # a command not built yet
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``kepu-plan`` with ``argv`` (default: the process's arguments); return the exit code.

    This is the one place where failures become messages: whatever a command raises is printed as
    one line on stderr with exit code 2 (``--debug`` adds the traceback).
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else 2
    if args.command is None:
        parser.print_help()
        return 2
    command = f"kepu-plan {args.command}"
    try:
        READ_OPTIONS.clear()
        READ_OPTIONS.update(read_options(args))
        OUTPUT["wide"] = args.wide
        code: int = args.run(args)
        sys.stdout.flush()
    except KeyboardInterrupt:
        print(_("{command}: interrupted").format(command=command), file=sys.stderr)
        return 130
    except BrokenPipeError:
        _silence_stdout()  # the reader of a pipe (`| head`) has had enough: not an error
        return 0
    except BaseException as error:
        if isinstance(error, SystemExit | GeneratorExit):
            raise
        if args.debug:
            traceback.print_exc()
        stdout_failed = _failed_stdout(error)
        if stdout_failed:
            _silence_stdout()
        _say(command, error, stdout_failed=stdout_failed)
        return 2
    return code


def _say(command: str, error: BaseException, *, stdout_failed: bool = False) -> None:
    """Print the one line that says what went wrong."""
    text = message(error)
    if stdout_failed:
        text = f"{_('standard output')}: {text}"
    try:
        print(_("{command}: error: {message}").format(command=command, message=one_line(text)), file=sys.stderr)
        sys.stderr.flush()
    except OSError:
        pass  # standard error itself cannot be written: nothing more to say


def message(error: BaseException) -> str:
    """What the user is told about ``error``: its own words for kepu_plan's errors and usage errors,
    the operating system's for a file or stream, and a short account of anything else."""
    from kepu_plan.errors import KepuPlanError, ReadError

    if isinstance(error, ReadError):
        from kepu_plan.cli._hints import for_cli

        return str(for_cli(error))
    if isinstance(error, KepuPlanError | UsageError):
        return str(error)
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        return f"{error.filename}: {reason}" if error.filename is not None else reason
    if isinstance(error, RecursionError):
        return _("the input is nested too deeply to read")
    if isinstance(error, MemoryError):
        return _("not enough memory for this input")
    return _("unexpected failure ({kind}: {detail}); run with --debug and report it").format(
        kind=type(error).__name__, detail=str(error)[:200]
    )


def _failed_stdout(error: BaseException) -> bool:
    """Whether ``error`` is standard output failing (a full disk, ``/dev/full``, a closed pipe)."""
    if not isinstance(error, OSError) or error.filename is not None:
        return False
    if error.errno in _OUTPUT_ERRNOS:
        return True
    try:
        sys.stdout.flush()
    except OSError:
        return True
    except ValueError:
        return True  # closed
    return False


def _silence_stdout() -> None:
    """Point standard output at the null device, so that the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _run() -> Any:
    """The entry point of ``python -m kepu_plan`` and ``python -m kepu_plan.cli``."""
    sys.exit(main())


if __name__ == "__main__":
    _run()
