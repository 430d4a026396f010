"""display_width against unicodedata, for every assigned code point."""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kepu_plan._grammar.width import display_width


def _exact(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def test_every_assigned_code_point_has_its_east_asian_width() -> None:
    wrong = [
        hex(cp)
        for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp)) not in ("Cn", "Cs") and display_width(chr(cp)) != _exact(chr(cp))
    ]
    assert wrong == []


@given(st.text(st.characters(exclude_categories=("Cn", "Cs"))))
def test_a_text_is_as_wide_as_its_characters(text: str) -> None:
    assert display_width(text) == sum(_exact(char) for char in text)


def test_full_width_punctuation_counts_two() -> None:
    assert display_width("（一）：“科普”") == 14
