"""The reader's state: the actions, tasks and duties read so far, and what it noted doing so."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from itertools import islice

import attrs

from kepu_plan._grammar.cells import strip_numbering
from kepu_plan._i18n import N_, Text
from kepu_plan.diagnostics import Diagnostic, Severity
from kepu_plan.errors import InvalidPlan, LayoutError, Location
from kepu_plan.layout._cells import _action_cell, _join_lines, _units_named
from kepu_plan.layout._detection import _shown
from kepu_plan.model import (
    Action,
    ActionKind,
    Duty,
    Layout,
    LeadStyle,
    Plan,
    Task,
    Unit,
    Wording,
)
from kepu_plan.model._trusted import action_names_hold, names_hold, trusted_action, trusted_tasks

_NOTE = re.compile(r"^(注|备注|说明)\s*[0-9０-９]*\s*[:：]")


@attrs.define
class _PendingAction:
    name: str
    leads: tuple[str, ...]
    locate: Callable[[], Location]  # where its cell is (made where it is needed)
    wording: tuple[str, ...] | None = None
    #: Each task by its name, in the order read: its duties and where its cell is.
    tasks: dict[str, tuple[list[Duty], Callable[[], Location]]] = attrs.Factory(dict)

    @property
    def where(self) -> Location:
        return self.locate()


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
        self._task_names: dict[str, tuple[str, str | None]] = {}  # each task cell's name and numbering
        self.sections = False
        #: Whether the table has no task column: each action's rows are one task named as the action.
        self.two_levels = False
        #: Why the first row (or cell) set aside was not read, and where: the error when none is read.
        self.first_unread: tuple[str, Location] | None = None

    def note(self, code: str, message: str, where: Location, severity: Severity = Severity.INFO) -> None:
        if severity is Severity.WARNING and self.strict:
            raise LayoutError(message, where, hint=Text(N_("read without strict=True to read the other rows")))
        if self.diagnostics is not None:
            self.diagnostics.append(Diagnostic(code=code, message=message, location=where, severity=severity))

    def unread(self, code: str, message: str, texts: Iterable[str], where: Location) -> None:
        """A row (or cell) that cannot be read: a warning, and its text kept as a note of the plan."""
        text = " | ".join(text for text in texts if text)
        if self.first_unread is None:
            self.first_unread = (message, where)
        self.note(
            code,
            Text(N_("{reason}; its text is kept in the plan's notes: '{text}'"), reason=message, text=_shown(text, 40)),
            where,
            Severity.WARNING,
        )
        self.notes.append(f"未读入（{_position(where)}）：{text}")

    def _numbering(self, text: str, name: str, locate: Callable[[], Location]) -> None:
        if self.diagnostics is None:  # a note no one reads (not a warning: strict does not matter)
            return
        self.note(
            "numbering",
            Text(
                N_("numbering '{numbering}' is not part of the name"), numbering=text[: len(text) - len(name)].strip()
            ),
            locate(),
        )

    def start_action(self, text: str, locate: Callable[[], Location], *, merged_group: bool) -> None:
        """An action's cell (or a section row) read; ``locate`` gives its position (made only where
        it is needed)."""
        name_cell, leads, wording = _action_cell(text)  # name_cell: its lines joined
        current = self.current
        name, style = strip_numbering(name_cell)
        if current is not None and current.name == name:
            if merged_group and self.diagnostics is not None:
                self.note(
                    "page-top-repeat",
                    Text(N_("action '{name}' written again (a page-top repeat): joined"), name=name),
                    locate(),
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
                    locate(),
                    Severity.WARNING,
                )
            return
        self.action_styles.append(style)
        if style is not None:
            self._numbering(name_cell, name, locate)
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
                locate(),
                Severity.WARNING,
            )
            self.current, self.duties, self.task_name = earlier, None, None
            if self.two_levels:
                self.duties, self.task_name = earlier.tasks[name][0], name
            return
        if leads and self.diagnostics is not None:
            self.note(
                "lead-mark",
                Text(N_("leads of action '{name}' read from its cell: {leads}"), name=name, leads="、".join(leads)),
                locate(),
            )
        pending = _PendingAction(name, leads, locate, wording)
        self.actions.append(pending)
        self.by_name[name] = pending
        self.current, self.duties, self.task_name = pending, None, None
        if self.two_levels:  # the action's rows are its one task's, named as the action
            self.duties, self.task_name = [], name
            pending.tasks[name] = (self.duties, locate)

    def start_task(self, text: str, where: Callable[[], Location], *, merged_group: bool) -> None:
        """A task's cell read; ``where`` gives its position (made only where it is needed: a row
        of many starts a task)."""
        current = self.current
        assert current is not None
        known = self._task_names.get(text)
        if known is None:  # a table without merged cells writes the task again on each of its rows
            known = self._task_names[text] = strip_numbering(_join_lines(text))
        name, style = known
        if self.duties is not None and self.task_name == name:
            if merged_group and self.diagnostics is not None:
                self.note(
                    "page-top-repeat",
                    Text(N_("task '{name}' written again (a page-top repeat): joined"), name=name),
                    where(),
                )
            return
        self.task_styles.append(style)
        if style is not None:
            self._numbering(text, name, where)
        earlier = current.tasks.get(name)
        if earlier is not None:
            self.note(
                "task-again",
                Text(
                    N_("task '{name}' starts again after other tasks of its action: its rows are read into it"),
                    name=name,
                ),
                where(),
                Severity.WARNING,
            )
            self.duties, self.task_name = earlier[0], name
            return
        self.duties, self.task_name = [], name
        current.tasks[name] = (self.duties, where)

    def _action_leads(self, names: tuple[str, ...]) -> Sequence[Unit]:
        """An action's leads: the units read before (each name checked once per read), or where a
        name is no unit's, made one by one to raise the error the model raises."""
        rejected: list[str] = []
        units = _units_named(names, rejected)
        return [Unit(name=name) for name in names] if rejected else units

    def build(self, label: str | None, title: str, file: str | None, layout: Layout | None) -> Plan:
        built: list[Action] = []
        # The tasks with duties, in order, and how many each action has.
        names: list[str] = []
        lists: list[list[Duty]] = []
        counts: list[int] = []
        for pending in self.actions:
            before = len(names)
            for task, (duties, _) in pending.tasks.items():
                if duties:
                    names.append(task)
                    lists.append(duties)
            counts.append(len(names) - before)
        # Every task name (and action name) checked at once: where all pass the model's rules, the
        # tasks (of duties the reader made) and the actions whose leads hold are made without
        # checking them again (see kepu_plan.model._trusted).  An action's task names are distinct:
        # the reader reads a task named again into the first one (start_task).
        checked = names_hold(names)
        names_checked = checked and action_names_hold(
            [pending.name for pending, count in zip(self.actions, counts, strict=True) if count]
        )
        made_tasks = iter(trusted_tasks(names, lists) if checked else ())
        for pending, count in zip(self.actions, counts, strict=True):
            if count < len(pending.tasks) and not self.two_levels:  # (two levels: the action says it)
                for task, (duties, where) in pending.tasks.items():
                    if not duties:
                        self.unread(
                            "task-without-duties",
                            Text(N_("task '{name}' has no content rows"), name=task),
                            [task],
                            where(),
                        )
            if not count:
                self.unread(
                    "action-without-tasks",
                    Text(N_("action '{name}' has no rows"), name=pending.name),
                    [pending.name],
                    pending.where,
                )
                continue
            try:
                name = pending.name
                kind = ActionKind.from_name(name) or ActionKind.ACTION
                leads = self._action_leads(pending.leads)
                if checked:
                    made = tuple(islice(made_tasks, count))
                else:
                    made = tuple(
                        Task(name=task, duties=duties) for task, (duties, _) in pending.tasks.items() if duties
                    )
                wording = Wording(leads=pending.wording) if pending.wording is not None else None
                if names_checked and type(leads) is tuple and len({unit.name for unit in leads}) == len(leads):
                    built.append(trusted_action(name, kind, leads, made, wording))
                else:
                    built.append(Action(name=name, kind=kind, leads=leads, tasks=made, wording=wording))
            except InvalidPlan as error:
                raise LayoutError(
                    Text(N_("this action breaks a rule: {reason}"), reason=error.args[0]), pending.where
                ) from None
        if not built:
            if self.first_unread is not None:  # rows there were, but none could be read
                reason, place = self.first_unread
                raise LayoutError(
                    Text(N_("no row of the table could be read; the first one set aside: {reason}"), reason=reason),
                    place,
                    Text(N_("kepu-plan check lists every row set aside and why")),
                )
            raise LayoutError(Text(N_("the table has a header but no rows below it")), Location(file=file))
        try:
            return Plan(title=title, label=label, actions=built, notes=self.notes, layout=layout)
        except InvalidPlan as error:
            raise LayoutError(
                Text(N_("the plan breaks a rule: {reason}"), reason=error.args[0]), Location(file=file)
            ) from None
