"""Quick performance check (not a test): compare two synthetic 4,000-clause documents.

    python -m tests.compare.perf_check [clauses] [edits]

Builds a document of ``clauses`` numbered clauses (~65 words each, ~260,000 words for 4,000), applies
``edits`` scattered edits (word changes, inserted/deleted clauses, moves) and times ``compare``.
"""

from __future__ import annotations

import random
import sys
import time

from sectrack.compare import compare
from sectrack.model import Document, Paragraph, Run

WORDS = [f"w{k}" for k in range(3000)] + ["the", "of", "and", "to", "in", "shall", "DCC", "Panel", "Party", "Code", "any", "such"]


def synthetic(clauses: int, seed: int = 1) -> Document:
    rnd = random.Random(seed)
    blocks = []
    for k in range(clauses):
        words = [rnd.choice(WORDS) for _ in range(rnd.randint(50, 80))]
        text = " ".join(words) + "."
        cut = rnd.randint(1, len(text) - 1)
        runs = (Run(text[:cut]), Run(text[cut:], bold=rnd.random() < 0.1))
        ref = f"A{k // 20 + 1}.{k % 20 + 1}"
        blocks.append(Paragraph(runs, label=ref, ref=ref, numbered=True, num_level=0))
    return Document(tuple(blocks), title="Synthetic", kind="section", letter="A")


def edited(doc: Document, edits: int, seed: int = 2) -> Document:
    rnd = random.Random(seed)
    blocks = list(doc.blocks)
    for _ in range(edits):
        k = rnd.randrange(len(blocks))
        what = rnd.random()
        if what < 0.7:  # word edit
            b = blocks[k]
            words = b.text.split(" ")
            words[rnd.randrange(len(words))] = rnd.choice(WORDS)
            blocks[k] = Paragraph((Run(" ".join(words)),), label=b.label, ref=b.ref, numbered=True)
        elif what < 0.8:
            blocks.insert(k, Paragraph((Run(" ".join(rnd.choice(WORDS) for _ in range(60))),), ref=blocks[k].ref, numbered=True))
        elif what < 0.9:
            del blocks[k]
        else:
            blocks.insert(rnd.randrange(len(blocks)), blocks.pop(k))
    return Document(tuple(renumber(blocks)), title=doc.title, kind=doc.kind, letter=doc.letter)


def renumber(blocks: list[Paragraph]) -> list[Paragraph]:
    """Number clauses again within each section ("A12.7": section 12), as Word would."""
    out, counts = [], {}
    for b in blocks:
        section = b.ref.split(".")[0]
        counts[section] = counts.get(section, 0) + 1
        ref = f"{section}.{counts[section]}"
        out.append(Paragraph(b.runs, label=ref, ref=ref, numbered=True, num_level=0))
    return out


def main() -> None:
    clauses = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    edits = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    old = synthetic(clauses)
    new = edited(old, edits)
    words = sum(len(p.text.split()) for p in old.blocks)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        cs = compare(old, new)
        times.append(time.perf_counter() - start)
    print(f"{clauses} clauses, {words} words, {edits} edits: compare {times[0]:.3f} s first run, "
          f"{min(times):.3f} s best of 3")
    print(cs.summary)


if __name__ == "__main__":
    main()
