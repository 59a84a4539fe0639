"""What the property elements of a part (w:pPr, w:rPr, w:tcPr, …) say, and their kept XML, for the reader.

Each distinct element is worked out once, in the caches of the reader's ``Context``; the section below
says how elements are told apart without serialising each one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from lxml import etree

from sectrack.docx.context import Context
from sectrack.ooxml.names import W
from sectrack.ooxml.names import w as q

PPR, RPR, TCPR, TRPR, TBLPR, TBLGRID = q("pPr"), q("rPr"), q("tcPr"), q("trPr"), q("tblPr"), q("tblGrid")
PSTYLE, NUMPR, NUMID, ILVL, OUTLINE = q("pStyle"), q("numPr"), q("numId"), q("ilvl"), q("outlineLvl")
VAL = q("val")
_OFF = {"0", "false", "off", "none"}


# ---------------------------------------------------------------- what property elements say
#
# What a property element (w:pPr, w:rPr, w:tcPr, …) says, and its kept XML, are worked out once per
# distinct element: the caches in Context are keyed by the element's serialisation. But lxml repeats
# every namespace declaration in scope (thirty-odd in a Word part, ~1,200 characters) on each
# sub-element it serialises on its own, so serialising each w:pPr took a fifth of the time of reading
# a large document. index_properties cuts each property element's text out of one text of the
# whole part instead: its serialisation, or the bytes it was parsed from while the tree is as parsed
# (no tracked changes resolved), which saves serialising it. Within one part whose elements declare
# no namespaces of their own, every element has the same namespace context, so two of them whose cut
# texts are equal are equal elements (with no DTD, equal source text parses alike) and serialise
# equally on their own: the cut text finds the cache entry as surely as the serialisation. (Equal
# elements may have different cut texts, from the source: that costs a serialisation, not a wrong
# entry.) Only the first element of each cut text is serialised, to find or make that entry, so every
# result is the very object it always was, shared in the same way.

# Property elements that never contain one another (after revisions are resolved), cut in one pass:
# a match runs from a start tag to the first end tag of any of them, plus the tail text, which
# etree.tostring includes too. w:rPr (also inside w:pPr) gets a pass of its own.
_CUTS = (
    ((PPR, TCPR, TRPR, TBLPR, TBLGRID), "pPr|tcPr|trPr|tblPr|tblGrid"),
    ((RPR,), "rPr"),
)


def _cut_re(names: str) -> re.Pattern[bytes]:
    """<w:NAME …/> or <w:NAME …>…</w:NAME> for NAME in ``names``, then the tail text.

    Attribute values and text hold no "<" (nor ">" as lxml writes them). The content is matched as
    "text, then '<' not starting an end tag of ``names``, then text, …": the same match as a lazy
    ".*?", but about a third faster.
    """
    content = rf"[^<]*(?:<(?!/w:(?:{names})>)[^<]*)*"
    return re.compile(rf"<w:(?:{names})(?=[\s/>])(?:[^>]*?/>|[^>]*>{content}</w:(?:{names})>)[^<]*".encode())


_CUTS_RE = tuple((tags, _cut_re(names)) for tags, names in _CUTS)


# The start of a part's source: byte order mark, XML declaration, the root's start tag.
_SOURCE_HEAD = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>)?\s*<[^>]*>")


def index_properties(root: etree._Element, ctx: Context, source: bytes | None = None) -> None:
    """Cut the text of each property element of a part out of one text of it (see above), for the
    part to be read next. ``root`` is the part's root element; ``source``, the bytes it was parsed
    from, if the tree is still as parsed.

    The cut texts line up with the elements, in document order, when (checked here):
    - the prefix w is the one binding of the WordprocessingML namespace in scope and nothing below
      the root declares a namespace, so every such element, and nothing else, is written <w:pPr…;
    - there are no comments or processing instructions, whose text could hold "<w:pPr", nor (in the
      source) CDATA sections, and the source holds nothing but the root after its declaration;
    - there are as many cuts as elements: one element inside another (whose start tag its ancestor's
      cut would swallow) gives fewer.
    Otherwise those elements are serialised one by one, as _cached does for any element not cut.
    """
    # A cut text stands for one element only within its part.
    ctx.cuts, ctx.serialised_by_cut, ctx.ppr_by_cut, ctx.rpr_by_cut = {}, {}, {}, {}
    nsmap = root.nsmap
    if nsmap.get("w") != W or list(nsmap.values()).count(W) != 1:
        return
    if next(root.iter(etree.Comment, etree.ProcessingInstruction), None) is not None:
        return
    text = None
    # The source, unless a comment or processing instruction stands beside the root, or it has a
    # CDATA section. (A ">" in a value of the root ends the match of its start tag too early: then
    # either the root's own declarations follow, and the serialisation is cut instead, or no tag
    # starts before the true end.)
    if source is not None and root.getprevious() is None and root.getnext() is None and b"<![CDATA[" not in source:
        start = _SOURCE_HEAD.match(source)
        if start is not None and source.find(b"xmlns", start.end()) < 0:
            text, head = source, start.end()
    if text is None:
        text = etree.tostring(root)
        head = text.find(b">") + 1  # after the root's start tag: the declarations in scope
        if text.find(b"xmlns", head) >= 0:
            return
    for tags, cut_re in _CUTS_RE:
        elements = list(root.iter(*tags))
        cuts = cut_re.findall(text, head)
        if len(cuts) == len(elements):
            ctx.cuts.update(zip(elements, cuts))


_V = TypeVar("_V")


def _cached(
    el: etree._Element,
    cache: dict[str, _V],
    by_cut: dict[bytes, _V],
    ctx: Context,
    work: Callable[[etree._Element, str, Context], _V],
) -> _V:
    """``work(el, serialisation, ctx)``, once per distinct serialisation of ``el`` (kept in ``cache``).

    An element with a cut text (index_properties) is serialised only when its cut text is new to
    ``by_cut``, which leads from the cut texts of the part being read to the entries of ``cache``.
    """
    cut = ctx.cuts.get(el)
    if cut is not None:
        hit = by_cut.get(cut)
        if hit is not None:
            return hit
    s = etree.tostring(el, encoding="unicode")
    value = cache.get(s)
    if value is None:
        value = cache[s] = work(el, s, ctx)
    if cut is not None:
        by_cut[cut] = value
    return value


_DECL = re.compile(r' xmlns:([\w.-]+)="[^"]*"')
_PREFIX = re.compile(r'[<\s/]([A-Za-z_][\w.-]*):')


def kept_xml(el: etree._Element | None, ctx: Context) -> str:
    """``el`` serialised, self-contained but declaring only the namespaces it uses.

    lxml repeats every declaration in scope (thirty-odd in a Word document) on each serialised
    element; the block is the same for every element of a part, so it is split up once.
    """
    if el is None or not ctx.keep_xml:
        return ""
    return _cached(el, ctx.serialised, ctx.serialised_by_cut, ctx, _serialisation)


def _serialisation(el: etree._Element, s: str, ctx: Context) -> str:
    return _minimal_namespaces(s, ctx)


def _minimal_namespaces(s: str, ctx: Context) -> str:
    """Serialised ``s`` with only the namespace declarations it uses."""
    tag_end = s.find(">")
    last = s.rfind(" xmlns:", 0, tag_end)
    if last < 0:
        return s
    name_end = s.find(" ")
    block_end = s.index('"', s.index('="', last) + 2) + 1
    block = s[name_end:block_end]
    decls = ctx.namespaces.get(block)
    if decls is None:
        decls = ctx.namespaces[block] = {m.group(1): m.group(0) for m in _DECL.finditer(block)}
    rest = s[block_end:]
    used = set(_PREFIX.findall(s[:name_end] + rest))
    return s[:name_end] + "".join(decls[p] for p in sorted(used) if p in decls) + rest


NO_PPR: tuple[str | None, tuple[int | None, int | None] | None, int | None, str] = (None, None, None, "")


def paragraph_props(
    ppr: etree._Element, ctx: Context
) -> tuple[str | None, tuple[int | None, int | None] | None, int | None, str]:
    """(pStyle, direct numPr, outline level, kept XML) of a w:pPr, worked out once per distinct one."""
    return _cached(ppr, ctx.ppr_cache, ctx.ppr_by_cut, ctx, _read_ppr)


def _read_ppr(
    ppr: etree._Element, s: str, ctx: Context
) -> tuple[str | None, tuple[int | None, int | None] | None, int | None, str]:
    st = ppr.find(PSTYLE)
    style_id = st.get(VAL) if st is not None else None
    np_el = ppr.find(NUMPR)
    num_pr = (_int_child(np_el, NUMID), _int_child(np_el, ILVL)) if np_el is not None else None
    ol = ppr.find(OUTLINE)
    outline = None
    level = ol.get(VAL, "") if ol is not None else ""
    if level.isdigit() and int(level) < 9:
        outline = int(level) + 1
    return (style_id, num_pr, outline, _minimal_namespaces(s, ctx) if ctx.keep_xml else "")


def _int_child(el: etree._Element, tag: str) -> int | None:
    child = el.find(tag)
    if child is None:
        return None
    try:
        return int(child.get(VAL, ""))
    except ValueError:
        return None


NO_RPR: tuple[tuple[bool, bool, bool, bool, str], str] = ((False, False, False, False, ""), "")


def run_props(rpr: etree._Element, ctx: Context) -> tuple[tuple[bool, bool, bool, bool, str], str]:
    """(formatting, kept XML) of a w:rPr, worked out once per distinct one."""
    return _cached(rpr, ctx.rpr_cache, ctx.rpr_by_cut, ctx, _read_rpr)


def _read_rpr(rpr: etree._Element, s: str, ctx: Context) -> tuple[tuple[bool, bool, bool, bool, str], str]:
    fmt = (
        _on(rpr, "b"),
        _on(rpr, "i"),
        _underlined(rpr),
        _on(rpr, "strike") or _on(rpr, "dstrike"),
        _vert(rpr),
    )
    return (fmt, _minimal_namespaces(s, ctx) if ctx.keep_xml else "")


def _underlined(rpr: etree._Element | None) -> bool:
    if rpr is None:
        return False
    u = rpr.find(q("u"))
    return u is not None and u.get(VAL, "single").lower() not in _OFF


def _vert(rpr: etree._Element | None) -> str:
    if rpr is None:
        return ""
    v = rpr.find(q("vertAlign"))
    val = v.get(VAL, "") if v is not None else ""
    return val if val in ("superscript", "subscript") else ""


def _on(rpr: etree._Element | None, tag: str) -> bool:
    """True when a toggle property (w:b, w:i, …) is set on in ``rpr``."""
    if rpr is None:
        return False
    el = rpr.find(q(tag))
    return el is not None and el.get(VAL, "true").lower() not in _OFF
