"""The one builder of hand-made ChangeSets for the renderers' unit tests.

Every entry it makes is complete, as ``sectrack.compare`` makes them: a paragraph entry has its spans,
a table entry one RowChange per row and each row one CellChange per cell, holding complete entries in
turn. So the renderers need no fallbacks for test data. ``cs(*entries)`` derives the old and the new
Document from the entries themselves (old side: every entry with an old block except moved-to; new
side: every entry with a new block except moved-from), so a test writes the redline once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sectrack.compare.changes import (
    DELETED,
    EQUAL,
    INSERTED,
    MODIFIED,
    MOVED_FROM,
    MOVED_TO,
    BlockChange,
    CellChange,
    ChangeKind,
    ChangeSet,
    DefinitionChange,
    PartChange,
    RowChange,
    Span,
    SpanOp,
    Summary,
)
from sectrack.model import Block, Cell, Document, Message, Note, Paragraph, Row, Run, Table

_OPS = {"=": SpanOp.EQUAL, "+": SpanOp.INSERT, "-": SpanOp.DELETE}


def run(text: str, **fmt: object) -> Run:
    return Run(text, **fmt)  # type: ignore[arg-type]  # formatting flags by keyword, as Run takes them


def para(text: str | Sequence[Run] = "", label: str = "", ref: str = "", *, level: int | None = None,
         heading: int | None = None, notes: tuple[Note, ...] = (), ppr: str = "") -> Paragraph:
    runs = (Run(text),) if isinstance(text, str) else tuple(text)
    return Paragraph(runs, label=label, ref=ref, num_level=level, heading_level=heading,
                     numbered=bool(label), notes=notes, ppr=ppr)


def whole(op: SpanOp, p: Paragraph) -> tuple[Span, ...]:
    """One span per run of ``p``, all with ``op``."""
    return tuple(Span(op, r.text, r) for r in p.runs if r.text)


def keep(p: Paragraph) -> tuple[Span, ...]:
    return whole(SpanOp.EQUAL, p)


def equal(o: Block, n: Block | None = None, **flags: object) -> BlockChange:
    """An unchanged paragraph or table (``n``: its new side, when it differs in label or formatting)."""
    n = n or o
    if isinstance(o, Table) and isinstance(n, Table):
        return BlockChange(EQUAL, o, n, rows=tuple(row_equal(r) for r in n.rows), **flags)  # type: ignore[arg-type]
    assert isinstance(o, Paragraph) and isinstance(n, Paragraph)
    renumbered = o.ref != n.ref and (o.numbered or n.numbered)
    return BlockChange(EQUAL, o, n, spans=keep(n), renumbered=renumbered, **flags)  # type: ignore[arg-type]


def inserted(b: Block) -> BlockChange:
    if isinstance(b, Table):
        return BlockChange(INSERTED, None, b, rows=tuple(row_one(INSERTED, r) for r in b.rows))
    return BlockChange(INSERTED, None, b, spans=whole(SpanOp.INSERT, b))


def deleted(b: Block) -> BlockChange:
    if isinstance(b, Table):
        return BlockChange(DELETED, b, None, rows=tuple(row_one(DELETED, r) for r in b.rows))
    return BlockChange(DELETED, b, None, spans=whole(SpanOp.DELETE, b))


def pieces(spec: Iterable[tuple[str, str | Run]]) -> tuple[Span, ...]:
    """Spans from ("=", text) / ("+", text) / ("-", text) pieces (a Run gives formatting)."""
    out = []
    for op, piece in spec:
        r = piece if isinstance(piece, Run) else Run(piece)
        out.append(Span(_OPS[op], r.text, r))
    return tuple(out)


def old_runs(spans: Sequence[Span]) -> tuple[Run, ...]:
    return tuple(s.run for s in spans if s.op != SpanOp.INSERT)


def new_runs(spans: Sequence[Span]) -> tuple[Run, ...]:
    return tuple(s.run for s in spans if s.op != SpanOp.DELETE)


def modified(spec: Iterable[tuple[str, str | Run]], label: str = "", ref: str = "", *,
             old_label: str | None = None, old_ref: str | None = None, replaced: bool = False,
             level: int | None = None, old_ppr: str = "", new_ppr: str = "", **flags: object) -> BlockChange:
    """A modified paragraph pair whose old and new runs are read off the pieces."""
    spans = pieces(spec)
    old = para(old_runs(spans), old_label if old_label is not None else label,
               old_ref if old_ref is not None else ref, level=level, ppr=old_ppr)
    new = para(new_runs(spans), label, ref, level=level, ppr=new_ppr)
    return BlockChange(MODIFIED, old, new, spans=spans, replaced=replaced,
                       renumbered=old.ref != new.ref, **flags)  # type: ignore[arg-type]


def moved(o: Paragraph, n: Paragraph, move_id: int, spans: tuple[Span, ...] | None = None) -> tuple[BlockChange, BlockChange]:
    """The moved-from and moved-to entries of one move (``n`` takes the spans' new side, if given)."""
    if spans is not None:
        n = Paragraph(new_runs(spans), label=n.label, ref=n.ref, num_level=n.num_level, numbered=n.numbered,
                      ppr=n.ppr)
    return (BlockChange(MOVED_FROM, o, None, spans=whole(SpanOp.DELETE, o), move_id=move_id),
            BlockChange(MOVED_TO, o, n, spans=spans if spans is not None else keep(n), move_id=move_id))


def cell(*blocks: Block) -> Cell:
    return Cell(tuple(blocks))


def row(*texts: str) -> Row:
    return Row(tuple(cell(para(t)) for t in texts))


def row_one(kind: ChangeKind, r: Row, key: str = "") -> RowChange:
    """A wholly inserted or deleted row, its cells' blocks too."""
    make = inserted if kind == INSERTED else deleted
    cells = tuple(CellChange(tuple(make(b) for b in c.blocks)) for c in r.cells)
    return RowChange(kind, None if kind == INSERTED else r, r if kind == INSERTED else None, cells, key)


def row_equal(r: Row, key: str = "") -> RowChange:
    return RowChange(EQUAL, r, r, tuple(CellChange(tuple(equal(b) for b in c.blocks)) for c in r.cells), key)


def row_changed(cells: Sequence[Sequence[BlockChange]], key: str = "") -> RowChange:
    """A modified row from each cell's entries; the old and new rows are their two sides."""
    old = Row(tuple(Cell(tuple(b.old for b in c if b.old is not None and b.kind != MOVED_TO)) for c in cells))
    new = Row(tuple(Cell(tuple(b.new for b in c if b.new is not None and b.kind != MOVED_FROM)) for c in cells))
    return RowChange(MODIFIED, old, new, tuple(CellChange(tuple(c)) for c in cells), key)


def row_modified(cells: Sequence[BlockChange], key: str = "") -> RowChange:
    """A modified row whose cells hold one entry each."""
    return row_changed([(c,) for c in cells], key)


def table_change(kind: ChangeKind, rows: Sequence[RowChange], *, ref: str = "", definitions: bool = False) -> BlockChange:
    old = Table(tuple(r.old for r in rows if r.old is not None), ref=ref, definitions=definitions)
    new = Table(tuple(r.new for r in rows if r.new is not None), ref=ref, definitions=definitions)
    return BlockChange(kind, old, new, rows=tuple(rows))


def sides(entries: Sequence[BlockChange]) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    old = tuple(e.old for e in entries if e.old is not None and e.kind != MOVED_TO)
    new = tuple(e.new for e in entries if e.new is not None and e.kind != MOVED_FROM)
    return old, new


def summary_of(entries: Sequence[BlockChange]) -> Summary:
    """The counts a comparison gives for these top-level entries."""
    return Summary(
        inserted=sum(e.kind == INSERTED for e in entries), deleted=sum(e.kind == DELETED for e in entries),
        modified=sum(e.kind == MODIFIED for e in entries), moved=sum(e.kind == MOVED_TO for e in entries),
        renumbered=sum(e.renumbered for e in entries),
        format_only=sum(e.kind == EQUAL and e.format_changed for e in entries))


def cs(*entries: BlockChange, definitions: Sequence[DefinitionChange] = (), parts: Sequence[PartChange] = (),
       messages: Sequence[Message] = (), summary: Summary | None = None, package: bytes | None = None,
       **meta: str) -> ChangeSet:
    """A ChangeSet over Section-A-like documents made of the entries' two sides (``package``: the .docx
    bytes both Documents carry, for the .docx writer)."""
    old_blocks, new_blocks = sides(entries)
    info = {"kind": "section", "letter": "A", "title": "Definitions and Interpretation"}
    info.update(meta)
    versions = {k: info.pop(k, d) for k, d in (("old_version", "15.0"), ("new_version", "16.0"),
                                                ("old_date", "2021-09-01"), ("new_date", "2021-12-17"))}
    old = Document(old_blocks, version=versions["old_version"], date=versions["old_date"],
                   source="section-a-v15.0.docx", package=package, **info)  # type: ignore[arg-type]  # str fields
    new = Document(new_blocks, version=versions["new_version"], date=versions["new_date"],
                   source="section-a-v16.0.docx", package=package, **info)  # type: ignore[arg-type]  # str fields
    return ChangeSet(old, new, tuple(entries), tuple(definitions), tuple(parts),
                     summary if summary is not None else summary_of(entries), tuple(messages))


def incomplete(entries: Iterable[BlockChange]) -> list[BlockChange]:
    """The entries (nested ones included) that lack what a comparison always gives them."""
    out = []
    for e in entries:
        block = e.new if e.new is not None else e.old
        if isinstance(block, Table):
            if len(e.rows) != len(block.rows) and e.kind in (INSERTED, DELETED, EQUAL, MOVED_FROM):
                out.append(e)
            for r in e.rows:
                side = r.new if r.new is not None else r.old
                if side is None or len(r.cells) != len(side.cells):
                    out.append(e)
                out.extend(incomplete(b for c in r.cells for b in c.blocks))
        elif isinstance(block, Paragraph) and block.text and not e.spans:
            out.append(e)
    return out
