"""Constructed cases, one per kind of change."""

from __future__ import annotations

import pytest

from sectrack.compare import DELETED, EQUAL, INSERTED, MODIFIED, MOVED_FROM, MOVED_TO, SpanOp, compare

from .build import clause, defs, doc, note, p, table
from .invariants import check_changeset

S1 = "The Panel shall meet at least once in each month to consider Modification Proposals."
S2 = "The DCC shall provide the Services in accordance with the Code and the Licence."
S3 = "Each Party shall comply with the SMKI Policy and the Recovery Procedure at all times."
S4 = "The Code Administrator shall publish the Document Log after each SEC Release."
S5 = "Nothing in this Section limits the rights of the Authority under the Act."


def run_compare(old, new, **kw):
    cs = compare(old, new, **kw)
    check_changeset(cs)
    return cs


def kinds(cs):
    return [c.kind for c in cs.body]


def ops(c):
    return [(s.op, s.text) for s in c.spans]


def test_identical_documents_are_same():
    d = doc(clause("A1.1", S1), p(S2, ref="A1.1"), table(["a", "b"], ["c", "d"]), headers=["SEC Section A"])
    cs = run_compare(d, d)
    assert cs.same and kinds(cs) == [EQUAL, EQUAL, EQUAL]
    assert cs.summary.modified == cs.summary.inserted == cs.summary.deleted == 0
    assert ops(cs.body[0]) == [(SpanOp.EQUAL, S1)]


def test_word_edit():
    old = doc(clause("A1.1", S1), clause("A1.2", S2))
    new = doc(clause("A1.1", S1.replace("once in each month", "once in each quarter")), clause("A1.2", S2))
    cs = run_compare(old, new)
    assert kinds(cs) == [MODIFIED, EQUAL]
    c = cs.body[0]
    assert (SpanOp.DELETE, "month") in ops(c) and (SpanOp.INSERT, "quarter") in ops(c)
    assert not c.replaced and not c.renumbered
    assert cs.summary.modified == 1 and not cs.same


def test_never_half_words():
    old = doc(p("The Supplier shall notify the Panel."))
    new = doc(p("The Suppliers shall notify the Panel."))
    c = run_compare(old, new).body[0]
    assert ops(c) == [(SpanOp.EQUAL, "The "), (SpanOp.DELETE, "Supplier"), (SpanOp.INSERT, "Suppliers"), (SpanOp.EQUAL, " shall notify the Panel.")]


def test_spans_keep_run_formatting():
    old = doc(p("The ", ("Panel", "b"), " shall meet monthly."))
    new = doc(p("The ", ("Panel", "b"), " shall meet ", ("weekly", "i"), "."))
    c = run_compare(old, new).body[0]
    assert [(s.op, s.text, s.run.bold, s.run.italic) for s in c.spans] == [
        (SpanOp.EQUAL, "The ", False, False), (SpanOp.EQUAL, "Panel", True, False), (SpanOp.EQUAL, " shall meet ", False, False),
        (SpanOp.DELETE, "monthly", False, False), (SpanOp.INSERT, "weekly", False, True), (SpanOp.EQUAL, ".", False, False),
    ]


def test_insert_and_delete():
    old = doc(clause("A1.1", S1), clause("A1.2", S2), clause("A1.3", S3))
    new = doc(clause("A1.1", S1), clause("A1.2", S3), clause("A1.3", S4))
    cs = run_compare(old, new)
    assert kinds(cs) == [EQUAL, DELETED, EQUAL, INSERTED]
    assert ops(cs.body[1]) == [(SpanOp.DELETE, S2)] and ops(cs.body[3]) == [(SpanOp.INSERT, S4)]
    assert cs.summary.inserted == 1 and cs.summary.deleted == 1


def test_move():
    old = doc(clause("A1.1", S1), clause("A1.2", S2), clause("A1.3", S3), clause("A1.4", S4))
    new = doc(clause("A1.1", S2), clause("A1.2", S3), clause("A1.3", S4), clause("A1.4", S1))
    cs = run_compare(old, new)
    assert kinds(cs) == [MOVED_FROM, EQUAL, EQUAL, EQUAL, MOVED_TO]
    frm, to = cs.body[0], cs.body[-1]
    assert frm.move_id == to.move_id == 1
    assert ops(frm) == [(SpanOp.DELETE, S1)] and ops(to) == [(SpanOp.EQUAL, S1)]
    assert to.old is old.blocks[0] and to.old_index == 0 and to.new_index == 3
    assert cs.summary.moved == 1 and cs.summary.inserted == cs.summary.deleted == 0


