"""The HTML report: self-contained, with the lists a person acts on, and drawn right by a real browser."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kepu_plan.errors import OptionError
from kepu_plan.tracking import write_report
from kepu_plan.tracking.report_docx import write_report_docx
from kepu_plan.tracking.report_html import CHART_WIDTH, report_html
from kepu_plan.tracking.summary import LedgerMismatch


def test_the_report_is_one_file_without_scripts_or_outside_resources(shenmu_ledger: Any) -> None:
    page = report_html([shenmu_ledger()])
    assert "<script" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "@import" not in page
    assert "url(" not in page
    assert page.count('<svg class="chart" data-chart=') == 2
    assert '"方正小标宋简体"' in page
    assert "sans-serif" in page
    assert "@media print" in page


def test_the_report_lists_missing_units_lagging_duties_and_targets_behind_pace(shenmu_ledger: Any) -> None:
    page = report_html([shenmu_ledger(silent=("市气象局", "市林业局"))])
    missing = re.search(r'<ul class="units">(.*?)</ul>', page)
    assert missing is not None
    assert missing[1] == "<li>市气象局</li><li>市林业局</li>"
    attention = re.search(r'<table class="attention">.*?</table>', page)
    assert attention is not None
    assert attention[0].count("<tr>") == 1 + sum(
        1
        for duty in shenmu_ledger(silent=("市气象局", "市林业局")).duties
        for report in duty.reports
        if report.status is not None and report.status.value in ("滞后", "未启动")
    )
    assert '<table class="behind">' in page


def test_several_ledgers_show_each_targets_path_and_must_be_of_one_plan(shenmu_ledger: Any, tmp_path: Path) -> None:
    ledgers = [shenmu_ledger("2023年", shift=1), shenmu_ledger("2022年", shift=2), shenmu_ledger("2024年")]
    write_report(ledgers, tmp_path / "进展.html")
    page = (tmp_path / "进展.html").read_text(encoding="utf-8")
    assert page.count('class="chart trend" data-points="3"') == 17
    assert "台账：2022年、2023年、2024年" in page
    other = shenmu_ledger("2021年").__class__(plan="另一份", fingerprint="0" * 16, period="2021年", units=[], duties=[])
    with pytest.raises(LedgerMismatch, match="这些台账属于不同的分工表"):
        write_report([*ledgers, other], tmp_path / "x.html")


@pytest.mark.parametrize("name", ["进展.html", "进展.docx"])
def test_a_report_of_no_ledger_is_an_option_error_and_writes_nothing(tmp_path: Path, name: str) -> None:
    with pytest.raises(OptionError) as caught:
        write_report([], tmp_path / name)
    assert isinstance(caught.value, ValueError)
    assert (str(caught.value), caught.value.code) == ("进展报告至少需要一份台账", "option")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("english")
def test_each_report_writer_refuses_no_ledger_in_the_readers_language() -> None:
    with pytest.raises(OptionError, match=r"^a report needs at least one ledger$"):
        report_html([])
    with pytest.raises(OptionError, match=r"^a report needs at least one ledger$"):
        write_report_docx([], io.BytesIO())


# --- in a real browser -------------------------------------------------------------------------

_CHROMIUM = next((found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None)
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)

#: Appended to a copy of the report (the report itself has no script): measures what the browser drew.
_MEASURE = """<script>
const out = {charts: [], bars: [], targets: [], texts: [], overflowing: []};
for (const svg of document.querySelectorAll('svg.chart[data-chart]')) {
  const box = svg.getBoundingClientRect();
  out.charts.push({name: svg.dataset.chart, width: box.width, height: box.height,
                   attrHeight: Number(svg.getAttribute('height')), scale: Number(svg.dataset.scale)});
  for (const rect of svg.querySelectorAll('rect.bar')) {
    out.bars.push({chart: svg.dataset.chart, count: Number(rect.dataset.count), scale: Number(svg.dataset.scale),
                   width: rect.getBoundingClientRect().width});
  }
  for (const text of svg.querySelectorAll('text')) {
    const b = text.getBBox();
    out.texts.push({left: b.x, right: b.x + b.width, width: Number(svg.getAttribute('width')), text: text.textContent});
  }
}
for (const svg of document.querySelectorAll('svg.target')) {
  const box = svg.getBoundingClientRect();
  out.targets.push({width: box.width, height: box.height});
}
for (const el of document.querySelectorAll('main *:not(svg):not(svg *)')) {
  const boxes = ['TD', 'TH', 'P', 'H1', 'H2', 'H3', 'LI', 'DIV'];
  if (el.clientWidth && el.scrollWidth > el.clientWidth + 1 && boxes.includes(el.tagName))
    out.overflowing.push(el.tagName + ': ' + el.textContent.slice(0, 40));
}
out.pageWidth = document.documentElement.scrollWidth;
out.viewWidth = window.innerWidth;
const pre = document.createElement('pre'); pre.id = 'measured'; pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>"""


def _chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert _CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [_CHROMIUM, *_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=True,
        )


@pytest.mark.skipif(_CHROMIUM is None, reason="Chromium is not installed")
def test_chromium_draws_the_charts_at_their_sizes_without_overflowing_text(shenmu_ledger: Any, tmp_path: Path) -> None:
    page = report_html([shenmu_ledger("2023年", shift=1), shenmu_ledger("2024年")])
    report = tmp_path / "report.html"
    report.write_text(page, encoding="utf-8")
    shot = tmp_path / "report.png"
    _chromium("--window-size=1280,2400", f"--screenshot={shot}", report.as_uri())
    width, height = struct.unpack(">II", shot.read_bytes()[16:24])
    assert (width, height) == (1280, 2400)

    measuring = tmp_path / "measure.html"
    measuring.write_text(page.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    dom = _chromium("--window-size=1280,2400", "--dump-dom", measuring.as_uri()).stdout
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    assert found is not None
    measured = json.loads(found[1].replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))

    assert [chart["name"] for chart in measured["charts"]] == ["actions", "units"]
    for chart in measured["charts"]:
        assert chart["width"] == pytest.approx(CHART_WIDTH, abs=0.5)
        assert chart["height"] == pytest.approx(chart["attrHeight"], abs=0.5)
    counts = {"actions": 0, "units": 0}
    for bar in measured["bars"]:
        assert bar["width"] == pytest.approx(bar["count"] * bar["scale"], abs=0.5)
        counts[bar["chart"]] += bar["count"]
    assert counts["actions"] == 112
    assert len(measured["texts"]) > 2 * 10
    assert len(measured["targets"]) == 17
    for target in measured["targets"]:
        assert (target["width"], target["height"]) == (pytest.approx(200, abs=0.5), pytest.approx(14, abs=0.5))
    for text in measured["texts"]:
        assert text["left"] >= -0.5, text
        assert text["right"] <= text["width"] + 0.5, text
    assert measured["overflowing"] == []
    assert measured["pageWidth"] <= measured["viewWidth"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_ledger_gives_a_report_in_both_forms_with_its_texts_escaped(data: Any, any_ledger: Any) -> None:
    ledger = data.draw(any_ledger)
    page = report_html([ledger])
    assert page.count("<main>") == 1
    assert "<script" not in page.lower().replace("&lt;script", "")
    for duty in ledger.duties:
        for report in duty.reports:
            if report.status is not None and report.status.value in ("滞后", "未启动") and report.progress:
                assert html.escape(report.progress, quote=True) in page
    stream = io.BytesIO()
    write_report_docx([ledger], stream)
    assert stream.getvalue()[:2] == b"PK"
