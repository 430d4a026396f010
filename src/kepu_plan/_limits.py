"""Limits against hostile files: what a reader refuses before it spends time or memory on it.

A county's allocation table is a few hundred rows in a file of a few hundred kilobytes.  A file far
beyond that is damaged or made to hurt (a zip bomb, billion laughs, a sheet whose used range runs to
row 1,048,576), and every reader refuses it with a :class:`~kepu_plan.errors.ReadError` that says
which limit it broke and how to raise it, before expanding it:

- **ZIP packages** (DOCX, XLSX) are checked from their central directory, before any member is
  unpacked: the number of members (``max_members``), the sum of their unpacked sizes
  (``max_bytes``) and each large member's compression ratio (``max_ratio``).  The entry count is
  checked from the end-of-central-directory record even before :mod:`zipfile` reads the directory.
  ``max_bytes`` also bounds the size of a JSON file, and of any stream read into memory.
- **XML** is parsed with entity resolution, DTD loading and network access off and without
  libxml2's ``huge`` option (so at most 256 levels deep and 10 MB per text node); a part that
  declares a DOCTYPE or an entity is refused outright (billion laughs, external entities).
- **Tables**: at most ``max_rows`` rows and ``max_columns`` columns, at most ``max_cells`` grid
  positions (rows × columns: the layout code walks them all), and at most ``max_cell_chars``
  characters in one cell.  A table with millions of empty rows is refused as soon as its row count
  passes the limit.
- **Documents**: at most ``max_tags`` XML tags, ``max_paragraphs`` paragraphs, ``max_rows`` table
  rows and ``max_cells`` table cells in all, counted in a DOCX's XML before it is parsed (a parsed
  element costs a hundred bytes or more, many times its few bytes of XML), and at most
  ``max_notes`` texts outside the table.

The defaults are far beyond any real table (the 10,000-duty benchmark plan is well inside them).
Change them per call, one by one or as a :class:`Limits`::

    kp.read("大表.xlsx", max_rows=500_000)
    kp.read("大表.xlsx", limits=Limits(max_bytes=1 << 30, max_rows=500_000))
"""

from __future__ import annotations

import io
import struct
from collections.abc import Callable, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any, BinaryIO, Final, TypedDict, TypeVar

import attrs

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import KepuPlanError, LimitExceeded, Location, ReadError

_T = TypeVar("_T")

if TYPE_CHECKING:  # lxml and zipfile are imported when a format needs them, not with kepu_plan
    import zipfile

    from lxml import etree

__all__ = [
    "CONVERT_TIMEOUT",
    "DEFAULT",
    "LimitExceeded",
    "Limits",
    "parse_xml",
    "read_bounded",
    "unexpected",
    "xml_parser",
]

MiB: Final = 1024 * 1024


#: Seconds a LibreOffice conversion (``kp.read(path, convert=True)``) may take by default.
CONVERT_TIMEOUT: Final = 120.0


