"""Finding defined terms in text: every form of every term at once (Aho-Corasick, pyahocorasick),
and the runs of capitalised words that no term covers.

A term's forms are itself and its plural, or its singular when the term is plural (inflection; not
inflect, whose import alone takes seconds as typeguard recompiles its methods); a possessive
("Party's", "Parties'") is a use of the word it ends. Matching is case-insensitive and
leftmost-longest on whole words; whether a use is written as defined is judged afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

import ahocorasick  # type: ignore[import-not-found]  # no type information published
import inflection

_SENTENCE_BEFORE = re.compile(r"(?:^|[.:;!?])[\s“\"'(]*$")
# A capital not preceded by a word character, then more capitalised words. The capital comes first
# and the look-behind after it (over it and the character before) so that the regular expression
# engine skips ahead to each capital instead of trying the look-behind at every position.
CAPITALISED_RUN = re.compile(r"[A-Z](?<![\w'’‑-][A-Z])[\w'’‑-]*(?: [A-Z][\w'’‑-]*)+")
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(frozen=True)
class Term:
    """A defined term, where it is defined and what it means."""

    term: str
    document: str  # slug of the defining document ("" for an allowed name, which is no term)
    ref: str
    meaning: str  # "" for a bracketed definition in the text
    local: bool  # defined by a document for itself (scoped to it)


class Use(NamedTuple):
    """One occurrence of a term in a text (a named tuple: a text holds many, made in a hot loop)."""

    term: Term
    start: int
    end: int
    exact: bool  # written as defined (or in capitals throughout)


@cache
def forms(term: str) -> tuple[str, ...]:
    """The forms of a term that count as uses of it: itself and its plural, or its singular when the
    term is itself plural (inflection's English rules, which keep the term's capitals)."""
    singular = inflection.singularize(term)
    other = singular if singular != term else inflection.pluralize(term)
    return (term, other) if other != term else (term,)


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
        """The automaton of every form, built on first use; a form's value: its length, itself, the
        term, the term's spellings of it, and whether it is plain English in lower case."""
        if self._automaton is None:
            a = ahocorasick.Automaton()
            for key, (term, exact) in self.entries.items():
                a.add_word(key, (len(key), key, term, exact, key.count(" ") < 2))
            if self.entries:
                a.make_automaton()
            self._automaton = a
        return self._automaton

    def uses(self, text: str) -> list[Use]:
        """The uses of terms in ``text``, leftmost-longest, on whole words; a form written all in
        lower case is left out when it has fewer than three words (plain English, see terms.py)."""
        if not self.entries:
            return []
        low = text.lower()
        if len(low) != len(text):
            low = text  # a character whose lower case is longer: match as written
        out = []
        n = len(low)
        for last, (size, key, term, exact, short) in self.automaton.iter_long(low):
            start, end = last - size + 1, last + 1
            if (start and (low[start - 1].isalnum() or low[start - 1] in "-‑")) or (
                    end < n and (low[end].isalnum() or low[end] in "-‑")):
                continue
            written = text[start:end]
            if short and written == key:
                continue
            ok = not term.document or written in exact or (" " in written and written.isupper()) or (
                sentence_start(text, start) and any(written[1:] == e[1:] for e in exact))
            out.append(Use(term, start, end, ok))
        return out


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
    for m in CAPITALISED_RUN.finditer(rest):
        start, end = m.span()
        if sentence_start(text, start):
            space = rest.find(" ", start, end)
            start = space + 1
            if rest.find(" ", start, end) < 0:
                continue  # one word left
        phrase = _POSSESSIVE.sub("", text[start:end])
        yield start, start + len(phrase), phrase
