"""Render a ChangeSet as a Markdown summary for people: ``render_markdown(cs) -> str``.

Title, both versions, counts, then one line per changed clause ("A2.5 amended: …", "AM4.3 moved
from after AM3.2"), the definitions added, removed and amended, header/footer changes and the
comparison's messages. Deleted words are shown ~~struck through~~ and inserted words in **bold**;
long unchanged stretches are cut to a few words of context.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sectrack.compare.changes import (
    DELETED,
    EQUAL,
    INSERTED,
    MODIFIED,
    MOVED_FROM,
    MOVED_TO,
    BlockChange,
    ChangeSet,
    DefinitionChange,
    NoteChange,
    RowChange,
    Span,
    SpanOp,
    style_of,
)
from sectrack.compare.describe import cite, format_summary, ref_of
from sectrack.model import Document, Paragraph, Row, Table

CONTEXT_WORDS = 6  # unchanged words kept on each side of a change
MAX_TEXT = 300  # characters of an inserted or deleted block shown before "…"
_SPECIAL = re.compile(r"([\\`*_~\[\]<>#|])")


def render_markdown(cs: ChangeSet) -> str:
    """A readable Markdown summary of the changes."""
    lines = [f"# Changes to {_esc(_name(cs.new) or _name(cs.old) or 'the document')}", ""]
    lines += [f"- Old: {_version(cs.old)}", f"- New: {_version(cs.new)}", ""]
    lines += _summary(cs)
    if cs.same:
        lines += ["No changes.", ""]
    body = _body(cs)
    if body:
        lines += ["## Changes", "", *body, ""]
    if cs.definitions:
        lines += ["## Definitions", "", *[_definition(d) for d in cs.definitions], ""]
    parts = [line for p in cs.parts for c in p.blocks for line in _entry(c, None, f"{p.title.capitalize()} ({p.name})")]
    if parts:
        lines += ["## Headers and footers", "", *parts, ""]
    if cs.messages:
        lines += ["## Messages", ""]
        for m in cs.messages:
            lines.append(f"- `{m.code}`: {_esc(m.text)}" + (f" [{_esc(m.location)}]" if m.location else ""))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _restyled(c: BlockChange) -> str:
    if isinstance(c.old, Paragraph) and isinstance(c.new, Paragraph):
        return f"style changed ({_esc(style_of(c.old))} → {_esc(style_of(c.new))})"
    return "style changed"


def _only_renumbered(c: BlockChange) -> bool:
    return c.kind == EQUAL and c.renumbered and not c.format_changed and not c.style_changed


def _body(cs: ChangeSet) -> list[str]:
    """One line per changed entry; a run of clauses only renumbered is told on one line."""
    lines: list[str] = []
    group: list[BlockChange] = []

    def flush() -> None:
        if len(group) > 2:
            first, last = group[0], group[-1]
            lines.append(f"- **{_esc(cite(first))}** to **{_esc(cite(last))}** renumbered ({len(group)} clauses)")
        else:
            lines.extend(line for c in group for line in _entry(c, cs.old))
        group.clear()

    for c in cs.body:
        if _only_renumbered(c) and c.ref and c.old is not None and c.old.ref:
            group.append(c)
        elif c.changed and c.kind != MOVED_FROM:
            flush()
            lines.extend(_entry(c, cs.old))
    flush()
    return lines


def _name(d: Document) -> str:
    return d.display_name or d.title


def _version(d: Document) -> str:
    bits = [_esc(f"version {d.version}") if d.version else "", _esc(d.date)]
    bits.append(f"`{d.source.replace('`', '')}`" if d.source else "")
    shown = [b for b in bits if b]
    return _esc(_name(d)) + (" — " + ", ".join(shown) if shown else "")


def _summary(cs: ChangeSet) -> list[str]:
    s = cs.summary
    rows = [
        ("Inserted", s.inserted), ("Deleted", s.deleted), ("Amended", s.modified), ("Moved", s.moved),
        ("Renumbered", s.renumbered), ("Formatting only", s.format_only), ("Style changed", s.restyled),
        ("Definitions added", s.definitions_added), ("Definitions removed", s.definitions_removed),
        ("Definitions amended", s.definitions_amended),
    ]
    return ["## Summary", "", "| Change | Count |", "| --- | ---: |", *[f"| {k} | {v} |" for k, v in rows], ""]


def _esc(text: str) -> str:
    """Markdown-escape text and keep it on one line."""
    return _SPECIAL.sub(r"\\\1", re.sub(r"\s*\n\s*", " / ", text).replace("\t", " "))


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT].rstrip() + " …"


_VISIBLE = str.maketrans({" ": "␣", "\u00a0": "⍽", "\t": "⇥", "\n": "↵"})


def _mark(op: str, text: str) -> str:
    """Text wrapped in ~~…~~ or **…**, with its outer whitespace kept outside the markers."""
    core = text.strip()
    mark = "~~" if op == SpanOp.DELETE else "**"
    if not core:  # a change of whitespace only: show it with visible symbols
        return f"{mark}{text.translate(_VISIBLE)}{mark}"
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return f"{_esc(lead)}{mark}{_esc(_clip(core))}{mark}{_esc(trail)}"


def _context(text: str, first: bool, last: bool) -> str:
    """An unchanged stretch cut to a few words next to the changes around it."""
    words = text.split(" ")
    n = CONTEXT_WORDS
    if first and last:
        return _esc(text)
    if first and len(words) > n + 1:
        return "… " + _esc(" ".join(words[-n - 1 :]))
    if last and len(words) > n + 1:
        return _esc(" ".join(words[: n + 1])) + " …"
    if not first and not last and len(words) > 2 * n + 2:
        return _esc(" ".join(words[: n + 1])) + " … " + _esc(" ".join(words[-n - 1 :]))
    return _esc(text)


def spans_markdown(spans: Sequence[Span]) -> str:
    """Spans as one line: ~~deleted~~ **inserted**, unchanged text cut to some context."""
    merged: list[list[str]] = []
    for s in spans:
        if merged and merged[-1][0] == s.op:
            merged[-1][1] += s.text
        else:
            merged.append([s.op, s.text])
    out: list[str] = []
    for k, (op, text) in enumerate(merged):
        if op in (SpanOp.DELETE, SpanOp.INSERT):
            if op == SpanOp.INSERT and k and merged[k - 1][0] == SpanOp.DELETE and not out[-1].endswith(" "):
                out.append(" ")  # "~~old~~ **new**" reads better than "~~old~~**new**"
            out.append(_mark(op, text))
        else:
            out.append(_context(text, k == 0, k == len(merged) - 1))
    return "".join(out).strip() or "(empty paragraph)"


def _where(c: BlockChange, container: str | None) -> str:
    """The entry's reference with its side ("**old 5.3**", "**5.3 (was 5.4)**", "Table in **2.2**")."""
    if container:
        return container
    block = c.new if c.new is not None else c.old
    what = "Table" if isinstance(block, Table) else "Paragraph"
    if ref_of(c.old) or ref_of(c.new):
        return f"**{_esc(cite(c))}**" if what == "Paragraph" else f"Table in **{_esc(cite(c))}**"
    if c.new_index is None:
        return f"Old {what.lower()} {(c.old_index or 0) + 1}"
    return f"{what} {c.new_index + 1}"


