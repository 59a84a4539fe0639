"""The generated SEC-like documents' vocabulary, content model and text, for bench/generate.py.

The word lists are written for this benchmark (illustrative, not the legal text of the SEC); ``Writer``
makes sentences, clauses, definitions and tables from them, and ``build_old`` the old version.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

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
