"""Defined-term checks: undefined, unused, duplicated and miscapitalised terms.

Terms in scope in a document are Section A's definitions plus the terms the document defines for
itself: a definitions table of its own, a paragraph that opens "Key Inventory means …" or "… has the meaning given …", and a
bracketed definition in the text, "(the SMKI Services)", "(each an Authorised Subscriber)",
"(or SMKI PMA)". A term's plural (inflection) and possessive forms are uses of it (matching.py).

How ``term.undefined`` keeps false positives low: defined terms are matched first (longest first)
and what they cover is set aside; then only runs of two or more capitalised words remain
candidates, and not in titles, subtitles or headings, not in cross-references or their bracketed
titles, not the word that opens a sentence, not a document title of the code, not the spelt-out
form of a defined acronym ("Meter Point Administration Number" beside MPAN), not an instrument
cited with its year ("Electricity Act 1989"), not a proper name of ``NAMES`` and not an expression
of the allow-list (``allow`` in ``sectrack-check.yaml``).

``term.case`` reports a multi-word term written with other capitals: mixed ("Key rotation"), or
all in lower case when the term has three words or more ("smart metering equipment"); two words in
lower case, such as "public key", are too often plain English to report.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field, replace

from sectrack.check.findings import Finding, Unit, sentence
from sectrack.check.grammar import citations
from sectrack.check.index import DocIndex
from sectrack.check.matching import Matcher, Term, capitalised_runs, sentence_start
from sectrack.check.refs import Code, running

_MEANS = re.compile(
    r"^[“\"]?(?P<t>[A-Z0-9][\w\-]*(?:\s+(?:[A-Z0-9][\w\-]*|of|and|for|to|in|on|the))*?)[”\"]?\s+"
    r"(?P<m>means\b|has the meaning\b)")
_BRACKETED = re.compile(
    r"\((?:the|each\s+an?|or|an?|together,?\s+the)\s+[“\"]?(?P<t>[A-Z][\w\-]*(?:\s+(?:[A-Z0-9][\w\-]*|of|and|for))*)[”\"]?\)")
_YEAR = re.compile(r"^\s+(?:1[89]|20)\d\d\b")
_LONGEST = 8  # words in the longest term a "… means" paragraph may define
# Proper names the SEC uses that are not defined terms; sectrack-check.yaml's ``allow`` adds more.
NAMES = ("Smart Energy Code", "Gas and Electricity Markets Authority", "Secretary of State", "Great Britain",
         "United Kingdom", "Christmas Day", "Good Friday", "Easter Monday", "Boxing Day", "New Year's Day",
         "Greenwich Mean Time", "British Summer Time")


def local_terms(slug: str, index: DocIndex) -> list[Term]:
    """The terms a document other than Section A defines for itself: in a definitions table of its
    own, in a paragraph that opens "… means", and in brackets."""
    if slug == "section-a":
        return []
    out = [Term(d.term, slug, d.ref, d.meaning, True) for d in index.definitions]
    for u in index.units:
        if u.heading or u.definition:
            continue
        m = _MEANS.match(u.text)
        if m and len(m.group("t").split()) <= _LONGEST:
            out.append(Term(m.group("t"), slug, u.ref, u.text[m.start("m"):], True))
        for b in _BRACKETED.finditer(u.text):
            out.append(Term(b.group("t"), slug, u.ref, "", True))
    return out


def section_a_terms(code: Code) -> list[Term]:
    """Section A's definitions, in table order."""
    index = code.docs.get("section-a")
    if index is None:
        return []
    return [Term(d.term, "section-a", d.ref, d.meaning, False) for d in index.definitions]


