"""All the checks over a set of documents in effect: ``check(docs) -> Report``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sectrack.check.findings import ERROR, WARNING, Config, Finding, with_severity
from sectrack.check.index import DocIndex
from sectrack.check.matching import Term
from sectrack.check.refs import Code, check_refs
from sectrack.check.terms import ScanMemo, scan_terms
from sectrack.model import Document


@dataclass
class Report:
    """The findings at one release, and what the delta and impact need from the reading."""

    release: str
    findings: list[Finding]
    code: Code = field(repr=False)
    uses: dict[Term, list[tuple[str, str]]] = field(default_factory=dict, repr=False)

    def counts(self) -> dict[str, int]:
        """Number of findings by severity."""
        out = {ERROR: 0, WARNING: 0}
        for f in self.findings:
            out[f.severity] = out.get(f.severity, 0) + 1
        return out

    def to_dict(self) -> dict[str, object]:
        """The JSON form: the release, counts and findings."""
        return {"release": self.release, "counts": self.counts(), "findings": [f.to_dict() for f in self.findings]}


def check(docs: Mapping[str, Document | DocIndex], config: Config | None = None, release: str = "",
          memo: ScanMemo | None = None) -> Report:
    """Check the documents in effect (slug -> Document, or its DocIndex): defined terms and
    cross-references; ``memo`` shared by two checks of one code (see ``ScanMemo``) saves reading
    again what has not changed."""
    config = config or Config()
    code = Code.of(docs, config, release)
    scan = scan_terms(code, memo)
    findings = with_severity(check_refs(code) + scan.findings, config)
    order = {slug: i for i, slug in enumerate(sorted(docs, key=_document_order))}
    clauses = {slug: {ref: i for i, ref in enumerate(ix.order)} for slug, ix in code.docs.items()}

    def where(f: Finding) -> tuple[int, int, str]:
        return (order.get(f.document, len(order)), clauses[f.document].get(f.ref.split(" [")[0], -1), f.code)

    findings.sort(key=where)
    return Report(release, findings, code, dict(scan.uses))


def _document_order(slug: str) -> tuple[int, int, str]:
    """Sections before Appendices, then by letter (A … Z, AA … AZ)."""
    kind, _, letter = slug.partition("-")
    return (0 if kind == "section" else 1, len(letter), letter)


def failing(report: Report, fail_on: str) -> bool:
    """True when ``report`` holds a finding at or above ``fail_on`` (error, warning or never)."""
    if fail_on == "never":
        return False
    wanted = {ERROR} if fail_on == ERROR else {ERROR, WARNING}
    return any(f.severity in wanted for f in report.findings)
