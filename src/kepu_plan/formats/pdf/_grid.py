"""The Document of a PDF's pages: table parts continued over pages as one grid of cells with spans."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from kepu_plan._i18n import N_, Text
from kepu_plan._limits import Limits
from kepu_plan.diagnostics import Diagnostic, Severity
from kepu_plan.errors import Location, ReadError
from kepu_plan.formats.pdf._breaks import (
    _Columns,
    _divided,
    _flows_on,
    _going_on,
    _Metrics,
    _opens,
    _row_setters,
    _Table,
)
from kepu_plan.formats.pdf._pages import _EDGE_TOLERANCE, _Box, _edges, _index, _is_page_number, _Page, _Part
from kepu_plan.formats.pdf._text import (
    _EITHER,
    _WRAP,
    _CellLines,
    _Column,
    _joined,
    _Judged,
    _Line,
    _line_text,
    _runs_to_edge,
)
from kepu_plan.grid import Document, Grid, cells_from_spans

# --- building the grid ----------------------------------------------------------------------------


class _Builder:
    """The Document of a PDF's pages: tables of cells with spans, the lines above and below."""

    def __init__(self, name: str | None, limits: Limits, diagnostics: list[Diagnostic] | None) -> None:
        self.name = name
        self.limits = limits
        self.diagnostics = diagnostics
        self.furniture: frozenset[str] = frozenset()

    def counts(self, line: _Line) -> bool:
        """Whether a line outside the tables is text of the document: not a page number, nor a
        running header or footer (the same text above or below the tables on two pages or more)."""
        return not _is_page_number(line) and _line_string(line) not in self.furniture

    def note(self, code: str, message: str, where: Location, severity: Severity = Severity.INFO) -> None:
        if self.diagnostics is not None:
            self.diagnostics.append(Diagnostic(code=code, message=message, location=where, severity=severity))

    def document(self, pages: list[_Page]) -> Document:
        where = Location(file=self.name)
        if not any(page.has_text for page in pages):
            if any(page.has_images for page in pages):
                raise ReadError(
                    Text(
                        N_(
                            "a scanned PDF: its pages are pictures without a text layer, so there is no table "
                            "text to read"
                        )
                    ),
                    where,
                    Text(
                        N_(
                            "ask the sender for the .docx or .xlsx file the PDF was made from, or run OCR on the "
                            "PDF first (for example ocrmypdf) and read the result"
                        )
                    ),
                )
            raise ReadError(
                Text(N_("the PDF has no text")) if pages else Text(N_("the PDF has no pages")),
                where,
                Text(
                    N_(
                        "its pages are empty or their text is drawn as shapes: ask the sender for the .docx or "
                        ".xlsx file the PDF was made from"
                    )
                ),
            )
        self.furniture = _furniture(pages)
        unmapped = [page.number for page in pages if page.unmapped]
        if sum(page.unmapped for page in pages) * 100 > sum(page.glyphs for page in pages):
            raise ReadError(
                Text(
                    N_("the text on {pages} cannot be recovered: its fonts do not say which characters they show"),
                    pages=_page_list(unmapped),
                ),
                where,
                Text(
                    N_(
                        "ask the sender for the .docx or .xlsx file the PDF was made from, or run OCR on the PDF "
                        "and read the result"
                    )
                ),
            )
        if unmapped:
            self.note(
                "pdf-unmapped-glyphs",
                Text(
                    N_("some glyphs on {pages} have no character in their font: they read as (cid:…)"),
                    pages=_page_list(unmapped),
                ),
                where,
                Severity.WARNING,
            )
        tables = self._tables(pages)
        if not tables:
            looked = _page_list([page.number for page in pages])
            raise ReadError(
                Text(N_("no ruled table on {pages}: the PDF has text but no table with ruling lines"), pages=looked),
                where,
                Text(
                    N_(
                        "kepu_plan reads tables drawn with cell borders; ask the sender for the .docx or .xlsx file "
                        "the PDF was made from"
                    )
                ),
            )
        first, last = tables[0].parts[0], tables[-1].parts[-1]
        by_number = {page.number: page for page in pages}
        preamble_lines = [
            line
            for page in pages
            if page.number < first.page
            for line in page.above + page.between + page.below
            if self.counts(line)
        ]
        preamble_lines.extend(line for line in by_number[first.page].above if self.counts(line))
        running = [] if _titled(preamble_lines) else _once(self.furniture, by_number[first.page].above)
        preamble_lines.extend(running)
        self._report_furniture({_line_string(line) for line in running}, where)
        trailer_lines = [line for line in by_number[last.page].below if self.counts(line)]
        for page in pages:
            if page.number > last.page:
                trailer_lines.extend(line for line in page.above + page.between if self.counts(line))
        grids = [self._grid(table, index) for index, table in enumerate(tables, 1)]
        return Document(
            tables=tuple(grids),
            preamble=tuple(self._paragraphs(preamble_lines)),
            trailer=tuple(self._paragraphs(trailer_lines)),
            file=self.name,
        )

    def _report_furniture(self, titles: set[str], where: Location) -> None:
        for text in sorted(self.furniture):
            if text in titles:
                message = N_("{text} stands above the table on every page: read once, as the title")
            else:
                message = N_("{text} stands on every page outside the table: skipped")
            self.note("pdf-running-text", Text(message, text=repr(text[:20])), where)

    def _paragraphs(self, lines: list[_Line]) -> list[str]:
        """Lines of text outside the table as paragraphs: a line running to the right edge of the
        text on the page is joined with the next."""
        if not lines:
            return []
        left = min(line.x0 for line in lines)
        right = max(line.x1 for line in lines)
        judged = _Judged()
        paragraphs: list[str] = []
        for i, line in enumerate(lines):
            text = _line_text(line, judged)
            if i and _runs_to_edge(lines[i - 1], line, left, right) and line.x0 - left < 0.5 * line.size:
                paragraphs[-1] = _joined(paragraphs[-1], text)
            else:
                paragraphs.append(text)
        return paragraphs

    def _tables(self, pages: list[_Page]) -> list[_Table]:
        """The table parts, those continued from one page to the next as one table."""
        tables: list[_Table] = []
        previous: _Part | None = None
        for page in pages:
            for k, part in enumerate(page.parts):
                text_above = k > 0 or any(self.counts(line) for line in page.above)
                if (
                    previous is not None
                    and k == 0
                    and previous.page == page.number - 1
                    and not previous.text_below
                    and not text_above
                    and abs(previous.x0 - part.x0) < 2 * _EDGE_TOLERANCE
                    and abs(previous.x1 - part.x1) < 2 * _EDGE_TOLERANCE
                ):
                    tables[-1].parts.append(part)
                else:
                    tables.append(_Table([part]))
                previous = part
            if page.parts:
                last = page.parts[-1]
                last.text_below = any(self.counts(line) for line in page.below)
        return tables

    def _grid(self, table: _Table, index: int) -> Grid:
        columns = _edges(x for part in table.parts for box in part.boxes for x in (box.x0, box.x1))
        self.limits.check_grid(
            sum(len(part.rows) - 1 for part in table.parts),
            len(columns) - 1,
            lambda: Location(file=self.name, table=index),
        )
        metrics = _Metrics.of(table)
        judged: dict[int, _Judged] = {}
        lines: dict[int, _CellLines] = {}
        by_column: dict[int, list[_CellLines]] = {}
        offset = 0
        for part in table.parts:
            for box in part.boxes:
                box.row = offset + _index(part.rows, box.top)
                box.rowspan = max(_index(part.rows, box.bottom) - _index(part.rows, box.top), 1)
                box.col = _index(columns, box.x0)
                box.colspan = max(_index(columns, box.x1) - box.col, 1)
                judged[id(box)] = _Judged()
                found = _CellLines.of(box.lines, box.x0 + metrics.pad, box.x1 - metrics.pad, judged[id(box)])
                lines[id(box)] = found
                by_column.setdefault(box.col, []).append(found)
            offset += len(part.rows) - 1
        kinds = {col: _Column.of(cells) for col, cells in by_column.items()}
        list_like = {col: kind.list_like for col, kind in kinds.items()}
        for part in table.parts:
            for box in part.boxes:
                box.text = lines[id(box)].text(kinds[box.col], judged[id(box)])
        header_rows = self._drop_repeated_headers(table, index)
        kept = self._join_page_breaks(table, index, metrics, list_like)
        rows = _renumber(kept, table.aliases)
        cells = []
        for box in kept:
            row, last = rows[box.row], rows[box.row + box.rowspan - 1]
            cells.append((row, box.col, box.text, last - row + 1, box.colspan))
            where = Location(file=self.name, table=index, row=row + 1, column=box.col + 1)
            self.limits.check_text(box.text, lambda where=where: where)  # type: ignore[misc]
            self._report(judged[id(box)], where)
        cells.sort(key=lambda cell: (cell[0], cell[1]))
        nrows = max(rows.values()) + 1 if rows else 0
        return Grid(
            nrows=nrows,
            ncols=len(columns) - 1,
            cells=cells_from_spans(cells),
            header_rows=header_rows,
            file=self.name,
            table=index,
        )

    def _report(self, judged: _Judged, where: Location) -> None:
        if judged.joined:
            self.note(
                "pdf-wrapped-lines",
                Text(N_("{count} line(s) running to the cell's edge joined"), count=judged.joined),
                where,
            )
        if judged.kept_breaks:
            self.note(
                "pdf-full-lines",
                Text(
                    N_("{count} full line(s) read as ending a paragraph, as most line ends in this column do"),
                    count=judged.kept_breaks,
                ),
                where,
            )
        if judged.glyph_gaps:
            self.note(
                "pdf-glyph-spacing",
                Text(
                    N_(
                        "{count} gap(s) between Chinese and Latin letters or digits read as glyph spacing, "
                        "not as spaces"
                    ),
                    count=judged.glyph_gaps,
                ),
                where,
            )
        if judged.spaces:
            self.note(
                "pdf-spaces",
                Text(N_("{count} gap(s) between Latin letters read as spaces"), count=judged.spaces),
                where,
            )

    def _drop_repeated_headers(self, table: _Table, index: int) -> int:
        """Drop the rows at the top of each continued part that repeat the table's first rows (a
        header repeated on every page); the number of such rows, the header's height."""
        first = table.parts[0]
        header_rows = 0
        for part in table.parts[1:]:
            if not part.boxes:
                continue
            top = min(box.row for box in part.boxes)
            depth = 0
            while depth < min(len(first.rows), len(part.rows)) - 2:
                theirs = _row_signature(first.boxes, depth)
                if not theirs or theirs != _row_signature(part.boxes, top + depth):
                    break
                depth += 1
            if depth:
                header_rows = max(header_rows, depth)
                part.boxes = [box for box in part.boxes if box.row >= top + depth]
                self.note(
                    "pdf-header-repeat",
                    Text(N_("the header row(s) repeated at the top of page {page} skipped"), page=part.page),
                    Location(file=self.name, table=index, row=top + 1),
                )
        return header_rows

    def _join_page_breaks(self, table: _Table, index: int, metrics: _Metrics, list_like: dict[int, bool]) -> list[_Box]:
        """Every box of the table, with the cells continued across each page break joined.

        At each break the cells at the top of the new page are paired with those ending the page
        before.  Where the row was divided by the break (:func:`_divided`) every pair is joined and
        the row's halves are one row again.  Otherwise a cell continues the one above when it is
        empty under a cell with text (a merged cell going on), or when the text above is cut at its
        cell's bottom and goes on in it (:func:`_flows_on`), unless its text set the height of its
        row (:func:`_row_setters`) or a cell left of it starts a new item (an action's cell does not
        end inside a task's).
        """
        columns = _Columns.of(table, list_like)
        boxes = list(table.parts[0].boxes)
        tail = boxes  # the boxes reaching the table's last row so far
        for part in table.parts[1:]:
            if not part.boxes:
                continue
            top = min(box.row for box in part.boxes)
            last = max((box.row + box.rowspan - 1 for box in tail), default=-1)
            ending = {box.col: box for box in tail if box.row + box.rowspan - 1 == last}
            pairs = [
                (above, below)
                for below in part.boxes
                if below.row == top and (above := ending.get(below.col)) is not None and above.colspan == below.colspan
            ]
            kinds = {id(below): metrics.continuation(above, below) for above, below in pairs if below.text.strip()}
            split_row = _divided(pairs, kinds, columns.main, metrics)
            whole = _row_setters(ending.values(), _going_on(pairs, kinds))
            joined: set[int] = set()
            opened = False  # a cell left of this one starts a new item at the page top
            for above, below in sorted(pairs, key=lambda pair: pair[1].col):
                if below.text.strip():
                    kind = kinds[id(below)]
                    if not split_row and (
                        opened or id(above) in whole or not _flows_on(above, below, kind, columns, metrics)
                    ):
                        opened = opened or _opens(above, below)
                        continue
                    if not above.text:
                        above.text = below.text
                    elif kind == _WRAP or (kind == _EITHER and not list_like.get(below.col)):
                        above.text = _joined(above.text, below.text)
                    else:
                        above.text = f"{above.text}\n{below.text}"
                elif not split_row and not above.text.strip():
                    continue  # two empty cells: nothing continues
                above.lines = below.lines  # a later page break continues from the lower part
                above.top, above.bottom = below.top, below.bottom
                above.rowspan = below.row + below.rowspan - above.row
                joined.add(id(below))
            if split_row:
                table.aliases[top] = last  # the row's two halves are one row
                self.note(
                    "pdf-split-row",
                    Text(N_("a row divided by the break before page {page} joined again"), page=part.page),
                    Location(file=self.name, table=index, row=last + 1),
                )
            elif joined:
                self.note(
                    "pdf-page-continuation",
                    Text(
                        N_("{count} cell(s) at the top of page {page} read as the merged cell above continued"),
                        count=len(joined),
                        page=part.page,
                    ),
                    Location(file=self.name, table=index, row=top + 1),
                )
            kept = [box for box in part.boxes if id(box) not in joined]
            boxes.extend(kept)
            tail = kept + [above for above, below in pairs if id(below) in joined]
        return boxes


