"""The document part of the HTML redline: paragraphs, tables, notes and parts built in Python.

Every string from a document is escaped (``html_text.esc``); see ``html.py`` for the class names
the page relies on. The lists around the document (changes, definitions, headers and footers) are
``html_lists``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

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
    style_of,
)
from sectrack.compare.describe import anchor_base, format_summary, ref_of
from sectrack.model import Paragraph, Table
from sectrack.render.html_text import (
    diffed,
    esc,
    formatted,
    is_table,
    label_of,
    mark,
    norm,
    plural,
    row_gap,
    spans_of,
    window,
    with_gaps,
    with_headings,
)

KIND_CLASS = {EQUAL: "equal", MODIFIED: "modified", INSERTED: "inserted", DELETED: "deleted",
              MOVED_FROM: "moved-from", MOVED_TO: "moved-to"}
NOTE_WORD = {INSERTED: "inserted", DELETED: "deleted", MODIFIED: "amended", EQUAL: "unchanged"}


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
    anchors: dict[int, str] = field(default_factory=dict)  # body index -> "AM-5.3" (stable, by reference)
    moves: dict[int, dict[str, int]] = field(default_factory=dict)  # move_id -> {"from": i, "to": i}
    rows: dict[str, str] = field(default_factory=dict)  # definitions term (casefolded) -> row id
    notes: list[_Note] = field(default_factory=list)
    moving: str = ""  # MOVED_FROM / MOVED_TO while writing the inside of a moved table
    context: int | None = None  # unchanged blocks (and table rows) kept around changes; None: all

    def __post_init__(self) -> None:
        letter = self.cs.new.letter or self.cs.old.letter
        taken: set[str] = set()
        for i, bc in enumerate(self.cs.body):
            if bc.changed:
                self.ids[i] = f"c-{len(self.ids) + 1}"
                base = anchor_base(bc, letter)
                if base:
                    name, k = base, 1
                    while name in taken:
                        k += 1
                        name = f"{base}-{k}"
                    taken.add(name)
                    self.anchors[i] = name
            if bc.move_id is not None and bc.kind in (MOVED_FROM, MOVED_TO):
                self.moves.setdefault(bc.move_id, {})["from" if bc.kind == MOVED_FROM else "to"] = i
        self.order = list(self.ids)  # body indexes of the changes, in order

    # -- the document

    def body(self) -> list[dict[str, object]]:
        """The items of main: the HTML of a stretch of shown blocks (one per line), or a gap of
        unchanged blocks. A stretch is one item, not one per block: the template loops over few."""
        body = self.cs.body
        shown = window(len(body), self.ids, self.context)
        if self.context is not None:
            shown = with_headings(body, shown)
        items: list[dict[str, object]] = []
        stretch: list[str] = []
        for item in with_gaps(shown, lambda i: self.block(body[i], i), self._gap):
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
        tables = sum(1 for bc in blocks if is_table(bc))
        paras = len(blocks) - tables
        what = " and ".join(plural(n, w) for n, w in ((paras, "paragraph"), (tables, "table")) if n)
        refs = [bc.ref for bc in blocks if bc.ref]
        where = "" if not refs else refs[0] if refs[0] == refs[-1] else f"{refs[0]} to {refs[-1]}"
        return {"gap": f"… {what.replace(' ', ' unchanged ', 1)} …", "where": where, "count": len(blocks)}

    def block(self, bc: BlockChange, index: int | None = None) -> str:
        """One entry's HTML; top-level changed entries (``index`` given) carry id and data-ref, are
        preceded by an anchor named after their reference and end with links to their neighbours."""
        attrs = ""
        cid = self.ids.get(index) if index is not None else None
        if cid:
            attrs = f' id="{cid}" data-ref="{esc(bc.ref)}" data-kind="{KIND_CLASS.get(bc.kind, bc.kind)}"'
        if is_table(bc):
            html = self.table(bc, attrs, cid, index)
        else:
            html = self.paragraph(bc, attrs, index, top=index is not None)
        if cid and index is not None:
            anchor = self.anchors.get(index)
            before = f'<span class="mark anchor" id="{esc(anchor)}"></span>' if anchor else ""
            return before + html
        return html

    def blocks(self, changes: Sequence[BlockChange]) -> str:
        return "".join(self.block(bc) for bc in changes)

    def _nav(self, index: int | None) -> str:
        """Links to the previous and next change (no script needed)."""
        if index is None or index not in self.ids:
            return ""
        k = bisect_left(self.order, index)
        links = []
        if k > 0:
            links.append(f'<a href="#{self.ids[self.order[k - 1]]}" rel="prev" title="previous change">↑ prev</a>')
        if k + 1 < len(self.order):
            links.append(f'<a href="#{self.ids[self.order[k + 1]]}" rel="next" title="next change">↓ next</a>')
        links.append('<a href="#changes" title="list of changes">list</a>')
        return f'<span class="mark nav">{" ".join(links)}</span>'

    def paragraph(self, bc: BlockChange, attrs: str, index: int | None, top: bool) -> str:
        para = bc.new if isinstance(bc.new, Paragraph) else bc.old
        assert isinstance(para, Paragraph)
        classes = ["para", KIND_CLASS.get(bc.kind, bc.kind)]
        for cls, on in (("renumbered", bc.renumbered), ("fmt", bc.format_changed), ("restyled", bc.style_changed)):
            if on:
                classes.append(cls)
        if para.num_level is not None:
            classes.append(f"lvl{min(para.num_level, 8)}")
        elif top and not para.heading_level:
            level = self._clause_level(index)
            if level is not None:  # text under a numbered clause: at the clause's text indent
                classes.append(f"lvl{min(level, 8)} cont")
        if label_of(bc.old) or label_of(bc.new):
            classes.append("hang")
        level = para.heading_level
        tag = f"h{min(level + 2, 6)}" if top and level else "p"
        if level:
            classes.append(f"heading h-{min(level, 9)}")
        marks = self._marks(bc, index) + self._nav(index)
        spans = spans_of(bc)
        old_runs = bc.old.runs if bc.format_changed and isinstance(bc.old, Paragraph) else None
        if bc.kind == MODIFIED and bc.replaced and any(s.op == SpanOp.EQUAL for s in spans):
            classes.append("replaced")  # a shared head or tail stays unmarked: the middle rewritten
            text = diffed(spans)
        elif bc.kind == MODIFIED and bc.replaced:
            old_html = formatted([s for s in spans if s.op == SpanOp.DELETE])
            new_html = formatted([s for s in spans if s.op != SpanOp.DELETE])
            if top:  # two paragraphs: the whole old one deleted, then the whole new one inserted
                cls = "".join(" " + c for c in classes[2:])
                old_p = f'<{tag} class="para deleted{cls}">{self._num(label_of(bc.old))}<del>{old_html}</del></{tag}>'
                new_p = f'<{tag} class="para inserted{cls}">{self._num(label_of(bc.new))}<ins>{new_html}</ins>{marks}</{tag}>'
                return f'<div class="replaced modified"{attrs}>{old_p}{new_p}</div>'
            classes.append("replaced")
            text = (f"<del>{old_html}</del>" if old_html else "") + (f"<ins>{new_html}</ins>" if new_html else "")
        elif bc.kind == MOVED_FROM or (bc.kind == DELETED and self.moving == MOVED_FROM):
            text = f'<del class="moved">{formatted(spans)}</del>'
        elif bc.kind == MOVED_TO:
            text = f'<ins class="moved">{diffed(spans, old_runs)}</ins>'
        elif bc.kind == DELETED:
            text = f"<del>{formatted(spans)}</del>"
        elif bc.kind == INSERTED:
            text = f"<ins>{formatted(spans)}</ins>"
        else:
            text = diffed(spans, old_runs)
        if self.moving == MOVED_TO:  # inside a moved table: all of it is moved text
            text = f'<ins class="moved">{text}</ins>'
        return f'<{tag} class="{" ".join(classes)}"{attrs}>{self._labels(bc)}{text}{marks}</{tag}>'

    def _clause_level(self, index: int | None) -> int | None:
        """The numbering level of the numbered paragraph an unnumbered body paragraph follows."""
        if index is None:
            return None
        body = self.cs.body
        for k in range(index - 1, max(-1, index - 200), -1):
            block = body[k].new if body[k].new is not None else body[k].old
            if not isinstance(block, Paragraph):
                continue
            if block.heading_level:
                return None
            if block.num_level is not None:
                return block.num_level
        return None

    @staticmethod
    def _num(label: str) -> str:
        return f'<span class="num">{esc(label)}</span>' if label else ""

    def _labels(self, bc: BlockChange) -> str:
        old, new = label_of(bc.old), label_of(bc.new)
        if bc.kind == INSERTED:
            return self._num(new)
        if bc.kind in (DELETED, MOVED_FROM):
            return self._num(old)
        if old and old != new:  # both numbers in the hanging space, the old one struck
            return f'<span class="nums"><span class="num-old">{esc(old)}</span>{self._num(new)}</span>'
        return self._num(new)

    def _marks(self, bc: BlockChange, index: int | None) -> str:
        """Badges and links after a paragraph: moves, formatting, rewrites, changed notes."""
        out: list[str] = []
        if index is not None and bc.kind in (MOVED_FROM, MOVED_TO):
            out.append(self._move_link(bc, index))
        if bc.format_changed:
            words = format_summary(bc.spans, bc.old.runs) if isinstance(bc.old, Paragraph) else ""
            out.append(mark(f"formatting changed: {words}" if words else "formatting changed"))
        if bc.style_changed and isinstance(bc.old, Paragraph) and isinstance(bc.new, Paragraph):
            out.append(mark(f"style: {style_of(bc.old)} → {style_of(bc.new)}"))
        if bc.replaced:
            out.append(mark("rewritten"))
        for nc in bc.notes:
            if nc.kind == EQUAL:
                continue
            nid = f"note-{len(self.notes) + 1}"
            word = NOTE_WORD.get(nc.kind, nc.kind)
            self.notes.append(_Note(nid, bc.ref, nc.note_kind or "note", word, Markup(self.blocks(nc.blocks))))
            out.append(f'<a class="mark note-ref" id="{nid}-ref" href="#{nid}">{esc(nc.note_kind or "note")} {word}</a>')
        return "".join(out)

    def _move_link(self, bc: BlockChange, index: int) -> str:
        pair = self.moves.get(bc.move_id, {}) if bc.move_id is not None else {}
        here_from = bc.kind == MOVED_FROM
        other = pair.get("to" if here_from else "from")
        if other is None or other not in self.ids:
            return mark("moved", "badge move")
        arrow = "↓" if other > index else "↑"
        text = f"moved to {self.place(other, 'new')}" if here_from else f"moved from {self.place(other, 'old')}"
        return f'<a class="mark move" href="#{self.ids[other]}">{esc(text)} {arrow}</a>'

    def place(self, index: int, side: str) -> str:
        """Where the moved block at ``index`` stands on ``side`` ("old" or "new"), in words; an old
        version's reference says so ("old 5.5", "after old 5.4(c)")."""
        body = self.cs.body
        mid = body[index].move_id
        pair = self.moves.get(mid, {}) if mid is not None else {}
        to = body[pair.get("to", index)]  # the moved-to entry holds both sides
        refs = {"old": ref_of(to.old), "new": ref_of(to.new)}
        ref, other = refs[side], refs["new" if side == "old" else "old"]
        side_word = "old " if side == "old" else ""
        if ref and ref != other:
            return side_word + ref
        skip = MOVED_TO if side == "old" else MOVED_FROM
        for k in range(index - 1, -1, -1):
            prev = body[k].old if side == "old" else body[k].new
            prev_ref = ref_of(prev) if body[k].kind != skip else ""
            if prev_ref:
                return f"after {side_word}{prev_ref}" if prev_ref != ref else f"elsewhere in {side_word}{ref}"
        return f"the start of the {'old' if side == 'old' else 'new'} version"

    def table(self, bc: BlockChange, attrs: str, cid: str | None, index: int | None) -> str:
        kind = KIND_CLASS.get(bc.kind, bc.kind)
        table = bc.new if isinstance(bc.new, Table) else bc.old
        assert isinstance(table, Table)
        classes = ["doc-table", kind] + [c for c, on in (("definitions", table.definitions), ("fmt", bc.format_changed)) if on]
        badges = [f"table {kind}"] if bc.kind in (INSERTED, DELETED) else []
        if bc.format_changed:
            badges.append("formatting changed")
        caption = ""
        if index is not None and bc.kind in (MOVED_FROM, MOVED_TO):
            caption = f"<caption>{self._move_link(bc, index)}{self._nav(index)}</caption>"
        elif badges or cid:
            caption = f"<caption>{mark('; '.join(badges)) if badges else ''}{self._nav(index)}</caption>"
        rows = bc.rows
        head = _header_count(rows, table)
        shown = [True] * len(rows)
        if index is not None and self.context is not None:  # top level, context mode
            changed = [k for k, r in enumerate(rows) if r.kind != EQUAL] or [0]
            shown = window(len(rows), changed, self.context)
            shown[: max(head, 1)] = [True] * max(head, 1)  # the heading rows
        outer, self.moving = self.moving, bc.kind if bc.kind in (MOVED_FROM, MOVED_TO) else self.moving
        try:
            html = with_gaps(
                shown,
                lambda k: self.row(rows[k], f"{cid}-r{k + 1}" if cid and rows[k].kind != EQUAL else None, bc.kind),
                lambda hidden: row_gap([rows[k] for k in hidden], table))
        finally:
            self.moving = outer
        thead = f"<thead>{''.join(html[:head])}</thead>" if head else ""
        body = "".join(html[head:])
        return (f'<div class="table-scroll"><table class="{" ".join(classes)}"{attrs}>{caption}{thead}'
                f"<tbody>{body}</tbody></table></div>")

    def row(self, rc: RowChange, rid: str | None, table_kind: str) -> str:
        row = rc.new if rc.new is not None else rc.old
        kind = rc.kind
        if table_kind in (MOVED_FROM, DELETED):
            kind = DELETED if kind == EQUAL else kind
        attrs = ""
        if rid:
            attrs = f' id="{rid}"'
            if rc.key:
                attrs += f' data-key="{esc(rc.key)}"'
                self.rows.setdefault(norm(rc.key).casefold(), rid)
        cells = rc.cells
        spans = [c.span for c in row.cells] if row is not None and len(row.cells) == len(cells) else [1] * len(cells)
        out = [f'<tr class="row-{KIND_CLASS.get(kind, kind)}"{attrs}>']
        for cc, span in zip(cells, spans):
            kinds = {b.kind for b in cc.blocks}
            cls = ""
            if kinds and rc.kind not in (INSERTED, DELETED) and len(kinds) == 1 and kinds & {INSERTED, DELETED}:
                cls = ' class="cell-inserted"' if INSERTED in kinds else ' class="cell-deleted"'
            colspan = f' colspan="{span}"' if span and span > 1 else ""
            out.append(f"<td{cls}{colspan}>{self.blocks(cc.blocks)}</td>")
        out.append("</tr>")
        return "".join(out)


def _header_count(rows: Sequence[RowChange], table: Table) -> int:
    """How many leading row entries are the table's heading rows (repeated on every printed page)."""
    heads = table.rows[: table.header_rows]
    k = 0
    while k < len(rows) and k < table.header_rows and rows[k].kind == EQUAL:
        row = rows[k].new if rows[k].new is not None else rows[k].old
        if not any(row is head for head in heads):
            break
        k += 1
    return k
