"""Matching the actions, tasks and duties of two plans: equal ones, reworded ones, renamed
containers, moves, and units renamed throughout."""

from __future__ import annotations

import difflib
import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Final

import attrs

from kepu_plan.diff.records import FieldChange, Item, Place, TargetChange, UnitRename, Value
from kepu_plan.model import Action, Duty, Plan, Target, Task, Unit
from kepu_plan.units import similarity

#: How alike two names must be to match an action or task whose duties do not match.
NAME_THRESHOLD: Final = 0.8
#: The share of an action's or task's duties matched into another that makes the two one item.
SHARE_THRESHOLD: Final = 0.5


@attrs.frozen(kw_only=True)
class _Node:
    """An action, task or duty with its place: ``parent`` indexes the level above."""

    index: int
    parent: int | None
    position: int
    key: str
    item: Item
    place: Place


def _nodes(plan: Plan) -> tuple[list[_Node], list[_Node], list[_Node]]:
    actions: list[_Node] = []
    tasks: list[_Node] = []
    duties: list[_Node] = []
    for a, action in enumerate(plan.actions):
        at = f"actions[{a}]"
        actions.append(
            _Node(
                index=a, parent=None, position=a, key=action.name, item=action, place=Place(path=at, action=action.name)
            )
        )
        for t, task in enumerate(action.tasks):
            tt = f"{at}.tasks[{t}]"
            task_place = Place(path=tt, action=action.name, task=task.name)
            task_index = len(tasks)
            tasks.append(_Node(index=task_index, parent=a, position=t, key=task.name, item=task, place=task_place))
            for d, duty in enumerate(task.duties):
                place = Place(path=f"{tt}.duties[{d}]", action=action.name, task=task.name, duty=d + 1)
                duties.append(
                    _Node(index=len(duties), parent=task_index, position=d, key=duty.content, item=duty, place=place)
                )
    return actions, tasks, duties


def _parent(node: _Node) -> int:
    assert node.parent is not None
    return node.parent


def _parent_match(parents: _Matching, node: _Node) -> int:
    """The new index of the item holding ``node`` (an old task or duty), or -1 when it has none."""
    return -1 if node.parent is None else parents.forward.get(node.parent, -1)


def _action(node: _Node) -> Action:
    assert isinstance(node.item, Action)
    return node.item


def _duty(node: _Node) -> Duty:
    assert isinstance(node.item, Duty)
    return node.item


def _ratio(a: str, b: str, threshold: float) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return 0.0
    return matcher.ratio()


def _alike(old: list[_Node], new: list[_Node], threshold: float) -> list[tuple[_Node, _Node]]:
    """The pairs of ``old`` and ``new`` items whose keys may be alike by ``threshold`` (> 0): every
    other pair has a :func:`_ratio` below it, so only these need scoring.

    A ratio is at most the quick ratio, 2·c/(a + b) for keys of a and b characters with c in
    common (counted with repeats), so a key of a characters must share at least
    ``threshold·a/(2 - threshold)`` with any key alike to it.  Two such keys share one of their
    rarest ``a - that + 1`` characters (prefix filtering, as in similarity joins): an index of
    those finds every candidate pair without comparing each key with each; the characters in
    common, counted as sets, then give each candidate's quick ratio without building a matcher.
    """
    if threshold > 1:
        return []

    def characters(key: str) -> list[int]:
        """The key's characters, a repeated one numbered by its occurrence (a set, not a bag)."""
        seen: dict[str, int] = {}
        out = []
        for char in key:
            count = seen.get(char, 0)
            seen[char] = count + 1
            out.append(count * 0x110000 + ord(char))
        return out

    old_chars = [characters(node.key) for node in old]
    new_chars = [characters(node.key) for node in new]
    frequency: dict[int, int] = defaultdict(int)
    for chars in (*old_chars, *new_chars):
        for char in chars:
            frequency[char] += 1

    def rarest(chars: list[int]) -> list[int]:
        # The least shared characters, rounded down (never up) so that no pair is left out.
        shared = max(1, math.floor(threshold * len(chars) / (2 - threshold) * (1 - 1e-9)))
        return sorted(chars, key=lambda char: (frequency[char], char))[: len(chars) - shared + 1]

    holders: dict[int, list[int]] = defaultdict(list)
    for j, chars in enumerate(new_chars):
        for char in rarest(chars):
            holders[char].append(j)
    new_sets = [frozenset(chars) for chars in new_chars]
    empty_new = [b for b in new if not b.key]  # two empty keys are alike (ratio 1)
    pairs: list[tuple[_Node, _Node]] = []
    for a, chars in zip(old, old_chars, strict=True):
        if not chars:
            pairs.extend((a, b) for b in empty_new)
            continue
        found: set[int] = set()
        for char in rarest(chars):
            found.update(holders.get(char, ()))
        mine = frozenset(chars)
        size = len(chars)
        for j in sorted(found):
            # The quick ratio exactly as difflib computes it: a pair below it is below the ratio.
            if 2.0 * len(mine & new_sets[j]) / (size + len(new_chars[j])) >= threshold:
                pairs.append((a, new[j]))
    return pairs


