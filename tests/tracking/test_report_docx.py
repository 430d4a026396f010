"""The DOCX report: the HTML report's content in the official fonts, with the charts as pictures."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn

from kepu_plan.tracking import write_report
from kepu_plan.tracking.report_docx import write_report_docx


def _document(ledgers: list[Any]) -> Any:
    stream = io.BytesIO()
    write_report_docx(ledgers, stream)
    stream.seek(0)
    return Document(stream)


def test_the_docx_report_has_the_four_parts_in_the_official_fonts(shenmu_ledger: Any) -> None:
    document = _document([shenmu_ledger()])
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[1] == "2024年任务进展情况报告"
    headings = [text for text in texts if text[:2] in ("一、", "二、", "三、", "四、")]
    assert headings == ["一、各行动和工程的完成情况", "二、各单位的完成情况", "三、指标完成情况", "四、需要关注的事项"]
    title = document.paragraphs[1].runs[0]
    assert title.font.size.pt == 22
    assert title.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    heading = next(p for p in document.paragraphs if p.text.startswith("一、")).runs[0]
    assert heading.element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)


def test_the_charts_are_pictures_one_bar_per_action_unit_and_target(shenmu_ledger: Any) -> None:
    ledger = shenmu_ledger()
    document = _document([ledger])
    pictures = document.inline_shapes
    assert len(pictures) == 10 + len(ledger.units) + 17
    first = document.part.related_parts[pictures[0]._inline.graphic.graphicData.pic.blipFill.blip.embed]
    assert first.blob[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_missing_units_and_the_periods_of_several_ledgers_are_in_the_docx(
    shenmu_ledger: Any, tmp_path: Path
) -> None:
    write_report([shenmu_ledger("2024年"), shenmu_ledger("2023年", shift=1)], tmp_path / "进展.docx")
    document = Document(str(tmp_path / "进展.docx"))
    assert "市气象局。" in [paragraph.text for paragraph in document.paragraphs]
    targets = document.tables[2]
    assert targets.rows[0].cells[3].text == "完成"
    assert targets.rows[1].cells[3].text.startswith("2023年：")
