"""Compare two versions of a document: ``compare(old, new) -> ChangeSet``.

The body, each header/footer pair and each note pair are aligned block by block (see
``sectrack.compare.align``), matched paragraphs are diffed word by word (``sectrack.compare.text``),
tables row by row and cell by cell, and Section A's definitions table term by term.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sectrack.compare.align import term_of
from sectrack.compare.changes import (
    DELETED,
    EQUAL,
    INSERTED,
    MODIFIED,
    MOVED_FROM,
    MOVED_TO,
    BlockChange,
    CellChange,
    ChangeSet,
    DefinitionChange,
    NoteChange,
    PartChange,
    RowChange,
    Span,
    SpanOp,
    Summary,
)
from sectrack.compare.comparer import Comparer
from sectrack.compare.text import diff_runs, whole_spans
from sectrack.model import Cell, Document, Message, Part, Row, Run, Table, iter_paragraphs

__all__ = [
    "compare",
    "ChangeSet",
    "BlockChange",
    "RowChange",
    "CellChange",
    "NoteChange",
    "PartChange",
    "DefinitionChange",
    "Span",
    "Summary",
    "SpanOp",
    "EQUAL",
    "MODIFIED",
    "INSERTED",
    "DELETED",
    "MOVED_FROM",
    "MOVED_TO",
]


def compare(old: Document, new: Document, *, threshold: float = 0.5) -> ChangeSet:
    """Compare two versions; ``threshold`` (0..1): a paragraph pair whose word diff keeps less than
    this share of either side is shown as rewritten (replaced), and items less alike are not paired."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, not {threshold}")
    cmp = Comparer(threshold)
    body = cmp.blocks(old.blocks, new.blocks)
    definitions = _definition_changes(body)
    parts = _part_changes(cmp, old.parts, new.parts)
    messages = list(cmp.messages)
    if old.slug and new.slug and old.slug != new.slug:
        messages.insert(0, Message("compare.different-documents", f"comparing {old.slug} with {new.slug}"))
    messages[:0] = order_messages(old, new)
    uncompared = _uncompared(old) != _uncompared(new)
    if uncompared:
        text = ("content sectrack does not compare (text boxes, drawings, objects) differs between the versions: "
                "check it by hand")
        messages.append(Message("compare.uncompared", text))
    summary = _summary(body, definitions)
    return ChangeSet(old, new, body, definitions, parts, summary, tuple(messages), uncompared)


def _version_key(version: str) -> tuple[int, ...] | None:
    parts = version.split(".")
    return tuple(int(p) for p in parts) if version and all(p.isdigit() for p in parts) else None


def order_messages(old: Document, new: Document) -> list[Message]:
    """A warning when OLD and NEW are the same file (identical bytes) or look swapped (the old
    version's number or date is later than the new one's); comparing them is still done."""
    if old.package is not None and old.package == new.package:
        return [Message("compare.identical-files", "OLD and NEW are the same file (identical bytes)")]
    ko, kn = _version_key(old.version), _version_key(new.version)
    if ko is not None and kn is not None and ko != kn:
        if ko > kn:
            text = f"the old version ({old.version}) is later than the new one ({new.version}): are OLD and NEW swapped?"
            return [Message("compare.swapped", text)]
        return []
    if old.date and new.date and old.date > new.date:
        text = f"the old version's date ({old.date}) is later than the new one's ({new.date}): are OLD and NEW swapped?"
        return [Message("compare.swapped", text)]
    return []


UNCOMPARED = ("read.textbox", "read.object", "read.altchunk")


def _uncompared(doc: Document) -> Counter[tuple[str, str]]:
    """What the reader named but did not read, by code and text (places aside)."""
    return Counter((m.code, m.text) for m in doc.messages if m.code in UNCOMPARED)


def _summary(body: Sequence[BlockChange], definitions: Sequence[DefinitionChange]) -> Summary:
    """Counts over the top-level body entries (a moved block counts once) and the definitions."""
    kinds = Counter(c.kind for c in body if c.kind != EQUAL)
    defs = Counter(d.kind for d in definitions)
    return Summary(
        inserted=kinds[INSERTED],
        deleted=kinds[DELETED],
        modified=kinds[MODIFIED],
        moved=kinds[MOVED_TO],
        renumbered=sum(1 for c in body if c.renumbered),
        format_only=sum(1 for c in body if c.format_changed and c.kind == EQUAL),
        restyled=sum(1 for c in body if c.style_changed),
        definitions_added=defs[INSERTED],
        definitions_removed=defs[DELETED],
        definitions_amended=defs[MODIFIED],
    )


