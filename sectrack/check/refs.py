"""Cross-reference checks: every citation resolved against the documents in effect.

``ref.missing-document``: a Section or Appendix that is not in effect (nor declared ``outside``);
``ref.missing-clause``: a clause, Part or paragraph that the cited document does not have;
``ref.title-mismatch``: a bracketed title that is neither the cited document's title nor a heading
over the cited clause (its Part's heading or the cross-heading above it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

from sectrack.check.findings import Config, Finding, Unit, sentence
from sectrack.check.grammar import Citation, Target, citations
from sectrack.check.index import DocIndex, norm
from sectrack.model import Document

_SUB_TAIL = re.compile(r"\((?:[a-z]{1,4}|[A-Z])\)$")


@dataclass
class Code:
    """The documents in effect, indexed, with what the checks are told about them."""

    docs: Mapping[str, DocIndex]
    config: Config
    release: str = ""

    @classmethod
    def of(cls, docs: Mapping[str, Document | DocIndex], config: Config, release: str = "") -> Code:
        """Index every document of ``docs`` (slug -> Document, or its DocIndex already made)."""
        return cls({slug: d if isinstance(d, DocIndex) else DocIndex.of(d) for slug, d in docs.items()},
                   config, release)

    @cached_property
    def by_title(self) -> dict[str, str]:
        """Normalised document title -> slug."""
        return {norm(ix.title): slug for slug, ix in self.docs.items() if ix.title}


@dataclass(frozen=True)
class Resolved:
    """One target of a citation, resolved: the cited document's slug and the clause ref in it."""

    citation: Citation
    slug: str  # "" when the citation cannot be placed (a title that names no document in effect)
    ref: str  # "" for a whole document
    form: str  # "clause", "part", "paragraph", "document"


def _section_ref(letter: str, number: str) -> str:
    return f"{letter}{number}" if number and not number[0].isalpha() else number


def resolve(code: Code, slug: str, unit: Unit, c: Citation) -> Iterator[Resolved]:
    """Each target of ``c`` (found in document ``slug``) as a document slug and a clause ref."""
    here = code.docs[slug]
    if c.form in ("section", "appendix"):
        for t in c.targets:
            target = f"{c.form}-{t.letter.lower()}"
            ref = _section_ref(t.letter, t.number) if c.form == "section" else ""
            yield Resolved(c, target, ref, "clause" if ref else "document")
        return
    if c.form == "paragraph":
        yield from _paragraphs(code, slug, unit, c)
        return
    target = _of(code, slug, c.of)
    if not target:
        return
    letter = here.letter if target == slug else target.split("-", 1)[1].upper()
    for t in c.targets:
        number = t.number
        if target.startswith("section-"):
            ref = number if t.letter else _section_ref(letter, number)
        else:
            ref = number
        yield Resolved(c, target, ref, c.form)


def _of(code: Code, slug: str, of: str) -> str:
    """The slug an ``of ...`` phrase names; "" when it names no document in effect or outside."""
    if of in ("", "this"):
        return slug
    kind, _, name = of.partition(":")
    if kind in ("section", "appendix"):
        return f"{kind}-{name.lower()}"
    if kind == "title":
        return code.by_title.get(norm(name), "")
    return ""


def _paragraphs(code: Code, slug: str, unit: Unit, c: Citation) -> Iterator[Resolved]:
    """Paragraph citations: within the clause they sit in, a named clause, or a definition."""
    kind, _, name = c.of.partition(":")
    index = code.docs[slug]
    for t in c.targets:
        if kind == "clause":
            base = name if name[0].isalpha() or index.kind != "section" else f"{index.letter}{name}"
            yield Resolved(c, slug, base + t.number, "paragraph")
        elif kind == "definition":
            if "section-a" in code.docs:
                labels = code.docs["section-a"].cell_labels.get(name.casefold())
                if labels is not None:
                    yield Resolved(c, "section-a", "" if t.number in labels else f"[{name}] {t.number}", "item")
        elif not c.of and (unit.definition or unit.labels):
            yield Resolved(c, slug, "" if t.number in unit.labels else t.number, "item")
        elif not c.of and unit.ref:
            yield Resolved(c, slug, _within(index, unit.ref, t.number), "paragraph")


