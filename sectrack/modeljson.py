"""The model as JSON-ready data, in the schema documented in docs/model-schema.md."""

from __future__ import annotations

from typing import Any

from sectrack.model import SCHEMA_VERSION, Block, Cell, Document, Note, Paragraph, Part, Run, Table


def run_dict(run: Run) -> dict[str, Any]:
    """A Run: text plus only the formatting flags that are set."""
    out: dict[str, Any] = {"text": run.text}
    for name in ("bold", "italic", "underline", "strike"):
        if getattr(run, name):
            out[name] = True
    if run.vert:
        out["vert"] = run.vert
    return out


def note_dict(note: Note) -> dict[str, Any]:
    return {"kind": note.kind, "id": note.id, "blocks": [block_dict(b) for b in note.blocks]}


def paragraph_dict(p: Paragraph) -> dict[str, Any]:
    """A Paragraph with its label, reference and runs."""
    out: dict[str, Any] = {"type": "paragraph", "text": p.text}
    if p.style:
        out["style"] = p.style
        out["style_name"] = p.style_name
    if p.heading_level is not None:
        out["heading_level"] = p.heading_level
    if p.label:
        out["label"] = p.label
        out["num_level"] = p.num_level
    if p.ref:
        out["ref"] = p.ref
    if p.numbered:
        out["numbered"] = True
    out["runs"] = [run_dict(r) for r in p.runs]
    if p.notes:
        out["notes"] = [note_dict(n) for n in p.notes]
    return out


def cell_dict(cell: Cell) -> dict[str, Any]:
    out: dict[str, Any] = {"blocks": [block_dict(b) for b in cell.blocks]}
    if cell.span != 1:
        out["span"] = cell.span
    return out


def table_dict(t: Table) -> dict[str, Any]:
    """A Table, row by row and cell by cell."""
    out: dict[str, Any] = {"type": "table"}
    if t.style:
        out["style"] = t.style
    if t.ref:
        out["ref"] = t.ref
    if t.definitions:
        out["definitions"] = True
    if t.header_rows:
        out["header_rows"] = t.header_rows
    out["rows"] = [{"cells": [cell_dict(c) for c in row.cells]} for row in t.rows]
    return out


def block_dict(block: Block) -> dict[str, Any]:
    return paragraph_dict(block) if isinstance(block, Paragraph) else table_dict(block)


def part_dict(part: Part) -> dict[str, Any]:
    return {"kind": part.kind, "name": part.name, "blocks": [block_dict(b) for b in part.blocks]}


def document_dict(doc: Document) -> dict[str, Any]:
    """The whole Document (source XML snippets kept for writers are left out)."""
    return {
        "schema": SCHEMA_VERSION,
        "kind": doc.kind,
        "letter": doc.letter,
        "slug": doc.slug,
        "title": doc.title,
        "display_name": doc.display_name,
        "version": doc.version,
        "date": doc.date,
        "view": doc.view,
        "blocks": [block_dict(b) for b in doc.blocks],
        "definitions": [
            {"term": d.term, "meaning": d.meaning, "table": d.table, "row": d.row}
            for d in doc.definitions
        ],
        "parts": [part_dict(p) for p in doc.parts],
        "messages": [
            {"code": m.code, "text": m.text, "location": m.location} for m in doc.messages
        ],
    }
