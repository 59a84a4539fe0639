"""HTML redline: one standalone page (inline CSS, no script, nothing fetched) from a ChangeSet.

The document's paragraphs and tables are built in Python (``html_document``, every string escaped) -- one
template call per page, never one per span, so a 4,000-clause document renders in a fraction of a
second. The page around them (header, summary, list of changes, definitions, notes, headers and
footers) is ``templates/redline.html.j2``, which a ``--templates`` folder may override.

Conventions the tests rely on (and anyone restyling the page may use):

- ``<main id="redline">`` holds the document, every block in redline order;
- every paragraph of the document, table cells included, is an element with class ``para``; its
  classes also name its kind (``equal``, ``modified``, ``inserted``, ``deleted``, ``moved-from``,
  ``moved-to``) and flags (``renumbered``, ``fmt``); tables are ``<table class="doc-table …">`` with
  rows ``row-equal``, ``row-modified``, ``row-inserted``, ``row-deleted``;
- inserted text is in ``<ins>``, deleted text in ``<del>``; moved text in ``<ins class="moved">`` at
  the new place and ``<del class="moved">`` at the old place;
- number labels are ``<span class="num">``, preceded by ``<span class="num-old">`` when the label
  changed;
- whatever the page adds to the document's own text (links, badges, gaps) has class ``mark``;
- a changed top-level block has ``id="c-<n>"``, ``data-ref`` and ``data-kind``; its changed rows have
  ``id="c-<n>-r<k>"``; it is preceded by ``<span class="mark anchor" id="AM-5.3">``, an anchor named
  after its reference (``AM-old-5.3`` for a reference only the old version has; ``-2``, ``-3`` for
  further blocks of one clause), the same in every run; it ends with ``<span class="mark nav">``, links
  to the previous and next change;
- document tables are each inside ``<div class="table-scroll">`` (a wide table scrolls in its box);
  their heading rows are a ``<thead>``, repeated on every printed page.

So removing ``<del>``, ``.num``, ``.num-old`` and ``.mark`` from main leaves the new text, and removing
``<ins>`` (with the same labels and marks) leaves the old text.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

import sectrack
from sectrack.compare.changes import ChangeSet
from sectrack.model import Document, Message
from sectrack.render import html_lists
from sectrack.render.html_document import DocumentWriter
from sectrack.render.templating import environment

TEMPLATE = "redline.html.j2"


def render_html(cs: ChangeSet, *, context: int | None = None, templates: str | Path | None = None,
                template: str = TEMPLATE) -> str:
    """The redline of ``cs`` as one HTML page (``template`` names the page's template);
    ``context=N`` keeps N unchanged blocks around changes."""
    if context is not None and context < 0:
        raise ValueError("context must be a number of blocks, 0 or more")
    writer = DocumentWriter(cs, context=context)
    body = writer.body()  # first: it collects notes and definition rows
    parts = html_lists.parts(writer)
    changes = html_lists.changes(writer)
    page = {
        "version": sectrack.__version__,
        "head": _head(cs),
        "same": cs.same,
        "summary": _summary(cs),
        "messages": _messages(cs),
        "changes": changes,
        "changes_heading": _changes_heading(changes, len(writer.ids)),
        "change_count": len(writer.ids),
        "definitions": html_lists.definitions(writer),
        "context": context,
        "body": body,
        "notes": writer.notes,
        "parts": parts,
    }
    return environment(templates).get_template(template).render(**page)


# ------------------------------------------------------------------------------ page sections


def _file(doc: Document) -> str:
    return Path(doc.source).name if doc.source else ""


def _head(cs: ChangeSet) -> dict[str, object]:
    """Title lines: the document's name, the versions and dates, what was compared."""
    old, new = cs.old, cs.new
    name = new.display_name or old.display_name or _file(new) or "Document"
    former = old.display_name if old.display_name and old.display_name != name else ""
    versions = f"Version {old.version or '(not stated)'} → {new.version or '(not stated)'}"
    dates = f"{old.date or 'date not stated'} → {new.date or 'date not stated'}" if old.date or new.date else ""
    view = new.view or old.view or "accepted"
    views = {"accepted": "with any tracked changes in the files accepted",
             "original": "with any tracked changes in the files rejected (the original text)"}
    title = f"Redline: {name}"
    if old.version or new.version:
        title += f" v{old.version or '?'} → v{new.version or '?'}"
    return {
        "title": title,
        "name": name,
        "former": former,
        "versions": versions,
        "dates": dates,
        "old_file": _file(old),
        "new_file": _file(new),
        "old_version": old.version,
        "new_version": new.version,
        "view": views.get(view, f"in the {view} view"),
        "print_document": css_string(name),
        "print_versions": css_string(versions),
    }


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string, safe inside a ``<style>`` element (every character other
    than a letter, digit or space written as a CSS escape)."""
    out = "".join(ch if ch.isascii() and (ch.isalnum() or ch == " ") else f"\\{ord(ch):x} " for ch in text)
    return Markup(f'"{out}"')


def _changes_heading(changes: list[dict[str, object]], blocks: int) -> str:
    """ "12 changes", or "12 changes (27 paragraphs and tables)" when a line stands for several."""
    n = len(changes)
    head = f"{n} change{'s' * (n != 1)}"
    return head if n == blocks else f"{head} ({blocks} paragraphs and tables)"


def _summary(cs: ChangeSet) -> list[dict[str, object]]:
    s = cs.summary
    return [
        {"group": "Clauses and paragraphs", "rows": [
            ("inserted", s.inserted), ("deleted", s.deleted), ("amended", s.modified),
            ("moved", s.moved), ("renumbered", s.renumbered), ("formatting only", s.format_only),
            ("style changed", s.restyled)]},
        {"group": "Definitions", "rows": [
            ("added", s.definitions_added), ("removed", s.definitions_removed),
            ("amended", s.definitions_amended)]},
    ]


def _messages(cs: ChangeSet) -> list[dict[str, str]]:
    """Comparison messages, then reading messages of either version not already among them."""
    seen: set[Message] = set()
    out = []
    for where, msgs in (("comparing", cs.messages), ("reading the old version", cs.old.messages),
                        ("reading the new version", cs.new.messages)):
        for m in msgs:
            if m in seen:
                continue
            seen.add(m)
            out.append({"stage": where, "code": m.code, "text": m.text, "location": m.location})
    return out
