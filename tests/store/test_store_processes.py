"""Real processes at once on one store (SQLite and PostgreSQL): concurrent writers all succeed or
get a clear error to retry; a writer killed (SIGKILL) inside its transaction leaves the store as it
was; a writer that waits too long for the lock is told the store is busy, and nothing is written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT
from sqlalchemy import create_engine, text
from store.conftest import RELEASES

from sectrack.store import Store

EXPECTED = {
    "52.0": {"section-a": "20.0", "section-l": "9.0", "appendix-am": "14.0"},
    "53.0": {"section-a": "21.0", "section-l": "10.0", "appendix-am": "15.0"},
    "54.0": {"section-a": "22.0", "appendix-am": "16.0", "appendix-at": "1.0"},
    "55.0": {"section-a": "23.0", "section-l": "11.0", "appendix-am": "17.0", "appendix-at": "1.1"},
}


def sectrack(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "sectrack.cli", *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})


def consistent(url: str) -> list[str]:
    """The releases in the store, after checking each holds exactly its manifest's documents."""
    with Store.open(url) as st:
        releases = st.releases()
        found = [r.sec_version for r in releases]
        assert found == list(EXPECTED)[: len(found)]
        for r in releases:
            assert {c.document: c.version for c in r.changes} == EXPECTED[r.sec_version]
            for c in r.changes:
                assert st.version(c.document, c.version or "").sha256 == c.sha256
    if url.startswith("sqlite"):
        engine = create_engine(url)
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        engine.dispose()
    return found


def test_two_processes_loading_the_corpus_at_once_both_succeed(store_url: str) -> None:
    Store.open(store_url, create=True).close()
    procs = [sectrack("load-corpus", str(CORPUS), "--store", store_url) for _ in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert consistent(store_url) == list(EXPECTED)
    outcomes = sorted(line.split(": ")[1].split(" ")[0] for out, _err in results for line in out.splitlines())
    assert outcomes == ["added"] * 4 + ["unchanged"] * 4


def test_processes_ingesting_at_once_all_succeed(store_url: str) -> None:
    Store.open(store_url, create=True).close()
    files = sorted((CORPUS / "documents").glob("*/*.docx"))[:6]
    procs = [sectrack("ingest", str(f), "--store", store_url) for f in files + files[:2]]
    results = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), results
    with Store.open(store_url) as st:
        stored = {(d["document"], v.version) for d in st.documents() for v in st.versions(d["document"])}
    assert len(stored) == 6


def test_two_different_releases_under_one_version_one_wins_the_other_is_told(store_url: str, tmp_path: Path) -> None:
    with Store.open(store_url, create=True) as st:
        for path in RELEASES[:2]:
            st.add_release(path)
    other = tmp_path / "v54.0.yaml"
    other.write_text(RELEASES[2].read_text(encoding="utf-8").replace("../documents", str(CORPUS / "documents"))
                     .replace("SEC v54.0 came into effect", "SEC v54.0 (another draft) came into effect"), encoding="utf-8")
    procs = [sectrack("release", "add", str(path), "--store", store_url) for path in (RELEASES[2], other)]
    results = [p.communicate(timeout=300) for p in procs]
    assert sorted(p.returncode for p in procs) == [0, 2], results
    loser = next(err for p, (_out, err) in zip(procs, results) if p.returncode == 2)
    assert loser.count("\n") == 1 and "release 54.0 is published and cannot be altered" in loser
    assert consistent(store_url) == ["52.0", "53.0", "54.0"]


KILLED_INSIDE = """
import os, sys, time
import sectrack.store.writes as writes
real = writes.save
def save(conn, made):
    real(conn, made)
    open(sys.argv[1], "w").close()  # the transaction is open and has written: tell the test
    time.sleep(600)
writes.save = save
from sectrack.cli import main
main(sys.argv[2:])
"""


def test_a_writer_killed_inside_its_transaction_leaves_the_store_as_it_was(store_url: str, tmp_path: Path) -> None:
    with Store.open(store_url, create=True) as st:
        for path in RELEASES[:2]:
            st.add_release(path)
    before = consistent(store_url)
    flag = tmp_path / "inside"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_INSIDE, str(flag), "release", "add", str(RELEASES[2]),
                             "--store", store_url], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while not flag.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert consistent(store_url) == before
    again = sectrack("release", "add", str(RELEASES[2]), "--store", store_url)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert consistent(store_url) == ["52.0", "53.0", "54.0"]


@pytest.mark.parametrize("delay", [0.2, 0.7, 1.4])
def test_a_load_killed_at_any_moment_leaves_whole_releases(store_url: str, delay: float) -> None:
    Store.open(store_url, create=True).close()
    proc = sectrack("load-corpus", str(CORPUS), "--store", store_url)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    consistent(store_url)
    again = sectrack("load-corpus", str(CORPUS), "--store", store_url)
    _out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert consistent(store_url) == list(EXPECTED)


def test_a_writer_kept_waiting_is_told_to_try_again(store_url: str) -> None:
    Store.open(store_url, create=True).close()
    engine = create_engine(store_url)
    with engine.connect() as conn:
        if store_url.startswith("sqlite"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.begin()
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": 0x5EC7_5EC7})
        proc = sectrack("release", "add", str(RELEASES[0]), "--store", store_url, env={"SECTRACK_STORE_WAIT": "0.5"})
        out, err = proc.communicate(timeout=300)
        conn.rollback()
    engine.dispose()
    assert proc.returncode == 2 and out == ""
    assert err.strip() == f"sectrack: {RELEASES[0]}: the store is busy (another sectrack is writing to it): try again"
    with Store.open(store_url) as st:
        assert st.releases() == []
    retry = sectrack("release", "add", str(RELEASES[0]), "--store", store_url)
    assert retry.communicate(timeout=300) and retry.returncode == 0
