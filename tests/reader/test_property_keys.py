"""Cut texts of property elements (properties.index_properties): as exact a cache key as etree.tostring."""

from __future__ import annotations

import itertools

import pytest
from lxml import etree

from sectrack.docx.context import Context
from sectrack.docx.properties import PPR, RPR, TCPR, index_properties
from sectrack.docx.styles import Styles, W

NS = f'xmlns:w="{W}" xmlns:a="urn:a"'


def body(xml: str, ns: str = NS) -> etree._Element:
    return etree.fromstring(f"<w:document {ns}><w:body>{xml}</w:body></w:document>")[0]


def cuts_of(part: etree._Element) -> dict[etree._Element, bytes]:
    ctx = Context(styles=Styles.parse(None), numbering=None, refs=None, location="test")
    index_properties(part, ctx)
    return ctx.cuts


def assert_exact(part: etree._Element) -> dict[etree._Element, bytes]:
    """Equal cut texts only for elements that serialise equally."""
    cuts = cuts_of(part)
    for (e1, c1), (e2, c2) in itertools.combinations(cuts.items(), 2):
        if c1 == c2:
            assert etree.tostring(e1) == etree.tostring(e2)
    return cuts


VARIED = (
    "<w:p><w:pPr><w:pStyle w:val='A'/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>x</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:pStyle w:val='A'/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>y</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:pStyle w:val='B'/><w:rPr><w:i/></w:rPr></w:pPr></w:p>"
    "<w:p><w:pPr a:x='1'/><w:r><w:rPr/><w:t>z</w:t></w:r></w:p>"
    "<w:p><w:pPr a:x='2'/></w:p>"
    "<w:p><w:pPr a:x='a/b&gt;c'/></w:p>"
    "<w:p><w:pPr><w:pStyle w:val='A'/></w:pPr>tail</w:p>"
    "<w:tbl><w:tr><w:tc><w:tcPr><w:tcW w:w='1'/></w:tcPr><w:p/></w:tc>"
    "<w:tc><w:tcPr><w:tcW w:w='1'/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>"
)


def test_every_property_element_is_cut_and_equal_cuts_serialise_equally() -> None:
    part = body(VARIED)
    cuts = assert_exact(part)
    assert len(cuts) == sum(1 for _ in part.iter(PPR, RPR, TCPR))
    pprs = list(part.iter(PPR))
    assert cuts[pprs[0]] == cuts[pprs[1]]  # the same w:pPr twice: one key
    assert len({cuts[p] for p in pprs}) == 6  # a different child, attribute value or tail: another
    assert cuts[pprs[6]].endswith(b"tail")  # the tail is part of etree.tostring too


@pytest.mark.parametrize(
    "xml, ns",
    [
        # A comment or processing instruction could hold "<w:pPr" (here as many as a w:pPr inside
        # another swallows, so that only these checks stop the cut texts from going astray).
        ("<w:p><!-- <w:pPr/> --><w:pPr><w:pPr/></w:pPr></w:p>", NS),
        ("<w:p><?pi <w:pPr/>?><w:pPr><w:pPr/></w:pPr></w:p>", NS),
        # A namespace declared below the part: equal texts, different elements.
        ("<w:p xmlns:a='urn:other'><w:pPr a:x='1'/></w:p><w:p><w:pPr a:x='1'/></w:p>", NS),
        ("<w:p><w:pPr/></w:p>", f'xmlns:w="{W}" xmlns:v="{W}"'),  # two prefixes for WordprocessingML
        ("<v:p><v:pPr/><w:pPr/></v:p>", f'xmlns:w="urn:not-w" xmlns:v="{W}"'),  # w: is not WordprocessingML
    ],
)
def test_parts_that_cannot_be_cut_are_left_to_serialisation(xml: str, ns: str) -> None:
    assert cuts_of(body(xml, ns)) == {}


def test_an_element_inside_another_of_its_kind_leaves_that_kind_uncut() -> None:
    part = body("<w:p><w:pPr><w:pPr/></w:pPr><w:r><w:rPr><w:b/></w:rPr></w:r></w:p>")
    cuts = assert_exact(part)
    assert not any(el.tag == PPR for el in cuts)
    assert [el.tag for el in cuts] == [RPR]


# ---------------------------------------------------------------- cut from the source bytes


def source_cuts(source: bytes) -> tuple[etree._Element, dict[etree._Element, bytes]]:
    root = etree.fromstring(source)
    ctx = Context(styles=Styles.parse(None), numbering=None, refs=None, location="test")
    index_properties(root, ctx, source)
    return root, ctx.cuts


def doc(xml: str, before: str = "<?xml version='1.0' encoding='UTF-8'?>\n", root_attrs: str = "") -> bytes:
    return f"{before}<w:document {NS}{root_attrs}><w:body>{xml}</w:body></w:document>".encode()


def test_cuts_from_the_source_are_exact_keys() -> None:
    # The same w:pPr written differently (quotes, spaces) may get other cut texts: only a serialisation more.
    source = doc(VARIED + '<w:p><w:pPr ><w:pStyle w:val="A" /></w:pPr></w:p><w:p><w:pPr>\n<w:jc w:val="both"/></w:pPr></w:p>')
    root, cuts = source_cuts(source)
    assert len(cuts) == sum(1 for _ in root.iter(PPR, RPR, TCPR))
    for (e1, c1), (e2, c2) in itertools.combinations(cuts.items(), 2):
        if c1 == c2:
            assert etree.tostring(e1) == etree.tostring(e2)
    assert len(set(cuts.values())) < len(cuts)  # and equal source texts share a key


def serialisation_cuts(root: etree._Element) -> dict[etree._Element, bytes]:
    ctx = Context(styles=Styles.parse(None), numbering=None, refs=None, location="test")
    index_properties(root, ctx)
    return ctx.cuts


@pytest.mark.parametrize(
    "source",
    [
        # Each could hold "<w:pPr", here as many as a w:pPr inside another swallows (see above).
        doc("<w:p><w:pPr><w:pPr/></w:pPr><w:r><w:t><![CDATA[<w:pPr/>]]></w:t></w:r></w:p>"),  # CDATA (gone from the tree)
        doc("<w:p><w:pPr><w:pPr/></w:pPr></w:p>") + b"<?pi <w:pPr/>?>",  # a processing instruction beside the root
        doc("<w:p><w:pPr><w:pPr/></w:pPr></w:p>") + b"<!-- <w:pPr/> -->",  # a comment beside the root
        # A namespace declared below the root: equal texts, different elements.
        doc("<w:p xmlns:a='urn:other'><w:pPr a:x='1'/></w:p><w:p><w:pPr a:x='1'/></w:p>"),
        # A ">" in a value of the root, before its declarations.
        f'<w:document a:x="1>2" {NS}><w:body><w:p><w:pPr a:x="1"/></w:p></w:body></w:document>'.encode(),
    ],
)
def test_sources_that_cannot_be_cut_leave_it_to_the_serialisation(source: bytes) -> None:
    root, cuts = source_cuts(source)
    assert cuts == serialisation_cuts(root)
    assert all(cut.startswith(b"<w:") for cut in cuts.values())


def test_a_greater_than_sign_in_a_root_attribute_after_its_declarations_is_harmless() -> None:
    root, cuts = source_cuts(doc("<w:p><w:pPr/></w:p>", root_attrs=' a:x="1>2"'))
    assert list(cuts.values()) == [b"<w:pPr/>"]
