"""Footnotes and endnotes in the tracked-changes .docx.

A changed note is rewritten with revisions in its notes part; a note only the new version has gets
its reference and its text marked inserted; a note only the old version had is added back to the
notes part under a fresh id, its text and its reference marked deleted, the reference at its own place
in the old text (the run there split), or before the next note still cited (or at the paragraph's
end) when the model has no place for it; so are the notes of a paragraph deleted or moved away, their
references deleted with its text. So Accept All gives the new notes and Reject All the old.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from sectrack.compare.changes import DELETED, INSERTED, MODIFIED, BlockChange, ChangeSet, NoteChange
from sectrack.model import Note, Paragraph, Table, iter_paragraphs
from sectrack.ooxml.names import W
from sectrack.render.docx.xmltext import esc

KINDS = ("footnote", "endnote")


@dataclass
class NotePlan:
    """What the writer must do about notes, decided before anything is written."""

    rewrite: dict[tuple[str, str], NoteChange] = field(default_factory=dict)  # (kind, new id) -> change
    inserted: set[tuple[str, str]] = field(default_factory=set)  # (kind, new id) whose reference is new
    # (kind, old id) of a note the new version no longer cites -> (kind, fresh id, the reference it
    # stood before: (kind, new id) or None, its place in the old paragraph's text or None)
    deleted: dict[tuple[str, str], tuple[str, str, tuple[str, str] | None, int | None]] = field(default_factory=dict)
    added: dict[str, list[tuple[str, NoteChange]]] = field(default_factory=dict)  # kind -> (fresh id, change)
    notes: dict[tuple[str, str], Note] = field(default_factory=dict)  # (kind, id) -> the new version's note
    # (kind, old id) of a note cited by a paragraph of the old version only (deleted or moved away)
    # -> (kind, fresh id, the reference's place in that paragraph's text or None)
    removed: dict[tuple[str, str], tuple[str, str, int | None]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.rewrite or self.deleted or self.removed)

    def mark_removed(self, p: Paragraph, xml: str, attrs: Callable[[], str]) -> str:
        """The written paragraph ``xml`` of the old version only with the references to its notes put
        back at their places (each note added back under a fresh id), deleted with the text around them."""
        found = (self.removed.get((n.kind, n.id)) for n in p.notes)
        for kind, nid, offset in reversed([d for d in found if d is not None]):  # the last first: same place, in order
            run = _reference(kind, nid)
            ref = f"<w:del{attrs()}>{run}</w:del>"
            placed = at_offset(xml, offset, run, ref) if offset is not None else None
            xml = placed if placed is not None else xml[: xml.rindex("</w:p>")] + ref + "</w:p>"
        return xml

    def deletes_in(self, c: BlockChange | None) -> list[tuple[str, str, tuple[str, str] | None, int | None]]:
        """The notes of the paragraph pair ``c`` that the new version no longer cites, as planned."""
        if c is None or not c.notes or not self.deleted:
            return []
        found = (self.deleted.get((nc.note_kind, nc.old_id)) for nc in c.notes if nc.kind == DELETED)
        return [d for d in found if d is not None]

    def mark_references(self, p: Paragraph, c: BlockChange | None, xml: str, attrs: Callable[[], str]) -> str:
        """The written paragraph ``xml`` (of ``p``, the new side of ``c``) with references to inserted
        notes wrapped in w:ins and references to deleted notes added, in w:del, at their places in
        the old text."""
        for note in p.notes:
            if (note.kind, note.id) in self.inserted:
                xml = _wrap_reference(xml, note.kind, note.id, attrs())
        for kind, nid, anchor, offset in reversed(self.deletes_in(c)):  # the last first: same place, in order
            run = _reference(kind, nid)
            ref = f"<w:del{attrs()}>{run}</w:del>"
            placed = at_offset(xml, offset, run, ref) if offset is not None else None
            where = _reference_run(xml, *anchor) if anchor else None
            if placed is not None:
                xml = placed
            elif where is not None and not _inside(xml, where[0], "w:ins"):
                xml = xml[: where[0]] + ref + xml[where[0]:]
            elif xml.endswith("</w:p>"):
                xml = xml[:-6] + ref + "</w:p>"
        return xml


def plan(cs: ChangeSet, existing: dict[str, set[str]]) -> NotePlan:
    """The plan for ``cs``; ``existing`` holds the ids of the new package's notes, by kind."""
    out = NotePlan()
    top = {k: max((int(i) for i in existing.get(k, ()) if i.lstrip("-").isdigit()), default=0) for k in KINDS}
    noted = _noted(cs)
    for c, k, nc in _note_changes(noted):
        kind = nc.note_kind
        if nc.kind in (MODIFIED, INSERTED) and nc.new_id in existing.get(kind, ()):
            out.rewrite[(kind, nc.new_id)] = nc
            if nc.kind == INSERTED:
                out.inserted.add((kind, nc.new_id))
        elif nc.kind == DELETED and isinstance(c.new, Paragraph) and (kind, nc.old_id) not in out.deleted:
            top[kind] += 1
            fresh = str(top[kind])
            # It stood before the next note the new version still cites (notes are in citation order).
            after = next((n for n in c.notes[k + 1:] if n.new_id), None)
            anchor = (after.note_kind, after.new_id) if after else None
            cited = c.old.notes if isinstance(c.old, Paragraph) else ()
            old = next((n for n in cited if (n.kind, n.id) == (kind, nc.old_id)), None)
            offset = old.offset if old is not None else None
            out.deleted[(kind, nc.old_id)] = (kind, fresh, anchor, offset)
            out.added.setdefault(kind, []).append((fresh, nc))
    for para, nc in _removed_notes(noted):
        top[nc.note_kind] += 1
        fresh = str(top[nc.note_kind])
        offset = next((n.offset for n in para.notes if (n.kind, n.id) == (nc.note_kind, nc.old_id)), None)
        out.removed[(nc.note_kind, nc.old_id)] = (nc.note_kind, fresh, offset)
        out.added.setdefault(nc.note_kind, []).append((fresh, nc))
    if out.rewrite:  # the new notes to rewrite, found once (most redlines change no note)
        for p in _paragraphs_of(cs):
            for note in p.notes:
                out.notes[(note.kind, note.id)] = note
    return out


