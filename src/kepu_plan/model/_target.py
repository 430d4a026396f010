"""Targets (指标) as the model holds them: :class:`Target`, its :class:`Comparator` and :class:`Cadence`,
and :func:`find_targets`, which reads them from a duty's content with the target-phrase grammar."""

from __future__ import annotations

import enum
import functools
from decimal import Decimal
from typing import Final

import attrs

from kepu_plan._grammar.targets import read_targets
from kepu_plan._i18n import N_, Text, _
from kepu_plan.errors import InvalidPlan
from kepu_plan.model._checks import check_text

__all__ = ["Cadence", "Comparator", "Target", "find_targets"]


#: How a document writes a comparator (by the member's value): 等于 rather than ``=`` (a spreadsheet
#: takes a cell starting with ``=`` for a formula), and the words of the tables themselves (不少于
#: for 以上, 不超过 for 以下).
_COMPARATOR_WORDS: Final = {"exact": "等于", "at_least": "不少于", "at_most": "不超过", "about": "约"}
#: The comparators' English names, marked for the catalogs, whose Chinese is the document's word.
_COMPARATOR_NAMES: Final = {
    "exact": N_("equal to"),
    "at_least": N_("at least"),
    "at_most": N_("at most"),
    "about": N_("about"),
}
#: How a document writes a cadence: 每年, or 规划期内 for a target due once over the plan's years.
_CADENCE_WORDS: Final = {"annual": "每年", "period": "规划期内"}
_CADENCE_NAMES: Final = {"annual": N_("every year"), "period": N_("over the plan period")}


class Comparator(enum.Enum):
    """How a target's quantity binds: exactly, at least (以上), at most (以下) or about (左右).

    >>> Comparator.AT_LEAST.word
    '不少于'
    """

    EXACT = "exact"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    ABOUT = "about"

    @property
    def word(self) -> str:
        """The Chinese word a document writes (a ledger's 比较 column, a plan's targets sheet): 等于,
        不少于, 不超过, 约.  It is data, the same in every locale."""
        return _COMPARATOR_WORDS[self.value]

    @property
    def label(self) -> str:
        """The comparator in the reader's language, for the command line: :attr:`word` by default,
        ``at least`` under an English locale."""
        return _(_COMPARATOR_NAMES[self.value])


class Cadence(enum.Enum):
    """Whether a target is due every year (每年) or once over the plan's period (“十四五”期间).

    >>> Cadence.PERIOD.word
    '规划期内'
    """

    ANNUAL = "annual"
    PERIOD = "period"

    @property
    def word(self) -> str:
        """The Chinese word a document writes (a ledger's 周期 column, a plan's targets sheet): 每年 or
        规划期内.  It is data, the same in every locale."""
        return _CADENCE_WORDS[self.value]

    @property
    def label(self) -> str:
        """The cadence in the reader's language, for the command line: :attr:`word` by default,
        ``every year`` under an English locale."""
        return _(_CADENCE_NAMES[self.value])


@attrs.frozen(kw_only=True)
class Target:
    """A quantified commitment found in a duty's content (每年培训科学教师和科技辅导员60名以上).

    ``text`` is the exact span of the content it came from; ``quantity`` the number (an ``int``, or a
    ``Decimal`` for 13.5); ``measure`` the measure word or unit (名, 场次, %); ``subject`` what is
    counted.  A range (3至5个, 3—5个) is a quantity of at least its lower end (``AT_LEAST``) with
    its upper end in ``upper``.
    """

    text: str
    quantity: int | Decimal
    measure: str
    comparator: Comparator = Comparator.EXACT
    cadence: Cadence = Cadence.PERIOD
    subject: str = ""
    upper: int | Decimal | None = None

    def __attrs_post_init__(self) -> None:
        check_text("text", self.text, what=N_("target text"), multiline=True)
        if isinstance(self.quantity, bool) or not isinstance(self.quantity, int | Decimal):
            raise InvalidPlan(
                "quantity",
                Text(N_("quantity must be an int or a Decimal, not {type}"), type=type(self.quantity).__name__),
            )
        if isinstance(self.quantity, Decimal) and not self.quantity.is_finite():
            raise InvalidPlan("quantity", Text(N_("quantity must be finite, not {quantity}"), quantity=self.quantity))
        if self.quantity < 0:
            raise InvalidPlan("quantity", Text(N_("quantity must not be negative: {quantity}"), quantity=self.quantity))
        check_text("measure", self.measure, what=N_("measure"), multiline=False)
        if not isinstance(self.comparator, Comparator):
            raise InvalidPlan(
                "comparator", Text(N_("comparator must be a Comparator, not {value}"), value=repr(self.comparator))
            )
        if not isinstance(self.cadence, Cadence):
            raise InvalidPlan("cadence", Text(N_("cadence must be a Cadence, not {value}"), value=repr(self.cadence)))
        check_text("subject", self.subject, what=N_("subject"), multiline=True, allow_empty=True)
        if self.upper is not None:
            if (
                isinstance(self.upper, bool)
                or not isinstance(self.upper, int | Decimal)
                or not self.upper > self.quantity
            ):
                raise InvalidPlan(
                    "upper",
                    Text(
                        N_("a range's upper end must be a number above {quantity}: {upper}"),
                        quantity=self.quantity,
                        upper=repr(self.upper),
                    ),
                )
            if self.comparator is not Comparator.AT_LEAST:
                raise InvalidPlan(
                    "comparator", Text(N_("a range (upper) is a quantity of at least its lower end: AT_LEAST"))
                )


@functools.lru_cache(maxsize=4096)
def find_targets(text: str) -> tuple[Target, ...]:
    """The targets written in ``text`` (a duty's content), in order of appearance.

    Each target's ``text`` is the exact span of ``text`` it was read from: the clause (from the last
    comma or full stop, or from the previous target of a list) up to the quantity and its comparator,
    or up to the subject when the subject follows the quantity.  Results are cached.

    >>> content = "“十四五”期间，重点培养3000名以上毕业生，形成1000人左右的志愿者队伍，实现科普基地镇域全覆盖"
    >>> for t in find_targets(content):
    ...     print(t.text, t.quantity, t.measure, t.comparator.name, t.cadence.name, t.subject)
    重点培养3000名以上毕业生 3000 名 AT_LEAST PERIOD 毕业生
    形成1000人左右的志愿者队伍 1000 人 ABOUT PERIOD 志愿者队伍
    实现科普基地镇域全覆盖 100 % EXACT PERIOD 科普基地镇域
    >>> find_targets("实施“12621”工程，推广5G、2.0版，开展119消防宣传月，到2025年（2021-2035年）")
    ()
    """
    return tuple(
        Target(
            text=phrase.text,
            quantity=phrase.quantity,
            measure=phrase.measure,
            comparator=Comparator(phrase.comparator),
            cadence=Cadence(phrase.cadence),
            subject=phrase.subject,
            upper=phrase.upper,
        )
        for phrase in read_targets(text)
    )


attrs.resolve_types(Target)
