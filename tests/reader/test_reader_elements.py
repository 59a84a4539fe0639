"""The reader on constructed documents: fields, links, content controls, notes, headers, formatting."""

from __future__ import annotations

from pathlib import Path

from docxbuild import W_NS, build_docx

from sectrack.docx import read
from sectrack.model import Table

NS = f'xmlns:w="{W_NS}"'


def r(text: str, rpr: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def p(*runs: str, ppr: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{''.join(runs)}</w:p>"


def doc(tmp_path: Path, body: str, **kw: object) -> Path:
    return build_docx(tmp_path / "t.docx", body, **kw)  # type: ignore[arg-type]


def test_field_shows_its_result_not_its_code(tmp_path: Path) -> None:
    body = p(
        r("See clause "),
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> REF _Ref123 \\r \\h </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        r("4.6"),
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        r(" on page "),
        '<w:fldSimple w:instr=" PAGEREF _Ref123 "><w:r><w:t>7</w:t></w:r></w:fldSimple>',
    )
    d = read(doc(tmp_path, body))
    assert [x.text for x in d.paragraphs()] == ["See clause 4.6 on page 7"]


def test_links_controls_smart_tags_bookmarks_read_through(tmp_path: Path) -> None:
    body = p(
        '<w:bookmarkStart w:id="1" w:name="x"/>',
        '<w:hyperlink w:anchor="x">' + r("Smart ") + "</w:hyperlink>",
        '<w:sdt><w:sdtPr/><w:sdtContent>' + r("Metering ") + "</w:sdtContent></w:sdt>",
        '<w:smartTag w:uri="u" w:element="e">' + r("Equipment") + "</w:smartTag>",
        '<w:proofErr w:type="spellStart"/>',
        '<w:bookmarkEnd w:id="1"/>',
    ) + '<w:sdt><w:sdtContent>' + p(r("Block control")) + "</w:sdtContent></w:sdt>"
    d = read(doc(tmp_path, body))
    assert [x.text for x in d.paragraphs()] == ["Smart Metering Equipment", "Block control"]
    assert not d.messages


def test_run_formatting_kept(tmp_path: Path) -> None:
    body = p(r("bold", "<w:b/>"), r("notbold", '<w:b w:val="0"/>'), r("it", "<w:i/>"),
             r("u", '<w:u w:val="single"/>'), r("s", "<w:strike/>"),
             r("2", '<w:vertAlign w:val="superscript"/>'))
    runs = next(read(doc(tmp_path, body)).paragraphs()).runs
    flags = {x.text: (x.bold, x.italic, x.underline, x.strike, x.vert) for x in runs}
    assert flags["bold"] == (True, False, False, False, "")
    assert flags["notbold"] == (False, False, False, False, "")
    assert flags["it"][1] and flags["u"][2] and flags["s"][3] and flags["2"][4] == "superscript"


def test_footnotes_kept_with_the_citing_paragraph_and_headers_apart(tmp_path: Path) -> None:
    footnotes = (
        f'<w:footnotes {NS}><w:footnote w:type="separator" w:id="-1">{p(r("---"))}</w:footnote>'
        f'<w:footnote w:id="1">{p(r("A note on MOC."))}</w:footnote></w:footnotes>'
    )
    header = f"<w:hdr {NS}>{p(r('Appendix AM header'))}</w:hdr>"
    body = p(r("Devices of the MOC cohort"), '<w:r><w:footnoteReference w:id="1"/></w:r>', r("."))
    d = read(doc(tmp_path, body, parts_xml={"footnotes": footnotes, "header": header}))
    (para,) = list(d.paragraphs())
    assert para.text == "Devices of the MOC cohort."
    assert [(n.kind, n.text) for n in para.notes] == [("footnote", "A note on MOC.")]
    assert [(x.kind, x.blocks[0].text) for x in d.parts] == [("header", "Appendix AM header")]


def test_nested_tables_cell_by_cell(tmp_path: Path) -> None:
    inner = "<w:tbl><w:tr><w:tc>" + p(r("inner")) + "</w:tc></w:tr></w:tbl>"
    body = ("<w:tbl><w:tr><w:tc>" + p(r("a")) + "</w:tc><w:tc>" + p(r("b")) + inner + p(r("c"))
            + "</w:tc></w:tr></w:tbl>")
    d = read(doc(tmp_path, body))
    assert isinstance(d.blocks[0], Table)
    assert [x.text for x in d.paragraphs()] == ["a", "b", "inner", "c"]


def test_unknown_elements_and_objects_become_messages(tmp_path: Path) -> None:
    body = p(r("Text "), '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml">'
             '<v:textbox><w:txbxContent>' + p(r("boxed")) + "</w:txbxContent></v:textbox></v:shape>"
             "</w:pict></w:r>", '<w:fancy/>', r("after"))
    d = read(doc(tmp_path, body))
    assert next(d.paragraphs()).text == "Text after"
    codes = sorted(m.code for m in d.messages)
    assert codes == ["read.textbox", "read.unknown"]
    assert "boxed" in " ".join(m.text for m in d.messages)
    assert all(m.location.startswith("body paragraph 1") for m in d.messages)


def test_tabs_breaks_symbols(tmp_path: Path) -> None:
    body = p('<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t>'
             '<w:sym w:font="Symbol" w:char="F0B7"/><w:noBreakHyphen/></w:r>')
    assert next(read(doc(tmp_path, body)).paragraphs()).text == "a\tb\nc\u00b7\u2011"


def test_field_result_spanning_paragraphs(tmp_path: Path) -> None:
    """A table of contents: one field whose result runs over several paragraphs."""
    body = (
        p('<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
          '<w:r><w:instrText> TOC \\o "1-3" </w:instrText></w:r>',
          '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', r("A1 Definitions"))
        + p(r("A2 Interpretation"), '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
        + p(r("After the contents"))
    )
    texts = [x.text for x in read(doc(tmp_path, body)).paragraphs()]
    assert texts == ["A1 Definitions", "A2 Interpretation", "After the contents"]