def _within(index: DocIndex, ref: str, sub: str) -> str:
    """The paragraph ``sub`` of the clause ``ref`` sits in, or of one of its parents; the nearest
    candidate when none exists."""
    base = ref
    while True:
        if base + sub in index.refs:
            return base + sub
        shorter = _SUB_TAIL.sub("", base)
        if shorter == base:
            return ref + sub if not _SUB_TAIL.search(ref) else _SUB_TAIL.sub("", ref) + sub
        base = shorter


def texts(code: Code) -> Iterator[tuple[str, Unit]]:
    """(slug, paragraph) for every paragraph of the documents in effect that holds running text
    (not titles, headings or the term column of the definitions table)."""
    for slug, index in code.docs.items():
        for unit in index.units:
            if not unit.heading and not unit.term_cell:
                yield slug, unit


def cited(code: Code) -> Iterator[tuple[str, Unit, Citation]]:
    """(slug, paragraph, citation) for every cross-reference in the documents in effect."""
    for slug, unit in texts(code):
        for c in citations(unit.text):
            yield slug, unit, c


def check_refs(code: Code) -> list[Finding]:
    """Every cross-reference finding in the documents in effect."""
    return [f for slug, unit, c in cited(code) for f in _judge(code, slug, unit, c)]


def _judge(code: Code, slug: str, unit: Unit, c: Citation) -> Iterator[Finding]:
    seen_missing_doc = False
    for r in resolve(code, slug, unit, c):
        if not r.slug or r.slug in code.config.outside:
            continue
        finding = _finding_for(code, slug, unit, r)
        if finding is None:
            continue
        code_, detail = finding
        if code_ == "ref.missing-document":
            if seen_missing_doc:
                continue
            seen_missing_doc = True
        yield Finding(code_, code.config.severity_of(code_), slug, unit.ref, c.text,
                      sentence(unit.text, c.start, c.end), code.release, detail)


def _finding_for(code: Code, slug: str, unit: Unit, r: Resolved) -> tuple[str, str] | None:
    target = code.docs.get(r.slug)
    name = _name(r.slug)
    if target is None:
        return "ref.missing-document", f"{name} is not in effect"
    if r.form == "item":
        if r.ref:
            return "ref.missing-clause", f"there is no paragraph {r.ref}"
        return None
    if r.ref and r.ref not in target.refs:
        return "ref.missing-clause", f"{name} has no {_clause_word(r)} {r.ref}"
    title = r.citation.title
    if title and _last_titled(r):
        wanted = norm(title)
        if r.ref:
            if wanted not in target.headings.get(r.ref, {}):
                return "ref.title-mismatch", f"{r.ref} is under {_headings(target, r.ref)}"
        elif wanted != norm(target.title):
            return "ref.title-mismatch", f"{name} is titled '{target.title}'"
    return None


def _last_titled(r: Resolved) -> bool:
    """A bracketed title belongs to the last target of a citation."""
    t = r.citation.targets[-1]
    return r.ref.endswith(t.number) or not t.number


def _headings(index: DocIndex, ref: str) -> str:
    hs = list(index.headings.get(ref, {}).values())
    return " / ".join(f"'{h}'" for h in hs) if hs else "no heading"


def _clause_word(r: Resolved) -> str:
    return {"part": "Part", "paragraph": "paragraph"}.get(r.form, "clause")


def _name(slug: str) -> str:
    kind, _, letter = slug.partition("-")
    return f"{kind.capitalize()} {letter.upper()}"


__all__ = ["Code", "DocIndex", "Resolved", "Target", "check_refs", "cited", "norm", "resolve", "texts"]
