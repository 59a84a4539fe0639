"""Word's automatic numbering (numbering.xml, w:numbering): the label each paragraph displays.

Counting follows what Word and LibreOffice display, checked against LibreOffice in
tests/reader/test_numbering_libreoffice.py:

* nums (w:num) sharing one abstractNum (after w:numStyleLink indirection) share their counters;
* a w:startOverride restarts the shared counter once: at the first paragraph of that num whose
  level carries the override (later restarts use the level's w:start);
* a w:lvlOverride holding a full w:lvl replaces that level's format and start for its num only;
* a deeper level restarts when a shallower one is used, unless w:lvlRestart says otherwise;
* a skipped level (level 2 straight after level 0) shows its start value and counts as used, as
  LibreOffice shows it (Word shows the level's counter before its first use, so "1.0.1" where
  LibreOffice shows "1.1.1", and Word's next level-1 paragraph is "1.1" where LibreOffice's is "1.2").

Where Word and LibreOffice still differ, Word is followed: SEC documents are written, numbered and
published in Word, and the clause numbers people cite are the ones Word shows.

* w:lvlRestart is honoured; LibreOffice (7.4 and 25.2) ignores it;
* w:isLgl shows the levels above as decimal and this level in its own format ("1.1.a"), as ISO/IEC
  29500 §17.9.4 says and Word does; LibreOffice 25.2 shows this level as decimal too ("1.1.1") and
  7.4 ignores w:isLgl.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace

from lxml import etree

from sectrack.docx.numformat import format_number
from sectrack.docx.styles import Styles
from sectrack.ooxml.names import MC, W

_VAL = f"{{{W}}}val"
_LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")
_OFF = {"0", "false", "off"}


def _w(tag: str) -> str:
    """Clark name of a w: tag."""
    return f"{{{W}}}{tag}"


def _int(el: etree._Element | None, attr: str = _VAL) -> int | None:
    """An integer attribute (w:val by default) of ``el``, or None."""
    if el is None:
        return None
    try:
        return int(el.get(attr, ""))
    except ValueError:
        return None


def _on(el: etree._Element | None) -> bool:
    """True when an on/off element (w:isLgl) is present and not switched off."""
    return el is not None and el.get(_VAL, "true").lower() not in _OFF


# Symbol/Wingdings private-use bullets (w:lvlText in a symbol font) and what the font draws.
_SYMBOL_BULLETS = {"\uf0b7": "\u2022", "\uf0a7": "\u25aa", "\uf0d8": "\u27a2", "\uf0fc": "\u2713",
                   "\uf076": "\u2756", "\uf06e": "\u25a0", "\uf06c": "\u25cf", "\uf071": "\u2751"}


# ---------------------------------------------------------------- definitions (w:lvl, w:num)


@dataclass(frozen=True)
class Level:
    """One w:lvl: start, format, text, restart rule, legal numbering and linked paragraph style."""

    ilvl: int
    start: int = 0  # w:start; 0 when missing, as ECMA-376 says and LibreOffice does
    fmt: str = "decimal"
    custom: str | None = None  # w:numFmt/@w:format of a "custom" format ("001, 002, 003, ...")
    text: str = ""  # w:lvlText
    restart: int | None = None  # w:lvlRestart
    is_lgl: bool = False  # w:isLgl
    pstyle: str | None = None  # w:pStyle


@dataclass(frozen=True)
class Abstract:
    """One w:abstractNum: its levels and its style links."""

    id: int
    levels: dict[int, Level]
    num_style_link: str | None = None  # w:numStyleLink: the levels are those of a numbering style
    style_link: str | None = None  # w:styleLink: this definition is that numbering style's


@dataclass(frozen=True)
class Num:
    """One w:num: its abstractNum and its w:lvlOverride elements."""

    id: int
    abstract_id: int
    start_overrides: dict[int, int] = field(default_factory=dict)  # w:startOverride by level
    levels: dict[int, Level] = field(default_factory=dict)  # full w:lvl overrides by level


@dataclass(frozen=True)
class NumberLabel:
    """The label Word shows for a numbered paragraph (suffix tab/space not included)."""

    text: str
    num_id: int
    abstract_id: int
    level: int
    fmt: str

    @property
    def bullet(self) -> bool:
        """True for a bullet (w:numFmt w:val="bullet")."""
        return self.fmt == "bullet"


def _num_fmt(lvl: etree._Element) -> tuple[str, str | None]:
    """w:numFmt of a w:lvl, also inside mc:AlternateContent (Choice when understood, else Fallback)."""
    el = lvl.find(_w("numFmt"))
    if el is None:
        for alt in lvl.findall(f"{{{MC}}}AlternateContent"):
            choice = alt.find(f"{{{MC}}}Choice/{_w('numFmt')}")
            fallback = alt.find(f"{{{MC}}}Fallback/{_w('numFmt')}")
            if choice is not None and choice.get(_VAL) == "custom" and _custom_ok(choice.get(_w("format"))):
                el = choice
            else:
                el = fallback if fallback is not None else choice
            if el is not None:
                break
    if el is None:
        return "decimal", None
    fmt = el.get(_VAL, "decimal")
    custom = el.get(_w("format"))
    if fmt == "custom" and not _custom_ok(custom):
        return "decimal", None
    return fmt, custom


def _custom_ok(fmt: str | None) -> bool:
    """True for the zero-padded custom formats this module writes ("01, 02, 03, ...")."""
    return fmt is not None and re.fullmatch(r"0*1, 0*2, 0*3, \.\.\.", fmt.strip()) is not None


def _level(el: etree._Element, override: bool = False, base: Level | None = None) -> Level:
    """A Level from a w:lvl element (``override``: inside a w:lvlOverride, replacing ``base``)."""
    fmt, custom = _num_fmt(el)
    text_el = el.find(_w("lvlText"))
    pstyle = el.find(_w("pStyle"))
    return Level(
        ilvl=_int(el, _w("ilvl")) or 0,
        start=_int(el.find(_w("start"))) or 0,
        fmt=fmt,
        custom=custom,
        text=text_el.get(_VAL, "") if text_el is not None else "",
        # Word ignores w:lvlRestart in a w:lvlOverride's w:lvl (MS-OI29500): keep the base's.
        restart=(base.restart if base else None) if override else _int(el.find(_w("lvlRestart"))),
        is_lgl=_on(el.find(_w("isLgl"))),
        pstyle=pstyle.get(_VAL) if pstyle is not None else None,
    )


def _abstract(el: etree._Element) -> Abstract:
    """An Abstract from a w:abstractNum element."""
    levels: dict[int, Level] = {}
    for lvl_el in el.findall(_w("lvl")):
        lvl = _level(lvl_el)
        if 0 <= lvl.ilvl < _LEVELS:
            levels.setdefault(lvl.ilvl, lvl)
    nsl, sl = el.find(_w("numStyleLink")), el.find(_w("styleLink"))
    return Abstract(
        id=_int(el, _w("abstractNumId")) or 0,
        levels=levels,
        num_style_link=nsl.get(_VAL) if nsl is not None else None,
        style_link=sl.get(_VAL) if sl is not None else None,
    )


def _num(el: etree._Element, abstracts: dict[int, Abstract]) -> Num | None:
    """A Num from a w:num element (None without a w:abstractNumId)."""
    abstract_id = _int(el.find(_w("abstractNumId")))
    if abstract_id is None:
        return None
    starts: dict[int, int] = {}
    levels: dict[int, Level] = {}
    for over in el.findall(_w("lvlOverride")):
        ilvl = _int(over, _w("ilvl"))
        if ilvl is None or not 0 <= ilvl < _LEVELS:
            continue
        start = _int(over.find(_w("startOverride")))
        if start is not None:
            starts[ilvl] = start
        lvl_el = over.find(_w("lvl"))
        if lvl_el is not None:
            base = abstracts.get(abstract_id)
            base_lvl = base.levels.get(ilvl) if base else None
            levels[ilvl] = replace(_level(lvl_el, True, base_lvl), ilvl=ilvl)
    return Num(id=_int(el, _w("numId")) or 0, abstract_id=abstract_id, start_overrides=starts, levels=levels)


# ---------------------------------------------------------------- counting


@dataclass
class _List:
    """The counters shared by every num of one (resolved) abstractNum; None: level not started."""

    values: list[int | None] = field(default_factory=lambda: [None] * _LEVELS)


class _Plan:
    """What counting and labelling a paragraph at one (numId, ilvl) needs, worked out once.

    next_label runs once per paragraph; everything here follows from the definitions alone, so it
    is kept rather than looked up again (levels, overrides, restarts, the parsed w:lvlText).
    """

    __slots__ = ("num_id", "ilvl", "abstract_id", "fmt", "fill", "override", "start", "resets", "text", "pieces")

    def __init__(self, num: Num, ilvl: int, abstract_id: int, levels: dict[int, Level]) -> None:
        lvl = levels[ilvl]
        self.num_id, self.ilvl, self.abstract_id, self.fmt = num.id, ilvl, abstract_id, lvl.fmt
        # Skipped levels are shown at their start value and count as used.
        self.fill = tuple((k, levels[k].start if k in levels else 1) for k in range(ilvl))
        self.override = num.start_overrides.get(ilvl)  # w:startOverride, used once per num
        self.start = lvl.start
        # The deeper levels that restart when this one is used (w:lvlRestart).
        self.resets = tuple(m for m in range(ilvl + 1, _LEVELS) if _restarts(levels.get(m), m, ilvl))
        self.text = lvl.text
        self.pieces = _label_pieces(lvl, ilvl, levels)


class Numbering:
    """Numbering definitions and the running counters; ``next_label`` once per paragraph, in order."""

    def __init__(self, abstracts: dict[int, Abstract], nums: dict[int, Num], styles: Styles) -> None:
        self._abstracts = abstracts
        self._nums = nums
        self._styles = styles
        self._resolved: dict[int, tuple[int, dict[int, Level]] | None] = {}
        self._lists: dict[int, _List] = {}
        self._overrides_used: set[int] = set()
        self._plans: dict[tuple[int, int], _Plan] = {}  # by (numId, ilvl)
        # (direct numPr, pStyle id) -> its plan, or None when such a paragraph is not numbered.
        self._paragraph_plans: dict[tuple[tuple[int | None, int | None] | None, str | None], _Plan | None] = {}

    @classmethod
    def parse(cls, root: etree._Element | None, styles: Styles) -> Numbering:
        """Read a parsed numbering.xml (w:numbering); None gives numbering that labels nothing."""
        abstracts: dict[int, Abstract] = {}
        nums: dict[int, Num] = {}
        if root is not None:
            for el in root.findall(_w("abstractNum")):
                a = _abstract(el)
                abstracts.setdefault(a.id, a)
            for el in root.findall(_w("num")):
                n = _num(el, abstracts)
                if n is not None:
                    nums.setdefault(n.id, n)
        return cls(abstracts, nums, styles)

    def levels(self, num_id: int) -> tuple[int, dict[int, Level]] | None:
        """(abstract id, effective levels) of a w:num, following w:numStyleLink; None if undefined."""
        if num_id not in self._resolved:
            self._resolved[num_id] = self._resolve(num_id)
        return self._resolved[num_id]

    def _resolve(self, num_id: int) -> tuple[int, dict[int, Level]] | None:
        """Follow w:num -> w:abstractNum (-> w:numStyleLink -> numbering style -> w:num …)."""
        num = self._nums.get(num_id)
        if num is None:
            return None
        abstract = self._abstracts.get(num.abstract_id)
        seen = {num.abstract_id}
        while abstract is not None and abstract.num_style_link:
            linked = self._styles.num_pr(abstract.num_style_link)
            target = self._nums.get(linked[0]) if linked and linked[0] is not None else None
            if target is None or target.abstract_id in seen:
                break
            seen.add(target.abstract_id)
            abstract = self._abstracts.get(target.abstract_id)
        if abstract is None:
            return None
        levels = dict(abstract.levels)
        levels.update(num.levels)
        return abstract.id, levels

    def next_label(
        self, num_pr: tuple[int | None, int | None] | None, style_id: str | None
    ) -> NumberLabel | None:
        """The label of the next paragraph (direct w:numPr, pStyle id), counting it; None if unnumbered."""
        counted = self._next(num_pr, style_id)
        if counted is None:
            return None
        text, plan = counted
        return NumberLabel(text=text, num_id=plan.num_id, abstract_id=plan.abstract_id, level=plan.ilvl, fmt=plan.fmt)

    def next_number(
        self, num_pr: tuple[int | None, int | None] | None, style_id: str | None
    ) -> tuple[str, int, int, bool] | None:
        """next_label's (text, level, num_id, bullet), as plain values: quicker, for the reader."""
        counted = self._next(num_pr, style_id)
        if counted is None:
            return None
        text, plan = counted
        return text, plan.ilvl, plan.num_id, plan.fmt == "bullet"

    def _next(self, num_pr: tuple[int | None, int | None] | None, style_id: str | None) -> tuple[str, _Plan] | None:
        """Count the next paragraph: its label text and plan, or None if it is not numbered."""
        key = (num_pr, style_id)
        try:
            plan = self._paragraph_plans[key]
        except KeyError:
            plan = self._paragraph_plans[key] = self._plan(num_pr, style_id)
        if plan is None:
            return None
        lst = self._lists.get(plan.abstract_id)
        if lst is None:
            lst = self._lists[plan.abstract_id] = _List()
        values = lst.values
        self._count(values, plan)
        return _label_text(values, plan), plan

    def _plan(self, num_pr: tuple[int | None, int | None] | None, style_id: str | None) -> _Plan | None:
        """The plan of a paragraph's (numId, ilvl), shared by every paragraph at that level."""
        resolved = self._paragraph_level(num_pr, style_id)
        if resolved is None:
            return None
        num_id, ilvl, abstract_id, levels = resolved
        plan = self._plans.get((num_id, ilvl))
        if plan is None:
            plan = self._plans[(num_id, ilvl)] = _Plan(self._nums[num_id], ilvl, abstract_id, levels)
        return plan

    def _paragraph_level(
        self, num_pr: tuple[int | None, int | None] | None, style_id: str | None
    ) -> tuple[int, int, int, dict[int, Level]] | None:
        """(numId, ilvl, abstract id, levels) of a paragraph: direct w:numPr over the style's."""
        direct_num, direct_ilvl = num_pr if num_pr is not None else (None, None)
        style_num, style_ilvl = self._styles.num_pr(style_id) or (None, None)
        num_id = direct_num if direct_num is not None else style_num
        if not num_id:  # missing, or numId 0: numbering switched off
            return None
        resolved = self.levels(num_id)
        if resolved is None:
            return None
        abstract_id, levels = resolved
        ilvl = direct_ilvl if direct_ilvl is not None else style_ilvl
        if ilvl is None:
            # The level linked to the paragraph's style (w:lvl/w:pStyle), as ECMA-376 17.9.24 says.
            # LibreOffice 7.4 ignores the link and uses level 0.
            linked = [lvl.ilvl for lvl in levels.values() if style_id and lvl.pstyle == style_id]
            ilvl = min(linked) if linked else 0
        if ilvl not in levels:
            return None
        return num_id, ilvl, abstract_id, levels

    def _count(self, values: list[int | None], plan: _Plan) -> None:
        """Advance the shared counters for a paragraph of ``plan``'s numId at its level."""
        for k, start in plan.fill:  # skipped levels: shown at their start value and counted as used
            if values[k] is None:
                values[k] = start
        ilvl = plan.ilvl
        if plan.override is not None and plan.num_id not in self._overrides_used:
            self._overrides_used.add(plan.num_id)
            values[ilvl] = plan.override
        elif values[ilvl] is None:
            values[ilvl] = plan.start
        else:
            values[ilvl] = (values[ilvl] or 0) + 1
        for m in plan.resets:
            values[m] = None


