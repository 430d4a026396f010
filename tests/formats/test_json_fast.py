"""The fast JSON reader keeps every rule of the model: from_json refuses exactly what constructing
the model from the same data refuses, at the same path, and the rules it checks in bulk are the
model's."""

from __future__ import annotations

import json
from typing import Any, Final

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import kepu_plan as kp
from _support import accepted
from kepu_plan import Action, ActionKind, Duty, Plan, Task, Unit
from kepu_plan.errors import InvalidPlan
from kepu_plan.formats.json._bulk import names_hold, texts_hold
from kepu_plan.formats.json._exact import exact_from_json
from kepu_plan.formats.json._reader import fast_from_json
from kepu_plan.testing import plans, texts, unit_names

pytestmark = pytest.mark.usefixtures("english")

#: Texts that break (or nearly break) a rule of names, units or texts: spaces at an end, line
#: breaks, characters a cell cannot store, separators, numbering, role marks, open-list endings,
#: labels, no-unit marks, unbalanced or nested parentheses, lead marks, a text too long for a cell.
_TRICKY: Final = (
    "",
    " ",
    " 市科协",
    "市科协 ",
    "市\u3000科协",
    "市科协\u3000",
    "\u3000市科协",
    "市科\n协",
    "市科协\n",
    "市科\t协",
    "市科\x07协",
    "市科\r协",
    "市科协\ufffe",
    "市科\ud800协",
    "市科、协",
    "市科，协",
    "市科;协",
    "一、任务",
    "（一）任务",
    "1.任务",
    "1、任务",
    "(1)任务",
    "①任务",
    "1.5亿元",
    "市科协牵头",
    "市科协配合",
    "市科协（牵头）",
    "市科协(配合)",
    "市科协（县科协牵头）",
    "市科协等",
    "市科协等部门",
    "由市科协",
    "牵头单位：市科协",
    "—",
    "无",
    "/",
    "市科协（",
    "市科协）",
    "市（科（协））",
    "各镇（街道）",
    "县委宣传部（县文明办）",
    "科普行动（县科协牵头）",
    "科普工程",
    "科普行动",
    "x" * 32_768,
)


@st.composite
def _strings(draw: st.DrawFn) -> str:
    """A text that may break any rule of a name, a unit or a text."""
    kind = draw(st.sampled_from(["tricky", "random", "joined", "fine"]))
    if kind == "tricky":
        return draw(st.sampled_from(_TRICKY))
    if kind == "random":
        return draw(st.text(max_size=8))
    if kind == "joined":
        joined: str = (
            draw(st.sampled_from(_TRICKY[:40])) + draw(st.text(max_size=3)) + draw(st.sampled_from(_TRICKY[:40]))
        )
        return joined
    return draw(st.one_of(texts(), unit_names()))


def _places(data: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """Every string inside the data of a plan but the version key and the kinds of actions, as
    (JSON path without ``$``, its container, its key or index), in the order of the text."""
    found: list[tuple[str, Any, Any]] = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, item in items:
        if key in ("schema", "kind"):
            continue
        where = f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}" if path else key
        if isinstance(item, str):
            found.append((where, data, key))
        found += _places(item, where)
    return found


def _within(prefix: str, make: Any, data: Any) -> Any:
    try:
        return make(data)
    except InvalidPlan as error:
        raise error.within(prefix) from None


def _duty(data: dict[str, Any]) -> Duty:
    wording = data.get("wording")
    return Duty(**{**data, "wording": None if wording is None else kp.Wording(**wording)})


def _task(data: dict[str, Any]) -> Task:
    duties = [_within(f"duties[{k}]", _duty, duty) for k, duty in enumerate(data["duties"])]
    return Task(name=data["name"], duties=duties)


def _action(data: dict[str, Any]) -> Action:
    tasks = [_within(f"tasks[{j}]", _task, task) for j, task in enumerate(data["tasks"])]
    wording = data.get("wording")
    return Action(
        name=data["name"],
        kind=ActionKind(data["kind"]),
        leads=data.get("leads", ()),
        tasks=tasks,
        wording=None if wording is None else kp.Wording(**wording),
    )


def _model(data: dict[str, Any]) -> Plan | tuple[str, str]:
    """The plan the model's constructors make of ``data`` (the JSON data of a plan), or what they
    refuse first, as (path, reason)."""
    try:
        actions = [_within(f"actions[{i}]", _action, action) for i, action in enumerate(data["actions"])]
        return Plan(title=data["title"], label=data.get("label"), actions=actions, notes=data.get("notes", ()))
    except InvalidPlan as error:
        return error.path, str(error.reason)


def _from_json(data: dict[str, Any]) -> Plan | tuple[str, str]:
    """The plan from_json reads from the text of ``data``, or what it refuses, as (path, reason)."""
    try:
        return kp.from_json(json.dumps(data, ensure_ascii=False))
    except kp.ReadError as error:
        return (error.location.path or "").removeprefix("$."), str(error.reason)


