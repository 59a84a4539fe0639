"""A document version as an HTML fragment, and the redline files of a pair of versions (HTML page with
the site's navigation, tracked-changes .docx, PDF): one place that calls the renderers for the site."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from markupsafe import Markup

from sectrack.compare import compare
from sectrack.compare.changes import ChangeSet
from sectrack.model import Document


def document_html(doc: Document) -> Markup:
    """The document's blocks as the redline shows unchanged text (numbers, tables), escaped."""
    from sectrack.render.html_document import DocumentWriter

    writer = DocumentWriter(compare(doc, doc))
    return Markup("\n".join(str(item["html"]) for item in writer.body() if "html" in item))


def redline_page(cs: ChangeSet, nav: str, templates: str | Path | None) -> bytes:
    """The HTML redline with the site's navigation (and any banner) at the top of its body."""
    from sectrack.render.html import render_html

    html = render_html(cs, templates=templates)
    at = html.index("<body>") + len("<body>")
    return (html[:at] + "\n" + nav + html[at:]).encode("utf-8")


def redline_docx(cs: ChangeSet) -> bytes:
    """The tracked-changes .docx of ``cs`` (dated with the new version's own date)."""
    from sectrack.render.docx import render_docx

    fd, tmp = tempfile.mkstemp(suffix=".docx")
    os.close(fd)
    try:
        render_docx(cs, tmp, author="sectrack", date=None)
        return Path(tmp).read_bytes()
    finally:
        os.unlink(tmp)


def redline_pdf(cs: ChangeSet, templates: str | Path | None) -> bytes:
    from sectrack.render.pdf import render_pdf

    return render_pdf(cs, templates=templates)
