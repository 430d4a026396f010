"""What an allocation table's layout means, in one place for every format.

:func:`plan_from_document` turns the grids a reader found into a Plan: it finds the header row by
its texts, gives each column a role (action, task, content, units, leads, partners, deadline,
number, or extra), follows vertical merges and page-top repeats, parses lead marks and splits unit
lists.  :func:`document_from_plan` lays a Plan out as a grid for the writers.

Normalisations a reader makes (documented, tested):

- leading and trailing whitespace of a cell is dropped (the model allows none);
- the lines of a name cell (action, task) are joined without a separator, as are title lines;
- an action whose name ends in neither 行动 nor 工程 gets ``ActionKind.ACTION``;
- an empty action or task cell continues the one above, like a vertically merged cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import attrs

from kepu_plan.errors import InvalidPlan, LayoutError, Location
from kepu_plan.grid import Cell, Document, Grid
from kepu_plan.model import Action, ActionKind, Duty, Extra, Plan, Task, Unit

__all__ = [
    "HEADERS",
    "KNOWN_HEADERS",
    "ROLES",
    "document_from_plan",
    "format_action_cell",
    "parse_action_cell",
    "parse_units",
    "plan_from_document",
]

#: The roles a column can have.
ROLES: Final = ("action", "task", "content", "units", "leads", "partners", "deadline", "number", "extra")

#: Header texts by role.  ``重点任务`` is an action when another column holds tasks, else a task.
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

_HEADER_NOISE = re.compile(r"[\s/／、]+")
_LABEL = re.compile(r"^附件\s*[0-9０-９一二三四五六七八九十]*\s*[:：]?$")
_LEAD_CELL = re.compile(r"^(?P<name>.*?)\s*[（(](?P<leads>[^（）()]*?)\s*牵头\s*[）)]$", re.DOTALL)
_MAJOR_SEPARATORS = re.compile(r"[\n，,；;]+")
_MINOR_SEPARATORS = re.compile(r"[、\s]+")
_UNIT_ROLE = re.compile(r"^(?P<name>.+?)[（(](?P<role>牵头|配合)[）)]$")
_NOTE = re.compile(r"^(注|备注|说明)\s*[0-9０-９]*\s*[:：]")
_SCAN_ROWS: Final = 30


def _normalise_header(text: str) -> str:
    return _HEADER_NOISE.sub("", text)


_ROLE_BY_HEADER: Final = {_normalise_header(h): role for role, hs in HEADERS.items() for h in hs}


# --- cell texts ----------------------------------------------------------------------------------


def parse_action_cell(text: str) -> tuple[str, tuple[str, ...]]:
    """The action name and its lead units from an action cell.

    >>> parse_action_cell("青少年科学素质提升行动（市教体局、市科协、职业技术学院牵头）")
    ('青少年科学素质提升行动', ('市教体局', '市科协', '职业技术学院'))
    >>> parse_action_cell("科普基础设施工程(市科协牵头)")
    ('科普基础设施工程', ('市科协',))
    """
    text = "".join(line.strip() for line in text.strip().split("\n"))
    match = _LEAD_CELL.match(text)
    if match is None or not match["name"]:
        return text, ()
    leads = tuple(name for name in _MINOR_SEPARATORS.split(_MAJOR_SEPARATORS.sub("、", match["leads"])) if name)
    return match["name"], leads


def format_action_cell(action: Action) -> str:
    """The action cell as the Shenmu table writes it: ``名称（A、B牵头）``."""
    if not action.leads:
        return action.name
    return f"{action.name}（{'、'.join(unit.name for unit in action.leads)}牵头）"


def parse_units(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Unit names and, of them, those marked as leading, from a units cell.

    Units are separated by line breaks, 、，,；; or runs of spaces; a unit marked ``（牵头）`` or a
    group written ``A、B牵头`` leads.

    >>> parse_units("市教体局\\n市科协")
    (('市教体局', '市科协'), ())
    >>> parse_units("市科协牵头，市教体局、团市委配合")
    (('市科协', '市教体局', '团市委'), ('市科协',))
    >>> parse_units("市科协（牵头） 市教体局")
    (('市科协', '市教体局'), ('市科协',))
    """
    units: list[str] = []
    leads: list[str] = []
    for segment in _MAJOR_SEPARATORS.split(text):
        segment = segment.strip()
        group_role: str | None = None
        for mark in ("牵头", "配合"):
            if segment.endswith(mark) and not re.search(r"[（(]" + mark + r"[）)]$", segment):
                group_role, segment = mark, segment[: -len(mark)].strip()
        for name in _MINOR_SEPARATORS.split(segment):
            if not name:
                continue
            role: str | None = group_role
            marked = _UNIT_ROLE.match(name)
            if marked is not None:
                name, role = marked["name"], marked["role"]
            if name not in units:
                units.append(name)
            if role == "牵头" and name not in leads:
                leads.append(name)
    return tuple(units), tuple(leads)


