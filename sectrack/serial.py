"""Documents and ChangeSets as JSON and back: ``dumps(obj) -> str``, ``loads(text) -> obj``.

The JSON holds the whole model, the source XML properties the .docx writer keeps included (``ppr``,
``rpr``, ``tcpr``, ``trpr``, ``tblpr``, ``grid``), so that a model read back renders byte for byte as
the one written. It never holds the .docx bytes: ``loads(text, package=...)`` gives them back.
Schemas: docs/model-schema.md (``sectrack/document``) and docs/changeset-schema.md
(``sectrack/comparison``). Each carries its version; a newer or unknown one is refused.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

from sectrack.compare.changes import (
    BlockChange,
    CellChange,
    ChangeKind,
    ChangeSet,
    DefinitionChange,
    NoteChange,
    PartChange,
    RowChange,
    Span,
    SpanOp,
    Summary,
)
from sectrack.errors import SectrackError
from sectrack.model import Block, Cell, Document, Message, Note, Paragraph, Part, Row, Run, Scratch, Table

__all__ = ["dumps", "loads", "document_dict", "DOCUMENT_SCHEMA", "COMPARISON_SCHEMA", "SCHEMA_VERSION", "BadModel"]

DOCUMENT_SCHEMA = "sectrack/document"
COMPARISON_SCHEMA = "sectrack/comparison"
SCHEMA_VERSION = 1
Packages = bytes | tuple[bytes | None, bytes | None] | None
_FLAGS = ("bold", "italic", "underline", "strike")


class BadModel(SectrackError):
    """Text that ``loads`` cannot turn back into a model."""

    def __init__(self, problem: str) -> None:
        super().__init__("model JSON", problem)


def dumps(obj: Document | ChangeSet) -> str:
    """``obj`` as JSON text (a schema name and version first; UTF-8 text, indent 1)."""
    if isinstance(obj, Document):
        data = document_dict(obj)
    elif isinstance(obj, ChangeSet):
        data = _Writer(obj).changeset()
    else:
        raise TypeError(f"dumps takes a Document or a ChangeSet, not {type(obj).__name__}")
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def loads(text: str | bytes, *, package: Packages = None) -> Document | ChangeSet:
    """The Document or ChangeSet ``dumps`` wrote; ``package``: the .docx bytes of the Document (for a
    ChangeSet, a pair: old, new), which the JSON does not hold."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BadModel(f"not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise BadModel("not a sectrack model (a JSON object was expected)")
    schema, version = data.get("schema"), data.get("schema_version")
    if schema not in (DOCUMENT_SCHEMA, COMPARISON_SCHEMA) or not isinstance(version, int):
        raise BadModel(f"not a sectrack model (schema {schema!r}, expected {DOCUMENT_SCHEMA} or {COMPARISON_SCHEMA})")
    if version > SCHEMA_VERSION:
        raise BadModel(f"written by a newer sectrack ({schema} version {version}; this one reads up to {SCHEMA_VERSION})")
    try:
        if schema == DOCUMENT_SCHEMA:
            if isinstance(package, tuple):
                raise TypeError("package: the bytes of one .docx for a Document")
            return load_document(data, package)
        old, new = package if isinstance(package, tuple) else (None, None) if package is None else _pair_error()
        return _Reader(data, old, new).changeset()
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        raise BadModel(f"damaged model ({type(exc).__name__}: {exc})") from None


def _pair_error() -> tuple[None, None]:
    raise TypeError("package: a pair (old bytes, new bytes) for a ChangeSet")


# --- Documents -----------------------------------------------------------------------------------


def run_dict(run: Run) -> dict[str, Any]:
    """A Run: text plus only the formatting that is set."""
    out: dict[str, Any] = {"text": run.text}
    for name in _FLAGS:
        if getattr(run, name):
            out[name] = True
    if run.vert:
        out["vert"] = run.vert
    if run.rpr:
        out["rpr"] = run.rpr
    if run.math:
        out["math"] = True
    if run.omml:
        out["omml"] = run.omml
    return out


