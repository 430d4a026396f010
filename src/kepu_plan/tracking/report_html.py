"""The progress report as one self-contained HTML file: inline SVG charts, no script, no outside file.

It reads without JavaScript and prints on A4 (``@media print``).  Chinese fonts are named with
fallbacks, from the official ones (方正小标宋简体, 仿宋) through the common system ones to the generic
family.  Charts carry their figures as ``data-`` attributes, so that a test can check what a browser
draws.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from kepu_plan.model import Cadence, Comparator
from kepu_plan.tracking._sheets import figure_text
from kepu_plan.tracking.model import Ledger, Status
from kepu_plan.tracking.summary import (
    SEGMENTS,
    Pace,
    TargetSeries,
    action_counts,
    attainment,
    last_ledger,
    needs_attention,
    pace,
    percent,
    status_counts,
    target_series,
)

__all__ = ["CHART_WIDTH", "report_html"]

#: The width of the bar charts, in CSS pixels: labels, bars and counts.
CHART_WIDTH: Final = 880
_LABEL: Final = 250
_COUNT: Final = 130
_BAR_ROW: Final = 28
_BAR: Final = 18
_TARGET_BAR: Final = (200, 14)
_TREND: Final = (180, 40)

_SANS: Final = (
    '"Source Han Sans SC", "Noto Sans CJK SC", "思源黑体", "Microsoft YaHei", "微软雅黑", "PingFang SC", '
    '"Hiragino Sans GB", "WenQuanYi Micro Hei", sans-serif'
)
_SERIF: Final = (
    '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "Source Han Serif SC", "Noto Serif CJK SC", "思源宋体", "SimSun", '
    '"宋体", "Songti SC", serif'
)
_BODY: Final = '"仿宋_GB2312", "仿宋", "FangSong", "STFangsong", ' + _SANS

_CSS: Final = f"""
:root {{ --ink: #1f2933; --muted: #616e7c; --line: #d9dee5; --paper: #ffffff; --band: #f4f6f9; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0; background: var(--band); color: var(--ink); font-family: {_SANS}; font-size: 15px;
  line-height: 1.6; }}
