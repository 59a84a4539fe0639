"""Render a ChangeSet as JSON: ``render_json(cs) -> str`` (schema below, also docs/changeset-schema.md).

Schema ``sectrack/changeset`` version 1. Keys are sorted, indent 1, UTF-8 text (``ensure_ascii``
off); the same ChangeSet always gives the same string. Absent values are ``null``, never missing.

    {"schema": "sectrack/changeset", "schema_version": 1,
     "old": DOC, "new": DOC, "same": bool, "summary": SUMMARY,
     "messages": [{"code", "text", "location"}],
     "body": [CHANGE], "definitions": [DEFINITION], "parts": [PART]}

    DOC        {"display_name", "title", "kind", "letter", "slug", "version", "date", "source",
                "view", "blocks": number of body blocks, "messages": [{"code", "text", "location"}]
                (what reading this version found: tracked changes inside it, text not read)}
    SUMMARY    {"inserted", "deleted", "modified", "moved", "renumbered", "format_only", "restyled",
                "definitions_added", "definitions_removed", "definitions_amended"} (integers)
    CHANGE     {"kind": "equal" | "modified" | "inserted" | "deleted" | "moved-from" | "moved-to",
                "type": "paragraph" | "table", "changed": bool, "ref": str,
                "cite": the reference with its side ("old 5.3", "5.5 → 7.8", "5.3 (was 5.4)"),
                "old_ref", "new_ref" (null where that side is absent), "old_index", "new_index", "move_id",
                "renumbered", "format_changed", "replaced", "style_changed": bool,
                paragraphs: "old_label", "new_label", "old_text", "new_text", "old_style",
                            "new_style" (style names), "spans": [SPAN],
                            "notes": [NOTE], "format_changes": [{"text", "change": "made bold"}];
                tables:     "definitions": bool, "rows": [ROW]}
    SPAN       {"op": "equal" | "insert" | "delete", "text",
                "format": subset of ["bold", "italic", "underline", "strike", "superscript",
                          "subscript", "equation"] in that order}
    ROW        {"kind": "equal" | "modified" | "inserted" | "deleted", "key", "old_text",
                "new_text", "cells": [{"changes": [CHANGE]}]}
    NOTE       {"kind", "note_kind": "footnote" | "endnote", "old_id", "new_id", "changes": [CHANGE]}
    DEFINITION {"kind": "inserted" (added) | "deleted" (removed) | "modified" (amended), "term",
                "old_meaning", "new_meaning", "spans": [SPAN]}
    PART       {"kind": "header" | "footer", "name", "role": "default" | "first" | "even" | "",
                "title": "first-page footer" (the part named for people), "changes": [CHANGE]}

``body`` is in redline order: keeping the old side (equal/modified old, deleted, moved-from) gives
the old document's blocks in order, keeping the new side (equal/modified new, inserted, moved-to)
gives the new document's. The spans of each paragraph entry give its old text (equal + delete) and
its new text (equal + insert).
"""

from __future__ import annotations

import json
from typing import Any

from sectrack.compare.changes import (
    BlockChange,
    ChangeSet,
    DefinitionChange,
    NoteChange,
    PartChange,
    RowChange,
    Span,
    style_of,
)
from sectrack.compare.describe import cite, format_changes
from sectrack.model import Document, Paragraph, Row, Run

SCHEMA = "sectrack/changeset"
SCHEMA_VERSION = 1


def render_json(cs: ChangeSet) -> str:
    """The ChangeSet as a JSON document (schema ``sectrack/changeset`` v1)."""
    return json.dumps(changeset_dict(cs), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def changeset_dict(cs: ChangeSet) -> dict[str, Any]:
    """The ChangeSet as plain JSON-ready data."""
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "old": _doc(cs.old),
        "new": _doc(cs.new),
        "same": cs.same,
        "uncompared_changed": cs.uncompared_changed,
        "summary": dict(vars(cs.summary)),
        "messages": [{"code": m.code, "text": m.text, "location": m.location} for m in cs.messages],
        "body": [_change(c) for c in cs.body],
        "definitions": [_definition(d) for d in cs.definitions],
        "parts": [_part(p) for p in cs.parts],
    }


