"""Cell texts: numbering before names, action cells with their lead marks, unit cells and their words."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Final, NamedTuple

from kepu_plan._grammar.cells import (
    NO_UNITS,
    OPEN_ENDINGS,
    ROLE_MARK,
    UNIT_LABEL,
    format_numbering,
)
from kepu_plan.errors import InvalidPlan
from kepu_plan.model import Action, Duty, LeadStyle, Unit

_LEAD_CELL = re.compile(
    r"^(?P<name>.*?)\s*(?P<mark>[（(](?:[^（）()]|[（(][^（）()]*[）)])*?\s*牵头\s*[）)])$", re.DOTALL
)
_SPACED: Final = re.compile(r"[^\s、]\s+[^\s、]")


# --- numbering -----------------------------------------------------------------------------------


def _numbered(style: str | None, number: int, text: str) -> str:
    prefix = format_numbering(style, number)
    # "1." before a name starting with a digit would read as "1.2…": a space keeps them apart.
    if prefix.endswith(".") and text[:1] in "0123456789０１２３４５６７８９":
        prefix += " "
    return prefix + text


# --- cell texts ----------------------------------------------------------------------------------


def _join_lines(text: str) -> str:
    if "\n" not in text:
        return text.strip()
    return "".join(line.strip() for line in text.strip().split("\n"))


#: The longest text whose reading is remembered across reads (an action cell, a unit's name):
#: the caches then hold at most a few megabytes, however long the cells of the files read.
REMEMBERED_LENGTH: Final = 200


def _action_cell(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...] | None]:
    """The action name, its lead units and the wording of its lead mark (None: the usual one);
    remembered where the cell is short, as a table writes each action cell again on every row or page."""
    return _remembered_action_cell(text) if len(text) <= REMEMBERED_LENGTH else _read_action_cell(text)


def _read_action_cell(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...] | None]:
    text = _join_lines(text)
    match = _LEAD_CELL.match(text)
    if match is None or not match["name"]:
        return text, (), None
    mark = match["mark"]
    inner = _split_units(mark[1:-1], group_role="牵头")
    if not inner.leads or inner.pieces is None:
        return text, (), None
    pieces = list(inner.pieces)
    pieces[0] = mark[0] + pieces[0]
    pieces[-1] = pieces[-1] + mark[-1]
    wording = tuple(pieces)
    usual = ("（", *("、" for _ in inner.names[1:]), "牵头）")
    return match["name"], inner.leads, None if wording == usual else wording


_remembered_action_cell: Final = functools.lru_cache(maxsize=1024)(_read_action_cell)


def parse_action_cell(text: str) -> tuple[str, tuple[str, ...]]:
    """The action name and its lead units from an action cell (or a section row).

    >>> parse_action_cell("青少年科学素质提升行动（市教体局、市科协、职业技术学院牵头）")
    ('青少年科学素质提升行动', ('市教体局', '市科协', '职业技术学院'))
    >>> parse_action_cell("科普基础设施工程(市科协牵头)")
    ('科普基础设施工程', ('市科协',))
    >>> parse_action_cell("一、青少年科学素质提升行动（由县教体局、县科协牵头）")
    ('一、青少年科学素质提升行动', ('县教体局', '县科协'))
    """
    name, leads, _ = _action_cell(text)
    return name, leads


def format_action_cell(action: Action) -> str:
    """The action cell as the table wrote it (its :class:`~kepu_plan.model.Wording`), else as the
    Shenmu table writes it: ``名称（A、B牵头）``."""
    if not action.leads:
        return action.name
    names = [unit.name for unit in action.leads]
    wording = action.wording.leads if action.wording is not None else None
    if wording is not None and len(wording) == len(names) + 1:
        return action.name + _fill(wording, names)
    return f"{action.name}（{'、'.join(names)}牵头）"


class _Units(NamedTuple):
    """A units cell read: the names, those marked as leading, and what was interpreted."""

    names: tuple[str, ...]
    leads: tuple[str, ...]
    marks: bool = False
    groups: bool = False
    spaces: bool = False
    repeated: tuple[str, ...] = ()
    pieces: tuple[str, ...] | None = None  # the text around the names, when not one name per line
    rejected: tuple[str, ...] = ()  # parts of the cell that are no unit name


_NO_UNITS: Final = _Units((), ())
_SEGMENT: Final = re.compile(r"[^\n，,；;]+")
_TOKEN: Final = re.compile(r"[^、\s]+")
_MARKED: Final = re.compile(r"^(?P<name>.+?)\s*[（(][^（）()]*?(?P<role>牵头|配合)[）)]$")
_NEEDS_PARSING: Final = re.compile(r"[，,；;、 \t\u3000（）()牵配等由:：—\-–―－/／无\\]")


def _split_units(text: str, group_role: str | None = None) -> _Units:
    """Read a cell of units (see :func:`parse_units`); ``group_role`` is the role of names that no
    mark or label gives one (an action's lead mark: all lead)."""
    if not text:
        return _NO_UNITS
    if group_role is None and _NEEDS_PARSING.search(text) is None:
        # The common case, one unit per line: nothing to interpret.
        lines = [line.strip() for line in text.split("\n")]
        names = tuple(dict.fromkeys(lines))
        if len(names) == len(lines) and "" not in names:
            return _Units(names, ())
    if text in NO_UNITS:
        return _Units((), (), pieces=(text,))
    spans: list[tuple[int, int]] = []
    units: list[str] = []
    leads: list[str] = []
    repeated: list[str] = []
    rejected: list[str] = []
    marks = groups = spaces = False
    label_role: str | None = None
    for segment in _SEGMENT.finditer(text):
        start, end = segment.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        label = UNIT_LABEL.match(text, start, end)
        if label is not None:
            label_role = "牵头" if label["label"].startswith("牵头") else "配合"
            groups = True
            start = label.end()
        role = label_role if group_role is None else group_role
        for mark in ("牵头", "配合"):
            if text.endswith(mark, start, end) and not ROLE_MARK.search(text, start, end):
                role, end = mark, end - len(mark)
                groups = True
                while end > start and text[end - 1].isspace():
                    end -= 1
        if role == "牵头" and text.startswith("由", start, end):
            start += 1
        tokens = list(_TOKEN.finditer(text, start, end))
        if len(tokens) > 1 and _SPACED.search(text, start, end):
            spaces = True
        for i, token in enumerate(tokens):
            name_start, name_end = token.span()
            name = token.group()
            if i == len(tokens) - 1:
                for ending in OPEN_ENDINGS:
                    if name.endswith(ending) and len(name) > len(ending):
                        name = name[: -len(ending)]
                        name_end -= len(ending)
                        break
            unit_role = role
            marked = _MARKED.match(name)
            if marked is not None:
                name, unit_role = marked["name"], marked["role"]
                name_end = name_start + len(name)
                marks = True
            if name in NO_UNITS:
                continue
            if _unit_problem(name) is not None:
                rejected.append(name)
                continue
            if name in units:
                repeated.append(name)
                continue
            units.append(name)
            spans.append((name_start, name_end))
            if unit_role == "牵头":
                leads.append(name)
    pieces: tuple[str, ...] | None = None
    if not repeated and not rejected:
        edges = [0, *(edge for span in spans for edge in span), len(text)]
        pieces = tuple(text[edges[i] : edges[i + 1]] for i in range(0, len(edges), 2))
        if all(piece == "\n" for piece in pieces[1:-1]) and not pieces[0] and not pieces[-1]:
            pieces = None  # one name per line: what a writer writes anyway
    return _Units(tuple(units), tuple(leads), marks, groups, spaces, tuple(repeated), pieces, tuple(rejected))


def _unit_problem(name: str) -> str | None:
    """Why ``name`` cannot be a unit, or None (remembered where the name is short: the same names
    recur in every table)."""
    return _remembered_unit_problem(name) if len(name) <= REMEMBERED_LENGTH else _read_unit_problem(name)


def _read_unit_problem(name: str) -> str | None:
    try:
        Unit(name=name)
    except InvalidPlan as error:
        return error.reason
    return None


_remembered_unit_problem: Final = functools.lru_cache(maxsize=4096)(_read_unit_problem)


def _unit(name: str) -> Unit | None:
    """The unit named ``name``, or None where no unit can have that name (remembered where the
    name is short: the same names recur in every table; a :class:`~kepu_plan.model.Unit` is
    immutable)."""
    return _remembered_unit(name) if len(name) <= REMEMBERED_LENGTH else _made_unit(name)


def _made_unit(name: str) -> Unit | None:
    try:
        return Unit(name=name)
    except InvalidPlan:
        return None


_remembered_unit: Final = functools.lru_cache(maxsize=4096)(_made_unit)


def _units_named(names: Sequence[str], rejected: list[str]) -> tuple[Unit, ...]:
    """The units of ``names``; a name no unit can have goes to ``rejected``."""
    units = []
    for name in names:
        unit = _unit(name)
        if unit is None:
            rejected.append(name)
        else:
            units.append(unit)
    return tuple(units)


def parse_units(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Unit names and, of them, those marked as leading, from a units cell.

    Units are separated by line breaks, 、，,；; or runs of spaces.  A unit marked ``（牵头）`` (or
    ``（…牵头）``) leads, as does a group written ``A、B牵头`` or ``由A、B牵头``, or listed after
    ``牵头单位：``; ``配合``, ``（配合）`` and ``责任单位：`` / ``配合单位：`` … name the others.  An
    open list's ending (``等``, ``等部门``, ``等单位``) is not part of a name, and ``—``, ``-``,
    ``无`` or ``/`` alone mean no units.  A parenthesised part that is not a role mark belongs to
    the name (``县委宣传部（县文明办）``, ``各镇（街道）``).

    >>> parse_units("市教体局\\n市科协")
    (('市教体局', '市科协'), ())
    >>> parse_units("市科协牵头，市教体局、团市委配合")
    (('市科协', '市教体局', '团市委'), ('市科协',))
    >>> parse_units("市科协（牵头） 市教体局")
    (('市科协', '市教体局'), ('市科协',))
    >>> parse_units("牵头单位：县教体局；责任单位：县委宣传部（县文明办）、团县委等")
    (('县教体局', '县委宣传部（县文明办）', '团县委'), ('县教体局',))
    """
    units = _split_units(text)
    return units.names, units.leads


def _fill(pieces: Sequence[str], names: Sequence[str]) -> str:
    """A cell's wording with ``names`` in its slots."""
    parts = [pieces[0]]
    for name, piece in zip(names, pieces[1:], strict=True):
        parts.append(name)
        parts.append(piece)
    return "".join(parts)


def _lead_slots(pieces: tuple[str, ...]) -> tuple[bool, ...]:
    """Which slots of a cell's wording hold leads, found by reading it with stand-in names
    (remembered where the wording is short)."""
    if sum(map(len, pieces)) <= REMEMBERED_LENGTH:
        return _remembered_lead_slots(pieces)
    return _read_lead_slots(pieces)


def _read_lead_slots(pieces: tuple[str, ...]) -> tuple[bool, ...]:
    names = [f"U{i}x" for i in range(len(pieces) - 1)]
    leads = set(_split_units(_fill(pieces, names)).leads)
    return tuple(name in leads for name in names)


_remembered_lead_slots: Final = functools.lru_cache(maxsize=1024)(_read_lead_slots)


def _worded(pieces: tuple[str, ...] | None, units: Sequence[Unit], leads: Sequence[Unit], *, marks: bool) -> str | None:
    """The cell in its own words, if they still fit: as many slots as ``units``, and, where the
    wording marks leads (``marks``: the cell is where leads are written), the leads in lead slots."""
    if pieces is None or len(pieces) != len(units) + 1:
        return None
    slots = _lead_slots(pieces)
    if not any(slots):
        if marks and leads:
            return None
        return _fill(pieces, [unit.name for unit in units])
    if sum(slots) != len(leads):
        return None
    lead_names = iter([unit.name for unit in leads])
    other_names = iter([unit.name for unit in units if unit not in leads])
    return _fill(pieces, [next(lead_names) if slot else next(other_names) for slot in slots])


def _format_units(duty: Duty, style: LeadStyle, *, lead_column: bool = False) -> str:
    wording = duty.wording.units if duty.wording is not None else None
    if wording is not None:
        worded = _worded(wording, duty.units, duty.leads, marks=not lead_column)
        if worded is not None:
            return worded
    if style is LeadStyle.MARK:
        return "\n".join(f"{unit.name}（牵头）" if unit in duty.leads else unit.name for unit in duty.units)
    if style is LeadStyle.GROUP and duty.leads:
        others = [unit.name for unit in duty.units if unit not in duty.leads]
        text = "、".join(unit.name for unit in duty.leads) + "牵头"
        return text + ("，" + "、".join(others) + "配合" if others else "")
    return "\n".join(unit.name for unit in duty.units)
