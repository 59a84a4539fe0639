"""read(..., keep_tree=True): the parsed main part, whose block elements are the blocks' by position, given once."""

from __future__ import annotations

from conftest import CORPUS

from sectrack.docx import read, take_tree
from sectrack.docx.body import block_children
from sectrack.model import Block, Paragraph, Table
from sectrack.ooxml.text import block_elements

SECTION_A = CORPUS / "documents" / "section-a" / "section-a-v21.0.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _check(container: object, blocks: tuple[Block, ...]) -> int:
    """Every block of ``blocks`` against the element at its position in ``container``; how many."""
    els = list(block_elements(container))  # type: ignore[arg-type]  # an lxml element
    assert len(els) == len(blocks)
    count = 0
    for el, block in zip(els, blocks):
        count += 1
        if isinstance(block, Paragraph):
            assert el.tag == W + "p"
            assert "".join(el.itertext()) == block.text or block.notes or "\t" in block.text or "\n" in block.text
            continue
        assert isinstance(block, Table) and el.tag == W + "tbl"
        rows = block_children(el, W + "tr")
        assert len(rows) == len(block.rows)
        for tr, row in zip(rows, block.rows):
            cells = block_children(tr, W + "tc")
            assert len(cells) == len(row.cells)
            count += sum(_check(tc, cell.blocks) for tc, cell in zip(cells, row.cells))
    return count


def test_each_block_stands_at_its_position_in_the_kept_tree() -> None:
    doc = read(SECTION_A, keep_tree=True)
    tree = take_tree(doc)
    assert tree is not None and tree.root.tag == W + "document"
    assert any(isinstance(b, Table) and b.definitions for b in doc.blocks)  # flagged after reading: same place
    body = tree.root.find(W + "body")
    assert body is not None and _check(body, doc.blocks) > len(doc.blocks)  # cells' blocks too


def test_the_tree_is_given_once_and_only_when_kept() -> None:
    doc = read(SECTION_A, keep_tree=True)
    assert take_tree(doc) is not None
    assert take_tree(doc) is None
    assert take_tree(read(SECTION_A)) is None


def test_a_kept_tree_travels_with_its_document_only() -> None:
    import pickle

    doc = read(SECTION_A, keep_tree=True)
    copy = pickle.loads(pickle.dumps(doc))  # a worker process's copy: no tree, the same document
    assert copy == doc and copy.package == doc.package
    assert take_tree(copy) is None
    assert take_tree(doc) is not None