# --- reading -------------------------------------------------------------------------------------

_COVERED: Final = object()


@attrs.frozen
class _Columns:
    header_row: int
    header_height: int
    roles: dict[int, str]
    headers: dict[int, str]


def _header_roles(cells: Sequence[Cell], columns: Mapping[str, str]) -> dict[int, str]:
    roles: dict[int, str] = {}
    extra_synonyms = {_normalise_header(header): role for header, role in columns.items()}
    for cell in cells:
        key = _normalise_header(cell.text)
        role = extra_synonyms.get(key) or _ROLE_BY_HEADER.get(key)
        if role is not None:
            roles[cell.col] = role
    # 重点任务 is the action column when another column holds the tasks.
    task_cols = [col for col, role in roles.items() if role == "task"]
    if len(task_cols) > 1 and "action" not in roles.values():
        texts = {cell.col: _normalise_header(cell.text) for cell in cells}
        for col in task_cols:
            if texts[col] == "重点任务":
                roles[col] = "action"
                break
    return roles


def _find_columns(grid: Grid, rows: list[list[Cell]], columns: Mapping[str, str]) -> _Columns | None:
    for index, cells in enumerate(rows[:_SCAN_ROWS]):
        roles = _header_roles(cells, columns)
        if "content" in roles.values() and len(roles) >= 2:
            headers = {cell.col: cell.text.strip() for cell in cells}
            for cell in cells:
                if cell.col not in roles and cell.text.strip():
                    roles[cell.col] = "extra"
            height = max((cell.rowspan for cell in cells), default=1)
            return _Columns(index, height, roles, headers)
    return None


def _owner_map(grid: Grid) -> list[list[Cell | None]]:
    owners: list[list[Cell | None]] = [[None] * grid.ncols for _ in range(grid.nrows)]
    for cell in grid.cells:
        for row in range(cell.row, min(cell.row + cell.rowspan, grid.nrows)):
            for col in range(cell.col, min(cell.col + cell.colspan, grid.ncols)):
                owners[row][col] = cell
    return owners


class _Builder:
    """Collects actions, tasks and duties row by row."""

    def __init__(self) -> None:
        self.actions: list[tuple[str, tuple[str, ...], list[tuple[str, list[Duty]]], Location]] = []
        self.notes: list[str] = []

    def start_action(self, name: str, leads: tuple[str, ...], where: Location) -> None:
        if self.actions and self.actions[-1][0] == name:
            return  # a page-top repeat continues the action
        for earlier, _, _, first in self.actions:
            if earlier == name:
                raise LayoutError(
                    f"action {name!r} starts again after other actions (first at {first})",
                    where,
                    hint="an action's rows must stand together",
                )
        self.actions.append((name, leads, [], where))

    def start_task(self, name: str, where: Location) -> None:
        tasks = self.actions[-1][2]
        if tasks and tasks[-1][0] == name:
            return  # a page-top repeat continues the task
        if any(earlier == name for earlier, _ in tasks):
            raise LayoutError(f"task {name!r} starts again after other tasks of its action", where)
        tasks.append((name, []))

    def build(self, label: str | None, title: str, file: str | None) -> Plan:
        built: list[Action] = []
        for name, leads, tasks, where in self.actions:
            try:
                kind = next((k for k in ActionKind if name.endswith(k.value)), ActionKind.ACTION)
                built.append(
                    Action(
                        name=name,
                        kind=kind,
                        leads=[Unit(name=lead) for lead in leads],
                        tasks=[Task(name=task, duties=duties) for task, duties in tasks],
                    )
                )
            except InvalidPlan as error:
                raise LayoutError(f"this action breaks a rule: {error}", where) from None
        if not built:
            raise LayoutError("the table has a header but no rows below it", Location(file=file))
        try:
            return Plan(title=title, label=label, actions=built, notes=self.notes)
        except InvalidPlan as error:
            raise LayoutError(f"the plan breaks a rule: {error}", Location(file=file)) from None


