"""Comparators and cadences carry their words: the documents' Chinese word, and a label in the
reader's language that the catalogs make the same word in Chinese."""

from __future__ import annotations

from kepu_plan.model import Cadence, Comparator, find_targets


def test_every_comparator_and_cadence_has_its_documents_word() -> None:
    assert {member: member.word for member in Comparator} == {
        Comparator.EXACT: "等于",
        Comparator.AT_LEAST: "不少于",
        Comparator.AT_MOST: "不超过",
        Comparator.ABOUT: "约",
    }
    assert {member: member.word for member in Cadence} == {Cadence.ANNUAL: "每年", Cadence.PERIOD: "规划期内"}


def test_no_word_starts_a_spreadsheet_formula_and_no_two_are_alike() -> None:
    words = [*(member.word for member in Comparator), *(member.word for member in Cadence)]
    assert not [word for word in words if word.startswith(("=", "+", "-", "@"))]
    assert len(set(words)) == len(words)


def test_the_documents_word_does_not_change_with_the_locale(english: None) -> None:
    assert Comparator.AT_LEAST.word == "不少于"
    assert Cadence.ANNUAL.word == "每年"


def test_the_label_is_the_documents_word_in_chinese(chinese: None) -> None:
    assert {member: member.label for member in Comparator} == {member: member.word for member in Comparator}
    assert {member: member.label for member in Cadence} == {member: member.word for member in Cadence}


def test_the_label_is_english_under_an_english_locale(english: None) -> None:
    assert [member.label for member in Comparator] == ["equal to", "at least", "at most", "about"]
    assert [member.label for member in Cadence] == ["every year", "over the plan period"]


def test_a_found_target_has_the_model_comparator_and_cadence_of_its_phrase() -> None:
    (target,) = find_targets("每年开展科普讲座不少于3场次")
    assert (target.comparator, target.cadence, target.comparator.word) == (
        Comparator.AT_LEAST,
        Cadence.ANNUAL,
        "不少于",
    )
