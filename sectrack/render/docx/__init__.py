"""The .docx writer: a ChangeSet as the new version's package carrying Word tracked changes.

``writer`` builds the package (see its module doc); ``overlay`` lays revisions over a paragraph's own
XML and ``removed`` strikes an old-only paragraph's XML whole, ``carried`` bringing its links and
pictures along; ``body`` writes paragraphs (laid out as ``entries``) and ``tables`` tables from the
model; ``located`` pairs model blocks with their elements by position; ``notes``, ``equations`` and
``numbering`` handle footnotes and endnotes, equations and the list definitions deleted paragraphs
need; ``marking`` titles the redline; ``beyond`` tells whether the old package is worth parsing;
``parts``, ``spans`` and ``xmltext`` are their helpers. The reader, the other direction, is
``sectrack.docx``.
"""

from sectrack.render.docx.writer import docx_bytes, minimal_package, render_docx, revision_date

__all__ = ["docx_bytes", "minimal_package", "render_docx", "revision_date"]
