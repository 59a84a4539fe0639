"""read(..., keep_tree=True): the parsed main part and the element of each body block, given once."""

from __future__ import annotations

from conftest import CORPUS

from sectrack.docx import read, take_tree
from sectrack.model import Paragraph, Table, iter_paragraphs

SECTION_A = CORPUS / "documents" / "section-a" / "section-a-v21.0.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_each_body_block_maps_to_the_element_it_was_read_from() -> None:
    doc = read(SECTION_A, keep_tree=True)
    tree = take_tree(doc)
    assert tree is not None and tree.root.tag == W + "document"
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert any(t.definitions for t in tables)  # flagged after reading: a new object, still mapped
    for block in doc.blocks:
        el = tree.elements[id(block)]
        assert el.tag == (W + "p" if isinstance(block, Paragraph) else W + "tbl")
        assert el.getroottree().getroot() is tree.root
    for p in iter_paragraphs(doc.blocks):
        el = tree.elements[id(p)]
        assert "".join(el.itertext()) == p.text or p.notes or "\t" in p.text or "\n" in p.text


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
