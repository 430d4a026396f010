"""How ``kp.diff`` scales, as ratios measured in one process (not a timed test).

Run ``python benchmarks/diff_bench.py``.  The old plan is the Shenmu actions repeated to 500, 2,000
and 10,000 duties; the new one is that plan edited throughout in proportion to its size: every 25th
duty reworded, every 40th removed, a duty added to every 50th task, every 30th action swapped with
the next, and 市科协 renamed 县科协 everywhere.  It reports:

* scaling: the diff of 2,000 duties over that of 500 (linear is 4; goal at most 6), and of 10,000
  over 2,000 (linear is 5);
* the 10,000-duty diff against reading that plan's DOCX with ``kp.read_docx`` (goal under 10).

CPU time, best of several repeats, the garbage collector run before each.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import _common
from _common import best, scaled_plan

import kepu_plan as kp


def edited(plan: kp.Plan) -> kp.Plan:
    """``plan`` edited throughout, in proportion to its size (see the module's docstring)."""
    actions: list[kp.Action] = []
    number = 0
    task_number = 0
    for action in plan.actions:
        tasks: list[kp.Task] = []
        for task in action.tasks:
            task_number += 1
            duties: list[kp.Duty] = []
            for duty in task.duties:
                number += 1
                if number % 40 == 0 and len(task.duties) > 1:
                    continue
                if number % 25 == 0:
                    duty = attrs.evolve(duty, content=duty.content + "，并开展年度评估")
                duties.append(duty)
            if not duties:
                duties = list(task.duties)
            if task_number % 50 == 0:
                duties.append(
                    kp.Duty(content=f"新增的第{task_number}条主要内容：每年开展科普活动12场次", units=["市科协"])
                )
            tasks.append(attrs.evolve(task, duties=duties))
        actions.append(attrs.evolve(action, tasks=tasks))
    for i in range(0, len(actions) - 1, 30):
        actions[i], actions[i + 1] = actions[i + 1], actions[i]
    result = attrs.evolve(plan, actions=actions)
    return result.rename_units({"市科协": "县科协"})


def run() -> list[tuple[str, float]]:
    """Time everything, print the ratios beside their goals and return them as (name, ratio) pairs."""
    ratios: list[tuple[str, float]] = []

    def report(name: str, ratio: float, goal: str) -> None:
        _common.report(ratios, name, ratio, goal)

    times: dict[int, float] = {}
    for duties, repeats in ((500, 5), (2_000, 3), (10_000, 1)):
        old = scaled_plan(duties)
        new = edited(old)
        times[duties] = best(lambda old=old, new=new: kp.diff(old, new), repeats)
    big = scaled_plan(10_000)
    buffer = io.BytesIO()
    kp.write_docx(big, buffer)
    data = buffer.getvalue()
    read_time = best(lambda: kp.read_docx(io.BytesIO(data)), 3)
    print(f"{'ratio (time / time)':<62} {'x':>8}")
    report("diff scale 2,000 / 500 duties", times[2_000] / times[500], "goal <= 6 (linear 4)")
    report("diff scale 10,000 / 2,000 duties", times[10_000] / times[2_000], "reference (linear 5)")
    report("diff 10,000 duties / read_docx of that plan", times[10_000] / read_time, "goal < 10")
    return ratios


if __name__ == "__main__":
    run()
