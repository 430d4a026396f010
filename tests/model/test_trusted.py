"""The trusted path of the readers makes exactly the objects the constructors make, and only where
the constructors accept them: the bulk checks are the model's rules, and a table whose texts break a
rule is refused by the layout reader as the constructors refuse it, at the same position."""

from __future__ import annotations

from typing import Final

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import kepu_plan as kp
from _support import accepted
from kepu_plan import Action, ActionKind, Duty, Task, Unit, Wording
from kepu_plan.errors import LayoutError
from kepu_plan.grid import Cell, Document, Grid
from kepu_plan.layout import _reader, _rows, plan_from_document
from kepu_plan.model._trusted import (
    action_names_hold,
    fill_duties,
    names_hold,
    texts_hold,
    trusted_action,
    trusted_duty,
    trusted_task,
    trusted_tasks,
    units_hold,
)
from kepu_plan.testing import plans, texts, unit_names

pytestmark = pytest.mark.usefixtures("english")

#: Texts that break (or nearly break) a rule of a text or a name.
_TRICKY: Final = (
    "",
    " ",
    " 科普",
    "科普 ",
    "科普\u3000",
    "科\n普",
    "科普\n",
    "科\t普",
    "科\x07普",
    "科\r普",
    "科普\ufffe",
    "科\ud800普",
    "一、任务",
    "（一）任务",
    "1.任务",
    "①任务",
    "1.5亿元",
    "科普\n1、活动",
    "x" * 32_768,
)

_strings = st.one_of(st.sampled_from(_TRICKY), st.text(max_size=8), texts(multiline=True))


@settings(max_examples=300, deadline=None)
@given(_strings)
def test_the_bulk_checks_are_the_rules_of_a_duty_s_content_and_a_task_s_name(text: str) -> None:
    assert texts_hold([text]) == texts_hold(["科普", text]) == accepted(lambda: Duty(content=text))
    duty = Duty(content="科普")
    assert names_hold([text]) == names_hold([text, "任务"]) == accepted(lambda: Task(name=text, duties=[duty]))


@settings(max_examples=300, deadline=None)
@given(st.one_of(_strings, st.sampled_from(["科普行动（县科协牵头）", "科普（牵头）工程", "一、科普行动", "科普工程"])))
def test_the_bulk_check_of_action_names_is_the_rule_of_an_action_s_name(text: str) -> None:
    task = Task(name="任务", duties=[Duty(content="科普")])
    kind = ActionKind.from_name(text) or ActionKind.ACTION
    made = accepted(lambda: Action(name=text, kind=kind, tasks=[task]))
    assert action_names_hold([text]) == action_names_hold([text, "科普行动"]) == made


_WORDINGS: Final = (None, Wording(units=("", "牵头")), "牵头")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["县科协", "县教体局", "县妇联"]), max_size=4),
    st.lists(st.sampled_from(["县科协", "县教体局", "县卫健局"]), max_size=3),
    st.sampled_from(_WORDINGS),
)
def test_units_hold_where_a_duty_accepts_its_units_leads_and_wording(
    units: list[str], leads: list[str], wording: object
) -> None:
    unit_tuple = tuple(Unit(name=name) for name in units)
    lead_tuple = tuple(Unit(name=name) for name in leads)
    made = accepted(lambda: Duty(content="科普", units=unit_tuple, leads=lead_tuple, wording=wording))  # type: ignore[arg-type]
    assert units_hold(unit_tuple, lead_tuple, wording) == made


def test_units_hold_only_for_tuples_of_units_with_nothing_to_convert() -> None:
    assert units_hold((Unit(name="县科协"),), (), None)
    assert not units_hold(["县科协"], (), None)
    assert not units_hold((Unit(name="县科协"),), [Unit(name="县科协")], None)
    assert not units_hold(("县科协",), (), None)


@settings(max_examples=100, deadline=None)
@given(plans())
def test_trusted_objects_are_the_objects_the_constructors_make(plan: kp.Plan) -> None:
    for action in plan.actions:
        for task in action.tasks:
            made = trusted_task(task.name, list(task.duties))
            assert made == task
            assert hash(made) == hash(task)
            assert type(made.duties) is tuple
            for duty in task.duties:
                if duty.deadline is None and not duty.extra:
                    trusted = trusted_duty(duty.content, duty.units, duty.leads, duty.wording)
                    assert attrs.astuple(trusted, recurse=False) == attrs.astuple(duty, recurse=False)
                    assert trusted == duty
                    assert hash(trusted) == hash(duty)


