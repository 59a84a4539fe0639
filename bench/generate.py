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
import copy
import datetime as dt
import io
import json
import random
import re
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

BENCH = Path(__file__).resolve().parent
DATA = BENCH / "data"

# clauses per size; edits scale with clauses (EDITS_PER_CLAUSE * clauses, i.e. 200 for 4,000)
SIZES = {"small": 400, "medium": 1600, "large": 4000}
EDITS_PER_CLAUSE = 200 / 4000
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
WORD = re.compile(r"\w+")

# --------------------------------------------------------------------------------------------
# Vocabulary (written for this benchmark; illustrative, not the legal text of the SEC)
# --------------------------------------------------------------------------------------------

ACTORS = [
    "each Party", "the DCC", "the Panel", "the Code Administrator", "the Secretariat", "each User",
    "the Authority", "each Supplier Party", "each Network Party", "the Security Sub-Committee",
    "the Change Sub-Committee", "the Technical Architecture and Business Architecture Sub-Committee",
    "each Registration Data Provider", "the Operations Group", "each Other SEC Party",
    "the Proposer", "the Working Group", "the SMKI Policy Management Authority", "each Shared Resource Provider",
    "the Independent Security Assurance Service Provider", "the Alt HAN Company", "each Eligible User",
    "each Import Supplier", "each Export Supplier", "each Gas Network Operator", "each Electricity Distributor",
    "the SEC Panel Chair", "the Technical Sub-Committee", "each Authorised Responsible Officer", "the Transitional Arrangements Manager",
    "each Smart Energy Service Provider", "the Communications Service Provider", "the Data Service Provider",
    "each Applicant", "the Audit Committee", "the Smart Metering Key Infrastructure Registration Authority",
    "each Enabled Party", "the Release Coordinator", "each Testing Participant", "the Central Registration Agent",
    "each Service Provider", "the Performance Assurance Board", "the Compliance Officer", "each Distribution Network Operator",
    "the Independent Assessor", "each Voting Group", "the Elected Member", "each Nominated Representative",
]
VERBS = [
    "shall ensure that", "shall notify", "shall provide", "may request", "shall publish", "shall maintain",
    "shall take all reasonable steps to ensure that", "shall comply with", "shall consult with",
    "may determine", "shall establish", "shall review", "shall submit to", "shall procure that",
    "shall use its reasonable endeavours to ensure that", "may refer", "shall make available to",
    "shall keep under review", "shall not disclose", "shall retain", "shall give notice to",
    "shall record", "shall verify", "shall investigate", "shall report to", "shall approve",
    "shall reject", "may suspend", "shall revoke", "shall reconcile", "may waive", "shall allocate",
    "shall implement", "shall test", "shall assess", "shall audit", "may designate", "shall withdraw",
    "shall certify", "shall remedy", "shall escalate", "shall forward", "shall acknowledge receipt of",
    "shall calculate", "shall invoice", "shall rectify",
]
OBJECTS = [
    "the Smart Metering System", "any Communications Hub", "the Registration Data", "each Service Request",
    "the relevant Device", "the Technical Specification", "any Security Incident", "the Modification Proposal",
    "the Charging Statement", "any Threshold Anomaly", "the Enrolment Service", "each Organisation Certificate",
    "the Self Assessment", "the User Security Assessment", "the Panel Release Management Policy",
    "the relevant Anomaly Detection Threshold", "the DCC Total System", "any Incident Management Log",
    "each Smart Metering Inventory entry", "the Consumer Data", "the Parse and Correlate Software",
    "any Disputed Matter", "the SEC Arrangements", "the Threshold Anomaly Detection Procedures",
    "the relevant Service Response", "the Service Desk", "any Planned Maintenance", "the Release Note",
    "the Energy Code", "each Communications Hub Function", "the Authorised Subscriber", "the Data Communications Company",
    "the Enduring Testing Approach Document", "each Device Security Credential", "the Post Commissioning Report",
    "the Recovery Procedure", "any Compromised Credential", "the Supply Sensitive Check", "each Firmware Image",
    "the Device Alert", "any Non-Device Service", "the Entry Process Tests", "each Smart Metering Equipment Technical Specification",
    "the Business Continuity and Disaster Recovery Procedures", "the DCC Gateway Connection", "any Sensitive Data",
    "each Communications Hub Order", "the Forecast Volume", "the Test Certificate", "any Payment Default",
    "the Annual Report", "each Valid Referral", "the Parse and Correlate Interface", "the Credit Cover Requirement",
    "each Install and Commission Event", "the Operational Performance Regime", "any Emergency Suspension",
    "the Smart Metering Device Assurance Scheme", "each Alternative Proposal", "the Final Modification Report",
    "the Panel Objectives", "any Event of Default", "the Interface Testing Objective", "each Anomalous Event",
    "the Outage Notification", "the Self Service Interface", "each Registration Data Incident", "the Certified Product List",
    "the Export MPAN", "each Inventory Update", "the Reserved Charge", "the Explicit Charge", "any Service Credit",
]
QUALIFIERS = [
    "in accordance with this Section", "as soon as reasonably practicable", "within five Working Days",
    "in accordance with the Incident Management Policy", "save where the Panel determines otherwise",
    "subject to the provisions of this Code", "in respect of each Regulatory Year",
    "in a manner consistent with Good Industry Practice", "for the purposes of this Section",
    "no later than ten Working Days after receipt", "to the extent reasonably practicable",
    "having regard to the SEC Objectives", "in accordance with the applicable Code Performance Measures",
    "on the date determined by the Panel", "in the form specified by the Code Administrator",
    "prior to the Completion of Implementation", "following consultation with the Parties",
    "where requested to do so by the Authority", "by no later than the relevant Implementation Date",
    "in each case as soon as reasonably practicable", "in the circumstances set out in this Section",
    "within twenty Working Days of such request", "at least one month before the Release",
    "in accordance with the Enduring Testing Approach Document", "by the end of the following Month",
    "in the manner set out in the Charging Methodology", "except in an emergency", "on each anniversary of the Effective Date",
    "in accordance with the SMKI Recovery Procedure", "subject to any direction from the Authority",
    "unless otherwise agreed in writing", "at the request of the Panel", "in respect of each Charging Period",
    "prior to the relevant Go Live Date", "for the duration of the Transition Period", "as part of the annual review",
    "in accordance with Good Industry Practice and the Security Obligations", "by means of the Self Service Interface",
    "within three months of the end of each Regulatory Year", "where it is reasonably able to do so",
    "in accordance with the Disputes Resolution Procedure", "to the reasonable satisfaction of the Panel",
]
CONNECTIVES = [
    "and", "provided that", "unless", "except where", "and in any event", "together with",
    "where", "save that", "and thereafter", "but only where", "including where",
]
# plain single words used for word insertions / replacements (each is one \w+ token)
FILLERS = [
    "promptly", "reasonable", "relevant", "applicable", "material", "written", "prior", "further",
    "additional", "appropriate", "affected", "specified", "published", "notified", "agreed",
    "sufficient", "annual", "quarterly", "technical", "operational", "independent", "formal",
    "interim", "final", "detailed", "updated", "secure", "complete", "accurate", "timely",
    "proportionate", "documented", "approved", "designated", "principal", "alternative",
    "competent", "existing", "subsequent", "temporary", "equivalent", "consolidated", "revised",
]
HEADING_WORDS = [
    "GENERAL", "OBLIGATIONS", "SERVICES", "SECURITY", "INCIDENT", "MANAGEMENT", "REGISTRATION",
    "DATA", "CHARGING", "PANEL", "MODIFICATIONS", "ENROLMENT", "COMMUNICATIONS", "HUBS", "USERS",
    "ENTRY", "PROCESS", "DISPUTES", "ASSURANCE", "RELEASE", "TESTING", "PERFORMANCE", "REPORTING",
    "CERTIFICATES", "PRIVACY", "SUSPENSION", "DEFAULT", "TRANSITION", "GOVERNANCE", "ANOMALY",
    "DETECTION", "INVENTORY", "SUPPORT", "CONTINUITY", "AUDIT", "ACCESS", "PLANNING",
]
TERM_WORDS = [
    "Access", "Activation", "Alert", "Anomaly", "Assurance", "Authorised", "Business", "Capacity",
    "Certificate", "Change", "Charging", "Communications", "Compliance", "Consumer", "Core",
    "Critical", "Data", "Device", "Detection", "Enrolment", "Event", "Firmware", "Gateway",
    "Hub", "Incident", "Interface", "Inventory", "Key", "Maintenance", "Metering", "Network",
    "Notification", "Operational", "Organisation", "Party", "Performance", "Planned", "Privacy",
    "Recovery", "Registration", "Release", "Request", "Response", "Schedule", "Security",
    "Service", "Smart", "Subscriber", "Supplier", "System", "Technical", "Testing", "Threshold",
    "User", "Validation",
]
SUBHEADINGS = [
    "Application", "General Obligations", "Notification Requirements", "Reporting", "Review",
    "Suspension", "Records", "Confidentiality", "Costs", "Transitional Provisions", "Interpretation",
    "Eligibility", "Procedure", "Timescales", "Exceptions", "Publication",
]
TABLE_HEADERS = [
    ["Reference", "Obligation", "Timescale"],
    ["Service", "Description", "Target Response Time"],
    ["Measure", "Performance Level", "Minimum Service Level"],
    ["Category", "Party", "Notification Period"],
]