def _reference(kind: str, nid: str) -> str:
    """A run holding a reference to note ``nid``."""
    return f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Reference w:id="{esc(nid)}"/></w:r>'


def _removed_notes(noted: list[BlockChange]) -> Iterator[tuple[Paragraph, NoteChange]]:
    """The notes of every paragraph of the old version only (deleted or moved away), with the paragraph."""
    for c in noted:
        if c.new is None and isinstance(c.old, Paragraph):
            for nc in c.notes:
                yield c.old, nc


def _paragraphs_of(cs: ChangeSet) -> Iterator[Paragraph]:
    yield from cs.new.paragraphs()
    for part in cs.new.parts:
        yield from iter_paragraphs(part.blocks)


def _note_changes(noted: list[BlockChange]) -> Iterator[tuple[BlockChange, int, NoteChange]]:
    """Every note change of a paragraph pair (with its index)."""
    for c in noted:
        if isinstance(c.new, Paragraph) and c.old is not None:
            for k, nc in enumerate(c.notes):
                yield c, k, nc


def _noted(cs: ChangeSet) -> list[BlockChange]:
    """Every entry of ``cs`` but tables that has note changes, in order: in the body, tables (each
    cell of every row, deleted rows and tables too) and headers/footers. One walk for the whole plan."""
    out: list[BlockChange] = []

    def walk(changes: tuple[BlockChange, ...]) -> None:
        for c in changes:
            if isinstance(c.new, Table) or isinstance(c.old, Table):
                for row in c.rows:
                    for cell in row.cells:
                        walk(cell.blocks)
            elif c.notes:
                out.append(c)

    walk(cs.body)
    for part in cs.parts:
        walk(part.blocks)
    return out


# The elements of a written paragraph that show characters, in order: text (kept, inserted or deleted),
# the one-character elements the reader counts and equations (each one unit, its m:t text counted);
# revision wrappers (not the marks in properties, which close themselves), to tell each side's text apart.
_SHOWN = re.compile(
    r'<w:(t|delText)(?:\s[^>]*)?>([^<]*)</w:\1>|<w:(?:tab|br|cr|sym|noBreakHyphen|softHyphen)\b[^>]*/>'
    r'|<(/?)w:(ins|moveTo|del|moveFrom)\b([^>]*)>'
    r'|<m:oMathPara\b.*?</m:oMathPara>|<m:oMath\b.*?</m:oMath>',
    re.S,
)
_MATH_TEXT = re.compile(r"<m:t(?:\s[^>]*)?>([^<]*)</m:t>")
_CHAR = re.compile(r"&[^;]+;|.", re.S)
# side -> (revision wrappers whose text the side lacks, wrappers in which the bare reference goes in)
_SIDES = {"old": (("ins", "moveTo"), ("w:del", "w:moveFrom")), "new": (("del", "moveFrom"), ("w:ins", "w:moveTo"))}


