"""Footnotes and endnotes in the tracked-changes .docx.

A changed note is rewritten with revisions in its notes part; a note only the new version has gets
its reference and its text marked inserted; a note only the old version had is added back to the
notes part under a fresh id, its text and its reference (at the end of the citing paragraph, the
model keeps no position) marked deleted. So Accept All gives the new notes and Reject All the old.
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
    # id(new paragraph) -> (kind, fresh id, the reference it stood before: (kind, new id) or None)
    deleted: dict[int, list[tuple[str, str, tuple[str, str] | None]]] = field(default_factory=dict)
    added: dict[str, list[tuple[str, NoteChange]]] = field(default_factory=dict)  # kind -> (fresh id, change)
    notes: dict[tuple[str, str], Note] = field(default_factory=dict)  # (kind, id) -> the new version's note

    def __bool__(self) -> bool:
        return bool(self.rewrite or self.deleted)

    def mark_references(self, p: Paragraph, xml: str, attrs: Callable[[], str]) -> str:
        """The written paragraph ``xml`` with references to inserted notes wrapped in w:ins and
        references to deleted notes added, in w:del, before its end."""
        for note in p.notes:
            if (note.kind, note.id) in self.inserted:
                xml = _wrap_reference(xml, note.kind, note.id, attrs())
        for kind, nid, anchor in self.deleted.get(id(p), []):
            ref = (
                f'<w:del{attrs()}><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                f'<w:{kind}Reference w:id="{esc(nid)}"/></w:r></w:del>'
            )
            where = _reference_run(xml, *anchor) if anchor else None
            if where is not None and not _inside(xml, where[0], "w:ins"):
                xml = xml[: where[0]] + ref + xml[where[0]:]
            elif xml.endswith("</w:p>"):
                xml = xml[:-6] + ref + "</w:p>"
        return xml


def plan(cs: ChangeSet, existing: dict[str, set[str]]) -> NotePlan:
    """The plan for ``cs``; ``existing`` holds the ids of the new package's notes, by kind."""
    out = NotePlan()
    top = {k: max((int(i) for i in existing.get(k, ()) if i.lstrip("-").isdigit()), default=0) for k in KINDS}
    for c, k, nc in _note_changes(cs):
        kind = nc.note_kind
        if nc.kind in (MODIFIED, INSERTED) and nc.new_id in existing.get(kind, ()):
            out.rewrite[(kind, nc.new_id)] = nc
            if nc.kind == INSERTED:
                out.inserted.add((kind, nc.new_id))
        elif nc.kind == DELETED and isinstance(c.new, Paragraph):
            top[kind] += 1
            fresh = str(top[kind])
            # It stood before the next note the new version still cites (notes are in citation order).
            after = next((n for n in c.notes[k + 1:] if n.new_id), None)
            anchor = (after.note_kind, after.new_id) if after else None
            out.deleted.setdefault(id(c.new), []).append((kind, fresh, anchor))
            out.added.setdefault(kind, []).append((fresh, nc))
    if out.rewrite:  # the new notes to rewrite, found once (most redlines change no note)
        for p in _paragraphs_of(cs):
            for note in p.notes:
                out.notes[(note.kind, note.id)] = note
    return out


def _paragraphs_of(cs: ChangeSet) -> Iterator[Paragraph]:
    yield from cs.new.paragraphs()
    for part in cs.new.parts:
        yield from iter_paragraphs(part.blocks)


def _note_changes(cs: ChangeSet) -> Iterator[tuple[BlockChange, int, NoteChange]]:
    """Every note change of a paragraph pair (with its index), in the body, tables and headers/footers."""
    def walk(changes: tuple[BlockChange, ...]) -> Iterator[tuple[BlockChange, int, NoteChange]]:
        for c in changes:
            if isinstance(c.new, Paragraph) and c.old is not None:
                for k, nc in enumerate(c.notes):
                    yield c, k, nc
            elif isinstance(c.new, Table) or isinstance(c.old, Table):
                for row in c.rows:
                    for cell in row.cells:
                        yield from walk(cell.blocks)

    yield from walk(cs.body)
    for part in cs.parts:
        yield from walk(part.blocks)


def _reference_run(xml: str, kind: str, nid: str) -> tuple[int, int] | None:
    """Where the run holding the reference to note ``nid`` starts and ends in a written paragraph."""
    m = re.search(rf'<w:{kind}Reference w:id="{re.escape(esc(nid))}"\s*/>', xml)
    if m is None:
        return None
    start = max(xml.rfind("<w:r>", 0, m.start()), xml.rfind("<w:r ", 0, m.start()))
    end = xml.find("</w:r>", m.end())
    return (start, end + len("</w:r>")) if start >= 0 and end >= 0 else None


def _inside(xml: str, pos: int, tag: str) -> bool:
    """True when ``pos`` lies inside an open ``tag`` element (a revision wrapper) of ``xml``."""
    return xml.rfind(f"<{tag} ", 0, pos) > xml.rfind(f"</{tag}>", 0, pos)


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
