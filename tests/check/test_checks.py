"""The checks on a constructed code with one planted defect of each kind: each is found, nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from check.secdocs import make

from sectrack.check import (
    CONFIG_ENV,
    Config,
    ConfigError,
    check,
    config_from,
    config_location,
    failing,
    find_config,
    load_config,
)
from sectrack.model import Document

CONFIG = config_from({"outside": ["Section G"]})

PLANTED = {
    ("term.duplicate", "section-a", "A1.1 [Key Rotation]", "Key Rotation"),
    ("term.unused", "section-a", "A1.1 [Unused Expression]", "Unused Expression"),
    ("ref.missing-clause", "section-l", "L2.2", "paragraph (a) of Section L2.1"),
    ("ref.missing-clause", "section-l", "L2.2(b)", "paragraph (d)"),
    ("ref.missing-clause", "section-l", "L2.3", "Section L9.9"),
    ("ref.missing-clause", "section-l", "L2.3", "Sections L1.1 to L1.7"),
    ("ref.missing-document", "section-l", "L2.4", "Appendix ZZ"),
    ("ref.title-mismatch", "section-l", "L2.4", "Section L1 (Wrong Title)"),
    ("term.undefined", "section-l", "L2.4", "Frobnication Widget"),
    ("ref.missing-clause", "section-l", "L2.5", "paragraph (a)"),
    ("term.case", "section-l", "L2.5", "smart metering equipment"),
    ("term.undefined", "section-l", "L2.5", "Eligible Device Model"),
    ("term.duplicate", "appendix-am", "1.2(b)", "Key Rotation"),
    ("ref.missing-clause", "appendix-am", "1.3", "clause 3.4 of this Appendix"),
    ("ref.missing-clause", "appendix-am", "1.4", "Part 7 of this Appendix"),
}


def keys(report) -> set[tuple[str, str, str, str]]:
    return {(f.code, f.document, f.ref, f.subject) for f in report.findings}


def test_every_planted_defect_and_nothing_else(code: dict[str, Document]) -> None:
    assert keys(check(code, CONFIG)) == PLANTED


def test_what_is_not_a_finding(code: dict[str, Document]) -> None:
    """Plurals, possessives, sentence starts, proper names, a document outside the store, a
    clause's own paragraphs, bracketed and "means" definitions scoped to their document."""
    subjects = {f.subject for f in check(code, CONFIG).findings}
    for fine in ("Key Rotations", "Party's", "Every Frobnication Widget", "Christmas Day", "Good Friday",
                 "Section G (Security)", "Section L2.2 (Authorised Subscribers)", "Appendix AM (SMETS1 Supporting Requirements)",
                 "Section L1.1 (Establishment of the SMKI PMA)", "clause 1.2 of this Appendix", "Part 1"):
        assert fine not in subjects


def test_findings_say_where_and_what(code: dict[str, Document]) -> None:
    report = check(code, CONFIG, release="9.0")
    f = next(f for f in report.findings if f.subject == "Section L9.9")
    assert f.severity == "error" and f.release == "9.0"
    assert f.text == "Key Rotations shall follow Section L9.9, and Sections L1.1 to L1.7 apply to them."
    assert f.detail == "Section L has no clause L9.9"
    data = json.loads(json.dumps(report.to_dict()))
    assert data["counts"] == {"error": 8, "warning": 7}
    assert set(data["findings"][0]) == {"code", "severity", "document", "ref", "subject", "text", "release", "detail"}


def test_findings_are_in_document_and_clause_order(code: dict[str, Document]) -> None:
    docs = [f.document for f in check(code, CONFIG).findings]
    assert docs == sorted(docs, key=["section-a", "section-l", "appendix-am"].index)
    refs = [f.ref for f in check(code, CONFIG).findings if f.document == "section-l"]
    assert refs == sorted(refs)


def test_without_the_outside_list_the_missing_document_is_an_error(code: dict[str, Document]) -> None:
    assert ("ref.missing-document", "section-l", "L2.4", "Section G (Security)") in keys(check(code))


def test_severity_and_allow_are_configurable(code: dict[str, Document]) -> None:
    config = config_from({"outside": ["section-g"], "allow": ["Frobnication Widget"],
                          "severity": {"ref.missing-clause": "warning", "term.unused": "off"}})
    report = check(code, config)
    assert "Frobnication Widget" not in {f.subject for f in report.findings}
    assert not any(f.code == "term.unused" for f in report.findings)
    assert {f.severity for f in report.findings if f.code == "ref.missing-clause"} == {"warning"}


