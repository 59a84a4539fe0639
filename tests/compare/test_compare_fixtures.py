"""Real Word pairs (Open-XML-PowerTools' comparer tests) read with sectrack.docx and compared."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sectrack.compare import DELETED, EQUAL, INSERTED, MODIFIED, SpanOp, compare
from sectrack.render.json import render_json
from sectrack.render.markdown import render_markdown

from .invariants import check_changeset

docx = pytest.importorskip("sectrack.docx")
PAIRS = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "wordprocessing" / "compare"


def pairs() -> list[dict[str, str]]:
    if not (PAIRS / "pairs.csv").is_file():
        return []
    with open(PAIRS / "pairs.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("pair", pairs(), ids=lambda p: p["id"])
def test_pair_invariants(pair: dict[str, str]) -> None:
    old = docx.read(PAIRS / pair["before"])
    new = docx.read(PAIRS / pair["after"])
    cs = compare(old, new)
    check_changeset(cs)
    check_changeset(compare(new, old))
    assert compare(old, old).same and compare(new, new).same
    assert render_json(compare(old, new)) == render_json(cs)
    assert render_markdown(cs)
    if int(pair["wmlcomparer_revisions"]) > 0 and old.blocks != new.blocks:
        assert not cs.same


def _cs(before: str, after: str):
    if not (PAIRS / before).is_file():
        pytest.skip("shared fixtures missing")
    cs = compare(docx.read(PAIRS / before), docx.read(PAIRS / after))
    check_changeset(cs)
    return cs


def test_word_changed_in_middle() -> None:
    cs = _cs("WC/WC002-Unmodified.docx", "WC/WC002-DiffInMiddle.docx")
    assert [(s.op, s.text) for s in cs.body[0].spans] == [(SpanOp.EQUAL, "This "), (SpanOp.DELETE, "is"), (SpanOp.INSERT, "was"), (SpanOp.EQUAL, " a test.")]


def test_paragraph_deleted() -> None:
    cs = _cs("WC/WC001-Digits.docx", "WC/WC001-Digits-Deleted-Paragraph.docx")
    assert [c.kind for c in cs.body].count(DELETED) == 1 and cs.summary.deleted == 1
    assert all(c.kind in (EQUAL, DELETED) for c in cs.body)


def test_table_row_inserted() -> None:
    cs = _cs("WC/WC006-Table-Delete-Row.docx", "WC/WC006-Table.docx")
    table = next(c for c in cs.body if c.rows)
    assert table.kind == MODIFIED and [r.kind for r in table.rows].count(INSERTED) == 1
