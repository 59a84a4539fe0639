"""Word-level diff of run sequences; the only module that imports diff-match-patch.

Text is cut into tokens (words, whitespace runs, single punctuation marks: never half a word), each
distinct token is mapped to one character (the ``diff_linesToChars`` trick applied to tokens), the
character strings are diffed with diff-match-patch (``Diff_Timeout = 0``: no silent give-up) and
``diff_cleanupSemantic``, mapped back to text and cut along run boundaries so that every Span keeps
the formatting Run it came from (new runs for EQUAL/INSERT, old runs for DELETE).

Size guard: when the changed middle of a pair is too large for an exact O(ND) diff in reasonable
time, it is first split on tokens that occur exactly once on each side (patience anchors); a piece
that still has no anchor is shown as deleted-then-inserted and the result says ``limited``. The
output is always correct (EQUAL+DELETE gives the old text, EQUAL+INSERT the new text).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from diff_match_patch import diff_match_patch

from sectrack.compare.changes import Span, SpanOp
from sectrack.model import Run, fast_constructor

# A word keeps inner punctuation between word characters, so "15.0", "L14.8", "2.6" and "Head-End"
# change as a whole, never as half a number.
_TOKEN = re.compile(r"\w+(?:[.,:/'’\-]\w+)*|\s+|[^\w\s]")
DMP_MAX_CELLS = 250_000  # len(old tokens) * len(new tokens) above which anchors split the diff first
MAX_DEPTH = 64  # anchor recursion depth before the rest is shown as replaced
# Code points used for tokens: private-use areas first, then planes 2-14 (never surrogates/ASCII).
_CODE_RANGES = ((0xE000, 0xF900), (0xF0000, 0xFFFFE), (0x100000, 0x10FFFE), (0x20000, 0xF0000))
MAX_TOKENS = sum(hi - lo for lo, hi in _CODE_RANGES)
_OPS = {-1: SpanOp.DELETE, 0: SpanOp.EQUAL, 1: SpanOp.INSERT}


def tokenize(text: str) -> tuple[str, ...]:
    """Words (with inner punctuation), whitespace runs and single punctuation marks; joins back."""
    return _tokens(text)


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text))


@dataclass(frozen=True)
class Bag:
    """A multiset of a text's non-whitespace tokens, for a quick similarity bound."""

    counts: Counter
    weight: int  # total characters of non-whitespace tokens

    @classmethod
    def of(cls, text: str) -> Bag:
        return _bag(text)

    @property
    def words(self) -> int:
        """How many word tokens (letters/digits) the text has."""
        return sum(c for t, c in self.counts.items() if t[0].isalnum() or t[0] == "_")


@lru_cache(maxsize=8192)
def _bag(text: str) -> Bag:
    counts = Counter(t for t in tokenize(text) if not t.isspace())
    return Bag(counts, sum(len(t) * c for t, c in counts.items()))


def bag_similarity(a: Bag, b: Bag) -> float:
    """Character-weighted Dice overlap of two bags; an upper bound of the diff ratio."""
    total = a.weight + b.weight
    if not total:
        return 1.0
    small, large = (a.counts, b.counts) if len(a.counts) <= len(b.counts) else (b.counts, a.counts)
    common = sum(len(t) * min(c, large[t]) for t, c in small.items() if t in large)
    return 2.0 * common / total


def bag_containment(a: Bag, b: Bag) -> float:
    """How much of the smaller text the larger one holds, by character weight; an upper bound of
    ``WordDiff.kept`` (1.0 when every word of one side occurs in the other)."""
    least = min(a.weight, b.weight)
    if not least:
        return 1.0 if a.weight == b.weight else 0.0
    small, large = (a.counts, b.counts) if len(a.counts) <= len(b.counts) else (b.counts, a.counts)
    common = sum(len(t) * min(c, large[t]) for t, c in small.items() if t in large)
    return common / least