def test_fail_on(code: dict[str, Document]) -> None:
    report = check(code, CONFIG)
    assert failing(report, "error") and failing(report, "warning") and not failing(report, "never")
    quiet = check(code, config_from({"outside": ["section-g"], "severity": {
        "ref.missing-clause": "warning", "ref.missing-document": "warning"}}))
    assert not failing(quiet, "error") and failing(quiet, "warning")


def test_a_term_defined_by_a_document_is_scoped_to_it(code: dict[str, Document]) -> None:
    undefined = {(f.document, f.subject) for f in check(code, CONFIG).findings if f.code == "term.undefined"}
    assert ("section-l", "Eligible Device Model") in undefined
    assert not any(doc == "appendix-am" for doc, _ in undefined)


def test_an_empty_code_has_no_findings() -> None:
    assert check({}).findings == []


@pytest.mark.parametrize("text, problem", [
    ("allow: [1, 2]", "allow: expected a list of strings"),
    ("outside: [Schedule 3]", "outside: 'Schedule 3' is not a document"),
    ("severity: {term.unknown: error}", "severity: unknown code 'term.unknown'"),
    ("severity: {term.unused: fatal}", "severity: term.unused: expected error, warning or off"),
    ("colour: red", "unknown key 'colour'"),
    ("allow: [unclosed", "not valid YAML at line"),
])
def test_bad_configuration(tmp_path, text: str, problem: str) -> None:
    path = tmp_path / "sectrack-check.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=problem.replace("[", r"\[").replace("(", r"\(")):
        load_config(path)


def test_configuration_file(tmp_path) -> None:
    path = tmp_path / "sectrack-check.yaml"
    path.write_text("allow: [Great Western]\noutside: [Appendix AG, section-b]\nseverity: {term.case: error}\n")
    config = load_config(path)
    assert config.allow == {"great western"} and config.outside == {"appendix-ag", "section-b"}
    assert config.severity_of("term.case") == "error" and config.severity_of("term.unused") == "warning"
    assert load_config(None) == Config()


def test_where_the_configuration_is_found(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file given, else the one $SECTRACK_CHECK_CONFIG names, else sectrack-check.yaml in the
    working directory, else none; a file named but missing is an error, never skipped."""
    here = tmp_path / "sectrack-check.yaml"
    here.write_text("allow: [Here]\n")
    named = tmp_path / "named.yaml"
    named.write_text("allow: [Named]\n")
    given = tmp_path / "given.yaml"
    given.write_text("allow: [Given]\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    assert config_location() == Path("sectrack-check.yaml") and find_config().allow == {"here"}
    monkeypatch.setenv(CONFIG_ENV, str(named))
    assert config_location() == named and find_config().allow == {"named"}
    assert config_location(given) == given and find_config(given).allow == {"given"}
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "missing.yaml"))
    with pytest.raises(ConfigError, match="cannot read"):
        find_config()
    monkeypatch.delenv(CONFIG_ENV)
    here.unlink()
    assert config_location() is None and find_config() == Config()


def test_a_definitions_table_of_a_document_defines_terms_for_it(tmp_path) -> None:
    from check.secdocs import definitions, make

    a = make(tmp_path, "section-a", "Definitions and Interpretation", definitions(
        ("Party", "means a party to this Code."), ("Panel", "means the SEC Panel."), ("Code", "means this Code.")))
    table = definitions(("Test Window", "means a period for testing."), ("Test Report", "means a report."),
                        ("Panel", "means the panel of testers."))
    t = make(tmp_path, "section-t", "Testing", table + "# TESTS\n1. Each Test Window ends with a Test Report to the Panel.\n")
    keys = make(tmp_path, "section-l", "Keys", "# KEYS\n1. No Test Window applies to a Party.\n")
    found = {(f.code, f.document, f.subject) for f in check({"section-a": a, "section-t": t, "section-l": keys}).findings}
    assert ("term.undefined", "section-l", "Test Window") in found
    assert not any(doc == "section-t" and code == "term.undefined" for code, doc, _ in found)
    assert ("term.duplicate", "section-t", "Panel") in found


def test_an_index_through_json_checks_the_same(code: dict[str, Document]) -> None:
    from sectrack.check.index import DocIndex

    indexes = {slug: DocIndex.from_dict(json.loads(json.dumps(DocIndex.of(doc).to_dict()))) for slug, doc in code.items()}
    assert check(indexes, CONFIG).findings == check(code, CONFIG).findings
    with pytest.raises(ValueError):
        DocIndex.from_dict({**DocIndex.of(code["section-l"]).to_dict(), "format": 0})
    for doc in code.values():
        index = DocIndex.of(doc)
        assert json.loads(index.to_json()) == index.to_dict()  # one JSON form, however written
        assert DocIndex.from_json(index.to_json()) == DocIndex.from_json(json.dumps(index.to_dict())) == index
    for damaged in (b"{not json", json.dumps({**index.to_dict(), "format": 0}), json.dumps({"format": 1})):
        with pytest.raises(ValueError):
            DocIndex.from_json(damaged)


RANGES_L = """
# FIRST PART
1. The first clause.
2. The second clause.
3. The third clause, with paragraphs:
  (a) the first;
  (b) the second; and
  (c) the third.
4. Sections L1.2 to L1.4 apply, and Sections L1.1 to L2.2 (the whole of the interior uncited).
5. Sections L1.4 to L1.2 apply.
6. Sections L1.3 to L1.3 apply.
7. Sections L1.2 to M1.1 apply.
8. Sections L1.2 to L1.9 apply.
# SECOND PART
1. As paragraphs (a) to (c) of clause L1.3 say.
2. As paragraphs (c) to (a) of clause L1.3 say.
"""
RANGES_M = """
# ONLY PART
1. Clauses 1.1 to 1.3 of this Section apply.
2. Clauses 1.3 to 1.1 of this Section apply.
3. The last clause.
"""


def test_a_range_is_checked_at_its_ends(tmp_path) -> None:
    """Both ends must exist, in one document, the start before the end; the clauses between them
    need not be cited."""
    docs = {"section-l": make(tmp_path, "section-l", "Ranges", RANGES_L),
            "section-m": make(tmp_path, "section-m", "More Ranges", RANGES_M)}
    found = {(f.code, f.ref, f.subject, f.detail) for f in check(docs).findings if f.code.startswith("ref.")}
    assert found == {
        ("ref.range", "L1.5", "Sections L1.4 to L1.2", "L1.2 comes before L1.4 in Section L"),
        ("ref.range", "L1.6", "Sections L1.3 to L1.3", "the range starts and ends at L1.3"),
        ("ref.range", "L1.7", "Sections L1.2 to M1.1", "the range runs from Section L to Section M"),
        ("ref.missing-clause", "L1.8", "Sections L1.2 to L1.9", "Section L has no clause L1.9"),
        ("ref.range", "L2.2", "paragraphs (c) to (a) of clause L1.3", "L1.3(a) comes before L1.3(c) in Section L"),
        ("ref.range", "M1.2", "Clauses 1.3 to 1.1 of this Section", "M1.1 comes before M1.3 in Section M"),
    }
    assert all(f.severity == "warning" for f in check(docs).findings if f.code == "ref.range")
    assert not [f for f in check(docs, config_from({"severity": {"ref.range": "off"}})).findings
                if f.code == "ref.range"]


def test_a_memo_shared_by_two_checks_reads_again_only_what_changed(code: dict[str, Document]) -> None:
    """The two checks of a delta share what they read of each document version: the second reads
    only what changed, and a change to Section A changes every document's reading."""
    from sectrack.check.index import DocIndex
    from sectrack.check.terms import ScanMemo

    def keyed(version: str) -> dict[str, DocIndex]:
        out = {}
        for slug, doc in code.items():
            out[slug] = DocIndex.of(doc)
            out[slug].version_key = f"{slug}@{version}"
        return out

    memo = ScanMemo()
    first = keyed("1")
    report = check(first, CONFIG, "1.0", memo)
    assert report.findings == check(code, CONFIG, "1.0").findings and len(memo.parts) == 3
    again = check(keyed("1"), CONFIG, "2.0", memo)
    fresh = check(code, CONFIG, "2.0")
    assert again.findings == fresh.findings and dict(again.uses) == dict(fresh.uses) and len(memo.parts) == 3
    assert {f.release for f in again.findings} == {"2.0"}
    amended = keyed("1")
    amended["section-a"] = DocIndex.of(code["section-a"])
    amended["section-a"].definitions = [d for d in amended["section-a"].definitions if d.term != "Working Day"]
    amended["section-a"].version_key = "section-a@2"
    changed = check(amended, CONFIG, "3.0", memo)
    assert changed.findings == check(amended, CONFIG, "3.0").findings and len(memo.parts) == 6
    assert ("term.undefined", "section-l", "L1.2", "Working Days") in keys(changed)
