"""File formats, registered by name and file suffix (:data:`SUFFIXES`, the one home of the suffixes).

A table format (DOCX, XLSX, PDF) turns bytes into a :class:`~kepu_plan.grid.Document` and a
Document into bytes (``document_from_docx``/``render_docx``, ``sheets_from_xlsx``/``render_xlsx``,
``document_from_pdf``); it knows no header texts and never imports the layout code, which turns a
Document into a Plan and back.  :mod:`kepu_plan._pipeline` composes the two.  JSON is a codec of
the model beside them (``read``/``write`` a Plan).  Modules are imported only when first used, so
``import kepu_plan`` stays fast.
"""

from __future__ import annotations

import importlib
from pathlib import PurePath
from types import ModuleType
from typing import Final

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import UnsupportedFormat

__all__ = ["FORMATS", "READ_ONLY", "SUFFIXES", "format_for", "load"]

#: Each format's file suffixes, the first the one a written file gets.
SUFFIXES: Final[dict[str, tuple[str, ...]]] = {
    "json": (".json",),
    "docx": (".docx",),
    "xlsx": (".xlsx", ".xlsm"),
    "pdf": (".pdf",),
}
#: name → (module, suffixes)
FORMATS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    name: (f"kepu_plan.formats.{name}", SUFFIXES[name]) for name in ("json", "docx", "xlsx")
}
#: Formats that are read but never written, kept apart so that what lists the formats a plan can be
#: written in (``demo``, ``convert --to``) does not offer them.
READ_ONLY: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "pdf": ("kepu_plan.formats.pdf", SUFFIXES["pdf"]),
}


def _known() -> Text:
    """The formats for a message, in the reader's language: ``json (.json), …; read only: pdf (.pdf)``."""

    def listed(formats: dict[str, tuple[str, tuple[str, ...]]]) -> str:
        return ", ".join(f"{name} ({' '.join(suffixes)})" for name, (_, suffixes) in formats.items())

    return Text(N_("{written}; read only: {read}"), written=listed(FORMATS), read=listed(READ_ONLY))


def format_for(path: str | PurePath | None, format: str | None = None) -> str:
    """The format name for an explicit ``format`` or, failing that, the file's suffix."""
    if format is not None:
        key = format.lower().lstrip(".")
        if key in FORMATS or key in READ_ONLY:
            return key
        raise UnsupportedFormat(
            Text(N_("unknown format {format}; the formats are {formats}"), format=repr(format), formats=_known())
        )
    if path is None:
        raise UnsupportedFormat(
            Text(N_("cannot tell the format of a stream: pass format=, one of {formats}"), formats=_known())
        )
    suffix = PurePath(path).suffix.lower()
    for name, (_, suffixes) in (*FORMATS.items(), *READ_ONLY.items()):
        if suffix in suffixes:
            return name
    shown = suffix or Text(N_("no suffix"))
    raise UnsupportedFormat(
        Text(
            N_("{path}: {suffix} is not a format kepu_plan reads or writes; the formats are {formats}"),
            path=str(path),
            suffix=shown,
            formats=_known(),
        )
    )


def load(name: str) -> ModuleType:
    """The module of a registered format."""
    module, _ = FORMATS[name] if name in FORMATS else READ_ONLY[name]
    return importlib.import_module(module)
