"""Paragraphs of the old version only are written from their own XML in the old package: fields,
internal hyperlinks, symbols and tabs come back with Reject All; anything that points outside the
paragraph (a picture, a note reference) falls back to writing the paragraph from the model."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from docxbuild import build_docx
from sectrack.compare import compare
from sectrack.docx import read
from sectrack.model import Document
from sectrack.render import docx as docx_writer
from sectrack.render.docx import render_docx
from sectrack.render.docx_overlay import Overlay
from sectrack.render.docx_xml import Revs, w
from tests.render.test_docx_overlay import field, p, r
from tests.render.test_docx_support import pandoc_texts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W}
HERE = Path(__file__).resolve().parent

def bookmark(bid: int, name: str, text: str) -> str:
    return f'<w:bookmarkStart w:id="{bid}" w:name="{name}"/>{r(text)}<w:bookmarkEnd w:id="{bid}"/>'


# The first paragraph holds the clauses the fields refer to (LibreOffice updates a REF field whose
# bookmark is missing once Reject All has run).
FIRST = p(r("Targets: "), bookmark(91, "_Ref1", "L4.5"), r(", "), bookmark(92, "_Ref3", "A1"), r(", "),
          bookmark(93, "_Ref4", "B2"), r("."))
LAST = p(r("The last paragraph stays too."))
STILL = "".join(p(r(f"Unchanged clause number {k} stays where it is.")) for k in range(3))
SIMPLE = '<w:fldSimple w:instr=" PAGE ">' + r("3", "<w:b/>") + "</w:fldSimple>"
LINK = '<w:hyperlink w:anchor="top">' + r("the top of the code") + "</w:hyperlink>"
SYMBOL = '<w:r><w:sym w:font="Symbol" w:char="F0B7"/></w:r>'
PICTURE = (
    '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
    '<wp:extent cx="100" cy="100"/><wp:docPr id="1" name="Picture 1"/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr>'
    '<pic:cNvPr id="1" name="x.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
    '<a:blip r:embed="rId9"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic>'
    "</wp:inline></w:drawing></w:r>"
)
FOOTNOTES = (
    f'<w:footnotes xmlns:w="{W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t>The cited note.</w:t></w:r></w:p></w:footnote></w:footnotes>'
)


def row(*cells: str) -> str:
    return "<w:tr>" + "".join(f"<w:tc>{c}</w:tc>" for c in cells) + "</w:tr>"


def tbl(*rows: str) -> str:
    return '<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="4000"/></w:tblGrid>' + "".join(rows) + "</w:tbl>"


# name -> (old body, new body, old package's extra parts)
CASES: dict[str, tuple[str, str, dict[str, str]]] = {
    "complex-field": (
        FIRST + p(r("See clause "), field(" REF _Ref1 \\h ", "L4.5"), r(" for details.")) + LAST, FIRST + LAST, {},
    ),
    "simple-field": (FIRST + p(r("Printed on page "), SIMPLE, r(" of the code.")) + LAST, FIRST + LAST, {}),
    "hyperlink": (
        FIRST + p('<w:bookmarkStart w:id="3" w:name="_Ref9"/>', r("Visit "), '<w:proofErr w:type="spellStart"/>',
                  LINK, '<w:proofErr w:type="spellEnd"/>', r(" now."), '<w:bookmarkEnd w:id="3"/>') + LAST,
        FIRST + LAST, {},
    ),
    "symbol-and-tab": (FIRST + p(r("Done"), SYMBOL, "<w:r><w:tab/></w:r>", r("next step")) + LAST, FIRST + LAST, {}),
    "all-deleted-in-a-row": (
        FIRST + p(r("Several deleted: "), field(" PAGE ", "7"), r(".")) + p(r("Then "), LINK, r(".")) + LAST,
        FIRST + LAST, {},
    ),
    "moved-with-field": (
        FIRST + p(r("The moving clause cites "), field(" REF _Ref3 \\h ", "A1"), r(" today.")) + STILL + LAST,
        FIRST + STILL + p(r("The moving clause cites "), field(" REF _Ref3 \\h ", "A1"), r(" today.")) + LAST,
        {},
    ),
    "deleted-row": (
        FIRST + tbl(row(p(r("Kept cell")), p(r("Kept too"))), row(p(r("Gone with "), field(" REF _Ref4 ", "B2")), p(r("x"))))
        + LAST,
        FIRST + tbl(row(p(r("Kept cell")), p(r("Kept too")))) + LAST, {},
    ),
    "picture": (FIRST + p(r("Figure one "), PICTURE, r(" shows the meter.")) + LAST, FIRST + LAST, {}),
    "footnote": (
        FIRST + p(r("A cited clause"), '<w:r><w:footnoteReference w:id="1"/></w:r>', r(" is deleted.")) + LAST,
        FIRST + LAST, {"footnotes": FOOTNOTES},
    ),
}
FALLBACK = {"picture", "footnote"}  # written from the model, as before
PANDOC_SYMBOLS = {"symbol-and-tab"}  # pandoc maps Symbol-font characters; our reader does not
PANDOC_BLIND = {"simple-field"}  # pandoc 2.17 drops the results of w:fldSimple fields in the old file


def texts(doc: Document) -> list[str]:
    return [t for t in (" ".join(x.text.split()) for x in doc.paragraphs()) if t]


def write_case(folder: Path, name: str) -> tuple[Path, Path, Path]:
    """The case's old and new files and its redline."""
    old_body, new_body, parts = CASES[name]
    old_path = build_docx(folder / f"{name}-old.docx", old_body, parts_xml=parts or None)
    new_path = build_docx(folder / f"{name}-new.docx", new_body)
    out = folder / f"{name}.docx"
    render_docx(compare(read(old_path), read(new_path, keep_tree=True)), out)
    return old_path, new_path, out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, Path]]:
    folder = tmp_path_factory.mktemp("deleted")
    return {name: write_case(folder, name) for name in CASES}