def _moved(c: BlockChange, old: Document | None) -> str:
    """ "moved", when the reference says from where ("5.5 → 7.8"), else "moved from after old 3.2"."""
    index = c.old_index
    if ref_of(c.old) and ref_of(c.new) and ref_of(c.old) != ref_of(c.new):
        return "moved"
    if old is None or index is None or index > len(old.blocks):
        return "moved"
    if index == 0:
        return "moved from the start of the old version"
    ref = ref_of(old.blocks[index - 1])
    return f"moved from after **old {_esc(ref)}**" if ref else f"moved from after old paragraph {index}"


def _entry(c: BlockChange, old: Document | None, container: str | None = None) -> list[str]:
    """The Markdown lines for one body entry (none when nothing changed)."""
    if not c.changed or c.kind == MOVED_FROM:  # a move is told once, at its new place
        return []
    where = _where(c, container)
    if isinstance(c.new if c.new is not None else c.old, Table):
        return _table_entry(c, where, old)
    text = {INSERTED: SpanOp.INSERT, DELETED: SpanOp.DELETE}.get(c.kind)
    if text:
        verb = "inserted" if c.kind == INSERTED else "deleted"
        lines = [f"- {where} {verb}: {spans_markdown(c.spans)}"]
    elif c.kind == MOVED_TO:
        edited = any(s.op != SpanOp.EQUAL for s in c.spans)
        lines = [f"- {where} {_moved(c, old)}" + (f", amended: {spans_markdown(c.spans)}" if edited else "")]
    elif c.kind == MODIFIED and any(s.op != SpanOp.EQUAL for s in c.spans):
        verb = "replaced" if c.replaced else "amended"
        lines = [f"- {where} {verb}: {spans_markdown(c.spans)}"]
    elif c.kind == MODIFIED:
        lines = [f"- {where} notes amended"]
    else:
        what = [w for w, on in (("renumbered", c.renumbered), (_formatting(c), c.format_changed),
                                (_restyled(c), c.style_changed)) if on]
        lines = [f"- {where} {' and '.join(what)}"]
    if c.style_changed and c.kind != EQUAL:
        lines[0] += f"; {_restyled(c)}"
    return lines + [f"  {line}" for n in c.notes for line in _note(n)]