# --------------------------------------------------------------------------------------------
# Content model
# --------------------------------------------------------------------------------------------


@dataclass
class Para:
    level: int  # 1 = clause "1.1", 2 = "(a)", 3 = "(i)"
    words: list[str]  # space-separated tokens (a token may carry punctuation, e.g. "Party,")

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]  # cells are plain strings


@dataclass
class Clause:
    cid: str
    paras: list[Para]  # paras[0] is the level-1 clause paragraph
    table: Table | None = None  # a table standing under the clause
    subheading: str | None = None  # an unnumbered bold sub-heading before the clause

    def words(self) -> list[str]:
        out = [w for p in self.paras for w in WORD.findall(p.text)]
        if self.table:
            out += [w for row in [self.table.header, *self.table.rows] for c in row for w in WORD.findall(c)]
        return out


@dataclass
class Definition:
    term: str
    meaning: str
    items: list[str] = field(default_factory=list)  # "(a)"-numbered items inside the cell

    def words(self) -> list[str]:
        return WORD.findall(" ".join([self.term, self.meaning, *self.items]))


@dataclass
class Part:
    title: str
    clauses: list[Clause]
    definitions: list[Definition] | None = None  # the definitions table after the first clause


@dataclass
class Doc:
    parts: list[Part]


# --------------------------------------------------------------------------------------------
# Text generation
# --------------------------------------------------------------------------------------------


