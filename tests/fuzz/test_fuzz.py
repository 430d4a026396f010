"""Mutated real inputs give a plan or a KepuPlanError: never another exception, never a hang.

The CI-sized run reads 3,000 mutated inputs (``KEPU_PLAN_FUZZ_CASES`` changes the number) and
prints one summary line; ``python scripts/fuzz.py --cases N`` runs any number.  See
``tests/fuzz/engine.py`` for the inputs and the mutations.
"""

from __future__ import annotations

import functools
import io
import os
import random
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kepu_plan as kp
from _support import load_script
from kepu_plan.formats import docx as docx_format
from kepu_plan.formats.docx import reading as docx_reading

engine = load_script(Path(__file__).with_name("engine.py"), "kepu_plan_fuzz_engine")
CASES = int(os.environ.get("KEPU_PLAN_FUZZ_CASES", "3000"))
#: Seconds one input may take; real inputs take milliseconds.
TIME_LIMIT = 10.0


@functools.cache
def inputs() -> list[Any]:
    seeds: list[Any] = engine.seeds()
    return seeds


def test_the_inputs_are_the_fixtures_our_outputs_and_the_other_layouts() -> None:
    names = [seed.name for seed in inputs()]
    assert "tests/data/shenmu-libreoffice.docx" in names
    assert "tests/data/shenmu-libreoffice.xlsx" in names
    for layout in ("shenmu", "sections", "lead_columns", "marked"):
        for fmt in ("docx", "xlsx", "json"):
            assert f"{layout}.{fmt}" in names
    for seed in inputs():  # every input, unmutated, is read as a plan
        assert engine.judge(seed.data, seed.format, TIME_LIMIT) == ("plan", None), seed.name


def test_a_few_thousand_mutated_inputs_give_a_plan_or_a_kepu_plan_error(capsys: pytest.CaptureFixture[str]) -> None:
    summary = engine.run(CASES, seed=0, time_limit_s=TIME_LIMIT, inputs=inputs())
    with capsys.disabled():
        print(f"\n{summary.line()}")
    failures = "\n\n".join(str(failure) for failure in summary.failures[:5])
    assert not summary.failures, f"{len(summary.failures)} failures, the first:\n{failures}"
    assert summary.cases == CASES
    # The mutations reach both outcomes and every mutation runs.
    if CASES >= 1000:
        assert summary.outcomes["plan"] > CASES // 10
        assert sum(count for outcome, count in summary.outcomes.items() if outcome != "plan") > CASES // 10
        assert summary.outcomes["LimitExceeded"] > 0
        expected = {
            *(f.__name__ for f in engine.BYTE_MUTATIONS),
            *(f.__name__ for f in engine.PACKAGE_MUTATIONS),
            *(f.__name__ for fs in engine.XML_TREE_MUTATIONS.values() for f in fs),
            *(f.__name__ for f in engine.XML_TEXT_MUTATIONS),
            "patch_directory",
        }
        assert expected <= set(summary.mutations)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_truncation_at_every_zip_part_boundary_is_a_read_error(fmt: str) -> None:
    tried = 0
    for seed in inputs():
        if seed.format != fmt:
            continue
        for cut in engine.boundaries(seed.data):
            outcome, problem = engine.judge(seed.data[:cut], fmt, TIME_LIMIT)
            assert problem is None, f"{seed.name} cut at {cut}: {problem}"
            assert outcome == ("plan" if cut == len(seed.data) else "ReadError"), f"{seed.name} cut at {cut}"
            tried += 1
    assert tried > 100


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_each_member_removed_or_duplicated_gives_a_plan_or_a_read_error(fmt: str) -> None:
    seed = next(seed for seed in inputs() if seed.name == f"shenmu.{fmt}")
    members = engine.unzip(seed.data)
    for i in range(len(members)):
        for changed in (members[:i] + members[i + 1 :], [*members[: i + 1], members[i], *members[i + 1 :]]):
            outcome, problem = engine.judge(engine.rezip(changed), fmt, TIME_LIMIT)
            assert problem is None, f"member {members[i][0]}: {problem}"
            assert outcome in ("plan", "ReadError", "LayoutError"), outcome


@given(index=st.integers(min_value=0), rng=st.randoms(use_true_random=False))
@settings(max_examples=60)
def test_hypothesis_chosen_mutations_give_a_plan_or_a_kepu_plan_error(index: int, rng: random.Random) -> None:
    seed = inputs()[index % len(inputs())]
    data, applied = engine.mutate(rng, seed)
    _, problem = engine.judge(data, seed.format, TIME_LIMIT)
    assert problem is None, f"{seed.name}; {', '.join(applied)}: {problem}"


