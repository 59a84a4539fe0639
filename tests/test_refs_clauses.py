"""Clause references from labels, and the clause tree built from them."""

from __future__ import annotations

from sectrack.clauses import build_tree
from sectrack.docx.refs import RefTracker
from sectrack.model import Paragraph, Run


def test_section_refs_join_letter_and_sub_paragraphs() -> None:
    t = RefTracker("section", "L")
    assert t.numbered("L4", 0) == "L4"
    assert t.numbered("4.6", 1) == "L4.6"
    assert t.numbered("(a)", 2) == "L4.6(a)"
    assert t.numbered("(b)", 2) == "L4.6(b)"
    assert t.numbered("(ii)", 3) == "L4.6(b)(ii)"
    assert t.numbered("4.7", 1) == "L4.7"
    assert t.current == "L4.7"


def test_label_that_already_carries_the_letter() -> None:
    t = RefTracker("section", "A")
    assert t.numbered("A1.1", 1) == "A1.1"
    assert t.numbered("a)", 2) == "A1.1(a)"


def test_appendix_refs_have_no_prefix() -> None:
    t = RefTracker("appendix", "AM")
    assert t.numbered("1.", 0) == "1"
    assert t.numbered("1.1", 1) == "1.1"
    assert t.numbered("(a)", 2) == "1.1(a)"


def para(text: str, ref: str = "", level: int | None = None) -> Paragraph:
    return Paragraph(runs=(Run(text),), ref=ref, numbered=level is not None, num_level=level, label=ref)


def test_clause_tree() -> None:
    blocks = (
        para("Title"),
        para("Part one", "1", 0),
        para("First clause", "1.1", 1),
        para("continuation", "1.1"),
        para("sub a", "1.1(a)", 2),
        para("Second clause", "1.2", 1),
        para("Part two", "2", 0),
    )
    tree = build_tree(blocks)
    assert [c.ref for c in tree] == ["1", "2"]
    first = tree[0].children[0]
    assert first.ref == "1.1" and [b.text for b in first.blocks] == ["continuation"]
    assert [c.ref for c in first.children] == ["1.1(a)"]
    assert [c.ref for c in tree[0].children] == ["1.1", "1.2"]