class Writer:
    """Sentences from the word lists, driven by one seeded Random."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()  # every paragraph's words so far: no two paragraphs are the same

    def unique(self, make) -> list[str]:
        for _ in range(100):
            words = make()
            key = " ".join(WORD.findall(" ".join(words)))
            if key not in self.seen:
                self.seen.add(key)
                return words
        raise RuntimeError("could not make a paragraph unlike all the others")

    def clause_sentence(self, lo: int, hi: int) -> list[str]:
        r = self.rng
        target = r.randint(lo, hi)
        actor = r.choice(ACTORS)
        words = f"{actor[0].upper()}{actor[1:]} {r.choice(VERBS)} {r.choice(OBJECTS)} {r.choice(QUALIFIERS)}".split()
        while len(words) < target:
            words += f"{r.choice(CONNECTIVES)} {r.choice(ACTORS)} {r.choice(VERBS)} {r.choice(OBJECTS)}".split()
            if r.random() < 0.5:
                words += r.choice(QUALIFIERS).split()
        words[-1] += "."
        return words

    def item(self, lo: int, hi: int, last: bool) -> list[str]:
        r = self.rng
        target = r.randint(lo, hi)
        words = f"{r.choice(['where', 'in respect of', 'to', 'for', 'in relation to'])} {r.choice(OBJECTS)}".split()
        while len(words) < target:
            words += f"{r.choice(QUALIFIERS)} {r.choice(CONNECTIVES)} {r.choice(OBJECTS)}".split()
        words[-1] += "." if last else ";"
        return words

    def clause(self, cid: str, table_chance: float = 0.0) -> Clause:
        r = self.rng
        paras = [Para(1, self.unique(lambda: self.clause_sentence(8, 25)))]
        if r.random() < 0.45:
            paras[0].words[-1] = paras[0].words[-1].rstrip(".") + ":"
            n = r.randint(2, 5)
            for i in range(n):
                paras.append(Para(2, self.unique(lambda end=i == n - 1: self.item(5, 18, last=end))))
                if r.random() < 0.12:
                    paras[-1].words[-1] = paras[-1].words[-1][:-1] + ":"
                    m = r.randint(2, 3)
                    for j in range(m):
                        last = i == n - 1 and j == m - 1
                        paras.append(Para(3, self.unique(lambda end=last: self.item(5, 14, last=end))))
                    if i < n - 1:
                        paras[-1].words[-1] = paras[-1].words[-1][:-1] + ";"
        table = self.table() if r.random() < table_chance else None
        return Clause(cid, paras, table)

    def table(self) -> Table:
        r = self.rng
        header = list(r.choice(TABLE_HEADERS))
        rows = []
        for i in range(r.randint(3, 8)):
            rows.append([
                f"{r.choice(TERM_WORDS)} {r.choice(TERM_WORDS)} {i + 1}",
                " ".join(self.unique(lambda: self.item(6, 16, last=True))),
                r.choice(["five Working Days", "one month", "ten Working Days", "three months",
                          "24 hours", "as agreed with the Panel", "each Regulatory Year", "two Working Days"]),
            ])
        return Table(header, rows)

    def heading(self) -> str:
        return " ".join(self.rng.sample(HEADING_WORDS, self.rng.randint(2, 4)))

    def definition(self, term: str) -> Definition:
        r = self.rng

        def make() -> list[str]:
            words = ["means"] + r.choice(OBJECTS).split()
            target = r.randint(8, 30)
            while len(words) < target:
                words += f"{r.choice(QUALIFIERS)} {r.choice(CONNECTIVES)} {r.choice(OBJECTS)}".split()
            return words

        meaning = " ".join(self.unique(make)) + "."
        items = []
        if r.random() < 0.2:
            meaning = meaning.rstrip(".") + ":"
            n = r.randint(2, 4)
            items = [" ".join(self.unique(lambda end=i == n - 1: self.item(6, 16, last=end))) for i in range(n)]
        return Definition(term, meaning, items)

    def terms(self, n: int) -> list[str]:
        seen: set[str] = set()
        while len(seen) < n:
            seen.add(" ".join(self.rng.sample(TERM_WORDS, self.rng.choice([1, 2, 2, 2, 3]))))
        return sorted(seen)


def build_old(n_clauses: int, rng: random.Random) -> tuple[Doc, Writer]:
    w = Writer(rng)
    parts: list[Part] = []
    made = 0
    n_defs = max(20, n_clauses // 10)
    intro = Clause("C00000", [Para(1, ["In", "this", "Code,", "except", "where", "the", "context", "otherwise", "requires,", "the", "expressions", "in", "the", "left", "hand", "column", "below", "shall", "have", "the", "meanings", "given", "to", "them", "in", "the", "right", "hand", "column", "below."])])
    definitions = [w.definition(t) for t in w.terms(n_defs)]
    parts.append(Part("DEFINITIONS AND INTERPRETATION", [intro], definitions))
    made = 1
    while made < n_clauses:
        k = min(n_clauses - made, rng.randint(8, 32))
        clauses = []
        for _ in range(k):
            c = w.clause(f"C{made:05d}", table_chance=0.03)
            if clauses and rng.random() < 0.12:
                c.subheading = rng.choice(SUBHEADINGS)
            clauses.append(c)
            made += 1
        parts.append(Part(w.heading(), clauses))
    return Doc(parts), w


# --------------------------------------------------------------------------------------------
# The edit script
# --------------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------------
# .docx writer
# --------------------------------------------------------------------------------------------

STYLE_TITLE = "SEC Title"
STYLE_BODY = "SEC Body"
STYLE_SUBHEADING = "SEC Subheading"
LEVEL_STYLES = ["SEC Part Heading", "SEC Clause", "SEC Sub Paragraph", "SEC Sub Sub Paragraph"]
STYLE_TERM = "SEC Definition Term"
STYLE_MEANING = "SEC Definition Text"
STYLE_DEF_LIST = "SEC Definition List"
STYLE_TABLE_TEXT = "SEC Table Text"
CLAUSE_ABSTRACT, DEF_ABSTRACT = 10, 11
INDENT = 709  # twips


def sid(name: str) -> str:
    return name.replace(" ", "")


def _w(tag: str, **attrs: object):
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


def _lvl(ilvl: int, fmt: str, text: str, pstyle: str | None, left: int, hanging: int):
    lvl = _w("w:lvl", ilvl=ilvl)
    lvl.append(_w("w:start", val=1))
    lvl.append(_w("w:numFmt", val=fmt))
    if pstyle:
        lvl.append(_w("w:pStyle", val=sid(pstyle)))
    lvl.append(_w("w:lvlText", val=text))
    lvl.append(_w("w:lvlJc", val="left"))
    ppr = _w("w:pPr")
    ppr.append(_w("w:ind", left=left, hanging=hanging))
    lvl.append(ppr)
    return lvl


class Writerx:
    """Builds one .docx from a Doc, appending raw WordprocessingML to the body for speed."""

    def __init__(self, letter: str, version: str, date: dt.datetime) -> None:
        self.document = docx.Document()
        self.version = version
        self.date = date
        self.letter = letter
        self.numbering = self.document.part.numbering_part.element
        self.next_num = 1
        self._numbering()
        self._styles()
        self.body = self.document.element.body
        self.sect_pr = self.body[-1]  # keep w:sectPr last
        for el in list(self.body)[:-1]:
            self.body.remove(el)

    # -- numbering and styles ---------------------------------------------------------------

    def _numbering(self) -> None:
        root = self.numbering
        for el in list(root):
            root.remove(el)
        clause = _w("w:abstractNum", abstractNumId=CLAUSE_ABSTRACT)
        clause.append(_w("w:nsid", val="5EC0B001"))
        clause.append(_w("w:multiLevelType", val="multilevel"))
        clause.append(_w("w:name", val="SEC clauses"))
        specs = [("decimal", "%1", 0, INDENT), ("decimal", "%1.%2", INDENT, INDENT),
                 ("lowerLetter", "(%3)", 2 * INDENT, INDENT), ("lowerRoman", "(%4)", 3 * INDENT, INDENT)]
        for i, (fmt, text, left, hanging) in enumerate(specs):
            clause.append(_lvl(i, fmt, text, LEVEL_STYLES[i], left or INDENT, hanging))
        for i in range(4, 9):
            clause.append(_lvl(i, "decimal", f"%{i + 1}.", None, INDENT * i, INDENT))
        defs = _w("w:abstractNum", abstractNumId=DEF_ABSTRACT)
        defs.append(_w("w:nsid", val="5EC0B002"))
        defs.append(_w("w:multiLevelType", val="multilevel"))
        defs.append(_w("w:name", val="SEC definition lists"))
        defs.append(_lvl(0, "lowerLetter", "(%1)", STYLE_DEF_LIST, 567, 567))
        for i in range(1, 9):
            defs.append(_lvl(i, "lowerRoman", f"(%{i + 1})", None, 567 * (i + 1), 567))
        root.append(clause)
        root.append(defs)
        self.clause_num = self.add_num(CLAUSE_ABSTRACT)
        self.def_num = self.add_num(DEF_ABSTRACT)
        self.nums_start = len(root)

    def add_num(self, abstract_id: int, restart: bool = False) -> int:
        num_id = self.next_num
        self.next_num += 1
        num = _w("w:num", numId=num_id)
        num.append(_w("w:abstractNumId", val=abstract_id))
        if restart:
            ov = _w("w:lvlOverride", ilvl=0)
            ov.append(_w("w:startOverride", val=1))
            num.append(ov)
        self.numbering.append(num)
        return num_id

    def _styles(self) -> None:
        styles = self.document.styles
        normal = styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(10)
        rfonts = normal.element.get_or_add_rPr().find(qn("w:rFonts"))
        for attr in ("w:eastAsia", "w:cs"):
            rfonts.set(qn(attr), "Arial")

        def para_style(name, base, *, bold=False, size=None, after=4, align=None, keep=False, caps=False):
            st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = base
            pf = st.paragraph_format
            pf.space_after = Pt(after)
            if align is not None:
                pf.alignment = align
            if keep:
                pf.keep_with_next = True
            if bold:
                st.font.bold = True
            if caps:
                st.font.all_caps = True
            if size:
                st.font.size = Pt(size)
            return st

        body = para_style(STYLE_BODY, normal, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        para_style(STYLE_TITLE, normal, bold=True, size=14, after=12, align=WD_ALIGN_PARAGRAPH.CENTER)
        para_style(STYLE_SUBHEADING, body, bold=True, keep=True)
        for level, name in enumerate(LEVEL_STYLES):
            st = para_style(name, body, bold=level == 0, keep=level == 0, caps=level == 0,
                            after=12 if level == 0 else 4)
            num_pr = st.element.get_or_add_pPr().get_or_add_numPr()
            if level:
                num_pr.get_or_add_ilvl().val = level
            num_pr.get_or_add_numId().val = self.clause_num
            if level == 0:
                st.paragraph_format.space_before = Pt(12)
        table_text = para_style(STYLE_TABLE_TEXT, normal, after=3)
        para_style(STYLE_TERM, table_text, bold=True)
        meaning = para_style(STYLE_MEANING, table_text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        dl = para_style(STYLE_DEF_LIST, meaning)
        dl.element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = self.def_num

    # -- body -------------------------------------------------------------------------------

    def p(self, text: str, style: str, bold: bool = False, num_id: int | None = None, parent=None):
        p = _w("w:p")
        ppr = _w("w:pPr")
        ppr.append(_w("w:pStyle", val=sid(style)))
        if num_id is not None:
            num_pr = _w("w:numPr")
            num_pr.append(_w("w:ilvl", val=0))
            num_pr.append(_w("w:numId", val=num_id))
            ppr.append(num_pr)
        p.append(ppr)
        if text:
            r = _w("w:r")
            if bold:
                rpr = _w("w:rPr")
                rpr.append(_w("w:b"))
                r.append(rpr)
            t = _w("w:t")
            t.text = text
            if text != text.strip():
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            r.append(t)
            p.append(r)
        if parent is None:
            self.sect_pr.addprevious(p)
        else:
            parent.append(p)
        return p

    def table(self, rows: list[list[list[tuple[str, str, int | None]]]], widths: list[int], grid: bool,
              header: bool) -> None:
        tbl = _w("w:tbl")
        tpr = _w("w:tblPr")
        if grid:
            tpr.append(_w("w:tblStyle", val="TableGrid"))
        tpr.append(_w("w:tblW", w=sum(widths), type="dxa"))
        tpr.append(_w("w:tblLayout", type="fixed"))
        tpr.append(_w("w:tblLook", val="04A0", firstRow=1 if header else 0, lastRow=0, firstColumn=0,
                      lastColumn=0, noHBand=0, noVBand=1))
        tbl.append(tpr)
        g = _w("w:tblGrid")
        for wd in widths:
            g.append(_w("w:gridCol", w=wd))
        tbl.append(g)
        for ri, row in enumerate(rows):
            tr = _w("w:tr")
            if header and ri == 0:
                trpr = _w("w:trPr")
                trpr.append(_w("w:tblHeader"))
                tr.append(trpr)
            for ci, cell in enumerate(row):
                tc = _w("w:tc")
                tcpr = _w("w:tcPr")
                tcpr.append(_w("w:tcW", w=widths[ci], type="dxa"))
                tc.append(tcpr)
                for text, style, num_id in cell:
                    self.p(text, style, bold=header and ri == 0, num_id=num_id, parent=tc)
                tr.append(tc)
            tbl.append(tr)
        self.sect_pr.addprevious(tbl)

    def write(self, d: Doc, title: str) -> bytes:
        self.p(f"SECTION {self.letter} – {title}", STYLE_TITLE)
        self.p(f"Version {self.version}", STYLE_TITLE)
        self.p("Illustrative benchmark text generated by sectrack bench/generate.py — not the legal text "
               "of the Smart Energy Code.", STYLE_BODY)
        level_style = {1: LEVEL_STYLES[1], 2: LEVEL_STYLES[2], 3: LEVEL_STYLES[3]}
        for part in d.parts:
            self.p(part.title, LEVEL_STYLES[0])
            for ci, c in enumerate(part.clauses):
                if c.subheading:
                    self.p(c.subheading, STYLE_SUBHEADING)
                for para in c.paras:
                    self.p(para.text, level_style[para.level])
                if c.table:
                    rows = [[[(h, STYLE_TABLE_TEXT, None)] for h in c.table.header]]
                    rows += [[[(cell, STYLE_TABLE_TEXT, None)] for cell in row] for row in c.table.rows]
                    self.table(rows, [1900, 5000, 2100], grid=True, header=True)
                if ci == 0 and part.definitions:
                    rows = []
                    for df in part.definitions:
                        meaning = [(df.meaning, STYLE_MEANING, None)]
                        if df.items:
                            num = self.add_num(DEF_ABSTRACT, restart=True)
                            meaning += [(it, STYLE_DEF_LIST, num) for it in df.items]
                        rows.append([[(df.term, STYLE_TERM, None)], meaning])
                    self.table(rows, [2800, 6200], grid=False, header=False)
        self._footer(title)
        self._core(title)
        package = self.document.part.package
        for r_id, rel in list(package.rels.items()):  # the template's thumbnail: drop part and rel
            if rel.reltype.endswith("/thumbnail"):
                del package.rels[r_id]
        buf = io.BytesIO()
        self.document.save(buf)
        return normalise_zip(buf.getvalue())

    def _footer(self, title: str) -> None:
        section = self.document.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for m in ("left_margin", "right_margin"):
            setattr(section, m, Cm(2.0))
        fp = section.footer.paragraphs[0]
        fp.text = f"SEC Section {self.letter} ({title.title()}) – benchmark document"
        fp.style = self.document.styles[STYLE_BODY]

    def _core(self, title: str) -> None:
        cp = self.document.core_properties
        cp.title = f"SEC Section {self.letter} – {title.title()}"
        cp.author = "sectrack bench"
        cp.last_modified_by = "sectrack bench"
        cp.version = self.version
        cp.revision = 1
        cp.created = dt.datetime(2024, 1, 1, 9, 0, 0)
        cp.modified = self.date


def normalise_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed zip dates and sorted entries: same seed, same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(name))
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------


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
