"""Read a .docx file into a model.Document: ``read(path, view="accepted")``."""

from __future__ import annotations

import dataclasses
import re

from lxml import etree

from sectrack.docx.body import q, read_blocks
from sectrack.docx.context import Context
from sectrack.docx.numbering import Numbering
from sectrack.docx.properties import index_properties
from sectrack.docx.refs import RefTracker
from sectrack.docx.revisions import VIEWS, count_revisions, has_revisions, resolve
from sectrack.docx.styles import Styles
from sectrack.errors import BadDocument
from sectrack.model import Block, Document, Message, Part, Scratch, Table
from sectrack.ooxml.names import CORE as CP
from sectrack.ooxml.names import DC, DCTERMS, STRICT_W, R
from sectrack.ooxml.package import Package, Source, load_bytes, open_package
from sectrack.ooxml.xml import parse_xml

__all__ = ["read", "take_tree", "take_source", "SourceTree", "VIEWS"]

_DOC_NAME = re.compile(
    r"\b(?i:(section|appendix))\s+([A-Z]{1,2})\b\s*(?:[-–—:]\s*)?['‘\"“]?([^'’\"”]*)"
)
_VERSION = re.compile(r"\bversion\s+v?(\d+(?:\.\d+)*)", re.IGNORECASE)
_DEFINITION_START = re.compile(r"^[\"“']?(means|has the meaning|shall mean|is defined)", re.IGNORECASE)


def read(
    source: Source, view: str = "accepted", *, name: str | None = None, keep_xml: bool = True,
    keep_tree: bool = False,
) -> Document:
    """Read ``source`` (a path, bytes or a binary file object) with tracked changes accepted or
    rejected (``original``); ``name`` is what messages call it (the path by default).

    The Document carries the package's bytes (``Document.package``). ``keep_tree``: keep the parsed
    main document on it (``Document.tree``), so that a writer of this version need not parse it again."""
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}")
    data, label = load_bytes(source, name)
    pkg = open_package(data, label)
    try:
        return _read(pkg, view, keep_xml, keep_tree, data)
    finally:
        pkg.zf.close()


@dataclasses.dataclass
class SourceTree:
    """What a Document's blocks were read from: the package's bytes, and the main part as the
    reader parsed it (tracked changes resolved to its view) when it was kept. The k-th of ``blocks``
    was read from the k-th block element of the w:body (``ooxml.text.block_elements``), and likewise
    inside table cells. A Document whose ``package`` or ``blocks`` are not these very objects (made
    with ``dataclasses.replace``, say) was not read from them."""

    root: etree._Element | None
    package: bytes
    blocks: tuple[Block, ...]


def take_tree(doc: Document) -> SourceTree | None:
    """The tree ``doc`` was read into, if ``read`` kept it; given once (the taker may change it)."""
    source = take_source(doc)
    return source if source is not None and source.root is not None else None


def take_source(doc: Document) -> SourceTree | None:
    """What ``read`` left on ``doc`` about where its blocks came from (its tree too when kept);
    given once (the taker may change the tree)."""
    return doc.tree.take() if doc.tree is not None else None


def _read(pkg: Package, view: str, keep_xml: bool, keep_tree: bool, package: bytes) -> Document:
    source = pkg.read(pkg.main)
    root = parse_xml(source, pkg.path, pkg.main)
    as_parsed = not has_revisions(root)  # then resolve leaves the tree as it is (index_properties)
    tracked = 0 if as_parsed else count_revisions(root)
    root = resolve(root, view)
    if etree.QName(root).namespace == STRICT_W:
        raise BadDocument(pkg.path, "saved as Strict Open XML, which sectrack does not read: save it as a Word Document (.docx)")
    body = root.find(q("body"))
    if body is None:
        raise BadDocument(pkg.path, f"{pkg.main} has no w:body")
    styles = Styles.parse(_part(pkg, "styles"))
    meta = _metadata(pkg, body)
    ctx = Context(
        styles=styles,
        numbering=None,
        refs=None,
        location="notes",
        keep_xml=keep_xml,
        default_style=styles.default_paragraph_style(),
    )
    _say_tracked(ctx, tracked, view, pkg.main)
    ctx.notes = {kind: _notes(pkg, kind, view, ctx) for kind in ("footnote", "endnote")}
    parts = _headers_footers(pkg, view, ctx, _part_roles(body))
    ctx.location, ctx.para_index = "body", 0
    ctx.numbering = Numbering.parse(_part(pkg, "numbering"), styles)
    ctx.refs = RefTracker(meta["kind"], meta["letter"])
    index_properties(root, ctx, source if as_parsed else None)
    blocks = _mark_definitions(read_blocks(body, ctx))
    doc = Document(
        blocks=blocks,
        title=meta["title"],
        kind=meta["kind"],
        letter=meta["letter"],
        version=meta["version"],
        date=meta["date"],
        source=pkg.path,
        view=view,
        parts=parts,
        messages=tuple(ctx.messages),
        package=package,
        tree=Scratch(),
    )
    doc.tree.value = SourceTree(root if keep_tree else None, package, blocks)  # type: ignore[union-attr]  # read gives a holder
    return doc