def body(path: Path) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(path).read("word/document.xml")).find("w:body", NS)


def old_only(path: Path, name: str) -> list[etree._Element]:
    """The paragraphs whose text is all deleted or moved away."""
    out = []
    for para in body(path).iter(f"{{{W}}}p"):
        runs = list(para.iter(f"{{{W}}}r"))
        wrapped = [x for x in runs if x.getparent().tag in (f"{{{W}}}del", f"{{{W}}}moveFrom")]
        if runs and len(wrapped) == len(runs):
            out.append(para)
    assert out, name
    return out


@pytest.mark.parametrize("name", CASES)
def test_both_readers_see_both_versions(name: str, built: dict) -> None:
    old_path, new_path, out = built[name]
    old, new = read(old_path), read(new_path)
    assert texts(read(out, "original")) == texts(old)
    assert texts(read(out, "accepted")) == texts(new)
    assert pandoc_texts(out, "accept") == texts(new)
    if name not in PANDOC_SYMBOLS:
        assert pandoc_texts(out, "reject") == texts(old)


@pytest.mark.parametrize("name", sorted(set(CASES) - PANDOC_BLIND))
def test_reject_all_gives_the_old_file_as_pandoc_reads_it(name: str, built: dict) -> None:
    old_path, new_path, out = built[name]
    assert pandoc_texts(out, "reject") == pandoc_texts(old_path, "accept")
    assert pandoc_texts(out, "accept") == pandoc_texts(new_path, "accept")


@pytest.mark.parametrize("name", CASES)
def test_revision_ids_unique(name: str, built: dict) -> None:
    tags = ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "moveFromRangeStart", "moveToRangeStart", "bookmarkStart")
    ids = [e.get(f"{{{W}}}id") for e in body(built[name][2]).iter(*(f"{{{W}}}{t}" for t in tags))]
    assert all(ids) and len(ids) == len(set(ids))


