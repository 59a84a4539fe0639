"""Defined-term checks: undefined, unused, duplicated and miscapitalised terms.

Terms in scope in a document are Section A's definitions plus the terms the document defines for
itself: a paragraph that opens "Key Inventory means …" or "… has the meaning given …", and a
bracketed definition in the text, "(the SMKI Services)", "(each an Authorised Subscriber)",
"(or SMKI PMA)". A term's plural (inflect) and possessive forms are uses of it.

How ``term.undefined`` keeps false positives low: defined terms are matched first (longest first)
and what they cover is set aside; then only runs of two or more capitalised words remain
candidates, and not in titles, subtitles or headings, not in cross-references or their bracketed
titles, not the word that opens a sentence, not a document title of the code, not an instrument
cited with its year ("Electricity Act 1989"), and not an expression of the allow-list
(``allow`` in ``sectrack-check.yaml``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

import inflect

from sectrack.check.findings import Finding, Unit, sentence
from sectrack.check.grammar import citations
from sectrack.check.refs import Code, DocIndex, texts

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-‑][A-Za-z0-9]+)*(?:['’]s\b|(?<=s)['’](?!\w))?")
_POSSESSIVE = re.compile(r"['’]s?$")
_MEANS = re.compile(
    r"^[“\"]?(?P<t>[A-Z0-9][\w\-]*(?:\s+(?:[A-Z0-9][\w\-]*|of|and|for|to|in|on|the))*?)[”\"]?\s+"
    r"(?P<m>means\b|has the meaning\b)")
_BRACKETED = re.compile(
    r"\((?:the|each\s+an?|or|an?|together,?\s+the)\s+[“\"]?(?P<t>[A-Z][\w\-]*(?:\s+(?:[A-Z0-9][\w\-]*|of|and|for))*)[”\"]?\)")
_SENTENCE_BEFORE = re.compile(r"(?:^|[.:;!?])[\s“\"'(]*$")
_YEAR = re.compile(r"^\s+(?:1[89]|20)\d\d\b")
_LIMIT_ACCEPTED = 8  # words in the longest term matched
# Proper names the SEC uses that are not defined terms; sectrack-check.yaml's ``allow`` adds more.
NAMES = ("Smart Energy Code", "Gas and Electricity Markets Authority", "Secretary of State", "Great Britain",
         "United Kingdom", "Christmas Day", "Good Friday", "Easter Monday", "Boxing Day", "New Year's Day",
         "Greenwich Mean Time", "British Summer Time")


@lru_cache(maxsize=1)
def _engine() -> inflect.engine:
    return inflect.engine()


@cache
def forms(term: str) -> tuple[str, ...]:
    """The forms of a term that count as uses of it: itself and its plural, or its singular when the
    term is itself plural. inflect keeps capitalised words as proper nouns ("Partys"), so the term
    is inflected in lower case and its capitals put back."""
    p = _engine()
    words = term.split()
    if not words:
        return (term,)
    last = words[-1]
    if last.isupper() or not last[-1:].isalpha():
        return (term, term + "s") if last.isupper() and last.isalpha() else (term,)  # "SMKI PMAs"
    singular = p.singular_noun(term.lower())
    plural = singular is False or singular == term.lower()  # inflect returns compounds unchanged
    other = p.plural_noun(term.lower()) if plural else singular
    if not isinstance(other, str) or not other or other.lower() == term.lower():
        return (term,)
    return (term, _recase(other, words))


def _recase(inflected: str, words: list[str]) -> str:
    """``inflected`` (lower case) with the capitals of the term's own ``words``, word by word."""
    out = inflected.split()
    if len(out) != len(words):
        return inflected
    return " ".join(_recase_word(o, w) for o, w in zip(out, words))


def _recase_word(inflected: str, word: str) -> str:
    parts, models = inflected.split("-"), word.split("-")
    if len(parts) != len(models):
        parts, models = [inflected], [word]
    return "-".join(o.upper() if w.isupper() else o[:1].upper() + o[1:] if w[:1].isupper() else o
                    for o, w in zip(parts, models))


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """Words of ``text`` with their offsets; a possessive ending is left out of the word."""
    out = []
    for m in _TOKEN.finditer(text):
        word = _POSSESSIVE.sub("", m.group()) if m.group()[-1] in "'’" or m.group()[-2:-1] in "'’" else m.group()
        out.append((m.start(), m.start() + len(word), word))
    return out


@dataclass(frozen=True)
class Term:
    """A defined term, where it is defined and what it means."""

    term: str
    document: str  # slug of the defining document
    ref: str
    meaning: str  # "" for a bracketed definition in the text
    local: bool  # defined by a document for itself (scoped to it)


