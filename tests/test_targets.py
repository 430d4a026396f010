"""Targets: every quantified commitment in a duty's content, exactly, and nothing else."""

from __future__ import annotations

import doctest
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kepu_plan as kp
from kepu_plan import Cadence, Comparator, Duty, Target
from kepu_plan._grammar.numerals import to_chinese
from kepu_plan.targets import find_targets
from kepu_plan.testing import texts

# These tests match the English words of messages (see tests/conftest.py).
pytestmark = pytest.mark.usefixtures("english")

AT_LEAST, AT_MOST, ABOUT, EXACT = Comparator.AT_LEAST, Comparator.AT_MOST, Comparator.ABOUT, Comparator.EXACT
ANNUAL, PERIOD = Cadence.ANNUAL, Cadence.PERIOD


def _one(content: str) -> Target:
    [target] = find_targets(content)
    return target


def _fields(target: Target) -> tuple[object, ...]:
    return (target.text, target.quantity, target.measure, target.comparator, target.cadence, target.subject)


# --- the issue's examples ------------------------------------------------------------------------


def test_the_issue_example_is_found_whole() -> None:
    assert find_targets("每年面向农村地区开展公益科普活动不少于3场次") == (
        Target(
            text="每年面向农村地区开展公益科普活动不少于3场次",
            quantity=3,
            measure="场次",
            comparator=AT_LEAST,
            cadence=ANNUAL,
            subject="公益科普活动",
        ),
    )


@pytest.mark.parametrize(
    ("content", "subject"),
    [
        ("建设5个中小学德育工作示范基地", "中小学德育工作示范基地"),
        ("每年培训科学教师和科技辅导员60名以上", "科学教师和科技辅导员"),
        ("每年开展“科学实验秀”10场次", "“科学实验秀”"),
    ],
)
def test_the_subject_is_the_thing_counted(content: str, subject: str) -> None:
    assert _one(content).subject == subject


def test_a_list_of_counted_things_gives_one_target_per_item() -> None:
    targets = find_targets("充实丰富科学教育资源，建设5个A、5个B、15个C，将科学精神融入课程")
    assert [_fields(t) for t in targets] == [
        ("建设5个A", 5, "个", EXACT, PERIOD, "A"),
        ("5个B", 5, "个", EXACT, PERIOD, "B"),
        ("15个C", 15, "个", EXACT, PERIOD, "C"),
    ]


def test_list_items_joined_by_and_share_the_clause_cadence() -> None:
    targets = find_targets("每年培训教师60名和辅导员30名")
    assert [_fields(t) for t in targets] == [
        ("每年培训教师60名", 60, "名", EXACT, ANNUAL, "教师"),
        ("辅导员30名", 30, "名", EXACT, ANNUAL, "辅导员"),
    ]


@pytest.mark.parametrize("words", ["全覆盖", "全面覆盖"])
def test_full_coverage_is_a_target_of_100_percent(words: str) -> None:
    target = _one(f"加强科协基层组织建设，实现科协系统“三长制”建设{words}，全面提升农村科普供给能力。")
    assert _fields(target) == (f"实现科协系统“三长制”建设{words}", 100, "%", EXACT, PERIOD, "科协系统“三长制”建设")


# --- comparators and cadences --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "comparator"),
    [
        ("培训教师60名以上", AT_LEAST),
        ("开展活动不少于3场次", AT_LEAST),
        ("开展活动至少3场次", AT_LEAST),
        ("培训人数超过500人", AT_LEAST),
        ("科普志愿者达到1000人以上", AT_LEAST),
        ("培育300余名农民", AT_LEAST),
        ("覆盖率不低于90%", AT_LEAST),
        ("参训人数500人以下", AT_MOST),
        ("开展活动不超过3场次", AT_MOST),
        ("误差5%以内", AT_MOST),
        ("比例控制在5%", AT_MOST),
        ("比例控制在5%以内", AT_MOST),
        ("形成1000人左右的队伍", ABOUT),
        ("约300名专家", ABOUT),
        ("惠及近5000人次", ABOUT),
        ("培育高素质农民300名", EXACT),
        ("科普志愿者达到1000人", EXACT),
    ],
)
def test_the_comparator_comes_from_the_words_around_the_quantity(content: str, comparator: Comparator) -> None:
    assert _one(content).comparator is comparator


