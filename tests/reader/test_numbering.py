"""Numbering labels (numbering.xml) and styles (styles.xml) from compact XML builders."""

from __future__ import annotations

import pytest
from docxbuild import abstract_num, engine_labels, level_override, lvl, num, para, start_override, style, table
from lxml import etree

from sectrack.docx.numbering import Numbering
from sectrack.docx.numformat import format_number
from sectrack.docx.styles import Styles, W

NS = f'xmlns:w="{W}"'


def styles_of(xml: str) -> Styles:
    return Styles.parse(etree.fromstring(f"<w:styles {NS}>{xml}</w:styles>"))


def labels(body: str, numbering: str | None = None, styles: str | None = None) -> list[str | None]:
    """The label text of every paragraph (None when not numbered)."""
    return [lab.text if lab is not None else None for lab in engine_labels(body, numbering, styles)]


def paras(*specs: tuple) -> str:
    """Paragraphs from (num_id, ilvl[, style]) tuples."""
    return "".join(para(f"p{i}", *spec) for i, spec in enumerate(specs))


THREE = abstract_num(0, lvl(0, "decimal", "%1."), lvl(1, "lowerLetter", "%1.%2"),
                     lvl(2, "lowerRoman", "%1.%2.%3"))


# ---------------------------------------------------------------- formats


@pytest.mark.parametrize(
    "fmt, n, expected",
    [
        ("decimal", 7, "7"), ("decimalZero", 3, "03"), ("decimalZero", 12, "12"),
        ("lowerLetter", 1, "a"), ("lowerLetter", 26, "z"), ("lowerLetter", 27, "aa"),
        ("lowerLetter", 28, "bb"), ("upperLetter", 53, "AAA"), ("upperLetter", 700, "X" * 27),
        ("lowerRoman", 4, "iv"), ("lowerRoman", 9, "ix"), ("upperRoman", 14, "XIV"),
        ("upperRoman", 1999, "MCMXCIX"), ("upperRoman", 4001, "MMMMI"),
        ("ordinal", 1, "1st"), ("ordinal", 2, "2nd"), ("ordinal", 3, "3rd"), ("ordinal", 4, "4th"),
        ("ordinal", 11, "11th"), ("ordinal", 12, "12th"), ("ordinal", 13, "13th"),
        ("ordinal", 21, "21st"), ("ordinal", 112, "112th"), ("ordinal", 122, "122nd"),
        ("cardinalText", 1, "One"), ("cardinalText", 21, "Twenty-one"),
        ("cardinalText", 101, "One hundred one"), ("cardinalText", 1001, "One thousand and one"),
        ("cardinalText", 1999, "One thousand nine hundred ninety-nine"),
        ("ordinalText", 1, "First"), ("ordinalText", 12, "Twelfth"), ("ordinalText", 20, "Twentieth"),
        ("ordinalText", 23, "Twenty-third"), ("ordinalText", 100, "One hundredth"),
        ("none", 5, ""), ("chicago", 1, "*"), ("chicago", 4, "§"), ("chicago", 6, "††"),
        ("decimalEnclosedCircle", 3, "③"), ("decimalEnclosedCircle", 21, "㉑"),
        ("custom", 7, "007"), ("somethingNew", 5, "5"), ("lowerLetter", 0, "0"),
        ("upperRoman", 0, "0"), ("decimalZero", 0, "0"),
    ],
)
def test_format_number(fmt: str, n: int, expected: str) -> None:
    custom = "001, 002, 003, ..." if fmt == "custom" else None
    assert format_number(n, fmt, custom) == expected


def test_lvl_text_with_words_around_placeholders() -> None:
    numbering = abstract_num(0, lvl(0, "upperLetter", "Article %1"), lvl(1, "decimal", "A%1.%2"),
                             lvl(2, "lowerLetter", "(%3)")) + num(1, 0)
    body = paras((1, 0), (1, 1), (1, 2), (1, 2), (1, 1), (1, 0), (1, 1))
    assert labels(body, numbering) == ["Article A", "AA.1", "(a)", "(b)", "AA.2", "Article B", "AB.1"]


def test_bullets_keep_their_character_and_say_so() -> None:
    numbering = abstract_num(0, lvl(0, "bullet", "\uf0b7"), lvl(1, "bullet", "o"),
                             lvl(2, "bullet", "\u2013")) + num(1, 0)
    got = engine_labels(paras((1, 0), (1, 1), (1, 2)), numbering, None)
    assert [g.text for g in got] == ["\u2022", "o", "\u2013"]  # Symbol's U+F0B7 is drawn as •
    assert all(g.bullet and g.fmt == "bullet" for g in got)


