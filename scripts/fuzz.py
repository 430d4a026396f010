"""Fuzz the readers: mutated real inputs must give a plan or a KepuPlanError, never anything else.

    python scripts/fuzz.py --cases 100000               # seeded random mutations (the default engine)
    python scripts/fuzz.py --cases 5000 --engine hypothesis   # Hypothesis chooses (and shrinks) them
    python scripts/fuzz.py --engine atheris -- -atheris_runs=100000   # coverage-guided, if installed

Prints the number of inputs tried and the outcome counts (plans, KepuPlanErrors by class, other
exceptions, hangs) as the CI test does, then each failure; ``--save DIR`` keeps the failing
inputs.  Exits 1 when anything failed.  The inputs and mutations are in ``tests/fuzz/engine.py``.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import pkgutil
import random
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def load_engine() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kepu_plan_fuzz_engine", ROOT / "tests" / "fuzz" / "engine.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def run_random(engine: ModuleType, args: argparse.Namespace) -> object:
    def progress(summary: object) -> None:
        print(f"  … {summary.line()}", file=sys.stderr, flush=True)  # type: ignore[attr-defined]

    return engine.run(args.cases, seed=args.seed, time_limit_s=args.time_limit, progress=progress)


def run_hypothesis(engine: ModuleType, args: argparse.Namespace) -> object:
    import time

    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    inputs = engine.seeds()
    summary = engine.Summary(seed=args.seed)
    start = time.perf_counter()

    @settings(
        max_examples=args.cases,
        database=None,
        deadline=None,
        derandomize=True,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(index=st.integers(0, len(inputs) - 1), rng=st.randoms(use_true_random=False))
    def one(index: int, rng: random.Random) -> None:
        seed = inputs[index]
        data, applied = engine.mutate(rng, seed)
        began = time.perf_counter()
        outcome, problem = engine.judge(data, seed.format, args.time_limit)
        summary.slowest = max(summary.slowest, time.perf_counter() - began)
        summary.cases += 1
        summary.outcomes[outcome] += 1
        summary.mutations.update(applied)
        if problem is not None:
            summary.failures.append(engine.Failure(summary.cases, seed.name, applied, problem, data))
            raise AssertionError(f"{seed.name}; {', '.join(applied)}: {problem}")

    try:
        one()
    except AssertionError as error:
        print(f"Hypothesis found (and shrank) a failure: {error}", file=sys.stderr)
    summary.seconds = time.perf_counter() - start
    return summary


def run_atheris(args: argparse.Namespace, rest: list[str]) -> None:
    try:
        import atheris  # type: ignore[import-not-found]
    except ImportError:
        print("atheris is not installed (pip install atheris); use --engine random or hypothesis", file=sys.stderr)
        raise SystemExit(2) from None
    # Coverage guides atheris only through instrumented code: kepu_plan's modules, all of them
    # imported here (some are imported lazily otherwise), and not the libraries, which would take
    # half a minute to instrument and add noise.
    with atheris.instrument_imports(include=["kepu_plan"]):
        import kepu_plan

        for module in pkgutil.walk_packages(kepu_plan.__path__, "kepu_plan."):
            if not module.name.endswith(".__main__"):  # that one runs the command line
                importlib.import_module(module.name)
        engine = load_engine()
    inputs = engine.seeds()

    def one(data: bytes) -> None:
        provider = atheris.FuzzedDataProvider(data)
        seed = inputs[provider.ConsumeIntInRange(0, len(inputs) - 1)]
        mutated, applied = engine.mutate(random.Random(provider.ConsumeBytes(16)), seed)
        _, problem = engine.judge(mutated, seed.format, args.time_limit)
        if problem is not None:
            raise AssertionError(f"{seed.name}; {', '.join(applied)}: {problem}")

    atheris.Setup([sys.argv[0], *rest], one)
    atheris.Fuzz()


def main() -> int:
    argv = sys.argv[1:]
    rest: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, rest = argv[:at], argv[at + 1 :]
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000, help="how many inputs to try (default 10,000)")
    parser.add_argument("--seed", type=int, default=0, help="the random seed (default 0)")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds one input may take (default 10)")
    parser.add_argument("--engine", choices=("random", "hypothesis", "atheris"), default="random")
    parser.add_argument("--save", type=Path, help="a folder to keep failing inputs in")
    args = parser.parse_args(argv)
    if args.engine == "atheris":
        run_atheris(args, rest)
        return 0
    engine = load_engine()
    summary = run_hypothesis(engine, args) if args.engine == "hypothesis" else run_random(engine, args)
    print(summary.line())  # type: ignore[attr-defined]
    for case in summary.last_resort:  # type: ignore[attr-defined]
        print(f"caught only by a reader's last resort: {case}")
    failures = summary.failures  # type: ignore[attr-defined]
    for failure in failures:
        print(f"\n{failure}")
    if args.save is not None and failures:
        args.save.mkdir(parents=True, exist_ok=True)
        for failure in failures:
            suffix = Path(failure.seed).suffix or ".bin"
            (args.save / f"case-{args.seed}-{failure.case}{suffix}").write_bytes(failure.data)
        print(f"\nfailing inputs saved in {args.save}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
