"""Words every renderer uses for a change: its reference with the side it belongs to, its anchor,
and what a formatting change did.

A reference that exists only in the old version says so ("old 5.3"); a moved clause gives both
("5.5 → 7.8"); a renumbered one gives its old number after the new ("5.3 (was 5.4)"). So two
entries of one redline never share a reference without saying which side it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sectrack.compare.changes import DELETED, INSERTED, MOVED_FROM, MOVED_TO, BlockChange, Span, SpanOp
from sectrack.model import Run

FRONT = "(front matter)"  # how a block before the first clause is named


def ref_of(block: object) -> str:
    """A block's clause reference ("" when none)."""
    return getattr(block, "ref", "") or ""


def cite(bc: BlockChange, front: str = FRONT) -> str:
    """The entry's reference with its side: "5.3", "old 5.3", "5.5 → 7.8", "5.3 (was 5.4)"."""
    old, new = ref_of(bc.old), ref_of(bc.new)
    if bc.kind in (DELETED, MOVED_FROM) or bc.new is None:
        return f"old {old or front}"
    if bc.kind == INSERTED or bc.old is None:
        return new or front
    if bc.kind == MOVED_TO:
        return f"{old} → {new}" if old and new and old != new else new or (f"old {old}" if old else front)
    if old and new and old != new:
        return f"{new} (was {old})"
    return new or (f"old {old}" if old else front)


_UNSAFE = re.compile(r"[^A-Za-z0-9.()_-]+")


def anchor_base(bc: BlockChange, letter: str) -> str:
    """A stable anchor name for an entry from its reference: "AM-5.3", "A2.4", "AM-old-5.3" for a
    reference only the old version has ("" for a block without a reference)."""
    old_side = bc.kind in (DELETED, MOVED_FROM) or bc.new is None
    ref = ref_of(bc.old if old_side else bc.new)
    if not ref:
        return ""
    name = ref if letter and ref.startswith(letter) else f"{letter}-{ref}" if letter else ref
    if old_side:
        name = name.replace(ref, "old-" + ref, 1)
    return _UNSAFE.sub("-", name)


# ------------------------------------------------------------------------------ formatting


_FLAGS = (("bold", "made bold", "bold removed"), ("italic", "made italic", "italic removed"),
          ("underline", "underlined", "underline removed"), ("strike", "struck through", "strike-through removed"))


def formatting_words(old: Run, new: Run) -> str:
    """What changed from ``old``'s formatting to ``new``'s, in words ("made bold, italic removed")."""
    words = [on if getattr(new, flag) else off for flag, on, off in _FLAGS if getattr(old, flag) != getattr(new, flag)]
    if old.vert != new.vert:
        words.append(f"made {new.vert}" if new.vert else f"{old.vert} removed")
    return ", ".join(words)


@dataclass(frozen=True)
class FormatChange:
    """A stretch of kept text whose formatting changed, and what the change was."""

    text: str
    change: str  # "made bold"


def format_pieces(spans: Sequence[Span], old_runs: Sequence[Run]) -> list[tuple[Span, str]]:
    """The spans, kept ones cut where the old formatting changes, each with what its formatting
    change was ("" for none; inserted and deleted spans never have one)."""
    segments: list[tuple[int, Run]] = []
    pos = 0
    for r in old_runs:
        if r.text:
            pos += len(r.text)
            segments.append((pos, r))
    out: list[tuple[Span, str]] = []
    k = pos = 0
    for s in spans:
        if s.op == SpanOp.INSERT:
            out.append((s, ""))
            continue
        base = start = pos
        end = pos = pos + len(s.text)
        if s.op == SpanOp.DELETE:
            out.append((s, ""))
            continue
        while start < end:
            while k < len(segments) and segments[k][0] <= start:
                k += 1
            stop = min(end, segments[k][0]) if k < len(segments) else end
            piece = s.text[start - base : stop - base]
            old = segments[k][1] if k < len(segments) else s.run
            words = formatting_words(old, s.run) if not piece.isspace() else ""
            out.append((Span(SpanOp.EQUAL, piece, s.run), words))
            start = stop
    return out


def format_changes(spans: Sequence[Span], old_runs: Sequence[Run]) -> list[FormatChange]:
    """The kept stretches whose formatting changed, neighbours with the same change merged."""
    out: list[FormatChange] = []
    last = ""
    for s, words in format_pieces(spans, old_runs):
        if s.op != SpanOp.EQUAL:
            last = ""
            continue
        if words and words == last:
            out[-1] = FormatChange(out[-1].text + s.text, words)
        elif words:
            out.append(FormatChange(s.text, words))
        last = words
    return [FormatChange(f.text.strip(), f.change) for f in out if f.text.strip()]


def format_summary(spans: Sequence[Span], old_runs: Sequence[Run]) -> str:
    """The formatting changes of a paragraph in words: 'made bold: “Panel”; made italic: “may”'."""
    return "; ".join(f"{f.change}: “{f.text}”" for f in format_changes(spans, old_runs))


__all__ = ["cite", "anchor_base", "formatting_words", "format_pieces", "format_changes", "format_summary",
           "FormatChange", "FRONT", "ref_of"]