def test_label_fields() -> None:
    (got,) = engine_labels(paras((5, 1)), abstract_num(3, lvl(0), lvl(1, "lowerRoman", "(%2)")) + num(5, 3), None)
    assert (got.text, got.num_id, got.abstract_id, got.level, got.fmt, got.bullet) == ("(i)", 5, 3, 1, "lowerRoman", False)


def test_missing_start_is_zero_missing_format_is_decimal_missing_text_is_empty() -> None:
    numbering = abstract_num(
        0,
        '<w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>',
        '<w:lvl w:ilvl="1"><w:start w:val="2"/><w:lvlText w:val="%1.%2"/></w:lvl>',
        '<w:lvl w:ilvl="2"><w:start w:val="2"/><w:numFmt w:val="lowerRoman"/></w:lvl>',
    ) + num(1, 0)
    assert labels(paras((1, 0), (1, 1), (1, 2), (1, 0)), numbering) == ["0.", "0.2", "", "1."]


def test_custom_format_in_alternate_content() -> None:
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    fmt = (f'<mc:AlternateContent xmlns:mc="{mc}"><mc:Choice Requires="w14">'
           '<w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice>'
           '<mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent>')
    numbering = abstract_num(0, f'<w:lvl w:ilvl="0"><w:start w:val="9"/>{fmt}<w:lvlText w:val="%1."/></w:lvl>')
    assert labels(paras((1, 0), (1, 0)), numbering + num(1, 0)) == ["009.", "010."]


# ---------------------------------------------------------------- counting


def test_deeper_levels_restart_when_a_shallower_level_advances() -> None:
    body = paras((1, 0), (1, 1), (1, 2), (1, 2), (1, 1), (1, 2), (1, 0), (1, 1), (1, 2))
    assert labels(body, THREE + num(1, 0)) == [
        "1.", "1.a", "1.a.i", "1.a.ii", "1.b", "1.b.i", "2.", "2.a", "2.a.i"]


def test_unnumbered_paragraphs_and_tables_do_not_break_the_count() -> None:
    body = (para("x", 1, 0) + para("plain") + table([para("a", 1, 0), para("b", 1, 1)], [para("c", 1, 0)])
            + para("y", 1, 0))
    assert labels(body, THREE + num(1, 0)) == ["1.", None, "2.", "2.a", "3.", "4."]


def test_nums_sharing_an_abstract_share_counters() -> None:
    numbering = THREE + num(1, 0) + num(2, 0)
    assert labels(paras((1, 0), (2, 0), (1, 1), (2, 1), (2, 0)), numbering) == ["1.", "2.", "2.a", "2.b", "3."]


def test_start_override_restarts_the_shared_counter_once() -> None:
    numbering = THREE + num(1, 0) + num(3, 0, start_override(0, 7))
    body = paras((1, 0), (1, 0), (3, 0), (1, 0), (3, 0))
    assert labels(body, numbering) == ["1.", "2.", "7.", "8.", "9."]


def test_start_override_waits_for_a_paragraph_at_its_level() -> None:
    numbering = THREE + num(1, 0) + num(3, 0, start_override(1, 5)) + num(4, 0, start_override(0, 7))
    body = paras((1, 0), (1, 1), (1, 1), (3, 0), (3, 1), (3, 1), (1, 0), (3, 1), (4, 1), (4, 0), (1, 0))
    assert labels(body, numbering) == [
        "1.", "1.a", "1.b", "2.", "2.e", "2.f", "3.", "3.a", "3.b", "7.", "8."]


def test_start_override_on_two_levels_is_spent_by_the_first() -> None:
    numbering = THREE + num(1, 0) + num(5, 0, start_override(0, 1), start_override(1, 1))
    body = paras((1, 0), (1, 0), (5, 1), (5, 0), (1, 1))
    assert labels(body, numbering) == ["1.", "2.", "2.a", "3.", "3.a"]


