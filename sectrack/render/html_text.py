"""Pieces of the HTML redline's document part: escaping, runs and spans as HTML, which blocks a
``--context`` view shows, and the small marks the page adds. Every document string is escaped here
(``esc``: the same escapes as ``markupsafe.escape``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from sectrack.compare.changes import DELETED, INSERTED, MODIFIED, MOVED_FROM, BlockChange, RowChange, Span, SpanOp
from sectrack.compare.describe import format_pieces
from sectrack.model import Block, Paragraph, Run, Table
from sectrack.render.escaping import escape_markup

S = TypeVar("S")
G = TypeVar("G")
EXCERPT = 70  # characters of text quoted in the list of changes


def esc(text: str) -> str:
    """``text`` escaped for HTML element content and attribute values (markupsafe's escapes)."""
    return escape_markup(text, quotes=True)


def _wrap(text: str, fmt: tuple[bool, bool, bool, bool, str]) -> str:
    """Escaped ``text`` inside the tags of its run formatting."""
    html = esc(text)
    bold, italic, underline, strike, vert = fmt
    for tag, on in (("sup", vert == "superscript"), ("sub", vert == "subscript"), ("s", strike),
                    ("u", underline), ("i", italic), ("b", bold)):
        if on:
            html = f"<{tag}>{html}</{tag}>"
    return html


def formatted(spans: Sequence[Span]) -> str:
    """The spans' text with their formatting, neighbours of equal formatting merged; an equation in
    ``<span class="equation" role="math">`` (its text, in reading order)."""
    out: list[str] = []
    buf: list[str] = []
    prev: tuple | None = None
    for s in spans:
        if not s.text:
            continue
        fmt = (s.run.formatting, s.run.math)
        if fmt != prev and buf:
            out.append(_piece("".join(buf), prev))  # type: ignore[arg-type]  # prev is set once buf holds text
            buf = []
        prev = fmt
        buf.append(s.text)
    if buf:
        out.append(_piece("".join(buf), prev))  # type: ignore[arg-type]  # as above
    return "".join(out)


def _piece(text: str, key: tuple[tuple[bool, bool, bool, bool, str], bool]) -> str:
    html = _wrap(text, key[0])
    return f'<span class="equation" role="math" title="equation">{html}</span>' if key[1] else html


_AROUND = {SpanOp.EQUAL: ("", ""), SpanOp.INSERT: ("<ins>", "</ins>"), SpanOp.DELETE: ("<del>", "</del>")}


def diffed(spans: Sequence[Span], old_runs: Sequence[Run] | None = None) -> str:
    """Spans as text with ``<ins>`` / ``<del>`` around inserted and deleted stretches; given the old
    runs, kept words whose formatting changed are in ``<span class="fmt-changed">`` titled with
    the change ("made bold")."""
    if old_runs is not None:
        return _stretches(format_pieces(spans, old_runs))
    out: list[str] = []  # most paragraphs: stretches of one operation each, no formatting to describe
    i, n = 0, len(spans)
    while i < n:
        op = spans[i].op
        j = i + 1
        while j < n and spans[j].op == op:
            j += 1
        out.append(_stretch(op, formatted(spans[i:j])))
        i = j
    return "".join(out)


def _stretches(pieces: Sequence[tuple[Span, str]]) -> str:
    """``diffed`` of spans paired with the formatting change of their words ("" for none)."""
    out: list[str] = []
    i, n = 0, len(pieces)
    while i < n:
        op, words = pieces[i][0].op, pieces[i][1]
        j = i + 1
        while j < n and pieces[j][0].op == op and pieces[j][1] == words:
            j += 1
        out.append(_stretch(op, formatted([s for s, _ in pieces[i:j]]), words))
        i = j
    return "".join(out)


_AROUND = {SpanOp.EQUAL: ("", ""), SpanOp.INSERT: ("<ins>", "</ins>"), SpanOp.DELETE: ("<del>", "</del>")}


def _stretch(op: SpanOp, html: str, words: str = "") -> str:
    """One stretch of one operation as HTML ("" when it shows nothing)."""
    if not html:
        return ""
    if words:
        html = f'<span class="fmt-changed" title="{esc(words)}">{html}</span>'
    before, after = _AROUND[op]
    return before + html + after


def spans_of(bc: BlockChange) -> tuple[Span, ...]:
    """The spans of a paragraph entry; built from its runs when a hand-made entry has none."""
    if bc.spans:
        return bc.spans
    old = bc.old.runs if isinstance(bc.old, Paragraph) else ()
    new = bc.new.runs if isinstance(bc.new, Paragraph) else ()
    if bc.kind in (DELETED, MOVED_FROM):
        return tuple(Span(SpanOp.DELETE, r.text, r) for r in old if r.text)
    if bc.kind == INSERTED:
        return tuple(Span(SpanOp.INSERT, r.text, r) for r in new if r.text)
    if bc.kind == MODIFIED and "".join(r.text for r in old) != "".join(r.text for r in new):
        return tuple(Span(SpanOp.DELETE, r.text, r) for r in old if r.text) + tuple(Span(SpanOp.INSERT, r.text, r) for r in new if r.text)
    return tuple(Span(SpanOp.EQUAL, r.text, r) for r in new if r.text)


def norm(text: str) -> str:
    return " ".join(text.split())


def excerpt(text: str, width: int = EXCERPT) -> str:
    text = norm(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def label_of(block: Block | None) -> str:
    return block.label if isinstance(block, Paragraph) else ""


def is_table(bc: BlockChange) -> bool:
    return isinstance(bc.new if bc.new is not None else bc.old, Table)


def mark(text: str, cls: str = "badge") -> str:
    return f'<span class="mark {cls}">{esc(text)}</span>'


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def with_gaps(shown: Sequence[bool], show: Callable[[int], S], gap: Callable[[list[int]], G]) -> list[S | G]:
    """``show(k)`` for each shown item, ``gap(hidden)`` for each run of hidden ones, in order."""
    out: list[S | G] = []
    hidden: list[int] = []
    for k, visible in enumerate(shown):
        if not visible:
            hidden.append(k)
            continue
        if hidden:
            out.append(gap(hidden))
            hidden = []
        out.append(show(k))
    if hidden:
        out.append(gap(hidden))
    return out


def window(n: int, changed: Iterable[int], context: int | None) -> list[bool]:
    """Which of ``n`` items to show: all, or those within ``context`` of a changed one (a gap of
    a single item is not worth its line: that item is shown instead)."""
    if context is None:
        return [True] * n
    shown = [False] * n
    for i in changed:
        for k in range(max(0, i - context), min(n, i + context + 1)):
            shown[k] = True
    for k in range(n):
        if not shown[k] and (k == 0 or shown[k - 1]) and (k == n - 1 or shown[k + 1]):
            shown[k] = True
    return shown


def with_headings(body: Sequence[BlockChange], shown: list[bool]) -> list[bool]:
    """``shown`` with the headings (Part, section, clause headings) above every shown block added."""
    out = list(shown)
    stack: list[tuple[int, int]] = []  # (heading level, index) of the headings in force
    for i, bc in enumerate(body):
        block = bc.new if bc.new is not None else bc.old
        level = block.heading_level if isinstance(block, Paragraph) else None
        if level:
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, i))
        if shown[i]:
            for _, k in stack:
                out[k] = True
    return out


def row_name(rc: RowChange) -> str:
    """What names a row in the list of changes: its key (the term), else its first cell's text."""
    row = rc.new if rc.new is not None else rc.old
    return rc.key or (norm(row.cells[0].text) if row is not None and row.cells else "")


def row_gap(hidden: Sequence[RowChange], table: Table) -> str:
    """A table row standing for unchanged rows left out in context mode."""
    cols = max((sum(max(c.span, 1) for c in r.cells) for r in table.rows), default=1)
    names = [row_name(r) for r in hidden]
    where = f" ({excerpt(names[0], 40)} to {excerpt(names[-1], 40)})" if names[0] and names[-1] and len(names) > 1 else ""
    text = f"… {len(hidden)} unchanged row{'s' * (len(hidden) != 1)} …{where}"
    return f'<tr class="mark gap"><td colspan="{cols}">{esc(text)}</td></tr>'