@st.composite
def _damaged_plans(draw: st.DrawFn) -> dict[str, Any]:
    """The JSON data of a plan with one of its texts (a title, a name, a unit, a content, a column
    header or cell …) replaced by one that may break a rule, or by another text of the plan."""
    data: dict[str, Any] = json.loads(kp.to_json(draw(plans())))
    places = _places(data)
    where, container, key = draw(st.sampled_from(places))
    value = draw(st.one_of(_strings(), st.sampled_from([parent[k] for _, parent, k in places])))
    change = draw(st.sampled_from(["replace", "replace", "rename or repeat"]))
    if change != "replace" and ".extra" in where:
        container[value] = container.pop(key)  # a column header
    elif change != "replace" and isinstance(container, list):
        container.insert(draw(st.integers(0, len(container))), container[key])  # a unit, lead or note twice
    else:
        container[key] = value
    return data


@settings(max_examples=400, deadline=None)
@given(_damaged_plans())
@example(
    {
        "schema": "kepu-plan/1",
        "title": "t",
        "actions": [
            {
                "name": "科普行动",
                "kind": "行动",
                "tasks": [{"name": "任务", "duties": [{"content": "x", "units": ["a", "b", "a"]}]}],
            }
        ],
    }
)
def test_from_json_refuses_exactly_what_the_model_refuses_at_the_same_path(data: dict[str, Any]) -> None:
    assert _from_json(data) == _model(data)


def test_a_hand_edited_unit_is_refused_with_its_whole_path() -> None:
    data: dict[str, Any] = json.loads(kp.to_json(kp.examples.shenmu()))
    data["actions"][2]["tasks"][1]["duties"][3]["units"] = ["县科协", "县科协牵头"]
    expected = ("actions[2].tasks[1].duties[3].units[1]", "unit name ends with '牵头', which marks a role")
    assert _model(data) == expected
    assert _from_json(data) == expected


@pytest.mark.parametrize(
    "content", ["科普", " 科普", "科普 ", "", "科\x00普", "科\ufffe普", "x" * 32_768, "x" * 32_767]
)
def test_a_content_checked_in_bulk_is_refused_at_its_path(content: str) -> None:
    data: dict[str, Any] = json.loads(kp.to_json(kp.examples.shenmu()))
    data["actions"][1]["tasks"][1]["duties"][0]["content"] = content
    assert _from_json(data) == _model(data)


# --- the rules checked in bulk are the model's ----------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(st.one_of(_strings(), texts(multiline=True), st.text()))
@example("科普\n活动")
@example("\n科普")
def test_the_bulk_check_of_contents_is_the_rule_of_a_duty(content: str) -> None:
    made = accepted(lambda: Duty(content=content))
    assert texts_hold([content]) == texts_hold(["科普", content, "活动"]) == made


@settings(max_examples=500, deadline=None)
@given(st.one_of(_strings(), texts(multiline=True), st.text()))
@example("1.5亿元")
@example("科普\n1、活动")
def test_the_bulk_check_of_names_is_the_rule_of_a_task(name: str) -> None:
    made = accepted(lambda: Task(name=name, duties=[Duty(content="科普")]))
    assert names_hold([name]) == names_hold(["任务", name, "任务二"]) == made


@settings(max_examples=300, deadline=None)
@given(st.one_of(_strings(), texts(multiline=True)), st.lists(st.one_of(unit_names(), _strings()), max_size=4))
def test_a_duty_of_content_and_units_checks_no_more_than_the_bulk_check_and_distinct_units(
    content: str, names: list[str]
) -> None:
    """What the fast reader relies on when it leaves a duty of the usual shape unchecked: its rules
    are the content's (:func:`texts_hold`), each unit's and their being distinct."""
    try:
        units = [Unit(name=name) for name in names]
    except InvalidPlan:
        return  # a unit the reader makes (and checks) as a Unit
    try:
        Duty(content=content, units=units)
    except InvalidPlan:
        assert not texts_hold([content]) or len(set(names)) < len(names)
    else:
        assert texts_hold([content])
        assert len(set(names)) == len(names)


def test_the_fast_path_checks_in_bulk_and_leaves_other_duties_to_the_model() -> None:
    plan = kp.examples.shenmu()
    assert fast_from_json(kp.to_json(plan)) == plan
    broken = kp.to_json(plan).replace('"content": "', '"content": " ', 1)
    with pytest.raises(Exception):  # noqa: B017, PT011 - any: the exact path names the problem
        fast_from_json(broken)


# --- the plan's object parsed key by key, its actions one by one ----------------------------------------


def _exact(text: str | bytes) -> Plan | str:
    """What the exact path reads (the whole text parsed by json.loads, then cattrs), or its error:
    what from_json must give, whichever path reads the text."""
    try:
        return exact_from_json(text, None)
    except kp.KepuPlanError as error:
        return f"{type(error).__name__}: {error}"


