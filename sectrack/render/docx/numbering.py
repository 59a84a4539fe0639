"""Numbering for old-version paragraphs written into the new version's package.

A deleted paragraph (and the old properties in a w:pPrChange) names a list by the *old* package's
numId. The new numbering.xml may lack that id, or use it for another list. Each old numId is mapped
to a new one: the same id when both define the same list, else a new list defined the same way
(so the paragraph keeps its place in that list's sequence), else a copy of the old definition
added to the new numbering.xml under fresh ids (a numbering part is created when the new version
has none). Without the old definitions to go on, the numbering is dropped: the file stays valid,
the paragraph shows no label.
"""

from __future__ import annotations

import copy

from lxml import etree

from sectrack.ooxml.names import W15, W, w
from sectrack.ooxml.xml import parse_trusted

_IGNORED_ATTRS = {w("tplc"), f"{{{W15}}}restartNumberingAfterBreak"}


class _Lists:
    """The nums and abstractNums of one numbering.xml, with a comparable signature per num."""

    def __init__(self, root: etree._Element | None) -> None:
        self.root = root
        self.abstracts: dict[str, etree._Element] = {}
        self.nums: dict[str, etree._Element] = {}
        self._sigs: dict[str, str | None] = {}
        self._levels: dict[str, str] = {}  # abstractNumId -> its levels in canonical form
        if root is None:
            return
        for el in root.findall(w("abstractNum")):
            self.abstracts.setdefault(el.get(w("abstractNumId"), ""), el)
        for el in root.findall(w("num")):
            self.nums.setdefault(el.get(w("numId"), ""), el)

    def abstract_of(self, num_id: str) -> etree._Element | None:
        num = self.nums.get(num_id)
        ref = num.find(w("abstractNumId")) if num is not None else None
        return self.abstracts.get(ref.get(w("val"), "")) if ref is not None else None

    def signature(self, num_id: str) -> str | None:
        """The list a num stands for, as text: its levels' definitions and overrides (None: no such num)."""
        if num_id in self._sigs:
            return self._sigs[num_id]
        num = self.nums.get(num_id)
        abstract = self.abstract_of(num_id)
        sig = None
        if num is not None and abstract is not None:
            link = abstract.find(w("numStyleLink"))
            head = "link:" + link.get(w("val"), "") if link is not None else ""
            abstract_id = abstract.get(w("abstractNumId"), "")
            levels = self._levels.get(abstract_id)
            if levels is None:  # many nums share one abstractNum (a list restarted in every cell)
                levels = self._levels[abstract_id] = "".join(_canon(lvl) for lvl in abstract.findall(w("lvl")))
            overrides = "".join(_canon(o) for o in num.findall(w("lvlOverride")))
            sig = f"{head}|{levels}|{overrides}"
        self._sigs[num_id] = sig
        return sig


def _canon(el: etree._Element) -> str:
    """``el`` in canonical form, without attributes that do not change how the list looks."""
    el = copy.deepcopy(el)
    for e in el.iter():
        for key in [k for k in e.attrib if k in _IGNORED_ATTRS]:
            del e.attrib[key]
    return etree.tostring(el, method="c14n", exclusive=True).decode("utf-8")


def _parse(data: bytes | None) -> etree._Element | None:
    if not data:
        return None
    try:
        return parse_trusted(data)
    except etree.XMLSyntaxError:
        return None


class NumberingFix:
    """Maps old numIds onto the new numbering.xml, adding copies of old lists where needed."""

    def __init__(self, new_xml: bytes | None, old_xml: bytes | None) -> None:
        self.new = _Lists(_parse(new_xml))
        old = _parse(old_xml)
        self.old = _Lists(old)
        self.old_unreadable = bool(old_xml) and old is None  # not well-formed: the old lists are not kept
        self.map: dict[str, str | None] = {}
        self._copied_abstracts: dict[str, str] = {}
        self.changed = False
        self.created = False  # True when the numbering part is new
        self._by_sig: dict[str, str] | None = None

    def remap(self, numpr: etree._Element) -> None:
        """Rewrite the w:numId of an old paragraph's w:numPr in place (emptied when it cannot be kept)."""
        num_el = numpr.find(w("numId"))
        if num_el is None:
            return
        old_id = num_el.get(w("val"), "")
        if old_id == "0":
            return
        if old_id not in self.map:
            self.map[old_id] = self._target(old_id)
        target = self.map[old_id]
        if target is None:
            for child in list(numpr):
                numpr.remove(child)
        else:
            num_el.set(w("val"), target)

    def _target(self, old_id: str) -> str | None:
        sig = self.old.signature(old_id)
        if sig is None:  # the old package says nothing about this list: keep the id if the new one has it
            return old_id if old_id in self.new.nums else None
        if self.new.signature(old_id) == sig:
            return old_id
        if self._by_sig is None:
            self._by_sig = {}
            for num_id in sorted(self.new.nums, key=_id_key):
                s = self.new.signature(num_id)
                if s is not None:
                    self._by_sig.setdefault(s, num_id)
        found = self._by_sig.get(sig)
        if found is not None:
            return found
        return self._copy(old_id, sig)

    def _copy(self, old_id: str, sig: str) -> str | None:
        num = self.old.nums.get(old_id)
        abstract = self.old.abstract_of(old_id)
        if num is None or abstract is None:
            return None
        if self.new.root is None:  # the new version has no numbering part: start one
            self.new = _Lists(etree.Element(w("numbering"), nsmap={"w": W}))
            self.created = True
        root = self.new.root
        assert root is not None
        old_abs_id = abstract.get(w("abstractNumId"), "")
        abs_id = self._copied_abstracts.get(old_abs_id)
        if abs_id is None:
            abs_id = str(_next_id(self.new.abstracts))
            new_abs = copy.deepcopy(abstract)
            new_abs.set(w("abstractNumId"), abs_id)
            nsid = new_abs.find(w("nsid"))
            if nsid is not None:  # a list's nsid must be its own, or Word joins the lists
                nsid.set(w("val"), f"{0x5EC00000 + int(abs_id):08X}")
            last_abs = root.findall(w("abstractNum"))
            if last_abs:
                last_abs[-1].addnext(new_abs)
            else:
                first_num = root.find(w("num"))
                if first_num is not None:
                    first_num.addprevious(new_abs)
                else:
                    root.append(new_abs)
            self.new.abstracts[abs_id] = new_abs
            self._copied_abstracts[old_abs_id] = abs_id
        num_id = str(_next_id(self.new.nums))
        new_num = copy.deepcopy(num)
        new_num.set(w("numId"), num_id)
        ref = new_num.find(w("abstractNumId"))
        if ref is not None:
            ref.set(w("val"), abs_id)
        nums = root.findall(w("num"))
        if nums:
            nums[-1].addnext(new_num)
        else:
            cleanup = root.find(w("numIdMacAtCleanup"))
            if cleanup is not None:
                cleanup.addprevious(new_num)
            else:
                root.append(new_num)
        self.new.nums[num_id] = new_num
        if self._by_sig is not None:
            self._by_sig.setdefault(sig, num_id)
        self.changed = True
        return num_id

    def xml(self) -> bytes:
        """The new numbering.xml with the added lists."""
        assert self.new.root is not None
        return etree.tostring(self.new.root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _id_key(value: str) -> tuple[int, str]:
    return (int(value), value) if value.isdigit() else (1 << 62, value)


def _next_id(existing: dict[str, etree._Element]) -> int:
    return max((int(k) for k in existing if k.isdigit()), default=0) + 1

