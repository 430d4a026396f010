"""The progress report as DOCX: the HTML report's content in the official style, charts as pictures.

A4 portrait with the GB/T 9704 margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm), the
title in 方正小标宋简体 二号, headings in 黑体 三号, text in 仿宋_GB2312 and tables in 仿宋_GB2312 小四
(the fonts of :class:`~kepu_plan.formats.docx.DocxStyle`).  Each chart is a borderless table: the
label as text, the bar as a PNG picture, the count as text.
"""

from __future__ import annotations

import io
import os
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, BinaryIO, Final

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from kepu_plan.formats.docx import DocxStyle
from kepu_plan.tracking._output import write_to
from kepu_plan.tracking._png import bar_png, target_png
from kepu_plan.tracking._sheets import figure_text
from kepu_plan.tracking.model import Ledger, Status
from kepu_plan.tracking.report_html import planned_text
from kepu_plan.tracking.summary import (
    SEGMENTS,
    Pace,
    action_counts,
    attainment,
    last_ledger,
    needs_attention,
    pace,
    percent,
    status_counts,
    target_series,
)

__all__ = ["write_report_docx"]

_STYLE: Final = DocxStyle()
_TEXT_SIZE: Final = 16.0  # 三号, the body text of GB/T 9704
_TABLE_SIZE: Final = 12.0  # 小四
_BAR_PIXELS: Final = (600, 24)
_TARGET_PIXELS: Final = (300, 18)


def _font(run: Any, name: str, size: float, *, bold: bool = False, colour: str | None = None) -> None:
    run.font.name = _STYLE.latin_font
    run.font.size = Pt(size)
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(container: Any, text: str, *, font: str = _STYLE.body_font, size: float = _TEXT_SIZE,
               bold: bool = False, align: Any = None, colour: str | None = None) -> Any:  # fmt: skip
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    _font(paragraph.add_run(text), font, size, bold=bold, colour=colour)
    return paragraph


def _cell_text(cell: Any, text: str, *, bold: bool = False, align: Any = None) -> None:
    paragraph = cell.paragraphs[0]
    if align is not None:
        paragraph.alignment = align
    font = _STYLE.header_font if bold else _STYLE.body_font
    for i, line in enumerate(text.split("\n")):
        run = paragraph.add_run()
        if i:
            run.add_break()
        run.add_text(line)
        _font(run, font, _TABLE_SIZE)


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(document: Any, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> Any:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, header, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            _cell_text(cell, value)
    _widths(table, widths)
    return table


def _widths(table: Any, widths: Sequence[float]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)  # the grid, which LibreOffice and WPS go by
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)


def _legend(document: Any) -> None:
    paragraph = document.add_paragraph()
    for _, label, colour in SEGMENTS:
        _font(paragraph.add_run("■"), _STYLE.body_font, _TABLE_SIZE, colour=colour)
        _font(paragraph.add_run(f"{label}　"), _STYLE.body_font, _TABLE_SIZE)


