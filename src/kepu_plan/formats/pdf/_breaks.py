"""Page breaks inside a table: which cells at the top of a page go on from those ending the page
before (the rest of a merged cell, or of a row the break divided), and which start anew."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Final

import attrs

from kepu_plan.formats.pdf._pages import _Box, _Part
from kepu_plan.formats.pdf._text import (
    _BREAK,
    _CLOSING,
    _EITHER,
    _OPENING,
    _PROSE,
    _SENTENCE_END,
    _WORD_END,
    _WRAP,
    _break_kind,
    _Judged,
    _Line,
    _line_text,
    _two_names,
    _wide,
)
from kepu_plan.model import NUMBERING


@attrs.define
class _Table:
    parts: list[_Part]
    aliases: dict[int, int] = attrs.field(factory=dict)  # the lower half of a split row → its upper half


_Pair = tuple[_Box, _Box]


def _main_column(table: _Table, list_like: dict[int, bool]) -> int:
    """The column of the contents: of the columns that are not lists, the one with the most cells
    holding sentences (。，), then with the most cells with text (merged action and task cells are
    fewer), then with the most text."""
    weight: dict[int, tuple[int, int, int]] = {}
    for part in table.parts:
        for box in part.boxes:
            if box.colspan == 1 and box.text.strip() and not list_like.get(box.col):
                sentences, cells, volume = weight.get(box.col, (0, 0, 0))
                prose = _PROSE.search(box.text) is not None
                weight[box.col] = (sentences + prose, cells + 1, volume + len(box.text))
    return max(weight, key=weight.__getitem__, default=-1)


#: A cell of a number column (序号): a new number at a page top does not start a new item in the
#: columns right of it, which may number tasks or duties within an action going on.
_NUMBER_ONLY: Final = re.compile(r"^[\s\d０-９一二三四五六七八九十百、.．（）()]*$")


def _repeats(above: _Box, below: _Box) -> bool:
    """Whether the text of ``below`` at a page top repeats that of ``above`` (a name written again
    on each page), or begins it."""
    return above.text.startswith(below.text) or below.text.startswith(above.text)


def _latin(line: _Line) -> bool:
    """Whether ``line`` holds a Latin letter, digit or sign (a glyph that is not wide)."""
    return any(not char.text.isspace() and not _wide(char.text[0]) for char in line.chars)


def _depth(text: str) -> int:
    """How many brackets the last paragraph of ``text`` leaves open."""
    last = text.rsplit("\n", 1)[-1]
    return len(_OPENING.findall(last)) - len(_CLOSING.findall(last))


def _opens(above: _Box, below: _Box) -> bool:
    """Whether ``below``, not read as going on from ``above``, starts a new item at the page top:
    it has text that neither repeats the text above (a name written again on each page) nor is
    only a number."""
    text = below.text.strip()
    return bool(text) and not _repeats(above, below) and not _NUMBER_ONLY.match(text)


def _row_setters(ending: Iterable[_Box], going_on: Iterable[_Box]) -> set[int]:
    """The single-row cells ending a page whose text has more lines than every other single-row
    cell of their row has (an empty cell holds one line's height): their text set the row's height,
    so each is whole; the part of a merged cell on a page holds only what its rows leave room for.
    The cells ``going_on`` over the page break (:func:`_going_on`) do not end in the row and did not
    set its height: they are not counted (an action cut at the page bottom beside a whole task with
    as many lines leaves the task the one that set the height)."""
    skip = {id(box) for box in going_on}
    single = [box for box in ending if box.rowspan == 1 and id(box) not in skip]
    setters: set[int] = set()
    for box in single:
        others = [len(other.lines) or 1 for other in single if other is not box]
        if others and len(box.lines) > max(others):
            setters.add(id(box))
    return setters


def _going_on(pairs: Sequence[_Pair], kinds: dict[int, str]) -> list[_Box]:
    """The cells ending a page that surely go on at the next page's top, so that they do not end
    in their row: a merged cell whose part below is empty (its text ended, its rows did not), and a
    text that wraps beyond doubt (a bracket left open, a separator at its end)."""
    return [
        above
        for above, below in pairs
        if above.text.strip()
        and (kinds.get(id(below)) == _WRAP if below.text.strip() else max(above.rowspan, below.rowspan) > 1)
    ]


@attrs.frozen
class _Columns:
    """What a table's columns are, for reading its page breaks."""

    main: int  # the column of the contents (:func:`_main_column`)
    list_like: dict[int, bool]  # columns of lists (unit names one a line)
    numbered: frozenset[int]  # columns of numbered items (（一）…, 1.…)
    merged: frozenset[int]  # columns with cells over several rows (actions, tasks)

    @classmethod
    def of(cls, table: _Table, list_like: dict[int, bool]) -> _Columns:
        """The columns of ``table``.  A column is numbered when, of its cells with text below the
        table's first row and not at the top of a page (where an item may go on unnumbered), two or
        more start with a numbering and more than do not; it is merged when one of those cells
        spans rows."""
        counts: dict[int, list[int]] = {}
        merged: set[int] = set()
        for k, part in enumerate(table.parts):
            top = min((box.row for box in part.boxes), default=0)
            for box in part.boxes:
                if box.row == 0 or (k and box.row == top) or not box.text.strip():
                    continue
                count = counts.setdefault(box.col, [0, 0])
                count[NUMBERING.match(box.text) is None] += 1
                if box.rowspan > 1:
                    merged.add(box.col)
        numbered = frozenset(col for col, (yes, no) in counts.items() if yes >= 2 and yes > no)
        return cls(_main_column(table, list_like), list_like, numbered, frozenset(merged))


def _divided(pairs: Sequence[_Pair], kinds: dict[int, str], main: int, metrics: _Metrics) -> bool:
    """Whether the page break divided a row (Word and LibreOffice let a row break across pages):
    the contents above run to their cell's bottom and go on below, in a wrapped line or a sentence
    not ended; or the row at the page top has no contents where the row above has, but text in
    other cells (the rest of a list that did not fit)."""
    texted = any(below.text.strip() for _, below in pairs)
    for above, below in pairs:
        if above.col != main or not above.rowspan == 1 == below.rowspan or not above.text.strip():
            continue
        if not below.text.strip():
            return texted
        kind = kinds[id(below)]
        goes_on = kind == _WRAP or (kind == _EITHER and above.text[-1:] not in _SENTENCE_END)
        return goes_on and metrics.overflows(above) and not _repeats(above, below)
    return False


def _flows_on(above: _Box, below: _Box, kind: str, columns: _Columns, metrics: _Metrics) -> bool:
    """Whether the text of ``below`` at a page top goes on from that of ``above`` in one merged
    cell: the text above is cut at its cell's bottom (or wraps beyond doubt: a bracket left open,
    a separator at its end; a vertically centred merged cell may leave a line's room below its
    part on a page) and does not end a paragraph, ``below`` is not a repeat of it nor a numbered
    item (（三）…), and the cells are merged or may be (see below).  In a column of numbered
    items an item without its number under a numbered one is its rest, whatever the cells'
    spans: a new item would be numbered.  A text centred in its cell's part (:meth:`_Metrics.centred`)
    ends there."""
    if kind == _BREAK or (kind != _WRAP and not metrics.cut(above)) or metrics.centred(above):
        return False
    if _repeats(above, below) or NUMBERING.match(below.text):
        return False
    if below.col in columns.numbered and below.col != columns.main and NUMBERING.match(above.text):
        return True
    if above.rowspan > 1 or below.rowspan > 1:
        return True
    # A single cell may be the part of a merged one in a column of names, when its text goes on
    # beyond doubt, or is a word's end of a few characters (a new name at a page top is longer),
    # or fills its last line in a column of merged cells without closing on a bracket (a lead
    # mark, （…牵头）); and the two texts do not meet as two organisations' names.
    first = below.text.split("\n", 1)[0]
    return (
        below.col != columns.main
        and not columns.list_like.get(below.col)
        and (
            kind == _WRAP
            or len(below.text.strip()) <= _WORD_END
            or (below.col in columns.merged and not _CLOSING.match(above.text[-1:]))
        )
        # inside a bracket left open (a lead mark cut, （团⏎县委…）) a line does not end a name
        and (_depth(above.text) > 0 or not _two_names(above.text.rsplit("\n", 1)[-1], first))
    )


@attrs.frozen
class _Metrics:
    """A table's cell padding and line pitch, as its cells show them."""

    pad: float  # from a cell's side to its text
    top_pad: float  # from a cell's top to its first line
    pitch: float  # from one line's top to the next's, in a paragraph
    #: from a cell's top to its first line and from its last line to its bottom, the least found,
    #: by whether the line holds a Latin letter or digit (whose glyphs reach higher and lower than
    #: Chinese ones): the room a text has when it fills its cell
    edges: dict[bool, tuple[float, float]]

    @classmethod
    def of(cls, table: _Table) -> _Metrics:
        boxes = [box for part in table.parts for box in part.boxes if box.lines]
        gaps = [line.x0 - box.x0 for box in boxes for line in box.lines]
        tops = [box.lines[0].top - box.top for box in boxes]
        edges: dict[bool, tuple[float, float]] = {}
        for latin in (False, True):
            above = [box.lines[0].top - box.top for box in boxes if _latin(box.lines[0]) is latin]
            below = [box.bottom - box.lines[-1].bottom for box in boxes if _latin(box.lines[-1]) is latin]
            if above and below:
                edges[latin] = (max(min(above), 0.0), max(min(below), 0.0))
        steps = [
            b.top - a.top for box in boxes for a, b in itertools.pairwise(box.lines) if b.top - a.top > 0.9 * a.size
        ]
        return cls(
            pad=min(max(min(gaps), 0.0), 12.0) if gaps else 2.0,
            top_pad=max(min(tops), 0.0) if tops else 2.0,
            pitch=min(steps) if steps else 0.0,
            edges=edges,
        )

    def continuation(self, above: _Box, below: _Box) -> str:
        """How the text of ``below`` follows that of ``above`` if it continues it (a ``_break_kind``)."""
        if not above.lines or not below.lines:
            return _BREAK
        depth = _depth(above.text)
        last = _line_text(above.lines[-1], _Judged())
        return _break_kind(above.lines[-1], last, below.lines[0], above.x0 + self.pad, above.x1 - self.pad, depth)

    def cut(self, above: _Box) -> bool:
        """Whether the text of ``above`` is cut at its cell's bottom: its last line is as close to
        the bottom as a first line is to the top (a paragraph's end may stand further off)."""
        if not above.lines:
            return False
        last = above.lines[-1]
        return above.bottom - last.bottom < self.top_pad + 0.6 * last.size

    def overflows(self, above: _Box) -> bool:
        """Whether the text of ``above`` runs to the bottom of its cell."""
        return bool(above.lines) and above.bottom - above.lines[-1].bottom < self.top_pad + 1.5 * self.pitch

    def centred(self, above: _Box) -> bool:
        """Whether the text of ``above`` stands in the middle of room it did not fill: its first
        line stands lower than a first line of its kind does in a cell it fills (by more than a
        tenth of a line), and its last line as much higher than such a last line does.  Text that
        runs on over a page break fills its cell's part from the top, so a centred text ends in
        its cell."""
        if not above.lines:
            return False
        first, last = above.lines[0], above.lines[-1]
        top, bottom = _latin(first), _latin(last)
        if top not in self.edges or bottom not in self.edges:
            return False
        lowered = first.top - above.top - self.edges[top][0]
        raised = above.bottom - last.bottom - self.edges[bottom][1]
        sliver = 0.1 * first.size
        return lowered > sliver and abs(raised - lowered) <= sliver
