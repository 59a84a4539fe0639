"""The .docx writer: a ChangeSet as the new version's package carrying Word tracked changes.

``writer`` builds the package (see its module doc); ``overlay`` lays revisions over a paragraph's own
XML; ``body`` writes paragraphs and tables from the model; ``notes`` and ``numbering`` handle
footnotes, endnotes and the list definitions deleted paragraphs need; ``spans`` and ``xmltext`` are
their helpers. The reader, the other direction, is ``sectrack.docx``.
"""

from sectrack.render.docx.writer import docx_bytes, minimal_package, render_docx, revision_date

__all__ = ["docx_bytes", "minimal_package", "render_docx", "revision_date"]
