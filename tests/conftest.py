"""Shared test fixtures: paths to the real Word documents in ../shared and to the corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT.parent / "shared" / "fixtures" / "wordprocessing"
CORPUS = ROOT / "corpus"
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """The folder of real Word documents (Open-XML-PowerTools test files)."""
    if not FIXTURES.is_dir():
        pytest.fail(f"missing {FIXTURES}: the shared fixtures must stand beside the checkout")
    return FIXTURES
