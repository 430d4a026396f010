"""Hypothesis strategies that generate every kind of valid plan, for property tests.

Other projects can use them to test their own code on plans::

    from hypothesis import given
    from kepu_plan.testing import plans

    @given(plans())
    def test_my_report_handles_any_plan(plan):
        ...

The strategies reach CJK text and full-width punctuation, text starting with ``=``, ``+``, ``-``,
``@`` or ``#``, line breaks and tabs inside content, empty and non-empty optional fields, empty and
long unit lists, and duties with and without leads.  Each is built explicitly (``st.builds`` alone
would leave defaulted fields at their defaults and does not know the model's rules).

One normalisation is built in: an action whose name ends in neither 行动 nor 工程 is generated
with ``ActionKind.ACTION``, because a table does not record the kind apart from the name, so that
is what every table reader returns for such a name.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from kepu_plan._grammar.cells import LEAD_MARK
from kepu_plan.errors import InvalidPlan
from kepu_plan.layout import _LABEL, HEADERS, KNOWN_HEADERS
from kepu_plan.model import (
    MAX_TEXT_LENGTH,
    NUMBERING,
    NUMBERING_STYLES,
    Action,
    ActionKind,
    Column,
    Duty,
    Layout,
    LeadStyle,
    Plan,
    Task,
    Unit,
)

__all__ = [
    "COLLECTIVE_UNITS",
    "LABELS",
    "actions",
    "duties",
    "extras",
    "layouts",
    "names",
    "plans",
    "tasks",
    "texts",
    "unit_cells",
    "unit_names",
    "units",
]

_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_FULL_WIDTH_PUNCTUATION = "，。、；：？！“”‘’（）《》【】—…·「」％＋－＝＠＃"
_FULL_WIDTH_DIGITS = "０１２３４５６７８９"
_ASCII = st.characters(min_codepoint=0x21, max_codepoint=0x7E)
_FORMULA_STARTS = ("=", "+", "-", "@", "#", "=SUM(1,2)", "#N/A", "=HYPERLINK(", "-1", "+86 ")

_name_char = st.one_of(
    _CJK,
    _CJK,
    _CJK,
    st.sampled_from(_FULL_WIDTH_PUNCTUATION + _FULL_WIDTH_DIGITS + "0123456789"),
    _ASCII,
    st.sampled_from(" "),
)


def _clean(text: str) -> str:
    return "\n".join(line for line in text.split("\n")).strip()


@st.composite
def texts(draw: st.DrawFn, *, multiline: bool = False, max_size: int = 40) -> str:
    """A non-empty text the model accepts: no leading or trailing whitespace, storable characters,
    sometimes starting like a spreadsheet formula; with ``multiline`` it may hold line breaks and
    tabs."""
    alphabet = st.one_of(_name_char, st.sampled_from("\n\t")) if multiline else _name_char
    body = draw(st.text(alphabet=alphabet, min_size=1, max_size=max_size))
    if draw(st.integers(0, 5)) == 0:
        body = draw(st.sampled_from(_FORMULA_STARTS)) + body
    text = _clean(body)
    if not text:
        text = draw(st.sampled_from(["科普", "开展活动", "=1+1", "#REF!"]))
    return text[:MAX_TEXT_LENGTH]


def names(max_size: int = 16) -> st.SearchStrategy[str]:
    """An action or task name: one line, not starting with numbering (一、 1. (1) …)."""
    return texts(max_size=max_size).filter(lambda text: NUMBERING.match(text) is None)


_REAL_UNITS = (
    "市教体局",
    "市科协",
    "职业技术学院",
    "团市委",
    "市发改科技局",
    "市卫健局",
    "市妇联",
    "生态环境分局",
    "市委宣传部",
    "市农业农村局",
    "县教体局",
    "市市场监管局",
    "县委宣传部（县文明办）",
    "县乡村振兴局(县扶贫办)",
    "区委老干部局（区老龄办）",
    "县农业农村局（县乡村振兴局）",
)
#: Collective units as tables write them (see :attr:`Unit.collective <kepu_plan.model.Unit.collective>`).
COLLECTIVE_UNITS = (
    "各成员单位",
    "各镇（街道）",
    "各街道（镇）",
    "各乡镇（街道）",
    "县直有关部门",
    "有关单位",
    "各有关部门",
    "县直各部门",
    "县科普工作领导小组成员单位",
)
_UNIT_CHAR = st.one_of(
    _CJK, _CJK, st.sampled_from("0123456789ABCxyz-_/·＃＝＋@#=+"), st.sampled_from(_FULL_WIDTH_DIGITS)
)


def _is_unit_name(name: str) -> bool:
    try:
        Unit(name=name)
    except InvalidPlan:
        return False
    return True


@st.composite
def _generated_unit_name(draw: st.DrawFn) -> str:
    name = draw(st.text(alphabet=_UNIT_CHAR, min_size=1, max_size=12))
    if draw(st.integers(0, 3)) == 0:  # a parenthesised part: 县委宣传部（县文明办）
        opening, closing = draw(st.sampled_from([("（", "）"), ("(", ")"), ("（", ")")]))
        name += opening + draw(st.text(alphabet=_UNIT_CHAR, min_size=1, max_size=6)) + closing
    return name


def unit_names() -> st.SearchStrategy[str]:
    """A unit name: real names (some with a parenthesised part), collective names (各镇（街道）,
    县直有关部门) or generated ones, sometimes with a parenthesised part; never a name the model
    refuses (separators, spaces, role marks, open-list endings)."""
    return st.one_of(
        st.sampled_from(_REAL_UNITS),
        st.sampled_from(COLLECTIVE_UNITS),
        _generated_unit_name().filter(_is_unit_name),
    )


def units() -> st.SearchStrategy[Unit]:
    """A :class:`~kepu_plan.model.Unit`."""
    return st.builds(Unit, name=unit_names())


#: Separators and the open-list endings and no-unit marks a unit cell may use.
_LIST_SEPARATORS = ("、", "，", ",", "；", "\n", " ", "  ")
_LEAD_LABELS = ("牵头单位：", "牵头单位:", "牵头部门：")
_OTHER_LABELS = ("责任单位：", "配合单位：", "协办单位：", "参与单位：", "配合单位:")
_NO_UNIT_MARKS = ("—", "-", "无", "/")


@st.composite
def unit_cells(draw: st.DrawFn) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """A cell of units in one of the wordings county tables use, with the units and leads it names:
    a plain list (、，; line breaks, spaces), an open list (``…等部门``), ``A（牵头）、B``,
    ``A牵头，B、C等部门配合``, ``由A、B牵头``, ``牵头单位：A；责任单位：B``, or a no-units mark."""
    names = draw(st.lists(unit_names(), min_size=1, max_size=5, unique=True))
    style = draw(st.sampled_from(["plain", "open", "mark", "group", "by", "labels", "none"]))
    join = draw(st.sampled_from(_LIST_SEPARATORS))
    ending = draw(st.sampled_from(["", "等", "等部门", "等单位"]))
    if style == "none":
        return draw(st.sampled_from(_NO_UNIT_MARKS)), (), ()
    if style in ("plain", "open"):
        return join.join(names) + (ending if style == "open" else ""), tuple(names), ()
    count = draw(st.integers(1, len(names)))
    leads, others = names[:count], names[count:]
    if style == "mark":
        lead_set = set(draw(st.lists(st.sampled_from(names), min_size=1, unique=True)))
        marked = [name + draw(st.sampled_from(["（牵头）", "(牵头)"])) if name in lead_set else name for name in names]
        return join.join(marked), tuple(names), tuple(name for name in names if name in lead_set)
    comma = draw(st.sampled_from(["，", "；", ",", "\n"]))
    if style == "group":
        text = "、".join(leads) + "牵头"
        if others:
            text += comma + "、".join(others) + ending + "配合"
        return text, tuple(names), tuple(leads)
    if style == "by":
        text = "由" + "、".join(leads) + "牵头"
        if others:
            text += comma + "、".join(others) + "配合"
        return text, tuple(names), tuple(leads)
    text = draw(st.sampled_from(_LEAD_LABELS)) + "、".join(leads)
    if others:
        text += draw(st.sampled_from(["；", ";", "\n"])) + draw(st.sampled_from(_OTHER_LABELS)) + "、".join(others)
        text += ending
    return text, tuple(names), tuple(leads)


def _header_text() -> st.SearchStrategy[str]:
    known = {header.replace("\n", "") for header in KNOWN_HEADERS}
    return st.one_of(
        st.sampled_from(["备注", "进展情况", "资金（万元）", "考核方式"]),
        texts(max_size=8),
    ).filter(lambda text: text.replace("\n", "").replace(" ", "") not in known)


def extras() -> st.SearchStrategy[dict[str, str]]:
    """The cells of columns without a role, by header text (often none)."""
    return st.one_of(
        st.just({}),
        st.dictionaries(_header_text(), texts(multiline=True), min_size=1, max_size=2),
    )


@st.composite
def duties(draw: st.DrawFn, *, max_units: int = 8, extra_headers: tuple[str, ...] | None = None) -> Duty:
    """A :class:`~kepu_plan.model.Duty` with 0 to ``max_units`` units, maybe leads, a deadline, extras.

    With ``extra_headers`` the duty's extra cells use exactly those headers (some cells empty).
    """
    names = draw(st.lists(unit_names(), max_size=max_units, unique=True))
    leads: list[str] = []
    with_leads = draw(st.booleans())
    if names and with_leads:
        leads = draw(st.permutations(names))[: draw(st.integers(1, len(names)))]
    deadline = draw(st.one_of(st.none(), texts(multiline=True, max_size=12)))
    if extra_headers is None:
        extra = draw(extras())
    else:
        extra = {
            header: value
            for header in extra_headers
            if (value := draw(st.one_of(st.none(), texts(multiline=True)))) is not None
        }
    return Duty(
        content=draw(texts(multiline=True, max_size=80)), units=names, leads=leads, deadline=deadline, extra=extra
    )


def _not_a_label(title: str) -> bool:
    return _LABEL.match(title.split("\n")[0].strip()) is None


def _unique_by_name(items: list[Any]) -> list[Any]:
    seen: set[str] = set()
    kept = []
    for item in items:
        if item.name not in seen:
            seen.add(item.name)
            kept.append(item)
    return kept


@st.composite
def tasks(draw: st.DrawFn, *, max_duties: int = 3, duty_strategy: st.SearchStrategy[Duty] | None = None) -> Task:
    """A :class:`~kepu_plan.model.Task` with 1 to ``max_duties`` duties."""
    items = duty_strategy if duty_strategy is not None else duties()
    return Task(name=draw(names(40)), duties=draw(st.lists(items, min_size=1, max_size=max_duties)))


@st.composite
def actions(
    draw: st.DrawFn,
    *,
    max_tasks: int = 3,
    max_duties: int = 3,
    duty_strategy: st.SearchStrategy[Duty] | None = None,
) -> Action:
    """An :class:`~kepu_plan.model.Action` (行动 or 工程, or another ending as ACTION) with its tasks."""
    # A name ending in a lead mark (``（…牵头）``) is read as the action's leads, so no action has one.
    stem = draw(names().filter(lambda text: LEAD_MARK.search(text) is None))
    ending = draw(st.sampled_from(["行动", "工程", ""]))
    name = stem + ending
    kind = ActionKind.from_name(name) or ActionKind.ACTION
    leads = draw(st.lists(unit_names(), max_size=4, unique=True))
    task_list = draw(
        st.lists(tasks(max_duties=max_duties, duty_strategy=duty_strategy), min_size=1, max_size=max_tasks)
    )
    return Action(name=name, kind=kind, leads=leads, tasks=_unique_by_name(task_list))


#: Attachment labels as tables write them above the title.
LABELS = ("附件", "附件1", "附件2", "附件 3", "附件１", "附件2-1", "附件（二）", "附表", "附表3", "附件一", "附件1：")


@st.composite
def plans(draw: st.DrawFn, *, max_actions: int = 4, max_tasks: int = 3, max_duties: int = 3) -> Plan:
    """A :class:`~kepu_plan.model.Plan` of 1 to ``max_actions`` actions.

    All duties of one plan share one set of extra columns (a table has one header row), each duty
    filling some of them.
    """
    headers = tuple(draw(extras()))
    duty_strategy = duties(extra_headers=headers)
    action_list = draw(
        st.lists(
            actions(max_tasks=max_tasks, max_duties=max_duties, duty_strategy=duty_strategy),
            min_size=1,
            max_size=max_actions,
        )
    )
    # A title may start with 附件 (附件材料清单) but not be a label on its own.
    title = draw(st.one_of(st.just(""), texts(max_size=60), st.just("附件材料报送清单")).filter(_not_a_label))
    notes = draw(st.lists(texts(multiline=True, max_size=30), max_size=2))
    return Plan(
        title=title,
        label=draw(st.one_of(st.none(), st.sampled_from(LABELS))),
        actions=_unique_by_name(action_list),
        notes=notes,
    )


@st.composite
def layouts(draw: st.DrawFn) -> Layout:
    """A table layout: columns in any order with any of their header names, actions as a column
    or as section rows, a task column or none (a table of two levels), numbering or none, merged
    or repeated cells, any lead style, a 序号 column and extra columns or none, and two unit
    columns under one header cell or not."""
    sections = draw(st.booleans())
    lead_style = draw(st.sampled_from(LeadStyle))
    roles = ["content"] if draw(st.integers(0, 3)) == 0 else ["task", "content"]
    if not sections:
        roles.append("action")
    unit_roles = draw(st.sampled_from([("units",), ("units",), ("leads", "partners"), ("units", "leads"), ("leads",)]))
    roles.extend(unit_roles)
    roles.extend(role for role in ("deadline", "number") if draw(st.booleans()))
    order = draw(st.permutations(roles))
    used: set[str] = set()
    columns = []
    for role in order:
        choices = [h for h in HEADERS[role] if h not in used and not (role == "task" and h == "重点工作")]
        if role == "task" and not sections and "action" in roles:
            choices = [h for h in choices if h not in HEADERS["action"]]
        header = draw(st.sampled_from(choices))
        used.add(header)
        columns.append(Column(role=role, header=header))
    # The action column stands left of the task column, as in every table that has both.
    by_role = {column.role: i for i, column in enumerate(columns)}
    if "action" in by_role and "task" in by_role and by_role["action"] > by_role["task"]:
        i, j = by_role["action"], by_role["task"]
        columns[i], columns[j] = columns[j], columns[i]
    # Two unit columns side by side may stand under one header cell (责任单位 over 牵头单位 | 配合单位),
    # where a column besides the content column stands outside it (as the reader needs).
    unit_columns = [i for i, column in enumerate(columns) if column.role in ("units", "leads", "partners")]
    outside = len(columns) - len(unit_columns) >= 2
    if len(unit_columns) == 2 and unit_columns[1] == unit_columns[0] + 1 and outside and draw(st.booleans()):
        group = draw(st.sampled_from([h for h in ("责任单位", "责任分工", "单位") if h not in used]))
        for i in unit_columns:
            columns[i] = Column(role=columns[i].role, header=columns[i].header, group=group)
    for header in draw(st.lists(st.sampled_from(["备注", "进展情况", "资金（万元）"]), max_size=2, unique=True)):
        columns.append(Column(role="extra", header=header))
    numbering = st.one_of(st.none(), st.sampled_from(NUMBERING_STYLES))
    return Layout(
        columns=columns,
        sections=sections,
        action_numbering=draw(numbering),
        task_numbering=draw(numbering),
        merged=draw(st.booleans()),
        leads=lead_style,
    )
