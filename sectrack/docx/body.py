"""Read body content (w:body, header/footer/note parts) into model blocks."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from lxml import etree

from sectrack.docx.numbering import Numbering
from sectrack.docx.refs import RefTracker
from sectrack.docx.styles import Styles
from sectrack.model import Block, Cell, Message, Note, Paragraph, Row, Run, Table, fast_constructor
from sectrack.ooxml.names import MC, W
from sectrack.ooxml.names import w as q
from sectrack.ooxml.text import TRANSPARENT_BLOCK, InlineWalk, math_text, run_char

P, TBL, TR, TC, R, T = q("p"), q("tbl"), q("tr"), q("tc"), q("r"), q("t")
PPR, RPR, TCPR, TRPR, TBLPR, TBLGRID = q("pPr"), q("rPr"), q("tcPr"), q("trPr"), q("tblPr"), q("tblGrid")
PSTYLE, NUMPR, NUMID, ILVL, OUTLINE = q("pStyle"), q("numPr"), q("numId"), q("ilvl"), q("outlineLvl")
TAB, BR, CR, FLDCHAR, FLDCHARTYPE = q("tab"), q("br"), q("cr"), q("fldChar"), q("fldCharType")
SDT, SDTCONTENT, ALTCHUNK, GRIDSPAN = q("sdt"), q("sdtContent"), q("altChunk"), q("gridSpan")
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
# Containers whose children are read as if they stood in the parent (ooxml.text); inline ones: InlineWalk.
_TRANSPARENT_BLOCK = TRANSPARENT_BLOCK
_CHARS = frozenset({TAB, BR, CR, q("noBreakHyphen"), q("sym")})  # shown as ooxml.text.run_char says
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
    inline: _Inline | None = None
    namespaces: dict[str, dict[str, str]] = field(default_factory=dict)  # see _xml
    serialised: dict[str, str] = field(default_factory=dict)  # lxml's serialisation -> ours (shared)
    ppr_cache: dict[str, tuple] = field(default_factory=dict)  # serialised w:pPr -> what it says
    rpr_cache: dict[str, tuple] = field(default_factory=dict)  # serialised w:rPr -> what it says
    # The part being read: its property elements' cut texts, and the entries of each cache above
    # that they lead to (see index_properties and _cached).
    cuts: dict[etree._Element, bytes] = field(default_factory=dict)
    serialised_by_cut: dict[bytes, str] = field(default_factory=dict)
    ppr_by_cut: dict[bytes, tuple] = field(default_factory=dict)
    rpr_by_cut: dict[bytes, tuple] = field(default_factory=dict)
    # When asked for: id of each paragraph and table read -> the element it was read from.

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
        if tag == P or tag == TBL:
            block = read_paragraph(el, ctx) if tag == P else read_table(el, ctx)
            out.append(block)
        elif tag == SDT:
            content = el.find(SDTCONTENT)
            if content is not None:
                _read_into(content, ctx, out)
        elif tag in _TRANSPARENT_BLOCK:
            _read_into(el, ctx, out)
        elif tag == ALTCHUNK:
            ctx.warn("read.altchunk", "embedded alternative-format content (w:altChunk) is not read")
        elif tag in _SILENT or not isinstance(tag, str):
            continue
        else:
            ctx.warn("read.unknown", f"unknown block element {etree.QName(tag).localname} skipped")


def read_table(tbl: etree._Element, ctx: Context) -> Table:
    """A w:tbl, row by row and cell by cell."""
    ref = ctx.refs.current if ctx.refs is not None else ""
    rows: list[Row] = []
    for tr in block_children(tbl, TR):
        cells = []
        for tc in block_children(tr, TC):
            tc_pr = _child(tc, TCPR)
            span_el = tc_pr.find(GRIDSPAN) if tc_pr is not None else None
            span = int(span_el.get(VAL, "1")) if span_el is not None else 1
            cells.append(Cell(read_blocks(tc, ctx), span, _xml(tc_pr, ctx)))
        rows.append(Row(tuple(cells), _xml(_child(tr, TRPR), ctx)))
    tbl_pr = _child(tbl, TBLPR)
    style_el = tbl_pr.find(q("tblStyle")) if tbl_pr is not None else None
    style = style_el.get(VAL, "") if style_el is not None else ""
    return Table(tuple(rows), style, ref, _xml(tbl_pr, ctx), _xml(_child(tbl, TBLGRID), ctx))


def _child(parent: etree._Element, tag: str) -> etree._Element | None:
    """The first child with ``tag``, as ``parent.find(tag)`` gives it.

    lxml's find goes through ElementPath: several times slower than this loop for the property
    elements, which come first.
    """
    for el in parent:
        if el.tag == tag:
            return el
    return None


def block_children(parent: etree._Element, tag: str) -> list[etree._Element]:
    """Children with ``tag``, looking through content controls and custom XML wrappers (rows of a
    table, cells of a row: the writers pair them with the model the same way)."""
    out = []
    for el in parent:
        if el.tag == tag:
            out.append(el)
        elif el.tag == SDT:
            content = el.find(SDTCONTENT)
            if content is not None:
                out.extend(block_children(content, tag))
        elif el.tag in _TRANSPARENT_BLOCK:
            out.extend(block_children(el, tag))
    return out


# ---------------------------------------------------------------- what property elements say
#
# What a property element (w:pPr, w:rPr, w:tcPr, …) says, and its kept XML, are worked out once per
# distinct element: the caches in Context are keyed by the element's serialisation. But lxml repeats
# every namespace declaration in scope (thirty-odd in a Word part, ~1,200 characters) on each
# sub-element it serialises on its own, so serialising each w:pPr took a fifth of the time of reading
# a large document. index_properties cuts each property element's text out of one text of the
# whole part instead: its serialisation, or the bytes it was parsed from while the tree is as parsed
# (no tracked changes resolved), which saves serialising it. Within one part whose elements declare
# no namespaces of their own, every element has the same namespace context, so two of them whose cut
# texts are equal are equal elements (with no DTD, equal source text parses alike) and serialise
# equally on their own: the cut text finds the cache entry as surely as the serialisation. (Equal
# elements may have different cut texts, from the source: that costs a serialisation, not a wrong
# entry.) Only the first element of each cut text is serialised, to find or make that entry, so every
# result is the very object it always was, shared in the same way.

# Property elements that never contain one another (after revisions are resolved), cut in one pass:
# a match runs from a start tag to the first end tag of any of them, plus the tail text, which
# etree.tostring includes too. w:rPr (also inside w:pPr) gets a pass of its own.
_CUTS = (
    ((PPR, TCPR, TRPR, TBLPR, TBLGRID), "pPr|tcPr|trPr|tblPr|tblGrid"),
    ((RPR,), "rPr"),
)


def _cut_re(names: str) -> re.Pattern[bytes]:
    """<w:NAME …/> or <w:NAME …>…</w:NAME> for NAME in ``names``, then the tail text.

    Attribute values and text hold no "<" (nor ">" as lxml writes them). The content is matched as
    "text, then '<' not starting an end tag of ``names``, then text, …": the same match as a lazy
    ".*?", but about a third faster.
    """
    content = rf"[^<]*(?:<(?!/w:(?:{names})>)[^<]*)*"
    return re.compile(rf"<w:(?:{names})(?=[\s/>])(?:[^>]*?/>|[^>]*>{content}</w:(?:{names})>)[^<]*".encode())


_CUTS_RE = tuple((tags, _cut_re(names)) for tags, names in _CUTS)


# The start of a part's source: byte order mark, XML declaration, the root's start tag.
_SOURCE_HEAD = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>)?\s*<[^>]*>")


def index_properties(root: etree._Element, ctx: Context, source: bytes | None = None) -> None:
    """Cut the text of each property element of a part out of one text of it (see above), for the
    part to be read next. ``root`` is the part's root element; ``source``, the bytes it was parsed
    from, if the tree is still as parsed.

    The cut texts line up with the elements, in document order, when (checked here):
    - the prefix w is the one binding of the WordprocessingML namespace in scope and nothing below
      the root declares a namespace, so every such element, and nothing else, is written <w:pPr…;
    - there are no comments or processing instructions, whose text could hold "<w:pPr", nor (in the
      source) CDATA sections, and the source holds nothing but the root after its declaration;
    - there are as many cuts as elements: one element inside another (whose start tag its ancestor's
      cut would swallow) gives fewer.
    Otherwise those elements are serialised one by one, as _cached does for any element not cut.
    """
    # A cut text stands for one element only within its part.
    ctx.cuts, ctx.serialised_by_cut, ctx.ppr_by_cut, ctx.rpr_by_cut = {}, {}, {}, {}
    nsmap = root.nsmap
    if nsmap.get("w") != W or list(nsmap.values()).count(W) != 1:
        return
    if next(root.iter(etree.Comment, etree.ProcessingInstruction), None) is not None:
        return
    text = None
    # The source, unless a comment or processing instruction stands beside the root, or it has a
    # CDATA section. (A ">" in a value of the root ends the match of its start tag too early: then
    # either the root's own declarations follow, and the serialisation is cut instead, or no tag
    # starts before the true end.)
    if source is not None and root.getprevious() is None and root.getnext() is None and b"<![CDATA[" not in source:
        start = _SOURCE_HEAD.match(source)
        if start is not None and source.find(b"xmlns", start.end()) < 0:
            text, head = source, start.end()
    if text is None:
        text = etree.tostring(root)
        head = text.find(b">") + 1  # after the root's start tag: the declarations in scope
        if text.find(b"xmlns", head) >= 0:
            return
    for tags, cut_re in _CUTS_RE:
        elements = list(root.iter(*tags))
        cuts = cut_re.findall(text, head)
        if len(cuts) == len(elements):
            ctx.cuts.update(zip(elements, cuts))


_V = TypeVar("_V")


def _cached(
    el: etree._Element,
    cache: dict[str, _V],
    by_cut: dict[bytes, _V],
    ctx: Context,
    work: Callable[[etree._Element, str, Context], _V],
) -> _V:
    """``work(el, serialisation, ctx)``, once per distinct serialisation of ``el`` (kept in ``cache``).

    An element with a cut text (index_properties) is serialised only when its cut text is new to
    ``by_cut``, which leads from the cut texts of the part being read to the entries of ``cache``.
    """
    cut = ctx.cuts.get(el)
    if cut is not None:
        hit = by_cut.get(cut)
        if hit is not None:
            return hit
    s = etree.tostring(el, encoding="unicode")
    value = cache.get(s)
    if value is None:
        value = cache[s] = work(el, s, ctx)
    if cut is not None:
        by_cut[cut] = value
    return value


_DECL = re.compile(r' xmlns:([\w.-]+)="[^"]*"')
_PREFIX = re.compile(r'[<\s/]([A-Za-z_][\w.-]*):')


def _xml(el: etree._Element | None, ctx: Context) -> str:
    """``el`` serialised, self-contained but declaring only the namespaces it uses.

    lxml repeats every declaration in scope (thirty-odd in a Word document) on each serialised
    element; the block is the same for every element of a part, so it is split up once.
    """
    if el is None or not ctx.keep_xml:
        return ""
    return _cached(el, ctx.serialised, ctx.serialised_by_cut, ctx, _serialisation)


def _serialisation(el: etree._Element, s: str, ctx: Context) -> str:
    return _minimal_namespaces(s, ctx)


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
    runs: list[Run] = []
    notes: list[Note] = []
    inline = ctx.inline
    if inline is None:
        inline = ctx.inline = _Inline(ctx)
    inline.start(runs, notes)
    # The runs are read first, and the w:pPr met on the way (so the children are walked once):
    # reading them neither counts numbering nor changes the current clause. Only an error could
    # tell the order: the w:pPr's comes first, as when the properties were read first.
    try:
        ppr = inline.read(p)
    except Exception:
        ppr = _child(p, PPR)
        if ppr is not None:
            _paragraph_props(ppr, ctx)
        raise
    style_id, num_pr, outline, ppr_xml = _paragraph_props(ppr, ctx) if ppr is not None else _NO_PPR
    style_id = style_id or ctx.default_style
    label = ctx.numbering.next_number(num_pr, style_id) if ctx.numbering is not None else None
    styles = ctx.styles
    heading = outline or styles.heading_level(style_id)
    text_label, level, numbered, ref = "", None, False, ""
    if label is not None:
        text_label, level, _, bullet = label
    if ctx.refs is not None:
        if label is not None and not bullet and text_label.strip():
            ref, numbered = ctx.refs.numbered(text_label, label[1], label[2]), True
        else:
            ref = ctx.refs.current
    return _new_paragraph(
        _merge(runs),  # runs
        style_id or "",  # style
        styles.name(style_id),  # style_name
        heading,  # heading_level
        text_label,  # label
        level,  # num_level
        ref,
        numbered,
        tuple(notes),  # notes
        ppr_xml,  # ppr
    )


# Paragraph(...) and Run(...), as fast as the hot path needs (see model.fast_constructor).
_new_paragraph = fast_constructor(Paragraph)
_new_run = fast_constructor(Run)


_NO_PPR: tuple[str | None, tuple[int | None, int | None] | None, int | None, str] = (None, None, None, "")


def _paragraph_props(
    ppr: etree._Element, ctx: Context
) -> tuple[str | None, tuple[int | None, int | None] | None, int | None, str]:
    """(pStyle, direct numPr, outline level, kept XML) of a w:pPr, worked out once per distinct one."""
    return _cached(ppr, ctx.ppr_cache, ctx.ppr_by_cut, ctx, _read_ppr)


def _read_ppr(
    ppr: etree._Element, s: str, ctx: Context
) -> tuple[str | None, tuple[int | None, int | None] | None, int | None, str]:
    st = ppr.find(PSTYLE)
    style_id = st.get(VAL) if st is not None else None
    np_el = ppr.find(NUMPR)
    num_pr = (_int_child(np_el, NUMID), _int_child(np_el, ILVL)) if np_el is not None else None
    ol = ppr.find(OUTLINE)
    outline = None
    level = ol.get(VAL, "") if ol is not None else ""
    if level.isdigit() and int(level) < 9:
        outline = int(level) + 1
    return (style_id, num_pr, outline, _minimal_namespaces(s, ctx) if ctx.keep_xml else "")


def _int_child(el: etree._Element, tag: str) -> int | None:
    child = el.find(tag)
    if child is None:
        return None
    try:
        return int(child.get(VAL, ""))
    except ValueError:
        return None


def _merge(runs: list[Run]) -> tuple[Run, ...]:
    """Join neighbouring runs with the same formatting; drop empty ones. An equation is never joined."""
    if len(runs) == 1:  # the common case, quicker
        return (runs[0],) if runs[0].text else ()
    out: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if out and out[-1].formatting == run.formatting and out[-1].rpr == run.rpr and not (run.math or out[-1].math):
            out[-1] = Run(out[-1].text + run.text, *run.formatting, rpr=run.rpr)
        else:
            out.append(run)
    return tuple(out)


class _Inline(InlineWalk):
    """Reads the inline content of one paragraph into runs and notes (the walk: ``ooxml.text``),
    following complex fields to their results."""

    silent = frozenset(_SILENT)

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.runs: list[Run] = []
        self.notes: list[Note] = []

    def start(self, runs: list[Run], notes: list[Note]) -> None:
        """Begin a paragraph: runs and notes are collected into these lists.

        A field's result may span paragraphs (a table of contents), so open results carry over; a
        field code cannot hold a paragraph mark, so an unfinished code is dropped.
        """
        self.runs, self.notes = runs, notes
        if self.fields.stack:
            self.fields.stack = [f for f in self.fields.stack if f == "result"]

    def other(self, el: etree._Element) -> None:
        self.ctx.warn("read.unknown", f"unknown inline element {etree.QName(el).localname} skipped")

    def math(self, el: etree._Element) -> None:
        text = math_text(el)
        if text:
            self.runs.append(Run(text, math=True, omml=_xml(el, self.ctx)))

    def run(self, r: etree._Element) -> None:
        """A w:r: text, tabs, breaks, symbols, field characters, note references."""
        rpr = None  # the first w:rPr child, as r.find(RPR) would give, but found on the way
        pieces: list[str] = []
        fields = self.fields.stack  # changed in place by Fields.char; text in a field code is not shown
        for el in r:
            tag = el.tag
            if tag == T:
                if not fields or fields[-1] == "result":
                    pieces.append(el.text or "")
            elif tag == RPR:
                if rpr is None:
                    rpr = el
            elif tag == FLDCHAR:
                self.fields.char(el.get(FLDCHARTYPE, ""))
            elif not self._visible() or tag in _SILENT:
                continue
            elif tag in _CHARS:
                char = run_char(el)
                if char:
                    pieces.append(char)
            elif tag in (q("footnoteReference"), q("endnoteReference")):
                self._note(el, sum(map(len, pieces)))
            elif tag in _OBJECTS:
                self._object(el, _OBJECTS[tag])
            elif tag == f"{{{MC}}}AlternateContent":
                self._object(el, "drawing")
            elif tag == q("delText"):
                continue
            elif isinstance(tag, str):
                self.ctx.warn("read.unknown", f"unknown run element {etree.QName(tag).localname} skipped")
        if pieces:  # (what the w:rPr says matters only to a run kept)
            fmt, rpr_xml = _run_props(rpr, self.ctx) if rpr is not None else _NO_RPR
            text = "".join(pieces)
            self.runs.append(_new_run(text, *fmt, rpr_xml, False, ""))  # text, bold, italic, underline, strike, vert, rpr, math, omml

    def _visible(self) -> bool:
        return self.fields.visible()

    def _note(self, el: etree._Element, pending: int) -> None:
        """A note reference, with its place in the text (the runs read so far and ``pending`` characters)."""
        kind = "footnote" if el.tag == q("footnoteReference") else "endnote"
        nid = el.get(q("id"), "")
        blocks = self.ctx.notes.get(kind, {}).get(nid)
        if blocks is None:
            self.ctx.warn("read.note-missing", f"{kind} {nid} is cited but not found")
            return
        self.notes.append(Note(kind, nid, blocks, sum(len(r.text) for r in self.runs) + pending))

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
    return _cached(rpr, ctx.rpr_cache, ctx.rpr_by_cut, ctx, _read_rpr)


def _read_rpr(rpr: etree._Element, s: str, ctx: Context) -> tuple[tuple[bool, bool, bool, bool, str], str]:
    fmt = (
        _on(rpr, "b"),
        _on(rpr, "i"),
        _underlined(rpr),
        _on(rpr, "strike") or _on(rpr, "dstrike"),
        _vert(rpr),
    )
    return (fmt, _minimal_namespaces(s, ctx) if ctx.keep_xml else "")


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
