"""Read body content (w:body, header/footer/note parts) into model blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from lxml import etree

from sectrack.docx.numbering import Numbering
from sectrack.docx.package import W
from sectrack.docx.refs import RefTracker
from sectrack.docx.styles import Styles
from sectrack.model import Block, Cell, Message, Note, Paragraph, Row, Run, Table

M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def q(tag: str) -> str:
    """Clark name of a w: tag."""
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, R, T = q("p"), q("tbl"), q("tr"), q("tc"), q("r"), q("t")
PPR, RPR, TCPR, TRPR, TBLPR = q("pPr"), q("rPr"), q("tcPr"), q("trPr"), q("tblPr")
PSTYLE, NUMPR, NUMID, ILVL, OUTLINE = q("pStyle"), q("numPr"), q("numId"), q("ilvl"), q("outlineLvl")
TAB, BR, CR, FLDCHAR, FLDCHARTYPE = q("tab"), q("br"), q("cr"), q("fldChar"), q("fldCharType")
VAL = q("val")
_OFF = {"0", "false", "off", "none"}

# Elements that carry no text and need no message.
_SILENT = {
    q(t)
    for t in (
        "bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd", "commentRangeStart",
        "commentRangeEnd", "commentReference", "lastRenderedPageBreak", "sectPr", "pPr", "rPr",
        "tblPr", "tblGrid", "trPr", "tcPr", "tblPrEx", "annotationRef", "footnoteRef", "endnoteRef",
        "separator", "continuationSeparator", "sdtPr", "sdtEndPr", "fldChar", "instrText",
        "delInstrText", "noProof", "customXmlPr", "moveFromRangeStart", "moveFromRangeEnd",
        "moveToRangeStart", "moveToRangeEnd", "softHyphen", "dayShort", "monthShort", "yearShort",
        "dayLong", "monthLong", "yearLong", "pgNum", "ptab", "contentPart",
    )
}
# Containers whose children are read as if they stood in the parent.
_TRANSPARENT_INLINE = {q(t) for t in ("hyperlink", "smartTag", "customXml", "dir", "bdo", "ins", "moveTo")}
_TRANSPARENT_BLOCK = {q("customXml"), q("ins"), q("moveTo")}
_OBJECTS = {q("drawing"): "drawing", q("pict"): "picture or text box", q("object"): "embedded object"}


def _on(rpr: etree._Element | None, tag: str) -> bool:
    """True when a toggle property (w:b, w:i, …) is set on in ``rpr``."""
    if rpr is None:
        return False
    el = rpr.find(q(tag))
    return el is not None and el.get(VAL, "true").lower() not in _OFF


@dataclass
class Context:
    """State shared while reading one document."""

    styles: Styles
    numbering: Numbering | None
    refs: RefTracker | None
    location: str
    notes: dict[str, dict[str, tuple[Block, ...]]] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)
    para_index: int = 0
    keep_xml: bool = True
    default_style: str | None = None
    inline: "_Inline | None" = None
    namespaces: dict[str, dict[str, str]] = field(default_factory=dict)  # see _xml
    serialised: dict[str, str] = field(default_factory=dict)  # lxml's serialisation -> ours (shared)
    ppr_cache: dict[str, tuple] = field(default_factory=dict)  # serialised w:pPr -> what it says
    rpr_cache: dict[str, tuple] = field(default_factory=dict)  # serialised w:rPr -> what it says

    def warn(self, code: str, text: str) -> None:
        """Record a message at the current paragraph."""
        where = f"{self.location} paragraph {self.para_index}"
        if self.refs is not None and self.refs.current:
            where += f" (clause {self.refs.current})"
        self.messages.append(Message(code, text, where))


def read_blocks(container: etree._Element, ctx: Context) -> tuple[Block, ...]:
    """The blocks of a body, cell, header, footer or note, in order."""
    out: list[Block] = []
    _read_into(container, ctx, out)
    return tuple(out)


def _read_into(container: etree._Element, ctx: Context, out: list[Block]) -> None:
    for el in container:
        tag = el.tag
        if tag == P:
            out.append(read_paragraph(el, ctx))
        elif tag == TBL:
            out.append(read_table(el, ctx))
        elif tag == q("sdt"):
            content = el.find(q("sdtContent"))
            if content is not None:
                _read_into(content, ctx, out)
        elif tag in _TRANSPARENT_BLOCK:
            _read_into(el, ctx, out)
        elif tag == q("altChunk"):
            ctx.warn("read.altchunk", "embedded alternative-format content (w:altChunk) is not read")
        elif tag in _SILENT or not isinstance(tag, str):
            continue
        else:
            ctx.warn("read.unknown", f"unknown block element {etree.QName(tag).localname} skipped")


def read_table(tbl: etree._Element, ctx: Context) -> Table:
    """A w:tbl, row by row and cell by cell."""
    ref = ctx.refs.current if ctx.refs is not None else ""
    rows: list[Row] = []
    for tr in _children(tbl, TR):
        cells = []
        for tc in _children(tr, TC):
            tc_pr = tc.find(TCPR)
            span_el = tc_pr.find(q("gridSpan")) if tc_pr is not None else None
            span = int(span_el.get(VAL, "1")) if span_el is not None else 1
            cells.append(Cell(read_blocks(tc, ctx), span, _xml(tc_pr, ctx)))
        rows.append(Row(tuple(cells), _xml(tr.find(TRPR), ctx)))
    tbl_pr = tbl.find(TBLPR)
    style_el = tbl_pr.find(q("tblStyle")) if tbl_pr is not None else None
    style = style_el.get(VAL, "") if style_el is not None else ""
    return Table(tuple(rows), style, ref, _xml(tbl_pr, ctx), _xml(tbl.find(q("tblGrid")), ctx))


def _children(parent: etree._Element, tag: str) -> list[etree._Element]:
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    out = []
    for el in parent:
        if el.tag == tag:
            out.append(el)
        elif el.tag == q("sdt"):
            content = el.find(q("sdtContent"))
            if content is not None:
                out.extend(_children(content, tag))
        elif el.tag in _TRANSPARENT_BLOCK:
            out.extend(_children(el, tag))
    return out


_DECL = re.compile(r' xmlns:([\w.-]+)="[^"]*"')
_PREFIX = re.compile(r'[<\s/]([A-Za-z_][\w.-]*):')


def _xml(el: etree._Element | None, ctx: Context) -> str:
    """``el`` serialised, self-contained but declaring only the namespaces it uses.

    lxml repeats every declaration in scope (thirty-odd in a Word document) on each serialised
    element; the block is the same for every element of a part, so it is split up once.
    """
    if el is None or not ctx.keep_xml:
        return ""
    s = etree.tostring(el, encoding="unicode")
    done = ctx.serialised.get(s)
    if done is None:
        done = ctx.serialised[s] = _minimal_namespaces(s, ctx)
    return done


def _minimal_namespaces(s: str, ctx: Context) -> str:
    """Serialised ``s`` with only the namespace declarations it uses."""
    tag_end = s.find(">")
    last = s.rfind(" xmlns:", 0, tag_end)
    if last < 0:
        return s
    name_end = s.find(" ")
    block_end = s.index('"', s.index('="', last) + 2) + 1
    block = s[name_end:block_end]
    decls = ctx.namespaces.get(block)
    if decls is None:
        decls = ctx.namespaces[block] = {m.group(1): m.group(0) for m in _DECL.finditer(block)}
    rest = s[block_end:]
    used = set(_PREFIX.findall(s[:name_end] + rest))
    return s[:name_end] + "".join(decls[p] for p in sorted(used) if p in decls) + rest


def read_paragraph(p: etree._Element, ctx: Context) -> Paragraph:
    """A w:p: runs, style, number label and clause reference."""
    ctx.para_index += 1
    ppr = p.find(PPR)
    style_id, num_pr, outline, ppr_xml = _paragraph_props(ppr, ctx) if ppr is not None else _NO_PPR
    style_id = style_id or ctx.default_style
    label = ctx.numbering.next_label(num_pr, style_id) if ctx.numbering is not None else None
    runs: list[Run] = []
    notes: list[Note] = []
    if ctx.inline is None:
        ctx.inline = _Inline(ctx)
    ctx.inline.start(runs, notes)
    ctx.inline.read(p)
    heading = outline or ctx.styles.heading_level(style_id)
    text_label, level, numbered, ref = "", None, False, ""
    if label is not None:
        text_label, level = label.text, label.level
    if ctx.refs is not None:
        if label is not None and not label.bullet and label.text.strip():
            ref, numbered = ctx.refs.numbered(label.text, label.level, label.num_id), True
        else:
            ref = ctx.refs.current
    return Paragraph(
        runs=_merge(runs),
        style=style_id or "",
        style_name=ctx.styles.name(style_id),
        heading_level=heading,
        label=text_label,
        num_level=level,
        ref=ref,
        numbered=numbered,
        notes=tuple(notes),
        ppr=ppr_xml,
    )


_NO_PPR: tuple[str | None, tuple[int | None, int | None] | None, int | None, str] = (None, None, None, "")


def _paragraph_props(
    ppr: etree._Element, ctx: Context
) -> tuple[str | None, tuple[int | None, int | None] | None, int | None, str]:
    """(pStyle, direct numPr, outline level, kept XML) of a w:pPr, worked out once per distinct one."""
    key = etree.tostring(ppr, encoding="unicode")
    hit = ctx.ppr_cache.get(key)
    if hit is None:
        st = ppr.find(PSTYLE)
        style_id = st.get(VAL) if st is not None else None
        np_el = ppr.find(NUMPR)
        num_pr = (_int_child(np_el, NUMID), _int_child(np_el, ILVL)) if np_el is not None else None
        ol = ppr.find(OUTLINE)
        outline = None
        if ol is not None and ol.get(VAL, "").isdigit() and int(ol.get(VAL)) < 9:
            outline = int(ol.get(VAL)) + 1
        xml = _minimal_namespaces(key, ctx) if ctx.keep_xml else ""
        hit = ctx.ppr_cache[key] = (style_id, num_pr, outline, xml)
    return hit


def _int_child(el: etree._Element, tag: str) -> int | None:
    child = el.find(tag)
    if child is None:
        return None
    try:
        return int(child.get(VAL, ""))
    except ValueError:
        return None


def _merge(runs: list[Run]) -> tuple[Run, ...]:
    """Join neighbouring runs with the same formatting; drop empty ones."""
    out: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if out and out[-1].formatting == run.formatting and out[-1].rpr == run.rpr:
            out[-1] = Run(out[-1].text + run.text, *run.formatting, rpr=run.rpr)
        else:
            out.append(run)
    return tuple(out)


class _Inline:
    """Reads the inline content of one paragraph, following complex fields to their results."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.runs: list[Run] = []
        self.notes: list[Note] = []
        self.fields: list[str] = []  # stack of "code" / "result" for nested complex fields
        self.handlers: dict[str, Callable[[etree._Element], None]] = {
            R: self.run,
            q("fldSimple"): self.read,
            q("sdt"): self.sdt,
            f"{{{M}}}oMath": self.math,
            f"{{{M}}}oMathPara": self.math,
            f"{{{MC}}}AlternateContent": self.alternate,
        }

    def start(self, runs: list[Run], notes: list[Note]) -> None:
        """Begin a paragraph: runs and notes are collected into these lists.

        A field's result may span paragraphs (a table of contents), so open results carry over; a
        field code cannot hold a paragraph mark, so an unfinished code is dropped.
        """
        self.runs, self.notes = runs, notes
        self.fields = [f for f in self.fields if f == "result"]

    def read(self, parent: etree._Element) -> None:
        """Read the children of ``parent``."""
        for el in parent:
            tag = el.tag
            handler = self.handlers.get(tag)
            if handler is not None:
                handler(el)
            elif tag in _TRANSPARENT_INLINE:
                self.read(el)
            elif tag in _SILENT or not isinstance(tag, str):
                continue
            else:
                self.ctx.warn("read.unknown", f"unknown inline element {etree.QName(tag).localname} skipped")

    def sdt(self, el: etree._Element) -> None:
        content = el.find(q("sdtContent"))
        if content is not None:
            self.read(content)

    def alternate(self, el: etree._Element) -> None:
        fallback = el.find(f"{{{MC}}}Fallback")
        choice = el.find(f"{{{MC}}}Choice")
        self.read(fallback if fallback is not None else choice if choice is not None else el)

    def math(self, el: etree._Element) -> None:
        text = "".join(t.text or "" for t in el.iter(f"{{{M}}}t"))
        if text:
            self.runs.append(Run(text))

    def run(self, r: etree._Element) -> None:
        """A w:r: text, tabs, breaks, symbols, field characters, note references."""
        rpr = r.find(RPR)
        fmt, rpr_xml = _run_props(rpr, self.ctx) if rpr is not None else _NO_RPR
        pieces: list[str] = []
        for el in r:
            tag = el.tag
            if tag == T:
                if self._visible():
                    pieces.append(el.text or "")
            elif tag == FLDCHAR:
                self._field_char(el.get(FLDCHARTYPE, ""))
            elif not self._visible() or tag in _SILENT or tag == RPR:
                continue
            elif tag == TAB:
                pieces.append("\t")
            elif tag == BR or tag == CR:
                if el.get(q("type"), "textWrapping") == "textWrapping":
                    pieces.append("\n")
            elif tag == q("noBreakHyphen"):
                pieces.append("\u2011")
            elif tag == q("sym"):
                pieces.append(_symbol(el.get(q("char"), "")))
            elif tag in (q("footnoteReference"), q("endnoteReference")):
                self._note(el)
            elif tag in _OBJECTS:
                self._object(el, _OBJECTS[tag])
            elif tag == f"{{{MC}}}AlternateContent":
                self._object(el, "drawing")
            elif tag == q("delText"):
                continue
            elif isinstance(tag, str):
                self.ctx.warn("read.unknown", f"unknown run element {etree.QName(tag).localname} skipped")
        if pieces:
            self.runs.append(Run("".join(pieces), *fmt, rpr=rpr_xml))

    def _visible(self) -> bool:
        return not self.fields or self.fields[-1] == "result"

    def _field_char(self, kind: str) -> None:
        if kind == "begin":
            self.fields.append("code")
        elif kind == "separate" and self.fields:
            self.fields[-1] = "result"
        elif kind == "end" and self.fields:
            self.fields.pop()

    def _note(self, el: etree._Element) -> None:
        kind = "footnote" if el.tag == q("footnoteReference") else "endnote"
        nid = el.get(q("id"), "")
        blocks = self.ctx.notes.get(kind, {}).get(nid)
        if blocks is None:
            self.ctx.warn("read.note-missing", f"{kind} {nid} is cited but not found")
            return
        self.notes.append(Note(kind, nid, blocks))

    def _object(self, el: etree._Element, what: str) -> None:
        boxes = list(el.iter(q("txbxContent")))
        if boxes:
            text = " ".join(
                "".join(t.text or "" for t in box.iter(T)) for box in boxes
            ).strip()
            self.ctx.warn("read.textbox", f"text box not compared: {text!r}")
        else:
            self.ctx.warn("read.object", f"{what} not compared")