def _document_or_error(data: bytes) -> object:
    try:
        return docx_format.document_from_docx(io.BytesIO(data), "t.docx")
    except kp.KepuPlanError as error:
        return f"{type(error).__name__}: {error}"


def test_mutated_docx_inputs_read_the_same_skimmed_and_whole() -> None:
    """The skimming before parsing changes nothing a reader sees: where the whole part reads, the
    skimmed one reads the same; where it fails, the skimmed one fails the same way, or reads when
    the damage lies inside a cut formatting element (documented).  The mutations that cut, nest
    or tear the XML make the skimmed and the whole part fail alike."""
    rng = random.Random(7)
    docx_seeds = [seed for seed in inputs() if seed.format == "docx"]
    agreed = read_anyway = 0
    for _ in range(400):
        data, applied = engine.mutate(rng, rng.choice(docx_seeds))
        skimmed = _document_or_error(data)
        with mock.patch.object(docx_reading, "_skim", lambda xml: xml):
            whole = _document_or_error(data)
        if skimmed == whole:
            agreed += 1
        else:
            assert isinstance(whole, str), f"{', '.join(applied)}: skimmed {skimmed!r}"
            assert not isinstance(skimmed, str), f"{', '.join(applied)}: {skimmed} / {whole}"
            read_anyway += 1
    assert agreed > 350, (agreed, read_anyway)


def test_the_coverage_guided_engine_runs_and_finds_nothing_in_a_short_session() -> None:
    pytest.importorskip("atheris")
    script = Path(__file__).resolve().parents[2] / "scripts" / "fuzz.py"
    done = subprocess.run(
        [sys.executable, str(script), "--engine", "atheris", "--", "-atheris_runs=300", "-seed=1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Done 300 " in done.stderr
    # Coverage guides it: the fuzzer keeps inputs that reach new code in kepu_plan.
    assert re.search(r"NEW +cov: \d+", done.stderr), done.stderr[-2000:]


# --- the judge itself ---------------------------------------------------------------------------------


def test_the_judge_counts_a_bare_exception_as_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(stream: object, *args: object, **options: object) -> kp.Plan:
        raise IndexError("a reader bug")

    monkeypatch.setattr(docx_format, "document_from_docx", broken)
    outcome, problem = engine.judge(inputs()[0].data, "docx", TIME_LIMIT)
    assert outcome == "!IndexError"
    assert problem is not None
    assert "a reader bug" in problem


def test_the_judge_stops_a_hanging_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    steps: list[str] = []

    def slow(stream: object, *args: object, **options: object) -> kp.Plan:
        try:
            for _ in range(3_000):  # 30 s in small steps, unless it is stopped
                time.sleep(0.01)
                steps.append("step")
        except BaseException as error:
            steps.append(type(error).__name__)
            raise
        steps.append("finished")
        raise AssertionError("not stopped")

    monkeypatch.setattr(docx_format, "document_from_docx", slow)
    assert engine.judge(b"", "docx", 0.3)[0] == "hang"
    assert steps[-1] == "Hang"  # stopped in the middle, by the judge's own time limit
    assert "finished" not in steps


def test_a_last_resort_error_is_counted_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    from kepu_plan import layout

    def broken(document: object, **options: object) -> kp.Plan:
        raise KeyError(3)

    monkeypatch.setattr(layout, "plan_from_document", broken)
    outcome, problem = engine.judge(inputs()[0].data, "docx", TIME_LIMIT)
    assert problem is None
    assert outcome == "ReadError(last resort: KeyError)"


def test_the_same_seed_mutates_the_same_way() -> None:
    seed = inputs()[0]
    first = engine.mutate(random.Random("7:7"), seed)
    again = engine.mutate(random.Random("7:7"), seed)
    assert first == again


# --- what the fuzzer found ------------------------------------------------------------------------------


def narrow_continuation() -> bytes:
    """A table whose continuation on the next page (a second table) has one column fewer."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def row(*texts: str) -> str:
        return "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>" for t in texts) + "</w:tr>"

    body = (
        "<w:tbl>"
        + row("重点行动", "主要任务", "主要内容", "负责单位")
        + row("甲行动", "任务", "内容", "市科协")
        + "</w:tbl>"
        "<w:p/><w:tbl>" + row("甲行动", "任务", "内容二") + "</w:tbl>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>')
    return buffer.getvalue()


def test_a_continuation_table_narrower_than_the_header_reads_its_missing_cells_as_empty() -> None:
    plan = kp.read_docx(io.BytesIO(narrow_continuation()))
    (duty, second) = plan.duties
    assert (duty.content, [u.name for u in duty.units]) == ("内容", ["市科协"])
    assert (second.content, second.units) == ("内容二", ())
