"""Answering log and history never reads a .docx: with every stored package and model blanked
(in a copy of the store), the answers are the same."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import create_engine, text
from store.conftest import RELEASES

from sectrack.cli import main
from sectrack.store import Store

QUESTIONS = [
    ["log"], ["log", "--release", "53.0"], ["log", "--on", "2021-12-20"], ["log", "--changes", "54.0"],
    ["release", "list"], ["release", "show", "54.0"],
    ["history", "appendix-am"], ["history", "section-a"], ["history", "appendix-at"],
    ["history", "appendix-am", "--clause", "2.5"], ["history", "appendix-am", "--clause", "7.8"],
    ["history", "appendix-am", "--clause", "4.11", "--at", "14.0"], ["history", "section-l", "--clause", "L4.2"],
    ["history", "section-a", "--term", "Key Rotation"], ["history", "section-a", "--term", "Whitelist"],
]


def answers(url: str) -> list[str]:
    out = []
    for question in QUESTIONS:
        result = CliRunner().invoke(main, [*question, "--format", "json", "--store", url])
        assert result.exit_code == 0, (question, result.stderr)
        out.append(result.stdout)
    return out


def test_log_and_history_with_the_originals_blanked(store_url: str, tmp_path: Path) -> None:
    with Store.open(store_url, create=True) as st:
        for path in RELEASES:
            st.add_release(path)
    before = answers(store_url)
    if store_url.startswith("sqlite:///"):
        copy = tmp_path / "blanked.db"
        shutil.copy(store_url.removeprefix("sqlite:///"), copy)
        store_url = f"sqlite:///{copy}"
    engine = create_engine(store_url)
    with engine.begin() as conn:
        blanked = conn.execute(text("UPDATE versions SET package = :empty, model = :empty"), {"empty": b""}).rowcount
        assert blanked == 13
    engine.dispose()
    assert answers(store_url) == before