def test_level_override_replaces_format_and_start_for_its_num() -> None:
    numbering = (abstract_num(0, lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2")) + num(3, 0)
                 + num(4, 0, level_override(1, lvl(1, "upperLetter", "[%1-%2]", start=3)))
                 + num(5, 0, start_override(0, 4, lvl(0, "lowerRoman", "%1)", start=9))))
    body = paras((3, 0), (3, 1), (4, 1), (4, 1), (3, 1), (4, 0), (4, 1), (3, 1), (5, 0), (5, 0), (3, 0), (5, 1))
    assert labels(body, numbering) == [
        "1.", "1.1", "[1-B]", "[1-C]", "1.4", "2.", "[2-C]", "2.4", "iv)", "v)", "6.", "vi.1"]


def test_num_style_link_reaches_the_numbering_style_definition() -> None:
    numbering = (abstract_num(10, lvl(0, "upperRoman", "%1."), lvl(1, "lowerLetter", "%1(%2)"),
                              extra='<w:styleLink w:val="MyList"/>')
                 + abstract_num(11, extra='<w:numStyleLink w:val="MyList"/>') + num(1, 10) + num(2, 11))
    styles = style("MyList", "My List", kind="numbering", num_id=1)
    got = engine_labels(paras((1, 0), (2, 0), (2, 1), (1, 1)), numbering, styles)
    assert [g.text for g in got] == ["I.", "II.", "II(a)", "II(b)"]
    assert {g.abstract_id for g in got} == {10}


def test_num_style_link_loop_is_cut() -> None:
    numbering = (abstract_num(11, extra='<w:numStyleLink w:val="S"/>') + num(2, 11))
    assert labels(paras((2, 0)), numbering, style("S", "S", kind="numbering", num_id=2)) == [None]


def test_skipped_levels_show_their_start_and_count_as_used() -> None:
    # LibreOffice's display; Word would show "1.2.0.1"-style zeros for never-used levels instead.
    numbering = abstract_num(0, lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2", start=3),
                             lvl(2, "decimal", "%1.%2.%3"), lvl(3, "decimal", "%1.%2.%3.%4")) + num(1, 0)
    body = paras((1, 2), (1, 2), (1, 1), (1, 0), (1, 3), (1, 1), (1, 3), (1, 2))
    assert labels(body, numbering) == ["1.3.1", "1.3.2", "1.4", "2.", "2.3.1.1", "2.4", "2.4.1.1", "2.4.2"]


def test_lvl_restart() -> None:
    numbering = abstract_num(
        1, lvl(0, "decimal", "%1."), lvl(1, "lowerLetter", "%2)", extra='<w:lvlRestart w:val="0"/>'),
        lvl(2, "lowerRoman", "%3.", extra='<w:lvlRestart w:val="1"/>'), lvl(3, "decimal", "%1-%2-%3-%4"),
    ) + num(2, 1)
    body = paras((2, 0), (2, 1), (2, 2), (2, 2), (2, 0), (2, 1), (2, 2), (2, 1), (2, 2), (2, 3), (2, 1), (2, 3))
    # level 1 never restarts; level 2 restarts only when level 0 is used, not level 1
    assert labels(body, numbering) == [
        "1.", "a)", "i.", "ii.", "2.", "b)", "i.", "c)", "ii.", "2-c-ii-1", "d)", "2-d-ii-1"]


def test_lvl_restart_naming_a_deeper_level_is_ignored() -> None:
    numbering = abstract_num(0, lvl(0, "decimal", "%1."),
                             lvl(1, "decimal", "%1.%2", extra='<w:lvlRestart w:val="5"/>')) + num(1, 0)
    assert labels(paras((1, 0), (1, 1), (1, 0), (1, 1)), numbering) == ["1.", "1.1", "2.", "2.1"]


def test_is_lgl_shows_the_levels_above_as_decimal() -> None:
    numbering = abstract_num(
        0, lvl(0, "upperRoman", "Article %1"), lvl(1, "decimalZero", "Section %1.%2", extra="<w:isLgl/>"),
        lvl(2, "lowerLetter", "%1.%2.%3", extra="<w:isLgl/>"), lvl(3, "lowerRoman", "(%4)", extra="<w:isLgl/>"),
    ) + num(1, 0)
    body = paras((1, 0), (1, 0), (1, 1), (1, 2), (1, 3))
    assert labels(body, numbering) == ["Article I", "Article II", "Section 2.01", "2.1.a", "(i)"]


def test_is_lgl_off_value() -> None:
    numbering = abstract_num(0, lvl(0, "upperRoman", "%1"),
                             lvl(1, "decimal", "%1.%2", extra='<w:isLgl w:val="0"/>')) + num(1, 0)
    assert labels(paras((1, 0), (1, 1)), numbering) == ["I", "I.1"]


def test_undefined_things_are_not_numbered() -> None:
    numbering = abstract_num(0, lvl(0, "decimal", "%1.")) + num(1, 0) + num(2, 99)
    body = paras((1, 0), (1, 4), (7, 0), (2, 0), (1, 9), (1, 0))
    assert labels(body, numbering) == ["1.", None, None, None, None, "2."]
    assert labels(paras((1, 0)), None) == [None]


# ---------------------------------------------------------------- numbering from styles

HEADINGS = abstract_num(0, lvl(0, "decimal", "Article %1", pstyle="H1"), lvl(1, "decimal", "%1.%2", pstyle="H2"),
                        lvl(2, "lowerLetter", "(%3)", pstyle="H3"), lvl(3, "lowerRoman", "(%4)")) + num(1, 0)
HEADING_STYLES = (style("Normal", "Normal", default=True) + style("H1", "heading 1", num_id=1)
                  + style("H2", "heading 2", based="H1", ilvl=1) + style("H3", "heading 3", based="H1")
                  + style("H4", "heading 4", based="H1", ilvl=3) + style("Off", "Off", based="H1", num_id=0))


def test_numbering_from_paragraph_styles() -> None:
    body = paras((None, None, "H1"), (None, None, "H2"), (None, None, "H2"), (None, None, "H4"),
                 (None, None, "H1"), (None, None, "Normal"), (None, None, "Off"), (None, None, "H2"))
    assert labels(body, HEADINGS, HEADING_STYLES) == [
        "Article 1", "1.1", "1.2", "(i)", "Article 2", None, None, "2.1"]


def test_level_linked_to_the_style_by_w_pstyle() -> None:
    # H3 inherits numId 1 and no ilvl: the level whose w:pStyle is H3 (LibreOffice 7.4 uses level 0).
    body = paras((None, None, "H1"), (None, None, "H3"), (1, None, "H3"), (None, 0, "H3"))
    assert labels(body, HEADINGS, HEADING_STYLES) == ["Article 1", "(a)", "(b)", "Article 2"]


def test_direct_numbering_over_style_numbering() -> None:
    other = abstract_num(5, lvl(0, "upperLetter", "%1."), lvl(1, "decimal", "%1-%2")) + num(2, 5)
    body = paras((0, None, "H1"), (None, None, "H1"), (2, None, "H2"), (None, 2, "H2"), (2, 0, "H1"), (0, 1, "H2"))
    # numId 0 switches the style's numbering off; a direct numId takes the style's ilvl; a direct
    # ilvl alone takes the style's numId. ("A-1" made level 0 count A: the skipped-level rule.)
    assert labels(body, HEADINGS + other, HEADING_STYLES) == [None, "Article 1", "A-1", "(a)", "B.", None]


def test_missing_ilvl_defaults_to_zero() -> None:
    assert labels(paras((1, None), (1, None)), THREE + num(1, 0)) == ["1.", "2."]


def test_default_paragraph_style_numbering() -> None:
    styles = style("Body", "Body", default=True, num_id=1, ilvl=1)
    assert labels(paras((None, None), (1, 0)), THREE + num(1, 0), styles) == ["1.a", "2."]


# ---------------------------------------------------------------- styles


def test_styles_lookup() -> None:
    s = styles_of(style("Normal", "Normal", default=True) + style("Title", "Title", based="Normal")
                  + style("Normal", "Duplicate") + style("Char", "Char", kind="character", default=True))
    assert s.default_paragraph_style() == "Normal"
    assert s.name("Title") == "Title" and s.name("Nope") == "" and s.name(None) == ""
    info = s.get("Title")
    assert info is not None and (info.type, info.based_on, info.num_id, info.ilvl) == ("paragraph", "Normal", None, None)
    assert s.get("Normal").name == "Normal"  # the first of duplicate ids wins
    assert Styles.parse(None).default_paragraph_style() is None


def test_styles_num_pr_through_based_on() -> None:
    s = styles_of(style("A", "A", num_id=3, ilvl=0) + style("B", "B", based="A", ilvl=2)
                  + style("C", "C", based="B", num_id=0) + style("D", "D", based="D")
                  + style("E", "E", based="Missing"))
    assert s.num_pr("A") == (3, 0)
    assert s.num_pr("B") == (3, 2)
    assert s.num_pr("C") == (0, 2)
    assert s.num_pr("D") is None and s.num_pr("E") is None and s.num_pr(None) is None


def test_styles_heading_level() -> None:
    s = styles_of(
        style("Heading1", "heading 1") + style("H2", "Heading 2") + style("Sub", "Sub", based="Heading1")
        + style("Outl", "Outl", ppr='<w:outlineLvl w:val="3"/>') + style("Body", "Body", based="Outl",
                                                                        ppr='<w:outlineLvl w:val="9"/>')
        + style("Loop", "Loop", based="Loop2") + style("Loop2", "Loop2", based="Loop")
        + style("Heading10", "heading 10")
    )
    assert s.heading_level("Heading1") == 1
    assert s.heading_level("H2") == 2
    assert s.heading_level("Sub") == 1
    assert s.heading_level("Outl") == 4
    assert s.heading_level("Body") is None
    assert s.heading_level("Loop") is None
    assert s.heading_level("Heading10") is None
    assert s.get("Outl").outline_level == 3


def test_numbering_parse_without_styles() -> None:
    numbering = Numbering.parse(None, Styles.parse(None))
    assert numbering.next_label((1, 0), None) is None
    assert numbering.next_label(None, None) is None
