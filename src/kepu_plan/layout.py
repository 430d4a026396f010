"""What an allocation table's layout means, in one place for every format.

:func:`plan_from_document` turns the grids a reader found into a Plan: it finds the header row by
its texts, gives each column a role, follows vertical merges, page-top repeats and section rows,
strips numbering, parses lead marks and splits unit lists, records each interpretation as a
:class:`~kepu_plan.diagnostics.Diagnostic`, and remembers the table's :class:`~kepu_plan.model.Layout`
so that the plan is written back the same way.  :func:`document_from_plan` lays a Plan out as a grid
for the writers, in the plan's layout (the Shenmu layout by default).

Normalisations a reader makes (documented and tested):

- leading and trailing whitespace of a cell is dropped (the model allows none);
- the lines of a name cell (action, task) are joined without a separator, as are title lines;
- numbering before action and task names (一、 （一） 1. 1、 (1) ①) is not part of the name;
- an action whose name ends in neither 行动 nor 工程 gets ``ActionKind.ACTION``;
- an empty action or task cell continues the one above, like a vertically merged cell;
- where a table separates lead units from the others (a lead column beside a partner column, or
  ``A牵头，B配合``), ``Duty.units`` lists the leads first (:func:`normalise_for`);
- a unit cell's own words (``等部门``, ``A牵头，B配合``, ``牵头单位：…；责任单位：…``, its separators)
  are not part of any name: they are kept in ``Duty.wording`` and written back (:func:`parse_units`);
- a row that cannot be read is a warning and its text a note of the plan (``未读入（表1第5行）：…``),
  unless ``strict`` (:func:`plan_from_document`).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, NamedTuple

import attrs

from kepu_plan._i18n import N_, Text
from kepu_plan._numerals import to_chinese
from kepu_plan.diagnostics import Diagnostic, Severity
from kepu_plan.errors import InvalidPlan, LayoutError, Location
from kepu_plan.grid import Cell, Document, Grid
from kepu_plan.model import (
    NO_UNITS,
    NUMBERING,
    OPEN_ENDINGS,
    ROLE_MARK,
    ROLES,
    UNIT_LABEL,
    Action,
    ActionKind,
    Column,
    Duty,
    Extra,
    Layout,
    LeadStyle,
    Plan,
    Task,
    Unit,
    Wording,
)

__all__ = [
    "HEADERS",
    "KNOWN_HEADERS",
    "SHENMU",
    "document_from_plan",
    "format_action_cell",
    "format_numbering",
    "normalise_for",
    "parse_action_cell",
    "parse_units",
    "plan_from_document",
    "strip_numbering",
    "target_spans",
]

#: Header texts by role.  Where two task-like columns stand and no action column, the left one
#: holds the actions (``重点任务`` beside ``主要任务``).
HEADERS: Final[Mapping[str, tuple[str, ...]]] = {
    "action": ("重点行动\n重点工程", "重点行动/重点工程", "重点行动", "重点工程", "行动", "工程", "任务类别"),
    "task": ("主要任务", "重点任务", "工作任务", "任务", "重点工作"),
    "content": ("主要内容", "具体内容", "工作内容", "具体措施", "工作措施", "任务内容", "目标任务", "主要措施"),
    "units": ("负责单位", "责任单位", "责任部门", "实施单位"),
    "leads": ("牵头单位", "牵头部门"),
    "partners": ("配合单位", "协同单位", "参与单位", "配合部门"),
    "deadline": ("完成时限", "时间节点", "完成时间", "时限"),
    "number": ("序号",),
}
KNOWN_HEADERS: Final = tuple(header for headers in HEADERS.values() for header in headers)

#: The Shenmu layout: the default for plans built in code.
SHENMU: Final = Layout(
    columns=[
        Column(role="action", header="重点行动\n重点工程"),
        Column(role="task", header="主要任务"),
        Column(role="content", header="主要内容"),
        Column(role="units", header="负责单位"),
    ]
)

_DEFAULT_HEADERS: Final = {role: headers[0] for role, headers in HEADERS.items()}
_HEADER_NOISE = re.compile(r"[\s/／、]+")
#: An attachment label on a line of its own: 附件, 附件2, 附件2-1, 附件（二）, 附件一, 附表, 附表3, 附件1：
_LABEL = re.compile(
    r"^附[件表]\s*(?:[0-9０-９一二三四五六七八九十]+(?:\s*[-－—–.．]\s*[0-9０-９一二三四五六七八九十]+)*"
    r"|[（(][0-9０-９一二三四五六七八九十]+[）)])?\s*[:：]?$"
)
_LEAD_CELL = re.compile(
    r"^(?P<name>.*?)\s*(?P<mark>[（(](?:[^（）()]|[（(][^（）()]*[）)])*?\s*牵头\s*[）)])$", re.DOTALL
)
_SPACED: Final = re.compile(r"[^\s、]\s+[^\s、]")
_NOTE = re.compile(r"^(注|备注|说明)\s*[0-9０-９]*\s*[:：]")
_SCAN_ROWS: Final = 30
_CIRCLED: Final = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _normalise_header(text: str) -> str:
    return _HEADER_NOISE.sub("", text)


_ROLE_BY_HEADER: Final = {_normalise_header(h): role for role, hs in HEADERS.items() for h in hs}


# --- numbering -----------------------------------------------------------------------------------


def strip_numbering(text: str) -> tuple[str, str | None]:
    """The name without its numbering, and the numbering's style (see ``NUMBERING_STYLES``).

    >>> strip_numbering("一、青少年科学素质提升行动")
    ('青少年科学素质提升行动', '一、')
    >>> strip_numbering("(3)开展活动"), strip_numbering("２．开展活动"), strip_numbering("2.0版")
    (('开展活动', '(1)'), ('开展活动', '1.'), ('2.0版', None))
    """
    match = NUMBERING.match(text)
    if match is None:
        return text, None
    prefix = match.group()
    if prefix in _CIRCLED:
        style = "①"
    elif prefix.endswith("、"):
        style = "1、" if prefix[0] in "0123456789０１２３４５６７８９" else "一、"
    elif prefix[-1] in "）)":
        digits = prefix[1] in "0123456789０１２３４５６７８９"
        style = ("（1）" if prefix[0] == "（" else "(1)") if digits else "（一）"
    else:
        style = "1."
    return text[match.end() :].lstrip(), style


def format_numbering(style: str | None, number: int) -> str:
    """The numbering of the ``number``-th item in ``style``.

    >>> [format_numbering(s, 12) for s in ("一、", "（一）", "1.", "1、", "(1)", "（1）", "①", None)]
    ['十二、', '（十二）', '12.', '12、', '(12)', '（12）', '⑫', '']
    """
    if style is None:
        return ""
    if style == "①":
        return _CIRCLED[number - 1] if number <= len(_CIRCLED) else f"({number})"
    if "一" in style:
        return style.replace("一", to_chinese(number))
    return style.replace("1", str(number))


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


@functools.lru_cache(maxsize=1024)
def _action_cell(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...] | None]:
    """The action name, its lead units and the wording of its lead mark (None: the usual one);
    remembered, as a table writes each action cell again on every row or page."""
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


@functools.lru_cache(maxsize=4096)
def _unit_problem(name: str) -> str | None:
    """Why ``name`` cannot be a unit, or None (remembered: the same names recur in every table)."""
    try:
        Unit(name=name)
    except InvalidPlan as error:
        return error.reason
    return None


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


@functools.lru_cache(maxsize=1024)
def _lead_slots(pieces: tuple[str, ...]) -> tuple[bool, ...]:
    """Which slots of a cell's wording hold leads, found by reading it with stand-in names."""
    names = [f"U{i}x" for i in range(len(pieces) - 1)]
    leads = set(_split_units(_fill(pieces, names)).leads)
    return tuple(name in leads for name in names)


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


