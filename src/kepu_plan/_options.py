"""The options of the public read and write functions, checked at the call.

A misspelt option is a :class:`TypeError` (the functions take explicit keywords only); a well-named
option with a value it cannot take is a :class:`~kepu_plan.errors.OptionError`, raised here before
any file is opened, so that every later failure of a read is the file's (a
:class:`~kepu_plan.errors.KepuPlanError` naming it).  An option that does not apply to the format
being read or written (``sheet=`` for a DOCX, ``style=`` for an XLSX) is an OptionError too, raised
as soon as the format is known.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import OptionError
from kepu_plan.limits import DEFAULT, Limits
from kepu_plan.model import ROLES

if TYPE_CHECKING:
    from kepu_plan.formats.docx import DocxStyle

__all__ = ["check_reading", "check_writing", "reading_format", "writing_format"]

#: The formats whose tables the layout code reads (and so take ``columns=``).
_TABLES: Final = ("docx", "xlsx", "pdf")


def _flag(option: str, value: object) -> None:
    if not isinstance(value, bool):
        raise OptionError(Text(N_("{option}= must be True or False, not {value}"), option=option, value=_shown(value)))


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _check_columns(columns: object) -> None:
    if not isinstance(columns, Mapping):
        raise OptionError(
            Text(
                N_("columns= must map header texts or column numbers to roles, not {value}"),
                value=type(columns).__name__,
            )
        )
    for key, role in columns.items():
        if isinstance(key, bool) or not ((isinstance(key, str) and key.strip()) or (isinstance(key, int) and key >= 1)):
            raise OptionError(
                Text(
                    N_("a key of columns= must be a header text or a column number from 1, not {key}"),
                    key=_shown(key),
                )
            )
        if role not in ROLES:
            raise OptionError(
                Text(
                    N_("unknown column role {role} in columns=; the roles are {roles}"),
                    role=_shown(role),
                    roles=", ".join(ROLES),
                )
            )


def check_reading(
    *,
    columns: object = None,
    sheet: object = None,
    diagnostics: object = None,
    strict: object = False,
    limits: object = None,
    convert: object = False,
    convert_timeout: object = None,
) -> Limits:
    """Check the reading options' values (raising :class:`OptionError`) and return the limits to apply."""
    if columns is not None:
        _check_columns(columns)
    if sheet is not None and not (isinstance(sheet, str) and sheet.strip()):
        raise OptionError(Text(N_("sheet= must be the name of a sheet, not {value}"), value=_shown(sheet)))
    if diagnostics is not None and not isinstance(diagnostics, list):
        raise OptionError(
            Text(
                N_("diagnostics= must be a list to receive the diagnostics, not {value}"),
                value=type(diagnostics).__name__,
            )
        )
    _flag("strict", strict)
    _flag("convert", convert)
    if convert_timeout is not None and (
        isinstance(convert_timeout, bool)
        or not isinstance(convert_timeout, int | float)
        or not (convert_timeout > 0 and math.isfinite(convert_timeout))
    ):
        raise OptionError(
            Text(
                N_("convert_timeout= must be a positive number of seconds, not {value}"),
                value=_shown(convert_timeout),
            )
        )
    if limits is None:
        return DEFAULT
    if not isinstance(limits, Limits):
        raise OptionError(Text(N_("limits= must be a kp.Limits, not {kind}"), kind=type(limits).__name__))
    return limits


def reading_format(format: str, *, columns: object = None, sheet: object = None) -> None:
    """Refuse a reading option that does not apply to ``format``."""
    if columns is not None and format not in _TABLES:
        raise OptionError(
            Text(N_("columns= names the columns of a table; a {format} plan has none"), format=format.upper())
        )
    if sheet is not None and format != "xlsx":
        raise OptionError(
            Text(N_("sheet= names a sheet of an XLSX workbook; a {format} file has none"), format=format.upper())
        )


def check_writing(*, mark_targets: object = False, style: object = None, replace: object = False) -> None:
    """Check the writing options' values, raising :class:`OptionError`."""
    _flag("mark_targets", mark_targets)
    _flag("replace", replace)
    if style is not None:
        from kepu_plan.formats.docx import DocxStyle  # only when a style is given: it is the DOCX writer's

        if not isinstance(style, DocxStyle):
            raise OptionError(Text(N_("style= must be a kp.DocxStyle, not {kind}"), kind=type(style).__name__))


def writing_format(
    format: str,
    *,
    mark_targets: bool = False,
    style: DocxStyle | None = None,
    replace: bool = False,
    workbook: bool = False,
) -> None:
    """Refuse a writing option that does not apply to ``format`` (``workbook``: the target is an
    openpyxl Workbook)."""
    if style is not None and format != "docx":
        raise OptionError(
            Text(N_("style= sets out a DOCX document; it does not apply to {format}"), format=format.upper())
        )
    if mark_targets and format not in ("docx", "xlsx"):
        raise OptionError(
            Text(
                N_("mark_targets= sets targets in bold in a DOCX or XLSX table, not in {format}"), format=format.upper()
            )
        )
    if replace and not workbook:
        raise OptionError(
            Text(
                N_(
                    "replace= replaces sheets of an openpyxl Workbook the plan is added to; "
                    "a file written to a path is always replaced whole"
                )
            )
        )