main {{ max-width: 960px; margin: 0 auto; padding: 32px 40px 48px; background: var(--paper); }}
header {{ border-bottom: 3px solid #b7282e; padding-bottom: 14px; margin-bottom: 24px; }}
header .plan {{ color: var(--muted); margin: 0 0 6px; font-size: 14px; }}
h1 {{ font-family: {_SERIF}; font-size: 30px; font-weight: 700; margin: 0; letter-spacing: 2px; }}
h2 {{ font-size: 20px; margin: 36px 0 12px; padding-left: 10px; border-left: 5px solid #b7282e; }}
h3 {{ font-size: 16px; margin: 22px 0 8px; }}
p.note {{ color: var(--muted); font-size: 13px; margin: 4px 0 10px; }}
.cards {{ display: grid; grid-template-columns: repeat(4, 1fr); gap: 14px; }}
.card {{ background: var(--band); border-radius: 8px; padding: 14px 16px; }}
.card .value {{ font-size: 28px; font-weight: 700; line-height: 1.2; }}
.card .label {{ color: var(--muted); font-size: 13px; }}
svg.chart {{ display: block; max-width: 100%; height: auto; }}
svg text {{ font-family: {_SANS}; fill: var(--ink); }}
.legend {{ display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 6px 0 4px; font-size: 13px; color: var(--muted); }}
.legend i {{ display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px;
  vertical-align: -1px; }}
table {{ width: 100%; border-collapse: collapse; font-size: 14px; table-layout: fixed; }}
th, td {{ border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }}
th {{ background: var(--band); font-weight: 600; }}
td.num {{ text-align: right; white-space: nowrap; }}
td .sub {{ color: var(--muted); font-size: 12px; }}
.tag {{ display: inline-block; padding: 0 7px; border-radius: 10px; color: #fff; font-size: 12px;
  white-space: nowrap; }}
ul.units {{ columns: 4; padding-left: 20px; margin: 6px 0; }}
.empty {{ color: var(--muted); }}
@page {{ size: A4; margin: 14mm 12mm; }}
@media print {{
  body {{ background: none; font-size: 10.5pt; }}
  main {{ max-width: none; padding: 0; }}
  section, tr, svg {{ break-inside: avoid; }}
  h2 {{ break-after: avoid; }}
  .card {{ border: 1px solid var(--line); }}
}}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _figure(value: int | Decimal | None) -> str:
    return "—" if value is None else figure_text(value)


def _legend() -> str:
    items = "".join(f'<span><i style="background:{colour}"></i>{_e(label)}</span>' for _, label, colour in SEGMENTS)
    return f'<div class="legend">{items}</div>'


def _label(text: str, limit: int = 17) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def stacked_bars(rows: Sequence[tuple[str, Counter[Status | None]]], *, chart: str) -> str:
    """A horizontal stacked bar per row (label, counts by status), as an inline SVG."""
    largest = max((sum(counts.values()) for _, counts in rows), default=0) or 1
    room = CHART_WIDTH - _LABEL - _COUNT
    scale = room / largest
    height = _BAR_ROW * len(rows) + 8
    parts = [
        f'<svg class="chart" data-chart="{_e(chart)}" data-scale="{scale:.4f}" width="{CHART_WIDTH}" height="{height}" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" role="img" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, counts) in enumerate(rows):
        y = 4 + i * _BAR_ROW
        middle = y + _BAR_ROW / 2
        parts.append(
            f'<text class="label" x="{_LABEL - 10}" y="{middle:.1f}" text-anchor="end" dominant-baseline="central" '
            f'font-size="13"><title>{_e(label)}</title>{_e(_label(label))}</text>'
        )
        x = float(_LABEL)
        for status, name, colour in SEGMENTS:
            count = counts.get(status, 0)
            if not count:
                continue
            width = count * scale
            parts.append(
                f'<rect class="bar" data-status="{_e(name)}" data-count="{count}" x="{x:.2f}" '
                f'y="{middle - _BAR / 2:.1f}" width="{width:.2f}" height="{_BAR}" fill="{colour}">'
                f"<title>{_e(label)}：{_e(name)} {count}</title></rect>"
            )
            if width >= 22:
                ink = "#1f2933" if status is None else "#ffffff"
                parts.append(
                    f'<text class="inside" x="{x + width / 2:.2f}" y="{middle:.1f}" text-anchor="middle" '
                    f'dominant-baseline="central" font-size="11" style="fill:{ink}">{count}</text>'
                )
            x += width
        total = sum(counts.values())
        done = counts.get(Status.DONE, 0)
        share = f" 项，完成 {percent(Decimal(done) / total)}" if total else ""
        parts.append(
            f'<text class="count" x="{x + 6:.2f}" y="{middle:.1f}" dominant-baseline="central" font-size="12" '
            f'fill="#616e7c">{total}{share}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def target_bar(item: Pace) -> str:
    """The achieved figure against the planned one (and a tick at the expected pace), as an inline SVG."""
    width, height = _TARGET_BAR
    planned = Decimal(item.target.quantity)
    actual = Decimal(item.actual) if item.actual is not None else Decimal(0)
    top = max(planned, actual, Decimal(1))
    scale = Decimal(width - 2) / top
    fill_width = float(actual * scale)
    plan_width = float(planned * scale)
    expected = float(item.expected * scale)
    colour = "#d64545" if item.behind else "#3a9d5d"
    return (
        f'<svg class="chart target" data-actual="{_figure(item.actual)}" data-planned="{item.target.quantity}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
        f'<rect x="1" y="2" width="{plan_width:.2f}" height="{height - 4}" fill="#e4e8ee"/>'
        f'<rect class="achieved" x="1" y="2" width="{fill_width:.2f}" height="{height - 4}" fill="{colour}"/>'
        f'<line x1="{expected + 1:.2f}" x2="{expected + 1:.2f}" y1="0" y2="{height}" stroke="#1f2933" '
        f'stroke-width="1.5"><title>应达进度 {_e(figure_text(item.expected.normalize()))}</title></line></svg>'
    )


def trend(series: TargetSeries) -> str:
    """A target's figure over the periods, with the planned figure dashed, as an inline SVG."""
    width, height = _TREND
    values = [Decimal(value) for value in series.figures if value is not None]
    top = max([Decimal(series.target.quantity), *values, Decimal(1)])
    step = (width - 16) / max(len(series.figures) - 1, 1)

    def y(value: Decimal) -> float:
        return float(height - 6 - (height - 12) * value / top)

    points = [(8 + i * step, y(Decimal(value))) for i, value in enumerate(series.figures) if value is not None]
    path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{py:.1f}" for i, (x, py) in enumerate(points))
    dots = "".join(f'<circle cx="{x:.1f}" cy="{py:.1f}" r="2.5" fill="#4a86c5"/>' for x, py in points)
    planned = y(Decimal(series.target.quantity))
    labels = "、".join(
        f"{period} {_figure(value)}" for period, value in zip(series.periods, series.figures, strict=True)
    )
    return (
        f'<svg class="chart trend" data-points="{len(points)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg"><title>{_e(labels)}</title>'
        f'<line x1="4" x2="{width - 4}" y1="{planned:.1f}" y2="{planned:.1f}" stroke="#b7282e" stroke-dasharray="4 3"/>'
        f'<path d="{path}" fill="none" stroke="#4a86c5" stroke-width="2"/>{dots}</svg>'
    )


#: A report writes no word for an exact figure (“建设5个”).
_COMPARATOR: Final = {member: member.word for member in Comparator} | {Comparator.EXACT: ""}


def planned_text(item: Pace) -> str:
    """The planned figure as a person says it: ``每年不少于60名``."""
    target = item.target
    cadence = "每年" if target.cadence is Cadence.ANNUAL else ""
    return f"{cadence}{_COMPARATOR[target.comparator]}{figure_text(target.quantity)}{target.measure}"


def _status_tag(status: Status | None, text: str) -> str:
    colour = next(colour for found, _, colour in SEGMENTS if found is status)
    return f'<span class="tag" style="background:{colour}">{_e(text or "未填")}</span>'


def _cards(ledger: Ledger, paces: Sequence[Pace]) -> str:
    counts: Counter[Status | None] = Counter()
    for _, found in action_counts(ledger):
        counts.update(found)
    total = sum(counts.values())
    done = counts.get(Status.DONE, 0)
    on_pace = sum(1 for item in paces if not item.behind)
    cards = (
        (str(total), "项任务内容"),
        (percent(Decimal(done) / total) if total else "—", f"已完成（{done} 项）"),
        (f"{len(ledger.reported_units)}/{len(ledger.units)}", "个单位已报送"),
        (f"{on_pace}/{len(paces)}" if paces else "—", "个指标达到应有进度"),
    )
    body = "".join(
        f'<div class="card"><div class="value">{_e(v)}</div><div class="label">{_e(k)}</div></div>' for v, k in cards
    )
    return f'<section class="cards">{body}</section>'


def _targets(paces: Sequence[Pace], series: Sequence[TargetSeries]) -> str:
    if not paces:
        return '<p class="empty">分工表中没有数量指标。</p>'
    several = bool(series) and len(series[0].periods) > 1
    head = '<tr><th style="width:44px">序号</th><th>指标</th><th style="width:120px">计划</th>'
    head += '<th style="width:70px">完成</th><th style="width:216px">完成与进度</th><th style="width:66px">达成率</th>'
    head += '<th style="width:196px">历年</th></tr>' if several else "</tr>"
    rows = []
    for i, item in enumerate(paces):
        rate = attainment(item.target.quantity, item.actual)
        cells = (
            f'<td class="num">{item.duty.number}</td><td>{_e(item.target.text)}</td>'
            f'<td>{_e(planned_text(item))}</td><td class="num">{_e(_figure(item.actual))}</td>'
            f'<td>{target_bar(item)}</td><td class="num">{_e(percent(rate) if rate is not None else "—")}</td>'
        )
        if several:
            cells += f"<td>{trend(series[i])}</td>"
        rows.append(f"<tr>{cells}</tr>")
    note = (
        '<p class="note">条形为完成值（绿色：达到应有进度；红色：未达到），浅色底为计划值，竖线为到本期应达到的进度。'
    )
    note += "几个单位报送同一指标时取最大值。</p>"
    return f'{note}<table class="targets"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def _attention(ledger: Ledger, paces: Sequence[Pace]) -> str:
    parts = ["<h3>滞后或未启动的任务</h3>"]
    found = needs_attention(ledger)
    if found:
        rows = "".join(
            f'<tr><td class="num">{duty.number}</td><td>{_e(duty.action)}</td><td>{_e(duty.content)}</td>'
            f"<td>{_e(report.unit)}</td><td>{_status_tag(report.status, report.status_text)}</td>"
            f"<td>{_e(report.progress)}</td></tr>"
            for duty, report in found
        )
        parts.append(
            '<table class="attention"><thead><tr><th style="width:44px">序号</th><th style="width:150px">行动</th>'
            '<th>主要内容</th><th style="width:110px">单位</th><th style="width:70px">情况</th><th>进展</th></tr>'
            f"</thead><tbody>{rows}</tbody></table>"
        )
    else:
        parts.append('<p class="empty">没有单位报告滞后或未启动。</p>')
    parts.append("<h3>未报送的单位</h3>")
    if ledger.missing_units:
        parts.append('<ul class="units">' + "".join(f"<li>{_e(unit)}</li>" for unit in ledger.missing_units) + "</ul>")
    else:
        parts.append('<p class="empty">各单位均已报送。</p>')
    parts.append("<h3>低于应有进度的指标</h3>")
    behind = [item for item in paces if item.behind]
    if behind:
        rows = "".join(
            f'<tr><td class="num">{item.duty.number}</td><td>{_e(item.target.text)}</td>'
            f'<td>{_e(planned_text(item))}</td><td class="num">{_e(figure_text(item.expected.normalize()))}</td>'
            f'<td class="num">{_e(_figure(item.actual))}</td><td>{_e("、".join(item.duty.units))}</td></tr>'
            for item in behind
        )
        parts.append(
            '<table class="behind"><thead><tr><th style="width:44px">序号</th><th>指标</th>'
            '<th style="width:120px">计划</th>'
            '<th style="width:80px">应达</th><th style="width:70px">完成</th><th style="width:180px">负责单位</th></tr>'
            f"</thead><tbody>{rows}</tbody></table>"
        )
    else:
        parts.append('<p class="empty">各指标均达到应有进度。</p>')
    return "".join(parts)


def report_html(ledgers: Sequence[Ledger]) -> str:
    """The progress report of the last of ``ledgers`` (in time order, one plan), with each target's
    path over all of them; no ledger is an :class:`~kepu_plan.errors.OptionError`."""
    ledger = last_ledger(ledgers)
    paces = pace(ledger)
    series = target_series(ledgers) if len(ledgers) > 1 else []
    units = status_counts(ledger)
    periods = "、".join(item.period for item in ledgers)
    title = f"{ledger.period}任务进展情况报告"
    body = [
        f'<header><p class="plan">{_e(ledger.plan)}</p><h1>{_e(title)}</h1>',
        f'<p class="note">汇总 {len(ledger.reported_units)} 个单位报送的情况；台账：{_e(periods)}。</p></header>',
        _cards(ledger, paces),
        "<section><h2>一、各行动和工程的完成情况</h2>",
        '<p class="note">每项任务内容计一次：有牵头单位报送时按牵头单位，否则按各单位报送的情况合并。</p>',
        _legend(),
        stacked_bars(action_counts(ledger), chart="actions"),
        "</section><section><h2>二、各单位的完成情况</h2>",
        '<p class="note">每个单位负责的任务内容，按它报送的完成情况计数。</p>',
        _legend(),
        stacked_bars(list(units.items()), chart="units"),
        "</section><section><h2>三、指标完成情况</h2>",
        _targets(paces, series),
        "</section><section><h2>四、需要关注的事项</h2>",
        _attention(ledger, paces),
        "</section>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body><main>{''.join(body)}</main></body></html>\n"
    )
