"""Redline quality on the generated pairs: words marked inserted/deleted versus the known minimum.

Two readers, one result shape (``Marks``):

- ``docx_marks(path)`` reads any redline .docx (sectrack's or a peer's): words inside ``w:ins`` are
  inserted, inside ``w:del`` deleted, inside ``w:moveTo``/``w:moveFrom`` moved; property revisions
  (``w:pPrChange``, ``w:rPrChange``, ``w:numberingChange``, table property changes) are counted as
  "other marks" (renumbering shown as a change lands there).
- ``changeset_marks(path)`` reads sectrack's ChangeSet JSON (``sectrack redline ... -o out.json``),
  whose schema is documented in docs/changeset-schema.md. It fails with ``QualityUnavailable`` (a
  clear message, never a traceback in the runner) when that document is absent or the JSON does not
  have the documented shape.

A word is a ``\\w+`` token, as in bench/generate.py's edit script. Text is joined per paragraph and per
status before it is cut into words, so a word split over several runs counts once.

``edits_shown(marks, script)`` tells how many word edits of the script (in place, and inside moved
clauses) land in a paragraph the redline marks with insertions or deletions: a moved clause whose
edit is shown only as moved text hides that edit.

``moves_found(marks, script)`` tells how many of the script's moved clauses the redline shows as a
move: the clause's first paragraph (its new text) must appear, with at least half of its characters
inside move markup (docx) or as a ``moved-to`` block (ChangeSet JSON). ``spurious_moves`` counts
paragraphs shown as moved that belong to no moved clause: an inserted paragraph paired with a deleted
one elsewhere is shown as a move with edits, which marks fewer words than the minimum but is wrong.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WORD = re.compile(r"\w+")
REPO = Path(__file__).resolve().parent.parent
SCHEMA_DOC = REPO / "docs" / "changeset-schema.md"
SCHEMA = ("sectrack/changeset", 1)  # the ChangeSet JSON this reader follows: (schema, schema_version)
KINDS = {"equal", "modified", "inserted", "deleted", "moved-from", "moved-to"}


class QualityUnavailable(Exception):
    """The quality figure cannot be computed (missing input, unknown format); the message says why."""


@dataclass
class Marks:
    inserted: int = 0  # words marked inserted
    deleted: int = 0  # words marked deleted
    moved: int = 0  # words shown as moved (counted once, at the new place)
    other: int = 0  # property / numbering revisions (docx) or renumbered/format-only entries (JSON)
    moved_paragraphs: set[str] = field(default_factory=set)  # normalised new text of moved paragraphs
    marked_paragraphs: set[str] = field(default_factory=set)  # new text of paragraphs with ins/del marks

    def as_dict(self) -> dict:
        return {"inserted": self.inserted, "deleted": self.deleted, "total": self.inserted + self.deleted,
                "moved_words": self.moved, "other_marks": self.other}


def _norm(text: str) -> str:
    return " ".join(text.split())


def words(text: str) -> int:
    return len(WORD.findall(text))


# --------------------------------------------------------------------------------------------
# .docx with tracked changes
# --------------------------------------------------------------------------------------------

_STATUS = {f"{{{W}}}ins": "ins", f"{{{W}}}del": "del", f"{{{W}}}moveTo": "moveTo", f"{{{W}}}moveFrom": "moveFrom"}
_TEXT = {f"{{{W}}}t", f"{{{W}}}delText"}
_PROP_CHANGES = [f"{{{W}}}{n}" for n in ("pPrChange", "rPrChange", "numberingChange", "tblPrChange",
                                          "trPrChange", "tcPrChange", "sectPrChange", "tblGridChange")]


def docx_marks(path: str | Path) -> Marks:
    try:
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml")
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise QualityUnavailable(f"{path}: not a readable .docx ({exc})") from exc
    root = etree.fromstring(xml, etree.XMLParser(huge_tree=True))
    m = Marks()
    p_tag = f"{{{W}}}p"
    for p in root.iter(p_tag):
        pieces: dict[str, list[str]] = {"ins": [], "del": [], "moveTo": [], "moveFrom": [], "": []}
        last = None
        for el in p.iter(*_TEXT):
            status = ""
            anc = el.getparent()
            while anc is not None and anc is not p:
                if anc.tag == p_tag:  # a nested paragraph (text box): counted on its own
                    status = None
                    break
                s = _STATUS.get(anc.tag)
                if s:
                    status = s
                    break
                anc = anc.getparent()
            if status is None:
                continue
            text = el.text or ""
            if status != last:
                pieces[status].append("")
                last = status
            pieces[status][-1] += text
        m.inserted += sum(words(t) for t in pieces["ins"])
        m.deleted += sum(words(t) for t in pieces["del"])
        moved_to = "".join(pieces["moveTo"])
        m.moved += words(moved_to)
        if not (moved_to.strip() or pieces["ins"] or pieces["del"]):
            continue
        accepted = _norm("".join(t.text or "" for t in p.iter(f"{{{W}}}t")
                                 if not _under(t, p, ("moveFrom", "del"))))
        if "".join(pieces["ins"] + pieces["del"]).strip():
            m.marked_paragraphs.add(accepted)
        if moved_to.strip():
            inside = len(_norm(moved_to))
            if accepted and inside >= len(accepted) / 2:
                m.moved_paragraphs.add(accepted)
    for tag in _PROP_CHANGES:
        m.other += sum(1 for _ in root.iter(tag))
    return m


def _under(el, stop, statuses) -> bool:
    anc = el.getparent()
    while anc is not None and anc is not stop:
        if _STATUS.get(anc.tag) in statuses:
            return True
        anc = anc.getparent()
    return False


# --------------------------------------------------------------------------------------------
# sectrack's ChangeSet JSON
# --------------------------------------------------------------------------------------------


def _span_words(spans, m: Marks, keep_is_moved: bool) -> bool:
    """Count the words of a paragraph's spans; True when some are inserted or deleted."""
    groups: list[tuple[str, str]] = []
    for s in spans:
        op, text = s.get("op"), s.get("text") or ""
        if groups and groups[-1][0] == op:
            groups[-1] = (op, groups[-1][1] + text)
        else:
            groups.append((op, text))
    for op, text in groups:
        if op == "insert":
            m.inserted += words(text)
        elif op == "delete":
            m.deleted += words(text)
        elif keep_is_moved:
            m.moved += words(text)
    return any(op in ("insert", "delete") and text.strip() for op, text in groups)


