"""The cross-reference grammar on the forms the SEC uses."""

from __future__ import annotations

import pytest

from sectrack.check.grammar import Target, citations


def one(text: str):
    found = list(citations(text))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text, form, targets, title, of",
    [
        ("as Section L14.8 requires.", "section", [("L", "14.8")], "", ""),
        ("set out in Section L.", "section", [("L", "")], "", ""),
        ("see Appendix AM (SMETS1 Supporting Requirements);", "appendix", [("AM", "")], "SMETS1 Supporting Requirements", ""),
        ("Section T3.34 (Additional Interface Testing) applies", "section", [("T", "3.34")], "Additional Interface Testing", ""),
        ("under clause 3.4 of this Appendix.", "clause", [("", "3.4")], "", "this"),
        ("subject to paragraph (b),", "paragraph", [("", "(b)")], "", ""),
        ("Sections L4.6 to L4.9 apply", "section", [("L", "4.6"), ("L", "4.9")], "", ""),
        ("Sections L4.6 to 4.9 apply", "section", [("L", "4.6"), ("L", "4.9")], "", ""),
        ("in Section L4.6(b)(ii) and", "section", [("L", "4.6(b)(ii)")], "", ""),
        ("clauses 2.6 and 2.8.", "clause", [("", "2.6"), ("", "2.8")], "", ""),
        ("Appendices AM and AT", "appendix", [("AM", ""), ("AT", "")], "", ""),
        ("under this Part 4.", "part", [("", "4")], "", ""),
        ("Part 7 of this Appendix", "part", [("", "7")], "", "this"),
        ("clause 2.5 of Appendix AM", "clause", [("", "2.5")], "", "appendix:AM"),
        ("only as clause 6.4 of the SMETS1 Cryptographic Key Management Policy allows",
         "clause", [("", "6.4")], "", "title:SMETS1 Cryptographic Key Management Policy"),
        ("paragraphs (a) to (g) of the definition of Device.", "paragraph", [("", "(a)"), ("", "(g)")], "", "definition:Device"),
        ("paragraph (c) of clause 2.4", "paragraph", [("", "(c)")], "", "clause:2.4"),
    ],
)
def test_forms(text: str, form: str, targets: list[tuple[str, str]], title: str, of: str) -> None:
    c = one(text)
    assert (c.form, [(t.letter, t.number) for t in c.targets], c.title, c.of) == (form, targets, title, of)
    assert text[c.start: c.end] == c.text


def test_ranges_are_told_from_lists() -> None:
    assert one("Sections L4.6 to L4.9").ranges == (True,)
    assert one("clauses 2.6 and 2.8").ranges == (False,)


def test_a_sentence_ending_full_stop_is_not_part_of_the_number() -> None:
    assert one("as set out in Section A1.1.").targets == (Target("A", "1.1"),)


@pytest.mark.parametrize("text", [
    "the Sections of this Code", "Section Good", "Version 16.0 of the Appendix", "as the parties agree",
    "clause by clause", "Part of the DCC Systems",
])
def test_not_references(text: str) -> None:
    assert list(citations(text)) == []


def test_several_in_one_sentence_with_a_trailing_conjunction() -> None:
    found = list(citations("Section L3 and the DCC, Appendix AM and clause 2.5 apply."))
    assert [c.text for c in found] == ["Section L3", "Appendix AM", "clause 2.5"]
