"""The language of messages: Chinese by default, English when the locale asks for it.

Messages are written in English in the source and looked up in gettext catalogs
(``locale/<language>/LC_MESSAGES/kepu_plan.mo``, compiled from the ``.po`` files beside them by
``python scripts/i18n.py compile``).  The language is read from ``LC_ALL``, ``LC_MESSAGES`` and
``LANG``, the first one set, as POSIX orders them: one starting with ``en`` gives English, anything
else (``zh_CN.UTF-8``, ``C.UTF-8``, nothing) Chinese.

Three ways to mark a message:

- ``_("text")`` translates now (output printed at once, such as the command line's);
- ``N_("text")`` only marks a text for the catalogs, for tables of messages translated later;
- ``Text("cannot open: {reason}", reason=...)`` is a message that an error carries: it *is* the
  English text (a ``str``, so code and tests that compare with it keep working) and remembers its
  template and fields, so that :func:`render` gives it in the reader's language when it is shown.

Converting a module's messages is mechanical:

1. an f-string reason or hint becomes a template with named fields:
   ``ReadError(f"cannot open: {error.strerror}", where)`` →
   ``ReadError(Text(N_("cannot open: {reason}"), reason=error.strerror), where)``; a constant one is
   ``Text(N_("…"))``.  ``ReadError`` and ``WriteError`` render a ``Text`` in the reader's language
   when printed, while ``error.reason`` stays the English text;
2. a diagnostic's message likewise (its ``code`` is what programs match; the words are for people);
3. ``python scripts/i18n.py extract`` adds the new messages to both ``.po`` files (English filled
   in), a person writes the Chinese ``msgstr``, ``python scripts/i18n.py compile`` writes the ``.mo``;
   ``tests/test_i18n.py`` fails until both are complete and compiled;
4. tests that match the English words set ``LC_MESSAGES=en_US.UTF-8`` (``monkeypatch.setenv``), or
   match the Chinese.
"""

from __future__ import annotations

import functools
import gettext
import os
import re
from pathlib import Path
from typing import Any, Final

__all__ = ["DOMAIN", "LOCALE_DIR", "N_", "Text", "_", "language", "printable", "render"]

DOMAIN: Final = "kepu_plan"
LOCALE_DIR: Final = Path(__file__).resolve().parent / "locale"
#: The languages there are catalogs for; the first is the default.
LANGUAGES: Final = ("zh", "en")


def language() -> str:
    """``"en"`` when the locale's first set variable (``LC_ALL``, ``LC_MESSAGES``, ``LANG``) starts with
    ``en``; ``"zh"`` otherwise."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


@functools.cache
def _catalog(lang: str) -> gettext.NullTranslations:
    try:
        with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as stream:
            return gettext.GNUTranslations(stream)
    except OSError:
        return gettext.NullTranslations()  # an installation without catalogs shows the English source


def _(message: str) -> str:
    """``message`` in the current language."""
    return _catalog(language()).gettext(message)


def N_(message: str) -> str:
    """``message`` unchanged: marks it for the catalogs, to be translated where it is shown."""
    return message


class Text(str):
    """A message that remembers its template: equal to the English text, shown by :func:`render` in
    the reader's language.

    >>> reason = Text("cannot open: {reason}", reason="Permission denied")
    >>> reason == "cannot open: Permission denied", reason.template
    (True, 'cannot open: {reason}')
    """

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Text:
        self = super().__new__(cls, template.format(**params) if params else template)
        self.template = template
        self.params = params
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_text, (self.template, self.params))

    def translated(self) -> str:
        """The text in the current language, every character printable (see :func:`printable`)."""
        template = _(self.template)
        if not self.params:
            return template
        return printable(
            template.format(
                **{name: render(value) if isinstance(value, str) else value for name, value in self.params.items()}
            )
        )


def _text(template: str, params: dict[str, Any]) -> Text:
    return Text(template, **params)


def render(text: str) -> str:
    """A :class:`Text` in the current language; any other string as it is (not yet in the catalogs).

    Either way every character of the result is printable (:func:`printable`): this is where every
    message kepu_plan shows passes, so a cell's stray control character or lone surrogate never
    reaches a terminal or a strict UTF-8 stream.
    """
    return text.translated() if isinstance(text, Text) else printable(text)


#: What a message may not carry: control characters other than a line break or tab (a vertical tab,
#: a form feed, an escape …), and lone UTF-16 surrogates (they cannot be encoded as UTF-8).
_UNPRINTABLE: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with each unprintable character written as its escape, as Python writes it.

    >>> printable("甲\\x0b乙\\ud83d")
    '甲\\\\x0b乙\\\\ud83d'
    """
    return _UNPRINTABLE.sub(_escape, text) if _UNPRINTABLE.search(text) else text