def _walk(entries, m: Marks) -> None:
    """Count the CHANGE entries of a body, a table cell or a note (docs/changeset-schema.md)."""
    for e in entries:
        if not isinstance(e, dict) or "kind" not in e:
            raise QualityUnavailable("unexpected ChangeSet JSON: a change entry without 'kind'")
        kind = e["kind"]
        if kind not in KINDS:
            raise QualityUnavailable(f"unexpected ChangeSet JSON: unknown change kind {kind!r}")
        if e.get("type") not in ("paragraph", "table"):
            raise QualityUnavailable(f"unexpected ChangeSet JSON: change type {e.get('type')!r} "
                                     "(expected 'paragraph' or 'table')")
        if e.get("renumbered") or e.get("format_changed"):
            m.other += 1
        if kind == "moved-from":
            continue  # counted once, at the moved-to end
        if e.get("type") == "table":
            for row in e.get("rows") or []:
                rk = row.get("kind")
                if kind == "inserted" or rk == "inserted":
                    m.inserted += words(row.get("new_text") or "")
                elif kind == "deleted" or rk == "deleted":
                    m.deleted += words(row.get("old_text") or "")
                elif kind == "moved-to":
                    m.moved += words(row.get("new_text") or "")
                else:
                    for cell in row.get("cells") or []:
                        _walk(cell.get("changes") or [], m)
            continue
        new_text = _norm(e.get("new_text") or "")
        spans = e.get("spans") or []
        if spans:
            marked = _span_words(spans, m, keep_is_moved=kind == "moved-to")
        else:
            marked = kind in ("inserted", "deleted")
            if kind == "inserted":
                m.inserted += words(new_text)
            elif kind == "deleted":
                m.deleted += words(e.get("old_text") or "")
            elif kind == "moved-to":
                m.moved += words(new_text)
        if marked and new_text:
            m.marked_paragraphs.add(new_text)
        if kind == "moved-to" and new_text:
            m.moved_paragraphs.add(new_text)
        for note in e.get("notes") or []:
            _walk(note.get("changes") or [], m)