def _restarts(level: Level | None, m: int, used: int) -> bool:
    """True when level ``m`` restarts because level ``used`` (shallower) was used (w:lvlRestart)."""
    restart = level.restart if level is not None else None
    if restart is None or restart > m:  # omitted, or naming a level not above m: the default
        return True
    if restart == 0:  # never restart
        return False
    # Word restarts when the named level (1-based) or any higher level is used (MS-OI29500).
    return used < restart


_Piece = str | tuple[int, int, tuple[str] | tuple[str, str | None] | None]


def _label_pieces(lvl: Level, ilvl: int, levels: dict[int, Level]) -> tuple[_Piece, ...]:
    """w:lvlText of ``lvl`` as literal text and (level, start, format_number arguments) for %1..%9.

    The arguments are None for str() (a level not defined); a placeholder of a bullet level shows
    nothing and is left out.
    """
    pieces: list[_Piece] = []
    for piece in _template(lvl.text):
        if isinstance(piece, str):
            pieces.append(piece)
            continue
        k = piece
        other = levels.get(k)
        start = other.start if other is not None else 1  # a deeper level not started: its start value
        if other is None:
            pieces.append((k, start, None))
        elif lvl.is_lgl and k < ilvl:  # legal numbering: the levels above as decimal, this one as it is (Word)
            pieces.append((k, start, ("decimal",)))
        elif other.fmt != "bullet":
            pieces.append((k, start, (other.fmt, other.custom)))
    return tuple(pieces)


def _label_text(values: list[int | None], plan: _Plan) -> str:
    """Fill w:lvlText: %1..%9 by the counters, each in its level's format (decimal with w:isLgl)."""
    if plan.fmt == "bullet":
        return "".join(_SYMBOL_BULLETS.get(ch, ch) for ch in plan.text)
    out: list[str] = []
    for piece in plan.pieces:
        if isinstance(piece, str):
            out.append(piece)
            continue
        k, start, args = piece
        value = values[k]
        if value is None:
            value = start
        out.append(str(value) if args is None else format_number(value, *args))
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def _template(text: str) -> tuple[str | int, ...]:
    """w:lvlText split into literal text and 0-based level indexes of its %1..%9 placeholders."""
    pieces: list[str | int] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(text):
        if m.start() > pos:
            pieces.append(text[pos : m.start()])
        pieces.append(int(m.group(1)) - 1)
        pos = m.end()
    if pos < len(text):
        pieces.append(text[pos:])
    return tuple(pieces)