# --- reading -------------------------------------------------------------------------------------

_COVERED: Final = object()


@attrs.frozen
class _Header:
    row: int
    height: int
    roles: dict[int, str]
    headers: dict[int, str]
    groups: dict[int, str] = attrs.Factory(dict)  # column → the upper cell over it, in two header rows
    first: dict[int, str] = attrs.Factory(dict)  # the first header row's texts, normalised, by column


def _header_roles(cells: Sequence[Cell], synonyms: Mapping[str, str]) -> dict[int, str]:
    roles: dict[int, str] = {}
    for cell in cells:
        key = _normalise_header(cell.text)
        role = synonyms.get(key) or _ROLE_BY_HEADER.get(key)
        if role is not None:
            roles[cell.col] = role
    # Two task-like columns and no action column (重点任务 | 主要任务, 重点工作 | 工作任务): the left
    # one groups the right one, so it holds the actions.
    task_cols = sorted(col for col, role in roles.items() if role == "task")
    if len(task_cols) > 1 and "action" not in roles.values():
        roles[task_cols[0]] = "action"
    return roles


def _find_header(
    rows: list[list[Cell]], synonyms: Mapping[str, str], by_index: Mapping[int, str] | None = None
) -> _Header | None:
    """The header row: the first with a content column and another known column.

    Columns given by number (``by_index``) count as known in a row that has text in each of them,
    so that rows above the table (附件, the title) are never taken for the header.
    """
    by_index = by_index or {}
    for index, cells in enumerate(rows[:_SCAN_ROWS]):
        roles = _header_roles(cells, synonyms)
        if by_index:
            filled = {cell.col for cell in cells if cell.text.strip()}
            if not set(by_index) <= filled:
                continue
            roles.update(by_index)
        if "content" in roles.values() and len(roles) >= 2:
            headers = {cell.col: cell.text.strip() for cell in cells}
            height = max((cell.rowspan for cell in cells), default=1)
            groups = _refine_with_subheaders(cells, rows[index + 1 : index + height], synonyms, roles, headers)
            for cell in cells:
                if cell.col not in roles and cell.text.strip():
                    roles[cell.col] = "extra"
            first = {cell.col: _normalise_header(cell.text) for cell in cells if cell.text.strip()}
            return _Header(index, height, roles, headers, groups, first)
    return None


def _refine_with_subheaders(
    cells: Sequence[Cell],
    subrows: Sequence[Sequence[Cell]],
    synonyms: Mapping[str, str],
    roles: dict[int, str],
    headers: dict[int, str],
) -> dict[int, str]:
    """A header of two rows (``责任单位`` over ``牵头单位 | 配合单位``): the lower cells name the
    columns under a spanning upper cell; a column they leave unnamed keeps the upper cell's role, so
    that no column is dropped.  Returns the group of each named column: the spanning upper cell's
    text (an extra column's header is ``group/name``, so that it stays unique)."""
    groups: dict[int, str] = {}
    for sub in subrows:
        for cell in sub:
            text = cell.text.strip()
            parent = next((c for c in cells if c.col <= cell.col < c.col + c.colspan), None)
            group = parent.text.strip() if parent is not None and parent.rowspan == 1 else ""
            role = synonyms.get(_normalise_header(text)) or _ROLE_BY_HEADER.get(_normalise_header(text))
            if role is not None:
                roles[cell.col] = role
                headers[cell.col] = text
            elif text:
                roles[cell.col] = "extra"
                headers[cell.col] = (
                    f"{parent.text.strip()}/{text}" if parent is not None and parent.text.strip() else text
                )
            if text and group:
                groups[cell.col] = group
    for cell in cells:
        for offset in range(1, cell.colspan):
            col = cell.col + offset
            if col not in roles and cell.col in roles:
                role = roles[cell.col]
                roles[col] = role
                headers[col] = f"{cell.text.strip()}{offset + 1}" if role == "extra" else cell.text.strip()
    return groups


@attrs.define
class _PendingAction:
    name: str
    leads: tuple[str, ...]
    where: Location
    wording: tuple[str, ...] | None = None
    tasks: list[tuple[str, list[Duty], Location]] = attrs.Factory(list)


