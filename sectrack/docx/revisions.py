"""Resolve tracked changes in a WordprocessingML tree: Accept All (``accepted``) or Reject All (``original``)."""

from __future__ import annotations

from lxml import etree

from sectrack.ooxml.names import M, W

VIEWS = ("accepted", "original")


def q(tag: str) -> str:
    """Clark name of a w: tag."""
    return f"{{{W}}}{tag}"


# Run-level and block-level revision containers.
_INS, _DEL = q("ins"), q("del")
_MOVE_FROM, _MOVE_TO = q("moveFrom"), q("moveTo")
_RANGE_MARKS = tuple(
    q(t)
    for t in (
        "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
        "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart",
        "customXmlDelRangeEnd", "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd",
        "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd",
    )
)
# Property changes: the element holds the *old* properties.
_PROP_CHANGES = {
    q("pPrChange"): q("pPr"),
    q("rPrChange"): q("rPr"),
    q("tblPrChange"): q("tblPr"),
    q("trPrChange"): q("trPr"),
    q("tcPrChange"): q("tcPr"),
    q("sectPrChange"): q("sectPr"),
    q("tblPrExChange"): q("tblPrEx"),
    q("tblGridChange"): q("tblGrid"),
}
_KEEP_IN_PPR = (q("rPr"), q("sectPr"))
_MATH_NS = f"{{{M}}}"
_MATH_RUN = f"{_MATH_NS}r"
_EQUATIONS = (f"{_MATH_NS}oMath", f"{_MATH_NS}oMathPara")


def has_revisions(root: etree._Element) -> bool:
    """True when the tree holds any tracked change."""
    tags = (_INS, _DEL, _MOVE_FROM, _MOVE_TO, q("cellIns"), q("cellDel"), *_PROP_CHANGES)
    return next(root.iter(*tags), None) is not None


_COUNTED = (_INS, _DEL, _MOVE_FROM, _MOVE_TO, q("cellIns"), q("cellDel"), *_PROP_CHANGES)


def count_revisions(root: etree._Element) -> int:
    """How many tracked changes the tree holds (insertions, deletions, moves, formatting changes)."""
    return sum(1 for _ in root.iter(*_COUNTED))