def _positive_int(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise TypeError(f"Limits.{attribute.name} must be a positive int, not {value!r}")


def _positive_number(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise TypeError(f"Limits.{attribute.name} must be a positive number, not {value!r}")


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

    @classmethod
    def take(cls, limits: Limits | None, options: MutableMapping[str, Any]) -> Limits:
        """The limits for one read: ``limits`` (or the defaults) with any ``max_…`` keyword taken
        out of ``options`` applied on top.

        >>> options = {"max_rows": 5, "sheet": "分工表"}
        >>> Limits.take(None, options).max_rows, options
        (5, {'sheet': '分工表'})
        """
        if limits is None:
            limits = DEFAULT
        elif not isinstance(limits, Limits):
            raise TypeError(f"limits must be a Limits, not {type(limits).__name__}")
        changes = {name: options.pop(name) for name in _FIELDS if name in options}
        return attrs.evolve(limits, **changes) if changes else limits

    # -- tables

    def check_rows(self, rows: int, where: Callable[[], Location]) -> None:
        """Refuse a table once it has more than ``max_rows`` rows."""
        if rows > self.max_rows:
            raise LimitExceeded(
                Text(N_("the table has more than {most:,} rows"), most=self.max_rows),
                where(),
                Text(
                    N_("a damaged or padded file; if the table is really this long, read it with max_rows={rows}"),
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
                Text(N_("a stray cell or span far to the right? delete it, or read with a larger max_columns=")),
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
                Text(N_("delete stray cells far from the table, or read with a larger max_cells=")),
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
                            "read it with {option}={count}"
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
                Text(N_("not an allocation table with a few notes: if it really is, read it with a larger max_notes=")),
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
                Text(N_("no table cell is this long: the file is damaged, or read it with a larger max_cell_chars=")),
            )

    # -- ZIP packages

    def check_zip_stream(self, stream: BinaryIO, where: Location) -> None:
        """Refuse a ZIP file whose end record announces more than ``max_members`` entries.

        Read from the last 64 KiB of the stream, before :class:`zipfile.ZipFile` reads the whole
        central directory; the stream's position is kept.
        """
        try:
            start = stream.tell()
            size = stream.seek(0, io.SEEK_END)
            tail_size = min(size, 65_536 + 22)
            stream.seek(size - tail_size)
            tail = stream.read(tail_size)
            stream.seek(start)
        except (OSError, ValueError):
            return  # zipfile will say what is wrong
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) < at + 22:
            return
        entries = struct.unpack_from("<H", tail, at + 10)[0]
        if entries != 0xFFFF and entries > self.max_members:
            raise _too_many_members(entries, self.max_members, where)

    def open_package(
        self, stream: BinaryIO, where: Location, not_a_package: Callable[[BinaryIO], ReadError]
    ) -> zipfile.ZipFile:
        """A ZIP package (DOCX, XLSX) opened only as far as the limits allow.

        A stream that cannot seek is read into memory (up to ``max_bytes``); the member count is
        checked from the end record and the sizes from the central directory, before anything is
        unpacked.  Where :class:`zipfile.ZipFile` cannot open the stream, ``not_a_package`` is given
        the stream, rewound, and returns the error to raise (saying what the content is instead).
        """
        import zipfile  # with the format that needs it, not with kepu_plan

        stream = seekable(stream, self.max_bytes, where)
        try:
            start = stream.tell()
        except (OSError, ValueError, AttributeError) as error:
            raise ReadError(Text(N_("cannot read the file: {error}"), error=str(error)), where) from None
        self.check_zip_stream(stream, where)
        try:
            package = zipfile.ZipFile(stream)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, struct.error) as error:
            stream.seek(start)
            raise not_a_package(stream) from error
        try:
            self.check_zip(package, where)
        except BaseException:
            package.close()
            raise
        _slashed_names(package)
        return package

    def check_zip(self, package: zipfile.ZipFile, where: Location) -> None:
        """Refuse a package beyond the member, size or ratio limits, from its central directory."""
        infos = package.infolist()
        if len(infos) > self.max_members:
            raise _too_many_members(len(infos), self.max_members, where)
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise ReadError(
                    Text(N_("the package member {member} is encrypted"), member=info.filename),
                    where,
                    Text(N_("remove the password in the program that made the file and save it again")),
                )
            total += info.file_size
            if info.file_size > self.ratio_floor and info.file_size > self.max_ratio * max(info.compress_size, 1):
                ratio = info.file_size / max(info.compress_size, 1)
                raise LimitExceeded(
                    Text(
                        N_(
                            "the package member {member} would unpack {ratio:,.0f} times larger than it is "
                            "packed ({size:,} bytes): a zip bomb, not an office file"
                        ),
                        member=info.filename,
                        ratio=ratio,
                        size=info.file_size,
                    ),
                    where,
                    Text(N_("do not open this file; if you trust it, read it with a larger max_ratio=")),
                )
        if total > self.max_bytes:
            raise LimitExceeded(
                Text(
                    N_("the package would unpack to {total:,} bytes, more than {most:,}"),
                    total=total,
                    most=self.max_bytes,
                ),
                where,
                Text(N_("remove pictures and other sheets from the file, or read it with a larger max_bytes=")),
            )


def _slashed_names(package: zipfile.ZipFile) -> None:
    """Let a member named with backslashes (``xl\\workbook.xml``, as some Windows tools write) be
    found by its name with forward slashes, as Excel and the other readers find it.  A name that
    the package also holds with forward slashes keeps that member."""
    for info in package.infolist():
        if "\\" in info.filename:
            name = info.filename.replace("\\", "/")
            if name not in package.NameToInfo:
                del package.NameToInfo[info.filename]
                info.filename = name
                package.NameToInfo[name] = info


_FIELDS: Final = tuple(field.name for field in attrs.fields(Limits))
#: The limits every reader applies unless told otherwise.
DEFAULT: Final = Limits()


def _too_many_members(count: int, most: int, where: Location) -> ReadError:
    return LimitExceeded(
        Text(N_("the package holds {count:,} members, more than {most:,}: not an office file"), count=count, most=most),
        where,
        Text(N_("a damaged or crafted file; if you trust it, read it with a larger max_members=")),
    )


def unexpected(error: BaseException, what: str, where: Location) -> ReadError:
    """The :class:`ReadError` for an exception no reader foresaw: the last resort at a format's boundary.

    The caller chains ``error`` as the cause, so that a bug report keeps the traceback.
    """
    reason: Text
    if isinstance(error, MemoryError):
        reason = Text(N_("{what}: out of memory"), what=what)
    elif isinstance(error, RecursionError):
        reason = Text(N_("{what}: the file is nested too deeply"), what=what)
    else:
        detail = str(error)
        if len(detail) > 200:
            detail = detail[:200] + "…"
        name = type(error).__name__
        reason = Text(N_("{what}: {error}"), what=what, error=f"{name}: {detail}" if detail else name)
    return ReadError(
        reason,
        where,
        Text(
            N_(
                "the file is damaged or was made by an unusual program: open it in WPS, Word or Excel and save it "
                "again; if that does not help, please report it to the kepu_plan developers with the file"
            )
        ),
    )


def interpreted(interpret: Callable[[], _T], name: str | None, options: Mapping[str, Any]) -> _T:
    """What ``interpret`` makes of a table a reader read, with the last resort at the boundary: an
    exception the layout code did not foresee becomes a :class:`ReadError` naming the file ``name``.

    A ``TypeError`` or ``ValueError`` when ``options`` were given is most likely a bad option
    (``columns=…``): the caller's error, not the file's, so it is raised as it is.
    """
    try:
        return interpret()
    except KepuPlanError:
        raise
    except Exception as error:
        if options and isinstance(error, TypeError | ValueError):
            raise
        raise unexpected(error, Text(N_("cannot interpret the table")), Location(file=name)) from error


def seekable(stream: BinaryIO, limit: int, where: Location) -> BinaryIO:
    """``stream`` itself when it can seek, else its content (at most ``limit`` bytes) in memory."""
    try:
        can_seek = stream.seekable()
    except (OSError, ValueError, AttributeError):
        can_seek = False
    return stream if can_seek else io.BytesIO(read_bounded(stream, limit, where))


def read_bounded(stream: BinaryIO, limit: int, where: Location) -> bytes:
    """All of a stream, refusing it once it passes ``limit`` bytes."""
    try:
        data = stream.read(limit + 1)
    except (OSError, ValueError) as error:
        raise ReadError(Text(N_("cannot read the file: {error}"), error=str(error)), where) from None
    if not isinstance(data, bytes | bytearray):
        raise ReadError(
            Text(N_("cannot read the file: the stream gave {kind}, not bytes"), kind=type(data).__name__), where
        )
    if len(data) > limit:
        raise LimitExceeded(
            Text(N_("the file is larger than {most:,} bytes"), most=limit),
            where,
            Text(N_("no allocation table is this large; if it really is, read it with a larger max_bytes=")),
        )
    return bytes(data)


# --- XML ------------------------------------------------------------------------------------------


class _SafeXml(TypedDict):
    resolve_entities: bool
    no_network: bool
    load_dtd: bool
    dtd_validation: bool
    huge_tree: bool
    collect_ids: bool


#: What every XML parse of a file's part is told (for ``etree.XMLParser`` and ``etree.iterparse``
#: alike): resolve no entity, load no DTD, fetch nothing, keep libxml2's limits.
SAFE_XML: Final[_SafeXml] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "collect_ids": False,
}


