"""Align two block (or row, cell, note) sequences and compare what was matched.

The alignment of one sequence pair, in four steps:

1. exact matches: patience diff over the items' keys (their text) -- unique common keys, longest
   increasing chain, recursion into the gaps, difflib (autojunk off) in gaps without unique keys;
2. in each gap between exact matches, similar items are paired (word-bag similarity at least the
   threshold, or the same hint: clause reference, definitions term, first cell) by a maximum-weight
   order-preserving matching (sort + Fenwick tree);
3. moves: unmatched old and new items with identical or similar text (>= threshold) pair up;
4. redline order: matched pairs in order, each gap's old-only items before its new-only items.

``comparer.Comparer`` builds the change entries from the alignment.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from math import isqrt

from sectrack.compare.text import Bag, bag_containment, bag_similarity, longest_increasing
from sectrack.model import Block, Paragraph, Row, Table

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
