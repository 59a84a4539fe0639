"""An equation is one unit: kept whole when unchanged, deleted and inserted whole when changed,
never cut into pieces of its text; the HTML marks it as an equation."""

from __future__ import annotations

from conftest import FIXTURES

from sectrack.compare import SpanOp, compare
from sectrack.docx import read
from sectrack.model import Run
from sectrack.render.html import render_html

from .build import clause, doc
from .invariants import check_changeset

AREA = Run("A=πr2", math=True)
DOUBLED = Run("A=2πr2", math=True)


def _pair(old_runs, new_runs):
    cs = compare(doc(clause("3.1", *old_runs)), doc(clause("3.1", *new_runs)))
    check_changeset(cs)
    return cs.body[0]


def test_an_unchanged_equation_in_a_changed_paragraph_is_kept_whole() -> None:
    c = _pair(["The area is ", AREA, " for a circle."], ["The area is ", AREA, " for any circle."])
    kept = [s for s in c.spans if s.run.math]
    assert [(s.op, s.text) for s in kept] == [(SpanOp.EQUAL, "A=πr2")]


def test_a_changed_equation_is_deleted_and_inserted_whole() -> None:
    c = _pair(["The area is ", AREA, " for a circle."], ["The area is ", DOUBLED, " for a disc."])
    maths = [(s.op, s.text) for s in c.spans if s.run.math]
    assert maths == [(SpanOp.DELETE, "A=πr2"), (SpanOp.INSERT, "A=2πr2")]
    assert not any(s.op != SpanOp.EQUAL and s.run.math and s.text not in ("A=πr2", "A=2πr2") for s in c.spans)


def test_the_reader_keeps_equations_as_units_and_the_html_marks_them() -> None:
    folder = FIXTURES / "compare" / "WC"
    old, new = read(folder / "WC012-Math-Before.docx"), read(folder / "WC012-Math-After.docx")
    assert any(r.math for p in new.paragraphs() for r in p.runs)
    cs = compare(old, new)
    changed = [c for c in cs.body if c.changed and any(s.run.math for s in c.spans)]
    assert changed
    for c in changed:
        assert [s.op for s in c.spans if s.run.math] in ([SpanOp.DELETE, SpanOp.INSERT], [SpanOp.EQUAL])
    html = render_html(cs)
    assert '<del><span class="equation" role="math" title="equation">' in html
    assert '<ins><span class="equation" role="math" title="equation">' in html