def test_move_with_edit():
    old = doc(p(S1), p(S2), p(S3), p(S4), p(S5))
    edited = S1.replace("at least once", "at least twice")
    new = doc(p(S2), p(S3), p(S4), p(edited), p(S5))
    cs = run_compare(old, new)
    assert kinds(cs) == [MOVED_FROM, EQUAL, EQUAL, EQUAL, MOVED_TO, EQUAL]
    to = cs.body[4]
    assert (SpanOp.DELETE, "once") in ops(to) and (SpanOp.INSERT, "twice") in ops(to)


def test_short_blocks_do_not_move():
    old = doc(p("Not used."), p(S1), p(S2))
    new = doc(p(S1), p(S2), p("Not used."))
    assert kinds(run_compare(old, new)) == [DELETED, EQUAL, EQUAL, INSERTED]


def test_dissimilar_block_elsewhere_is_not_a_move():
    old = doc(p(S1), p(S2), p(S3))
    new = doc(p(S2), p(S3), p(S5))
    assert kinds(run_compare(old, new)) == [DELETED, EQUAL, EQUAL, INSERTED]


def test_renumbering_is_not_a_text_change():
    old = doc(clause("A2.4", S1), clause("A2.5", S2), clause("A2.6", S3), p(S5, ref="A2.6"))
    new = doc(clause("A2.4", S1), clause("A2.5", S4), clause("A2.6", S2), clause("A2.7", S3), p(S5, ref="A2.7"))
    cs = run_compare(old, new)
    assert kinds(cs) == [EQUAL, INSERTED, EQUAL, EQUAL, EQUAL]
    assert [c.renumbered for c in cs.body] == [False, False, True, True, False]  # unnumbered: not flagged
    assert ops(cs.body[2]) == [(SpanOp.EQUAL, S2)]
    assert cs.summary.renumbered == 2 and cs.summary.modified == 0
    assert cs.body[2].ref == "A2.6" and cs.body[2].old.ref == "A2.5"


def test_renumbered_and_edited():
    old = doc(clause("A2.5", S2))
    new = doc(clause("A2.6", S2.replace("Licence", "DCC Licence")))
    c = run_compare(old, new).body[0]
    assert c.kind == MODIFIED and c.renumbered and (SpanOp.INSERT, "DCC ") in ops(c)


def test_same_clause_is_paired_even_when_rewritten():
    old = doc(clause("A1.1", S1), clause("A1.2", S2), clause("A1.3", S4))
    new = doc(clause("A1.1", S1), clause("A1.2", "Intentionally left blank for future use by SECAS."), clause("A1.3", S4))
    cs = run_compare(old, new)
    assert kinds(cs) == [EQUAL, MODIFIED, EQUAL]
    c = cs.body[1]
    assert c.replaced
    assert [s.op for s in c.spans] == [SpanOp.DELETE, SpanOp.INSERT, SpanOp.EQUAL]  # the full stop both end with is kept


def test_replaced_below_threshold_split_per_run():
    old = doc(clause("A3.1", "Alpha beta ", ("gamma", "b"), " delta."))
    new = doc(clause("A3.1", "Alpha ", ("one", "i"), " two three four five six."))
    c = run_compare(old, new, threshold=0.9).body[0]
    assert c.kind == MODIFIED and c.replaced
    assert [(s.op, s.text) for s in c.spans] == [
        (SpanOp.EQUAL, "Alpha "), (SpanOp.DELETE, "beta "), (SpanOp.DELETE, "gamma"), (SpanOp.DELETE, " delta"), (SpanOp.INSERT, "one"), (SpanOp.INSERT, " two three four five six"),
        (SpanOp.EQUAL, "."),
    ]
    assert not run_compare(old, new, threshold=0.1).body[0].replaced


def test_unrelated_paragraphs_of_different_clauses_are_deleted_and_inserted():
    cs = run_compare(doc(p(S1), p(S2, ref="A1.1"), p(S4)), doc(p(S1), p(S3, ref="A1.2"), p(S4)))
    assert kinds(cs) == [EQUAL, DELETED, INSERTED, EQUAL]


