"""PDF redline for publication: the HTML redline printed by WeasyPrint (paged media).

The page is ``render_html``'s, with its own print styles, plus ``templates/redline-pdf.css`` (A4,
running header with the document and both versions, page numbers, repeated table header rows), which
a ``--templates`` folder may replace. Only this module imports WeasyPrint.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sectrack.compare.changes import ChangeSet
from sectrack.render.html import render_html
from sectrack.render.templating import environment

STYLESHEET = "redline-pdf.css"


def render_pdf(cs: ChangeSet, *, templates: str | Path | None = None) -> bytes:
    """The redline of ``cs`` as PDF bytes; the same ChangeSet always gives the same bytes."""
    return html_to_pdf(render_html(cs, templates=templates), templates=templates)


def html_to_pdf(html: str, *, templates: str | Path | None = None) -> bytes:
    """Print a redline page (``render_html``'s output) to PDF with the PDF page rules."""
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # unsupported screen-only CSS is expected
    loader = environment(templates).loader
    assert loader is not None
    css, _, _ = loader.get_source(environment(templates), STYLESHEET)
    page = weasyprint.HTML(string=html, base_url=None)
    pdf = page.write_pdf(stylesheets=[weasyprint.CSS(string=css)])
    assert pdf is not None
    return bytes(pdf)
