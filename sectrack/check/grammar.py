"""The grammar of SEC cross-references, in pyparsing, and the citations it finds in a text.

Recognised forms (each possibly followed by a bracketed title, and in the plural with a list or a
range joined by ``,``, ``and``, ``or``, ``to``):

- ``Section L``, ``Section L14``, ``Section L14.8``, ``Section L4.6(b)``, ``Sections L4.6 to L4.9``;
- ``Appendix AM``, ``Appendices AM and AT``;
- ``clause 3.4``, ``clauses 2.6 and 2.8``, with an optional ``of this Appendix``, ``of Appendix AM``,
  ``of Section L`` or ``of the <document title>``;
- ``paragraph (b)``, ``paragraphs (a) to (g)``, with an optional ``of clause 2.4``, ``of this clause``
  or ``of the definition of <term>``;
- ``Part 4``, ``Part 7 of this Appendix``.

The grammar is tried only where one of its keywords stands (a regular expression finds those), so a
long document is not scanned character by character.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyparsing as pp

SUB = r"\((?:[a-z]{1,4}|[A-Z])\)"
NUMBER = rf"\d+(?:\.\d+)*(?:{SUB})*"
_END = r"(?![\w(]|\.\d)"  # a number ends before a full stop that ends the sentence
_ANCHOR = re.compile(r"\b(?:Sections?|Appendix|Appendices|[Cc]lauses?|[Pp]aragraphs?|Parts?)\b")
_WINDOW = 400  # characters after a keyword that one reference may span


@dataclass(frozen=True)
class Target:
    """One clause or document a citation names, ``letter`` and ``number`` as written."""

    letter: str  # "L", "AM"; "" when the citation leaves the document implicit
    number: str  # "14.8", "4.6(b)", "(b)" for a paragraph, "" for a whole document


@dataclass(frozen=True)
class Citation:
    """A cross-reference found in a text."""

    form: str  # "section", "appendix", "clause", "paragraph", "part"
    targets: tuple[Target, ...]
    ranges: tuple[bool, ...]  # ranges[i]: targets[i] and targets[i + 1] are the two ends of a range
    title: str  # the bracketed title, "" when none
    of: str  # "", "this", "section:L", "appendix:AM", "title:<name>", "clause:<ref>", "definition:<term>"
    start: int
    end: int
    text: str  # the citation as written


class _Title(str):
    """A bracketed title among the parsed tokens."""


class _Of(str):
    """An ``of ...`` phrase among the parsed tokens, already normalised."""


class _Sep(str):
    """A separator between two targets."""


def _regex(pattern: str, action: Callable[..., Any]) -> pp.ParserElement:
    return pp.Regex(pattern).set_parse_action(action)


def _sep() -> pp.ParserElement:
    return _regex(r",\s*(?:and|or)\b|,|\band\b|\bor\b|\bto\b", lambda t: _Sep(t[0].strip(", ") or ","))


def _title() -> pp.ParserElement:
    return _regex(r"\((?P<title>[A-Z0-9][^()]{0,150}?)\)", lambda t: _Title(t["title"]))


def _of_document() -> pp.ParserElement:
    return (
        _regex(r"of\s+this\s+(?:Appendix|Policy|Section|Code|Schedule|Document)\b", lambda: _Of("this"))
        | _regex(r"of\s+Section\s+(?P<l>[A-Z])(?![\w])", lambda t: _Of(f"section:{t['l']}"))
        | _regex(r"of\s+Appendix\s+(?P<l>[A-Z]{1,2})(?![\w])", lambda t: _Of(f"appendix:{t['l']}"))
        | _regex(r"of\s+the\s+(?P<n>[A-Z0-9][\w\-]*(?:\s+(?:[A-Z0-9][\w\-]*|and|of|for))*)",
                 lambda t: _Of(f"title:{t['n']}"))
    )


def _listed(item: pp.ParserElement) -> pp.ParserElement:
    return item + pp.ZeroOrMore(_sep() + item)


def _section() -> pp.ParserElement:
    item = _regex(rf"(?P<l>[A-Z])?(?P<n>{NUMBER}){_END}|(?P<l2>[A-Z])(?![\w(])",
                  lambda t: Target(t.get("l") or t.get("l2") or "", t.get("n") or ""))
    return pp.Regex(r"Sections?\b") + _listed(item) + pp.Opt(_title())


def _appendix() -> pp.ParserElement:
    item = _regex(r"(?P<l>[A-Z]{1,2})(?![\w(])", lambda t: Target(t["l"], ""))
    return pp.Regex(r"Appendix\b|Appendices\b") + _listed(item) + pp.Opt(_title())


def _clause() -> pp.ParserElement:
    item = _regex(rf"(?P<l>[A-Z]{{1,2}})?(?P<n>{NUMBER}){_END}", lambda t: Target(t.get("l") or "", t["n"]))
    return pp.Regex(r"[Cc]lauses?\b") + _listed(item) + pp.Opt(_title()) + pp.Opt(_of_document())


def _paragraph() -> pp.ParserElement:
    item = _regex(rf"(?P<n>(?:{SUB})+)(?![\w])", lambda t: Target("", t["n"]))
    of = (
        _regex(rf"of\s+(?:clause|Section)\s+(?P<c>[A-Z]{{0,2}}{NUMBER}){_END}", lambda t: _Of(f"clause:{t['c']}"))
        | _regex(r"of\s+the\s+definition\s+of\s+(?P<d>[A-Z][\w\-]*(?:\s+[A-Z0-9][\w\-]*)*)",
                 lambda t: _Of(f"definition:{t['d']}"))
        | _regex(r"of\s+this\s+(?:clause|paragraph|definition)\b", lambda: _Of(""))
        | _of_document()
    )
    return pp.Regex(r"[Pp]aragraphs?\b") + _listed(item) + pp.Opt(of)


def _part() -> pp.ParserElement:
    item = _regex(rf"(?P<n>\d+){_END}", lambda t: Target("", t["n"]))
    return pp.Regex(r"Parts?\b") + _listed(item) + pp.Opt(_title()) + pp.Opt(_of_document())


@lru_cache(maxsize=1)
def grammar() -> pp.ParserElement:
    """The whole grammar: one reference starting at the current position."""
    return pp.Located(_section() | _appendix() | _clause() | _paragraph() | _part())


def _form(keyword: str) -> str:
    k = keyword.lower()
    if k.startswith("append"):
        return "appendix"
    return k[:-1] if k.endswith("s") else k


def _citation(start: int, tokens: pp.ParseResults, end: int, text: str) -> Citation:
    form = _form(str(tokens[0]))
    targets: list[Target] = []
    ranges: list[bool] = []
    title = of = ""
    for tok in tokens[1:]:
        if isinstance(tok, Target):
            if form == "section" and not tok.letter and targets:
                tok = Target(targets[-1].letter, tok.number)
            targets.append(tok)
        elif isinstance(tok, _Sep):
            ranges.append(tok == "to")
        elif isinstance(tok, _Title):
            title = str(tok)
        elif isinstance(tok, _Of):
            of = str(tok)
    return Citation(form, tuple(targets), tuple(ranges), title, of, start, end, text[start:end])


@lru_cache(maxsize=1 << 19)
def citations(text: str) -> tuple[Citation, ...]:
    """Every cross-reference in ``text``, in order (remembered: a text is read by several checks,
    and most texts stay the same from one release to the next)."""
    return tuple(_scan(text)) if _may_cite(text) and _ANCHOR.search(text) else ()


def _may_cite(text: str) -> bool:
    """False when ``text`` holds none of the keywords' common parts, which rules out a citation
    faster than ``_ANCHOR`` can (most paragraphs cite nothing)."""
    return "Section" in text or "Appendi" in text or "lause" in text or "aragraph" in text or "Part" in text


def _scan(text: str) -> Iterator[Citation]:
    expr = grammar()
    pos = 0
    for m in _ANCHOR.finditer(text):
        if m.start() < pos:
            continue
        try:
            located = expr.parse_string(text[m.start(): m.start() + _WINDOW], parse_all=False)
        except pp.ParseException:
            continue
        start, tokens = located[0] + m.start(), located[1]
        end = start + len(text[start: located[2] + m.start()].rstrip())
        pos = end
        yield _citation(start, tokens, end, text)
