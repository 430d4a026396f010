"""Comparing two plans: what was added, removed, moved and changed, and who gained or lost a duty.

:func:`diff` matches actions and tasks by name and duties by content, so a duty whose wording
changed is reported as changed, not as one removed and one added:

1. actions and tasks with equal names are matched (first within matched actions, then anywhere:
   a task found in another action has moved);
2. duties with equal content are matched (first within matched tasks, then anywhere), then the
   rest by :class:`difflib.SequenceMatcher` ratio of their contents, best pairs first, when the
   ratio reaches ``threshold``;
3. the actions and tasks still unmatched are matched when most of their duties were matched to each
   other (a renamed task) or their names are alike (ratio of at least 0.8).

Order changes count as moves only for the items that left the longest run kept in order, so one
inserted duty does not make every later one "moved".

>>> from kepu_plan.model import Action, Duty, Plan, Task
>>> old = Plan(title="分工表", actions=[Action(name="青少年科学素质提升行动", tasks=[Task(name="教师培训", duties=[
...     Duty(content="每年培训科学教师和科技辅导员60名以上", units=["市教体局", "市科协"])])])])
>>> new = Plan(title="分工表", actions=[Action(name="青少年科学素质提升行动", tasks=[Task(name="教师培训", duties=[
...     Duty(content="每年培训科学教师和科技辅导员80名以上", units=["市教体局"])])])])
>>> print(diff(old, new).duties[0])
修改 青少年科学素质提升行动 › 教师培训 › 第1条
    主要内容：每年培训科学教师和科技辅导员[-60-]{+80+}名以上
    负责单位：市教体局、市科协 → 市教体局（减少 市科协）
>>> bool(diff(old, old))
False
"""

from __future__ import annotations

import difflib
import enum
import math
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, Final, TypeAlias

import attrs

from kepu_plan.model import Action, Duty, Plan, Target, Task, Unit
from kepu_plan.units import similarity

__all__ = [
    "FieldChange",
    "ItemDiff",
    "Level",
    "Place",
    "PlanDiff",
    "TargetChange",
    "UnitDelta",
    "UnitRename",
    "diff",
    "mark_changes",
]

#: How alike two names must be to match an action or task whose duties do not match.
NAME_THRESHOLD: Final = 0.8
#: The share of an action's or task's duties matched into another that makes the two one item.
SHARE_THRESHOLD: Final = 0.5

Item: TypeAlias = Action | Task | Duty
Value: TypeAlias = str | tuple[str, ...] | None


# --- marking changed words ----------------------------------------------------------------------

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


# --- records ------------------------------------------------------------------------------------


class Level(enum.Enum):
    """What an item of the diff is: an action (重点行动/工程), a task (主要任务) or a duty (主要内容)."""

    ACTION = "action"
    TASK = "task"
    DUTY = "duty"

    @property
    def label(self) -> str:
        return {"action": "重点行动", "task": "主要任务", "duty": "主要内容"}[self.value]


@attrs.frozen(kw_only=True)
class Place:
    """Where an item is in its plan: ``path`` by index (from 0) and, for people, the action's and
    task's names and the duty's number within its task (from 1)."""

    path: str
    action: str
    task: str | None = None
    duty: int | None = None

    def __str__(self) -> str:
        return self.describe()

    def describe(self, *, old: bool = False) -> str:
        """For people; ``old`` marks the duty's number as the old plan's (原第2条), so that it is
        not taken for the same number in the new plan."""
        parts = [self.action]
        if self.task is not None:
            parts.append(self.task)
        if self.duty is not None:
            parts.append(f"{'原' if old else ''}第{self.duty}条")
        return " › ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "action": self.action, "task": self.task, "duty": self.duty}


_FIELD_LABELS: Final = {
    "title": "标题",
    "label": "附件标注",
    "notes": "附注",
    "name": "名称",
    "kind": "类别",
    "leads": "牵头单位",
    "content": "主要内容",
    "units": "负责单位",
    "deadline": "完成时限",
}


def _show(value: Value) -> str:
    if value is None:
        return "（无）"
    if isinstance(value, tuple):
        return "、".join(value) if value else "（无）"
    return value