def xml_parser(*, remove_comments: bool = False) -> etree.XMLParser:
    """A parser that resolves no entity, loads no DTD, fetches nothing and keeps libxml2's limits."""
    from lxml import etree

    return etree.XMLParser(**SAFE_XML, remove_comments=remove_comments, remove_pis=remove_comments)


def declares_dtd(data: bytes) -> bool:
    """Whether an XML text has a DOCTYPE (with or without entity declarations) before its root.

    Only the prolog is looked at: comments and processing instructions are skipped, and the scan
    stops at the root element, so this is fast however large the part.

    >>> declares_dtd(b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a/>')
    True
    >>> declares_dtd(b'<?xml version="1.0"?><!-- <!DOCTYPE --><a>&lt;!DOCTYPE</a>')
    False
    """
    head = data[:4]
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00?\x00", b"\x00<\x00?")):
        try:
            text = data[:65_536].decode("utf-16", errors="ignore").encode("utf-8")
        except (UnicodeError, ValueError):
            return False
    else:
        text = data
    i = 3 if text.startswith(b"\xef\xbb\xbf") else 0
    end = len(text)
    while i < end:
        while i < end and text[i] in b" \t\r\n":
            i += 1
        if text.startswith(b"<?", i):
            close = text.find(b"?>", i + 2)
            if close < 0:
                return False
            i = close + 2
        elif text.startswith(b"<!--", i):
            close = text.find(b"-->", i + 4)
            if close < 0:
                return False
            i = close + 3
        elif text.startswith(b"<!", i):
            return text[i + 2 : i + 9].upper() in (b"DOCTYPE", b"ENTITY ") or text[i + 2 : i + 8].upper() == b"ENTITY"
        else:
            return False
    return False


