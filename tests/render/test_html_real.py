"""The HTML redline over real comparisons: the Open-XML-PowerTools pairs and the corpus versions.

For each pair, the accept view of main#redline (no <del>, no labels or marks) must be the new
document's text block by block and paragraph by paragraph, and the reject view (no <ins>) the old one.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

import pytest

from sectrack.compare import compare
from sectrack.docx import read
from sectrack.render.html import render_html

from .test_html_builder import assert_views, main_of

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT.parent / "shared" / "fixtures" / "wordprocessing"
PAIRS = FIXTURES / "compare" / "pairs.csv"
DOCUMENTS = ROOT / "corpus" / "documents"


def _pairs() -> list[tuple[str, str, str]]:
    if not PAIRS.is_file():
        return []
    with PAIRS.open(encoding="utf-8", newline="") as f:
        return [(r["id"], r["before"], r["after"]) for r in csv.DictReader(f)]


def _version_key(path: Path) -> tuple[int, ...]:
    found = re.search(r"-v([\d.]+)\.docx$", path.name)
    return tuple(int(x) for x in found.group(1).split(".") if x) if found else ()


def _corpus_pairs() -> list[tuple[Path, Path]]:
    out = []
    if DOCUMENTS.is_dir():
        for folder in sorted(p for p in DOCUMENTS.iterdir() if p.is_dir()):
            files = sorted(folder.glob("*.docx"), key=_version_key)
            out.extend(zip(files, files[1:]))
    return out


@lru_cache(maxsize=64)
def _read(path: Path):
    return read(path)


@pytest.mark.parametrize("ident,before,after", _pairs(), ids=[p[0] for p in _pairs()])
def test_fixture_pair_views(ident: str, before: str, after: str) -> None:
    base = PAIRS.parent
    change_set = compare(_read(base / before), _read(base / after))
    html = render_html(change_set)
    assert_views(html, change_set)
    assert main_of(html) is not None


@pytest.mark.parametrize("old,new", _corpus_pairs(), ids=[f"{a.stem}..{b.stem}" for a, b in _corpus_pairs()])
def test_corpus_versions_views(old: Path, new: Path) -> None:
    change_set = compare(_read(old), _read(new))
    for context in (None, 2):
        html = render_html(change_set, context=context)
        if context is None:
            assert_views(html, change_set)
        ids = [i for i in main_of(html).xpath("./descendant::*/@id") if re.fullmatch(r"c-\d+", i)]
        assert len(ids) == sum(1 for c in change_set.body if c.changed)