def _doc(d: Document) -> dict[str, Any]:
    return {
        "display_name": d.display_name,
        "title": d.title,
        "kind": d.kind,
        "letter": d.letter,
        "slug": d.slug,
        "version": d.version,
        "date": d.date,
        "source": d.source,
        "view": d.view,
        "blocks": len(d.blocks),
        "messages": [{"code": m.code, "text": m.text, "location": m.location} for m in d.messages],
    }


def _format(run: Run) -> list[str]:
    pairs = (("bold", run.bold), ("italic", run.italic), ("underline", run.underline), ("strike", run.strike))
    flags = [name for name, on in pairs if on]
    return flags + ([run.vert] if run.vert else []) + (["equation"] if run.math else [])


def _span(s: Span) -> dict[str, Any]:
    return {"op": s.op, "text": s.text, "format": _format(s.run)}


def _change(c: BlockChange) -> dict[str, Any]:
    block = c.new if c.new is not None else c.old
    out: dict[str, Any] = {
        "kind": c.kind,
        "type": block.kind if block is not None else None,
        "changed": c.changed,
        "ref": c.ref,
        "cite": cite(c),
        "old_ref": getattr(c.old, "ref", None),
        "new_ref": getattr(c.new, "ref", None),
        "old_index": c.old_index,
        "new_index": c.new_index,
        "move_id": c.move_id,
        "renumbered": c.renumbered,
        "format_changed": c.format_changed,
        "replaced": c.replaced,
        "style_changed": c.style_changed,
    }
    if isinstance(block, Paragraph):
        out["old_style"] = style_of(c.old) if isinstance(c.old, Paragraph) else None
        out["new_style"] = style_of(c.new) if isinstance(c.new, Paragraph) else None
        out["old_label"] = c.old.label if isinstance(c.old, Paragraph) else None
        out["new_label"] = c.new.label if isinstance(c.new, Paragraph) else None
        out["old_text"] = c.old.text if c.old is not None else None
        out["new_text"] = c.new.text if c.new is not None else None
        out["spans"] = [_span(s) for s in c.spans]
        out["notes"] = [_note(n) for n in c.notes]
        fmt = format_changes(c.spans, c.old.runs) if c.format_changed and isinstance(c.old, Paragraph) else []
        out["format_changes"] = [{"text": f.text, "change": f.change} for f in fmt]
    else:
        out["definitions"] = bool(getattr(block, "definitions", False))
        out["rows"] = [_row(r) for r in c.rows]
    return out


def _row_text(row: Row | None) -> str | None:
    return None if row is None else "\t".join(cell.text for cell in row.cells)


def _row(r: RowChange) -> dict[str, Any]:
    return {
        "kind": r.kind,
        "key": r.key,
        "old_text": _row_text(r.old),
        "new_text": _row_text(r.new),
        "cells": [{"changes": [_change(c) for c in cell.blocks]} for cell in r.cells],
    }


def _note(n: NoteChange) -> dict[str, Any]:
    return {"kind": n.kind, "note_kind": n.note_kind, "old_id": n.old_id or None, "new_id": n.new_id or None,
            "changes": [_change(c) for c in n.blocks]}


def _definition(d: DefinitionChange) -> dict[str, Any]:
    return {
        "kind": d.kind,
        "term": d.term,
        "old_meaning": d.old_meaning,
        "new_meaning": d.new_meaning,
        "spans": [_span(s) for s in d.spans],
    }


def _part(p: PartChange) -> dict[str, Any]:
    return {"kind": p.kind, "name": p.name, "role": p.role, "title": p.title, "changes": [_change(c) for c in p.blocks]}
