"""The .docx package: read safely (zip checks, size limits; parts parsed by ``ooxml.xml``) and written
back (same entry order, fixed timestamps, so the same parts give the same bytes)."""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from sectrack.errors import BadDocument
from sectrack.ooxml.names import CONTENT_TYPES, PKG_REL, WML_CT, R, W
from sectrack.ooxml.xml import parse_xml

MAX_PART_BYTES = 256 * 1024 * 1024  # one uncompressed part
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # the whole package, uncompressed
MAX_RATIO = 200  # uncompressed/compressed, for parts over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 10_000

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # every entry written: the same parts give the same bytes
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Package:
    """The parts of an opened .docx that the reader uses, parsed."""

    path: str
    zf: zipfile.ZipFile
    main: str  # part name of the main document, e.g. "word/document.xml"
    _read: int = 0

    def has(self, name: str) -> bool:
        """True when the package holds part ``name``."""
        try:
            self.zf.getinfo(name)
            return True
        except KeyError:
            return False

    def read(self, name: str) -> bytes:
        """The bytes of one part, within the size and ratio limits."""
        try:
            info = self.zf.getinfo(name)
        except KeyError:
            raise BadDocument(self.path, f"the package has no part {name}") from None
        limit = min(MAX_PART_BYTES, MAX_TOTAL_BYTES - self._read)
        chunks: list[bytes] = []
        size = 0
        try:
            with self.zf.open(info) as fh:
                while True:
                    chunk = fh.read(1 << 20)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:
                        raise BadDocument(self.path, f"part {name} is larger than the limit (zip bomb?)")
                    if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
                        raise BadDocument(
                            self.path, f"part {name} expands more than {MAX_RATIO}x (zip bomb?)"
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
            raise BadDocument(self.path, f"corrupt or truncated zip entry {name} ({exc})") from None
        self._read += size
        return b"".join(chunks)

    def xml(self, name: str) -> etree._Element:
        """Part ``name`` parsed as XML; DOCTYPE and entity declarations are refused."""
        return parse_xml(self.read(name), self.path, name)

    def xml_or_none(self, name: str | None) -> etree._Element | None:
        """Like xml(), or None when the part is absent."""
        return self.xml(name) if name and self.has(name) else None

    def rels(self, part: str) -> dict[str, tuple[str, str, str]]:
        """Relationships of ``part``: id -> (type suffix, target part name, target mode)."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_name):
            return {}
        out: dict[str, tuple[str, str, str]] = {}
        for rel in self.xml(rels_name):
            rtype = rel.get("Type", "").rsplit("/", 1)[-1]
            target = rel.get("Target", "")
            mode = rel.get("TargetMode", "Internal")
            if mode != "External":
                target = (
                    target.lstrip("/") if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target))
                )
            out[rel.get("Id", "")] = (rtype, target, mode)
        return out

    def related(self, part: str, rtype: str) -> list[tuple[str, str]]:
        """(id, part name) of the internal relationships of ``part`` with type suffix ``rtype``."""
        return [
            (rid, target)
            for rid, (t, target, mode) in self.rels(part).items()
            if t == rtype and mode != "External"
        ]


Source = str | Path | bytes | BinaryIO


def load_bytes(source: Source, name: str | None = None) -> tuple[bytes, str]:
    """The bytes of ``source`` (a path, bytes or a binary file object) and what messages call it."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), name or "<bytes>"
    if isinstance(source, (str, Path)):
        p = name or str(source)
        try:
            with open(source, "rb") as fh:
                return fh.read(), p
        except FileNotFoundError:
            raise BadDocument(p, "no such file") from None
        except IsADirectoryError:
            raise BadDocument(p, "is a directory, not a .docx file") from None
        except OSError as exc:
            raise BadDocument(p, f"cannot read ({exc.strerror})") from None
    label = name or str(getattr(source, "name", "") or "<stream>")
    try:
        data = source.read()
    except OSError as exc:
        raise BadDocument(label, f"cannot read ({exc})") from None
    if not isinstance(data, bytes):
        raise BadDocument(label, "not a binary file object (open it with 'rb')")
    return data, label


def open_package(data: bytes, path: str) -> Package:
    """Open the .docx bytes ``data`` (called ``path`` in messages), or raise BadDocument saying what is wrong."""
    p = path
    head = data[:8]
    if head.startswith(OLE_MAGIC):
        raise BadDocument(p, _ole_problem(data))
    if not head.startswith(b"PK"):
        raise BadDocument(p, "not a .docx file (not a zip archive)")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise BadDocument(p, "truncated or corrupt zip archive") from None
    except OSError as exc:
        raise BadDocument(p, f"cannot read ({exc})") from None
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise BadDocument(p, f"the zip holds more than {MAX_MEMBERS} entries (zip bomb?)")
    if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
        raise BadDocument(p, "the zip expands beyond the size limit (zip bomb?)")
    pkg = Package(p, zf, "")
    pkg.main = _main_part(pkg)
    return pkg


def _main_part(pkg: Package) -> str:
    for _rid, (rtype, target, _mode) in pkg.rels("").items():
        if rtype == "officeDocument" and pkg.has(target):
            return target
    if pkg.has("word/document.xml"):
        return "word/document.xml"
    raise BadDocument(pkg.path, "not a Word document (the zip has no word/document.xml)")


def _ole_problem(data: bytes) -> str:
    if "EncryptedPackage".encode("utf-16-le") in data[: 1 << 20]:
        return "password-protected (encrypted) Word file: remove the password and save as .docx"
    return "legacy Word .doc (OLE) file, not .docx: save it as .docx first"


# --- writing ---------------------------------------------------------------------------------------


@dataclass
class Parts:
    """Every entry of a package, in zip order, as the writer edits them."""

    names: list[str]
    data: dict[str, bytes]
    stored: set[str] = field(default_factory=set)  # entries the source did not compress
    main: str = "word/document.xml"
    related: dict[str, list[str]] = field(default_factory=dict)  # rel type -> part names


def load_parts(package: bytes, path: str) -> Parts:
    """Every entry of the package ``package`` (called ``path`` in messages), in zip order."""
    pkg = open_package(package, path)
    try:
        names: list[str] = []
        data: dict[str, bytes] = {}
        stored: set[str] = set()
        for info in pkg.zf.infolist():
            if info.filename in data:
                continue
            names.append(info.filename)
            data[info.filename] = b"" if info.is_dir() else pkg.read(info.filename)
            if info.compress_type == zipfile.ZIP_STORED:
                stored.add(info.filename)
        related = {t: [n for _, n in pkg.related(pkg.main, t)] for t in ("numbering", "footnotes", "endnotes")}
        return Parts(names, data, stored, pkg.main, related)
    finally:
        pkg.zf.close()


def zip_parts(src: Parts, replaced: dict[str, bytes]) -> bytes:
    """The package with ``replaced`` parts, same entry order, fixed timestamps."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name in src.names:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.create_system = 0
            info.external_attr = 0
            info.compress_type = zipfile.ZIP_STORED if name in src.stored else zipfile.ZIP_DEFLATED
            zf.writestr(info, replaced.get(name, src.data[name]), compresslevel=3)
    return out.getvalue()


def rels_name(part: str) -> str:
    """The relationships part of ``part`` ("word/document.xml" -> "word/_rels/document.xml.rels")."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


_MINIMAL = {
    "[Content_Types].xml": (
        DECL + f'<Types xmlns="{CONTENT_TYPES}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{WML_CT}.document.main+xml"/></Types>'
    ),
    "_rels/.rels": (
        DECL + f'<Relationships xmlns="{PKG_REL}">'
        f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/></Relationships>'
    ),
    "word/_rels/document.xml.rels": DECL + f'<Relationships xmlns="{PKG_REL}"></Relationships>',
    "word/document.xml": DECL + f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body/></w:document>',
}


def minimal_package() -> bytes:
    """The smallest .docx package: an empty body (for Documents built in memory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, text in _MINIMAL.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=ZIP_TIME), text.encode("utf-8"), compresslevel=3)
    return out.getvalue()
