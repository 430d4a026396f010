"""Reading and writing a ledger by file suffix: ``.xlsx`` (the office's workbook) or ``.json``."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import Location, ReadError, UnsupportedFormat
from kepu_plan.tracking._output import write_to
from kepu_plan.tracking.ledger_json import ledger_from_json, ledger_to_json
from kepu_plan.tracking.ledger_xlsx import read_ledger_xlsx, write_ledger_xlsx
from kepu_plan.tracking.model import Ledger, Problem

__all__ = ["LEDGER_SUFFIXES", "read_ledger", "write_ledger"]

LEDGER_SUFFIXES = (".xlsx", ".json")


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in LEDGER_SUFFIXES:
        raise UnsupportedFormat(
            Text(N_("{path}: a ledger is an .xlsx or a .json file, not {suffix}"), path=str(path), suffix=suffix)
            if suffix
            else Text(N_("{path}: a ledger is an .xlsx or a .json file, not a file without a suffix"), path=str(path))
        )
    return suffix


def write_ledger(ledger: Ledger, path: str | os.PathLike[str], *, problems: Iterable[Problem] = ()) -> None:
    """Write ``ledger`` to ``path`` as XLSX or JSON by its suffix (the JSON also lists ``problems``)."""
    target = Path(path)
    if _suffix(target) == ".xlsx":
        write_ledger_xlsx(ledger, target)
        return
    data = ledger_to_json(ledger, problems).encode("utf-8")
    write_to(target, lambda stream: stream.write(data))


def read_ledger(path: str | os.PathLike[str]) -> Ledger:
    """The ledger in an XLSX or JSON file written by :func:`write_ledger`."""
    source = Path(path)
    if _suffix(source) == ".xlsx":
        return read_ledger_xlsx(source)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = Text(N_("cannot read the file: {reason}"), reason=getattr(error, "strerror", None) or str(error))
        raise ReadError(reason, Location(file=str(source))) from error
    return ledger_from_json(text, file=str(source))
