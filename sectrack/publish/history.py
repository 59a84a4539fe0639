"""Lineage of clauses and defined terms across a document's versions, from consecutive comparisons:
what happened to each clause in each version (inserted, amended, moved, renumbered, deleted) with its
reference there, followed through renumbering and moves, and each Section A term's life."""

from __future__ import annotations

from dataclasses import dataclass

from sectrack.compare.changes import DELETED, INSERTED, MODIFIED, MOVED_FROM, MOVED_TO, ChangeSet
from sectrack.release.changes import CLAUSE

WORDS = {INSERTED: "added", MODIFIED: "amended", DELETED: "removed"}


@dataclass(frozen=True)
class Event:
    """What happened to a clause or term in one version."""

    version: str
    event: str  # inserted | amended | moved | renumbered | deleted | unchanged (clauses); added | amended | removed (terms)
    ref: str  # the clause's reference in this version ("" when deleted); the term for terms
    old_ref: str = ""  # its reference in the version before ("" when inserted)
    text: str = ""  # the clause's or the meaning's text in this version


@dataclass
class Lineage:
    """One clause's life in a document, oldest first. Its address (the version it first appears in
    and its reference there) never changes: later versions only add events."""

    events: list[Event]

    @property
    def address(self) -> str:
        first = self.events[0]
        return f"{first.version}/{first.ref}"

    @property
    def changes(self) -> list[Event]:
        """Its events other than "unchanged": what a history page lists."""
        return [e for e in self.events if e.event != "unchanged"]


def _top(ref: str) -> str:
    return ref.split("(", 1)[0]


def _clause_of(block: object) -> str:
    ref = _top(getattr(block, "ref", "") or "")
    return ref if CLAUSE.fullmatch(ref) else ""


def clause_steps(cs: ChangeSet) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """For one comparison: each new clause ref -> (old ref or "", event); and the old refs deleted."""
    steps: dict[str, tuple[str, str]] = {}
    touched: set[str] = set()
    deleted: list[str] = []
    for c in cs.body:
        new, old = _clause_of(c.new), _clause_of(c.old)
        starts_new = getattr(c.new, "numbered", False) and getattr(c.new, "ref", "") == new
        starts_old = getattr(c.old, "numbered", False) and getattr(c.old, "ref", "") == old
        if c.kind == MOVED_FROM:
            continue
        if c.kind == DELETED and starts_old and old:
            deleted.append(old)
        elif starts_new and new:
            if c.kind == INSERTED:
                steps[new] = ("", "inserted")
            elif c.kind == MOVED_TO:
                steps[new] = (old, "moved")
            else:
                event = "amended" if c.kind == MODIFIED else "renumbered" if old != new else "unchanged"
                steps[new] = (old, event)
        elif new and c.changed:
            touched.add(new)
    for ref in touched:  # a change inside the clause (a sub-paragraph, a table) amends it
        if ref in steps and steps[ref][1] in ("unchanged", "renumbered"):
            steps[ref] = (steps[ref][0], "amended")
    return steps, deleted


def clause_lineages(versions: list[str], changesets: list[ChangeSet], first: list[str],
                    texts: dict[str, dict[str, str]]) -> dict[tuple[str, str], Lineage]:
    """Every clause of every version (version, ref) -> its lineage.

    ``versions`` oldest first; ``changesets[k]`` compares versions k and k+1; ``first`` lists the
    first version's clause refs; ``texts[version][ref]`` is each clause's text."""
    lives: list[list[Event]] = [[Event(versions[0], "inserted", ref, "", texts[versions[0]].get(ref, ""))]
                                for ref in first]
    current = {life[-1].ref: life for life in lives}
    for version, cs in zip(versions[1:], changesets):
        steps, deleted = clause_steps(cs)
        following: dict[str, list[Event]] = {}
        for new_ref, (old_ref, event) in steps.items():
            life = current.get(old_ref) if old_ref else None
            if life is None:
                life = []
                lives.append(life)
                event, old_ref = ("inserted", "") if not old_ref else (event, old_ref)
            life.append(Event(version, event, new_ref, old_ref, texts[version].get(new_ref, "")))
            following[new_ref] = life
        for old_ref in deleted:
            life = current.get(old_ref)
            if life is not None and life[-1].version != version:
                life.append(Event(version, "deleted", "", old_ref))
        current = following
    out: dict[tuple[str, str], Lineage] = {}
    for life in lives:
        lineage = Lineage(life)
        for e in life:
            if e.ref:
                out[(e.version, e.ref)] = lineage
    return out


def term_lives(versions: list[str], changesets: list[ChangeSet],
               first: dict[str, str]) -> dict[str, list[Event]]:
    """Each defined term ever in Section A -> its events (added, amended, removed), oldest first."""
    lives = {term: [Event(versions[0], "added", term, "", meaning)] for term, meaning in first.items()}
    for version, cs in zip(versions[1:], changesets):
        for d in cs.definitions:
            if d.kind in WORDS:
                lives.setdefault(d.term, []).append(
                    Event(version, WORDS[d.kind], d.term, "", d.new_meaning if d.kind != DELETED else d.old_meaning))
    return lives
