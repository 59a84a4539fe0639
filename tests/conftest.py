"""Shared test fixtures: paths to the real Word documents in ../shared and to the corpus."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    """Under SECTRACK_NO_SKIPS (set by .ci/run) a skipped test is a failure: the independent readers
    (pandoc, LibreOffice and its Python bridge) must be there, not quietly missing."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("SECTRACK_NO_SKIPS"):
        report.outcome = "failed"
        report.longrepr = f"skipped, which SECTRACK_NO_SKIPS does not allow: {report.longrepr}"


@pytest.fixture(scope="session", autouse=True)
def _index_cache(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """``check`` and ``release publish`` keep indexes in $SECTRACK_CACHE: a temporary folder in the
    tests (and in the sectrack processes they start), never the user's cache folder."""
    saved = os.environ.get("SECTRACK_CACHE")
    os.environ["SECTRACK_CACHE"] = str(tmp_path_factory.mktemp("sectrack-cache"))
    yield
    if saved is None:
        os.environ.pop("SECTRACK_CACHE", None)
    else:
        os.environ["SECTRACK_CACHE"] = saved
