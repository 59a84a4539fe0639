"""Blocks pairs a container's model blocks with its block elements by position, and never gives one
block another's element: a wrong position, another block or a container that does not line up
gives None (the writer then writes from the model)."""

from __future__ import annotations

import dataclasses
import importlib

import pytest
from conftest import CORPUS

from sectrack.compare import compare
from sectrack.docx import read, take_tree
from sectrack.model import Document, Paragraph, Table
from sectrack.ooxml.text import block_elements
from sectrack.render.docx import docx_bytes
from sectrack.render.docx.located import NOWHERE, Blocks

SECTION_A = CORPUS / "documents" / "section-a" / "section-a-v21.0.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _kept():
    doc = read(SECTION_A, keep_tree=True)
    tree = take_tree(doc)
    assert tree is not None
    body = tree.root.find(W + "body")
    assert body is not None
    return doc, body


def test_each_block_gets_the_element_at_its_position() -> None:
    doc, body = _kept()
    els = list(block_elements(body))
    where = Blocks.of(doc.blocks, body, exact=True)
    assert all(where.at(k, b) is els[k] for k, b in enumerate(doc.blocks))


def test_another_block_or_position_gets_nothing() -> None:
    doc, body = _kept()
    where = Blocks.of(doc.blocks, body)
    first, second = doc.blocks[0], doc.blocks[1]
    assert where.at(1, first) is None and where.at(0, second) is None
    assert where.at(None, first) is None and where.at(len(doc.blocks), first) is None
    copy = Paragraph(**{f: getattr(first, f) for f in first.__dataclass_fields__})  # equal, not the same
    assert copy == first and where.at(0, copy) is None


def test_a_container_that_does_not_line_up_gives_nothing() -> None:
    doc, body = _kept()
    shorter = Blocks.of(doc.blocks[:-1], body)
    assert all(shorter.at(k, b) is None for k, b in enumerate(doc.blocks[:-1]))
    assert NOWHERE.at(0, doc.blocks[0]) is None and Blocks.of(doc.blocks, None).at(0, doc.blocks[0]) is None


def test_cells_are_reached_row_by_row() -> None:
    doc, body = _kept()
    where = Blocks.of(doc.blocks, body)
    k, table = next((k, b) for k, b in enumerate(doc.blocks) if isinstance(b, Table) and len(b.rows) > 1)
    tbl = where.at(k, table)
    assert tbl is not None
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            inside = where.cell(k, table, r, c)
            for j, block in enumerate(cell.blocks):
                el = inside.at(j, block)
                assert el is not None and tbl in el.iterancestors()
                assert isinstance(block, Table) or "".join(el.itertext()) == block.text or block.notes
    assert where.cell(k, table, len(table.rows), 0) is NOWHERE
    assert NOWHERE.cell(k, table, 0, 0) is NOWHERE and not NOWHERE._cells  # nothing known, nothing kept
    assert where.cell(k + 1, table, 0, 0).at(0, table.rows[0].cells[0].blocks[0]) is None  # not the table there



def _checked(monkeypatch: pytest.MonkeyPatch, new: Document) -> int:
    """How many paragraphs' text the writer checks against the model in a redline to ``new``."""
    body = importlib.import_module("sectrack.render.docx.body")
    calls = []
    real = body.shows
    monkeypatch.setattr(body, "shows", lambda el, text: calls.append(1) or real(el, text))
    old = read(SECTION_A)
    docx_bytes(compare(dataclasses.replace(old, blocks=old.blocks[1:]), new))  # one change, the rest kept
    return len(calls)


def test_blocks_read_from_the_package_need_no_text_check(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _checked(monkeypatch, read(SECTION_A)) == 0  # the package parsed again: the same blocks
    assert _checked(monkeypatch, read(SECTION_A, keep_tree=True)) == 0


def test_blocks_or_package_not_read_together_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = read(SECTION_A, keep_tree=True)
    assert _checked(monkeypatch, dataclasses.replace(doc, blocks=tuple(b for b in doc.blocks))) > 100
    doc = read(SECTION_A)
    assert _checked(monkeypatch, dataclasses.replace(doc, package=bytes(bytearray(doc.package or b"")))) > 100