def _read(text: str | bytes) -> Plan | str:
    try:
        return kp.from_json(text)
    except kp.KepuPlanError as error:
        return f"{type(error).__name__}: {error}"


def _fast_only(text: str | bytes) -> Plan:
    """from_json on the fast path alone: the exact path is not allowed to run."""
    from unittest import mock

    from kepu_plan.formats import json as json_format

    with mock.patch.object(json_format, "exact_from_json", side_effect=AssertionError("the exact path ran")):
        return kp.from_json(text)


_LAYOUTS: Final[dict[str, dict[str, Any]]] = {
    "compact": {"separators": (",", ":")},
    "spaced": {"separators": (" , ", " : ")},
    "indented by tabs": {"indent": "\t"},
    "indented by 0": {"indent": 0},
    "indented by 4": {"indent": 4},
    "ASCII escapes": {"indent": 2, "ensure_ascii": True},
}


@settings(max_examples=60, deadline=None)
@given(plans(), st.sampled_from(sorted(_LAYOUTS)), st.sampled_from(["", "\n", "\r\n", " \t\r\n "]))
def test_a_plan_in_any_json_layout_is_read_on_the_fast_path(plan: Plan, layout: str, around: str) -> None:
    data = json.loads(kp.to_json(plan))
    text = around + json.dumps(data, **_LAYOUTS[layout]).replace("\n", "\r\n" if "\r" in around else "\n") + around
    assert _fast_only(text) == plan
    assert _fast_only(text.encode("utf-8")) == plan


def test_a_plan_without_actions_or_with_actions_first_is_read_as_the_exact_path_reads_it() -> None:
    plan = kp.examples.shenmu()
    data = json.loads(kp.to_json(plan))
    for edited in (
        {**data, "actions": []},
        {"actions": data["actions"], **{key: value for key, value in data.items() if key != "actions"}},
        {**data, "actions": None},
        {**data, "actions": {}},
        {**data, "actions": [[]]},
    ):
        text = json.dumps(edited, ensure_ascii=False)
        assert _read(text) == _exact(text)


#: Edits of the JSON syntax around the plan's object and its actions, each as (old, new, count).
_SYNTAX_EDITS: Final = {
    "a comma after the last action": ("    }\n  ]\n}", "    },\n  ]\n}", -1),
    "no comma between two actions": ("    },\n    {", "    }\n    {", 1),
    "two commas between two actions": ("    },\n    {", "    },,\n    {", 1),
    "a comma after the last key": ("  ]\n}", "  ],\n}", -1),
    "no comma between two keys": ('",\n  "title"', '"\n  "title"', 1),
    "no comma and no space between two keys": ('",\n  "title"', '""title"', 1),
    "two commas between two keys": ('",\n  "title"', '",,\n  "title"', 1),
    "a second object after the first": ("}\n", "}\n{}", -1),
    "text after the object": ("}\n", "} x", -1),
    "no end to the object": ("}\n", "\n", -1),
    "no end to the actions": ("\n  ]\n}", "\n}", -1),
    "actions given twice": ('"actions": [', '"actions": [], "actions": [', 1),
    "a byte order mark": ("{", "\ufeff{", 1),
    "a key that is not a string": ('"title"', "title", 1),
    "a colon missing": ('"actions": [', '"actions" [', 1),
    "a semicolon for a comma": ('",\n  "actions"', '";\n  "actions"', 1),
    "NaN for a title": ('"title": "', '"title": NaN, "x": "', 1),
    "a lone surrogate escaped": ('"name": "', '"name": "\\ud800', 1),
}


@pytest.mark.parametrize(("old", "new", "count"), _SYNTAX_EDITS.values(), ids=_SYNTAX_EDITS.keys())
def test_broken_json_syntax_is_read_or_refused_as_the_exact_path_reads_it(old: str, new: str, count: int) -> None:
    text = kp.to_json(kp.examples.shenmu())
    if count == -1:  # the last one
        at = text.rindex(old)
        edited = text[:at] + new + text[at + len(old) :]
    else:
        assert old in text, old
        edited = text.replace(old, new, count)
    assert edited != text
    assert _read(edited) == _exact(edited)


@settings(max_examples=200, deadline=None)
@given(plans(max_actions=3), st.data())
def test_any_one_character_edit_is_read_or_refused_as_the_exact_path_reads_it(plan: Plan, data: st.DataObject) -> None:
    text = kp.to_json(plan)
    at = data.draw(st.integers(min_value=0, max_value=len(text)))
    edit = data.draw(st.sampled_from(["insert", "delete", "replace"]))
    character = data.draw(st.sampled_from([",", "]", "[", "}", "{", ":", '"', " ", "\n", "x", "0", "\\"]))
    if edit == "insert":
        edited = text[:at] + character + text[at:]
    elif edit == "delete":
        edited = text[:at] + text[at + 1 :]
    else:
        edited = text[:at] + character + text[at + 1 :]
    assert _read(edited) == _exact(edited)
