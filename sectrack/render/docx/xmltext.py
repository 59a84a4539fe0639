"""XML text helpers for the DOCX writer: escaping, revision attributes, property fragments.

Every string that comes from a document goes through ``esc`` (element text) or ``attr`` (attribute
values): both drop the characters XML 1.0 forbids and escape markup. Property fragments (the
serialised w:pPr / w:rPr / w:trPr / w:tcPr / w:tblPr / w:tblGrid kept by the model) are parsed once
per distinct string, cleaned of revision marks, and cut into the pieces the writer needs.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Collection
from dataclasses import dataclass

from lxml import etree

from sectrack.ooxml.names import w
from sectrack.ooxml.xml import parse_trusted
from sectrack.render.escaping import escape_markup

_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_XMLNS = re.compile(r'\s+xmlns:([A-Za-z_][\w.-]*)="([^"]*)"')


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 does not allow (control characters, lone surrogates)."""
    return _ILLEGAL.sub("", text)


def esc(text: str) -> str:
    """``text`` as XML element content."""
    return escape_markup(clean(text))


def attr(text: str) -> str:
    """``text`` as an XML attribute value (to go between double quotes)."""
    return (
        esc(text).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")
    )


class Revs:
    """Revision ids (a counter, so output is deterministic) and the author/date attributes."""

    def __init__(self, author: str, date: str, start: int = 1) -> None:
        self.next = start
        self.author = clean(author)
        self.date = clean(date)
        self.tail = f' w:author="{attr(author)}"' + (f' w:date="{attr(date)}"' if date else "")

    def attrs(self) -> str:
        """` w:id="n" w:author=".." w:date=".."` with a fresh id."""
        n = self.next
        self.next += 1
        return f' w:id="{n}"{self.tail}'

    def take(self) -> int:
        """A fresh id for markup that carries no author (range ends)."""
        n = self.next
        self.next += 1
        return n


# ------------------------------------------------------------------------------- property fragments

_MARKS = {w(t) for t in ("ins", "del", "moveFrom", "moveTo", "rPrChange")}
_PPR_DROP = {w("pPrChange")}
_TRPR_DROP = {w(t) for t in ("ins", "del", "trPrChange")}
_TCPR_DROP = {w(t) for t in ("cellIns", "cellDel", "cellMerge", "tcPrChange")}
_TBLPR_DROP = {w("tblPrChange")}
_GRID_DROP = {w("tblGridChange")}
_SECT_REFS = {w("headerReference"), w("footerReference"), w("sectPrChange")}


@dataclass(frozen=True)
class PPr:
    """A paragraph's properties cut for the writer: base properties, mark run properties, sectPr."""

    base: str  # children of w:pPr before w:rPr (CT_PPrBase), serialised
    mark: str  # children of w:pPr/w:rPr without revision marks
    sect: str  # w:sectPr or ""