@attrs.frozen(kw_only=True)
class FieldChange:
    """One field of a matched item (or of the plan) that differs: ``field`` is ``content``,
    ``units``, ``leads``, ``name``, ``kind``, ``deadline``, ``extra.<column header>``, ``title``,
    ``label`` or ``notes``.  Unit lists are tuples of names; an absent value is None."""

    field: str
    old: Value
    new: Value

    @property
    def label(self) -> str:
        """The field's name for people (主要内容, 负责单位 …)."""
        if self.field.startswith("extra."):
            return self.field[len("extra.") :]
        return _FIELD_LABELS.get(self.field, self.field)

    def __str__(self) -> str:
        if isinstance(self.old, str) and isinstance(self.new, str) and self.field not in ("kind", "label"):
            return f"{self.label}：{mark_changes(self.old, self.new)}"
        text = f"{self.label}：{_show(self.old)} → {_show(self.new)}"
        if self.field in ("units", "leads") and isinstance(self.old, tuple) and isinstance(self.new, tuple):
            gained = [name for name in self.new if name not in self.old]
            lost = [name for name in self.old if name not in self.new]
            notes = ([f"增加 {'、'.join(gained)}"] if gained else []) + ([f"减少 {'、'.join(lost)}"] if lost else [])
            if notes:
                text += f"（{'，'.join(notes)}）"
            elif self.old != self.new:
                text += "（顺序调整）"
        return text

    def to_dict(self) -> dict[str, Any]:
        def plain(value: Value) -> Any:
            return list(value) if isinstance(value, tuple) else value

        return {"field": self.field, "old": plain(self.old), "new": plain(self.new)}


def _number(place: Place) -> int:
    """The action's number in its plan, from 1."""
    return int(place.path[len("actions[") : place.path.index("]")]) + 1


def _summary(item: Item) -> str:
    if isinstance(item, Action):
        leads = f"牵头：{'、'.join(u.name for u in item.leads)}；" if item.leads else ""
        return f"（{leads}{len(item.tasks)} 项任务，{len(item.duties)} 条内容）"
    if isinstance(item, Task):
        return f"（{len(item.duties)} 条内容）"
    units = "、".join(u.name for u in item.units) or "（无）"
    return f"：{item.content}（负责单位：{units}）"


def _item_dict(item: Item) -> dict[str, Any]:
    if isinstance(item, Action):
        return {"name": item.name, "leads": [u.name for u in item.leads], "tasks": len(item.tasks)}
    if isinstance(item, Task):
        return {"name": item.name, "duties": len(item.duties)}
    return {"content": item.content, "units": [u.name for u in item.units], "leads": [u.name for u in item.leads]}


@attrs.frozen(kw_only=True)
class ItemDiff:
    """An action, task or duty that was added (``old`` is None), removed (``new`` is None), or
    matched in both plans and moved, changed (``fields``) or both.

    An added or removed item stands for everything in it that was not matched elsewhere: the tasks
    and duties of a removed action are not listed again.
    """

    level: Level
    old: Place | None
    new: Place | None
    moved: bool = False
    fields: tuple[FieldChange, ...] = ()
    old_item: Item | None = attrs.field(default=None, repr=False)
    new_item: Item | None = attrs.field(default=None, repr=False)

    @property
    def status(self) -> str:
        """``added``, ``removed``, ``changed`` (possibly also moved) or ``moved``."""
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if self.fields else "moved"

    def field(self, name: str) -> FieldChange | None:
        """The change of one field, or None when it did not change."""
        return next((change for change in self.fields if change.field == name), None)

    def __str__(self) -> str:
        if self.old is None:
            assert self.new is not None
            assert self.new_item is not None
            return f"新增 {self._where(self.new)}{_summary(self.new_item)}"
        if self.new is None:
            assert self.old_item is not None
            return f"删除 {self._where(self.old, old=True)}{_summary(self.old_item)}"
        if not self.moved:
            head = f"修改 {self._where(self.new)}"
        elif self.level is Level.ACTION:
            head = f"移动 {self.old.action}：第{_number(self.old)}项 → 第{_number(self.new)}项"
        else:
            head = f"移动 {self.old.describe(old=True)} → {self.new}"
        if self.moved and self.fields:
            head = head.replace("移动", "移动并修改", 1)
        return "\n".join([head, *(f"    {change}" for change in self.fields)])

    def _where(self, place: Place, *, old: bool = False) -> str:
        return f"「{place.action}」" if self.level is Level.ACTION else place.describe(old=old)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "level": self.level.value,
            "status": self.status,
            "moved": self.moved,
            "old": self.old.to_dict() if self.old else None,
            "new": self.new.to_dict() if self.new else None,
            "fields": [change.to_dict() for change in self.fields],
        }
        if self.status in ("added", "removed"):
            item = self.new_item if self.old is None else self.old_item
            assert item is not None
            data["item"] = _item_dict(item)
        return data


