"""The zip package of a workbook: its parts found through their relationships, and its sheets."""

from __future__ import annotations

import posixpath
import zipfile
from typing import BinaryIO, Final, NamedTuple

from lxml import etree

from kepu_plan._i18n import N_, Text
from kepu_plan._limits import DEFAULT as DEFAULT_LIMITS
from kepu_plan._limits import Limits, parse_xml, xml_parser
from kepu_plan._sniff import KINDS, Kind, foreign_error, sniff_stream, zip_kind
from kepu_plan.errors import Location, ReadError

__all__ = ["MAIN_NAMESPACES", "Package", "SheetEntry", "Sheets", "workbook_sheets"]

MAIN_NAMESPACES: Final = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_DOC_REL_NAMESPACES: Final = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_PACKAGE_RELS: Final = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CONTENT_TYPES: Final = "{http://schemas.openxmlformats.org/package/2006/content-types}Override"
_WORKBOOK_TYPES: Final = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
)


class Package:
    """The zip package of a workbook, its parts found through their relationships."""

    def __init__(self, stream: BinaryIO, file: str | None, limits: Limits = DEFAULT_LIMITS) -> None:
        self.file = file
        self.limits = limits
        self.zip = _open_zip(stream, file, limits)
        self.names = {name.lower(): name for name in self.zip.namelist()}
        self.parser = xml_parser(remove_comments=True)

    def where(self, sheet: str | None = None, cell: str | None = None) -> Location:
        return Location(file=self.file, sheet=sheet, cell=cell)

    def has(self, part: str) -> bool:
        return part.lower() in self.names

    def read(self, part: str, sheet: str | None = None) -> bytes:
        """A part's bytes, unpacked."""
        member = self.names.get(part.lower())
        if member is None:
            raise ReadError(
                Text(N_("the workbook lacks its part {part}"), part=part),
                self.where(sheet),
                hint=Text(N_("the file is damaged")),
            )
        try:
            return self.zip.read(member)
        except Exception as error:
            raise ReadError(
                Text(N_("cannot unpack part {part}: {error}"), part=part, error=str(error)),
                self.where(sheet),
                hint=Text(
                    N_("the file is damaged or truncated: get it again, or open and save it again in Excel or WPS")
                ),
            ) from error

    def xml(self, part: str, sheet: str | None = None) -> etree._Element:
        """A part parsed whole (safely: see :func:`kepu_plan._limits.parse_xml`)."""
        return self.parse(part, self.read(part, sheet), sheet)

    def parse(self, part: str, data: bytes, sheet: str | None = None) -> etree._Element:
        """A part's bytes, read already, parsed whole (safely: see :func:`kepu_plan._limits.parse_xml`)."""
        return parse_xml(data, Text(N_("part {part}"), part=part), self.where(sheet), parser=self.parser)

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """A part's relationships: id → (type's last word, target part name)."""
        folder, base = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_part):
            return {}
        found: dict[str, tuple[str, str]] = {}
        for rel in self.xml(rels_part).iter(_PACKAGE_RELS):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External" or not target:
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            found[rel.get("Id") or ""] = (kind, posixpath.normpath(path))
        return found

    def workbook_part(self) -> str:
        """The workbook part: by the root relationship, by content type, or where it usually is.

        Every candidate is checked, since some writers leave a root relationship pointing elsewhere.
        """
        candidates = [target for kind, target in self.rels("").values() if kind == "officeDocument"]
        if self.has("[Content_Types].xml"):
            for override in self.xml("[Content_Types].xml").iter(_CONTENT_TYPES):
                if override.get("ContentType") in _WORKBOOK_TYPES:
                    candidates.append((override.get("PartName") or "").lstrip("/"))
        candidates.append("xl/workbook.xml")
        for part in candidates:
            if self.has(part) and etree.QName(self.xml(part)).localname == "workbook":
                return part
        if self.has("word/document.xml"):
            hint: str | None = Text(N_("it looks like a DOCX document: read it with read_docx"))
        else:
            kind = zip_kind(self.zip.namelist(), self.zip.read)
            if kind.key not in ("zip", "xlsx"):
                raise foreign_error(kind, "xlsx", self.where())
            hint = Text(N_("unpack the archive and read the .xlsx inside, or save the table in Excel or WPS as .xlsx"))
        raise ReadError(Text(N_("not an XLSX workbook: the zip file holds no workbook")), self.where(), hint=hint)


def _open_zip(stream: BinaryIO, file: str | None, limits: Limits) -> zipfile.ZipFile:
    from kepu_plan._limits import open_package

    where = Location(file=file)
    return open_package(limits, stream, where, lambda rewound: _not_a_workbook(sniff_stream(rewound, file), where))


def _not_a_workbook(kind: Kind, where: Location) -> ReadError:
    """The error for content that is not a zip package, saying what it is where that is known."""
    if kind.key == "empty":
        return ReadError(Text(N_("the file is empty")), where, KINDS["empty"].advice)
    if kind.key == "encrypted":
        return ReadError(
            Text(N_("not an XLSX workbook: this is a password-protected (encrypted) workbook")),
            where,
            Text(
                N_(
                    "open it in Excel (文件 → 信息 → 保护工作簿 → 用密码进行加密, clear the password) or in WPS "
                    "(文件 → 文档加密), and save it again without a password"
                )
            ),
        )
    if kind.key == "ole":
        return ReadError(
            Text(N_("not an XLSX workbook: an old-style .xls workbook or a password-protected file")),
            where,
            hint=Text(N_("save it in Excel or WPS as .xlsx, without a password")),
        )
    if kind.key in ("docx", "xlsx", "zip-damaged"):  # a zip package zipfile cannot open
        return ReadError(
            Text(N_("not an XLSX workbook (not a zip file): the package is damaged or truncated")),
            where,
            KINDS["zip-damaged"].advice,
        )
    if kind.known:
        return foreign_error(kind, "xlsx", where)
    return ReadError(
        Text(N_("not an XLSX workbook (not a zip file)")),
        where,
        Text(N_("open the table in Excel or WPS and save it as .xlsx")),
    )


class SheetEntry(NamedTuple):
    """A worksheet as the workbook lists it: its tab name, its part and its state."""

    title: str
    part: str
    state: str  # "visible", "hidden" or "veryHidden"


class Sheets(NamedTuple):
    """What the workbook part says: the worksheets in tab order, the shared strings and styles
    parts, and whether dates count from 1904."""

    sheets: list[SheetEntry]
    strings: str | None
    styles: str | None
    date1904: bool


def workbook_sheets(package: Package) -> Sheets:
    """The worksheets and shared parts of a workbook, from its workbook part."""
    part = package.workbook_part()
    root = package.xml(part)
    namespace = etree.QName(root).namespace or MAIN_NAMESPACES[0]
    rels = package.rels(part)
    properties = root.find(f"{{{namespace}}}workbookPr")
    date1904 = properties is not None and (properties.get("date1904") or "").lower() in ("1", "true")
    sheets: list[SheetEntry] = []
    for sheet in root.iter(f"{{{namespace}}}sheet"):
        rel_id = next((sheet.get(f"{{{ns}}}id") for ns in _DOC_REL_NAMESPACES if sheet.get(f"{{{ns}}}id")), None)
        kind, target = rels.get(rel_id or "", ("", ""))
        if kind == "worksheet":
            sheets.append(SheetEntry(sheet.get("name") or "", target, sheet.get("state") or "visible"))
    strings = next((target for kind, target in rels.values() if kind == "sharedStrings"), None)
    styles = next((target for kind, target in rels.values() if kind == "styles"), None)
    return Sheets(sheets, strings, styles, date1904)
