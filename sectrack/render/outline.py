"""Plain-text views of one Document: the clause outline and the one-line-per-paragraph text."""

from __future__ import annotations

from sectrack.clauses import preamble
from sectrack.model import Clause, Document, iter_paragraphs

WIDTH = 100


def render_text(doc: Document) -> str:
    """One line per paragraph in body order, cells included: number label, TAB, text."""
    lines = [f"{p.label}\t{_one_line(p.text)}\n" for p in doc.paragraphs()]
    return "".join(lines)


def render_outline(doc: Document) -> str:
    """The clause tree with references, indented by depth, each clause's text shortened."""
    out = [f"{doc.display_name or doc.source}"]
    if doc.version:
        out[0] += f"  (version {doc.version})"
    out.append("")
    for block in preamble(doc.blocks):
        for p in iter_paragraphs((block,)):
            if p.text.strip():
                out.append(_clip(p.text))
    for clause in doc.clauses():
        _outline(clause, 0, out)
    defs = doc.definitions
    if defs:
        out.append("")
        out.append(f"{len(defs)} defined terms: {', '.join(d.term for d in defs[:8])}"
                   + (", …" if len(defs) > 8 else ""))
    return "\n".join(out) + "\n"


def _outline(clause: Clause, depth: int, out: list[str]) -> None:
    extra = sum(1 for _ in clause.blocks)
    tail = f"  [+{extra}]" if extra else ""
    out.append(f"{'  ' * depth}{clause.ref:<12} {_clip(clause.heading.text, WIDTH - 2 * depth)}{tail}")
    for child in clause.children:
        _outline(child, depth + 1, out)


def _one_line(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ")


def _clip(text: str, width: int = WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
