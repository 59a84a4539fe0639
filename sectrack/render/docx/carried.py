"""Relationships of the old package carried into the new one for old-only paragraphs written from their XML."""

from __future__ import annotations

import posixpath
import re

from lxml import etree

from sectrack.errors import SectrackError
from sectrack.model import Message
from sectrack.ooxml.package import Package, Parts, open_package, rels_name
from sectrack.render.docx.parts import TYPES_NAME, content_type, fresh_name, part_xml, relate, store, type_of

_DOC_PR_IDS = re.compile(rb'docPr\b[^>]*?\sid="(\d+)"')


class Carried:
    """Relationships of the old package that old-only paragraphs written from their XML keep: each
    external hyperlink and internal image relationship of the old main document is added to the new
    one under a fresh id (once); an image points at a byte-identical part of the new package or is
    copied to word/media/ under a fresh name. The relationships part and content types are written
    by ``finish``."""

    def __init__(
        self, src: Parts, replaced: dict[str, bytes], old_package: bytes | None, old_path: str, report: list[Message],
    ) -> None:
        self.src, self.replaced, self.old_package, self.old_path = src, replaced, old_package, old_path
        self.report = report
        self.done: dict[tuple[str, str], str] = {}  # (kind, old id) -> new id
        self.old: tuple[dict[str, tuple[str, str, str]], dict[str, str], etree._Element] | None = None
        self.rels: etree._Element | None = None
        self.types: etree._Element | None = None
        self.media: dict[str, str] = {}  # old image part -> its part in the new package
        self.images: dict[str, bytes] = {}  # old image part -> its bytes
        self.copied = False  # an image part was added (content types to write)
        self.top: int | None = None
        self.pkg: Package | None = None  # the old package, open from the first carried relationship to finish()

    def relationships(self, refs: list[tuple[str, str]]) -> dict[str, str] | None:
        if any(key not in self.done for key in refs):
            found = self._old()
            if found is None or not all(self._carriable(kind, rid, found) for kind, rid in refs):
                return None
            for key in refs:
                if key not in self.done:
                    self.done[key] = self._carry(*key, found)
        return {rid: self.done[(kind, rid)] for kind, rid in refs}

    def drawing_id(self) -> int:
        if self.top is None:
            ids = _DOC_PR_IDS.findall(self.src.data.get(self.src.main, b""))
            self.top = max(map(int, ids), default=0)
        self.top += 1
        return self.top

    def finish(self) -> None:
        """Write the new relationships part and content types when anything was carried."""
        if self.pkg is not None:
            self.pkg.zf.close()
        rels_part = rels_name(self.src.main)
        if self.rels is not None:
            store(self.src, self.replaced, rels_part, self.rels)
        if self.types is not None and self.copied:
            store(self.src, self.replaced, TYPES_NAME, self.types)

    def _old(self) -> tuple[dict[str, tuple[str, str, str]], dict[str, str], etree._Element] | None:
        """The old main document's relationships (as ``Package.rels``), their full types, and the
        old content types; None when the old package cannot be read."""
        if self.old is None:
            try:
                if self.old_package is None:
                    return None
                pkg = open_package(self.old_package, self.old_path)
                try:
                    rels = pkg.rels(pkg.main)
                    raw = pkg.xml_or_none(rels_name(pkg.main))
                    types = pkg.xml(TYPES_NAME)
                    full = {r.get("Id", ""): r.get("Type", "") for r in raw} if raw is not None else {}
                except SectrackError:
                    pkg.zf.close()
                    raise
            except SectrackError as exc:
                self.report.append(Message(
                    "docx.old-relationships", f"the old version's relationships cannot be read ({exc.problem}): "
                    "deleted paragraphs with links or pictures are written from their text and formatting"))
                self.old_package = None  # not tried again
                return None
            self.old, self.pkg = (rels, full, types), pkg
        return self.old

    def _carriable(self, kind: str, rid: str, found: tuple) -> bool:
        rels, _full, types = found
        rtype, target, mode = rels.get(rid, ("", "", ""))
        if kind == "hyperlink":
            return rtype == "hyperlink" and mode == "External"
        if rtype != "image" or mode == "External" or not type_of(types, target).startswith("image/"):
            return False
        if target not in self.images:
            try:
                assert self.pkg is not None
                self.images[target] = self.pkg.read(target)
            except SectrackError as exc:  # missing, or beyond the size limits
                self.report.append(Message("docx.image-not-carried", f"a picture of the old version cannot be "
                                           f"carried ({exc.problem}): its paragraph is written from its text"))
                return False
        return True

    def _carry(self, kind: str, rid: str, found: tuple) -> str:
        rels, full, types = found
        if self.rels is None:
            self.rels = part_xml(self.src, self.replaced, rels_name(self.src.main))
        _rtype, target, _mode = rels[rid]
        if kind == "hyperlink":
            return relate(self.rels, full[rid], target, external=True)
        if target not in self.media:
            self.media[target] = self._image(target, type_of(types, target))
        folder = posixpath.dirname(self.src.main)
        return relate(self.rels, full[rid], posixpath.relpath(self.media[target], folder) if folder else self.media[target])

    def _image(self, old_name: str, ctype: str) -> str:
        """The new package's part holding the old image ``old_name``: an identical one, or a copy."""
        data = self.images[old_name]
        if self.types is None:
            self.types = part_xml(self.src, self.replaced, TYPES_NAME)
        for name, have in self.src.data.items():
            if len(have) == len(data) and have == data and name not in self.replaced and type_of(self.types, name) == ctype:
                return name
        stem, ext = posixpath.splitext(posixpath.basename(old_name))
        name = fresh_name(self.src, posixpath.join(posixpath.dirname(self.src.main), "media"), stem, ext)
        content_type(self.types, name, ctype, default=True)
        if type_of(self.types, name) != ctype:  # the extension's Default says otherwise
            content_type(self.types, name, ctype)
        store(self.src, self.replaced, name, data)
        self.copied = True
        return name
