"""History from the store alone: a document's versions, a clause's lineage through renumbering and
moves, a defined term's life. It reads the cached comparisons' compact entries (comparing once
the pairs not cached yet) and the clause and term lists kept with each version, never a .docx."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from sectrack.store.comparisons import ensure
from sectrack.store.entries import summary_line
from sectrack.store.errors import NotFound
from sectrack.store.records import DocumentEvent, HistoryEvent, bare_version
from sectrack.store.schema import comparison_entries as E
from sectrack.store.schema import comparisons as C
from sectrack.store.schema import documents as D
from sectrack.store.schema import release_changes as RC
from sectrack.store.schema import releases as R
from sectrack.store.schema import versions as V

if TYPE_CHECKING:
    from sectrack.store.store import Store


@dataclass(frozen=True)
class Step:
    """One version in a document's chain of releases."""

    version: str | None  # None: removed by this release
    release: str
    effective: dt.date
    change: str
    clauses: tuple[str, ...]
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    kind: str
    old_ref: str
    new_ref: str
    old_head: bool
    new_head: bool
    renumbered: bool
    deleted_words: str
    inserted_words: str


class Chain:
    """A document's versions in release order, with the comparison entries of each step."""

    def __init__(self, store: Store, slug: str, kind: str, letter: str, steps: list[Step]) -> None:
        self.store, self.slug, self.kind, self.letter, self.steps = store, slug, kind, letter, steps
        self._entries: dict[int, list[Entry]] = {}
        self.counts: dict[int, dict[str, int]] = {}

    @classmethod
    def load(cls, store: Store, slug: str, *, with_entries: bool = True) -> Chain:
        """The chain of ``slug``; comparisons of consecutive versions are made if not cached."""
        with store.engine.connect() as conn:
            doc = conn.execute(select(D).where(D.c.slug == slug)).first()
            if doc is None:
                raise NotFound(slug, "no such document in the store")
            rows = conn.execute(
                select(V.c.label, R.c.sec_version, R.c.effective, RC.c.change, V.c.clauses, V.c.terms)
                .select_from(RC).join(R, R.c.id == RC.c.release_id).outerjoin(V, V.c.id == RC.c.version_id)
                .where(RC.c.document_id == doc.id).order_by(R.c.sort_key)).all()
        steps = [Step(r.label if r.change != "removed" else None, r.sec_version, r.effective, r.change,
                      _lines(r.clauses), _lines(r.terms)) for r in rows]
        chain = cls(store, slug, doc.kind, doc.letter, steps)
        chain._load_entries(with_entries)
        return chain

    def pairs(self) -> dict[int, tuple[str, str]]:
        """Step index -> (old label, new label) for each step that replaces a version by another."""
        out = {}
        for i in range(1, len(self.steps)):
            old, new = self.steps[i - 1].version, self.steps[i].version
            if old is not None and new is not None and old != new:
                out[i] = (old, new)
        return out

    def _load_entries(self, with_entries: bool) -> None:
        pairs = self.pairs()
        if not pairs:
            return
        ids = ensure(self.store, self.slug, sorted(set(pairs.values())))
        by_id = {ids[pair]: i for i, pair in pairs.items()}
        with self.store.engine.connect() as conn:
            for cid, summary in conn.execute(select(C.c.id, C.c.summary).where(C.c.id.in_(by_id))):
                self.counts[by_id[cid]] = json.loads(summary)
            if not with_entries:
                return
            query = (select(E.c.comparison_id, E.c.kind, E.c.old_ref, E.c.new_ref, E.c.old_head, E.c.new_head,
                            E.c.renumbered, E.c.deleted_words, E.c.inserted_words, E.c.subject)
                     .where(E.c.comparison_id.in_(by_id)).order_by(E.c.comparison_id, E.c.position))
            for r in conn.execute(query):
                self._entries.setdefault(by_id[r.comparison_id], []).append(
                    Entry(r.kind if r.subject == "clause" else "term-" + r.kind, r.old_ref, r.new_ref,
                          bool(r.old_head), bool(r.new_head), bool(r.renumbered), r.deleted_words,
                          r.inserted_words))

    def entries(self, i: int) -> list[Entry]:
        return self._entries.get(i, [])

    def index(self, at: str | None) -> int:
        """The step of version ``at`` (a label, or ``vSEC`` for the one in effect at a release)."""
        live = [i for i, s in enumerate(self.steps) if s.version is not None]
        if not live:
            raise NotFound(self.slug, "the document is in no release")
        if at is None:
            return live[-1]
        if at[:1] in "vV":
            sec = bare_version(at)
            hits = [i for i, s in enumerate(self.steps) if s.release == sec]
            if hits:
                return hits[0]
            before = [i for i in live if _key(self.steps[i].release) <= _key(sec)]
            if before:
                return before[-1]
        for i in live:
            if self.steps[i].version == at:
                return i
        raise NotFound(f"{self.slug}@{at}", "no such version in the document's releases")

    def event(self, i: int, name: str, ref: str | None, old_ref: str | None, deleted: str = "", inserted: str = "",
              term: str | None = None) -> HistoryEvent:
        step = self.steps[i]
        previous = self.steps[i - 1].version if i > 0 else None
        return HistoryEvent(self.slug, step.version or previous or "", step.release, step.effective, name, ref,
                            old_ref, previous, deleted, inserted, term)

    def cite(self, ref: str) -> str:
        """A clause reference as the store keeps it: "AM2.5" -> "2.5" in an Appendix, "3.3" -> "A3.3"
        in Section A."""
        ref = "".join(ref.split())
        letter = self.letter.upper()
        if self.kind == "appendix" and ref.upper().startswith(letter) and ref[len(letter):][:1].isdigit():
            return ref[len(letter):]
        if self.kind == "section" and ref[:1].isdigit():
            return letter + ref
        return ref


