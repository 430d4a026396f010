"""JSON reading and writing speed and memory, as ratios measured in one process (not a timed test).

Run ``python benchmarks/json_bench.py``.  For a plan of 10,000 duties (the Shenmu actions repeated)
it times:

* ``kp.from_json`` against ``json.loads`` of the same text (goal: at most 4; the plan is validated
  all the same, and a wrong field is still refused with its path);
* ``kp.to_json`` against ``json.dumps`` of the same data with the same indentation (goal: at most 1.5);
* scaling: 10,000 duties over 1,000 (linear is about 10; goal at most 12);
* the peak memory of each at 10,000 duties (tracemalloc), against the size of the text.

CPU time, best of several repeats, the garbage collector run before each.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _common import best, peak_memory, report, scaled_plan

import kepu_plan as kp

MiB = 1024 * 1024


def run() -> list[tuple[str, float]]:
    """Time everything, print the ratios beside their goals and return them as (name, ratio) pairs."""
    ratios: list[tuple[str, float]] = []
    big, small = scaled_plan(10_000), scaled_plan(1_000)
    big_text, small_text = kp.to_json(big), kp.to_json(small)
    data = json.loads(big_text)
    assert kp.from_json(big_text) == big
    assert json.dumps(data, ensure_ascii=False, indent=2) + "\n" == big_text

    loads = best(lambda: json.loads(big_text), 15)
    dumps = best(lambda: json.dumps(data, ensure_ascii=False, indent=2), 10)
    read = best(lambda: kp.from_json(big_text), 15)
    write = best(lambda: kp.to_json(big), 10)
    print(f"{'ratio (time / time)':<62} {'x':>8}")
    report(ratios, "from_json / json.loads, 10,000 duties", read / loads, "goal <= 4")
    report(ratios, "to_json / json.dumps (indent=2), 10,000 duties", write / dumps, "goal <= 1.5")
    small_read = best(lambda: kp.from_json(small_text), 30)
    report(ratios, "scale from_json 10,000 / 1,000 duties", read / small_read, "goal <= 12")
    report(ratios, "scale to_json   10,000 / 1,000 duties", write / best(lambda: kp.to_json(small), 30), "goal <= 12")
    # For comparison: the anchors' own scaling on this machine (memory and cache effects, no algorithm).
    small_data = json.loads(small_text)
    small_loads = best(lambda: json.loads(small_text), 30)
    report(ratios, "scale json.loads 10,000 / 1,000 duties", loads / small_loads)
    # from_json's own work, beyond the parse it shares with json.loads: how it grows without the
    # parse's cache effects.
    report(
        ratios, "scale from_json minus json.loads 10,000 / 1,000 duties", (read - loads) / (small_read - small_loads)
    )
    report(
        ratios,
        "scale json.dumps 10,000 / 1,000 duties",
        dumps / best(lambda: json.dumps(small_data, ensure_ascii=False, indent=2), 30),
    )
    size = len(big_text.encode("utf-8"))
    read_peak = peak_memory(lambda: kp.from_json(big_text))
    write_peak = peak_memory(lambda: kp.to_json(big))
    report(ratios, "peak memory from_json, 10,000 duties / JSON size", read_peak / size, "reference")
    report(ratios, "peak memory to_json,   10,000 duties / JSON size", write_peak / size, "reference")
    print(
        f"(from_json {read * 1e3:.1f} ms, json.loads {loads * 1e3:.1f} ms, to_json {write * 1e3:.1f} ms, "
        f"json.dumps {dumps * 1e3:.1f} ms; JSON {size / MiB:.1f} MiB, peak memory reading "
        f"+{read_peak / MiB:.0f} MiB, writing +{write_peak / MiB:.0f} MiB)"
    )
    return ratios


if __name__ == "__main__":
    run()
