#!/usr/bin/env python3
"""Run one python-redlines engine on OLD and NEW and write its redline .docx to OUT.

    python bench/peer.py {wmlcomparer|docxodus} OLD NEW OUT
    python bench/peer.py {wmlcomparer|docxodus} --check

bench/run.py runs this in a fresh process per comparison, so the time and peak memory it measures
cover the whole peer: Python start-up, the wrapper, and the .NET engine process it spawns.
Each engine runs with python-redlines' default settings (Docxodus detects moves by default).
``--check`` only locates the engine (python-redlines extracts its binary into a cache on first use),
so that the extraction is not part of any timed run.
Exit status: 0 on success, 3 when the engine failed or wrote nothing (its message on stderr), 4 when
python-redlines or the engine's companion package is not installed.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path


def engine(name: str):
    try:
        from python_redlines.engines import DocxodusEngine, XmlPowerToolsEngine
    except ImportError as exc:
        print(f"peer: python-redlines is not installed ({exc}); pip install -e '.[bench]'", file=sys.stderr)
        sys.exit(4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # XmlPowerToolsEngine is deprecated upstream
        try:
            if name == "wmlcomparer":
                return XmlPowerToolsEngine()
            if name == "docxodus":
                return DocxodusEngine()
        except ImportError as exc:  # EngineNotInstalledError
            print(f"peer: {exc}", file=sys.stderr)
            sys.exit(4)
    print(f"peer: unknown engine {name!r} (wmlcomparer, docxodus)", file=sys.stderr)
    sys.exit(2)


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    flags = {a for a in argv if a.startswith("--")}
    if len(args) == 1 and flags == {"--check"}:
        engine(args[0])
        return 0
    if len(args) != 4 or flags:
        print(__doc__, file=sys.stderr)
        return 2
    name, old, new, out = args
    eng = engine(name)
    try:
        data, stdout, stderr = eng.run_redline("bench", Path(old), Path(new))
    except Exception as exc:  # noqa: BLE001 - report any engine failure as such
        print(f"peer: {name} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 3
    if not data:
        # the Open-XML-PowerTools binary prints "Error: ..." and exits 0 when it cannot compare
        print(f"peer: {name} wrote no output", file=sys.stderr)
        for text in (stdout, stderr):
            if text:
                sys.stderr.write(text)
        return 3
    Path(out).write_bytes(data)
    if stderr:
        sys.stderr.write(stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