@attrs.frozen(kw_only=True)
class UnitDelta:
    """The duties a unit gained (places in the new plan) and lost (places in the old plan)."""

    unit: str
    gained: tuple[Place, ...] = ()
    lost: tuple[Place, ...] = ()

    def __str__(self) -> str:
        parts = []
        if self.gained:
            parts.append(f"增加 {len(self.gained)} 条（{'；'.join(map(str, self.gained))}）")
        if self.lost:
            parts.append(f"减少 {len(self.lost)} 条（{'；'.join(place.describe(old=True) for place in self.lost)}）")
        return f"{self.unit}：{'，'.join(parts)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "gained": [place.to_dict() for place in self.gained],
            "lost": [place.to_dict() for place in self.lost],
        }


_COMPARATOR_WORDS: Final = {"exact": "", "at_least": "以上", "at_most": "以下", "about": "左右"}


def _figure(target: Target | None) -> str:
    """A target's figure as people write it: 每年60名以上."""
    if target is None:
        return "（无）"
    every = "每年" if target.cadence.value == "annual" else ""
    return f"{every}{target.quantity}{target.measure}{_COMPARATOR_WORDS[target.comparator.value]}"


def _target_dict(target: Target | None) -> dict[str, Any] | None:
    if target is None:
        return None
    return {
        "text": target.text,
        "quantity": str(target.quantity),
        "measure": target.measure,
        "comparator": target.comparator.value,
        "cadence": target.cadence.value,
        "subject": target.subject,
    }


@attrs.frozen(kw_only=True)
class TargetChange:
    """A target of a matched duty whose figure changed (``60名以上`` → ``80名以上``), or one that
    appeared (``old`` None) or disappeared (``new`` None) in a reworded duty."""

    old_place: Place
    new_place: Place
    old: Target | None
    new: Target | None

    def __str__(self) -> str:
        subject = next((t.subject for t in (self.new, self.old) if t is not None and t.subject), "")
        about = f" · {subject}" if subject else ""
        return f"{self.new_place}{about}：{_figure(self.old)} → {_figure(self.new)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "old_place": self.old_place.to_dict(),
            "new_place": self.new_place.to_dict(),
            "old": _target_dict(self.old),
            "new": _target_dict(self.new),
        }


@attrs.frozen(kw_only=True)
class UnitRename:
    """A unit renamed throughout the plan, and in how many duties it was responsible."""

    old: str
    new: str
    places: int

    def __str__(self) -> str:
        return f"{self.old} → {self.new}（{self.places} 条内容）"

    def to_dict(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "places": self.places}


