"""JSON and Markdown renderings of a ChangeSet."""

from __future__ import annotations

import json

from sectrack.compare import compare
from sectrack.model import Message
from sectrack.render.json import SCHEMA, SCHEMA_VERSION, render_json
from sectrack.render.markdown import render_markdown, spans_markdown

from .build import clause, defs, doc, note, p, table

S1 = "The Panel shall meet at least once in each month to consider Modification Proposals and other matters raised by Parties."
S2 = "The DCC shall provide the Services in accordance with the Code and the Licence."
S3 = "Each Party shall comply with the SMKI Policy and the Recovery Procedure at all times."
S4 = "The Code Administrator shall publish the Document Log after each SEC Release."


def example():
    meta_old = dict(kind="section", letter="A", version="54.0", date="2021-12-17", source="old.docx")
    meta_new = dict(kind="section", letter="A", version="55.0", date="2022-06-30", source="new.docx")
    intro = clause("A1.1", "In this Code, the expressions in the left column have the meanings in the right.")
    old = doc(intro, defs(("DCC", "means the holder of the DCC Licence."), ("Old Term", "means something.")),
              clause("A2.1", S1), clause("A2.2", S2), clause("A2.3", S3, notes=(note("See Section L."),)), clause("A2.4", S4),
              table(["Role", "Party"], ["Chair", "The Panel Chair appointed under Section C."], ref="A2.4"),
              headers=["SEC v54.0"], **meta_old)
    new = doc(intro, defs(("DCC", "means the holder of the Smart Meter Communication Licence."), ("SMKI PMA", "means the SMKI PMA.")),
              clause("A2.1", S1.replace("once in each month", "once in each quarter")), clause("A2.2", "A new clause *with* stars."),
              clause("A2.3", S2), clause("A2.4", S4), clause("A2.5", S3, notes=(note("See Section L14."),)),
              table(["Role", "Party"], ["Chair", "The Panel Chair elected under Section C."], ["Observer", "Ofgem"], ref="A2.5"),
              headers=["SEC v55.0"], **meta_new)
    return compare(old, new)


def test_json_schema_and_content():
    cs = example()
    data = json.loads(render_json(cs))
    assert data["schema"] == SCHEMA and data["schema_version"] == SCHEMA_VERSION
    assert set(data) == {"schema", "schema_version", "old", "new", "same", "uncompared_changed", "summary", "messages", "body", "definitions", "parts"}
    assert data["old"]["display_name"] == "SEC Section A 'Definitions and Interpretation'" and data["new"]["version"] == "55.0"
    assert data["summary"] == {
        "inserted": 1, "deleted": 0, "modified": 3, "moved": 1, "renumbered": 1, "format_only": 0, "restyled": 0,
        "definitions_added": 1, "definitions_removed": 1, "definitions_amended": 1,
    }
    kinds = [(c["kind"], c["ref"]) for c in data["body"]]
    assert kinds == [("equal", "A1.1"), ("modified", "A1.1"), ("modified", "A2.1"), ("inserted", "A2.2"), ("equal", "A2.3"),
                     ("moved-from", "A2.3"), ("equal", "A2.4"), ("moved-to", "A2.5"), ("modified", "A2.5")]
    amended = data["body"][2]
    assert {"op": "delete", "text": "month", "format": []} in amended["spans"]
    assert amended["old_text"] == S1 and amended["new_label"] == "A2.1"
    moved_to = data["body"][7]
    assert moved_to["move_id"] == data["body"][5]["move_id"] == 1
    assert moved_to["notes"][0]["kind"] == "modified" and moved_to["notes"][0]["note_kind"] == "footnote"
    assert data["body"][3]["old_text"] is None and data["body"][3]["old_index"] is None
    rows = data["body"][8]["rows"]
    assert [r["kind"] for r in rows] == ["equal", "modified", "inserted"] and rows[2]["new_text"] == "Observer\tOfgem"
    assert [(d["kind"], d["term"]) for d in data["definitions"]] == [("modified", "DCC"), ("deleted", "Old Term"), ("inserted", "SMKI PMA")]
    assert data["parts"][0]["kind"] == "header" and data["parts"][0]["changes"][0]["kind"] == "modified"