def test_lone_paragraph_rewritten_in_place_is_replaced():
    cs = run_compare(doc(p(S1), p(S2, ref="A1.1"), p(S4)), doc(p(S1), p(S3, ref="A1.1"), p(S4)))
    assert kinds(cs) == [EQUAL, MODIFIED, EQUAL] and cs.body[1].replaced
    old = doc(table(["IOC", "Keys are replaced on request by the DCC."]))
    new = doc(table(["IOC", "Scheduled Key Rotation applies, as the Policy sets out."]))
    cell = run_compare(old, new).body[0].rows[0].cells[1].blocks
    assert [c.kind for c in cell] == [MODIFIED] and cell[0].replaced


def test_lone_paragraph_that_moved_is_not_paired_in_place():
    old = doc(p(S1), p(S2), p(S3), p(S4))
    new = doc(p(S1), p(S5), p(S3), p(S4), p(S2))
    assert kinds(run_compare(old, new)) == [EQUAL, MOVED_FROM, INSERTED, EQUAL, EQUAL, MOVED_TO]


def test_same_words_reordered_is_replaced():
    old = doc(p(S1), p("one two three four five six seven eight"), p(S4))
    new = doc(p(S1), p("eight seven six five four three two one"), p(S4))
    c = run_compare(old, new).body[1]
    assert c.kind == MODIFIED and c.replaced


def test_threshold_is_checked():
    with pytest.raises(ValueError):
        compare(doc(), doc(), threshold=1.5)


def test_formatting_only():
    old = doc(p("The ", "Panel", " shall meet."), p(S2))
    new = doc(p("The ", ("Panel", "b"), " shall meet."), p(S2))
    cs = run_compare(old, new)
    c = cs.body[0]
    assert c.kind == EQUAL and c.format_changed and c.changed
    assert cs.summary.format_only == 1 and not cs.same


def test_run_splits_without_formatting_change_are_not_changes():
    old = doc(p("The Panel shall meet."))
    new = doc(p("The Pa", "nel shall", " meet."))
    cs = run_compare(old, new)
    assert cs.same and not cs.body[0].format_changed


def test_table_row_insert_and_delete():
    old = doc(table(["Role", "Party"], ["Chair", "Panel"], ["Secretary", "SECAS"], ["Auditor", "User Auditor"]))
    new = doc(table(["Role", "Party"], ["Chair", "Panel"], ["Operator", "DCC"], ["Auditor", "User Auditor"], ["Observer", "Ofgem"]))
    cs = run_compare(old, new)
    c = cs.body[0]
    assert c.kind == MODIFIED
    assert [r.kind for r in c.rows] == [EQUAL, EQUAL, DELETED, INSERTED, EQUAL, INSERTED]
    assert cs.summary.modified == 1


def test_table_cell_edit():
    old = doc(table(["Role", "Party"], ["Chair", "The Panel Chair appointed under Section C."]))
    new = doc(table(["Role", "Party"], ["Chair", "The Panel Chair elected under Section C."]))
    c = run_compare(old, new).body[0]
    row = c.rows[1]
    assert row.kind == MODIFIED
    cell = row.cells[1].blocks[0]
    assert cell.kind == MODIFIED and (SpanOp.DELETE, "appointed") in ops(cell) and (SpanOp.INSERT, "elected") in ops(cell)
    assert row.cells[0].blocks[0].kind == EQUAL


def test_nested_table_and_cell_column_added():
    inner_old = table(["x", "one two three"])
    inner_new = table(["x", "one two four"])
    old = doc(table(["Outer", ["Intro text here", inner_old]]))
    new = doc(table(["Outer", ["Intro text here", inner_new], "Extra column"]))
    cs = run_compare(old, new)
    row = cs.body[0].rows[0]
    assert row.kind == MODIFIED and len(row.cells) == 3
    nested = row.cells[1].blocks[1]
    assert nested.kind == MODIFIED and nested.rows[0].cells[1].blocks[0].kind == MODIFIED
    assert row.cells[2].blocks[0].kind == INSERTED