def paragraph_dict(p: Paragraph) -> dict[str, Any]:
    """A Paragraph with its label, reference, runs and notes (its text too, for readers)."""
    out: dict[str, Any] = {"type": "paragraph", "text": p.text}
    for key in ("style", "style_name", "heading_level", "label", "num_level", "ref", "numbered"):
        value = getattr(p, key)
        if not (value is None or value is False or value == ""):  # num_level 0 is written
            out[key] = value
    out["runs"] = [run_dict(r) for r in p.runs]
    if p.notes:
        out["notes"] = [_note_dict(n) for n in p.notes]
    if p.ppr:
        out["ppr"] = p.ppr
    return out


def _note_dict(n: Note) -> dict[str, Any]:
    """A Note: kind, id, where its reference stands in the citing paragraph's text, and its blocks."""
    out: dict[str, Any] = {"kind": n.kind, "id": n.id}
    if n.offset is not None:
        out["offset"] = n.offset
    out["blocks"] = blocks_list(n.blocks)
    return out


def _cell_dict(cell: Cell) -> dict[str, Any]:
    out: dict[str, Any] = {"blocks": blocks_list(cell.blocks)}
    if cell.span != 1:
        out["span"] = cell.span
    if cell.tcpr:
        out["tcpr"] = cell.tcpr
    return out


def _row_dict(row: Row) -> dict[str, Any]:
    out: dict[str, Any] = {"cells": [_cell_dict(c) for c in row.cells]}
    if row.trpr:
        out["trpr"] = row.trpr
    return out


def table_dict(t: Table) -> dict[str, Any]:
    """A Table, row by row and cell by cell."""
    out: dict[str, Any] = {"type": "table"}
    for key in ("style", "ref", "definitions", "header_rows", "tblpr", "grid"):
        value = getattr(t, key)
        if value not in ("", 0, False):
            out[key] = value
    out["rows"] = [_row_dict(r) for r in t.rows]
    return out


def block_dict(block: Block) -> dict[str, Any]:
    """A Paragraph or a Table."""
    return paragraph_dict(block) if isinstance(block, Paragraph) else table_dict(block)


def blocks_list(blocks: tuple[Block, ...]) -> list[dict[str, Any]]:
    """Blocks in order."""
    return [paragraph_dict(b) if isinstance(b, Paragraph) else table_dict(b) for b in blocks]


def _messages(messages: tuple[Message, ...]) -> list[dict[str, str]]:
    return [{"code": m.code, "text": m.text, "location": m.location} for m in messages]


def document_dict(doc: Document) -> dict[str, Any]:
    """The whole Document as JSON-ready data (schema ``sectrack/document``)."""
    return {
        "schema": DOCUMENT_SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "kind": doc.kind,
        "letter": doc.letter,
        "slug": doc.slug,
        "title": doc.title,
        "display_name": doc.display_name,
        "version": doc.version,
        "date": doc.date,
        "source": doc.source,
        "view": doc.view,
        "blocks": blocks_list(doc.blocks),
        "definitions": [
            {"term": d.term, "meaning": d.meaning, "table": d.table, "row": d.row} for d in doc.definitions
        ],
        "parts": [{"kind": p.kind, "name": p.name, "role": p.role, "blocks": blocks_list(p.blocks)} for p in doc.parts],
        "messages": _messages(doc.messages),
    }


def load_run(d: dict[str, Any]) -> Run:
    """A Run from its dict."""
    return Run(d["text"], d.get("bold", False), d.get("italic", False), d.get("underline", False),
               d.get("strike", False), d.get("vert", ""), d.get("rpr", ""), d.get("math", False),
               d.get("omml", ""))


def load_block(d: dict[str, Any]) -> Block:
    """A Paragraph or a Table from its dict."""
    if d["type"] == "paragraph":
        notes = tuple(Note(n["kind"], n["id"], load_blocks(n["blocks"]), n.get("offset")) for n in d.get("notes", ()))
        return Paragraph(
            tuple(load_run(r) for r in d["runs"]), d.get("style", ""), d.get("style_name", ""),
            d.get("heading_level"), d.get("label", ""), d.get("num_level"), d.get("ref", ""),
            d.get("numbered", False), notes, d.get("ppr", ""),
        )
    if d["type"] != "table":
        raise ValueError(f"unknown block type {d['type']!r}")
    rows = tuple(
        Row(tuple(Cell(load_blocks(c["blocks"]), c.get("span", 1), c.get("tcpr", "")) for c in r["cells"]),
            r.get("trpr", ""))
        for r in d["rows"]
    )
    return Table(rows, d.get("style", ""), d.get("ref", ""), d.get("tblpr", ""), d.get("grid", ""),
                 d.get("definitions", False), d.get("header_rows", 0))


