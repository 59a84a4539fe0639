"""The HTML redline over hand-built ChangeSets: every kind of change, escaping, context, the page."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from changesets import (
    cs,
    deleted,
    equal,
    inserted,
    keep,
    modified,
    moved,
    para,
    pieces,
    row,
    row_equal,
    row_modified,
    row_one,
    run,
    table_change,
)

from sectrack.compare.changes import (
    DELETED,
    EQUAL,
    INSERTED,
    MODIFIED,
    BlockChange,
    DefinitionChange,
    NoteChange,
    PartChange,
)
from sectrack.errors import SectrackError
from sectrack.model import Message, Note, Paragraph, Table
from sectrack.render.html import render_html
from sectrack.render.templating import environment, shipped_templates

from .test_html_builder import assert_views, main_of, view

EVIL = "<script>alert(1)</script> & \"quotes\" 'single'"


def _page(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


def _by_id(html: str, ident: str) -> lxml.html.HtmlElement:
    found = _page(html).xpath(f'//*[@id="{ident}"]')
    assert len(found) == 1, f"expected one element with id {ident}"
    return found[0]


def _classes(el: lxml.html.HtmlElement) -> set[str]:
    return set((el.get("class") or "").split())


def _clauses(n: int) -> list[Paragraph]:
    return [para(f"Clause {k} says something about the Panel.", f"1.{k}", f"A1.{k}", level=1) for k in range(1, n + 1)]


# ------------------------------------------------------------------------------ each kind


def test_unchanged_document_says_so_and_keeps_every_block() -> None:
    change_set = cs(*(equal(p) for p in _clauses(3)))
    html = render_html(change_set)
    assert "No differences" in html
    assert 'id="c-' not in html
    assert_views(html, change_set)


def test_modified_paragraph_marks_words_and_keeps_the_rest() -> None:
    m = modified([("=", "The Panel shall "), ("-", "publish"), ("+", "approve and publish"), ("=", " the report.")],
                 "1.2", "A1.2", level=1)
    change_set = cs(equal(_clauses(1)[0]), m)
    html = render_html(change_set)
    el = _by_id(html, "c-1")
    assert el.get("data-ref") == "A1.2" and el.get("data-kind") == "modified"
    assert [d.text_content() for d in el.iter("del")] == ["publish"]
    assert [i.text_content() for i in el.iter("ins")] == ["approve and publish"]
    assert el.find_class("num")[0].text_content() == "1.2"
    assert_views(html, change_set)


def test_inserted_and_deleted_paragraphs_are_whole_blocks() -> None:
    change_set = cs(equal(_clauses(1)[0]), inserted(para("A new duty.", "1.2", "A1.2")), deleted(para("An old duty.", "1.2", "A1.2")))
    html = render_html(change_set)
    ins, dele = _by_id(html, "c-1"), _by_id(html, "c-2")
    assert {"para", "inserted"} <= _classes(ins) and ins.find("ins") is not None
    assert {"para", "deleted"} <= _classes(dele) and dele.find("del") is not None
    assert_views(html, change_set)


def test_move_is_marked_at_both_places_and_linked() -> None:
    a, b, c = _clauses(3)
    f, t = moved(a, para(a.text, "1.3", "A1.3", level=1), 1,
                 spans=pieces([("=", "Clause 1 "), ("-", "says"), ("+", "states"), ("=", " something about the Panel.")]))
    change_set = cs(f, equal(b, para(b.text, "1.1", "A1.1", level=1)), equal(c, para(c.text, "1.2", "A1.2", level=1)), t)
    html = render_html(change_set)
    src, dst = _by_id(html, "c-1"), _by_id(html, "c-4")
    assert "moved-from" in _classes(src) and "moved-to" in _classes(dst)
    assert src.xpath('.//del[@class="moved"]') and dst.xpath('.//ins[@class="moved"]')
    assert src.xpath('.//a[contains(@class, "mark")]/@href') == ["#c-4"]
    assert dst.xpath('.//a[contains(@class, "mark")]/@href') == ["#c-1"]
    assert [d.text_content() for d in dst.iter("del")] == ["says"]  # edits inside the moved text
    assert_views(html, change_set)
    changes = _by_id(html, "changes").text_content()
    assert "old A1.1 moved to A1.3" in changes and "A1.1 → A1.3 moved and amended" in changes


def test_renumbered_clause_shows_old_label_struck_and_new_label() -> None:
    old, new = para("Same words.", "3.4", "A3.4"), para("Same words.", "3.3", "A3.3")
    change_set = cs(deleted(para("Gone.", "3.3", "A3.3")), equal(old, new))
    html = render_html(change_set)
    el = _by_id(html, "c-2")
    assert "renumbered" in _classes(el)
    assert el.find_class("num-old")[0].text_content() == "3.4"
    assert el.find_class("num")[0].text_content() == "3.3"
    listed = _by_id(html, "changes").text_content()
    assert "old A3.3 deleted" in listed and "A3.3 (was A3.4) renumbered" in listed
    assert_views(html, change_set)


def test_formatting_only_change_is_flagged_and_formatting_kept() -> None:
    old = para("Smart Metering Equipment means it.", "1.1", "A1.1")
    new = para([run("Smart Metering Equipment", bold=True), run(" means "), run("it", italic=True, underline=True),
                run("."), run("2", vert="superscript"), run("x", vert="subscript"), run("y", strike=True)], "1.1", "A1.1")
    change_set = cs(BlockChange(EQUAL, old, new, spans=keep(new), format_changed=True))
    html = render_html(change_set)
    el = _by_id(html, "c-1")
    assert "fmt" in _classes(el)
    touched = el.find_class("fmt-changed")
    assert [(t.text_content(), t.get("title")) for t in touched] == [
        ("Smart Metering Equipment", "made bold"), ("it", "made italic, underlined")]
    assert touched[0].find("b").text_content() == "Smart Metering Equipment"
    assert touched[1].xpath("./i/u")[0].text == "it"
    assert el.find(".//sup").text == "2" and el.find(".//sub").text == "x" and el.find(".//s").text == "y"
    badge = el.find_class("mark")[0].text_content()
    assert badge.startswith("formatting changed: made bold: “Smart Metering Equipment”")


def test_replaced_paragraph_is_whole_deletion_then_whole_insertion() -> None:
    m = modified([("-", "Completely different old words."), ("+", "Entirely new wording here.")], "2.1", "A2.1", replaced=True)
    change_set = cs(m)
    html = render_html(change_set)
    el = _by_id(html, "c-1")
    paras = el.find_class("para")
    assert [sorted(_classes(p) & {"deleted", "inserted"}) for p in paras] == [["deleted"], ["inserted"]]
    assert paras[0].find("del").text_content() == "Completely different old words."
    assert paras[1].find("ins").text_content() == "Entirely new wording here."
    assert_views(html, change_set)


def test_table_rows_inserted_deleted_and_amended() -> None:
    rows = [
        row_equal(row("Expression", "Meaning")),
        row_one(INSERTED, row("Alert", "means a message sent by a Device."), "Alert"),
        row_modified([equal(para("Authority")), modified([("=", "means the "), ("+", "Gas and Electricity Markets "), ("=", "Authority.")])], "Authority"),
        row_one(DELETED, row("Batch", "means a group."), "Batch"),
    ]
    change_set = cs(table_change(MODIFIED, rows, ref="A1.1", definitions=True),
                    definitions=[DefinitionChange(INSERTED, "Alert", new_meaning="means a message sent by a Device."),
                                 DefinitionChange(DELETED, "Batch", old_meaning="means a group."),
                                 DefinitionChange(MODIFIED, "Authority", "means the Authority.",
                                                  "means the Gas and Electricity Markets Authority.",
                                                  pieces([("=", "means the "), ("+", "Gas and Electricity Markets "), ("=", "Authority.")]))])
    html = render_html(change_set)
    table = _by_id(html, "c-1")
    assert table.tag == "table" and "doc-table" in _classes(table)
    assert [tr.get("class") for tr in table.iter("tr")] == ["row-equal", "row-inserted", "row-modified", "row-deleted"]
    assert [tr.get("id") for tr in table.iter("tr")] == [None, "c-1-r2", "c-1-r3", "c-1-r4"]
    assert_views(html, change_set)
    defs = _by_id(html, "definitions")
    assert [a.get("href") for a in defs.iter("a")] == ["#c-1-r2", "#c-1-r4", "#c-1-r3"]
    assert [td.text_content() for td in defs.find_class("kind")] == ["added", "removed", "amended"]
    amended = defs.xpath(".//tr[@class='def-amended']")[0]
    assert amended.find(".//ins").text_content() == "Gas and Electricity Markets "
    assert "1 row inserted, 1 row deleted, 1 row amended" in _by_id(html, "changes").text_content()


def test_whole_tables_inserted_and_deleted() -> None:
    t_new = Table((row("a", "b"), row("c", "d")), ref="B1.1")
    t_old = Table((row("x", "y"),), ref="B1.1")
    change_set = cs(deleted(t_old), inserted(t_new))
    html = render_html(change_set)
    assert "deleted" in _classes(_by_id(html, "c-1")) and "inserted" in _classes(_by_id(html, "c-2"))
    assert_views(html, change_set)


def test_inserted_and_unchanged_tables_show_every_row() -> None:
    t = Table((row("a", "b"),), ref="B1.1")
    change_set = cs(inserted(t), equal(t))
    html = render_html(change_set)
    assert_views(html, change_set)


def test_moved_table_is_marked_moved_on_both_sides() -> None:
    t = Table((row("Term", "Meaning"),), ref="C1.1")
    p = para("Some clause between the places.", "1.1", "C1.1")
    f = BlockChange("moved-from", t, None, rows=(row_one(DELETED, t.rows[0]),), move_id=7)
    to = BlockChange("moved-to", t, t, rows=(row_equal(t.rows[0]),), move_id=7)
    change_set = cs(f, equal(p), to)
    html = render_html(change_set)
    assert _by_id(html, "c-1").xpath('.//del[@class="moved"]')
    assert _by_id(html, "c-2").xpath('.//ins[@class="moved"]')
    assert_views(html, change_set)


def test_notes_headers_and_footers_have_their_own_sections() -> None:
    note_old = Note("footnote", "1", (para("See Section T."),))
    note_new = Note("footnote", "1", (para("See Section T3."),))
    old, new = para("Text with a note.", "1.1", "A1.1", notes=(note_old,)), para("Text with a note.", "1.1", "A1.1", notes=(note_new,))
    nc = NoteChange(MODIFIED, "footnote", (modified([("=", "See Section "), ("-", "T."), ("+", "T3.")]),))
    header = PartChange("header", "word/header1.xml", (modified([("=", "SEC Section A v"), ("-", "15"), ("+", "16"), ("=", ".0")]),))
    footer = PartChange("footer", "word/footer1.xml", (equal(para("Page")),))
    change_set = cs(BlockChange(MODIFIED, old, new, spans=keep(new), notes=(nc,)), parts=[header, footer])
    html = render_html(change_set)
    note = _by_id(html, "note-1")
    assert note.find(".//del").text_content() == "T." and note.find(".//ins").text_content() == "T3."
    assert _by_id(html, "note-1-ref").get("href") == "#note-1"
    parts = _by_id(html, "parts")
    assert parts.find(".//ins").text_content() == "16"
    assert "1 header or footer unchanged" in parts.text_content()
    assert "note amended" in _by_id(html, "changes").text_content()
    assert_views(html, change_set)  # notes and parts stay out of main


def test_messages_are_shown() -> None:
    change_set = cs(equal(para("x")), messages=[Message("compare.limit", "paragraph too large to diff", "A4.2")])
    html = render_html(change_set)
    text = _page(html).find_class("messages")[0].text_content()
    assert "paragraph too large to diff" in text and "A4.2" in text and "compare.limit" in text


def test_header_names_document_versions_and_files() -> None:
    html = render_html(cs(equal(para("x"))))
    header = _by_id(html, "top").text_content()
    assert "SEC Section A 'Definitions and Interpretation'" in header
    assert "Version 15.0 → 16.0" in header
    assert "2021-09-01 → 2021-12-17" in header
    assert "section-a-v15.0.docx" in header and "section-a-v16.0.docx" in header
    assert _page(html).find(".//title").text.startswith("Redline: SEC Section A")


def test_summary_counts_come_from_the_changeset() -> None:
    change_set = cs(inserted(para("a")), inserted(para("b")), deleted(para("c")))
    tables = _by_id(render_html(change_set), "summary").findall(".//table")
    counts = {tr.find("th").text: int(tr.find("td").text) for tr in tables[0].iter("tr")}
    assert counts == {"inserted": 2, "deleted": 1, "amended": 0, "moved": 0, "renumbered": 0, "formatting only": 0,
                      "style changed": 0}


# ------------------------------------------------------------------------------ the page


def test_document_strings_are_escaped_everywhere() -> None:
    evil_para = para([run(EVIL, bold=True)], EVIL, EVIL)
    m = modified([("=", EVIL), ("+", EVIL), ("-", EVIL)], "1.1", EVIL)
    change_set = cs(
        inserted(evil_para), m,
        table_change(MODIFIED, [row_one(INSERTED, row(EVIL, EVIL), EVIL)], ref=EVIL, definitions=True),
        definitions=[DefinitionChange(INSERTED, EVIL, new_meaning=EVIL)],
        parts=[PartChange("header", EVIL, (inserted(para(EVIL)),))],
        messages=[Message(EVIL, EVIL, EVIL)],
        title=EVIL, old_version=EVIL,
    )
    html = render_html(change_set)
    assert "<script" not in html.lower()
    assert "alert(1)" in html  # present, but only as text
    page = _page(html)
    assert not page.xpath("//script")
    assert EVIL in page.text_content()
    assert_views(html, change_set)


def test_page_is_standalone() -> None:
    m = modified([("=", "See "), ("+", "https://example.com/x.png")], "1.1", "A1.1")
    html = render_html(cs(m, inserted(para("more"))))
    page = _page(html)
    assert not page.xpath("//script | //link | //img | //iframe | //object | //embed")
    assert not page.xpath("//@src")
    assert all(h.startswith("#") for h in page.xpath("//@href"))
    assert "@import" not in html and "url(" not in html
    ids = set(page.xpath("//@id"))
    assert all(h[1:] in ids for h in page.xpath("//@href")), "every link points to an element on the page"


def test_changed_blocks_are_numbered_in_order_and_listed() -> None:
    ps = _clauses(6)
    change_set = cs(equal(ps[0]), inserted(ps[1]), equal(ps[2]), deleted(ps[3]), equal(ps[4]),
                    modified([("=", "x"), ("+", "y")], "1.6", "A1.6"))
    html = render_html(change_set)
    main = main_of(html)
    assert main.xpath("./descendant::*[@data-ref]/@id") == ["c-1", "c-2", "c-3"]
    # each change also has an anchor named after its reference, the old version's said so
    assert main.xpath("./descendant::*[contains(@class, 'anchor')]/@id") == ["A1.2", "old-A1.4", "A1.6"]
    assert [a.get("href") for a in _by_id(html, "c-2").xpath(".//a[@rel]")] == ["#c-1", "#c-3"]
    assert [el.get("data-ref") for el in main.xpath("./descendant::*[@data-ref]")] == ["A1.2", "A1.4", "A1.6"]
    listed = _by_id(html, "changes").xpath(".//li")
    assert [li.find("a").get("href") for li in listed] == ["#c-1", "#c-2", "#c-3"]
    assert [" ".join(li.text_content().split()[:3]) for li in listed] == [
        "A1.2 inserted “Clause", "old A1.4 deleted", "A1.6 amended “xy”"]


def test_output_is_deterministic() -> None:
    ps = _clauses(4)
    f, t = moved(ps[0], para(ps[0].text, "1.4", "A1.4"), 3)
    change_set = cs(f, equal(ps[1]), inserted(ps[2]), t)
    assert render_html(change_set) == render_html(change_set)
    assert not re.search(r"20\d\d-\d\d-\d\dT|\d\d:\d\d:\d\d", render_html(change_set))


def test_labels_and_marks_are_the_only_additions_to_the_text() -> None:
    """Text outside .num/.num-old/.mark in main is document text (checked through both views)."""
    ps = _clauses(3)
    change_set = cs(equal(ps[0], para(ps[0].text, "9.9", "A9.9")), inserted(ps[1]), equal(ps[2]))
    html = render_html(change_set, context=0)  # one unchanged block after: shown, not a gap
    assert view(html, "del") == [[ps[0].text], [ps[1].text], [ps[2].text]]
    assert view(html, "ins") == [[ps[0].text], [ps[2].text]]


# ------------------------------------------------------------------------------ context


def test_context_shows_changes_with_neighbours_and_counts_the_gaps() -> None:
    ps = _clauses(30)
    body = [equal(p) for p in ps]
    body[10] = modified([("=", "Clause 11 "), ("-", "says"), ("+", "states"), ("=", " something.")], "1.11", "A1.11")
    body[20] = inserted(para("New clause.", "1.21", "A1.21"))
    change_set = cs(*body)
    html = render_html(change_set, context=2)
    main = main_of(html)
    gaps = [" ".join(g.text_content().split()) for g in main.find_class("gap")]
    assert gaps == ["… 8 unchanged paragraphs … (A1.1 to A1.8)", "… 5 unchanged paragraphs … (A1.14 to A1.18)",
                    "… 7 unchanged paragraphs … (A1.24 to A1.30)"]
    assert all("mark" in _classes(g) for g in main.find_class("gap"))
    assert len(main.find_class("para")) == 5 + 5
    shown = [t for block in view(html, "del") for t in block]
    assert shown[2] == "Clause 11 states something." and "New clause." in shown


def test_context_zero_shows_changes_only_and_none_shows_everything() -> None:
    ps = _clauses(5)
    change_set = cs(equal(ps[0]), equal(ps[1]), inserted(para("New.")), equal(ps[2]), equal(ps[3]), equal(ps[4]))
    assert len(main_of(render_html(change_set, context=0)).find_class("para")) == 1
    assert len(main_of(render_html(change_set)).find_class("para")) == 6
    gaps = main_of(render_html(change_set, context=0)).find_class("gap")
    assert [g.text_content().split()[1] for g in gaps] == ["2", "3"]
    with pytest.raises(ValueError):
        render_html(change_set, context=-1)


def test_context_never_hides_a_single_block_or_row() -> None:
    ps = _clauses(5)
    change_set = cs(equal(ps[0]), inserted(para("New.")), equal(ps[1]), inserted(para("Newer.")), equal(ps[2]),
                    equal(ps[3]), equal(ps[4]))
    main = main_of(render_html(change_set, context=0))
    assert len(main.find_class("para")) == 4 and len(main.find_class("gap")) == 1
    rows = [row_equal(row(f"Term {k}", f"means {k}."), f"Term {k}") for k in range(8)]
    rows[4] = row_one(INSERTED, row("New term", "means new."), "New term")
    html = render_html(cs(table_change(MODIFIED, rows, definitions=True)), context=1)
    table = _by_id(html, "c-1")
    assert [tr.get("class") for tr in table.iter("tr")] == [
        "row-equal", "mark gap", "row-equal", "row-inserted", "row-equal", "mark gap"]
    assert table.find_class("gap")[0].text_content() == "… 2 unchanged rows … (Term 1 to Term 2)"


def test_context_with_no_changes_is_one_gap() -> None:
    html = render_html(cs(*(equal(p) for p in _clauses(4))), context=3)
    gaps = main_of(html).find_class("gap")
    assert len(gaps) == 1 and "4 unchanged paragraphs" in gaps[0].text_content()


# ------------------------------------------------------------------------------ templates


def test_shipped_templates_are_found() -> None:
    root = shipped_templates()
    assert root.joinpath("redline.html.j2").is_file()
    env = environment()
    assert env.autoescape("redline.html.j2") is True
    assert env.get_template("sectrack/redline.html.j2") is not None


def test_override_folder_replaces_or_extends_the_page(tmp_path: Path) -> None:
    change_set = cs(inserted(para("New.")))
    (tmp_path / "redline.html.j2").write_text(
        '{% extends "sectrack/redline.html.j2" %}{% block summary %}<p id="custom">{{ head.name }}</p>{% endblock %}',
        encoding="utf-8")
    html = render_html(change_set, templates=tmp_path)
    assert _by_id(html, "custom").text == "SEC Section A 'Definitions and Interpretation'"
    assert not _page(html).xpath('//*[@id="summary"]')
    assert_views(html, change_set)
    (tmp_path / "redline.css").write_text("body { color: rebeccapurple; }", encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "redline.css").write_text("main { color: teal; }", encoding="utf-8")
    assert "color: teal" in render_html(change_set, templates=other)


def test_override_templates_are_autoescaped_and_strict(tmp_path: Path) -> None:
    (tmp_path / "redline.html.j2").write_text("<p>{{ head.name }}</p>", encoding="utf-8")
    assert "&lt;script&gt;" in render_html(cs(equal(para("x")), title="<script>"), templates=tmp_path)
    (tmp_path / "redline.html.j2").write_text("<p>{{ no_such_value }}</p>", encoding="utf-8")
    with pytest.raises(Exception, match="no_such_value"):
        render_html(cs(equal(para("x"))), templates=tmp_path)


def test_missing_override_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SectrackError):
        render_html(cs(equal(para("x"))), templates=tmp_path / "nope")


# ------------------------------------------------------------------------------ speed


def test_large_document_renders_every_block() -> None:
    """4,000 clauses (a 500-page document) with a change every tenth clause (speed: see bench/)."""
    body = []
    for k in range(4000):
        words = f"Clause {k} requires the DCC to notify each Party of the matter within five Working Days. " * 3
        p = para([run(words[:40], bold=k % 7 == 0), run(words[40:])], f"{k // 40 + 1}.{k % 40 + 1}", f"A{k // 40 + 1}.{k % 40 + 1}", level=1)
        if k % 10 == 3:
            body.append(modified([("=", words[:60]), ("-", "five"), ("+", "ten"), ("=", words[64:])], p.label, p.ref, level=1))
        elif k % 50 == 7:
            body.append(inserted(p))
        else:
            body.append(equal(p))
    change_set = cs(*body)
    html = render_html(change_set)
    assert html.count('class="para') == 4000


def test_templates_load_from_a_package_that_is_not_a_folder(tmp_path: Path) -> None:
    """An installed wheel may be zipped: the shipped loader then reads through importlib.resources."""
    import zipfile

    from sectrack.render.templating import _traversable_loader

    archive = tmp_path / "t.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("templates/page.html.j2", "<p>{{ x }}</p>")
    loader = _traversable_loader(zipfile.Path(archive, "templates/"))
    import jinja2

    env = jinja2.Environment(loader=loader, autoescape=True)
    assert env.get_template("page.html.j2").render(x="<b>") == "<p>&lt;b&gt;</p>"
    with pytest.raises(jinja2.TemplateNotFound):
        env.get_template("../t.zip")


def test_render_helper_reports_a_missing_template() -> None:
    from sectrack.render.templating import render

    with pytest.raises(SectrackError, match="template not found"):
        render("no-such-template.html.j2")


def test_document_headings_are_headings() -> None:
    change_set = cs(equal(para("DEFINITIONS", "A1", "A1", heading=1)), equal(para("Text.", "1.1", "A1.1")))
    main = main_of(render_html(change_set))
    heading = main.find_class("heading")[0]
    assert heading.tag == "h3" and heading.text_content().endswith("DEFINITIONS")


def test_the_escape_of_document_strings_is_markupsafes() -> None:
    from markupsafe import escape

    from sectrack.render.html_text import esc as _esc

    for text in ["", "plain", "a < b > c & d", "\"quoted\" and 'single'", "<script>alert('x')</script>",
                 "&amp; already", "tab\tand\nnewline", "üñíçødé ‘curly’ “quotes”"]:
        assert _esc(text) == str(escape(text))
