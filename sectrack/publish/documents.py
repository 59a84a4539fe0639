"""A document version as an HTML fragment, and the redline files of a pair of versions (HTML page with
the site's navigation, tracked-changes .docx, PDF): one place that calls the renderers for the site."""

from __future__ import annotations

import tempfile
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
    the old and the new version's .docx bytes."""
    from sectrack.render.docx import render_docx

    with tempfile.TemporaryDirectory(prefix="sectrack-") as folder:
        out = Path(folder) / "redline.docx"
        render_docx(_with_files(cs, Path(folder), packages), str(out), author="sectrack", date=None)
        return out.read_bytes()


def _with_files(cs: ChangeSet, folder: Path, packages: tuple[bytes, bytes]) -> ChangeSet:
    """``cs`` with each version's package in a file, for the writer, which reads the versions' files
    (documents from the store are named ``slug@version``, not by a file)."""
    docs = []
    for side, doc, package in (("old", cs.old, packages[0]), ("new", cs.new, packages[1])):
        if not (doc.source and Path(doc.source).is_file()):
            path = folder / f"{side}.docx"
            path.write_bytes(package)
            doc = replace(doc, source=str(path))
        docs.append(doc)
    return replace(cs, old=docs[0], new=docs[1])


def redline_pdf(cs: ChangeSet, templates: str | Path | None) -> bytes:
    from sectrack.render.pdf import render_pdf

    return render_pdf(cs, templates=templates)
