"""The words a county reader knows a target's comparator and cadence by: one home for every table,
ledger, report and command that shows them.

``COMPARATOR_WORDS`` and ``CADENCE_WORDS`` are the Chinese words written into documents (a ledger's
比较 and 周期 columns, a plan's targets sheet); they never change with the locale.  The command line
shows :func:`label`, the same word in the reader's language: the English names below are marked for
the catalogs, whose Chinese is the word here (``tests/test_labels.py`` keeps the two equal).

>>> COMPARATOR_WORDS[Comparator.AT_LEAST], CADENCE_WORDS[Cadence.PERIOD]
('不少于', '规划期内')
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from kepu_plan._i18n import N_, _
from kepu_plan.model import Cadence, Comparator

__all__ = ["CADENCE_NAMES", "CADENCE_WORDS", "COMPARATOR_NAMES", "COMPARATOR_WORDS", "label"]

#: How a document writes a comparator: 等于 rather than ``=`` (a spreadsheet takes a cell starting
#: with ``=`` for a formula), and the words of the tables themselves (不少于 for 以上, 不超过 for 以下).
COMPARATOR_WORDS: Final[Mapping[Comparator, str]] = MappingProxyType(
    {
        Comparator.EXACT: "等于",
        Comparator.AT_LEAST: "不少于",
        Comparator.AT_MOST: "不超过",
        Comparator.ABOUT: "约",
    }
)
#: How a document writes a cadence: 每年, or 规划期内 for a target due once over the plan's years.
CADENCE_WORDS: Final[Mapping[Cadence, str]] = MappingProxyType({Cadence.ANNUAL: "每年", Cadence.PERIOD: "规划期内"})

#: The English names of the comparators (the catalogs' Chinese is :data:`COMPARATOR_WORDS`).
COMPARATOR_NAMES: Final[Mapping[Comparator, str]] = MappingProxyType(
    {
        Comparator.EXACT: N_("equal to"),
        Comparator.AT_LEAST: N_("at least"),
        Comparator.AT_MOST: N_("at most"),
        Comparator.ABOUT: N_("about"),
    }
)
#: The English names of the cadences (the catalogs' Chinese is :data:`CADENCE_WORDS`).
CADENCE_NAMES: Final[Mapping[Cadence, str]] = MappingProxyType(
    {Cadence.ANNUAL: N_("every year"), Cadence.PERIOD: N_("over the plan period")}
)


def label(member: Comparator | Cadence) -> str:
    """``member``'s word in the reader's language: 不少于 by default, ``at least`` under an English locale."""
    if isinstance(member, Comparator):
        return _(COMPARATOR_NAMES[member])
    return _(CADENCE_NAMES[member])
