"""Run every benchmark and print their ratios against the named anchors.

    python benchmarks/run.py            # everything (several minutes)
    python benchmarks/run.py docx json  # some of them: docx, xlsx, json, import, diff, targets, tracking, pdf

The machines are shared and noisy: each script compares side by side in one process (best of
several repeats, in CPU time, the garbage collector run before each), never against a stored time,
and prints each ratio beside its goal.  Each script runs in a fresh interpreter of its own, so that
the heap one benchmark leaves behind does not make the anchors or the library of the next one
faster or slower: after the DOCX and XLSX benchmarks in the same process, ``json.loads`` once ran
a third faster than alone while ``from_json`` did not, and their ratio read 4.04 instead of 2.7-2.9.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import time
from pathlib import Path

#: Each benchmark's name and the script that measures it.
BENCHMARKS = {
    "docx": "docx_bench",
    "xlsx": "xlsx_bench",
    "json": "json_bench",
    "import": "import_bench",
    "diff": "diff_bench",
    "targets": "targets_bench",
    "tracking": "tracking_bench",
    "pdf": "pdf_bench",
}
_HERE = "--in-this-process"


def main(names: list[str]) -> int:
    if names[:1] == [_HERE]:  # the child: one benchmark, measured in this interpreter
        importlib.import_module(BENCHMARKS[names[1]]).run()
        return 0
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        raise SystemExit(f"unknown benchmark {unknown[0]!r}; choose from {', '.join(BENCHMARKS)}")
    failed = []
    for name in names or list(BENCHMARKS):
        print(f"== {name} ==", flush=True)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, str(Path(__file__).resolve()), _HERE, name], check=False)
        if done.returncode:
            failed.append(name)
            print(f"(benchmark {name} failed with exit code {done.returncode})", flush=True)
        print(f"({time.perf_counter() - start:.0f} s)\n", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
