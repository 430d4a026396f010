"""Chinese numerals: a small, exact parser and, for tests, the inverse converter.

The parser accepts the standard written form only (一千零五十, 两万, 十五, 三亿零五百万), so that runs of
numeral characters that are not numbers (十四五, 五一, 一一) are rejected instead of being misread.

>>> parse_chinese("一千五百")
1500
>>> parse_chinese("两万零三十")
20030
>>> parse_chinese("十二点五")
Decimal('12.5')
>>> parse_number("2万"), parse_number("１３.５"), parse_number("3,000")
(20000, Decimal('13.5'), 3000)
>>> to_chinese(10500)
'一万零五百'
>>> parse_chinese("十四五")
Traceback (most recent call last):
    ...
ValueError: not a Chinese numeral: '十四五'
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

__all__ = ["CHINESE_NUMERAL_CHARS", "parse_chinese", "parse_number", "to_chinese"]

_DIGITS: Final = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NAMES: Final = "零一二三四五六七八九"
#: Every character :func:`parse_chinese` may meet.
CHINESE_NUMERAL_CHARS: Final = "〇零一二两三四五六七八九十百千万亿廿卅点"

# A section below 10,000: digits for the thousands, hundreds, tens and ones places, with the zero
# (零) that marks a gap after the thousands or hundreds place.  两 may count thousands and hundreds
# but not tens or ones (十两 is not a number); the tens digit may be left out only at the very start
# (十五, but 一百一十五).
_SECTION: Final = re.compile(
    r"(?:(?P<q>[一二两三四五六七八九])千)?(?P<z1>零)?"
    r"(?:(?P<h>[一二两三四五六七八九])百)?(?P<z2>零)?"
    r"(?:(?P<t>[一二三四五六七八九])?(?P<ten>十))?"
    r"(?P<o>[一二三四五六七八九])?"
)
_ARABIC: Final = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(万|亿)?")
_FULL_WIDTH: Final = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def _section(text: str, *, leading: bool) -> int:
    """The value (0 to 9,999) of a section between 亿 and 万 markers; ``""`` is 0."""
    match = _SECTION.fullmatch(text)
    if match is None:
        raise ValueError(text)
    q, h, t, o = (_DIGITS[match[name]] if match[name] else 0 for name in ("q", "h", "t", "o"))
    if match["ten"]:
        if t == 0 and not (leading and not (q or h or match["z1"] or match["z2"])):
            raise ValueError(text)  # 一百十五: a bare 十 only starts a number
        t = t or 1
    # 零 stands exactly where a run of empty places separates two filled ones.
    if bool(match["z1"]) != bool(q and not h and (t or o)) or bool(match["z2"]) != bool(h and not t and o):
        raise ValueError(text)
    return q * 1000 + h * 100 + t * 10 + o


def _integer(text: str) -> int:
    if text in _DIGITS:
        return _DIGITS[text]
    text = text.replace("〇", "零")
    if text.startswith(("廿", "卅")):  # 廿五 = 二十五
        text = ("二十" if text[0] == "廿" else "三十") + text[1:]
    groups: list[str] = []
    for marker in ("亿", "万"):
        head, found, text = text.partition(marker)
        if not found:
            head, text = "", head
        elif not head:
            raise ValueError(marker)  # bare 万 or 亿: 万众, 亿万
        groups.append(head)
    groups.append(text)
    total, started, gap = 0, False, False
    for group, scale in zip(groups, (10**8, 10**4, 1), strict=True):
        zero = group.startswith("零")
        body = group[zero:]
        value = 2 if body == "两" and scale > 1 else _section(body, leading=not started)  # 两万
        if value == 0:  # an empty group: 一亿[]零五百
            if zero:
                raise ValueError(group)
            gap = started
            continue
        # Below a filled group, a group under 1,000 (or after an empty one) starts with 零: 一万零五百.
        if zero != (started and (gap or value < 1000)):
            raise ValueError(group)
        total += value * scale
        started, gap = True, False
    if not started:
        raise ValueError(text)
    return total


def parse_chinese(text: str) -> int | Decimal:
    """The number written in Chinese numerals, as an int, or a Decimal when it has a 点 part.

    Raises :class:`ValueError` unless ``text`` is exactly one number in the standard form.

    >>> parse_chinese("两"), parse_chinese("十"), parse_chinese("一百零一"), parse_chinese("廿五")
    (2, 10, 101, 25)
    >>> parse_chinese("百分之九十")
    Traceback (most recent call last):
        ...
    ValueError: not a Chinese numeral: '百分之九十'
    """
    whole, point, fraction = text.partition("点")
    try:
        value = _integer(whole)
        if not point:
            return value
        if not fraction or any(char not in _NAMES + "〇" for char in fraction):
            raise ValueError(fraction)
        return Decimal(f"{value}.{''.join(str(_DIGITS[char]) for char in fraction)}")
    except (ValueError, KeyError):
        raise ValueError(f"not a Chinese numeral: {text!r}") from None


def parse_number(text: str) -> int | Decimal:
    """A number in Arabic digits (full-width too, 3,000 too, with an optional 万 or 亿) or Chinese numerals.

    The result is an int when the value is whole (``"1.5万"`` → 15000), else a Decimal.

    >>> parse_number("3000"), parse_number("１．５万"), parse_number("一千五百"), parse_number("0.5")
    (3000, 15000, 1500, Decimal('0.5'))
    """
    arabic = _ARABIC.fullmatch(text.translate(_FULL_WIDTH))
    if arabic is None:
        return parse_chinese(text)
    value = Decimal(arabic[1].replace(",", "")) * {None: 1, "万": 10**4, "亿": 10**8}[arabic[2]]
    return int(value) if value == value.to_integral_value() else value.normalize()


def to_chinese(number: int) -> str:
    """The standard Chinese numeral for a whole number from 0 to 999,999,999,999 (the parser's inverse).

    >>> [to_chinese(n) for n in (0, 10, 15, 110, 1010, 20000, 100005000)]
    ['零', '十', '十五', '一百一十', '一千零一十', '二万', '一亿零五千']
    """
    if not 0 <= number < 10**12:
        raise ValueError(f"out of range: {number}")
    if number == 0:
        return "零"
    parts: list[str] = []
    started = gap = False
    for scale, marker in ((10**8, "亿"), (10**4, "万"), (1, "")):
        group = number // scale % 10**4
        if group == 0:
            gap = started
            continue
        digits = [group // 1000, group // 100 % 10, group // 10 % 10, group % 10]
        words = "零" if started and (gap or group < 1000) else ""
        pending_zero = False
        for digit, unit in zip(digits, ("千", "百", "十", ""), strict=True):
            if digit == 0:
                pending_zero = bool(words.rstrip("零"))
                continue
            if pending_zero and not words.endswith("零"):
                words += "零"
            words += ("" if unit == "十" and digit == 1 and not parts and not words else _NAMES[digit]) + unit
            pending_zero = False
        parts.append(words + marker)
        started, gap = True, False
    return "".join(parts)