_NO_RPR: tuple[tuple[bool, bool, bool, bool, str], str] = ((False, False, False, False, ""), "")


def _run_props(rpr: etree._Element, ctx: Context) -> tuple[tuple[bool, bool, bool, bool, str], str]:
    """(formatting, kept XML) of a w:rPr, worked out once per distinct one."""
    key = etree.tostring(rpr, encoding="unicode")
    hit = ctx.rpr_cache.get(key)
    if hit is None:
        fmt = (
            _on(rpr, "b"),
            _on(rpr, "i"),
            _underlined(rpr),
            _on(rpr, "strike") or _on(rpr, "dstrike"),
            _vert(rpr),
        )
        hit = ctx.rpr_cache[key] = (fmt, _minimal_namespaces(key, ctx) if ctx.keep_xml else "")
    return hit


def _underlined(rpr: etree._Element | None) -> bool:
    if rpr is None:
        return False
    u = rpr.find(q("u"))
    return u is not None and u.get(VAL, "single").lower() not in _OFF


def _vert(rpr: etree._Element | None) -> str:
    if rpr is None:
        return ""
    v = rpr.find(q("vertAlign"))
    val = v.get(VAL, "") if v is not None else ""
    return val if val in ("superscript", "subscript") else ""


def _symbol(code: str) -> str:
    """The character of a w:sym (symbol fonts use the private range F000-F0FF)."""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF000 <= value <= 0xF0FF:
        value -= 0xF000
    return chr(value)
