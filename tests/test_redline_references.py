"""Every clause reference in the corpus redlines says which version it belongs to.

Walks the JSON of every corpus pair: each entry has ``old_ref`` and ``new_ref`` (null exactly where
that side is absent), and its ``cite`` names the side, so no two entries share a reference without
saying which side it is. The HTML's list of changes agrees with its heading's count.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import lxml.html
import pytest

from sectrack.compare import compare
from sectrack.docx import read
from sectrack.render.html import render_html
from sectrack.render.json import render_json
from sectrack.render.markdown import render_markdown

DOCS = Path(__file__).resolve().parent.parent / "corpus" / "documents"
PAIRS = [
    ("appendix-am", "14.0", "15.0"), ("appendix-am", "15.0", "16.0"), ("appendix-am", "16.0", "17.0"),
    ("appendix-at", "1.0", "1.1"), ("section-a", "20.0", "21.0"), ("section-a", "21.0", "22.0"),
    ("section-a", "22.0", "23.0"), ("section-l", "9.0", "10.0"), ("section-l", "10.0", "11.0"),
]
IDS = [f"{slug}-{a}-{b}" for slug, a, b in PAIRS]


@cache
def _changeset(slug: str, a: str, b: str):
    return compare(read(DOCS / slug / f"{slug}-v{a}.docx"), read(DOCS / slug / f"{slug}-v{b}.docx"))


def _entries(changes: list[dict]):
    """Every change entry, nested ones (cells, notes) included."""
    for c in changes:
        yield c
        for row in c.get("rows", ()):
            for cell in row["cells"]:
                yield from _entries(cell["changes"])
        for note in c.get("notes", ()):
            yield from _entries(note["changes"])


def _side(c: dict) -> str:
    return "old" if c["kind"] in ("deleted", "moved-from") else "new"


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_every_entry_has_both_references_and_a_labelled_cite(pair) -> None:
    data = json.loads(render_json(_changeset(*pair)))
    changes = data["body"] + [c for p in data["parts"] for c in p["changes"]]
    for c in _entries(changes):
        assert "old_ref" in c and "new_ref" in c and "cite" in c
        assert (c["old_ref"] is None) == (c["kind"] == "inserted")
        assert (c["new_ref"] is None) == (c["kind"] in ("deleted", "moved-from"))
        if _side(c) == "old":
            assert c["cite"].startswith("old "), c
        elif c["old_ref"] and c["new_ref"] and c["old_ref"] != c["new_ref"]:
            assert c["old_ref"] in c["cite"] and c["new_ref"] in c["cite"], c


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_no_two_changes_share_a_reference_without_their_side(pair) -> None:
    data = json.loads(render_json(_changeset(*pair)))
    sides: dict[str, set[str]] = defaultdict(set)
    for c in data["body"]:
        if c["changed"]:
            sides[c["cite"]].add(_side(c))
    assert all(len(s) == 1 for s in sides.values()), {k: v for k, v in sides.items() if len(v) > 1}


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_markdown_never_cites_an_old_number_bare(pair) -> None:
    cs = _changeset(*pair)
    md = render_markdown(cs)
    gone = {c.old.ref for c in cs.body if c.kind in ("deleted", "moved-from") and c.old is not None and c.old.ref}
    kept = {c.new.ref for c in cs.body if c.new is not None and c.new.ref}
    for ref in gone - kept:  # a number only the old version has never appears without "old" or "was"
        for m in re.finditer(r"\*\*([^*]+)\*\*", md):
            text = m.group(1).replace("\\", "")
            assert text != ref, f"{ref} cited bare: {md[max(0, m.start() - 40):m.end() + 40]}"


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_the_list_of_changes_agrees_with_its_count(pair) -> None:
    page = lxml.html.fromstring(render_html(_changeset(*pair)).encode())
    nav = page.get_element_by_id("changes", None)
    if nav is None:
        return
    heading = nav.find("h2").text_content()
    items = nav.xpath("./ol/li")
    assert heading.startswith(f"{len(items)} change"), heading
    blocks = len(page.xpath("//main//*[@data-ref]"))
    linked = len(nav.xpath(".//a[@href]"))
    assert linked == blocks, (linked, blocks)
    if len(items) != blocks:
        assert f"({blocks} paragraphs and tables)" in heading
