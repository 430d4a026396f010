"""Checking a plan's units against a unit directory: units it does not know by that short name,
with the closest names it does know (:func:`check_units`)."""

from __future__ import annotations

import difflib
import enum
import unicodedata
from typing import TYPE_CHECKING, Final

import attrs

from kepu_plan._i18n import N_, Text, render
from kepu_plan.model._directory import DirectoryLike
from kepu_plan.model._unit import Unit
from kepu_plan.model._walk import walk_duties

if TYPE_CHECKING:
    from kepu_plan.model._plan import Plan

__all__ = ["IssueKind", "UnitIssue", "check_units", "similarity"]


class IssueKind(enum.Enum):
    """Why a unit is reported: not in the directory at all, or written as an alias or full name."""

    UNKNOWN = "unknown"
    ALIAS = "alias"


@attrs.frozen(kw_only=True)
class UnitIssue:
    """A unit of a plan the directory does not know by that short name.

    ``suggestions`` are the closest short names of the directory, best first (for an alias, the one
    unit it names); ``places`` the paths where the unit is written.
    """

    unit: Unit
    kind: IssueKind
    suggestions: tuple[str, ...]
    places: tuple[str, ...]

    def __str__(self) -> str:
        """The issue in the reader's language, with how many places write the unit."""
        unit, count = self.unit.name, len(self.places)
        if self.kind is IssueKind.ALIAS:
            text = Text(
                N_("{unit}: the directory's short name is {name} ({count} places)"),
                unit=unit,
                name=self.suggestions[0],
                count=count,
            )
        elif self.suggestions:
            text = Text(
                N_("{unit}: not in the unit directory; is it {names}? ({count} places)"),
                unit=unit,
                names="、".join(self.suggestions),
                count=count,
            )
        else:
            text = Text(N_("{unit}: not in the unit directory ({count} places)"), unit=unit, count=count)
        return render(text)


#: Characters a unit name may carry as a stray administrative prefix (市 in 市生态环境分局).
_STRAY_PREFIXES: Final = ("市",)


def _normal(name: str) -> str:
    """NFKC folds full-width letters and digits to half width (１１９ → 119); spaces go."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def _variants(name: str) -> set[str]:
    normal = _normal(name)
    forms = {normal}
    for prefix in _STRAY_PREFIXES:
        forms.add(prefix + normal)
        if normal.startswith(prefix) and len(normal) > len(prefix):
            forms.add(normal[len(prefix) :])
    return forms


def _is_subsequence(short: str, long: str) -> bool:
    characters = iter(long)
    return all(char in characters for char in short)


def similarity(a: str, b: str) -> float:
    """How alike two unit names are, from 0 to 1.

    Names that differ only in full/half width, spaces or a stray leading 市 score 1.  Otherwise the
    score is :class:`difflib.SequenceMatcher`'s ratio on the normalised names, raised to at least
    0.75 when the shorter name's characters all appear in order in the longer one, which is how
    Chinese short names are formed (市发改局 from 市发改科技局, 教体局 from 神木市教育和体育局).

    >>> similarity("市发改局", "市发改科技局")
    0.8
    >>> similarity("市卫健局", "市人社局")
    0.5
    """
    if _variants(a) & _variants(b):
        return 1.0
    x, y = _normal(a), _normal(b)
    ratio = difflib.SequenceMatcher(None, x, y, autojunk=False).ratio()
    short, long = sorted((x, y), key=len)
    if len(short) >= 2 and _is_subsequence(short, long):
        ratio = max(ratio, 0.75)
    return round(ratio, 4)


def check_units(plan: Plan, directory: DirectoryLike, *, cutoff: float = 0.6, limit: int = 3) -> tuple[UnitIssue, ...]:
    """Report the plan's units that the directory does not know by that short name; change nothing.

    A unit written as an alias or full name is reported as :attr:`IssueKind.ALIAS` with the short
    name it stands for.  An unknown unit comes with up to ``limit`` suggestions scoring at least
    ``cutoff`` by :func:`similarity`, compared with every name a directory unit is known by.
    """
    places: dict[Unit, list[str]] = {}
    for place in walk_duties(plan):
        if place.path.endswith(".tasks[0].duties[0]"):  # an action's first duty: its leads come first
            action_path = place.path.partition(".")[0]
            for unit in place.action.leads:
                places.setdefault(unit, []).append(f"{action_path}.leads")
        for unit in place.duty.units:
            places.setdefault(unit, []).append(f"{place.path}.units")
    issues: list[UnitIssue] = []
    for unit, where in places.items():
        entry = directory.get(unit)
        if entry is not None and entry.name == unit.name:
            continue
        if entry is not None:
            issues.append(UnitIssue(unit=unit, kind=IssueKind.ALIAS, suggestions=(entry.name,), places=tuple(where)))
            continue
        scores: dict[str, float] = {}
        for candidate in directory:
            score = max(similarity(unit.name, name) for name in candidate.names)
            if score >= cutoff:
                scores[candidate.name] = score
        best = sorted(scores, key=lambda name: -scores[name])[:limit]
        issues.append(UnitIssue(unit=unit, kind=IssueKind.UNKNOWN, suggestions=tuple(best), places=tuple(where)))
    return tuple(issues)
