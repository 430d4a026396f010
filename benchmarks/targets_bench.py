"""Target-finding speed, as a ratio measured in one process (not a timed test).

Run ``python benchmarks/targets_bench.py``.  It times ``find_targets`` over the contents of all 112
duties of the Shenmu plan (the cache cleared before each repeat) against ``kp.read_docx`` reading the
same table from ``tests/data/shenmu-libreoffice.docx``.  Each time is the best of several repeats.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _common import best

import kepu_plan as kp
from kepu_plan.targets import find_targets

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "data" / "shenmu-libreoffice.docx"


def run() -> float:
    """Print the times and return the ratio: find_targets over 112 duties / read_docx of the table."""
    contents = [duty.content for duty in kp.examples.shenmu().duties]
    data = FIXTURE.read_bytes()

    def find_all() -> int:
        find_targets.cache_clear()
        return sum(len(find_targets(content)) for content in contents)

    assert find_all() == 17
    targets_time = best(find_all, 50)
    read_time = best(lambda: kp.read_docx(io.BytesIO(data)), 30)
    ratio = targets_time / read_time
    print(f"find_targets, {len(contents)} duties: {targets_time * 1000:8.2f} ms")
    print(f"read_docx, Shenmu fixture:   {read_time * 1000:8.2f} ms")
    print(f"ratio (targets / read_docx): {ratio:8.3f}")
    return ratio


if __name__ == "__main__":
    run()
