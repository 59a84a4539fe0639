"""Release notes: what a release of the SEC changed, computed from the documents themselves.

``build_note(source, "54.0")`` gives a ``ReleaseNote`` (the affected documents with old and new
versions, what changed in each, warnings where the release's own narrative disagrees with the
documents) and ``render_note(note, "html" | "md" | "txt")`` writes it in SECAS's shape through the
jinja2 templates ``release-note.{html,md,txt}.j2``. A *source* is where releases, the Document Log,
documents and comparisons come from: ``source.StoreSource`` (the version store) or
``source.ManifestSource`` (release manifests and their .docx files, no store needed).
"""

from sectrack.release.notes import NoteWarning, ReleaseNote, build_note, render_note

__all__ = ["NoteWarning", "ReleaseNote", "build_note", "render_note"]