@dataclass
class Matcher:
    """Finds the uses of a set of terms in texts, longest first, case-insensitively."""

    entries: dict[str, list[tuple[tuple[str, ...], Term, frozenset[tuple[str, ...]]]]] = field(default_factory=dict)

    def add(self, term: Term) -> None:
        """Make ``term`` (and its forms) findable."""
        variants: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
        for form in forms(term.term):
            words = tuple(w for _, _, w in _tokens(form))
            if words:
                variants[tuple(w.casefold() for w in words)].add(words)
        for key, exact in variants.items():
            bucket = self.entries.setdefault(key[0], [])
            bucket.append((key, term, frozenset(exact)))
            bucket.sort(key=lambda e: -len(e[0]))

    def extended(self, terms: list[Term]) -> Matcher:
        """A copy that also finds ``terms``."""
        m = Matcher({k: list(v) for k, v in self.entries.items()})
        for t in terms:
            m.add(t)
        return m


@dataclass(frozen=True)
class Use:
    """One occurrence of a term in a text."""

    term: Term
    start: int
    end: int
    exact: bool  # written as defined (or in capitals throughout)


def find_uses(matcher: Matcher, text: str, words: list[tuple[int, int, str]]) -> tuple[list[Use], set[int]]:
    """The uses of terms in ``text`` and the indexes of the words they cover."""
    uses: list[Use] = []
    covered: set[int] = set()
    i, n = 0, len(words)
    while i < n:
        bucket = matcher.entries.get(words[i][2].casefold())
        step = 1
        for key, term, exact in bucket or ():
            k = len(key)
            if i + k > n or not _joined(text, words, i, k):
                continue
            found = tuple(w[2] for w in words[i: i + k])
            if tuple(w.casefold() for w in found) != key:
                continue
            ok = found in exact or (all(w.isupper() for w in found if w.isalpha()) and len(found) > 1)
            if not ok and _sentence_start(text, words[i][0]):
                ok = any(found[1:] == e[1:] and found[0].casefold() == e[0].casefold() for e in exact)
            uses.append(Use(term, words[i][0], words[i + k - 1][1], ok))
            covered.update(range(i, i + k))
            step = k
            break
        i += step
    return uses, covered


def _joined(text: str, words: list[tuple[int, int, str]], i: int, k: int) -> bool:
    """The ``k`` words from ``i`` stand next to each other, spaces only between them."""
    return all(text[words[j][1]: words[j + 1][0]] == " " for j in range(i, i + k - 1))


def _sentence_start(text: str, pos: int) -> bool:
    return bool(_SENTENCE_BEFORE.search(text[:pos][-4:] if pos > 4 else text[:pos]))


def local_terms(slug: str, index: DocIndex) -> list[Term]:
    """The terms a document (not Section A's table) defines for itself."""
    out: list[Term] = []
    for u in index.units:
        if u.heading or u.definition:
            continue
        m = _MEANS.match(u.text)
        if m and len(m.group("t").split()) <= _LIMIT_ACCEPTED:
            out.append(Term(m.group("t"), slug, u.ref, u.text[m.start("m"):], True))
        for b in _BRACKETED.finditer(u.text):
            out.append(Term(b.group("t"), slug, u.ref, "", True))
    return out


def section_a_terms(code: Code) -> list[Term]:
    """Section A's definitions, in table order."""
    index = code.docs.get("section-a")
    if index is None:
        return []
    return [Term(d.term, "section-a", f"{_table_ref(index, d.table)} [{d.term}]", d.meaning, False)
            for d in index.doc.definitions]


def _table_ref(index: DocIndex, table: int) -> str:
    return getattr(index.doc.blocks[table], "ref", "")


