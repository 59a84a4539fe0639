"""The command line: help for every command, exit codes, outputs, nothing half-written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import CORPUS

import sectrack
from sectrack.cli import main

AM = CORPUS / "documents" / "appendix-am"
OLD, NEW = AM / "appendix-am-v15.0.docx", AM / "appendix-am-v16.0.docx"


def invoke(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.stdout
    assert main.commands[command].help


def test_entry_point_runs_as_a_process() -> None:
    out = subprocess.run([sys.executable, "-m", "sectrack.cli", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and "sectrack" in out.stdout


def test_the_process_keeps_exit_codes_and_output_with_its_quick_exit(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "sectrack.cli", *args], capture_output=True, text=True)

    same = run("redline", str(OLD), str(OLD), "--check")
    assert same.returncode == 0 and same.stderr.splitlines()[-1].startswith("same:")
    assert "compare.identical-files" in same.stderr  # the same file given twice: said, not an error
    differ = run("redline", str(OLD), str(NEW), "--check", "-o", str(tmp_path / "r.html"))
    assert differ.returncode == 1 and "different:" in differ.stderr
    assert (tmp_path / "r.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    bad = run("show", str(tmp_path / "missing.docx"))
    assert bad.returncode == 2 and bad.stderr.strip() == f"sectrack: {tmp_path / 'missing.docx'}: no such file"
    usage = run("redline")
    assert usage.returncode == 2 and "Usage:" in usage.stderr
    shown = run("show", str(NEW), "--format", "text")
    assert shown.returncode == 0 and shown.stdout.strip()


def test_show_outline_text_json() -> None:
    outline = invoke("show", str(NEW))
    assert outline.exit_code == 0
    assert "SEC Appendix AM 'SMETS1 Supporting Requirements'" in outline.stdout
    text = invoke("show", str(NEW), "--format", "text")
    lines = text.stdout.splitlines()
    assert all("\t" in line for line in lines)
    assert "1.1\tThis Appendix sets out" in text.stdout
    shown = invoke("show", str(NEW), "--format", "json").stdout
    data = json.loads(shown)
    assert data["slug"] == "appendix-am" and data["version"] == "16.0"
    assert sectrack.loads(shown, package=NEW.read_bytes()) == sectrack.read(NEW)  # the whole model


@pytest.mark.parametrize("args,quick", [(["show", str(NEW)], False), (["redline", str(OLD), str(NEW)], True)])
def test_only_the_redline_command_leaves_without_tearing_down(args: list[str], quick: bool) -> None:
    """Other commands exit normally (exit handlers run: a database connection closes properly)."""
    script = (
        "import atexit, sys; from sectrack.cli import entry; "
        "atexit.register(lambda: sys.stderr.write('exit handlers ran')); "
        f"sys.argv = ['sectrack'] + {args!r}; entry()"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert ("exit handlers ran" in out.stderr) is not quick


def test_redline_writes_every_format_once(tmp_path: Path) -> None:
    outs = [tmp_path / f"am.{ext}" for ext in ("html", "docx", "json", "md")]
    result = invoke("redline", str(OLD), str(NEW), *[a for o in outs for a in ("-o", str(o))])
    assert result.exit_code == 0, result.stderr
    assert all(o.exists() and o.stat().st_size > 0 for o in outs)
    assert json.loads(outs[2].read_text())["summary"]["moved"] >= 1
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".sectrack-")]


def test_check_exit_codes_follow_diff() -> None:
    assert invoke("redline", str(NEW), str(NEW), "--check").exit_code == 0
    assert invoke("redline", str(OLD), str(NEW), "--check").exit_code == 1
    bad = invoke("redline", str(OLD), str(AM / "missing.docx"), "--check")
    assert bad.exit_code == 2
    assert bad.stderr.strip() == f"sectrack: {AM / 'missing.docx'}: no such file"


def test_unknown_output_format_is_refused_before_any_work(tmp_path: Path) -> None:
    result = invoke("redline", str(OLD), str(NEW), "-o", str(tmp_path / "a.html"), "-o", str(tmp_path / "a.odt"))
    assert result.exit_code == 2 and "unknown output format" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_bad_input_leaves_no_output(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really")
    out = tmp_path / "out.html"
    result = invoke("redline", str(OLD), str(broken), "-o", str(out))
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["broken.docx"]


def test_output_folder_missing(tmp_path: Path) -> None:
    result = invoke("redline", str(OLD), str(NEW), "-o", str(tmp_path / "nope" / "a.html"))
    assert result.exit_code == 2 and "output folder does not exist" in result.stderr


def test_bad_date_is_refused() -> None:
    result = invoke("redline", str(OLD), str(NEW), "--date", "yesterday", "-o", "x.docx")
    assert result.exit_code == 2 and "--date yesterday" in result.stderr


def test_uncompared_text_boxes_are_named_and_never_called_same() -> None:
    """Text boxes are not compared: both files' warnings are shown and a changed box is a difference."""
    from conftest import FIXTURES

    wc = FIXTURES / "compare" / "WC"
    old, new = wc / "WC045-Text-Box.docx", wc / "WC045-Text-Box-Mod.docx"
    result = invoke("redline", str(old), str(new), "--check")
    assert result.exit_code == 1
    assert f"sectrack: {new}: warning: read.textbox: text box not compared:" in result.stderr
    assert "compare.uncompared" in result.stderr
    assert invoke("redline", str(new), str(new), "--check").exit_code == 0
