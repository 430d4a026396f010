"""Numbers and dates as a person sees them in a spreadsheet: Excel's General format, number format
codes (decimals, thousands, percent, literal text) and date format codes (y m d h s, AM/PM, 星期)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

__all__ = ["ZH_BUILTIN_FORMATS", "format_date", "format_number", "general", "split_sections"]

#: Built-in number formats as Chinese (zh-CN) Excel shows them; the others come from openpyxl.
ZH_BUILTIN_FORMATS: Final = {
    14: "yyyy/m/d",
    22: "yyyy/m/d h:mm",
    27: 'yyyy"年"m"月"',
    28: 'm"月"d"日"',
    29: 'm"月"d"日"',
    30: "m-d-yy",
    31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"',
    33: 'h"时"mm"分"ss"秒"',
    34: 'AM/PMh"时"mm"分"',
    35: 'AM/PMh"时"mm"分"ss"秒"',
    36: 'yyyy"年"m"月"',
    50: 'yyyy"年"m"月"',
    51: 'm"月"d"日"',
    52: 'yyyy"年"m"月"',
    53: 'm"月"d"日"',
    54: 'm"月"d"日"',
    55: 'AM/PMh"时"mm"分"',
    56: 'AM/PMh"时"mm"分"ss"秒"',
    57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"',
}
_DATE_TOKEN = re.compile(
    r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]|AM/PM|am/pm|A/P|a/p|上午/下午|y+|Y+|m+|M+|d+|D+|h+|H+|s+|S+|a{3,4}|e|\.0+|.',
    re.DOTALL,
)
_WEEKDAYS_ZH: Final = "一二三四五六日"


def general(value: float) -> str:
    """A number as Excel's General format shows it: at most 15 significant digits, no ``.0``."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = format(value, ".15g")
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}E{exponent[0]}{exponent[1:].lstrip('0').rjust(2, '0')}"
    return text


def split_sections(code: str) -> list[str]:
    """The ``;``-separated sections of a format code (quotes and escapes respected)."""
    sections: list[str] = []
    current: list[str] = []
    for token in _DATE_TOKEN.findall(code):
        if token == ";":
            sections.append("".join(current))
            current = []
        else:
            current.append(token)
    sections.append("".join(current))
    return sections


def format_number(value: float, code: str) -> str:
    """A number in a (non-date) format code: decimals, thousands, percent and literal text.

    Formats beyond these (fractions, scientific, conditions) fall back to General.
    """
    sections = split_sections(code)
    section = sections[0]
    if value < 0 and len(sections) > 1 and sections[1]:
        section, value = sections[1], -value
    elif value == 0 and len(sections) > 2 and sections[2]:
        section = sections[2]
    prefix: list[str] = []
    suffix: list[str] = []
    pattern: list[str] = []
    for token in _DATE_TOKEN.findall(section):
        # a number placeholder, or a separator or percent sign once the number has started
        if token == "%" or token[0] in "0#?" or (pattern and token[0] in ",."):
            pattern.append(token)
            continue
        if token[0] == '"':
            literal = token[1:-1]
        elif token[0] == "\\":
            literal = token[1:]  # a lone backslash at the end escapes nothing
        elif token[0] in "_*[" or token in ("@",):
            literal = ""
        elif token in "$-+/():!^&'~{}<>= ¥￥元":
            literal = token
        elif token[0] in "Ee" or token in ("General", "G"):
            return general(value)
        else:
            literal = token
        (suffix if pattern else prefix).append(literal)
    spec = "".join(pattern)
    if not spec or not any(char in spec for char in "0#?"):
        return "".join(prefix) + general(value) + "".join(suffix)
    percent = spec.count("%")
    value *= 100**percent
    integer_part, _, decimal_part = spec.replace("%", "").partition(".")
    decimals = sum(1 for char in decimal_part if char in "0#?")
    required = decimal_part.count("0")
    whole, _, fraction = f"{abs(value):.{decimals}f}".partition(".")
    fraction = fraction.rstrip("0").ljust(required, "0") if decimals > required else fraction
    whole = whole.lstrip("0").rjust(integer_part.count("0"), "0")
    if "," in integer_part and whole:
        whole = f"{int(whole):,}".rjust(len(whole), "0")
    text = f"{whole}.{fraction}" if fraction else whole
    negative = value < 0 and not (len(sections) > 1 and sections[1]) and any(char in "123456789" for char in text)
    return "".join(prefix) + ("-" if negative else "") + text + "%" * percent + "".join(suffix)


def format_date(moment: dt.datetime, code: str) -> str:
    """A date and time in a date format code (y m d h s, AM/PM, literals, 星期 aaa/aaaa)."""
    tokens = [token for token in _DATE_TOKEN.findall(split_sections(code)[0]) if token]
    twelve_hour = any(token.upper() in ("AM/PM", "A/P") or token == "上午/下午" for token in tokens)
    kinds = [token[0].lower() for token in tokens]
    out: list[str] = []
    for i, token in enumerate(tokens):
        kind = kinds[i]
        if token[0] == '"':
            out.append(token[1:-1])
        elif token[0] == "\\":
            out.append(token[1:])
        elif token[0] in "_*":
            continue
        elif token[0] == "[":
            inner = token[1:-1].lower()
            if inner and set(inner) <= set("hms"):
                out.append(str(moment.hour) if inner[0] == "h" else "")
        elif kind == "y":
            out.append(f"{moment.year:04d}" if len(token) > 2 else f"{moment.year % 100:02d}")
        elif kind == "m":
            before = next((k for k in reversed(kinds[:i]) if k in "ymdhs"), "")
            after = next((k for k in kinds[i + 1 :] if k in "ymdhs"), "")
            if len(token) <= 2 and (before == "h" or after == "s"):
                out.append(f"{moment.minute:0{len(token)}d}")
            elif len(token) <= 2:
                out.append(f"{moment.month:0{len(token)}d}")
            elif len(token) == 3:
                out.append(moment.strftime("%b"))
            else:
                out.append(moment.strftime("%B"))
        elif kind == "d":
            if len(token) <= 2:
                out.append(f"{moment.day:0{len(token)}d}")
            else:
                out.append(moment.strftime("%a" if len(token) == 3 else "%A"))
        elif kind == "a" and len(token) >= 3 and token.lower() != "am/pm":
            weekday = _WEEKDAYS_ZH[moment.weekday()]
            out.append(weekday if len(token) == 3 else f"星期{weekday}")
        elif kind == "h":
            hour = moment.hour % 12 or 12 if twelve_hour else moment.hour
            out.append(f"{hour:0{min(len(token), 2)}d}")
        elif kind == "s":
            out.append(f"{moment.second:0{min(len(token), 2)}d}")
        elif token == "上午/下午":
            out.append("上午" if moment.hour < 12 else "下午")
        elif token.upper() == "AM/PM":
            out.append("AM" if moment.hour < 12 else "PM")
        elif token.upper() == "A/P":
            out.append("A" if moment.hour < 12 else "P")
        elif token.startswith(".0"):
            out.append("." + f"{moment.microsecond:06d}"[: len(token) - 1])
        else:
            out.append(token)
    return "".join(out)
