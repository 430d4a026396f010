"""The words of comparators and cadences: they live on the enums now (:attr:`Comparator.word
<kepu_plan.model.Comparator.word>`, :attr:`Comparator.label <kepu_plan.model.Comparator.label>`, the
same on :class:`~kepu_plan.model.Cadence`); these names are aliases for the code that still imports
them from here.

>>> COMPARATOR_WORDS[Comparator.AT_LEAST], CADENCE_WORDS[Cadence.PERIOD]
('不少于', '规划期内')
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from kepu_plan.model import Cadence, Comparator

__all__ = ["CADENCE_WORDS", "COMPARATOR_WORDS", "label"]

#: How a document writes each comparator: :attr:`Comparator.word <kepu_plan.model.Comparator.word>`.
COMPARATOR_WORDS: Final[Mapping[Comparator, str]] = MappingProxyType({member: member.word for member in Comparator})
#: How a document writes each cadence: :attr:`Cadence.word <kepu_plan.model.Cadence.word>`.
CADENCE_WORDS: Final[Mapping[Cadence, str]] = MappingProxyType({member: member.word for member in Cadence})


def label(member: Comparator | Cadence) -> str:
    """``member``'s word in the reader's language: ``member.label``."""
    return member.label
