"""Cross-reference checks: every citation resolved against the documents in effect.

``ref.missing-document``: a Section or Appendix that is not in effect (nor declared ``outside``);
``ref.missing-clause``: a clause, Part or paragraph that the cited document does not have;
``ref.title-mismatch``: a bracketed title that is neither the cited document's title nor a heading
over the cited clause (its Part's heading or the cross-heading above it); ``ref.range``: a range
(``L4.6 to L4.9``) whose ends are in two documents, or whose end does not come after its start in
the cited document. A range is checked at its ends: each must exist, in one document, in order; the
clauses between them need not be cited one by one.
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
    at: int = 0  # which of the citation's targets it is


def _section_ref(letter: str, number: str) -> str:
    return f"{letter}{number}" if number and not number[0].isalpha() else number


def resolve(code: Code, slug: str, unit: Unit, c: Citation) -> Iterator[Resolved]:
    """Each target of ``c`` (found in document ``slug``) as a document slug and a clause ref."""
    here = code.docs[slug]
    if c.form in ("section", "appendix"):
        for at, t in enumerate(c.targets):
            target = f"{c.form}-{t.letter.lower()}"
            ref = _section_ref(t.letter, t.number) if c.form == "section" else ""
            yield Resolved(c, target, ref, "clause" if ref else "document", at)
        return
    if c.form == "paragraph":
        yield from _paragraphs(code, slug, unit, c)
        return
    target = _of(code, slug, c.of)
    if not target:
        return
    letter = here.letter if target == slug else target.split("-", 1)[1].upper()
    for at, t in enumerate(c.targets):
        number = t.number
        if target.startswith("section-"):
            ref = number if t.letter else _section_ref(letter, number)
        else:
            ref = number
        yield Resolved(c, target, ref, c.form, at)


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
    for at, t in enumerate(c.targets):
        if kind == "clause":
            base = name if name[0].isalpha() or index.kind != "section" else f"{index.letter}{name}"
            yield Resolved(c, slug, base + t.number, "paragraph", at)
        elif kind == "definition":
            if "section-a" in code.docs:
                labels = code.docs["section-a"].cell_labels.get(name.casefold())
                if labels is not None:
                    yield Resolved(c, "section-a", "" if t.number in labels else f"[{name}] {t.number}", "item", at)
        elif not c.of and (unit.definition or unit.labels):
            yield Resolved(c, slug, "" if t.number in unit.labels else t.number, "item", at)
        elif not c.of and unit.ref:
            yield Resolved(c, slug, _within(index, unit.ref, t.number), "paragraph", at)


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
        for unit in running(index):
            yield slug, unit


def running(index: DocIndex) -> Iterator[Unit]:
    """The paragraphs of one document that hold running text (see ``texts``)."""
    return (unit for unit in index.units if not unit.heading and not unit.term_cell)


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
    resolved = [r for r in resolve(code, slug, unit, c) if r.slug and r.slug not in code.config.outside]
    found = [f for f in (_finding_for(code, slug, unit, r) for r in resolved) if f is not None]
    for code_, detail in found + list(_range_findings(code, c, resolved)):
        if code_ == "ref.missing-document":
            if seen_missing_doc:
                continue
            seen_missing_doc = True
        yield Finding(code_, code.config.severity_of(code_), slug, unit.ref, c.text,
                      sentence(unit.text, c.start, c.end), code.release, detail)


def _range_findings(code: Code, c: Citation, resolved: list[Resolved]) -> Iterator[tuple[str, str]]:
    """``ref.range`` for each range of ``c`` whose ends, both in effect and existing, are in two
    documents or out of order (a missing end is reported as missing, not again here)."""
    by_target = {r.at: r for r in resolved}
    for i, is_range in enumerate(c.ranges):
        start, end = by_target.get(i), by_target.get(i + 1)
        if not is_range or start is None or end is None or not (start.ref and end.ref) or "item" in (start.form, end.form):
            continue
        if start.slug != end.slug:
            yield "ref.range", f"the range runs from {_name(start.slug)} to {_name(end.slug)}"
            continue
        target = code.docs.get(start.slug)
        if target is None or start.ref not in target.refs or end.ref not in target.refs:
            continue
        first, last = target.position[start.ref], target.position[end.ref]
        if last < first:
            yield "ref.range", f"{end.ref} comes before {start.ref} in {_name(start.slug)}"
        elif last == first:
            yield "ref.range", f"the range starts and ends at {start.ref}"


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