class Fragments:
    """Parses and caches property fragments; strips namespace declarations the root already makes."""

    def __init__(
        self, declared: dict[str, str], remap_numbering: Callable[[etree._Element], None] | None = None
    ) -> None:
        self.declared = declared
        self.remap_numbering = remap_numbering
        self._ppr: dict[tuple[str, str, bool], PPr] = {}
        self._inner: dict[tuple[str, str], str] = {}

    # --- serialisation

    def xml(self, el: etree._Element) -> str:
        """``el`` serialised without the namespace declarations the output root makes."""
        s = etree.tostring(el, encoding="unicode", with_tail=False)
        return _XMLNS.sub(self._keep_decl, s) if "xmlns:" in s else s

    def _keep_decl(self, m: re.Match[str]) -> str:
        return "" if self.declared.get(m.group(1)) == m.group(2) else m.group(0)

    def _children(self, el: etree._Element | None, drop: Collection[str] = frozenset()) -> str:
        if el is None:
            return ""
        return "".join(self.xml(c) for c in el if isinstance(c.tag, str) and c.tag not in drop)

    @staticmethod
    def parse(fragment: str) -> etree._Element | None:
        """A fragment parsed, or None when empty or not well-formed."""
        if not fragment:
            return None
        try:
            return parse_trusted(fragment)
        except etree.XMLSyntaxError:
            return None

    # --- paragraphs

    def ppr(self, fragment: str, side: str = "new", plain: bool = False) -> PPr:
        """The pieces of a w:pPr; ``side`` "old" remaps numbering and drops header references;
        ``plain`` switches numbering off (an empty paragraph left behind must not show a number)."""
        key = (fragment, side, plain)
        hit = self._ppr.get(key)
        if hit is not None:
            return hit
        el = self.parse(fragment)
        if el is None:
            out = PPr("", "", "")
        else:
            numpr = el.find(w("numPr"))
            if numpr is not None and plain:
                for child in list(numpr):
                    numpr.remove(child)
                etree.SubElement(numpr, w("numId")).set(w("val"), "0")
            elif numpr is not None and side == "old" and self.remap_numbering is not None:
                self.remap_numbering(numpr)
                if len(numpr) == 0:
                    el.remove(numpr)
            base = "".join(
                self.xml(c) for c in el
                if isinstance(c.tag, str) and c.tag not in (w("rPr"), w("sectPr"), w("pPrChange"))
            )
            mark = self._children(el.find(w("rPr")), _MARKS)
            sect_el = el.find(w("sectPr"))
            sect = ""
            if sect_el is not None:
                if side == "old":
                    for child in [c for c in sect_el if c.tag in _SECT_REFS]:
                        sect_el.remove(child)
                else:
                    for child in sect_el.findall(w("sectPrChange")):
                        sect_el.remove(child)
                sect = self.xml(sect_el)
            out = PPr(base, mark, sect)
        self._ppr[key] = out
        return out

    # --- runs, rows, cells, tables

    def _cached(self, fragment: str, kind: str, drop: set[str]) -> str:
        key = (fragment, kind)
        hit = self._inner.get(key)
        if hit is None:
            hit = self._children(self.parse(fragment), drop)
            self._inner[key] = hit
        return hit

    def rpr(self, fragment: str) -> str:
        """Children of a w:rPr without revision marks."""
        return self._cached(fragment, "r", _MARKS) if fragment else ""

    def trpr(self, fragment: str) -> str:
        """Children of a w:trPr without row revision marks."""
        return self._cached(fragment, "tr", _TRPR_DROP) if fragment else ""

    def tcpr(self, fragment: str) -> str:
        """Children of a w:tcPr without cell revision marks."""
        return self._cached(fragment, "tc", _TCPR_DROP) if fragment else ""

    def tblpr(self, fragment: str) -> str:
        """Children of a w:tblPr without its property-change record."""
        return self._cached(fragment, "tbl", _TBLPR_DROP) if fragment else ""

    def grid(self, fragment: str) -> str:
        """Children of a w:tblGrid without its change record."""
        return self._cached(fragment, "grid", _GRID_DROP) if fragment else ""


def start_tag(name: str, nsmap: dict[str, str], attrs: dict[str, str]) -> str:
    """``<name xmlns:..="..." attr="..">`` with the namespaces and attributes given, in order."""
    parts = [f"<{name}"]
    parts.extend(f' xmlns:{p}="{attr(u)}"' if p else f' xmlns="{attr(u)}"' for p, u in nsmap.items())
    parts.extend(f' {k}="{attr(v)}"' for k, v in attrs.items())
    return "".join(parts) + ">"



class Kept:
    """Elements of the new package written exactly as they stand (most paragraphs of a redline).

    Serialising them one by one is slow (lxml repeats the root's thirty-odd namespace declarations
    on each), so the part's text gets a placeholder for each, a processing instruction, and
    ``assemble`` parses the text once, puts the elements in their places and serialises the whole
    part in one call. The placeholders' name is random, so no source document can hold one; none
    is left in the output, which stays the same from run to run.
    """

    def __init__(self) -> None:
        self.els: list[etree._Element] = []
        self.target = f"sectrack-keep-{secrets.token_hex(8)}"

    def mark(self, el: etree._Element) -> str:
        """The placeholder that stands for ``el`` in a part's text."""
        self.els.append(el)
        return f"<?{self.target} {len(self.els) - 1}?>"

    def assemble(self, decl: str, text: str) -> bytes:
        """The part: ``decl`` then ``text`` (a whole XML document without its declaration) with every
        placeholder replaced by its element."""
        if f"<?{self.target} " not in text:
            return (decl + text).encode("utf-8")
        root = parse_trusted(text)
        for pi in [pi for pi in root.iter(etree.ProcessingInstruction)
                   if isinstance(pi, etree._ProcessingInstruction) and pi.target == self.target]:
            el = self.els[int(pi.text or "")]
            el.tail = pi.tail
            parent = pi.getparent()
            assert parent is not None  # a placeholder stands inside the part's root element
            parent.replace(pi, el)  # type: ignore[arg-type]  # the stubs want one kind of node on both sides
        return decl.encode("utf-8") + etree.tostring(root, encoding="UTF-8", xml_declaration=False)
