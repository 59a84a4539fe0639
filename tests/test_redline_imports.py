"""What ``sectrack redline`` of two files loads: never the store or its database libraries, and no
writer of a format it does not write (start-up is a large share of a redline's time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS

SECTION_A = CORPUS / "documents" / "section-a"
#: Runs the command line with the given arguments, then writes the names of the loaded modules.
PROBE = """
import json, sys
from sectrack.cli import main
modules, args = sys.argv[1], sys.argv[2:]
main(args, standalone_mode=False)
with open(modules, "w", encoding="utf-8") as out:
    json.dump(sorted(sys.modules), out)
"""
STORE = ("sqlalchemy", "alembic", "psycopg", "sectrack.store")


def _loaded(tmp: Path, *outputs: str) -> list[str]:
    modules = tmp / "modules.json"
    args = ["redline", str(SECTION_A / "section-a-v21.0.docx"), str(SECTION_A / "section-a-v22.0.docx")]
    for name in outputs:
        args += ["-o", str(tmp / name)]
    done = subprocess.run([sys.executable, "-c", PROBE, str(modules), *args],
                          capture_output=True, text=True, cwd=tmp, check=False)
    assert done.returncode == 0, done.stderr
    assert all((tmp / name).stat().st_size > 0 for name in outputs)
    return json.loads(modules.read_text(encoding="utf-8"))


def _among(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == n or m.startswith(n + ".") for n in names)]


@pytest.mark.parametrize("outputs", [("r.docx",), ("r.html",), ("r.html", "r.docx")], ids=" ".join)
def test_a_redline_of_two_files_loads_no_store(outputs: tuple[str, ...], tmp_path: Path) -> None:
    assert _among(_loaded(tmp_path, *outputs), STORE) == []


def test_a_docx_redline_loads_no_html_writer_or_templates(tmp_path: Path) -> None:
    assert _among(_loaded(tmp_path, "r.docx"), ("jinja2", "markupsafe", "sectrack.render.html")) == []