def test_json_is_deterministic_and_utf8():
    cs = compare(doc(p("Café — “quoted”")), doc(p("Café — “quoted” £5")))
    out = render_json(cs)
    assert out == render_json(cs) and "“quoted”" in out and "\\u" not in out
    assert out.endswith("\n") and out.startswith("{\n \"body\"")


def test_json_messages():
    cs = example()
    cs = type(cs)(cs.old, cs.new, cs.body, cs.definitions, cs.parts, cs.summary, (Message("compare.limit", "a limit", "A2.1"),))
    assert json.loads(render_json(cs))["messages"] == [{"code": "compare.limit", "text": "a limit", "location": "A2.1"}]
    md = render_markdown(cs)
    assert "## Messages" in md and "- `compare.limit`: a limit [A2.1]" in md


def test_markdown_summary():
    md = render_markdown(example())
    assert md.startswith("# Changes to SEC Section A 'Definitions and Interpretation'\n")
    assert "- Old: SEC Section A 'Definitions and Interpretation' — version 54.0, 2021-12-17, `old.docx`" in md
    assert "| Amended | 3 |" in md and "| Renumbered | 1 |" in md
    assert "- **A2.1** amended: … meet at least once in each ~~month~~ **quarter** to consider Modification" in md
    assert "- **A2.2** inserted: **A new clause \\*with\\* stars.**" in md
    assert "- **A2.3 (was A2.2)** renumbered" in md
    assert "- **A2.3 → A2.5** moved" in md  # every reference says which version it belongs to
    assert "  - footnote amended: See Section ~~L~~ **L14**." in md
    assert "- Table in **A2.5 (was A2.4)** amended: 1 row amended, 1 row inserted" in md
    # rows cited by their first cell's text, cells by their column's heading
    assert "  - row “Chair”, “Party”: The Panel Chair ~~appointed~~ **elected** under Section C." in md
    assert "  - row “Observer” inserted: Observer \\| Ofgem" in md
    assert "- Amended: **DCC** — means the holder of the ~~DCC~~ **Smart Meter Communication** Licence." in md
    assert "- Removed: ~~Old Term~~ — means something." in md
    assert "- Added: **SMKI PMA** — means the SMKI PMA." in md
    assert "## Headers and footers" in md and "SEC ~~v54.0~~ **v55.0**" in md
    assert "## Messages" not in md


def test_markdown_same_and_formatting():
    d = doc(p("The Panel shall meet."))
    assert "No changes." in render_markdown(compare(d, d))
    md = render_markdown(compare(d, doc(p("The ", ("Panel", "b"), " shall meet."))))
    assert "- Paragraph 1 formatting changed (made bold: “Panel”)" in md


def test_markdown_whitespace_and_empty():
    cs = compare(doc(p("a b"), p("x y z")), doc(p("a\u00a0b"), p("x y z"), p("")))
    md = render_markdown(cs)
    assert "~~␣~~ **⍽**" in md and "- Paragraph 3 inserted: (empty paragraph)" in md


def test_spans_markdown_context():
    words = " ".join(f"w{k}" for k in range(40))
    cs = compare(doc(p(words + " old " + words)), doc(p(words + " new " + words)))
    line = spans_markdown(cs.body[0].spans)
    assert line == "… w34 w35 w36 w37 w38 w39 ~~old~~ **new** w0 w1 w2 w3 w4 w5 …"


def test_markdown_groups_runs_of_renumbered_clauses():
    texts = [f"Clause text number {k} with enough words." for k in range(6)]
    old = doc(*[clause(f"A1.{k + 1}", t) for k, t in enumerate(texts)])
    new = doc(clause("A1.1", "A new first clause was inserted here."), *[clause(f"A1.{k + 2}", t) for k, t in enumerate(texts)])
    md = render_markdown(compare(old, new))
    assert "- **A1.2 (was A1.1)** to **A1.7 (was A1.6)** renumbered (6 clauses)" in md
