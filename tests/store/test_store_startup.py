"""What answering from the store loads: the Document Log and history, asked in a fresh process, import
neither Alembic, the reader, the comparison, the renderers nor their libraries (start-up is most of
such a command's time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from store.conftest import RELEASES

#: Packages and modules an answer from the store must not load.
HEAVY = (
    "alembic", "mako", "jinja2", "lxml", "weasyprint", "rich", "yaml", "docx", "diff_match_patch",
    "sectrack.model", "sectrack.docx", "sectrack.ooxml", "sectrack.compare", "sectrack.serial",
    "sectrack.redline", "sectrack.check", "sectrack.publish", "sectrack.release", "sectrack.store.writes",
    "sectrack.store.manifest",
)
#: Runs the command line with the given arguments, then writes the names of the loaded modules.
PROBE = """
import json, sys
from sectrack.cli import main
modules, args = sys.argv[1], sys.argv[2:]
try:
    main(args, standalone_mode=False)
finally:
    with open(modules, "w", encoding="utf-8") as out:
        json.dump(sorted(sys.modules), out)
"""
QUESTIONS = [
    ["log", "--format", "json"],
    ["log", "--release", "54.0", "--format", "json"],
    ["log", "--on", "2021-12-20", "--format", "csv"],
    ["history", "appendix-am", "--format", "json"],
    ["history", "appendix-am", "--clause", "2.5", "--format", "json"],
    ["history", "section-a", "--term", "Key Rotation", "--format", "md"],
]


def loaded(url: str, args: list[str], tmp: Path) -> tuple[str, list[str]]:
    """The output of ``sectrack ARGS`` run in a fresh process, and the modules it loaded."""
    modules = tmp / "modules.json"
    done = subprocess.run([sys.executable, "-c", PROBE, str(modules), *args, "--store", url],
                          capture_output=True, text=True, cwd=tmp, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout, json.loads(modules.read_text(encoding="utf-8"))


def heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)
            or m.startswith("sectrack.render.")]


@pytest.mark.parametrize("args", QUESTIONS, ids=" ".join)
def test_answers_from_the_store_load_no_reader_renderer_or_migrations(
        corpus_url: str, args: list[str], tmp_path: Path) -> None:
    out, modules = loaded(corpus_url, args, tmp_path)
    assert out.strip(), "the command answered nothing"
    if "json" in args:
        assert json.loads(out), "an empty answer"
    assert "sqlalchemy" in modules and "sectrack.store.store" in modules
    assert heavy(modules) == []


def test_a_table_for_people_adds_rich_and_nothing_else(corpus_url: str, tmp_path: Path) -> None:
    out, modules = loaded(corpus_url, ["log", "--release", "54.0"], tmp_path)
    assert "Document Log after SEC v54.0 (2021-12-17)" in out and "appendix-at" in out
    assert "rich.table" in modules
    assert [m for m in heavy(modules) if m != "rich" and not m.startswith("rich.")] == []


#: Runs the ``sectrack`` program with the given arguments, saying on stderr whether exit handlers
#: ran and whether the collector had been frozen by then.
ENTRY = """
import atexit, gc, sys
from sectrack.cli import entry
atexit.register(lambda: sys.stderr.write(f"exit handlers ran, frozen: {gc.get_freeze_count() > 0}"))
sys.argv = ["sectrack", *sys.argv[1:]]
entry()
"""


def test_an_answer_exits_normally_with_the_collector_frozen(corpus_url: str, tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", ENTRY, *args, "--store", corpus_url],
                              capture_output=True, text=True, cwd=tmp_path, check=False)

    log = run("log", "--release", "54.0", "--format", "json")
    assert log.returncode == 0 and log.stderr == "exit handlers ran, frozen: True"
    assert [e["document"] for e in json.loads(log.stdout)] == ["section-a", "section-l", "appendix-am", "appendix-at"]
    shown = run("release", "show", "54.0")
    assert shown.returncode == 0 and shown.stdout.rstrip().endswith("(60 clauses).")
    assert shown.stderr == "exit handlers ran, frozen: True"
    missing = run("log", "--release", "99.0")
    assert missing.returncode == 2
    assert missing.stderr == "sectrack: v99.0: no such release in the store\nexit handlers ran, frozen: False"
    again = run("release", "add", str(RELEASES[0]))  # a command that writes (here: nothing to do)
    assert again.returncode == 0 and "nothing to do" in again.stderr
    assert again.stderr.endswith("exit handlers ran, frozen: False")