def _lines(text: str | None) -> tuple[str, ...]:
    return tuple(text.split("\n")) if text else ()


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in version.split("."))


def document_history(store: Store, slug: str) -> list[DocumentEvent]:
    """Each version of a document in release order, with a one-line count of changes."""
    chain = Chain.load(store, slug, with_entries=False)
    out = []
    for i, step in enumerate(chain.steps):
        previous = chain.steps[i - 1].version if i > 0 else None
        counts = chain.counts.get(i)
        line = summary_line(counts) if counts is not None else {
            "baseline": "in effect at the first release in the store", "new": "new document",
            "removed": "removed from the code"}.get(step.change, "same content as before")
        out.append(DocumentEvent(slug, step.version or "", step.release, step.effective, step.change, previous,
                                 line, counts))
    return out


def _belongs(ref: str, clause: str) -> bool:
    return ref == clause or ref.startswith(clause + "(")


def _step_back(chain: Chain, i: int, ref: str) -> tuple[HistoryEvent | None, str | None]:
    """The event of the clause ``ref`` (in version i) at step i, and its reference in version i-1
    (None: it did not exist there)."""
    head = next((e for e in chain.entries(i) if e.new_head and e.new_ref == ref and not e.kind.startswith("term")), None)
    old_ref: str | None = ref
    name = ""
    if head is not None:
        if head.kind == "inserted":
            old_ref, name = None, "inserted"
        elif head.kind == "moved-to":
            old_ref, name = head.old_ref, "moved"
        else:
            old_ref = head.old_ref
            name = "amended" if head.kind == "modified" else ("renumbered" if head.renumbered else "amended")
    deleted, inserted = _words(chain.entries(i), ref, old_ref)
    if not name and (deleted or inserted or _touched(chain.entries(i), ref, old_ref)):
        name = "amended"
    if not name:
        return None, old_ref
    return chain.event(i, name, ref, old_ref, deleted, inserted), old_ref


