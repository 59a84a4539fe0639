"""Golden redlines: the ChangeSet JSON, HTML and Markdown of each pair of consecutive corpus versions.

Each pair has a triple of files in tests/golden/changesets/ (``SLUG-vOLD-vNEW.json|html|md``); a change
in any output shows as a diff against them. They are rewritten only by ``pytest --regen-golden``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from conftest import CORPUS

import sectrack

FORMATS = ("json", "html", "md")


def _version(path: Path) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path.stem.rsplit("-v", 1)[1]))


def _pairs() -> list[tuple[Path, Path]]:
    out = []
    for folder in sorted(p for p in (CORPUS / "documents").iterdir() if p.is_dir()):
        versions = sorted(folder.glob("*.docx"), key=_version)
        out.extend(zip(versions, versions[1:]))
    return out


PAIRS = _pairs()


@cache
def _changeset(old: Path, new: Path) -> sectrack.ChangeSet:
    """The comparison, read from bytes under the file's name so no path of this machine gets in."""
    return sectrack.compare(sectrack.read(old.read_bytes(), name=old.name), sectrack.read(new.read_bytes(), name=new.name))


def test_every_document_with_versions_has_pairs() -> None:
    assert len(PAIRS) >= 8
    assert {old.parent.name for old, _ in PAIRS} == {p.name for p in (CORPUS / "documents").iterdir() if p.is_dir()}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("old", "new"), PAIRS, ids=lambda p: p.stem)
def test_redline_matches_golden(old: Path, new: Path, fmt: str, golden) -> None:
    text = sectrack.render(_changeset(old, new), fmt).decode("utf-8")
    golden(f"changesets/{old.stem}-v{new.stem.rsplit('-v', 1)[1]}.{fmt}", text)
