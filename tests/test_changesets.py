"""The builder of hand-made ChangeSets (tests/changesets.py) makes what a comparison makes."""

from __future__ import annotations

from changesets import (
    cell,
    cs,
    deleted,
    equal,
    incomplete,
    inserted,
    modified,
    moved,
    para,
    row,
    row_changed,
    row_one,
    table_change,
)
from conftest import CORPUS

import sectrack
from sectrack.compare.changes import DELETED, INSERTED, MODIFIED
from sectrack.model import Row, Table


def test_builder_sides_follow_redline_order() -> None:
    a, b, c = para("one", "1.1", "A1.1"), para("two", "1.2", "A1.2"), para("three", "1.3", "A1.3")
    f, t = moved(a, para("one", "1.3", "A1.3"), 1)
    change_set = cs(f, equal(b, para("two", "1.1", "A1.1")), deleted(c), t)
    assert [p.text for p in change_set.old.paragraphs()] == ["one", "two", "three"]
    assert [p.text for p in change_set.new.paragraphs()] == ["two", "one"]


def test_builder_modified_reads_both_sides() -> None:
    m = modified([("=", "The "), ("-", "old"), ("+", "new"), ("=", " text")], "1.1", "A1.1")
    assert m.old.text == "The old text" and m.new.text == "The new text"


def test_every_entry_the_builder_makes_is_complete() -> None:
    nested = Table((row("inner a", "inner b"),))
    t = Table((row("Term", "Meaning"), Row((cell(para("x"), nested), cell(para("y"))))), ref="B1.1")
    changed = row_changed([[modified([("=", "a "), ("+", "b")])], [deleted(para("gone")), inserted(para("new"))]])
    entries = [inserted(t), deleted(t), equal(t), table_change(MODIFIED, [row_one(INSERTED, t.rows[0]),
               row_one(DELETED, t.rows[1]), changed]), equal(para("same")), *moved(para("m"), para("m"), 1)]
    assert incomplete(entries) == []


def test_a_comparison_gives_complete_entries_too() -> None:
    """The builder's notion of complete is the comparison's: real ChangeSets pass the same check."""
    folder = CORPUS / "documents" / "section-a"
    old, new = (sectrack.read(folder / f"section-a-v{v}.docx") for v in ("21.0", "22.0"))
    assert incomplete(sectrack.compare(old, new).body) == []

