"""What a paragraph's content shows, for the reader and the writer alike.

The reader builds a paragraph's runs from these rules and the writer finds, in a paragraph's own
XML, the element behind each stretch of that text with them; both must agree exactly, so the rules
live here once: which containers are read through, which branch of alternate content counts, what
a run child other than w:t shows, how complex fields hide their codes, and an equation's text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lxml import etree

from sectrack.ooxml.names import m, mc, w

P, TBL, SDT, SDT_CONTENT, R, PPR = w("p"), w("tbl"), w("sdt"), w("sdtContent"), w("r"), w("pPr")
T, TAB, BR, CR, NO_BREAK_HYPHEN, SYM = w("t"), w("tab"), w("br"), w("cr"), w("noBreakHyphen"), w("sym")
FLD_CHAR, FLD_CHAR_TYPE, FLD_SIMPLE = w("fldChar"), w("fldCharType"), w("fldSimple")
ALTERNATE_CONTENT = mc("AlternateContent")
MATH_ZONE, MATH_PARAGRAPH = m("oMath"), m("oMathPara")
MATH = frozenset({MATH_ZONE, MATH_PARAGRAPH})
MATH_TEXT = m("t")

# Containers whose children are read as if they stood in the parent: inside a paragraph (a simple
# field shows its result runs), and between blocks.
TRANSPARENT_INLINE = frozenset(w(t) for t in ("hyperlink", "smartTag", "customXml", "dir", "bdo", "ins", "moveTo"))
TRANSPARENT_BLOCK = frozenset({w("customXml"), w("ins"), w("moveTo")})
_TYPE, _CHAR = w("type"), w("char")


def run_char(el: etree._Element) -> str:
    """The text a run child other than w:t shows: tab, line break, non-breaking hyphen, symbol."""
    tag = el.tag
    if tag == TAB:
        return "\t"
    if tag == BR or tag == CR:
        return "\n" if el.get(_TYPE, "textWrapping") == "textWrapping" else ""
    if tag == NO_BREAK_HYPHEN:
        return "\u2011"
    if tag == SYM:
        return symbol(el.get(_CHAR, ""))
    return ""


def symbol(code: str) -> str:
    """The character of a w:sym (symbol fonts use the private range F000-F0FF)."""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF000 <= value <= 0xF0FF:
        value -= 0xF000
    return chr(value)


def chosen_branch(el: etree._Element) -> etree._Element | None:
    """The branch of an mc:AlternateContent that is read: the Fallback, else the Choice."""
    fallback = el.find(mc("Fallback"))
    return fallback if fallback is not None else el.find(mc("Choice"))


def math_text(el: etree._Element) -> str:
    """The text of an equation (m:oMath, m:oMathPara): its m:t nodes joined."""
    return "".join(t.text or "" for t in el.iter(MATH_TEXT))


class Fields:
    """The complex fields open at a point of the text: a field's code is hidden, its result shown."""

    __slots__ = ("stack",)

    def __init__(self) -> None:
        self.stack: list[str] = []  # "code" / "result", innermost last

    def visible(self) -> bool:
        """True when text here is shown (outside every field code)."""
        return not self.stack or self.stack[-1] == "result"

    def char(self, kind: str) -> None:
        """A w:fldChar of type ``kind`` (begin, separate, end)."""
        if kind == "begin":
            self.stack.append("code")
        elif kind == "separate" and self.stack:
            self.stack[-1] = "result"
        elif kind == "end" and self.stack:
            self.stack.pop()


def block_elements(container: etree._Element) -> Iterator[etree._Element]:
    """The w:p and w:tbl of a body, cell, note, header or footer in order, through content controls
    and the transparent containers."""
    for el in container:
        tag = el.tag
        if tag == P or tag == TBL:
            yield el
        elif tag == SDT:
            content = el.find(SDT_CONTENT)
            if content is not None:
                yield from block_elements(content)
        elif tag in TRANSPARENT_BLOCK:
            yield from block_elements(el)


class InlineWalk:
    """The one walk over a paragraph's inline content, for the reader and the writer alike: runs
    (``run``), equations (``math``) and anything else (``other``) in document order, through simple
    fields, content controls, the chosen branch of alternate content and the transparent containers.
    ``read`` returns the paragraph's first w:pPr. Subclasses say what a run or an equation gives."""

    silent: frozenset[object] = frozenset()  # elements passed over without a call to ``other``

    def __init__(self) -> None:
        self.fields = Fields()  # the complex fields open at this point (their codes hidden)
        self.handlers: dict[object, Callable[[etree._Element], object]] = {
            R: self.run,
            FLD_SIMPLE: self.read,
            SDT: self.sdt,
            MATH_PARAGRAPH: self.math,
            MATH_ZONE: self.math,
            ALTERNATE_CONTENT: self.alternate,
        }

    def read(self, parent: etree._Element) -> etree._Element | None:
        """Walk the children of ``parent``; the first w:pPr child (of a w:p) is returned."""
        ppr = None
        for el in parent:
            tag = el.tag
            if tag == R:  # the common case, first
                self.run(el)
                continue
            handler = self.handlers.get(tag)
            if handler is not None:
                handler(el)
            elif tag == PPR:
                if ppr is None:
                    ppr = el
            elif tag in TRANSPARENT_INLINE:
                self.read(el)
            elif tag in self.silent or not isinstance(tag, str):
                continue
            else:
                self.other(el)
        return ppr

    def sdt(self, el: etree._Element) -> None:
        """A content control: its content, as if it stood here."""
        content = el.find(SDT_CONTENT)
        if content is not None:
            self.read(content)

    def alternate(self, el: etree._Element) -> None:
        """Alternate content: the chosen branch (the element itself when it has neither)."""
        branch = chosen_branch(el)
        self.read(branch if branch is not None else el)

    def run(self, r: etree._Element) -> None:
        """A w:r."""

    def math(self, el: etree._Element) -> None:
        """An equation (its text: ``math_text``)."""

    def other(self, el: etree._Element) -> None:
        """An element the walk does not know, nor lists as silent."""