@pytest.mark.parametrize(
    ("content", "cadence"),
    [
        ("每年培育乡村科技人才50名", ANNUAL),
        ("年均开展科普活动12场", ANNUAL),
        ("每年度开展科普活动12场", ANNUAL),
        ("“十四五”期间，每年计划培育高素质农民300名", ANNUAL),
        ("“十四五”期间，培训农民工5000人次", PERIOD),
        ("培训农民工5000人次", PERIOD),
    ],
)
def test_the_cadence_is_annual_only_when_the_clause_says_so(content: str, cadence: Cadence) -> None:
    assert _one(content).cadence is cadence


# --- numbers and measures ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "quantity", "measure"),
    [
        ("建设3所学校", 3, "所"),
        ("建设３所学校", 3, "所"),
        ("培训3000人", 3000, "人"),
        ("培训3,000人", 3000, "人"),
        ("提高13.5%", Decimal("13.5"), "%"),
        ("提高１３．５％", Decimal("13.5"), "%"),
        ("提高2个百分点", 2, "个百分点"),
        ("建设两所学校", 2, "所"),
        ("建设十个站点", 10, "个"),
        ("培训三百名教师", 300, "名"),
        ("培训一千五百人次", 1500, "人次"),
        ("惠及2万人次", 20_000, "人次"),
        ("惠及1.5万人次", 15_000, "人次"),
        ("投入资金50万元", 50, "万元"),
        ("投入资金五十万元", 50, "万元"),
        ("比例达到百分之九十", 90, "%"),
        ("比例达到百分之十二点五", Decimal("12.5"), "%"),
        ("比例达到90%", 90, "%"),
        ("建设一个平台", 1, "个"),
        ("命名5家基地", 5, "家"),
        ("立项3项课题", 3, "项"),
        ("开设4期培训班", 4, "期"),
        ("发表10篇文章", 10, "篇"),
        ("创作2部作品", 2, "部"),
        ("组建3支队伍", 3, "支"),
        ("建设6处场地", 6, "处"),
        ("开展20次活动", 20, "次"),
        ("举办8场讲座", 8, "场"),
    ],
)
def test_quantities_are_read_in_every_notation_with_their_measure(
    content: str, quantity: int | Decimal, measure: str
) -> None:
    target = _one(content)
    assert (target.quantity, target.measure) == (quantity, measure)
    assert type(target.quantity) is type(quantity)


# --- what is not a target ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "“十四五”期间，推进科普工作",  # a plan's name
        "十四五期间，推进科普工作",
        "实施全省科协系统“12621”工程，助力秦创原创新驱动平台建设",  # a project's code
        "聚焦“4+X”现代特色农业产业发展",
        "发挥5G、人工智能等新技术的助推作用",  # a technology
        "深入实施基础学科拔尖学生培养计划2.0，完善拔尖创新人才培养体系",  # a version
        "深化文化科技卫生“三下乡”活动",  # slogans in quotes
        "实现科协系统“三长制”建设",
        "组织企业科技工作者参加“五小”竞赛、“三新三小”创新竞赛",
        "利用全国安全生产月、119消防宣传月、全国防灾减灾日等时间节点",  # a date's name
        "到2025年，推进科普工作",  # a year
        "贯彻《全民科学素质行动规划纲要（2021-2035年）》",  # a period
        "实施方案（2021-2035年）",
        "打造一批科技创新教育示范学校",  # 一批 is not a number
        "统一部署科普工作",  # 一 inside a word
        "建立一次性补助制度",
        "推动大众创业、万众创新",
        "让科学知识走进千家万户",
        "推进三位一体建设",
        "举办第3届科普讲解大赛",  # an ordinal
        "数十个社区",
        "发挥多部门作用",
        "3月20日",
        "版本V2.0",
    ],
)
def test_names_codes_and_dates_are_not_targets(content: str) -> None:
    assert find_targets(content) == ()


# --- the Shenmu plan -----------------------------------------------------------------------------

