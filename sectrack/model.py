"""The document model: what the reader produces and everything downstream consumes.

A Document is a flat sequence of body blocks (Paragraph and Table) in body order, plus the parts that
stand beside the body (headers, footers, notes). Clauses and definitions are views derived from the
blocks, so there is one source of truth. Every class is a frozen dataclass; ``sectrack.serial`` writes
and reads them as the JSON documented in docs/model-schema.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any, Generic, TypeVar, overload

SCHEMA_VERSION = 1
_T = TypeVar("_T")
_V = TypeVar("_V")


class _memo(Generic[_V]):
    """A read-only attribute computed once per (frozen) instance and kept in its __dict__ under its
    own name: a non-data descriptor, so every later read is a plain attribute read, with no call."""

    def __init__(self, fn: Callable[[Any], _V]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    @overload
    def __get__(self, obj: None, cls: type | None = None) -> _memo[_V]: ...

    @overload
    def __get__(self, obj: object, cls: type | None = None) -> _V: ...

    def __get__(self, obj: object | None, cls: type | None = None) -> _memo[_V] | _V:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


def fast_constructor(cls: type[_T]) -> Callable[..., _T]:
    """A constructor of the frozen dataclass ``cls`` taking every field, in order, for hot paths.

    A frozen dataclass's __init__ sets each field through object.__setattr__, which is slow (about
    1.5 µs for a Paragraph, a large share of the reader's time per paragraph); this fills the new
    instance's __dict__ in one call instead. The instance is the one ``cls(*values)`` makes: the
    same __dict__, fields in declaration order, so the same ==, hash, repr and pickle. It applies no
    defaults (every field must be given) and so is only for classes without __post_init__.
    """
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]  # cls is a dataclass; fields() checks it
    if hasattr(cls, "__post_init__") or any(not f.init for f in fields(cls)):  # type: ignore[arg-type]  # as above
        raise TypeError(f"{cls.__name__} needs its own __init__")
    # The function is generated, as dataclasses generates __init__, so that each field is a plain
    # parameter passed on by keyword: packing *values and zipping them with the names costs about
    # half of what this saves.
    params = ", ".join(names)
    keywords = ", ".join(f"{n}={n}" for n in names)
    source = (
        f"def make({params}):\n"
        f"    obj = _new_(_cls_)\n"
        f"    obj.__dict__.update({keywords})\n"
        f"    return obj\n"
    )
    namespace: dict[str, Any] = {"_new_": object.__new__, "_cls_": cls}
    exec(source, namespace)  # the source holds field names only, from the class itself
    make = namespace["make"]
    make.__qualname__ = f"fast_constructor.<{cls.__name__}>"
    make.__doc__ = f"{cls.__name__}(*fields), faster (see fast_constructor)."
    return make


class Scratch:
    """A holder for a value derived from a document's package (the reader's parsed tree), taken once
    by whoever uses it, never compared, copied into JSON or pickled (it pickles as empty)."""

    __slots__ = ("value",)

    def __init__(self, value: Any = None) -> None:
        self.value = value

    def take(self) -> Any:
        """The value, once; None afterwards (the taker may change it)."""
        value, self.value = self.value, None
        return value

    def __reduce__(self) -> tuple[type, tuple[()]]:
        """Pickle as an empty holder: a parsed tree does not travel between processes."""
        return (Scratch, ())


@dataclass(frozen=True)
class Message:
    """A recoverable problem found while reading or comparing: a stable code, text and location."""

    code: str
    text: str
    location: str = ""

    def __str__(self) -> str:
        where = f" [{self.location}]" if self.location else ""
        return f"{self.code}: {self.text}{where}"


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting (w:r, flattened)."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False
    vert: str = ""  # "superscript", "subscript" or ""
    rpr: str = ""  # serialised w:rPr of the source run, for writers that keep formatting
    math: bool = False  # an equation (OMML m:oMath), its text read in order: compared as one unit
    omml: str = ""  # an equation's own XML (m:oMath or m:oMathPara), serialised, for writers that keep it

    @property
    def formatting(self) -> tuple[bool, bool, bool, bool, str]:
        """The formatting a redline must keep, as a comparable tuple."""
        return (self.bold, self.italic, self.underline, self.strike, self.vert)


@dataclass(frozen=True)
class Note:
    """A footnote or endnote, kept with the paragraph that cites it."""

    kind: str  # "footnote" or "endnote"
    id: str
    blocks: tuple[Block, ...]
    offset: int | None = None  # where the reference stands in the citing paragraph's text; None if unknown

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in iter_paragraphs(self.blocks))


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (w:p) with its number label as Word shows it and its clause reference."""

    runs: tuple[Run, ...]
    style: str = ""  # style id
    style_name: str = ""
    heading_level: int | None = None  # 1-9 for headings (style or outline level)
    label: str = ""  # number label as displayed ("A1.1", "(b)", "•"), "" when not numbered
    num_level: int | None = None  # ilvl of the numbering, None when not numbered
    ref: str = ""  # the clause reference this paragraph belongs to ("L4.6(b)"); "" before any clause
    numbered: bool = False  # True when this paragraph starts the clause named by ``ref``
    notes: tuple[Note, ...] = ()
    ppr: str = ""  # serialised w:pPr (revision marks removed), for writers that keep formatting

    @_memo
    def text(self) -> str:
        """The paragraph's visible text."""
        runs = self.runs
        return runs[0].text if len(runs) == 1 else "".join([r.text for r in runs])

    kind = "paragraph"


