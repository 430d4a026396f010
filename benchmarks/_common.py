"""What the benchmark scripts share: a best-of timer and a plan of any size made from Shenmu's."""

from __future__ import annotations

import gc
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import attrs

import kepu_plan as kp

__all__ = ["best", "peak_memory", "report", "scaled_plan"]


def best(function: Callable[[], object], repeats: int, clock: Callable[[], float] = time.process_time) -> float:
    """The shortest of ``repeats`` timings of ``function`` in seconds of ``clock``.

    By default the clock is this process's CPU time, which other programs on a shared machine do
    not disturb, and the shortest run the least disturbed one.  The garbage collector runs before
    each run (so that one run does not pay for the garbage of the one before) but not stopped
    during it: its passes over what the function makes are part of the function's cost.
    """
    shortest = float("inf")
    for _ in range(repeats):
        gc.collect()
        start = clock()
        function()
        shortest = min(shortest, clock() - start)
    return shortest


def peak_memory(function: Callable[[], object]) -> int:
    """The most memory ``function`` held at once, in bytes, above what was held before it ran, as
    :mod:`tracemalloc` counts it (Python's allocations; not those of C libraries such as libxml2)."""
    gc.collect()
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def report(ratios: list[tuple[str, float]], name: str, ratio: float, goal: str = "") -> None:
    """Print one ratio beside its goal, and keep it in ``ratios``."""
    ratios.append((name, ratio))
    print(f"{name:<62} {ratio:8.2f}   {goal}".rstrip(), flush=True)


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
