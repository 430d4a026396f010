"""The cell grammar: numbering read and written back, the characters no cell stores, unit marks."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kepu_plan._grammar.cells import (
    CIRCLED,
    COLLECTIVE,
    LEAD_MARK,
    NO_UNITS,
    NUMBERING,
    NUMBERING_STARTS,
    NUMBERING_STYLES,
    OPEN_ENDINGS,
    ROLE_MARK,
    UNIT_FORBIDDEN,
    UNIT_LABEL,
    UNIT_SEPARATORS,
    format_numbering,
    strip_numbering,
    unstorable,
)


@pytest.mark.parametrize("style", NUMBERING_STYLES)
@pytest.mark.parametrize("number", [1, 2, 9, 10, 11, 20, 99, 100, 101, 110, 999])
def test_a_written_numbering_reads_back_as_its_style(style: str, number: int) -> None:
    if style == "①" and number > len(CIRCLED):
        return  # beyond ⑳ the circled style writes (21), which reads as that style
    assert strip_numbering(format_numbering(style, number) + "开展科普活动") == ("开展科普活动", style)


def test_each_style_names_the_first_number() -> None:
    assert [format_numbering(style, 1) for style in NUMBERING_STYLES] == list(NUMBERING_STYLES)
    assert format_numbering(None, 3) == ""
    assert format_numbering("①", 21) == "(21)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一、青少年科学素质提升行动", ("青少年科学素质提升行动", "一、")),
        ("（二）提升科学教育水平", ("提升科学教育水平", "（一）")),
        ("(2)提升科学教育水平", ("提升科学教育水平", "(1)")),
        ("(二)提升科学教育水平", ("提升科学教育水平", "（一）")),
        ("３、开展活动", ("开展活动", "1、")),
        ("（12） 开展活动", ("开展活动", "（1）")),
        ("⑳开展活动", ("开展活动", "①")),
        ("2.0版科普平台", ("2.0版科普平台", None)),
        ("十四五期间", ("十四五期间", None)),
    ],
)
def test_strip_numbering_gives_the_name_and_the_style(text: str, expected: tuple[str, str | None]) -> None:
    assert strip_numbering(text) == expected


@given(st.text())
def test_a_text_without_numbering_is_left_as_it_is(text: str) -> None:
    name, style = strip_numbering(text)
    assert (style is None) == (NUMBERING.match(text) is None)
    if style is None:
        assert name == text


_NUMBERED = st.sampled_from(
    ["一、", "十二、", "（三）", "(四)", "1.", "１．", "12、", "(5)", "（６）", *CIRCLED, "1.5", "一", "（"]
)


@given(st.one_of(st.text(), st.builds(str.__add__, _NUMBERED, st.text())))
def test_numbering_starts_with_one_of_the_numbering_starts(text: str) -> None:
    # strip_numbering tells most names by their first character: none is missed so.
    if NUMBERING.match(text) is not None:
        assert text[0] in NUMBERING_STARTS
    name, style = strip_numbering(text)
    match = NUMBERING.match(text)
    assert (style is None) == (match is None)
    assert name == (text if match is None else text[match.end() :].lstrip())


def test_no_numbering_starts_with_a_character_outside_the_numbering_starts() -> None:
    # Every character followed by what completes each kind of numbering (一、 1. （一） (1) ①).
    starts = {
        char
        for char in map(chr, range(0x10000))
        if any(NUMBERING.match(char + rest) for rest in ("、", ".", "．", "一）", "1）", ""))
    }
    assert starts == NUMBERING_STARTS


@pytest.mark.parametrize("char", ["\x00", "\x08", "\x0b", "\x0c", "\r", "\x1f", "\ufffe", "\uffff", "\ud800"])
def test_control_characters_non_characters_and_surrogates_are_unstorable(char: str) -> None:
    assert unstorable(f"开展{char}活动") == char


def test_tab_line_feed_and_chinese_text_are_storable() -> None:
    assert unstorable("每年开展\t科普活动\n不少于3场次（含线上）") is None


def test_every_unit_separator_is_forbidden_in_a_unit_name() -> None:
    assert all(UNIT_FORBIDDEN.search(char) for char in UNIT_SEPARATORS)
    assert UNIT_FORBIDDEN.search("县 科协")


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        (ROLE_MARK, "县科协（牵头）", True),
        (ROLE_MARK, "县妇联(配合)", True),
        (ROLE_MARK, "县委宣传部（县文明办）", False),
        (LEAD_MARK, "科普基础设施工程（县科协、县教体局牵头）", True),
        (LEAD_MARK, "科普基础设施工程（县科协配合）", False),
        (UNIT_LABEL, "牵头单位：县科协", True),
        (COLLECTIVE, "各成员单位", True),
        (COLLECTIVE, "各镇（街道）", True),
        (COLLECTIVE, "县直有关部门", True),
        (COLLECTIVE, "县科协", False),
    ],
)
def test_unit_marks_are_found_where_a_cell_writes_them(pattern: re.Pattern[str], text: str, found: bool) -> None:
    assert (pattern.search(text) is not None) is found


def test_open_endings_are_tried_longest_first_and_no_units_marks_are_no_names() -> None:
    assert list(OPEN_ENDINGS) == sorted(OPEN_ENDINGS, key=len, reverse=True)
    assert "无" in NO_UNITS
    assert "县科协" not in NO_UNITS
