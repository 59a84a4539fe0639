"""Equations in the .docx redline, each one unit, whether the paragraph is written from its own XML or
from the model: an unchanged equation in a changed paragraph keeps its XML (pandoc reads it as the same
TeX in both views); a changed one stays an equation, the old one deleted and the new one inserted as
wholes, the way Word tracks changes inside math (every math run in w:del/w:ins, every control character
marked), so Accept All and Reject All give each version's equation.

pandoc 2.17 reads no revision inside an equation (tests/render/test_docx_pandoc_versions.py), nor
does LibreOffice 25.2 (it keeps every equation in both views, wherever the marks stand), so a
changed equation is checked two ways: with every equation flattened to a run of its text, a wholly
marked one becoming a run inserted or deleted (``flatten_math``), pandoc's Accept and Reject give its
reading of each version flattened alike; and each view resolved by the reader's own Accept/Reject,
pandoc reads each version's equations as the same TeX.
"""

from __future__ import annotations

import importlib
import zipfile
from pathlib import Path

import pytest
from docxbuild import build_docx
from lxml import etree

from sectrack.compare import compare
from sectrack.docx import read
from sectrack.docx.revisions import resolve
from sectrack.render.docx import render_docx
from tests.render.test_docx_support import flatten_math, pandoc_texts

M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
AREA = "<m:oMath><m:r><m:t>A=π</m:t></m:r><m:sSup><m:e><m:r><m:t>r</m:t></m:r></m:e><m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup></m:oMath>"
DOUBLED = AREA.replace("A=π", "A=2π")
STILL = '<w:p><w:r><w:t>An unchanged paragraph.</w:t></w:r></w:p>'


def _para(before: str, equation: str, after: str) -> str:
    return (f'<w:p><w:r><w:t xml:space="preserve">{before}</w:t></w:r>{equation}'
            f'<w:r><w:t xml:space="preserve">{after}</w:t></w:r></w:p>')


def _doc(path: Path, *paragraphs: str) -> Path:
    """A document whose root declares the math namespace (pandoc reads no equation otherwise)."""
    body = "".join(paragraphs)
    return build_docx(path, f'<w:document xmlns:w="{W}" xmlns:m="{M}"><w:body>{body}</w:body></w:document>')


