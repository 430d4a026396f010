"""The words of comparators and cadences: every member has one, and the command line's catalogs agree
with the documents' words."""

from __future__ import annotations

import pytest

from kepu_plan._labels import CADENCE_NAMES, CADENCE_WORDS, COMPARATOR_NAMES, COMPARATOR_WORDS, label
from kepu_plan.model import Cadence, Comparator


def test_every_comparator_and_cadence_has_a_word_and_an_english_name() -> None:
    assert set(COMPARATOR_WORDS) == set(COMPARATOR_NAMES) == set(Comparator)
    assert set(CADENCE_WORDS) == set(CADENCE_NAMES) == set(Cadence)


def test_no_word_starts_a_spreadsheet_formula() -> None:
    words = [*COMPARATOR_WORDS.values(), *CADENCE_WORDS.values()]
    assert not [word for word in words if word.startswith(("=", "+", "-", "@"))]
    assert len(set(words)) == len(words)


def test_the_command_line_label_is_the_documents_word_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_MESSAGES", "zh_CN.UTF-8")
    assert {member: label(member) for member in Comparator} == dict(COMPARATOR_WORDS)
    assert {member: label(member) for member in Cadence} == dict(CADENCE_WORDS)


def test_the_command_line_label_is_english_under_an_english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_MESSAGES", "en_US.UTF-8")
    assert label(Comparator.AT_LEAST) == "at least"
    assert label(Cadence.PERIOD) == "over the plan period"