def longest_increasing(pairs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of ``pairs`` (sorted by first item) whose second items increase."""
    tails: list[int] = []  # second item of the smallest tail of each chain length
    tail_idx: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        back[k] = tail_idx[pos - 1] if pos else -1
    out: list[tuple[int, int]] = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        out.append(pairs[k])
        k = back[k]
    out.reverse()
    return out


def _code_point(i: int) -> str:
    for lo, hi in _CODE_RANGES:
        if i < hi - lo:
            return chr(lo + i)
        i -= hi - lo
    raise OverflowError("too many distinct tokens")


class _Codec:
    """Maps each distinct token to one character and back."""

    def __init__(self) -> None:
        self.chars: dict[str, str] = {}
        self.tokens: dict[str, str] = {}
        self.weights: dict[str, int] = {}

    def encode(self, tokens: Sequence[str]) -> str:
        chars = self.chars
        for tok in dict.fromkeys(tokens):
            if tok not in chars:
                ch = chars[tok] = _code_point(len(chars))
                self.tokens[ch] = tok
                self.weights[ch] = 0 if tok.isspace() else len(tok)
        return "".join(map(chars.__getitem__, tokens))

    def decode(self, chars: str) -> str:
        return "".join(self.tokens[c] for c in chars)

    def weight(self, chars: str) -> int:
        return sum(map(self.weights.__getitem__, chars))


def _new_dmp() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # exact diff, never a silent give-up; size is guarded by DMP_MAX_CELLS
    return dmp


_DMP = _new_dmp()


def _unique_anchors(a: str, b: str) -> list[tuple[int, int]]:
    """Positions of characters occurring once in ``a`` and once in ``b``, longest increasing chain."""
    ca, cb = Counter(a), Counter(b)
    pos_b = {ch: i for i, ch in enumerate(b) if cb[ch] == 1}
    pairs = [(i, pos_b[ch]) for i, ch in enumerate(a) if ca[ch] == 1 and ch in pos_b]
    return longest_increasing(pairs)


def _diff_into(a: str, b: str, out: list[tuple[int, str]], depth: int = 0) -> bool:
    """Append the diff of encoded strings ``a`` → ``b`` to ``out``; True when a limit was hit."""
    p = _DMP.diff_commonPrefix(a, b)
    s = _DMP.diff_commonSuffix(a[p:], b[p:])
    if p:
        out.append((0, a[:p]))
    ma, mb = a[p : len(a) - s], b[p : len(b) - s]
    limited = False
    if not ma or not mb:
        if ma:
            out.append((-1, ma))
        if mb:
            out.append((1, mb))
    elif len(ma) * len(mb) <= DMP_MAX_CELLS:
        out.extend(_DMP.diff_main(ma, mb, False))
    else:
        anchors = _unique_anchors(ma, mb) if depth < MAX_DEPTH else []
        if not anchors:
            out.extend(((-1, ma), (1, mb)))
            limited = True
        else:
            pi = pj = 0
            for i, j in anchors:
                limited |= _diff_into(ma[pi:i], mb[pj:j], out, depth + 1)
                out.append((0, ma[i]))
                pi, pj = i + 1, j + 1
            limited |= _diff_into(ma[pi:], mb[pj:], out, depth + 1)
    if s:
        out.append((0, a[len(a) - s :]))
    return limited


@dataclass(frozen=True)
class WordDiff:
    """A word-level diff of two texts: (op, text) pieces, the similarity ratio, limit flag, and the
    share of each side's words (by characters) the diff keeps."""

    pieces: tuple[tuple[str, str], ...]
    ratio: float
    limited: bool = False
    kept_old: float = 1.0
    kept_new: float = 1.0

    @property
    def kept(self) -> float:
        """The larger share kept: 1.0 when one side's words all survive, in order, in the other."""
        return max(self.kept_old, self.kept_new)


def run_tokens(runs: Sequence[Run]) -> tuple[str, ...]:
    """The tokens of a run sequence's text; an equation (a math run) is one token, never cut, so it
    is kept, or deleted and inserted, as a whole."""
    if not any(r.math for r in runs):
        return tokenize("".join(r.text for r in runs))
    out: list[str] = []
    text: list[str] = []
    for r in runs:
        if r.math and r.text:
            out.extend(tokenize("".join(text)))
            text = []
            out.append(r.text)
        elif not r.math:
            text.append(r.text)
    out.extend(tokenize("".join(text)))
    return tuple(out)


def diff_words(old: str, new: str, ta: Sequence[str] | None = None, tb: Sequence[str] | None = None) -> WordDiff:
    """Word-level diff of two strings (pieces in EQUAL/DELETE/INSERT order, semantically cleaned); ``ta``
    and ``tb``, when given, are their tokens (``run_tokens``)."""
    if old == new:
        return WordDiff(((SpanOp.EQUAL, old),) if old else (), 1.0)
    ta = tokenize(old) if ta is None else ta
    tb = tokenize(new) if tb is None else tb
    if len(ta) + len(tb) > MAX_TOKENS and len(set(ta).union(tb)) > MAX_TOKENS:
        # more distinct tokens than characters to map them to: shown as replaced, flagged
        pieces = tuple(p for p in ((SpanOp.DELETE, old), (SpanOp.INSERT, new)) if p[1])
        bound = bag_containment(Bag.of(old), Bag.of(new))
        return WordDiff(pieces, bag_similarity(Bag.of(old), Bag.of(new)), True, bound, bound)
    codec = _Codec()
    a, b = codec.encode(ta), codec.encode(tb)
    diffs: list[tuple[int, str]] = []
    limited = _diff_into(a, b, diffs)
    _DMP.diff_cleanupMerge(diffs)
    wa, wb = codec.weight(a), codec.weight(b)
    kept = sum(codec.weight(t) for op, t in diffs if op == 0)
    ratio = 2.0 * kept / (wa + wb) if wa + wb else 1.0
    _DMP.diff_cleanupSemantic(diffs)
    pieces = tuple((_OPS[op], codec.decode(t)) for op, t in diffs if t)
    return WordDiff(pieces, ratio, limited, _share(kept, wa), _share(kept, wb))


def _share(kept: int, weight: int) -> float:
    return kept / weight if weight else 1.0


class _Cursor:
    """Walks a run sequence, cutting text pieces along run boundaries."""

    def __init__(self, runs: Sequence[Run]) -> None:
        self.runs = [r for r in runs if r.text]
        self.ri = 0
        self.off = 0

    def take(self, op: SpanOp, text: str, out: list[Span]) -> None:
        k = 0
        while k < len(text):
            run = self.runs[self.ri]
            n = min(len(run.text) - self.off, len(text) - k)
            out.append(Span(op, text[k : k + n], run))
            self.skip(n)
            k += n

    def skip(self, n: int) -> None:
        while n:
            step = min(len(self.runs[self.ri].text) - self.off, n)
            self.off += step
            n -= step
            if self.off == len(self.runs[self.ri].text):
                self.ri += 1
                self.off = 0


def spans_of(pieces: Iterable[tuple[str, str]], old_runs: Sequence[Run], new_runs: Sequence[Run]) -> tuple[Span, ...]:
    """Cut (op, text) pieces along run boundaries: EQUAL/INSERT take new runs, DELETE takes old runs."""
    old, new = _Cursor(old_runs), _Cursor(new_runs)
    out: list[Span] = []
    for op, text in pieces:
        if op == SpanOp.EQUAL:
            new.take(SpanOp.EQUAL, text, out)
            old.skip(len(text))
        elif op == SpanOp.INSERT:
            new.take(SpanOp.INSERT, text, out)
        else:
            old.take(SpanOp.DELETE, text, out)
    return tuple(out)


def whole_spans(op: SpanOp, runs: Sequence[Run]) -> tuple[Span, ...]:
    """One span per non-empty run, all with ``op``."""
    return tuple(Span(op, r.text, r) for r in runs if r.text)


_new_span = fast_constructor(Span)


def keep_spans(runs: Sequence[Run]) -> tuple[Span, ...]:
    """``whole_spans(SpanOp.EQUAL, runs)`` for the paragraphs that did not change (most of them), built with
    ``model.fast_constructor``."""
    out = []
    for r in runs:
        if r.text:
            out.append(_new_span(SpanOp.EQUAL, r.text, r))  # op, text, run
    return tuple(out)


def replace_pieces(
    old: str, new: str, ta: Sequence[str] | None = None, tb: Sequence[str] | None = None,
) -> tuple[tuple[str, str], ...]:
    """A rewrite as pieces: the words both texts start and end with kept, the middle of the old
    text deleted, then the middle of the new text inserted (a shared head or tail is never retyped)."""
    ta = tokenize(old) if ta is None else ta
    tb = tokenize(new) if tb is None else tb
    head = 0
    while head < min(len(ta), len(tb)) and ta[head] == tb[head]:
        head += 1
    tail = 0
    while tail < min(len(ta), len(tb)) - head and ta[-1 - tail] == tb[-1 - tail]:
        tail += 1
    pieces = (
        (SpanOp.EQUAL, "".join(ta[:head])),
        (SpanOp.DELETE, "".join(ta[head : len(ta) - tail])),
        (SpanOp.INSERT, "".join(tb[head : len(tb) - tail])),
        (SpanOp.EQUAL, "".join(ta[len(ta) - tail :])),
    )
    return tuple(p for p in pieces if p[1])


def replace_spans(old_runs: Sequence[Run], new_runs: Sequence[Run]) -> tuple[Span, ...]:
    """The old text's middle deleted, then the new text's middle inserted, a shared head and tail
    kept (still split per run)."""
    old, new = "".join(r.text for r in old_runs), "".join(r.text for r in new_runs)
    return spans_of(replace_pieces(old, new, run_tokens(old_runs), run_tokens(new_runs)), old_runs, new_runs)


@dataclass(frozen=True)
class RunDiff:
    """The diff of two run sequences: spans, similarity ratio (0..1), limit flag, and the larger
    share of one side's words the diff keeps (``WordDiff.kept``)."""

    spans: tuple[Span, ...]
    ratio: float
    limited: bool = False
    kept: float = 1.0


def diff_runs(old_runs: Sequence[Run], new_runs: Sequence[Run]) -> RunDiff:
    """Word-level diff of two run sequences, spans split along run boundaries."""
    d = diff_words("".join(r.text for r in old_runs), "".join(r.text for r in new_runs),
                   run_tokens(old_runs), run_tokens(new_runs))
    return RunDiff(spans_of(d.pieces, old_runs, new_runs), d.ratio, d.limited, d.kept)


def _format_segments(runs: Sequence[Run]) -> list[tuple[int, tuple]]:
    """(end offset, formatting) for each non-empty run."""
    out, pos = [], 0
    for r in runs:
        if r.text:
            pos += len(r.text)
            out.append((pos, r.formatting))
    return out


def format_changed(old_runs: Sequence[Run], new_runs: Sequence[Run]) -> bool:
    """True when the same text carries different formatting on some non-whitespace character."""
    if len(old_runs) == len(new_runs):
        for a, b in zip(old_runs, new_runs):
            if (a.text != b.text or a.bold != b.bold or a.italic != b.italic or a.underline != b.underline
                    or a.strike != b.strike or a.vert != b.vert):
                break
        else:  # run by run the same text and formatting (Run.formatting, field by field: faster)
            return False
    text = "".join(r.text for r in new_runs)
    if text != "".join(r.text for r in old_runs):
        raise ValueError("format_changed needs two run sequences with the same text")
    sa, sb = _format_segments(old_runs), _format_segments(new_runs)
    ia = ib = pos = 0
    while ia < len(sa) and ib < len(sb):
        end = min(sa[ia][0], sb[ib][0])
        if sa[ia][1] != sb[ib][1] and not text[pos:end].isspace():
            return True
        pos = end
        ia += sa[ia][0] == end
        ib += sb[ib][0] == end
    return False


def kept_format_changed(spans: Sequence[Span], old_runs: Sequence[Run]) -> bool:
    """True when words kept by an amended paragraph changed formatting (a term made bold, say)."""
    old = _format_segments(old_runs)
    ia = pos = 0
    for span in spans:
        if span.op == SpanOp.INSERT:
            continue
        end = pos + len(span.text)
        if span.op == SpanOp.EQUAL:
            start = pos
            while start < end:
                while ia < len(old) and old[ia][0] <= start:
                    ia += 1
                if ia == len(old):
                    break
                stop = min(end, old[ia][0])
                if old[ia][1] != span.run.formatting and not span.text[start - pos : stop - pos].isspace():
                    return True
                start = stop
        pos = end
    return False
