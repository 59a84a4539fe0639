"""What a release changed: findings introduced and fixed, references a renumbering left behind,
and the impact of Section A's definition changes on the documents in effect."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from sectrack.check.checks import Report
from sectrack.check.findings import Finding, sentence
from sectrack.check.matching import Matcher, Term
from sectrack.check.refs import Code, cited, resolve, texts
from sectrack.compare import DELETED, ChangeSet, DefinitionChange
from sectrack.model import Paragraph

_DEFINITION_KINDS = {"inserted": "added", "deleted": "removed", "modified": "amended"}


@dataclass(frozen=True)
class LeftBehind:
    """A reference that a renumbering in the release left pointing at the wrong clause."""

    finding: Finding  # code ref.renumbered, in the citing document
    target: str  # slug of the cited document
    cited: str  # the clause reference as written (and as it was before the release)
    now: str  # where the cited clause went ("" when it was deleted)

    def to_dict(self) -> dict[str, str]:
        """The JSON form: the finding's fields with the cited document, old and new references."""
        return {**self.finding.to_dict(), "target": self.target, "cited": self.cited, "now": self.now}


@dataclass(frozen=True)
class TermImpact:
    """A Section A term the release added, amended or removed, and the clauses that use it."""

    term: str
    change: str  # "added", "amended" or "removed"
    uses: tuple[tuple[str, str], ...]  # (slug, clause ref), in document order, each once

    def to_dict(self) -> dict[str, object]:
        """The JSON form."""
        return {"term": self.term, "change": self.change, "count": len(self.uses),
                "uses": [{"document": d, "ref": r} for d, r in self.uses]}


@dataclass
class Delta:
    """The release's delta against the release before it."""

    release: str
    previous: str
    introduced: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    left_behind: list[LeftBehind] = field(default_factory=list)
    impact: list[TermImpact] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        """The errors the release introduced (what ``release publish`` refuses)."""
        return [f for f in self.introduced if f.severity == "error"] + [
            lb.finding for lb in self.left_behind if lb.finding.severity == "error"]

    def to_dict(self) -> dict[str, object]:
        """The JSON form."""
        return {"release": self.release, "previous": self.previous,
                "introduced": [f.to_dict() for f in self.introduced], "fixed": [f.to_dict() for f in self.fixed],
                "left_behind": [lb.to_dict() for lb in self.left_behind],
                "impact": [i.to_dict() for i in self.impact]}


def delta(before: Report | None, after: Report, changesets: Mapping[str, ChangeSet]) -> Delta:
    """Compare the findings at the release before (None for the first) with those at ``after``;
    ``changesets``: slug -> comparison of each document whose version the release changed."""
    old = before.findings if before is not None else []
    out = Delta(after.release, before.release if before is not None else "")
    out.introduced = _minus(after.findings, old)
    out.fixed = _minus(old, after.findings)
    if before is not None:
        out.left_behind = left_behind(before.code, after.code, changesets)
    cs = changesets.get("section-a")
    if cs is not None:
        out.impact = impact(after, cs.definitions)
    return out


def _minus(a: list[Finding], b: list[Finding]) -> list[Finding]:
    """The findings of ``a`` whose kind ``b`` does not have (``Finding.key``: code, document and
    subject; a second citation of a document already missing, say, is nothing new)."""
    known = {f.key() for f in b}
    return [f for f in a if f.key() not in known]


def renumbering(cs: ChangeSet) -> dict[str, str]:
    """Old clause reference -> new one, for each numbered paragraph whose reference changed
    (renumbered or moved); "" for a numbered paragraph that was deleted."""
    out: dict[str, str] = {}
    for c in cs.body:
        old, new = c.old, c.new
        if not isinstance(old, Paragraph) or not old.numbered or not old.ref:
            continue
        if isinstance(new, Paragraph) and new.numbered and new.ref and new.ref != old.ref:
            out[old.ref] = new.ref
        elif c.kind == DELETED:
            out.setdefault(old.ref, "")
    return out


def _cited(code: Code) -> set[tuple[str, str, str, str]]:
    """(citing slug, citation as written, cited slug, cited ref) for every clause citation."""
    return {(slug, c.text, r.slug, r.ref) for slug, unit, c in cited(code)
            for r in resolve(code, slug, unit, c) if r.ref and r.form != "item"}


def left_behind(before: Code, after: Code, changesets: Mapping[str, ChangeSet]) -> list[LeftBehind]:
    """References unchanged across the release whose cited clause the release renumbered or moved."""
    maps = {slug: renumbering(cs) for slug, cs in changesets.items()}
    earlier = _cited(before)
    out: list[LeftBehind] = []
    for slug, unit, c in cited(after):
        for r in resolve(after, slug, unit, c):
            moved = maps.get(r.slug, {})
            if r.ref not in moved or (slug, c.text, r.slug, r.ref) not in earlier:
                continue
            now = moved[r.ref]
            detail = (f"{r.ref} is now {now}" if now else f"{r.ref} was deleted") + \
                f"; {r.ref} is now " + ("another clause" if r.ref in after.docs[r.slug].refs else "missing")
            f = Finding("ref.renumbered", after.config.severity_of("ref.renumbered"), slug, unit.ref, c.text,
                        sentence(unit.text, c.start, c.end), after.release, detail)
            out.append(LeftBehind(f, r.slug, r.ref, now))
    return out


def impact(report: Report, changes: tuple[DefinitionChange, ...] | list[DefinitionChange]) -> list[TermImpact]:
    """For each definition added, amended or removed, the clauses in effect that use the term."""
    code = report.code
    matcher = Matcher()
    terms = {}
    for ch in changes:
        t = Term(ch.term, "section-a", "", "", False)
        terms[t] = _DEFINITION_KINDS.get(ch.kind, ch.kind)
        matcher.add(t)
    uses: dict[Term, dict[tuple[str, str], None]] = defaultdict(dict)
    for slug, unit in texts(code):
        for u in matcher.uses(unit.text):
            if u.exact and u.term.term.casefold() != unit.definition.casefold():
                uses[u.term][(slug, unit.ref)] = None
    return [TermImpact(t.term, change, tuple(uses[t])) for t, change in terms.items()]
