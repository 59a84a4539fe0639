"""What one comparison changed, in the words of a release note: clauses inserted, deleted, amended,
moved and renumbered, definitions added, amended and removed, by reference and by name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sectrack.compare.changes import DELETED, EQUAL, INSERTED, MODIFIED, MOVED_TO, BlockChange, ChangeSet
from sectrack.model import Clause, Document

CLAUSE = re.compile(r"[A-Z]{0,2}\d+\.\d+")  # A3.3, L14.8, 2.5: a clause, not a Part or a sub-paragraph
DEFINITION_KINDS = (
    (INSERTED, "Definitions added"), (MODIFIED, "Definitions amended"), (DELETED, "Definitions removed"),
)


@dataclass(frozen=True)
class ChangeGroup:
    """One line of the What changed part: a kind of change and the clauses or terms it touched."""

    label: str  # "Clauses inserted", "Definitions added", …
    items: tuple[str, ...]  # "2.3", "5.5 → 7.8", "Key Rotation"


def _ref(block: object) -> str:
    return getattr(block, "ref", "") or ""


def _top(ref: str) -> str:
    """The clause a sub-paragraph belongs to: ``2.3(a)(i)`` -> ``2.3``."""
    return ref.split("(", 1)[0]


def _add(groups: dict[str, list[str]], label: str, item: str) -> None:
    if item and item not in groups.setdefault(label, []):
        groups[label].append(item)


def _numbered(c: BlockChange, side: str) -> bool:
    block = getattr(c, side)
    return bool(getattr(block, "numbered", False)) and _ref(block) == _top(_ref(block))


def _body_groups(cs: ChangeSet) -> dict[str, list[str]]:
    """Clause-level groups from the body: whole numbered clauses, or the clause a change sits in."""
    groups: dict[str, list[str]] = {}
    here = ""  # the clause, in the new version's numbering, the redline has reached
    for c in cs.body:
        if c.new is not None:
            here = _top(_ref(c.new)) or here
        if c.kind == INSERTED and _numbered(c, "new"):
            _add(groups, "Clauses inserted", _ref(c.new))
        elif c.kind == DELETED and _numbered(c, "old"):
            _add(groups, "Clauses deleted", _ref(c.old))
        elif c.kind == MOVED_TO:
            _add(groups, "Clauses moved", f"{_top(_ref(c.old))} → {_top(_ref(c.new))}")
        elif c.kind == EQUAL and c.renumbered and _numbered(c, "new"):
            _add(groups, "Clauses renumbered", f"{_ref(c.old)} → {_ref(c.new)}")
        elif c.kind in (MODIFIED, INSERTED, DELETED) and not getattr(c.new, "definitions", False):
            _add(groups, "Clauses amended", here)
        elif c.kind == EQUAL and (c.format_changed or c.style_changed):
            _add(groups, "Formatting changed", _top(_ref(c.new)))
    inserted = set(groups.get("Clauses inserted", ()))
    if "Clauses amended" in groups:  # a clause inserted whole is not also "amended"
        groups["Clauses amended"] = [r for r in groups["Clauses amended"] if r not in inserted]
    return {k: v for k, v in groups.items() if v}


ORDER = ("Clauses inserted", "Clauses deleted", "Clauses amended", "Clauses moved", "Clauses renumbered",
         "Formatting changed", "Definitions added", "Definitions amended", "Definitions removed")


def change_groups(cs: ChangeSet) -> tuple[ChangeGroup, ...]:
    """The groups of changes of one comparison, in a fixed order, empty groups left out."""
    groups = _body_groups(cs)
    for kind, label in DEFINITION_KINDS:
        terms = [d.term for d in cs.definitions if d.kind == kind]
        if terms:
            groups[label] = terms
    return tuple(ChangeGroup(label, tuple(groups[label])) for label in ORDER if label in groups)


def document_counts(doc: Document) -> str:
    """A one-line size of a whole document: its clauses and defined terms."""
    clauses = sum(1 for c in _walk(doc.clauses()) if CLAUSE.fullmatch(c.ref))
    terms = len(doc.definitions)
    out = f"{clauses} clause{'' if clauses == 1 else 's'}"
    return out + (f", {terms} defined term{'' if terms == 1 else 's'}" if terms else "")


def _walk(clauses: tuple[Clause, ...]) -> Iterator[Clause]:
    for c in clauses:
        yield c
        yield from _walk(c.children)
