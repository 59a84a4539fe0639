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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden", action="store_true", help="Rewrite golden files from the current output."
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with tests/golden/NAME; rewrite it instead under --regen-golden."""
    regen = request.config.getoption("--regen-golden")

    def check(name: str, text: str) -> None:
        path = ROOT / "tests" / "golden" / name
        if regen or not path.exists():
            if not regen:
                pytest.fail(f"missing golden file {path} (run pytest --regen-golden)")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8"), f"output differs from golden {name}"

    return check
