"""The public API: read from bytes, models through JSON and back, every format rendered the same.

For every compare pair of the shared fixtures and of the corpus, the Documents read back from their
JSON (given their package bytes) compare and render byte for byte as the ones read from the .docx
files; a ChangeSet read back from its JSON renders HTML, JSON and Markdown byte for byte; and
Documents read from paths render every format the same once both input files are deleted.
"""

from __future__ import annotations

import dataclasses
import importlib
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS

import sectrack
from sectrack.errors import SectrackError
from sectrack.serial import SCHEMA_VERSION
from tests.render.test_docx_files import PAIRS

AM = CORPUS / "documents" / "appendix-am"
OLD, NEW = AM / "appendix-am-v15.0.docx", AM / "appendix-am-v16.0.docx"
FORMATS = ("html", "docx", "json", "md")


def test_the_builtin_formats_are_registered() -> None:
    assert set(FORMATS) <= set(sectrack.formats())


@pytest.mark.parametrize("pid,before,after", PAIRS, ids=[p[0] for p in PAIRS])
def test_models_through_json_render_the_same_bytes(pid: str, before: Path, after: Path) -> None:
    a, b = before.read_bytes(), after.read_bytes()
    old, new = sectrack.read(a, name=before.name), sectrack.read(b, name=after.name)
    old_back = sectrack.loads(sectrack.dumps(old), package=a)
    new_back = sectrack.loads(sectrack.dumps(new), package=b)
    assert old_back == old and new_back == new
    assert isinstance(old_back, sectrack.Document) and isinstance(new_back, sectrack.Document)
    direct, through = sectrack.compare(old, new), sectrack.compare(old_back, new_back)
    for fmt in FORMATS:
        assert sectrack.render(through, fmt) == sectrack.render(direct, fmt), fmt


@pytest.mark.parametrize("pid,before,after", PAIRS, ids=[p[0] for p in PAIRS])
def test_a_changeset_through_json_renders_the_same_bytes(pid: str, before: Path, after: Path) -> None:
    cs = sectrack.compare(sectrack.read(before), sectrack.read(after))
    back = sectrack.loads(sectrack.dumps(cs))
    assert isinstance(back, sectrack.ChangeSet)
    assert back == cs
    for fmt in ("html", "json", "md"):
        assert sectrack.render(back, fmt) == sectrack.render(cs, fmt), fmt


def test_a_changeset_given_its_packages_renders_the_same_docx_and_pdf() -> None:
    """The PDF prints the HTML page: one pair stands for all (WeasyPrint takes a while)."""
    a, b = OLD.read_bytes(), NEW.read_bytes()
    cs = sectrack.compare(sectrack.read(a), sectrack.read(b))
    back = sectrack.loads(sectrack.dumps(cs), package=(a, b))
    for fmt in ("docx", "pdf"):
        assert sectrack.render(back, fmt) == sectrack.render(cs, fmt), fmt


@pytest.mark.parametrize("pid,before,after", PAIRS, ids=[p[0] for p in PAIRS])
def test_every_format_renders_the_same_once_the_input_files_are_gone(
        pid: str, before: Path, after: Path, tmp_path: Path) -> None:
    """Documents read from paths render byte for byte the same after both files are deleted."""
    old_path, new_path = tmp_path / before.name, tmp_path / ("new-" + after.name)
    shutil.copy(before, old_path)
    shutil.copy(after, new_path)
    cs = sectrack.compare(sectrack.read(old_path), sectrack.read(new_path))
    expected = {fmt: sectrack.render(cs, fmt) for fmt in FORMATS}
    cs = sectrack.compare(sectrack.read(old_path), sectrack.read(new_path))  # fresh, nothing cached
    old_path.unlink()
    new_path.unlink()
    for fmt in FORMATS:
        got = sectrack.render(cs, fmt)
        assert got == expected[fmt], fmt
        assert not getattr(got, "messages", ()), (fmt, got.messages)  # type: ignore[attr-defined]  # Output bytes


def test_read_takes_a_path_bytes_or_a_file_object() -> None:
    from_path = sectrack.read(NEW)
    with open(NEW, "rb") as fh:
        from_file = sectrack.read(fh)
    from_bytes = sectrack.read(NEW.read_bytes(), name="v16.docx")
    assert from_path == from_file and from_bytes.blocks == from_path.blocks and from_bytes.parts == from_path.parts
    assert from_path.source == str(NEW) and from_file.source == str(NEW) and from_bytes.source == "v16.docx"
    assert from_path.package == NEW.read_bytes()