def load_blocks(items: list[dict[str, Any]]) -> tuple[Block, ...]:
    """Blocks from their dicts, in order."""
    return tuple(load_block(d) for d in items)


def _load_messages(items: list[dict[str, str]]) -> tuple[Message, ...]:
    return tuple(Message(m["code"], m["text"], m.get("location", "")) for m in items)


def load_document(d: dict[str, Any], package: bytes | None = None) -> Document:
    """A Document from ``document_dict``'s data, carrying ``package``."""
    return Document(
        blocks=load_blocks(d["blocks"]), title=d["title"], kind=d["kind"], letter=d["letter"],
        version=d["version"], date=d["date"], source=d.get("source", ""), view=d["view"],
        parts=tuple(Part(p["kind"], p["name"], load_blocks(p["blocks"]), p.get("role", "")) for p in d["parts"]),
        messages=_load_messages(d["messages"]), package=package, tree=Scratch(),
    )


# --- ChangeSets ----------------------------------------------------------------------------------


def _walk(doc: Document, blocks: list[Block], rows: list[Row], runs: list[Run]) -> None:
    """Every block, row and run of ``doc`` in one fixed order (body, then parts), the order
    references in a ChangeSet's JSON count in."""

    def visit(items: tuple[Block, ...]) -> None:
        for b in items:
            blocks.append(b)
            if isinstance(b, Paragraph):
                runs.extend(b.runs)
                for n in b.notes:
                    visit(n.blocks)
            else:
                for row in b.rows:
                    rows.append(row)
                    for cell in row.cells:
                        visit(cell.blocks)

    visit(doc.blocks)
    for part in doc.parts:
        visit(part.blocks)


class _Index:
    """Where each block, row and run of the two Documents stands in ``_walk`` order."""

    def __init__(self, doc: Document) -> None:
        blocks: list[Block] = []
        rows: list[Row] = []
        runs: list[Run] = []
        _walk(doc, blocks, rows, runs)
        self.blocks = {id(b): i for i, b in reversed(list(enumerate(blocks)))}
        self.rows = {id(r): i for i, r in reversed(list(enumerate(rows)))}
        self.runs = {id(r): i for i, r in reversed(list(enumerate(runs)))}


class _Writer:
    """A ChangeSet as data: blocks, rows and runs of its Documents by position, others inline."""

    def __init__(self, cs: ChangeSet) -> None:
        self.cs = cs
        self.old, self.new = _Index(cs.old), _Index(cs.new)

    def changeset(self) -> dict[str, Any]:
        cs = self.cs
        return {
            "schema": COMPARISON_SCHEMA,
            "schema_version": SCHEMA_VERSION,
            "old": document_dict(cs.old),
            "new": document_dict(cs.new),
            "body": [self.change(c) for c in cs.body],
            "definitions": [self.definition(d) for d in cs.definitions],
            "parts": [{"kind": p.kind, "name": p.name, "role": p.role, "changes": [self.change(c) for c in p.blocks]}
                      for p in cs.parts],
            "summary": dataclasses.asdict(cs.summary),
            "messages": _messages(cs.messages),
            "uncompared_changed": cs.uncompared_changed,
        }

    def block(self, block: Block | None, index: _Index) -> Any:
        if block is None:
            return None
        at = index.blocks.get(id(block))
        return at if at is not None else block_dict(block)

    def row(self, row: Row | None, index: _Index) -> Any:
        if row is None:
            return None
        at = index.rows.get(id(row))
        return at if at is not None else _row_dict(row)

    def span(self, s: Span) -> list[Any]:
        index = self.old if s.op == SpanOp.DELETE else self.new
        at = index.runs.get(id(s.run))
        return [str(s.op), s.text, at if at is not None else run_dict(s.run)]

    def change(self, c: BlockChange) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": str(c.kind), "old": self.block(c.old, self.old), "new": self.block(c.new, self.new)}
        for key in ("old_index", "new_index", "move_id"):
            if getattr(c, key) is not None:
                out[key] = getattr(c, key)
        for key in ("renumbered", "format_changed", "replaced", "style_changed"):
            if getattr(c, key):
                out[key] = True
        if c.spans:
            out["spans"] = [self.span(s) for s in c.spans]
        if c.rows:
            out["rows"] = [self.row_change(r) for r in c.rows]
        if c.notes:
            out["notes"] = [
                {"kind": str(n.kind), "note_kind": n.note_kind, "old_id": n.old_id, "new_id": n.new_id,
                 "changes": [self.change(x) for x in n.blocks]}
                for n in c.notes
            ]
        return out

    def row_change(self, r: RowChange) -> dict[str, Any]:
        return {"kind": str(r.kind), "old": self.row(r.old, self.old), "new": self.row(r.new, self.new),
                "key": r.key, "cells": [[self.change(x) for x in cell.blocks] for cell in r.cells]}

    def definition(self, d: DefinitionChange) -> dict[str, Any]:
        return {"kind": str(d.kind), "term": d.term, "old_meaning": d.old_meaning, "new_meaning": d.new_meaning,
                "spans": [self.span(s) for s in d.spans]}


