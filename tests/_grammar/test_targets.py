"""The target-phrase grammar returns plain phrases, exact spans of the text, that the model turns into Targets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kepu_plan._grammar.targets import ANNUAL, AT_LEAST, EXACT, PERIOD, TargetPhrase, read_targets
from kepu_plan.model import Cadence, Comparator, find_targets


def test_a_phrase_holds_the_span_the_quantity_and_the_words_around_it() -> None:
    assert read_targets("每年培训科学教师60名以上，建设科普基地2个") == (
        TargetPhrase("每年培训科学教师60名以上", 60, "名", AT_LEAST, ANNUAL, "科学教师", None),
        TargetPhrase("建设科普基地2个", 2, "个", EXACT, PERIOD, "科普基地", None),
    )


def test_the_phrases_words_are_the_values_of_the_model_enums() -> None:
    assert {AT_LEAST, EXACT} <= {member.value for member in Comparator}
    assert {ANNUAL, PERIOD} == {member.value for member in Cadence}


@given(st.text(alphabet="每年开展科普活动不少于以上左右约建设个场次名所、，。3５十两百%“”十四五", max_size=40))
def test_every_phrase_is_a_span_of_the_text_and_the_model_reads_the_same(text: str) -> None:
    phrases = read_targets(text)
    assert all(phrase.text in text for phrase in phrases)
    targets = find_targets(text)
    assert [
        (t.text, t.quantity, t.measure, t.comparator.value, t.cadence.value, t.subject, t.upper) for t in targets
    ] == [tuple(phrase) for phrase in phrases]
