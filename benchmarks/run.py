"""Run every benchmark in one process and print their ratios against the named anchors.

    python benchmarks/run.py            # everything (several minutes)
    python benchmarks/run.py docx json  # some of them: docx, xlsx, json, import, diff, targets, tracking, pdf

The machines are shared and noisy: each script compares side by side in this one run (best of
several repeats, in CPU time, the garbage collector run before each), never against a stored time,
and prints each ratio beside its goal.
"""

from __future__ import annotations

import sys
import time

import diff_bench
import docx_bench
import import_bench
import json_bench
import pdf_bench
import targets_bench
import tracking_bench
import xlsx_bench

BENCHMARKS = {
    "docx": docx_bench.run,
    "xlsx": xlsx_bench.run,
    "json": json_bench.run,
    "import": import_bench.run,
    "diff": diff_bench.run,
    "targets": targets_bench.run,
    "tracking": tracking_bench.run,
    "pdf": pdf_bench.run,
}


def main(names: list[str]) -> None:
    for name in names or list(BENCHMARKS):
        if name not in BENCHMARKS:
            raise SystemExit(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
        print(f"== {name} ==", flush=True)
        start = time.perf_counter()
        BENCHMARKS[name]()
        print(f"({time.perf_counter() - start:.0f} s)\n", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
