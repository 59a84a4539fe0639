"""A paragraph of the old version only, written from its own XML with every run deleted or moved away.

A paragraph of the old version only (deleted, or the old place of a moved clause) is written from
its w:p in the old package when that w:p is self-contained (``strike``, for ``Overlay.removed``):
every run goes inside ``w:del`` (``w:delText``, ``w:delInstrText``) or ``w:moveFrom``; complex
fields, symbols, tabs, breaks and run properties stay as they are; internal hyperlinks (``w:anchor``)
and ``w:smartTag``/``w:dir``/``w:bdo`` stay around their wrapped runs; a ``w:fldSimple`` becomes the
same complex field (it cannot stand inside ``w:del``, and one left around deleted runs would show
its result again once the deletion is accepted); bookmarks, proofing, permission and comment
ranges are dropped. Relationships can be carried into the new package (``Carry``, given by the
writer): an external hyperlink (``w:hyperlink r:id``) and a picture of the simple inline form
(``w:drawing/wp:inline/a:graphic/a:graphicData/pic:pic``, its ``a:blip r:embed``/``r:link`` on an
image part) stay, the ids rewritten to the new package's and each ``wp:docPr id`` made unique.
Anything else that points outside the paragraph (another relationship id or one the carrier
refuses, a note or comment reference, an anchored drawing, a chart, a VML picture, an object or
alternate content, a content control, a field opened or closed in another paragraph) makes it not
self-contained: written from the model. An equation stays, deleted (or moved away) whole.
"""

from __future__ import annotations

import copy
from typing import Protocol

from lxml import etree

from sectrack.ooxml.names import PIC, WP, XML_SPACE, A, w
from sectrack.ooxml.names import R as R_NS
from sectrack.ooxml.text import FLD_SIMPLE, MATH
from sectrack.render.docx.equations import Wrap, mark_equation

P, R, T, RPR, PPR = w("p"), w("r"), w("t"), w("rPr"), w("pPr")
FLD_CHAR, INSTR, FLD_DATA = w("fldChar"), w("instrText"), w("fldData")
REL_NS = f"{{{R_NS}}}"
DRAWING, HYPERLINK, DOC_PR = w("drawing"), w("hyperlink"), f"{{{WP}}}docPr"
_PICTURE_PATH = f"{{{WP}}}inline/{{{A}}}graphic/{{{A}}}graphicData[@uri='{PIC}']/{{{PIC}}}pic"
_BLIP = f"{{{PIC}}}blipFill/{{{A}}}blip"


class Carry(Protocol):
    """Carries relationships of the old package into the new one (see ``carried.Carried``)."""

    def relationships(self, refs: list[tuple[str, str]]) -> dict[str, str] | None:
        """For (kind, old id) pairs, kind "hyperlink" or "image": old id -> new id, or None when any
        of them cannot be carried (then none is)."""

    def drawing_id(self) -> int:
        """A wp:docPr id not used in the new document."""


_Ref = tuple[etree._Element, str, str]  # element, relationship attribute, kind


class _Outside(Exception):
    """The paragraph points outside itself, or holds what is not known to be safe to delete as it stands."""


def strike(p: etree._Element, op: str, wrap: Wrap, carry: Carry | None = None) -> bool:
    """Put every run of the old-only w:p ``p`` inside ``op`` ("del" or "moveFrom"); False, ``p`` unchanged,
    when it is not self-contained. Relationships and drawing ids are carried by ``carry`` (None: none is)."""
    refs: list[_Ref] = []
    try:
        if _self_contained(p, 0, refs) != 0:  # a field still open at the end
            return False
    except _Outside:
        return False
    if refs:
        fresh = carry.relationships([(kind, el.get(key, "")) for el, key, kind in refs]) if carry else None
        if fresh is None:
            return False
        for el, key, _kind in refs:
            el.set(key, fresh[el.get(key, "")])
        assert carry is not None  # fresh ids came from it
        for doc_pr in p.iter(DOC_PR):
            doc_pr.set("id", str(carry.drawing_id()))
    for field in list(p.iter(FLD_SIMPLE)):
        _unfold(field)
    _strike(p, op, wrap, _STRUCK if op == "del" else {})
    return True


_MARKERS = {
    w(t) for t in (
        "bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd", "commentRangeStart",
        "commentRangeEnd", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
        "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
        "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart",
        "customXmlMoveToRangeEnd",
    )
}
_HOLDERS = {w(t) for t in ("hyperlink", "smartTag", "dir", "bdo")}  # stay around their wrapped runs
_HOLDER_PROPS = {FLD_DATA, w("smartTagPr")}  # children of a holder or w:fldSimple that are no content
_RUN_CHILDREN = {
    w(t) for t in (
        "rPr", "t", "instrText", "fldChar", "tab", "br", "cr", "sym", "noBreakHyphen", "softHyphen", "ptab",
        "pgNum", "dayShort", "dayLong", "monthShort", "monthLong", "yearShort", "yearLong",
        "lastRenderedPageBreak",
    )
}
_STRUCK = {T: w("delText"), INSTR: w("delInstrText")}  # text of a w:del
_FIELD_DEPTH = {"begin": 1, "end": -1}


