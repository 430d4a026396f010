"""A cell's text from the glyphs a PDF places: lines, spaces, and which line ends are the writer's.

The PDF does not say where a paragraph ends: a line that ends short of the cell's right edge (the
next line's first word would have fitted) ends one, a line that runs to the edge wraps.  Where a
full line may be either, the column decides (a list of units, or names and prose).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

import attrs

# --- characters -----------------------------------------------------------------------------------

#: Characters set on the wide (Chinese) side of a line: CJK ideographs and punctuation, full-width
#: forms, and the quotes, dashes and ellipsis Chinese text uses.
_WIDE: Final = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018-\u201f\u2014\u2026\u00b7]")
#: Characters that may not start a line (they are carried to the line before with a character).
_NO_LINE_START: Final = frozenset("，。、；：？！）》」』】〕”’…—%％·,.;:?!)]}")
#: Characters that may not end a line (they are carried to the next line with the one after).
_NO_LINE_END: Final = frozenset("（《「『【〔“‘([{")


def _wide(char: str) -> bool:
    return bool(_WIDE.match(char))


@attrs.define
class _Char:
    """A glyph as pdfplumber gives it: its text and its box in points (``top`` from the page top)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@attrs.define
class _Line:
    """Glyphs on one baseline, left to right, with the box of those that are not spaces."""

    chars: list[_Char]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


def _lines(chars: list[_Char]) -> list[_Line]:
    """Characters grouped into lines, top to bottom, each line left to right (doubles dropped)."""
    lines: list[_Line] = []
    for char in sorted(chars, key=lambda c: (c.middle, c.x0)):
        line = lines[-1] if lines else None
        if line is not None and char.middle - (line.top + line.bottom) / 2 < 0.5 * max(line.size, char.size):
            line.chars.append(char)
            line.top = min(line.top, char.top)
            line.bottom = max(line.bottom, char.bottom)
            line.size = max(line.size, char.size)
        else:
            lines.append(_Line([char], char.x0, char.x1, char.top, char.bottom, char.size))
    for line in lines:
        line.chars.sort(key=lambda c: c.x0)
        kept: list[_Char] = []
        for char in line.chars:  # a glyph printed twice over itself (fake bold) is one character
            if kept and char.text == kept[-1].text and abs(char.x0 - kept[-1].x0) < 0.3 * char.size:
                continue
            kept.append(char)
        line.chars = kept
        shown = [c for c in kept if not c.text.isspace()] or kept
        line.x0 = shown[0].x0
        line.x1 = max(c.x1 for c in shown)
    return lines


# --- text recovery --------------------------------------------------------------------------------


@attrs.define
class _Judged:
    """What recovering one cell's text took: lines joined, gaps read as spaces or as glyph spacing."""

    joined: int = 0
    spaces: int = 0
    glyph_gaps: int = 0
    kept_breaks: int = 0


def _line_text(line: _Line, judged: _Judged) -> str:
    """A line's characters with the spaces it has: written ones, and gaps between Latin letters."""
    out: list[str] = []
    previous: _Char | None = None
    for char in line.chars:
        text = char.text
        if previous is not None and not text.isspace() and not previous.text.isspace():
            gap = char.x0 - previous.x1
            if gap > 0.2 * max(char.size, previous.size):
                if _wide(previous.text[-1]) or _wide(text[0]):
                    judged.glyph_gaps += 1  # Word's and LibreOffice's spacing between Chinese and Latin
                else:
                    out.append(" ")
                    judged.spaces += 1
        out.append(text)
        previous = char
    return "".join(out).strip(" ")


#: The most characters a line or cell may hold to be read as the end of a word wrapped onto it.
_WORD_END: Final = 4
_SENTENCE_END: Final = frozenset("。！？；!?;")
_QUOTES: Final = frozenset("“”‘’\"'「」『』")


def _first_word_width(line: _Line) -> float:
    """The width of what would have had to fit at the end of the line before for ``line`` not to
    begin where it does: its first character or Latin word, with what no line break may separate
    from it (closing punctuation after it, a quote mark on either side, a Latin word after a quote
    mark or an opening bracket)."""
    chars = [c for c in line.chars if not c.text.isspace()]
    if not chars:
        return 0.0
    end = 1
    while end < len(chars):
        before, char = chars[end - 1].text[-1], chars[end].text[0]
        latin_run = not _wide(before) and not _wide(char) and chars[end].x0 - chars[end - 1].x1 < 0.2 * chars[0].size
        if char in _NO_LINE_START or before in _NO_LINE_END or char in _QUOTES or before in _QUOTES or latin_run:
            end += 1
        else:
            break
    return chars[end - 1].x1 - chars[0].x0


def _runs_to_edge(line: _Line, following: _Line, left: float, right: float) -> bool:
    """Whether ``line`` may have wrapped: the first word of ``following`` would not have fitted
    after it within the text area ``left``–``right`` (for a centred line, in the room on both sides)."""
    room = right - line.x1
    if line.x0 - left > 0.5 * line.size:  # centred or right-aligned: the room is on both sides
        room = (right - left) - (line.x1 - line.x0)
    need = _first_word_width(following)
    last = next((c.text for c in reversed(line.chars) if not c.text.isspace()), "")
    first = next((c.text for c in following.chars if not c.text.isspace()), "")
    if last and first and _wide(last[-1]) != _wide(first[0]):
        need += 0.2 * line.size  # the spacing set between Chinese and Latin text
    return need > room


