"""A release's delta: findings introduced and fixed, references a renumbering left behind, and
the impact of Section A's definition changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from check.secdocs import definitions, make

from sectrack.check import check, delta
from sectrack.check.delta import renumbering
from sectrack.compare import compare

A1 = definitions(("Key Rotation", "means the replacement of a key."), ("Party", "means a party to this Code."),
                 ("Whatsit", "means a thing that is no longer needed."))
A2 = definitions(("Key Custodian", "means a person who holds a share of a key."),
                 ("Key Rotation", "means the scheduled replacement of a cryptographic key."),
                 ("Party", "means a party to this Code."))
L1 = """
# KEYS
1. Each Party shall carry out Key Rotation yearly.
2. The Whatsit of each Party shall be kept safe.
"""
L2 = """
# KEYS
1. The DCC shall appoint each Key Custodian.
2. Each Party shall carry out Key Rotation yearly.
3. The Whatsit of each Party shall be kept safe by a Key Custodian, as Section L7.1 says.
"""
AM = """
# GENERAL
1. Each Party shall rotate keys as Section L1.1 requires, and keep them as Section L1.2 says.
2. Section L1.3 applies to every Key Rotation.
"""


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory):
    folder: Path = tmp_path_factory.mktemp("delta")
    a1, a2 = (make(folder, "section-a", "Definitions and Interpretation", s, v) for s, v in ((A1, "1.0"), (A2, "2.0")))
    l1, l2 = (make(folder, "section-l", "Keys", s, v) for s, v in ((L1, "1.0"), (L2, "2.0")))
    am = make(folder, "appendix-am", "SMETS1 Supporting Requirements", AM)
    before = check({"section-a": a1, "section-l": l1, "appendix-am": am}, release="1.0")
    after = check({"section-a": a2, "section-l": l2, "appendix-am": am}, release="2.0")
    return before, after, {"section-a": compare(a1, a2), "section-l": compare(l1, l2)}


def test_renumbering_map(releases) -> None:
    _, _, changesets = releases
    assert renumbering(changesets["section-l"]) == {"L1.1": "L1.2", "L1.2": "L1.3"}


def test_references_left_behind_say_where_the_clause_went(releases) -> None:
    before, after, changesets = releases
    d = delta(before, after, changesets)
    found = {(lb.finding.document, lb.finding.ref, lb.cited, lb.now) for lb in d.left_behind}
    assert found == {("appendix-am", "1.1", "L1.1", "L1.2"), ("appendix-am", "1.1", "L1.2", "L1.3")}
    lb = next(lb for lb in d.left_behind if lb.cited == "L1.2")
    assert lb.finding.code == "ref.renumbered" and lb.target == "section-l"
    assert lb.finding.detail == "L1.2 is now L1.3; L1.2 is now another clause"


def test_introduced_and_fixed(releases) -> None:
    before, after, changesets = releases
    d = delta(before, after, changesets)
    assert [(f.code, f.subject) for f in d.fixed] == [("ref.missing-clause", "Section L1.3")]
    assert [(f.code, f.ref, f.subject) for f in d.introduced] == [("ref.missing-clause", "L1.3", "Section L7.1")]
    assert d.errors == d.introduced


def test_impact_of_definition_changes(releases) -> None:
    before, after, changesets = releases
    impact = {i.term: (i.change, i.uses) for i in delta(before, after, changesets).impact}
    assert impact == {
        "Key Custodian": ("added", (("section-l", "L1.1"), ("section-l", "L1.3"))),
        "Key Rotation": ("amended", (("section-l", "L1.2"), ("appendix-am", "1.2"))),
        "Whatsit": ("removed", (("section-l", "L1.3"),)),
    }


def test_json(releases) -> None:
    before, after, changesets = releases
    data = json.loads(json.dumps(delta(before, after, changesets).to_dict()))
    assert data["release"] == "2.0" and data["previous"] == "1.0"
    assert {"target", "cited", "now", "code", "text"} <= set(data["left_behind"][0])
    assert data["impact"][0] == {"term": "Key Custodian", "change": "added", "count": 2,
                                 "uses": [{"document": "section-l", "ref": "L1.1"}, {"document": "section-l", "ref": "L1.3"}]}


def test_first_release_introduces_everything(releases) -> None:
    before, _, _ = releases
    d = delta(None, before, {})
    assert d.introduced == before.findings and d.fixed == [] and d.left_behind == []


def test_a_deleted_clause_left_behind(tmp_path: Path) -> None:
    l1 = make(tmp_path, "section-l", "Keys", "# KEYS\n1. One.\n2. Two.\n3. Three.\n", "1.0")
    l2 = make(tmp_path, "section-l", "Keys", "# KEYS\n1. One.\n3. Three.\n", "2.0")
    am = make(tmp_path, "appendix-am", "SMETS1 Supporting Requirements", "# GENERAL\n1. As Section L1.2 says.\n")
    before = check({"section-l": l1, "appendix-am": am}, release="1.0")
    after = check({"section-l": l2, "appendix-am": am}, release="2.0")
    d = delta(before, after, {"section-l": compare(l1, l2)})
    assert [(lb.cited, lb.now, lb.finding.detail) for lb in d.left_behind] == [
        ("L1.2", "", "L1.2 was deleted; L1.2 is now another clause")]
