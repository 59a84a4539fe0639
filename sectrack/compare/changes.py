"""The ChangeSet: the result of comparing two documents, as plain data that renderers consume.

The body is a single sequence in *redline order*: the new document's blocks in order, with each old
block that did not survive placed where it stood. A moved block appears twice, as ``moved-from`` at
its old place and ``moved-to`` at its new place, sharing ``move_id``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sectrack.model import Block, Document, Message, Paragraph, Row, Run, fast_constructor


class ChangeKind(StrEnum):
    """How a block, row, note or definition changed (a str: its value is what JSON shows)."""

    EQUAL = "equal"  # same text (possibly renumbered or reformatted: see flags)
    MODIFIED = "modified"  # text changed: see spans
    INSERTED = "inserted"
    DELETED = "deleted"
    MOVED_FROM = "moved-from"  # old place of a moved block (old set, new None)
    MOVED_TO = "moved-to"  # new place of a moved block (spans when also edited)


class SpanOp(StrEnum):
    """What a piece of a word-level diff does: kept, inserted or deleted."""

    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


EQUAL, MODIFIED, INSERTED, DELETED = ChangeKind.EQUAL, ChangeKind.MODIFIED, ChangeKind.INSERTED, ChangeKind.DELETED
MOVED_FROM, MOVED_TO = ChangeKind.MOVED_FROM, ChangeKind.MOVED_TO


def style_of(p: Paragraph) -> str:
    """A paragraph's style as people know it: its name ("Heading 2"), else its id."""
    return p.style_name or p.style


@dataclass(frozen=True)
class Span:
    """A word-level piece of a paragraph diff; ``run`` carries the formatting of its source run."""

    op: SpanOp
    text: str
    run: Run  # formatting source: the new run for EQUAL/INSERT, the old run for DELETE


@dataclass(frozen=True)
class CellChange:
    """One cell of a row pair: the changes of the blocks inside it."""

    blocks: tuple[BlockChange, ...]


@dataclass(frozen=True)
class RowChange:
    """One row of a table pair."""

    kind: ChangeKind  # EQUAL, MODIFIED, INSERTED, DELETED
    old: Row | None
    new: Row | None
    cells: tuple[CellChange, ...] = ()  # for EQUAL/MODIFIED: cell by cell, in the new row's order
    key: str = ""  # the matching key (the term, for definitions tables)


@dataclass(frozen=True)
class NoteChange:
    """A footnote/endnote of a paragraph pair."""

    kind: ChangeKind  # EQUAL, MODIFIED, INSERTED, DELETED
    note_kind: str  # "footnote" / "endnote"
    blocks: tuple[BlockChange, ...]
    old_id: str = ""  # the note's w:id in the old version ("" when inserted)
    new_id: str = ""  # the note's w:id in the new version ("" when deleted)


@dataclass(frozen=True)
class BlockChange:
    """One entry of the redline: a block pair and how it changed."""

    kind: ChangeKind
    old: Block | None
    new: Block | None
    old_index: int | None = None  # index among the old sequence's blocks
    new_index: int | None = None
    spans: tuple[Span, ...] = ()  # paragraphs: the word-level diff (all SpanOp.EQUAL when EQUAL)
    rows: tuple[RowChange, ...] = ()  # tables
    notes: tuple[NoteChange, ...] = ()
    renumbered: bool = False  # the clause reference changed (old.ref != new.ref)
    format_changed: bool = False  # kept text changed formatting (equal: a formatting-only change)
    replaced: bool = False  # rewritten beyond the threshold: spans are one DELETE then one INSERT
    move_id: int | None = None
    style_changed: bool = False  # a paragraph pair whose paragraph style differs (body text made a heading)

    @classmethod
    def equal(
        cls, kind: ChangeKind, old: Block, new: Block, old_index: int, new_index: int, spans: tuple[Span, ...],
        notes: tuple[NoteChange, ...], renumbered: bool, format_changed: bool, style_changed: bool = False,
    ) -> BlockChange:
        """The entry of a paragraph pair with the same text, the one most redlines are made of, built
        with ``model.fast_constructor`` (a redline makes one for nearly every paragraph). The result
        equals ``cls(kind, old, new, ...)``."""
        return _new_change(
            kind, old, new, old_index, new_index, spans,
            (),  # rows
            notes, renumbered, format_changed,
            False,  # replaced
            None,  # move_id
            style_changed,
        )

    @property
    def changed(self) -> bool:
        """True when this entry shows any change at all."""
        return self.kind != EQUAL or self.renumbered or self.format_changed or self.style_changed

    @property
    def ref(self) -> str:
        """The clause reference to cite for this change (new one when it exists)."""
        block = self.new if self.new is not None else self.old
        return getattr(block, "ref", "") or ""


_new_change = fast_constructor(BlockChange)


@dataclass(frozen=True)
class DefinitionChange:
    """A defined term added, removed or amended."""

    kind: ChangeKind  # INSERTED ("added"), DELETED ("removed"), MODIFIED ("amended")
    term: str
    old_meaning: str = ""
    new_meaning: str = ""
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class PartChange:
    """A header/footer compared with its counterpart (matched by kind and order)."""

    kind: str  # "header" / "footer"
    name: str
    blocks: tuple[BlockChange, ...]
    role: str = ""  # the pages it is for: "default", "first", "even" ("" when not known)

    @property
    def title(self) -> str:
        """The part as people name it: "first-page footer", "even-page header", "footer"."""
        return part_title(self.kind, self.role)


def part_title(kind: str, role: str) -> str:
    """A header or footer named for people from its kind and the pages it is for."""
    pages = {"first": "first-page ", "even": "even-page "}.get(role, "")
    return pages + kind


@dataclass(frozen=True)
class Summary:
    """Counts for the redline's summary."""

    inserted: int = 0
    deleted: int = 0
    modified: int = 0
    moved: int = 0
    renumbered: int = 0
    format_only: int = 0
    restyled: int = 0  # paragraphs whose style changed (text changed or not)
    definitions_added: int = 0
    definitions_removed: int = 0
    definitions_amended: int = 0


@dataclass(frozen=True)
class ChangeSet:
    """Everything one comparison found."""

    old: Document
    new: Document
    body: tuple[BlockChange, ...]
    definitions: tuple[DefinitionChange, ...] = ()
    parts: tuple[PartChange, ...] = ()
    summary: Summary = Summary()
    messages: tuple[Message, ...] = field(default=())
    uncompared_changed: bool = False  # content not compared (text boxes, objects) differs

    @property
    def same(self) -> bool:
        """True when the two versions have the same content."""
        return (
            not self.uncompared_changed
            and not any(c.changed for c in self.body)
            and not any(c.changed for p in self.parts for c in p.blocks)
        )
