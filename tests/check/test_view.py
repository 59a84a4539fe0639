"""A stored model read for the checks only (sectrack/check/view.py) indexes exactly as the Document
it stands for, and the checks over a store read it so, falling back to the Document when they cannot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import sectrack
import sectrack.docx
from sectrack.check import check, release_report
from sectrack.check.index import DocIndex
from sectrack.check.view import read_view
from sectrack.model import Document

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.mark.parametrize("path", sorted((CORPUS / "documents").glob("*/*.docx")), ids=lambda p: p.stem)
def test_a_corpus_models_index_is_its_documents(path: Path) -> None:
    doc = sectrack.docx.read(path)
    text = sectrack.dumps(doc)
    assert DocIndex.from_model(text) == DocIndex.of(doc)
    assert DocIndex.from_model(text.encode("utf-8")) == DocIndex.of(doc)


def test_the_constructed_codes_indexes_and_findings(code: dict[str, Document]) -> None:
    models = {slug: DocIndex.from_model(sectrack.dumps(doc)) for slug, doc in code.items()}
    assert models == {slug: DocIndex.of(doc) for slug, doc in code.items()}
    assert check(models).findings == check(code).findings
    view = read_view(sectrack.dumps(code["section-a"]))
    assert [d.term for d in view.definitions] == [d.term for d in code["section-a"].definitions]


@pytest.mark.parametrize("text", [
    "{not json", "[]", '{"schema": "sectrack/comparison", "schema_version": 1}',
    '{"schema": "sectrack/document", "schema_version": 2, "kind": "", "letter": "", "title": "", "blocks": [], '
    '"definitions": []}',
    '{"schema": "sectrack/document", "schema_version": 1, "kind": "", "letter": "", "title": "", '
    '"blocks": [{"type": "list"}], "definitions": []}',
])
def test_an_unreadable_model_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="not a readable model"):
        DocIndex.from_model(text)


class _Store:
    """What the checks ask of a store, over Documents: a stored model in another format (None), or
    one that cannot be read, sends them to the Document."""

    def __init__(self, docs: dict[str, Document], models: dict[str, Any]) -> None:
        self.docs, self.models = docs, models
        self.loaded: list[str] = []

    def latest(self) -> Any:
        return type("Release", (), {"sec_version": "1.0"})()

    def in_effect(self, release: str) -> dict[str, Any]:
        return {slug: type("Info", (), {"version": "1", "sha256": slug})() for slug in self.docs}

    def model(self, slug: str, version: str) -> Any:
        return self.models[slug]

    def document(self, slug: str, version: str) -> Document:
        self.loaded.append(slug)
        return self.docs[slug]


def test_the_store_checks_read_the_model_and_fall_back_to_the_document(code: dict[str, Document]) -> None:
    models: dict[str, Any] = {slug: sectrack.dumps(doc).encode("utf-8") for slug, doc in code.items()}
    models["section-l"], models["appendix-am"] = None, b"{damaged"
    store = _Store(code, models)
    assert release_report(store).findings == check(code, release="1.0").findings
    assert sorted(store.loaded) == ["appendix-am", "section-l"]