class _Matching:
    """A one-to-one pairing of old and new items of one level."""

    def __init__(self) -> None:
        self.forward: dict[int, int] = {}
        self.backward: dict[int, int] = {}

    def add(self, old: int, new: int) -> None:
        self.forward[old] = new
        self.backward[new] = old

    def free_old(self, nodes: Iterable[_Node]) -> list[_Node]:
        return [node for node in nodes if node.index not in self.forward]

    def free_new(self, nodes: Iterable[_Node]) -> list[_Node]:
        return [node for node in nodes if node.index not in self.backward]

    def pair_equal(
        self,
        old: Sequence[_Node],
        new: Sequence[_Node],
        group_old: Callable[[_Node], Hashable] | None = None,
        group_new: Callable[[_Node], Hashable] | None = None,
        *,
        whole: bool = False,
    ) -> None:
        """Pair free items with equal keys (with ``whole``, equal in every field) within each group,
        or anywhere without groups; of several equal ones, the nearest by position in the group
        (or in reading order), so removing one of two equal duties reports the one removed."""

        def key(node: _Node) -> Hashable:
            return node.item if whole else node.key

        def where(node: _Node) -> int:
            return node.index if group_old is None else node.position

        buckets: dict[tuple[Hashable, Hashable], tuple[list[_Node], list[_Node]]] = defaultdict(lambda: ([], []))
        for node in self.free_old(old):
            buckets[None if group_old is None else group_old(node), key(node)][0].append(node)
        for node in self.free_new(new):
            buckets[None if group_new is None else group_new(node), key(node)][1].append(node)
        for olds, news in buckets.values():
            if len(olds) == 1 and len(news) == 1:
                self.add(olds[0].index, news[0].index)
            elif olds and news:
                for a, b in _nearest_in_order([where(a) for a in olds], [where(b) for b in news]):
                    self.add(olds[a].index, news[b].index)

    def pair_best(
        self,
        old: Sequence[_Node],
        new: Sequence[_Node],
        score: Callable[[_Node, _Node], float],
        accept: Callable[[float], bool],
        same_parent: Callable[[_Node, _Node], bool],
        pairs: Callable[[list[_Node], list[_Node]], Iterable[tuple[_Node, _Node]]] | None = None,
    ) -> None:
        """Pair free items greedily, best score first (same parent first among equals).

        ``pairs``, when given, yields the only pairs of free items whose score can be accepted (a
        filter that must never leave one out); without it, every pair is scored.
        """
        free_old, free_new = self.free_old(old), self.free_new(new)
        scored = ((a, b) for a in free_old for b in free_new) if pairs is None else pairs(free_old, free_new)
        candidates = []
        for a, b in scored:
            value = score(a, b)
            if accept(value):
                candidates.append((-value, not same_parent(a, b), a.index, b.index))
        for _, _, i, j in sorted(candidates):
            if i not in self.forward and j not in self.backward:
                self.add(i, j)


def _nearest_in_order(old: Sequence[int], new: Sequence[int]) -> list[tuple[int, int]]:
    """Pair as many of the positions ``old`` and ``new`` (each ascending) as the shorter has,
    keeping their order (no pair crosses another) and as near as can be: the least total distance.

    Among equal items, nearest-first pairing could cross (old ``[A, A]``, new ``[N, A, A]`` would
    pair the second A with the first and the first with the second, and report a move); on a line
    a least-distance pairing that keeps the order always exists.

    >>> _nearest_in_order([0, 1], [1, 2])
    [(0, 0), (1, 1)]
    >>> _nearest_in_order([0, 1], [0])
    [(0, 0)]
    """
    if len(old) > len(new):
        return [(a, b) for b, a in _nearest_in_order(new, old)]
    n, m = len(old), len(new)
    inf = float("inf")
    # cost[i][j]: the least distance pairing the first i of old with i of the first j of new.
    cost = [[0.0] * (m + 1)] + [[inf] * (m + 1) for _ in range(n)]
    for i in range(1, n + 1):
        for j in range(i, m + 1):
            cost[i][j] = min(cost[i][j - 1], cost[i - 1][j - 1] + abs(old[i - 1] - new[j - 1]))
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0:
        if j > i and cost[i][j] == cost[i][j - 1]:
            j -= 1  # new[j - 1] stays unpaired
        else:
            pairs.append((i - 1, j - 1))
            i -= 1
            j -= 1
    return pairs[::-1]