def _cell_runs(cell: Cell) -> tuple[Run, ...]:
    """The runs of a cell's paragraphs, paragraphs separated by a plain newline run, each after its
    number label ("(a) "), so a definition's sub-paragraphs keep their labels."""
    out: list[Run] = []
    for k, p in enumerate(iter_paragraphs(cell.blocks)):
        if k:
            out.append(Run("\n"))
        if p.label:
            out.append(Run(p.label + " "))
        out.extend(p.runs)
    return tuple(out)


def _meaning(row: Row | None) -> str:
    """The meaning cell's text, sub-paragraphs after their labels."""
    if row is None or len(row.cells) < 2:
        return ""
    return "".join(r.text for r in _cell_runs(row.cells[1])).strip()


def _definition_changes(body: Sequence[BlockChange]) -> tuple[DefinitionChange, ...]:
    """Terms added, removed and amended, from the body's definitions tables, in redline order."""
    out: list[DefinitionChange] = []
    for c in body:
        old_defs = c.old if isinstance(c.old, Table) and c.old.definitions else None
        new_defs = c.new if isinstance(c.new, Table) and c.new.definitions else None
        if c.kind in (EQUAL, MODIFIED, MOVED_TO) and old_defs is not None and new_defs is not None:
            out.extend(d for d in map(_row_definition, c.rows) if d is not None)
        elif c.kind == INSERTED and new_defs is not None:
            out.extend(_whole(INSERTED, r) for r in new_defs.rows if term_of(r))
        elif c.kind == DELETED and old_defs is not None:  # a moved table's terms are compared at its new place
            out.extend(_whole(DELETED, r) for r in old_defs.rows if term_of(r))
    return tuple(out)


def _whole(kind: str, row: Row) -> DefinitionChange:
    runs = _cell_runs(row.cells[1])
    if kind == INSERTED:
        return DefinitionChange(INSERTED, term_of(row), new_meaning=_meaning(row), spans=whole_spans(SpanOp.INSERT, runs))
    return DefinitionChange(DELETED, term_of(row), old_meaning=_meaning(row), spans=whole_spans(SpanOp.DELETE, runs))


def _row_definition(r: RowChange) -> DefinitionChange | None:
    """The definition change a definitions-table row change stands for (None when none)."""
    if r.kind == EQUAL:
        return None
    row = r.new if r.new is not None else r.old
    if row is None or not term_of(row):
        return None
    if r.kind in (INSERTED, DELETED):
        return _whole(r.kind, row)
    if r.old is None or r.new is None:
        return None
    old_m, new_m = _meaning(r.old), _meaning(r.new)
    if old_m == new_m and term_of(r.old) == term_of(r.new):
        return None
    spans = diff_runs(_cell_runs(r.old.cells[1]), _cell_runs(r.new.cells[1])).spans
    return DefinitionChange(MODIFIED, term_of(r.new), old_m, new_m, spans)


def _part_changes(cmp: Comparer, old: Sequence[Part], new: Sequence[Part]) -> tuple[PartChange, ...]:
    """Headers and footers matched by kind, the pages they are for, and order of appearance."""
    kinds: list[tuple[str, str]] = []
    for p in (*old, *new):
        if (p.kind, p.role) not in kinds:
            kinds.append((p.kind, p.role))
    out: list[PartChange] = []
    for kind, role in kinds:
        olds = [p for p in old if (p.kind, p.role) == (kind, role)]
        news = [p for p in new if (p.kind, p.role) == (kind, role)]
        for k in range(max(len(olds), len(news))):
            o = olds[k] if k < len(olds) else None
            n = news[k] if k < len(news) else None
            assert o is not None or n is not None  # k is below the longer list's length
            name = n.name if n is not None else o.name  # type: ignore[union-attr]  # o is there when n is not
            where = f"{kind} {k + 1}"
            if o is not None and n is not None:
                blocks = cmp.blocks(o.blocks, n.blocks, where)
            elif n is not None:
                blocks = tuple(cmp.one_sided(INSERTED, b, x) for x, b in enumerate(n.blocks))
            else:
                assert o is not None
                blocks = tuple(cmp.one_sided(DELETED, b, x) for x, b in enumerate(o.blocks))
            out.append(PartChange(kind, name, blocks, role))
    return tuple(out)
