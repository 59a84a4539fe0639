"""render_docx on hand-built ChangeSets: pandoc and our reader see the new and the old document."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from pandoc import pandoc_paragraphs

from sectrack.docx import read
from sectrack.model import Document, iter_paragraphs
from sectrack.render.docx import render_docx, revision_date
from sectrack.render.docx.xmltext import attr, clean, esc
from tests.render.test_docx_support import (
    changeset,
    del_row,
    del_table,
    delete,
    edit,
    ins,
    ins_row,
    ins_table,
    keep_row,
    mod_row,
    moved_from,
    moved_to,
    ppr,
    restyle,
    same,
    table,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
HEADING = ppr('<w:pStyle w:val="Heading1"/>')
BODY = ppr('<w:pStyle w:val="BodyText"/><w:spacing w:after="120"/>')

CASES = {
    "word-edit": changeset(same("Intro."), edit("The Panel ", ("-", "may"), ("+", "shall"), " meet monthly."), same("End.")),
    "replaced": changeset(edit(("-", "Old wording entirely."), ("+", "A different sentence."))),
    "insert-start": changeset(ins("New first."), same("Old first."), same("Second.")),
    "insert-middle": changeset(same("One."), ins("Inserted."), same("Two.")),
    "insert-end": changeset(same("One.", ppr=HEADING), ins("Added at the end.", ppr=BODY)),
    "insert-several-end": changeset(same("One."), ins("Added 1."), ins("Added 2."), ins("Added 3.")),
    "delete-start": changeset(delete("Gone first."), same("Kept.")),
    "delete-middle": changeset(same("One."), delete("Removed."), same("Two.")),
    "delete-end": changeset(same("One.", ppr=BODY), delete("Removed at the end.", ppr=HEADING)),
    "delete-several-middle": changeset(same("One."), delete("R1."), delete("R2."), delete("R3."), same("Two.")),
    "delete-several-end": changeset(same("One."), delete("R1."), delete("R2."), delete("R3.")),
    "delete-all": changeset(delete("R1."), delete("R2.")),
    "insert-all": changeset(ins("N1."), ins("N2.")),
    "replace-block": changeset(same("One."), delete("Old A."), delete("Old B."), ins("New A."), ins("New B."), same("Two.")),
    "delete-then-insert-end": changeset(same("One."), delete("Old end."), ins("New end.")),
    "insert-then-delete-end": changeset(same("One."), ins("New end."), delete("Old end.")),
    "move": changeset(
        moved_from(1, "This paragraph moves down."), same("Stays put."), moved_to(1, "This paragraph moves down."), same("Last.")
    ),
    "move-edit": changeset(
        same("First."), moved_from(1, "The DCC shall notify the Panel."), same("Middle."),
        moved_to(1, "The DCC shall ", ("-", "notify"), ("+", "inform"), " the Panel", ("+", " promptly"), "."), same("Last."),
    ),
    "move-up-to-end": changeset(same("First."), moved_to(2, "Moved text goes here."), moved_from(2, "Moved text goes here.")),
    "table-rows": changeset(
        same("Before."),
        table(keep_row("Term", "Meaning"), ins_row("DCC", "means the Data Communications Company"),
              del_row("Panel", "means the SEC Panel"), keep_row("SEC", "means the Smart Energy Code")),
        same("After."),
    ),
    "table-cells": changeset(
        table(
            keep_row("A", "B"),
            mod_row([edit("Cell ", ("-", "old"), ("+", "new"), " text")], "unchanged"),
            mod_row([same("kept"), delete("deleted at the end of a cell")], [same("kept"), ins("inserted at the end of a cell")]),
            mod_row([delete("only paragraph deleted")], [ins("only paragraph inserted")]),
        ),
        same("After."),
    ),
    "table-whole": changeset(
        same("Before."), ins_table(["new", "table"], ["two", "rows"]), delete("Between."),
        del_table(["old", "table"]), same("After."),
    ),
    "around-tables": changeset(
        same("A."), delete("Deleted before a table."), table(keep_row("x")), ins("Inserted before a table."),
        table(keep_row("y")), delete("Deleted between tables."), table(keep_row("z")), same("Z."),
    ),
    "nested-table": changeset(
        table(mod_row([same("outer"), table(ins_row("inner new"), keep_row("inner kept")), same("")], "b")), same("After."),
    ),
    "format-only": changeset(restyle(["Plain then ", "bold."], ["Plain then ", ("bold.", "b")]), restyle([("All italic", "i")], ["All italic"])),
    "edit-and-format": changeset(edit(("Kept ", "b"), ("-", "old"), ("+", "new"), " words.")),
    "paragraph-props": changeset(edit("Heading ", ("-", "one"), ("+", "two"), old_ppr=HEADING, new_ppr=BODY)),
    "special-characters": changeset(
        edit('Fish & chips <b>"quoted"</b> \'single\' ', ("-", "a\tb"), ("+", "c\nd"), " ]]> --> &amp;"),
        ins("Control \x01\x0b\x1f chars \ufffe and a lone \ud800 surrogate & more"),
        delete("Deleted <w:t>not markup</w:t> & tab\there"),
        same("Unicode: é ß 漢字 😀 \u2011 end"),
    ),
    "empty-paragraphs": changeset(same(""), ins(""), delete(""), same("Text.")),
}


def expected(doc: Document) -> list[str]:
    """What a reader should see: non-empty, whitespace-normalised texts (illegal XML characters dropped)."""
    return [t for t in (" ".join(clean(p.text).split()) for p in iter_paragraphs(doc.blocks)) if t]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("redlines")
    out = {}
    for name, cs in CASES.items():
        out[name] = folder / f"{name}.docx"
        render_docx(cs, out[name])
    return out


def document_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


@pytest.mark.parametrize("name", CASES)
def test_pandoc_reads_new_and_old(name: str, outputs: dict[str, Path]) -> None:
    cs = CASES[name]
    assert pandoc_paragraphs(str(outputs[name]), "accept") == expected(cs.new)
    assert pandoc_paragraphs(str(outputs[name]), "reject") == expected(cs.old)


@pytest.mark.parametrize("name", CASES)
def test_our_reader_reads_new_and_old(name: str, outputs: dict[str, Path]) -> None:
    cs = CASES[name]
    assert expected(read(outputs[name], "accepted")) == expected(cs.new)
    assert expected(read(outputs[name], "original")) == expected(cs.old)


@pytest.mark.parametrize("name", CASES)
def test_well_formed_with_unique_revision_ids(name: str, outputs: dict[str, Path]) -> None:
    root = document_xml(outputs[name])
    tags = ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "moveFromRangeStart", "moveToRangeStart")
    ids = [el.get(f"{{{W}}}id") for el in root.iter(*(f"{{{W}}}{t}" for t in tags))]
    assert all(ids) and len(ids) == len(set(ids))
    for el in root.iter(*(f"{{{W}}}{t}" for t in tags[:6])):
        assert el.get(f"{{{W}}}author") == "sectrack"
        assert el.get(f"{{{W}}}date") == "2024-02-29T00:00:00Z"


def _marks(p: etree._Element) -> set[str]:
    return {etree.QName(m).localname for m in p.xpath("w:pPr/w:rPr/*[self::w:ins or self::w:del or self::w:moveFrom or self::w:moveTo]", namespaces=NS)}


def test_deleted_paragraphs_in_the_middle_lose_their_marks(outputs: dict[str, Path]) -> None:
    ps = document_xml(outputs["delete-several-middle"]).findall(".//w:p", NS)
    assert [_marks(p) for p in ps] == [set(), {"del"}, {"del"}, {"del"}, set()]
    assert [len(p.findall("w:del", NS)) for p in ps] == [0, 1, 1, 1, 0]


def test_deleted_paragraphs_at_the_end_keep_the_last_mark(outputs: dict[str, Path]) -> None:
    """Word cannot remove the body's last mark: the kept paragraph's mark goes instead."""
    ps = document_xml(outputs["delete-several-end"]).findall(".//w:p", NS)
    assert [_marks(p) for p in ps] == [{"del"}, {"del"}, {"del"}, set()]
    assert ps[0].find("w:r/w:t", NS).text == "One."  # kept text, its mark deleted


def test_end_mark_carries_both_versions_properties(outputs: dict[str, Path]) -> None:
    """Accepted: the kept paragraph's style; rejected: the deleted paragraph's own."""
    last = document_xml(outputs["delete-end"]).findall(".//w:p", NS)[-1]
    assert last.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "BodyText"
    assert last.find("w:pPr/w:pPrChange/w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "Heading1"
    assert [p.style for p in read(outputs["delete-end"], "accepted").paragraphs()] == ["BodyText"]
    assert [p.style for p in read(outputs["delete-end"], "original").paragraphs()] == ["BodyText", "Heading1"]
    assert [p.style for p in read(outputs["insert-end"], "accepted").paragraphs()] == ["Heading1", "BodyText"]
    assert [p.style for p in read(outputs["insert-end"], "original").paragraphs()] == ["Heading1"]


def test_moves_use_named_ranges(outputs: dict[str, Path]) -> None:
    root = document_xml(outputs["move-edit"])
    starts = {e.get(f"{{{W}}}name"): e.get(f"{{{W}}}id") for e in root.iter(f"{{{W}}}moveFromRangeStart")}
    to_starts = {e.get(f"{{{W}}}name"): e.get(f"{{{W}}}id") for e in root.iter(f"{{{W}}}moveToRangeStart")}
    assert set(starts) == set(to_starts) == {"move1"}
    assert [e.get(f"{{{W}}}id") for e in root.iter(f"{{{W}}}moveFromRangeEnd")] == [starts["move1"]]
    assert [e.get(f"{{{W}}}id") for e in root.iter(f"{{{W}}}moveToRangeEnd")] == [to_starts["move1"]]
    assert "".join(root.xpath("//w:moveFrom//w:t/text()", namespaces=NS)) == "The DCC shall notify the Panel."
    assert "".join(root.xpath("//w:moveTo//w:t/text()", namespaces=NS)) == "The DCC shall  the Panel."
    assert "".join(root.xpath("//w:ins//w:t/text()", namespaces=NS)) == "inform promptly"


def test_rows_inserted_and_deleted(outputs: dict[str, Path]) -> None:
    root = document_xml(outputs["table-rows"])
    rows = root.findall(".//w:tr", NS)
    assert [bool(r.find("w:trPr/w:ins", NS) is not None) for r in rows] == [False, True, False, False]
    assert [bool(r.find("w:trPr/w:del", NS) is not None) for r in rows] == [False, False, True, False]
    assert root.xpath("string(//w:tr[2]//w:ins//w:t)", namespaces=NS) == "DCC"
    assert root.xpath("string(//w:tr[3]//w:del//w:delText)", namespaces=NS) == "Panel"


def test_format_change_keeps_old_run_properties(outputs: dict[str, Path]) -> None:
    root = document_xml(outputs["format-only"])
    changes = root.findall(".//w:rPrChange", NS)
    assert len(changes) == 2
    assert changes[0].getparent().find("w:b", NS) is not None  # now bold ...
    assert changes[0].find("w:rPr/w:b", NS) is None  # ... was not
    assert changes[1].find("w:rPr/w:i", NS) is not None  # was italic
    old = read(outputs["format-only"], "original")
    assert [_formatting(p) for p in old.paragraphs()] == [
        [("Plain then bold.", False, False)], [("All italic", False, True)]
    ]
    new = read(outputs["format-only"], "accepted")
    assert [_formatting(p) for p in new.paragraphs()] == [
        [("Plain then ", False, False), ("bold.", True, False)], [("All italic", False, False)]
    ]


def _formatting(p) -> list[tuple[str, bool, bool]]:
    """(text, bold, italic) stretches, neighbours with the same formatting joined."""
    out: list[tuple[str, bool, bool]] = []
    for r in p.runs:
        if out and out[-1][1:] == (r.bold, r.italic):
            out[-1] = (out[-1][0] + r.text, r.bold, r.italic)
        else:
            out.append((r.text, r.bold, r.italic))
    return out


def test_paragraph_property_change(outputs: dict[str, Path]) -> None:
    assert [p.style for p in read(outputs["paragraph-props"], "accepted").paragraphs()] == ["BodyText"]
    assert [p.style for p in read(outputs["paragraph-props"], "original").paragraphs()] == ["Heading1"]


def test_special_characters_survive(outputs: dict[str, Path]) -> None:
    doc = read(outputs["special-characters"], "accepted")
    texts = [p.text for p in doc.paragraphs()]
    assert texts[0] == 'Fish & chips <b>"quoted"</b> \'single\' c\nd ]]> --> &amp;'
    assert texts[1] == "Control  chars  and a lone  surrogate & more"
    assert texts[2] == "Unicode: é ß 漢字 😀 \u2011 end"
    old = [p.text for p in read(outputs["special-characters"], "original").paragraphs()]
    assert old[0].endswith("' a\tb ]]> --> &amp;") and old[1] == "Deleted <w:t>not markup</w:t> & tab\there"


def test_escaping_functions() -> None:
    assert esc("a<b>&c") == "a&lt;b&gt;&amp;c"
    assert esc("x\x00\x08\x0c\ud800\ufffe\uffffy\t\n") == "xy\t\n"
    assert attr('say "hi" & <go>\t') == "say &quot;hi&quot; &amp; &lt;go&gt;&#9;"
    assert clean("ok 😀") == "ok 😀"
    etree.fromstring(f'<a b="{attr(chr(1) + "<&>" + chr(34) + chr(9))}">{esc("]]>&" + chr(0x1F))}</a>')


def test_same_input_same_bytes(tmp_path: Path) -> None:
    cs = CASES["move-edit"]
    render_docx(cs, tmp_path / "a.docx")
    render_docx(cs, tmp_path / "b.docx")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.docx") as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_revision_dates(tmp_path: Path) -> None:
    cs = CASES["word-edit"]
    render_docx(cs, tmp_path / "a.docx", author='A & "B"', date="2025-06-30")
    xml = zipfile.ZipFile(tmp_path / "a.docx").read("word/document.xml").decode()
    assert 'w:author="A &amp; &quot;B&quot;"' in xml and set(re.findall(r'w:date="([^"]*)"', xml)) == {"2025-06-30T00:00:00Z"}
    assert revision_date("2025-06-30T10:11:12Z") == "2025-06-30T10:11:12Z"
    assert revision_date("") == ""
    with pytest.raises(ValueError):
        revision_date("yesterday")
    undated = changeset(edit("a ", ("+", "b")), date="")
    render_docx(undated, tmp_path / "b.docx")
    assert "w:date" not in zipfile.ZipFile(tmp_path / "b.docx").read("word/document.xml").decode()


def test_ids_counted_from_one_in_order(outputs: dict[str, Path]) -> None:
    root = document_xml(outputs["replace-block"])
    ids = [int(e.get(f"{{{W}}}id")) for e in root.iter(f"{{{W}}}ins", f"{{{W}}}del")]
    assert sorted(ids) == list(range(1, len(ids) + 1))
    assert Counter(etree.QName(e).localname for e in root.iter(f"{{{W}}}ins", f"{{{W}}}del")) == {"ins": 4, "del": 4}