@pytest.fixture(params=["own-xml", "model"])
def redline(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Writes the redline of two files: paragraphs from the new version's own XML, or (the writer
    given no XML to pair with the model's paragraphs) every paragraph from the model."""
    model = request.param == "model"
    if model:
        monkeypatch.setattr(importlib.import_module("sectrack.render.docx.located").Blocks, "at", lambda *a: None)

    def write(old: Path, new: Path) -> Path:
        out = tmp_path / f"redline-{request.param}.docx"
        render_docx(compare(read(old), read(new, keep_tree=not model)), out)
        return out

    return write


def _maths(path: Path) -> list[tuple[str, str]]:
    """(how, text) of each equation in the redline: "kept", or "inserted"/"deleted" when every math
    run is inside w:ins/w:del."""
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    out = []
    for el in root.iter(f"{{{M}}}oMath"):
        marks = {
            frozenset(a.tag for a in r.iterancestors(f"{{{W}}}ins", f"{{{W}}}del")) for r in el.iter(f"{{{M}}}r")
        }
        how = {frozenset(): "kept", frozenset({f"{{{W}}}ins"}): "inserted", frozenset({f"{{{W}}}del"}): "deleted"}
        out.append((how.get(next(iter(marks)), "mixed") if len(marks) == 1 else "mixed", "".join(el.itertext())))
    return out


def _resolved(path: Path, view: str, dst: Path) -> Path:
    """A copy of ``path`` with its main part resolved by the reader's Accept All or Reject All."""
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = etree.tostring(resolve(etree.fromstring(data), view), xml_declaration=True, encoding="UTF-8")
            zout.writestr(info, data)
    return dst


def _flat(path: Path) -> Path:
    return flatten_math(path, path.with_name(path.stem + "-flat.docx"))


def test_an_unchanged_equation_keeps_its_xml_in_a_changed_paragraph(redline, tmp_path: Path) -> None:
    old = _doc(tmp_path / "old.docx", _para("The area is ", AREA, " for a circle."))
    new = _doc(tmp_path / "new.docx", _para("The area is ", AREA, " for any circle."))
    out = redline(old, new)
    assert _maths(out) == [("kept", "A=πr2")]
    accepted, rejected = pandoc_texts(out, "accept"), pandoc_texts(out, "reject")
    assert accepted == pandoc_texts(new, "accept") and "\\pi" in accepted[0]
    assert rejected == pandoc_texts(old, "accept")


def test_a_changed_equation_is_deleted_and_inserted_whole(redline, tmp_path: Path) -> None:
    old = _doc(tmp_path / "old.docx", _para("The area is ", AREA, " for a circle."), STILL)
    new = _doc(tmp_path / "new.docx", _para("The area is ", DOUBLED, " for a disc."), STILL)
    out = redline(old, new)
    assert _maths(out) == [("deleted", "A=πr2"), ("inserted", "A=2πr2")]
    assert pandoc_texts(_flat(out), "accept") == pandoc_texts(_flat(new), "accept")
    assert pandoc_texts(_flat(out), "reject") == pandoc_texts(_flat(old), "accept")
    assert pandoc_texts(_resolved(out, "accepted", tmp_path / "a.docx"), "accept") == pandoc_texts(new, "accept")
    assert pandoc_texts(_resolved(out, "original", tmp_path / "o.docx"), "accept") == pandoc_texts(old, "accept")


def test_an_equation_of_a_deleted_paragraph_is_deleted_whole(redline, tmp_path: Path) -> None:
    old = _doc(tmp_path / "old.docx", STILL, _para("Where ", AREA, " is the area."), STILL)
    new = _doc(tmp_path / "new.docx", STILL, STILL)
    out = redline(old, new)
    assert _maths(out) == [("deleted", "A=πr2")]
    assert pandoc_texts(_flat(out), "accept") == pandoc_texts(_flat(new), "accept")
    assert pandoc_texts(_flat(out), "reject") == pandoc_texts(_flat(old), "accept")
    assert pandoc_texts(_resolved(out, "original", tmp_path / "o.docx"), "accept") == pandoc_texts(old, "accept")


def test_the_reader_keeps_each_equation_a_unit_with_its_xml(tmp_path: Path) -> None:
    """An equation beside a run without properties is not joined to it: it stays one math run."""
    doc = read(_doc(tmp_path / "d.docx", _para("The area is ", AREA, " for a circle.")))
    (para,) = doc.paragraphs()
    assert [(r.text, r.math) for r in para.runs] == [("The area is ", False), ("A=πr2", True), (" for a circle.", False)]
    assert etree.fromstring(para.runs[1].omml).tag == f"{{{M}}}oMath"


def test_an_equation_moves_with_its_paragraph(redline, tmp_path: Path) -> None:
    """A moved paragraph's equation is moved away whole at the old place and moved in at the new one."""
    moving = _para("The moving paragraph says the area of a circle of radius r is ", AREA, " in every case.")
    still = [f"<w:p><w:r><w:t>Paragraph {k} stays where it is, long enough to be matched.</w:t></w:r></w:p>" for k in range(3)]
    old = _doc(tmp_path / "old.docx", moving, *still)
    new = _doc(tmp_path / "new.docx", *still, moving)
    out = redline(old, new)
    root = etree.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    maths = list(root.iter(f"{{{M}}}oMath"))
    assert len(maths) == 2
    for el, tag in zip(maths, ("moveFrom", "moveTo")):
        assert {a.tag for r in el.iter(f"{{{M}}}r") for a in r.iterancestors(f"{{{W}}}{tag}")} == {f"{{{W}}}{tag}"}
    assert pandoc_texts(_flat(out), "accept") == pandoc_texts(_flat(new), "accept")
    assert pandoc_texts(_flat(out), "reject") == pandoc_texts(_flat(old), "accept")
