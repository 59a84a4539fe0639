"""Bad input: one line `sectrack: FILE: problem` on stderr, exit status 2, nothing else."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from sectrack.cli import main

GOOD = FIXTURES / "compare" / "CA" / "CA001-Plain.docx"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def run(path: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["show", str(path), "--format", "text"])
    return result.exit_code, result.stdout, result.stderr


def docx_with(tmp: Path, name: str, document_xml: bytes) -> Path:
    """A copy of a real .docx whose word/document.xml is replaced."""
    out = tmp / name
    with zipfile.ZipFile(GOOD) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = document_xml if info.filename == "word/document.xml" else src.read(info)
            dst.writestr(info.filename, data)
    return out


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"""


def make_cases(tmp: Path) -> dict[str, tuple[Path, str]]:
    cases: dict[str, tuple[Path, str]] = {}
    text = tmp / "notes.docx"
    text.write_text("just some text, not a Word file\n")
    cases["not a zip"] = (text, "not a .docx file (not a zip archive)")
    nodoc = tmp / "nodoc.docx"
    with zipfile.ZipFile(nodoc, "w") as zf:
        zf.writestr("hello.txt", "hi")
    cases["no document.xml"] = (nodoc, "no word/document.xml")
    enc = tmp / "locked.docx"
    enc.write_bytes(OLE + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600)
    cases["password"] = (enc, "password-protected")
    doc = tmp / "legacy.doc"
    doc.write_bytes(OLE + b"\0" * 2000)
    cases["legacy doc"] = (doc, "legacy Word .doc")
    trunc = tmp / "truncated.docx"
    data = GOOD.read_bytes()
    trunc.write_bytes(data[: len(data) // 2])
    cases["truncated"] = (trunc, "truncated or corrupt zip")
    bomb = tmp / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<a>" + b" " * (64 * 1024 * 1024) + b"</a>")
    cases["zip bomb"] = (bomb, "zip bomb")
    cases["billion laughs"] = (docx_with(tmp, "laughs.docx", BILLION_LAUGHS), "DOCTYPE")
    cases["external entity"] = (docx_with(tmp, "xxe.docx", EXTERNAL), "DOCTYPE")
    cases["broken xml"] = (docx_with(tmp, "broken.docx", b"<w:document><w:body>"), "not well-formed")
    cases["missing"] = (tmp / "nope.docx", "no such file")
    strict = b'<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body/></w:document>'
    cases["strict"] = (docx_with(tmp, "strict.docx", strict), "Strict Open XML")
    return cases


CASES = ["not a zip", "no document.xml", "password", "legacy doc", "truncated", "zip bomb",
         "billion laughs", "external entity", "broken xml", "missing", "strict"]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_one_line_exit_2(case: str, tmp_path: Path) -> None:
    path, expected = make_cases(tmp_path)[case]
    code, out, err = run(path)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"sectrack: {path}: ")
    assert expected in lines[0]
    assert "Traceback" not in err


def test_good_file_exit_0(tmp_path: Path) -> None:
    copy = tmp_path / "plain.docx"
    shutil.copy(GOOD, copy)
    code, out, _ = run(copy)
    assert code == 0 and out.strip()
