"""The edit script of bench/generate.py: the new version made from the old one, every edit recorded.

Word edits inside clauses, inserted, deleted and moved clauses and table edits, mixed in fixed shares
(``MIX``), kept apart from each other so that each has one obvious minimal reading.
"""

from __future__ import annotations

import copy
import random
import re

from gen_content import FILLERS, TERM_WORDS, WORD, Clause, Doc, Para, Table, Writer

# share of each kind in the edit budget (the large size: 200 edits)
MIX = [
    ("replace", 0.22), ("insert", 0.20), ("delete", 0.18),
    ("insert-clause", 0.10), ("delete-clause", 0.10), ("move-clause", 0.10),
    ("definition-amend", 0.03), ("definition-insert", 0.02), ("definition-delete", 0.02),
    ("table-cell", 0.015), ("table-row-insert", 0.0075), ("table-row-delete", 0.0075),
]
MOVED_ALSO_EDITED = 0.4


def edit_counts(total: int) -> dict[str, int]:
    """Split ``total`` edits over MIX by largest remainder, with at least one of each kind."""
    raw = {k: total * f for k, f in MIX}
    counts = {k: max(1, int(v)) for k, v in raw.items()}
    rest = sorted(raw, key=lambda k: raw[k] - int(raw[k]), reverse=True)
    i = 0
    while sum(counts.values()) < total:
        counts[rest[i % len(rest)]] += 1
        i += 1
    while sum(counts.values()) > total:  # the minimum of one each pushed it over: trim the largest
        big = max(counts, key=lambda k: counts[k] - raw[k] if counts[k] > 1 else -1e9)
        counts[big] -= 1
    return counts


def lcs_len(a: list[str], b: list[str]) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def min_words(old: str, new: str) -> tuple[int, int]:
    """(deleted, inserted) word minimum between two texts: the LCS of their \\w+ tokens."""
    a, b = WORD.findall(old), WORD.findall(new)
    common = lcs_len(a, b)
    return len(a) - common, len(b) - common


