"""Paragraphs of the old version only are written from their own XML in the old package: fields,
internal hyperlinks, symbols and tabs come back with Reject All, external hyperlinks and inline
pictures too (their relationships carried into the new package); anything else that points outside
the paragraph (a chart, a missing relationship, a note reference) falls back to writing the
paragraph from the model."""

from __future__ import annotations

import dataclasses
import json
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest
from docxbuild import build_docx
from lo import libreoffice_ready, run_bridge
from lxml import etree

from sectrack.compare import compare
from sectrack.docx import read
from sectrack.model import Document
from sectrack.ooxml.names import w
from sectrack.render.docx import render_docx
from sectrack.render.docx import writer as docx_writer
from sectrack.render.docx.overlay import Overlay
from sectrack.render.docx.xmltext import Revs
from tests.render.test_docx_overlay import field, p, r
from tests.render.test_docx_support import pandoc_texts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W}

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


def picture(rid: str, docpr: int = 1) -> str:
    """A run holding an inline picture whose a:blip embeds relationship ``rid``."""
    return (
        '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        f'<wp:extent cx="304800" cy="304800"/><wp:docPr id="{docpr}" name="Picture {docpr}"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr>'
        '<pic:cNvPr id="0" name="x.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
        f'<a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr>'
        '<a:xfrm><a:off x="0" y="0"/><a:ext cx="304800" cy="304800"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        "</pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def png(red: int, green: int, blue: int) -> bytes:
    """A 1x1 PNG of one colour."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes([0, red, green, blue]))) + chunk(b"IEND", b"")


PICTURE = picture("rId9")  # rId9: no such relationship
URL = "https://example.org/energy-code"
EXTERNAL = '<w:hyperlink r:id="rId20">' + r("the code online") + "</w:hyperlink>"
CHART = (
    '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
    '<wp:extent cx="304800" cy="304800"/><wp:docPr id="3" name="Chart 3"/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
    '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rId22"/>'
    "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
)
RED, BLUE = png(255, 0, 0), png(0, 0, 255)
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# name -> (old package's, new package's) extra (relationships: (id, type, target, external), parts)
Extra = tuple[list[tuple[str, str, str, bool]], dict[str, bytes]]
EXTRAS: dict[str, tuple[Extra, Extra]] = {
    "external-link": (([("rId20", f"{_RT}/hyperlink", URL, True)], {}), ([], {})),
    # the new package already has rId20 and a media/red.png (other content): both get fresh names
    "inline-picture": (
        ([("rId20", f"{_RT}/image", "media/red.png", False)], {"word/media/red.png": RED}),
        ([("rId20", f"{_RT}/image", "media/red.png", False)], {"word/media/red.png": BLUE}),
    ),
    # the new version keeps the same picture elsewhere: the deleted one points at that part
    "picture-kept-elsewhere": (
        ([("rId20", f"{_RT}/image", "media/image1.png", False)], {"word/media/image1.png": RED}),
        ([("rId7", f"{_RT}/image", "media/kept.png", False)], {"word/media/kept.png": RED}),
    ),
    "chart": (
        ([("rId22", f"{_RT}/chart", "charts/chart1.xml", False)],
         {"word/charts/chart1.xml": b'<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"/>'}),
        ([], {}),
    ),
    # an external hyperlink whose relationship is of another type
    "link-not-hyperlink": (([("rId20", f"{_RT}/image", "media/red.png", False)], {"word/media/red.png": RED}), ([], {})),
}


def add_to_package(path: Path, extra: Extra) -> None:
    """Add relationships of the main document and parts (PNGs get a Default content type)."""
    rels, parts = extra
    if not rels and not parts:
        return
    with zipfile.ZipFile(path) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    doc_rels = entries["word/_rels/document.xml.rels"].decode("utf-8")
    more = "".join(
        f'<Relationship Id="{i}" Type="{t}" Target="{target}"' + (' TargetMode="External"' if ext else "") + "/>"
        for i, t, target, ext in rels
    )
    entries["word/_rels/document.xml.rels"] = doc_rels.replace("</Relationships>", more + "</Relationships>").encode()
    types = entries["[Content_Types].xml"].decode("utf-8")
    defaults = '<Default Extension="png" ContentType="image/png"/>'
    overrides = "".join(
        f'<Override PartName="/{n}" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>'
        for n in parts if n.endswith(".xml")
    )
    entries["[Content_Types].xml"] = types.replace("</Types>", defaults + overrides + "</Types>").encode()
    entries.update(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
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
    "external-link": (FIRST + p(r("Read "), EXTERNAL, r(" for the details.")) + LAST, FIRST + LAST, {}),
    "inline-picture": (
        FIRST + p(r("Figure two "), picture("rId20", 1), r(" shows the meter.")) + LAST,
        FIRST + p(r("The last paragraph stays too."), picture("rId20", 4)), {},
    ),
    "picture-kept-elsewhere": (
        FIRST + p(r("Figure three "), picture("rId20", 2), r(" shows the panel.")) + LAST,
        FIRST + p(r("The last paragraph stays too."), picture("rId7", 6)), {},
    ),
    "chart": (FIRST + p(r("The chart "), CHART, r(" shows the load.")) + LAST, FIRST + LAST, {}),
    "link-not-hyperlink": (FIRST + p(r("Read "), EXTERNAL, r(" for the details.")) + LAST, FIRST + LAST, {}),
    "footnote": (
        FIRST + p(r("A cited clause"), '<w:r><w:footnoteReference w:id="1"/></w:r>', r(" is deleted.")) + LAST,
        FIRST + LAST, {"footnotes": FOOTNOTES},
    ),
}
FALLBACK = {"picture", "footnote", "chart", "link-not-hyperlink"}  # written from the model, as before
PANDOC_SYMBOLS = {"symbol-and-tab"}  # pandoc maps Symbol-font characters; our reader does not
PANDOC_BLIND = {"simple-field"}  # pandoc 2.17 drops the results of w:fldSimple fields in the old file


def texts(doc: Document) -> list[str]:
    return [t for t in (" ".join(x.text.split()) for x in doc.paragraphs()) if t]


def write_case(folder: Path, name: str) -> tuple[Path, Path, Path]:
    """The case's old and new files and its redline."""
    old_body, new_body, parts = CASES[name]
    old_path = build_docx(folder / f"{name}-old.docx", old_body, parts_xml=parts or None)
    new_path = build_docx(folder / f"{name}-new.docx", new_body)
    old_extra, new_extra = EXTRAS.get(name, (([], {}), ([], {})))
    add_to_package(old_path, old_extra)
    add_to_package(new_path, new_extra)
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


def pandoc_inlines(path: Path, track_changes: str, kind: str) -> list:
    """The contents of pandoc's inline elements of ``kind`` ("Link", "Image") in ``path``."""
    doc = json.loads(subprocess.run(
        ["pandoc", "-f", "docx", "-t", "json", f"--track-changes={track_changes}", str(path)],
        check=True, capture_output=True,
    ).stdout)
    found = []

    def walk(x: object) -> None:
        if isinstance(x, dict):
            if x.get("t") == kind:
                found.append(x["c"])
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(doc["blocks"])
    return found


def relationships(path: Path) -> dict[str, dict[str, str]]:
    rels = etree.fromstring(zipfile.ZipFile(path).read("word/_rels/document.xml.rels"))
    return {rel.get("Id"): dict(rel.attrib) for rel in rels}


def content_type(path: Path, name: str) -> str:
    types = etree.fromstring(zipfile.ZipFile(path).read("[Content_Types].xml"))
    ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    for el in types.iter(f"{ns}Override"):
        if el.get("PartName") == "/" + name:
            return el.get("ContentType")
    ext = name.rsplit(".", 1)[-1]
    return next((el.get("ContentType") for el in types.iter(f"{ns}Default") if el.get("Extension") == ext), "")


def test_deleted_external_hyperlink_keeps_its_relationship(built: dict) -> None:
    out = built["external-link"][2]
    (para,) = old_only(out, "external-link")
    link = para.find("w:hyperlink", NS)
    assert [etree.QName(c).localname for c in link] == ["del"]
    rel = relationships(out)[link.get(f"{{{R_NS}}}id")]
    assert rel["Type"] == f"{_RT}/hyperlink" and rel["Target"] == URL and rel["TargetMode"] == "External"
    assert [c[2][0] for c in pandoc_inlines(out, "reject", "Link")] == [URL]
    assert pandoc_inlines(out, "accept", "Link") == []


def test_deleted_picture_is_copied_under_a_fresh_name_and_id(built: dict) -> None:
    out = built["inline-picture"][2]
    (para,) = old_only(out, "inline-picture")
    drawing = para.find(".//w:drawing", NS)
    assert drawing.getparent().getparent().tag == f"{{{W}}}del"  # the run with the picture is deleted
    blip = drawing.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
    rid = blip.get(f"{{{R_NS}}}embed")
    rels = relationships(out)
    assert rid != "rId20" and rels["rId20"]["Target"] == "media/red.png"  # the new version's own, kept
    assert rels[rid]["Type"] == f"{_RT}/image" and "TargetMode" not in rels[rid]
    name = "word/" + rels[rid]["Target"]
    zf = zipfile.ZipFile(out)
    assert name != "word/media/red.png" and zf.read(name) == RED and zf.read("word/media/red.png") == BLUE
    assert content_type(out, name) == "image/png"
    ids = [int(x) for x in body(out).xpath(".//wp:docPr/@id", namespaces={"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"})]
    assert len(ids) == len(set(ids)) == 2 and min(ids) == 4  # the kept picture's id stays, the deleted one's is above it
    assert len(pandoc_inlines(out, "reject", "Image")) == 2
    assert len(pandoc_inlines(out, "accept", "Image")) == 1


def test_deleted_picture_points_at_the_same_image_of_the_new_version(built: dict) -> None:
    _old, new_path, out = built["picture-kept-elsewhere"]
    (para,) = old_only(out, "picture-kept-elsewhere")
    rid = para.xpath(".//a:blip/@r:embed", namespaces={"a": "http://schemas.openxmlformats.org/drawingml/2006/main", "r": R_NS})[0]
    assert rid != "rId7" and relationships(out)[rid]["Target"] == "media/kept.png"
    names = zipfile.ZipFile(out).namelist()
    added = set(names) - set(zipfile.ZipFile(new_path).namelist())
    assert added <= {"docProps/custom.xml"}  # no image added (the custom property marks it a redline)
    types = etree.fromstring(zipfile.ZipFile(out).read("[Content_Types].xml"))
    before = etree.fromstring(zipfile.ZipFile(new_path).read("[Content_Types].xml"))
    extra = [t.get("PartName") for t in types if t.get("PartName") and t.get("PartName") not in
             {b.get("PartName") for b in before}]
    assert len(types) - len(before) == len(extra) and extra in ([], ["/docProps/custom.xml"])


def test_picture_shared_by_deleted_paragraphs_is_carried_once(tmp_path: Path) -> None:
    old_path = build_docx(tmp_path / "old.docx", FIRST + p(r("One "), picture("rId20", 1)) + p(r("Two "), picture("rId20", 2)) + LAST)
    add_to_package(old_path, EXTRAS["inline-picture"][0])
    new_path = build_docx(tmp_path / "new.docx", FIRST + LAST)
    render_docx(compare(read(old_path), read(new_path)), tmp_path / "out.docx")
    rels = relationships(tmp_path / "out.docx")
    assert [r["Target"] for r in rels.values()] == ["media/red.png"]
    ids = body(tmp_path / "out.docx").xpath(".//a:blip/@r:embed", namespaces={"a": "http://schemas.openxmlformats.org/drawingml/2006/main", "r": R_NS})
    assert ids == [next(iter(rels))] * 2


@pytest.mark.parametrize("name", sorted(FALLBACK))
def test_paragraphs_pointing_outside_fall_back_to_the_model(name: str, built: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A picture of the old version is not written: the paragraph is as before, but for a note
    reference, written back (deleted, its note added back under a fresh id)."""
    old_path, new_path, out = built[name]
    (para,) = old_only(out, name)
    assert para.find(".//w:drawing", NS) is None
    refs = para.findall(".//w:footnoteReference", NS)
    assert len(refs) == (name == "footnote")
    assert all(f"{{{W}}}del" in {a.tag for a in ref.iterancestors()} for ref in refs)
    for run in para.iter(f"{{{W}}}r"):
        assert {etree.QName(c).localname for c in run} <= {"rPr", "delText", "footnoteReference"}
    monkeypatch.setattr(docx_writer, "_old_body", lambda cs, report: None)
    before = tmp_path / "before.docx"
    render_docx(compare(read(old_path), read(new_path)), before)
    assert before.read_bytes() == out.read_bytes()


def test_old_xml_that_does_not_show_the_models_text_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old_path, new_path, _out = write_case(tmp_path, "complex-field")
    old, new = read(old_path), read(new_path)
    build_docx(old_path, FIRST + p(r("Another text, "), field(" REF _Ref1 ", "L4.5"), r(".")) + LAST)  # same shape
    cs = compare(dataclasses.replace(old, package=Path(old_path).read_bytes()), new)
    render_docx(cs, tmp_path / "after.docx")
    monkeypatch.setattr(docx_writer, "_old_body", lambda cs, report: None)
    render_docx(cs, tmp_path / "before.docx")
    assert (tmp_path / "after.docx").read_bytes() == (tmp_path / "before.docx").read_bytes()


def test_old_package_is_parsed_only_for_old_only_paragraphs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = docx_writer._old_body
    monkeypatch.setattr(docx_writer, "_old_body", lambda cs, report: calls.append(1) or real(cs, report))
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
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>TOC</w:instrText></w:r>' + r("a"),
    r("a") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    '<w:customXml w:element="x">' + r("a") + "</w:customXml>",
    r("a") + '<w:r><w:rPr><w:rStyle r:id="rId1" w:val="x"/></w:rPr><w:t>b</w:t></w:r>',
])
def test_not_self_contained(inner: str) -> None:
    assert _removed(inner) is None


def test_an_equation_is_deleted_whole_with_its_paragraph() -> None:
    """An equation of a deleted paragraph stays an equation, every math run and control character deleted."""
    m = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
    got = _removed(r("Where ") + f"<m:oMath {m}><m:f><m:num><m:r><m:t>x</m:t></m:r></m:num></m:f></m:oMath>")
    assert got is not None and "<w:delText" in got
    assert '<m:num><w:del w:id="3"><m:r><m:t>x</m:t></m:r></w:del></m:num>' in got
    assert '<m:fPr><m:ctrlPr><w:del w:id="2"><w:rPr/></w:del></m:ctrlPr></m:fPr>' in got


class FakeCarry:
    """Carries every relationship but those named in ``refuse``, as "new-" + id."""

    def __init__(self, refuse: frozenset[str] = frozenset()) -> None:
        self.refuse, self.asked, self.top = refuse, [], 10

    def relationships(self, refs: list[tuple[str, str]]) -> dict[str, str] | None:
        self.asked.append(refs)
        return None if any(rid in self.refuse for _k, rid in refs) else {rid: "new-" + rid for _k, rid in refs}

    def drawing_id(self) -> int:
        self.top += 1
        return self.top


def _carried(inner: str, carry: FakeCarry) -> str | None:
    el = etree.fromstring(f'<w:p xmlns:w="{W}" xmlns:r="{R_NS}">{inner}</w:p>')
    found = Overlay({"w": W, "r": R_NS}).removed(el, "del", lambda tag, run: _wrapped(tag, run), carry)
    return found[1] if found is not None else None


def _wrapped(tag: str, run: etree._Element) -> etree._Element:
    outer = etree.Element(w(tag), {w("id"): "1"})
    outer.append(run)
    return outer


def test_links_and_pictures_are_carried_with_new_ids() -> None:
    carry = FakeCarry()
    got = _carried('<w:hyperlink r:id="rId4">' + r("external") + "</w:hyperlink>" + picture("rId5", 1), carry)
    assert got is not None and carry.asked == [[("hyperlink", "rId4"), ("image", "rId5")]]
    assert 'r:id="new-rId4"' in got and 'r:embed="new-rId5"' in got and 'id="11"' in got
    assert '<w:del w:id="1"><w:r><w:drawing>' in got
    assert _carried(picture("rId5"), FakeCarry(frozenset({"rId5"}))) is None  # refused: fall back


ANCHORED = PICTURE.replace("wp:inline", "wp:anchor")
@pytest.mark.parametrize("inner", [
    ANCHORED,  # an anchored drawing
    CHART,  # not a picture
    PICTURE.replace('<a:blip r:embed="rId9"/>', '<a:blip r:embed="rId9"><a:extLst><a:ext uri="x"><s r:embed="rId3" xmlns:s="urn:s"/></a:ext></a:extLst></a:blip>'),
    PICTURE.replace('<wp:docPr id="1" name="Picture 1"/>', '<wp:docPr id="1" name="P"><a:hlinkClick xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" r:id="rId8"/></wp:docPr>'),
    PICTURE.replace("</w:drawing>", '<wp:inline xmlns:wp="urn:x"/></w:drawing>'),  # two drawings in one
    '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:imagedata r:id="rId3"/></v:shape></w:pict></w:r>',
    '<w:hyperlink r:id="rId4" r:other="x">' + r("x") + "</w:hyperlink>",
    '<w:smartTag r:id="rId4">' + r("x") + "</w:smartTag>",
])
def test_other_relationships_are_not_carried(inner: str) -> None:
    carry = FakeCarry()
    assert _carried(r("a") + inner, carry) is None
    assert carry.asked == []


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


@pytest.mark.skipif(not libreoffice_ready(), reason="LibreOffice with its Python bridge (uno) not installed")
def test_libreoffice_accepts_to_new_and_rejects_to_old(built: dict, tmp_path: Path) -> None:
    """LibreOffice's own Accept All and Reject All give the new and the old file as it reads them."""
    names = sorted(set(CASES) - FALLBACK)
    paths = [str(x) for name in names for x in built[name]]
    views = run_bridge("tracked", tmp_path, paths)
    for k, name in enumerate(names):
        old, new, out = views[3 * k: 3 * k + 3]
        assert out["accept"] == new["accept"], name
        assert out["reject"] == old["accept"], name


def test_an_unreadable_old_package_is_reported_not_silent(tmp_path: Path) -> None:
    """Where the writer must do without the old package, the output's messages say so, by code."""
    old_path, new_path, _out = write_case(tmp_path, "complex-field")
    old, new = read(old_path), read(new_path)
    cs = compare(dataclasses.replace(old, package=b"PK\x03\x04 damaged"), new)
    data = docx_writer.docx_bytes(cs)
    codes = [m.code for m in data.messages]
    assert codes == ["docx.old-numbering", "docx.old-package"]
    assert "deleted paragraphs are written from their text and formatting" in str(data.messages[1])
    assert docx_writer.docx_bytes(compare(old, new)).messages == ()


def test_the_redline_command_shows_the_writers_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from sectrack import redline as run
    from sectrack.cli import main

    old_path, new_path, _out = write_case(tmp_path, "complex-field")
    real_read = run.read

    def damaged(source: object, *args: object, **kwargs: object) -> object:
        doc = real_read(source, *args, **kwargs)  # type: ignore[arg-type]
        return dataclasses.replace(doc, package=b"PK\x03\x04 damaged") if str(source) == str(old_path) else doc

    monkeypatch.setattr(run, "read", damaged)
    result = CliRunner().invoke(main, ["redline", str(old_path), str(new_path), "-o", str(tmp_path / "r.docx")])
    assert result.exit_code == 0, result.stderr
    assert "sectrack: warning: docx.old-package: the old version's package cannot be read" in result.stderr