class _Reader:
    """The inverse of ``_Writer``: references resolved against the Documents read back."""

    def __init__(self, data: dict[str, Any], old: bytes | None, new: bytes | None) -> None:
        self.data = data
        self.old_doc, self.new_doc = load_document(data["old"], old), load_document(data["new"], new)
        self.old: tuple[list[Block], list[Row], list[Run]] = ([], [], [])
        self.new: tuple[list[Block], list[Row], list[Run]] = ([], [], [])
        _walk(self.old_doc, *self.old)
        _walk(self.new_doc, *self.new)

    def changeset(self) -> ChangeSet:
        d = self.data
        parts = tuple(PartChange(p["kind"], p["name"], self.changes(p["changes"]), p.get("role", "")) for p in d["parts"])
        definitions = tuple(
            DefinitionChange(ChangeKind(x["kind"]), x["term"], x["old_meaning"], x["new_meaning"],
                             tuple(self.span(s) for s in x["spans"]))
            for x in d["definitions"]
        )
        return ChangeSet(self.old_doc, self.new_doc, self.changes(d["body"]), definitions, parts,
                         Summary(**d["summary"]), _load_messages(d["messages"]), d["uncompared_changed"])

    @staticmethod
    def _ref(value: Any, items: list[Any], inline: Callable[[dict[str, Any]], Any]) -> Any:
        if value is None:
            return None
        return items[value] if isinstance(value, int) else inline(value)

    def span(self, s: list[Any]) -> Span:
        op = SpanOp(s[0])
        runs = self.old[2] if op == SpanOp.DELETE else self.new[2]
        return Span(op, s[1], self._ref(s[2], runs, load_run))

    def changes(self, items: list[dict[str, Any]]) -> tuple[BlockChange, ...]:
        return tuple(self.change(c) for c in items)

    def change(self, c: dict[str, Any]) -> BlockChange:
        notes = tuple(
            NoteChange(ChangeKind(n["kind"]), n["note_kind"], self.changes(n["changes"]), n["old_id"], n["new_id"])
            for n in c.get("notes", ())
        )
        return BlockChange(
            ChangeKind(c["kind"]), self._ref(c["old"], self.old[0], load_block),
            self._ref(c["new"], self.new[0], load_block), c.get("old_index"), c.get("new_index"),
            tuple(self.span(s) for s in c.get("spans", ())), tuple(self.row_change(r) for r in c.get("rows", ())),
            notes, c.get("renumbered", False), c.get("format_changed", False), c.get("replaced", False),
            c.get("move_id"), c.get("style_changed", False),
        )

    def row_change(self, r: dict[str, Any]) -> RowChange:
        return RowChange(
            ChangeKind(r["kind"]), self._ref(r["old"], self.old[1], self._row), self._ref(r["new"], self.new[1], self._row),
            tuple(CellChange(self.changes(cell)) for cell in r["cells"]), r["key"],
        )

    @staticmethod
    def _row(d: dict[str, Any]) -> Row:
        table = load_block({"type": "table", "rows": [d]})
        assert isinstance(table, Table)
        return table.rows[0]
