"""The JSON writer's own encoder writes exactly what ``json.dumps(data, ensure_ascii=False, indent=2)``
writes: for every plan, and for any JSON data."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import kepu_plan as kp
from kepu_plan.formats.json._fields import SCHEMA
from kepu_plan.formats.json._writer import Each, dumps, writer
from kepu_plan.testing import plans


def json_dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


@settings(max_examples=100, deadline=None)
@given(plans())
def test_a_plan_is_written_as_json_dumps_writes_it(plan: kp.Plan) -> None:
    text = kp.to_json(plan)
    assert text == json_dumps({"schema": SCHEMA, **writer(kp.Plan)(plan)}) + "\n"  # the plan's data, made whole
    assert text == json_dumps(json.loads(text)) + "\n"
    assert kp.from_json(text) == plan


def test_a_list_written_element_by_element_is_written_as_the_whole_list() -> None:
    actions = kp.examples.shenmu().actions
    write = writer(kp.Action)
    whole = [write(action) for action in actions]
    cases: list[tuple[Any, Any]] = [
        ({"actions": Each(actions, write)}, {"actions": whole}),
        ({"actions": Each((), write), "b": [Each(actions[:1], write)]}, {"actions": [], "b": [whole[:1]]}),
        ([{"x": Each(actions[:2], write)}], [{"x": whole[:2]}]),
        # a key json.dumps turns into a string: the whole is left to json.dumps, which writes the list
        ({1: "a", "actions": Each(actions, write)}, {"1": "a", "actions": whole}),
    ]
    for data, expected in cases:
        assert dumps(data) == json_dumps(expected)
    with pytest.raises(TypeError, match="Object of type set is not JSON serializable"):
        dumps({"a": {1}, "actions": Each(actions, write)})


_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.sampled_from(['"', "\\", "\n", "\t", "\x00", "\x1f", "\x7f", "\u2028", "\ud800", "市科协“十四五”", "😀", "</"])
)
_DATA = st.recursive(
    _LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=500, deadline=None)
@given(_DATA)
@example({"": [], "a": {}, "b": [{}, [[]]], "c": -0.0, "d": 1e300, "e": 5e-324, "f": 10**30})
@example([math.nan, math.inf, -math.inf, True, False, None, 0, -1])
def test_any_json_data_is_written_as_json_dumps_writes_it(data: Any) -> None:
    assert dumps(data) == json_dumps(data)


def test_data_of_other_types_is_left_to_json_dumps() -> None:
    class Number(int):
        def __repr__(self) -> str:
            return "eleven"

    for data in ({1: "a", None: "b", 2.5: "c", False: "d"}, [Number(11)], {"a": (1, 2)}):
        assert dumps(data) == json_dumps(data)


@pytest.mark.parametrize("bad", [{"a": {1, 2}}, [b"bytes"], {("a",): 1}], ids=["a set", "bytes", "a tuple key"])
def test_data_json_dumps_refuses_is_refused_with_its_error(bad: Any) -> None:
    with pytest.raises(TypeError) as expected:
        json_dumps(bad)
    with pytest.raises(TypeError, match=re.escape(str(expected.value))):
        dumps(bad)
