"""Write a ChangeSet as the new version's .docx carrying real Word tracked changes.

``render_docx(cs, out)`` copies every part of the new version's package unchanged except the main
document, whose body is rebuilt from the ChangeSet (``w:ins``, ``w:del``, ``w:moveFrom``/``w:moveTo``,
``w:rPrChange``, ``w:pPrChange``, inserted and deleted rows), the headers and footers that changed,
and numbering.xml when deleted paragraphs need lists the new version no longer defines.

Paragraphs of the new version are written from their own XML in the new package, revisions laid
over it (``overlay``): fields, hyperlinks, bookmarks, drawings and note references survive.
That XML is the tree the reader parsed the new version into when the Document was read with
``keep_tree=True`` (``sectrack.docx.take_source``), else the package parsed again, matched to the
model block by block by position (``located``); each paragraph's text is checked against the
model's unless the Document's blocks are the very ones ``read`` made from that very package.
Paragraphs and tables that did not change at all are kept as their elements; the others are
assembled as text (see ``xmltext`` for escaping and ``Kept`` for how the two meet,
each part serialised once). Paragraphs of the old version only in the body are written from their
own XML in the old package, all of it deleted or moved away, when it is self-contained: fields,
internal hyperlinks and symbols survive Reject All (the old package is parsed only when the
ChangeSet has such a paragraph). External hyperlinks and inline pictures survive too: their
relationships are carried into the new package (``carried``) under fresh ids, an image part
pointing at a byte-identical part of the new package or copied to word/media/ under a fresh name
(with its content type), and drawing ids (``wp:docPr``) are made unique. Relationships of other
kinds, missing ones and other drawings (charts, anchored shapes, VML) are not carried: those
paragraphs, those of headers, footers and notes, and any paragraph whose XML cannot be matched to
the model, are written from the model (``body``).
The zip has fixed timestamps and the source's entry order, so the same inputs give the same bytes.
Both packages come from the Documents (``Document.package``): no file is opened, and a Document
without its package is an error (``minimal_package`` gives one for Documents built in memory).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from sectrack.compare.changes import ChangeSet, PartChange
from sectrack.docx import take_source
from sectrack.docx.revisions import resolve
from sectrack.errors import SectrackError
from sectrack.model import Document, Message
from sectrack.ooxml.names import R, W
from sectrack.ooxml.package import DECL, Package, Parts, load_parts, minimal_package, open_package, zip_parts
from sectrack.ooxml.xml import parse_xml
from sectrack.render.docx import beyond
from sectrack.render.docx.body import BodyWriter
from sectrack.render.docx.carried import Carried
from sectrack.render.docx.located import Blocks
from sectrack.render.docx.marking import mark_redline
from sectrack.render.docx.notes import KINDS, NotePlan, note_elements
from sectrack.render.docx.notes import plan as plan_notes
from sectrack.render.docx.numbering import NumberingFix
from sectrack.render.docx.overlay import resolved
from sectrack.render.docx.parts import add_part
from sectrack.render.docx.xmltext import Fragments, Revs, esc, start_tag
from sectrack.render.output import Rendered

__all__ = ["docx_bytes", "render_docx", "revision_date", "minimal_package"]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?")
_IDS = re.compile(rb'w:id="(\d{1,9})"')  # no \b: a literal prefix lets the scan run at C speed
def revision_date(value: str, strict: bool = True) -> str:
    """``value`` as a w:date: an ISO date gets midnight UTC; "" stays "" (no w:date written)."""
    value = (value or "").strip()
    if not value:
        return ""
    if _DATE.fullmatch(value):
        return value + "T00:00:00Z"
    if _DATETIME.fullmatch(value):
        return value
    if strict:
        raise ValueError(f"not an ISO date or date-time: {value!r}")
    return ""


def _package_of(doc: Document, which: str) -> bytes:
    """The original .docx bytes ``doc`` carries, or a clear error saying it has none."""
    if doc.package is None:
        name = doc.source or doc.display_name or "document"
        raise SectrackError(name, f"the {which} version has no .docx package (read it with sectrack.read, "
                            "or give its bytes to sectrack.loads(..., package=...)), so no .docx redline can be written")
    return doc.package


def _old_numbering(data: bytes, path: str, report: list[Message]) -> bytes | None:
    """The old version's numbering.xml, when its package can be read (else a message says so)."""
    try:
        pkg: Package = open_package(data, path)
        try:
            names = [n for _, n in pkg.related(pkg.main, "numbering")]
            return pkg.read(names[0]) if names and pkg.has(names[0]) else None
        finally:
            pkg.zf.close()
    except SectrackError as exc:
        report.append(Message("docx.old-numbering", f"the old version's list definitions cannot be read "
                              f"({exc.problem}): deleted list paragraphs keep only the new version's lists"))
        return None


