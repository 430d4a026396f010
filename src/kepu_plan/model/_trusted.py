"""Building model objects from texts a reader has already checked, without checking them again
object by object: the rules of a text and a name checked in bulk, over many texts at once, and a
duty of the usual shape made through its slots.

The readers (the JSON reader's fast path, the layout reader) check the texts of many objects with
:func:`texts_hold`, :func:`names_hold` and :func:`action_names_hold`, and the units of a duty once
per distinct unit cells with :func:`units_hold`; where all hold, they make the objects without their
``__attrs_post_init__``, one by one (:func:`trusted_duty`, :func:`trusted_task`,
:func:`trusted_action`) or many at once (:func:`fill_duties`, :func:`trusted_tasks`); where anything
does not hold, they make the objects through their constructors, which raise the error each rule
raises.  The tests hold these functions to the constructors (``tests/model/test_trusted.py``,
``tests/formats/test_json_fast.py``): when the rules of a duty, a task or an action change, change
these too.
"""

from __future__ import annotations

import re
import types
from collections import deque
from collections.abc import Callable, Sequence
from itertools import repeat
from operator import is_not
from typing import Final

import attrs

from kepu_plan._grammar.cells import LEAD_MARK, MAX_TEXT_LENGTH, NUMBERING, UNSTORABLE
from kepu_plan.model._plan import Action, ActionKind, Duty, Task
from kepu_plan.model._unit import Extra, Unit, Wording

__all__ = [
    "action_names_hold",
    "fill_duties",
    "names_hold",
    "slot_setter",
    "texts_hold",
    "trusted_action",
    "trusted_duty",
    "trusted_task",
    "trusted_tasks",
    "units_hold",
]

#: Numbering at the start of any line (of names joined by line breaks).
_NUMBERING_AT_A_LINE: Final = re.compile(NUMBERING.pattern, NUMBERING.flags | re.MULTILINE)
_AT_ONCE: Final = 1000


def texts_hold(texts: list[str]) -> bool:
    """Whether every one of ``texts`` passes the model's rule for a text of one or more lines (not
    empty, no space at either end, no longer than a cell holds, nothing a cell cannot store), as
    :class:`~kepu_plan.model.Duty` checks its content; checked all at once."""
    if not texts:
        return True
    if min(map(len, texts)) == 0 or max(map(len, texts)) > MAX_TEXT_LENGTH:
        return False
    if any(map(is_not, map(str.strip, texts), texts)):  # strip() gives back a text it keeps
        return False
    # A thousand texts at a time keep the joined text small; a printable text (most are) holds no
    # character a cell cannot store, which str.isprintable tells about twice as fast as the search.
    for i in range(0, len(texts), _AT_ONCE):
        joined = "".join(texts[i : i + _AT_ONCE])
        if not joined.isprintable() and UNSTORABLE.search(joined):
            return False
    return True


def names_hold(names: list[str]) -> bool:
    """Whether every one of ``names`` passes the model's rule for a name (a text of one line not
    starting with numbering), as :class:`~kepu_plan.model.Task` checks its name; checked all at once."""
    if not texts_hold(names):
        return False
    for i in range(0, len(names), _AT_ONCE):
        some = names[i : i + _AT_ONCE]
        joined = "\n".join(some)
        if joined.count("\n") != len(some) - 1 or _NUMBERING_AT_A_LINE.search(joined) is not None:
            return False
    return True


def action_names_hold(names: list[str]) -> bool:
    """Whether every one of ``names`` passes the model's rules for an action's name (a name, as
    :func:`names_hold` checks it, not ending with a lead mark), as :class:`~kepu_plan.model.Action`
    checks it; checked all at once."""
    return names_hold(names) and not any(LEAD_MARK.search(name) for name in names)


def units_hold(units: object, leads: object, wording: object) -> bool:
    """Whether a duty's ``units``, ``leads`` and ``wording`` pass its rules as they stand (tuples of
    :class:`~kepu_plan.model.Unit`, each unit once, every lead one of the units, a
    :class:`~kepu_plan.model.Wording` or None) with nothing to convert, as
    :class:`~kepu_plan.model.Duty` checks them."""
    if type(units) is not tuple or type(leads) is not tuple:
        return False
    if any(type(unit) is not Unit for unit in units) or any(type(lead) is not Unit for lead in leads):
        return False
    names = {unit.name for unit in units}
    if len(names) != len(units) or len({lead.name for lead in leads}) != len(leads):
        return False
    return all(lead in units for lead in leads) and (wording is None or isinstance(wording, Wording))


def slot_setter(cls: type, name: str) -> Callable[[object, object], None] | None:
    """The setter of the slot ``name`` of an attrs class ``cls`` (4x faster than
    ``object.__setattr__``), or None where the field is not a slot of the class itself."""
    slot = cls.__dict__.get(name)
    if type(slot) is types.MemberDescriptorType:
        return slot.__set__
    return None


def _setter(cls: type, name: str) -> Callable[[object, object], None]:
    setter = slot_setter(cls, name)
    if setter is None:  # pragma: no cover - the model's classes are slotted attrs classes
        raise TypeError(f"{cls.__name__}.{name} is not a slot")
    return setter


