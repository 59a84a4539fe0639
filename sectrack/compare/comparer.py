"""Change entries for what ``align`` matched: BlockChange, RowChange, CellChange and NoteChange,
recursively (cells, nested tables, notes)."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import replace

from sectrack.compare.align import Item, align, block_item, block_key, blocks_key, row_key, term_of
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
    NoteChange,
    RowChange,
    SpanOp,
    style_of,
)
from sectrack.compare.text import (
    Bag,
    bag_containment,
    diff_runs,
    format_changed,
    keep_spans,
    kept_format_changed,
    replace_spans,
    whole_spans,
)
from sectrack.model import Block, Cell, Message, Note, Paragraph, Row, Table

STRICT_MOVE = 0.75  # an edited move of a sub-paragraph or body text must keep this much of it


def _clause(p: Paragraph) -> bool:
    """True for a numbered clause (not a bracketed sub-paragraph such as "(b)" or body text).

    Sub-paragraphs and body text are short and formulaic ("in relation to each …"), so unrelated
    ones deleted in one place and inserted in another look alike: an edited move of one needs more
    in common than a clause does.
    """
    return p.numbered and not p.ref.endswith(")")


def _row_item(row: Row) -> Item:
    """The alignment item of a table row (its hint: the defined term, in a definitions table)."""
    hint = term_of(row)
    return Item(row_key(row), "\n".join(c.text for c in row.cells), "r", "term:" + hint if hint else "")


def _unchanged(changes: Sequence[BlockChange]) -> bool:
    """True when no entry changes text or numbering (formatting aside)."""
    return all(c.kind == EQUAL and not c.renumbered for c in changes)


def _rows_format_changed(rows: Sequence[RowChange]) -> bool:
    """True when a word kept in any cell of ``rows`` changed formatting."""
    return any(b.format_changed for r in rows for c in r.cells for b in c.blocks)


class Comparer:
    """Builds change entries for block sequences, recursively (cells, nested tables, notes)."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.messages: list[Message] = []
        self.next_move = 1

    def _limits(self, limits: list[str], where: str) -> None:
        for text in limits:
            self.messages.append(Message("compare.limit", text, where))

    def blocks(self, old: Sequence[Block], new: Sequence[Block], where: str = "body") -> tuple[BlockChange, ...]:
        """Change entries, in redline order, for two block sequences."""
        keys_old, keys_new = [block_key(b) for b in old], [block_key(b) for b in new]
        if keys_old == keys_new:  # the same texts and table shapes (most cells): pair in order
            return tuple(self.pair(o, n, k, k, same=True) for k, (o, n) in enumerate(zip(old, new)))
        oi = [block_item(b, k) for b, k in zip(old, keys_old)]
        ni = [block_item(b, k) for b, k in zip(new, keys_new)]
        limits: list[str] = []

        def accept(i: int, j: int) -> bool:
            o, n = old[i], new[j]
            if isinstance(o, Paragraph) and isinstance(n, Paragraph):
                need = self.threshold if _clause(o) and _clause(n) else max(self.threshold, STRICT_MOVE)
                return diff_runs(o.runs, n.runs).ratio >= need
            return isinstance(o, Table) and isinstance(n, Table)

        def same_clause(i: int, j: int) -> bool:  # a paragraph rewritten in place, within one clause
            o, n = old[i], new[j]
            return isinstance(o, Paragraph) and isinstance(n, Paragraph) and o.ref == n.ref

        plan = align(oi, ni, self.threshold, limits, accept, same_clause)
        self._limits(limits, where)
        out: list[BlockChange] = []
        move_ids: dict[tuple[int, int], int] = {}
        for tag, i, j in plan:
            if tag == "del":
                assert i is not None
                out.append(self.one_sided(DELETED, old[i], i))
                continue
            if tag == "ins":
                assert j is not None
                out.append(self.one_sided(INSERTED, new[j], j))
                continue
            assert i is not None and j is not None  # a pair or a move holds both sides
            if tag == "pair":
                out.append(self.pair(old[i], new[j], i, j, same=keys_old[i] == keys_new[j]))
            else:
                if (i, j) not in move_ids:
                    move_ids[(i, j)] = self.next_move
                    self.next_move += 1
                mid = move_ids[(i, j)]
                if tag == "from":
                    out.append(replace(self.one_sided(MOVED_FROM, old[i], i), move_id=mid))
                else:
                    c = self.pair(old[i], new[j], i, j)
                    out.append(replace(c, kind=MOVED_TO, renumbered=False, move_id=mid))
        return tuple(out)

    def one_sided(self, kind: ChangeKind, block: Block, index: int) -> BlockChange:
        """An entry for a block that exists on one side only (inserted, deleted, moved-from)."""
        new_side = kind == INSERTED
        old, new = (None, block) if new_side else (block, None)
        oi, ni = (None, index) if new_side else (index, None)
        if isinstance(block, Paragraph):
            notes = tuple(self.one_note(INSERTED if new_side else DELETED, n) for n in block.notes)
            spans = whole_spans(SpanOp.INSERT if new_side else SpanOp.DELETE, block.runs)
            return BlockChange(kind, old, new, oi, ni, spans=spans, notes=notes)
        rows = tuple(self.one_row(INSERTED if new_side else DELETED, r) for r in block.rows)
        return BlockChange(kind, old, new, oi, ni, rows=rows)

    def one_row(self, kind: ChangeKind, row: Row, key: str = "") -> RowChange:
        cells = tuple(self.one_cell(kind, c) for c in row.cells)
        return RowChange(kind, None, row, cells, key) if kind == INSERTED else RowChange(kind, row, None, cells, key)

    def one_cell(self, kind: ChangeKind, cell: Cell) -> CellChange:
        return CellChange(tuple(self.one_sided(kind, b, k) for k, b in enumerate(cell.blocks)))

    def one_note(self, kind: ChangeKind, note: Note) -> NoteChange:
        blocks = tuple(self.one_sided(kind, b, k) for k, b in enumerate(note.blocks))
        ids = {"old_id": note.id} if kind == DELETED else {"new_id": note.id}
        return NoteChange(kind, note.kind, blocks, **ids)

    def pair(self, o: Block, n: Block, i: int, j: int, same: bool = False) -> BlockChange:
        """The entry for a matched pair (equal or modified); ``same``: their keys are equal."""
        if isinstance(o, Paragraph) and isinstance(n, Paragraph):
            return self.paragraph_pair(o, n, i, j)
        if isinstance(o, Table) and isinstance(n, Table):
            return self.table_pair(o, n, i, j, same)
        raise TypeError("a paragraph cannot be paired with a table")

    def paragraph_pair(self, o: Paragraph, n: Paragraph, i: int, j: int) -> BlockChange:
        renumbered = (o.numbered or n.numbered) and o.ref != n.ref
        notes = self.notes(o.notes, n.notes, n.ref or o.ref) if o.notes or n.notes else ()
        restyled = o.style != n.style and style_of(o) != style_of(n)
        if o.text == n.text:  # most pairs: built directly (see BlockChange.equal)
            kind = MODIFIED if any(nc.kind != EQUAL for nc in notes) else EQUAL
            return BlockChange.equal(kind, o, n, i, j, keep_spans(n.runs), notes, renumbered,
                                     format_changed(o.runs, n.runs), restyled)
        # Replaced only when the word diff keeps less than the threshold of either side: a
        # paragraph whose words all survive in the other (appended proviso) is always amended.
        replaced = bag_containment(Bag.of(o.text), Bag.of(n.text)) < self.threshold
        if not replaced:
            d = diff_runs(o.runs, n.runs)
            if d.limited:
                where = n.ref or o.ref or f"paragraph {j + 1}"
                text = "paragraph too large to diff word by word in full; part shown as replaced"
                self.messages.append(Message("compare.limit", text, where))
            replaced = d.kept < self.threshold
        spans = replace_spans(o.runs, n.runs) if replaced else d.spans
        fmt = not replaced and kept_format_changed(spans, o.runs)
        return BlockChange(MODIFIED, o, n, i, j, spans, notes=notes, renumbered=renumbered, replaced=replaced,
                           format_changed=fmt, style_changed=restyled)

    def notes(self, old: Sequence[Note], new: Sequence[Note], where: str) -> tuple[NoteChange, ...]:
        """Footnotes/endnotes of a paragraph pair, matched by kind and text, else by order."""
        if not old and not new:
            return ()
        oi = [Item(n.kind + "\x00" + n.text, n.text, n.kind, n.kind) for n in old]
        ni = [Item(n.kind + "\x00" + n.text, n.text, n.kind, n.kind) for n in new]
        limits: list[str] = []
        out = []
        for tag, i, j in align(oi, ni, self.threshold, limits):
            if tag == "pair":
                assert i is not None and j is not None
                blocks = self.blocks(old[i].blocks, new[j].blocks, where)
                kind = EQUAL if not any(c.changed for c in blocks) else MODIFIED
                out.append(NoteChange(kind, new[j].kind, blocks, old[i].id, new[j].id))
            elif tag == "del":
                assert i is not None
                out.append(self.one_note(DELETED, old[i]))
            else:
                assert j is not None
                out.append(self.one_note(INSERTED, new[j]))
        self._limits(limits, where)
        return tuple(out)

    def table_pair(self, o: Table, n: Table, i: int, j: int, same: bool = False) -> BlockChange:
        where = n.ref or o.ref or f"table {j + 1}"
        if same:  # the same texts in the same shape: row by row, cell by cell
            rows = tuple(self.row_pair(a, b, where, term_of(b) if n.definitions else "")
                         for a, b in zip(o.rows, n.rows))
        elif o.definitions and n.definitions:
            rows = self.definition_rows(o.rows, n.rows, where)
        else:
            rows = self.rows(o.rows, n.rows, where)
        kind = EQUAL if all(r.kind == EQUAL for r in rows) else MODIFIED
        fmt = kind == EQUAL and _rows_format_changed(rows)
        return BlockChange(kind, o, n, i, j, rows=rows, format_changed=fmt)

    def rows(self, old: Sequence[Row], new: Sequence[Row], where: str) -> tuple[RowChange, ...]:
        """Rows aligned like blocks: exact first, then similar or same first cell; no moves."""
        limits: list[str] = []
        out = []
        for tag, i, j in align([_row_item(r) for r in old], [_row_item(r) for r in new], self.threshold, limits):
            if tag == "pair":
                assert i is not None and j is not None
                out.append(self.row_pair(old[i], new[j], where))
            elif tag == "del":
                assert i is not None
                out.append(self.one_row(DELETED, old[i]))
            else:
                assert j is not None
                out.append(self.one_row(INSERTED, new[j]))
        self._limits(limits, where)
        return tuple(out)

    def row_pair(self, o: Row, n: Row, where: str, key: str = "") -> RowChange:
        cells = self.cells(o.cells, n.cells, where)
        same = len(o.cells) == len(n.cells) and all(_unchanged(c.blocks) for c in cells)
        return RowChange(EQUAL if same else MODIFIED, o, n, cells, key)

    def cells(self, old: Sequence[Cell], new: Sequence[Cell], where: str) -> tuple[CellChange, ...]:
        """Cell by cell when the counts agree, else aligned by text and then by position."""
        if len(old) == len(new):
            return tuple(CellChange(self.blocks(a.blocks, b.blocks, where)) for a, b in zip(old, new))
        oi = [Item(blocks_key(c.blocks), c.text, "c", "c") for c in old]
        ni = [Item(blocks_key(c.blocks), c.text, "c", "c") for c in new]
        limits: list[str] = []
        out = []
        for tag, i, j in align(oi, ni, self.threshold, limits):
            if tag == "pair":
                assert i is not None and j is not None
                out.append(CellChange(self.blocks(old[i].blocks, new[j].blocks, where)))
            elif tag == "del":
                assert i is not None
                out.append(self.one_cell(DELETED, old[i]))
            else:
                assert j is not None
                out.append(self.one_cell(INSERTED, new[j]))
        self._limits(limits, where)
        return tuple(out)

    def definition_rows(self, old: Sequence[Row], new: Sequence[Row], where: str) -> tuple[RowChange, ...]:
        """Definitions-table rows matched by term: new order, removed rows where they stood."""

        def key(row: Row) -> str:
            term = " ".join(term_of(row).split()).casefold()
            return "term:" + term if term else "row:" + row_key(row)

        pool: dict[str, deque[int]] = {}
        for i, row in enumerate(old):
            pool.setdefault(key(row), deque()).append(i)
        match_new: list[int | None] = []
        pos_of_old: dict[int, int] = {}
        for j, row in enumerate(new):
            queue = pool.get(key(row))
            matched = queue.popleft() if queue else None
            match_new.append(matched)
            if matched is not None:
                pos_of_old[matched] = j
        after: dict[int, list[int]] = {}  # new position (-1: start) -> removed old rows placed after it
        anchor = -1
        for i in range(len(old)):
            if i in pos_of_old:
                anchor = pos_of_old[i]
            else:
                after.setdefault(anchor, []).append(i)
        out = [self.one_row(DELETED, old[i], term_of(old[i])) for i in after.get(-1, ())]
        for j, row in enumerate(new):
            matched = match_new[j]
            term = term_of(row)
            if matched is None:
                out.append(self.one_row(INSERTED, row, term))
            else:
                out.append(self.row_pair(old[matched], row, where, term))
            out.extend(self.one_row(DELETED, old[k], term_of(old[k])) for k in after.get(j, ()))
        return tuple(out)