#: Every target in the Shenmu plan, by duty (its index in reading order), decided by reading each duty:
#: 14 numeric targets in 9 duties and 3 full-coverage statements.
SHENMU_TARGETS = [
    (1, "建设5个中小学德育工作示范基地", 5, "个", EXACT, PERIOD, "中小学德育工作示范基地"),
    (1, "5个中小学心理健康教育特色学校", 5, "个", EXACT, PERIOD, "中小学心理健康教育特色学校"),
    (1, "15个中小学家校共育创新示范基地", 15, "个", EXACT, PERIOD, "中小学家校共育创新示范基地"),
    (1, "5个文化建设示范学校", 5, "个", EXACT, PERIOD, "文化建设示范学校"),
    (4, "每年开展“科学实验秀”10场次", 10, "场次", EXACT, ANNUAL, "“科学实验秀”"),
    (18, "每年培训科学教师和科技辅导员60名以上", 60, "名", AT_LEAST, ANNUAL, "科学教师和科技辅导员"),
    (
        23,
        "实现科技小院（农业专家服务站）在全市各领域全覆盖",
        100,
        "%",
        EXACT,
        PERIOD,
        "科技小院（农业专家服务站）在全市各领域",
    ),
    (25, "每年计划培育高素质农民300名", 300, "名", EXACT, ANNUAL, "高素质农民"),
    (27, "每年培育乡村科技人才50名", 50, "名", EXACT, ANNUAL, "乡村科技人才"),
    (28, "每年面向农村地区开展公益科普活动不少于3场次", 3, "场次", AT_LEAST, ANNUAL, "公益科普活动"),
    (32, "实现科协系统“三长制”建设全覆盖", 100, "%", EXACT, PERIOD, "科协系统“三长制”建设"),
    (37, "重点培养3000名以上高质量职业学院毕业生", 3000, "名", AT_LEAST, PERIOD, "高质量职业学院毕业生"),
    (37, "3000名以上技能劳动者", 3000, "名", AT_LEAST, PERIOD, "技能劳动者"),
    (40, "培训农民工5000人次", 5000, "人次", EXACT, PERIOD, "农民工"),
    (91, "实现“十四五”期间科普教育基地镇域全覆盖", 100, "%", EXACT, PERIOD, "科普教育基地镇域"),
    (99, "形成1000人左右的科普志愿者队伍", 1000, "人", ABOUT, PERIOD, "科普志愿者队伍"),
    (99, "每年开展科普志愿服务活动10次以上", 10, "次", AT_LEAST, ANNUAL, "科普志愿服务活动"),
]


def test_every_shenmu_target_is_found_and_nothing_else() -> None:
    plan = kp.examples.shenmu()
    index = {id(duty): i for i, duty in enumerate(plan.duties)}
    found = [(index[id(duty)], *_fields(target)) for _, _, duty, target in plan.targets()]
    assert found == SHENMU_TARGETS
    assert sum(1 for row in found if row[2:4] != (100, "%")) == 14
    assert len({row[0] for row in found}) == 12


def test_every_shenmu_target_text_is_a_substring_of_its_duty() -> None:
    for _, _, duty, target in kp.examples.shenmu().targets():
        assert target.text in duty.content
        assert target.subject in target.text


# --- the API -------------------------------------------------------------------------------------


def test_duty_targets_are_found_in_the_content_and_cached() -> None:
    content = "引导社会多元主体积极参与农村科普，每年面向农村地区开展公益科普活动不少于3场次。"
    duty = Duty(content=content, units=["市科协"])
    assert duty.targets == find_targets(content)
    hits = find_targets.cache_info().hits
    assert duty.targets is duty.targets
    assert find_targets.cache_info().hits >= hits + 2


def test_the_examples_in_docs_targets_md_hold() -> None:
    path = Path(__file__).resolve().parents[1] / "docs" / "targets.md"
    result = doctest.testfile(
        str(path), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE, encoding="utf-8", verbose=False
    )
    assert result.attempted > 0
    assert result.failed == 0


# --- properties ----------------------------------------------------------------------------------

