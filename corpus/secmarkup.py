"""The source side of the corpus: the light markup of corpus/src, document metadata, release dates.

No python-docx here, so tests can import it on its own. corpus/build.py writes the .docx files.
The markup is described in corpus/README.md.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parent
SRC = CORPUS / "src"
RELEASES = CORPUS / "releases"
DOCUMENTS = CORPUS / "documents"

# --------------------------------------------------------------------------------------------
# Source model and parser
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    """One paragraph of a source: heading (level 0), clause (1-4), subheading or body text."""

    kind: str  # "heading" | "clause" | "subheading" | "body"
    level: int  # numbering level for headings/clauses; alignment level for body text
    text: str
    line: int


@dataclass
class Table:
    """A table: rows of cells; each cell is a list of cell paragraphs (text, list level or None)."""

    rows: list[list[list[tuple[str, int | None]]]] = field(default_factory=list)
    header: bool = False
    widths: list[int] | None = None  # percentages
    line: int = 0


@dataclass(frozen=True)
class Meta:
    """What src/<slug>/document.yaml says about a document."""

    slug: str
    kind: str  # "section" | "appendix"
    letter: str
    name: str

    @property
    def display(self) -> str:
        return f"SEC {self.kind.capitalize()} {self.letter} '{self.name}'"

    @property
    def title(self) -> str:
        return f"{self.kind.upper()} {self.letter} – {self.name.upper()}"


class SourceError(Exception):
    """A problem in a source file, with its location."""


CLAUSE_RE = re.compile(r"^(\d+)\.\s+(.*)$")
SUB_RE = re.compile(r"^( *)\(([a-z]+|[A-Z]+)\)\s+(.*)$")
CELL_LIST_RE = re.compile(r"^( *)\(([a-z]+)\)\s+(.*)$")


def parse_source(text: str, origin: str = "<source>") -> list[Para | Table]:
    """Parse the light markup of a source file into paragraphs and tables."""
    blocks: list[Para | Table] = []
    table: Table | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        where = f"{origin}:{number}"
        if not line.strip() or line.startswith("%"):
            table = None if not line.strip() else table
            continue
        if line.startswith("|"):
            if table is None:
                table = Table(line=number)
                blocks.append(table)
            _table_line(table, line, where)
            continue
        table = None
        if "\t" in line:
            raise SourceError(f"{where}: tabs are not allowed; indent with spaces")
        if line.startswith("# "):
            blocks.append(Para("heading", 0, line[2:].strip(), number))
        elif line.startswith("## "):
            blocks.append(Para("subheading", 0, line[3:].strip(), number))
        elif m := CLAUSE_RE.match(line):
            blocks.append(Para("clause", 1, m.group(2).strip(), number))
        elif (m := SUB_RE.match(line)) and len(m.group(1)) in (2, 4, 6):
            blocks.append(Para("clause", 1 + len(m.group(1)) // 2, m.group(3).strip(), number))
        else:
            indent = len(line) - len(line.lstrip(" "))
            if indent % 2 or indent > 6:
                raise SourceError(f"{where}: body text must be indented by 0, 2, 4 or 6 spaces")
            body = line.strip()
            if body.startswith("\\"):
                body = body[1:]
            blocks.append(Para("body", 1 + indent // 2, body, number))
    _check_levels(blocks, origin)
    return blocks


def _table_line(table: Table, line: str, where: str) -> None:
    if not line.endswith("|") or len(line) < 3:
        raise SourceError(f"{where}: a table row starts and ends with '|'")
    if line.startswith("|%"):
        try:
            table.widths = [int(w) for w in _split_cells(line[2:-1])]
        except ValueError:
            raise SourceError(f"{where}: a widths row holds whole percentages, e.g. '|% 30 | 70 |'") from None
        return
    header = line.startswith("|!")
    if header:
        if table.rows:
            raise SourceError(f"{where}: the header row must come first")
        table.header = True
    cells = _split_cells(line[2 if header else 1 : -1])
    if table.rows and len(cells) != len(table.rows[0]):
        raise SourceError(f"{where}: {len(cells)} cells, expected {len(table.rows[0])}")
    table.rows.append([_cell_paragraphs(c, where) for c in cells])


def _split_cells(inner: str) -> list[str]:
    return [c.strip() for c in inner.split("|")]


def _cell_paragraphs(cell: str, where: str) -> list[tuple[str, int | None]]:
    paragraphs: list[tuple[str, int | None]] = []
    for part in cell.split("//"):
        part = part[1:] if part.startswith(" ") else part
        part = part.rstrip()
        m = CELL_LIST_RE.match(part)
        if m and len(m.group(1)) in (0, 2):
            paragraphs.append((m.group(3).strip(), len(m.group(1)) // 2))
        else:
            paragraphs.append((part.strip(), None))
    if any(not t for t, _ in paragraphs) and len(paragraphs) > 1:
        raise SourceError(f"{where}: empty paragraph in a cell")
    return paragraphs


def _check_levels(blocks: list[Para | Table], origin: str) -> None:
    level = -1
    for b in blocks:
        if isinstance(b, Para) and b.kind in ("heading", "clause"):
            if b.level > level + 1:
                raise SourceError(f"{origin}:{b.line}: level {b.level} follows level {level}")
            level = b.level


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letter(n: int) -> str:
    """Word's lowerLetter: a..z, then aa..zz."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def marker(level: int, n: int) -> str:
    """The marker Word shows for the n-th item of a level (without the document letter)."""
    return {1: f"{n}.", 2: f"({_letter(n)})", 3: f"({_roman(n)})", 4: f"({_letter(n).upper()})"}[level]


