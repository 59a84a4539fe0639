"""Added words are never shown as a rewrite; a shared head or tail is never struck and retyped."""

from __future__ import annotations

from pathlib import Path

from sectrack.compare import EQUAL, MODIFIED, SpanOp, compare
from sectrack.docx import read

from .build import clause, doc, p, table
from .invariants import check_changeset

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "documents"
BASE = "The DCC shall notify each Responsible Supplier of a Compromise within 24 hours."
PROVISO = (", provided that where the Compromise affects more than one SMETS1 Cohort the DCC shall also notify"
           " the SMKI PMA and the Panel, and shall publish a summary of the steps it has taken on the DCC Website"
           " within five Working Days of becoming aware of it")


def _ops(c):
    return [(s.op, s.text) for s in c.spans]


def _joined(c):
    """Spans merged by op: [(op, text), ...]."""
    out: list[list[str]] = []
    for s in c.spans:
        if out and out[-1][0] == s.op:
            out[-1][1] += s.text
        else:
            out.append([s.op, s.text])
    return [tuple(x) for x in out]


def _one(old_text: str, new_text: str):
    cs = compare(doc(clause("4.2", old_text)), doc(clause("4.2", new_text)))
    check_changeset(cs)
    assert len(cs.body) == 1
    return cs.body[0]


def test_appended_proviso_is_an_amendment_not_a_rewrite():
    new = BASE[:-1] + PROVISO + "."
    assert len(new) > 3.5 * len(BASE)
    c = _one(BASE, new)
    assert c.kind == MODIFIED and not c.replaced
    assert _joined(c) == [(SpanOp.EQUAL, BASE[:-1]), (SpanOp.INSERT, PROVISO), (SpanOp.EQUAL, ".")]


def test_prepended_words_are_an_amendment():
    lead = "Subject to clause 6.4 of the SMETS1 Cryptographic Key Management Policy and to any direction of the SMKI PMA, "
    c = _one("the DCC shall rotate keys.", lead + "the DCC shall rotate keys.")
    assert not c.replaced and _joined(c) == [(SpanOp.INSERT, lead), (SpanOp.EQUAL, "the DCC shall rotate keys.")]


def test_removed_words_are_an_amendment():
    c = _one(BASE[:-1] + PROVISO + ".", BASE)
    assert not c.replaced and _joined(c) == [(SpanOp.EQUAL, BASE[:-1]), (SpanOp.DELETE, PROVISO), (SpanOp.EQUAL, ".")]


def test_a_rewrite_keeps_the_shared_head_and_tail():
    old = "Keys are replaced by the SMETS1 Service Provider on request by the DCC; each Device confirms every replacement"
    new = "Scheduled Key Rotation applies, as set out in the Policy; each Device confirms every replacement"
    c = _one(old, new)
    assert c.replaced
    assert _joined(c) == [
        (SpanOp.DELETE, "Keys are replaced by the SMETS1 Service Provider on request by the DCC"),
        (SpanOp.INSERT, "Scheduled Key Rotation applies, as set out in the Policy"),
        (SpanOp.EQUAL, "; each Device confirms every replacement"),
    ]
    c = _one("The Panel shall meet monthly to consider reports.", "The SECAS may from time to time publish guidance.")
    assert c.replaced and _joined(c)[0] == (SpanOp.EQUAL, "The ") and _joined(c)[-1] == (SpanOp.EQUAL, ".")


def test_a_cell_whose_words_all_survive_is_amended():
    old = doc(table(["Key", "Trigger"], ["Audit Log signing key", "Compromise"]))
    new = doc(table(["Key", "Trigger"], ["Audit Log signing key", "Compromise; replacement of the Hardware Security Module"]))
    cs = compare(old, new)
    check_changeset(cs)
    cell = cs.body[0].rows[1].cells[1].blocks[0]
    assert not cell.replaced
    assert _joined(cell) == [(SpanOp.EQUAL, "Compromise"), (SpanOp.INSERT, "; replacement of the Hardware Security Module")]


def test_a_clause_with_a_proviso_is_paired_among_other_changes():
    """In a gap with other insertions, the clause that gained a proviso is paired with its old self."""
    old = doc(clause("1.1", "Intro."), clause("1.2", BASE), clause("1.3", "End of the section."))
    new = doc(clause("1.1", "Intro."), p("A new unrelated paragraph about Smart Metering Inventory records."),
              clause("1.2", BASE[:-1] + PROVISO + "."), clause("1.3", "End of the section."))
    cs = compare(old, new)
    check_changeset(cs)
    amended = [c for c in cs.body if c.kind == MODIFIED]
    assert len(amended) == 1 and not amended[0].replaced
    assert [c.kind for c in cs.body].count(EQUAL) == 2


def _cell_change(cs, row_key: str):
    for bc in cs.body:
        for r in bc.rows:
            if r.new is not None and r.new.cells and row_key in r.new.cells[0].text:
                return r
    raise AssertionError(f"no row {row_key}")


def test_appendix_at_audit_log_signing_key_row():
    """AT v1.0 -> v1.1, table 6.2: "Compromise" became "Compromise; replacement of the HSM"."""
    cs = compare(read(CORPUS / "appendix-at" / "appendix-at-v1.0.docx"), read(CORPUS / "appendix-at" / "appendix-at-v1.1.docx"))
    check_changeset(cs)
    r = _cell_change(cs, "Audit Log signing key")
    changed = [b for c in r.cells for b in c.blocks if b.kind != EQUAL]
    assert len(changed) == 1 and not changed[0].replaced
    assert _joined(changed[0]) == [(SpanOp.EQUAL, "Compromise"), (SpanOp.INSERT, "; replacement of the Hardware Security Module")]


def test_appendix_am_ioc_cell_keeps_its_shared_tail():
    """AM v15 -> v16, table 2.2: the IOC cell's "; each Device confirms every replacement" stays."""
    cs = compare(read(CORPUS / "appendix-am" / "appendix-am-v15.0.docx"), read(CORPUS / "appendix-am" / "appendix-am-v16.0.docx"))
    check_changeset(cs)
    texts = []
    for bc in cs.body:
        for r in bc.rows:
            for c in r.cells:
                for b in c.blocks:
                    if b.kind == MODIFIED and "each Device confirms every replacement" in (b.new.text if b.new else ""):
                        texts.append(_joined(b))
    assert texts and all(j[-1] == (SpanOp.EQUAL, "; each Device confirms every replacement") for j in texts)
    assert not any(op == SpanOp.DELETE and "confirms" in t for j in texts for op, t in j)
    assert not any(op == SpanOp.INSERT and "confirms" in t for j in texts for op, t in j)
