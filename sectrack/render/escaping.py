"""Escaping markup characters, shared by the HTML and DOCX writers (plain replacements: fast)."""

from __future__ import annotations

_MARKUP = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_QUOTES = (('"', "&#34;"), ("'", "&#39;"))


def escape_markup(text: str, quotes: bool = False) -> str:
    """``text`` with &, < and > escaped, and with ``quotes`` also " and ' (as markupsafe does)."""
    for char, ref in _MARKUP + _QUOTES if quotes else _MARKUP:
        if char in text:
            text = text.replace(char, ref)
    return text
