"""Finding defined terms in text: every form of every term at once (Aho-Corasick, pyahocorasick),
and the runs of capitalised words that no term covers.

A term's forms are itself and its plural, or its singular when the term is plural (inflect); a
possessive ("Party's", "Parties'") is a use of the word it ends. Matching is case-insensitive and
leftmost-longest on whole words; whether a use is written as defined is judged afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

import ahocorasick  # type: ignore[import-not-found]  # no type information published
import inflect

_SENTENCE_BEFORE = re.compile(r"(?:^|[.:;!?])[\s“\"'(]*$")
_RUN = re.compile(r"(?<![\w'’‑-])[A-Z][\w'’‑-]*(?: [A-Z][\w'’‑-]*)+")
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(frozen=True)
class Term:
    """A defined term, where it is defined and what it means."""

    term: str
    document: str  # slug of the defining document ("" for an allowed name, which is no term)
    ref: str
    meaning: str  # "" for a bracketed definition in the text
    local: bool  # defined by a document for itself (scoped to it)


@dataclass(frozen=True)
class Use:
    """One occurrence of a term in a text."""

    term: Term
    start: int
    end: int
    exact: bool  # written as defined (or in capitals throughout)


@cache
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


@dataclass
class Matcher:
    """Finds the uses of a set of terms in texts."""

    entries: dict[str, tuple[Term, frozenset[str]]] = field(default_factory=dict)  # lower-case form -> term, forms
    _automaton: ahocorasick.Automaton | None = field(default=None, repr=False)

    def add(self, term: Term) -> None:
        """Make ``term`` (and its forms) findable; a form already taken keeps its first term."""
        spelt = [" ".join(f.split()) for f in forms(term.term)]
        for form in spelt:
            key = form.lower()
            if key and key not in self.entries:
                self.entries[key] = (term, frozenset(f for f in spelt if f.lower() == key))
        self._automaton = None

    def extended(self, terms: Iterable[Term]) -> Matcher:
        """A copy that also finds ``terms``."""
        m = Matcher(dict(self.entries))
        for t in terms:
            m.add(t)
        return m

    @property
    def automaton(self) -> ahocorasick.Automaton:
        """The automaton of every form, built on first use."""
        if self._automaton is None:
            a = ahocorasick.Automaton()
            for key in self.entries:
                a.add_word(key, key)
            if self.entries:
                a.make_automaton()
            self._automaton = a
        return self._automaton

    def uses(self, text: str) -> list[Use]:
        """The uses of terms in ``text``, leftmost-longest, on whole words."""
        if not self.entries:
            return []
        low = text.lower()
        if len(low) != len(text):
            low = text  # a character whose lower case is longer: match as written
        out = []
        for last, key in self.automaton.iter_long(low):
            start, end = last - len(key) + 1, last + 1
            if (start and _inword(low[start - 1])) or (end < len(low) and _inword(low[end])):
                continue
            term, exact = self.entries[key]
            out.append(Use(term, start, end, _exact(text, start, text[start:end], exact)))
        return out


def _inword(ch: str) -> bool:
    return ch.isalnum() or ch in "-‑"


def _exact(text: str, start: int, written: str, exact: frozenset[str]) -> bool:
    """Written as defined, in capitals throughout, or capitalised only because a sentence starts."""
    if written in exact or (" " in written and written.isupper()):
        return True
    return sentence_start(text, start) and any(written[1:] == e[1:] for e in exact)


def sentence_start(text: str, pos: int) -> bool:
    """True when ``text[pos]`` opens a sentence (or the paragraph)."""
    return bool(_SENTENCE_BEFORE.search(text[max(pos - 4, 0): pos]))


def capitalised_runs(text: str, covered: list[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    """Runs of two or more capitalised words outside the ``covered`` spans (terms, citations),
    the word that opens a sentence left out; a possessive ending is not part of the run."""
    rest = text
    if covered:  # blank out what is covered, so that the runs are found in one pass
        pieces, at = [], 0
        for s, e in sorted(covered):
            if s >= at:
                pieces += [text[at:s], "|" * (e - s)]
                at = e
        rest = "".join([*pieces, text[at:]])
    for m in _RUN.finditer(rest):
        start, end = m.span()
        if sentence_start(text, start):
            space = rest.find(" ", start, end)
            start = space + 1
            if rest.find(" ", start, end) < 0:
                continue  # one word left
        phrase = _POSSESSIVE.sub("", text[start:end])
        yield start, start + len(phrase), phrase
