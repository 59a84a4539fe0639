"""The .docx writer parses the old package only when its main part holds content the model's runs
would lose; an answer worked out by another process holding the same bytes is taken as it is."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from docxbuild import build_docx

from sectrack.compare import compare
from sectrack.docx import read
from sectrack.render.docx import beyond, docx_bytes

writer = importlib.import_module("sectrack.render.docx.writer")


def _p(text: str, inner: str = "") -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r>{inner}</w:p>'


FIELD = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
         '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r>'
         '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def _parses(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, old_inner: str, hint: bool | None) -> int:
    """How many times the writer parses the old package for a redline deleting a paragraph."""
    old = read(build_docx(tmp_path / "old.docx", _p("Kept.") + _p("Gone. ", old_inner)))
    new = read(build_docx(tmp_path / "new.docx", _p("Kept.")))
    calls = []
    real = writer.parse_xml
    monkeypatch.setattr(writer, "parse_xml", lambda data, *a: calls.append(a[-1]) or real(data, *a))
    monkeypatch.setattr(beyond, "_KNOWN", {})
    assert old.package is not None
    beyond.remember(old.package, hint)
    docx_bytes(compare(old, new))
    return calls.count("word/document.xml") - 1  # the new package's main part: parsed once in any case


def test_the_old_package_is_parsed_only_when_it_holds_more_than_the_model(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert _parses(monkeypatch, tmp_path, FIELD, None) == 1
    assert _parses(monkeypatch, tmp_path, "", None) == 0


def test_an_answer_from_elsewhere_is_taken(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert _parses(monkeypatch, tmp_path, FIELD, False) == 0  # told: nothing to gain
    assert _parses(monkeypatch, tmp_path, "", True) == 1  # told: look


def test_in_package_and_remember(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(beyond, "_KNOWN", {})
    assert beyond.in_package(b"not a zip") is None
    assert beyond.in_main_part(b'<w:fldSimple w:instr="PAGE"/>') and not beyond.in_main_part(b"<w:t>text</w:t>")
    beyond.remember(b"abc", None)
    assert beyond.known(b"abc") is None
    beyond.remember(b"abc", True)
    assert beyond.known(bytes(bytearray(b"abc"))) is True  # the same bytes, another object
