"""Read .docx files with pandoc, an independent reader, as lists of paragraph texts."""

from __future__ import annotations

import json
import re
import subprocess
from typing import Any

MATH = "\x00"  # stands for an equation in pandoc_paragraphs(..., math=MATH)


def pandoc_paragraphs(path: str, track_changes: str = "accept", math: str | None = None) -> list[str]:
    """Non-empty paragraph texts, whitespace-normalised, in body order (table cells included).
    Equations come as pandoc's TeX, or as ``math`` when it is given."""
    texts: list[str] = []
    _blocks(_ast(path, track_changes)["blocks"], texts, math)
    return _clean(texts)


def matches(ours: str, theirs: str) -> bool:
    """Whether our paragraph text is pandoc's, each equation (MATH) in it standing for any text."""
    pattern = r"\s*.*?\s*".join(re.escape(part) for part in theirs.split(MATH))
    return re.fullmatch(pattern, ours) is not None


def pandoc_notes(path: str, track_changes: str = "accept") -> list[str]:
    """The texts of footnotes and endnotes in citation order, one whitespace-normalised string each."""
    notes: list[str] = []
    _find_notes(_ast(path, track_changes)["blocks"], notes)
    return [" ".join(n.split()) for n in notes]


def _ast(path: str, track_changes: str) -> dict[str, Any]:
    out = subprocess.run(
        ["pandoc", "-f", "docx", "-t", "json", f"--track-changes={track_changes}", str(path)],
        check=True, capture_output=True,
    ).stdout
    return json.loads(out)


def _clean(texts: list[str]) -> list[str]:
    return [t for t in (" ".join(x.split()) for x in texts) if t]


def _find_notes(node: Any, notes: list[str]) -> None:
    """Every Note inline in document order (notes inside notes are not expected)."""
    if isinstance(node, dict):
        if node.get("t") == "Note":
            texts: list[str] = []
            _blocks(node["c"], texts)
            notes.append(" ".join(_clean(texts)))
            return
        for value in node.values():
            _find_notes(value, notes)
    elif isinstance(node, list):
        for item in node:
            _find_notes(item, notes)


def _blocks(blocks: list[dict[str, Any]], texts: list[str], math: str | None = None) -> None:
    for b in blocks:
        t, c = b["t"], b.get("c")
        if t in ("Para", "Plain"):
            texts.append(_inlines(c, math))
        elif t == "Header":
            texts.append(_inlines(c[2], math))
        elif t in ("BlockQuote",):
            _blocks(c, texts, math)
        elif t == "Div":
            _blocks(c[1], texts, math)
        elif t == "BulletList":
            for item in c:
                _blocks(item, texts, math)
        elif t == "OrderedList":
            for item in c[1]:
                _blocks(item, texts, math)
        elif t == "DefinitionList":
            for term, defs in c:
                texts.append(_inlines(term, math))
                for d in defs:
                    _blocks(d, texts, math)
        elif t == "Table":
            _table(c, texts, math)
        elif t == "LineBlock":
            for line in c:
                texts.append(_inlines(line, math))


def _table(c: list[Any], texts: list[str], math: str | None = None) -> None:
    # Table attr caption colspecs thead [tbody] tfoot
    head, bodies, foot = c[3], c[4], c[5]
    rows = list(head[1])
    for body in bodies:
        rows.extend(body[2])
        rows.extend(body[3])
    rows.extend(foot[1])
    for row in rows:
        for cell in row[1]:
            _blocks(cell[4], texts, math)


def _inlines(items: list[dict[str, Any]], math: str | None = None) -> str:
    parts: list[str] = []
    for i in items:
        t, c = i["t"], i.get("c")
        if t == "Str":
            parts.append(c)
        elif t in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif t in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            parts.append(_inlines(c, math))
        elif t in ("Span", "Link"):
            parts.append(_inlines(c[1], math))
        elif t == "Quoted":
            q = "“”" if c[0]["t"] == "DoubleQuote" else "‘’"
            parts.append(q[0] + _inlines(c[1], math) + q[1])
        elif t == "Code":
            parts.append(c[1])
        elif t == "Math":
            parts.append(c[1] if math is None else math)
        elif t == "Cite":
            parts.append(_inlines(c[1], math))
    return "".join(parts)