def parse_xml(
    data: bytes,
    part: str,
    where: Location,
    *,
    parser: etree.XMLParser | None = None,
    dtd_reason: str | None = None,
) -> etree._Element:
    """Parse one package part safely, every failure a :class:`ReadError` naming the part.

    A DOCTYPE is refused before parsing (``dtd_reason`` overrides the reason given); a part deeper
    than 256 levels or with a text node over 10 MB is refused by libxml2's limits.
    """
    from lxml import etree

    if declares_dtd(data):
        raise ReadError(
            dtd_reason or Text(N_("{part} declares a DTD, which an office file never does"), part=part),
            where,
            Text(N_("the file was crafted or damaged: do not open it in other programs either")),
        )
    try:
        root = etree.fromstring(data, parser if parser is not None else xml_parser())
    except etree.XMLSyntaxError as error:
        message = str(error.msg or error)
        if "amplification" in message:
            raise ReadError(
                Text(N_("{part} uses entities to blow up its size"), part=part),
                where,
                Text(N_("the file was crafted: do not open it")),
            ) from None
        if "depth" in message or "huge" in message.lower() or "too long" in message or "Resource limit" in message:
            raise LimitExceeded(
                Text(
                    N_("{part} is nested too deeply or holds a text too large to be a table ({message})"),
                    part=part,
                    message=message,
                ),
                where,
                Text(N_("the file is damaged or crafted: open it in Word, WPS or Excel and save it again")),
            ) from None
        if error.lineno:
            reason = Text(
                N_("{part} is not well-formed XML (line {line}): {message}"),
                part=part,
                line=error.lineno,
                message=message,
            )
        else:
            reason = Text(N_("{part} is not well-formed XML: {message}"), part=part, message=message)
        raise ReadError(
            reason, where, Text(N_("the file is damaged; open and save it again in Word, WPS or Excel"))
        ) from None
    except ValueError as error:  # lxml refuses some inputs (e.g. a str with an encoding declaration)
        raise ReadError(
            Text(N_("{part} cannot be parsed as XML: {error}"), part=part, error=str(error)), where
        ) from None
    docinfo: Any = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ReadError(
            dtd_reason or Text(N_("{part} declares a DTD, which an office file never does"), part=part),
            where,
            Text(N_("the file was crafted or damaged: do not open it in other programs either")),
        )
    return root