def _old_body(cs: ChangeSet, report: list[Message]) -> etree._Element | None:
    """The w:body of the old package read as the old Document was (its tracked changes resolved to
    the same view); None when no paragraph would gain from it or it is unreadable (a message says so)."""
    path, package = cs.old.source, cs.old.package
    found = beyond.known(package) if package is not None else None
    if package is None or found is False:
        return None
    try:
        pkg = open_package(package, path)
        try:
            data = pkg.read(pkg.main)
            if not (found or beyond.in_main_part(data)):
                return None  # nothing the model's runs would lose: no need to parse the old version
            root = resolve(parse_xml(data, path, pkg.main), cs.old.view)
        finally:
            pkg.zf.close()
    except SectrackError as exc:
        report.append(Message("docx.old-package", f"the old version's package cannot be read ({exc.problem}): "
                              "deleted paragraphs are written from their text and formatting"))
        return None
    return root.find(f"{{{W}}}body")


def _namespaces(root: etree._Element) -> tuple[dict[str, str], dict[str, str]]:
    """Prefixed namespace declarations of ``root`` (w and r always) and its attributes by prefixed name."""
    nsmap = {p: u for p, u in root.nsmap.items() if p}
    nsmap["w"] = W
    nsmap.setdefault("r", R)
    prefix_of = {u: p for p, u in nsmap.items()}
    attrs = {}
    for key, value in root.attrib.items():
        qn = etree.QName(key)
        if qn.namespace is None:
            attrs[qn.localname] = value
        elif qn.namespace in prefix_of:
            attrs[f"{prefix_of[qn.namespace]}:{qn.localname}"] = value
    return nsmap, attrs


def _note_ids(src: Parts) -> dict[str, set[str]]:
    """Ids of the new version's ordinary footnotes and endnotes."""
    out: dict[str, set[str]] = {}
    for kind in ("footnote", "endnote"):
        for name in src.related.get(kind + "s", []):
            if name not in src.data:
                continue
            root = parse_xml(src.data[name], "", name)
            out[kind] = {
                n.get(f"{{{W}}}id", "") for n in root.findall(f"{{{W}}}{kind}")
                if n.get(f"{{{W}}}type", "normal") == "normal"
            }
    return out


def _first_id(src: Parts) -> int:
    """An id above every w:id in the package (bookmarks, comments, notes' own revisions)."""
    top = 0
    for name, data in src.data.items():
        if name.endswith(".xml") and b'w:id="' in data:
            top = max(top, max(map(int, _IDS.findall(data)), default=0))
    return top + 1


def _changed_parts(cs: ChangeSet, src: Parts) -> list[PartChange]:
    """Headers and footers of the new version whose content changed."""
    return [
        pc for pc in cs.parts
        if pc.name in src.data and any(c.new is not None for c in pc.blocks) and any(c.changed for c in pc.blocks)
    ]


def render_docx(cs: ChangeSet, out: str | Path, *, author: str = "sectrack", date: str | None = None) -> None:
    """Write ``cs`` as the new version with tracked changes against the old one, to the file ``out``."""
    Path(out).write_bytes(docx_bytes(cs, author=author, date=date))


def docx_bytes(cs: ChangeSet, *, author: str = "sectrack", date: str | None = None) -> Rendered:
    """``cs`` as the new version's .docx with tracked changes against the old one, from the packages
    the two Documents carry; ``.messages`` says where the writer had to do with less."""
    report: list[Message] = []
    stamp = revision_date(date) if date is not None else revision_date(cs.new.date, strict=False)
    new_package, old_package = _package_of(cs.new, "new"), _package_of(cs.old, "old")
    src = load_parts(new_package, cs.new.source)
    parts = _changed_parts(cs, src)
    numbering_name = next((n for n in src.related.get("numbering", []) if n in src.data), None)
    numfix = NumberingFix(src.data.get(numbering_name) if numbering_name else None,
                          _old_numbering(old_package, cs.old.source, report))
    if numfix.old_unreadable:
        report.append(Message("docx.old-numbering", "the old version's list definitions are not well-formed XML: "
                              "deleted list paragraphs keep only the new version's lists"))

    source = take_source(cs.new) if cs.new.view == "accepted" else None
    if source is not None and source.package is not new_package:
        source = None  # read from other bytes than the package the Document carries
    # The reader's own tree when it kept it, else the package parsed again as the reader parsed it;
    # when the blocks are the very ones read from this package, positions pair them with no text check.
    kept = source.root if source is not None else None
    root = kept if kept is not None else resolved(parse_xml(src.data[src.main], src.main, src.main))
    exact = source is not None and source.blocks is cs.new.blocks
    nsmap, attrs = _namespaces(root)
    note_ids = _note_ids(src)
    writer = BodyWriter(Revs(author, stamp, _first_id(src)), Fragments(nsmap, numfix.remap), note_ids)
    writer.notes_plan = notes = plan_notes(cs, note_ids)
    replaced: dict[str, bytes] = {}
    writer.carry = carried = Carried(src, replaced, old_package, cs.old.source, report)
    old_at = Blocks(cs.old.blocks, lambda: _old_body(cs, report))  # parsed at the first old-only paragraph
    replaced[src.main] = _main_document(cs, writer, root, exact, old_at, nsmap, attrs)
    writer.carry = None  # old-only paragraphs of headers, footers and notes: from the model
    carried.finish()
    for pc in parts:
        part_root = resolved(parse_xml(src.data[pc.name], src.main, pc.name))
        model = next((part.blocks for part in cs.new.parts if part.name == pc.name), ())
        replaced[pc.name] = _header_or_footer(pc, writer, part_root, Blocks.of(model, part_root), numfix)
    for kind in KINDS:
        name = next((n for n in src.related.get(kind + "s", []) if n in src.data), None)
        touched = any(k == kind for k, _ in notes.rewrite) or notes.added.get(kind)
        if name and touched:
            replaced[name] = _notes_part(kind, src.data[name], name, notes, writer, src, numfix)
        elif notes.added.get(kind):  # the new version has no notes part: one is made for the old notes
            data = _notes_part(kind, _EMPTY_NOTES[kind], f"{kind}s", notes, writer, src, numfix)
            add_part(src, replaced, kind + "s", data)
    if numfix.changed and numbering_name:
        replaced[numbering_name] = numfix.xml()
    elif numfix.changed:
        _add_numbering_part(src, replaced, numfix.xml())
    mark_redline(cs, src, replaced)  # titled and marked as a redline: never taken for the clean version
    return Rendered(zip_parts(src, replaced), tuple(report))


