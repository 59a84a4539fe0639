"""Where the .docx writer must do without a part of the old package (relationships, a picture, lists),
the output's messages say so by a stable code, and the deleted paragraph is still written, from its
text: Accept All and Reject All still give the new and the old text."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

from conftest import CORPUS

from sectrack.compare import compare
from sectrack.docx import read
from sectrack.render.docx import writer as docx_writer
from tests.render.test_docx_deleted import texts, write_case

AM = CORPUS / "documents" / "appendix-am"


def _repacked(package: bytes, changed: dict[str, bytes | None]) -> bytes:
    """The package with the named entries replaced (None: left out)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            data = changed.get(name, src.read(name))
            if data is not None:
                dst.writestr(name, data)
    return out.getvalue()


def _redline(tmp_path: Path, case: str, changed: dict[str, bytes | None]) -> tuple[list[str], Path]:
    """The message codes of the case's redline with its old package changed, and the redline's path."""
    old_path, new_path, _out = write_case(tmp_path, case)
    old = read(old_path)
    assert old.package is not None
    cs = compare(dataclasses.replace(old, package=_repacked(old.package, changed)), read(new_path))
    data = docx_writer.docx_bytes(cs)
    out = tmp_path / "redline.docx"
    out.write_bytes(data)
    assert texts(read(out, "original")) == texts(cs.old) and texts(read(out)) == texts(cs.new)
    return [m.code for m in data.messages], out


def test_a_picture_missing_from_the_old_package_is_reported(tmp_path: Path) -> None:
    codes, _out = _redline(tmp_path, "inline-picture", {"word/media/red.png": None})
    assert codes == ["docx.image-not-carried"]


def test_unreadable_old_relationships_are_reported(tmp_path: Path) -> None:
    codes, _out = _redline(tmp_path, "external-link", {"word/_rels/document.xml.rels": b"<Relationships"})
    assert codes == ["docx.old-numbering", "docx.old-relationships"]  # numbering.xml is found through them too


def test_an_intact_old_package_gives_no_message(tmp_path: Path) -> None:
    codes, _out = _redline(tmp_path, "inline-picture", {})
    assert codes == []



def test_old_list_definitions_that_are_not_xml_are_reported() -> None:
    """The old version's numbering.xml is parsed by the writer only: one that is not XML is said."""
    old, new = (read(AM / f"appendix-am-v{v}.docx") for v in ("15.0", "16.0"))
    assert old.package is not None
    damaged = dataclasses.replace(old, package=_repacked(old.package, {"word/numbering.xml": b"<w:numbering"}))
    data = docx_writer.docx_bytes(compare(damaged, new))
    assert [m.code for m in data.messages] == ["docx.old-numbering"]
    assert "not well-formed" in str(data.messages[0])
