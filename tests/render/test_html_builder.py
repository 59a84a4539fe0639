"""Reading the HTML redline back: the accept and reject views of a page, for the renderer's tests.

The ChangeSets those tests render come from the one builder, tests/changesets.py.
"""

from __future__ import annotations

from collections.abc import Sequence

import lxml.html

from sectrack.compare.changes import ChangeSet
from sectrack.model import Block, iter_paragraphs

# ----------------------------------------------------------------------------- reading the page

LABELS = ("num", "num-old", "mark")


def _has_class(cls: str) -> str:
    return f'contains(concat(" ", normalize-space(@class), " "), " {cls} ")'


def norm(text: str) -> str:
    return " ".join(text.split())


def main_of(html: str) -> lxml.html.HtmlElement:
    root = lxml.html.document_fromstring(html)
    found = root.xpath('//main[@id="redline"]')
    assert len(found) == 1, "the page must have exactly one main#redline"
    return found[0]


def view(html: str, drop: str) -> list[list[str]]:
    """Per top-level block of main, its paragraphs' texts with ``drop`` (ins/del) and labels removed."""
    main = main_of(html)
    query = " | ".join([f".//{drop}"] + [f".//*[{_has_class(c)}]" for c in LABELS])
    for el in main.xpath(query):
        el.drop_tree()
    out = []
    for child in main:
        texts = [norm(p.text_content()) for p in child.xpath(f"descendant-or-self::*[{_has_class('para')}]")]
        texts = [t for t in texts if t]
        if texts:
            out.append(texts)
    return out


def expected(blocks: Sequence[Block]) -> list[list[str]]:
    """Per block, its paragraphs' texts, whitespace-normalised, empty ones left out."""
    out = []
    for b in blocks:
        texts = [norm(p.text) for p in iter_paragraphs((b,))]
        texts = [t for t in texts if t]
        if texts:
            out.append(texts)
    return out


def assert_views(html: str, change_set: ChangeSet) -> None:
    """Accept view (no <del>) gives the new document; reject view (no <ins>) gives the old one."""
    assert view(html, "del") == expected(change_set.new.blocks), "accept view differs from the new document"
    assert view(html, "ins") == expected(change_set.old.blocks), "reject view differs from the old document"