@dataclass
class TermScan:
    """The result of reading every document for terms: uses by term, and findings."""

    uses: dict[Term, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    findings: list[Finding] = field(default_factory=list)


@dataclass
class ScanMemo:
    """What reading each document for terms found, kept for a later check of the same code under
    the same configuration (the two releases of a delta): a document whose version, Section A
    and the code's titles have not changed is not read again. Only indexes that know their
    version (``DocIndex.version_key``, set by the checks over a store) are kept."""

    parts: dict[tuple[str, str, Hashable], TermScan] = field(default_factory=dict)  # (slug, version, context)
    local: dict[tuple[str, str], list[Term]] = field(default_factory=dict)

    def keep_only(self, versions: set[str]) -> None:
        """Forget what was found in every version not in ``versions`` (SHA-256s)."""
        self.parts = {k: v for k, v in self.parts.items() if k[1] in versions}
        self.local = {k: v for k, v in self.local.items() if k[1] in versions}


def scan_terms(code: Code, memo: ScanMemo | None = None) -> TermScan:
    """Read every document in effect for uses of terms; report undefined and miscapitalised ones."""
    scan = TermScan()
    global_terms = section_a_terms(code)
    titles = {ix.title.casefold() for ix in code.docs.values() if ix.title}
    acronyms = {t.term for t in global_terms if t.term.isupper()}
    local = {slug: _local(slug, index, memo) for slug, index in code.docs.items()}
    skip = titles | acronyms
    context = _context(code, skip) if memo is not None else None
    base: Matcher | None = None
    for slug, index in code.docs.items():
        key = (slug, index.version_key, context) if context is not None and index.version_key else None
        part = memo.parts.get(key) if memo is not None and key is not None else None
        if part is None:
            base = base or _base_matcher(code, global_terms)
            part = TermScan()
            matcher = base.extended(local[slug])
            for unit in running(index):
                _scan_unit(code, part, slug, unit, matcher, skip)
            if memo is not None and key is not None:
                memo.parts[key] = part
        _merge(scan, part, code.release)
    scan.findings.extend(_unused(code, global_terms, scan))
    scan.findings.extend(_duplicates(code, global_terms, local))
    return scan


def _base_matcher(code: Code, global_terms: list[Term]) -> Matcher:
    """Section A's terms, the proper names and the allowed expressions."""
    base = Matcher()
    for t in global_terms:
        base.add(t)
    for phrase in (*NAMES, *code.config.allow):
        base.add(Term(phrase, "", "", "", True))  # covers its words without being a use of a term
    return base


def _local(slug: str, index: DocIndex, memo: ScanMemo | None) -> list[Term]:
    """``local_terms``, remembered by version in ``memo``."""
    if memo is None or not index.version_key:
        return local_terms(slug, index)
    key = (slug, index.version_key)
    if key not in memo.local:
        memo.local[key] = local_terms(slug, index)
    return memo.local[key]


def _context(code: Code, skip: set[str]) -> Hashable | None:
    """What a document's reading depends on besides the document: Section A's version, the
    titles and acronyms not taken for terms, and the configuration; None when Section A's
    version is not known."""
    index = code.docs.get("section-a")
    if index is not None and not index.version_key:
        return None
    config = code.config
    return (index.version_key if index is not None else None, frozenset(skip), config.allow, config.outside,
            tuple(sorted(config.severity.items())))


def _merge(scan: TermScan, part: TermScan, release: str) -> None:
    """Add one document's reading to the whole code's, its findings at ``release``."""
    for term, uses in part.uses.items():
        scan.uses[term].extend(uses)
    scan.findings.extend(f if f.release == release else replace(f, release=release) for f in part.findings)


def _scan_unit(code: Code, scan: TermScan, slug: str, unit: Unit, matcher: Matcher, skip: set[str]) -> None:
    """Record the uses of terms in one paragraph; report miscapitalised ones and undefined runs.

    ``skip``: document titles (casefolded) and defined acronyms, whose spelt-out forms are not terms."""
    text = unit.text
    uses = matcher.uses(text)
    own = unit.definition.casefold()
    for use in uses:
        if not use.term.document or (own and use.term.term.casefold() == own):
            continue  # an allowed name; a definition's own wording
        written = text[use.start: use.end]
        wrong = not use.exact and _miscapitalised(written, sentence_start(text, use.start))
        if use.exact or wrong:
            scan.uses[use.term].append((slug, unit.ref))
        if wrong:
            scan.findings.append(_finding(code, "term.case", slug, unit, written, use.start, use.end,
                                          f"defined as '{use.term.term}'"))
    covered = [(u.start, u.end) for u in uses] + [(c.start, c.end) for c in citations(text)]
    for start, end, run in capitalised_runs(text, covered):
        if run.casefold() in skip or "".join(w[0] for w in run.split()).upper() in skip or _YEAR.match(text[end:]):
            continue
        scan.findings.append(_finding(code, "term.undefined", slug, unit, run, start, end, "defined nowhere in scope"))


def _miscapitalised(written: str, at_start: bool) -> bool:
    """A use of a multi-word term with other capitals (see the module's docstring)."""
    words = written.split()
    if len(words) < 2:
        return False
    capitals = [w[:1].isupper() for w in words[1:] if at_start] or [w[:1].isupper() for w in words]
    return any(capitals) or len(words) >= 3


def _finding(code: Code, kind: str, slug: str, unit: Unit, subject: str, start: int, end: int, detail: str) -> Finding:
    return Finding(kind, code.config.severity_of(kind), slug, unit.ref, subject, sentence(unit.text, start, end),
                   code.release, detail)


def _unused(code: Code, terms: list[Term], scan: TermScan) -> Iterator[Finding]:
    used = {t.term.casefold() for t, uses in scan.uses.items() if uses}
    for t in terms:
        if t.term.casefold() not in used and t.term.casefold() not in code.config.allow:
            yield Finding("term.unused", code.config.severity_of("term.unused"), "section-a", t.ref, t.term,
                          f"{t.term} {t.meaning}"[:300], code.release, "used in no document in effect")


def _duplicates(code: Code, terms: list[Term], local: dict[str, list[Term]]) -> Iterator[Finding]:
    seen: dict[str, Term] = {}
    for t in terms:
        first = seen.setdefault(t.term.casefold(), t)
        if first is not t:
            yield Finding("term.duplicate", code.config.severity_of("term.duplicate"), "section-a", t.ref, t.term,
                          f"{t.term} {t.meaning}"[:300], code.release, f"also defined at {first.ref}")
    for slug, own in local.items():
        for t in own:
            other = seen.get(t.term.casefold())
            if other is not None and _different(t, other):
                yield Finding("term.duplicate", code.config.severity_of("term.duplicate"), slug, t.ref, t.term,
                              f"{t.term} {t.meaning}".strip()[:300], code.release,
                              f"also defined in Section A: {other.meaning[:120]}")


def _different(local: Term, general: Term) -> bool:
    """A document's own definition and Section A's say different things (neither points at the other)."""
    if not local.meaning or local.meaning.startswith("has the meaning"):
        return False  # a bracketed name or a pointer
    if general.meaning.startswith("has the meaning"):
        return False
    return " ".join(local.meaning.split()).rstrip(";.,") != " ".join(general.meaning.split()).rstrip(";.,")
