"""Paragraph and numbering styles from styles.xml (w:styles): names, basedOn chains, numPr, headings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from sectrack.ooxml.names import W

_VAL = f"{{{W}}}val"
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_ON = {"1", "true", "on"}


def _w(tag: str) -> str:
    """Clark name of a w: tag."""
    return f"{{{W}}}{tag}"


def _int_val(parent: etree._Element | None, tag: str) -> int | None:
    """The integer w:val of child w:``tag`` of ``parent``, or None when missing or not a number."""
    if parent is None:
        return None
    el = parent.find(_w(tag))
    if el is None:
        return None
    try:
        return int(el.get(_VAL, ""))
    except ValueError:
        return None


@dataclass(frozen=True)
class StyleInfo:
    """One w:style: id, name, type, basedOn and the numbering/outline set on the style itself."""

    id: str
    name: str
    type: str
    based_on: str | None
    num_id: int | None  # w:pPr/w:numPr/w:numId on the style itself (not inherited)
    ilvl: int | None  # w:pPr/w:numPr/w:ilvl on the style itself
    outline_level: int | None  # w:pPr/w:outlineLvl on the style itself (0-based, as in the XML)


class Styles:
    """The styles of a document (w:styles), looked up by styleId."""

    def __init__(self, styles: dict[str, StyleInfo], defaults: dict[str, str]) -> None:
        self._styles = styles
        self._defaults = defaults
        self._num_pr: dict[str | None, tuple[int | None, int | None] | None] = {}
        self._heading: dict[str | None, int | None] = {}

    @classmethod
    def parse(cls, root: etree._Element | None) -> Styles:
        """Read a parsed styles.xml (w:styles); None gives an empty set of styles."""
        styles: dict[str, StyleInfo] = {}
        defaults: dict[str, str] = {}
        if root is None:
            return cls(styles, defaults)
        for el in root.iter(_w("style")):
            info = _style_info(el)
            if not info.id or info.id in styles:  # Word keeps the first of duplicate ids
                continue
            styles[info.id] = info
            if el.get(_w("default"), "").lower() in _ON and info.type not in defaults:
                defaults[info.type] = info.id
        return cls(styles, defaults)

    def get(self, style_id: str) -> StyleInfo | None:
        """The w:style with this styleId, or None."""
        return self._styles.get(style_id)

    def name(self, style_id: str | None) -> str:
        """The w:name of a style ("" when unknown)."""
        info = self._styles.get(style_id) if style_id else None
        return info.name if info is not None else ""

    def default_paragraph_style(self) -> str | None:
        """The id of w:style[@w:type='paragraph'][@w:default='1'], or None."""
        return self._defaults.get("paragraph")

    def chain(self, style_id: str | None) -> Iterator[StyleInfo]:
        """The style and its w:basedOn ancestors, nearest first (cycles cut)."""
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            info = self._styles.get(style_id)
            if info is None:
                return
            yield info
            style_id = info.based_on

    def num_pr(self, style_id: str | None) -> tuple[int | None, int | None] | None:
        """w:numPr (numId, ilvl) through the basedOn chain, each part nearest first; None if none."""
        if style_id not in self._num_pr:
            self._num_pr[style_id] = self._chain_num_pr(style_id)
        return self._num_pr[style_id]

    def _chain_num_pr(self, style_id: str | None) -> tuple[int | None, int | None] | None:
        num_id: int | None = None
        ilvl: int | None = None
        found = False
        for info in self.chain(style_id):
            if info.num_id is None and info.ilvl is None:
                continue
            found = True
            if num_id is None:
                num_id = info.num_id
            if ilvl is None:
                ilvl = info.ilvl
            if num_id is not None and ilvl is not None:
                break
        return (num_id, ilvl) if found else None

    def heading_level(self, style_id: str | None) -> int | None:
        """1..9 from w:outlineLvl or a built-in "heading N" w:name, through basedOn; else None."""
        if style_id not in self._heading:
            self._heading[style_id] = self._chain_heading(style_id)
        return self._heading[style_id]

    def _chain_heading(self, style_id: str | None) -> int | None:
        for info in self.chain(style_id):
            if info.outline_level is not None:
                return info.outline_level + 1 if 0 <= info.outline_level <= 8 else None
            m = _HEADING_NAME.match(info.name.strip())
            if m:
                return int(m.group(1))
        return None


def _style_info(el: etree._Element) -> StyleInfo:
    """A StyleInfo from one w:style element."""
    name_el = el.find(_w("name"))
    based = el.find(_w("basedOn"))
    ppr = el.find(_w("pPr"))
    num_pr = ppr.find(_w("numPr")) if ppr is not None else None
    return StyleInfo(
        id=el.get(_w("styleId"), ""),
        name=name_el.get(_VAL, "") if name_el is not None else "",
        type=el.get(_w("type"), "paragraph"),
        based_on=based.get(_VAL) if based is not None else None,
        num_id=_int_val(num_pr, "numId"),
        ilvl=_int_val(num_pr, "ilvl"),
        outline_level=_int_val(ppr, "outlineLvl"),
    )