def test_definitions_added_removed_amended():
    old = doc(clause("A1.1", "In this Code, the expressions in the left column have the meanings in the right."), defs(
        ("Authority", "means the Gas and Electricity Markets Authority."),
        ("Communications Hub", "means a device installed by the DCC."),
        ("DCC", "means the holder of the DCC Licence."),
        ("Panel", "means the SEC Panel."),
    ))
    new = doc(old.blocks[0], defs(
        ("Authority", "means the Gas and Electricity Markets Authority."),
        ("DCC", "means the holder of the Smart Meter Communication Licence."),
        ("Panel", "means the SEC Panel."),
        ("SMKI PMA", "means the SMKI Policy Management Authority."),
    ))
    cs = run_compare(old, new)
    assert kinds(cs) == [EQUAL, MODIFIED]
    assert [r.kind for r in cs.body[1].rows] == [EQUAL, DELETED, MODIFIED, EQUAL, INSERTED]
    assert [r.key for r in cs.body[1].rows] == ["Authority", "Communications Hub", "DCC", "Panel", "SMKI PMA"]
    got = [(d.kind, d.term) for d in cs.definitions]
    assert got == [(DELETED, "Communications Hub"), (MODIFIED, "DCC"), (INSERTED, "SMKI PMA")]
    amended = cs.definitions[1]
    assert amended.old_meaning == "means the holder of the DCC Licence."
    assert amended.new_meaning == "means the holder of the Smart Meter Communication Licence."
    assert (SpanOp.DELETE, "DCC") in [(s.op, s.text) for s in amended.spans]
    assert (cs.summary.definitions_added, cs.summary.definitions_removed, cs.summary.definitions_amended) == (1, 1, 1)


def test_definitions_matched_by_term_even_when_reordered():
    old = doc(defs(("Alpha", "means a."), ("Beta", "means b."), ("Gamma", "means c.")))
    new = doc(defs(("Beta", "means b."), ("Alpha", "means a, amended."), ("Gamma", "means c.")))
    cs = run_compare(old, new)
    rows = cs.body[0].rows
    assert [(r.kind, r.key) for r in rows] == [(EQUAL, "Beta"), (MODIFIED, "Alpha"), (EQUAL, "Gamma")]
    assert [(d.kind, d.term) for d in cs.definitions] == [(MODIFIED, "Alpha")]


def test_definitions_table_inserted():
    cs = run_compare(doc(p(S1)), doc(p(S1), defs(("Alpha", "means a."), ("Beta", "means b."))))
    assert [(d.kind, d.term, d.new_meaning) for d in cs.definitions] == [(INSERTED, "Alpha", "means a."), (INSERTED, "Beta", "means b.")]


def test_header_change():
    old = doc(p(S1), headers=["SEC Section A v54.0"], footers=["Page"])
    new = doc(p(S1), headers=["SEC Section A v55.0"], footers=["Page"])
    cs = run_compare(old, new)
    assert [(pc.kind, pc.name) for pc in cs.parts] == [("header", "word/header1.xml"), ("footer", "word/footer1.xml")]
    h = cs.parts[0].blocks[0]
    assert h.kind == MODIFIED and (SpanOp.INSERT, "v55.0") in ops(h)
    assert cs.parts[1].blocks[0].kind == EQUAL
    assert not cs.same  # a header change is a change
    assert cs.summary.modified == 0  # counts are for the body


def test_header_added():
    cs = run_compare(doc(p(S1)), doc(p(S1), headers=["New header", "Second header"]))
    assert [[c.kind for c in pc.blocks] for pc in cs.parts] == [[INSERTED], [INSERTED]]


def test_footnote_change():
    old = doc(p(S1, notes=(note("See the Act, section 4."),)))
    new = doc(p(S1, notes=(note("See the Act, section 5."), note("A second note.", id="2"))))
    cs = run_compare(old, new)
    c = cs.body[0]
    assert c.kind == MODIFIED and all(s.op == SpanOp.EQUAL for s in c.spans)
    assert [n.kind for n in c.notes] == [MODIFIED, INSERTED]
    assert (SpanOp.INSERT, "5") in ops(c.notes[0].blocks[0])


def test_empty_paragraphs_and_documents():
    assert run_compare(doc(), doc()).same
    cs = run_compare(doc(p(""), p(S1), p("")), doc(p(S1), p(""), p(""), p("")))
    assert kinds(cs) == [DELETED, EQUAL, INSERTED, INSERTED, EQUAL]
    cs = run_compare(doc(), doc(p(S1), table(["a"])))
    assert kinds(cs) == [INSERTED, INSERTED]
    assert cs.body[1].rows[0].kind == INSERTED


