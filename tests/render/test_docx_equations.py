"""Equations in the .docx redline: an unchanged equation in a changed paragraph keeps its own XML
(pandoc reads it as the same TeX in both views); a changed one is deleted and inserted whole, so
Accept All and Reject All give each version's text (the paragraph is then written from the model,
the equations as their text: the model keeps no OMML)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docxbuild import build_docx
from lxml import etree

from sectrack.compare import compare
from sectrack.docx import read
from sectrack.render.docx import render_docx
from tests.render.test_docx_support import pandoc_texts

M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _doc(path: Path, before: str, equation: str, after: str) -> Path:
    body = (f'<w:p xmlns:m="{M}"><w:r><w:t xml:space="preserve">{before}</w:t></w:r>'
            f"<m:oMath><m:r><m:t>{equation}</m:t></m:r></m:oMath>"
            f'<w:r><w:t xml:space="preserve">{after}</w:t></w:r></w:p>')
    return build_docx(path, body)


def _maths(path: Path) -> list[tuple[str, str]]:
    """(where, text) of each equation in the redline: "kept", "inserted" or "deleted"."""
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    out = []
    for el in root.iter(f"{{{M}}}oMath"):
        where = "kept"
        for anc in el.iterancestors():
            if anc.tag in (f"{{{W}}}ins", f"{{{W}}}del"):
                where = "inserted" if anc.tag.endswith("ins") else "deleted"
        out.append((where, "".join(t.text or "" for t in el.iter(f"{{{M}}}t"))))
    return out


def test_an_unchanged_equation_keeps_its_xml_in_a_changed_paragraph(tmp_path: Path) -> None:
    old = _doc(tmp_path / "old.docx", "The area is ", "A=πr2", " for a circle.")
    new = _doc(tmp_path / "new.docx", "The area is ", "A=πr2", " for any circle.")
    out = tmp_path / "r.docx"
    render_docx(compare(read(old), read(new, keep_tree=True)), out)
    assert _maths(out) == [("kept", "A=πr2")]
    assert pandoc_texts(out, "accept") == pandoc_texts(new, "accept")
    assert pandoc_texts(out, "reject") == pandoc_texts(old, "accept")


def test_a_changed_equation_is_deleted_and_inserted_whole(tmp_path: Path) -> None:
    old = _doc(tmp_path / "old.docx", "The area is ", "A=πr2", " for a circle.")
    new = _doc(tmp_path / "new.docx", "The area is ", "A=2πr2", " for a disc.")
    out = tmp_path / "r.docx"
    render_docx(compare(read(old), read(new, keep_tree=True)), out)
    assert " ".join(next(read(out).paragraphs()).text.split()) == "The area is A=2πr2 for a disc."
    assert " ".join(next(read(out, "original").paragraphs()).text.split()) == "The area is A=πr2 for a circle."
