"""How wide a text is on paper or in a terminal: wide (CJK, full-width) characters count two.

One measure for every place that sizes text: the DOCX and XLSX writers fitting column widths and
row heights, the command line's tables and the tracking forms.  Exact against Unicode's
East Asian Width property (``W`` and ``F`` count two, everything else one), and fast: wide
characters are found by one regular expression over runs, so a 10,000-duty table is measured in
a few milliseconds.  The ranges were generated from :mod:`unicodedata` (Unicode 14.0.0);
``tests/_grammar/test_width.py`` checks them against it for every assigned code point.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["display_width"]

#: Runs of wide characters (East Asian Width W or F); unassigned code points between two wide
#: blocks are included so that the expression stays short.
_WIDE: Final = re.compile(
    "[\u1100-\u115f\u231a-\u231b\u2329-\u232a\u23e9-\u23ec\u23f0\u23f3\u25fd-\u25fe\u2614-\u2615"
    "\u2648-\u2653\u267f\u2693\u26a1\u26aa-\u26ab\u26bd-\u26be\u26c4-\u26c5\u26ce\u26d4\u26ea"
    "\u26f2-\u26f3\u26f5\u26fa\u26fd\u2705\u270a-\u270b\u2728\u274c\u274e\u2753-\u2755\u2757"
    "\u2795-\u2797\u27b0\u27bf\u2b1b-\u2b1c\u2b50\u2b55\u2e80-\u303e\u3041-\u3247\u3250-\u4dbf"
    "\u4e00-\ua4c6\ua960-\ua97c\uac00-\ud7a3\uf900-\ufad9\ufe10-\ufe19\ufe30-\ufe6b\uff01-\uff60"
    "\uffe0-\uffe6\U00016fe0-\U0001b2fb\U0001f004\U0001f0cf\U0001f18e\U0001f191-\U0001f19a"
    "\U0001f200-\U0001f320\U0001f32d-\U0001f335\U0001f337-\U0001f37c\U0001f37e-\U0001f393"
    "\U0001f3a0-\U0001f3ca\U0001f3cf-\U0001f3d3\U0001f3e0-\U0001f3f0\U0001f3f4\U0001f3f8-\U0001f43e"
    "\U0001f440\U0001f442-\U0001f4fc\U0001f4ff-\U0001f53d\U0001f54b-\U0001f54e\U0001f550-\U0001f567"
    "\U0001f57a\U0001f595-\U0001f596\U0001f5a4\U0001f5fb-\U0001f64f\U0001f680-\U0001f6c5\U0001f6cc"
    "\U0001f6d0-\U0001f6d2\U0001f6d5-\U0001f6df\U0001f6eb-\U0001f6ec\U0001f6f4-\U0001f6fc"
    "\U0001f7e0-\U0001f7f0\U0001f90c-\U0001f93a\U0001f93c-\U0001f945\U0001f947-\U0001f9ff"
    "\U0001fa70-\U0001faf6\U00020000-\U0003134a]+"
)


def display_width(text: str) -> int:
    """Columns ``text`` takes: wide characters count two, all others one.

    Line breaks count like other characters: measure a cell line by line.

    >>> display_width("abc"), display_width("神木市"), display_width("A神（1）")
    (3, 6, 8)
    """
    if text.isascii():
        return len(text)
    return len(text) + sum(map(len, _WIDE.findall(text)))
