"""The state shared while reading one document: styles, numbering, clause references, caches, messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from lxml import etree

from sectrack.docx.numbering import Numbering
from sectrack.docx.refs import RefTracker
from sectrack.docx.styles import Styles
from sectrack.model import Block, Message, Note, Run


class ParagraphWalk(Protocol):
    """Reads the inline content of one paragraph after another (``body``'s walk, kept for the document)."""

    def start(self, runs: list[Run], notes: list[Note]) -> None:
        """Begin a paragraph: runs and notes are collected into these lists."""

    def read(self, parent: etree._Element) -> etree._Element | None:
        """Walk the children of ``parent``; the first w:pPr child (of a w:p) is returned."""


@dataclass
class Context:
    """State shared while reading one document."""

    styles: Styles
    numbering: Numbering | None
    refs: RefTracker | None
    location: str
    notes: dict[str, dict[str, tuple[Block, ...]]] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)
    para_index: int = 0
    keep_xml: bool = True
    default_style: str | None = None
    inline: ParagraphWalk | None = None
    namespaces: dict[str, dict[str, str]] = field(default_factory=dict)  # see properties.kept_xml
    serialised: dict[str, str] = field(default_factory=dict)  # lxml's serialisation -> ours (shared)
    ppr_cache: dict[str, tuple] = field(default_factory=dict)  # serialised w:pPr -> what it says
    rpr_cache: dict[str, tuple] = field(default_factory=dict)  # serialised w:rPr -> what it says
    # The part being read: its property elements' cut texts, and the entries of each cache above
    # that they lead to (see properties.index_properties).
    cuts: dict[etree._Element, bytes] = field(default_factory=dict)
    serialised_by_cut: dict[bytes, str] = field(default_factory=dict)
    ppr_by_cut: dict[bytes, tuple] = field(default_factory=dict)
    rpr_by_cut: dict[bytes, tuple] = field(default_factory=dict)
    # When asked for: id of each paragraph and table read -> the element it was read from.

    def warn(self, code: str, text: str) -> None:
        """Record a message at the current paragraph."""
        where = f"{self.location} paragraph {self.para_index}"
        if self.refs is not None and self.refs.current:
            where += f" (clause {self.refs.current})"
        self.messages.append(Message(code, text, where))
