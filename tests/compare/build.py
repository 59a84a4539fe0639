"""Compact builders for Documents in compare tests.

    doc(
        clause("A1.1", "The Panel shall ", ("meet", "b"), " monthly."),
        p("A plain paragraph under A1.1", ref="A1.1"),
        table(["Term", "Meaning"], ["a", ["two", "paragraphs"]]),
        defs(("Panel", "means the SEC Panel."), ("DCC", "means ...")),
        headers=["Header text"], footers=["Page 1"],
    )

A run is a str (plain) or a (text, flags) tuple; flags: b bold, i italic, u underline, s strike,
^ superscript, _ subscript. A cell is a str (one paragraph), a list (one paragraph per item; items may
be Paragraph or Table), a Paragraph or a Table.
"""

from __future__ import annotations

from typing import Any

from sectrack.model import Cell, Document, Note, Paragraph, Part, Row, Run, Table


def run(spec: Any) -> Run:
    """A Run from "text" or ("text", "flags")."""
    if isinstance(spec, Run):
        return spec
    if isinstance(spec, str):
        return Run(spec)
    text, flags = spec
    vert = "superscript" if "^" in flags else "subscript" if "_" in flags else ""
    return Run(text, "b" in flags, "i" in flags, "u" in flags, "s" in flags, vert)


def p(*runs: Any, ref: str = "", label: str = "", numbered: bool = False, notes: tuple = (), style: str = "") -> Paragraph:
    """A paragraph from run specs."""
    return Paragraph(tuple(run(r) for r in runs), style=style, label=label, ref=ref, numbered=numbered,
                     num_level=0 if numbered else None, notes=tuple(notes))


def clause(ref: str, *runs: Any, notes: tuple = ()) -> Paragraph:
    """A numbered paragraph starting clause ``ref`` (label = ref)."""
    return p(*runs, ref=ref, label=ref, numbered=True, notes=notes)


def note(*runs: Any, kind: str = "footnote", id: str = "1") -> Note:
    return Note(kind, id, (p(*runs),))


def _block(spec: Any) -> Paragraph | Table:
    if isinstance(spec, (Paragraph, Table)):
        return spec
    return p(*spec) if isinstance(spec, tuple) else p(spec)


def cell(spec: Any) -> Cell:
    if isinstance(spec, Cell):
        return spec
    if isinstance(spec, list):
        return Cell(tuple(_block(x) for x in spec))
    return Cell((_block(spec),))


def row(*cells: Any) -> Row:
    return Row(tuple(cell(c) for c in cells))


def table(*rows: Any, definitions: bool = False, ref: str = "") -> Table:
    """A table; each row is a Row or a list/tuple of cell specs."""
    return Table(tuple(r if isinstance(r, Row) else row(*r) for r in rows), ref=ref, definitions=definitions)


def defs(*pairs: tuple[Any, Any], ref: str = "A1.1") -> Table:
    """Section A's definitions table from (term, meaning) pairs."""
    return table(*[[t, m] for t, m in pairs], definitions=True, ref=ref)


def doc(*blocks: Any, headers: list = (), footers: list = (), **meta: Any) -> Document:
    """A Document; str blocks become plain paragraphs, headers/footers are lists of block specs."""
    parts = [Part("header", f"word/header{k + 1}.xml", (_block(h),) if not isinstance(h, list) else tuple(map(_block, h)))
             for k, h in enumerate(headers)]
    parts += [Part("footer", f"word/footer{k + 1}.xml", (_block(f),) if not isinstance(f, list) else tuple(map(_block, f)))
              for k, f in enumerate(footers)]
    meta.setdefault("title", "Definitions and Interpretation")
    return Document(tuple(_block(b) for b in blocks), parts=tuple(parts), **meta)
