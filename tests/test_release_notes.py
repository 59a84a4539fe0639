"""``sectrack release notes``: the v54.0 note in three formats (goldens), the narrative checked against
the documents (stable warning codes, --strict), templates overridable, document strings escaped."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import CORPUS
from lxml import html as lxml_html

from sectrack.cli import main
from sectrack.release import build_note
from sectrack.release.notes import CheckMemo, named_documents
from sectrack.release.source import ManifestSource

RELEASES = CORPUS / "releases"


def notes(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["release", "notes", *args])
    return result.exit_code, result.stderr


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_v54_note_matches_its_golden(fmt: str, tmp_path: Path, golden) -> None:
    out = tmp_path / f"v54.0.{fmt}"
    code, err = notes("v54.0", "--from-manifests", str(RELEASES), "-o", str(out))
    assert code == 0 and err == ""
    golden(f"release-notes/v54.0.{fmt}", out.read_text(encoding="utf-8"))


def test_v54_note_says_what_the_documents_did() -> None:
    note = build_note(ManifestSource.from_folder(RELEASES), "54.0")
    assert [(a.name, a.versions) for a in note.affected] == [
        ("SEC Section A 'Definitions and Interpretation'", "V21.0 → V22.0"),
        ("SEC Appendix AM 'SMETS1 Supporting Requirements'", "V15.0 → V16.0"),
        ("SEC Appendix AT 'SMETS1 Cryptographic Key Management Policy'", "new document, V1.0"),
    ]
    section_a, am, at = note.affected
    groups = {g.label: g.items for g in section_a.groups}
    assert "Key Rotation" in groups["Definitions added"] and "Key Ceremony" in groups["Definitions amended"]
    assert groups["Clauses inserted"] == ("A3.3",)
    am_groups = {g.label: g.items for g in am.groups}
    assert {"2.3", "2.4", "1.9"} <= set(am_groups["Clauses inserted"]) and "5.5 → 7.8" in am_groups["Clauses moved"]
    assert am.change == "re-designated" and at.size.startswith("60 clauses")
    assert note.warnings == ()
    impact = {i.term: i for i in note.checks.impact}
    assert impact["Key Rotation"].change == "added" and ("appendix-am", "2.2") in impact["Key Rotation"].uses
    assert note.checks.previous == "53.0" and note.checks.errors == []


def test_notes_sharing_checks_agree_with_notes_alone_and_keep_two_releases() -> None:
    source = ManifestSource.from_folder(RELEASES)
    memo = CheckMemo()
    for sec in ("53.0", "54.0", "55.0"):
        shared, alone = build_note(source, sec, memo=memo).checks, build_note(source, sec).checks
        assert shared.to_dict() == alone.to_dict()
    assert list(memo.reports) == ["54.0", "55.0"]
    in_effect = {(r.document, r.version) for sec in ("54.0", "55.0") for r in source.log(sec)}
    assert len(memo.indexes) == len(in_effect) < len({(r.document, r.version) for r in source.log("53.0")} | in_effect)


def test_html_note_links_every_redline(tmp_path: Path) -> None:
    out = tmp_path / "note.html"
    notes("54.0", "--from-manifests", str(RELEASES), "-o", str(out))
    links = lxml_html.fromstring(out.read_bytes()).xpath("//a/@href")
    for slug, version in (("section-a", "22.0"), ("appendix-am", "16.0")):
        assert f"documents/{slug}/{version}/redline/{slug}-v{version}-redline.pdf" in links
        assert f"documents/{slug}/{version}/redline/{slug}-v{version}-redline.docx" in links
    assert "documents/appendix-at/1.0/index.html" in links and "releases/v54.0/index.html#document-log" in links


@pytest.fixture
def releases(tmp_path: Path) -> Path:
    """A copy of the corpus manifests that a test may edit (their files still point at the corpus)."""
    shutil.copytree(RELEASES, tmp_path / "releases")
    (tmp_path / "documents").symlink_to(CORPUS / "documents")
    return tmp_path / "releases"


def _edit(path: Path, **changes: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_narrative_that_disagrees_with_the_documents_is_warned(releases: Path, tmp_path: Path) -> None:
    v54 = releases / "v54.0.yaml"
    data = yaml.safe_load(v54.read_text(encoding="utf-8"))
    data["documents"].append({"slug": "section-l", "version": "10.0", "change": "amended",
                              "file": "../documents/section-l/section-l-v10.0.docx"})  # in effect since v53.0
    summary = "This release brought in Appendix AT, consulted on under Section L14.8, and amended Appendix AB and Section L."
    _edit(v54, documents=data["documents"], summary=summary)  # Section A and Appendix AM not named
    out = tmp_path / "note.txt"
    code, err = notes("54.0", "--from-manifests", str(releases), "-o", str(out))
    assert code == 0 and out.is_file()
    assert err.splitlines() == [
        "sectrack: v54.0: warning: note.unchanged-document: the release lists section-l but its version did not change in v54.0",
        "sectrack: v54.0: warning: note.unchanged-document: the summary names Appendix AB but its version did not change in v54.0",
        ("sectrack: v54.0: warning: note.unlisted-change: SEC Section A 'Definitions and Interpretation' changed "
         "(V21.0 → V22.0) but the release's summary does not name it"),
        ("sectrack: v54.0: warning: note.unlisted-change: SEC Appendix AM 'SMETS1 Supporting Requirements' changed "
         "(V15.0 → V16.0) but the release's summary does not name it"),
    ]
    assert "note.unlisted-change" in out.read_text(encoding="utf-8")  # the note shows them too

    out.unlink()
    code, err = notes("54.0", "--from-manifests", str(releases), "-o", str(out), "--strict")
    assert code == 2 and "error: note.unlisted-change" in err and not out.exists()


def test_clause_references_are_not_document_mentions() -> None:
    text = "consulted as SEC Section L14.8 requires; Appendix AM and Section A2 (not A); Appendix AT."
    assert named_documents(text) == ["appendix-am", "appendix-at"]


def test_templates_folder_restyles_the_note(tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "release-note.md.j2").write_text(
        '{% autoescape false %}SECAS note: {{ note.title }}\n{% for a in note.affected %}* {{ a.name }}\n{% endfor %}'
        "{% endautoescape %}", encoding="utf-8")
    out = tmp_path / "n.md"
    code, _ = notes("54.0", "--from-manifests", str(RELEASES), "--templates", str(folder), "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert code == 0 and text.startswith("SECAS note: SEC v54.0") and "* SEC Appendix AT 'SMETS1" in text


def test_document_strings_are_escaped_in_html(releases: Path, tmp_path: Path) -> None:
    _edit(releases / "v54.0.yaml", title="SEC v54.0 <script>alert(1)</script>", summary="A & B <b>bold</b>")
    out = tmp_path / "n.html"
    assert notes("54.0", "--from-manifests", str(releases), "-o", str(out))[0] == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page and "A &amp; B &lt;b&gt;" in page


@pytest.mark.parametrize("args, message", [
    (["54.0", "-o", "note.pdf"], "unknown release note format"),
    (["99.0", "-o", "note.md"], "v99.0: no such release"),
])
def test_bad_requests_get_one_line(args: list[str], message: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, err = notes(*args, "--from-manifests", str(RELEASES))
    assert code == 2 and message in err and len(err.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_note_checks_use_the_checks_configuration(tmp_path: Path, monkeypatch) -> None:
    """The note's checks take the configuration ``check`` would (site config's ``check_config``,
    relative to that file, else $SECTRACK_CHECK_CONFIG, else sectrack-check.yaml here)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SECTRACK_CHECK_CONFIG", raising=False)
    shutil.copy(CORPUS / "sectrack-check.yaml", tmp_path / "checks.yaml")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "site.yaml").write_text("check_config: ../checks.yaml\n", encoding="utf-8")

    def fixed(*extra: str) -> str:
        out = tmp_path / "n.txt"
        assert notes("54.0", "--from-manifests", str(RELEASES), "-o", str(out), *extra) == (0, "")
        found = re.search(r"introduced 0 finding\(s\) \(0 error\(s\)\) and\s+fixed\s+(\d+)", out.read_text())
        assert found, out.read_text()
        return found.group(1)

    assert fixed() == "2"  # the defaults: two Section A terms no longer unused
    assert fixed("--config", "site/site.yaml") == "0"  # term.unused is off in the corpus' configuration
    monkeypatch.setenv("SECTRACK_CHECK_CONFIG", str(tmp_path / "checks.yaml"))
    assert fixed() == "0"
    (tmp_path / "site" / "site.yaml").write_text("check_config: missing.yaml\n", encoding="utf-8")
    code, err = notes("54.0", "--from-manifests", str(RELEASES), "-o", "x.txt", "--config", "site/site.yaml")
    assert code == 2 and "missing.yaml" in err and len(err.splitlines()) == 1 and not Path("x.txt").exists()
