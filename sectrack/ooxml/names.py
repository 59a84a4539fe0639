"""Namespaces and tag names of WordprocessingML and the package, in one place."""

from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
XML = "http://www.w3.org/XML/1998/namespace"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
CUSTOM_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
WML_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"  # content types' stem

XML_SPACE = f"{{{XML}}}space"


def w(local: str) -> str:
    """The Clark name of WordprocessingML's ``local`` ("p" -> "{…/main}p")."""
    return f"{{{W}}}{local}"


def m(local: str) -> str:
    """The Clark name of OMML's (equations') ``local``."""
    return f"{{{M}}}{local}"


def mc(local: str) -> str:
    """The Clark name of markup compatibility's ``local`` (AlternateContent, Choice, Fallback)."""
    return f"{{{MC}}}{local}"
