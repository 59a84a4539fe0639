"""Every real Word document reads; tracked changes read as Word's Accept All and Reject All."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES
from pandoc import pandoc_paragraphs

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


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
@pytest.mark.parametrize("view", ["accepted", "original"])
def test_reads_without_exception(path: Path, view: str) -> None:
    doc = read(path, view)
    assert doc.view == view
    assert isinstance(list(doc.paragraphs()), list)


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
