"""Renderers: turn a Document or a ChangeSet into text, HTML, DOCX, JSON or Markdown."""