@dataclass(frozen=True)
class Cell:
    """A table cell (w:tc): its blocks in order."""

    blocks: tuple[Block, ...]
    span: int = 1  # gridSpan
    tcpr: str = ""

    @_memo
    def text(self) -> str:
        """The texts of the cell's paragraphs, one per line."""
        return "\n".join(p.text for p in iter_paragraphs(self.blocks))


@dataclass(frozen=True)
class Row:
    """A table row (w:tr)."""

    cells: tuple[Cell, ...]
    trpr: str = ""


@dataclass(frozen=True)
class Table:
    """A table (w:tbl); ``ref`` is the clause it stands under."""

    rows: tuple[Row, ...]
    style: str = ""
    ref: str = ""
    tblpr: str = ""
    grid: str = ""  # serialised w:tblGrid
    definitions: bool = False  # True for Section A's two-column definitions table
    header_rows: int = 0  # leading rows that head the table ("Expression | Meaning")

    kind = "table"

    @_memo
    def text(self) -> str:
        """The texts of every paragraph in the table, cell by cell, one per line."""
        return "\n".join(p.text for p in iter_paragraphs((self,)))


Block = Paragraph | Table


@dataclass(frozen=True)
class Definition:
    """A defined term from the definitions table: term and meaning."""

    term: str
    meaning: str
    row: int  # index of the row in its table
    table: int  # index of the table among the document's blocks


@dataclass(frozen=True)
class Part:
    """A header or footer part, kept apart from the body."""

    kind: str  # "header" or "footer"
    name: str  # part name inside the package, e.g. "word/header1.xml"
    blocks: tuple[Block, ...]
    role: str = ""  # the pages it is for: "default", "first" or "even" (w:type of its reference)


@dataclass(frozen=True)
class Clause:
    """A view: a numbered paragraph, the unnumbered blocks after it and its sub-clauses."""

    ref: str
    label: str
    heading: Paragraph
    blocks: tuple[Block, ...] = ()
    children: tuple[Clause, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join([self.heading.text] + [b.text for b in self.blocks])


@dataclass(frozen=True)
class Document:
    """One version of one document, as read from a file."""

    blocks: tuple[Block, ...]
    title: str = ""  # e.g. "Definitions and Interpretation"
    kind: str = ""  # "section", "appendix" or "" when unknown
    letter: str = ""  # "A", "AM"
    version: str = ""  # the document's own version, when the file says it
    date: str = ""  # ISO date of the version, when known (core properties modified)
    source: str = ""  # what messages call the document: the path it was read from, or the name given
    view: str = "accepted"
    parts: tuple[Part, ...] = ()
    messages: tuple[Message, ...] = field(default=(), compare=False)
    package: bytes | None = field(default=None, compare=False, repr=False)  # the original .docx bytes
    tree: Scratch | None = field(default=None, compare=False, repr=False)  # the reader's parsed tree

    @property
    def slug(self) -> str:
        return f"{self.kind}-{self.letter.lower()}" if self.kind and self.letter else ""

    @property
    def display_name(self) -> str:
        """E.g. ``SEC Section A 'Definitions and Interpretation'``."""
        if not self.kind:
            return self.title
        head = f"SEC {self.kind.capitalize()} {self.letter}"
        return f"{head} '{self.title}'" if self.title else head

    def paragraphs(self) -> Iterator[Paragraph]:
        """Every body paragraph in body order, table cells included."""
        return iter_paragraphs(self.blocks)

    @_memo
    def definitions(self) -> tuple[Definition, ...]:
        """Defined terms from the definitions table(s), in order (worked out once)."""
        out: list[Definition] = []
        for ti, block in enumerate(self.blocks):
            if isinstance(block, Table) and block.definitions:
                for ri, row in enumerate(block.rows):
                    if ri >= block.header_rows and len(row.cells) >= 2 and row.cells[0].text.strip():
                        out.append(Definition(row.cells[0].text.strip(), row.cells[1].text.strip(), ri, ti))
        return tuple(out)

    def definition(self, term: str) -> Definition | None:
        """The definition of ``term`` (case-insensitive), or None: a lookup in an index built once."""
        return self._definition_index.get(term.strip().casefold())

    @_memo
    def _definition_index(self) -> dict[str, Definition]:
        """Definitions by case-folded term; the first of a term defined twice."""
        index: dict[str, Definition] = {}
        for d in self.definitions:
            index.setdefault(d.term.casefold(), d)
        return index

    def clauses(self) -> tuple[Clause, ...]:
        """The clause tree, built from numbered paragraphs and their levels (once)."""
        return self._clause_tree

    @_memo
    def _clause_tree(self) -> tuple[Clause, ...]:
        from sectrack.clauses import build_tree

        return build_tree(self.blocks)

    def clause(self, ref: str) -> Clause | None:
        """The clause with reference ``ref``, or None: a lookup in an index built once."""
        return self._clause_index.get(ref)

    @_memo
    def _clause_index(self) -> dict[str, Clause]:
        """Every clause of the tree by reference (of a reference used twice, the one a depth-first
        search from the last top-level clause meets first, as the scan this index replaced did)."""
        index: dict[str, Clause] = {}
        stack = list(self.clauses())
        while stack:
            c = stack.pop()
            index.setdefault(c.ref, c)
            stack.extend(c.children)
        return index


def iter_paragraphs(blocks: tuple[Block, ...] | list[Block]) -> Iterator[Paragraph]:
    """Paragraphs in order, descending into tables cell by cell (nested tables too)."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
        else:
            for row in block.rows:
                for cell in row.cells:
                    yield from iter_paragraphs(cell.blocks)
