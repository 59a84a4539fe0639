"""The OOXML layer both directions stand on: the reader (``sectrack.docx``) and the writer
(``sectrack.render.docx``).

``names``: namespaces and tag names, in one place. ``xml``: the one safe XML parser (no DTD, no
entities, no network). ``package``: the .docx package read within the zip limits, and written back
with fixed timestamps. ``text``: what a paragraph's run content shows (the rules for text, tabs,
breaks, symbols, complex fields, content controls and alternate content).
"""