def renumber_source(text: str) -> str:
    """Rewrite the level markers of a source so they show the numbers Word will display."""
    counters = [0, 0, 0, 0, 0]
    out: list[str] = []
    for line in text.split("\n"):
        if line.startswith("# "):
            counters = [counters[0] + 1, 0, 0, 0, 0]
        elif m := CLAUSE_RE.match(line):
            counters[1:] = [counters[1] + 1, 0, 0, 0]
            line = f"{marker(1, counters[1])} {m.group(2)}"
        elif (m := SUB_RE.match(line)) and len(m.group(1)) in (2, 4, 6):
            level = 1 + len(m.group(1)) // 2
            counters[level] += 1
            counters[level + 1:] = [0] * (4 - level)
            line = f"{m.group(1)}{marker(level, counters[level])} {m.group(3)}"
        elif line.startswith("| "):
            line = "|".join(_renumber_cell(c) for c in line.split("|"))
        out.append(line)
    return "\n".join(out)


def _renumber_cell(cell: str) -> str:
    parts = cell.split("//")
    counters = [0, 0]
    for i, part in enumerate(parts):
        lead = " " if part.startswith(" ") else ""
        m = CELL_LIST_RE.match(part[len(lead):])
        if m and len(m.group(1)) in (0, 2):
            level = len(m.group(1)) // 2
            counters[level] += 1
            if level == 0:
                counters[1] = 0
            parts[i] = f"{lead}{m.group(1)}{marker(level + 2, counters[level])} {m.group(3)}"
    return "//".join(parts)


def load_meta(slug: str, src: Path = SRC) -> Meta:
    """Read src/<slug>/document.yaml."""
    data = yaml.safe_load((src / slug / "document.yaml").read_text(encoding="utf-8"))
    return Meta(slug=slug, kind=data["kind"], letter=str(data["letter"]), name=data["name"])


def version_key(version: str) -> tuple[int, ...]:
    """Sort key for "16.0", "1.1"."""
    return tuple(int(p) for p in version.split("."))


def source_versions(slug: str, src: Path = SRC) -> list[str]:
    """The versions of a document that have a source file, oldest first."""
    return sorted((p.stem for p in (src / slug).glob("*.txt")), key=version_key)


def effective_dates(releases: Path = RELEASES) -> dict[tuple[str, str], dt.date]:
    """(slug, version) -> effective date of the release that first brings that version in."""
    dates: dict[tuple[str, str], dt.date] = {}
    manifests = sorted(releases.glob("v*.yaml"), key=lambda p: version_key(p.stem[1:]))
    for path in manifests:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in data.get("documents", []):
            if entry.get("change") == "removed":
                continue
            dates.setdefault((entry["slug"], str(entry["version"])), data["effective"])
    return dates


def slugs(src: Path = SRC) -> list[str]:
    """Every document with a source folder."""
    return sorted(p.name for p in src.iterdir() if (p / "document.yaml").is_file())