def test_paragraph_replaced_by_table_is_delete_and_insert():
    cs = run_compare(doc(p(S1), p("one two three")), doc(p(S1), table(["one two three"])))
    assert kinds(cs) == [EQUAL, DELETED, INSERTED]


def test_moves_number_in_order_and_ids_unique():
    old = doc(p(S1), p(S2), p(S3), p(S4), p(S5))
    new = doc(p(S5), p(S2), p(S3), p(S1), p(S4))
    cs = run_compare(old, new)
    ids = [c.move_id for c in cs.body if c.move_id is not None]
    assert sorted(set(ids)) == list(range(1, len(set(ids)) + 1))


def test_whitespace_only_change():
    cs = run_compare(doc(p("The Panel  shall meet.")), doc(p("The Panel shall meet.")))
    c = cs.body[0]
    assert (c.kind == MODIFIED and not c.replaced and (SpanOp.DELETE, " ") in ops(c)) or (SpanOp.DELETE, "  ") in ops(c)


def test_different_documents_message():
    cs = compare(doc(p(S1), kind="section", letter="A"), doc(p(S1), kind="appendix", letter="AM"))
    assert [m.code for m in cs.messages] == ["compare.different-documents"]


def test_limit_is_reported(monkeypatch):
    from sectrack.compare import text as tx
    from sectrack.render.markdown import render_markdown

    monkeypatch.setattr(tx, "DMP_MAX_CELLS", 4)
    old = doc(clause("A1.1", "x y x y x y x y the end"))
    new = doc(clause("A1.1", "y x y x y x y x the end"))
    cs = run_compare(old, new, threshold=0.0)
    assert [(m.code, m.location) for m in cs.messages] == [("compare.limit", "A1.1")]
    assert "`compare.limit`" in render_markdown(cs)


def test_large_gap_is_sampled_and_reported(monkeypatch):
    from sectrack.compare import align

    monkeypatch.setattr(align, "SMALL_GAP", 4)
    monkeypatch.setattr(align, "TOP_CANDIDATES", 1)
    words = ["alpha beta gamma delta epsilon", "zeta eta theta iota kappa", "lambda mu nu xi omicron"]
    old = doc(*[p(w + " common one") for w in words])
    new = doc(*[p(w + " common two") for w in words])
    cs = run_compare(old, new)
    assert kinds(cs) == [MODIFIED] * 3
    assert cs.messages and all(m.code == "compare.limit" for m in cs.messages)


def test_edited_sub_paragraph_needs_more_in_common_to_move_than_a_clause():
    """A sub-paragraph deleted in one place and a look-alike inserted elsewhere is no move."""
    gone = "in relation to each Organisation Certificate following consultation with the Parties;"
    like = "in relation to any Event of Default following consultation with the Parties;"  # 0.69 alike
    old = doc(clause("A1.1", S1), clause("A1.1(a)", gone), clause("A1.2", S2), clause("A1.3", S3))
    new = doc(clause("A1.1", S1), clause("A1.2", S2), clause("A1.3", S3), clause("A1.3(a)", like))
    assert kinds(run_compare(old, new)) == [EQUAL, DELETED, EQUAL, EQUAL, INSERTED]
    # The same rewording on numbered clauses is still a move, as a reworded clause moved elsewhere is.
    old = doc(clause("A1.1", gone), clause("A1.2", S2), clause("A1.3", S3), clause("A1.4", S4))
    new = doc(clause("A1.1", S2), clause("A1.2", S3), clause("A1.3", S4), clause("A1.4", like))
    assert kinds(run_compare(old, new)) == [MOVED_FROM, EQUAL, EQUAL, EQUAL, MOVED_TO]


def test_formatting_change_inside_an_amended_paragraph_is_flagged():
    """A term made bold while another word changed: amended, and flagged as reformatted too."""
    old = doc(clause("A1.1", "The Smart Metering Equipment shall be installed promptly."))
    new = doc(clause("A1.1", "The ", ("Smart Metering Equipment", "b"), " shall be installed quickly."))
    c = run_compare(old, new).body[0]
    assert c.kind == MODIFIED and c.format_changed
    plain = doc(clause("A1.1", "The Smart Metering Equipment shall be installed quickly."))
    assert not run_compare(old, plain).body[0].format_changed
