"""How much a reader accepts before it refuses a file as damaged or hostile: :class:`Limits`.

A county's allocation table is a few hundred rows in a file of a few hundred kilobytes.  A file far
beyond that is damaged or made to hurt (a zip bomb, billion laughs, a sheet whose used range runs to
row 1,048,576), and every reader refuses it with a :class:`~kepu_plan.errors.LimitExceeded` (a
:class:`~kepu_plan.errors.ReadError`) that says which limit it broke and how to raise it, before
expanding it:

- **ZIP packages** (DOCX, XLSX) are checked from their central directory, before any member is
  unpacked: the number of members (``max_members``), the sum of their unpacked sizes
  (``max_bytes``) and each large member's compression ratio (``max_ratio``).  ``max_bytes`` also
  bounds the size of a JSON or PDF file, and of any stream read into memory.
- **Tables**: at most ``max_rows`` rows and ``max_columns`` columns, at most ``max_cells`` grid
  positions (rows × columns: the layout code walks them all), and at most ``max_cell_chars``
  characters in one cell.  A table with millions of empty rows is refused as soon as its row count
  passes the limit.
- **Documents**: at most ``max_tags`` XML tags, ``max_paragraphs`` paragraphs, ``max_rows`` table
  rows and ``max_cells`` table cells in all, counted in a DOCX's XML before it is parsed, at most
  ``max_notes`` texts outside the table, and at most ``max_pages`` pages of a PDF.

The defaults (:data:`DEFAULT`) are far beyond any real table (the 10,000-duty benchmark plan is well
inside them).  Change them per call with a :class:`Limits`; a value that is not a positive number
is a :class:`~kepu_plan.errors.OptionError` at once::

    kp.read("大表.xlsx", limits=kp.Limits(max_rows=500_000))
    kp.read("大表.xlsx", limits=kp.Limits(max_bytes=1 << 30, max_rows=500_000))

How the limits are enforced on packages and XML (safe parsing, no DTD, no entities) is private
(``kepu_plan._limits``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import attrs

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import LimitExceeded, Location, OptionError

__all__ = ["DEFAULT", "Limits"]

MiB: Final = 1024 * 1024


def _positive_int(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise OptionError(
            Text(N_("Limits.{name} must be a positive int, not {value}"), name=attribute.name, value=repr(value))
        )


def _positive_number(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise OptionError(
            Text(N_("Limits.{name} must be a positive number, not {value}"), name=attribute.name, value=repr(value))
        )


@attrs.frozen(kw_only=True)
class Limits:
    """How much a reader accepts before it refuses a file as damaged or hostile.

    >>> Limits().max_bytes == 256 * 1024 * 1024
    True
    >>> Limits(max_rows=10).max_rows
    10
    """

    max_bytes: int = attrs.field(default=256 * MiB, validator=_positive_int)
    """The size of a file read into memory, and the sum of a ZIP package's unpacked member sizes."""
    max_members: int = attrs.field(default=10_000, validator=_positive_int)
    """The number of members of a ZIP package (a DOCX has about a dozen)."""
    max_ratio: float = attrs.field(default=300.0, validator=_positive_number)
    """The largest unpacked/packed size ratio of one member above ``ratio_floor`` bytes (real XML
    parts compress 5 to 30 times; a zip bomb about 1,000 times)."""
    ratio_floor: int = attrs.field(default=1 * MiB, validator=_positive_int)
    """Members unpacking to fewer bytes than this may have any ratio."""
    max_rows: int = attrs.field(default=100_000, validator=_positive_int)
    """The rows of one table (DOCX) or of one sheet's used range (XLSX), and of all a document's
    tables together (DOCX, counted before the document is parsed)."""
    max_columns: int = attrs.field(default=1_024, validator=_positive_int)
    """The grid columns of one table or sheet (Word allows 63)."""
    max_cells: int = attrs.field(default=2_000_000, validator=_positive_int)
    """Rows × columns of one table's grid, and the cells of all a document's tables together
    (DOCX, counted before the document is parsed)."""
    max_cell_chars: int = attrs.field(default=100_000, validator=_positive_int)
    """The characters of one cell (a plan's texts hold at most 32,767, Excel's limit)."""
    max_paragraphs: int = attrs.field(default=200_000, validator=_positive_int)
    """The paragraphs of a document, in its tables and out (DOCX, counted before the document is
    parsed; the 10,000-duty benchmark plan has about 55,000)."""
    max_tags: int = attrs.field(default=3_000_000, validator=_positive_int)
    """The tags (start, end and empty-element tags) of one XML part, counted by its ``<`` before it
    is parsed: each element costs a hundred bytes or more once parsed, whatever it is (the
    10,000-duty benchmark plan's document has about 1.3 million)."""
    max_notes: int = attrs.field(default=10_000, validator=_positive_int)
    """The paragraphs (DOCX) or rows (XLSX) with text outside the table: the label, the title, notes
    and any text around the table (a plan has a handful)."""
    max_pages: int = attrs.field(default=10_000, validator=_positive_int)
    """The pages of a PDF (the 10,000-duty benchmark plan prints on about 2,000)."""

    # -- tables

    def check_rows(self, rows: int, where: Callable[[], Location]) -> None:
        """Refuse a table once it has more than ``max_rows`` rows."""
        if rows > self.max_rows:
            raise LimitExceeded(
                Text(N_("the table has more than {most:,} rows"), most=self.max_rows),
                where(),
                Text(
                    N_(
                        "a damaged or padded file; if the table is really this long, "
                        "read it with limits=kp.Limits(max_rows={rows})"
                    ),
                    rows=rows * 2,
                ),
            )

    def check_grid(self, nrows: int, ncols: int, where: Callable[[], Location]) -> None:
        """Refuse a table grid beyond ``max_rows``, ``max_columns`` or ``max_cells``."""
        self.check_rows(nrows, where)
        if ncols > self.max_columns:
            raise LimitExceeded(
                Text(N_("the table is {ncols:,} columns wide, more than {most:,}"), ncols=ncols, most=self.max_columns),
                where(),
                Text(
                    N_(
                        "a stray cell or span far to the right? delete it, "
                        "or read it with a larger limit, limits=kp.Limits(max_columns=…)"
                    )
                ),
            )
        if nrows * ncols > self.max_cells:
            raise LimitExceeded(
                Text(
                    N_("the table's grid has {nrows:,} × {ncols:,} positions, more than {most:,}"),
                    nrows=nrows,
                    ncols=ncols,
                    most=self.max_cells,
                ),
                where(),
                Text(
                    N_(
                        "delete stray cells far from the table, "
                        "or read it with a larger limit, limits=kp.Limits(max_cells=…)"
                    )
                ),
            )

    def check_parts(self, tags: int, paragraphs: int, rows: int, cells: int, where: Location) -> None:
        """Refuse a document with more tags, paragraphs, table rows or table cells in all than
        ``max_tags``, ``max_paragraphs``, ``max_rows`` or ``max_cells``: counted in its XML before
        it is parsed, so that a file of millions of tiny elements costs neither the time nor the
        memory of a tree."""
        for count, most, what, option in (
            (tags, self.max_tags, N_("the document has more than {most:,} XML tags ({count:,})"), "max_tags"),
            (
                paragraphs,
                self.max_paragraphs,
                N_("the document has more than {most:,} paragraphs ({count:,})"),
                "max_paragraphs",
            ),
            (rows, self.max_rows, N_("the document has more than {most:,} rows in its tables ({count:,})"), "max_rows"),
            (
                cells,
                self.max_cells,
                N_("the document has more than {most:,} cells in its tables ({count:,})"),
                "max_cells",
            ),
        ):
            if count > most:
                raise LimitExceeded(
                    Text(what, most=most, count=count),
                    where,
                    Text(
                        N_(
                            "a damaged or padded file; if the document is really this long, "
                            "read it with limits=kp.Limits({option}={count})"
                        ),
                        option=option,
                        count=count,
                    ),
                )

    def check_notes(self, notes: int, where: Callable[[], Location]) -> None:
        """Refuse a document once it has more than ``max_notes`` texts outside its table."""
        if notes > self.max_notes:
            raise LimitExceeded(
                Text(
                    N_("the document has more than {most:,} paragraphs of text outside its tables"), most=self.max_notes
                ),
                where(),
                Text(
                    N_(
                        "not an allocation table with a few notes: if it really is, "
                        "read it with a larger limit, limits=kp.Limits(max_notes=…)"
                    )
                ),
            )

    def check_text(self, text: str, where: Callable[[], Location]) -> None:
        """Refuse a cell text longer than ``max_cell_chars``."""
        if len(text) > self.max_cell_chars:
            raise LimitExceeded(
                Text(
                    N_("the cell holds {count:,} characters, more than {most:,}"),
                    count=len(text),
                    most=self.max_cell_chars,
                ),
                where(),
                Text(
                    N_(
                        "no table cell is this long: the file is damaged, "
                        "or read it with a larger limit, limits=kp.Limits(max_cell_chars=…)"
                    )
                ),
            )


_FIELDS: Final = tuple(field.name for field in attrs.fields(Limits))
#: The limits every reader applies unless told otherwise.
DEFAULT: Final = Limits()
