"""The Chinese numeral parser reads the standard form exactly and rejects everything else."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kepu_plan._grammar.numerals import parse_chinese, parse_number, to_chinese


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("零", 0),
        ("〇", 0),
        ("一", 1),
        ("两", 2),
        ("十", 10),
        ("十五", 15),
        ("一十五", 15),
        ("二十", 20),
        ("廿", 20),
        ("廿五", 25),
        ("卅", 30),
        ("九十九", 99),
        ("一百", 100),
        ("一百零一", 101),
        ("一百〇一", 101),
        ("一百一十", 110),
        ("两百", 200),
        ("三百", 300),
        ("一千零一十", 1010),
        ("一千五百", 1500),
        ("两千", 2000),
        ("两千两百", 2200),
        ("一万", 10_000),
        ("两万", 20_000),
        ("一万零五百", 10_500),
        ("一万五千", 15_000),
        ("十万", 100_000),
        ("十万零一十", 100_010),
        ("一百一十万", 1_100_000),
        ("三千万", 30_000_000),
        ("一亿零五千", 100_005_000),
        ("两亿零两万", 200_020_000),
        ("一亿二千万", 120_000_000),
    ],
)
def test_standard_chinese_numerals_are_read_exactly(text: str, value: int) -> None:
    assert parse_chinese(text) == value


def test_a_point_gives_a_decimal() -> None:
    assert parse_chinese("十二点五") == Decimal("12.5")
    assert parse_chinese("九十点〇五") == Decimal("90.05")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "十四五",  # a plan's name, not 145
        "十三五",
        "五一",
        "一一",
        "一二",
        "二〇二五",  # a year written digit by digit
        "三三两两",
        "十两",  # 两 never counts ones or tens
        "两十",
        "一万两",
        "一百十五",  # a bare 十 only starts a number
        "十万零十",
        "一万五百",  # the gap needs 零: 一万零五百
        "一千零",
        "零五",
        "零零",
        "一百零零一",
        "万",  # bare units: 万众, 千家万户, 百花
        "千",
        "百",
        "亿万",
        "万万",
        "百分之九十",  # read by the target finder, not here
        "十二点",
    ],
)
def test_anything_but_one_standard_numeral_is_rejected(text: str) -> None:
    with pytest.raises(ValueError, match="not a Chinese numeral"):
        parse_chinese(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3", 3),
        ("3000", 3000),
        ("3,000", 3000),
        ("１２０", 120),
        ("13.5", Decimal("13.5")),
        ("１３．５", Decimal("13.5")),
        ("2万", 20_000),
        ("1.5万", 15_000),
        ("2.0万", 20_000),
        ("3亿", 300_000_000),
        ("一千五百", 1500),
        ("两", 2),
    ],
)
def test_numbers_may_be_arabic_full_width_mixed_or_chinese(text: str, value: int | Decimal) -> None:
    result = parse_number(text)
    assert result == value
    assert type(result) is type(value)


def test_the_converter_writes_the_standard_form() -> None:
    assert [to_chinese(n) for n in (0, 10, 15, 101, 110, 1010, 10_500, 100_005_000)] == [
        "零",
        "十",
        "十五",
        "一百零一",
        "一百一十",
        "一千零一十",
        "一万零五百",
        "一亿零五千",
    ]
    with pytest.raises(ValueError, match="out of range"):
        to_chinese(-1)


@given(st.integers(1, 99_999))
def test_the_parser_reads_back_what_the_converter_writes_up_to_99999(number: int) -> None:
    text = to_chinese(number)
    assert parse_chinese(text) == number
    assert parse_number(text) == number
    # 两 may count thousands and hundreds (and 万): 两千, 两百.
    assert parse_chinese(text.replace("二千", "两千").replace("二百", "两百")) == number


@given(st.integers(0, 10**12 - 1))
def test_the_parser_reads_back_large_numbers(number: int) -> None:
    assert parse_chinese(to_chinese(number)) == number


@given(st.integers(0, 10**9))
def test_arabic_numbers_read_back_in_every_width(number: int) -> None:
    full_width = str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_number(str(number)) == parse_number(full_width) == number
