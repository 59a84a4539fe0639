"""Read body content (w:body, header/footer/note parts) into model blocks."""

from __future__ import annotations

from lxml import etree

from sectrack.docx.context import Context
from sectrack.docx.properties import (
    NO_PPR,
    NO_RPR,
    PPR,
    RPR,
    TBLGRID,
    TBLPR,
    TCPR,
    TRPR,
    VAL,
    kept_xml,
    paragraph_props,
    run_props,
)
from sectrack.model import Block, Cell, Note, Paragraph, Row, Run, Table, fast_constructor
from sectrack.ooxml.names import MC
from sectrack.ooxml.names import w as q
from sectrack.ooxml.text import TRANSPARENT_BLOCK, InlineWalk, math_text, run_char

P, TBL, TR, TC, R, T = q("p"), q("tbl"), q("tr"), q("tc"), q("r"), q("t")
TAB, BR, CR, FLDCHAR, FLDCHARTYPE = q("tab"), q("br"), q("cr"), q("fldChar"), q("fldCharType")
SDT, SDTCONTENT, ALTCHUNK, GRIDSPAN = q("sdt"), q("sdtContent"), q("altChunk"), q("gridSpan")

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
            cells.append(Cell(read_blocks(tc, ctx), span, kept_xml(tc_pr, ctx)))
        rows.append(Row(tuple(cells), kept_xml(_child(tr, TRPR), ctx)))
    tbl_pr = _child(tbl, TBLPR)
    style_el = tbl_pr.find(q("tblStyle")) if tbl_pr is not None else None
    style = style_el.get(VAL, "") if style_el is not None else ""
    return Table(tuple(rows), style, ref, kept_xml(tbl_pr, ctx), kept_xml(_child(tbl, TBLGRID), ctx))


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
            paragraph_props(ppr, ctx)
        raise
    style_id, num_pr, outline, ppr_xml = paragraph_props(ppr, ctx) if ppr is not None else NO_PPR
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
            self.runs.append(Run(text, math=True, omml=kept_xml(el, self.ctx)))

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
            fmt, rpr_xml = run_props(rpr, self.ctx) if rpr is not None else NO_RPR
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


