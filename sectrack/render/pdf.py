"""PDF redline for publication: the HTML redline printed by WeasyPrint (paged media).

The page is ``render_html``'s through ``templates/redline-pdf.html.j2``, which puts the print
stylesheet ``templates/redline-pdf.css`` (A4, running header with the document and both versions,
page numbers, repeated table header rows, the marks) in place of the screen one; a ``--templates``
folder may replace either. Only this module imports WeasyPrint.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sectrack.compare.changes import ChangeSet
from sectrack.render.html import render_html

TEMPLATE = "redline-pdf.html.j2"


def render_pdf(cs: ChangeSet, *, templates: str | Path | None = None) -> bytes:
    """The redline of ``cs`` as PDF bytes; the same ChangeSet always gives the same bytes."""
    return html_to_pdf(render_html(cs, templates=templates, template=TEMPLATE))


def ready() -> None:
    """Import WeasyPrint now (a process about to fork PDF workers lets them share it)."""
    import weasyprint  # noqa: F401


def html_to_pdf(html: str) -> bytes:
    """Print a page with its own print styles (``render_html(..., template=TEMPLATE)``) to PDF."""
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    pdf = weasyprint.HTML(string=html, base_url=None).write_pdf()
    assert pdf is not None
    return bytes(pdf)
