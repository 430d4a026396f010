"""Hints in the command line's words: a read error's hint names ``--convert``, ``--columns 表头=角色``,
``--format docx``, never the Python call that does the same (``kp.read(path, convert=True)``).

The library's hints are written for Python callers; the command line rewrites the ones that name a
Python spelling, by what the hint asks for (the error's ``hint`` attribute), and keeps the others.
A library hint that changes its words falls through unchanged, never into a wrong hint: each rule
matches the Python spelling itself (``convert=True``, ``max_rows=``).  A table whose header is not
recognised (code ``no-header``) gets the ``--columns`` hint whatever the library's words.
"""

from __future__ import annotations

import re
from typing import Final

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import ReadError

__all__ = ["for_cli"]

#: (what the library's hint names, the command line's hint): the first match wins.
_RULES: Final = (
    (re.compile(r"convert=True"), N_("add --convert to convert it with LibreOffice, or save it as .{target} in WPS")),
    (re.compile(r"read it with kp\.read_(\w+)"), N_("read it with --format {reader}, or give it the suffix .{reader}")),
    (re.compile(r"kp\.write_json|kp\.to_json"), N_("a plan's JSON is written by kepu-plan convert IN OUT.json")),
    (
        re.compile(r"max_\w+="),
        N_("the file is damaged, or larger than kepu-plan reads; open and save it again, or split it"),
    ),
)
#: The format a conversion hint names (``convert it to .docx: …``).
_TARGET: Final = re.compile(r"convert it to \.(\w+)")
#: The command line's hint for a table whose header is not recognised.
_COLUMNS_HINT: Final = N_("name the columns with --columns, e.g. --columns 工作举措=content,责任科室=units")


def for_cli(error: ReadError) -> ReadError:
    """``error`` with its hint in the command line's words (the same error when it has nothing to rewrite)."""
    hint = error.hint
    if not hint:
        return error
    if error.code == "no-header":
        return ReadError(error.reason, error.location, Text(_COLUMNS_HINT), code=error.code)
    for pattern, replacement in _RULES:
        match = pattern.search(hint)
        if match is None:
            continue
        target = _TARGET.search(hint)
        fields = {"target": target[1] if target else "docx", "reader": match[1] if match.groups() else ""}
        return ReadError(error.reason, error.location, Text(replacement, **fields), code=error.code)
    return error