def _position(where: Location) -> str:
    """Where a row stands, for a note a person reads: ``表1第5行`` or ``分工表!C5``."""
    if where.sheet is not None and where.cell is not None:
        return f"{where.sheet}!{where.cell}"
    parts = []
    if where.sheet is not None:
        parts.append(where.sheet)
    if where.table is not None:
        parts.append(f"表{where.table}")
    if where.row is not None:
        parts.append(f"第{where.row}行")
    return "".join(parts) or "表内"


class _Reader:
    """Reads the rows of one or more grids into actions, tasks and duties, noting what it did."""

    def __init__(self, diagnostics: list[Diagnostic] | None, *, strict: bool = False) -> None:
        self.actions: list[_PendingAction] = []
        self.by_name: dict[str, _PendingAction] = {}
        self.current: _PendingAction | None = None
        self.duties: list[Duty] | None = None  # the duties of the current task
        self.task_name: str | None = None
        self.notes: list[str] = []
        self.diagnostics = diagnostics
        self.strict = strict
        self.action_styles: list[str | None] = []
        self.task_styles: list[str | None] = []
        self.merged_cells = 0
        self.repeated_cells = 0
        self.lead_style: LeadStyle | None = None
        self.sections = False
        # Unit cells recur in a table: each distinct set of a row's unit cells is read, and each unit
        # name checked, once per read.
        self._units: dict[str, Unit] = {}
        self.row_units: dict[tuple[str, str, str], _RowUnits] = {}

    def units(self, names: Sequence[str], rejected: list[str]) -> tuple[Unit, ...]:
        """Units by name, each name checked once per read; a name no unit can have goes to ``rejected``."""
        units = []
        for name in names:
            unit = self._units.get(name)
            if unit is None:
                try:
                    unit = self._units[name] = Unit(name=name)
                except InvalidPlan:
                    rejected.append(name)
                    continue
            units.append(unit)
        return tuple(units)

    def note(self, code: str, message: str, where: Location, severity: Severity = Severity.INFO) -> None:
        if severity is Severity.WARNING and self.strict:
            raise LayoutError(message, where, hint=Text(N_("read without strict=True to read the other rows")))
        if self.diagnostics is not None:
            self.diagnostics.append(Diagnostic(code=code, message=message, location=where, severity=severity))

    def unread(self, code: str, message: str, texts: Iterable[str], where: Location) -> None:
        """A row (or cell) that cannot be read: a warning, and its text kept as a note of the plan."""
        text = " | ".join(text for text in texts if text)
        self.note(
            code,
            Text(N_("{reason}; its text is kept in the plan's notes: '{text}'"), reason=message, text=_shown(text, 40)),
            where,
            Severity.WARNING,
        )
        self.notes.append(f"未读入（{_position(where)}）：{text}")

    def _name(self, text: str, where: Location, styles: list[str | None]) -> str:
        name, style = strip_numbering(_join_lines(text))
        styles.append(style)
        if style is not None:
            self.note(
                "numbering",
                Text(
                    N_("numbering '{numbering}' is not part of the name"),
                    numbering=text[: len(text) - len(name)].strip(),
                ),
                where,
            )
        return name

    def start_action(self, text: str, where: Location, *, merged_group: bool) -> None:
        name_cell, leads, wording = _action_cell(text)
        current = self.current
        name = strip_numbering(name_cell)[0]
        if current is not None and current.name == name:
            if merged_group:
                self.note(
                    "page-top-repeat",
                    Text(N_("action '{name}' written again (a page-top repeat): joined"), name=name),
                    where,
                )
            if leads != current.leads:
                self.note(
                    "leads-differ",
                    Text(
                        N_(
                            "action '{name}' is written again with other leads ({leads}); "
                            "kept those first written ({first})"
                        ),
                        name=name,
                        leads="、".join(leads) or Text(N_("none")),
                        first="、".join(current.leads) or Text(N_("none")),
                    ),
                    where,
                    Severity.WARNING,
                )
            return
        name = self._name(name_cell, where, self.action_styles)
        earlier = self.by_name.get(name)
        if earlier is not None:
            self.note(
                "action-again",
                Text(
                    N_(
                        "action '{name}' starts again after other actions (first at {first}): its rows are read into it"
                    ),
                    name=name,
                    first=earlier.where.text(),
                ),
                where,
                Severity.WARNING,
            )
            self.current, self.duties, self.task_name = earlier, None, None
            return
        if leads:
            self.note(
                "lead-mark",
                Text(N_("leads of action '{name}' read from its cell: {leads}"), name=name, leads="、".join(leads)),
                where,
            )
        pending = _PendingAction(name, leads, where, wording)
        self.actions.append(pending)
        self.by_name[name] = pending
        self.current, self.duties, self.task_name = pending, None, None

    def start_task(self, text: str, where: Location, *, merged_group: bool) -> None:
        assert self.current is not None
        tasks = self.current.tasks
        name = strip_numbering(_join_lines(text))[0]
        if self.duties is not None and self.task_name == name:
            if merged_group:
                self.note(
                    "page-top-repeat",
                    Text(N_("task '{name}' written again (a page-top repeat): joined"), name=name),
                    where,
                )
            return
        name = self._name(text, where, self.task_styles)
        earlier = next((duties for earlier, duties, _ in tasks if earlier == name), None)
        if earlier is not None:
            self.note(
                "task-again",
                Text(
                    N_("task '{name}' starts again after other tasks of its action: its rows are read into it"),
                    name=name,
                ),
                where,
                Severity.WARNING,
            )
            self.duties, self.task_name = earlier, name
            return
        self.duties, self.task_name = [], name
        tasks.append((name, self.duties, where))

    def build(self, label: str | None, title: str, file: str | None, layout: Layout | None) -> Plan:
        built: list[Action] = []
        for pending in self.actions:
            tasks = []
            for task, duties, where in pending.tasks:
                if duties:
                    tasks.append((task, duties))
                else:
                    self.unread(
                        "task-without-duties", Text(N_("task '{name}' has no content rows"), name=task), [task], where
                    )
            if not tasks:
                self.unread(
                    "action-without-tasks",
                    Text(N_("action '{name}' has no rows"), name=pending.name),
                    [pending.name],
                    pending.where,
                )
                continue
            try:
                kind = next((k for k in ActionKind if pending.name.endswith(k.value)), ActionKind.ACTION)
                built.append(
                    Action(
                        name=pending.name,
                        kind=kind,
                        leads=[Unit(name=lead) for lead in pending.leads],
                        tasks=[Task(name=task, duties=duties) for task, duties in tasks],
                        wording=Wording(leads=pending.wording) if pending.wording is not None else None,
                    )
                )
            except InvalidPlan as error:
                raise LayoutError(
                    Text(N_("this action breaks a rule: {reason}"), reason=error.args[0]), pending.where
                ) from None
        if not built:
            raise LayoutError(Text(N_("the table has a header but no rows below it")), Location(file=file))
        try:
            return Plan(title=title, label=label, actions=built, notes=self.notes, layout=layout)
        except InvalidPlan as error:
            raise LayoutError(
                Text(N_("the plan breaks a rule: {reason}"), reason=error.args[0]), Location(file=file)
            ) from None


