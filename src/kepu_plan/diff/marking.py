"""Marking the words that changed between two texts: ``[-removed-]{+added+}``."""

from __future__ import annotations

import difflib
import re

__all__ = ["mark_changes"]

#: Tokens: a number (with decimals or a percent sign), a Latin word, a run of spaces, one character.
_TOKEN = re.compile(r"\d+(?:\.\d+)?%?|[A-Za-z]+|\s+|.", re.DOTALL)


def mark_changes(old: str, new: str) -> str:
    """``new`` with the words changed from ``old`` marked: ``[-removed-]{+added+}``.

    Numbers and Latin words count as one word each; Chinese is compared character by character,
    and a single unchanged character between two changes is folded into them so a reworded phrase
    reads as one change.

    >>> mark_changes("每年培训科学教师60名以上", "每年培训科学教师和科技辅导员80名以上")
    '每年培训科学教师[-60-]{+和科技辅导员80+}名以上'
    >>> mark_changes("每年开展活动13.5场次", "每年广泛开展活动15场次")
    '每年{+广泛+}开展活动[-13.5-]{+15+}场次'
    """
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    segments: list[list[str]] = []  # [tag, old text, new text]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        segments.append([tag, "".join(a[i1:i2]), "".join(b[j1:j2])])
    merged: list[list[str]] = []
    for i, segment in enumerate(segments):
        lone = (
            segment[0] == "equal"
            and len(segment[1]) == 1
            and 0 < i < len(segments) - 1
            and merged
            and merged[-1][0] != "equal"
        )
        if lone or (segment[0] != "equal" and merged and merged[-1][0] != "equal"):
            merged[-1] = ["replace", merged[-1][1] + segment[1], merged[-1][2] + segment[2]]
        else:
            merged.append(list(segment))
    out = []
    for _tag, removed, added in merged:
        if _tag == "equal":
            out.append(removed)
            continue
        if removed:
            out.append(f"[-{removed}-]")
        if added:
            out.append(f"{{+{added}+}}")
    return "".join(out)
