"""Stopping ``sectrack publish`` (SIGTERM, SIGINT, SIGKILL) while its workers make PDFs: no worker
outlives it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.site.conftest import store


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(condition, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_workers_die_with_publish(tmp_path: Path, signum: int) -> None:
    store(tmp_path / "s.db", "55.0").close()
    command = [sys.executable, "-m", "sectrack.cli", "publish", "--quiet", "--jobs", "2",
               "--store", f"sqlite:///{tmp_path / 's.db'}", "-o", str(tmp_path / "site")]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "SECTRACK_STORE": ""})
    try:
        assert _wait_for(lambda: len(_children(proc.pid)) == 2 or proc.poll() is not None, 600)
        workers = _children(proc.pid)
        assert len(workers) == 2, "publish ended before its workers started"
        os.kill(proc.pid, signum)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode != 0, err
        assert _wait_for(lambda: not any(_alive(w) for w in workers), 30), "a worker outlived publish"
        if signum != signal.SIGKILL:
            assert b"Traceback" not in err, err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