def _preamble(lines: Iterable[str]) -> tuple[str | None, str]:
    """The label and the title above a table.  A label line (附件, 附件2) starts the attachment:
    the text above the last one belongs to the document the table is attached to (the body of an
    implementation plan), not to the title."""
    label: str | None = None
    title: list[str] = []
    for line in lines:
        for part in line.split("\n"):
            part = part.strip()
            if not part:
                continue
            if _LABEL.match(part):
                label, title = part, []
            else:
                title.append(part)
    return label, "".join(title)


def plan_from_document(
    document: Document,
    *,
    columns: Mapping[str | int, str] | None = None,
    diagnostics: list[Diagnostic] | None = None,
    strict: bool = False,
) -> Plan:
    """The plan held by a document's tables, with the layout they were found in.

    ``columns`` maps header texts (or 1-based column numbers) to roles (``action``, ``task``,
    ``content``, ``units``, ``leads``, ``partners``, ``deadline``, ``number``, ``extra``) for
    tables whose headers are not recognised.  ``diagnostics``, when given, receives every
    interpretation the reader made.

    A row that cannot be read (units but no content, no action or task above it, a unit cell
    whose names no unit can have) does not stop the reading: it is reported as a warning naming
    its position, and its text is kept in the plan's notes as ``未读入（表1第5行）：…``; a duty
    that names no unit is read with ``units=()`` and reported as a warning.  With ``strict`` the
    first warning raises :class:`~kepu_plan.errors.LayoutError` instead.  A table without a
    header, or without rows, raises in either case.
    """
    synonyms: dict[str, str] = {}
    by_index: dict[int, str] = {}
    for key, role in (columns or {}).items():
        if role not in ROLES:
            raise InvalidPlan(
                "columns",
                Text(N_("unknown column role '{role}'; the roles are {roles}"), role=role, roles=", ".join(ROLES)),
            )
        if isinstance(key, int):
            by_index[key - 1] = role
        else:
            synonyms[_normalise_header(key)] = role
    reader = _Reader(diagnostics, strict=strict)
    preamble: list[str] = list(document.preamble)
    header: _Header | None = None
    found: list[str] = []
    for index, grid in enumerate(document.tables):
        if header is None and 0 < index <= len(document.between):
            preamble.extend(document.between[index - 1])  # the label and title above this table
        rows = list(grid.rows())
        here = _find_header(rows, synonyms, by_index if header is None else None)
        if here is None:
            if header is None:
                found.extend(_shown(cell.text) for row in rows[:_SCAN_ROWS] for cell in row if cell.text.strip())
                preamble.extend(cell.text for row in rows for cell in row)
                continue
            reader.note(
                "continued-table",
                Text(N_("this table has no header: read as a continuation of the table above")),
                grid.locate(),
            )
            start = 0
        else:
            if header is None:
                preamble.extend(cell.text for row in rows[: here.row] for cell in row)
                header = here
            else:
                reader.note(
                    "continued-table", Text(N_("this table repeats the header: read as a continuation")), grid.locate()
                )
            start = here.row + here.height
        _read_rows(grid, rows, start, header, reader)
    if header is None:
        raise LayoutError(
            Text(
                N_("no table with a recognisable header row; found {found}; the nearest known headers: {known}"),
                found="、".join(found[:12]) or Text(N_("nothing")),
                known="、".join(_nearest_headers(found)),
            ),
            Location(file=document.file),
            hint=Text(N_("give each column its role ({roles}), e.g. 工作举措 is content"), roles=", ".join(ROLES)),
            code="no-header",
        )
    label, title = _preamble(preamble)
    for line in document.trailer:
        if line.strip():
            reader.notes.append(line.strip())
            reader.note(
                "note",
                Text(N_("text below the table kept as a note: '{text}'"), text=line.strip()[:20]),
                Location(file=document.file),
            )
    return reader.build(label, title, document.file, _detected_layout(header, reader))


def _nearest_headers(found: Sequence[str], count: int = 5) -> list[str]:
    """The known headers nearest the cells found where a header was looked for, the nearest first
    (each cell's nearest, at most ``count``, at least three with each role's usual header after them):
    a message names these rather than the whole list (docs/formats.md lists them all)."""
    known = list(dict.fromkeys(header.replace("\n", "/") for header in KNOWN_HEADERS))
    normal = [_normalise_header(header) for header in known]
    nearest: list[tuple[float, int]] = []
    for text in dict.fromkeys(found[:60]):
        cell = _normalise_header(text)
        ratios = [difflib.SequenceMatcher(None, cell, header).ratio() for header in normal]
        best = max(range(len(known)), key=lambda index: (ratios[index], -index))
        if ratios[best] > 0:
            nearest.append((-ratios[best], best))
    chosen = list(dict.fromkeys(known[index] for _ratio, index in sorted(nearest)))[:count]
    for header in _DEFAULT_HEADERS.values():
        if len(chosen) >= 3:
            break
        if header.replace("\n", "/") not in chosen:
            chosen.append(header.replace("\n", "/"))
    return chosen


def _shown(text: str, limit: int = 12) -> str:
    """A cell's text, short enough to list in a message."""
    text = text.strip().replace("\n", "/")
    return text if len(text) <= limit else text[:limit] + "…"