def _line_string(line: _Line) -> str:
    return "".join(char.text for char in line.chars).strip()


def _furniture(pages: Sequence[_Page]) -> frozenset[str]:
    """The texts of a running header or footer: lines above or below the tables, the same on
    every page that has a table, when there are two such pages or more; and the lines above the
    tables on every page after the first that repeat text standing above the table on the first
    (a title in the page header from the second page on, wrapped otherwise than in the body)."""
    with_tables = [page for page in pages if page.parts]
    if len(with_tables) < 2:
        return frozenset()
    found: set[str] | None = None
    later: set[str] | None = None
    for k, page in enumerate(with_tables):
        texts = {_line_string(line) for line in page.above + page.below}
        found = texts if found is None else found & texts
        if k:
            above = {_line_string(line) for line in page.above}
            later = above if later is None else later & above
    second = [text for line in with_tables[1].above if (text := _line_string(line)) in (later or ())]
    first = "".join(_line_string(line) for line in with_tables[0].above).replace(" ", "")
    if second and "".join(second).replace(" ", "") in first:
        found = (found or set()) | set(second)
    return frozenset(text for text in found or () if text)


#: An attachment label on a line of its own (附件, 附件2, 附表3, 附件（二）：): no title.
_LABEL: Final = re.compile(r"^附[件表][\s\d０-９一二三四五六七八九十（）()\-－—–.．:：]*$")


