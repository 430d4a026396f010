"""What a file really is, from its content: the error a reader gives for a file in the wrong format.

County offices rename files freely: a ``.doc`` that is really a DOCX, an HTML page saved by Word or
WPS with a ``.doc`` name, a WPS ``.wps`` or ``.et`` file, an old ``.xls`` workbook, a PDF.
:func:`sniff` looks at the bytes (the magic number, an OLE2 file's directory of streams, a ZIP
file's member names, the first lines of a text) and names the format as a :class:`Kind`;
:func:`foreign_error` turns that into a :class:`~kepu_plan.errors.ReadError` saying what the file
is and how to convert it (``soffice --headless --convert-to docx FILE``, or
``kp.read(path, convert=True)``).

>>> sniff(b"%PDF-1.7 ...").key
'pdf'
>>> sniff(b"{\\\\rtf1\\\\ansi hello}").target
'docx'
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from typing import BinaryIO, Final

import attrs

from kepu_plan._i18n import N_, Text
from kepu_plan.errors import Location, ReadError

__all__ = ["Kind", "foreign_error", "sniff", "sniff_stream", "zip_kind"]

OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: How much of a stream is looked at for a text format's marks.
_HEAD: Final = 8192
#: How much of an OLE2 file is searched for WPS Office's marks.
_OLE_SCAN: Final = 16 * 1024 * 1024


@attrs.frozen
class Kind:
    """A file format recognised by content.

    ``key`` names it (``doc``, ``wps``, ``xls``, ``et``, ``pdf``, ``html`` …); ``what`` describes it
    for a person; ``reads_as`` is the kepu_plan format that reads it directly (``docx``, ``xlsx``,
    ``json``) and ``target`` the format LibreOffice converts it to before reading (``docx`` or
    ``xlsx``); ``suffix`` is the suffix the converter gets; ``advice`` says what to do with a file
    that can be neither read nor converted.
    """

    key: str
    what: str
    reads_as: str | None = None
    target: str | None = None
    suffix: str = ""
    advice: str | None = None

    @property
    def known(self) -> bool:
        """Whether the content was recognised (not plain text, empty or unknown bytes)."""
        return self.key not in ("text", "unknown", "empty")


def _kind(key: str, what: str, **fields: str | None) -> Kind:
    """A kind whose description and advice (catalog texts) are shown in the reader's language."""
    advice = fields.pop("advice", None)
    return Kind(key, Text(what), advice=Text(advice) if advice else None, **fields)  # type: ignore[arg-type]


