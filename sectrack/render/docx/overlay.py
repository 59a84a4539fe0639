"""Write a new-version paragraph from its own XML, with the ChangeSet's revisions laid over it.

The model keeps a paragraph's text and run formatting but not its fields, hyperlinks, bookmarks,
drawings or note references. For every paragraph that exists in the new version, the writer can take
the paragraph's own XML from the new package (read the way the reader reads it: tracked changes
accepted), check that its visible text is exactly the model's, and then mark the inserted stretches
(``w:ins``), the moved ones (``w:moveTo``) and the formatting changes (``w:rPrChange``), and put the
deleted text (``w:del``, written from the old runs) where it stood, splitting runs where needed.
Field codes, drawings and note references take the revision of the text that follows them.
An equation is one unit: kept as it stands, or inserted or moved here whole (``equations``); a
change that cuts into one, or anything else unexpected (text that does not match), returns None and
the writer falls back to writing the paragraph from the model.

A paragraph of the old version only (deleted, or the old place of a moved clause) is written from
its w:p in the old package the same way when it is self-contained (``Overlay.removed``, see ``removed``).
"""

from __future__ import annotations

import copy
import re
import secrets
from dataclasses import dataclass

from lxml import etree

from sectrack.docx.revisions import resolve
from sectrack.ooxml.names import XML_SPACE, w
from sectrack.ooxml.text import FLD_CHAR_TYPE, InlineWalk, math_text, run_char
from sectrack.render.docx.equations import Wrap, mark_equation
from sectrack.render.docx.removed import Carry, strike

# Placeholders for XML written as text: their namespace is random, so no source document holds one
# (a paragraph may contain any element, one in a fixed namespace included); none is left in the output.
_PH = f"urn:sectrack:placeholder:{secrets.token_hex(8)}"
_PH_TAG = f"{{{_PH}}}x"
_PH_TEXT = re.compile(f'<st:x xmlns:st="{re.escape(_PH)}" n="(\\d+)"/>')
_XMLNS = re.compile(r'\s+xmlns:([A-Za-z_][\w.-]*)="([^"]*)"')

R, T, PPR, RPR, FLD_CHAR = w("r"), w("t"), w("pPr"), w("rPr"), w("fldChar")


# -------------------------------------------------------------------------- paragraphs of the XML


def resolved(root: etree._Element) -> etree._Element:
    """``root`` with its own tracked changes accepted, as the reader reads the new version."""
    return resolve(root, "accepted")


# ------------------------------------------------------------------------------ visible text


@dataclass
class _Piece:
    """A child of a run (or an equation) and the stretch of visible text it stands for."""

    el: etree._Element
    run: etree._Element | None  # None for an equation
    start: int
    text: str
    field: int | None = None  # the (innermost) complex field the piece belongs to
    begin: bool = False  # the w:fldChar that begins that field


@dataclass
class _Field:
    """A complex field: where its result starts and ends in the visible text."""

    result_start: int | None = None
    result_end: int | None = None