@attrs.frozen(kw_only=True)
class PlanDiff:
    """The differences between two plans; false and empty when they are equal.

    ``plan`` holds changes of the title, label and notes; ``renamed_units`` the units renamed
    throughout; ``actions``, ``tasks`` and ``duties`` the
    items added, removed, moved or changed at each level; ``units`` who gained or lost duties;
    ``targets`` the changed figures of reworded duties.
    """

    plan: tuple[FieldChange, ...] = ()
    renamed_units: tuple[UnitRename, ...] = ()
    actions: tuple[ItemDiff, ...] = ()
    tasks: tuple[ItemDiff, ...] = ()
    duties: tuple[ItemDiff, ...] = ()
    units: tuple[UnitDelta, ...] = ()
    targets: tuple[TargetChange, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Whether the two plans are equal."""
        return not (self.plan or self.renamed_units or self.actions or self.tasks or self.duties)

    def __bool__(self) -> bool:
        return not self.is_empty

    @property
    def items(self) -> tuple[ItemDiff, ...]:
        """Every action, task and duty difference."""
        return self.actions + self.tasks + self.duties

    @property
    def added(self) -> tuple[ItemDiff, ...]:
        return tuple(item for item in self.items if item.status == "added")

    @property
    def removed(self) -> tuple[ItemDiff, ...]:
        return tuple(item for item in self.items if item.status == "removed")

    @property
    def moved(self) -> tuple[ItemDiff, ...]:
        return tuple(item for item in self.items if item.moved)

    @property
    def changed(self) -> tuple[ItemDiff, ...]:
        return tuple(item for item in self.items if item.fields)

    @property
    def lead_changes(self) -> tuple[ItemDiff, ...]:
        """The matched actions and duties whose leads changed."""
        return tuple(item for item in self.items if item.field("leads") is not None)

    def __str__(self) -> str:
        if self.is_empty:
            return "两个分工表相同。"
        lines: list[str] = [str(change) for change in self.plan]
        if self.renamed_units:
            lines.append(f"单位改名（{len(self.renamed_units)} 个）：")
            lines.extend(f"  {rename}" for rename in self.renamed_units)
        for title, items in (
            ("重点行动/工程", self.actions),
            ("主要任务", self.tasks),
            ("主要内容", self.duties),
        ):
            if items:
                lines.append(f"{title}（{len(items)} 处）：")
                lines.extend("  " + line for item in items for line in str(item).split("\n"))
        if self.units:
            lines.append("单位任务增减：")
            lines.extend(f"  {delta}" for delta in self.units)
        if self.targets:
            lines.append("指标变化：")
            lines.extend(f"  {change}" for change in self.targets)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The diff as JSON-able data (strings, numbers, lists, dicts, None)."""
        return {
            "equal": self.is_empty,
            "plan": [change.to_dict() for change in self.plan],
            "renamed_units": [rename.to_dict() for rename in self.renamed_units],
            "actions": [item.to_dict() for item in self.actions],
            "tasks": [item.to_dict() for item in self.tasks],
            "duties": [item.to_dict() for item in self.duties],
            "units": [delta.to_dict() for delta in self.units],
            "targets": [change.to_dict() for change in self.targets],
        }


# --- matching -----------------------------------------------------------------------------------


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


def diff(old: Plan, new: Plan, *, threshold: float = 0.6, renames: bool = True) -> PlanDiff:
    """What changed from ``old`` to ``new``.

    ``threshold`` is how alike (:class:`difflib.SequenceMatcher` ratio, 0 to 1) two duties'
    contents must be for the new one to count as the old one reworded.  With ``renames``, a unit
    renamed throughout (市教体局 → 县教体局 everywhere it was) is reported once as a
    :class:`UnitRename`, and the unit lists of matched items are compared under the new names, so
    the rename is not repeated at every duty.
    """
    old_actions, old_tasks, old_duties = _nodes(old)
    new_actions, new_tasks, new_duties = _nodes(new)
    actions, tasks, duties = _Matching(), _Matching(), _Matching()

    # 1. Names and contents that are equal: under matched parents first, then anywhere.
    actions.pair_equal(old_actions, new_actions)
    tasks.pair_equal(old_tasks, new_tasks, lambda node: _parent_match(actions, node), lambda node: node.parent)
    tasks.pair_equal(old_tasks, new_tasks)
    in_task = (lambda node: _parent_match(tasks, node), lambda node: node.parent)
    duties.pair_equal(old_duties, new_duties, *in_task, whole=True)
    duties.pair_equal(old_duties, new_duties, *in_task)
    duties.pair_equal(old_duties, new_duties, whole=True)
    duties.pair_equal(old_duties, new_duties)

    # 2. Reworded duties, best pairs first.
    duties.pair_best(
        old_duties,
        new_duties,
        lambda a, b: _ratio(a.key, b.key, threshold),
        lambda value: value >= threshold,
        lambda a, b: _parent_match(tasks, a) == b.parent,
        (lambda a, b: _alike(a, b, threshold)) if threshold > 0 else None,
    )

    # 3. Renamed actions, then tasks: by the duties they share, or by a close name.
    def action_of(duty: _Node, plan_tasks: list[_Node]) -> int:
        return _parent(plan_tasks[_parent(duty)])

    _pair_containers(
        actions,
        old_actions,
        new_actions,
        duties,
        {duty.index: action_of(duty, old_tasks) for duty in old_duties},
        {duty.index: action_of(duty, new_tasks) for duty in new_duties},
        lambda a, b: True,
    )
    _pair_containers(
        tasks,
        old_tasks,
        new_tasks,
        duties,
        {duty.index: _parent(duty) for duty in old_duties},
        {duty.index: _parent(duty) for duty in new_duties},
        lambda a, b: _parent_match(actions, a) == b.parent,
    )

    # 4. Units renamed throughout, then the report.
    renamed: tuple[UnitRename, ...] = ()
    if renames:
        unit_lists = [
            (tuple(u.name for u in _action(old_actions[i]).leads), tuple(u.name for u in _action(new_actions[j]).leads))
            for i, j in actions.forward.items()
        ]
        unit_lists += [
            (tuple(u.name for u in _duty(old_duties[i]).units), tuple(u.name for u in _duty(new_duties[j]).units))
            for i, j in duties.forward.items()
        ]
        renamed = _renamed_units(old, new, unit_lists)
    rename = {item.old: item.new for item in renamed}

    moved_actions = _moved(actions, old_actions, new_actions, None)
    moved_tasks = _moved(tasks, old_tasks, new_tasks, actions)
    moved_duties = _moved(duties, old_duties, new_duties, tasks)

    def report(
        level: Level,
        matching: _Matching,
        old_nodes: list[_Node],
        new_nodes: list[_Node],
        moved: set[int],
        old_parent_gone: Callable[[_Node], bool],
        new_parent_gone: Callable[[_Node], bool],
    ) -> tuple[ItemDiff, ...]:
        records: list[tuple[tuple[int, int], ItemDiff]] = []
        # Where a removed item sorts among the new plan's items: after the last matched one before it.
        position = -1
        for node in old_nodes:
            j = matching.forward.get(node.index)
            if j is None:
                if not old_parent_gone(node):
                    record = ItemDiff(level=level, old=node.place, new=None, old_item=node.item)
                    records.append(((position, 2), record))
                continue
            position = j
            other = new_nodes[j]
            fields = _fields(node.item, other.item, rename)
            if fields or node.index in moved:
                record = ItemDiff(
                    level=level,
                    old=node.place,
                    new=other.place,
                    moved=node.index in moved,
                    fields=fields,
                    old_item=node.item,
                    new_item=other.item,
                )
                records.append(((j, 1), record))
        for node in new_nodes:
            if node.index not in matching.backward and not new_parent_gone(node):
                records.append(((node.index, 1), ItemDiff(level=level, old=None, new=node.place, new_item=node.item)))
        return tuple(record for _, record in sorted(records, key=lambda pair: pair[0]))

    def gone(matching: _Matching, backward: bool) -> Callable[[_Node], bool]:
        table = matching.backward if backward else matching.forward
        return lambda node: node.parent is not None and node.parent not in table

    action_items = report(
        Level.ACTION, actions, old_actions, new_actions, moved_actions, lambda n: False, lambda n: False
    )
    task_items = report(Level.TASK, tasks, old_tasks, new_tasks, moved_tasks, gone(actions, False), gone(actions, True))
    duty_items = report(Level.DUTY, duties, old_duties, new_duties, moved_duties, gone(tasks, False), gone(tasks, True))

    # Derived views: units, targets.
    gained: dict[str, list[Place]] = defaultdict(list)
    lost: dict[str, list[Place]] = defaultdict(list)
    targets: list[TargetChange] = []
    for node in new_duties:
        i = duties.backward.get(node.index)
        before = set() if i is None else {rename.get(u.name, u.name) for u in _duty(old_duties[i]).units}
        for unit in _duty(node).units:
            if unit.name not in before:
                gained[unit.name].append(node.place)
        if i is not None:
            targets += _target_changes(old_duties[i], node)
    for node in old_duties:
        j = duties.forward.get(node.index)
        after = set() if j is None else {u.name for u in _duty(new_duties[j]).units}
        for unit in _duty(node).units:
            if rename.get(unit.name, unit.name) not in after:
                lost[unit.name].append(node.place)
    order = [unit.name for unit in (*new.units, *old.units)]
    units = tuple(
        UnitDelta(unit=name, gained=tuple(gained.get(name, ())), lost=tuple(lost.get(name, ())))
        for name in dict.fromkeys(order)
        if name in gained or name in lost
    )

    plan_fields: list[FieldChange] = []
    if old.title != new.title:
        plan_fields.append(FieldChange(field="title", old=old.title, new=new.title))
    if old.label != new.label:
        plan_fields.append(FieldChange(field="label", old=old.label, new=new.label))
    if old.notes != new.notes:
        plan_fields.append(FieldChange(field="notes", old=old.notes, new=new.notes))

    return PlanDiff(
        plan=tuple(plan_fields),
        renamed_units=renamed,
        actions=action_items,
        tasks=task_items,
        duties=duty_items,
        units=units,
        targets=tuple(targets),
    )
