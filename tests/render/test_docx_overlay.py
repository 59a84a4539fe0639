"""Paragraphs of the new version are written from their own XML: fields, hyperlinks, bookmarks,
content controls and equations survive, with the revisions laid over them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docxbuild import build_docx
from lxml import etree

from sectrack.compare import compare
from sectrack.docx import read
from sectrack.model import Document
from sectrack.render.docx import render_docx
from tests.render.test_docx_support import flatten_math, pandoc_texts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
NS = {"w": W, "m": M}


def r(text: str, rpr: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def p(*inner: str) -> str:
    return "<w:p>" + "".join(inner) + "</w:p>"


def field(code: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{code}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{r(result)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def math(text: str) -> str:
    return f'<m:oMath xmlns:m="{M}"><m:r><m:t>{text}</m:t></m:r></m:oMath>'


STILL = p(r("An unchanged paragraph that stays the same."))
CASES: dict[str, tuple[str, str]] = {
    "split-run": (p(r("The quick brown fox jumps over the lazy dog.")), p(r("The quick red fox jumps over the dog."))),
    "complex-field": (
        p(r("See clause L4.5 and page 3 for details.")),
        p(r("See clause "), field(" REF _Ref1 \\h ", "L4.6"), r(" and page "),
          '<w:fldSimple w:instr=" PAGE ">' + r("3") + "</w:fldSimple>", r(" for more details.")),
    ),
    "field-result-edited": (
        p(r("Version "), field(" DOCPROPERTY Version ", "4.1 draft"), r(" applies.")),
        p(r("Version "), field(" DOCPROPERTY Version ", "4.2 draft"), r(" applies now.")),
    ),
    "hyperlink": (
        p(r("Visit the website today.")),
        p(r("Visit "), '<w:hyperlink w:anchor="top">' + r("the SEC website") + "</w:hyperlink>", r(" today.")),
    ),
    "bookmark": (
        p(r("A clause with a bookmark in it.")),
        p('<w:bookmarkStart w:id="7" w:name="_Ref1"/>', r("A clause with a "), r("named", "<w:b/>"),
          r(" bookmark in it."), '<w:bookmarkEnd w:id="7"/>'),
    ),
    "inserted-with-field": (
        STILL,
        STILL + p(r("New paragraph citing "), field(" REF _Ref2 \\h ", "M2.1"), r(" here.")),
    ),
    "format-change": (
        p(r("Plain words then "), r("more plain words.")),
        p(r("Plain words then "), r("more plain words.", "<w:b/>")),
    ),
    "equation-kept": (
        p(r("Area "), math("A=πr2"), r(" of a circle."), r(" Old tail.")),
        p(r("Area "), math("A=πr2"), r(" of a circle."), r(" New tail.")),
    ),
    "equation-changed": (
        p(r("Formula "), math("x+1"), r(" here.")),
        p(r("Formula "), math("x+2"), r(" here.")),
    ),
    "tabs-and-breaks": (
        p(r("Label"), "<w:r><w:tab/></w:r>", r("old text"), "<w:r><w:br/></w:r>", r("second line")),
        p(r("Label"), "<w:r><w:tab/></w:r>", r("new text"), "<w:r><w:br/></w:r>", r("second line"),
          "<w:r><w:noBreakHyphen/></w:r>"),
    ),
    "content-control": (
        p(r("Effective from 1 April 2024 onwards.")),
        p(r("Effective from "), "<w:sdt><w:sdtPr/><w:sdtContent>" + r("1 May 2025") + "</w:sdtContent></w:sdt>", r(" onwards.")),
    ),
    "moved-with-field": (
        p(r("The moving paragraph cites "), field(" REF _Ref3 ", "A1"), r(" today.")) + STILL + p(r("Stays last here.")),
        STILL + p(r("The moving paragraph cites "), field(" REF _Ref3 ", "A1"), r(" today.")) + p(r("Stays last here.")),
    ),
    "table-cells": (
        "<w:tbl><w:tr><w:tc>" + p(r("Cell one text")) + "</w:tc><w:tc>" + p(r("Cell two old")) + "</w:tc></w:tr></w:tbl>" + STILL,
        "<w:tbl><w:tr><w:tc>" + p(r("Cell one text")) + "</w:tc><w:tc>"
        + p(r("Cell two "), '<w:hyperlink w:anchor="x">' + r("new link") + "</w:hyperlink>") + "</w:tc></w:tr>"
        "<w:tr><w:tc>" + p(r("Added row "), field(" PAGE ", "4")) + "</w:tc><w:tc>" + p(r("x")) + "</w:tc></w:tr></w:tbl>" + STILL,
    ),
}


PANDOC_BLIND = {"complex-field"}  # pandoc 2.17 drops the results of w:fldSimple fields


def texts(doc: Document) -> list[str]:
    return [t for t in (" ".join(x.text.split()) for x in doc.paragraphs()) if t]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Document, Document, Path]]:
    folder = tmp_path_factory.mktemp("overlay")
    out = {}
    for name, (old_body, new_body) in CASES.items():
        old = read(build_docx(folder / f"{name}-old.docx", old_body))
        new = read(build_docx(folder / f"{name}-new.docx", new_body))
        path = folder / f"{name}.docx"
        render_docx(compare(old, new), path)
        out[name] = (old, new, path)
    return out


def body(path: Path) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(path).read("word/document.xml")).find("w:body", NS)


@pytest.mark.parametrize("name", CASES)
def test_both_readers_see_both_versions(name: str, built: dict) -> None:
    old, new, path = built[name]
    assert texts(read(path, "accepted")) == texts(new)
    assert texts(read(path, "original")) == texts(old)
    if name in PANDOC_BLIND:
        return
    flat = flatten_math(path, path.with_name(path.stem + "-flat.docx"))
    assert pandoc_texts(flat, "accept") == texts(new)
    assert pandoc_texts(flat, "reject") == texts(old)


@pytest.mark.parametrize("name", CASES)
def test_revision_ids_unique_and_apart_from_bookmarks(name: str, built: dict) -> None:
    root = body(built[name][2])
    ids = [e.get(f"{{{W}}}id") for e in root.iter(*(f"{{{W}}}{t}" for t in ("ins", "del", "moveTo", "moveFrom", "rPrChange", "pPrChange", "bookmarkStart")))]
    assert len(ids) == len(set(ids))


def test_split_run_keeps_words_around_the_edit(built: dict) -> None:
    p0 = body(built["split-run"][2]).find("w:p", NS)
    assert [etree.QName(c).localname for c in p0 if c.tag != f"{{{W}}}pPr"] == ["r", "del", "ins", "r", "del", "r"]
    assert p0.xpath("string(w:del[1])", namespaces=NS) == "brown"
    assert p0.xpath("string(w:ins[1])", namespaces=NS) == "red"


def test_fields_survive_in_edited_paragraph(built: dict) -> None:
    p0 = body(built["complex-field"][2]).find("w:p", NS)
    kinds = [e.get(f"{{{W}}}fldCharType") for e in p0.iter(f"{{{W}}}fldChar")]
    assert kinds == ["begin", "separate", "end"]
    assert p0.find(".//w:instrText", NS).text == " REF _Ref1 \\h "
    assert p0.find("w:fldSimple", NS).get(f"{{{W}}}instr") == " PAGE "
    assert p0.xpath(".//w:ins//w:t/text()", namespaces=NS) == ["L4.6", "more "]
    # the field's result is wholly new: its codes and marks are inserted with it, the old text goes before it
    assert [etree.QName(e.getparent().getparent()).localname for e in p0.iter(f"{{{W}}}fldChar")] == ["ins"] * 3
    first_del = p0.find("w:del", NS)
    assert first_del.getnext().find(".//w:fldChar", NS).get(f"{{{W}}}fldCharType") == "begin"


def test_field_with_edited_result_keeps_its_codes(built: dict) -> None:
    p0 = body(built["field-result-edited"][2]).find("w:p", NS)
    for e in p0.iter(f"{{{W}}}fldChar", f"{{{W}}}instrText"):
        assert e.getparent().getparent().tag == f"{{{W}}}p"  # not inside w:ins or w:del: the field stays


def test_inserted_paragraph_wraps_its_field(built: dict) -> None:
    ps = body(built["inserted-with-field"][2]).findall("w:p", NS)
    inserted = ps[-1]
    for run in inserted.iter(f"{{{W}}}r"):
        assert run.getparent().tag == f"{{{W}}}ins"
    assert len(list(inserted.iter(f"{{{W}}}fldChar"))) == 3


def test_hyperlink_and_bookmark_kept(built: dict) -> None:
    link = body(built["hyperlink"][2]).find(".//w:hyperlink", NS)
    assert link.get(f"{{{W}}}anchor") == "top"
    assert link.xpath("string(.//w:ins)", namespaces=NS) == "SEC "
    root = body(built["bookmark"][2])
    assert root.find(".//w:bookmarkStart", NS).get(f"{{{W}}}name") == "_Ref1"
    assert root.find(".//w:bookmarkEnd", NS) is not None


def test_format_change_on_own_runs(built: dict) -> None:
    change = body(built["format-change"][2]).find(".//w:rPrChange", NS)
    assert change is not None and change.getparent().find("w:b", NS) is not None
    assert change.find("w:rPr/w:b", NS) is None


def test_equations_kept_or_deleted_and_inserted_whole(built: dict) -> None:
    assert body(built["equation-kept"][2]).find(".//m:oMath", NS) is not None
    changed = body(built["equation-changed"][2])  # still equations: the old one deleted, the new inserted
    maths = changed.findall(".//m:oMath", NS)
    assert ["".join(m.xpath(".//m:t/text()", namespaces=NS)) for m in maths] == ["x+1", "x+2"]
    assert [{a.tag.split("}")[1] for r in m.iter(f"{{{M}}}r") for a in r.iterancestors()} & {"ins", "del"} for m in maths] == [{"del"}, {"ins"}]


def test_moved_paragraph_keeps_field(built: dict) -> None:
    root = body(built["moved-with-field"][2])
    moved_to = [p for p in root.findall("w:p", NS) if p.find("w:moveToRangeStart", NS) is not None]
    assert len(moved_to) == 1
    assert len(list(moved_to[0].iter(f"{{{W}}}fldChar"))) == 3
    for run in moved_to[0].iter(f"{{{W}}}r"):
        assert run.getparent().tag == f"{{{W}}}moveTo"


def test_deleted_text_never_inside_an_insertion(tmp_path: Path) -> None:
    """Replacing words one by one inside new runs: each w:del stands between insertions, not in them."""
    old = read(build_docx(tmp_path / "o.docx", p(r("alpha beta gamma delta epsilon zeta eta theta"))))
    new = read(build_docx(tmp_path / "n.docx", p(r("alpha BETA gamma "), r("DELTA epsilon ZETA"), r(" eta THETA"))))
    out = tmp_path / "x.docx"
    render_docx(compare(old, new), out)
    root = body(out)
    assert not root.xpath(".//w:ins//w:del | .//w:del//w:ins", namespaces=NS)
    assert texts(read(out, "original")) == texts(old) and texts(read(out, "accepted")) == texts(new)
    assert pandoc_texts(out, "reject") == texts(old) and pandoc_texts(out, "accept") == texts(new)


def test_deletion_between_two_insertions_in_one_run(tmp_path: Path) -> None:
    from sectrack.compare.changes import MODIFIED, BlockChange, ChangeSet, Span, SpanOp

    old = read(build_docx(tmp_path / "o.docx", p(r("d"))))
    new = read(build_docx(tmp_path / "n.docx", p(r("XY"))))
    o, n = old.blocks[0], new.blocks[0]
    spans = (Span(SpanOp.INSERT, "X", n.runs[0]), Span(SpanOp.DELETE, "d", o.runs[0]), Span(SpanOp.INSERT, "Y", n.runs[0]))
    out = tmp_path / "x.docx"
    render_docx(ChangeSet(old, new, (BlockChange(MODIFIED, o, n, 0, 0, spans),)), out)
    p0 = body(out).find("w:p", NS)
    assert [etree.QName(c).localname for c in p0] == ["ins", "del", "ins"]
    assert texts(read(out, "original")) == ["d"] and texts(read(out, "accepted")) == ["XY"]


@pytest.mark.parametrize("n", ["0", "7"])
def test_an_element_in_the_old_placeholder_namespace_is_kept_as_it_is(tmp_path: Path, n: str) -> None:
    """A paragraph may hold any element; one in the namespace the writer once used for its own
    placeholders neither crashes the writer nor receives the deleted text a second time."""
    foreign = f'<st:x xmlns:st="urn:sectrack:placeholder" n="{n}"/>'
    old = read(build_docx(tmp_path / "old.docx", p(r("Alpha beta gamma delta."))))
    new = read(build_docx(tmp_path / "new.docx", p(r("Alpha "), foreign, r("gamma delta."))))
    out = tmp_path / "redline.docx"
    render_docx(compare(old, new), out)
    xml = zipfile.ZipFile(out).read("word/document.xml")
    root = etree.fromstring(xml)
    assert [t.text for t in root.iter(f"{{{W}}}delText")] == ["beta "]
    ids = [el.get(f"{{{W}}}id") for el in root.iter(f"{{{W}}}del", f"{{{W}}}ins")]
    assert len(ids) == len(set(ids))
    assert len(list(root.iter("{urn:sectrack:placeholder}x"))) == 1  # the document's own element, kept
    assert read(out).paragraphs().__next__().text == "Alpha gamma delta."
    assert read(out, "original").paragraphs().__next__().text == "Alpha beta gamma delta."
