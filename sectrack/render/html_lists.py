"""The lists around the HTML redline's document: the changes, the definitions changed, the headers
and footers. Every reference says which version it belongs to (``compare.describe.cite``)."""

from __future__ import annotations

from markupsafe import Markup

from sectrack.compare.changes import DELETED, EQUAL, INSERTED, MODIFIED, MOVED_FROM, MOVED_TO, BlockChange, SpanOp
from sectrack.compare.describe import cite, format_summary, ref_of
from sectrack.model import Paragraph
from sectrack.render.html_document import KIND_CLASS, NOTE_WORD, DocumentWriter
from sectrack.render.html_text import diffed, esc, excerpt, is_table, norm, plural, row_name

DEF_WORD = {INSERTED: "added", DELETED: "removed", MODIFIED: "amended"}


def changes(w: DocumentWriter) -> list[dict[str, object]]:
    """The list of changes: one entry per changed top-level block, anchor, reference with its side,
    what happened and an excerpt; a run of three or more renumbered-only clauses is one entry."""
    out: list[dict[str, object]] = []
    run: list[dict[str, object]] = []
    for i, cid in w.ids.items():
        bc = w.cs.body[i]
        if bc.kind == EQUAL and bc.renumbered and not bc.format_changed and not bc.style_changed:
            run.append({"id": cid, "ref": cite(bc), "excerpt": excerpt(bc.new.text if bc.new is not None else "")})
            continue
        out.extend(_renumbered(run))
        run = []
        block = bc.new if bc.new is not None else bc.old
        text = block.text if block is not None else ""
        if is_table(bc) and bc.kind not in (INSERTED, DELETED):
            keys = [row_name(r) for r in bc.rows if r.kind != EQUAL]
            text = ", ".join(k for k in keys if k) or text
        out.append({"id": cid, "ref": cite(bc), "kind": KIND_CLASS.get(bc.kind, bc.kind),
                    "what": describe(w, bc), "excerpt": excerpt(text)})
    out.extend(_renumbered(run))
    return out


def describe(w: DocumentWriter, bc: BlockChange) -> str:
    """What happened to one block, in words ("amended", "moved to 7.8", "made bold: “Panel”")."""
    pair = w.moves.get(bc.move_id, {}) if bc.move_id is not None else {}
    noun = "table " if is_table(bc) else ""
    if bc.kind in (INSERTED, DELETED):
        what = noun + ("inserted" if bc.kind == INSERTED else "deleted")
    elif bc.kind == MOVED_FROM:
        what = noun + (f"moved to {w.place(pair['to'], 'new')}" if "to" in pair else "moved away")
    elif bc.kind == MOVED_TO:
        old, new = ref_of(bc.old), ref_of(bc.new)
        known = old and new and old != new  # the reference already says where from: "5.5 → 7.8"
        what = noun + ("moved" if known or "from" not in pair else f"moved from {w.place(pair['from'], 'old')}")
        if any(s.op != SpanOp.EQUAL for s in bc.spans) or any(r.kind != EQUAL for r in bc.rows):
            what += " and amended"
    elif bc.kind == MODIFIED:
        what = _modified(bc)
    else:
        what = "renumbered" if bc.renumbered else ""
    extras = []
    if bc.format_changed:
        words = format_summary(bc.spans, bc.old.runs) if isinstance(bc.old, Paragraph) else ""
        extras.append(f"formatting changed ({words})" if words else "formatting changed")
    if bc.style_changed and isinstance(bc.old, Paragraph) and isinstance(bc.new, Paragraph):
        extras.append("style changed")
    return ", ".join(x for x in [what] + extras if x) or "changed"


def _modified(bc: BlockChange) -> str:
    if is_table(bc):
        counts = {k: sum(1 for r in bc.rows if r.kind == k) for k in (INSERTED, DELETED, MODIFIED)}
        parts = [f"{plural(n, 'row')} {NOTE_WORD[k]}" for k, n in counts.items() if n]
        return "table amended" + (f" ({', '.join(parts)})" if parts else "")
    if bc.replaced:
        return "rewritten"
    if bc.spans and all(s.op == SpanOp.EQUAL for s in bc.spans) and any(n.kind != EQUAL for n in bc.notes):
        return "note amended"
    return "amended"


def _renumbered(run: list[dict[str, object]]) -> list[dict[str, object]]:
    """Renumbered-only entries of the list of changes: grouped when there are three or more."""
    if len(run) < 3:
        return [dict(r, kind="renumbered", what="renumbered") for r in run]
    return [{"kind": "renumbered", "group": run, "what": f"{len(run)} clauses renumbered:"}]


def definitions(w: DocumentWriter) -> list[dict[str, object]]:
    """The changed definitions with their meaning marked up (sub-paragraph labels kept), the term
    struck when removed and underlined when added, and a link to their row."""
    out: list[dict[str, object]] = []
    for d in w.cs.definitions:
        if d.spans:
            html = diffed(d.spans)
        elif d.kind == INSERTED:
            html = f"<ins>{esc(d.new_meaning)}</ins>"
        elif d.kind == DELETED:
            html = f"<del>{esc(d.old_meaning)}</del>"
        else:
            html = f"<del>{esc(d.old_meaning)}</del> <ins>{esc(d.new_meaning)}</ins>"
        term = esc(d.term)
        term = f"<del>{term}</del>" if d.kind == DELETED else f"<ins>{term}</ins>" if d.kind == INSERTED else term
        out.append({
            "term": d.term,
            "term_html": Markup(term),
            "kind": DEF_WORD.get(d.kind, d.kind),
            "html": Markup(html),
            "href": w.rows.get(norm(d.term).casefold(), ""),
        })
    return out


def parts(w: DocumentWriter) -> dict[str, object]:
    """Changed headers and footers with their HTML, and how many were unchanged."""
    changed = []
    same = 0
    for part in w.cs.parts:
        if any(c.changed for c in part.blocks):
            changed.append({"kind": part.kind, "title": part.title, "name": part.name,
                            "html": Markup(w.blocks(part.blocks))})
        else:
            same += 1
    return {"changed": changed, "unchanged": same}