_SUBJECTS = [
    "科普活动",
    "科学教师和科技辅导员",
    "“科学实验秀”",
    "高素质农民",
    "示范基地",
    "科普志愿者队伍",
    "乡村科技人才",
]
_MEASURES = ["个", "名", "人", "人次", "场", "场次", "次", "所", "家", "项", "期", "%"]
_BEFORE = [("", None), ("不少于", AT_LEAST), ("至少", AT_LEAST), ("不超过", AT_MOST), ("约", ABOUT), ("近", ABOUT)]
_AFTER = [("", None), ("以上", AT_LEAST), ("以下", AT_MOST), ("以内", AT_MOST), ("左右", ABOUT)]
_PREAMBLES = ["", "“十四五”期间，", "实施“12621”工程，", "发挥5G、人工智能等新技术的助推作用，", "到2025年，"]


@st.composite
def _numbers(draw: st.DrawFn) -> tuple[str, int]:
    number = draw(st.integers(1, 99_999))
    style = draw(st.sampled_from(["arabic", "full-width", "chinese", "wan"]))
    if style == "wan":
        number = number // 10_000 * 10_000 or 10_000
        return f"{number // 10_000}万", number
    if style == "full-width":
        return str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９")), number
    return (to_chinese(number) if style == "chinese" else str(number)), number


@st.composite
def _clauses(draw: st.DrawFn) -> tuple[str, list[tuple[int, str, Comparator, Cadence, str]]]:
    """A clause with its targets (quantity, measure, comparator, cadence, subject)."""
    kind = draw(st.sampled_from(["before", "after", "list", "coverage"]))
    subject = draw(st.sampled_from(_SUBJECTS))
    if kind == "coverage":
        return f"实现{subject}全覆盖", [(100, "%", EXACT, PERIOD, subject)]
    annual = draw(st.booleans())
    cadence_word = draw(st.sampled_from(["每年", "年均"])) if annual else ""
    cadence = ANNUAL if annual else PERIOD
    items = []
    parts = []
    for i in range(draw(st.integers(2, 3)) if kind == "list" else 1):
        (written, number), measure = draw(_numbers()), draw(st.sampled_from(_MEASURES))
        before, before_comparator = draw(st.sampled_from(_BEFORE))
        after, after_comparator = draw(st.sampled_from(_AFTER))
        comparator = after_comparator or before_comparator or EXACT
        item_subject = subject if i == 0 else draw(st.sampled_from(_SUBJECTS))
        quantity = f"{before}{written}{measure}{after}"
        parts.append(f"开展{item_subject}{quantity}" if kind == "before" else f"{quantity}的{item_subject}")
        items.append((number, measure, comparator, cadence, item_subject))
    verb = "" if kind == "before" else "建设"
    return cadence_word + verb + "、".join(parts), items


@given(st.sampled_from(_PREAMBLES), st.lists(_clauses(), min_size=1, max_size=3))
def test_generated_sentences_give_exactly_their_targets(
    preamble: str, clauses: list[tuple[str, list[tuple[int, str, Comparator, Cadence, str]]]]
) -> None:
    content = preamble + "，".join(text for text, _ in clauses) + "。"
    found = find_targets(content)
    assert [(t.quantity, t.measure, t.comparator, t.cadence, t.subject) for t in found] == [
        item for _, items in clauses for item in items
    ]
    for target in found:
        _assert_stands_alone(target, content)


def _assert_stands_alone(target: Target, content: str) -> None:
    """The target's text is in the content, and read alone it gives the same target.

    The one difference allowed: a list item after the first takes the cadence of its clause
    (每年培训教师60名、辅导员30名), which its own text does not say.
    """
    assert target.text in content
    [alone] = find_targets(target.text)
    assert alone == attrs.evolve(target, cadence=alone.cadence)
    if target.cadence is PERIOD or "每年" in target.text or "年均" in target.text:
        assert alone == target


@given(texts(multiline=True, max_size=80))
def test_targets_in_any_text_stand_alone(content: str) -> None:
    for target in find_targets(content):
        _assert_stands_alone(target, content)


_NUMERAL_SOUP = (
    "〇零一二两三四五六七八九十百千万亿廿点0123456789０５.,，。、和的"
    "以上下内左右约近不少于超过达到每年开展建设个名人次场所%％全覆盖面“”《》G-第统 "
)