@dataclass
class TermScan:
    """The result of reading every document for terms: uses by term, and findings."""

    uses: dict[Term, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    findings: list[Finding] = field(default_factory=list)


def scan_terms(code: Code) -> TermScan:
    """Read every document in effect for uses of terms; report undefined and miscapitalised ones."""
    scan = TermScan()
    global_terms = section_a_terms(code)
    base = Matcher()
    for t in global_terms:
        base.add(t)
    for phrase in (*NAMES, *code.config.allow):
        base.add(Term(phrase, "", "", "", True))  # covers its words without being a use of a term
    titles = {ix.doc.title.casefold() for ix in code.docs.values() if ix.doc.title}
    acronyms = {t.term for t in global_terms if t.term.isupper()}
    matchers = {slug: base.extended(local_terms(slug, index)) for slug, index in code.docs.items()}
    skip = titles | acronyms
    for slug, unit in texts(code):
        _scan_unit(code, scan, slug, unit, matchers[slug], skip)
    scan.findings.extend(_unused(code, global_terms, scan))
    scan.findings.extend(_duplicates(code, global_terms))
    return scan


def _scan_unit(code: Code, scan: TermScan, slug: str, unit: Unit, matcher: Matcher, skip: set[str]) -> None:
    """Record the uses of terms in one paragraph; report miscapitalised ones and undefined runs.

    ``skip``: document titles (casefolded) and defined acronyms, whose spelt-out forms are not terms."""
    text = unit.text
    words = _tokens(text)
    uses, covered = find_uses(matcher, text, words)
    own = unit.definition.casefold()
    for use in uses:
        if not use.term.document or use.term.term.casefold() == own:
            continue  # an allowed name; a definition's own wording
        wrong = not use.exact and _miscapitalised(text[use.start: use.end], _sentence_start(text, use.start))
        if use.exact or wrong:
            scan.uses[use.term].append((slug, unit.ref))
        if wrong:
            scan.findings.append(_finding(code, "term.case", slug, unit, text[use.start: use.end], use.start,
                                          use.end, f"defined as '{use.term.term}'"))
    spans = [(c.start, c.end) for c in citations(text)] if any(k in text for k in _CITATION_WORDS) else []
    for start, end, run in _runs(text, words, covered, spans):
        initials = "".join(w[0] for w in run.split()).upper()
        if run.casefold() in skip or initials in skip or _YEAR.match(text[end:]):
            continue
        scan.findings.append(_finding(code, "term.undefined", slug, unit, run, start, end, "defined nowhere in scope"))


def _miscapitalised(written: str, at_start: bool) -> bool:
    """A use of a multi-word term with other capitals: mixed ("Key rotation"), or all in lower case
    when the term has three words or more ("smart metering equipment"); two lower-case words such
    as "public key" are too often plain English to report."""
    words = written.split()
    if len(words) < 2:
        return False
    capitals = [w[:1].isupper() for w in words[1:] if at_start] or [w[:1].isupper() for w in words]
    return any(capitals) or len(words) >= 3


_CITATION_WORDS = ("Section", "Appendix", "Appendices", "lause", "aragraph", "Part")


def _runs(text: str, words: list[tuple[int, int, str]], covered: set[int],
          spans: list[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    """Runs of two or more capitalised words that no term or citation covers."""
    run: list[int] = []
    for i, (start, _end, word) in enumerate(words + [(len(text) + 1, len(text) + 1, "")]):
        capital = bool(word) and word[0].isupper() and i not in covered and not _inside(start, spans)
        if capital and run and text[words[run[-1]][1]: start] != " ":
            yield from _emit(text, words, run)
            run = []
        if capital:
            run.append(i)
        else:
            yield from _emit(text, words, run)
            run = []


def _emit(text: str, words: list[tuple[int, int, str]], run: list[int]) -> Iterator[tuple[int, int, str]]:
    if run and _sentence_start(text, words[run[0]][0]):
        run = run[1:]
    if len(run) >= 2:
        start, end = words[run[0]][0], words[run[-1]][1]
        yield start, end, text[start:end]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _finding(code: Code, kind: str, slug: str, unit: Unit, subject: str, start: int, end: int, detail: str) -> Finding:
    return Finding(kind, code.config.severity_of(kind), slug, unit.ref, subject, sentence(unit.text, start, end),
                   code.release, detail)


def _unused(code: Code, terms: list[Term], scan: TermScan) -> Iterator[Finding]:
    used = {t.term.casefold() for t, uses in scan.uses.items() if uses}
    for t in terms:
        if t.term.casefold() not in used and t.term.casefold() not in code.config.allow:
            yield Finding("term.unused", code.config.severity_of("term.unused"), "section-a", t.ref, t.term,
                          f"{t.term} {t.meaning}"[:300], code.release, "used in no document in effect")


def _duplicates(code: Code, terms: list[Term]) -> Iterator[Finding]:
    seen: dict[str, Term] = {}
    for t in terms:
        first = seen.setdefault(t.term.casefold(), t)
        if first is not t:
            yield Finding("term.duplicate", code.config.severity_of("term.duplicate"), "section-a", t.ref, t.term,
                          f"{t.term} {t.meaning}"[:300], code.release, f"also defined at {first.ref}")
    for slug, index in code.docs.items():
        if slug == "section-a":
            continue
        for t in local_terms(slug, index):
            other = seen.get(t.term.casefold())
            if other is not None and _different(t, other, index):
                yield Finding("term.duplicate", code.config.severity_of("term.duplicate"), slug, t.ref, t.term,
                              f"{t.term} {t.meaning}".strip()[:300], code.release,
                              f"also defined in Section A: {other.meaning[:120]}")


def _different(local: Term, general: Term, index: DocIndex) -> bool:
    """A document's own definition and Section A's say different things (neither points at the other)."""
    if not local.meaning or local.meaning.startswith("has the meaning"):
        return False  # a bracketed name or a pointer
    if general.meaning.startswith("has the meaning"):
        return False
    return " ".join(local.meaning.split()).rstrip(";.,") != " ".join(general.meaning.split()).rstrip(";.,")