@settings(max_examples=100, deadline=None)
@given(plans())
def test_objects_made_together_are_the_objects_the_constructors_make(plan: kp.Plan) -> None:
    duties = [duty for duty in plan.duties if duty.extra == {}]
    made = [object.__new__(Duty) for _ in duties]
    fill_duties(
        made,
        [duty.content for duty in duties],
        [duty.units for duty in duties],
        [duty.leads for duty in duties],
        [duty.deadline for duty in duties],
        [duty.wording for duty in duties],
    )
    assert [attrs.astuple(duty, recurse=False) for duty in made] == [
        attrs.astuple(duty, recurse=False) for duty in duties
    ]
    assert [hash(duty) for duty in made] == [hash(duty) for duty in duties]
    tasks = plan.tasks
    together = trusted_tasks([task.name for task in tasks], [list(task.duties) for task in tasks])
    assert [attrs.astuple(task, recurse=False) for task in together] == [
        attrs.astuple(task, recurse=False) for task in tasks
    ]
    for action in plan.actions:
        trusted = trusted_action(action.name, action.kind, action.leads, action.tasks, action.wording)
        assert attrs.astuple(trusted, recurse=False) == attrs.astuple(action, recurse=False)
        assert hash(trusted) == hash(action)


def test_objects_are_made_together_only_from_one_value_of_each_field_per_object() -> None:
    duty = Duty(content="科普")
    with pytest.raises(ValueError, match="per duty"):
        fill_duties([object.__new__(Duty)], ["科普"], [()], [()], None, [])
    with pytest.raises(ValueError, match="names"):
        trusted_tasks(["任务"], [[duty], [duty]])


def _table(contents: list[str], task: str) -> Document:
    header = ["重点行动", "主要任务", "主要内容", "负责单位"]
    rows = [header] + [["科普行动", task, content, "县科协"] for content in contents]
    cells = tuple(Cell(row=r, col=c, text=text) for r, row in enumerate(rows) for c, text in enumerate(row))
    grid = Grid(nrows=len(rows), ncols=len(header), cells=cells, file="t.xlsx", table=1)
    return Document(tables=(grid,), preamble=("某县分工表",), file="t.xlsx")


def _outcome(document: Document, *, trusted: bool) -> tuple[object, ...]:
    """What reading ``document`` gives: the plan and its diagnostics, or the error and its position;
    ``trusted=False`` reads without the trusted path (every object through its constructor)."""
    diagnostics: list[kp.Diagnostic] = []
    with pytest.MonkeyPatch.context() as patch:
        if not trusted:
            patch.setattr(_rows, "texts_hold", lambda texts: False)
            patch.setattr(_reader, "names_hold", lambda names: False)
        try:
            plan = plan_from_document(document, diagnostics=diagnostics)
        except LayoutError as error:
            return ("error", str(error), error.location, diagnostics)
    duties = [duty for action in plan.actions for task in action.tasks for duty in task.duties]
    return ("plan", plan, [attrs.astuple(duty, recurse=False) for duty in duties], diagnostics)


@settings(max_examples=300, deadline=None)
@given(_strings, st.integers(min_value=0, max_value=2))
@example("科\x07普", 1)
@example("x" * 32_768, 0)
def test_a_row_whose_content_breaks_a_rule_is_refused_as_the_constructor_refuses_it(text: str, at: int) -> None:
    contents = ["每年开展科普活动", "建设科普基地", "培训科普人员"]
    contents[at] = text
    document = _table(contents, "加强科普")
    outcome = _outcome(document, trusted=True)
    assert outcome == _outcome(document, trusted=False)
    content = text.strip()
    if content and not accepted(lambda: Duty(content=content)):
        assert outcome[0] == "error"
        assert "this row breaks a rule" in str(outcome[1])
        where = outcome[2]
        assert isinstance(where, kp.Location)
        assert (where.row, where.column) == (at + 2, 3)  # counted from one


@settings(max_examples=300, deadline=None)
@given(st.one_of(_strings, unit_names()))
@example("1.5亿元")
@example("科\x07普")
def test_a_task_whose_name_breaks_a_rule_is_refused_as_the_constructor_refuses_it(name: str) -> None:
    document = _table(["每年开展科普活动", "建设科普基地"], name)
    assert _outcome(document, trusted=True) == _outcome(document, trusted=False)


def test_a_task_name_with_a_character_a_cell_cannot_store_is_a_layout_error_naming_its_action() -> None:
    outcome = _outcome(_table(["每年开展科普活动"], "加强\x07科普"), trusted=True)
    assert outcome[0] == "error"
    assert "this action breaks a rule" in str(outcome[1])