def _preamble(lines: Iterable[str]) -> tuple[str | None, str]:
    label: str | None = None
    title: list[str] = []
    for line in lines:
        for part in line.split("\n"):
            part = part.strip()
            if not part:
                continue
            if label is None and not title and _LABEL.match(part):
                label = part
            else:
                title.append(part)
    return label, "".join(title)


def _cell_value(owners: list[list[Cell | None]], row: int, col: int) -> str | object:
    owner = owners[row][col]
    if owner is None or owner.col != col:
        return ""
    if owner.row != row:
        return _COVERED
    return owner.text


def plan_from_document(document: Document, *, columns: Mapping[str | int, str] | None = None) -> Plan:
    """The plan held by a document's tables.

    ``columns`` maps header texts (or 1-based column numbers) to roles (:data:`ROLES`) for tables
    whose headers are not recognised.
    """
    by_header: dict[str, str] = {}
    by_index: dict[int, str] = {}
    for key, role in (columns or {}).items():
        if role not in ROLES:
            raise ValueError(f"unknown column role {role!r}; the roles are {', '.join(ROLES)}")
        if isinstance(key, int):
            by_index[key - 1] = role
        else:
            by_header[key] = role
    builder = _Builder()
    preamble: list[str] = list(document.preamble)
    layout: _Columns | None = None
    found: list[str] = []
    for grid in document.tables:
        rows = list(grid.rows())
        columns_here = _find_columns(grid, rows, by_header)
        if columns_here is None:
            if layout is None:
                found.extend(cell.text.replace("\n", "/") for row in rows[:_SCAN_ROWS] for cell in row if cell.text)
                preamble.extend(cell.text for row in rows for cell in row)
                continue
            start = 0  # a table continuing the first one without a header of its own
            this = layout
        else:
            if layout is None:
                preamble.extend(cell.text for row in rows[: columns_here.header_row] for cell in row)
            start = columns_here.header_row + columns_here.header_height
            this = columns_here if layout is None else layout
        roles = dict(this.roles)
        for index, role in by_index.items():
            roles[index] = role
        layout = this
        _read_rows(grid, rows, start, roles, this.headers, builder)
    if layout is None:
        known = "、".join(dict.fromkeys(h.replace("\n", "/") for h in KNOWN_HEADERS))
        shown = "、".join(found[:12]) or "nothing"
        raise LayoutError(
            f"no table with a recognisable header row; found {shown}; known headers: {known}",
            Location(file=document.file),
            hint='name the columns with columns={"表头文字": "content", ...}',
        )
    label, title = _preamble(preamble)
    builder.notes.extend(line.strip() for line in document.trailer if line.strip())
    return builder.build(label, title, document.file)


def _read_rows(
    grid: Grid,
    rows: list[list[Cell]],
    start: int,
    roles: dict[int, str],
    headers: dict[int, str],
    builder: _Builder,
) -> None:
    if grid.ncols == 0:
        return
    owners = _owner_map(grid)
    header_texts = {col: _normalise_header(text) for col, text in headers.items()}
    role_cols: dict[str, list[int]] = {}
    for col, role in sorted(roles.items()):
        role_cols.setdefault(role, []).append(col)
    if "content" not in role_cols:
        raise LayoutError("no column holds the content (主要内容)", grid.locate())
    content_col = role_cols["content"][0]
    pending_notes: list[str] = []
    for row in range(start, grid.nrows):
        values = {col: _cell_value(owners, row, col) for col in range(grid.ncols)}
        texts = {col: value.strip() for col, value in values.items() if isinstance(value, str)}
        if not any(texts.values()) and not any(
            value is _COVERED and roles.get(col) == "content" for col, value in values.items()
        ):
            continue  # an empty row
        if header_texts and all(_normalise_header(texts.get(col, "")) == text for col, text in header_texts.items()):
            continue  # the header row repeated (a table pasted page by page)
        origins = rows[row]
        if len(origins) == 1 and origins[0].colspan >= grid.ncols and grid.ncols > 1:
            text = origins[0].text.strip()
            if _NOTE.match(text) or "action" in role_cols:
                pending_notes.append(text)
            else:
                name, leads = parse_action_cell(text)
                builder.notes.extend(pending_notes)
                pending_notes = []
                builder.start_action(name, leads, grid.locate(row, 0))
            continue
        if pending_notes:
            builder.notes.extend(pending_notes)
            pending_notes = []
        where = grid.locate(row, content_col)
        if "action" in role_cols:
            value = values[role_cols["action"][0]]
            if isinstance(value, str) and value.strip():
                name, leads = parse_action_cell(value)
                builder.start_action(name, leads, grid.locate(row, role_cols["action"][0]))
        if not builder.actions:
            raise LayoutError("this row has no action (no action cell here or above)", where)
        if "task" in role_cols:
            task_col = role_cols["task"][0]
            value = values[task_col]
            if isinstance(value, str) and value.strip():
                builder.start_task(
                    "".join(line.strip() for line in value.strip().split("\n")), grid.locate(row, task_col)
                )
        if not builder.actions[-1][2]:
            raise LayoutError("this row has no task (no task cell here or above)", where)
        content = values[content_col]
        if not isinstance(content, str) or not content.strip():
            raise LayoutError("this row has no content (主要内容)", where, hint="every duty row needs its content")
        builder.actions[-1][2][-1][1].append(_duty(content.strip(), values, role_cols, headers, grid, row))
    builder.notes.extend(pending_notes)


