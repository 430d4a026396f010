"""What the benchmark scripts share: a best-of timer and a plan of any size made from Shenmu's."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import attrs

import kepu_plan as kp

__all__ = ["best", "scaled_plan"]


def best(function: Callable[[], object], repeats: int, clock: Callable[[], float] = time.perf_counter) -> float:
    """The shortest of ``repeats`` timings of ``function`` in seconds of ``clock``.

    The shortest time is the one least disturbed by other programs on a shared machine; pass
    ``time.process_time`` to count only this process's CPU time.
    """
    shortest = float("inf")
    for _ in range(repeats):
        start = clock()
        function()
        shortest = min(shortest, clock() - start)
    return shortest


def scaled_plan(duties: int) -> kp.Plan:
    """A plan of exactly ``duties`` duties: the Shenmu actions again and again, renamed per copy."""
    shenmu = kp.examples.shenmu()
    actions: list[kp.Action] = []
    left = duties
    copy = 0
    while left > 0:
        copy += 1
        for action in shenmu.actions:
            if left <= 0:
                break
            tasks: list[kp.Task] = []
            for task in action.tasks:
                if left <= 0:
                    break
                kept = task.duties[:left]
                left -= len(kept)
                tasks.append(attrs.evolve(task, duties=kept))
            actions.append(attrs.evolve(action, name=f"第{copy}批{action.name}", tasks=tasks))
    return attrs.evolve(shenmu, actions=actions)