def _members(entries: Iterable[Entry], new_ref: str | None, old_ref: str | None) -> Iterable[Entry]:
    for e in entries:
        if e.kind.startswith("term"):
            continue
        if (e.new_ref and new_ref and _belongs(e.new_ref, new_ref)) or (not e.new_ref and old_ref and _belongs(e.old_ref, old_ref)):
            yield e


def _touched(entries: list[Entry], new_ref: str | None, old_ref: str | None) -> bool:
    return any(e.kind != "equal" or not e.renumbered for e in _members(entries, new_ref, old_ref))


def _words(entries: list[Entry], new_ref: str | None, old_ref: str | None) -> tuple[str, str]:
    members = list(_members(entries, new_ref, old_ref))
    return (" … ".join(e.deleted_words for e in members if e.deleted_words),
            " … ".join(e.inserted_words for e in members if e.inserted_words))


def _step_forward(chain: Chain, i: int, ref: str) -> tuple[HistoryEvent | None, str | None]:
    """The event at step i of the clause that was ``ref`` in version i-1, and its reference in
    version i (None: deleted)."""
    head = next((e for e in chain.entries(i) if e.old_head and e.old_ref == ref and not e.kind.startswith("term")), None)
    if chain.steps[i].version is None:
        return chain.event(i, "deleted", None, ref), None
    if head is not None and head.kind == "deleted":
        return chain.event(i, "deleted", None, ref, head.deleted_words, ""), None
    new_ref = head.new_ref if head is not None else ref
    event, _old = _step_back(chain, i, new_ref)
    return event, new_ref


def clause_history(store: Store, slug: str, ref: str, at: str | None = None) -> list[HistoryEvent]:
    """The lineage of a clause: for each version in which it changed, the event and its references."""
    chain = Chain.load(store, slug)
    k = chain.index(at)
    cited = chain.cite(ref)
    if cited not in chain.steps[k].clauses:
        raise NotFound(f"{slug}@{chain.steps[k].version}", f"no clause {ref} in this version")
    back: list[HistoryEvent] = []
    cur: str | None = cited
    i = k
    while i > 0 and cur is not None and chain.steps[i - 1].version is not None:
        event, cur = _step_back(chain, i, cur)
        if event is not None:
            back.append(event)
        i -= 1
    if cur is not None:
        first = "inserted" if chain.steps[i].change == "new" else "baseline"
        back.append(chain.event(i, first, cur, None))
    out = list(reversed(back))
    cur = cited
    for i in range(k + 1, len(chain.steps)):
        event, nxt = _step_forward(chain, i, cur)
        if event is not None:
            out.append(event)
        if nxt is None:
            break
        cur = nxt
    return out


def term_history(store: Store, term: str, slug: str = "section-a") -> list[HistoryEvent]:
    """When a defined term was added, amended and removed (NotFound when never defined)."""
    chain = Chain.load(store, slug)
    key = term.strip().casefold()
    names = {"term-inserted": "added", "term-deleted": "removed", "term-modified": "amended"}
    out: list[HistoryEvent] = []
    for i, step in enumerate(chain.steps):
        if i == 0 or chain.steps[i - 1].version is None:
            found = next((t for t in step.terms if t.casefold() == key), None)
            if found is not None:
                out.append(chain.event(i, "added" if step.change == "new" else "baseline", None, None, term=found))
            continue
        for e in chain.entries(i):
            if e.kind in names and (e.new_ref or e.old_ref).casefold() == key:
                out.append(chain.event(i, names[e.kind], None, None, e.deleted_words, e.inserted_words,
                                       term=e.new_ref or e.old_ref))
    if not out:
        raise NotFound(slug, f"no defined term {term!r} in any version")
    return out


def entry_rows(chain: Chain) -> list[dict[str, Any]]:
    """Every entry of the chain, for inspection and tests."""
    return [dict(vars(e), step=i) for i in chain._entries for e in chain._entries[i]]
