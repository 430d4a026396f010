"""How a plan is set in DOCX: :class:`DocxStyle` (paper, margins, fonts, sizes), the run properties
of each font, the column widths shared out by roles and contents, and where a long title breaks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final, Literal

import attrs

from kepu_plan._grammar.cells import unstorable
from kepu_plan._grammar.width import display_width
from kepu_plan._i18n import N_, Text
from kepu_plan.errors import OptionError, WriteError
from kepu_plan.grid import Grid

__all__ = ["DocxStyle"]

_MARKUP: Final = re.compile(r"[<>&\"\n\t]")


def _positive(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1000:
        raise OptionError(
            Text(N_("DocxStyle.{name} must be a positive number, not {value}"), name=attribute.name, value=repr(value))
        )


def _not_negative(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 1000:
        raise OptionError(
            Text(
                N_("DocxStyle.{name} must be a number of millimetres ≥ 0, not {value}"),
                name=attribute.name,
                value=repr(value),
            )
        )


def _font(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip() or unstorable(value) or _MARKUP.search(value):
        raise OptionError(
            Text(N_("DocxStyle.{name} must be a font name, not {value}"), name=attribute.name, value=repr(value))
        )


def _page_numbers(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in ("outside", "center", "none"):
        raise OptionError(
            Text(N_("DocxStyle.page_numbers must be 'outside', 'center' or 'none', not {value}"), value=repr(value))
        )


def _widths(value: Sequence[float] | None) -> tuple[float, ...] | None:
    if value is None:
        return None
    widths = tuple(value)
    for width in widths:
        if isinstance(width, bool) or not isinstance(width, int | float) or width <= 0:
            raise OptionError(
                Text(N_("DocxStyle.column_widths must hold positive millimetres, not {value}"), value=repr(width))
            )
    return widths


@attrs.frozen(kw_only=True)
class DocxStyle:
    """How a plan is laid out in DOCX: paper, margins, fonts and sizes, column widths.

    The defaults follow GB/T 9704-2012 as counties apply it to a landscape attachment table: A4
    landscape with the text block of a portrait page turned (top 28 mm on the binding side, bottom
    26 mm, left 35 mm, right 37 mm), the label 附件 in 黑体 三号 (16 pt), the title in
    方正小标宋简体 二号 (22 pt), the header row in 黑体 and the body in 仿宋_GB2312 四号 (14 pt),
    page numbers ``— N —`` in 宋体 四号, on the outer side (odd pages right, even pages left).
    Sizes are in points, margins and widths in millimetres.

    ``column_widths`` fixes each column's width (mm, one per column); by default the widths are
    shared out by the columns' roles and contents, the content column taking what the short ones
    leave.

    >>> DocxStyle(body_size=12).body_size
    12
    """

    landscape: bool = True
    paper_width: float = attrs.field(default=210.0, validator=_positive)
    paper_height: float = attrs.field(default=297.0, validator=_positive)
    margin_top: float = attrs.field(default=28.0, validator=_not_negative)
    margin_bottom: float = attrs.field(default=26.0, validator=_not_negative)
    margin_left: float = attrs.field(default=35.0, validator=_not_negative)
    margin_right: float = attrs.field(default=37.0, validator=_not_negative)
    label_font: str = attrs.field(default="黑体", validator=_font)
    label_size: float = attrs.field(default=16.0, validator=_positive)
    title_font: str = attrs.field(default="方正小标宋简体", validator=_font)
    title_size: float = attrs.field(default=22.0, validator=_positive)
    header_font: str = attrs.field(default="黑体", validator=_font)
    header_size: float = attrs.field(default=14.0, validator=_positive)
    body_font: str = attrs.field(default="仿宋_GB2312", validator=_font)
    body_size: float = attrs.field(default=14.0, validator=_positive)
    latin_font: str = attrs.field(default="Times New Roman", validator=_font)
    """The font of Latin letters and digits in the body and notes."""
    page_number_font: str = attrs.field(default="宋体", validator=_font)
    page_number_size: float = attrs.field(default=14.0, validator=_positive)
    page_numbers: Literal["outside", "center", "none"] = attrs.field(default="outside", validator=_page_numbers)
    column_widths: tuple[float, ...] | None = attrs.field(default=None, converter=_widths)

    def __attrs_post_init__(self) -> None:
        width, height = self.page_size
        if self.margin_left + self.margin_right >= width - 10 or self.margin_top + self.margin_bottom >= height - 10:
            raise OptionError(Text(N_("DocxStyle margins leave no room for the table")))

    @property
    def page_size(self) -> tuple[float, float]:
        """Width and height of the page as set (mm): landscape really swaps them."""
        short, long = sorted((self.paper_width, self.paper_height))
        return (long, short) if self.landscape else (short, long)

    @property
    def text_width(self) -> float:
        """The width of the text block (mm), which the table fills."""
        return self.page_size[0] - self.margin_left - self.margin_right


#: How many characters of a column's lines should fit on one line, by role, before the rest of the
#: width is shared out; action and task cells span many rows, so they may wrap into a narrow column.
_ROLE_NEED: Final = {
    "action": 6.0,
    "task": 6.0,
    "content": 12.0,
    "units": 8.0,
    "leads": 8.0,
    "partners": 8.0,
    "deadline": 8.0,
    "number": 3.0,
    "extra": 8.0,
}


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _half_points(pt: float) -> int:
    return max(1, round(pt * 2))


def _run_props(ascii_font: str, east_asian_font: str, size: float, *, bold: bool = False) -> str:
    half = _half_points(size)
    return (
        f'<w:rPr><w:rFonts w:ascii="{ascii_font}" w:hAnsi="{ascii_font}" w:eastAsia="{east_asian_font}" '
        f'w:cs="{ascii_font}"/>{"<w:b/><w:bCs/>" if bold else ""}<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>'
    )


def _display_width(line: str) -> float:
    """A line's width in CJK characters: Latin letters and digits count half."""
    return display_width(line) / 2


