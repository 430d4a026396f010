"""The cost of ``import kepu_plan``, in fresh interpreters, as a ratio (not a timed test).

Run ``python benchmarks/import_bench.py``.  Each import runs in a new interpreter (an import is
done once per process, so timing it twice in one would time a dictionary lookup), several times,
keeping the shortest:

* ``import kepu_plan`` against ``import openpyxl`` (goal: at most 0.5), both less the cost of
  starting an interpreter that imports nothing (``python -c pass``), measured alike;
* the same by ``python -X importtime``'s own count of the module's cumulative import time;
* for reference, what using the package costs on top: ``kp.read`` (the reading facade), and
  ``kp.Plan`` (the model).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import _common

SRC = str(Path(__file__).resolve().parent.parent / "src")


def fresh(code: str, repeats: int) -> float:
    """The shortest wall time of ``repeats`` fresh interpreters running ``code``, in seconds."""
    env = {**os.environ, "PYTHONPATH": SRC}
    shortest = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True)
        shortest = min(shortest, time.perf_counter() - start)
    return shortest


def run() -> list[tuple[str, float]]:
    """Time everything, print the ratios beside their goals and return them as (name, ratio) pairs."""
    ratios: list[tuple[str, float]] = []

    def report(name: str, ratio: float, goal: str) -> None:
        _common.report(ratios, name, ratio, goal)

    repeats = 15
    empty = fresh("pass", repeats)
    ours = fresh("import kepu_plan", repeats) - empty
    openpyxl = fresh("import openpyxl", repeats) - empty
    reading = fresh("import kepu_plan; kepu_plan.read", repeats) - empty
    model = fresh("import kepu_plan; kepu_plan.Plan", repeats) - empty
    print(f"{'ratio (time / time)':<62} {'x':>8}")
    report("import kepu_plan / import openpyxl (fresh processes)", ours / openpyxl, "goal <= 0.5")
    report(
        "the same, by -X importtime",
        _importtime("kepu_plan", repeats) / _importtime("openpyxl", repeats),
        "goal <= 0.5",
    )
    report("import kepu_plan + kp.read / import openpyxl", reading / openpyxl, "reference")
    report("import kepu_plan + kp.Plan / import openpyxl", model / openpyxl, "reference")
    print(f"(import kepu_plan {ours * 1e3:.1f} ms, openpyxl {openpyxl * 1e3:.1f} ms, interpreter {empty * 1e3:.1f} ms)")
    return ratios


def _importtime(module: str, repeats: int) -> float:
    """The shortest cumulative import time of ``module`` that ``-X importtime`` reports, in seconds."""
    shortest = float("inf")
    for _ in range(repeats):
        env = {**os.environ, "PYTHONPATH": SRC}
        log = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stderr
        for line in log.splitlines():
            parts = [part.strip() for part in line.split("|")]
            if len(parts) == 3 and parts[2] == module:
                shortest = min(shortest, int(parts[1]) / 1e6)
    return shortest


if __name__ == "__main__":
    run()
