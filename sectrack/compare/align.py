"""Align two block (or row, cell, note) sequences and compare what was matched.

The alignment of one sequence pair, in four steps:

1. exact matches: patience diff over the items' keys (their text) -- unique common keys, longest
   increasing chain, recursion into the gaps, difflib (autojunk off) in gaps without unique keys;
2. in each gap between exact matches, similar items are paired (word-bag similarity at least the
   threshold, or the same hint: clause reference, definitions term, first cell) by a maximum-weight
   order-preserving matching (sort + Fenwick tree);
3. moves: unmatched old and new items with identical or similar text (>= threshold) pair up;
4. redline order: matched pairs in order, each gap's old-only items before its new-only items.

``Comparer`` then builds BlockChange / RowChange / CellChange / NoteChange entries recursively.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from math import isqrt

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
    bag_similarity,
    diff_runs,
    format_changed,
    keep_spans,
    kept_format_changed,
    longest_increasing,
    replace_spans,
    whole_spans,
)
from sectrack.model import Block, Cell, Message, Note, Paragraph, Row, Table

MOVE_MIN_WORDS = 3  # a block needs this many words to be reported as moved
SMALL_GAP = 4096  # gaps with at most this many old x new pairs are scored exhaustively
RARE_TOKENS = 12  # in larger gaps: candidates share one of an item's rarest tokens ...
TOP_CANDIDATES = 8  # ... and only the best few by shared tokens are scored
HINT_WEIGHT = 0.1  # weight of a pair below the threshold that shares a hint (same clause, term)
LCS_MAX_CELLS = 4_000_000  # difflib fallback only on gaps without unique keys up to this size


@dataclass
class Item:
    """One element of a sequence to align: exact key, text, pairing group and hint."""

    key: str
    text: str
    group: str  # only items of the same group pair up ("p", "t", "r", "c", note kind)
    hint: str = ""  # items with the same non-empty hint may pair even when not similar
    can_move: bool = False
    _bag: Bag | None = field(default=None, repr=False)

    @property
    def bag(self) -> Bag:
        if self._bag is None:
            self._bag = Bag.of(self.text)
        return self._bag

    @property
    def movable(self) -> bool:
        return self.can_move and self.bag.words >= MOVE_MIN_WORDS


# ---------------------------------------------------------------------------------------- alignment


def match_exact(a: Sequence[str], b: Sequence[str], limits: list[str]) -> list[tuple[int, int]]:
    """Order-preserving pairs of equal keys: patience diff, difflib in gaps without unique keys."""
    out: list[tuple[int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            out.append((alo, blo))
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            out.append((ahi, bhi))
        if alo == ahi or blo == bhi:
            continue
        ca, cb = Counter(a[alo:ahi]), Counter(b[blo:bhi])
        pos_b = {b[j]: j for j in range(blo, bhi) if cb[b[j]] == 1}
        pairs = [(i, pos_b[a[i]]) for i in range(alo, ahi) if ca[a[i]] == 1 and a[i] in pos_b]
        anchors = longest_increasing(pairs)
        if anchors:
            pi, pj = alo, blo
            for i, j in anchors:
                out.append((i, j))
                stack.append((pi, i, pj, j))
                pi, pj = i + 1, j + 1
            stack.append((pi, ahi, pj, bhi))
        else:  # no unique common key: LCS of the positions whose key occurs on both sides
            ia = [i for i in range(alo, ahi) if a[i] in cb]
            jb = [j for j in range(blo, bhi) if b[j] in ca]
            if len(ia) * len(jb) > LCS_MAX_CELLS:
                limits.append(f"{len(ia)} x {len(jb)} items with repeated texts were not matched exactly")
            elif ia and jb:
                sm = SequenceMatcher(None, [a[i] for i in ia], [b[j] for j in jb], autojunk=False)
                for i, j, size in sm.get_matching_blocks():
                    out.extend((ia[i + k], jb[j + k]) for k in range(size))
    out.sort()
    return out


def similarity(a: Bag, b: Bag) -> float:
    """How alike two texts are for pairing: their Dice overlap, raised towards 1 when most of the
    shorter one (three words or more) is held by the longer -- a clause with a proviso appended,
    or words put in front, is still that clause."""
    s = bag_similarity(a, b)
    if min(a.words, b.words) < MOVE_MIN_WORDS:
        return s
    return max(s, (s + bag_containment(a, b)) / 2)


def _weight(o: Item, n: Item, threshold: float) -> float:
    """How much pairing ``o`` with ``n`` is worth (0: never)."""
    if o.group != n.group:
        return 0.0
    s = similarity(o.bag, n.bag)
    same_hint = bool(o.hint) and o.hint == n.hint
    if s >= threshold and s > 0:
        return s + (0.05 if same_hint else 0.0) + HINT_WEIGHT
    return HINT_WEIGHT * (1 + s) / 2 if same_hint else 0.0


def _candidates(old: Sequence[Item], new: Sequence[Item], limits: list[str]) -> list[tuple[int, int]]:
    """Pairs (index into old, index into new) worth scoring, sorted."""
    if len(old) * len(new) <= SMALL_GAP:
        return [(a, b) for a in range(len(old)) for b in range(len(new))]
    index: dict[str, list[int]] = {}
    hints: dict[str, list[int]] = {}
    for b, item in enumerate(new):
        for tok in item.bag.counts:
            index.setdefault(tok, []).append(b)
        if item.hint:
            hints.setdefault(item.hint, []).append(b)
    cap = 8 + isqrt(len(new))
    out: set[tuple[int, int]] = set()
    sampled = False
    for a, item in enumerate(old):
        toks = sorted((t for t in item.bag.counts if t in index), key=lambda t: (len(index[t]), t))
        sampled |= len(toks) > RARE_TOKENS or any(len(index[t]) > cap for t in toks)
        shared: dict[int, int] = {}
        for tok in toks[:RARE_TOKENS]:
            if len(index[tok]) > cap:
                break
            for b in index[tok]:
                shared[b] = shared.get(b, 0) + 1
        best = sorted(shared, key=lambda b: (-shared[b], b))
        sampled |= len(best) > TOP_CANDIDATES
        out.update((a, b) for b in best[:TOP_CANDIDATES])
        out.update((a, b) for b in hints.get(item.hint, ())[:TOP_CANDIDATES] if item.hint)
    if sampled:
        limits.append(f"{len(old)} x {len(new)} unmatched items were paired by sampling their rarest words")
    return sorted(out)


def _best_chain(cands: list[tuple[int, int, float]], m: int) -> list[tuple[int, int]]:
    """Maximum-weight chain of (a, b, w) increasing in both a and b (Fenwick tree of prefix maxima)."""
    tree_v = [0.0] * (m + 1)
    tree_k = [-1] * (m + 1)
    prev = [-1] * len(cands)
    score = [0.0] * len(cands)
    k = 0
    while k < len(cands):
        end = k
        while end < len(cands) and cands[end][0] == cands[k][0]:
            end += 1
        for c in range(k, end):  # query all of one a before updating: no two pairs share an a
            best_v, best_k, pos = 0.0, -1, cands[c][1]
            while pos > 0:
                if tree_v[pos] > best_v:
                    best_v, best_k = tree_v[pos], tree_k[pos]
                pos -= pos & -pos
            score[c], prev[c] = best_v + cands[c][2], best_k
        for c in range(k, end):
            pos = cands[c][1] + 1
            while pos <= m:
                if score[c] > tree_v[pos]:
                    tree_v[pos], tree_k[pos] = score[c], c
                pos += pos & -pos
        k = end
    best = max(range(len(cands)), key=lambda c: (score[c], -c), default=-1)
    chain = []
    while best >= 0:
        chain.append(cands[best][:2])
        best = prev[best]
    return chain[::-1]


def pair_similar(
    old: Sequence[Item], new: Sequence[Item], threshold: float, limits: list[str]
) -> list[tuple[int, int]]:
    """Order-preserving pairs of similar items (or items sharing a hint) within one gap."""
    if not old or not new:
        return []
    cands = []
    for a, b in _candidates(old, new, limits):
        w = _weight(old[a], new[b], threshold)
        if w > 0:
            cands.append((a, b, w))
    return _best_chain(cands, len(new))


STRICT_MOVE = 0.75  # an edited move of a sub-paragraph or body text must keep this much of it


def _clause(p: Paragraph) -> bool:
    """True for a numbered clause (not a bracketed sub-paragraph such as "(b)" or body text).

    Sub-paragraphs and body text are short and formulaic ("in relation to each …"), so unrelated
    ones deleted in one place and inserted in another look alike: an edited move of one needs more
    in common than a clause does.
    """
    return p.numbered and not p.ref.endswith(")")


def find_moves(
    old: Sequence[Item], new: Sequence[Item], dels: list[int], ins: list[int], threshold: float,
    accept: Callable[[int, int], bool], limits: list[str],
) -> list[tuple[int, int]]:
    """Pairs (old index, new index) of unmatched movable items with the same or similar text."""
    dels = [i for i in dels if old[i].movable]
    ins = [j for j in ins if new[j].movable]
    by_key: dict[str, deque[int]] = {}
    for j in ins:
        by_key.setdefault(new[j].key, deque()).append(j)
    moves: list[tuple[int, int]] = []
    for i in dels:
        queue = by_key.get(old[i].key)
        if queue:
            moves.append((i, queue.popleft()))
    taken_o = {i for i, _ in moves}
    taken_n = {j for _, j in moves}
    rest_o = [i for i in dels if i not in taken_o]
    rest_n = [j for j in ins if j not in taken_n]
    scored = []
    for a, b in _candidates([old[i] for i in rest_o], [new[j] for j in rest_n], limits):
        o, n = old[rest_o[a]], new[rest_n[b]]
        s = bag_similarity(o.bag, n.bag) if o.group == n.group else 0.0
        if s >= threshold and s > 0:
            scored.append((-s, rest_o[a], rest_n[b]))
    for _, i, j in sorted(scored):
        if i not in taken_o and j not in taken_n and accept(i, j):
            moves.append((i, j))
            taken_o.add(i)
            taken_n.add(j)
    return sorted(moves, key=lambda p: p[1])


def _pair_leftovers(
    full: list[tuple[int, int]], n: int, m: int, moved_old: dict[int, int], moved_new: dict[int, int],
    accept: Callable[[int, int], bool],
) -> list[tuple[int, int]]:
    """Pairs made of the one old and the one new item left (not moved) between two matched pairs."""
    out: list[tuple[int, int]] = []
    pi = pj = 0
    for i, j in full + [(n, m)]:
        if i > pi and j > pj:  # a gap with items on both sides
            olds = [k for k in range(pi, i) if k not in moved_old]
            news = [k for k in range(pj, j) if k not in moved_new]
            if len(olds) == 1 and len(news) == 1 and accept(olds[0], news[0]):
                out.append((olds[0], news[0]))
        pi, pj = i + 1, j + 1
    return sorted(full + out)


def align(
    old: Sequence[Item], new: Sequence[Item], threshold: float, limits: list[str],
    accept_move: Callable[[int, int], bool] | None = None,
    accept_leftover: Callable[[int, int], bool] | None = None,
) -> list[tuple[str, int | None, int | None]]:
    """The redline plan: ("pair"|"del"|"ins"|"from"|"to", old index, new index) in redline order.

    ``accept_move(i, j)`` confirms a move candidate (None: no move detection);
    ``accept_leftover(i, j)`` says whether a lone old and a lone new item left in the same gap pair up.
    """
    keys_old, keys_new = [x.key for x in old], [x.key for x in new]
    if keys_old == keys_new:  # the common case inside tables: nothing to align
        return [("pair", k, k) for k in range(len(old))]
    pairs = match_exact(keys_old, keys_new, limits)
    full: list[tuple[int, int]] = []
    pi = pj = 0
    for i, j in pairs + [(len(old), len(new))]:
        if i > pi and j > pj:
            full.extend((pi + a, pj + b) for a, b in pair_similar(old[pi:i], new[pj:j], threshold, limits))
        if i < len(old):
            full.append((i, j))
        pi, pj = i + 1, j + 1
    moved_old: dict[int, int] = {}
    moved_new: dict[int, int] = {}
    if accept_move is not None:
        done_o = {i for i, _ in full}
        done_n = {j for _, j in full}
        dels = [i for i in range(len(old)) if i not in done_o]
        ins = [j for j in range(len(new)) if j not in done_n]
        for i, j in find_moves(old, new, dels, ins, threshold, accept_move, limits):
            moved_old[i], moved_new[j] = j, i
    if accept_leftover is not None:
        full = _pair_leftovers(full, len(old), len(new), moved_old, moved_new, accept_leftover)
    plan: list[tuple[str, int | None, int | None]] = []
    pi = pj = 0
    for i, j in full + [(len(old), len(new))]:
        for k in range(pi, i):
            plan.append(("from", k, moved_old[k]) if k in moved_old else ("del", k, None))
        for k in range(pj, j):
            plan.append(("to", moved_new[k], k) if k in moved_new else ("ins", None, k))
        if i < len(old):
            plan.append(("pair", i, j))
        pi, pj = i + 1, j + 1
    return plan


# ------------------------------------------------------------------------------------------ items


def blocks_key(blocks: Sequence[Block]) -> str:
    """A string equal for two block sequences exactly when their text and table shape are equal."""
    return "\x1c".join(b.text if isinstance(b, Paragraph) else "[" + table_key(b) + "]" for b in blocks)


def row_key(row: Row) -> str:
    return "\x1e".join(blocks_key(c.blocks) for c in row.cells)


def table_key(table: Table) -> str:
    return ("d" if table.definitions else "t") + "\x1d".join(row_key(r) for r in table.rows)


def block_key(block: Block) -> str:
    """The exact-match key of a block: its text, or a table's texts and shape."""
    return "p" + block.text if isinstance(block, Paragraph) else table_key(block)


def block_item(block: Block, key: str | None = None) -> Item:
    """The alignment item of a body (or cell, note, part) block (``key``: its block_key, if known)."""
    key = block_key(block) if key is None else key
    if isinstance(block, Paragraph):
        hint = "ref:" + block.ref if block.numbered and block.ref else ""
        return Item(key, key[1:], "p", hint, True)
    return Item(key, block.text, "t", "table:defs" if block.definitions else "table:", True)


def term_of(row: Row) -> str:
    """The defined term of a definitions-table row ("" when the row has no term cell)."""
    return row.cells[0].text.strip() if len(row.cells) >= 2 else ""


def _row_item(row: Row) -> Item:
    hint = term_of(row)
    return Item(row_key(row), "\n".join(c.text for c in row.cells), "r", "term:" + hint if hint else "")


# --------------------------------------------------------------------------------------- comparer


def _unchanged(changes: Sequence[BlockChange]) -> bool:
    """True when no entry changes text or numbering (formatting aside)."""
    return all(c.kind == EQUAL and not c.renumbered for c in changes)


def _rows_format_changed(rows: Sequence[RowChange]) -> bool:
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
