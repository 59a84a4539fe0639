"""A stored model read for the checks only: the JSON that ``sectrack.dumps`` wrote, decoded (msgspec)
into the few fields the checks read, with the same names as the model's: paragraphs' text, style,
heading level, label and reference; tables' rows, cells and reference; the definitions.

Runs, formatting, notes, headers and footers are skipped as the JSON is parsed, so a document is
read several times faster than as a ``Document`` (``sectrack.loads``), which the checks do not need.
The schema is checked as ``loads`` checks it; an unreadable model raises ValueError.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import msgspec

from sectrack.serial import DOCUMENT_SCHEMA, SCHEMA_VERSION


class ParagraphView(msgspec.Struct, frozen=True, tag="paragraph", tag_field="type"):
    """A paragraph's text and what places it (see ``sectrack.model.Paragraph``)."""

    text: str
    style: str = ""
    style_name: str = ""
    heading_level: int | None = None
    label: str = ""
    num_level: int | None = None
    ref: str = ""
    numbered: bool = False

    kind: ClassVar[str] = "paragraph"


class CellView(msgspec.Struct, frozen=True):
    """A table cell's blocks."""

    blocks: tuple[BlockView, ...]

    @property
    def text(self) -> str:
        """The texts of the cell's paragraphs, one per line (as ``sectrack.model.Cell.text``)."""
        return "\n".join(p.text for p in iter_paragraphs(self.blocks))


class RowView(msgspec.Struct, frozen=True):
    """A table row's cells."""

    cells: tuple[CellView, ...]


class TableView(msgspec.Struct, frozen=True, tag="table", tag_field="type"):
    """A table's rows and what places it (see ``sectrack.model.Table``)."""

    rows: tuple[RowView, ...]
    style: str = ""
    ref: str = ""
    definitions: bool = False
    header_rows: int = 0

    kind: ClassVar[str] = "table"


BlockView = ParagraphView | TableView


class DefinitionView(msgspec.Struct, frozen=True):
    """A row of a definitions table (see ``sectrack.model.Definition``)."""

    term: str
    meaning: str
    row: int
    table: int


class DocumentView(msgspec.Struct, frozen=True):
    """A document's identity, body blocks and definitions (see ``sectrack.model.Document``)."""

    schema: str
    schema_version: int
    kind: str
    letter: str
    title: str
    blocks: tuple[BlockView, ...]
    definitions: tuple[DefinitionView, ...]

    def paragraphs(self) -> Iterator[ParagraphView]:
        """Every body paragraph in body order, table cells included."""
        return iter_paragraphs(self.blocks)


def iter_paragraphs(blocks: tuple[BlockView, ...]) -> Iterator[ParagraphView]:
    """Paragraphs in order, descending into tables cell by cell."""
    for block in blocks:
        if isinstance(block, ParagraphView):
            yield block
        else:
            for row in block.rows:
                for cell in row.cells:
                    yield from iter_paragraphs(cell.blocks)


_DECODER = msgspec.json.Decoder(DocumentView)


def read_view(text: str | bytes) -> DocumentView:
    """The view of the model JSON ``text``; ValueError when it is not a readable ``sectrack/document``."""
    try:
        view = _DECODER.decode(text)
    except msgspec.MsgspecError as exc:
        raise ValueError(f"not a readable model ({exc})") from None
    if view.schema != DOCUMENT_SCHEMA or view.schema_version > SCHEMA_VERSION:
        raise ValueError(f"not a readable model (schema {view.schema!r} version {view.schema_version})")
    return view