def test_bad_bytes_are_named_as_asked() -> None:
    with pytest.raises(sectrack.BadDocument, match=r"^upload\.docx: not a \.docx file"):
        sectrack.read(b"hello", name="upload.docx")
    with pytest.raises(sectrack.BadDocument, match="not a binary file object"):
        sectrack.read(io.StringIO("text"), name="t.docx")  # type: ignore[arg-type]


def test_a_document_without_its_package_cannot_give_a_docx_redline() -> None:
    doc = sectrack.read(NEW)
    bare = sectrack.loads(sectrack.dumps(doc))
    assert isinstance(bare, sectrack.Document) and bare.package is None
    cs = sectrack.compare(doc, bare)
    with pytest.raises(SectrackError, match=r"has no \.docx package"):
        sectrack.render(cs, "docx")
    assert sectrack.render(cs, "html")  # the other formats need no package


def test_an_unknown_format_is_a_clear_error() -> None:
    cs = sectrack.compare(sectrack.read(OLD), sectrack.read(NEW))
    with pytest.raises(sectrack.UnknownFormat, match=r"^txt: unknown format \(known: html, docx, pdf, json, md"):
        sectrack.render(cs, "txt")


def test_options_are_typed() -> None:
    cs = sectrack.compare(sectrack.read(OLD), sectrack.read(NEW))
    dated = sectrack.render(cs, "docx", sectrack.DocxOptions(author="SECAS", date="2021-12-17"))
    assert dated != sectrack.render(cs, "docx")
    short = sectrack.render(cs, "html", sectrack.HtmlOptions(context=0))
    assert len(short) < len(sectrack.render(cs, "html"))
    with pytest.raises(TypeError, match="options for html must be HtmlOptions"):
        sectrack.render(cs, "html", sectrack.DocxOptions())


@dataclasses.dataclass(frozen=True)
class CountOptions:
    """Options of the format the next test registers."""

    prefix: str = ""


def _counts(cs: sectrack.ChangeSet, options: CountOptions) -> bytes:
    return f"{options.prefix}{cs.summary.inserted} inserted".encode()


def test_a_new_format_registers_itself_and_the_command_line_writes_it(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """As the README says: ``from sectrack.render import register``."""
    from click.testing import CliRunner

    from sectrack.cli import main
    from sectrack.render import register

    registry = importlib.import_module("sectrack.render")
    monkeypatch.setattr(registry, "_FORMATS", dict(registry._FORMATS))  # the registration ends with the test
    register("counts", _counts, options=CountOptions, suffix=".counts")
    assert sectrack.formats()[-1] == "counts"
    cs = sectrack.compare(sectrack.read(OLD), sectrack.read(NEW))
    assert sectrack.render(cs, "counts", CountOptions(prefix="AM: ")) == b"AM: 6 inserted"
    out = tmp_path / "am.counts"
    result = CliRunner().invoke(main, ["redline", str(OLD), str(NEW), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == b"6 inserted"


def test_the_json_names_its_schema_and_a_newer_one_is_refused() -> None:
    data = json.loads(sectrack.dumps(sectrack.read(NEW)))
    assert (data["schema"], data["schema_version"]) == ("sectrack/document", SCHEMA_VERSION)
    data["schema_version"] = SCHEMA_VERSION + 1
    with pytest.raises(SectrackError, match="written by a newer sectrack"):
        sectrack.loads(json.dumps(data))
    with pytest.raises(SectrackError, match="not a sectrack model"):
        sectrack.loads('{"schema": "something/else", "schema_version": 1}')
    with pytest.raises(SectrackError, match="not JSON"):
        sectrack.loads("{")


def test_library_calls_never_fork_or_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    def refuse(*_args: object) -> None:
        raise AssertionError("the library must not fork or exit behind the caller")

    for name in ("fork", "_exit"):
        monkeypatch.setattr(os, name, refuse)
    cs = sectrack.compare(sectrack.read(OLD), sectrack.read(NEW))
    for fmt in FORMATS:
        sectrack.render(cs, fmt)
