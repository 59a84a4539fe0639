"""What the reader of an HTML redline relies on, on the corpus: headings kept around changes in
--context mode, definitions with their sub-paragraph labels and removed terms struck, text under a
clause at the clause's indent, anchors named after references and the same in every run."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import lxml.html

from sectrack.compare import compare
from sectrack.docx import read
from sectrack.model import Paragraph
from sectrack.render.html import render_html

DOCS = Path(__file__).resolve().parents[2] / "corpus" / "documents"


@cache
def _cs(slug: str, a: str, b: str):
    return compare(read(DOCS / slug / f"{slug}-v{a}.docx"), read(DOCS / slug / f"{slug}-v{b}.docx"))


def _page(html: str):
    return lxml.html.fromstring(html.encode("utf-8"))


def _headings_above(body, index: int) -> list[str]:
    """The headings in force at ``index``: the nearest one, then the nearest of each higher level."""
    out, level = [], 10
    for k in range(index - 1, -1, -1):
        block = body[k].new if body[k].new is not None else body[k].old
        if isinstance(block, Paragraph) and block.heading_level and block.heading_level < level:
            out.append(" ".join(block.text.split()))
            level = block.heading_level
    return out


def test_context_keeps_the_headings_of_every_clause_shown() -> None:
    for pair in (("appendix-am", "15.0", "16.0"), ("section-l", "10.0", "11.0"), ("section-a", "22.0", "23.0")):
        cs = _cs(*pair)
        main = _page(render_html(cs, context=0)).get_element_by_id("redline")
        shown = {" ".join(h.text_content().split()) for h in main.xpath(".//*[contains(@class, 'heading')]")}
        for i, bc in enumerate(cs.body):
            if bc.changed:
                missing = [h for h in _headings_above(cs.body, i) if not any(h in s for s in shown)]
                assert not missing, (pair, bc.ref, missing)


def test_definitions_keep_labels_and_strike_removed_terms() -> None:
    page = _page(render_html(_cs("section-a", "21.0", "22.0")))
    rows = page.get_element_by_id("definitions").xpath(".//tbody/tr")
    by_term = {r.find_class("term")[0].text_content(): r for r in rows}
    assert "(b)" in by_term["Device Security Credentials"].text_content()
    page = _page(render_html(_cs("section-a", "22.0", "23.0")))
    for row in page.get_element_by_id("definitions").xpath(".//tbody/tr"):
        term = row.find_class("term")[0]
        kind = row.find_class("kind")[0].text_content()
        if kind == "removed":
            assert term.xpath(".//del"), "a removed term is struck"
        elif kind == "added":
            assert term.xpath(".//ins")


def test_text_under_a_clause_sits_at_its_indent() -> None:
    page = _page(render_html(_cs("appendix-am", "15.0", "16.0")))
    cont = page.find_class("cont")
    assert cont
    for p in cont:
        assert any(c.startswith("lvl") for c in p.get("class").split())


def test_anchors_are_named_after_references_unique_and_stable() -> None:
    cs = _cs("appendix-am", "15.0", "16.0")
    first, again = render_html(cs), render_html(_cs.__wrapped__("appendix-am", "15.0", "16.0"))
    anchors = _page(first).xpath("//main//*[contains(@class, 'anchor')]/@id")
    assert anchors == _page(again).xpath("//main//*[contains(@class, 'anchor')]/@id")
    assert len(anchors) == len(set(anchors)) and "AM-5.3" in anchors and "AM-old-5.3" in anchors
    assert all(a.startswith("AM-") for a in anchors)
