"""Writing the progress report by file suffix: ``.html`` (one self-contained page) or ``.docx``."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import UnsupportedFormat
from kepu_plan.tracking._output import write_to
from kepu_plan.tracking.model import Ledger
from kepu_plan.tracking.report_docx import write_report_docx
from kepu_plan.tracking.report_html import report_html
from kepu_plan.tracking.summary import order_ledgers

__all__ = ["REPORT_SUFFIXES", "write_report"]

REPORT_SUFFIXES = (".html", ".htm", ".docx")


def write_report(ledgers: Iterable[Ledger], path: str | os.PathLike[str]) -> None:
    """Write the progress report of ``ledgers`` (one plan, any order: they are put in time order;
    the last is reported, the others give each target's path) to ``path``, HTML or DOCX by suffix.

    Raises :class:`~kepu_plan.errors.LedgerMismatch` when the ledgers belong to
    different plans, and :class:`~kepu_plan.errors.OptionError` (a ValueError) when there is none;
    nothing is written then.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise UnsupportedFormat(
            Text(N_("{path}: a report is an .html or a .docx file, not {suffix}"), path=str(target), suffix=suffix)
            if suffix
            else Text(N_("{path}: a report is an .html or a .docx file, not a file without a suffix"), path=str(target))
        )
    ordered = order_ledgers(ledgers)
    if suffix == ".docx":
        write_report_docx(ordered, target)
        return
    page = report_html(ordered).encode("utf-8")
    write_to(target, lambda stream: stream.write(page))
