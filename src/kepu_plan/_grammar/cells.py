"""What a cell of an allocation table may hold: the one home of the cell grammar.

The model validates names and texts with these rules, the layout parses and formats cells with
them: the longest text a cell stores, the characters no cell can store, how unit names are
separated, labelled and marked (牵头, 配合, 等部门), the numbering before action and task names.

>>> strip_numbering("（三）开展活动")
('开展活动', '（一）')
>>> format_numbering("（一）", 3)
'（三）'
>>> unstorable("第一行\\x0b第二行")
'\\x0b'
"""

from __future__ import annotations

import re
from typing import Final

from kepu_plan._grammar.numerals import to_chinese

__all__ = [
    "CIRCLED",
    "COLLECTIVE",
    "LEAD_MARK",
    "MAX_TEXT_LENGTH",
    "NO_UNITS",
    "NUMBERING",
    "NUMBERING_STARTS",
    "NUMBERING_STYLES",
    "OPEN_ENDINGS",
    "ROLE_MARK",
    "UNIT_FORBIDDEN",
    "UNIT_LABEL",
    "UNIT_SEPARATORS",
    "UNSTORABLE",
    "format_numbering",
    "strip_numbering",
    "unstorable",
]

#: The longest text a cell can hold: Excel's limit, which openpyxl would silently truncate to.
MAX_TEXT_LENGTH: Final = 32_767

#: Characters neither DOCX nor XLSX can store: C0 controls but tab and line feed (CR included, so a
#: line break is always one "\n"), the non-characters U+FFFE/U+FFFF and lone surrogates.
UNSTORABLE: Final = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")

#: What separates unit names in a cell; a unit name can hold none of these.
UNIT_SEPARATORS: Final = "\n、，,；;"
#: What a unit name cannot hold: a separator or whitespace.
UNIT_FORBIDDEN: Final = re.compile(r"[\n、，,；;\s]")
#: A label before a list of units in a cell: ``牵头单位：A；责任单位：B、C``; no unit name starts so.
UNIT_LABEL: Final = re.compile(
    r"(?P<label>牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|协办单位|参与单位|协同单位|协助单位)\s*[:：]\s*"
)
#: A parenthesised role mark at the end of a unit in a cell: ``（牵头）``, ``（配合）``, ``（县科协牵头）``.
ROLE_MARK: Final = re.compile(r"[（(][^（）()]*(?:牵头|配合)[）)]$")
#: A parenthesised lead mark at the end of an action cell: ``（市教体局、市科协牵头）``.
LEAD_MARK: Final = re.compile(r"[（(][^（）()]*牵头[）)]$")
#: How a cell ends an open list of units: ``县教体局、县科协等部门``; no unit name ends so.
OPEN_ENDINGS: Final = ("等有关部门", "等有关单位", "等相关部门", "等相关单位", "等部门", "等单位", "等")
#: What a cell writes for "no units" (in a partner column above all); no unit is named so.
NO_UNITS: Final = frozenset({"—", "——", "-", "－", "–", "―", "/", "／", "无", "\\"})
#: A collective unit: several units named as one (各成员单位, 各镇（街道）, 县直有关部门, 有关单位).
COLLECTIVE: Final = re.compile(
    r"^(?:各|其他|其它|全体|所有)|(?:有关|相关|各|其他|其它)(?:[^\s]{0,4})(?:部门|单位|镇|乡|街道|学校|医院|村|社区)"
    r"|成员单位$"
)

#: The circled numbers ① to ⑳, the twenty the ``①`` style can write.
CIRCLED: Final = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
#: A numbering prefix a table puts before an action or task name (一、 （一） 1. 1、 (1) ①); a
#: reader strips it, so a name cannot start with one.
NUMBERING: Final = re.compile(
    r"^(?:[一二三四五六七八九十百零]+、|[（(][一二三四五六七八九十百零]+[）)]|[0-9０-９]+(?:[.．](?![0-9０-９])|、)"
    r"|[（(][0-9０-９]+[）)]|[①-⑳])"
)
#: The characters a numbering prefix (``NUMBERING``) starts with: a text starting with none of them
#: has none, which a reader tells without the regular expression.
NUMBERING_STARTS: Final = frozenset("一二三四五六七八九十百零（(0123456789０１２３４５６７８９" + CIRCLED)
#: The numbering styles a layout can put before names, shown for the number 1.
NUMBERING_STYLES: Final = ("一、", "（一）", "1.", "1、", "(1)", "（1）", "①")


def unstorable(text: str) -> str | None:
    """The first character of ``text`` that no DOCX or XLSX cell can store, or None.

    >>> unstorable("每年开展\\n科普活动"), unstorable("\\ufffe")
    (None, '\\ufffe')
    """
    bad = UNSTORABLE.search(text)
    return None if bad is None else bad.group()


def strip_numbering(text: str) -> tuple[str, str | None]:
    """The name without its numbering, and the numbering's style (see ``NUMBERING_STYLES``).

    >>> strip_numbering("一、青少年科学素质提升行动")
    ('青少年科学素质提升行动', '一、')
    >>> strip_numbering("(3)开展活动"), strip_numbering("２．开展活动"), strip_numbering("2.0版")
    (('开展活动', '(1)'), ('开展活动', '1.'), ('2.0版', None))
    """
    if text[:1] not in NUMBERING_STARTS:  # most names: no numbering, told by their first character
        return text, None
    match = NUMBERING.match(text)
    if match is None:
        return text, None
    prefix = match.group()
    if prefix in CIRCLED:
        style = "①"
    elif prefix.endswith("、"):
        style = "1、" if prefix[0] in "0123456789０１２３４５６７８９" else "一、"
    elif prefix[-1] in "）)":
        digits = prefix[1] in "0123456789０１２３４５６７８９"
        style = ("（1）" if prefix[0] == "（" else "(1)") if digits else "（一）"
    else:
        style = "1."
    return text[match.end() :].lstrip(), style


def format_numbering(style: str | None, number: int) -> str:
    """The numbering of the ``number``-th item in ``style``.

    >>> [format_numbering(s, 12) for s in ("一、", "（一）", "1.", "1、", "(1)", "（1）", "①", None)]
    ['十二、', '（十二）', '12.', '12、', '(12)', '（12）', '⑫', '']
    """
    if style is None:
        return ""
    if style == "①":
        return CIRCLED[number - 1] if number <= len(CIRCLED) else f"({number})"
    if "一" in style:
        return style.replace("一", to_chinese(number))
    return style.replace("1", str(number))
