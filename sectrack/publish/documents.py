"""A document version as an HTML fragment, and the redline files of a pair of versions (HTML page with
the site's navigation, tracked-changes .docx, PDF): one place that calls the renderers for the site."""

from __future__ import annotations

from dataclasses import replace
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


def redline_docx(cs: ChangeSet, packages: tuple[bytes, bytes]) -> bytes:
    """The tracked-changes .docx of ``cs`` (dated with the new version's own date); ``packages``:
    the old and the new version's .docx bytes, for Documents that do not carry them."""
    from sectrack.render.docx import docx_bytes

    old = cs.old if cs.old.package is not None else replace(cs.old, package=packages[0])
    new = cs.new if cs.new.package is not None else replace(cs.new, package=packages[1])
    return bytes(docx_bytes(replace(cs, old=old, new=new), author="sectrack", date=None))


def pdf_ready() -> None:
    """Load the PDF renderer now (before workers are forked, so that they share it)."""
    from sectrack.render.pdf import ready

    ready()


def redline_pdf(cs: ChangeSet, templates: str | Path | None) -> bytes:
    """The PDF redline of ``cs``."""
    from sectrack.render.pdf import render_pdf

    return render_pdf(cs, templates=templates)
