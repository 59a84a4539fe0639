"""The one XML parser for package parts: no DTD, no entity expansion, no network access."""

from __future__ import annotations

from lxml import etree

from sectrack.errors import BadDocument

PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=True
)


def parse_xml(data: bytes, path: str, name: str) -> etree._Element:
    """Parse part ``name`` of the package called ``path``, refusing DTDs (entity expansion, external
    entities) and reporting XML that is not well formed as BadDocument."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data or _utf16_doctype(data[:4096]):
        raise BadDocument(path, f"part {name} declares a DOCTYPE or entities (refused)")
    try:
        return etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as exc:
        raise BadDocument(path, f"part {name} is not well-formed XML ({exc})") from None


def parse_trusted(data: bytes | str) -> etree._Element:
    """Parse XML this program wrote itself (property fragments, a part being assembled) with the
    same safe parser; a syntax error is raised as lxml's."""
    return etree.fromstring(data.encode("utf-8") if isinstance(data, str) else data, PARSER)


def _utf16_doctype(head: bytes) -> bool:
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return "<!DOCTYPE" in head.decode("utf-16", errors="ignore")
        except LookupError:  # pragma: no cover
            return False
    return False
