"""The DOCX package: opening the ZIP within the limits, finding the main document part, refusing
what is not a Word document with an error that says what it is, and parsing a part once its
paragraphs, rows and cells are counted within the limits."""

from __future__ import annotations

import re
import zipfile
from typing import BinaryIO, Final

from lxml import etree

from kepu_plan._i18n import N_, Text
from kepu_plan._limits import Limits, declares_dtd, open_package, parse_xml, xml_parser
from kepu_plan._sniff import KINDS, Kind, foreign_error, sniff_stream, zip_kind
from kepu_plan.errors import Location, ReadError

__all__ = ["PACKAGE_RELS", "check_parts", "main_part", "parse_part"]

PACKAGE_RELS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT: Final = ("/officeDocument/2006/relationships/officeDocument", "/officeDocument")

# The paragraphs, rows and cells of a document, counted in its bytes before it is parsed (see
# Limits.check_parts): their start tags, ``<w:p>``, ``<w:p w:rsidR="…">`` or ``<w:p/>``, whatever
# the prefix, and any comment that looks like one: a count too high, never too low.  Every "<"
# counts as a tag, whatever the element (a run, a text, another namespace's paragraph).
_PARTS: Final = re.compile(rb"<(?:[^\s/>!?:]++:)?+(p|t[rc])[\s/>]")


def check_parts(data: bytes, limits: Limits, name: str | None) -> None:
    """Refuse a part with more tags, paragraphs, rows or cells than ``limits`` allow, before it is
    parsed."""
    if data[:4].startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")):  # UTF-16: count it as UTF-8
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    tags = data.count(b"<")
    where = Location(file=name)
    if tags <= min(limits.max_paragraphs, limits.max_rows, limits.max_cells):
        limits.check_parts(tags, tags, tags, tags, where)  # none can be more than the tags: no need to count
        return
    found = _PARTS.findall(data)
    limits.check_parts(tags, found.count(b"p"), found.count(b"tr"), found.count(b"tc"), where)


def parse_part(data: bytes, part: str, name: str | None) -> etree._Element:
    """One part parsed safely (no DTD, no entities): every failure a ReadError naming the part."""
    return parse_xml(
        data,
        part,
        Location(file=name),
        parser=xml_parser(),
        dtd_reason=Text(N_("{part} declares a DTD, which a Word document never does"), part=part),
    )


def main_part(stream: BinaryIO, name: str | None, limits: Limits) -> tuple[str, bytes]:
    """The name and the bytes of the main document part of a DOCX stream (``word/document.xml``),
    the package opened within ``limits``."""
    with _open_zip(stream, name, limits) as package:
        part = _main_part(package, name)
        return part, _read_member(package, part, name)


def _not_a_docx(kind: Kind, name: str | None) -> ReadError:
    """The error for content that is not a DOCX package, saying what it is where that is known."""
    where = Location(file=name)
    if kind.key == "ole":
        return ReadError(
            Text(N_("not a DOCX file: this is an old Word .doc or a password-protected file")),
            where,
            Text(N_("save it as .docx (Word 2007 or later) without a password")),
        )
    if kind.key == "empty":
        return ReadError(Text(N_("not a DOCX file: the file is empty")), where, kind.advice)
    if kind.key in ("docx", "xlsx", "zip-damaged"):  # a zip package zipfile cannot open
        return ReadError(
            Text(N_("not a DOCX file: the zip package is damaged or truncated")), where, KINDS["zip-damaged"].advice
        )
    if kind.known:
        return foreign_error(kind, "docx", where)
    return ReadError(Text(N_("not a DOCX file (not a zip package)")), where)


def _open_zip(stream: BinaryIO, name: str | None, limits: Limits) -> zipfile.ZipFile:
    return open_package(
        limits, stream, Location(file=name), lambda rewound: _not_a_docx(sniff_stream(rewound, name), name)
    )


def _read_member(package: zipfile.ZipFile, member: str, name: str | None) -> bytes:
    try:
        return package.read(package.getinfo(member))
    except Exception as e:  # BadZipFile, zlib/bz2/lzma errors, EOFError, NotImplementedError (method), RuntimeError
        raise ReadError(
            Text(N_("cannot unpack {member}: {error}"), member=member, error=str(e)),
            Location(file=name),
            Text(N_("the file is damaged or truncated: get it again, or open and save it again in Word or WPS")),
        ) from None


def _main_part(package: zipfile.ZipFile, name: str | None) -> str:
    """The main document part, as the package relationships name it (``word/document.xml``)."""
    names = set(package.namelist())
    if "_rels/.rels" in names:
        data = _read_member(package, "_rels/.rels", name)
        if declares_dtd(data):  # refused, even though the relationships could be done without
            parse_part(data, "_rels/.rels", name)
        try:
            rels: etree._Element | None = parse_part(data, "_rels/.rels", name)
        except ReadError:
            rels = None  # damaged relationships: look where the document usually is
        if rels is not None:
            for rel in rels.iter(f"{{{PACKAGE_RELS}}}Relationship"):
                if rel.get("Type", "").endswith(_OFFICE_DOCUMENT):
                    target = rel.get("Target", "").lstrip("/")
                    if target in names and not target.startswith(("xl/", "ppt/")):  # a workbook or slides
                        return target
    if "word/document.xml" in names:
        return "word/document.xml"
    if "xl/workbook.xml" in names:
        hint: str | None = Text(N_("this looks like an XLSX workbook: read it with read_xlsx"))
    else:
        kind = zip_kind(package.namelist(), package.read)
        if kind.key not in ("zip", "docx"):
            raise foreign_error(kind, "docx", Location(file=name))
        if kind.key == "docx":
            hint = Text(
                N_("the package lacks its main part: it is damaged; get it again or save it again in Word or WPS")
            )
        else:
            hint = Text(
                N_("a ZIP archive: unpack it and read the .docx inside, or save the table in Word or WPS as .docx")
            )
    raise ReadError(Text(N_("no word/document.xml: not a Word document")), Location(file=name), hint)
