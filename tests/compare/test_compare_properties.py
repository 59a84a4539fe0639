"""Invariants over many random edit scripts (fixed seeds), determinism and symmetry."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from dataclasses import replace

import pytest

from sectrack.compare import compare
from sectrack.model import Cell, Document, Note, Paragraph, Part, Row, Run, Table
from sectrack.render.json import render_json
from sectrack.render.markdown import render_markdown

from .invariants import check_changeset

VOCAB = ["the", "Panel", "DCC", "shall", "may", "Party", "Code", "SMKI", "means", "of", "and", "to", "in", "any", "such", "Section", "notice", "days", "within", "Authority", "Supplier", "Network", "Operator", "Communications", "Hub", "Policy"]
PUNCT = [".", ",", ";", " (a)", ":"]


def rand_text(rnd: random.Random, lo: int = 0, hi: int = 14) -> str:
    words = [rnd.choice(VOCAB) for _ in range(rnd.randint(lo, hi))]
    text = " ".join(words)
    if words and rnd.random() < 0.5:
        text += rnd.choice(PUNCT)
    if rnd.random() < 0.05:
        text = text.replace(" ", "  ", 1)
    return text


def split_runs(rnd: random.Random, text: str) -> tuple[Run, ...]:
    """The text cut into 1-4 runs with random formatting (sometimes an empty run)."""
    cuts = sorted(rnd.sample(range(1, len(text)), min(len(text) - 1, rnd.randint(0, 3)))) if len(text) > 1 else []
    pieces = [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)])] or [text]
    if rnd.random() < 0.1:
        pieces.insert(rnd.randint(0, len(pieces)), "")
    return tuple(Run(t, bold=rnd.random() < 0.2, italic=rnd.random() < 0.1, vert="superscript" if rnd.random() < 0.03 else "")
                 for t in pieces)


def rand_para(rnd: random.Random, numbered: bool | None = None) -> Paragraph:
    numbered = rnd.random() < 0.4 if numbered is None else numbered
    notes = ()
    if rnd.random() < 0.08:
        notes = tuple(Note("footnote", str(k), (Paragraph(split_runs(rnd, rand_text(rnd, 1))),)) for k in range(rnd.randint(1, 2)))
    return Paragraph(split_runs(rnd, rand_text(rnd)), numbered=numbered, ref="X" if numbered else "", notes=notes)


def rand_cell(rnd: random.Random, depth: int) -> Cell:
    blocks: list = [rand_para(rnd, False) for _ in range(rnd.randint(1, 2))]
    if depth < 1 and rnd.random() < 0.1:
        blocks.append(rand_table(rnd, depth + 1))
    return Cell(tuple(blocks))


def rand_table(rnd: random.Random, depth: int = 0) -> Table:
    ncells = rnd.randint(1, 3)
    return Table(tuple(Row(tuple(rand_cell(rnd, depth) for _ in range(ncells))) for _ in range(rnd.randint(1, 4))))


def defs_row(rnd: random.Random, term: str) -> Row:
    return Row((Cell((Paragraph((Run(term),)),)), Cell((Paragraph(split_runs(rnd, "means " + rand_text(rnd, 1))),))))


def rand_defs(rnd: random.Random) -> Table:
    terms = rnd.sample(VOCAB, rnd.randint(2, 7))
    return Table(tuple(defs_row(rnd, t) for t in sorted(terms)), definitions=True)


def renumber(blocks: list) -> list:
    """Give numbered paragraphs the refs X1, X2, … in order (as Word numbering would)."""
    out, n = [], 0
    for b in blocks:
        if isinstance(b, Paragraph) and b.numbered:
            n += 1
            b = replace(b, ref=f"X{n}", label=f"{n}.")
        out.append(b)
    return out


def rand_doc(rnd: random.Random) -> Document:
    blocks: list = []
    for _ in range(rnd.randint(0, 25)):
        r = rnd.random()
        blocks.append(rand_table(rnd) if r < 0.1 else rand_para(rnd))
    if rnd.random() < 0.3:
        blocks.insert(rnd.randint(0, len(blocks)), rand_defs(rnd))
    parts = tuple(Part(kind, f"word/{kind}{k}.xml", (rand_para(rnd, False),))
                  for kind in ("header", "footer") for k in range(rnd.randint(0, 2)))
    return Document(tuple(renumber(blocks)), parts=parts)


def edit_para(rnd: random.Random, p: Paragraph) -> Paragraph:
    words = p.text.split(" ")
    for _ in range(rnd.randint(1, 3)):
        k = rnd.randrange(len(words) + 1)
        what = rnd.random()
        if what < 0.4 and k < len(words):
            words[k] = rnd.choice(VOCAB)
        elif what < 0.7:
            words.insert(k, rnd.choice(VOCAB))
        elif k < len(words):
            del words[k]
    text = " ".join(words)
    runs = split_runs(rnd, text) if rnd.random() < 0.5 else (Run(text),)
    return replace(p, runs=runs)


def edit_table(rnd: random.Random, t: Table) -> Table:
    rows = list(t.rows)
    what = rnd.random()
    if t.definitions:
        terms = {r.cells[0].text for r in rows}
        if what < 0.3 and rows:
            del rows[rnd.randrange(len(rows))]
        elif what < 0.6:
            free = [w for w in VOCAB if w not in terms]
            if free:
                term = rnd.choice(free)
                rows.append(defs_row(rnd, term))
                rows.sort(key=lambda r: r.cells[0].text)
        elif rows:
            k = rnd.randrange(len(rows))
            rows[k] = defs_row(rnd, rows[k].cells[0].text)
        return replace(t, rows=tuple(rows))
    if what < 0.25:
        rows.insert(rnd.randint(0, len(rows)), rand_table(rnd).rows[0] if rnd.random() < 0.5 or not rows else rnd.choice(rows))
    elif what < 0.45 and len(rows) > 1:
        del rows[rnd.randrange(len(rows))]
    elif what < 0.55 and rows:
        k = rnd.randrange(len(rows))
        rows[k] = Row(rows[k].cells + (rand_cell(rnd, 1),))
    elif rows:
        k = rnd.randrange(len(rows))
        cells = list(rows[k].cells)
        c = rnd.randrange(len(cells))
        blocks = list(cells[c].blocks)
        b = rnd.randrange(len(blocks))
        if isinstance(blocks[b], Paragraph):
            blocks[b] = edit_para(rnd, blocks[b])
        else:
            blocks[b] = edit_table(rnd, blocks[b])
        cells[c] = Cell(tuple(blocks))
        rows[k] = Row(tuple(cells))
    return replace(t, rows=tuple(rows))


def mutate(rnd: random.Random, doc: Document) -> Document:
    blocks = list(doc.blocks)
    parts = list(doc.parts)
    for _ in range(rnd.randint(0, 10)):
        what = rnd.random()
        k = rnd.randrange(len(blocks)) if blocks else None
        if what < 0.3 and k is not None:
            b = blocks[k]
            blocks[k] = edit_para(rnd, b) if isinstance(b, Paragraph) else edit_table(rnd, b)
        elif what < 0.4 and k is not None and isinstance(blocks[k], Paragraph):
            blocks[k] = replace(blocks[k], runs=split_runs(rnd, blocks[k].text))  # formatting only
        elif what < 0.5:
            blocks.insert(rnd.randint(0, len(blocks)), rand_para(rnd) if rnd.random() < 0.9 else rand_table(rnd))
        elif what < 0.58 and k is not None:
            blocks.insert(rnd.randint(0, len(blocks)), blocks[k])  # duplicate
        elif what < 0.7 and k is not None:
            del blocks[k]
        elif what < 0.82 and k is not None:
            b = blocks.pop(k)
            if rnd.random() < 0.5 and isinstance(b, Paragraph):
                b = edit_para(rnd, b)
            blocks.insert(rnd.randint(0, len(blocks)), b)
        elif what < 0.88 and k is not None and isinstance(blocks[k], Paragraph):
            p = blocks[k]
            notes = list(p.notes)
            if notes and rnd.random() < 0.5:
                n = notes[0]
                notes[0] = replace(n, blocks=(edit_para(rnd, n.blocks[0]),))
            else:
                notes.append(Note("footnote", "9", (rand_para(rnd, False),)))
            blocks[k] = replace(p, notes=tuple(notes))
        elif what < 0.94 and parts:
            j = rnd.randrange(len(parts))
            parts[j] = replace(parts[j], blocks=(edit_para(rnd, parts[j].blocks[0]),))
        elif parts and rnd.random() < 0.5:
            del parts[rnd.randrange(len(parts))]
    return Document(tuple(renumber(blocks)), parts=tuple(parts))


@pytest.mark.parametrize("seed", range(300))
def test_invariants_over_random_edits(seed: int) -> None:
    rnd = random.Random(seed)
    old = rand_doc(rnd)
    new = mutate(rnd, old)
    threshold = rnd.choice([0.0, 0.3, 0.5, 0.5, 0.8, 1.0])
    cs = compare(old, new, threshold=threshold)
    check_changeset(cs)
    check_changeset(compare(new, old, threshold=threshold))
    assert compare(old, old).same
    again = compare(old, new, threshold=threshold)
    assert again == cs
    assert render_json(again) == render_json(cs) and render_markdown(again) == render_markdown(cs)


def test_equal_text_is_never_a_text_change() -> None:
    for seed in range(100):
        rnd = random.Random(1000 + seed)
        old = rand_doc(rnd)
        blocks = [replace(b, runs=split_runs(rnd, b.text)) if isinstance(b, Paragraph) else b for b in old.blocks]
        cs = compare(old, Document(tuple(blocks), parts=old.parts))
        check_changeset(cs)
        assert all(c.kind == "equal" for c in cs.body)


SCRIPT = """
import random, sys, hashlib
sys.path.insert(0, {root!r})
from tests.compare.test_compare_properties import rand_doc, mutate
from sectrack.compare import compare
from sectrack.render.json import render_json
out = []
for seed in range(40):
    rnd = random.Random(seed)
    old = rand_doc(rnd)
    out.append(render_json(compare(old, mutate(rnd, old))))
print(hashlib.sha256("".join(out).encode()).hexdigest())
"""


def test_deterministic_across_hash_seeds() -> None:
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    digests = set()
    for hash_seed in ("1", "2", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        res = subprocess.run([sys.executable, "-c", SCRIPT.format(root=root)], env=env, capture_output=True, text=True, cwd=root)
        assert res.returncode == 0, res.stderr
        digests.add(res.stdout.strip())
    assert len(digests) == 1
