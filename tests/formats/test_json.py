"""The JSON form: readable, stable, strict, and a lossless round trip."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, Final

import attrs
import jsonschema
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import kepu_plan as kp
from kepu_plan import Action, Duty, Plan, Task
from kepu_plan.testing import layouts, plans

# These tests match the English words of messages (see tests/conftest.py).
pytestmark = pytest.mark.usefixtures("english")

SCHEMA = json.loads(resources.files("kepu_plan").joinpath("data", "plan.schema.json").read_text(encoding="utf-8"))


def _shenmu_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(kp.to_json(kp.examples.shenmu()))
    return data


@settings(max_examples=200, deadline=None)
@given(plans())
@example(
    Plan(
        title="",
        actions=[Action(name="=SUM(1,2)工程", tasks=[Task(name="#N/A", duties=[Duty(content="@x\n\t“引号”")])])],
    )
)
def test_from_json_of_to_json_is_the_same_plan(plan: Plan) -> None:
    text = kp.to_json(plan)
    assert kp.from_json(text) == plan
    jsonschema.validate(json.loads(text), SCHEMA)


def test_json_is_readable_with_cjk_unescaped_and_units_as_strings() -> None:
    text = kp.to_json(kp.examples.shenmu())
    assert "青少年科学素质提升行动" in text
    assert "\\u" not in text
    data = json.loads(text)
    assert data["actions"][0]["leads"] == ["市教体局", "市科协", "职业技术学院"]
    assert list(data) == ["schema", "label", "title", "actions"]
    assert data["schema"] == "kepu-plan/1"
    assert list(data["actions"][0]) == ["name", "kind", "leads", "tasks"]


def test_defaults_are_left_out_and_set_fields_kept_in_field_order() -> None:
    duty = Duty(content="x", units=["a", "b"], leads=["b"], deadline="2025年", extra={"备注": "y"})
    plan = Plan(title="t", actions=[Action(name="a行动", tasks=[Task(name="t", duties=[duty, Duty(content="z")])])])
    data = json.loads(kp.to_json(plan))
    duties = data["actions"][0]["tasks"][0]["duties"]
    assert list(duties[0]) == ["content", "units", "leads", "deadline", "extra"]
    assert duties[1] == {"content": "z", "units": []}


def test_real_output_validates_against_the_shipped_schema() -> None:
    jsonschema.validate(_shenmu_data(), SCHEMA)


def _error_for(change: Any) -> str:
    data = _shenmu_data()
    change(data)
    with pytest.raises(kp.ReadError) as caught:
        kp.from_json(json.dumps(data, ensure_ascii=False), name="plan.json")
    return str(caught.value)


def test_a_wrong_type_is_never_coerced() -> None:
    message = _error_for(lambda d: d["actions"][3]["tasks"][0].__setitem__("name", 123))
    assert message == "plan.json: $.actions[3].tasks[0].name: expected a string, found a number"


def test_a_broken_model_rule_names_the_json_path() -> None:
    message = _error_for(lambda d: d["actions"][2]["tasks"][0]["duties"][0]["units"].__setitem__(1, "a、b"))
    assert message == "plan.json: $.actions[2].tasks[0].duties[0].units[1]: unit name contains '、'"


def test_leads_outside_the_units_name_the_lead() -> None:
    message = _error_for(lambda d: d["actions"][2]["tasks"][0]["duties"][0].__setitem__("leads", ["团县委"]))
    assert (
        message == "plan.json: $.actions[2].tasks[0].duties[0].leads[0]: lead '团县委' is not one of the duty's units"
    )


def test_unknown_keys_are_refused() -> None:
    message = _error_for(lambda d: d["actions"][0].__setitem__("owner", "x"))
    assert message == "plan.json: $.actions[0]: unknown key(s) 'owner'"


def test_a_missing_key_is_named() -> None:
    message = _error_for(lambda d: d["actions"][1]["tasks"][2].pop("duties"))
    assert message == "plan.json: $.actions[1].tasks[2].duties: required key is missing"


def test_a_string_where_an_array_belongs_is_not_split_into_characters() -> None:
    message = _error_for(lambda d: d["actions"][0]["tasks"][0]["duties"][0].__setitem__("units", "市科协"))
    assert message == "plan.json: $.actions[0].tasks[0].duties[0].units: expected an array, found a string"


def test_an_unknown_kind_is_refused() -> None:
    message = _error_for(lambda d: d["actions"][0].__setitem__("kind", "项目"))
    assert message == "plan.json: $.actions[0].kind: expected 行动 or 工程, found '项目'"


def test_duplicate_action_names_are_refused_with_their_path() -> None:
    message = _error_for(lambda d: d["actions"][2].__setitem__("name", d["actions"][1]["name"]))
    assert message.startswith("plan.json: $.actions[2].name: action name '农民科学素质提升行动' is used twice")


def test_extra_cells_must_be_strings() -> None:
    message = _error_for(lambda d: d["actions"][0]["tasks"][0]["duties"][0].__setitem__("extra", {"资金": 5}))
    assert message.endswith("expected a string for column '资金', found a number")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "plan.json: line 1, column 2: not valid JSON: Expecting property name enclosed in double quotes"),
        ("[]", "plan.json: $: expected an object, found an array"),
        ('{"title": "t", "actions": []}', "plan.json: $: not a kepu_plan plan"),
        ('{"schema": "kepu-plan/9", "title": "t", "actions": []}', "found schema 'kepu-plan/9'"),
        ('{"schema": "kepu-plan/1", "schema": "kepu-plan/1"}', "key 'schema' appears twice"),
        (b"\xff\xfe", "not UTF-8 text"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
    ids=["syntax", "array", "no-schema", "other-schema", "duplicate-key", "not-utf8", "deep"],
)
def test_bad_json_raises_a_read_error(text: str | bytes, message: str) -> None:
    with pytest.raises(kp.ReadError) as caught:
        kp.from_json(text, name="plan.json")
    assert message in str(caught.value)


def test_to_json_needs_a_plan() -> None:
    with pytest.raises(TypeError, match="needs a Plan"):
        kp.to_json({"title": "t"})  # type: ignore[arg-type]


def _worded_plan() -> Plan:
    duty = Duty(
        content="开展科普活动",
        units=["县农业农村局", "县妇联", "县科协"],
        leads=["县农业农村局"],
        wording=kp.Wording(units=("", "牵头，", "、", "等部门配合")),
    )
    other = Duty(content="x", wording=kp.Wording(partners=("—",)))
    action = Action(
        name="农民科学素质提升行动",
        leads=["县教体局", "县科协"],
        wording=kp.Wording(leads=("（由", "、", "牵头）")),
        tasks=[Task(name="任务", duties=[duty, other])],
    )
    return Plan(title="t", actions=[action])


def test_the_wording_of_unit_cells_survives_json() -> None:
    text = kp.to_json(_worded_plan())
    jsonschema.validate(json.loads(text), SCHEMA)
    data = json.loads(text)
    assert data["actions"][0]["wording"] == {"leads": ["（由", "、", "牵头）"]}
    assert data["actions"][0]["tasks"][0]["duties"][0]["wording"] == {"units": ["", "牵头，", "、", "等部门配合"]}
    again = kp.from_json(text)
    assert again == _worded_plan()
    assert again.actions[0].wording == kp.Wording(leads=("（由", "、", "牵头）"))
    assert [duty.wording for duty in again.duties] == [
        kp.Wording(units=("", "牵头，", "、", "等部门配合")),
        kp.Wording(partners=("—",)),
    ]


@pytest.mark.parametrize(
    ("wording", "message"),
    [
        ({"units": "、"}, "expected an array of strings for 'units'"),
        ({"cells": [""]}, "unknown key(s) 'cells'"),
        ({}, "a wording records at least one cell"),
        ({"units": []}, "at least one piece"),
    ],
)
def test_a_broken_wording_names_its_json_path(wording: Any, message: str) -> None:
    def change(data: Any) -> None:
        data["actions"][0]["tasks"][0]["duties"][0]["wording"] = wording

    error = _error_for(change)
    assert "$.actions[0].tasks[0].duties[0].wording" in error
    assert message in error


def test_strict_is_accepted_for_json_and_changes_nothing(tmp_path: Any) -> None:
    path = tmp_path / "plan.json"
    kp.write(_worded_plan(), path)
    assert kp.read(path, strict=True) == _worded_plan()


# --- the fast path and the exact one agree ------------------------------------------------------

_JSON_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=5)
    | st.sampled_from(["行动", "column", "市科协", "mark"])
)
_JSON_VALUES = (
    _JSON_LEAVES
    | st.lists(_JSON_LEAVES, max_size=3)
    | st.dictionaries(st.text(max_size=5), _JSON_LEAVES | st.lists(_JSON_LEAVES, max_size=2), max_size=3)
)


def _containers(data: Any, found: list[Any]) -> list[Any]:
    """Every dict and list inside ``data``, ``data`` first."""
    if isinstance(data, dict | list):
        found.append(data)
        for item in data.values() if isinstance(data, dict) else data:
            _containers(item, found)
    return found


@st.composite
def _damaged(draw: st.DrawFn) -> dict[str, Any]:
    """The JSON data of a plan (without its schema key) with a few values replaced, keys removed or
    keys added."""
    plan = draw(plans())
    if draw(st.booleans()):
        plan = plan.with_layout(draw(layouts()))
    data: dict[str, Any] = json.loads(kp.to_json(plan))
    del data["schema"]
    for _ in range(draw(st.integers(1, 3))):
        container = draw(st.sampled_from(_containers(data, [])))
        if isinstance(container, dict) and container:
            key = draw(st.sampled_from(sorted(container)))
            change = draw(st.sampled_from(["replace", "remove", "add"]))
            if change == "replace":
                container[key] = draw(_JSON_VALUES)
            elif change == "remove":
                del container[key]
            else:
                container[
                    draw(
                        st.sampled_from(
                            [
                                "extra",
                                "leads",
                                "kind",
                                "owner",
                                "deadline",
                                "sections",
                                "merged",
                                "group",
                                "label",
                                "notes",
                            ]
                        )
                    )
                ] = draw(_JSON_VALUES)
        elif isinstance(container, list) and container:
            container[draw(st.integers(0, len(container) - 1))] = draw(_JSON_VALUES)
    return data


@settings(max_examples=300, deadline=None)
@given(_damaged())
def test_the_fast_reader_makes_what_cattrs_makes_or_leaves_the_data_to_it(data: dict[str, Any]) -> None:
    from kepu_plan.formats.json._exact import converter as _converter
    from kepu_plan.formats.json._reader import reader as _reader

    text = json.dumps(data, ensure_ascii=False)
    try:
        fast = _reader(Plan)(json.loads(text, object_pairs_hook=tuple))
    except Exception:
        return  # the exact path reads it: the tests above prove its errors
    exact = _converter().structure(json.loads(text), Plan)
    assert fast == exact
    assert fast.layout == exact.layout
    assert kp.from_json(json.dumps({"schema": "kepu-plan/1", **data}, ensure_ascii=False)) == exact


@settings(max_examples=100, deadline=None)
@given(plans(), layouts())
def test_the_fast_writer_writes_what_cattrs_writes(plan: Plan, layout: kp.Layout) -> None:
    from kepu_plan.formats.json._exact import converter as _converter
    from kepu_plan.formats.json._writer import writer as _writer

    for value in (plan, plan.with_layout(layout)):
        assert json.dumps(_writer(Plan)(value)) == json.dumps(_converter().unstructure(value, Plan))


_TRICKY: Final[tuple[object, ...]] = (
    0,
    1,
    1.5,
    "",
    "1",
    " x",
    True,
    False,
    None,
    [],
    {},
    ["市科协"],
    {"备注": "x"},
    "行动",
    "column",
    "mark",
)


def _every_field_set() -> dict[str, Any]:
    """The JSON data (without its schema key) of a small plan with every field of every class set."""
    duty = Duty(content="内容", units=["市科协", "市教体局"], leads=["市科协"], deadline="2025年", extra={"备注": "x"})
    plan = Plan(
        title="分工表",
        label="附件",
        notes=["注：无"],
        actions=[Action(name="科普行动", leads=["市科协"], tasks=[Task(name="任务", duties=[duty])])],
    )
    columns = [
        kp.Column(role="action", header="重点行动", group="分工"),
        kp.Column(role="task", header="主要任务"),
        kp.Column(role="content", header="主要内容"),
        kp.Column(role="units", header="负责单位"),
    ]
    layout = kp.Layout(columns=columns, action_numbering="一、", task_numbering="1.", merged=False)
    data: dict[str, Any] = json.loads(kp.to_json(plan.with_layout(layout)))
    del data["schema"]
    data["layout"]["sections"] = False
    data["layout"]["leads"] = "column"
    return data


def test_the_fast_reader_never_takes_a_value_cattrs_refuses() -> None:
    from kepu_plan.formats.json._exact import converter as _converter
    from kepu_plan.formats.json._reader import reader as _reader

    places = 0
    for path in _paths(_every_field_set()):
        for value in _TRICKY:
            data = _every_field_set()
            *parents, last = path
            container = data
            for step in parents:
                container = container[step]
            container[last] = value
            text = json.dumps(data, ensure_ascii=False)
            try:
                fast = _reader(Plan)(json.loads(text, object_pairs_hook=tuple))
            except Exception:
                continue
            places += 1
            assert fast == _converter().structure(json.loads(text), Plan), (path, value)
    assert places > 20  # values of the right type, and the wrong ones cattrs too takes (a name "1")


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path to every value inside ``data``."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    found = []
    for key, item in items:
        found.append((*path, key))
        found += _paths(item, (*path, key))
    return found


@attrs.frozen(kw_only=True)
class _Checked:
    """A class whose __init__ does more than set fields: the fast reader calls it."""

    name: str = attrs.field(validator=attrs.validators.min_len(2))
    size: int = attrs.field(init=False, default=3)
    note: str | None = None


def test_a_class_with_validators_is_read_through_its_constructor() -> None:
    from kepu_plan.formats.json._reader import reader as _reader

    read = _reader(_Checked)
    assert read((("name", "名称"),)) == _Checked(name="名称")
    assert read((("name", "名称"), ("note", "注"))).note == "注"
    for refused in ((("name", "名"),), (("name", "名称"), ("size", 4)), (("note", "注"),)):
        with pytest.raises(Exception):  # noqa: B017, PT011 - any: the exact path names the problem
            read(refused)


def test_a_wrong_type_is_said_in_chinese_by_default_keeping_the_json_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_MESSAGES")
    monkeypatch.setenv("LANG", "C.UTF-8")  # no language asked for: Chinese
    chinese = _error_for(lambda d: d["actions"][3]["tasks"][0].__setitem__("name", 123))
    assert "$.actions[3].tasks[0].name" in chinese
    assert chinese.endswith("应为字符串，实为数字")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    english = _error_for(lambda d: d["actions"][3]["tasks"][0].__setitem__("name", 123))
    assert english == "plan.json: $.actions[3].tasks[0].name: expected a string, found a number"


def test_invalid_json_has_the_same_code_in_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    codes = {}
    for language, words in (("zh_CN.UTF-8", "不是有效的 JSON"), ("en_US.UTF-8", "not valid JSON")):
        monkeypatch.setenv("LC_MESSAGES", language)
        with pytest.raises(kp.ReadError) as caught:
            kp.from_json("{", name="plan.json")
        assert words in str(caught.value)
        codes[language] = caught.value.code
    assert set(codes.values()) == {"read"}