def _part(pkg: Package, rtype: str) -> etree._Element | None:
    """The main part's related part of type ``rtype``, parsed, or None."""
    related = pkg.related(pkg.main, rtype)
    return pkg.xml_or_none(related[0][1]) if related else None


def _notes(pkg: Package, kind: str, view: str, ctx: Context) -> dict[str, tuple[Block, ...]]:
    """Footnotes or endnotes by id (separators left out)."""
    root = _part(pkg, kind + "s")
    if root is None:
        return {}
    _say_tracked(ctx, count_revisions(root), view, kind + "s")
    resolve(root, view)
    index_properties(root, ctx)
    out: dict[str, tuple[Block, ...]] = {}
    for note in root.findall(q(kind)):
        if note.get(q("type"), "normal") != "normal":
            continue
        ctx.location = f"{kind} {note.get(q('id'))}"
        out[note.get(q("id"), "")] = read_blocks(note, ctx)
    return out


def _say_tracked(ctx: Context, count: int, view: str, part: str) -> None:
    """A part holding tracked changes is never read silently: how many, and which view was read."""
    if count:
        how = ("accepted, as Word's Accept All leaves it" if view == "accepted"
               else "rejected, as Word's Reject All leaves it (the original text)")
        text = f"the file holds {count} tracked change{'s' * (count != 1)}; read with them {how}"
        ctx.messages.append(Message("read.tracked-changes", text, part))


def _part_roles(body: etree._Element) -> dict[str, str]:
    """Relationship id -> the pages a header or footer is for ("default", "first", "even"), from
    the sections' references (the first section naming it decides)."""
    roles: dict[str, str] = {}
    for sect in body.iter(q("sectPr")):
        for ref in sect:
            if ref.tag in (q("headerReference"), q("footerReference")):
                rid = ref.get(f"{{{R}}}id", "")
                roles.setdefault(rid, ref.get(q("type"), "default"))
    return roles


def _headers_footers(pkg: Package, view: str, ctx: Context, roles: dict[str, str]) -> tuple[Part, ...]:
    """Headers and footers in relationship order, kept apart from the body."""
    parts: list[Part] = []
    for kind in ("header", "footer"):
        for rid, name in sorted(pkg.related(pkg.main, kind), key=lambda r: _natural(r[1])):
            root = pkg.xml_or_none(name)
            if root is None:
                continue
            ctx.location, ctx.para_index = name, 0
            _say_tracked(ctx, count_revisions(root), view, name)
            resolve(root, view)
            index_properties(root, ctx)
            parts.append(Part(kind, name, read_blocks(root, ctx), roles.get(rid, "")))
    return tuple(parts)


def _natural(name: str) -> tuple[str, int]:
    m = re.search(r"(\d+)\.xml$", name)
    return (name[: m.start()] if m else name, int(m.group(1)) if m else 0)


def _metadata(pkg: Package, body: etree._Element) -> dict[str, str]:
    """Kind, letter, title, version and date from core properties, else from the first paragraphs."""
    meta = {"kind": "", "letter": "", "title": "", "version": "", "date": ""}
    core_parts = pkg.related("", "core-properties")
    core = pkg.xml_or_none(core_parts[0][1]) if core_parts else None
    texts: list[str] = []
    if core is not None:
        meta["version"] = (core.findtext(f"{{{CP}}}version") or "").strip()
        meta["date"] = (core.findtext(f"{{{DCTERMS}}}modified") or "")[:10]
        texts.append(core.findtext(f"{{{DC}}}title") or "")
    for p in body.iter(q("p")):
        texts.append("".join(t.text or "" for t in p.iter(q("t"))))
        if len(texts) > 6:
            break
    for text in texts:
        m = _DOC_NAME.search(text)
        if m and not meta["kind"]:
            meta["kind"], meta["letter"] = m.group(1).lower(), m.group(2).upper()
            title = m.group(3).strip().rstrip(".")
            meta["title"] = title if title and not title.isupper() else title.title()
        v = _VERSION.search(text)
        if v and not meta["version"]:
            meta["version"] = v.group(1)
    if not meta["kind"] and texts and texts[0].strip():
        meta["title"] = texts[0].strip()
    return meta


def _mark_definitions(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Flag two-column tables whose right column gives meanings ("means …")."""
    out = list(blocks)
    for i, block in enumerate(out):
        if not isinstance(block, Table) or not block.rows:
            continue
        two = [r for r in block.rows if len(r.cells) == 2]
        hits = sum(1 for r in two if _DEFINITION_START.match(r.cells[1].text.strip()))
        if hits >= 3 and hits >= 0.6 * len(block.rows):
            head = 0
            while head < min(2, len(block.rows)) and not _DEFINITION_START.match(
                block.rows[head].cells[-1].text.strip()
            ):
                head += 1
            out[i] = dataclasses.replace(block, definitions=True, header_rows=head)
    return tuple(out)
