"""Build the embedded Shenmu plan (src/kepu_plan/data/shenmu.json) from the seed text.

The seed (scripts/shenmu-seed.txt, a copy of the project's source document) is the table as plain
text: rows are separated by a blank line; each cell starts with a tab; an empty cell continues the
cell above (a vertical merge); a cell's text can span several lines (units are one per line).  At
page tops the action cell (and once the task cell) is written again: those rows continue the same
action or task.  This script reads it on its own, without the library's layout code, so that the
embedded plan is an independent reference for the readers' tests.

Run from the repository root:  python scripts/build_shenmu.py [--check]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from kepu_plan import Action, Duty, Plan, Task, to_json  # noqa: E402

SEED = ROOT / "scripts" / "shenmu-seed.txt"
TARGET = ROOT / "src" / "kepu_plan" / "data" / "shenmu.json"
LEADS = re.compile(r"^(?P<name>.+?)（(?P<leads>[^（）]+)牵头）$")


def parse_rows(text: str) -> tuple[list[str], list[list[str]]]:
    """The title lines and the table rows (each a list of cell texts) of the seed."""
    # The seed ends with a line holding one space: a line of only spaces is a blank line.
    text = "\n".join("" if not line.strip() and "\t" not in line else line for line in text.split("\n"))
    head, _, body = text.partition("\n\n")
    rows: list[list[str]] = []
    for block in body.split("\n\n"):
        cells: list[str] = []
        for line in block.strip("\n").split("\n"):
            if line.startswith("\t"):
                cells.append(line[1:])
            elif cells:
                cells[-1] += "\n" + line
            elif line:
                raise SystemExit(f"a row starts without a cell: {line!r}")
        if cells:
            rows.append(cells)
    return head.split("\n"), rows


def build(text: str) -> Plan:
    title_lines, rows = parse_rows(text)
    label, *title = title_lines
    header, *body = rows
    assert [h.split("\n") for h in header] == [["重点行动", "重点工程"], ["主要任务"], ["主要内容"], ["负责单位"]], (
        header
    )
    actions: list[tuple[str, list[str], list[tuple[str, list[Duty]]]]] = []
    for cells in body:
        if len(cells) != 4:
            raise SystemExit(f"row with {len(cells)} cells: {cells!r}")
        action_cell, task_cell, content, units = cells
        if action_cell:
            match = LEADS.match(action_cell)
            assert match, action_cell
            name, leads = match["name"], match["leads"].split("、")
            if not actions or actions[-1][0] != name:  # a page-top repeat continues the action
                actions.append((name, leads, []))
            else:
                assert actions[-1][1] == leads
        tasks = actions[-1][2]
        if task_cell and (not tasks or tasks[-1][0] != task_cell):  # likewise for a repeated task
            tasks.append((task_cell, []))
        tasks[-1][1].append(Duty(content=content, units=units.split("\n") if units else ()))
    return Plan(
        label=label,
        title="".join(title),
        actions=[
            Action(name=name, leads=leads, tasks=[Task(name=t, duties=duties) for t, duties in tasks])
            for name, leads, tasks in actions
        ],
    )


def main() -> None:
    plan = build(SEED.read_text(encoding="utf-8"))
    counts = (len(plan.actions), len(plan.tasks), len(plan.duties), len(plan.units))
    assert counts == (10, 40, 112, 33), counts
    text = to_json(plan)
    if "--check" in sys.argv:
        if TARGET.read_text(encoding="utf-8") != text:
            raise SystemExit(f"{TARGET} is out of date: run python scripts/build_shenmu.py")
        print(f"{TARGET.relative_to(ROOT)} is up to date")
        return
    TARGET.write_text(text, encoding="utf-8")
    actions, tasks, duties, units = counts
    print(f"wrote {TARGET.relative_to(ROOT)}: {actions} actions, {tasks} tasks, {duties} duties, {units} units")


if __name__ == "__main__":
    main()
