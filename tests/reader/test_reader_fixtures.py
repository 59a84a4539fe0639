"""Every real Word document reads as pandoc reads it; tracked changes read as Word's Accept All and Reject All.

pandoc is the independent reader: each fixture's paragraph texts, in both views, are the ones pandoc
gives (an equation, which pandoc writes as TeX, stands for any text there; the equations themselves
are checked against our reading of Word's own result in test_view_matches_word). Where Word's own
Accept All or Reject All result is among the fixtures, that view is checked against pandoc's reading
of Word's result instead: pandoc's --track-changes is not Word's Accept or Reject All (it keeps a
paragraph whose mark was deleted apart, joining nothing).
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from conftest import FIXTURES
from pandoc import MATH, matches, pandoc_paragraphs

from sectrack.docx import read

ALL = sorted(FIXTURES.rglob("*.docx"))
REVISIONS = sorted(
    p for p in (FIXTURES / "revisions").glob("RP*.docx")
    if not p.stem.endswith(("-Accepted", "-Rejected"))
)


def norm(texts: list[str]) -> list[str]:
    """Whitespace-normalised non-empty texts; Symbol-font asterisk as pandoc maps it."""
    out = (" ".join(t.replace("\u2217", "*").split()) for t in texts)
    return [t for t in out if t]


def ours(path: Path, view: str) -> list[str]:
    return norm([p.text for p in read(path, view).paragraphs()])


def test_fixture_folder_is_there() -> None:
    assert len(ALL) > 150 and len(REVISIONS) > 20


# Views whose text pandoc reads differently from us, each with what differs; the test below checks
# that they still differ, so a fix on either side removes the entry.
PANDOC_DIFFERS = {
    ("RP001-Tracked-Revisions-01.docx", "original"): "pandoc's --track-changes=reject leaves out the tables "
    "whose rows Word records as deleted (w:trPr/w:del), which Reject All restores, and the last characters "
    "of the paragraph before them",
    ("RP001-Tracked-Revisions-02.docx", "original"): "as RP001-Tracked-Revisions-01.docx",
}


def _word_result(path: Path, view: str) -> Path | None:
    """Word's own Accept All (or Reject All) result of ``path``, when the fixtures hold it."""
    result = path.with_name(path.stem + ("-Accepted" if view == "accepted" else "-Rejected") + ".docx")
    return result if result.exists() else None


def _pandoc_view(path: Path, view: str) -> list[str]:
    result = _word_result(path, view)
    if result is not None:
        return norm(pandoc_paragraphs(str(result), math=MATH))
    return norm(pandoc_paragraphs(str(path), "accept" if view == "accepted" else "reject", math=MATH))


def _agree(ours_: list[str], theirs: list[str]) -> bool:
    return len(ours_) == len(theirs) and all(matches(o, t) for o, t in zip(ours_, theirs))


VIEWS = [(p, v) for p in ALL for v in ("accepted", "original") if (p.name, v) not in PANDOC_DIFFERS]


@pytest.mark.parametrize("path,view", VIEWS, ids=lambda x: getattr(x, "name", x))
def test_text_is_what_pandoc_reads(path: Path, view: str) -> None:
    doc = read(path, view)
    assert doc.view == view
    got, expected = ours(path, view), _pandoc_view(path, view)
    assert _agree(got, expected), "\n".join(difflib.unified_diff(expected, got, "pandoc", "sectrack", lineterm=""))


@pytest.mark.parametrize("name,view", list(PANDOC_DIFFERS))
def test_known_differences_with_pandoc_remain(name: str, view: str) -> None:
    path = next(p for p in ALL if p.name == name)
    assert not _agree(ours(path, view), _pandoc_view(path, view)), f"{name} now reads as pandoc: drop it"


def _cases() -> list[tuple[Path, str, Path]]:
    cases = []
    for path in REVISIONS:
        for view, suffix in (("accepted", "-Accepted"), ("original", "-Rejected")):
            expected = path.with_name(path.stem + suffix + ".docx")
            if expected.exists():
                cases.append((path, view, expected))
    return cases


@pytest.mark.parametrize("path,view,expected", _cases(), ids=lambda x: getattr(x, "name", x))
def test_view_matches_word(path: Path, view: str, expected: Path) -> None:
    """Our accepted/original view has the paragraph texts pandoc reads from Word's own result."""
    if "Math" in path.name:
        # pandoc renders equations as TeX; compare with our own reading of Word's result instead.
        assert ours(path, view) == norm([p.text for p in read(expected).paragraphs()])
    else:
        assert ours(path, view) == norm(pandoc_paragraphs(str(expected)))
