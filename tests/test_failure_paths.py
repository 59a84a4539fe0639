"""Failure paths: outputs that cannot be written, each zip limit, and the reader's warnings.

An output that cannot be written leaves every output file that was already there as it was, and no
temporary file, with one line and exit 2. Each zip limit is tested with the limit lowered here, so
small files reach it. The reader's warnings reach the Document's messages and stderr in the format
the README gives.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docxbuild import build_docx, para
from test_redline_safety import _pair, _run

import sectrack
from sectrack.cli import main
from sectrack.errors import BadDocument
from sectrack.ooxml import package as pkg

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# ------------------------------------------------------------------------------ outputs not written


def _unwritable(tmp_path: Path, how: str) -> Path:
    """An output path that cannot be written (root may write anywhere, so no permission tricks)."""
    if how == "folder missing":
        return tmp_path / "missing" / "out.md"
    if how == "folder is a file":
        (tmp_path / "plain.txt").write_text("a file, not a folder", encoding="utf-8")
        return tmp_path / "plain.txt" / "out.md"
    target = tmp_path / "taken.md"
    target.mkdir()  # "path is a folder"
    return target


@pytest.mark.parametrize("how", ["folder missing", "folder is a file", "path is a folder"])
def test_an_unwritable_output_leaves_existing_outputs_as_they_were(tmp_path: Path, how: str) -> None:
    old, new = (str(p) for p in _pair(tmp_path))
    out = tmp_path / "out"
    out.mkdir()
    existing = {out / "r.html": b"<p>last week's redline</p>", out / "r.json": b"{}", out / "r.docx": b"PK old"}
    for path, data in existing.items():
        path.write_bytes(data)
    bad = _unwritable(tmp_path, how)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = _run("redline", old, new, *(a for p in existing for a in ("-o", str(p))), "-o", str(bad))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and str(bad) in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"sectrack: {bad}: "), result.output
    for path, data in existing.items():
        assert path.read_bytes() == data, f"{path.name} was changed"
    assert sorted(p.name for p in tmp_path.rglob("*")) == before, "a temporary or partial file was left"


# ------------------------------------------------------------------------------------------ zip limits


def _docx(tmp_path: Path, text: str = "A short paragraph.", paragraphs: int = 1) -> Path:
    return build_docx(tmp_path / "in.docx", "".join(para(f"{text} {k}") for k in range(paragraphs)))


def _refused(path: Path, monkeypatch: pytest.MonkeyPatch, **limits: int) -> str:
    """The one-line refusal of ``sectrack show`` with the limits lowered; also what ``read`` raises."""
    for name, value in limits.items():
        monkeypatch.setattr(pkg, name, value)
    with pytest.raises(BadDocument) as raised:
        sectrack.read(path)
    result = _run("show", str(path))
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"sectrack: {path}: "), result.output
    assert raised.value.problem in lines[0]
    return lines[0]


def test_the_files_used_here_read_with_the_real_limits(tmp_path: Path) -> None:
    doc = sectrack.read(_docx(tmp_path, paragraphs=400))
    assert len(list(doc.paragraphs())) == 400


def test_part_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    line = _refused(_docx(tmp_path, paragraphs=50), monkeypatch, MAX_PART_BYTES=2000)
    assert "part word/document.xml is larger than the limit" in line


def test_total_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _docx(tmp_path, paragraphs=50)
    total = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    line = _refused(path, monkeypatch, MAX_TOTAL_BYTES=total - 1)
    assert "expands beyond the size limit" in line


def test_entry_count_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _docx(tmp_path)
    count = len(zipfile.ZipFile(path).infolist())
    line = _refused(path, monkeypatch, MAX_MEMBERS=count - 1)
    assert f"more than {count - 1} entries" in line


def test_compression_ratio_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _docx(tmp_path, text="same words again " * 20, paragraphs=200)  # compresses very well
    info = zipfile.ZipFile(path).getinfo("word/document.xml")
    ratio = info.file_size // info.compress_size
    assert ratio > 20
    line = _refused(path, monkeypatch, RATIO_FLOOR=1000, MAX_RATIO=ratio // 2)
    assert f"part word/document.xml expands more than {ratio // 2}x" in line


def _corrupt_entry(path: Path, name: str) -> None:
    """Overwrite the middle of one entry's compressed data (its local header left intact)."""
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name)
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    for k in range(start + 5, start + min(info.compress_size - 5, 40)):
        data[k] ^= 0x5A
    path.write_bytes(bytes(data))


def test_corrupt_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _docx(tmp_path, paragraphs=50)
    _corrupt_entry(path, "word/document.xml")
    line = _refused(path, monkeypatch)
    assert "corrupt or truncated zip entry word/document.xml" in line


# ------------------------------------------------------------------------------------ reader warnings


def _warned(tmp_path: Path, body: str, parts: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """The message codes of the read Document, and ``sectrack show``'s stderr lines."""
    path = build_docx(tmp_path / "w.docx", body, parts_xml=parts)
    codes = [m.code for m in sectrack.read(path).messages]
    result = CliRunner().invoke(main, ["show", str(path), "--format", "text"])
    assert result.exit_code == 0, result.output
    return codes, [line for line in result.stderr.splitlines() if line]


def test_alt_chunk_is_reported(tmp_path: Path) -> None:
    body = para("Before.") + f'<w:altChunk xmlns:r="{R_NS}" r:id="rIdChunk"/>' + para("After.")
    codes, stderr = _warned(tmp_path, body)
    assert codes == ["read.altchunk"]
    assert stderr == [f"sectrack: {tmp_path / 'w.docx'}: warning: read.altchunk: embedded alternative-format content "
                      "(w:altChunk) is not read [body]"] or (len(stderr) == 1 and "warning: read.altchunk:" in stderr[0])


@pytest.mark.parametrize("where,element", [
    ("block", '<x:thing xmlns:x="urn:example"/>'),
    ("inline", '<w:p><x:thing xmlns:x="urn:example"/><w:r><w:t>Text.</w:t></w:r></w:p>'),
    ("run", '<w:p><w:r><x:thing xmlns:x="urn:example"/><w:t>Text.</w:t></w:r></w:p>'),
])
def test_unknown_element_is_reported_and_the_text_kept(tmp_path: Path, where: str, element: str) -> None:
    codes, stderr = _warned(tmp_path, para("Kept before.") + element + para("Kept after."))
    assert codes == ["read.unknown"], where
    assert len(stderr) == 1 and ": warning: read.unknown: unknown " in stderr[0] and "thing" in stderr[0]
    texts = [p.text for p in sectrack.read(tmp_path / "w.docx").paragraphs()]
    assert "Kept before." in " ".join(texts) and "Kept after." in " ".join(texts)


def test_missing_note_is_reported(tmp_path: Path) -> None:
    footnotes = (f'<w:footnotes xmlns:w="{W_NS}"><w:footnote w:id="1"><w:p><w:r><w:t>Note one.</w:t></w:r></w:p>'
                 "</w:footnote></w:footnotes>")
    body = ('<w:p><w:r><w:t>Cites a note that is there</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>'
            '<w:r><w:t> and one that is not</w:t></w:r><w:r><w:footnoteReference w:id="7"/></w:r></w:p>')
    codes, stderr = _warned(tmp_path, body, {"footnotes": footnotes})
    assert codes == ["read.note-missing"]
    assert len(stderr) == 1 and "warning: read.note-missing: footnote 7 is cited but not found" in stderr[0]