def _bars(document: Any, rows: Sequence[tuple[str, Counter[Status | None]]]) -> None:
    _legend(document)
    largest = max((sum(counts.values()) for _, counts in rows), default=0) or 1
    width, height = _BAR_PIXELS
    table = document.add_table(rows=0, cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, counts in rows:
        cells = table.add_row().cells
        _cell_text(cells[0], label, align=WD_ALIGN_PARAGRAPH.RIGHT)
        segments = [
            (counts.get(status, 0) * (width - 4) / largest, colour)
            for status, _, colour in SEGMENTS
            if counts.get(status, 0)
        ]
        picture = bar_png(segments, width=width, height=height)
        cells[1].paragraphs[0].add_run().add_picture(io.BytesIO(picture), width=Mm(66))
        total = sum(counts.values())
        done = counts.get(Status.DONE, 0)
        _cell_text(cells[2], f"{total} 项，完成 {percent(Decimal(done) / total)}" if total else "0 项")
    _widths(table, (46, 70, 40))


def _target_picture(item: Pace) -> bytes:
    width, height = _TARGET_PIXELS
    planned = Decimal(item.target.quantity)
    actual = Decimal(item.actual) if item.actual is not None else Decimal(0)
    scale = Decimal(width - 4) / max(planned, actual, Decimal(1))
    return target_png(
        planned=float(planned * scale),
        actual=float(actual * scale),
        expected=float(item.expected * scale),
        colour="#d64545" if item.behind else "#3a9d5d",
        width=width,
        height=height,
    )


def _figure(value: int | Decimal | None) -> str:
    return "—" if value is None else figure_text(value)


def _targets(document: Any, ledgers: Sequence[Ledger], paces: Sequence[Pace]) -> None:
    if not paces:
        _paragraph(document, "分工表中没有数量指标。")
        return
    _paragraph(
        document,
        "条形为完成值（绿色：达到应有进度；红色：未达到），浅色底为计划值，竖线为到本期应达到的进度。几个单位报送同一指标时取最大值。",
        size=_TABLE_SIZE,
    )
    series = target_series(ledgers) if len(ledgers) > 1 else []
    headers = ["序号", "指标", "计划", "完成", "完成与进度", "达成率"]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, header, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _repeat_header(table.rows[0])
    for i, item in enumerate(paces):
        rate = attainment(item.target.quantity, item.actual)
        done = _figure(item.actual)
        if series:
            done = "\n".join(f"{p}：{_figure(v)}" for p, v in zip(series[i].periods, series[i].figures, strict=True))
        cells = table.add_row().cells
        for cell, value in zip(
            cells, (str(item.duty.number), item.target.text, planned_text(item), done), strict=False
        ):
            _cell_text(cell, value)
        cells[4].paragraphs[0].add_run().add_picture(io.BytesIO(_target_picture(item)), width=Mm(24))
        _cell_text(cells[5], percent(rate) if rate is not None else "—")
    _widths(table, (12, 48, 26, 22 if not series else 30, 34 if not series else 26, 14))


def _attention(document: Any, ledger: Ledger, paces: Sequence[Pace]) -> None:
    _paragraph(document, "（一）滞后或未启动的任务", font=_STYLE.header_font, size=_TEXT_SIZE)
    found = needs_attention(ledger)
    if found:
        rows: list[tuple[str, ...]] = [
            (str(duty.number), duty.content, report.unit, report.status_text, report.progress) for duty, report in found
        ]
        _table(document, ("序号", "主要内容", "单位", "情况", "进展"), rows, (12, 62, 26, 16, 40))
    else:
        _paragraph(document, "没有单位报告滞后或未启动。")
    _paragraph(document, "（二）未报送的单位", font=_STYLE.header_font, size=_TEXT_SIZE)
    _paragraph(document, "、".join(ledger.missing_units) + "。" if ledger.missing_units else "各单位均已报送。")
    _paragraph(document, "（三）低于应有进度的指标", font=_STYLE.header_font, size=_TEXT_SIZE)
    behind = [item for item in paces if item.behind]
    if behind:
        rows = [
            (
                str(item.duty.number),
                item.target.text,
                planned_text(item),
                figure_text(item.expected.normalize()),
                _figure(item.actual),
                "、".join(item.duty.units),
            )
            for item in behind
        ]
        _table(document, ("序号", "指标", "计划", "应达", "完成", "负责单位"), rows, (12, 50, 26, 16, 16, 36))
    else:
        _paragraph(document, "各指标均达到应有进度。")


def _setup(document: Any) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name = _STYLE.latin_font
    normal.font.size = Pt(_TEXT_SIZE)
    properties = normal.element.get_or_add_rPr()
    properties.get_or_add_rFonts().set(qn("w:eastAsia"), _STYLE.body_font)
    language = OxmlElement("w:lang")
    language.set(qn("w:eastAsia"), "zh-CN")
    properties.append(language)


def write_report_docx(ledgers: Sequence[Ledger], target: str | os.PathLike[str] | BinaryIO) -> None:
    """Write the progress report of the last of ``ledgers`` (time order, one plan) as DOCX; no ledger
    is an :class:`~kepu_plan.errors.OptionError`."""
    ledger = last_ledger(ledgers)
    paces = pace(ledger)
    document = Document()
    _setup(document)
    _paragraph(document, ledger.plan, size=_TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, colour="#616E7C")
    _paragraph(
        document, f"{ledger.period}任务进展情况报告", font=_STYLE.title_font, size=_STYLE.title_size,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )  # fmt: skip
    counts: Counter[Status | None] = Counter()
    for _, found in action_counts(ledger):
        counts.update(found)
    total = sum(counts.values())
    done = counts.get(Status.DONE, 0)
    on_pace = sum(1 for item in paces if not item.behind)
    summary = (
        f"本期共 {total} 项任务内容，已完成 {done} 项（{percent(Decimal(done) / total) if total else '—'}）；"
        f"{len(ledger.units)} 个责任单位中 {len(ledger.reported_units)} 个已报送；"
        f"{len(paces)} 个数量指标中 {on_pace} 个达到应有进度。"
    )
    _paragraph(document, summary)
    _paragraph(document, "一、各行动和工程的完成情况", font=_STYLE.header_font, size=_TEXT_SIZE)
    _bars(document, action_counts(ledger))
    _paragraph(document, "二、各单位的完成情况", font=_STYLE.header_font, size=_TEXT_SIZE)
    _bars(document, list(status_counts(ledger).items()))
    _paragraph(document, "三、指标完成情况", font=_STYLE.header_font, size=_TEXT_SIZE)
    _targets(document, ledgers, paces)
    _paragraph(document, "四、需要关注的事项", font=_STYLE.header_font, size=_TEXT_SIZE)
    _attention(document, ledger, paces)
    write_to(target, document.save)