def changeset_marks(path: str | Path, schema_doc: Path = SCHEMA_DOC) -> Marks:
    if not schema_doc.is_file():
        raise QualityUnavailable(
            f"{schema_doc.relative_to(REPO) if schema_doc.is_relative_to(REPO) else schema_doc} is absent: "
            "the ChangeSet JSON schema is not documented yet, so sectrack's JSON is not read")
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise QualityUnavailable(f"{path}: no readable ChangeSet JSON ({exc})") from exc
    if not isinstance(data, dict) or (data.get("schema"), data.get("schema_version")) != SCHEMA:
        found = (data.get("schema"), data.get("schema_version")) if isinstance(data, dict) else type(data).__name__
        raise QualityUnavailable(f"{path}: ChangeSet JSON schema {found}, bench/quality.py reads {SCHEMA} "
                                 "(see docs/changeset-schema.md; update bench/quality.py)")
    body = data.get("body")
    if not isinstance(body, list):
        raise QualityUnavailable(f"{path}: unexpected ChangeSet JSON: no 'body' list "
                                 "(bench/quality.py follows docs/changeset-schema.md; update it)")
    m = Marks()
    _walk(body, m)
    return m


# --------------------------------------------------------------------------------------------
# Against the edit script
# --------------------------------------------------------------------------------------------


def moves_found(m: Marks, script: dict) -> tuple[int, int]:
    """(moved clauses shown as moves, moved clauses in the script)."""
    moves = [e for e in script["edits"] if e["kind"] == "move-clause"]
    found = sum(1 for e in moves if _norm(e["new_text"][0]) in m.moved_paragraphs)
    return found, len(moves)


WORD_EDITS = ("preamble", "replace", "insert", "delete", "definition-amend", "table-cell")


def edits_shown(m: Marks, script: dict) -> tuple[int, int, int, int]:
    """Word edits (in place; inside moved clauses) whose paragraph the redline marks with ins/del.

    Returns (in-place shown, in-place total, in-moved-clause shown, in-moved-clause total).
    """
    plain = [e["new_text"] for e in script["edits"] if e["kind"] in WORD_EDITS]
    moved = [e["new_text"][e["para"]] for e in script["edits"] if e["kind"] == "move-clause" and e.get("edited")]
    shown = sum(1 for t in plain if _norm(t) in m.marked_paragraphs)
    shown_moved = sum(1 for t in moved if _norm(t) in m.marked_paragraphs)
    return shown, len(plain), shown_moved, len(moved)


def spurious_moves(m: Marks, script: dict) -> int:
    """Paragraphs shown as moved that belong to no moved clause of the script (false moves)."""
    expected = {_norm(t) for e in script["edits"] if e["kind"] == "move-clause" for t in e["new_text"]}
    return len(m.moved_paragraphs - expected)


def report(m: Marks, script: dict) -> dict:
    found, total = moves_found(m, script)
    shown, n_plain, shown_moved, n_moved = edits_shown(m, script)
    minimum = script["minimum"]
    out = m.as_dict()
    out.update({
        "minimum": minimum["total"],
        "minimum_if_moves_as_delete_insert": minimum["total_if_moves_as_delete_insert"],
        "ratio": round((m.inserted + m.deleted) / minimum["total"], 2) if minimum["total"] else None,
        "moves_found": found,
        "moves": total,
        "spurious_moved_paragraphs": spurious_moves(m, script),
        "word_edits_shown": shown,
        "word_edits": n_plain,
        "moved_edits_shown": shown_moved,
        "moved_edits": n_moved,
    })
    return out