def resolve(root: etree._Element, view: str = "accepted") -> etree._Element:
    """Resolve every tracked change in ``root`` in place, as Word's Accept All or Reject All would."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    if not has_revisions(root):
        return root
    accept = view == "accepted"
    gone, kept = ((_DEL, _MOVE_FROM), (_INS, _MOVE_TO)) if accept else ((_INS, _MOVE_TO), (_DEL, _MOVE_FROM))
    _paragraph_marks(root, gone)  # before rows go: a mark before a table stays, as in Word
    _rows_and_cells(root, accept)
    for el in list(root.iter(*_RANGE_MARKS)):
        _drop(el)
    equations: dict[etree._Element, None] = {}  # equations that lost content, in order
    for el in list(root.iter(*gone)):
        parent = el.getparent()
        if parent is None:
            continue
        if isinstance(parent.tag, str) and parent.tag.startswith(_MATH_NS):
            equations.setdefault(_equation(parent), None)
        if not _is_mark(el):
            _drop(el)
        elif parent.tag == q("rPr") and (run := parent.getparent()) is not None and run.tag != q("pPr"):
            _drop(run)  # a run marked deleted through its properties (math runs)
    for equation in equations:
        if next(equation.iter(_MATH_RUN), None) is None:
            _drop(equation)  # every run of it removed: the equation goes whole, as in Word
    for el in list(root.iter(*kept)):
        if _is_mark(el):
            _drop(el)
        else:
            _unwrap(el)
    if not accept:
        for el in root.iter(q("delText")):
            el.tag = q("t")
        for el in root.iter(q("delInstrText")):
            el.tag = q("instrText")
    _properties(root, accept)
    return root


def _equation(el: etree._Element) -> etree._Element:
    """The outermost equation (m:oMathPara, else m:oMath) holding the math element ``el``."""
    outer = el
    for anc in el.iterancestors(*_EQUATIONS):
        outer = anc
    return outer


def _is_mark(el: etree._Element) -> bool:
    """True for an ins/del that marks a property holder (a paragraph mark in w:rPr, a row in w:trPr)."""
    parent = el.getparent()
    return parent is not None and parent.tag in (q("rPr"), q("trPr"), q("tcPr"), q("numPr"))


def _drop(el: etree._Element | None) -> None:
    """Remove ``el`` (if any), keeping the tail text (none is expected in WordprocessingML)."""
    if el is None:
        return
    parent = el.getparent()
    if parent is not None:
        parent.remove(el)


def _unwrap(el: etree._Element) -> None:
    """Replace ``el`` by its children."""
    parent = el.getparent()
    if parent is None:
        return
    idx = parent.index(el)
    for i, child in enumerate(list(el)):
        parent.insert(idx + i, child)
    parent.remove(el)


def _rows_and_cells(root: etree._Element, accept: bool) -> None:
    """Drop rows and cells whose insertion is rejected or whose deletion is accepted."""
    row_gone = _DEL if accept else _INS
    cell_gone = q("cellDel") if accept else q("cellIns")
    for tr_pr in list(root.iter(q("trPr"))):
        if tr_pr.find(row_gone) is not None:
            _drop(tr_pr.getparent())
    for tc_pr in list(root.iter(q("tcPr"))):
        if tc_pr.find(cell_gone) is not None:
            _drop(tc_pr.getparent())
    for tag in (q("cellIns"), q("cellDel"), q("cellMerge")):
        for el in list(root.iter(tag)):
            _drop(el)
    for tbl in list(root.iter(q("tbl"))):
        if tbl.find(q("tr")) is None:
            _drop(tbl)


def _paragraph_marks(root: etree._Element, gone: tuple[str, ...]) -> None:
    """Join each paragraph whose mark is removed with the paragraph after it."""
    for p in list(root.iter(q("p"))):
        mark = p.find(f"{q('pPr')}/{q('rPr')}")
        if mark is None or not any(mark.find(t) is not None for t in gone):
            continue
        nxt = p.getnext()
        while nxt is not None and nxt.tag in (q("bookmarkStart"), q("bookmarkEnd"), *_RANGE_MARKS):
            nxt = nxt.getnext()
        content = [c for c in p if c.tag != q("pPr")]
        if nxt is None or nxt.tag != q("p"):
            # The last paragraph of a container keeps its mark: Word cannot remove it.
            for t in gone:
                for el in mark.findall(t):
                    mark.remove(el)
            continue
        anchor = nxt.find(q("pPr"))
        pos = 0 if anchor is None else nxt.index(anchor) + 1
        for i, child in enumerate(content):
            nxt.insert(pos + i, child)
        _drop(p)


def _properties(root: etree._Element, accept: bool) -> None:
    """Accept keeps current properties; reject restores the old ones recorded in *PrChange."""
    for change_tag, holder_tag in _PROP_CHANGES.items():
        for change in list(root.iter(change_tag)):
            holder = change.getparent()
            if holder is None:
                continue
            if accept or holder.tag != holder_tag:
                holder.remove(change)
                continue
            old = change.find(holder_tag)
            kept = [c for c in holder if c.tag in _KEEP_IN_PPR] if holder_tag == q("pPr") else []
            for child in list(holder):
                holder.remove(child)
            if old is not None:
                for child in list(old):
                    holder.append(child)
            for child in kept:
                holder.append(child)
    # Inserted/deleted numbering marks (w:numPr/w:ins) carry no text.
    for tag in (_INS, _DEL):
        for el in list(root.iter(tag)):
            parent = el.getparent()
            if parent is not None and parent.tag == q("numPr"):
                _drop(el)
