"""The grammar of a target phrase: how a duty's content writes a quantified commitment.

:func:`read_targets` reads a quantity with its measure word (3场次, 60名, 13.5%, 两所, 一千五百人次,
2万元, 百分之九十) and the words around it: the comparator (不少于 … 以上, 左右, 以内), the cadence (每年)
and the subject, the thing counted.  A full-coverage statement (…全覆盖, …全面覆盖) is a target of
100 %.  Plan names, codes and dates are not targets: “十四五”, “12621”工程, 5G, 2.0, 2025年.

It returns plain phrases; the model makes :class:`~kepu_plan.model.Target` objects of them
(:func:`kepu_plan.targets.find_targets`).

>>> [(p.quantity, p.upper, p.comparator) for p in read_targets("每年建设3至5个科普示范基地")]
[(3, 5, 'at_least')]
>>> [(p.text, p.quantity, p.subject) for p in read_targets("建设5个示范基地、两所特色学校，实施“十四五”规划")]
[('建设5个示范基地', 5, '示范基地'), ('两所特色学校', 2, '特色学校')]
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final, NamedTuple

from kepu_plan._grammar.numerals import parse_number

__all__ = ["ABOUT", "ANNUAL", "AT_LEAST", "AT_MOST", "EXACT", "PERIOD", "TargetPhrase", "read_targets"]

#: The comparators and cadences a phrase names, as the values of the model's ``Comparator`` and
#: ``Cadence`` enums.
EXACT: Final = "exact"
AT_LEAST: Final = "at_least"
AT_MOST: Final = "at_most"
ABOUT: Final = "about"
ANNUAL: Final = "annual"
PERIOD: Final = "period"


class TargetPhrase(NamedTuple):
    """A target as a content text writes it (the fields of :class:`~kepu_plan.model.Target`)."""

    text: str
    quantity: int | Decimal
    measure: str
    comparator: str
    cadence: str
    subject: str
    upper: int | Decimal | None


#: Text in quotation marks or book-title marks names something (“三下乡”, “12621”工程, 《条例》): its
#: characters are hidden from every search, though a subject or a text may contain the whole quote.
_QUOTED: Final = re.compile(r"“[^“”\n]*”|《[^《》\n]*》|「[^「」\n]*」|\"[^\"\n]*\"")
_HIDDEN: Final = "\ue000"

_CN: Final = "〇零一二两三四五六七八九十百千万亿廿卅"
#: Measure words and units, each with the characters that, following it, make it part of another
#: word (一部分, 三部门, 一家庭, 一处理); no measure may be followed by 性, 式, 化 or a numeral either.
_MEASURES: Final = {
    "个百分点": "", "万元": "", "亿元": "", "人次": "", "场次": "", "课时": "", "学时": "", "小时": "",
    "平方米": "", "公里": "", "元": "结素", "个": "人体", "名": "单称", "人": "", "场": "", "次": "产", "期": "间限",
    "所": "", "家": "庭长", "项": "目", "处": "理置", "篇": "", "部": "分门署", "支": "持", "座": "谈",
    "套": "", "件": "", "份": "", "册": "", "本": "", "门": "", "堂": "", "届": "", "户": "", "位": "于",
    "台": "", "天": "", "亩": "", "%": "", "％": "",
}  # fmt: skip
_MEASURE: Final = "|".join(
    re.escape(word) + (f"(?![{after}])" if after else "")
    for word, after in sorted(_MEASURES.items(), key=lambda item: -len(item[0]))
)
_AT_LEAST, _AT_MOST, _ABOUT = AT_LEAST, AT_MOST, ABOUT
_COMPARATORS: Final = {
    "不少于": _AT_LEAST, "不低于": _AT_LEAST, "至少": _AT_LEAST, "超过": _AT_LEAST, "以上": _AT_LEAST,
    "余": _AT_LEAST, "多": _AT_LEAST, "不超过": _AT_MOST, "不高于": _AT_MOST, "控制在": _AT_MOST,
    "以下": _AT_MOST, "以内": _AT_MOST, "约": _ABOUT, "近": _ABOUT, "左右": _ABOUT,
}  # fmt: skip

#: A target: a full-coverage statement, or an optional comparator, a number (百分之…, Arabic digits
#: not glued to a code such as 5G or 2.0, or Chinese numerals not inside a word such as 统一 or
#: 第三), the measure and an optional comparator after it.
_TARGET: Final = re.compile(
    rf"""
    (?P<coverage>全面?覆盖)
    | (?P<pre>不少于|不低于|至少|不超过|不高于|超过|控制在|达到|约|近)?
      (?:
        百分之(?P<percent>[0-9０-９]+(?:[.．][0-9０-９]+)?|[{_CN}]+(?:点[〇零一二三四五六七八九]+)?)
        | (?:
            (?P<low>
              (?<![0-9０-９.．A-Za-z+\-~～—–/第])[0-9０-９]+(?:[.．][0-9０-９]+)?
            | (?<![{_CN}第几数每之统唯同单逐进合专划])[{_CN}]+?
            )
            \s*(?:至|到|—{{1,2}}|－|-|~|～|–)\s*
            (?P<high>[0-9０-９]+(?:[.．][0-9０-９]+)?(?![0-9０-９.．A-Za-z])|[{_CN}]+?)
          | (?P<number>
              (?<![0-9０-９.．A-Za-z+\-~～—–/第])(?<!\d,)
              (?:\d{{1,3}}(?:,\d{{3}})+|[0-9０-９]+(?:[.．][0-9０-９]+)?)(?:万(?!元)|亿(?!元))?(?![0-9０-９.．A-Za-z])
            | (?<![{_CN}第几数每之统唯同单逐进合专划])[{_CN}]+?(?:点[〇零一二三四五六七八九]+)?
            )
          )
          (?P<approx>余|多)?
          (?P<measure>(?>{_MEASURE}))(?![性式化{_CN}])
      )
      (?P<post>以上|以下|以内|左右)?
    """,
    re.VERBOSE,
)

_CLAUSE_ENDS: Final = "，。；;：:！？!?\n"
#: A comparator written before the verb of its clause: 每年[至少]开展科普活动3场次.
_EARLIER_COMPARATOR: Final = re.compile("不少于|不低于|不超过|不高于|至少|超过|控制在")
#: Words that end a subject's span before the quantity without being part of it: 投入[不低于人均]1元.
_SUBJECT_TAIL: Final = re.compile(r"(?:不少于|不低于|不超过|不高于|至少|超过|控制在|达到|人均|户均|平均)+$")
_CADENCE: Final = re.compile("每年|年均")
#: What joins the items of a list: 建设5个A、5个B和3个C.
_JOINER: Final = re.compile(r"(?:[\s、,，和及与并或]|以及)*")
#: What may start a subject written after its quantity: 5个[示范基地], 1000人左右[的][科普志愿者队伍].
_SUBJECT_AFTER: Final = re.compile(rf"的?(?=[\u4e00-\u9fff“《「\"A-Za-z])(?![和及与并或]|以及)[^{_CLAUSE_ENDS}、]+")
#: Verbs whose object is what a quantity after it counts: 开展[公益科普活动]不少于3场次.  The weak
#: ones lead to another verb (组织学校开展…), so they count only when no strong one is there.
_STRONG_VERB: Final = re.compile(
    "开展|举办|举行|培训|培育|培养|建设|建成|新建|创建|打造|组建|形成|实现|完成|开设|设立|建立|推出|发布|出版|"
    "编印|发放|制作|创作|评选|认定|招募|吸纳|引进|扶持|资助|惠及|新增|增加|配备|接待|选树|表彰|放映|播放|投入"
)
_WEAK_VERB: Final = re.compile("组织|引导|动员|鼓励|支持|推动|带动|参与|参加")
#: Words before a subject that are not part of it: cadence, period, intent.
_LEAD: Final = re.compile(
    rf"(?:\s|每年度?|年均|全年|“{_HIDDEN}*”期间|十[一二三四五六七八九]五期间|(?:到|至|截至)?\d{{4}}年(?:底|末|前)?|"
    "计划|力争|重点|累计|总计|共计|基本|逐步|的)*"
)


def _hide(match: re.Match[str]) -> str:
    quote = match.group()
    return quote[0] + _HIDDEN * (len(quote) - 2) + quote[-1]


def _quantity(match: re.Match[str]) -> tuple[int | Decimal, int | Decimal | None] | None:
    """The quantity and, for a range (3至5个), its upper end; None for what is no number."""
    if match["coverage"]:
        return 100, None
    try:
        if match["low"] is not None:
            low, high = parse_number(match["low"]), parse_number(match["high"])
            return (low, high) if high > low else None
        return parse_number(match["percent"] or match["number"]), None
    except ValueError:
        return None  # a run of numeral characters that is not a number: 十四五, 千家万户


def _skip(pattern: re.Pattern[str], text: str, start: int, stop: int) -> int:
    """Where a match of ``pattern`` at ``start`` ends."""
    match = pattern.match(text, start, stop)
    return match.end() if match else start


def _strip(masked: str, start: int, stop: int) -> tuple[int, int]:
    """The span without surrounding whitespace (and list joiners at its end)."""
    while start < stop and masked[start].isspace():
        start += 1
    while stop > start and (masked[stop - 1].isspace() or masked[stop - 1] in "、,，和及与并或"):
        stop -= 1
    return start, stop


def _subject_after(masked: str, start: int, stop: int) -> tuple[int, int] | None:
    """The span of the thing counted when it follows the quantity, if it does."""
    after = _SUBJECT_AFTER.match(masked, start, stop)
    if after is None:
        return None
    start, stop = _strip(masked, start + after[0].startswith("的"), after.end())
    # Cut before a quantity that only its context hid (7名人[二%]三): the subject alone has none.
    while stop > start and (inner := _TARGET.search(masked[start:stop])) is not None:
        start, stop = _strip(masked, start, start + inner.start())
    return (start, stop) if stop > start else None


def _subject_before(masked: str, start: int, stop: int) -> tuple[int, int]:
    """The span of the thing counted when it comes before the quantity: the object of the verb."""
    tail = _SUBJECT_TAIL.search(masked, start, stop)
    if tail is not None:
        stop = tail.start()
    verb = _STRONG_VERB.search(masked, start, stop) or _WEAK_VERB.search(masked, start, stop)
    if verb is not None:
        if _strip(masked, verb.end(), stop)[0] == stop:
            stop = verb.start()  # 科普志愿者[新增]500名: the subject is before the verb
        else:
            start = verb.end()
    return _strip(masked, _skip(_LEAD, masked, start, stop), stop)


def read_targets(text: str) -> tuple[TargetPhrase, ...]:
    """The target phrases written in ``text`` (a duty's content), in order of appearance.

    Each phrase's ``text`` is the exact span of ``text`` it was read from: the clause (from the last
    comma or full stop, or from the previous target of a list) up to the quantity and its comparator,
    or up to the subject when the subject follows the quantity.

    >>> content = "“十四五”期间，重点培养3000名以上毕业生，形成1000人左右的志愿者队伍，实现科普基地镇域全覆盖"
    >>> for p in read_targets(content):
    ...     print(p.text, p.quantity, p.measure, p.comparator, p.cadence, p.subject)
    重点培养3000名以上毕业生 3000 名 at_least period 毕业生
    形成1000人左右的志愿者队伍 1000 人 about period 志愿者队伍
    实现科普基地镇域全覆盖 100 % exact period 科普基地镇域
    >>> read_targets("实施“12621”工程，推广5G、2.0版，开展119消防宣传月，到2025年（2021-2035年）")
    ()
    """
    masked = _QUOTED.sub(_hide, text)
    found: list[tuple[re.Match[str], int | Decimal, int | Decimal | None]] = []
    for match in _TARGET.finditer(masked):
        parsed = _quantity(match)
        if parsed is not None:
            found.append((match, *parsed))
    targets: list[TargetPhrase] = []
    previous_end = 0
    for i, (match, quantity, upper) in enumerate(found):
        clause = max(masked.rfind(end, 0, match.start()) for end in _CLAUSE_ENDS) + 1
        start = clause
        if previous_end > clause:  # the next item of a list: 建设5个A、[5个B]
            start = _skip(_JOINER, masked, previous_end, match.start())
        limit = found[i + 1][0].start() if i + 1 < len(found) else len(masked)
        subject = _subject_after(masked, match.end(), limit) if not match["coverage"] else None
        if subject is not None:  # 建设5个[示范基地]
            end = subject[1]
        else:  # 开展[公益科普活动]不少于3场次
            subject, end = _subject_before(masked, start, match.start()), match.end()
        start = _strip(masked, start, end)[0]
        comparator = next(
            (_COMPARATORS[word] for word in (match["post"], match["pre"], match["approx"]) if word in _COMPARATORS),
            None,
        )
        if comparator is None:  # 至少开展…3场次: the comparator stands before the verb
            before = _EARLIER_COMPARATOR.findall(masked, start, match.start())
            comparator = _COMPARATORS[before[-1]] if before else EXACT
        if upper is not None:
            comparator = AT_LEAST
        measure = "%" if match["coverage"] or match["percent"] else match["measure"].replace("％", "%")
        targets.append(
            TargetPhrase(
                text=text[start:end],
                quantity=quantity,
                measure=measure,
                comparator=comparator,
                cadence=ANNUAL if _CADENCE.search(masked, clause, match.start()) else PERIOD,
                subject=text[subject[0] : subject[1]],
                upper=upper,
            )
        )
        previous_end = end
    return tuple(targets)