@given(st.text(alphabet=_NUMERAL_SOUP, min_size=1, max_size=40).map(str.strip).filter(bool))
def test_targets_in_numeral_soup_stand_alone(content: str) -> None:
    for target in find_targets(content):
        _assert_stands_alone(target, content)


# --- real county wording ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "每年至少开展科普进校园活动3场次",
            ("每年至少开展科普进校园活动3场次", 3, None, "场次", AT_LEAST, ANNUAL, "科普进校园活动"),
        ),
        ("科普经费投入不低于人均1元", ("科普经费投入不低于人均1元", 1, None, "元", AT_LEAST, PERIOD, "科普经费")),
        ("每年举办科普讲座不少于10场", ("每年举办科普讲座不少于10场", 10, None, "场", AT_LEAST, ANNUAL, "科普讲座")),
        (
            "公民具备科学素质的比例达到15%以上",
            ("公民具备科学素质的比例达到15%以上", 15, None, "%", AT_LEAST, PERIOD, "公民具备科学素质的比例"),
        ),
        ("培训人数超过1000人次", ("培训人数超过1000人次", 1000, None, "人次", AT_LEAST, PERIOD, "人数")),
        ("力争建成县科技馆1所", ("力争建成县科技馆1所", 1, None, "所", EXACT, PERIOD, "县科技馆")),
        (
            "“十四五”期间累计培训农民5000人次",
            ("“十四五”期间累计培训农民5000人次", 5000, None, "人次", EXACT, PERIOD, "农民"),
        ),
        (
            "科普示范社区覆盖率达到80%",
            ("科普示范社区覆盖率达到80%", 80, None, "%", EXACT, PERIOD, "科普示范社区覆盖率"),
        ),
        ("每个镇（街道）建设1个科普e站", ("每个镇（街道）建设1个科普e站", 1, None, "个", EXACT, PERIOD, "科普e站")),
        (
            "每个镇（街道）每年开展活动不少于2次",
            ("每个镇（街道）每年开展活动不少于2次", 2, None, "次", AT_LEAST, ANNUAL, "活动"),
        ),
        ("每年实施3至5个科普项目", ("每年实施3至5个科普项目", 3, 5, "个", AT_LEAST, ANNUAL, "科普项目")),
        ("建成3—5个科普示范基地", ("建成3—5个科普示范基地", 3, 5, "个", AT_LEAST, PERIOD, "科普示范基地")),
        ("新建3-5所科普特色学校", ("新建3-5所科普特色学校", 3, 5, "所", AT_LEAST, PERIOD, "科普特色学校")),
        ("每年培训30～50名科技辅导员", ("每年培训30～50名科技辅导员", 30, 50, "名", AT_LEAST, ANNUAL, "科技辅导员")),
        ("建设三至五个农村科普基地", ("建设三至五个农村科普基地", 3, 5, "个", AT_LEAST, PERIOD, "农村科普基地")),
        ("实现村级科普活动室全覆盖", ("实现村级科普活动室全覆盖", 100, None, "%", EXACT, PERIOD, "村级科普活动室")),
    ],
)
def test_county_wording_gives_the_right_comparator_cadence_and_range(
    content: str, expected: tuple[object, ...]
) -> None:
    target = _one(content)
    assert (*_fields(target)[:2], target.upper, *_fields(target)[2:]) == expected


def test_dates_and_spans_of_years_are_no_ranges() -> None:
    assert [(t.quantity, t.upper) for t in find_targets("2021—2025年开展活动10场，2021-2035年")] == [(10, None)]
    assert find_targets("第5-3个") == ()


def test_a_range_is_at_least_its_lower_end_below_its_upper_end() -> None:
    with pytest.raises(kp.InvalidPlan, match="upper end must be a number above 5"):
        Target(text="3至5个", quantity=5, upper=3, measure="个", comparator=AT_LEAST)
    with pytest.raises(kp.InvalidPlan, match="AT_LEAST"):
        Target(text="3至5个", quantity=3, upper=5, measure="个")
    assert Target(text="3至5个", quantity=3, upper=5, measure="个", comparator=AT_LEAST).upper == 5
