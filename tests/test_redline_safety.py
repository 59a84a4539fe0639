"""What a redline run refuses or warns about: an output that is an input, an output that cannot be
written (none of the others is left), inputs holding tracked changes, OLD and NEW identical or swapped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from sectrack.cli import main
from sectrack.compare import compare
from sectrack.docx import read
from sectrack.render.html import render_html

ROOT = Path(__file__).resolve().parent.parent
AM = ROOT / "corpus" / "documents" / "appendix-am"
TRACKED = ROOT.parent / "shared" / "fixtures" / "wordprocessing" / "revisions" / "RP003-Inserted-Text.docx"


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def _pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.docx", tmp_path / "new.docx"
    shutil.copy(AM / "appendix-am-v15.0.docx", old)
    shutil.copy(AM / "appendix-am-v16.0.docx", new)
    return old, new


def test_an_output_equal_to_an_input_is_refused_and_nothing_is_written(tmp_path: Path, monkeypatch) -> None:
    old, new = _pair(tmp_path)
    before = new.read_bytes()
    monkeypatch.chdir(tmp_path)
    for target in (str(new), "new.docx", "./new.docx", str(tmp_path / ".." / tmp_path.name / "old.docx")):
        result = _run("redline", str(old), str(new), "-o", "out.html", "-o", target)
        assert result.exit_code == 2, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and "is an input of this comparison" in lines[0] and str(Path(target)) in lines[0]
        assert "Traceback" not in result.output
        assert new.read_bytes() == before and not (tmp_path / "out.html").exists()
    link = tmp_path / "link.docx"
    link.symlink_to(new)
    assert _run("redline", str(old), str(new), "-o", str(link)).exit_code == 2
    assert new.read_bytes() == before


def test_one_output_failing_leaves_none_and_is_named(tmp_path: Path) -> None:
    old, new = _pair(tmp_path)
    html, bad = tmp_path / "out.html", tmp_path / "missing" / "out.md"
    result = _run("redline", str(old), str(new), "-o", str(html), "-o", str(tmp_path / "out.json"), "-o", str(bad))
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"sectrack: {bad}: the output folder does not exist; no output was written"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["missing", "new.docx", "old.docx"] or \
        sorted(p.name for p in tmp_path.iterdir()) == ["new.docx", "old.docx"]


def test_a_failing_renderer_leaves_no_output_and_names_it(tmp_path: Path) -> None:
    old, new = _pair(tmp_path)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "redline.html.j2").write_text("{{ no_such_value }}", encoding="utf-8")
    out_md, out_html = tmp_path / "a.md", tmp_path / "b.html"
    result = _run("redline", str(old), str(new), "-o", str(out_md), "-o", str(out_html), "--templates", str(templates))
    assert result.exit_code == 2 and str(out_html) in result.output and "no output was written" in result.output
    assert not out_md.exists() and not out_html.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".sectrack-")]


def test_tracked_changes_inside_an_input_are_reported_everywhere(tmp_path: Path) -> None:
    doc = read(TRACKED)
    found = [m for m in doc.messages if m.code == "read.tracked-changes"]
    assert len(found) == 1 and "accepted" in found[0].text and found[0].location == "word/document.xml"
    count = int(found[0].text.split("holds ")[1].split()[0])
    assert count >= 1
    original = read(TRACKED, "original")
    assert "rejected" in next(m.text for m in original.messages if m.code == "read.tracked-changes")
    # a redline fed back in: same content, but never silently
    out = tmp_path / "r.json"
    result = _run("redline", str(TRACKED), str(TRACKED), "--check", "-o", str(out), "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 0
    assert "read.tracked-changes" in result.output and f"holds {count} tracked change" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert any(m["code"] == "read.tracked-changes" for m in data["new"]["messages"])
    assert "read.tracked-changes" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "read.tracked-changes" in render_html(compare(doc, doc))


def test_identical_or_swapped_inputs_get_one_warning(tmp_path: Path) -> None:
    old, new = _pair(tmp_path)
    same = _run("redline", str(new), str(new))
    assert same.exit_code == 0
    assert [line for line in same.output.splitlines() if "warning" in line] == [
        "sectrack: warning: compare.identical-files: OLD and NEW are the same file (identical bytes)"]
    swapped = _run("redline", str(new), str(old))
    assert swapped.exit_code == 0
    warnings = [line for line in swapped.output.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "compare.swapped" in warnings[0] and "16.0" in warnings[0]
    plain = _run("redline", str(old), str(new))
    assert "warning" not in plain.output
