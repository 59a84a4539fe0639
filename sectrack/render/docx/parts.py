"""Parts added to or replaced in the package being written: names, relationships, content types.

The writer keeps the new version's parts (``Parts``) and a dict of the parts it replaces or adds;
these helpers read a part as it will be written and store it back.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from sectrack.ooxml.names import CONTENT_TYPES, PKG_REL, WML_CT, R
from sectrack.ooxml.package import Parts, rels_name
from sectrack.ooxml.xml import parse_xml

TYPES_NAME = "[Content_Types].xml"


def add_part(src: Parts, replaced: dict[str, bytes], kind: str, data: bytes) -> str:
    """Add a part of ``kind`` ("numbering", "footnotes", "endnotes") related to the main document."""
    folder = posixpath.dirname(src.main)
    name = fresh_name(src, folder, kind, ".xml")
    types = part_xml(src, replaced, TYPES_NAME)
    content_type(types, name, f"{WML_CT}.{kind}+xml")
    rels_part = rels_name(src.main)
    rels = part_xml(src, replaced, rels_part)
    relate(rels, f"{R}/{kind}", posixpath.relpath(name, folder) if folder else name)
    store(src, replaced, TYPES_NAME, types)
    store(src, replaced, rels_part, rels)
    store(src, replaced, name, data)
    return name


def fresh_name(src: Parts, folder: str, stem: str, ext: str) -> str:
    """``folder/stem.ext``, or with the first number that makes it a name the package does not have."""
    name = posixpath.join(folder, stem + ext)
    k = 1
    while name in src.data:
        name = posixpath.join(folder, f"{stem}{k}{ext}")
        k += 1
    return name


def part_xml(src: Parts, replaced: dict[str, bytes], name: str) -> etree._Element:
    """Part ``name`` as it will be written, parsed (an empty relationships part when there is none)."""
    data = replaced.get(name, src.data.get(name))
    if data:
        return parse_xml(data, src.main, name)
    return etree.Element(f"{{{PKG_REL}}}Relationships", nsmap={None: PKG_REL})


def relate(rels: etree._Element, rtype: str, target: str, external: bool = False) -> str:
    """Add a relationship to ``rels`` under an id it does not have yet; the id."""
    ids = {r.get("Id") for r in rels}
    rid = next(f"rId{n}" for n in range(len(ids) + 1, 2 * len(ids) + 2) if f"rId{n}" not in ids)
    rel = etree.SubElement(rels, f"{{{PKG_REL}}}Relationship")
    rel.set("Id", rid)
    rel.set("Type", rtype)
    rel.set("Target", target)
    if external:
        rel.set("TargetMode", "External")
    return rid


def content_type(types: etree._Element, name: str, ctype: str, default: bool = False) -> None:
    """Give part ``name`` the content type ``ctype``: an Override, or with ``default`` a Default for its
    extension unless ``types`` already has one."""
    ext = posixpath.splitext(name)[1][1:]
    if default and ext:
        if any(d.get("Extension", "").lower() == ext.lower() for d in types.iter(f"{{{CONTENT_TYPES}}}Default")):
            return
        el = etree.SubElement(types, f"{{{CONTENT_TYPES}}}Default")
        el.set("Extension", ext)
    else:
        el = etree.SubElement(types, f"{{{CONTENT_TYPES}}}Override")
        el.set("PartName", "/" + name)
    el.set("ContentType", ctype)


def type_of(types: etree._Element, name: str) -> str:
    """The content type ``types`` gives part ``name`` ("" for none)."""
    for el in types.iter(f"{{{CONTENT_TYPES}}}Override"):
        if el.get("PartName", "").lstrip("/").lower() == name.lower():
            return el.get("ContentType", "")
    ext = posixpath.splitext(name)[1][1:].lower()
    for el in types.iter(f"{{{CONTENT_TYPES}}}Default"):
        if el.get("Extension", "").lower() == ext:
            return el.get("ContentType", "")
    return ""


def store(src: Parts, replaced: dict[str, bytes], name: str, data: bytes | etree._Element) -> None:
    """Write part ``name`` (a new one goes at the end of the zip)."""
    if not isinstance(data, bytes):
        data = etree.tostring(data, xml_declaration=True, encoding="UTF-8", standalone=True)
    replaced[name] = data
    if name not in src.data:
        src.names.append(name)
        src.data[name] = b""