#: Where a title may break, best first: after a closing title mark or quote (or before an opening
#: one), after a comma or colon, around parentheses.
_BREAKS_AFTER: Final = {"》": 0, "”": 0, "，": 1, "、": 1, "：": 1, ":": 1, "）": 2, ")": 2}
_BREAKS_BEFORE: Final = {"《": 0, "“": 0, "（": 2, "(": 2}


def _title_lines(title: str, per_line: float) -> str:
    """The title broken into two lines at a natural place, when it is too long for one.

    GB/T 9704 asks for lines broken where the words allow; a reader joins the lines again.

    >>> _title_lines("神木市贯彻《全民科学素质行动规划纲要（2021-2035年）》实施方案“十四五”目标任务分工表", 29)
    '神木市贯彻《全民科学素质行动规划纲要（2021-2035年）》\\n实施方案“十四五”目标任务分工表'
    >>> _title_lines("短标题", 29)
    '短标题'
    """
    if _display_width(title) <= per_line or "\n" in title:
        return title
    total = _display_width(title)
    best: tuple[int, float, int] | None = None
    for i in range(1, len(title)):
        rank = min(_BREAKS_AFTER.get(title[i - 1], 9), _BREAKS_BEFORE.get(title[i], 9))
        if rank == 9:
            continue
        first = _display_width(title[:i])
        second = total - first
        if max(first, second) > per_line or min(first, second) < 0.3 * total:
            continue
        candidate = (rank, abs(first - second), i)
        if best is None or candidate < best:
            best = candidate
    if best is None:
        return title  # let the word processor wrap it
    return f"{title[: best[2]]}\n{title[best[2] :]}"


def _column_widths(grid: Grid, style: DocxStyle) -> list[int]:
    """Column widths in twips that fill the text block, from roles and contents."""
    total = style.text_width
    if style.column_widths is not None:
        if len(style.column_widths) != grid.ncols:
            raise WriteError(
                Text(
                    N_("DocxStyle.column_widths gives {widths} widths for a table of {columns} columns"),
                    widths=len(style.column_widths),
                    columns=grid.ncols,
                )
            )
        return [_twips(width) for width in style.column_widths]
    ncols = grid.ncols
    roles = list(grid.column_roles) + ["extra"] * (ncols - len(grid.column_roles))
    lines: list[list[float]] = [[] for _ in range(ncols)]
    heading = [0.0] * ncols
    for cell in grid.cells:
        if cell.colspan != 1 or not cell.text:
            continue
        widths = [_display_width(line) for line in cell.text.split("\n")]
        if cell.row < grid.header_rows:
            heading[cell.col] = max(heading[cell.col], *widths) * style.header_size / style.body_size
        else:
            lines[cell.col].extend(widths)
    # Each column first gets what nine in ten of its lines need (up to a cap by role) and one
    # character of air; what is left goes to the columns whose text wraps, by how much they hold.
    char_mm = style.body_size * 25.4 / 72
    available = total / char_mm
    need: list[float] = []
    volume: list[float] = []
    for c in range(ncols):
        ordered = sorted(lines[c])
        typical = ordered[(len(ordered) * 9) // 10] if ordered else 0.0
        need.append(max(min(typical, _ROLE_NEED.get(roles[c], 8.0)), heading[c], 1.0) + 1.0)
        volume.append(sum(width for width in ordered if width + 1.0 > need[c]))
    # The content column always takes at least as large a share as any other.
    for c in range(ncols):
        if roles[c] == "content":
            volume[c] = max(volume)
    spare = available - sum(need)
    weight = sum(volume)
    if spare > 0 and weight > 0:
        need = [need[c] + spare * volume[c] / weight for c in range(ncols)]
    scale = available / sum(need)
    twips = [_twips(width * scale * char_mm) for width in need]
    twips[-1] += _twips(total) - sum(twips)  # rounding: the table fills the text block exactly
    return twips
