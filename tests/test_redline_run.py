"""One redline run: both versions read (side by side for large files), errors carried back."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS

from sectrack import redline as run
from sectrack.docx import read
from sectrack.errors import SectrackError

AM = CORPUS / "documents" / "appendix-am"
OLD, NEW = str(AM / "appendix-am-v15.0.docx"), str(AM / "appendix-am-v16.0.docx")


def test_side_by_side_reading_gives_the_same_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "PARALLEL_BYTES", 0)
    assert run._worth_a_process(OLD, NEW)
    old, new = run.read_pair(OLD, NEW, parallel=True)
    assert old == read(OLD) and new == read(NEW)
    assert old.package == read(OLD).package
    assert [p.ppr for p in old.paragraphs()] == [p.ppr for p in read(OLD).paragraphs()]


def test_the_reading_child_looks_at_the_old_package_after_sending_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from sectrack.render.docx import beyond

    monkeypatch.setattr(run, "PARALLEL_BYTES", 0)
    later: list[run._Child] = []
    old, _new = run.read_pair(OLD, NEW, parallel=True, later=later)
    assert len(later) == 1 and old == read(OLD)
    assert later[0].then_result() == beyond.in_package(read(OLD).package or b"")
    assert later[0].pid == 0 and later[0].pipe is None


def _triple(x: int) -> int:
    return 3 * x


def _refuse(x: int) -> int:
    raise ValueError(f"no {x}")


def test_a_child_sends_a_second_result_after_the_first() -> None:
    child = run._Child(int, "2", then=_triple)
    assert child.result() == 2 and child.pid != 0
    assert child.then_result() == 6 and child.pid == 0
    child = run._Child(int, "2", then=_refuse)
    assert child.result() == 2
    with pytest.raises(ValueError, match="no 2"):
        child.then_result()
    assert child.pid == 0
    child = run._Child(int, "2", then=_triple)
    child.close()  # the second result not taken: the child is stopped and reaped
    assert child.pid == 0 and child.pipe is None


def test_error_in_the_worker_comes_back_as_one_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(run, "PARALLEL_BYTES", 0)
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip at all")
    with pytest.raises(SectrackError) as err:
        run.read_pair(str(bad), NEW, parallel=True)
    assert str(err.value) == f"{bad}: not a .docx file (not a zip archive)"


def test_outputs_written_side_by_side_are_the_same_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    names = ["r.html", "r.docx", "r.json", "r.md"]
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    run.redline(OLD, NEW, [str(tmp_path / "one" / n) for n in names])
    monkeypatch.setattr(run, "PARALLEL_BYTES", 0)
    run.redline(OLD, NEW, [str(tmp_path / "two" / n) for n in names], parallel=True)
    for n in names:
        assert (tmp_path / "one" / n).read_bytes() == (tmp_path / "two" / n).read_bytes(), n


def test_error_in_a_forked_writer_comes_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(run, "PARALLEL_BYTES", 0)
    missing = tmp_path / "gone" / "r.docx"
    with pytest.raises(SectrackError) as err:
        run.redline(OLD, NEW, [str(tmp_path / "r.html"), str(missing)], parallel=True)
    assert "output folder does not exist" in str(err.value)


class _Unpicklable(Exception):
    def __reduce__(self):  # type: ignore[override]
        raise TypeError("cannot be pickled")


def _raise_unpicklable() -> None:
    raise _Unpicklable()


def test_a_child_that_cannot_send_its_result_is_an_error_not_a_hang() -> None:
    child = run._Child(_raise_unpicklable)
    with pytest.raises(RuntimeError, match="ended without a result"):
        child.result()
    child.close()
    assert child.pid == 0


def test_a_child_still_at_work_is_stopped_and_reaped() -> None:
    import time

    child = run._Child(time.sleep, 60)
    started = time.monotonic()
    child.close()
    assert child.pid == 0 and child.pipe is None
    assert time.monotonic() - started < 10


def test_no_fork_while_other_threads_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setattr(run, "PARALLEL_BYTES", 0)
    assert run._worth_a_process(OLD, NEW)
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not run._worth_a_process(OLD, NEW)
        old, new = run.read_pair(OLD, NEW, parallel=True)  # read here, in turn
        assert old == read(OLD) and new == read(NEW)
    finally:
        stop.set()
        worker.join()


def test_without_parallel_nothing_is_forked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    def refuse() -> None:
        raise AssertionError("forked without parallel=True")

    monkeypatch.setattr(run, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(os, "fork", refuse)
    run.redline(OLD, NEW, [str(tmp_path / "r.html"), str(tmp_path / "r.docx")])
    assert (tmp_path / "r.docx").stat().st_size > 0
