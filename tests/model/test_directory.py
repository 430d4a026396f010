"""The plan's unit views take any directory that offers what DirectoryLike names, not only UnitDirectory."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from kepu_plan.model import (
    SHARED_COLUMN,
    Action,
    DirectoryEntryLike,
    DirectoryLike,
    Duty,
    IssueKind,
    Plan,
    Task,
    Unit,
)
from kepu_plan.units import UnitDirectory


@attrs.frozen
class _Entry:
    name: str
    names: tuple[str, ...]
    member_of: tuple[str, ...] = ()


@attrs.frozen
class _Towns:
    """A county's own list of units: a short name, its other names, the collectives it belongs to."""

    entries: tuple[_Entry, ...]

    def __iter__(self) -> Iterator[DirectoryEntryLike]:
        return iter(self.entries)

    def get(self, unit: Unit | str) -> DirectoryEntryLike | None:
        name = unit.name if isinstance(unit, Unit) else unit
        return next((entry for entry in self.entries if name in entry.names), None)

    def resolve(self, unit: Unit | str) -> str | None:
        entry = self.get(unit)
        return None if entry is None else entry.name

    def members(self, collective: Unit | str) -> tuple[str, ...] | None:
        name = collective.name if isinstance(collective, Unit) else collective
        return tuple(entry.name for entry in self.entries if name in entry.member_of) or None


def _plan() -> Plan:
    return Plan(
        title="分工表",
        actions=[
            Action(
                name="甲行动",
                tasks=[
                    Task(
                        name="任务",
                        duties=[
                            Duty(content="开展科普日活动", units=["县科协"]),
                            Duty(content="建设科普长廊", units=["各镇（街道）"]),
                            Duty(content="组织科普讲座", units=["县教育局"]),
                        ],
                    )
                ],
            )
        ],
    )


_TOWNS = _Towns(
    entries=(
        _Entry(name="城关镇", names=("城关镇",), member_of=("各镇（街道）",)),
        _Entry(name="县科协", names=("县科协",)),
        _Entry(name="县教体局", names=("县教体局", "县教育局")),
    )
)


def test_a_directory_of_ones_own_says_who_a_collective_covers() -> None:
    directory: DirectoryLike = _TOWNS
    plan = _plan().for_unit("城关镇", directory)
    assert [(duty.content, duty.extra.get(SHARED_COLUMN)) for duty in plan.duties] == [("建设科普长廊", "各镇（街道）")]
    assert _plan().for_unit("县科协", directory).duties == (_plan().duties[0],)


def test_a_directory_of_ones_own_checks_the_plans_units() -> None:
    issues = _plan().check_units(_TOWNS)
    assert [(issue.unit.name, issue.kind, issue.suggestions, issue.places) for issue in issues] == [
        ("各镇（街道）", IssueKind.UNKNOWN, (), ("actions[0].tasks[0].duties[1].units",)),
        ("县教育局", IssueKind.ALIAS, ("县教体局",), ("actions[0].tasks[0].duties[2].units",)),
    ]


def test_the_unit_directory_is_a_directory_like_and_gives_the_same_answers() -> None:
    directory: DirectoryLike = UnitDirectory.from_rows(
        [
            {"name": "城关镇", "member_of": "各镇（街道）"},
            {"name": "县科协"},
            {"name": "县教体局", "aliases": "县教育局"},
        ]
    )
    assert _plan().check_units(directory) == _plan().check_units(_TOWNS)
    assert _plan().for_unit("城关镇", directory) == _plan().for_unit("城关镇", _TOWNS)