class Editor:
    def __init__(self, old: Doc, writer: Writer, rng: random.Random) -> None:
        self.doc = copy.deepcopy(old)
        self.w = writer
        self.rng = rng
        self.edits: list[dict] = []
        self.touched: set[str] = set()  # clause ids edited, moved, deleted, or next to a structural edit
        self.new_ids = 0

    # -- helpers ---------------------------------------------------------------------------

    def slots(self) -> list[tuple[int, int]]:
        """(part, index) of every clause outside the definitions part."""
        return [(pi, ci) for pi, p in enumerate(self.doc.parts) if pi > 0 for ci in range(len(p.clauses))]

    def free(self, pi: int, ci: int, margin: int = 0) -> bool:
        clauses = self.doc.parts[pi].clauses
        for j in range(ci - margin, ci + margin + 1):
            if 0 <= j < len(clauses) and clauses[j].cid in self.touched:
                return False
        return True

    def pick(self, margin: int, want=lambda c: True) -> tuple[int, int]:
        slots = self.slots()
        for _ in range(10000):
            pi, ci = self.rng.choice(slots)
            c = self.doc.parts[pi].clauses[ci]
            if self.free(pi, ci, margin) and want(c):
                return pi, ci
        raise RuntimeError("no free clause left: too many edits for the document size")

    def reserve(self, pi: int, ci: int, margin: int) -> None:
        clauses = self.doc.parts[pi].clauses
        for j in range(ci - margin, ci + margin + 1):
            if 0 <= j < len(clauses):
                self.touched.add(clauses[j].cid)

    def word_edit(self, para: Para, kind: str) -> tuple[list[str], list[str]]:
        """Edit ``para`` in place; returns (deleted words, inserted words), checked minimal."""
        r = self.rng
        for _ in range(1000):
            words = para.words
            # only plain words, never the first token (capital) nor one carrying punctuation
            plain = [i for i in range(1, len(words)) if re.fullmatch(r"[a-z]+", words[i])]
            if not plain:
                break
            k = r.randint(1, 4)
            i = r.choice(plain)
            span = 0
            while span < k and i + span < len(words) and re.fullmatch(r"[a-z]+", words[i + span]):
                span += 1
            old_text = para.text
            if kind == "insert":
                ins = r.sample(FILLERS, k)
                new_words = words[:i] + ins + words[i:]
                dele: list[str] = []
            elif kind == "delete":
                dele = words[i:i + span]
                ins = []
                new_words = words[:i] + words[i + span:]
            else:
                dele = words[i:i + span]
                ins = r.sample([f for f in FILLERS if f not in dele], span)
                new_words = words[:i] + ins + words[i + span:]
            if min_words(old_text, " ".join(new_words)) == (len(dele), len(ins)):
                para.words = new_words
                return dele, ins
        raise RuntimeError("could not place a minimal word edit")

    def labels(self) -> dict[str, str]:
        return number(self.doc)

    # -- edit kinds ------------------------------------------------------------------------

    def do_word(self, kind: str) -> None:
        pi, ci = self.pick(0)
        c = self.doc.parts[pi].clauses[ci]
        pidx = self.rng.randrange(len(c.paras))
        old_text = c.paras[pidx].text
        dele, ins = self.word_edit(c.paras[pidx], kind)
        self.touched.add(c.cid)
        self.edits.append({"kind": kind, "clause": c.cid, "para": pidx, "level": c.paras[pidx].level,
                           "deleted": dele, "inserted": ins, "old_text": old_text, "new_text": c.paras[pidx].text})

    def do_insert_clause(self) -> None:
        pi, ci = self.pick(2, lambda c: c.table is None)
        self.new_ids += 1
        new = self.w.clause(f"N{self.new_ids:05d}")
        self.doc.parts[pi].clauses.insert(ci + 1, new)
        self.reserve(pi, ci + 1, 1)
        self.edits.append({"kind": "insert-clause", "clause": new.cid, "after": self.doc.parts[pi].clauses[ci].cid,
                           "deleted": [], "inserted": new.words(), "new_text": [p.text for p in new.paras]})

    def do_delete_clause(self) -> None:
        pi, ci = self.pick(2, lambda c: c.table is None and c.subheading is None)
        c = self.doc.parts[pi].clauses[ci]
        if len(self.doc.parts[pi].clauses) < 4:
            return self.do_delete_clause()
        self.reserve(pi, ci, 1)
        del self.doc.parts[pi].clauses[ci]
        self.edits.append({"kind": "delete-clause", "clause": c.cid, "deleted": c.words(), "inserted": [],
                           "old_text": [p.text for p in c.paras]})

    def do_move_clause(self, also_edit: bool) -> None:
        pi, ci = self.pick(2, lambda c: c.table is None and c.subheading is None and len(c.words()) >= 12)
        c = self.doc.parts[pi].clauses[ci]
        old_texts = [p.text for p in c.paras]
        self.reserve(pi, ci, 1)
        del self.doc.parts[pi].clauses[ci]
        # destination: another part at least two parts away, after a free clause
        for _ in range(10000):
            qi, qj = self.pick(2)
            if abs(qi - pi) >= 2:
                break
        else:
            raise RuntimeError("no destination for a move")
        self.doc.parts[qi].clauses.insert(qj + 1, c)
        self.reserve(qi, qj + 1, 1)
        edit = {"kind": "move-clause", "clause": c.cid, "words": len(c.words()), "deleted": [], "inserted": [],
                "old_text": old_texts}
        if also_edit:
            pidx = self.rng.randrange(len(c.paras))
            sub = self.rng.choice(["replace", "insert", "delete"])
            dele, ins = self.word_edit(c.paras[pidx], sub)
            edit.update({"edited": sub, "para": pidx, "deleted": dele, "inserted": ins})
        edit["new_text"] = [p.text for p in c.paras]
        self.edits.append(edit)

    def do_definition(self, kind: str) -> None:
        defs = self.doc.parts[0].definitions
        assert defs is not None
        touched = {e.get("term") for e in self.edits}
        r = self.rng
        if kind == "definition-insert":
            for _ in range(1000):
                term = " ".join(r.sample(TERM_WORDS, r.choice([2, 3])))
                if term not in {d.term for d in defs}:
                    break
            d = self.w.definition(term)
            d.items = []
            defs.append(d)
            defs.sort(key=lambda d: d.term)
            self.edits.append({"kind": kind, "term": term, "deleted": [], "inserted": d.words(),
                               "new_text": [d.term, d.meaning]})
            return
        for _ in range(1000):
            i = r.randrange(len(defs))
            neighbours = {defs[j].term for j in range(max(0, i - 1), min(len(defs), i + 2))}
            if not neighbours & touched and not defs[i].items:
                break
        d = defs[i]
        if kind == "definition-delete":
            del defs[i]
            self.edits.append({"kind": kind, "term": d.term, "deleted": d.words(), "inserted": [],
                               "old_text": [d.term, d.meaning]})
        else:
            p = Para(0, d.meaning.split())
            old_text = d.meaning
            dele, ins = self.word_edit(p, r.choice(["replace", "insert", "delete"]))
            d.meaning = p.text
            self.edits.append({"kind": kind, "term": d.term, "deleted": dele, "inserted": ins,
                               "old_text": old_text, "new_text": d.meaning})

    def tables(self) -> list[tuple[Clause, Table]]:
        return [(c, c.table) for p in self.doc.parts for c in p.clauses if c.table and c.cid not in self.touched]

    def do_table(self, kind: str) -> None:
        r = self.rng
        candidates = self.tables()
        if not candidates:
            raise RuntimeError("no table left to edit")
        c, t = r.choice(candidates)
        self.touched.add(c.cid)
        if kind == "table-cell":
            row = r.randrange(len(t.rows))
            p = Para(0, t.rows[row][1].split())
            old_text = p.text
            dele, ins = self.word_edit(p, "replace")
            t.rows[row][1] = p.text
            self.edits.append({"kind": kind, "clause": c.cid, "row": row + 1, "deleted": dele, "inserted": ins,
                               "old_text": old_text, "new_text": p.text})
        elif kind == "table-row-insert":
            row = r.randint(1, len(t.rows))
            cells = [f"{r.choice(TERM_WORDS)} {r.choice(TERM_WORDS)} {len(t.rows) + 1}",
                     " ".join(self.w.unique(lambda: self.w.item(6, 16, last=True))), "twenty Working Days"]
            t.rows.insert(row, cells)
            self.edits.append({"kind": kind, "clause": c.cid, "row": row + 1, "deleted": [],
                               "inserted": WORD.findall(" ".join(cells)), "new_text": cells})
        else:
            row = r.randrange(1, len(t.rows))
            cells = t.rows.pop(row)
            self.edits.append({"kind": kind, "clause": c.cid, "row": row + 1,
                               "deleted": WORD.findall(" ".join(cells)), "inserted": [], "old_text": cells})

    def run(self, counts: dict[str, int]) -> None:
        plan: list[str] = []
        for kind, n in counts.items():
            plan += [kind] * n
        # structural edits first (they need the most room), then the rest
        order = {"move-clause": 0, "delete-clause": 1, "insert-clause": 2}
        plan.sort(key=lambda k: order.get(k, 3))
        n_moves = counts.get("move-clause", 0)
        edited_moves = set(self.rng.sample(range(n_moves), round(n_moves * MOVED_ALSO_EDITED)))
        move_no = 0
        for kind in plan:
            if kind in ("replace", "insert", "delete"):
                self.do_word(kind)
            elif kind == "insert-clause":
                self.do_insert_clause()
            elif kind == "delete-clause":
                self.do_delete_clause()
            elif kind == "move-clause":
                self.do_move_clause(move_no in edited_moves)
                move_no += 1
            elif kind.startswith("definition-"):
                self.do_definition(kind)
            else:
                self.do_table(kind)


def number(doc: Doc) -> dict[str, str]:
    """Clause id -> its number as Word shows it ("7.3")."""
    out = {}
    for pi, p in enumerate(doc.parts, 1):
        for ci, c in enumerate(p.clauses, 1):
            out[c.cid] = f"{pi}.{ci}"
    return out
