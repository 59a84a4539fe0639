#!/usr/bin/env python3
"""Generate large SEC-like document pairs with a known edit script, for bench/run.py.

For each size this writes ``bench/data/<size>-old.docx``, ``<size>-new.docx`` and ``<size>-edits.json``.

The documents are built like SEC documents: paragraph styles with multi-level automatic list numbering
in numbering.xml attached to the styles (part headings "1", clauses "1.1", sub-paragraphs "(a)" and
"(i)"; no number is ever typed as text), a Section A-like two-column definitions table (bold term,
meaning, some meanings with their own "(a)" lists), ordinary bordered tables with a header row,
unnumbered sub-headings, a footer and core properties.

The new version is the old one with an edit script applied at a fixed density (about 200 edits for
the large size, proportionally fewer for smaller ones): word edits inside clauses (replace, insert or
delete 1-4 words), inserted clauses, deleted clauses, moved clauses (some also edited), and table
edits (definitions amended, added and removed; a table cell edited, a table row added or removed).
Structural edits are kept apart from each other (untouched clauses between them) so that each one has
one obvious minimal reading.

``<size>-edits.json`` lists every edit with its kind, the clause (a stable id and its old and new
numbers), the words deleted and inserted, and totals: the word-level minimum of words marked inserted
plus deleted when moves are shown as moves, and the same when moves are shown as delete + insert.
A "word" is a ``\\w+`` token, the same unit sectrack's differ uses.

Everything is deterministic for a given ``--seed``: text comes from built-in SEC-flavoured word lists,
zip entries carry a fixed date, and core properties are fixed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_content import (  # the vocabulary is read by bench/check.py as generate.ACTORS, ...
    ACTORS,
    CONNECTIVES,
    FILLERS,
    OBJECTS,
    QUALIFIERS,
    SUBHEADINGS,
    VERBS,
    WORD,
    Doc,
    build_old,
)
from gen_docx import Writerx
from gen_edits import MIX, Editor, edit_counts, min_words, number

__all__ = [
    "ACTORS", "CONNECTIVES", "FILLERS", "OBJECTS", "QUALIFIERS", "SUBHEADINGS", "VERBS", "MIX", "Editor", "Writerx",
    "build_old", "edit_counts", "generate", "main",
]

BENCH = Path(__file__).resolve().parent
DATA = BENCH / "data"

# clauses per size; edits scale with clauses (EDITS_PER_CLAUSE * clauses, i.e. 200 for 4,000)
SIZES = {"small": 400, "medium": 1600, "large": 4000}
EDITS_PER_CLAUSE = 200 / 4000


def doc_words(d: Doc) -> int:
    n = sum(len(WORD.findall(p.title)) for p in d.parts)
    n += sum(len(c.words()) + len(WORD.findall(c.subheading or "")) for p in d.parts for c in p.clauses)
    n += sum(len(df.words()) for p in d.parts for df in (p.definitions or []))
    return n


def doc_stats(d: Doc) -> dict:
    clauses = [c for p in d.parts for c in p.clauses]
    return {
        "parts": len(d.parts),
        "clauses": len(clauses),
        "paragraphs": sum(len(c.paras) for c in clauses) + len(d.parts),
        "tables": sum(1 for c in clauses if c.table) + 1,
        "definitions": sum(len(p.definitions or []) for p in d.parts),
        "words": doc_words(d),
    }


def generate(size: str, out: Path, seed: int, clauses: int | None = None) -> dict:
    n = clauses or SIZES[size]
    rng = random.Random(f"{seed}:{size}:{n}")
    old, writer = build_old(n, rng)
    total = max(len(MIX), round(n * EDITS_PER_CLAUSE))
    counts = edit_counts(total)
    ed = Editor(old, writer, rng)
    ed.run(counts)
    new = ed.doc
    old_labels, new_labels = number(old), number(new)
    for e in ed.edits:
        if "clause" in e:
            e["old_label"] = old_labels.get(e["clause"])
            e["new_label"] = new_labels.get(e["clause"])
    # the version line under the title changes too, as in a real release ("Version 1.0" -> "2.0")
    old_v, new_v = "Version 1.0", "Version 2.0"
    d_v, i_v = min_words(old_v, new_v)
    ed.edits.insert(0, {"kind": "preamble", "deleted": ["1"][:d_v], "inserted": ["2"][:i_v],
                        "old_text": old_v, "new_text": new_v})
    for i, e in enumerate(ed.edits, 1):
        e["id"] = i
    ins = sum(len(e["inserted"]) for e in ed.edits)
    dele = sum(len(e["deleted"]) for e in ed.edits)
    moved_words = sum(e["words"] for e in ed.edits if e["kind"] == "move-clause")
    # a moved clause shown as delete + insert: all its old words deleted, all its new words inserted
    move_as_di = sum(len(WORD.findall(" ".join(e["old_text"]))) + len(WORD.findall(" ".join(e["new_text"])))
                     - len(e["deleted"]) - len(e["inserted"]) for e in ed.edits if e["kind"] == "move-clause")
    renumbered = sum(1 for cid, lab in new_labels.items() if cid in old_labels and old_labels[cid] != lab)
    title = "GENERATED BENCHMARK DOCUMENT"
    old_bytes = Writerx("X", old_v[8:], dt.datetime(2024, 1, 1, 9, 0, 0)).write(old, title)
    new_bytes = Writerx("X", new_v[8:], dt.datetime(2024, 6, 1, 9, 0, 0)).write(new, title)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{size}-old.docx").write_bytes(old_bytes)
    (out / f"{size}-new.docx").write_bytes(new_bytes)
    script = {
        "schema": 1,
        "generator": "bench/generate.py",
        "size": size,
        "seed": seed,
        "word": "a \\w+ token (letters, digits, underscore); clause numbers are automatic and never words",
        "old": doc_stats(old),
        "new": doc_stats(new),
        "counts": counts,
        "edits_total": len(ed.edits),
        "minimum": {
            "inserted": ins,
            "deleted": dele,
            "total": ins + dele,
            "moves": counts.get("move-clause", 0),
            "moved_words": moved_words,
            "total_if_moves_as_delete_insert": ins + dele + move_as_di,
            "renumbered_clauses": renumbered,
        },
        "edits": ed.edits,
    }
    (out / f"{size}-edits.json").write_text(json.dumps(script, indent=1, ensure_ascii=False), encoding="utf-8")
    return script


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="small,medium,large",
                    help=f"comma-separated, from {', '.join(SIZES)} (default: all)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--out", type=Path, default=DATA, help="output folder (default bench/data)")
    ap.add_argument("--clauses", type=int, default=None, help="override the clause count (testing)")
    args = ap.parse_args(argv)
    for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        if size not in SIZES:
            ap.error(f"unknown size {size!r} (use {', '.join(SIZES)})")
        t0 = time.perf_counter()
        s = generate(size, args.out, args.seed, args.clauses)
        m = s["minimum"]
        print(f"{size}: {s['old']['clauses']} -> {s['new']['clauses']} clauses, {s['old']['words']:,} words, "
              f"{s['edits_total']} edits (min {m['inserted']} words inserted + {m['deleted']} deleted, "
              f"{m['moves']} moves, {m['renumbered_clauses']} clauses renumbered) "
              f"in {time.perf_counter() - t0:.1f}s -> {args.out}/{size}-*.docx", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
