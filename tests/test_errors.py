"""Errors in the reader's language: where (Location) and what, Chinese by default and English under an
``en`` locale, with the same ``code`` in both; and never a character a terminal cannot print."""

from __future__ import annotations

import pickle

import pytest

import kepu_plan as kp
from kepu_plan._i18n import N_, Text, printable

PLACES = [
    (
        kp.Location(file="分工表.docx", table=1, row=3, column=2),
        "分工表.docx：表1第3行第2列",
        "分工表.docx: table 1, row 3, column 2",
    ),
    (kp.Location(file="台账.xlsx", sheet="分工表", cell="B4"), "台账.xlsx：分工表!B4", "台账.xlsx: 分工表!B4"),
    (kp.Location(file="台账.xlsx", sheet="分工表"), "台账.xlsx：工作表“分工表”", "台账.xlsx: sheet '分工表'"),
    (
        kp.Location(file="台账.xlsx", sheet="分工表", row=7),
        "台账.xlsx：工作表“分工表”第7行",
        "台账.xlsx: sheet '分工表', row 7",
    ),
    (kp.Location(table=2, row=5), "表2第5行", "table 2, row 5"),
    (kp.Location(file="plan.json", path="actions[0].name"), "plan.json：actions[0].name", "plan.json: actions[0].name"),
    (kp.Location(file="plan.json"), "plan.json", "plan.json"),
    (kp.Location(), "", ""),
]


@pytest.mark.parametrize(("where", "chinese_words", "english_words"), PLACES)
def test_a_location_reads_in_chinese_by_default(
    where: kp.Location, chinese_words: str, english_words: str, chinese: None
) -> None:
    assert str(where) == chinese_words


@pytest.mark.parametrize(("where", "chinese_words", "english_words"), PLACES)
def test_a_location_reads_in_english_under_an_english_locale(
    where: kp.Location, chinese_words: str, english_words: str, english: None
) -> None:
    assert str(where) == english_words


def read_error() -> kp.LayoutError:
    return kp.LayoutError(
        Text(N_("this row has no content (主要内容)")),
        kp.Location(file="分工表.docx", table=1, row=5, column=3),
        hint=Text(N_("read without strict=True to read the other rows")),
    )


def test_a_read_error_is_one_line_of_chinese_by_default(chinese: None) -> None:
    error = read_error()
    assert str(error) == "分工表.docx：表1第5行第3列：此行没有主要内容（不用 strict=True 读取，即可读出其余各行）"
    assert error.reason == "this row has no content (主要内容)"  # what a program compares stays the same


def test_a_read_error_is_english_under_an_english_locale(english: None) -> None:
    error = read_error()
    assert str(error) == (
        "分工表.docx: table 1, row 5, column 3: this row has no content (主要内容) "
        "(read without strict=True to read the other rows)"
    )


def test_an_errors_code_and_english_words_do_not_change_with_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    seen = []
    for locale in ("zh_CN.UTF-8", "en_US.UTF-8"):
        monkeypatch.setenv("LC_MESSAGES", locale)
        error = read_error()
        seen.append((error.code, error.reason, error.hint, error.args[0], error.location))
    assert seen[0] == seen[1]
    assert seen[0][0] == "layout"


def test_a_message_not_yet_in_the_catalogs_stays_english_on_its_whole_line(chinese: None) -> None:
    error = kp.ReadError("an unconverted reason", kp.Location(file="a.docx", table=1, row=2), "a hint")
    assert str(error) == "a.docx: table 1, row 2: an unconverted reason (a hint)"


def test_an_invalid_plan_names_its_path_in_the_readers_language(chinese: None) -> None:
    with pytest.raises(kp.InvalidPlan) as caught:
        kp.Unit(name="县委宣传部（县文明办")
    error = caught.value.within("units[1]")
    assert str(error) == "units[1].name：单位名称括号不成对"
    assert error.reason == "unit name leaves a parenthesis open"


def test_an_error_survives_pickling_with_its_words() -> None:
    reason = read_error().reason
    assert isinstance(reason, Text)
    copy = pickle.loads(pickle.dumps(reason))
    assert (copy, copy.template) == (reason, reason.template)


# --- no unprintable text in a message (issue 16, defect 12) ----------------------------------------

UNPRINTABLE = ["\ud83d\ude00", "\ud83d", "\x0b", "\x0c", "\x1b[31m", "\x00", "\x7f", "\x85"]


@pytest.mark.parametrize("text", UNPRINTABLE)
@pytest.mark.parametrize("locale", ["zh_CN.UTF-8", "en_US.UTF-8"])
def test_no_message_carries_a_character_a_terminal_cannot_print(
    text: str, locale: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_MESSAGES", locale)
    cell = f"甲{text}乙"
    messages = [
        str(kp.ReadError(Text(N_("cannot read {names} as the name of a unit"), names=cell), kp.Location(file=cell))),
        str(kp.ReadError(f"plain {cell}", kp.Location(file="a.xlsx", sheet=cell, cell="B2"), hint=cell)),
        str(kp.Diagnostic(code="note", message=Text(N_("text below the table kept as a note: '{text}'"), text=cell))),
        str(kp.Diagnostic(code="note", message=cell, location=kp.Location(file=cell))),
        str(kp.Diagnostic(code="note", message=cell).to_dict()["message"]),
        str(kp.WriteError(cell)),
    ]
    with pytest.raises(kp.InvalidPlan) as caught:
        kp.Unit(name=f"市科协（{cell}")
    messages.append(str(caught.value))
    for message in messages:
        assert message.encode("utf-8")  # a strict UTF-8 stream takes it: no lone surrogate
        assert all(char in "\n\t" or char.isprintable() or char in "\u3000" for char in message), message
        assert printable(message) == message


def test_an_unprintable_character_is_shown_as_its_escape() -> None:
    assert printable("甲\x0b乙\ud83d丙\x1b") == "甲\\x0b乙\\ud83d丙\\x1b"
    assert printable("第一行\n第二行\t完") == "第一行\n第二行\t完"  # line breaks and tabs are text