def _detected_layout(header: _Header, reader: _Reader) -> Layout | None:
    columns = [
        Column(
            role=role,
            header=header.headers.get(col) or _DEFAULT_HEADERS.get(role, role),
            group=header.groups.get(col),
        )
        for col, role in sorted(header.roles.items())
    ]

    def uniform(styles: list[str | None]) -> str | None:
        return styles[0] if styles and all(style == styles[0] for style in styles) else None

    lead_style = reader.lead_style or LeadStyle.COLUMN
    try:
        return Layout(
            columns=columns,
            sections=reader.sections and "action" not in header.roles.values(),
            action_numbering=uniform(reader.action_styles),
            task_numbering=uniform(reader.task_styles),
            merged=not (reader.repeated_cells and not reader.merged_cells),
            leads=lead_style,
        )
    except InvalidPlan:
        return None  # a table read through an odd column mapping: written back in the Shenmu layout


@attrs.frozen
class _Roles:
    """Where each role's columns are in a table, worked out once per table rather than per row."""

    content: int
    content_cols: tuple[int, ...]
    grouping: tuple[tuple[str, int], ...]  # the action and task columns, in that order
    units: tuple[int, ...]
    leads: tuple[int, ...]
    partners: tuple[int, ...]
    deadline: tuple[int, ...]
    extra: tuple[tuple[int, str], ...]
    grouping_cols: frozenset[int]  # the action, task and 序号 columns
    number_cols: frozenset[int]
    has_units: bool  # whether the table has a units, leads or partners column
    unit_note_col: int  # where a unit problem is reported: the units column, else the content column
    has_action: bool
    one_units_column: bool  # the common case: a units column, and no lead or partner column

    @classmethod
    def of(cls, header: _Header) -> _Roles:
        role_cols: dict[str, list[int]] = {}
        for col, role in sorted(header.roles.items()):
            role_cols.setdefault(role, []).append(col)
        content = role_cols["content"][0]
        return cls(
            content=content,
            content_cols=tuple(role_cols["content"]),
            grouping=tuple((role, role_cols[role][0]) for role in ("action", "task") if role in role_cols),
            grouping_cols=frozenset(col for role in ("action", "task", "number") for col in role_cols.get(role, ())),
            number_cols=frozenset(role_cols.get("number", ())),
            has_units=bool({"units", "leads", "partners"} & role_cols.keys()),
            units=tuple(role_cols.get("units", ())),
            leads=tuple(role_cols.get("leads", ())),
            partners=tuple(role_cols.get("partners", ())),
            deadline=tuple(role_cols.get("deadline", ())),
            extra=tuple((col, header.headers.get(col, f"第{col + 1}列")) for col in role_cols.get("extra", ())),
            unit_note_col=role_cols["units"][0] if "units" in role_cols else content,
            has_action="action" in role_cols,
            one_units_column=len(role_cols.get("units", ())) == 1 and not {"leads", "partners"} & role_cols.keys(),
        )


def _grid_values(grid: Grid, width: int) -> tuple[list[list[str | object]], list[list[Cell | None]]]:
    """Each row's value per column (a cell's text where it starts, ``_COVERED`` below that in a
    vertically merged cell, ``""`` elsewhere) and the cell covering each position."""
    nrows, ncols = grid.nrows, grid.ncols
    values: list[list[str | object]] = [[""] * width for _ in range(nrows)]
    owners: list[list[Cell | None]] = [[None] * width for _ in range(nrows)]
    for cell in grid.cells:
        row, col, rowspan = cell.row, cell.col, cell.rowspan
        if rowspan == 1 and cell.colspan == 1 and row < nrows and col < ncols:
            values[row][col] = cell.text
            owners[row][col] = cell
            continue
        if cell.colspan == 1 and col < ncols:  # merged down one column, as most merges are
            end = min(row + rowspan, nrows)
            if row < end:
                values[row][col] = cell.text
                owners[row][col] = cell
            for r in range(row + 1, end):
                values[r][col] = _COVERED
                owners[r][col] = cell
            continue
        for r in range(row, min(row + cell.rowspan, nrows)):
            line = values[r]
            covering = owners[r]
            for c in range(col, min(col + cell.colspan, ncols)):
                line[c] = (cell.text if r == row else _COVERED) if c == col else ""
                covering[c] = cell
    return values, owners


