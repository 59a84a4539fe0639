"""Checks every ChangeSet must pass: redline order, span/row projections, move pairs, indexes."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sectrack.compare.changes import (
    DELETED,
    EQUAL,
    INSERTED,
    MODIFIED,
    MOVED_FROM,
    MOVED_TO,
    BlockChange,
    ChangeSet,
    RowChange,
    SpanOp,
)
from sectrack.model import Block, Paragraph, Table

OLD_SIDE = (EQUAL, MODIFIED, DELETED, MOVED_FROM)
NEW_SIDE = (EQUAL, MODIFIED, INSERTED, MOVED_TO)


def old_blocks(changes: Sequence[BlockChange]) -> list[Block]:
    return [c.old for c in changes if c.kind in OLD_SIDE]


def new_blocks(changes: Sequence[BlockChange]) -> list[Block]:
    return [c.new for c in changes if c.kind in NEW_SIDE]


def span_text(spans, ops) -> str:
    return "".join(s.text for s in spans if s.op in ops)


def check_blocks(changes: Sequence[BlockChange], old: Sequence[Block], new: Sequence[Block]) -> None:
    """The projections of ``changes`` are ``old`` and ``new``; each entry is consistent."""
    assert old_blocks(changes) == list(old)
    assert new_blocks(changes) == list(new)
    moves: dict[int, list[BlockChange]] = {}
    for c in changes:
        if c.old_index is not None:
            assert old[c.old_index] is c.old
        if c.new_index is not None:
            assert new[c.new_index] is c.new
        if c.kind in (MOVED_FROM, MOVED_TO):
            assert c.move_id is not None
            moves.setdefault(c.move_id, []).append(c)
        else:
            assert c.move_id is None
        check_entry(c)
    for pair in moves.values():
        assert sorted(c.kind for c in pair) == [MOVED_FROM, MOVED_TO]
        frm = next(c for c in pair if c.kind == MOVED_FROM)
        to = next(c for c in pair if c.kind == MOVED_TO)
        assert to.old is frm.old and frm.new is None


def check_entry(c: BlockChange) -> None:
    block = c.new if c.new is not None else c.old
    old_text = c.old.text if c.old is not None and c.kind != INSERTED else ""
    new_text = c.new.text if c.new is not None and c.kind not in (DELETED, MOVED_FROM) else ""
    if c.kind in (INSERTED,):
        assert c.old is None
    if c.kind in (DELETED, MOVED_FROM):
        assert c.new is None
    if isinstance(block, Paragraph):
        assert not c.rows
        assert span_text(c.spans, (SpanOp.EQUAL, SpanOp.DELETE)) == old_text
        assert span_text(c.spans, (SpanOp.EQUAL, SpanOp.INSERT)) == new_text
        assert all(s.text for s in c.spans)
        if c.replaced:
            # a rewrite: a shared head kept, the old middle deleted, the new middle inserted, a shared tail kept
            shape = "".join({SpanOp.EQUAL: "k", SpanOp.DELETE: "d", SpanOp.INSERT: "i"}[s.op] for s in c.spans)
            assert re.fullmatch(r"k*d*i*k*", shape), shape
        if c.kind == EQUAL:
            assert c.old.text == c.new.text and all(s.op == SpanOp.EQUAL for s in c.spans)
        if c.kind == MODIFIED and c.old.text == c.new.text:
            assert any(n.kind != EQUAL for n in c.notes)
        for s in c.spans:  # a span's run holds the span's text (EQUAL/INSERT: new runs, DELETE: old runs)
            assert s.text in s.run.text
            runs = (c.old.runs if s.op == SpanOp.DELETE else c.new.runs)
            assert any(r is s.run for r in runs)
        for n in c.notes:
            for b in n.blocks:
                check_entry(b)
    else:
        assert isinstance(block, Table)
        assert not c.spans
        old_rows = c.old.rows if c.old is not None and c.kind != INSERTED else ()
        new_rows = c.new.rows if c.new is not None and c.kind not in (DELETED, MOVED_FROM) else ()
        check_rows(c.rows, old_rows, new_rows, reorder_ok=bool(c.old and c.new and c.old.definitions and c.new.definitions))
        if c.kind == EQUAL:
            assert all(r.kind == EQUAL for r in c.rows)


def check_rows(rows: Sequence[RowChange], old_rows, new_rows, reorder_ok: bool = False) -> None:
    olds = [r.old for r in rows if r.kind in (EQUAL, MODIFIED, DELETED)]
    news = [r.new for r in rows if r.kind in (EQUAL, MODIFIED, INSERTED)]
    assert news == list(new_rows)
    if reorder_ok:
        assert sorted(map(id, olds)) == sorted(map(id, old_rows))
    else:
        assert olds == list(old_rows)
    for r in rows:
        if r.kind in (EQUAL, MODIFIED):
            if len(r.old.cells) == len(r.new.cells):
                assert len(r.cells) == len(r.old.cells)
                for cc, oc, nc in zip(r.cells, r.old.cells, r.new.cells):
                    check_blocks(cc.blocks, oc.blocks, nc.blocks)
            else:
                assert [b for cc in r.cells for b in old_blocks(cc.blocks)] == [b for oc in r.old.cells for b in oc.blocks]
                assert [b for cc in r.cells for b in new_blocks(cc.blocks)] == [b for nc in r.new.cells for b in nc.blocks]
            if r.kind == EQUAL:
                assert all(c.kind == EQUAL for cc in r.cells for c in cc.blocks)
        else:
            row = r.new if r.kind == INSERTED else r.old
            assert (r.old is None) == (r.kind == INSERTED)
            assert len(r.cells) == len(row.cells)


def check_changeset(cs: ChangeSet) -> None:
    """All invariants of a ChangeSet against its two documents."""
    check_blocks(cs.body, cs.old.blocks, cs.new.blocks)
    ids = [c.move_id for c in cs.body if c.kind == MOVED_TO]
    assert len(ids) == len(set(ids))
    s = cs.summary
    assert s.inserted == sum(c.kind == INSERTED for c in cs.body)
    assert s.deleted == sum(c.kind == DELETED for c in cs.body)
    assert s.moved == sum(c.kind == MOVED_TO for c in cs.body)
    for d in cs.definitions:
        if d.kind == MODIFIED:
            assert d.old_meaning != d.new_meaning or d.spans is not None
    expected = []
    kinds = list(dict.fromkeys(p.kind for p in (*cs.old.parts, *cs.new.parts)))
    for kind in kinds:
        olds = [p for p in cs.old.parts if p.kind == kind]
        news = [p for p in cs.new.parts if p.kind == kind]
        for k in range(max(len(olds), len(news))):
            expected.append((kind, olds[k].blocks if k < len(olds) else (), news[k].blocks if k < len(news) else ()))
    assert len(cs.parts) == len(expected)
    for pc, (kind, ob, nb) in zip(cs.parts, expected):
        assert pc.kind == kind
        check_blocks(pc.blocks, ob, nb)
