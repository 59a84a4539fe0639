"""Write ChangeSet entries as WordprocessingML with tracked changes (string assembly, escaped).

A paragraph of the new version is written from its own XML when the writer has it (each container
comes with its ``Blocks``, see ``located`` and ``overlay``); a paragraph of the old version only
(deleted, or the old place of a move) from its own XML in the old package, all of it deleted or
moved away, when that XML is self-contained (the old version's ``Blocks``, parsed at the first such
paragraph; external hyperlinks and inline pictures have their relationships carried into the new
package by ``carry``); otherwise from the model's runs.
Moves: ``w:moveFrom`` holds the old text at the old place, ``w:moveTo`` the kept text at the new
place with inserted words in ``w:ins`` (words deleted while moving show only at the old place, so
Reject All leaves nothing behind at the new place). Tables are written by ``tables`` (the writer's
other half), their cells' blocks by this module.

Paragraph marks. Every paragraph of the redline has a mark that survives Accept All (it exists in
the new version), Reject All (old version), or both. A mark removed by a view joins its paragraph to
the next one, so a run of deleted paragraphs (content deleted, marks deleted) vanishes into the
paragraph after it. That fails where no paragraph follows: at the end of a body, cell or header,
and before a table (Word does not join a paragraph into a table). There the last paragraph of the
stretch keeps its mark in both views, and the last paragraph that exists in the view lacking it
gives up its mark instead, so its text joins that last mark: the kept mark shows the properties of
the paragraph it stands for (``w:pPr``) and, through ``w:pPrChange``, the other view's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial

from lxml import etree

from sectrack.compare.changes import EQUAL, MOVED_FROM, MOVED_TO, BlockChange, Span, SpanOp
from sectrack.model import Block, Paragraph, Table
from sectrack.ooxml.names import w
from sectrack.render.docx.entries import Entry, Para, Prop, Unchanged, add_mark
from sectrack.render.docx.equations import marked
from sectrack.render.docx.located import NOWHERE, Blocks, paragraph_at
from sectrack.render.docx.notes import NotePlan, at_offset
from sectrack.render.docx.overlay import Overlay, Segment, shows
from sectrack.render.docx.removed import Carry
from sectrack.render.docx.spans import Cursor, groups, merge_same, whole
from sectrack.render.docx.tables import NEW_SIDE, OLD_SIDE, TableWriter
from sectrack.render.docx.xmltext import Fragments, Kept, Revs, esc

_SPECIAL = re.compile(r"([\t\n\r])")
_MARK_ORDER = ("ins", "del", "moveFrom", "moveTo")


class BodyWriter(TableWriter):
    """Turns block changes into XML text, one container (body, cell, header) at a time."""

    def __init__(self, revs: Revs, frags: Fragments, note_ids: dict[str, set[str]] | None = None) -> None:
        self.revs = revs
        self.frags = frags
        self.note_ids = note_ids or {}
        self._xmlns_extra: dict[str, str] = {}  # namespace block of a start tag -> what the root lacks
        self.notes_plan: NotePlan | None = None  # what to do about footnotes and endnotes
        self.kept = Kept()  # elements of the new package written as they stand
        self.carry: Carry | None = None  # relationships of old-only paragraphs into the new package
        self._same_props: dict[tuple[Fragments, str, str], bool] = {}  # old and new w:pPr the same once remapped?

    # ------------------------------------------------------------------ containers

    def container(
        self, changes: Sequence[BlockChange], out: list[str], new: Blocks = NOWHERE, old: Blocks = NOWHERE
    ) -> None:
        """A container present in both views (body, header, cell of a kept row); ``new`` and ``old``
        hold its block elements in each version's package, where known."""
        entries: list[Entry] = []
        for c in changes:
            block = c.new if c.new is not None else c.old
            if isinstance(block, Table):
                entries.append(self.table(c, new, old))
            elif block is not None:
                el = self._keeps(c, new)  # most paragraphs: no Para to build
                entries.append(Unchanged(c, el) if el is not None else self.para_entry(c, new, old))
        self._fix_ends(entries, new, old)
        self._write(entries, out)

    def one_sided(self, blocks: Sequence[Block], side: str, out: list[str], where: Blocks = NOWHERE) -> None:
        """A container present in one view only (a cell of an inserted or deleted row)."""
        entries: list[Entry] = []
        for k, b in enumerate(blocks):
            if isinstance(b, Table):
                entries.append(self.whole_table(b, side, partial(where.cell, k, b)))
            else:
                entries.append(self.whole_para(b, side, where, k))
        self._write(entries, out)

    def _write(self, entries: list[Entry], out: list[str]) -> None:
        for e in entries:
            if isinstance(e, Unchanged):
                out.append(self.kept.mark(e.el))
            elif isinstance(e, str):
                out.append(e)
            else:
                self.paragraph(e, out)
        if not entries or isinstance(entries[-1], str):
            out.append("<w:p/>")  # a body or cell ends with a paragraph

    # ------------------------------------------------------------------ marks at the ends

    def _fix_ends(self, entries: list[Entry], new_at: Blocks = NOWHERE, old_at: Blocks = NOWHERE) -> None:
        """Keep the mark of the last paragraph before a table or the end (see the module doc)."""
        k = 0
        while k < len(entries):
            end = k
            while end < len(entries) and not isinstance(entries[end], str):
                end += 1
            if end > k:
                self._fix_stretch(entries, k, end, new_at, old_at)
            k = end + 1

    def _fix_stretch(self, entries: list[Entry], start: int, end: int, new_at: Blocks, old_at: Blocks) -> None:
        """The stretch of paragraphs ``entries[start:end]``; an unchanged one that must give up its
        mark becomes a paragraph written with revisions."""
        last = entries[end - 1]
        assert not isinstance(last, str)  # a stretch holds no table: it ends at one
        if last.in_new and last.in_old:
            return
        assert isinstance(last, Para)  # an Unchanged paragraph is in both views
        side = "old" if last.in_new else "new"  # the view in which ``last``'s mark would vanish
        others = [k for k in range(start, end - 1) if getattr(entries[k], "in_new" if side == "new" else "in_old")]
        last.mark.clear()
        if not others:
            last.chg = Prop(last.vis.xml, last.vis.side)
            if side == "new":
                last.vis = Prop(last.vis.xml, last.vis.side, plain=True)
            else:
                last.chg.plain = True
            return
        lx = entries[others[-1]]
        if isinstance(lx, Unchanged):
            lx = entries[others[-1]] = self.para_entry(lx.change, new_at, old_at)
        assert isinstance(lx, Para)
        if side == "new":  # ``last`` is old-only: it shows lx's text and properties once accepted
            last.chg = Prop(last.vis.xml, "old")
            last.vis = Prop(lx.new.ppr if lx.new is not None else "", "new")
            add_mark(lx, "del")
        else:  # ``last`` is new-only: once rejected it shows lx's text and old properties
            last.chg = Prop(lx.old.ppr if lx.old is not None else "", "old")
            add_mark(lx, "ins")

    # ------------------------------------------------------------------ paragraphs

    def para_entry(self, c: BlockChange, new_at: Blocks = NOWHERE, old_at: Blocks = NOWHERE) -> Para:
        """The paragraph of a block change, with its default mark and where its XML stands."""
        p = self._para_entry(c)
        if p.content in ("del", "from"):
            p.at, p.index = old_at, c.old_index
        else:
            p.at, p.index = new_at, c.new_index
        return p

    def _para_entry(self, c: BlockChange) -> Para:
        old = c.old if isinstance(c.old, Paragraph) else None
        new = c.new if isinstance(c.new, Paragraph) else None
        move = f"move{c.move_id}" if c.move_id is not None else ""
        if new is not None and (c.kind in NEW_SIDE or old is None):
            if c.kind == MOVED_TO and move:
                spans = c.spans or whole(SpanOp.EQUAL, new)
                return Para(c, None, new, spans, "to", Prop(new.ppr, "new"), mark={"moveTo"}, move=move)
            return Para(c, None, new, whole(SpanOp.INSERT, new), "ins", Prop(new.ppr, "new"), mark={"ins"})
        if old is not None and (c.kind in OLD_SIDE or new is None):
            if c.kind == MOVED_FROM and move:
                return Para(c, old, None, whole(SpanOp.DELETE, old), "from", Prop(old.ppr, "old"), mark={"moveFrom"}, move=move)
            return Para(c, old, None, whole(SpanOp.DELETE, old), "del", Prop(old.ppr, "old"), mark={"del"})
        assert old is not None and new is not None
        spans = c.spans or whole(SpanOp.EQUAL, new)
        return Para(c, old, new, spans, "pair", Prop(new.ppr, "new"), Prop(old.ppr, "old"))

    def whole_para(self, p: Paragraph, side: str, where: Blocks = NOWHERE, index: int | None = None) -> Para:
        """A paragraph present in one view only, content and mark wholly inserted or deleted."""
        if side == "new":
            return Para(None, None, p, whole(SpanOp.INSERT, p), "ins", Prop(p.ppr, "new"), mark={"ins"}, at=where,
                        index=index)
        return Para(None, p, None, whole(SpanOp.DELETE, p), "del", Prop(p.ppr, "old"), mark={"del"}, at=where,
                    index=index)

    def paragraph(self, p: Para, out: list[str]) -> None:
        """Write one w:p: from the new version's own XML when it has one, else from the model."""
        if self._unchanged(p, out):
            return
        start = len(out)
        self._write_paragraph(p, out)
        plan = self.notes_plan
        if plan and p.new is not None and (p.new.notes or plan.deletes_in(p.change)):
            out[start:] = [plan.mark_references(p.new, p.change, "".join(out[start:]), self.revs.attrs)]
        elif plan and p.new is None and p.old is not None and p.old.notes and plan.removed:
            out[start:] = [plan.mark_removed(p.old, "".join(out[start:]), self.revs.attrs)]

    def _write_paragraph(self, p: Para, out: list[str]) -> None:
        if p.content in ("del", "from"):
            overlaid = self._removed(p)
        else:
            overlaid = self._overlay(p) if p.new is not None else None
        out.append(f"<w:p{overlaid[0]}>" if overlaid else "<w:p>")
        self._ppr(p, out)
        rid = 0
        if p.move:
            rid = self.revs.take()
            tag = "moveFromRangeStart" if p.content == "from" else "moveToRangeStart"
            out.append(f'<w:{tag}{self._range_attrs(rid)} w:name="{p.move}"/>')
        mode = p.content
        content_start = len(out)
        if overlaid:
            out.append(overlaid[1])
        elif mode == "pair":
            self._pair_content(p, out)
        elif mode == "ins":
            self._wrapped("ins", p.spans, "t", out)
        elif mode == "del":
            self._wrapped("del", p.spans, "delText", out)
        elif mode == "from":
            self._wrapped("moveFrom", p.spans, "t", out)
        else:  # moved here, perhaps edited: kept text is moved, inserted text inserted
            for op, spans in groups([s for s in p.spans if s.op != SpanOp.DELETE]):
                self._wrapped("moveTo" if op == SpanOp.EQUAL else "ins", spans, "t", out)
        if not overlaid:
            self._notes(p, out, content_start)
        if p.move:
            tag = "moveFromRangeEnd" if p.content == "from" else "moveToRangeEnd"
            out.append(f'<w:{tag} w:id="{rid}"/>')
        out.append("</w:p>")

    # ------------------------------------------------------------------ the new version's own XML

    def _unchanged(self, p: Para, out: list[str]) -> bool:
        """Write a paragraph that did not change at all as it stands in the new version; True if done.

        Most paragraphs of a redline are such; their XML, properties included, needs no overlay.
        """
        c = p.change
        if c is None or p.content != "pair" or p.mark or p.move or p.chg is None or p.chg.plain or p.vis.plain:
            return False
        el = self._keeps(c, p.at)
        if el is None:
            return False
        out.append(self.kept.mark(el))
        return True

    def _keeps(self, c: BlockChange, where: Blocks | None) -> etree._Element | None:
        """The new version's w:p of a paragraph entry that shows no change at all (text, formatting,
        notes, properties), when the writer has it and it shows the model's text; else None."""
        o, n = c.old, c.new
        if (
            c.kind != EQUAL or c.format_changed or c.notes or c.move_id is not None
            or not isinstance(o, Paragraph) or not isinstance(n, Paragraph)
        ):
            return None
        key = (self.frags, o.ppr, n.ppr)
        same = self._same_props.get(key)
        if same is None:  # worked out once per pair of property strings (most pairs repeat)
            same = self._same_props[key] = self.frags.ppr(o.ppr, "old").base == self.frags.ppr(n.ppr, "new").base
        if not same:
            return None
        el = where.at(c.new_index, n) if where is not None else None
        return el if el is not None and (where.exact or shows(el, n.text)) else None  # type: ignore[union-attr]  # el implies where

    def _overlay(self, p: Para) -> tuple[str, str] | None:
        """The paragraph's content from its w:p in the new package, revisions laid over it."""
        assert p.new is not None
        el = paragraph_at(p.at, p.index, p.new)
        if el is None:
            return None
        found = self._segments(p)
        if found is None:
            return None
        segments, dels = found
        default = {"pair": "keep", "ins": "ins", "to": "moveTo"}[p.content]
        overlay = Overlay(self.frags.declared, self._xmlns_extra)
        return overlay.content(el, p.new.text, segments, dels, default, self._wrap)

    def _removed(self, p: Para) -> tuple[str, str] | None:
        """The content of a paragraph of the old version only from its w:p in the old package, in
        w:del (w:moveFrom for the old place of a move), when that w:p is self-contained."""
        el = self._old_element(p)
        if el is None:
            return None
        op = "del" if p.content == "del" else "moveFrom"
        return Overlay(self.frags.declared, self._xmlns_extra).removed(el, op, self._wrap, self.carry)

    def _old_element(self, p: Para) -> etree._Element | None:
        """The old package's w:p of ``p.old`` when it shows the model's text."""
        el = paragraph_at(p.at, p.index, p.old)
        return el if el is not None and p.old is not None and shows(el, p.old.text) else None

    def _segments(self, p: Para) -> tuple[list[Segment], dict[int, str]] | None:
        """How each stretch of the new text is shown, and the deleted text to put at each offset."""
        assert p.new is not None
        segments: list[Segment] = []
        dels: dict[int, str] = {}

        def add(start: int, end: int, op: str, change: str = "") -> None:
            if end <= start:
                return
            last = segments[-1] if segments else None
            if last is not None and last.op == op and last.change == change and last.end == start and start not in dels:
                last.end = end
            else:
                segments.append(Segment(start, end, op, change))

        n = len(p.new.text)
        if p.content == "ins":
            add(0, n, "ins")
            return segments, dels
        paired = p.content == "pair" and p.old is not None and self._format_may_differ(p)
        cursor = Cursor(p.old.runs) if paired and p.old is not None else None
        pos = 0
        for op, spans in groups(p.spans):
            if op == SpanOp.DELETE:
                if p.content == "pair":
                    buf: list[str] = []
                    self._wrapped("del", spans, "delText", buf)
                    dels[pos] = dels.get(pos, "") + "".join(buf)
                if cursor is not None:
                    cursor.skip(sum(len(s.text) for s in spans))
                continue
            for s in spans:
                if op == SpanOp.INSERT:
                    add(pos, pos + len(s.text), "ins")
                elif cursor is None:
                    add(pos, pos + len(s.text), "moveTo" if p.content == "to" else "keep")
                else:
                    q = pos
                    for text, old in merge_same(cursor.take(s.text), s.run):
                        change = ""
                        if old is not None:
                            old_rpr = self.frags.rpr(old.rpr)
                            change = f"<w:rPrChange{self.revs.attrs()}><w:rPr>{old_rpr}</w:rPr></w:rPrChange>"
                        add(q, q + len(text), "keep", change)
                        q += len(text)
                pos += len(s.text)
        return (segments, dels) if pos == n else None

    def _wrap(self, op: str, run: etree._Element) -> etree._Element:
        """``run`` inside a new revision wrapper: w:ins, w:moveTo, w:del or w:moveFrom."""
        el = etree.Element(w(op))
        el.set(w("id"), str(self.revs.take()))
        el.set(w("author"), self.revs.author)
        if self.revs.date:
            el.set(w("date"), self.revs.date)
        el.append(run)
        return el

    def _range_attrs(self, rid: int) -> str:
        return f' w:id="{rid}"{self.revs.tail}'

    def _ppr(self, p: Para, out: list[str]) -> None:
        vis = self.frags.ppr(p.vis.xml, p.vis.side, p.vis.plain)
        marks = "".join(f"<w:{m}{self.revs.attrs()}/>" for m in _MARK_ORDER if m in p.mark)
        change = ""
        if p.chg is not None:
            old = self.frags.ppr(p.chg.xml, p.chg.side, p.chg.plain)
            if old.base != vis.base:
                change = f"<w:pPrChange{self.revs.attrs()}><w:pPr>{old.base}</w:pPr></w:pPrChange>"
        rpr = f"<w:rPr>{marks}{vis.mark}</w:rPr>" if marks or vis.mark else ""
        if vis.base or rpr or vis.sect or change:
            out.append(f"<w:pPr>{vis.base}{rpr}{vis.sect}{change}</w:pPr>")

    def _pair_content(self, p: Para, out: list[str]) -> None:
        """Spans of a paragraph in both versions; kept text whose formatting changed gets w:rPrChange."""
        old_runs = Cursor(p.old.runs) if p.old is not None and self._format_may_differ(p) else None
        for op, spans in groups(p.spans):
            if op == SpanOp.INSERT:
                self._wrapped("ins", spans, "t", out)
            elif op == SpanOp.DELETE:
                self._wrapped("del", spans, "delText", out)
                if old_runs is not None:
                    old_runs.skip(sum(len(s.text) for s in spans))
            else:
                for s in spans:
                    if s.run.omml:  # an equation kept: its own XML
                        out.append(s.run.omml)
                        if old_runs is not None:
                            old_runs.skip(len(s.text))
                        continue
                    if old_runs is None:
                        self._run(s.run.rpr, s.text, "t", out)
                        continue
                    for text, old in merge_same(old_runs.take(s.text), s.run):
                        change = ""
                        if old is not None:
                            old_rpr = self.frags.rpr(old.rpr)
                            change = f"<w:rPrChange{self.revs.attrs()}><w:rPr>{old_rpr}</w:rPr></w:rPrChange>"
                        self._run(s.run.rpr, text, "t", out, change)

    @staticmethod
    def _format_may_differ(p: Para) -> bool:
        c = p.change
        return c is not None and (c.format_changed or any(s.op != SpanOp.EQUAL for s in p.spans))

    def _wrapped(self, tag: str, spans: Sequence[Span], text_tag: str, out: list[str]) -> None:
        """Spans inside one ``tag`` wrapper; an equation stands between wrappers, marked ``tag`` itself."""
        if not spans or not any(s.text for s in spans):
            return
        opened = False
        for s in spans:
            if s.run.omml:
                if opened:
                    out.append(f"</w:{tag}>")
                    opened = False
                out.append(marked(s.run.omml, tag, self._wrap))
                continue
            if not opened and s.text:
                out.append(f"<w:{tag}{self.revs.attrs()}>")
                opened = True
            self._run(s.run.rpr, s.text, text_tag, out)
        if opened:
            out.append(f"</w:{tag}>")

    def _run(self, rpr: str, text: str, text_tag: str, out: list[str], change: str = "") -> None:
        """One w:r: text, tabs (w:tab) and line breaks (w:br)."""
        if not text:
            return
        inner = self.frags.rpr(rpr)
        out.append(f"<w:r><w:rPr>{inner}{change}</w:rPr>" if inner or change else "<w:r>")
        if "\t" in text or "\n" in text or "\r" in text:
            for piece in _SPECIAL.split(text):
                if piece == "\t":
                    out.append("<w:tab/>")
                elif piece in ("\n", "\r"):
                    out.append("<w:br/>")
                elif piece:
                    out.append(f'<w:{text_tag} xml:space="preserve">{esc(piece)}</w:{text_tag}>')
        else:
            out.append(f'<w:{text_tag} xml:space="preserve">{esc(text)}</w:{text_tag}>')
        out.append("</w:r>")

    def _notes(self, p: Para, out: list[str], start: int) -> None:
        """References to the new version's notes in the content written from ``start`` on, each at its
        place in the new text (at the paragraph's end when the model has none)."""
        if p.new is None or not p.new.notes or not self.note_ids:
            return
        tag = "" if p.in_old else ("moveTo" if p.content == "to" else "ins")
        content = "".join(out[start:])
        end: list[str] = []
        for note in reversed(p.new.notes):  # the last first: references at one place stay in order
            if note.id not in self.note_ids.get(note.kind, ()):
                continue
            run = (
                f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                f'<w:{note.kind}Reference w:id="{esc(note.id)}"/></w:r>'
            )
            wrapped = f"<w:{tag}{self.revs.attrs()}>{run}</w:{tag}>" if tag else run
            placed = at_offset(content, note.offset, run, wrapped, "new") if note.offset is not None else None
            if placed is None:
                end.insert(0, wrapped)
            else:
                content = placed
        out[start:] = [content, *end]