def _read_rows(grid: Grid, rows: list[list[Cell]], start: int, header: _Header, reader: _Reader) -> None:
    if grid.ncols == 0:
        return
    if "content" not in header.roles.values():
        raise LayoutError(Text(N_("no column holds the content (主要内容)")), grid.locate())
    roles = _Roles.of(header)
    content_col = roles.content
    for col, _header in roles.extra:
        reader.note(
            "extra-column",
            Text(N_("column '{header}' kept as extra data"), header=header.headers.get(col, "")),
            grid.locate(header.row, col),
        )
    header_texts = {col: _normalise_header(text) for col, text in header.headers.items() if text}
    # A content cell longer than this cannot repeat the header (see _repeats_header): most rows are
    # told from a header at the cost of a length.
    header_length = 4 * len(header_texts.get(content_col, "")) + 8
    # A row of one cell across every column but the 序号 column is a section row or a note.
    number_cols = [col for col, role in header.roles.items() if role == "number"]
    text_cols = [col for col in range(grid.ncols) if col not in number_cols]
    # A table continuing the first one may have fewer columns: the missing cells are empty.
    width = max([grid.ncols, *(col + 1 for col in header.roles)])
    values, owners = _grid_values(grid, width)
    most_origins = 1 + grid.ncols - len(text_cols)  # a spanning row has one cell but 序号 cells
    pending: list[tuple[str, Location]] = []
    previous_origin: dict[int, Cell] = {}
    repeated_until = start  # the rows of a header of two rows repeated inside the table
    for row in range(start, min(grid.nrows, len(rows))):
        if row < repeated_until:
            continue
        line = values[row]
        texts = [value.strip() if value is not _COVERED else "" for value in line]  # type: ignore[union-attr]
        if not any(texts) and not any(line[col] is _COVERED for col in roles.content_cols):
            reader.note("empty-row", Text(N_("empty row skipped")), grid.locate(row))
            continue
        if (
            header_texts
            and len(texts[content_col]) <= header_length
            and _repeats_header(texts, header_texts, content_col)
        ):
            reader.note("header-repeat", Text(N_("header row repeated inside the table: skipped")), grid.locate(row))
            continue
        if header.height > 1 and _repeats_header(texts, header.first, content_col):
            reader.note("header-repeat", Text(N_("header rows repeated inside the table: skipped")), grid.locate(row))
            repeated_until = row + header.height
            continue
        filled = [text for text in texts if text] if texts.count("") == len(texts) - 1 else ()
        if filled and _NOTE.match(filled[0]) and not any(line[col] is _COVERED for col in roles.content_cols):
            # A note in one cell under (or inside) the table, as a spreadsheet writes it: 注：…
            pending.append((filled[0], grid.locate(row, texts.index(filled[0]))))
            continue
        spanning = _spanning_cell(rows[row], text_cols) if len(rows[row]) <= most_origins else None
        if spanning is not None:
            pending.append((spanning.text.strip(), grid.locate(row, spanning.col)))
            continue
        if pending:
            *notes, (text, where) = pending
            pending = []
            for note, note_where in notes:
                reader.notes.append(note)
                reader.note(
                    "note", Text(N_("row spanning the table kept as a note: '{text}'"), text=note[:20]), note_where
                )
            if roles.has_action or _NOTE.match(text):
                reader.notes.append(text)
                reader.note("note", Text(N_("row spanning the table kept as a note: '{text}'"), text=text[:20]), where)
            else:
                reader.sections = True
                reader.start_action(text, where, merged_group=False)
        for role, col in roles.grouping:
            value = line[col]
            if value is _COVERED:
                reader.merged_cells += 1
                continue
            if not texts[col]:
                continue
            assert isinstance(value, str)
            cell = owners[row][col]
            before = previous_origin.get(col)
            merged_group = before is not None and before.rowspan > 1
            if before is not None and before.text == value and before.rowspan == 1:
                reader.repeated_cells += 1
            if cell is not None:
                previous_origin[col] = cell
            if role == "action":
                reader.start_action(value, grid.locate(row, col), merged_group=merged_group)
            elif reader.current is not None:
                reader.start_task(value, grid.locate(row, col), merged_group=merged_group)
        content = texts[content_col]
        if reader.current is None or reader.duties is None:
            where = grid.locate(row, content_col)
            if reader.current is None and roles.has_action:
                reason = Text(N_("this row has no action (no action cell here or above)"))
            elif reader.current is None:
                found = "、".join(header.headers[col] for col in sorted(header.roles) if header.headers.get(col))
                reason = Text(
                    N_(
                        "this row has no action: the table has no action column and no section row above it "
                        "(columns: {found}; give the column of actions the role action)"
                    ),
                    found=found,
                )
            else:
                reason = Text(N_("this row has no task (no task cell here or above)"))
            reader.unread("row-unread", reason, texts, where)
            continue
        if not content:
            where = grid.locate(row, content_col)
            others = [
                text
                for col, text in enumerate(texts)
                if text and (col not in roles.grouping_cols or (col in roles.number_cols and not text.isdigit()))
            ]
            if others:
                reader.unread("row-without-content", Text(N_("this row has no content (主要内容)")), others, where)
            continue
        reader.duties.append(_duty(content, texts, roles, grid, row, reader))
    for text, where in pending:
        reader.notes.append(text)
        reader.note("note", Text(N_("row spanning the table kept as a note: '{text}'"), text=text[:20]), where)


def _repeats_header(texts: Sequence[str], header_texts: Mapping[int, str], content_col: int) -> bool:
    """Whether a row repeats the header row (a table pasted page by page)."""
    content = texts[content_col]
    expected = header_texts.get(content_col, "")
    # A header cell is short: a long content cell cannot be one (and needs no normalising to tell).
    if len(content) > 4 * len(expected) + 8 or _normalise_header(content) != expected:
        return False
    return all(_normalise_header(texts[col] if col < len(texts) else "") == text for col, text in header_texts.items())


def _spanning_cell(origins: Sequence[Cell], text_cols: Sequence[int]) -> Cell | None:
    """The one cell spanning all the text columns of a row, if the row is just that."""
    if len(text_cols) < 2:
        return None
    inside = [cell for cell in origins if any(cell.col <= col < cell.col + cell.colspan for col in text_cols)]
    if len(inside) != 1:
        return None
    cell = inside[0]
    if cell.col <= text_cols[0] and cell.col + cell.colspan > text_cols[-1] and cell.text.strip():
        return cell
    return None


def _column_text(texts: Sequence[str], cols: tuple[int, ...]) -> str:
    """The (stripped) text of a role's column, or of its columns one per line."""
    if not cols:
        return ""
    if len(cols) == 1:
        return texts[cols[0]]
    return "\n".join(text for text in (texts[col] for col in cols) if text)


_NO_EXTRA: Final = Extra()


class _RowUnits(NamedTuple):
    """What the unit cells of a row come to, worked out once per distinct cell texts in a read."""

    units: tuple[Unit, ...]
    leads: tuple[Unit, ...]
    noted: tuple[_Units, ...]  # the cells that need a note: units repeated, spaces, lead marks
    lead_column: bool  # whether a lead column names a unit
    wording: Wording | None = None
    rejected: tuple[str, ...] = ()  # what could not be read as a unit name


