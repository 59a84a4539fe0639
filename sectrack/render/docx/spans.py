"""Span helpers for the DOCX writer: grouping, whole-paragraph spans, old formatting of kept text."""

from __future__ import annotations

from collections.abc import Sequence

from sectrack.compare.changes import EQUAL, BlockChange, CellChange, RowChange, Span, SpanOp
from sectrack.model import Block, Paragraph, Run


def whole(op: SpanOp, p: Paragraph | None) -> tuple[Span, ...]:
    """Every run of ``p`` as one span with ``op``."""
    return tuple(Span(op, r.text, r) for r in p.runs) if p is not None else ()


def keep_all(blocks: Sequence[Block]) -> tuple[BlockChange, ...]:
    """Equal entries for blocks written unchanged."""
    out = []
    for k, b in enumerate(blocks):
        if isinstance(b, Paragraph):
            out.append(BlockChange(EQUAL, b, b, k, k, spans=whole(SpanOp.EQUAL, b)))
        else:
            rows = tuple(RowChange(EQUAL, r, r, tuple(CellChange(keep_all(c.blocks)) for c in r.cells)) for r in b.rows)
            out.append(BlockChange(EQUAL, b, b, k, k, rows=rows))
    return tuple(out)


def merge_same(pieces: list[tuple[str, Run | None]], new: Run) -> list[tuple[str, Run | None]]:
    """Pieces of kept text with the old run whose formatting differs from ``new`` (None: same)."""
    out: list[tuple[str, Run | None]] = []
    for text, old in pieces:
        if old is not None and old.formatting == new.formatting:
            old = None
        if out and out[-1][1] is old:
            out[-1] = (out[-1][0] + text, old)
        else:
            out.append((text, old))
    return out


def groups(spans: Sequence[Span]) -> list[tuple[str, list[Span]]]:
    """Consecutive spans with the same op."""
    out: list[tuple[str, list[Span]]] = []
    for s in spans:
        if out and out[-1][0] == s.op:
            out[-1][1].append(s)
        else:
            out.append((s.op, [s]))
    return out


class Cursor:
    """Walks the old runs of a paragraph by character offset, to find the old formatting of kept text."""

    def __init__(self, runs: Sequence[Run]) -> None:
        self.runs = [r for r in runs if r.text]
        self.k = 0  # current run
        self.off = 0  # offset inside it

    def skip(self, n: int) -> None:
        while n > 0 and self.k < len(self.runs):
            room = len(self.runs[self.k].text) - self.off
            step = min(room, n)
            n -= step
            self.off += step
            if self.off >= len(self.runs[self.k].text):
                self.k, self.off = self.k + 1, 0

    def take(self, text: str) -> list[tuple[str, Run | None]]:
        """``text`` cut where the old runs change, each piece with the old run it came from."""
        out: list[tuple[str, Run | None]] = []
        pos = 0
        while pos < len(text):
            if self.k >= len(self.runs):
                out.append((text[pos:], None))
                break
            run = self.runs[self.k]
            step = min(len(run.text) - self.off, len(text) - pos)
            out.append((text[pos:pos + step], run))
            pos += step
            self.skip(step)
        return out
