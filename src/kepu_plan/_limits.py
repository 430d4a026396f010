"""The safety behind :class:`kepu_plan.limits.Limits`: ZIP packages opened within the limits, XML
parsed safely, and the boundaries that turn any other failure of a reader into a :class:`ReadError`.

- **ZIP packages** (DOCX, XLSX) are checked from their central directory, before any member is
  unpacked (:func:`open_package`): the member count, also from the end-of-central-directory record
  before :mod:`zipfile` reads the directory, the sum of the unpacked sizes and each large member's
  compression ratio.
- **XML** is parsed with entity resolution, DTD loading and network access off and without
  libxml2's ``huge`` option (so at most 256 levels deep and 10 MB per text node); a part that
  declares a DOCTYPE or an entity is refused outright (billion laughs, external entities).
- **Boundaries**: :func:`unexpected` and :func:`interpreted` make an exception no reader foresaw a
  :class:`ReadError` naming the file, so that every failure a file can cause is a
  :class:`~kepu_plan.errors.KepuPlanError`.

:class:`Limits` and :data:`DEFAULT` live in the public module :mod:`kepu_plan.limits` and are
re-exported here.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, BinaryIO, Final, TypedDict, TypeVar

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import KepuPlanError, LimitExceeded, Location, ReadError
from kepu_plan.limits import DEFAULT, Limits, MiB

_T = TypeVar("_T")

if TYPE_CHECKING:  # lxml and zipfile are imported when a format needs them, not with kepu_plan
    import zipfile

    from lxml import etree

__all__ = [
    "CONVERT_TIMEOUT",
    "DEFAULT",
    "LimitExceeded",
    "Limits",
    "MiB",
    "at_boundary",
    "check_zip",
    "check_zip_stream",
    "interpreted",
    "open_package",
    "parse_xml",
    "read_bounded",
    "seekable",
    "unexpected",
    "xml_parser",
]

#: Seconds a LibreOffice conversion (``kp.read(path, convert=True)``) may take by default.
CONVERT_TIMEOUT: Final = 120.0


def check_zip_stream(limits: Limits, stream: BinaryIO, where: Location) -> None:
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
    if entries != 0xFFFF and entries > limits.max_members:
        raise _too_many_members(entries, limits.max_members, where)


def open_package(
    limits: Limits, stream: BinaryIO, where: Location, not_a_package: Callable[[BinaryIO], ReadError]
) -> zipfile.ZipFile:
    """A ZIP package (DOCX, XLSX) opened only as far as the limits allow.

    A stream that cannot seek is read into memory (up to ``max_bytes``); the member count is
    checked from the end record and the sizes from the central directory, before anything is
    unpacked.  Where :class:`zipfile.ZipFile` cannot open the stream, ``not_a_package`` is given
    the stream, rewound, and returns the error to raise (saying what the content is instead).
    """
    import zipfile  # with the format that needs it, not with kepu_plan

    stream = seekable(stream, limits.max_bytes, where)
    try:
        start = stream.tell()
    except (OSError, ValueError, AttributeError) as error:
        raise ReadError(Text(N_("cannot read the file: {error}"), error=str(error)), where) from None
    check_zip_stream(limits, stream, where)
    try:
        package = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, struct.error) as error:
        stream.seek(start)
        raise not_a_package(stream) from error
    try:
        check_zip(limits, package, where)
    except BaseException:
        package.close()
        raise
    _slashed_names(package)
    return package


def check_zip(limits: Limits, package: zipfile.ZipFile, where: Location) -> None:
    """Refuse a package beyond the member, size or ratio limits, from its central directory."""
    infos = package.infolist()
    if len(infos) > limits.max_members:
        raise _too_many_members(len(infos), limits.max_members, where)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ReadError(
                Text(N_("the package member {member} is encrypted"), member=info.filename),
                where,
                Text(N_("remove the password in the program that made the file and save it again")),
            )
        total += info.file_size
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
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
                Text(
                    N_(
                        "do not open this file; if you trust it, "
                        "read it with a larger limit, limits=kp.Limits(max_ratio=…)"
                    )
                ),
            )
    if total > limits.max_bytes:
        raise LimitExceeded(
            Text(
                N_("the package would unpack to {total:,} bytes, more than {most:,}"),
                total=total,
                most=limits.max_bytes,
            ),
            where,
            Text(
                N_(
                    "remove pictures and other sheets from the file, "
                    "or read it with a larger limit, limits=kp.Limits(max_bytes=…)"
                )
            ),
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


def _too_many_members(count: int, most: int, where: Location) -> ReadError:
    return LimitExceeded(
        Text(N_("the package holds {count:,} members, more than {most:,}: not an office file"), count=count, most=most),
        where,
        Text(
            N_(
                "a damaged or crafted file; if you trust it, "
                "read it with a larger limit, limits=kp.Limits(max_members=…)"
            )
        ),
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


def interpreted(interpret: Callable[[], _T], name: str | None) -> _T:
    """What ``interpret`` makes of a table a reader read, with the last resort at the boundary: an
    exception the layout code did not foresee becomes a :class:`ReadError` naming the file ``name``.

    Whatever options were given: the public functions check every option's value before the file
    is opened (:mod:`kepu_plan._options`), so any other failure here is the file's.
    """
    return at_boundary(interpret, Text(N_("cannot interpret the table")), Location(file=name))


def at_boundary(work: Callable[[], _T], what: str, where: Location) -> _T:
    """``work()`` at a reader's boundary: a :class:`KepuPlanError` passes, any other exception (of
    zipfile, lxml, a parser or a bug) becomes the :class:`ReadError` of :func:`unexpected`."""
    try:
        return work()
    except KepuPlanError:
        raise
    except Exception as error:
        raise unexpected(error, what, where) from error


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
            Text(
                N_(
                    "no allocation table is this large; if it really is, "
                    "read it with a larger limit, limits=kp.Limits(max_bytes=…)"
                )
            ),
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