def _row_units(cells: tuple[str, str, str], roles: _Roles, reader: _Reader) -> _RowUnits:
    """The units and leads of a row from its units, leads and partners cells."""
    units, lead_column, partners = map(_split_units, cells)
    noted = tuple(
        parsed
        for parsed in (units, lead_column, partners)
        if parsed.repeated or parsed.spaces or parsed.marks or parsed.groups
    )
    if not (lead_column.names or units.leads or partners.names):
        # The common case, one units column without lead marks: the names as they stand.
        names: Sequence[str] = units.names
        leads: Sequence[str] = ()
    else:
        leads = list(dict.fromkeys([*lead_column.names, *units.leads, *partners.leads]))
        if not roles.units or units.groups:
            names = [*leads, *units.names, *partners.names]
        else:
            names = [*units.names, *(name for name in leads if name not in units.names), *partners.names]
        names = list(dict.fromkeys(names))
    rejected: list[str] = [*units.rejected, *lead_column.rejected, *partners.rejected]
    wording = None
    if units.pieces is not None or lead_column.pieces is not None or partners.pieces is not None:
        wording = Wording(units=units.pieces, leads=lead_column.pieces, partners=partners.pieces)
    found = reader.units(names, rejected)
    return _RowUnits(
        found,
        reader.units(leads, []) if leads else (),
        noted,
        bool(lead_column.names),
        wording,
        tuple(dict.fromkeys(rejected)),
    )


def _note_units(found: _RowUnits, where: Location, reader: _Reader) -> None:
    """Note what was interpreted in a row's unit cells, and how the table marks leads."""
    for parsed in found.noted:
        if parsed.repeated:
            reader.note(
                "unit-repeated",
                Text(N_("unit(s) listed twice in one cell: {units}"), units="、".join(parsed.repeated)),
                where,
                Severity.WARNING,
            )
        if parsed.spaces:
            reader.note("unit-spaces", Text(N_("unit names separated by spaces")), where)
        if parsed.marks or parsed.groups:
            reader.note(
                "lead-mark",
                Text(N_("lead mark read: {leads} lead"), leads="、".join(parsed.leads) or Text(N_("none"))),
                where,
            )
            reader.lead_style = reader.lead_style or (LeadStyle.MARK if parsed.marks else LeadStyle.GROUP)
    if found.lead_column:
        reader.lead_style = LeadStyle.COLUMN


def _duty(content: str, texts: Sequence[str], roles: _Roles, grid: Grid, row: int, reader: _Reader) -> Duty:
    if roles.one_units_column:
        cells = (texts[roles.units[0]], "", "")
    else:
        cells = (
            _column_text(texts, roles.units),
            _column_text(texts, roles.leads),
            _column_text(texts, roles.partners),
        )
    extra = Extra({header: texts[col] for col, header in roles.extra if texts[col]}) if roles.extra else _NO_EXTRA
    found = reader.row_units.get(cells)
    if found is None:
        found = reader.row_units[cells] = _row_units(cells, roles, reader)
    if found.noted or found.lead_column:
        _note_units(found, grid.locate(row, roles.unit_note_col), reader)
    if found.rejected:
        reader.unread(
            "unit-unreadable",
            Text(N_("cannot read {names} as the name of a unit"), names="、".join(found.rejected)),
            ["\n".join(cell for cell in cells if cell)],
            grid.locate(row, roles.unit_note_col),
        )
    elif not found.units and roles.has_units:
        reader.note(
            "no-units",
            Text(N_("this duty names no responsible unit")),
            grid.locate(row, roles.unit_note_col),
            Severity.WARNING,
        )
    try:
        return Duty(
            content=content,
            units=found.units,
            leads=found.leads,
            deadline=(_column_text(texts, roles.deadline) or None) if roles.deadline else None,
            extra=extra,
            wording=found.wording if not found.rejected else None,
        )
    except InvalidPlan as error:
        raise LayoutError(
            Text(N_("this row breaks a rule: {reason}"), reason=error.args[0]), grid.locate(row, roles.content)
        ) from None


# --- writing -------------------------------------------------------------------------------------


def _columns_for(plan: Plan, layout: Layout) -> list[Column]:
    """The layout's columns, with those added that the plan needs so that nothing is lost."""
    columns = list(layout.columns)
    roles = [column.role for column in columns]
    duties = plan.duties

    def insert_after(roles_before: Sequence[str], column: Column) -> None:
        index = max((i for i, c in enumerate(columns) if c.role in roles_before), default=len(columns) - 1)
        columns.insert(index + 1, column)

    if any(duty.units for duty in duties) and not {"units", "leads", "partners"} & set(roles):
        insert_after(("content",), Column(role="units", header=_DEFAULT_HEADERS["units"]))
    if layout.leads is LeadStyle.COLUMN and any(duty.leads for duty in duties) and "leads" not in roles:
        index = next((i for i, c in enumerate(columns) if c.role in ("units", "partners")), len(columns))
        columns.insert(index, Column(role="leads", header=_DEFAULT_HEADERS["leads"]))
    roles = [column.role for column in columns]
    lone_leads = "leads" in roles and "units" not in roles and "partners" not in roles
    if lone_leads and any(set(duty.units) - set(duty.leads) for duty in duties):
        insert_after(("leads",), Column(role="partners", header=_DEFAULT_HEADERS["partners"]))
    if any(duty.deadline is not None for duty in duties) and "deadline" not in roles:
        columns.append(Column(role="deadline", header=_DEFAULT_HEADERS["deadline"]))
    known = {column.header for column in columns}
    for header in dict.fromkeys(key for duty in duties for key in duty.extra):
        if header not in known:
            columns.append(Column(role="extra", header=header))
    return columns


def _duty_cell(duty: Duty, column: Column, columns: Sequence[Column], style: LeadStyle, number: int) -> str:
    role = column.role
    roles = {c.role for c in columns}
    if role == "content":
        return duty.content
    if role == "number":
        return str(number)
    wording = duty.wording
    if role == "units":
        return _format_units(duty, style, lead_column="leads" in roles)
    if role == "leads":
        if wording is not None and wording.leads is not None:
            worded = _worded(wording.leads, duty.leads, (), marks=False)
            if worded is not None:
                return worded
        if "units" not in roles and _partners_with_leads(duty) is not None:
            return ""  # the partner cell marks the leads itself (A（牵头）、B)
        return "\n".join(unit.name for unit in duty.leads)
    if role == "partners":
        if "units" in roles:
            return ""
        others = [unit for unit in duty.units if unit not in duty.leads]
        if wording is not None and wording.partners is not None:
            worded = _worded(wording.partners, others, (), marks=False)
            if worded is not None:
                return worded
        worded = _partners_with_leads(duty) if "leads" in roles else None
        if worded is not None:
            return worded
        return "\n".join(unit.name for unit in others)
    if role == "deadline":
        return duty.deadline or ""
    if role == "extra":
        return duty.extra.get(column.header, "")
    return ""