def _pair_containers(
    matching: _Matching,
    old: list[_Node],
    new: list[_Node],
    duties: _Matching,
    old_home: dict[int, int],
    new_home: dict[int, int],
    same_parent: Callable[[_Node, _Node], bool],
) -> None:
    """Pair the free actions (or tasks) that share most of their duties or have close names.

    ``old_home`` and ``new_home`` map each duty to the action (or task) that holds it.
    """
    held_old: dict[int, list[int]] = defaultdict(list)
    for duty, home in old_home.items():
        held_old[home].append(duty)
    held_new: dict[int, int] = defaultdict(int)
    for home in new_home.values():
        held_new[home] += 1

    def score(a: _Node, b: _Node) -> float:
        mine = held_old.get(a.index, [])
        shared = sum(1 for duty in mine if duty in duties.forward and new_home[duties.forward[duty]] == b.index)
        total = len(mine) + held_new.get(b.index, 0)
        share = 2 * shared / total if total else 0.0
        name = _ratio(a.key, b.key, NAME_THRESHOLD)
        return max(share if share >= SHARE_THRESHOLD else 0.0, name if name >= NAME_THRESHOLD else 0.0)

    matching.pair_best(old, new, score, lambda value: value > 0, same_parent)


def _longest_in_order(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The longest subsequence of (old, new) pairs, sorted by old, whose new positions increase.

    Of several equally long, the one whose every step takes the earliest possible predecessor,
    ending at the earliest possible pair.  A Fenwick tree over the new positions gives each pair's
    best predecessor in O(log n), so a plan of thousands of actions costs no quadratic time.
    """
    pairs = sorted(pairs)
    if not pairs:
        return set()
    ranks = {new: rank for rank, new in enumerate(sorted({new for _, new in pairs}), 1)}
    size = len(ranks)
    none = (0, 1)  # below every (length, -index) entry
    tree: list[tuple[int, int]] = [none] * (size + 1)  # prefix maxima of (length, -index)
    best: list[int] = []
    previous: list[int] = []
    for i, (_, new) in enumerate(pairs):
        rank = ranks[new] - 1  # the pairs before it with a smaller new position
        top = none
        while rank > 0:
            top = max(top, tree[rank])
            rank -= rank & -rank
        best.append(top[0] + 1)
        previous.append(-top[1] if top[0] else -1)
        entry = (top[0] + 1, -i)
        rank = ranks[new]
        while rank <= size:
            if entry > tree[rank]:
                tree[rank] = entry
            rank += rank & -rank
    i = max(range(len(pairs)), key=lambda k: best[k])
    kept: set[tuple[int, int]] = set()
    while i != -1:
        kept.add(pairs[i])
        i = previous[i]
    return kept


def _moved(matching: _Matching, old: list[_Node], new: list[_Node], parents: _Matching | None) -> set[int]:
    """Old indices of matched items that moved: to another parent, or out of order within one."""
    groups: dict[tuple[int | None, int | None], list[tuple[int, int]]] = defaultdict(list)
    moved: set[int] = set()
    for i, j in matching.forward.items():
        old_parent, new_parent = old[i].parent, new[j].parent
        if parents is not None and (old_parent is None or parents.forward.get(old_parent) != new_parent):
            moved.add(i)
        else:
            groups[old_parent, new_parent].append((i, j))
    for pairs in groups.values():
        kept = _longest_in_order(pairs)
        moved.update(i for i, j in pairs if (i, j) not in kept)
    return moved


def _renamed_units(
    old: Plan, new: Plan, pairs: list[tuple[tuple[str, ...], tuple[str, ...]]]
) -> tuple[UnitRename, ...]:
    """The units renamed throughout: gone from ``old``, new in ``new``, and in every matched pair of
    unit lists (``pairs``: duties' units, actions' leads) present in one exactly when the other is.

    When several new names fit one old name, the one most often at the same position wins, then
    the most alike by :func:`kepu_plan.units.similarity`.
    """
    old_names = [unit.name for unit in old.units]
    new_names = [unit.name for unit in new.units]
    gone = [name for name in old_names if name not in set(new_names)]
    fresh = [name for name in new_names if name not in set(old_names)]
    # Where each gone (fresh) name stands: the pairs holding it in their old (new) list, and at
    # which position.  A gone and a fresh name fit when they stand in the very same pairs.
    old_at = _standing(gone, [old_list for old_list, _ in pairs])
    new_at = _standing(fresh, [new_list for _, new_list in pairs])
    fitting: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for j, after in enumerate(fresh):
        if after in new_at:
            fitting[tuple(new_at[after])].append(j)
    candidates: list[tuple[int, float, int, int, str, str]] = []
    for i, before in enumerate(gone):
        if before not in old_at:
            continue
        held = old_at[before]
        for j in fitting.get(tuple(held), ()):
            after = fresh[j]
            aligned = sum(1 for k in held if old_at[before][k] == new_at[after][k])
            candidates.append((-aligned, -similarity(before, after), i, j, before, after))
    renames: dict[str, str] = {}
    for _, _, _, _, before, after in sorted(candidates):
        if before not in renames and after not in renames.values():
            renames[before] = after
    places: dict[str, int] = defaultdict(int)
    for duty in old.duties:
        for name in {unit.name for unit in duty.units}:
            places[name] += 1
    return tuple(
        UnitRename(old=before, new=renames[before], places=places[before]) for before in old_names if before in renames
    )


def _standing(names: list[str], lists: list[tuple[str, ...]]) -> dict[str, dict[int, int]]:
    """For each of ``names`` found in ``lists``: the index of each list holding it, with its first
    position there (the keys in ascending order)."""
    wanted = set(names)
    found: dict[str, dict[int, int]] = defaultdict(dict)
    for k, names_here in enumerate(lists):
        for position, name in enumerate(names_here):
            if name in wanted and k not in found[name]:
                found[name][k] = position
    return found


def _fields(old: Item, new: Item, renames: dict[str, str]) -> tuple[FieldChange, ...]:
    changes: list[FieldChange] = []

    def names(units: tuple[Unit, ...]) -> tuple[str, ...]:
        return tuple(renames.get(unit.name, unit.name) for unit in units)

    def compare(field: str, a: Value, b: Value) -> None:
        if a != b:
            changes.append(FieldChange(field=field, old=a, new=b))

    if isinstance(old, Action) and isinstance(new, Action):
        compare("name", old.name, new.name)
        compare("kind", old.kind.value, new.kind.value)
        compare("leads", names(old.leads), names(new.leads))
    elif isinstance(old, Task) and isinstance(new, Task):
        compare("name", old.name, new.name)
    elif isinstance(old, Duty) and isinstance(new, Duty):
        compare("content", old.content, new.content)
        compare("units", names(old.units), names(new.units))
        compare("leads", names(old.leads), names(new.leads))
        compare("deadline", old.deadline, new.deadline)
        for key in dict.fromkeys([*old.extra, *new.extra]):
            compare(f"extra.{key}", old.extra.get(key), new.extra.get(key))
    return tuple(changes)


def _target_changes(old: _Node, new: _Node) -> list[TargetChange]:
    if _duty(old).content == _duty(new).content:
        return []
    before, after = list(_duty(old).targets), list(_duty(new).targets)
    pairs: list[tuple[Target | None, Target | None]] = []
    for key in (
        lambda t: t.text,
        lambda t: (t.subject, t.measure, t.cadence),
        lambda t: (t.measure, t.cadence),
        lambda t: t.measure,
    ):
        for target in list(before):
            match = next((other for other in after if key(other) == key(target)), None)
            if match is not None:
                pairs.append((target, match))
                before.remove(target)
                after.remove(match)
    pairs += [(target, None) for target in before] + [(None, target) for target in after]
    changes = []
    for a, b in pairs:
        if (
            a is not None
            and b is not None
            and (a.quantity, a.comparator, a.cadence, a.measure)
            == (
                b.quantity,
                b.comparator,
                b.cadence,
                b.measure,
            )
        ):
            continue
        changes.append(TargetChange(old_place=old.place, new_place=new.place, old=a, new=b))
    return changes
