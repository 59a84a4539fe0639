"""The store's answers as tables: a title, column headings and rows of text, written as CSV,
Markdown or a standalone HTML page (jinja2, every string escaped). The command line shows the
same tables with rich."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sectrack.store.records import DocumentEvent, HistoryEvent, LogEntry, Release, ReleaseChange


@dataclass(frozen=True)
class TableView:
    """A titled table of text cells."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def log_table(entries: Sequence[LogEntry], title: str) -> TableView:
    """The Document Log."""
    rows = tuple((e.display_name, e.document, e.version, f"v{e.release}", e.effective.isoformat(), e.sha256[:12])
                 for e in entries)
    return TableView(title, ("Document", "Slug", "Version", "Since", "Effective", "SHA-256"), rows)


def changes_table(release: Release, *, summaries: bool = True) -> TableView:
    """What a release changed; without ``summaries``, the table leaves out each document's summary
    (a terminal shows them as paragraphs below it: ``change_paragraphs``)."""
    rows = tuple((c.display_name, c.document, _change_text(c), c.change) + ((c.summary,) if summaries else ())
                 for c in release.changes)
    title = f"SEC v{release.sec_version} ({release.effective.isoformat()}): {release.title}"
    return TableView(title, ("Document", "Slug", "Version", "Change") + (("Summary",) if summaries else ()), rows)


def change_paragraphs(release: Release) -> list[tuple[str, str]]:
    """Each changed document's heading and summary, for reading below the table of changes."""
    return [(f"{c.display_name} ({c.document}, {_change_text(c)}, {c.change})", c.summary)
            for c in release.changes if c.summary]


def _change_text(c: ReleaseChange) -> str:
    if c.change == "removed":
        return f"{c.previous} → removed"
    if c.previous:
        return f"{c.previous} → {c.version}"
    return c.version or ""


def releases_table(releases: Sequence[Release]) -> TableView:
    """The releases in the store."""
    rows = tuple((f"v{r.sec_version}", r.effective.isoformat(), r.status, str(len(r.changes)), r.title)
                 for r in releases)
    return TableView("Releases", ("SEC version", "Effective", "Status", "Documents", "Title"), rows)


def document_history_table(slug: str, events: Sequence[DocumentEvent]) -> TableView:
    """A document's versions."""
    rows = tuple((e.version or "—", f"v{e.release}", e.effective.isoformat(), e.change, e.changes) for e in events)
    return TableView(f"History of {slug}", ("Version", "Release", "Effective", "Change", "Changes"), rows)


def event_table(title: str, events: Sequence[HistoryEvent]) -> TableView:
    """A clause's or a term's history."""
    term = bool(events) and events[0].term is not None
    head = ("Version", "Release", "Effective", "Event") + (("Term",) if term else ("Ref", "Was")) + ("Deleted", "Inserted")
    rows = []
    for e in events:
        subject = (e.term or "",) if term else (e.ref or "—", e.old_ref or "—")
        rows.append((e.version, f"v{e.release}" if e.release else "", e.effective.isoformat() if e.effective else "",
                     e.event, *subject, e.deleted_words, e.inserted_words))
    return TableView(title, head, tuple(rows))


def to_csv(view: TableView) -> str:
    """CSV with a header row."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(view.columns)
    writer.writerows(view.rows)
    return out.getvalue()


def _md_cell(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|") or " "


def to_markdown(view: TableView) -> str:
    """A Markdown heading and pipe table."""
    lines = [f"# {_md_cell(view.title)}", "", "| " + " | ".join(map(_md_cell, view.columns)) + " |",
             "|" + "---|" * len(view.columns)]
    lines += ["| " + " | ".join(map(_md_cell, row)) + " |" for row in view.rows]
    return "\n".join(lines) + "\n"


def to_html(view: TableView) -> str:
    """A standalone HTML page holding the table."""
    from sectrack.render.templating import render

    return render("table.html.j2", None, title=view.title, columns=view.columns, rows=view.rows)
