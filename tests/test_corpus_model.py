"""The corpus documents: golden JSON models, and numbering labels as LibreOffice displays them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS
from lo import LoParagraph, libreoffice_paragraphs

from sectrack.docx import read
from sectrack.serial import dumps

DOCS = sorted((CORPUS / "documents").rglob("*.docx"))


def test_corpus_is_there() -> None:
    assert len(DOCS) >= 10


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_golden_model(path: Path, golden) -> None:
    golden(f"corpus/{path.stem}.json", dumps(read(path, name=path.name)))


@pytest.fixture(scope="module")
def libreoffice_paragraphs_of(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[LoParagraph]]:
    """Every corpus document read by one LibreOffice session: its paragraphs with their list labels."""
    work = tmp_path_factory.mktemp("corpus_lo")
    read = libreoffice_paragraphs([str(p) for p in DOCS], work)
    return {p.stem: paras for p, paras in zip(DOCS, read)}


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_labels_match_libreoffice(path: Path, libreoffice_paragraphs_of: dict[str, list[LoParagraph]]) -> None:
    """Each paragraph's label is the label LibreOffice computes for the paragraph with the same text."""
    theirs = [(" ".join(p.text.split()), p.label) for p in libreoffice_paragraphs_of[path.stem]]
    pos, checked, numbered = 0, 0, 0
    for p in read(path).paragraphs():
        text = " ".join(p.text.split())
        if not text:
            continue
        while pos < len(theirs) and theirs[pos][0] != text:
            pos += 1
        assert pos < len(theirs), f"LibreOffice lacks the paragraph {text[:60]!r}"
        assert theirs[pos][1] == p.label, f"{text[:50]!r}: LibreOffice shows {theirs[pos][1]!r}, we {p.label!r}"
        checked += 1
        numbered += bool(p.label)
        pos += 1
    assert checked > 50 and numbered > 30


def test_section_a_definitions_found_by_term() -> None:
    doc = read(CORPUS / "documents" / "section-a" / "section-a-v22.0.docx")
    assert doc.display_name == "SEC Section A 'Definitions and Interpretation'"
    terms = doc.definitions
    assert len(terms) >= 250
    assert [d.term for d in terms] == sorted((d.term for d in terms), key=str.casefold)
    hub = doc.definition("communications hub")
    assert hub is not None and hub.term == "Communications Hub" and hub.meaning.startswith("means")
    assert doc.definition("Expression") is None  # the header row is not a term
    assert all(d.meaning.startswith(("means", "has the meaning")) for d in terms)


def test_clause_references_in_corpus() -> None:
    l_doc = read(CORPUS / "documents" / "section-l" / "section-l-v11.0.docx")
    assert l_doc.clause("L14.8") is not None
    am = read(CORPUS / "documents" / "appendix-am" / "appendix-am-v16.0.docx")
    refs = {p.ref for p in am.paragraphs() if p.numbered}
    assert {"2.3", "1.3(b)", "5.3(a)"} <= refs
    assert sum(1 for r in refs if r.count(".") == 1 and "(" not in r) >= 80