class _Walk(InlineWalk):
    """The paragraph walk both directions share (``ooxml.text.InlineWalk``), recording every run
    child and equation with the place of its text, and where each complex field's result lies."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[_Piece] = []
        self.spans: list[_Field] = []
        self.open: list[int] = []  # indices of the open fields, innermost last, in step with self.fields
        self.pos = 0

    def run(self, r: etree._Element) -> None:
        shown, opened, spans = self.fields, self.open, self.spans
        for child in r:
            tag = child.tag
            if tag == RPR or not isinstance(tag, str):
                continue
            text = ""
            field = opened[-1] if opened else None
            begin = False
            if tag == T:
                text = (child.text or "") if shown.visible() else ""
            elif tag == FLD_CHAR:
                kind = child.get(FLD_CHAR_TYPE, "")
                if kind == "begin":
                    spans.append(_Field())
                    field, begin = len(spans) - 1, True
                    opened.append(field)
                elif kind == "separate" and opened:
                    spans[opened[-1]].result_start = self.pos
                elif kind == "end" and opened:
                    spans[opened.pop()].result_end = self.pos
                shown.char(kind)
            elif shown.visible():
                text = run_char(child)
            self.pieces.append(_Piece(child, r, self.pos, text, field, begin))
            self.pos += len(text)

    def math(self, el: etree._Element) -> None:
        text = math_text(el)
        self.pieces.append(_Piece(el, None, self.pos, text))
        self.pos += len(text)


def _pieces(p: etree._Element) -> tuple[list[_Piece], list[_Field]]:
    """Every run child and equation of ``p`` in order with its text, as the reader sees it."""
    walk = _Walk()
    walk.read(p)
    return walk.pieces, walk.spans


_STRING_VALUE = etree.XPath("string()")  # all text nodes joined; compiled, twice as fast as itertext


def shows(p: etree._Element, text: str) -> bool:
    """True when the w:p ``p`` shows exactly ``text`` as the reader reads it."""
    if _STRING_VALUE(p) == text:
        return True
    pieces, _fields = _pieces(p)  # plain text nodes differ: ask the walk that reads as the reader does
    return "".join(x.text for x in pieces) == text


# -------------------------------------------------------------------------------------- overlay


@dataclass
class Segment:
    """A stretch of the new text [start, end) and how to show it."""

    start: int
    end: int
    op: str  # "keep", "ins" or "moveTo"
    change: str = ""  # a w:rPrChange to add to its runs ("" for none)


class _Misfit(Exception):
    """The XML does not fit the segments: write the paragraph from the model instead."""


class Overlay:
    """Lays segments and deleted text over a w:p; placeholders stand for XML written as text."""

    def __init__(self, declared: dict[str, str], extra_cache: dict[str, str] | None = None) -> None:
        self.declared = declared
        self.extra_cache = extra_cache if extra_cache is not None else {}
        self.strings: list[str] = []
        self.wrappers: set[etree._Element] = set()  # the w:ins / w:moveTo made here

    def _serialised(self, p: etree._Element) -> tuple[str, str, str]:
        """``p`` serialised: the whole string, its start tag, and the declarations the root lacks."""
        s = etree.tostring(p, encoding="unicode")
        head = s[: s.index(">") + 1]
        return s, head, self._extra(head)

    def _extra(self, head: str) -> str:
        """The namespace declarations of a serialised start tag that the document root lacks.

        lxml repeats every in-scope declaration on each serialised paragraph; they stand before the
        attributes, and that block is the same for nearly every paragraph, so it is looked at once.
        """
        last = head.rfind(" xmlns:")
        if last < 0:
            return ""
        block = head[: head.index('"', head.index('="', last) + 2) + 1]
        extra = self.extra_cache.get(block)
        if extra is None:
            extra = self.extra_cache[block] = "".join(
                m.group(0) for m in _XMLNS.finditer(block) if self.declared.get(m.group(1)) != m.group(2)
            )
        return extra

    def placeholder(self, xml: str) -> etree._Element:
        self.strings.append(xml)
        el = etree.Element(_PH_TAG, nsmap={"st": _PH})
        el.set("n", str(len(self.strings) - 1))
        return el

    def content(
        self, p: etree._Element, text: str, segments: list[Segment], dels: dict[int, str], default: str, wrap: Wrap
    ) -> tuple[str, str] | None:
        """(namespace declarations the w:p start tag needs, children of ``p`` but w:pPr, revisions applied),
        or None when ``p`` does not fit (its text differs, a change falls inside an equation)."""
        pieces, fields = _pieces(p)
        if "".join(x.text for x in pieces) != text:
            return None
        plain = default == "keep" and not dels and all(seg.op == "keep" and not seg.change for seg in segments)
        if not plain:
            try:
                self._apply(p, pieces, fields, text, segments, dels, default, wrap)
            except _Misfit:
                return None
        return self._body(p)

    def _body(self, p: etree._Element) -> tuple[str, str]:
        """(namespace declarations the w:p start tag needs, children of ``p`` but w:pPr, serialised)."""
        ppr = p.find(PPR)
        if ppr is not None:
            p.remove(ppr)
        s, head, extra = self._serialised(p)
        if head.endswith("/>"):
            return extra, ""
        body = s[len(head): s.rindex("</")]
        if self.strings:
            body = _PH_TEXT.sub(lambda m: self.strings[int(m.group(1))], body)
            self.strings.clear()
        return extra, body

    def removed(self, p: etree._Element, op: str, wrap: Wrap, carry: Carry | None = None) -> tuple[str, str] | None:
        """Like ``content`` for a w:p of the old version only: every run inside ``op`` ("del" or
        "moveFrom"), or None when ``p`` is not self-contained (``removed.strike``)."""
        if not strike(p, op, wrap, carry):
            return None
        return self._body(p)

    def _apply(
        self, p: etree._Element, pieces: list[_Piece], fields: list[_Field], text: str, segments: list[Segment],
        dels: dict[int, str], default: str, wrap: Wrap,
    ) -> None:
        cuts = {s.start for s in segments} | {s.end for s in segments} | set(dels)
        index = _SegmentIndex(segments, len(text), default)
        field_show = [_field_show(f, index, default) for f in fields]
        anchors: dict[int, etree._Element] = {}
        by_run: dict[etree._Element, list[_Piece]] = {}  # in document order
        for piece in pieces:
            if piece.run is None:  # an equation: shown as it is, never split
                end = piece.start + len(piece.text)
                if any(piece.start < c < end for c in cuts):
                    raise _Misfit
                if piece.text:
                    seg = index.segment(piece.start)
                    if seg.change:
                        raise _Misfit
                    if seg.op != "keep":  # inserted or moved here: marked whole
                        mark_equation(piece.el, seg.op, wrap)
                    anchors.setdefault(piece.start, piece.el)
                continue
            by_run.setdefault(piece.run, []).append(piece)
        del_pos = set(dels)
        for run, run_pieces in by_run.items():
            for start, el in self._split_run(run, run_pieces, index, field_show, del_pos, wrap):
                if start is not None:
                    anchors.setdefault(start, el)
        for pos in sorted(dels):
            ph = self.placeholder(dels[pos])
            if pos in anchors:  # before the text (or the field) that starts there
                anchors[pos].addprevious(ph)
            elif pos >= len(text):
                p.append(ph)
            else:
                raise _Misfit

    def _split_run(
        self, run: etree._Element, pieces: list[_Piece], index: _SegmentIndex, field_show: list[str],
        del_pos: set[int], wrap: Wrap,
    ) -> list[tuple[int | None, etree._Element]]:
        """Cut ``run`` where the way it is shown changes or a deletion goes; wrap inserted/moved parts.
        Returns each resulting element with the text offset where its text (or field) starts (None: none).
        Pieces without text are shown like their field, else like the text after them."""
        parts: list[list] = []  # [key, items, start]
        for piece in pieces:
            if not piece.text:
                key = (field_show[piece.field], "") if piece.field is not None else index.show(piece.start)
                start = piece.start if piece.begin else None
                _add(parts, key, (piece.el, None), start, piece.begin and piece.start in del_pos)
                continue
            pos, end = piece.start, piece.start + len(piece.text)
            while pos < end:
                seg = index.segment(pos)
                stop = min([end, seg.end] + [c for c in del_pos if pos < c < end])
                item: tuple[etree._Element, str | None]
                if pos == piece.start and stop == end:
                    item = (piece.el, None)
                elif piece.el.tag == T:
                    item = (piece.el, piece.text[pos - piece.start: stop - piece.start])
                else:
                    raise _Misfit
                _add(parts, (seg.op, seg.change), item, pos, pos in del_pos)
                pos = stop
        if len(parts) == 1 and parts[0][0] == ("keep", ""):
            return [(parts[0][2], run)]
        parent = run.getparent()
        assert parent is not None  # a run stands in its paragraph
        at = parent.index(run)
        parent.remove(run)
        rpr = run.find(RPR)
        made: list[tuple[int | None, etree._Element]] = []
        for (op, change), items, start in parts:
            r = etree.Element(R, attrib=dict(run.attrib))
            if rpr is not None or change:
                new_rpr = copy.deepcopy(rpr) if rpr is not None else etree.Element(RPR)
                if change:
                    new_rpr.append(self.placeholder(change))
                r.append(new_rpr)
            for el, part_text in items:
                if part_text is None:
                    r.append(el)
                else:
                    t = etree.SubElement(r, T)
                    t.text = part_text
                    t.set(XML_SPACE, "preserve")
            prev = parent[at - 1] if at > 0 else None
            if op == "keep":
                parent.insert(at, r)
                at += 1
                made.append((start, r))
            elif prev is not None and prev.tag == w(op) and prev in self.wrappers and start not in del_pos:
                prev.append(r)  # the revision just before goes on: one wrapper, not one per run
                made.append((start, r))
            else:
                outer = wrap(op, r)
                self.wrappers.add(outer)
                parent.insert(at, outer)
                at += 1
                made.append((start, outer))
        return made


def _add(parts: list[list], key: tuple[str, str], item: tuple, start: int | None, cut: bool) -> None:
    """Add ``item`` to the last part when shown the same way and no deletion goes before it."""
    if parts and parts[-1][0] == key and not (cut and parts[-1][2] is not None):
        if parts[-1][2] is None:
            parts[-1][2] = start
        parts[-1][1].append(item)
    else:
        parts.append([key, [item], start])


def _field_show(field: _Field, index: _SegmentIndex, default: str) -> str:
    """How a field's codes and marks are shown: like its whole result when that is shown one way."""
    a, b = field.result_start, field.result_end
    if a is None or b is None:
        return default
    if a == b:
        return index.show(a)[0]
    shows = set()
    pos = a
    while pos < b:
        seg = index.segment(pos)
        shows.add((seg.op, bool(seg.change)))
        pos = max(pos + 1, min(seg.end, b))
    if len(shows) == 1:
        return next(iter(shows))[0]
    return default


class _SegmentIndex:
    """The segment at a text offset (segments sorted and covering the text)."""

    def __init__(self, segments: list[Segment], n: int, default: str) -> None:
        self.segments = segments
        self.n = n
        self.default = default
        self.k = 0

    def segment(self, pos: int) -> Segment:
        segs = self.segments
        if self.k >= len(segs) or segs[self.k].start > pos:
            self.k = 0
        while self.k < len(segs) and segs[self.k].end <= pos:
            self.k += 1
        if self.k < len(segs) and segs[self.k].start <= pos:
            return segs[self.k]
        return Segment(pos, pos + 1, self.default)

    def show(self, pos: int) -> tuple[str, str]:
        """How a piece without text at ``pos`` is shown: as the text after it, else the text before it."""
        if pos < self.n:
            return (self.segment(pos).op, "")
        return (self.segments[-1].op if self.segments else self.default, "")
