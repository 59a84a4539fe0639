"""LibreOffice as an independent reader, through its Python bridge (``uno``), never its text export.

LibreOffice's bridge is a system package (Debian's ``python3-uno``) built for the system's Python, so the
scripts that use it run under the first interpreter that can import ``uno``: the one running the tests
(a virtual environment made with ``--system-site-packages`` from the system Python), the interpreter that
environment was made from, or a ``python3`` on PATH.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest

HERE = Path(__file__).resolve().parent


class LoParagraph(NamedTuple):
    """One paragraph as LibreOffice lays it out: its list label, its text, whether the label is a bullet."""

    label: str
    text: str
    bullet: bool


@functools.cache
def uno_python() -> str | None:
    """An interpreter that imports LibreOffice's ``uno`` module, or None."""
    candidates = [sys.executable, getattr(sys, "_base_executable", sys.executable)]
    candidates += [str(Path(d) / "python3") for d in os.get_exec_path()]
    for exe in dict.fromkeys(candidates):
        if Path(exe).is_file() and os.access(exe, os.X_OK):
            probe = subprocess.run([exe, "-c", "import uno"], capture_output=True)
            if probe.returncode == 0:
                return exe
    return None


def libreoffice_ready() -> bool:
    """Whether soffice and its Python bridge are both installed."""
    return shutil.which("soffice") is not None and uno_python() is not None


def run_bridge(what: str, work: Path, paths: list[str], timeout: int = 600) -> list[Any]:
    """Run tests/lo_bridge.py WHAT on files in one LibreOffice session: its JSON line per file, parsed."""
    python = uno_python()
    if python is None or shutil.which("soffice") is None:
        pytest.fail("LibreOffice (soffice) and its Python bridge (python3-uno) are needed")
    done = subprocess.run(
        [python, str(HERE / "lo_bridge.py"), what, str(work / "profile"), *paths], capture_output=True, timeout=timeout, check=False,
        env=dict(os.environ, HOME=str(work)),
    )
    lines = done.stdout.decode("utf-8").splitlines()
    if done.returncode or len(lines) != len(paths):
        pytest.fail(f"lo_bridge.py {what} failed ({done.returncode}): {done.stderr.decode('utf-8', 'replace')[-2000:]}")
    return [json.loads(line) for line in lines]


def libreoffice_paragraphs(paths: list[str], work: Path) -> list[list[LoParagraph]]:
    """Each file's paragraphs in body order (table cells included) with LibreOffice's own list labels."""
    return [[LoParagraph(*p) for p in doc] for doc in run_bridge("labels", work, paths)]
