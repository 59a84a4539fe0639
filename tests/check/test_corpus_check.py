"""The bundled corpus' releases give exactly the findings corpus/README.md documents."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import sectrack.docx
from sectrack.check import check, delta, load_config
from sectrack.compare import compare
from sectrack.model import Document

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
RELEASES = ["52.0", "53.0", "54.0", "55.0"]

TITLE_L1 = ("ref.title-mismatch", "section-a", "A1.1 [SMKI Policy Management Authority]",
            "Section L1.1 (Establishment of the SMKI PMA)")
CASE = ("term.case", "section-a", "A1.1 [SMETS1 Installation]", "smart metering system")


def subscriber(ref: str) -> tuple[str, str, str, str]:
    return ("ref.title-mismatch", "section-a", "A1.1 [Authorised Subscriber]", f"Section L{ref} (Authorised Subscribers)")


EXPECTED = {
    "52.0": {subscriber("3.6"), TITLE_L1, CASE},
    "53.0": {subscriber("3.7"), TITLE_L1, CASE},
    "54.0": {subscriber("3.7"), TITLE_L1, CASE},
    "55.0": {subscriber("3.7"), TITLE_L1, CASE},
}


@pytest.fixture(scope="module")
def in_effect() -> dict[str, dict[str, Document]]:
    """Release -> the corpus documents in effect after it, from the manifests."""
    out: dict[str, dict[str, Document]] = {}
    docs: dict[str, Document] = {}
    for release in RELEASES:
        manifest = yaml.safe_load((CORPUS / "releases" / f"v{release}.yaml").read_text())
        for entry in manifest["documents"]:
            docs[entry["slug"]] = sectrack.docx.read(CORPUS / "releases" / entry["file"])
        out[release] = dict(docs)
    return out


@pytest.mark.parametrize("release", RELEASES)
def test_each_release_gives_the_documented_findings(in_effect, release: str) -> None:
    report = check(in_effect[release], load_config(CORPUS / "sectrack-check.yaml"), release)
    assert {(f.code, f.document, f.ref, f.subject) for f in report.findings} == EXPECTED[release]
    assert all(f.severity == "warning" for f in report.findings)


def test_without_its_configuration_the_documents_outside_the_corpus_are_missing(in_effect) -> None:
    report = check(in_effect["54.0"])
    missing = {f.subject for f in report.findings if f.code == "ref.missing-document"}
    assert {"Section G (Security)", "Section T3.34 (Additional Interface Testing)", "Appendix AG"} <= missing
    assert not any(f.code == "ref.missing-clause" for f in report.findings)


def test_v54_delta_and_impact(in_effect) -> None:
    config = load_config(CORPUS / "sectrack-check.yaml")
    before, after = (check(in_effect[r], config, r) for r in ("53.0", "54.0"))
    changesets = {slug: compare(in_effect["53.0"][slug], doc) for slug, doc in in_effect["54.0"].items()
                  if slug in in_effect["53.0"] and in_effect["53.0"][slug].version != doc.version}
    d = delta(before, after, changesets)
    assert d.introduced == [] and d.fixed == [] and d.left_behind == []
    impact = {i.term: (i.change, len(i.uses)) for i in d.impact}
    assert impact["Key Rotation"] == ("added", 13)
    assert impact["SMETS1 Cryptographic Key Management Policy"][0] == "added"
    assert impact["Key Ceremony"][0] == "amended"
    assert set(impact) == {"Cryptoperiod", "Device Security Credentials", "Dual Control", "Final Operating Capability",
                           "Initial Operating Capability", "Key Ceremony", "Key Custodian", "Key Rotation",
                           "Middle Operating Capability", "SMETS1 Cryptographic Key Management Policy", "SMETS1 Key",
                           "Split Knowledge"}