def _field_in(para: etree._Element, wrapper: str, code_tag: str) -> list[str]:
    """The codes of the complex fields in ``para`` whose characters and code all stand in ``wrapper``."""
    chars = list(para.iter(f"{{{W}}}fldChar"))
    assert [c.get(f"{{{W}}}fldCharType") for c in chars] == ["begin", "separate", "end"] * (len(chars) // 3)
    assert chars and all(c.getparent().getparent().tag == f"{{{W}}}{wrapper}" for c in chars)
    codes = list(para.iter(f"{{{W}}}{code_tag}"))
    assert codes and all(c.getparent().getparent().tag == f"{{{W}}}{wrapper}" for c in codes)
    return [c.text for c in codes]


def test_deleted_complex_field_survives_inside_del(built: dict) -> None:
    (para,) = old_only(built["complex-field"][2], "complex-field")
    assert _field_in(para, "del", "delInstrText") == [" REF _Ref1 \\h "]
    assert para.find(".//w:instrText", NS) is None
    assert "".join(para.xpath(".//w:delText/text()", namespaces=NS)) == "See clause L4.5 for details."


def test_deleted_simple_field_becomes_the_same_complex_field(built: dict) -> None:
    """A w:fldSimple cannot stand inside w:del, and one left around deleted runs shows its result
    again after Accept All: it is written as the same field in complex form, all of it deleted."""
    (para,) = old_only(built["simple-field"][2], "simple-field")
    assert para.find(".//w:fldSimple", NS) is None
    assert _field_in(para, "del", "delInstrText") == [" PAGE "]
    result = para.xpath(".//w:r[w:delText='3']", namespaces=NS)
    assert len(result) == 1 and result[0].find("w:rPr/w:b", NS) is not None  # run properties kept


def test_deleted_hyperlink_keeps_its_anchor_around_deleted_runs(built: dict) -> None:
    (para,) = old_only(built["hyperlink"][2], "hyperlink")
    link = para.find("w:hyperlink", NS)
    assert link.get(f"{{{W}}}anchor") == "top"
    assert [etree.QName(c).localname for c in link] == ["del"]
    assert link.xpath("string(w:del)", namespaces=NS) == "the top of the code"
    for marker in ("bookmarkStart", "bookmarkEnd", "proofErr"):  # markers of the old version are dropped
        assert para.find(f".//w:{marker}", NS) is None


def test_deleted_symbol_and_tab_stay_what_they_were(built: dict) -> None:
    (para,) = old_only(built["symbol-and-tab"][2], "symbol-and-tab")
    sym = para.find(".//w:sym", NS)
    assert sym.get(f"{{{W}}}font") == "Symbol" and sym.get(f"{{{W}}}char") == "F0B7"
    assert sym.getparent().getparent().tag == f"{{{W}}}del"
    assert para.find(".//w:del/w:r/w:tab", NS) is not None
    assert [etree.QName(c).localname for c in para if c.tag != f"{{{W}}}pPr"] == ["del"]  # one wrapper for all runs


def test_moved_clause_keeps_its_field_at_the_old_place(built: dict) -> None:
    root = body(built["moved-with-field"][2])
    olds = [x for x in root.findall("w:p", NS) if x.find("w:moveFromRangeStart", NS) is not None]
    assert len(olds) == 1
    assert _field_in(olds[0], "moveFrom", "instrText") == [" REF _Ref3 \\h "]
    assert olds[0].find(".//w:delText", NS) is None and olds[0].find(".//w:delInstrText", NS) is None


def test_deleted_row_keeps_its_field(built: dict) -> None:
    rows = body(built["deleted-row"][2]).findall(".//w:tr", NS)
    assert rows[1].find("w:trPr/w:del", NS) is not None
    assert _field_in(rows[1].find(".//w:p", NS), "del", "delInstrText") == [" REF _Ref4 "]


@pytest.mark.parametrize("name", sorted(FALLBACK))
def test_paragraphs_pointing_outside_fall_back_to_the_model(name: str, built: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A picture or note reference of the old version is not written: the paragraph is as before."""
    old_path, new_path, out = built[name]
    (para,) = old_only(out, name)
    assert para.find(".//w:drawing", NS) is None and para.find(".//w:footnoteReference", NS) is None
    for run in para.iter(f"{{{W}}}r"):
        assert {etree.QName(c).localname for c in run} <= {"rPr", "delText"}
    monkeypatch.setattr(docx_writer, "_old_paragraphs", lambda cs: {})
    before = tmp_path / "before.docx"
    render_docx(compare(read(old_path), read(new_path)), before)
    assert before.read_bytes() == out.read_bytes()


def test_old_xml_that_does_not_show_the_models_text_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old_path, new_path, _out = write_case(tmp_path, "complex-field")
    old, new = read(old_path), read(new_path)
    build_docx(old_path, FIRST + p(r("Another text, "), field(" REF _Ref1 ", "L4.5"), r(".")) + LAST)  # same shape
    cs = compare(old, new)
    render_docx(cs, tmp_path / "after.docx")
    monkeypatch.setattr(docx_writer, "_old_paragraphs", lambda cs: {})
    render_docx(cs, tmp_path / "before.docx")
    assert (tmp_path / "after.docx").read_bytes() == (tmp_path / "before.docx").read_bytes()


def test_old_package_is_parsed_only_for_old_only_paragraphs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = docx_writer._old_paragraphs
    monkeypatch.setattr(docx_writer, "_old_paragraphs", lambda cs: calls.append(1) or real(cs))
    a = read(build_docx(tmp_path / "a.docx", FIRST + LAST))
    b = read(build_docx(tmp_path / "b.docx", FIRST + p(r("Inserted "), field(" PAGE ", "2")) + LAST))
    render_docx(compare(a, a), tmp_path / "same.docx")
    render_docx(compare(a, b), tmp_path / "inserted.docx")
    assert calls == []
    render_docx(compare(b, a), tmp_path / "deleted.docx")
    assert calls == [1]


# ------------------------------------------------------------------------------ self-contained or not


def _removed(inner: str, op: str = "del") -> str | None:
    """``Overlay.removed`` on a w:p holding ``inner``: the content written, or None (fall back)."""
    el = etree.fromstring(f'<w:p xmlns:w="{W}" xmlns:r="{R_NS}"><w:pPr><w:jc w:val="left"/></w:pPr>{inner}</w:p>')
    revs = Revs("t", "")

    def wrap(tag: str, run: etree._Element) -> etree._Element:
        outer = etree.Element(w(tag), {w("id"): str(revs.take())})
        outer.append(run)
        return outer

    found = Overlay({"w": W, "r": R_NS}).removed(el, op, wrap)
    return found[1] if found is not None else None


@pytest.mark.parametrize("inner", [
    '<w:hyperlink r:id="rId4">' + r("external") + "</w:hyperlink>",
    r("a") + '<w:r><w:footnoteReference w:id="1"/></w:r>',
    r("a") + '<w:r><w:endnoteReference w:id="1"/></w:r>',
    r("a") + '<w:r><w:commentReference w:id="0"/></w:r>',
    r("a") + PICTURE,
    r("a") + '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"/></w:pict></w:r>',
    r("a") + '<w:r><w:object/></w:r>',
    '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Fallback>'
    + r("a") + "</mc:Fallback></mc:AlternateContent>",
    "<w:sdt><w:sdtPr><w:dataBinding w:xpath='/a'/></w:sdtPr><w:sdtContent>" + r("a") + "</w:sdtContent></w:sdt>",
    '<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:r><m:t>x</m:t></m:r></m:oMath>',
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>TOC</w:instrText></w:r>' + r("a"),
    r("a") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    '<w:customXml w:element="x">' + r("a") + "</w:customXml>",
    r("a") + '<w:r><w:rPr><w:rStyle r:id="rId1" w:val="x"/></w:rPr><w:t>b</w:t></w:r>',
])
def test_not_self_contained(inner: str) -> None:
    assert _removed(inner) is None


def test_self_contained_content_is_wrapped_and_markers_dropped() -> None:
    got = _removed(
        '<w:bookmarkStart w:id="1" w:name="b"/>' + r("a") + '<w:r><w:lastRenderedPageBreak/><w:t>b</w:t></w:r>'
        + '<w:commentRangeStart w:id="2"/>' + LINK + '<w:commentRangeEnd w:id="2"/>'
        + '<w:hyperlink w:anchor="empty"><w:bookmarkEnd w:id="1"/></w:hyperlink>' + SIMPLE
    )
    assert got is not None
    assert "bookmark" not in got and "comment" not in got and "lastRendered" not in got and 'w:anchor="empty"' not in got
    assert got.count("<w:del ") == 3  # the runs before the link, the link's runs, the field
    assert got.startswith('<w:del w:id="1"><w:r><w:delText xml:space="preserve">a</w:delText></w:r><w:r><w:delText>b</w:delText></w:r></w:del>')
    assert '<w:delInstrText xml:space="preserve"> PAGE </w:delInstrText>' in got
    assert "<w:pPr>" not in got  # the writer writes the paragraph's properties


def test_moved_away_text_stays_text() -> None:
    got = _removed(r("a") + field(" PAGE ", "1"), "moveFrom")
    assert got is not None and "<w:moveFrom " in got and "<w:del" not in got
    assert "<w:instrText" in got and "<w:t" in got


# ------------------------------------------------------------------------------------------ LibreOffice


LO_PYTHON = "/usr/bin/python3"


def _lo_uno() -> bool:
    if shutil.which("soffice") is None or not Path(LO_PYTHON).is_file():
        return False
    return subprocess.run([LO_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _lo_uno(), reason="LibreOffice with its Python bridge (uno) not installed")
def test_libreoffice_accepts_to_new_and_rejects_to_old(built: dict, tmp_path: Path) -> None:
    """LibreOffice's own Accept All and Reject All give the new and the old file as it reads them."""
    names = sorted(set(CASES) - FALLBACK)
    paths = [str(x) for name in names for x in built[name]]
    done = subprocess.run(
        [LO_PYTHON, str(HERE / "lo_tracked.py"), str(tmp_path), *paths], capture_output=True, timeout=600, check=True,
    )
    views = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(views) == len(paths), done.stderr.decode("utf-8", "replace")[-2000:]
    for k, name in enumerate(names):
        old, new, out = views[3 * k: 3 * k + 3]
        assert out["accept"] == new["accept"], name
        assert out["reject"] == old["accept"], name