def _self_contained(parent: etree._Element, depth: int, refs: list[_Ref]) -> int:
    """The complex-field depth after the content of ``parent``; _Outside when anything in it points
    outside the paragraph (but an external hyperlink or an inline picture, whose relationship
    attributes go to ``refs``) or is not known to be safe to delete as it stands."""
    for el in parent:
        tag = el.tag
        if not isinstance(tag, str) or tag in _MARKERS or (tag == PPR and parent.tag == P):
            continue
        if tag == R:
            depth = _run_depth(el, depth, refs)
        elif tag in MATH:  # an equation: deleted whole (``equations``) when it points nowhere else
            for part in el.iter():
                _own_attributes(part)
        elif tag in _HOLDERS or tag == FLD_SIMPLE:
            if tag == HYPERLINK and el.get(REL_NS + "id") is not None:
                refs.append((el, REL_NS + "id", "hyperlink"))
                _own_attributes(el, REL_NS + "id")
            else:
                _own_attributes(el)
            depth = _self_contained(el, depth, refs)
        elif tag not in _HOLDER_PROPS or parent.tag == P:
            raise _Outside
    return depth


def _run_depth(run: etree._Element, depth: int, refs: list[_Ref]) -> int:
    _own_attributes(run)
    for child in run:
        tag = child.tag
        if tag == DRAWING:
            _picture(child, refs)
            continue
        for el in child.iter():
            _own_attributes(el)
        if tag == FLD_CHAR:
            depth += _FIELD_DEPTH.get(child.get(w("fldCharType"), ""), 0)
            if depth < 0:  # a field begun in another paragraph
                raise _Outside
        elif isinstance(tag, str) and tag not in _RUN_CHILDREN:
            raise _Outside
    return depth


def _picture(drawing: etree._Element, refs: list[_Ref]) -> None:
    """Add the a:blip relationships of a picture of the simple inline form to ``refs``; _Outside for
    any other drawing (anchored, a chart, a group) or a relationship attribute anywhere else."""
    inner = [el for el in drawing if isinstance(el.tag, str)]
    pics = drawing.findall(_PICTURE_PATH)
    if len(inner) != 1 or inner[0].tag != f"{{{WP}}}inline" or len(pics) != 1:
        raise _Outside
    blip = pics[0].find(_BLIP)
    for el in drawing.iter():
        if el is blip:
            keys = [k for k in el.attrib if k.startswith(REL_NS)]
            if not keys or any(k not in (REL_NS + "embed", REL_NS + "link") for k in keys):
                raise _Outside
            refs.extend((el, k, "image") for k in keys)
        else:
            _own_attributes(el)


def _own_attributes(el: etree._Element, allowed: str = "") -> None:
    """_Outside when ``el`` has an attribute of the relationships namespace (r:id, r:embed, ...) but ``allowed``."""
    if any(key.startswith(REL_NS) and key != allowed for key in el.attrib):
        raise _Outside


def _unfold(field: etree._Element) -> None:
    """Replace a w:fldSimple by the same complex field: begin, code, separator, result, end; the
    field characters and code take the properties of the result's first run."""
    first = next(field.iter(R), None)
    rpr = first.find(RPR) if first is not None else None

    def run(child: etree._Element) -> etree._Element:
        r = etree.Element(R)
        if rpr is not None:
            r.append(copy.deepcopy(rpr))
        r.append(child)
        return r

    begin = etree.Element(FLD_CHAR, {w("fldCharType"): "begin"})
    for name in ("fldLock", "dirty"):
        value = field.get(w(name))
        if value is not None:
            begin.set(w(name), value)
    data = field.find(FLD_DATA)
    if data is not None:
        begin.append(data)
    code = etree.Element(INSTR, {XML_SPACE: "preserve"})
    code.text = field.get(w("instr"), "")
    ends = [etree.Element(FLD_CHAR, {w("fldCharType"): kind}) for kind in ("separate", "end")]
    items = [run(begin), run(code), run(ends[0]), *field, run(ends[1])]
    parent = field.getparent()
    assert parent is not None  # a simple field stands in its paragraph
    at = parent.index(field)
    parent.remove(field)
    for k, item in enumerate(items):
        parent.insert(at + k, item)


def _strike(parent: etree._Element, op: str, wrap: Wrap, names: dict[str, str]) -> bool:
    """Put the runs of ``parent`` inside ``op`` wrappers (neighbours share one), renaming their text
    elements by ``names``; drop markers, empty runs and empty holders. True when content is left."""
    outer: etree._Element | None = None
    left = False
    for el in list(parent):
        tag = el.tag
        if tag == R and _renamed(el, names):
            if outer is None:
                at = parent.index(el)
                outer = wrap(op, el)
                parent.insert(at, outer)
            else:
                outer.append(el)
            left = True
        elif tag in _HOLDERS and _strike(el, op, wrap, names):
            outer, left = None, True
        elif tag in MATH:
            mark_equation(el, op, wrap)
            outer, left = None, True
        elif tag not in _HOLDER_PROPS and tag != PPR:
            parent.remove(el)
    return left


def _renamed(run: etree._Element, names: dict[str, str]) -> bool:
    """Rename the text elements of ``run`` by ``names``, drop its rendering hints; True unless empty."""
    for child in list(run):
        if child.tag == w("lastRenderedPageBreak"):
            run.remove(child)
        elif child.tag in names:
            child.tag = names[child.tag]
    return any(child.tag != RPR for child in run)