def _partners_with_leads(duty: Duty) -> str | None:
    """The partner cell in its own words where it named every unit and marked the leads itself
    (``A牵头，B配合`` under 配合单位, with the lead column empty), else None."""
    wording = duty.wording
    if wording is None or wording.partners is None or wording.leads is not None or not duty.leads:
        return None
    if not any(_lead_slots(wording.partners)):
        return None
    return _worded(wording.partners, duty.units, duty.leads, marks=True)


def normalise_for(plan: Plan, layout: Layout | None = None) -> Plan:
    """The plan as it reads back from a table in ``layout``.

    Where the layout separates lead units from the others (``A牵头，B配合``, or a lead column beside
    a partner column with no column of all units), each duty lists its leads first; where it marks
    leads in the units cell (``A（牵头）``), the leads come in the units' order.  Every other part
    is kept as it is.
    """
    layout = layout or plan.layout or SHENMU
    roles = {column.role for column in _columns_for(plan, layout)}
    separated = layout.leads is LeadStyle.GROUP or "units" not in roles
    marked = layout.leads is LeadStyle.MARK and "leads" not in roles
    if not separated and not marked:
        return plan

    def reorder(duty: Duty) -> Duty:
        if separated:
            others = [unit for unit in duty.units if unit not in duty.leads]
            return attrs.evolve(duty, units=[*duty.leads, *others])
        return attrs.evolve(duty, leads=[unit for unit in duty.units if unit in duty.leads])

    return attrs.evolve(
        plan,
        actions=[
            attrs.evolve(
                action,
                tasks=[attrs.evolve(task, duties=[reorder(d) for d in task.duties]) for task in action.tasks],
            )
            for action in plan.actions
        ],
    )


def target_spans(content: str) -> tuple[tuple[int, int], ...]:
    """Where each target found in ``content`` stands, as ``(start, end)`` character ranges.

    >>> target_spans("每年开展“科学实验秀”10场次，推行体验式学习。")
    ((0, 15),)
    """
    from kepu_plan.targets import find_targets

    spans: list[tuple[int, int]] = []
    position = 0
    for target in find_targets(content):
        start = content.find(target.text, position)
        if start < 0:
            start = content.find(target.text)
        if start >= 0:
            spans.append((start, start + len(target.text)))
            position = start + len(target.text)
    return tuple(spans)


def _header_cells(columns: Sequence[Column]) -> list[Cell]:
    """The header row, or two rows when columns stand under groups (``责任单位`` over ``牵头单位 |
    配合单位``): a group spans its neighbouring columns, and a column without one spans both rows."""
    if all(column.group is None for column in columns):
        return [Cell(row=0, col=col, text=column.header) for col, column in enumerate(columns)]
    upper: list[Cell] = []
    lower: list[Cell] = []
    col = 0
    while col < len(columns):
        group = columns[col].group
        if group is None:
            upper.append(Cell(row=0, col=col, text=columns[col].header, rowspan=2))
            col += 1
            continue
        end = col
        while end < len(columns) and columns[end].group == group:
            header = columns[end].header
            # An extra column under a group is named "group/name" (see _refine_with_subheaders).
            shown = (
                header[len(group) + 1 :] if header.startswith(f"{group}/") and columns[end].role == "extra" else header
            )
            lower.append(Cell(row=1, col=end, text=shown))
            end += 1
        upper.append(Cell(row=0, col=col, text=group, colspan=end - col))
        col = end
    return upper + lower


def document_from_plan(plan: Plan, layout: Layout | None = None, *, mark_targets: bool = False) -> Document:
    """The plan laid out as a grid in ``layout`` (default: the plan's own layout, else Shenmu's).

    Columns the plan needs but the layout lacks (a lead column, a deadline, extra columns) are
    added, so that nothing is lost.  With ``mark_targets`` each content cell carries the character
    ranges of its targets in ``bold_spans``, for writers that can set them in bold.
    """
    layout = layout or plan.layout or SHENMU
    columns = _columns_for(plan, layout)
    ncols = len(columns)
    cells = _header_cells(columns)
    header_rows = cells[-1].row + 1
    action_col = next((i for i, c in enumerate(columns) if c.role == "action"), None)
    task_col = next(i for i, c in enumerate(columns) if c.role == "task")
    row = header_rows
    number = 0
    for a, action in enumerate(plan.actions, start=1):
        action_text = _numbered(layout.action_numbering, a, format_action_cell(action))
        if layout.sections:
            cells.append(Cell(row=row, col=0, text=action_text, colspan=ncols))
            row += 1
        elif layout.merged and action_col is not None:
            cells.append(Cell(row=row, col=action_col, text=action_text, rowspan=len(action.duties)))
        for t, task in enumerate(action.tasks, start=1):
            task_text = _numbered(layout.task_numbering, t, task.name)
            if layout.merged:
                cells.append(Cell(row=row, col=task_col, text=task_text, rowspan=len(task.duties)))
            for duty in task.duties:
                number += 1
                for col, column in enumerate(columns):
                    if column.role == "action" and layout.merged:
                        continue
                    if column.role == "task" and layout.merged:
                        continue
                    if column.role == "action":
                        text = action_text
                    elif column.role == "task":
                        text = task_text
                    else:
                        text = _duty_cell(duty, column, columns, layout.leads, number)
                    if mark_targets and column.role == "content":
                        cells.append(Cell(row=row, col=col, text=text, bold_spans=target_spans(text)))
                        continue
                    cells.append(Cell(row=row, col=col, text=text))
                row += 1
    grid = Grid(
        nrows=row,
        ncols=ncols,
        cells=tuple(cells),
        header_rows=header_rows,
        column_roles=tuple(column.role for column in columns),
    )
    return Document(tables=(grid,), label=plan.label, title=plan.title, notes=plan.notes)