def _main_document(
    cs: ChangeSet, writer: BodyWriter, root: etree._Element, exact: bool, old_at: Blocks, nsmap: dict[str, str],
    attrs: dict[str, str],
) -> bytes:
    """document.xml: the new root element, its other children (w:background), the redline body and
    the new body's final w:sectPr (``exact``: ``root`` is the tree the new Document was read from)."""
    text = [start_tag("w:document", nsmap, attrs)]
    body = root.find(f"{{{W}}}body")
    for child in root:
        if child is body:
            text.append("<w:body>")
            writer.container(cs.body, text, Blocks.of(cs.new.blocks, body, exact), old_at)
            if len(body) and body[-1].tag == f"{{{W}}}sectPr":
                text.append(writer.kept.mark(body[-1]))
            text.append("</w:body>")
        elif isinstance(child.tag, str):
            text.append(writer.kept.mark(child))
    if body is None:
        text.append("<w:body>")
        writer.container(cs.body, text)
        text.append("</w:body>")
    text.append("</w:document>")
    return writer.kept.assemble(DECL, "".join(text))


def _header_or_footer(
    pc: PartChange, writer: BodyWriter, root: etree._Element, where: Blocks, numfix: NumberingFix
) -> bytes:
    """A header or footer part rebuilt from its changes, under its own root element (its blocks ``where``)."""
    nsmap, attrs = _namespaces(root)
    writer.frags = Fragments(nsmap, numfix.remap)
    name = "w:" + etree.QName(root).localname
    piece = [start_tag(name, nsmap, attrs)]
    writer.container(pc.blocks, piece, where)
    piece.append(f"</{name}>")
    return writer.kept.assemble(DECL, "".join(piece))


_EMPTY_NOTES = {
    kind: (
        f'<w:{kind}s xmlns:w="{W}">'
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>'
        f"</w:{kind}s>"
    ).encode()
    for kind in KINDS
}


def _notes_part(
    kind: str, data: bytes, name: str, notes: NotePlan, writer: BodyWriter, src: Parts, numfix: NumberingFix
) -> bytes:
    """footnotes.xml or endnotes.xml: changed notes rewritten with revisions, old-only notes added back."""
    root = resolved(parse_xml(data, src.main, name))
    nsmap, attrs = _namespaces(root)
    writer.frags = Fragments(nsmap, numfix.remap)
    tag = "w:" + etree.QName(root).localname
    piece = [start_tag(tag, nsmap, attrs)]
    for el, nid in note_elements(root, kind):
        change = notes.rewrite.get((kind, nid))
        note = notes.notes.get((kind, nid))
        if change is None or note is None:
            piece.append(writer.kept.mark(el))
            continue
        piece.append(f'<w:{kind} w:id="{esc(nid)}">')
        writer.container(change.blocks, piece, Blocks.of(note.blocks, el))
        piece.append(f"</w:{kind}>")
    for fresh, change in notes.added.get(kind, []):
        piece.append(f'<w:{kind} w:id="{esc(fresh)}">')
        writer.container(change.blocks, piece)
        piece.append(f"</w:{kind}>")
    piece.append(f"</{tag}>")
    return writer.kept.assemble(DECL, "".join(piece))


def _add_numbering_part(src: Parts, replaced: dict[str, bytes], data: bytes) -> None:
    """Add a numbering part to a package that had none: the part, its content type, its relationship."""
    add_part(src, replaced, "numbering", data)
