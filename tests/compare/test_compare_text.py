"""The word-level diff (sectrack.compare.text)."""

from __future__ import annotations

import random

import pytest

from sectrack.compare import text as tx
from sectrack.compare.changes import SpanOp
from sectrack.model import Run


def sides(pieces):
    old = "".join(t for op, t in pieces if op in (SpanOp.EQUAL, SpanOp.DELETE))
    new = "".join(t for op, t in pieces if op in (SpanOp.EQUAL, SpanOp.INSERT))
    return old, new


def test_tokenize_round_trip_and_kinds():
    text = "The DCC's  SMKI-PMA (L4.6(b)) costs £5.00\tétat"
    toks = tx.tokenize(text)
    assert "".join(toks) == text
    assert toks[:4] == ("The", " ", "DCC's", "  ")
    assert "SMKI-PMA" in toks and "L4.6" in toks and "5.00" in toks and "état" in toks


def test_diff_words_is_word_level():
    d = tx.diff_words("The Panel shall meet monthly.", "The Panel must meet monthly.")
    assert d.pieces == ((SpanOp.EQUAL, "The Panel "), (SpanOp.DELETE, "shall"), (SpanOp.INSERT, "must"), (SpanOp.EQUAL, " meet monthly."))
    assert 0.5 < d.ratio < 1.0 and not d.limited


def test_equal_and_empty():
    assert tx.diff_words("", "") == tx.WordDiff((), 1.0)
    assert tx.diff_words("a b", "a b").pieces == ((SpanOp.EQUAL, "a b"),)
    assert tx.diff_words("", "new text").pieces == ((SpanOp.INSERT, "new text"),)
    assert tx.diff_words("old", "").pieces == ((SpanOp.DELETE, "old"),)
    assert tx.diff_words("old", "").ratio == 0.0


def test_semantic_cleanup_avoids_confetti():
    d = tx.diff_words("the cat sat on the mat today", "a dog stood by a rug today")
    # one delete and one insert, not a word-by-word interleaving around the shared spaces
    assert [op for op, _ in d.pieces] == [SpanOp.DELETE, SpanOp.INSERT, SpanOp.EQUAL]


def test_runs_split_along_boundaries():
    old = [Run("Smart "), Run("Metering", bold=True), Run(" Equipment")]
    new = [Run("Smart Met"), Run("ering System", italic=True)]
    d = tx.diff_runs(old, new)
    assert [(s.op, s.text) for s in d.spans] == [
        (SpanOp.EQUAL, "Smart Met"), (SpanOp.EQUAL, "ering "), (SpanOp.DELETE, "Equipment"), (SpanOp.INSERT, "System")]
    assert d.spans[1].run is new[1] and d.spans[2].run is old[2] and d.spans[3].run is new[1]


def test_format_changed():
    assert not tx.format_changed([Run("ab c")], [Run("ab"), Run(" c")])
    assert tx.format_changed([Run("ab c")], [Run("ab"), Run(" c", bold=True)])
    assert not tx.format_changed([Run("ab"), Run(" ")], [Run("ab"), Run(" ", underline=True)])  # whitespace only
    assert tx.format_changed([Run("x", vert="superscript")], [Run("x")])
    assert not tx.format_changed([Run("x", rpr="<a/>")], [Run("x", rpr="<b/>")])
    with pytest.raises(ValueError):
        tx.format_changed([Run("a")], [Run("b")])


def test_similarity_bounds_ratio():
    rnd = random.Random(3)
    words = ["alpha", "beta", "gamma", "delta", "shall", "the", "of", "Panel", "DCC"]
    for _ in range(200):
        a = " ".join(rnd.choice(words) for _ in range(rnd.randint(0, 12)))
        b = " ".join(rnd.choice(words) for _ in range(rnd.randint(0, 12)))
        d = tx.diff_words(a, b)
        assert sides(d.pieces) == (a, b)
        assert d.ratio <= tx.bag_similarity(tx.Bag.of(a), tx.Bag.of(b)) + 1e-9


def test_huge_paragraph_is_still_correct():
    rnd = random.Random(7)
    words = [f"w{k}" for k in range(5000)]
    a = " ".join(rnd.choice(words) for _ in range(30000))
    toks = a.split(" ")
    for _ in range(50):
        toks[rnd.randrange(len(toks))] = rnd.choice(words)
    b = " ".join(toks)
    d = tx.diff_words(a, b)
    assert sides(d.pieces) == (a, b)
    assert d.ratio > 0.99


def test_huge_paragraph_without_anchors_is_flagged_but_correct(monkeypatch):
    monkeypatch.setattr(tx, "DMP_MAX_CELLS", 100)
    a = " ".join(["x y"] * 40)
    b = " ".join(["y x"] * 40)
    d = tx.diff_words(a, b)
    assert sides(d.pieces) == (a, b) and d.limited


def test_many_distinct_tokens_use_more_than_the_private_use_area():
    a = " ".join(f"t{k}" for k in range(5000))
    b = " ".join(f"t{k}" for k in range(2500, 7500))
    d = tx.diff_words(a, b)
    assert sides(d.pieces) == (a, b)


def test_longest_increasing():
    assert tx.longest_increasing([(0, 3), (1, 1), (2, 2), (3, 0), (4, 4)]) == [(1, 1), (2, 2), (4, 4)]
    assert tx.longest_increasing([]) == []
