"""What history needs of a comparison, kept compact: one entry per changed body block (its kind,
its clause reference in each version, whether it starts the clause there, the words deleted and
inserted) and one per definition added, removed or amended. History reads these, never a .docx."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sectrack.compare.changes import BlockChange, ChangeSet, Span, SpanOp

WORDS_LIMIT = 400  # characters of deleted or inserted words kept per entry


@dataclass(frozen=True)
class Entry:
    """One change of a comparison, as history reads it."""

    subject: str  # "clause" or "term"
    kind: str  # the comparison's kind: inserted, deleted, modified, moved-to, equal (renumbered/format)
    old_ref: str  # clause reference (or term) in the old version; "" when inserted
    new_ref: str
    old_head: bool = False  # the old block is the paragraph that starts its clause
    new_head: bool = False
    renumbered: bool = False
    format_only: bool = False
    deleted_words: str = ""
    inserted_words: str = ""

    def row(self, comparison_id: int, position: int) -> dict[str, Any]:
        """The entry as a row of ``comparison_entries``."""
        return {"comparison_id": comparison_id, "position": position, **vars(self)}


def entries(cs: ChangeSet) -> list[Entry]:
    """The compact entries of a comparison: body changes in redline order, then definitions."""
    from sectrack.compare.changes import ChangeKind, SpanOp  # here: the store's start-up imports no comparison

    out = [_block_entry(c) for c in cs.body if c.changed and c.kind != ChangeKind.MOVED_FROM]
    out.extend(
        Entry("term", d.kind, d.term if d.kind != ChangeKind.INSERTED else "",
              d.term if d.kind != ChangeKind.DELETED else "",
              deleted_words=_words(d.spans, SpanOp.DELETE), inserted_words=_words(d.spans, SpanOp.INSERT))
        for d in cs.definitions
    )
    return out


def _block_entry(c: BlockChange) -> Entry:
    from sectrack.compare.changes import ChangeKind, SpanOp

    old_ref = getattr(c.old, "ref", "") or "" if c.old is not None else ""
    new_ref = getattr(c.new, "ref", "") or "" if c.new is not None else ""
    spans = list(_spans(c))
    return Entry(
        "clause", c.kind, old_ref, new_ref,
        old_head=bool(getattr(c.old, "numbered", False)),
        new_head=bool(getattr(c.new, "numbered", False)),
        renumbered=c.renumbered,
        format_only=c.kind == ChangeKind.EQUAL and (c.format_changed or c.style_changed),
        deleted_words=_words(spans, SpanOp.DELETE),
        inserted_words=_words(spans, SpanOp.INSERT),
    )


def _spans(c: BlockChange) -> Iterator[Span]:
    """The word-level spans of an entry, a table's cell by cell."""
    from sectrack.compare.changes import ChangeKind, SpanOp

    yield from c.spans
    for row in c.rows:
        for cell in row.cells:
            for inner in cell.blocks:
                yield from _spans(inner)
        if row.kind == ChangeKind.INSERTED and row.new is not None:
            yield from _row_spans(row.new, SpanOp.INSERT)
        elif row.kind == ChangeKind.DELETED and row.old is not None:
            yield from _row_spans(row.old, SpanOp.DELETE)


def _row_spans(row: Any, op: SpanOp) -> Iterator[Span]:
    from sectrack.compare.changes import Span
    from sectrack.model import Run

    text = " | ".join(cell.text for cell in row.cells)
    yield Span(op, text, Run(text))


def _words(spans: Any, op: SpanOp) -> str:
    """The text of the spans of ``op``, pieces joined by " … ", cut at WORDS_LIMIT."""
    pieces = [" ".join(s.text.split()) for s in spans if s.op == op and s.text.strip()]
    text = " … ".join(pieces)
    return text if len(text) <= WORDS_LIMIT else text[: WORDS_LIMIT - 1] + "…"


def summary_counts(cs: ChangeSet) -> dict[str, int]:
    """The comparison's counts (inserted, deleted, modified, moved, renumbered, definitions…)."""
    return dict(vars(cs.summary))


def summary_line(counts: dict[str, int] | None) -> str:
    """A one-line count of changes: "6 inserted, 3 deleted, 10 amended, 1 moved, 23 renumbered"."""
    if not counts:
        return ""
    parts = [f"{counts.get(k, 0)} {label}" for k, label in (
        ("inserted", "inserted"), ("deleted", "deleted"), ("modified", "amended"), ("moved", "moved"),
        ("renumbered", "renumbered"), ("format_only", "formatting only")) if counts.get(k)]
    defs = [f"{counts.get(k, 0)} {label}" for k, label in (
        ("definitions_added", "added"), ("definitions_removed", "removed"),
        ("definitions_amended", "amended")) if counts.get(k)]
    if defs:
        parts.append("definitions " + ", ".join(defs))
    return "; ".join(parts) if parts else "no change"
