"""Findings, the configuration that tunes them, and the texts of a document that the checks read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import msgspec
import yaml

from sectrack.check.view import CellView, DocumentView, ParagraphView, RowView, TableView
from sectrack.model import Cell, Document, Paragraph, Row, Table

ERROR = "error"
WARNING = "warning"
OFF = "off"
SEVERITIES = (ERROR, WARNING, OFF)

# Every code a check may report, with its default severity.
CODES = {
    "term.undefined": WARNING,
    "term.unused": WARNING,
    "term.duplicate": WARNING,
    "term.case": WARNING,
    "ref.missing-document": ERROR,
    "ref.missing-clause": ERROR,
    "ref.title-mismatch": WARNING,
    "ref.range": WARNING,
    "ref.renumbered": WARNING,
}
CONFIG_NAME = "sectrack-check.yaml"
_HEADING_STYLES = {"title", "subtitle"}
_PARAGRAPHS = (Paragraph, ParagraphView)  # a Document's, or a stored model's as the checks read it (view.py)
_TABLES = (Table, TableView)


class ConfigError(ValueError):
    """The configuration file cannot be used (the message names the problem)."""


@dataclass(frozen=True)
class Finding:
    """One problem found in the documents in effect at a release."""

    code: str  # "term.undefined", "ref.missing-clause", ...
    severity: str  # "error" or "warning"
    document: str  # slug of the document it sits in
    ref: str  # the clause it sits in, as cited ("L4.6(b)"; "A1.1 [Term]" for a definition)
    subject: str  # the term or the reference as written
    text: str  # the sentence around it
    release: str = ""  # the SEC version checked
    detail: str = ""  # what is wrong, in a few words ("Section L stops at L14.9")

    def to_dict(self) -> dict[str, str]:
        """The JSON form."""
        return {"code": self.code, "severity": self.severity, "document": self.document, "ref": self.ref,
                "subject": self.subject, "text": self.text, "release": self.release, "detail": self.detail}

    def key(self) -> tuple[str, str, str]:
        """What identifies the finding from one release to the next (its clause may be renumbered):
        the code, document and subject; for a missing document, the document missing, however and
        wherever it is cited (a release that cites it once more has not broken anything new)."""
        if self.code == "ref.missing-document":
            return (self.code, "", self.detail)
        return (self.code, self.document, self.subject)


@dataclass(frozen=True)
class Config:
    """How the checks are tuned: ``sectrack-check.yaml``."""

    allow: frozenset[str] = frozenset()  # expressions that are not defined terms (casefolded)
    outside: frozenset[str] = frozenset()  # slugs of documents kept outside the store: not checked
    severity: dict[str, str] = field(default_factory=dict)  # code -> error | warning | off

    def severity_of(self, code: str) -> str:
        """The severity a finding of ``code`` gets."""
        return self.severity.get(code, CODES.get(code, WARNING))


def load_config(path: str | Path | None) -> Config:
    """The configuration in ``path`` (YAML); an empty one when ``path`` is None."""
    if path is None:
        return Config()
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc.__class__.__name__}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"not valid YAML{where}") from None
    return config_from(data)


def config_from(data: Any) -> Config:
    """A Config from the parsed YAML mapping (``allow``, ``outside``, ``severity``)."""
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping with allow, outside and severity")
    unknown = set(data) - {"allow", "outside", "severity"}
    if unknown:
        raise ConfigError(f"unknown key {sorted(unknown)[0]!r} (expected allow, outside, severity)")
    allow = _strings(data, "allow")
    outside = [_slug(s) for s in _strings(data, "outside")]
    severity = data.get("severity") or {}
    if not isinstance(severity, dict):
        raise ConfigError("severity: expected a mapping of code to error, warning or off")
    severity = {code: OFF if level is False else level for code, level in severity.items()}  # YAML reads off as false
    for code, level in severity.items():
        if code not in CODES:
            raise ConfigError(f"severity: unknown code {code!r}")
        if level not in SEVERITIES:
            raise ConfigError(f"severity: {code}: expected error, warning or off, not {level!r}")
    return Config(frozenset(a.casefold() for a in allow), frozenset(outside), dict(severity))


def _strings(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key}: expected a list of strings")
    return value


def _slug(name: str) -> str:
    """``section-g``, ``Section G`` or ``Appendix AG`` as a slug."""
    m = re.fullmatch(r"\s*(section|appendix)[\s-]+([a-z]{1,2})\s*", name, re.IGNORECASE)
    if not m:
        raise ConfigError(f"outside: {name!r} is not a document (expected e.g. section-g or Appendix AG)")
    return f"{m.group(1).lower()}-{m.group(2).lower()}"


class Unit(msgspec.Struct, frozen=True, array_like=True):
    """A paragraph of a document as the checks read it (in JSON, the list of its fields)."""

    text: str
    ref: str  # where it sits, as cited
    heading: bool  # a title, subtitle or heading: no terms are looked for in it
    labels: tuple[str, ...] = ()  # in a table cell: the labels of the cell's list items
    definition: str = ""  # in Section A's definitions table: the term of the row
    term_cell: bool = False  # the left-hand cell of a definitions row (the term itself)


def units(doc: Document | DocumentView) -> list[Unit]:
    """The document's paragraphs in body order, table cells included, with the clause each sits in
    (the reader's reference, which is how the SEC cites it: ``L4.6(b)`` in a Section, ``2.5`` in an
    Appendix)."""
    out: list[Unit] = []
    for block in doc.blocks:
        if isinstance(block, _PARAGRAPHS):
            if block.text.strip():
                out.append(Unit(block.text, block.ref, _is_heading(block)))
        else:
            out.extend(_table_units(block))
    return out


def _table_units(table: Table | TableView) -> Iterator[Unit]:
    ref = table.ref
    rows: tuple[Row | RowView, ...] = table.rows
    for ri, row in enumerate(rows):
        term = row.cells[0].text.strip() if table.definitions and ri >= table.header_rows and row.cells else ""
        cells: tuple[Cell | CellView, ...] = row.cells
        for ci, cell in enumerate(cells):
            paragraphs = [b for b in cell.blocks if isinstance(b, _PARAGRAPHS)]
            labels = tuple(p.label for p in paragraphs if p.label)
            where = f"{ref} [{term}]" if term else ref
            header = ri < table.header_rows or (ri == 0 and _looks_like_header(row))
            for p in paragraphs:
                if p.text.strip():
                    yield Unit(p.text, where, header, labels, term, bool(term) and ci == 0)
            for inner in cell.blocks:
                if isinstance(inner, _TABLES):
                    yield from _table_units(inner)


def _looks_like_header(row: Row | RowView) -> bool:
    """A first row of short labels with no sentence in them ("Cohort | Key rotation behaviour")."""
    cells: tuple[Cell | CellView, ...] = row.cells
    paragraphs = [c.blocks[0] for c in cells if len(c.blocks) == 1 and isinstance(c.blocks[0], _PARAGRAPHS)]
    if len(cells) < 2 or len(paragraphs) != len(cells):
        return False
    texts = [p.text.strip() for p in paragraphs]
    return all(len(t) <= 50 and not t.endswith((".", ";")) for t in texts)


def _is_heading(p: Paragraph | ParagraphView) -> bool:
    name = (p.style_name or p.style).casefold()
    return p.heading_level is not None or name in _HEADING_STYLES or "heading" in name


_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(“\"'])")


def sentence(text: str, start: int, end: int, limit: int = 300) -> str:
    """The sentence of ``text`` around ``text[start:end]``, shortened to about ``limit`` characters."""
    begin = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        begin = m.end()
    after = _SENTENCE_END.search(text, end)
    stop = after.start() if after else len(text)
    out = text[begin:stop].strip()
    if len(out) <= limit:
        return out
    left = max(start - begin - limit // 2, 0)
    piece = out[left: left + limit]
    return ("…" if left else "") + piece + ("…" if left + limit < len(out) else "")


def with_severity(findings: list[Finding], config: Config) -> list[Finding]:
    """The findings with the configured severities; those set to ``off`` are dropped."""
    out = []
    for f in findings:
        level = config.severity_of(f.code)
        if level != OFF:
            out.append(f if f.severity == level else replace(f, severity=level))
    return out