def _formatting(c: BlockChange) -> str:
    """ "formatting changed (made bold: “Panel”)": which words, and how."""
    words = format_summary(c.spans, c.old.runs) if isinstance(c.old, Paragraph) else ""
    return f"formatting changed ({_esc(words)})" if words else "formatting changed"


def _nested(changes: Sequence[BlockChange]) -> str:
    """The changed blocks of a cell or note on one line."""
    out = []
    for c in changes:
        if not c.changed or c.kind == MOVED_FROM:
            continue
        block = c.new if c.new is not None else c.old
        if isinstance(block, Table):
            verb = {INSERTED: "inserted", DELETED: "deleted", MOVED_TO: "moved"}.get(c.kind, "amended")
            counts = _row_counts(c.rows)
            show = counts and c.kind not in (INSERTED, DELETED)
            out.append(f"table {verb}" + (f" ({counts})" if show else ""))
        elif c.kind == EQUAL:
            out.append(("renumbered " if c.renumbered else _formatting(c) + ": ") + spans_markdown(c.spans))
        else:
            out.append(spans_markdown(c.spans))
    return " / ".join(out)


def _note(n: NoteChange) -> list[str]:
    if n.kind == EQUAL:
        return []
    verb = {INSERTED: "added", DELETED: "removed"}.get(n.kind, "amended")
    return [f"- {n.note_kind} {verb}: {_nested(n.blocks)}"]


def _table_entry(c: BlockChange, where: str, old: Document | None) -> list[str]:
    block = c.new if c.new is not None else c.old
    verb = {INSERTED: "inserted", DELETED: "deleted", MOVED_TO: _moved(c, old)}
    head = f"- {where} {verb.get(c.kind, 'amended' if c.kind == MODIFIED else 'formatting changed')}"
    if getattr(block, "definitions", False):
        return [head + " (definitions table: see Definitions below)"]
    counts = _row_counts(c.rows)
    lines = [head + (f": {counts}" if counts else "")]
    if c.kind in (MODIFIED, MOVED_TO):
        columns = _columns(block) if isinstance(block, Table) else []
        for k, r in enumerate(c.rows):
            lines += [f"  {line}" for line in _row(r, k, columns)]
    return lines


def _columns(table: Table) -> list[str]:
    """Column names from the table's first row (its heading), when it has more than one row."""
    if len(table.rows) < 2:
        return []
    return [" ".join(cell.text.split()) for cell in table.rows[0].cells]


def _row_label(r: RowChange, k: int) -> str:
    """A row cited by its first cell's text (the term, the key, the item), else by its place."""
    row: Row | None = r.new if r.new is not None else r.old
    first = " ".join(row.cells[0].text.split()) if row is not None and row.cells else ""
    name = r.key or first
    if not name:
        return f"row {k + 1}"
    short = name if len(name) <= 60 else name[:59].rstrip() + "…"
    return f"row “{_esc(short)}”"


def _row_counts(rows: Iterable[RowChange]) -> str:
    names = {INSERTED: "inserted", DELETED: "deleted", MODIFIED: "amended"}
    counts: dict[str, int] = {}
    for r in rows:
        if r.kind in names:
            counts[names[r.kind]] = counts.get(names[r.kind], 0) + 1
    return ", ".join(f"{n} row{'s' if n != 1 else ''} {k}" for k, n in counts.items())


def _row(r: RowChange, k: int, columns: Sequence[str] = ()) -> list[str]:
    label = _row_label(r, k)
    if r.kind == EQUAL:
        return []
    if r.kind in (INSERTED, DELETED):
        row = r.new if r.kind == INSERTED else r.old
        assert row is not None  # an inserted row has its new side, a deleted one its old
        cells = " \\| ".join(_esc(" ".join(cell.text.split())) for cell in row.cells)
        return [f"- {label} {'inserted' if r.kind == INSERTED else 'deleted'}: {_clip(cells)}"]
    out = []
    for n, cell in enumerate(r.cells):
        text = _nested(cell.blocks)
        if text:
            column = f"“{_esc(columns[n])}”" if n < len(columns) and columns[n] else f"column {n + 1}"
            out.append(f"- {label}, {column}: {text}")
    return out or [f"- {label} amended"]


def _definition(d: DefinitionChange) -> str:
    term = _esc(d.term)
    if d.kind == INSERTED:
        return f"- Added: **{term}** — {_esc(_clip(d.new_meaning))}"
    if d.kind == DELETED:
        return f"- Removed: ~~{term}~~ — {_esc(_clip(d.old_meaning))}"
    return f"- Amended: **{term}** — {spans_markdown(d.spans)}"