def at_offset(xml: str, offset: int, run: str, wrapped: str, side: str = "old") -> str | None:
    """``xml`` (written paragraph content) with a note reference after the first ``offset`` characters of
    one side's text (``side`` "old": kept and deleted text; "new": kept and inserted), splitting the run
    there; None if it has fewer. An equation is never split: a reference within one goes after it.

    Inside a revision wrapper of that side only (w:del or w:moveFrom for the old) the bare ``run`` goes
    in (it goes with its neighbours), else ``wrapped``.
    """
    skipped, bare = _SIDES[side]
    depth, seen = 0, 0
    for m in _SHOWN.finditer(xml):
        if m.group(4):
            if m.group(4) in skipped and not m.group(5).endswith("/"):
                depth += -1 if m.group(3) else 1
            continue
        if depth:
            continue
        if m.group(0).startswith("<m:"):
            chars = _equation_chars(m.group(0), skipped)
            if chars and seen + chars >= offset:
                at = m.start() if offset == seen else m.end()
                return xml[:at] + (run if _inside_any(xml, at, bare) else wrapped) + xml[at:]
            seen += chars
            continue
        if offset == 0:
            return _split(xml, m, 0, run, wrapped, bare)
        chars_of = _CHAR.findall(m.group(2)) if m.group(1) else ["x"]
        if seen + len(chars_of) >= offset:
            return _split(xml, m, offset - seen, run, wrapped, bare, chars_of)
        seen += len(chars_of)
    return None


def _equation_chars(xml: str, skipped: tuple[str, ...]) -> int:
    """How many characters a written equation shows on a side: none when marked the other side's only."""
    if any(f"<w:{tag} " in xml for tag in skipped):
        return 0
    return sum(len(_CHAR.findall(t)) for t in _MATH_TEXT.findall(xml))


def _inside_any(xml: str, pos: int, tags: tuple[str, ...]) -> bool:
    return any(_inside(xml, pos, tag) for tag in tags)


def _split(
    xml: str, m: re.Match[str], k: int, run: str, wrapped: str, bare: tuple[str, ...], chars: list[str] | None = None
) -> str | None:
    """Put the reference after ``k`` characters of the element matched by ``m``, splitting its w:r."""
    start = max(xml.rfind("<w:r>", 0, m.start()), xml.rfind("<w:r ", 0, m.start()))
    end = xml.find("</w:r>", m.end())
    if start < 0 or end < 0:
        return None
    piece = run if _inside_any(xml, start, bare) else wrapped
    head = xml.find(">", start) + 1
    rpr = ""
    if xml.startswith("<w:rPr/>", head):
        rpr = "<w:rPr/>"
    elif xml.startswith("<w:rPr", head):
        close = xml.find("</w:rPr>", xml.rfind("</w:rPrChange>", head, m.start()) + 1 or head)
        rpr = xml[head: close + len("</w:rPr>")]
    reopen = xml[start:head] + rpr
    if chars is None:  # before the element
        cut = m.start()
    elif m.group(1):  # inside (or at the end of) a text element
        tag = m.group(1)
        text_start = m.start(2)
        cut_text = text_start + len("".join(chars[:k]))
        if cut_text == m.end(2):
            cut = m.end()
        else:
            kept = f'<w:{tag} xml:space="preserve">'  # both halves keep their edge spaces
            return (
                xml[: m.start()] + kept + xml[text_start:cut_text] + f"</w:{tag}></w:r>" + piece + reopen + kept
                + xml[cut_text:]
            )
    else:  # after a one-character element
        cut = m.end()
    if xml.startswith("</w:r>", cut):
        return xml[: cut + 6] + piece + xml[cut + 6:]
    if cut == head + len(rpr):
        return xml[:start] + piece + xml[start:]
    return xml[:cut] + "</w:r>" + piece + reopen + xml[cut:]


def _reference_run(xml: str, kind: str, nid: str) -> tuple[int, int] | None:
    """Where the run holding the reference to note ``nid`` starts and ends in a written paragraph."""
    m = re.search(rf'<w:{kind}Reference w:id="{re.escape(esc(nid))}"\s*/>', xml)
    if m is None:
        return None
    start = max(xml.rfind("<w:r>", 0, m.start()), xml.rfind("<w:r ", 0, m.start()))
    end = xml.find("</w:r>", m.end())
    return (start, end + len("</w:r>")) if start >= 0 and end >= 0 else None


def _inside(xml: str, pos: int, tag: str) -> bool:
    """True when ``pos`` lies inside an open ``tag`` element (a revision wrapper) of ``xml``; a mark of
    the same name in properties (``<w:del …/>``) closes itself and does not count."""
    closed = xml.rfind(f"</{tag}>", 0, pos)
    start = xml.rfind(f"<{tag} ", 0, pos)
    while start > closed:
        if xml[xml.index(">", start) - 1] != "/":
            return True
        start = xml.rfind(f"<{tag} ", 0, start)
    return False


def _wrap_reference(xml: str, kind: str, nid: str, attrs: str) -> str:
    """Wrap the run holding the reference to note ``nid`` in w:ins (unless it is inside one)."""
    where = _reference_run(xml, kind, nid)
    if where is None or _inside(xml, where[0], "w:ins"):
        return xml
    start, end = where
    return f"{xml[:start]}<w:ins{attrs}>{xml[start:end]}</w:ins>{xml[end:]}"


def note_elements(root: etree._Element, kind: str) -> Iterator[tuple[etree._Element, str]]:
    """The note elements of a notes part with their ids."""
    for el in root:
        if el.tag == f"{{{W}}}{kind}":
            yield el, el.get(f"{{{W}}}id", "")