def _duty(
    content: str,
    values: dict[int, str | object],
    role_cols: dict[str, list[int]],
    headers: dict[int, str],
    grid: Grid,
    row: int,
) -> Duty:
    def text(role: str) -> str:
        found = [values[col] for col in role_cols.get(role, ())]
        return "\n".join(value.strip() for value in found if isinstance(value, str) and value.strip())

    units, marked = parse_units(text("units"))
    leads_column, _ = parse_units(text("leads"))
    partners, _ = parse_units(text("partners"))
    leads = list(dict.fromkeys([*leads_column, *marked]))
    if "leads" in role_cols and "units" not in role_cols:
        all_units = [*leads, *partners]
    else:
        all_units = [*units, *(name for name in leads if name not in units), *partners]
    deadline = text("deadline") or None
    extra = {
        headers[col]: value.strip()
        for col in role_cols.get("extra", ())
        if isinstance((value := values[col]), str) and value.strip()
    }
    try:
        return Duty(
            content=content,
            units=list(dict.fromkeys(all_units)),
            leads=leads,
            deadline=deadline,
            extra=Extra(extra),
        )
    except InvalidPlan as error:
        raise LayoutError(f"this row breaks a rule: {error}", grid.locate(row, role_cols["content"][0])) from None


# --- writing -------------------------------------------------------------------------------------


def document_from_plan(plan: Plan) -> Document:
    """The Shenmu layout of a plan: action, task, content, [leads], units, [deadline], [extras].

    Action and task cells span their duties' rows; units are one per line.
    """
    duties = plan.duties
    columns: list[tuple[str, str]] = [
        ("action", "重点行动\n重点工程"),
        ("task", "主要任务"),
        ("content", "主要内容"),
    ]
    if any(duty.leads for duty in duties):
        columns.append(("leads", "牵头单位"))
    columns.append(("units", "负责单位"))
    if any(duty.deadline is not None for duty in duties):
        columns.append(("deadline", "完成时限"))
    extra_headers = list(dict.fromkeys(key for duty in duties for key in duty.extra))
    columns.extend(("extra", header) for header in extra_headers)
    cells = [Cell(row=0, col=col, text=header) for col, (_, header) in enumerate(columns)]
    row = 1
    for action in plan.actions:
        action_rows = len(action.duties)
        cells.append(Cell(row=row, col=0, text=format_action_cell(action), rowspan=action_rows))
        for task in action.tasks:
            cells.append(Cell(row=row, col=1, text=task.name, rowspan=len(task.duties)))
            for duty in task.duties:
                for col, (role, header) in enumerate(columns[2:], start=2):
                    cells.append(Cell(row=row, col=col, text=_duty_cell(duty, role, header)))
                row += 1
    grid = Grid(
        nrows=row,
        ncols=len(columns),
        cells=tuple(cells),
        header_rows=1,
        column_roles=tuple(role for role, _ in columns),
    )
    return Document(tables=(grid,), label=plan.label, title=plan.title, notes=plan.notes)


def _duty_cell(duty: Duty, role: str, header: str) -> str:
    if role == "content":
        return duty.content
    if role == "units":
        return "\n".join(unit.name for unit in duty.units)
    if role == "leads":
        return "\n".join(unit.name for unit in duty.leads)
    if role == "deadline":
        return duty.deadline or ""
    return duty.extra.get(header, "")
