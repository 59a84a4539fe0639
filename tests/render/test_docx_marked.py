"""The .docx redline says it is a redline: its title and a custom property name both versions, so
it is not mistaken for, or stored as, the clean new version."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from lxml import etree

from sectrack.compare import compare
from sectrack.docx import read
from sectrack.render.docx import render_docx

AM = Path(__file__).resolve().parents[2] / "corpus" / "documents" / "appendix-am"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def test_the_redline_is_titled_and_marked_as_one(tmp_path: Path) -> None:
    new = read(AM / "appendix-am-v16.0.docx")
    out = tmp_path / "r.docx"
    render_docx(compare(read(AM / "appendix-am-v15.0.docx"), new), out)
    title = docx.Document(str(out)).core_properties.title  # python-docx, an independent reader
    assert title == "Redline: SEC Appendix AM 'SMETS1 Supporting Requirements' v15.0 → v16.0"
    assert docx.Document(str(AM / "appendix-am-v16.0.docx")).core_properties.title != title
    with zipfile.ZipFile(out) as z:
        custom = etree.fromstring(z.read("docProps/custom.xml"))
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("_rels/.rels").decode()
    props = {p.get("name"): p.findtext(f"{{{VT}}}lpwstr") for p in custom.iter(f"{{{CUSTOM}}}property")}
    assert props["sectrack.redline"] == ("SEC Appendix AM 'SMETS1 Supporting Requirements': redline of version 15.0"
                                         " (Reject All) against version 16.0 (Accept All)")
    assert '/docProps/custom.xml' in types and "custom-properties" in rels
    # the reader still recognises the document and its version (the custom property is extra)
    again = read(io.BytesIO(out.read_bytes()), name="r.docx")
    assert again.version == "16.0" and again.letter == "AM"
