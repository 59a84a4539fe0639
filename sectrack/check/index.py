"""What the checks read of one document, kept apart from the Document: its identity, clauses and
the headings over each, its paragraphs (``Unit``) and its definitions. An index is plain data that
goes to JSON and back, so it can be kept beside a store, keyed by the version's SHA-256, and the
documents need not be loaded again to be checked (``release.py``'s cache). A stored model is
indexed without being loaded as a Document (``from_model``, through view.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import msgspec

from sectrack.check.findings import Unit, units
from sectrack.check.view import DocumentView, read_view
from sectrack.model import Document

FORMAT = 1  # the JSON form's version: a cached index of another version is read again


def norm(text: str) -> str:
    """A title or heading compared loosely: case, spacing, quotes and a leading "the" ignored."""
    words = re.sub(r"[^\w\s-]", " ", text.casefold()).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


class Defined(msgspec.Struct, frozen=True, array_like=True):
    """A row of a definitions table: the term, its meaning and where it sits (``A1.1 [Term]``)."""

    term: str
    meaning: str
    ref: str


@dataclass
class DocIndex:
    """What the checks need to know about one document."""

    kind: str
    letter: str
    title: str
    units: list[Unit]
    refs: set[str] = field(default_factory=set)
    headings: dict[str, dict[str, str]] = field(default_factory=dict)  # clause ref -> {normalised: heading}
    order: list[str] = field(default_factory=list)  # clause refs in body order
    definitions: list[Defined] = field(default_factory=list)
    version_key: str = field(default="", compare=False)  # the version's SHA-256 in a store ("" when unknown)

    @classmethod
    def of(cls, doc: Document | DocumentView) -> DocIndex:
        """Index ``doc``: its clauses, the headings over each, its paragraphs and definitions."""
        index = cls(doc.kind, doc.letter, doc.title, units(doc))
        part: tuple[str, str] = ("", "")
        cross: tuple[str, str] = ("", "")
        for p in doc.paragraphs():
            if p.numbered and p.ref:
                if (p.num_level or 0) == 0:
                    part, cross = (norm(p.text), p.text.strip()), ("", "")
                index.refs.add(p.ref)
                index.order.append(p.ref)
                index.headings[p.ref] = dict(h for h in (part, cross) if h[0])
            elif p.heading_level is not None and p.text.strip():
                cross = (norm(p.text), p.text.strip())
        index.definitions = [Defined(d.term, d.meaning, f"{getattr(doc.blocks[d.table], 'ref', '')} [{d.term}]")
                             for d in doc.definitions]
        return index

    @classmethod
    def from_model(cls, text: str | bytes) -> DocIndex:
        """The index of the Document whose model JSON (``sectrack.dumps``) is ``text``, read without
        loading the Document; ValueError when ``text`` is not a readable model."""
        return cls.of(read_view(text))

    @cached_property
    def position(self) -> dict[str, int]:
        """Where each clause stands in body order (the first of a reference used twice)."""
        out: dict[str, int] = {}
        for i, ref in enumerate(self.order):
            out.setdefault(ref, i)
        return out

    @cached_property
    def cell_labels(self) -> dict[str, tuple[str, ...]]:
        """Section A: the list labels in each definition's meaning, by casefolded term."""
        return {u.definition.casefold(): u.labels for u in self.units if u.definition and not u.term_cell}

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (compact: a unit is a list of its fields)."""
        return {
            "format": FORMAT, "kind": self.kind, "letter": self.letter, "title": self.title,
            "units": [[u.text, u.ref, u.heading, list(u.labels), u.definition, u.term_cell] for u in self.units],
            "order": self.order, "headings": self.headings,
            "definitions": [[d.term, d.meaning, d.ref] for d in self.definitions],
        }

    def to_json(self) -> bytes:
        """The JSON form as UTF-8 bytes (``to_dict``'s, compact)."""
        return _ENCODER.encode(_Stored(FORMAT, self.kind, self.letter, self.title, self.units, self.order,
                                       self.headings, self.definitions))

    @classmethod
    def from_json(cls, data: bytes | str) -> DocIndex:
        """The index that ``to_json`` (or ``to_dict``) gave; ValueError for another format or a damaged text."""
        try:
            stored = _DECODER.decode(data)
        except msgspec.MsgspecError as exc:
            raise ValueError(f"not an index ({exc})") from None
        if stored.format != FORMAT:
            raise ValueError("another format of index")
        return cls(stored.kind, stored.letter, stored.title, stored.units, set(stored.order), stored.headings,
                   stored.order, stored.definitions)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocIndex:
        """The index that ``to_dict`` gave; ValueError for another format."""
        if data.get("format") != FORMAT:
            raise ValueError("another format of index")
        return cls(data["kind"], data["letter"], data["title"],
                   [Unit(t, r, h, tuple(lb), d, c) for t, r, h, lb, d, c in data["units"]],
                   set(data["order"]), data["headings"], data["order"],
                   [Defined(*d) for d in data["definitions"]])


class _Stored(msgspec.Struct):
    """An index as JSON: the fields of ``DocIndex.to_dict``, in its order."""

    format: int
    kind: str
    letter: str
    title: str
    units: list[Unit]
    order: list[str]
    headings: dict[str, dict[str, str]]
    definitions: list[Defined]


_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder(_Stored)