def _titled(lines: Sequence[_Line]) -> bool:
    """Whether the lines above a table hold a title: text after the last attachment label (the
    text above a label belongs to the document the table is attached to)."""
    titled = False
    for line in lines:
        text = _line_string(line)
        if text:
            titled = not _LABEL.match(text)
    return titled


def _once(furniture: frozenset[str], lines: Sequence[_Line]) -> list[_Line]:
    """The lines of a running header among ``lines`` (above the table on its first page), each
    text once: where nothing else above the table is a title, the running header is the title."""
    seen: set[str] = set()
    found = []
    for line in lines:
        text = _line_string(line)
        if text in furniture and text not in seen:
            seen.add(text)
            found.append(line)
    return found


def _row_signature(boxes: Sequence[_Box], row: int) -> tuple[tuple[int, int, int, str], ...]:
    return tuple(sorted((box.col, box.colspan, box.rowspan, box.text) for box in boxes if box.row == row))


def _renumber(boxes: Sequence[_Box], aliases: dict[int, int]) -> dict[int, int]:
    """The grid row of each row of the table's parts: the rows still holding a cell's start or end,
    counted from 0 (dropped header rows leave gaps; the lower half of a split row is its upper half)."""
    used = sorted({aliases.get(box.row, box.row) for box in boxes} | {box.row + box.rowspan - 1 for box in boxes})
    used = sorted(set(used) - aliases.keys())
    rows = {row: i for i, row in enumerate(used)}
    for lower, upper in aliases.items():
        rows[lower] = rows[upper]
    return rows


def _page_list(numbers: Sequence[int]) -> Text:
    """The pages ``numbers`` as a message says them: "page 2", "pages 2–4", "pages 2, 5"."""
    if not numbers:
        return Text(N_("no page"))
    if len(numbers) == 1:
        return Text(N_("page {page}"), page=numbers[0])
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return Text(N_("pages {first}–{last}"), first=numbers[0], last=numbers[-1])
    return Text(N_("pages {pages}"), pages=", ".join(str(n) for n in numbers))
