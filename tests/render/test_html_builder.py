"""A small builder of hand-made ChangeSets for the HTML renderer's tests, and view extraction.

``cs(*entries)`` derives the old and new Documents from the entries themselves (old side: every entry
with an old block except moved-to; new side: every entry with a new block except moved-from), so a
test writes the redline once and gets both versions for free.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import lxml.html

from sectrack.compare.changes import (
    DEL,
    DELETED,
    EQUAL,
    INS,
    INSERTED,
    KEEP,
    MODIFIED,
    MOVED_FROM,
    MOVED_TO,
    BlockChange,
    CellChange,
    ChangeSet,
    DefinitionChange,
    PartChange,
    RowChange,
    Span,
    Summary,
)
from sectrack.model import Block, Cell, Document, Message, Note, Paragraph, Row, Run, Table, iter_paragraphs

_OPS = {"=": KEEP, "+": INS, "-": DEL}


def run(text: str, **fmt: object) -> Run:
    return Run(text, **fmt)  # type: ignore[arg-type]


def para(text: str | Sequence[Run] = "", label: str = "", ref: str = "", *, level: int | None = None,
         heading: int | None = None, notes: tuple[Note, ...] = ()) -> Paragraph:
    runs = (Run(text),) if isinstance(text, str) else tuple(text)
    return Paragraph(runs, label=label, ref=ref, num_level=level, heading_level=heading,
                     numbered=bool(label), notes=notes)


def keep(p: Paragraph) -> tuple[Span, ...]:
    return tuple(Span(KEEP, r.text, r) for r in p.runs if r.text)


def whole(op: str, p: Paragraph) -> tuple[Span, ...]:
    return tuple(Span(op, r.text, r) for r in p.runs if r.text)


def equal(o: Paragraph, n: Paragraph | None = None, **flags: object) -> BlockChange:
    n = n or o
    renumbered = o.ref != n.ref and (o.numbered or n.numbered)
    return BlockChange(EQUAL, o, n, spans=keep(n), renumbered=renumbered, **flags)  # type: ignore[arg-type]


def inserted(p: Block) -> BlockChange:
    if isinstance(p, Table):
        return BlockChange(INSERTED, None, p, rows=tuple(row_one(INSERTED, r) for r in p.rows))
    return BlockChange(INSERTED, None, p, spans=whole(INS, p))


def deleted(p: Block) -> BlockChange:
    if isinstance(p, Table):
        return BlockChange(DELETED, p, None, rows=tuple(row_one(DELETED, r) for r in p.rows))
    return BlockChange(DELETED, p, None, spans=whole(DEL, p))


def pieces(spec: Iterable[tuple[str, str | Run]]) -> tuple[Span, ...]:
    """Spans from ("=", text) / ("+", text) / ("-", text) pieces (a Run gives formatting)."""
    out = []
    for op, piece in spec:
        r = piece if isinstance(piece, Run) else Run(piece)
        out.append(Span(_OPS[op], r.text, r))
    return tuple(out)


def modified(spec: Iterable[tuple[str, str | Run]], label: str = "", ref: str = "", *,
             old_label: str | None = None, old_ref: str | None = None, replaced: bool = False,
             level: int | None = None, **flags: object) -> BlockChange:
    """A modified paragraph pair whose old and new runs are read off the pieces."""
    spans = pieces(spec)
    old = para([s.run for s in spans if s.op != INS], old_label if old_label is not None else label,
               old_ref if old_ref is not None else ref, level=level)
    new = para([s.run for s in spans if s.op != DEL], label, ref, level=level)
    return BlockChange(MODIFIED, old, new, spans=spans, replaced=replaced,
                       renumbered=old.ref != new.ref, **flags)  # type: ignore[arg-type]


def moved(o: Paragraph, n: Paragraph, move_id: int, spans: tuple[Span, ...] | None = None) -> tuple[BlockChange, BlockChange]:
    """The moved-from and moved-to entries of one move (``n`` takes the spans' new side, if given)."""
    if spans is not None:
        n = Paragraph(tuple(s.run for s in spans if s.op != DEL), label=n.label, ref=n.ref,
                      num_level=n.num_level, numbered=n.numbered)
    return (BlockChange(MOVED_FROM, o, None, spans=whole(DEL, o), move_id=move_id),
            BlockChange(MOVED_TO, o, n, spans=spans if spans is not None else keep(n), move_id=move_id))


def cell(*paras: Paragraph) -> Cell:
    return Cell(tuple(paras))


def row(*texts: str) -> Row:
    return Row(tuple(cell(para(t)) for t in texts))


def row_one(kind: str, r: Row, key: str = "") -> RowChange:
    make = inserted if kind == INSERTED else deleted
    cells = tuple(CellChange(tuple(make(b) for b in c.blocks)) for c in r.cells)
    return RowChange(kind, None if kind == INSERTED else r, r if kind == INSERTED else None, cells, key)


def row_equal(r: Row, key: str = "") -> RowChange:
    return RowChange(EQUAL, r, r, tuple(CellChange(tuple(equal(b) for b in c.blocks)) for c in r.cells), key)


def row_modified(cells: Sequence[BlockChange], key: str = "") -> RowChange:
    old = Row(tuple(Cell((c.old,)) for c in cells))
    new = Row(tuple(Cell((c.new,)) for c in cells))
    return RowChange(MODIFIED, old, new, tuple(CellChange((c,)) for c in cells), key)


def table_change(kind: str, rows: Sequence[RowChange], *, ref: str = "", definitions: bool = False) -> BlockChange:
    old = Table(tuple(r.old for r in rows if r.old is not None), ref=ref, definitions=definitions)
    new = Table(tuple(r.new for r in rows if r.new is not None), ref=ref, definitions=definitions)
    return BlockChange(kind, old, new, rows=tuple(rows))


def sides(entries: Sequence[BlockChange]) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    old = tuple(e.old for e in entries if e.old is not None and e.kind != MOVED_TO)
    new = tuple(e.new for e in entries if e.new is not None and e.kind != MOVED_FROM)
    return old, new


def cs(*entries: BlockChange, definitions: Sequence[DefinitionChange] = (), parts: Sequence[PartChange] = (),
       messages: Sequence[Message] = (), summary: Summary | None = None, **meta: str) -> ChangeSet:
    """A ChangeSet over Section-A-like documents made of the entries' two sides."""
    old_blocks, new_blocks = sides(entries)
    info = {"kind": "section", "letter": "A", "title": "Definitions and Interpretation"}
    info.update(meta)
    old = Document(old_blocks, version=info.pop("old_version", "15.0"), date=info.pop("old_date", "2021-09-01"),
                   source="section-a-v15.0.docx", **info)  # type: ignore[arg-type]
    new = Document(new_blocks, version=info.pop("new_version", "16.0"), date=info.pop("new_date", "2021-12-17"),
                   source="section-a-v16.0.docx", **info)  # type: ignore[arg-type]
    if summary is None:
        summary = Summary(
            inserted=sum(e.kind == INSERTED for e in entries), deleted=sum(e.kind == DELETED for e in entries),
            modified=sum(e.kind == MODIFIED for e in entries), moved=sum(e.kind == MOVED_TO for e in entries),
            renumbered=sum(e.renumbered for e in entries),
            format_only=sum(e.kind == EQUAL and e.format_changed for e in entries))
    return ChangeSet(old, new, tuple(entries), tuple(definitions), tuple(parts), summary, tuple(messages))


# ----------------------------------------------------------------------------- reading the page

LABELS = ("num", "num-old", "mark")


def _has_class(cls: str) -> str:
    return f'contains(concat(" ", normalize-space(@class), " "), " {cls} ")'


def norm(text: str) -> str:
    return " ".join(text.split())


def main_of(html: str) -> lxml.html.HtmlElement:
    root = lxml.html.document_fromstring(html)
    found = root.xpath('//main[@id="redline"]')
    assert len(found) == 1, "the page must have exactly one main#redline"
    return found[0]


def view(html: str, drop: str) -> list[list[str]]:
    """Per top-level block of main, its paragraphs' texts with ``drop`` (ins/del) and labels removed."""
    main = main_of(html)
    query = " | ".join([f".//{drop}"] + [f".//*[{_has_class(c)}]" for c in LABELS])
    for el in main.xpath(query):
        el.drop_tree()
    out = []
    for child in main:
        texts = [norm(p.text_content()) for p in child.xpath(f"descendant-or-self::*[{_has_class('para')}]")]
        texts = [t for t in texts if t]
        if texts:
            out.append(texts)
    return out


def expected(blocks: Sequence[Block]) -> list[list[str]]:
    """Per block, its paragraphs' texts, whitespace-normalised, empty ones left out."""
    out = []
    for b in blocks:
        texts = [norm(p.text) for p in iter_paragraphs((b,))]
        texts = [t for t in texts if t]
        if texts:
            out.append(texts)
    return out


def assert_views(html: str, change_set: ChangeSet) -> None:
    """Accept view (no <del>) gives the new document; reject view (no <ins>) gives the old one."""
    assert view(html, "del") == expected(change_set.new.blocks), "accept view differs from the new document"
    assert view(html, "ins") == expected(change_set.old.blocks), "reject view differs from the old document"


# ------------------------------------------------------------------------------ builder sanity


def test_builder_sides_follow_redline_order() -> None:
    a, b, c = para("one", "1.1", "A1.1"), para("two", "1.2", "A1.2"), para("three", "1.3", "A1.3")
    f, t = moved(a, para("one", "1.3", "A1.3"), 1)
    change_set = cs(f, equal(b, para("two", "1.1", "A1.1")), deleted(c), t)
    assert [p.text for p in change_set.old.paragraphs()] == ["one", "two", "three"]
    assert [p.text for p in change_set.new.paragraphs()] == ["two", "one"]


def test_builder_modified_reads_both_sides() -> None:
    m = modified([("=", "The "), ("-", "old"), ("+", "new"), ("=", " text")], "1.1", "A1.1")
    assert m.old.text == "The old text" and m.new.text == "The new text"