def _duty_maker() -> Callable[[str, tuple[Unit, ...], tuple[Unit, ...], Wording | None], Duty]:
    if [field.name for field in attrs.fields(Duty)] != ["content", "units", "leads", "deadline", "extra", "wording"]:
        raise TypeError("Duty's fields changed: change trusted_duty too")  # pragma: no cover
    content, units, leads = _setter(Duty, "content"), _setter(Duty, "units"), _setter(Duty, "leads")
    deadline, extra, wording = _setter(Duty, "deadline"), _setter(Duty, "extra"), _setter(Duty, "wording")
    new = object.__new__
    no_extra = Extra()

    def make(text: str, duty_units: tuple[Unit, ...], duty_leads: tuple[Unit, ...], how: Wording | None) -> Duty:
        duty = new(Duty)
        content(duty, text)
        units(duty, duty_units)
        leads(duty, duty_leads)
        deadline(duty, None)
        extra(duty, no_extra)
        wording(duty, how)
        return duty

    return make


trusted_duty: Final = _duty_maker()
"""``trusted_duty(content, units, leads, wording)``: a :class:`~kepu_plan.model.Duty` without a
deadline or extra cells, made without its checks: ``content`` must pass :func:`texts_hold` and
``units``, ``leads`` and ``wording`` :func:`units_hold`."""


def _duties_filler() -> Callable[
    [
        list[Duty],
        Sequence[str],
        Sequence[tuple[Unit, ...]],
        Sequence[tuple[Unit, ...]],
        Sequence[str | None] | None,
        Sequence[Wording | None],
    ],
    None,
]:
    content, units, leads = _setter(Duty, "content"), _setter(Duty, "units"), _setter(Duty, "leads")
    deadline, extra, wording = _setter(Duty, "deadline"), _setter(Duty, "extra"), _setter(Duty, "wording")
    no_extra = Extra()

    def fill(
        duties: list[Duty],
        contents: Sequence[str],
        duty_units: Sequence[tuple[Unit, ...]],
        duty_leads: Sequence[tuple[Unit, ...]],
        deadlines: Sequence[str | None] | None,
        wordings: Sequence[Wording | None],
    ) -> None:
        count = len(duties)
        if deadlines is None:
            deadlines = [None] * count
        if not count == len(contents) == len(duty_units) == len(duty_leads) == len(deadlines) == len(wordings):
            raise ValueError("fill_duties: not one value of each field per duty")
        # Each field of every duty set by one pass in C over its values.
        for setter, values in (
            (content, contents),
            (units, duty_units),
            (leads, duty_leads),
            (deadline, deadlines),
            (extra, [no_extra] * count),
            (wording, wordings),
        ):
            deque(map(setter, duties, values), maxlen=0)

    return fill


fill_duties: Final = _duties_filler()
"""``fill_duties(duties, contents, units, leads, deadlines, wordings)``: the fields of ``duties``,
made by ``object.__new__(Duty)``, set from the other arguments, one value of each per duty
(``deadlines`` None: none has a deadline), without their checks: each a
:class:`~kepu_plan.model.Duty` without extra cells, as :func:`trusted_duty` makes it, about twice
as fast.  Each content and deadline must pass :func:`texts_hold` and each duty's units, leads and
wording :func:`units_hold`; a ``ValueError`` where the values are not as many as the duties."""


def _task_maker() -> Callable[[str, list[Duty]], Task]:
    if [field.name for field in attrs.fields(Task)] != ["name", "duties"]:
        raise TypeError("Task's fields changed: change trusted_task too")  # pragma: no cover
    name, duties = _setter(Task, "name"), _setter(Task, "duties")
    new = object.__new__

    def make(text: str, task_duties: list[Duty]) -> Task:
        task = new(Task)
        name(task, text)
        duties(task, tuple(task_duties))
        return task

    return make


trusted_task: Final = _task_maker()
"""``trusted_task(name, duties)``: a :class:`~kepu_plan.model.Task` made without its checks:
``name`` must pass :func:`names_hold` and ``duties`` must be a list of at least one
:class:`~kepu_plan.model.Duty`."""


def _tasks_maker() -> Callable[[Sequence[str], Sequence[list[Duty]]], list[Task]]:
    name, duties = _setter(Task, "name"), _setter(Task, "duties")
    new = object.__new__

    def make(names: Sequence[str], task_duties: Sequence[list[Duty]]) -> list[Task]:
        if len(names) != len(task_duties):
            raise ValueError("trusted_tasks: not as many names as lists of duties")
        tasks = list(map(new, repeat(Task, len(names))))
        deque(map(name, tasks, names), maxlen=0)
        deque(map(duties, tasks, map(tuple, task_duties)), maxlen=0)
        return tasks

    return make


trusted_tasks: Final = _tasks_maker()
"""``trusted_tasks(names, duties)``: the tasks :func:`trusted_task` makes of each name and its
list of duties, made together (each field of every task set by one pass in C)."""


_ACTION_FIELDS: Final = ("name", "kind", "leads", "tasks", "wording")
if tuple(field.name for field in attrs.fields(Action)) != _ACTION_FIELDS:
    raise TypeError("Action's fields changed: change trusted_action too")  # pragma: no cover
_ACTION_SETTERS: Final = tuple(_setter(Action, name) for name in _ACTION_FIELDS)


def trusted_action(
    name: str, kind: ActionKind, leads: tuple[Unit, ...], tasks: tuple[Task, ...], wording: Wording | None
) -> Action:
    """An :class:`~kepu_plan.model.Action` made without its checks: ``name`` must pass
    :func:`action_names_hold`, ``kind`` be the kind its ending names (``ActionKind.from_name``)
    where it names one, ``leads`` a tuple of distinct :class:`~kepu_plan.model.Unit`, ``tasks`` a
    tuple of at least one :class:`~kepu_plan.model.Task`, no two of the same name, and ``wording``
    None or a :class:`~kepu_plan.model.Wording`."""
    action: Action = object.__new__(Action)
    for setter, value in zip(_ACTION_SETTERS, (name, kind, leads, tasks, wording), strict=True):
        setter(action, value)
    return action