_PASSWORD: Final = N_(
    "remove the password in the program that made it (WPS: 文件 → 文档加密; Word: 文件 → 信息 → 保护文档) "
    "and save it again"
)
_PRESENTATION: Final = N_("a presentation holds no allocation table: ask for the Word or Excel file")
KINDS: Final = {
    "docx": _kind("docx", N_("a DOCX document"), reads_as="docx", suffix=".docx"),
    "xlsx": _kind("xlsx", N_("an XLSX workbook"), reads_as="xlsx", suffix=".xlsx"),
    "json": _kind("json", N_("JSON text"), reads_as="json", suffix=".json"),
    "doc": _kind("doc", N_("an old Word 97–2003 document (.doc)"), target="docx", suffix=".doc"),
    "wps": _kind("wps", N_("a WPS 文字 document (.wps)"), target="docx", suffix=".wps"),
    "xls": _kind("xls", N_("an old Excel 97–2003 workbook (.xls)"), target="xlsx", suffix=".xls"),
    "et": _kind("et", N_("a WPS 表格 workbook (.et)"), target="xlsx", suffix=".et"),
    "ppt": _kind(
        "ppt",
        N_("an old PowerPoint presentation (.ppt)"),
        suffix=".ppt",
        advice=_PRESENTATION,
    ),
    "encrypted": _kind(
        "encrypted", N_("a password-protected (encrypted) Office or WPS file"), suffix=".docx", advice=_PASSWORD
    ),
    "ole": _kind(
        "ole",
        N_("an OLE2 compound file (an old Office or WPS file, or a password-protected one)"),
        suffix=".doc",
        advice=N_("open it in WPS or Office and save it as .docx or .xlsx, without a password"),
    ),
    "pdf": _kind("pdf", N_("a PDF document"), reads_as="pdf", suffix=".pdf"),
    "rtf": _kind("rtf", N_("an RTF document"), target="docx", suffix=".rtf"),
    "html": _kind("html", N_("a web page (HTML), perhaps saved by Word or WPS"), target="docx", suffix=".html"),
    "html-excel": _kind(
        "html-excel", N_("a web page (HTML) saved by Excel or WPS 表格"), target="xlsx", suffix=".html"
    ),
    "mhtml": _kind("mhtml", N_("a single-file web page (MHTML) saved by Word or WPS"), target="docx", suffix=".html"),
    "word-xml": _kind("word-xml", N_("a Word 2003 XML document"), target="docx", suffix=".xml"),
    "excel-xml": _kind("excel-xml", N_("an Excel 2003 XML spreadsheet"), target="xlsx", suffix=".xml"),
    "odt": _kind("odt", N_("an OpenDocument text (.odt)"), target="docx", suffix=".odt"),
    "ods": _kind("ods", N_("an OpenDocument spreadsheet (.ods)"), target="xlsx", suffix=".ods"),
    "fodt": _kind("fodt", N_("a flat OpenDocument text (.fodt)"), target="docx", suffix=".fodt"),
    "fods": _kind("fods", N_("a flat OpenDocument spreadsheet (.fods)"), target="xlsx", suffix=".fods"),
    "odp": _kind(
        "odp",
        N_("an OpenDocument presentation (.odp)"),
        suffix=".odp",
        advice=_PRESENTATION,
    ),
    "pptx": _kind(
        "pptx",
        N_("a PowerPoint presentation (.pptx)"),
        suffix=".pptx",
        advice=_PRESENTATION,
    ),
    "ofd": _kind(
        "ofd",
        N_("an OFD document (版式文档)"),
        suffix=".ofd",
        advice=N_("an OFD file holds the table's picture, not the table: ask for the .docx, .wps or .xlsx file"),
    ),
    "zip": _kind(
        "zip",
        N_("a ZIP archive"),
        suffix=".zip",
        advice=N_("unpack it and read the table file inside"),
    ),
    "zip-damaged": _kind(
        "zip-damaged",
        N_("a damaged or truncated ZIP package (DOCX, XLSX or similar)"),
        suffix=".zip",
        advice=N_(
            "the file was cut short or damaged, perhaps by a mail system or an interrupted download: get it "
            "again from the sender"
        ),
    ),
    "archive": _kind(
        "archive",
        N_("a compressed archive (RAR, 7z or gzip)"),
        suffix="",
        advice=N_("unpack it and read the table inside"),
    ),
    "image": _kind(
        "image",
        N_("an image (a photo or scan)"),
        suffix="",
        advice=N_("a picture of a table cannot be read: ask for the .docx, .wps or .xlsx file"),
    ),
    "text": _kind("text", N_("plain text"), suffix=".txt"),
    "empty": _kind(
        "empty",
        N_("an empty file"),
        advice=N_("the file has no content: it was cut short or not saved; get it again from the sender"),
    ),
    "unknown": _kind("unknown", N_("a file of unknown format")),
    "lock": _kind(
        "lock",
        N_("an Office lock file (~$…), which Excel, WPS or Word leaves beside a file while it is open"),
        advice=N_("this is a lock file, not the table: read the real file, the one named without ~$"),
    ),
}
#: Office lock files are a few hundred bytes named ``~$`` and the name of the file they lock.
_LOCK_PREFIX: Final = "~$"
_LOCK_MOST: Final = 4096


# --- OLE2 (Compound File Binary): the directory of streams ------------------------------------------

