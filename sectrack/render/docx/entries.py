"""The entries the body writer lays out before writing them: paragraphs with their marks and properties.

A ``Para`` is a paragraph to write (its content, its mark's revisions, where its properties come from),
an ``Unchanged`` one written as its own element, a string a table already written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from sectrack.compare.changes import BlockChange, Span
from sectrack.model import Paragraph
from sectrack.render.docx.located import Blocks


@dataclass(slots=True)
class Prop:
    """Where a paragraph's properties come from: a serialised w:pPr, its side, numbering off."""

    xml: str
    side: str  # "new" / "old"
    plain: bool = False


@dataclass(slots=True)
class Para:
    """One paragraph to write: content, mark and properties."""

    change: BlockChange | None
    old: Paragraph | None
    new: Paragraph | None
    spans: Sequence[Span]
    content: str  # "pair", "ins", "del", "from", "to"
    vis: Prop
    chg: Prop | None = None
    mark: set[str] = field(default_factory=set)  # "ins", "del", "moveFrom", "moveTo"
    move: str = ""  # w:name of the move range ("" when not a move)
    at: Blocks | None = None  # the container whose XML holds the paragraph written (new side, or old for del/from)
    index: int | None = None  # ... and its position there

    @property
    def in_new(self) -> bool:
        return self.new is not None

    @property
    def in_old(self) -> bool:
        return self.old is not None


@dataclass(slots=True)
class Unchanged:
    """A paragraph that shows no change at all, written as its own element of the new version."""

    change: BlockChange
    el: etree._Element
    in_new: bool = True
    in_old: bool = True


Entry = Para | Unchanged | str  # a paragraph to write, or a table already written


def add_mark(p: Para, mark: str) -> None:
    """Give ``p``'s mark one more revision; a move mark becomes a plain one when combined."""
    plain = {"moveFrom": "del", "moveTo": "ins"}
    p.mark = {plain.get(m, m) for m in p.mark} | {mark}
