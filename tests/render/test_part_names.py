"""Headers and footers are named for people ("first-page footer"), by the pages their section
reference says they are for, in every output."""

from __future__ import annotations

import json
from pathlib import Path

from docxbuild import R_NS, W_NS, build_docx

from sectrack.compare import compare
from sectrack.docx import read
from sectrack.render.html import render_html
from sectrack.render.json import render_json
from sectrack.render.markdown import render_markdown


def _doc(path: Path, footer_text: str) -> Path:
    footer = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="{W_NS}">'
              f"<w:p><w:r><w:t>{footer_text}</w:t></w:r></w:p></w:ftr>")
    body = ('<w:p><w:r><w:t>Body text.</w:t></w:r></w:p>'
            f'<w:sectPr xmlns:r="{R_NS}"><w:footerReference w:type="first" r:id="rId1"/><w:titlePg/></w:sectPr>')
    return build_docx(path, body, parts_xml={"footer": footer})


def test_a_first_page_footer_is_named_so(tmp_path: Path) -> None:
    old, new = read(_doc(tmp_path / "a.docx", "Draft 1")), read(_doc(tmp_path / "b.docx", "Draft 2"))
    assert [(p.kind, p.role) for p in new.parts] == [("footer", "first")]
    cs = compare(old, new)
    assert [p.title for p in cs.parts] == ["first-page footer"]
    assert "<h3>First-page footer" in render_html(cs)
    assert "- First-page footer (word/footer1.xml) " in render_markdown(cs)
    part = json.loads(render_json(cs))["parts"][0]
    assert (part["role"], part["title"]) == ("first", "first-page footer")


def test_parts_are_matched_by_the_pages_they_are_for(tmp_path: Path) -> None:
    old = read(_doc(tmp_path / "a.docx", "Same words"))
    new = read(_doc(tmp_path / "b.docx", "Same words"))
    assert compare(old, new).same