_FREE: Final = 0xFFFFFFFF
_END_OF_CHAIN: Final = 0xFFFFFFFE
_MAX_SECTOR: Final = 0xFFFFFFFA


def ole_names(read_at: Callable[[int, int], bytes], size: int) -> set[str] | None:
    """The names of an OLE2 file's storages and streams, or None when its structure is broken.

    ``read_at(offset, length)`` reads the file.  Every loop is bounded by the file's size, so a
    damaged or hostile file costs at most one pass over its sectors.
    """
    header = read_at(0, 512)
    if len(header) < 512 or not header.startswith(OLE_MAGIC):
        return None
    shift = struct.unpack_from("<H", header, 0x1E)[0]
    if shift not in (9, 12):
        return None
    sector = 1 << shift
    sectors = max((size - 512) // sector + 1, 0)
    fat_count, dir_start = struct.unpack_from("<II", header, 0x2C)
    difat_start, difat_count = struct.unpack_from("<II", header, 0x44)
    fat_sectors = [s for s in struct.unpack_from("<109I", header, 0x4C) if s <= _MAX_SECTOR]
    seen: set[int] = set()
    while difat_start <= _MAX_SECTOR and difat_count > 0 and difat_start not in seen and len(seen) < sectors:
        seen.add(difat_start)
        block = read_at((difat_start + 1) * sector, sector)
        if len(block) < sector:
            break
        entries = struct.unpack_from(f"<{sector // 4}I", block)
        fat_sectors.extend(s for s in entries[:-1] if s <= _MAX_SECTOR)
        difat_start = entries[-1]
        difat_count -= 1
    fat_sectors = fat_sectors[: min(fat_count, sectors)]
    fat: list[int] = []
    for fat_sector in fat_sectors:
        block = read_at((fat_sector + 1) * sector, sector)
        if len(block) < sector:
            break
        fat.extend(struct.unpack_from(f"<{sector // 4}I", block))
    names: set[str] = set()
    current = dir_start
    visited: set[int] = set()
    while current <= _MAX_SECTOR and current not in visited and len(visited) < sectors:
        visited.add(current)
        block = read_at((current + 1) * sector, sector)
        if len(block) < sector:
            break
        for start in range(0, sector, 128):
            entry = block[start : start + 128]
            length = struct.unpack_from("<H", entry, 0x40)[0]
            kind = entry[0x42]
            if kind in (1, 2, 5) and 2 <= length <= 64 and length % 2 == 0:
                names.add(entry[: length - 2].decode("utf-16-le", errors="replace"))
        current = fat[current] if current < len(fat) else _END_OF_CHAIN
    return names or None


_OLE_STREAMS: Final = ("WordDocument", "Workbook", "Book", "PowerPoint Document", "EncryptedPackage", "WpsCustomData")


def _ole_kind(data_at: Callable[[int, int], bytes], size: int, suffix: str) -> Kind:
    names = ole_names(data_at, size)
    scan = data_at(0, min(size, _OLE_SCAN))
    if names is None:  # a broken directory: look for the stream names anywhere
        names = {name for name in _OLE_STREAMS if name.encode("utf-16-le") in scan}
    lowered = {name.lower() for name in names}
    by_wps = (
        "wpscustomdata" in lowered or b"KSOProductBuildVer" in scan or "KSOProductBuildVer".encode("utf-16-le") in scan
    )
    if "encryptedpackage" in lowered:
        return KINDS["encrypted"]
    if "worddocument" in lowered:
        return KINDS["wps" if by_wps or suffix == ".wps" else "doc"]
    if "workbook" in lowered or "book" in lowered:
        return KINDS["et" if by_wps or suffix == ".et" else "xls"]
    if "powerpoint document" in lowered:
        return KINDS["ppt"]
    return KINDS["ole"]


# --- ZIP packages ---------------------------------------------------------------------------------


def zip_kind(names: list[str], read_member: Callable[[str], bytes] | None = None) -> Kind:
    """What a ZIP package holds, from its member names (and ODF's ``mimetype`` member)."""
    lowered = {name.lower() for name in names}
    if "word/document.xml" in lowered:
        return KINDS["docx"]
    if "xl/workbook.xml" in lowered:
        return KINDS["xlsx"]
    if "ppt/presentation.xml" in lowered:
        return KINDS["pptx"]
    if "ofd.xml" in lowered:
        return KINDS["ofd"]
    if "mimetype" in lowered and read_member is not None:
        try:
            mimetype = read_member(next(name for name in names if name.lower() == "mimetype"))[:100]
        except Exception:
            mimetype = b""
        for suffix, key in ((b".text", "odt"), (b".spreadsheet", "ods"), (b".presentation", "odp")):
            if mimetype.strip().endswith(suffix):
                return KINDS[key]
    if "[content_types].xml" in lowered:
        # an OOXML package whose main part has another name: let the reader find it
        if any(name.startswith("xl/") for name in lowered):
            return KINDS["xlsx"]
        if any(name.startswith("word/") for name in lowered):
            return KINDS["docx"]
    return KINDS["zip"]


# --- text -----------------------------------------------------------------------------------------


def _decode_head(head: bytes) -> str | None:
    """The beginning of a text file as text, or None for binary data."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head[: len(head) - len(head) % 2].decode("utf-16", errors="replace")
    else:
        if head.startswith(b"\xef\xbb\xbf"):
            head = head[3:]
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError as error:
            if error.start >= len(head) - 4:  # cut in the middle of a character
                text = head[: error.start].decode("utf-8")
            else:
                try:
                    text = head.decode("gb18030")
                except UnicodeDecodeError:
                    return None
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\r\n\f")
    if "\x00" in text or controls > len(text) // 20:
        return None
    return text


def _text_kind(text: str) -> Kind:
    stripped = text.lstrip()
    lowered = stripped[:_HEAD].lower()
    if lowered.startswith("mime-version:") or (
        "content-type: multipart/related" in lowered and lowered.index("content-type") < 1024
    ):
        return KINDS["mhtml"]
    if stripped.startswith("{\\rtf"):
        return KINDS["rtf"]
    if stripped.startswith(("{", "[")):
        return KINDS["json"]
    if 'progid="word.document"' in lowered or "<w:worddocument" in lowered:
        return KINDS["word-xml"]
    if 'progid="excel.sheet"' in lowered or "urn:schemas-microsoft-com:office:spreadsheet" in lowered:
        return KINDS["excel-xml"]
    if "<office:document" in lowered:
        if "opendocument.spreadsheet" in lowered:
            return KINDS["fods"]
        if "opendocument.text" in lowered:
            return KINDS["fodt"]
    if any(mark in lowered for mark in ("<html", "<!doctype html", "<head", "<body", "<table", "<meta ")):
        if "urn:schemas-microsoft-com:office:excel" in lowered or 'content="excel.sheet"' in lowered:
            return KINDS["html-excel"]
        return KINDS["html"]
    return KINDS["text"]


# --- the whole --------------------------------------------------------------------------------------


def _suffix(name: str | None) -> str:
    if not name:
        return ""
    dot = name.rfind(".")
    return name[dot:].lower() if dot > name.replace("\\", "/").rfind("/") else ""


def sniff(data: bytes, name: str | None = None) -> Kind:
    """The kind of a file from its bytes (all of them, for ZIP and OLE2 files to be told apart).

    ``name`` only tells ``.wps`` from ``.doc`` and ``.et`` from ``.xls`` where the content does not.
    """
    return _sniff(
        data[:_HEAD], len(data), lambda offset, length: data[offset : offset + length], lambda: io.BytesIO(data), name
    )


def sniff_stream(stream: BinaryIO, name: str | None = None) -> Kind:
    """The kind of a seekable binary stream's content; its position is kept."""
    start = stream.tell()
    try:
        size = stream.seek(0, io.SEEK_END) - start

        def read_at(offset: int, length: int) -> bytes:
            stream.seek(start + offset)
            return stream.read(max(0, min(length, size - offset)))

        head = read_at(0, _HEAD)
        return _sniff(head, size, read_at, lambda: _Window(stream, start), name)
    finally:
        stream.seek(start)


class _Window(io.RawIOBase):
    """A stream seen from ``start`` on, for zipfile (which seeks to absolute offsets)."""

    def __init__(self, stream: BinaryIO, start: int) -> None:
        self.stream = stream
        self.start = start

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            offset += self.start
        return self.stream.seek(offset, whence) - self.start

    def tell(self) -> int:
        return self.stream.tell() - self.start

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _sniff(
    head: bytes,
    size: int,
    read_at: Callable[[int, int], bytes],
    open_zip: Callable[[], BinaryIO | io.RawIOBase],
    name: str | None,
) -> Kind:
    if not head:
        return KINDS["empty"]
    if (
        name
        and name.replace("\\", "/").rsplit("/", 1)[-1].startswith(_LOCK_PREFIX)
        and size <= _LOCK_MOST
        and not head.startswith((OLE_MAGIC, b"PK"))
    ):
        return KINDS["lock"]
    if head.startswith(OLE_MAGIC):
        return _ole_kind(read_at, size, _suffix(name))
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        try:
            with zipfile.ZipFile(open_zip()) as package:
                return zip_kind(package.namelist(), package.read)
        except Exception:
            return KINDS["zip-damaged"]
    if b"%PDF-" in head[:1024]:
        return KINDS["pdf"]
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")):
        return KINDS["image"]
    if head.startswith((b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b")):
        return KINDS["archive"]
    text = _decode_head(head)
    if text is None:
        return KINDS["unknown"]
    if not text.strip():
        return KINDS["empty"] if size == len(head) else KINDS["text"]
    return _text_kind(text)


_EXPECTED: Final = {
    "docx": N_("a DOCX file"),
    "xlsx": N_("an XLSX workbook"),
    "json": N_("a JSON plan"),
    "pdf": N_("a PDF document"),
}
_READERS: Final = {
    "docx": "read_docx (format='docx')",
    "xlsx": "read_xlsx (format='xlsx')",
    "json": "read_json",
    "pdf": "read_pdf (format='pdf')",
}


def foreign_error(kind: Kind, expected: str | None, where: Location) -> ReadError:
    """The error for a file of ``kind`` given to the reader of ``expected`` (or to none).

    It says what the file is and what to do: read it with the right reader, convert it with
    LibreOffice (``kp.read(path, convert=True)`` or ``soffice --headless --convert-to …``), or
    ask for another file.
    """
    if expected in _EXPECTED:
        reason = Text(N_("not {expected}: this is {what}"), expected=Text(_EXPECTED[expected]), what=kind.what)
    elif kind.target is not None:
        reason = Text(N_("this is {what}, which kepu_plan does not read directly"), what=kind.what)
    else:
        reason = Text(N_("this is {what}, not a table kepu_plan can read"), what=kind.what)
    hint: str | None
    if kind.reads_as is not None and kind.reads_as != expected:
        hint = Text(
            N_("read it with {reader}, or give it the suffix .{suffix}"),
            reader=_READERS[kind.reads_as],
            suffix=kind.reads_as,
        )
    elif kind.target is not None:
        program = Text(N_("WPS or Excel")) if kind.target == "xlsx" else Text(N_("WPS or Word"))
        hint = Text(
            N_(
                "convert it to .{target}: kp.read(path, convert=True) does it with LibreOffice, or run "
                "`soffice --headless --convert-to {target} FILE`, or open it in {program} and save it as "
                ".{target}"
            ),
            target=kind.target,
            program=program,
        )
    else:
        hint = kind.advice
    return ReadError(reason, where, hint)