_WRAP, _BREAK, _EITHER = "wrap", "break", "either"
_SEPARATORS: Final = frozenset("、，,；;")


def _break_kind(line: _Line, text: str, following: _Line, left: float, right: float, depth: int) -> str:
    """What the end of ``line`` is: a paragraph end (``_BREAK``: the next word would have fitted),
    a wrap beyond doubt (``_WRAP``: the line ends in a separator or an opening bracket, a bracket
    is open (``depth``), or the next line starts with punctuation no line starts with), or
    ``_EITHER``: the line is full, and a paragraph may end there or not."""
    if not _runs_to_edge(line, following, left, right):
        return _BREAK
    nxt = next((c.text for c in following.chars if not c.text.isspace()), "")
    if not text or (nxt and nxt[0] in _NO_LINE_START) or text[-1] in _NO_LINE_END or text[-1] in _SEPARATORS:
        return _WRAP
    return _WRAP if depth > 0 else _EITHER


#: The last character of an organisation's name and the first of the next one's: where a full line
#: ends in the one and the next line starts with the other, in a column of short lines (a unit
#: list: 县教体局⏎县科协), the line ends a paragraph.
_NAME_END: Final = frozenset("局委办协会部院心校所站队团联处室社厅馆司府区")
_NAME_START: Final = frozenset("县市区镇乡省州旗团")


def _two_names(line: str, following: str) -> bool:
    """Whether a full ``line`` and the ``following`` one read as two organisations' names: the
    line ends as a name does, and the next one starts as a name does or is a whole name itself."""
    if line[-1:] not in _NAME_END:
        return False
    return following[:1] in _NAME_START or (len(following) >= 3 and following[-1] in _NAME_END)


_OPENING: Final = re.compile(r"[（(【〔《]")
_CLOSING: Final = re.compile(r"[）)】〕》]")


def _joined(before: str, after: str) -> str:
    """Two lines of one paragraph: a space between Latin words, none next to Chinese text."""
    if not before or not after:
        return before + after
    if _wide(before[-1]) or _wide(after[0]) or before.endswith(("-", "/")) or before[-1].isspace():
        return before + after
    return f"{before} {after}"


@attrs.define
class _CellLines:
    """A cell's lines as text, and what ends each line but the last."""

    texts: list[str]
    ends: list[str]

    @classmethod
    def of(cls, lines: Sequence[_Line], left: float, right: float, judged: _Judged) -> _CellLines:
        texts = [_line_text(line, judged) for line in lines]
        ends = []
        depth = 0  # brackets open in the paragraph so far
        for i in range(len(lines) - 1):
            depth = max(depth + len(_OPENING.findall(texts[i])) - len(_CLOSING.findall(texts[i])), 0)
            end = _break_kind(lines[i], texts[i], lines[i + 1], left, right, depth)
            ends.append(end)
            if end == _BREAK:
                depth = 0
        return cls(texts, ends)

    def _word_ended(self, i: int) -> str:
        """Line ``i`` with the end of a word wrapped onto the line after it (one or two characters)."""
        if i < len(self.ends) and self.ends[i] != _BREAK and len(self.texts[i + 1]) <= 2:
            return self.texts[i] + self.texts[i + 1]
        return self.texts[i]

    def text(self, column: _Column, judged: _Judged) -> str:
        """The cell's text; where a full line may or may not end a paragraph, the ``column`` decides:
        in a list (its line ends are mostly paragraph ends) it does unless the next line is a word's
        end of one or two characters; in a column of short lines it does between two names."""
        list_like = column.list_like
        text = self.texts[0] if self.texts else ""
        for i, current in enumerate(self.texts[1:], 1):
            end = self.ends[i - 1]
            if end == _EITHER and list_like:  # a line of one or two characters is a wrapped word's end
                after = self.ends[i] if i < len(self.ends) else _BREAK
                end = _WRAP if len(current) <= 2 and after == _BREAK else _EITHER
            elif end == _EITHER and column.short and _two_names(self.texts[i - 1], self._word_ended(i)):
                end = _BREAK
                judged.kept_breaks += 1
            if end == _WRAP or (end == _EITHER and not list_like):
                text = _joined(text, current)
                judged.joined += 1
            else:
                text = f"{text}\n{current}"
                if end == _EITHER:
                    judged.kept_breaks += 1
        return text


#: Punctuation of sentences, which names do not hold.
_PROSE: Final = re.compile(r"[，。；：！？]")


@attrs.frozen
class _Column:
    """What the line ends in one column's cells show: a list (mostly paragraph ends, as unit lists
    have) or not, and whether its lines are short (names rather than prose)."""

    list_like: bool
    short: bool

    @classmethod
    def of(cls, cells: Sequence[_CellLines]) -> _Column:
        ends = [end for cell in cells for end in cell.ends]
        breaks = ends.count(_BREAK)
        lengths = sorted(len(text) for cell in cells for text in cell.texts)
        sentences = sum(1 for cell in cells if any(_PROSE.search(text) for text in cell.texts))
        return cls(
            list_like=breaks >= 2 and breaks >= len(ends) - breaks,
            short=bool(lengths) and lengths[len(lengths) // 2] <= 10 and sentences * 5 < len(cells),
        )
