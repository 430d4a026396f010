"""The message catalogs: every marked message in both languages, the shipped .mo files compiled from
the .po files as they stand, and the language chosen by the locale."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from _support import load_script
from kepu_plan import _i18n
from kepu_plan._i18n import LANGUAGES, Text, _, render

ROOT = Path(__file__).resolve().parent.parent


#: scripts/i18n.py, the catalogs' own tool (extract and compile).
TOOL = load_script(ROOT / "scripts" / "i18n.py", "i18n_tool")


def _fields(template: str) -> set[str]:
    """The ``{name}`` and ``%(name)s`` fields of a template (``{+new+}`` in a help text is no field)."""
    braces = {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name and name.isidentifier()}
    percents = {part.split(")", 1)[0] for part in template.split("%(")[1:]}
    return braces | percents


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_marked_message_has_a_translation(lang: str) -> None:
    messages = TOOL.marked_messages()
    assert len(messages) > 100
    catalog = TOOL.read_po(TOOL.po_path(lang))
    missing = [message for message in messages if not catalog.get(message)]
    assert not missing, f"{lang}: messages without a translation (run scripts/i18n.py extract): {missing}"
    stale = sorted(set(catalog) - set(messages))
    assert not stale, f"{lang}: messages no longer in the source (run scripts/i18n.py extract): {stale}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_translation_keeps_the_fields_of_its_message(lang: str) -> None:
    catalog = TOOL.read_po(TOOL.po_path(lang))
    wrong = {message: text for message, text in catalog.items() if _fields(message) != _fields(text)}
    assert not wrong


def test_the_chinese_catalog_is_chinese() -> None:
    catalog = TOOL.read_po(TOOL.po_path("zh"))
    untranslated = [message for message, text in catalog.items() if text == message and any(c.isalpha() for c in text)]
    assert untranslated == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_shipped_mo_file_is_compiled_from_the_po_file(lang: str) -> None:
    path = TOOL.po_path(lang)
    assert path.with_suffix(".mo").read_bytes() == TOOL.compiled(path), "run scripts/i18n.py compile"


@pytest.mark.parametrize(
    ("variables", "lang"),
    [
        ({}, "zh"),
        ({"LANG": "C.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "zh"),
        ({"LC_ALL": "en", "LANG": "zh_CN.UTF-8"}, "en"),
    ],
)
def test_the_language_follows_the_locale(monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], lang: str) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert _i18n.language() == lang


def test_a_text_is_its_english_words_and_shows_in_the_readers_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    reason = Text("cannot open: {reason}", reason="Permission denied")
    assert reason == "cannot open: Permission denied"
    monkeypatch.setenv("LC_MESSAGES", "zh_CN.UTF-8")
    assert render(reason) == "无法打开：Permission denied"
    assert _("no such file") == "没有这个文件"
    monkeypatch.setenv("LC_MESSAGES", "en_US.UTF-8")
    assert render(reason) == "cannot open: Permission denied"
    assert render("a plain text") == "a plain text"


def test_a_nested_text_is_translated_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_MESSAGES", "zh_CN.UTF-8")
    inner = Text("the folder {folder} does not exist", folder="out")
    outer = Text("{path}: cannot write: {reason}", path="out/a.json", reason=inner)
    assert outer == "out/a.json: cannot write: the folder out does not exist"
    assert render(outer) == "out/a.json：无法写入：文件夹 out 不存在"


def test_a_text_survives_pickling() -> None:
    import pickle

    text = Text("cannot open: {reason}", reason="x")
    copy = pickle.loads(pickle.dumps(text))
    assert (copy, copy.template, copy.params) == (text, text.template, text.params)
