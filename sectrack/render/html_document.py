"""The document part of the HTML redline: paragraphs, tables, notes and parts built in Python.

Every string from a document is escaped here (``_esc``: the same escapes as ``markupsafe.escape``); see ``html.py`` for the
class names the page relies on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence, TypeVar

from markupsafe import Markup

from sectrack.compare.changes import (
    DEL,
    DELETED,
    EQUAL,
    INS,
    INSERTED,
    KEEP,
    MODIFIED,
    MOVED_FROM,
    MOVED_TO,
    BlockChange,
    CellChange,
    ChangeSet,
    RowChange,
    Span,
    style_of,
)
from sectrack.model import Block, Paragraph, Row, Table
from sectrack.render.escaping import escape_markup

T = TypeVar("T")
EXCERPT = 70  # characters of text quoted in the list of changes
FRONT = "(front matter)"  # how the list of changes names a block before the first clause
_KIND_CLASS = {EQUAL: "equal", MODIFIED: "modified", INSERTED: "inserted", DELETED: "deleted",
               MOVED_FROM: "moved-from", MOVED_TO: "moved-to"}
_NOTE_WORD = {INSERTED: "inserted", DELETED: "deleted", MODIFIED: "amended", EQUAL: "unchanged"}
_DEF_WORD = {INSERTED: "added", DELETED: "removed", MODIFIED: "amended"}


# ------------------------------------------------------------------------------ text and spans


def _esc(text: str) -> str:
    """``text`` escaped for HTML element content and attribute values (markupsafe's escapes)."""
    return escape_markup(text, quotes=True)


def _wrap(text: str, fmt: tuple[bool, bool, bool, bool, str]) -> str:
    """Escaped ``text`` inside the tags of its run formatting."""
    html = _esc(text)
    bold, italic, underline, strike, vert = fmt
    for tag, on in (("sup", vert == "superscript"), ("sub", vert == "subscript"), ("s", strike),
                    ("u", underline), ("i", italic), ("b", bold)):
        if on:
            html = f"<{tag}>{html}</{tag}>"
    return html


def _formatted(spans: Sequence[Span]) -> str:
    """The spans' text with their formatting, neighbours of equal formatting merged."""
    out: list[str] = []
    buf: list[str] = []
    prev: tuple | None = None
    for s in spans:
        if not s.text:
            continue
        fmt = s.run.formatting
        if fmt != prev and buf:
            out.append(_wrap("".join(buf), prev))  # type: ignore[arg-type]
            buf = []
        prev = fmt
        buf.append(s.text)
    if buf:
        out.append(_wrap("".join(buf), prev))  # type: ignore[arg-type]
    return "".join(out)


def _diffed(spans: Sequence[Span]) -> str:
    """Spans as text with ``<ins>`` / ``<del>`` around inserted and deleted stretches."""
    out: list[str] = []
    i, n = 0, len(spans)
    while i < n:
        op = spans[i].op
        j = i + 1
        while j < n and spans[j].op == op:
            j += 1
        html = _formatted(spans[i:j])
        if html:
            out.append(html if op == KEEP else f"<ins>{html}</ins>" if op == INS else f"<del>{html}</del>")
        i = j
    return "".join(out)


def _spans(bc: BlockChange) -> tuple[Span, ...]:
    """The spans of a paragraph entry; built from its runs when a hand-made entry has none."""
    if bc.spans:
        return bc.spans
    old = bc.old.runs if isinstance(bc.old, Paragraph) else ()
    new = bc.new.runs if isinstance(bc.new, Paragraph) else ()
    if bc.kind in (DELETED, MOVED_FROM):
        return tuple(Span(DEL, r.text, r) for r in old if r.text)
    if bc.kind == INSERTED:
        return tuple(Span(INS, r.text, r) for r in new if r.text)
    if bc.kind == MODIFIED and "".join(r.text for r in old) != "".join(r.text for r in new):
        return tuple(Span(DEL, r.text, r) for r in old if r.text) + tuple(Span(INS, r.text, r) for r in new if r.text)
    return tuple(Span(KEEP, r.text, r) for r in new if r.text)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _excerpt(text: str, width: int = EXCERPT) -> str:
    text = _norm(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _label(block: Block | None) -> str:
    return block.label if isinstance(block, Paragraph) else ""


def _is_table(bc: BlockChange) -> bool:
    return isinstance(bc.new if bc.new is not None else bc.old, Table)


def _mark(text: str, cls: str = "badge") -> str:
    return f'<span class="mark {cls}">{_esc(text)}</span>'


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# ------------------------------------------------------------------------------------- writer


@dataclass
class _Note:
    """A changed footnote/endnote, shown after the document."""

    id: str
    ref: str
    note_kind: str
    change: str
    html: Markup


@dataclass
class DocumentWriter:
    """Builds the HTML of blocks, keeping track of change ids, moves, notes and definition rows."""

    cs: ChangeSet
    ids: dict[int, str] = field(default_factory=dict)  # body index -> "c-<n>"
    moves: dict[int, dict[str, int]] = field(default_factory=dict)  # move_id -> {"from": i, "to": i}
    rows: dict[str, str] = field(default_factory=dict)  # definitions term (casefolded) -> row id
    notes: list[_Note] = field(default_factory=list)
    moving: str = ""  # MOVED_FROM / MOVED_TO while writing the inside of a moved table
    context: int | None = None  # unchanged blocks (and table rows) kept around changes; None: all

    def __post_init__(self) -> None:
        for i, bc in enumerate(self.cs.body):
            if bc.changed:
                self.ids[i] = f"c-{len(self.ids) + 1}"
            if bc.move_id is not None and bc.kind in (MOVED_FROM, MOVED_TO):
                self.moves.setdefault(bc.move_id, {})["from" if bc.kind == MOVED_FROM else "to"] = i

    # -- the document

    def body(self) -> list[dict[str, object]]:
        """The items of main: the HTML of a stretch of shown blocks (one per line), or a gap of
        unchanged blocks. A stretch is one item, not one per block: the template loops over few."""
        body = self.cs.body
        shown = _window(len(body), self.ids, self.context)
        items: list[dict[str, object]] = []
        stretch: list[str] = []
        for item in _with_gaps(shown, lambda i: self.block(body[i], i), self._gap):
            if isinstance(item, str):
                stretch.append(item)
                continue
            if stretch:
                items.append({"html": Markup("\n".join(stretch))})
                stretch = []
            items.append(item)
        if stretch:
            items.append({"html": Markup("\n".join(stretch))})
        return items

    def _gap(self, hidden: list[int]) -> dict[str, object]:
        blocks = [self.cs.body[i] for i in hidden]
        tables = sum(1 for bc in blocks if _is_table(bc))
        paras = len(blocks) - tables
        what = " and ".join(_plural(n, w) for n, w in ((paras, "paragraph"), (tables, "table")) if n)
        refs = [bc.ref for bc in blocks if bc.ref]
        where = "" if not refs else refs[0] if refs[0] == refs[-1] else f"{refs[0]} to {refs[-1]}"
        return {"gap": f"… {what.replace(' ', ' unchanged ', 1)} …", "where": where, "count": len(blocks)}

    def block(self, bc: BlockChange, index: int | None = None) -> str:
        """One entry's HTML; top-level changed entries (``index`` given) carry id and data-ref."""
        attrs = ""
        cid = self.ids.get(index) if index is not None else None
        if cid:
            attrs = f' id="{cid}" data-ref="{_esc(bc.ref)}" data-kind="{_KIND_CLASS.get(bc.kind, bc.kind)}"'
        if _is_table(bc):
            return self.table(bc, attrs, cid, index)
        return self.paragraph(bc, attrs, index, top=index is not None)

    def blocks(self, changes: Sequence[BlockChange]) -> str:
        return "".join(self.block(bc) for bc in changes)

    def paragraph(self, bc: BlockChange, attrs: str, index: int | None, top: bool) -> str:
        para = bc.new if isinstance(bc.new, Paragraph) else bc.old
        assert isinstance(para, Paragraph)
        classes = ["para", _KIND_CLASS.get(bc.kind, bc.kind)]
        if bc.renumbered:
            classes.append("renumbered")
        if bc.format_changed:
            classes.append("fmt")
        if bc.style_changed:
            classes.append("restyled")
        if para.num_level is not None:
            classes.append(f"lvl{min(para.num_level, 8)}")
        if _label(bc.old) or _label(bc.new):
            classes.append("hang")
        level = para.heading_level
        tag = f"h{min(level + 2, 6)}" if top and level else "p"
        if level:
            classes.append(f"heading h-{min(level, 9)}")
        marks = self._marks(bc, index)
        spans = _spans(bc)
        if bc.kind == MODIFIED and bc.replaced and any(s.op == KEEP for s in spans):
            classes.append("replaced")  # a shared head or tail stays unmarked: the middle rewritten
            text = _diffed(spans)
        elif bc.kind == MODIFIED and bc.replaced:
            old_html = _formatted([s for s in spans if s.op == DEL])
            new_html = _formatted([s for s in spans if s.op != DEL])
            if top:  # two paragraphs: the whole old one deleted, then the whole new one inserted
                cls = "".join(" " + c for c in classes[2:])
                old_p = f'<{tag} class="para deleted{cls}">{self._num(_label(bc.old))}<del>{old_html}</del></{tag}>'
                new_p = f'<{tag} class="para inserted{cls}">{self._num(_label(bc.new))}<ins>{new_html}</ins>{marks}</{tag}>'
                return f'<div class="replaced modified"{attrs}>{old_p}{new_p}</div>'
            classes.append("replaced")
            text = (f"<del>{old_html}</del>" if old_html else "") + (f"<ins>{new_html}</ins>" if new_html else "")
        elif bc.kind == MOVED_FROM or (bc.kind == DELETED and self.moving == MOVED_FROM):
            text = f'<del class="moved">{_formatted(spans)}</del>'
        elif bc.kind == MOVED_TO:
            text = f'<ins class="moved">{_diffed(spans)}</ins>'
        elif bc.kind == DELETED:
            text = f"<del>{_formatted(spans)}</del>"
        elif bc.kind == INSERTED:
            text = f"<ins>{_formatted(spans)}</ins>"
        else:
            text = _diffed(spans)
        if self.moving == MOVED_TO:  # inside a moved table: all of it is moved text
            text = f'<ins class="moved">{text}</ins>'
        return f'<{tag} class="{" ".join(classes)}"{attrs}>{self._labels(bc)}{text}{marks}</{tag}>'

    @staticmethod
    def _num(label: str) -> str:
        return f'<span class="num">{_esc(label)}</span>' if label else ""

    def _labels(self, bc: BlockChange) -> str:
        old, new = _label(bc.old), _label(bc.new)
        if bc.kind == INSERTED:
            return self._num(new)
        if bc.kind in (DELETED, MOVED_FROM):
            return self._num(old)
        before = f'<span class="num-old">{_esc(old)}</span>' if old and old != new else ""
        return before + self._num(new)

    def _marks(self, bc: BlockChange, index: int | None) -> str:
        """Badges and links after a paragraph: moves, formatting, rewrites, changed notes."""
        out: list[str] = []
        if index is not None and bc.kind in (MOVED_FROM, MOVED_TO):
            out.append(self._move_link(bc, index))
        if bc.format_changed:
            out.append(_mark("formatting changed"))
        if bc.style_changed and isinstance(bc.old, Paragraph) and isinstance(bc.new, Paragraph):
            out.append(_mark(f"style: {style_of(bc.old)} → {style_of(bc.new)}"))
        if bc.replaced:
            out.append(_mark("rewritten"))
        for nc in bc.notes:
            if nc.kind == EQUAL:
                continue
            nid = f"note-{len(self.notes) + 1}"
            word = _NOTE_WORD.get(nc.kind, nc.kind)
            self.notes.append(_Note(nid, bc.ref, nc.note_kind or "note", word, Markup(self.blocks(nc.blocks))))
            out.append(f'<a class="mark note-ref" id="{nid}-ref" href="#{nid}">{_esc(nc.note_kind or "note")} {word}</a>')
        return "".join(out)

    def _move_link(self, bc: BlockChange, index: int) -> str:
        pair = self.moves.get(bc.move_id, {}) if bc.move_id is not None else {}
        here_from = bc.kind == MOVED_FROM
        other = pair.get("to" if here_from else "from")
        if other is None or other not in self.ids:
            return _mark("moved", "badge move")
        arrow = "↓" if other > index else "↑"
        text = f"moved to {self.place(other, 'new')}" if here_from else f"moved from {self.place(other, 'old')}"
        return f'<a class="mark move" href="#{self.ids[other]}">{_esc(text)} {arrow}</a>'

    def place(self, index: int, side: str) -> str:
        """Where the moved block at ``index`` stands on ``side`` ("old" or "new"), in words."""
        body = self.cs.body
        pair = self.moves.get(body[index].move_id, {}) if body[index].move_id is not None else {}
        to = body[pair.get("to", index)]  # the moved-to entry holds both sides
        refs = {"old": getattr(to.old, "ref", "") or "", "new": getattr(to.new, "ref", "") or ""}
        ref, other = refs[side], refs["new" if side == "old" else "old"]
        if ref and ref != other:
            return ref
        skip = MOVED_TO if side == "old" else MOVED_FROM
        for k in range(index - 1, -1, -1):
            prev = body[k].old if side == "old" else body[k].new
            prev_ref = getattr(prev, "ref", "") if body[k].kind != skip else ""
            if prev_ref:
                return f"after {prev_ref}" if prev_ref != ref else f"elsewhere in {ref}"
        return "the start of the document"

    def table(self, bc: BlockChange, attrs: str, cid: str | None, index: int | None) -> str:
        kind = _KIND_CLASS.get(bc.kind, bc.kind)
        table = bc.new if isinstance(bc.new, Table) else bc.old
        assert isinstance(table, Table)
        classes = ["doc-table", kind]
        if table.definitions:
            classes.append("definitions")
        if bc.format_changed:
            classes.append("fmt")
        caption = ""
        badges = []
        if bc.kind in (INSERTED, DELETED):
            badges.append(f"table {kind}")
        if bc.format_changed:
            badges.append("formatting changed")
        if index is not None and bc.kind in (MOVED_FROM, MOVED_TO):
            caption = f"<caption>{self._move_link(bc, index)}</caption>"
        elif badges:
            caption = f"<caption>{_mark('; '.join(badges))}</caption>"
        out = [f'<table class="{" ".join(classes)}"{attrs}>{caption}<tbody>']
        rows = bc.rows or _fallback_rows(bc)
        shown = [True] * len(rows)
        if index is not None and self.context is not None:  # top level, context mode
            changed = [k for k, r in enumerate(rows) if r.kind != EQUAL] or [0]
            shown = _window(len(rows), changed, self.context)
            shown[0] = True  # the heading row
        outer, self.moving = self.moving, bc.kind if bc.kind in (MOVED_FROM, MOVED_TO) else self.moving
        try:
            out.extend(_with_gaps(
                shown,
                lambda k: self.row(rows[k], f"{cid}-r{k + 1}" if cid and rows[k].kind != EQUAL else None, bc.kind),
                lambda hidden: _row_gap([rows[k] for k in hidden], table)))
        finally:
            self.moving = outer
        out.append("</tbody></table>")
        return "".join(out)

    def row(self, rc: RowChange, rid: str | None, table_kind: str) -> str:
        row = rc.new if rc.new is not None else rc.old
        kind = rc.kind
        if table_kind in (MOVED_FROM, DELETED):
            kind = DELETED if kind == EQUAL else kind
        attrs = ""
        if rid:
            attrs = f' id="{rid}"'
            if rc.key:
                attrs += f' data-key="{_esc(rc.key)}"'
                self.rows.setdefault(_norm(rc.key).casefold(), rid)
        cells = rc.cells or _fallback_cells(rc)
        spans = [c.span for c in row.cells] if row is not None and len(row.cells) == len(cells) else [1] * len(cells)
        out = [f'<tr class="row-{_KIND_CLASS.get(kind, kind)}"{attrs}>']
        for cc, span in zip(cells, spans):
            kinds = {b.kind for b in cc.blocks}
            cls = ""
            if kinds and rc.kind not in (INSERTED, DELETED) and len(kinds) == 1 and kinds & {INSERTED, DELETED}:
                cls = ' class="cell-inserted"' if INSERTED in kinds else ' class="cell-deleted"'
            colspan = f' colspan="{span}"' if span and span > 1 else ""
            out.append(f"<td{cls}{colspan}>{self.blocks(cc.blocks)}</td>")
        out.append("</tr>")
        return "".join(out)

    # -- lists around the document

    def changes(self) -> list[dict[str, object]]:
        """The list of changes: one entry per changed top-level block, anchor, reference, what
        happened and an excerpt; a run of three or more renumbered-only clauses is one entry."""
        out: list[dict[str, object]] = []
        run: list[dict[str, object]] = []
        for i, cid in self.ids.items():
            bc = self.cs.body[i]
            if bc.kind == EQUAL and bc.renumbered and not bc.format_changed:
                run.append({"id": cid, "ref": bc.ref or FRONT, "was": getattr(bc.old, "ref", "") or "",
                            "excerpt": _excerpt(bc.new.text if bc.new is not None else "")})
                continue
            out.extend(_renumbered(run))
            run = []
            block = bc.new if bc.new is not None else bc.old
            text = block.text if block is not None else ""
            if _is_table(bc) and bc.kind not in (INSERTED, DELETED):
                keys = [_row_name(r) for r in bc.rows if r.kind != EQUAL]
                text = ", ".join(k for k in keys if k) or text
            out.append({
                "id": cid,
                "ref": bc.ref or FRONT,
                "kind": _KIND_CLASS.get(bc.kind, bc.kind),
                "what": self.describe(bc, i),
                "excerpt": _excerpt(text),
            })
        out.extend(_renumbered(run))
        return out

    def describe(self, bc: BlockChange, index: int) -> str:
        """What happened to one block, in words ("amended", "moved from after 3.2")."""
        pair = self.moves.get(bc.move_id, {}) if bc.move_id is not None else {}
        table = _is_table(bc)
        noun = "table " if table else ""
        if bc.kind == INSERTED:
            what = noun + "inserted"
        elif bc.kind == DELETED:
            what = noun + "deleted"
        elif bc.kind == MOVED_FROM:
            what = noun + (f"moved to {self.place(pair['to'], 'new')}" if "to" in pair else "moved away")
        elif bc.kind == MOVED_TO:
            what = noun + (f"moved from {self.place(pair['from'], 'old')}" if "from" in pair else "moved here")
            if any(s.op != KEEP for s in bc.spans) or any(r.kind != EQUAL for r in bc.rows):
                what += " and amended"
        elif bc.kind == MODIFIED:
            what = self._modified(bc, table)
        else:
            what = ""
        extras = []
        if bc.renumbered:
            old_ref = getattr(bc.old, "ref", "") or ""
            extras.append(f"renumbered (was {old_ref})" if old_ref else "renumbered")
        if bc.format_changed:
            extras.append("formatting changed")
        return ", ".join(x for x in [what] + extras if x) or "changed"

    @staticmethod
    def _modified(bc: BlockChange, table: bool) -> str:
        if table:
            counts = {k: sum(1 for r in bc.rows if r.kind == k) for k in (INSERTED, DELETED, MODIFIED)}
            parts = [f"{_plural(n, 'row')} {_NOTE_WORD[k]}" for k, n in counts.items() if n]
            return "table amended" + (f" ({', '.join(parts)})" if parts else "")
        if bc.replaced:
            return "rewritten"
        if bc.spans and all(s.op == KEEP for s in bc.spans) and any(n.kind != EQUAL for n in bc.notes):
            return "note amended"
        return "amended"

    def definitions(self) -> list[dict[str, object]]:
        """The changed definitions with their meaning marked up, and a link to their row."""
        out = []
        for d in self.cs.definitions:
            if d.spans:
                html = _diffed(d.spans)
            elif d.kind == INSERTED:
                html = f"<ins>{_esc(d.new_meaning)}</ins>"
            elif d.kind == DELETED:
                html = f"<del>{_esc(d.old_meaning)}</del>"
            else:
                html = f"<del>{_esc(d.old_meaning)}</del> <ins>{_esc(d.new_meaning)}</ins>"
            out.append({
                "term": d.term,
                "kind": _DEF_WORD.get(d.kind, d.kind),
                "html": Markup(html),
                "href": self.rows.get(_norm(d.term).casefold(), ""),
            })
        return out

    def parts(self) -> dict[str, object]:
        """Changed headers and footers with their HTML, and how many were unchanged."""
        changed = []
        same = 0
        for part in self.cs.parts:
            if any(c.changed for c in part.blocks):
                changed.append({"kind": part.kind, "name": part.name, "html": Markup(self.blocks(part.blocks))})
            else:
                same += 1
        return {"changed": changed, "unchanged": same}


def _renumbered(run: list[dict[str, object]]) -> list[dict[str, object]]:
    """Renumbered-only entries of the list of changes: grouped when there are three or more."""
    if len(run) < 3:
        return [dict(r, kind="renumbered", what=f"renumbered (was {r['was']})" if r["was"] else "renumbered")
                for r in run]
    return [{"kind": "renumbered", "group": run, "what": f"{len(run)} clauses renumbered:"}]


def _with_gaps(shown: Sequence[bool], show: Callable[[int], T], gap: Callable[[list[int]], T]) -> list[T]:
    """``show(k)`` for each shown item, ``gap(hidden)`` for each run of hidden ones, in order."""
    out: list[T] = []
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


def _window(n: int, changed: Iterable[int], context: int | None) -> list[bool]:
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


def _row_name(rc: RowChange) -> str:
    """What names a row in the list of changes: its key (the term), else its first cell's text."""
    row = rc.new if rc.new is not None else rc.old
    return rc.key or (_norm(row.cells[0].text) if row is not None and row.cells else "")


def _row_gap(hidden: Sequence[RowChange], table: Table) -> str:
    """A table row standing for unchanged rows left out in context mode."""
    cols = max((sum(max(c.span, 1) for c in r.cells) for r in table.rows), default=1)
    names = [_row_name(r) for r in hidden]
    where = f" ({_excerpt(names[0], 40)} to {_excerpt(names[-1], 40)})" if names[0] and names[-1] and len(names) > 1 else ""
    text = f"… {len(hidden)} unchanged row{'s' * (len(hidden) != 1)} …{where}"
    return f'<tr class="mark gap"><td colspan="{cols}">{_esc(text)}</td></tr>'


def _fallback_rows(bc: BlockChange) -> tuple[RowChange, ...]:
    """Row entries for a hand-made table entry that has none: every row one-sided or equal."""
    kind = {INSERTED: INSERTED, DELETED: DELETED, MOVED_FROM: DELETED}.get(bc.kind, EQUAL)
    table = bc.new if kind != DELETED else bc.old
    assert isinstance(table, Table)
    return tuple(RowChange(kind, None if kind == INSERTED else r, None if kind == DELETED else r) for r in table.rows)


def _fallback_cells(rc: RowChange) -> tuple[CellChange, ...]:
    row: Row | None = rc.new if rc.new is not None else rc.old
    if row is None:
        return ()
    kind = rc.kind if rc.kind in (INSERTED, DELETED) else EQUAL
    side_old = kind == DELETED
    return tuple(
        CellChange(tuple(BlockChange(kind, b if kind != INSERTED else None, None if side_old else b) for b in c.blocks))
        for c in row.cells
    )
